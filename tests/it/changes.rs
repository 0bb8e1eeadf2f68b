//! The changes record and its digest, end to end: the real binary syncing the fixture mirror
//! before and after (fixtures/mirror, then fixtures/mirror-after laid over it; both made by
//! scripts/make-fixtures.py), watchlists, `sync --digest`, `changes`, a sync stopped by
//! SIGTERM, `sync --every`, and DOJ's real 2023 and 2025 registrant files.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// fixtures/mirror with fixtures/mirror-after copied over it.
fn after_mirror(into: &Path) -> PathBuf {
    let dir = into.join("after");
    std::fs::create_dir_all(&dir).unwrap();
    copy_dir(&fixtures_mirror(), &dir);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/mirror-after"),
        &dir,
    );
    dir
}

fn sync(db: &Path, mirror: &Path, extra: &[&str]) {
    faralink(db)
        .args(["-q", "sync", "--from"])
        .arg(mirror)
        .args(extra)
        .assert()
        .success();
}

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// (table, change, key) of each digest entry, in digest order.
fn entries(digest: &serde_json::Value) -> Vec<(String, String, String)> {
    digest["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["table"].as_str().unwrap().to_string(),
                e["change"].as_str().unwrap().to_string(),
                e["key"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn fp_id(db: &Path, name: &str) -> String {
    let conn = open(db);
    conn.query_row(
        "SELECT id FROM foreign_principals WHERE name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )
    .unwrap()
    .to_string()
}

fn owned(v: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    v.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

const E: &str = "https://efile.fara.gov/docs/";

#[test]
fn before_and_after_mirrors_give_exactly_the_expected_digest() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let after = after_mirror(tmp.path());
    let first = tmp.path().join("first.json");
    sync(
        &db,
        &fixtures_mirror(),
        &["--digest", first.to_str().unwrap()],
    );
    // The first sync lists DOJ's history as counts, and what the API added on top one by one.
    let d = read_json(&first);
    assert_eq!(d["runs"], serde_json::json!([1]));
    assert_eq!(d["counts"]["registrants"]["loaded"], 14);
    // Every row of the curated dataset built into faralink is loaded (counted from the file, so
    // adding sourced rows does not break this test).
    let curated =
        csv::Reader::from_path(concat!(env!("CARGO_MANIFEST_DIR"), "/data/takedowns.csv"))
            .unwrap()
            .records()
            .count();
    assert_eq!(d["counts"]["takedowns"]["loaded"], curated);
    assert!(
        entries(&d).contains(&("registrants".into(), "added".into(), "7700".into())),
        "{d:#}"
    );

    let digest = tmp.path().join("after.json");
    sync(&db, &after, &["--digest", digest.to_str().unwrap()]);
    let d = read_json(&digest);
    assert_eq!(d["runs"], serde_json::json!([2]));
    let peru = fp_id(&db, "Example Tourism Promotion Board of Peru");
    let trade = fp_id(&db, "Example Trade Office");
    let expected = [
        ("registrants", "added", "7601"),
        ("registrants", "terminated", "7563"),
        ("registrants", "changed", "6801"),
        ("registrants", "removed", "6473"),
        ("foreign_principals", "added", peru.as_str()),
        ("foreign_principals", "terminated", trade.as_str()),
        (
            "documents",
            "added",
            &format!("{E}6766-Amendment-20250328-1.pdf"),
        ),
        (
            "documents",
            "added",
            &format!("{E}7601-Exhibit-AB-20250402-1.pdf"),
        ),
        (
            "documents",
            "added",
            &format!("{E}7601-Registration-Statement-20250402-1.pdf"),
        ),
        (
            "agreements",
            "added",
            &format!("{E}7601-Exhibit-AB-20250402-1.pdf"),
        ),
    ];
    assert_eq!(entries(&d), owned(&expected), "{d:#}");
    // The agreement carries its fee and term; the change says what changed.
    let agreement = &d["entries"][9];
    assert_eq!(agreement["detail"]["fee_amount"], 25000.0);
    assert_eq!(agreement["detail"]["fee_period"], "month");
    assert_eq!(agreement["detail"]["term_months"], 6.0);
    assert_eq!(
        d["entries"][2]["detail"]["changed"],
        serde_json::json!({"address_2": [null, "Suite 300"]})
    );
    // `faralink changes` shows the same digest later, as JSON and as Markdown.
    let out = faralink(&db).args(["changes", "--json"]).assert().success();
    let again: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(again, d);
    let md = faralink(&db).args(["changes"]).assert().success();
    let md = String::from_utf8_lossy(&md.get_output().stdout).to_string();
    let expected_md = "\
# faralink: what changed in sync run 2

## New registrants

- Example Late Filer Group LLC (7601), registered 2025-04-02

## Terminated registrants

- Bosnian-Example Alliance Inc. (7563), terminated 2025-06-30

## Changed registrants

- Certus Example Insights, LLC (6801): address_2 none → \"Suite 300\"

## Registrants removed upstream

- SCL Social Limited (6473)

## New foreign principals

- Example Tourism Promotion Board of Peru (PERU, PE), principal of Example Late Filer Group LLC (7601), from 2025-04-02

## Terminated foreign principals

- Example Trade Office (UNITED KINGDOM, GB), principal of Harborlight LLC d/b/a Harborlight Partners (7435), terminated 2025-05-30

## New documents

- Amendment by CLS Strategies (6766) stamped 2025-03-28: https://efile.fara.gov/docs/6766-Amendment-20250328-1.pdf
- Exhibit AB for Example Tourism Promotion Board of Peru by Example Late Filer Group LLC (7601) stamped 2025-04-02: https://efile.fara.gov/docs/7601-Exhibit-AB-20250402-1.pdf
- Registration Statement by Example Late Filer Group LLC (7601) stamped 2025-04-02: https://efile.fara.gov/docs/7601-Registration-Statement-20250402-1.pdf

## New agreements

- Example Late Filer Group LLC (7601) with Example Tourism Promotion Board of Peru: fee USD 25,000 per month, term 6 months (https://efile.fara.gov/docs/7601-Exhibit-AB-20250402-1.pdf)
";
    assert_eq!(md, expected_md);
    // --since covers both runs, oldest first.
    let out = faralink(&db)
        .args(["changes", "--since", "1", "--json"])
        .assert()
        .success();
    let both: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(both["runs"], serde_json::json!([1, 2]));
}

#[test]
fn a_watched_firms_new_filing_is_listed_first() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    sync(&db, &fixtures_mirror(), &[]);
    // Case, punctuation and the legal form do not matter.
    faralink(&db)
        .args(["watch", "add", "cls  strategies, LLC"])
        .assert()
        .success()
        .stdout("watching firm: cls  strategies, LLC\n");
    faralink(&db)
        .args(["watch", "add", "Bolivia"])
        .assert()
        .success()
        .stdout("watching country: BO\n");
    let out = faralink(&db)
        .args(["watch", "list", "--json"])
        .assert()
        .success();
    let list: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        list,
        serde_json::json!([{"kind": "firm", "value": "cls  strategies, LLC"}, {"kind": "country", "value": "BO"}])
    );
    faralink(&db)
        .args(["watch", "remove", "--country", "bolivia"])
        .assert()
        .success();
    faralink(&db)
        .args(["watch", "remove", "Atlantis Group"])
        .assert()
        .code(1);

    let after = after_mirror(tmp.path());
    let md = tmp.path().join("digest.md");
    sync(&db, &after, &["--digest", md.to_str().unwrap()]);
    let md = std::fs::read_to_string(&md).unwrap();
    assert!(
        md.starts_with(
            "# faralink: what changed in sync run 2\n\n## Watched\n\n- Amendment by CLS Strategies (6766) stamped 2025-03-28: https://efile.fara.gov/docs/6766-Amendment-20250328-1.pdf (firm: cls  strategies, LLC)\n\n## New registrants\n"
        ),
        "{md}"
    );
    // Listed once: not again under New documents.
    assert_eq!(
        md.matches("6766-Amendment-20250328-1.pdf").count(),
        1,
        "{md}"
    );
    let out = faralink(&db).args(["changes", "--json"]).assert().success();
    let d: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        d["entries"][0]["watched"],
        serde_json::json!(["firm: cls  strategies, LLC"])
    );
    assert_eq!(d["entries"][1]["watched"], serde_json::json!([]));
}

#[test]
fn the_same_sync_twice_gives_an_empty_digest() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let after = after_mirror(tmp.path());
    sync(&db, &fixtures_mirror(), &[]);
    sync(&db, &after, &[]);
    let json = tmp.path().join("d.json");
    let md = tmp.path().join("d.md");
    sync(&db, &after, &["--digest", json.to_str().unwrap()]);
    let d = read_json(&json);
    assert_eq!(
        d,
        serde_json::json!({"runs": [3], "empty": true, "counts": {}, "entries": []})
    );
    sync(&db, &after, &["--digest", md.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(&md).unwrap(),
        "# faralink: what changed in sync run 4\n\nNothing changed.\n"
    );
}

/// DOJ publishes some filings days late with earlier dates; the API's trailing window and the
/// bulk file then both carry them. Each is reported by exactly one run.
#[test]
fn a_late_filing_is_reported_exactly_once() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let after = after_mirror(tmp.path());
    // Run 1: 7700 comes from the API's New window only; runs 2 and 3: the bulk file lists it
    // too (registration date 2025-04-20), and the window still returns it. 7601 and the CLS
    // amendment appear in run 2 with dates before run 1's newest.
    sync(&db, &fixtures_mirror(), &[]);
    sync(&db, &after, &[]);
    sync(&db, &after, &[]);
    let conn = open(&db);
    let added = |table: &str, key: &str| {
        conn.query_row(
            "SELECT group_concat(run_id) FROM changes WHERE table_name = ?1 AND row_key = ?2 AND change = 'added'",
            [table, key],
            |r| r.get::<_, Option<String>>(0),
        )
        .unwrap()
    };
    assert_eq!(added("registrants", "7700").as_deref(), Some("1"));
    assert_eq!(added("registrants", "7601").as_deref(), Some("2"));
    assert_eq!(
        added("documents", &format!("{E}6766-Amendment-20250328-1.pdf")).as_deref(),
        Some("2")
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM changes WHERE row_key = '7700' AND run_id > 1"
        ),
        0
    );
    assert_eq!(
        count(&conn, "SELECT count(*) FROM changes WHERE run_id = 3"),
        0
    );
}

