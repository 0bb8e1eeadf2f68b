//! `faralink serve` over HTTP: every page and JSON endpoint of the contract, their 404s and
//! bad parameters, escaping of hostile names, the review token, and reads while a sync
//! writes. The real binary serves a real database synced from `fixtures/mirror`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{Served, copy_dir, faralink, fixtures_mirror, open};

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

pub(crate) fn get(base: &str, path: &str) -> (u16, String, String) {
    rt().block_on(async {
        let r = client().get(format!("{base}{path}")).send().await.unwrap();
        let status = r.status().as_u16();
        let ctype = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        (status, ctype, r.text().await.unwrap())
    })
}

fn post_form(base: &str, path: &str, form: &[(&str, &str)]) -> (u16, Option<String>) {
    rt().block_on(async {
        let r = client()
            .post(format!("{base}{path}"))
            .form(form)
            .send()
            .await
            .unwrap();
        let loc = r
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_string());
        (r.status().as_u16(), loc)
    })
}

/// A database synced from the bundled mirror (FARA, documents, curated takedowns, links).
fn synced(dir: &Path) -> PathBuf {
    let db = dir.join("faralink.db");
    faralink(&db)
        .args(["-q", "sync", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
    db
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

fn cli_json(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = faralink(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&String::from_utf8(out.stdout).unwrap())
}

/// The token a page's review form carries.
fn token_in(page: &str) -> String {
    page.split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a review form with a token")
        .to_string()
}

#[test]
fn every_page_and_endpoint_answers_and_bad_input_is_a_4xx() {
    let dir = tempfile::tempdir().unwrap();
    let db = synced(dir.path());
    let s = Served::start(&db);

    let (st, ct, body) = get(&s.base, "/");
    assert_eq!(st, 200);
    assert!(ct.starts_with("text/html"), "{ct}");
    assert!(body.contains("not evidence of wrongdoing"), "the notice");
    assert!(body.contains("name=\"q\""));

    let (st, _, body) = get(&s.base, "/search?q=CLS+Stratgies");
    assert_eq!(st, 200);
    let first = body.find("href=\"/registrants/").expect("a firm hit");
    assert!(
        ["6766", "6523", "5774"]
            .iter()
            .any(|n| body[first..].starts_with(&format!("href=\"/registrants/{n}\""))),
        "a CLS registration first"
    );

    let (st, _, body) = get(&s.base, "/registrants/6766");
    assert_eq!(st, 200);
    assert!(body.contains("CLS Strategies"));
    assert!(body.contains("Plurinational State of Bolivia"));
    assert!(body.contains("not evidence of wrongdoing"));
    assert!(body.contains("<svg"), "the timeline");
    assert!(body.contains("$90,000"), "the Exhibit AB fee");
    assert!(
        body.contains("href=\"/takedowns/meta-2020-09-cls-strategies\""),
        "the linked Facebook takedown"
    );

    let (st, _, body) = get(&s.base, "/takedowns/meta-2020-09-cls-strategies");
    assert_eq!(st, 200);
    assert!(body.contains("CLS Strategies network"));
    assert!(body.contains("https://about.fb.com/news/2020/09/august-2020-cib-report/"));
    assert!(
        body.contains("href=\"/registrants/6766\""),
        "the linked registrant"
    );

    let (st, _, body) = get(&s.base, "/review?all=1");
    assert_eq!(st, 200);
    assert!(body.contains("Review links"));

    // The JSON endpoints return what the CLI's --json prints.
    let (st, ct, body) = get(&s.base, "/api/search?q=CLS+Stratgies");
    assert_eq!(st, 200);
    assert!(ct.starts_with("application/json"), "{ct}");
    assert_eq!(
        json(&body),
        cli_json(&db, &["search", "CLS Stratgies", "--json"])
    );
    let (st, _, body) = get(&s.base, "/api/registrants/6766");
    assert_eq!(st, 200);
    assert_eq!(json(&body), cli_json(&db, &["show", "6766", "--json"]));
    let (st, _, body) = get(&s.base, "/api/links?takedown=meta-2020-09-cls-strategies");
    assert_eq!(st, 200);
    let links = json(&body);
    assert_eq!(
        links,
        cli_json(
            &db,
            &[
                "links",
                "--takedown",
                "meta-2020-09-cls-strategies",
                "--json"
            ]
        )
    );
    assert_eq!(links[0]["registration_number"], 6766, "{links}");
    let (st, _, body) = get(&s.base, "/api/links?registrant=6766&min_score=0&all=1");
    assert_eq!(st, 200);
    assert_eq!(
        json(&body),
        cli_json(
            &db,
            &[
                "links",
                "--registrant",
                "6766",
                "--min-score",
                "0",
                "--all",
                "--json"
            ]
        )
    );
    let (st, _, body) = get(&s.base, "/api/takedowns/meta-2020-09-cls-strategies");
    assert_eq!(st, 200);
    assert_eq!(json(&body)["takedown"]["platform"], "Meta");

    // Not found, and bad parameters.
    for (path, want) in [
        ("/registrants/999999", 404),
        ("/registrants/abc", 400),
        ("/registrants/-1", 400),
        ("/takedowns/no-such-takedown", 404),
        ("/nowhere", 404),
        ("/api/registrants/999999", 404),
        ("/api/registrants/x", 400),
        ("/api/takedowns/no-such-takedown", 404),
        ("/api/links?min_score=abc", 400),
        ("/api/links?min_score=2", 400),
        ("/api/links?registrant=abc", 400),
        ("/api/search?q=x&limit=0", 400),
        ("/api/search?q=x&limit=lots", 400),
        ("/search?q=x&limit=100000", 400),
    ] {
        let (st, _, body) = get(&s.base, path);
        assert_eq!(st, want, "{path}: {body}");
        if path.starts_with("/api/") {
            assert!(json(&body)["error"].is_string(), "{path}: {body}");
        }
    }

    // Whatever is typed is safe: no 500, no SQL error.
    for q in [
        "%22",
        "OR",
        "NEAR(a+b)",
        "(",
        "*",
        "-",
        "",
        "%E2%80%9C",
        "a%22+OR+%22b",
        "%00",
    ] {
        let (st, _, body) = get(&s.base, &format!("/search?q={q}"));
        assert_eq!(st, 200, "{q}: {body}");
        let (st, _, _) = get(&s.base, &format!("/api/search?q={q}"));
        assert_eq!(st, 200, "{q}");
    }
}

/// A Registrants zip with the fixture rows plus one hostile name.
fn mirror_with_hostile_registrant(into: &Path) {
    copy_dir(&fixtures_mirror(), into);
    let zpath = into.join("bulk/zip/FARA_All_Registrants.csv.zip");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zpath).unwrap()).unwrap();
    let mut csv = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_index(0).unwrap(), &mut csv).unwrap();
    let name = archive.by_index(0).unwrap().name().to_string();
    csv.extend_from_slice(
        b"\"9999\",\"01/02/2024\",\"\",\"<script>alert(1)</script>\",\"<img src=x onerror=alert(2)>\",\"1 Main St\",\"\",\"Washington\",\"DC\",\"20001\"\r\n",
    );
    let mut z = zip::ZipWriter::new(std::fs::File::create(&zpath).unwrap());
    z.start_file(name, zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(&csv).unwrap();
    z.finish().unwrap();
}

#[test]
fn hostile_names_render_as_text_and_a_review_without_the_token_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mirror = dir.path().join("mirror");
    mirror_with_hostile_registrant(&mirror);
    let db = dir.path().join("faralink.db");
    faralink(&db)
        .args(["-q", "sync", "--from"])
        .arg(&mirror)
        .assert()
        .success();
    let s = Served::start(&db);

    let (st, _, body) = get(&s.base, "/registrants/9999");
    assert_eq!(st, 200);
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped"
    );
    assert!(!body.contains("<script>"), "no live script tag");
    assert!(!body.contains("<img src=x"), "no live img tag");
    let (st, _, body) = get(&s.base, "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert_eq!(st, 200);
    assert!(!body.contains("<script>"));
    assert!(body.contains("&lt;script&gt;"));

    // The review POST: refused without this process's token, or with another.
    let conn = open(&db);
    let link_id: i64 = conn
        .query_row(
            "SELECT link_id FROM links ORDER BY score DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .expect("the fixtures yield at least one link");
    drop(conn);
    let path = format!("/links/{link_id}/review");
    let (st, _) = post_form(&s.base, &path, &[("verdict", "confirm")]);
    assert_eq!(st, 403);
    let (st, _) = post_form(&s.base, &path, &[("verdict", "confirm"), ("token", "0000")]);
    assert_eq!(st, 403);
    let judged: i64 = open(&db)
        .query_row("SELECT count(*) FROM judgements", [], |r| r.get(0))
        .unwrap();
    assert_eq!(judged, 0, "nothing was written");

    // With the page's token it is stored, and the page shows it.
    let (_, _, page) = get(&s.base, "/review");
    let token = token_in(&page);
    let (st, _) = post_form(
        &s.base,
        &path,
        &[("verdict", "sideways"), ("token", &token)],
    );
    assert_eq!(st, 400);
    let (st, _) = post_form(
        &s.base,
        "/links/99999999/review",
        &[("verdict", "confirm"), ("token", &token)],
    );
    assert_eq!(st, 404);
    let (st, loc) = post_form(
        &s.base,
        &path,
        &[
            ("verdict", "reject"),
            ("token", &token),
            ("note", "<b>not them</b>"),
            ("back", "https://evil.example/"),
        ],
    );
    assert_eq!(st, 303);
    assert_eq!(
        loc.as_deref(),
        Some("/review"),
        "never redirected off the site"
    );
    let (verdict, note): (String, String) = open(&db)
        .query_row(
            "SELECT verdict, note FROM judgements WHERE link_id = ?1",
            [link_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (verdict.as_str(), note.as_str()),
        ("rejected", "<b>not them</b>")
    );
}

#[test]
fn pages_keep_answering_while_a_sync_writes() {
    let dir = tempfile::tempdir().unwrap();
    let db = synced(dir.path());
    let s = Served::start(&db);
    // A mirror with one more registrant: the sync really writes (registrants, full text,
    // links) while the pages are read.
    let mirror = dir.path().join("mirror");
    mirror_with_hostile_registrant(&mirror);
    // A search answered (and cached) before the sync...
    let (_, _, before) = get(&s.base, "/api/search?q=alert");
    assert!(!before.contains("9999"), "{before}");
    let (_, _, before) = get(&s.base, "/api/search?q=alret");
    assert!(!before.contains("9999"), "{before}");
    let mut sync = Command::new(assert_cmd::cargo::cargo_bin("faralink"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .arg("--db")
        .arg(&db)
        .args(["-q", "sync", "--from"])
        .arg(&mirror)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut served = 0;
    loop {
        for path in ["/search?q=cls", "/registrants/6766", "/api/links"] {
            let (st, _, body) = get(&s.base, path);
            assert_eq!(st, 200, "{path}: {body}");
            served += 1;
        }
        // The CLI's dossier reads the same database at the same time.
        let out = faralink(&db)
            .args(["show", "6766", "--json"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).to_lowercase();
        assert!(out.status.success(), "show during a sync: {err}");
        assert!(!err.contains("locked") && !err.contains("busy"), "{err}");
        if sync.try_wait().unwrap().is_some() {
            break;
        }
    }
    assert!(sync.wait().unwrap().success());
    assert!(served >= 3);
    let (st, _, _) = get(&s.base, "/registrants/9999");
    assert_eq!(
        st, 200,
        "the new registrant is served once the sync committed"
    );
    // ...and found, even misspelt: the typo corrections come from the server's vocabulary of
    // indexed words, which was read before the sync and must be read again after it.
    let (_, _, after) = get(&s.base, "/api/search?q=alert");
    assert!(after.contains("9999"), "{after}");
    let (_, _, typo) = get(&s.base, "/api/search?q=alret");
    assert!(typo.contains("9999"), "{typo}");
}
