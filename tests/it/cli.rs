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
    // A faralink database no sync has filled (`status` itself creates none: see
    // read_only_commands_refuse_what_is_not_a_faralink_database_and_write_nothing).
    drop(faralink::db::open(&db).unwrap());
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

// ---- Quiet, pipes, read-only paths and user errors (issue 16, items 4, 5 and 8) ----

/// The first link id `links --json --min-score 0` lists.
fn some_link_id(db: &Path) -> i64 {
    let out = faralink(db)
        .args(["links", "--json", "--min-score", "0"])
        .assert()
        .success();
    let links: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    links[0]["link_id"]
        .as_i64()
        .expect("the fixtures make links")
}

/// `faralink -q sync` printed the whole summary, so cron mailed it every day. `-q` now prints
/// nothing on success, for every command: only the data a command was asked for reaches stdout
/// (a search's hits, an export), never a summary, a note or a confirmation.
#[test]
fn quiet_prints_nothing_on_success_sync_included() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let quiet = |args: &[&str]| {
        let a = faralink(&db).arg("-q").args(args).assert().success();
        assert_eq!(stdout_of(&a), "", "-q {args:?} printed to stdout");
        assert_eq!(stderr_of(&a), "", "-q {args:?} printed to stderr");
    };
    let mirror = fixtures_mirror();
    let mirror = mirror.to_str().unwrap();
    // The first load, then the same registry again (what cron runs every day).
    quiet(&["sync", "--from", mirror]);
    quiet(&["sync", "--from", mirror]);
    quiet(&["status"]);
    quiet(&["search", "Zzyzx Qwertyuiop"]);
    quiet(&["links", "--min-score", "1.5"]);
    quiet(&["review", &some_link_id(&db).to_string(), "confirm"]);
    quiet(&["watch", "add", "--firm", "Nowhere Partners"]);
    quiet(&["watch", "remove", "--firm", "Nowhere Partners"]);
    let csv = tmp.path().join("t.csv");
    std::fs::write(
        &csv,
        "takedown_id,platform,announced_on,network_name\ntest-quiet-1,Meta,2021-03-04,Example Quiet Network\n",
    )
    .unwrap();
    quiet(&["takedowns", "import", csv.to_str().unwrap()]);
    // What was asked for still comes out.
    let a = faralink(&db)
        .args(["-q", "search", "CLS Strategies", "--json"])
        .assert()
        .success();
    assert!(stdout_of(&a).contains("CLS Strategies"));
    // A `status` warning still reaches stderr, and only stderr.
    let fresh = tmp.path().join("fresh.db");
    drop(faralink::db::open(&fresh).unwrap());
    let a = faralink(&fresh).args(["-q", "status"]).assert().success();
    assert_eq!(stdout_of(&a), "");
    assert!(
        stderr_of(&a).contains("WARNING: nothing synced yet"),
        "{}",
        stderr_of(&a)
    );
}

/// Every command that writes to stdout, with the data to write.
const PRINTERS: &[&[&str]] = &[
    &["export", "registrants"],
    // Larger than csv's and stdout's buffers together: the error comes from a row's write
    // (csv's own error type), not from the final flush (a plain io::Error).
    &["export", "takedowns"],
    &["export", "takedowns", "--format", "json"],
    &["export", "--datasette-metadata"],
    &["search", "Example Network", "--limit", "3000"],
    &["search", "CLS Strategies", "--json"],
    &["show", "6766"],
    &["show", "6766", "--json"],
    &["show", "6766", "--markdown"],
    &["links", "--min-score", "0"],
    &["links", "--min-score", "0", "--json"],
    &["takedowns", "list"],
    &["takedowns", "list", "--json"],
    &["changes"],
    &["changes", "--json"],
    &["status"],
    &["status", "--json"],
    &["sources"],
    &["watch", "list"],
];

