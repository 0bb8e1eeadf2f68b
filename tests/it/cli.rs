//! The commands around sync: status, export, sources, the lock's --wait, and rows that
//! disappear upstream.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use crate::common::*;

fn synced(db: &Path) {
    faralink(db)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
}

#[test]
fn status_json_reports_counts_sources_and_rejects() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    synced(&db);
    let out = faralink(&db).args(["status", "--json"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout)
        .expect("status --json is one JSON document");
    assert_eq!(v["tables"]["registrants"], 15);
    assert_eq!(v["rejects"]["fara:registrants"], 2);
    let sources: Vec<&str> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["source"].as_str().unwrap())
        .collect();
    assert!(sources.contains(&"fara:foreign_principals"), "{sources:?}");
    assert!(
        v["warnings"].as_array().unwrap().is_empty(),
        "{}",
        v["warnings"]
    );
}

#[test]
fn status_on_an_empty_database_says_nothing_was_synced() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let out = faralink(&db).args(["status"]).assert().success();
    assert!(
        String::from_utf8_lossy(&out.get_output().stdout).contains("WARNING: nothing synced yet")
    );
}

#[test]
fn export_csv_json_columns_and_bad_names() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    synced(&db);
    let out = faralink(&db)
        .args([
            "export",
            "registrants",
            "--columns",
            "registration_number,name",
        ])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.starts_with("registration_number,name\n"), "{text}");
    assert!(text.contains("\n6766,CLS Strategies\n"), "{text}");
    let out = faralink(&db)
        .args(["export", "foreign_principals", "--format", "json"])
        .assert()
        .success();
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert!(
        rows.iter()
            .any(|r| r["country_code"] == "BO" && r["registration_number"] == 6766)
    );
    // Names that are not tables or columns never reach SQL: bad usage, exit 2.
    faralink(&db)
        .args(["export", "registrants; DROP TABLE registrants"])
        .assert()
        .code(2);
    faralink(&db)
        .args([
            "export",
            "registrants",
            "--columns",
            "name,1); DROP TABLE x",
        ])
        .assert()
        .code(2);
}

#[test]
fn export_into_a_closed_pipe_is_not_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    synced(&db);
    let bin = assert_cmd::cargo::cargo_bin("faralink");
    let mut child = std::process::Command::new(bin)
        .args(["--db"])
        .arg(&db)
        .args(["export", "name_parts"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // `| head -0`
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() || out.status.code() == Some(0),
        "{:?}",
        out
    );
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sources_lists_fara_with_its_env_var_and_override() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let out = faralink(&db)
        .args([
            "--fara-url",
            "http://127.0.0.1:9/mirror",
            "sources",
            "--json",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let fara = v
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "fara")
        .unwrap();
    assert_eq!(fara["env"], "FARALINK_FARA_URL");
    assert_eq!(fara["base_url"], "http://127.0.0.1:9/mirror");
}

#[test]
fn sync_with_wait_waits_for_the_running_sync() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let held = faralink::lock::SyncLock::acquire(&db, false).unwrap();
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(800));
        drop(held);
    });
    let t0 = std::time::Instant::now();
    faralink(&db)
        .args(["-q", "sync", "--only", "fara", "--wait", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
    assert!(
        t0.elapsed() >= Duration::from_millis(700),
        "did not wait: {:?}",
        t0.elapsed()
    );
    release.join().unwrap();
}

/// Rewrites the registrants zip of a mirror copy with one CSV body.
fn write_registrants_zip(mirror: &Path, csv: &[u8]) {
    let f = std::fs::File::create(mirror.join("bulk/zip/FARA_All_Registrants.csv.zip")).unwrap();
    let mut z = zip::ZipWriter::new(f);
    z.start_file(
        "FARA_All_Registrants.csv",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    z.write_all(csv).unwrap();
    z.finish().unwrap();
}

#[test]
fn rows_gone_upstream_are_marked_not_deleted_and_changes_are_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let mirror = tmp.path().join("mirror");
    std::fs::create_dir_all(&mirror).unwrap();
    copy_dir(&fixtures_mirror(), &mirror);
    faralink(&db)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(&mirror)
        .assert()
        .success();

    // Upstream drops 6523 and terminates 7435.
    let csv = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bulk/FARA_All_Registrants.csv"),
    )
    .unwrap();
    let text = encoding_rs::WINDOWS_1252.decode(&csv).0.into_owned();
    let edited: String = text
        .split_inclusive("\r\n")
        .filter(|l| !l.starts_with("\"6523\""))
        .map(|l| {
            if l.starts_with("\"7435\"") {
                l.replacen("\"03/01/2024\",\"\"", "\"03/01/2024\",\"06/30/2025\"", 1)
            } else {
                l.to_string()
            }
        })
        .collect();
    write_registrants_zip(&mirror, &encoding_rs::WINDOWS_1252.encode(&edited).0);
    let out = faralink(&db)
        .args(["sync", "--only", "fara", "--from"])
        .arg(&mirror)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        stdout.contains("0 new, 1 updated") && stdout.contains("1 removed upstream"),
        "{stdout}"
    );

    let conn = open(&db);
    let (removed, first_seen): (Option<String>, String) = conn
        .query_row(
            "SELECT removed_at, first_seen_at FROM registrants WHERE registration_number = 6523",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(removed.is_some(), "6523 should be marked removed");
    assert!(!first_seen.is_empty());
    assert_eq!(
        conn.query_row(
            "SELECT termination_date FROM registrants WHERE registration_number = 7435",
            [],
            |r| r.get::<_, String>(0)
        )
        .unwrap(),
        "2025-06-30"
    );
    // Back upstream: the row returns, same first_seen_at.
    write_registrants_zip(&mirror, &csv);
    faralink(&db)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(&mirror)
        .assert()
        .success();
    let conn = open(&db);
    let (removed2, first_seen2): (Option<String>, String) = conn
        .query_row(
            "SELECT removed_at, first_seen_at FROM registrants WHERE registration_number = 6523",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(removed2, None);
    assert_eq!(first_seen2, first_seen);
}
