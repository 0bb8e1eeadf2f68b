//! One test per bug found by the hardening work (faults, kills, concurrency, fuzzing), each
//! with a comment naming what broke. A test here never goes away.

mod common;

use std::process::{Command, Stdio};

use common::*;

/// Two faralink processes opening a new database at once both ran migration 0001: the second
/// failed with "migration 0001_init.sql failed: table registrants already exists" (a reader
/// started next to a cron sync on a new machine). Found by tests/concurrency.rs; fixed in
/// `db::migrate` (the version is read again under the write lock).
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
                    .arg("status")
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