/// The fixture registry plus 3,000 invented takedowns: outputs larger than a pipe's buffer.
fn big_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("f.db");
    faralink(&db)
        .args(["-q", "sync", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
    let mut csv = String::from(
        "takedown_id,platform,announced_on,network_name,attributed_to,origin_countries,summary\n",
    );
    for i in 0..3000 {
        csv.push_str(&format!(
            "test-big-{i},Meta,2021-03-04,Example Network {i},Example Strategies {i} LLC,Peru,An invented network made to fill a pipe: number {i} of many\n"
        ));
    }
    let file = dir.join("big.csv");
    std::fs::write(&file, csv).unwrap();
    faralink(&db)
        .arg("-q")
        .args(["takedowns", "import"])
        .arg(&file)
        .assert()
        .success();
    faralink(&db)
        .args(["-q", "watch", "add", "--firm", "CLS Strategies"])
        .assert()
        .success();
    db
}

/// `faralink export registrants | head -1` printed "error: Broken pipe" and exited 1: csv's
/// error keeps the io::Error to itself, so the broken-pipe check never saw it. A reader that
/// stops reading is not a failure: every command ends with exit 0 and says nothing. The pipe's
/// read end is closed before the command starts, so its writes fail every time.
#[test]
fn a_closed_stdout_ends_every_command_with_exit_0() {
    let tmp = tempfile::tempdir().unwrap();
    let db = big_db(tmp.path());
    for args in PRINTERS {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("faralink"))
            .env_clear()
            .env("HOME", tmp.path())
            .arg("--db")
            .arg(&db)
            .args(*args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("Broken pipe") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}

/// The same, as the issue wrote it: `| head -1` under `set -o pipefail`.
#[cfg(unix)]
#[test]
fn piped_into_head_under_pipefail_every_command_exits_0() {
    let tmp = tempfile::tempdir().unwrap();
    let db = big_db(tmp.path());
    let bin = assert_cmd::cargo::cargo_bin("faralink");
    for args in [
        "export registrants",
        "export takedowns",
        "export takedowns --format json",
        "search 'Example Network' --limit 3000",
        "search 'Example Network' --limit 3000 --json",
        "show 6766",
        "links --min-score 0",
        "takedowns list",
        "takedowns list --json",
        "changes",
        "changes --json",
        "status",
    ] {
        let script = format!(
            "set -o pipefail; '{}' --db '{}' {args} | head -1 >/dev/null",
            bin.display(),
            db.display()
        );
        let out = std::process::Command::new("bash")
            .args(["-c", &script])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args}: {stderr}");
        assert_eq!(stderr, "", "{args}");
    }
}

/// Files beside `path` that SQLite would leave: its journal, WAL and shared memory.
fn sqlite_sidecars(path: &Path) -> Vec<String> {
    ["-journal", "-wal", "-shm"]
        .iter()
        .map(|s| format!("{}{s}", path.display()))
        .filter(|p| Path::new(p).exists())
        .collect()
}

/// `search` pointed at an empty file wrote a 1 MB schema into it and answered "no matches";
/// `status` and `review` created a database (and its directory) wherever --db pointed. A
/// command that reads refuses a path with no file, an empty file or another program's SQLite
/// file, names the path, and leaves it exactly as it was.
#[test]
fn read_only_commands_refuse_what_is_not_a_faralink_database_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nowhere/f.db");
    let empty = tmp.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    // Another program's database, in WAL mode: the mode whose read-only opens leave -wal and
    // -shm files behind.
    let foreign = tmp.path().join("notes.db");
    {
        let c = rusqlite::Connection::open(&foreign).unwrap();
        c.pragma_update(None, "journal_mode", "WAL").unwrap();
        c.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
            .unwrap();
    }
    let foreign_bytes = std::fs::read(&foreign).unwrap();
    let commands: &[&[&str]] = &[
        &["search", "CLS"],
        &["show", "6766"],
        &["links"],
        &["changes"],
        &["export", "registrants"],
        &["serve", "--addr", "127.0.0.1:0"],
        &["status"],
        &["review", "1", "confirm"],
        &["takedowns", "list"],
    ];
    for args in commands {
        for (db, says) in [
            (&missing, "no database at"),
            (&empty, "empty file"),
            (&foreign, "another program's SQLite database"),
        ] {
            let a = faralink(db)
                .args(*args)
                .timeout(Duration::from_secs(20))
                .assert()
                .code(1);
            let stderr = stderr_of(&a);
            assert!(
                stderr.contains(&db.display().to_string()) && stderr.contains(says),
                "{args:?} on {}: {stderr}",
                db.display()
            );
            assert_eq!(stdout_of(&a), "", "{args:?}");
        }
        assert!(!tmp.path().join("nowhere").exists(), "{args:?} made a dir");
        assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0, "{args:?}");
        assert_eq!(std::fs::read(&foreign).unwrap(), foreign_bytes, "{args:?}");
        for f in [&empty, &foreign] {
            assert_eq!(sqlite_sidecars(f), Vec::<String>::new(), "{args:?}");
        }
    }
}