/// Larkspur Meridian Advisors LLC (invented): two principal rows of one Ruritanian ministry,
/// spelt two ways, each linked by the matcher to one invented takedown.
const LARKSPUR: &str = "\"9902\",\"02/01/2019\",\"\",\"Larkspur Meridian Advisors LLC\",\"\",\"2 Invented Way\",\"\",\"Washington\",\"DC\",\"20001\"\n";
const LARKSPUR_PRINCIPALS: &str = concat!(
    "\"\",\"Ministry of Tourism of Ruritania\",\"02/01/2019\",\"RURITANIA\",\"9902\",\"02/01/2019\",\"Larkspur Meridian Advisors LLC\",\"\",\"\",\"\",\"\",\"\"\n",
    "\"\",\"The Ministry of Tourism of Ruritania\",\"03/01/2019\",\"RURITANIA\",\"9902\",\"02/01/2019\",\"Larkspur Meridian Advisors LLC\",\"\",\"\",\"\",\"\",\"\"\n",
);
const RURITANIA_TAKEDOWN: &str = "takedown_id,platform,announced_on,network_name,attributed_to,target_countries,source_url
synthetic-ruritania-tourism,Meta,2020-05-01,Ruritanian tourism network,Ministry of Tourism of Ruritania,,https://example.org/ruritania
";

