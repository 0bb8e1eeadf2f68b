//! One test per bug found by the hardening work (faults, kills, concurrency, fuzzing), each
//! with a comment naming what broke. A test here never goes away.

use std::process::{Command, Stdio};

use crate::common::*;

/// Two faralink processes opening a new database at once both ran migration 0001: the second
/// failed with "migration 0001_init.sql failed: table registrants already exists" (a reader
/// started next to a cron sync on a new machine). Found by tests/concurrency.rs; fixed in
/// `db::migrate` (the version is read again under the write lock). Later, with 16 KB pages, one
/// run in three failed with "database is locked": switching a new file to WAL returns
/// SQLITE_BUSY without waiting; fixed in `db::set_wal` (retried within the busy timeout).
/// (The processes were `status`; it no longer creates a database, so `watch list`, which
/// does, opens the new file here.)
#[test]
fn processes_opening_a_new_database_together_migrate_it_once() {
    for round in 0..3 {
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("f.db");
        let children: Vec<_> = (0..6)
            .map(|_| {
                Command::new(assert_cmd::cargo::cargo_bin("faralink"))
                    .env_clear()
                    .env("HOME", tmp.path())
                    .arg("--db")
                    .arg(&db)
                    .args(["watch", "list"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(integrity(&db), "ok");
    }
}

/// A JSON API row whose ISO-looking date has a non-ASCII character at byte 10
/// (`"2025-01-1²4"`) panicked the whole sync: `fara::api` sliced `s[..10]` inside a
/// character. Found by the `api_json` fuzz target; now the row is rejected with a reason.
#[test]
fn an_api_date_with_a_multibyte_character_at_byte_ten_is_rejected_not_a_panic() {
    let body = r#"{"REGISTRANTS_ACTIVE":{"ROW":[
        {"Registration_Number":7700,"Name":"Example LLC","Registration_Date":"2025-01-1²4"},
        {"Registration_Number":7701,"Name":"Fine LLC","Registration_Date":"2025-01-14"}]}}"#;
    let parsed = faralink::fara::api::parse_registrants(body.as_bytes(), "test").unwrap();
    assert_eq!(parsed.rows.len(), 1);
    assert_eq!(parsed.rows[0].registration_number, 7701);
    assert_eq!(parsed.rejects.len(), 1);
    assert!(
        parsed.rejects[0].reason.contains("not a date"),
        "{}",
        parsed.rejects[0].reason
    );
}

/// `/search?limit=abc` answered 400 with serde's words: "Failed to deserialize query string:
/// limit: invalid digit found in string". A person reads what the limit must be instead.
#[test]
fn a_search_limit_that_is_not_a_number_gets_a_sentence() {
    use std::io::{Read, Write};
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    faralink(&db)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
    let served = Served::start(&db);
    let host = served.base.trim_start_matches("http://");
    for path in ["/search?q=cls&limit=abc", "/api/search?q=cls&limit=abc"] {
        let mut s = std::net::TcpStream::connect(host).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        s.read_to_string(&mut reply).unwrap();
        assert!(reply.starts_with("HTTP/1.1 400"), "{path}: {reply}");
        assert!(
            reply.contains("must be a whole number from 1 to 200")
                && reply.contains("abc")
                && !reply.contains("deserialize"),
            "{path}: {reply}"
        );
    }
}
