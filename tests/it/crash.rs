//! Crash safety: `faralink sync` killed with SIGKILL at random points in every stage (the
//! bulk files, the API, the documents, the takedown sources), over and over.
//!
//! After every kill the database passes `PRAGMA integrity_check`; after each round of kills a
//! sync runs to the end, succeeds, and leaves exactly the rows an uninterrupted sync leaves
//! (`common::contract_state`: every user-visible table, minus timestamps and run ids).
//!
//! Where a kill lands: the test watches the mirror servers' request logs, waits for the first
//! request of the stage it aims at (`/bulk/`, `/api/`, `/docs/`, then Meta's repository),
//! then waits a random 0–8 ms (bulk), 0–20 ms (API) or 0–40 ms more before the SIGKILL, so kills fall in fetching, parsing,
//! inside the stage's transactions and in the text extraction that follows. A kill with no
//! stage aimed at lands at a random time after start (opening the database, migrations).
//! `FARALINK_KILLS` sets the number of kills (default 52), `FARALINK_KILL_SEED` the seed.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;
use rand::{Rng, SeedableRng};

struct Servers {
    fara: MirrorServer,
    meta: MirrorServer,
}

fn spawn_sync(db: &Path, s: &Servers) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("faralink"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", db.parent().unwrap())
        .env("FARALINK_META_URL", s.meta.base_url())
        .args(["-q", "--db"])
        .arg(db)
        .args(["--fara-url", &s.fara.base_url(), "--rate", "1000/1", "sync"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finish(child: Child) -> (bool, String) {
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Aim {
    Start,
    Bulk,
    Api,
    Documents,
    Takedowns,
}

/// Whether the first request of `aim`'s stage has arrived since the logs were cleared.
fn reached(s: &Servers, aim: Aim) -> bool {
    let fara = |prefix: &str| s.fara.seen().iter().any(|r| r.path.starts_with(prefix));
    match aim {
        Aim::Start => true,
        Aim::Bulk => fara("/bulk/"),
        Aim::Api => fara("/api/"),
        Aim::Documents => fara("/docs/"),
        Aim::Takedowns => !s.meta.seen().is_empty(),
    }
}

/// The newest run id recorded so far (0 for none).
fn last_run(db: &Path) -> i64 {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .and_then(|c| {
            c.query_row("SELECT coalesce(max(run_id), 0) FROM sync_runs", [], |r| {
                r.get(0)
            })
        })
        .unwrap_or(0)
}

/// Where the killed run had got to, from what it recorded (runs after `before`): the stage
/// after the last source it finished.
fn stage_of_kill(db: &Path, before: i64) -> &'static str {
    let Ok(conn) =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
    else {
        return "before the database";
    };
    let last: Option<String> = conn
        .query_row(
            "SELECT source FROM sync_runs WHERE run_id > ?1 ORDER BY id DESC LIMIT 1",
            [before],
            |r| r.get(0),
        )
        .ok();
    match last.as_deref() {
        None => "fara bulk (or before)",
        Some("fara:registrants" | "fara:foreign_principals" | "fara:short_forms") => "fara bulk",
        Some("fara:registrant_docs") => "fara api",
        Some("fara:api") => "documents",
        Some("documents") => "takedowns (curated)",
        Some("takedowns:curated") => "takedowns (meta)",
        Some(_) => "after the last source",
    }
}

#[test]
fn sync_survives_sigkill_at_random_points_in_every_stage() {
    let kills_wanted: usize = std::env::var("FARALINK_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(52);
    let seed: u64 = std::env::var("FARALINK_KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| rand::thread_rng().r#gen());
    eprintln!("kill loop: {kills_wanted} kills, FARALINK_KILL_SEED={seed}");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);

    let tmp = tempfile::tempdir().unwrap();
    let servers = Servers {
        fara: MirrorServer::start(&fixtures_mirror()),
        meta: MirrorServer::start(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/takedowns/meta_repo"),
        ),
    };

    // The reference: one uninterrupted sync.
    let reference_db = tmp.path().join("reference/f.db");
    std::fs::create_dir_all(reference_db.parent().unwrap()).unwrap();
    let t0 = Instant::now();
    let (ok, err) = finish(spawn_sync(&reference_db, &servers));
    assert!(ok, "the uninterrupted sync failed: {err}");
    let full = t0.elapsed();
    let reference = contract_state(&open(&reference_db));
    assert!(reference.len() > 100, "{}", reference.len());

    let aims = [
        Aim::Start,
        Aim::Bulk,
        Aim::Api,
        Aim::Documents,
        Aim::Takedowns,
    ];
    let mut kills = 0;
    let mut by_stage: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut round = 0;
    while kills < kills_wanted {
        round += 1;
        // Each round starts from an empty database in its own directory (documents are
        // stored beside it), so every stage has work to be interrupted in.
        let db: PathBuf = tmp.path().join(format!("round{round}/f.db"));
        std::fs::create_dir_all(db.parent().unwrap()).unwrap();
        for &aim in &aims {
            servers.fara.clear_seen();
            servers.meta.clear_seen();
            let before = last_run(&db);
            let mut child = spawn_sync(&db, &servers);
            let started = Instant::now();
            // Wait for the stage aimed at (or for the run to end without reaching it).
            // The bulk stage of the small fixture mirror is over in a few milliseconds; the
            // later stages last longer.
            let extra = Duration::from_micros(match aim {
                Aim::Start => rng.gen_range(0..full.as_micros().max(1) as u64),
                Aim::Bulk => rng.gen_range(0..8_000),
                Aim::Api => rng.gen_range(0..20_000),
                _ => rng.gen_range(0..40_000),
            });
            let mut exited = false;
            while !reached(&servers, aim) {
                if child.try_wait().unwrap().is_some() {
                    exited = true;
                    break;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(120),
                    "the sync hung before reaching {aim:?}"
                );
                std::thread::sleep(Duration::from_millis(1));
            }
            if !exited {
                std::thread::sleep(extra);
            }
            if child.try_wait().unwrap().is_none() {
                child.kill().unwrap(); // SIGKILL
                child.wait().unwrap();
                kills += 1;
                *by_stage.entry(stage_of_kill(&db, before)).or_default() += 1;
            } else {
                let (ok, err) = finish(child);
                assert!(ok, "round {round}: a sync after a kill failed: {err}");
            }
            if db.exists() {
                assert_eq!(
                    integrity(&db),
                    "ok",
                    "round {round}, kill {kills} ({aim:?})"
                );
            }
        }
        // The next sync completes, and the round's database holds what an uninterrupted
        // run holds.
        let (ok, err) = finish(spawn_sync(&db, &servers));
        assert!(ok, "round {round}: the sync after the kills failed: {err}");
        assert_eq!(integrity(&db), "ok");
        // No partial document file survives (a kill mid-write leaves one; the next run
        // clears it).
        let store = db.parent().unwrap().join("documents");
        for dir in std::fs::read_dir(&store).into_iter().flatten().flatten() {
            for f in std::fs::read_dir(dir.path()).unwrap().flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                assert!(
                    !name.ends_with(".part"),
                    "round {round}: left behind {name}"
                );
            }
        }
        let state = contract_state(&open(&db));
        if state != reference {
            let missing: Vec<_> = reference.iter().filter(|r| !state.contains(r)).collect();
            let extra: Vec<_> = state.iter().filter(|r| !reference.contains(r)).collect();
            panic!(
                "round {round} (seed {seed}) differs from an uninterrupted sync\nmissing: {missing:#?}\nextra: {extra:#?}"
            );
        }
    }
    eprintln!(
        "kill loop: {kills} kills in {round} rounds (a full sync takes {full:?}); killed during: {by_stage:?}"
    );
}