/// What broke: the first-sync digest listed one line per link row, so a registration linked
/// to one takedown through two of its principal rows appeared twice for that takedown (on
/// the real 2025 registry, FGS Global, 5666, and American Defense International, 6567, each
/// twice for twitter-2019-09-uae-qatar-yemen), and `counts` counted the rows. The dossier,
/// the web page and `review` list one row per registration and takedown; so does the digest.
#[test]
fn a_registration_linked_to_one_takedown_through_two_principals_is_one_digest_line() {
    let tmp = tempfile::tempdir().unwrap();
    let mirror = mirror_with_rows(
        tmp.path(),
        "FARA_All_ForeignPrincipals.csv",
        LARKSPUR_PRINCIPALS,
    );
    let mut registrants = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bulk/FARA_All_Registrants.csv"),
    )
    .unwrap();
    if !registrants.ends_with(b"\n") {
        registrants.push(b'\n');
    }
    registrants.extend_from_slice(LARKSPUR.as_bytes());
    std::fs::write(
        mirror.join("bulk/zip/FARA_All_Registrants.csv.zip"),
        zip_one("FARA_All_Registrants.csv", &registrants),
    )
    .unwrap();
    let db = tmp.path().join("f.db");
    // The takedown is in the database before the first sync, so the first match links it.
    let csv = tmp.path().join("synthetic.csv");
    std::fs::write(&csv, RURITANIA_TAKEDOWN).unwrap();
    faralink(&db)
        .args(["-q", "takedowns", "import"])
        .arg(&csv)
        .assert()
        .success();
    let json = tmp.path().join("first.json");
    sync(&db, &mirror, &["--digest", json.to_str().unwrap()]);
    // Two link rows, one per principal row: the case this test is about.
    let conn = open(&db);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM links WHERE registration_number = 9902
               AND takedown_id = 'synthetic-ruritania-tourism' AND score >= 0.5"
        ),
        2
    );
    let d = read_json(&json);
    let ours: Vec<&serde_json::Value> = d["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["table"] == "links" && e["registration_number"] == 9902)
        .collect();
    assert_eq!(ours.len(), 1, "{d:#}");
    let e = ours[0];
    assert_eq!(e["change"], "added");
    assert_eq!(e["name"], "synthetic-ruritania-tourism");
    let principals = e["foreign_principals"].as_array().unwrap();
    for p in [
        "Ministry of Tourism of Ruritania",
        "The Ministry of Tourism of Ruritania",
    ] {
        assert!(principals.contains(&serde_json::json!(p)), "{e:#}");
    }
    let links = e["links"].as_array().unwrap();
    assert_eq!(links.len(), 2, "{e:#}");
    // The lead is the best-scored link, as in the dossier.
    let best = links
        .iter()
        .map(|l| l["score"].as_f64().unwrap())
        .fold(0.0, f64::max);
    assert_eq!(e["detail"]["score"].as_f64().unwrap(), best);
    assert_eq!(links[0]["link_id"], e["detail"]["link_id"]);
    // Counts count listed leads: one per registration and takedown, as many as the entries.
    let listed = d["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["table"] == "links" && e["change"] == "added")
        .count();
    assert_eq!(d["counts"]["links"]["added"], listed);
    // The Markdown names the firm once for that takedown, with both principals.
    let md = faralink(&db).args(["changes"]).assert().success();
    let md = stdout_of(&md);
    let lines: Vec<&str> = md
        .lines()
        .filter(|l| l.contains("(9902)") && l.contains("synthetic-ruritania-tourism"))
        .collect();
    assert_eq!(lines.len(), 1, "{md}");
    assert!(
        lines[0].contains(
            "through its principals Ministry of Tourism of Ruritania and The Ministry of Tourism of Ruritania"
        ) || lines[0].contains(
            "through its principals The Ministry of Tourism of Ruritania and Ministry of Tourism of Ruritania"
        ),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "which make {listed} leads, one per registration and takedown (listed below)"
        )),
        "{md}"
    );
}

fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let t = Instant::now();
    while !cond() {
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn sync_runs_has(db: &Path, source: &str) -> bool {
    if !db.exists() {
        return false;
    }
    let Ok(conn) =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return false;
    };
    conn.query_row(
        "SELECT count(*) FROM sync_runs WHERE source = ?1",
        [source],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n > 0)
    .unwrap_or(false)
}

fn terminate(child: &std::process::Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn binary(db: &Path) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("faralink"));
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", db.parent().unwrap())
        .arg("--db")
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

#[test]
fn sigterm_in_the_middle_of_a_sync_leaves_the_database_consistent() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let server = MirrorServer::start(&fixtures_mirror());
    // The documents list answers slowly: the sync is stopped while waiting for it.
    server.fail(
        "/bulk/zip/FARA_All_RegistrantDocs.csv.zip",
        &[Fault::Delay(Duration::from_secs(120))],
    );
    let child = binary(&db)
        .args([
            "-q",
            "--fara-url",
            &server.base_url(),
            "sync",
            "--only",
            "fara",
        ])
        .spawn()
        .unwrap();
    wait_for("the short forms to be stored", || {
        sync_runs_has(&db, "fara:short_forms")
    });
    terminate(&child);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(143), "{stderr}");
    assert!(stderr.contains("stopped by SIGTERM"), "{stderr}");
    {
        let conn = open(&db);
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
        // What finished is kept; the documents list was never half loaded.
        assert_eq!(count(&conn, "SELECT count(*) FROM registrants"), 14);
        assert_eq!(count(&conn, "SELECT count(*) FROM documents"), 0);
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM sync_runs WHERE source = 'fara:registrant_docs'"
            ),
            0
        );
    }
    // The next run does the rest, and ends where one uninterrupted sync ends.
    faralink(&db)
        .args([
            "-q",
            "--fara-url",
            &server.base_url(),
            "sync",
            "--only",
            "fara",
        ])
        .assert()
        .success();
    let clean = tmp.path().join("clean.db");
    faralink(&clean)
        .args([
            "-q",
            "--fara-url",
            &server.base_url(),
            "sync",
            "--only",
            "fara",
        ])
        .assert()
        .success();
    assert_eq!(fara_state(&open(&db)), fara_state(&open(&clean)));
    let conn = open(&db);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM changes WHERE table_name = 'documents' AND change = 'loaded'"
        ),
        1
    );
}