/// `links --takedown NO-SUCH` answered "no links at or above score 0.5": a typo looked like a
/// takedown nobody is linked to.
#[test]
fn links_of_a_takedown_that_does_not_exist_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    synced(&db);
    for json in [false, true] {
        let mut c = faralink(&db);
        c.args(["links", "--takedown", "NO-SUCH"]);
        if json {
            c.arg("--json");
        }
        let a = c.assert().code(1);
        assert!(
            stderr_of(&a).contains("no takedown NO-SUCH"),
            "{}",
            stderr_of(&a)
        );
        assert_eq!(stdout_of(&a), "");
    }
    // A takedown that exists but has no link above the threshold is still an empty answer.
    faralink(&db)
        .args(["-q", "sync", "--only", "takedowns", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
    let listed = faralink(&db)
        .args(["takedowns", "list", "--json"])
        .assert()
        .success();
    let all: serde_json::Value = serde_json::from_slice(&listed.get_output().stdout).unwrap();
    let id = all[0]["takedown_id"].as_str().unwrap().to_string();
    faralink(&db)
        .args(["links", "--takedown", &id, "--min-score", "1.5"])
        .assert()
        .success();
}

/// `changes --since 99999` printed "Nothing changed." and exited 0, as if run 99999 had run
/// and changed nothing.
#[test]
fn changes_since_a_run_that_does_not_exist_names_the_latest_run() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    synced(&db);
    synced(&db);
    let a = faralink(&db)
        .args(["changes", "--since", "99999"])
        .assert()
        .code(1);
    assert!(
        stderr_of(&a).contains("no sync run 99999") && stderr_of(&a).contains("latest is run 2"),
        "{}",
        stderr_of(&a)
    );
    assert_eq!(stdout_of(&a), "");
    faralink(&db)
        .args(["changes", "--since", "2"])
        .assert()
        .success();
}

/// "unable to open database file" appeared three times in one message: the library error
/// printed its source, and the chain printed the source and the source's own source (SQLite's
/// code restated). An io error's text appeared twice the same way.
#[cfg(unix)]
#[test]
fn an_error_states_each_cause_once() {
    let tmp = tempfile::tempdir().unwrap();
    // A --db that is a dangling link: SQLite cannot create the file it points to.
    let db = tmp.path().join("f.db");
    std::os::unix::fs::symlink(tmp.path().join("gone/f.db"), &db).unwrap();
    let a = faralink(&db).args(["watch", "list"]).assert().code(1);
    let stderr = stderr_of(&a);
    assert_eq!(
        stderr.to_lowercase().matches("unable to open").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains(&db.display().to_string()), "{stderr}");
    // A --db under a regular file: its directory cannot be made.
    let file = tmp.path().join("plain");
    std::fs::write(&file, b"x").unwrap();
    let a = faralink(&file.join("f.db"))
        .args(["watch", "list"])
        .assert()
        .code(1);
    let stderr = stderr_of(&a);
    assert_eq!(stderr.matches("os error").count(), 1, "{stderr}");
}

/// A firm watch that matches nothing is kept (the firm may register tomorrow), with a note
/// saying so: a typo must not look like a quiet firm.
#[test]
fn watch_add_of_a_firm_that_matches_nothing_is_accepted_with_a_note() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    synced(&db);
    let a = faralink(&db)
        .args(["watch", "add", "--firm", "Zzyzx Qwerty Partners"])
        .assert()
        .success();
    assert!(stdout_of(&a).contains("watching firm: Zzyzx Qwerty Partners"));
    assert!(
        stderr_of(&a).contains("matches \"Zzyzx Qwerty Partners\""),
        "{}",
        stderr_of(&a)
    );
    let a = faralink(&db).args(["watch", "list"]).assert().success();
    assert!(stdout_of(&a).contains("Zzyzx Qwerty Partners"));
    // A firm that is there gets no note.
    let a = faralink(&db)
        .args(["watch", "add", "--firm", "CLS Strategies"])
        .assert()
        .success();
    assert_eq!(stderr_of(&a), "");
}

/// `-q` drops a sync's summary but not its warnings: they go to stderr, one line each, as
/// `status` words them (here: one of Meta's reports answers 404).
#[test]
fn quiet_sync_still_prints_its_warnings_to_stderr() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let meta = MirrorServer::start(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/takedowns/meta_repo"),
    );
    meta.fail(
        "/indicators/meta-h1-2026-kenya-based-cib-network.md",
        &[Fault::Status(404, None)],
    );
    let a = faralink(&db)
        .env("FARALINK_META_URL", meta.base_url())
        .args(["-q", "sync", "--only", "takedowns"])
        .timeout(Duration::from_secs(120))
        .assert()
        .success();
    assert_eq!(stdout_of(&a), "");
    let stderr = stderr_of(&a);
    assert!(
        stderr.contains("kenya")
            && stderr
                .lines()
                .all(|l| l.starts_with("WARNING: takedowns:meta: ")),
        "{stderr}"
    );
}
