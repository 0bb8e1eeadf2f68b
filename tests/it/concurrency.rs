//! Readers while a sync writes, and two syncs at once.
//!
//! A sync runs against a deliberately slow mirror (a low request rate), and meanwhile the
//! read-only commands query the same database in a loop: none may fail, and none may report
//! "database is locked" or "busy" (WAL mode plus a busy timeout, see `db::open`). A second
//! sync started while the first runs exits 75 and names the holder; the first finishes.
//!
//! The readers are `status`, `export`, `takedowns list`, `search` (hostile syntax too), `links`
//! and `changes`; `READERS` is the one list of them (`show` needs a registrant that
//! exists before the sync, so the pages read during a sync are tested in tests/web.rs).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

/// Read-only invocations run in a loop during the sync.
const READERS: &[&[&str]] = &[
    &["status"],
    &["status", "--json"],
    &["export", "registrants"],
    &["export", "foreign_principals", "--format", "json"],
    &["export", "documents"],
    &["export", "takedowns", "--format", "json"],
    &["takedowns", "list", "--json"],
    &["search", "CLS Strategies", "--json"],
    &["search", "Stratgies \"OR NEAR(", "--json"],
    &["links", "--min-score", "0", "--json"],
    &["changes", "--json"],
];

fn sync_cmd(db: &Path, fara: &MirrorServer, meta: &MirrorServer, rate: &str) -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("faralink"));
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", db.parent().unwrap())
        .env("FARALINK_META_URL", meta.base_url())
        .arg("--db")
        .arg(db)
        .args(["--fara-url", &fara.base_url(), "--rate", rate, "sync"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn meta_server() -> MirrorServer {
    MirrorServer::start(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/takedowns/meta_repo"))
}

#[test]
fn readers_never_see_a_locked_database_while_a_sync_writes() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let fara = MirrorServer::start(&fixtures_mirror());
    let meta = meta_server();
    // The sync starts on no database at all: the readers' first runs race it while it creates
    // the file and its schema, as a cron job and an open `serve` would on a new machine. A
    // reader creates nothing: until the schema is there it may only say that there is no
    // faralink database yet (a missing or empty file), and after its first success it may not
    // fail at all. The sync runs at 6 requests a second, so it lasts a few seconds.
    let child = sync_cmd(&db, &fara, &meta, "6/1").spawn().unwrap();
    let started = Instant::now();
    let mut runs = 0;
    let mut schema_seen = false;
    let mut child = Some(child);
    let mut sync_out = None;
    // Keep reading until the sync is over (and at least one full round of readers ran).
    while child.is_some() || runs < READERS.len() {
        for args in READERS {
            let out = faralink(&db)
                .args(*args)
                .timeout(Duration::from_secs(60))
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let not_yet = stderr.contains("no database at")
                || stderr.contains("empty file")
                || stderr.contains("empty SQLite database");
            assert!(
                out.status.success() || (!schema_seen && not_yet),
                "faralink {} failed during a sync: {stderr}",
                args.join(" ")
            );
            schema_seen |= out.status.success();
            for bad in ["locked", "busy"] {
                assert!(
                    !stderr.to_lowercase().contains(bad),
                    "faralink {} said {bad}: {stderr}",
                    args.join(" ")
                );
            }
            runs += 1;
        }
        if let Some(c) = child.as_mut()
            && c.try_wait().unwrap().is_some()
        {
            sync_out = Some(child.take().unwrap().wait_with_output().unwrap());
        }
        assert!(
            started.elapsed() < Duration::from_secs(300),
            "the sync hung"
        );
    }
    let out = sync_out.unwrap();
    assert!(
        out.status.success(),
        "the sync failed with readers around: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{runs} reader runs during one sync");
    assert!(runs > READERS.len());
    assert!(schema_seen);
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn two_syncs_at_once_the_second_exits_75_and_the_first_finishes() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let fara = MirrorServer::start(&fixtures_mirror());
    let meta = meta_server();
    let first = sync_cmd(&db, &fara, &meta, "4/1").spawn().unwrap();
    // The first sync holds the lock once it has asked for anything.
    let started = Instant::now();
    while fara.seen().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(5));
    }
    let second = sync_cmd(&db, &fara, &meta, "4/1").output().unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(75), "{stderr}");
    assert!(
        stderr.contains(&format!("pid {}", first.id())) && stderr.contains("--wait"),
        "{stderr}"
    );
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(integrity(&db), "ok");
}
