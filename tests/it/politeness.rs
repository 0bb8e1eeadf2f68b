//! One rate window per host across processes: separate `faralink sync` processes, one after
//! the other or at the same time, never send a host more than the limit in any rolling window
//! as the server counted it. (Issue 16, item 7: each process had a window of its own, so
//! `sync --only fara` followed at once by `sync --only documents` sent up to twice the limit.)
//!
//! The limit is scaled down with `--rate` to keep the tests short; the sharing is the same.

use std::path::Path;
use std::time::Duration;

use crate::common::*;

/// The most requests the server saw in any `window`.
fn most_in_any_window(seen: &[Seen], window: Duration) -> (usize, Vec<String>) {
    let mut worst = (0, Vec::new());
    for (i, s) in seen.iter().enumerate() {
        let within: Vec<&Seen> = seen[i..]
            .iter()
            .take_while(|t| t.at.duration_since(s.at) < window)
            .collect();
        if within.len() > worst.0 {
            let shown = within
                .iter()
                .map(|t| format!("+{:?} {}", t.at.duration_since(s.at), t.path))
                .collect();
            worst = (within.len(), shown);
        }
    }
    worst
}

/// `faralink sync --only ONLY` as its own process, isolated like `common::faralink` (HOME is
/// the database's directory), to spawn several at once.
fn sync(db: &Path, server: &MirrorServer, only: &str) -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("faralink"));
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", db.parent().unwrap())
        .arg("--db")
        .arg(db)
        .args(["--fara-url", &server.base_url(), "--rate", RATE, "-q"])
        .args(["sync", "--only", only]);
    c
}

/// DOJ's limit and faralink's default, scaled from 10 s to 3 s: the server allows 5 requests
/// per rolling 3 s, and faralink sends at most 4 per 3.15 s. The margin is the default's and
/// is needed here too: we stamp a request when it leaves and the server when it arrives, and
/// on a loaded machine a request that must first open a connection arrived 80 ms late, so the
/// server saw four requests within 2.92 s that left 3 s apart.
const RATE: &str = "4/3.15";
const LIMIT: usize = 5;
const CHECKED: Duration = Duration::from_secs(3);

#[test]
fn back_to_back_syncs_share_one_window() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let server = MirrorServer::start(&fixtures_mirror());
    let first = sync(&db, &server, "fara").output().unwrap();
    assert!(first.status.success(), "{first:?}");
    let by_first = server.seen().len();
    // At once, as a script or a person would: the second process starts while the first
    // one's last requests are still in the window.
    let second = sync(&db, &server, "documents").output().unwrap();
    assert!(second.status.success(), "{second:?}");
    let seen = server.seen();
    assert!(
        by_first >= LIMIT && seen.len() - by_first >= LIMIT,
        "each sync must fill a window for the test to mean anything: {by_first} then {}",
        seen.len() - by_first
    );
    let (most, shown) = most_in_any_window(&seen, CHECKED);
    assert!(
        most <= LIMIT,
        "{most} requests within {CHECKED:?} across two processes: {shown:#?}"
    );
    // The window lives in the user's cache directory, one file per host.
    let file = tmp.path().join(".cache/faralink/hosts").join(
        server
            .base_url()
            .trim_start_matches("http://")
            .replace(':', "_"),
    );
    assert!(file.is_file(), "{} missing", file.display());
}

#[test]
fn two_syncs_at_once_into_two_databases_share_one_window() {
    // Two databases, one user, one host: DOJ counts the requests from our address, whatever
    // database they fill.
    let tmp = tempfile::tempdir().unwrap();
    let server = MirrorServer::start(&fixtures_mirror());
    let mut a = sync(&tmp.path().join("a.db"), &server, "fara")
        .spawn()
        .unwrap();
    let mut b = sync(&tmp.path().join("b.db"), &server, "fara")
        .spawn()
        .unwrap();
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let seen = server.seen();
    assert!(seen.len() >= 2 * 7, "{}", seen.len());
    let (most, shown) = most_in_any_window(&seen, CHECKED);
    assert!(
        most <= LIMIT,
        "{most} requests within {CHECKED:?} from two processes: {shown:#?}"
    );
}

#[test]
fn faralink_rate_dir_chooses_where_the_window_is_shared() {
    // A service running as its own user and a person's manual sync share one window when both
    // point FARALINK_RATE_DIR at one directory (here: two HOMEs, one rate directory).
    let tmp = tempfile::tempdir().unwrap();
    let shared = tmp.path().join("shared-hosts");
    let server = MirrorServer::start(&fixtures_mirror());
    let home = |name: &str| {
        let dir = tmp.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("f.db")
    };
    let mut children = Vec::new();
    for db in [home("service"), home("person")] {
        let mut c = sync(&db, &server, "fara");
        c.env("FARALINK_RATE_DIR", &shared);
        children.push(c.spawn().unwrap());
    }
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let (most, shown) = most_in_any_window(&server.seen(), CHECKED);
    assert!(
        most <= LIMIT,
        "{most} requests within {CHECKED:?} from two processes: {shown:#?}"
    );
    assert!(shared.read_dir().unwrap().count() == 1);
}