#[test]
fn sync_every_runs_at_once_and_stops_cleanly_on_sigterm() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let digest = tmp.path().join("latest.md");
    let child = binary(&db)
        .args(["sync", "--every", "6h", "--from"])
        .arg(fixtures_mirror())
        .arg("--digest")
        .arg(&digest)
        .spawn()
        .unwrap();
    wait_for("the first run's digest", || digest.exists());
    // While the service sleeps, a manual sync is not locked out (--wait: the service may
    // still be printing its summary under the lock).
    faralink(&db)
        .args(["-q", "sync", "--wait", "--only", "fara", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
    terminate(&child);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("next sync at"), "{stderr}");
    assert!(
        stderr.contains("stopped by SIGTERM between syncs"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("sync run 1\n"), "{stdout}");
    assert!(
        std::fs::read_to_string(&digest)
            .unwrap()
            .starts_with("# faralink: what changed in sync run 1\n")
    );
    let conn = open(&db);
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn bad_intervals_are_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    faralink(&db)
        .args(["sync", "--every", "6 weeks"])
        .assert()
        .code(2);
}

/// Registration number → termination date, as the file states it. A number listed twice
/// (5769) counts as active if any of its rows is, else terminated on its latest date.
fn registrations(snapshot: &Path) -> std::collections::BTreeMap<i64, Option<String>> {
    let bytes = std::fs::read(snapshot.join("FARA_All_Registrants.csv")).unwrap();
    let (text, _) = faralink::fara::bulk::decode(&bytes);
    let file = faralink::fara::bulk::parse_registrants(&text).unwrap();
    let mut out: std::collections::BTreeMap<i64, Option<String>> = Default::default();
    for r in file.rows {
        let r = r.value;
        out.entry(r.registration_number)
            .and_modify(|t| {
                *t = match (t.take(), r.termination_date.clone()) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                }
            })
            .or_insert(r.termination_date);
    }
    out
}

#[test]
fn on_the_real_2023_and_2025_files_the_digest_lists_new_registrants_and_terminations() {
    let (Some(old), Some(new)) = (real_bulk("2023-08-03"), real_bulk("2025-04-11")) else {
        return;
    };
    let before = registrations(&old);
    let after = registrations(&new);
    let expected_new: Vec<String> = after
        .keys()
        .filter(|k| !before.contains_key(k))
        .map(|k| k.to_string())
        .collect();
    let expected_terminated: Vec<String> = after
        .iter()
        .filter(|(k, t)| t.is_some() && matches!(before.get(k), Some(None)))
        .map(|(k, _)| k.to_string())
        .collect();
    let expected_removed: Vec<String> = before
        .keys()
        .filter(|k| !after.contains_key(k))
        .map(|k| k.to_string())
        .collect();
    assert!(expected_new.contains(&"7565".to_string()));
    assert!(expected_new.len() > 100 && expected_terminated.len() > 100);

    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let m_old = mirror_of(&old, &tmp.path().join("old"));
    let m_new = mirror_of(&new, &tmp.path().join("new"));
    faralink(&db)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(&m_old)
        .assert()
        .success();
    let json = tmp.path().join("d.json");
    faralink(&db)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(&m_new)
        .arg("--digest")
        .arg(&json)
        .assert()
        .success();
    let d = read_json(&json);
    let keys = |change: &str| {
        let mut k: Vec<String> = entries(&d)
            .into_iter()
            .filter(|(t, c, _)| t == "registrants" && c == change)
            .map(|(_, _, k)| k)
            .collect();
        k.sort_by_key(|k| k.parse::<i64>().unwrap());
        k
    };
    assert_eq!(keys("added"), expected_new);
    assert_eq!(keys("terminated"), expected_terminated);
    assert_eq!(keys("removed"), expected_removed);
    eprintln!(
        "2023-08-03 → 2025-04-11: {} new registrants, {} terminated, {} removed, {} principals added, {} principals terminated",
        expected_new.len(),
        expected_terminated.len(),
        expected_removed.len(),
        d["counts"]["foreign_principals"]["added"],
        d["counts"]["foreign_principals"]["terminated"]
    );
    // The Markdown digest names the firm the issue asks about.
    faralink(&db)
        .args(["changes"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Earhart Turner LLC (7565), registered",
        ));
}
