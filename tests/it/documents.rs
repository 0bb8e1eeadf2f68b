//! `faralink sync --only documents` against a real HTTP server serving `fixtures/mirror`:
//! which documents are fetched, from where, how they are stored, and what is recorded when
//! they cannot be.

use std::path::Path;
use std::time::Duration;

use crate::common::*;

fn sync(db: &Path, server: &MirrorServer, extra: &[&str]) -> assert_cmd::assert::Assert {
    faralink(db)
        .args(["--fara-url", &server.base_url(), "--rate", "50/1", "sync"])
        .args(extra)
        .timeout(Duration::from_secs(120))
        .assert()
}

fn status_of(db: &Path, url_like: &str) -> (String, Option<i64>, Option<String>, Option<String>) {
    open(db)
        .query_row(
            "SELECT status, http_status, error, sha256 FROM documents WHERE url LIKE ?1",
            [url_like],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
}

#[test]
fn documents_are_fetched_once_from_the_fara_base_only_and_stored_by_hash() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let server = MirrorServer::start(&fixtures_mirror());
    sync(&db, &server, &["--only", "fara"]).success();
    server.clear_seen();
    let out = sync(&db, &server, &["--only", "documents"]).success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();

    // Fetched: stored under documents/<2 hex>/<sha256>.pdf beside the database.
    let (status, http, _, sha) = status_of(&db, "%6766-Exhibit-AB-20191211-1.pdf");
    assert_eq!((status.as_str(), http), ("fetched", Some(200)), "{stdout}");
    let sha = sha.unwrap();
    let stored = tmp
        .path()
        .join("documents")
        .join(&sha[..2])
        .join(format!("{sha}.pdf"));
    let original =
        std::fs::read(fixtures_mirror().join("docs/6766-Exhibit-AB-20191211-1.pdf")).unwrap();
    assert_eq!(std::fs::read(&stored).unwrap(), original);
    // The old www.fara.gov address is fetched as the same path under the configured base.
    assert_eq!(
        status_of(&db, "http://www.fara.gov/docs/5774-%").0,
        "fetched"
    );
    // Listed but 404 upstream: failed, with the status.
    let (status, http, error, _) = status_of(&db, "%6766-Supplemental-Statement-20200302-1.pdf");
    assert_eq!((status.as_str(), http), ("failed", Some(404)));
    assert!(error.unwrap().contains("404"));
    // Another host: never requested, recorded as skipped with the reason.
    let (status, _, error, _) = status_of(&db, "https://www.documentcloud.org/%");
    assert_eq!(status, "skipped");
    assert!(error.unwrap().contains("never fetched"));
    assert!(
        server.seen().iter().all(|s| s.path.starts_with("/docs/")),
        "{:?}",
        server.seen().iter().map(|s| &s.path).collect::<Vec<_>>()
    );
    // Types not asked for (Short-Form) and documents only at DOJ's office are left alone.
    assert_eq!(status_of(&db, "%6766-Short-Form-%").0, "listed");
    assert_eq!(
        count(
            &open(&db),
            "SELECT count(*) FROM documents WHERE url LIKE 'fara-public-office:%' AND status = 'not_online'"
        ),
        3
    );

    // A second sync downloads nothing.
    server.clear_seen();
    sync(&db, &server, &["--only", "documents"]).success();
    assert!(
        server.seen().is_empty(),
        "{:?}",
        server.seen().iter().map(|s| &s.path).collect::<Vec<_>>()
    );
}

#[test]
fn newest_first_with_a_limit_and_a_size_cap() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let server = MirrorServer::start(&fixtures_mirror());
    sync(&db, &server, &["--only", "fara"]).success();
    server.clear_seen();
    sync(
        &db,
        &server,
        &[
            "--only",
            "documents",
            "--max-documents",
            "1",
            "--types",
            "Exhibit AB",
        ],
    )
    .success();
    let paths: Vec<String> = server.seen().iter().map(|s| s.path.clone()).collect();
    // 7700's Exhibit AB (2025, from the API) is the newest; it is not in the mirror: failed.
    assert_eq!(paths, vec!["/docs/7700-Exhibit-AB-20250420-1.pdf"]);
    assert_eq!(status_of(&db, "%7700-Exhibit-AB-%").0, "failed");

    sync(
        &db,
        &server,
        &[
            "--only",
            "documents",
            "--registrant",
            "6766",
            "--max-bytes",
            "100",
        ],
    )
    .success();
    let (status, _, error, _) = status_of(&db, "%6766-Exhibit-AB-20191211-1.pdf");
    assert_eq!(status, "skipped");
    assert!(error.unwrap().contains("cap"));
    // Only 6766's documents were considered.
    assert_eq!(status_of(&db, "%6523-Exhibit-AB-%").0, "listed");
}

#[test]
fn offline_documents_come_from_the_mirror_and_missing_ones_wait() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let out = faralink(&db)
        .args(["sync", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("not in the --from directory"), "{stdout}");
    assert_eq!(
        status_of(&db, "%6766-Exhibit-AB-20191211-1.pdf").0,
        "fetched"
    );
    // The three eras of filings: a modern text layer, an older filing behind a
    // system-generated metadata cover page (its pages separated by a form feed), and scans
    // (see tests/document_text.rs).
    let text: String = open(&db)
        .query_row(
            "SELECT text FROM documents WHERE url LIKE '%5774-Exhibit-AB-20131224-2.pdf'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let pages: Vec<&str> = text.split('\u{c}').collect();
    // Each page ends with a form feed, as pdftotext writes it.
    assert_eq!(pages.len(), 3, "{text:?}");
    assert_eq!(pages[2], "");
    assert!(
        pages[0].contains("Document Type: Exhibit AB")
            && pages[1].contains("Consejo de Promocion Turistico de Mexico")
    );
    // The agreement's terms, each with the text it came from, and the client linked to its
    // foreign_principals row: CLS Strategies for Bolivia, three months, $90,000.
    let conn = open(&db);
    let (fee, currency, period, months, evidence, fp_name): (
        f64,
        String,
        String,
        f64,
        String,
        String,
    ) = conn
        .query_row(
            "SELECT a.fee_amount, a.fee_currency, a.fee_period, a.term_months, a.evidence, f.name
             FROM agreements a JOIN foreign_principals f ON f.id = a.foreign_principal_id
             WHERE a.document_url LIKE '%6766-Exhibit-AB-20191211-1.pdf'",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        (fee, currency.as_str(), period.as_str(), months),
        (90000.0, "USD", "total", 3.0)
    );
    assert_eq!(fp_name, "Plurinational State of Bolivia");
    let evidence: serde_json::Value = serde_json::from_str(&evidence).unwrap();
    assert!(
        evidence["fee"]["snippet"]
            .as_str()
            .unwrap()
            .contains("$90,000"),
        "{evidence}"
    );
    assert!(
        evidence["term"]["snippet"]
            .as_str()
            .unwrap()
            .contains("three months"),
        "{evidence}"
    );
    // Read once: a second sync reads no fields again.
    let out = faralink(&db)
        .args(["sync", "--only", "documents", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
    assert!(
        String::from_utf8_lossy(&out.get_output().stdout).contains("fields read from 0 documents")
    );
    assert_eq!(
        count(
            &open(&db),
            "SELECT count(*) FROM agreements WHERE document_url LIKE '%6766-Exhibit-AB-20191211-1.pdf'"
        ),
        1
    );
    // Not in the mirror: still listed, for a later sync from the network.
    assert_eq!(
        status_of(&db, "%6766-Supplemental-Statement-20200302-1.pdf").0,
        "listed"
    );
}
