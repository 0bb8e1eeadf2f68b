//! Upstream anomalies and runs that read nothing (issue 16, items 1 and 2): a bulk file that
//! parses to no rows, loses more than 10% of the current rows or lacks columns is refused
//! before any write, and the run fails; `--accept-drop` applies it on purpose. A `--from`
//! directory that is missing or empty is an error, a run that skipped every source exits 1,
//! and `status` counts staleness from the last successful sync.

use std::path::{Path, PathBuf};

use crate::common::*;

/// A writable copy of the bundled mirror in `dir`/mirror.
fn fixture_mirror(dir: &Path) -> PathBuf {
    let mirror = dir.join("mirror");
    std::fs::create_dir_all(&mirror).unwrap();
    copy_dir(&fixtures_mirror(), &mirror);
    mirror
}

fn registrants_zip(mirror: &Path) -> PathBuf {
    mirror.join("bulk/zip/FARA_All_Registrants.csv.zip")
}

/// The registrants CSV inside a mirror's zip.
fn registrants_csv(mirror: &Path) -> Vec<u8> {
    use std::io::Read;
    let f = std::fs::File::open(registrants_zip(mirror)).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut csv = Vec::new();
    z.by_index(0).unwrap().read_to_end(&mut csv).unwrap();
    csv
}

fn write_registrants(mirror: &Path, csv: &[u8]) {
    std::fs::write(
        registrants_zip(mirror),
        zip_one("FARA_All_Registrants.csv", csv),
    )
    .unwrap();
}

/// The file with only its header line, as a truncated export leaves it.
fn header_only(csv: &[u8]) -> Vec<u8> {
    let end = csv.iter().position(|&b| b == b'\n').unwrap() + 1;
    csv[..end].to_vec()
}

fn sync(db: &Path, mirror: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    faralink(db)
        .arg("sync")
        .args(extra)
        .arg("--from")
        .arg(mirror)
        .assert()
}

fn current_registrants(db: &Path) -> i64 {
    count(
        &open(db),
        "SELECT count(*) FROM registrants WHERE removed_at IS NULL AND origin = 'bulk'",
    )
}

/// Confirms one link and rejects another, so that reviews are part of what must survive.
fn review_two_links(db: &Path) {
    let ids: Vec<i64> = open(db)
        .prepare("SELECT link_id FROM links ORDER BY score DESC, link_id LIMIT 2")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(ids.len(), 2, "the sync should have made links");
    for (id, verdict) in ids.iter().zip(["confirm", "reject"]) {
        faralink(db)
            .args([
                "-q",
                "review",
                &id.to_string(),
                verdict,
                "--note",
                "checked",
            ])
            .assert()
            .success();
    }
}

fn status_json(db: &Path) -> serde_json::Value {
    let out = faralink(db).args(["status", "--json"]).assert().success();
    serde_json::from_str(&stdout_of(&out)).unwrap()
}

/// A header-only registrants file is refused: exit 1, a message naming the file, both counts
/// and `--accept-drop`, and not one byte of the registry, its links or its reviews changes.
/// `status` shows the refused file.
fn header_only_file_changes_nothing(db: &Path, mirror: &Path) {
    sync(db, mirror, &["-q"]).success();
    review_two_links(db);
    let stored = current_registrants(db);
    let links = count(&open(db), "SELECT count(*) FROM links");
    assert!(stored > 0 && links > 0);
    let before = exact_state(&open(db));

    write_registrants(mirror, &header_only(&registrants_csv(mirror)));
    let out = sync(db, mirror, &[]).code(1);
    let err = stderr_of(&out);
    for part in [
        registrants_zip(mirror).display().to_string(),
        "holds 0 rows".to_string(),
        format!("holds {stored} current rows"),
        "faralink sync --accept-drop".to_string(),
    ] {
        assert!(err.contains(&part), "{part:?} missing from:\n{err}");
    }
    let after = exact_state(&open(db));
    assert_eq!(before.len(), after.len());
    assert!(before == after, "a refused file changed the database");
    assert_eq!(count(&open(db), "SELECT count(*) FROM links"), links);

    let status = status_json(db);
    let src = status["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "fara:registrants")
        .unwrap();
    assert_eq!(src["status"], "failed");
    assert_eq!(src["refused"]["reason"], "no_rows");
    assert_eq!(src["refused"]["stored"], stored);
    assert_eq!(src["refused"]["incoming"], 0);
    assert_eq!(
        src["refused"]["file"],
        registrants_zip(mirror).display().to_string()
    );
    let warnings = status["warnings"].to_string();
    assert!(warnings.contains("refused"), "{warnings}");
    let text = stdout_of(&faralink(db).arg("status").assert().success());
    assert!(text.contains("REFUSED"), "{text}");
}

/// Broke: a registrants zip holding only its header line (a truncated export) marked every
/// registrant removed, the matcher then deleted every unreviewed link, and sync exited 0.
#[test]
fn a_header_only_registrants_file_leaves_the_fixture_registry_as_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let mirror = fixture_mirror(tmp.path());
    header_only_file_changes_nothing(&tmp.path().join("f.db"), &mirror);
}

/// The same on DOJ's real 2025 registry (6,928 registrants and the links of the curated
/// takedowns), where the bug was seen.
#[test]
fn a_header_only_registrants_file_leaves_the_real_registry_as_it_was() {
    let Some(snap) = real_bulk("2025-04-11") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let mirror = mirror_of(&snap, &tmp.path().join("m"));
    let db = tmp.path().join("f.db");
    header_only_file_changes_nothing(&db, &mirror);
    assert_eq!(current_registrants(&db), 6928);
}

/// The fixture registrants file without the rows of these registration numbers.
fn without(csv: &[u8], regs: &[&str]) -> Vec<u8> {
    let text = encoding_rs::WINDOWS_1252.decode(csv).0.into_owned();
    let kept: String = text
        .split_inclusive('\n')
        .filter(|l| !regs.iter().any(|r| l.starts_with(&format!("\"{r}\","))))
        .collect();
    encoding_rs::WINDOWS_1252.encode(&kept).0.into_owned()
}

/// Broke: a file that lost a large share of its rows was applied, with only a warning.
/// Losing more than 10% of the current rows is refused; `--accept-drop` applies it, and a
/// drop under 10% needs no flag.
#[test]
fn a_drop_past_ten_percent_is_refused_until_accepted() {
    let tmp = tempfile::tempdir().unwrap();
    let mirror = fixture_mirror(tmp.path());
    let db = tmp.path().join("f.db");
    sync(&db, &mirror, &["-q", "--only", "fara"]).success();
    let stored = current_registrants(&db);
    let original = registrants_csv(&mirror);
    let before = exact_state(&open(&db));

    write_registrants(&mirror, &without(&original, &["6523", "7435"]));
    let out = sync(&db, &mirror, &["--only", "fara"]).code(1);
    let err = stderr_of(&out);
    let kept = stored - 2;
    assert!(
        (stored - kept) * 10 > stored,
        "the fixture should make 2 rows more than 10%"
    );
    assert!(
        err.contains(&format!(
            "holds {kept} rows where the database holds {stored} current rows"
        )),
        "{err}"
    );
    assert!(err.contains("--accept-drop"), "{err}");
    assert!(
        exact_state(&open(&db)) == before,
        "a refused drop changed the database"
    );
    assert_eq!(status_json(&db)["sources"][0]["refused"]["reason"], "drop");

    // On purpose: applied, the two rows marked removed (not deleted).
    let out = sync(&db, &mirror, &["--only", "fara", "--accept-drop"]).success();
    assert!(
        stdout_of(&out).contains("2 removed upstream"),
        "{}",
        stdout_of(&out)
    );
    assert_eq!(current_registrants(&db), kept);
    let st = status_json(&db);
    assert!(st["sources"][0]["refused"].is_null());

    // A drop of one row (under 10%) loads without the flag.
    write_registrants(&mirror, &without(&original, &["6523"]));
    sync(&db, &mirror, &["-q", "--only", "fara"]).success();
    assert_eq!(current_registrants(&db), stored - 1);
}

/// Broke: `--accept-drop` did not exist; a refused file could not be applied on purpose. It
/// also applies a header-only file (an emptied registry is then what the user asked for).
#[test]
fn accept_drop_applies_a_header_only_file() {
    let tmp = tempfile::tempdir().unwrap();
    let mirror = fixture_mirror(tmp.path());
    let db = tmp.path().join("f.db");
    sync(&db, &mirror, &["-q", "--only", "fara"]).success();
    write_registrants(&mirror, &header_only(&registrants_csv(&mirror)));
    sync(&db, &mirror, &["-q", "--only", "fara", "--accept-drop"]).success();
    assert_eq!(current_registrants(&db), 0);
    // It is no setting for a service: every turn would accept whatever came.
    faralink(&db)
        .args(["sync", "--accept-drop", "--every", "1h", "--from"])
        .arg(&mirror)
        .assert()
        .code(2);
}

/// A header that lacks a column the parser needs is refused the same way, naming the file,
/// the missing column and the current rows kept, and `status` shows it.
#[test]
fn a_file_missing_columns_is_refused_and_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let mirror = fixture_mirror(tmp.path());
    let db = tmp.path().join("f.db");
    sync(&db, &mirror, &["-q", "--only", "fara"]).success();
    let stored = current_registrants(&db);
    let before = exact_state(&open(&db));
    let csv = registrants_csv(&mirror);
    let renamed = String::from_utf8_lossy(&header_only(&csv)).replacen("\"Name\"", "\"Nombre\"", 1);
    let mut edited = renamed.into_bytes();
    edited.extend_from_slice(&csv[header_only(&csv).len()..]);
    write_registrants(&mirror, &edited);

    let out = sync(&db, &mirror, &["--only", "fara"]).code(1);
    let err = stderr_of(&out);
    for part in [
        registrants_zip(&mirror).display().to_string(),
        "lacks the columns [\"Name\"]".to_string(),
        format!("keeps its {stored} current rows"),
    ] {
        assert!(err.contains(&part), "{part:?} missing from:\n{err}");
    }
    assert!(exact_state(&open(&db)) == before);
    let refused = &status_json(&db)["sources"][0]["refused"];
    assert_eq!(refused["reason"], "missing_columns");
    assert_eq!(refused["missing_columns"][0], "Name");
    assert_eq!(refused["stored"], stored);
}

/// Broke: `sync --from` a directory that does not exist said only "not a directory", and one
/// that holds none of the files (an unmounted disk) synced nothing and exited 0.
#[test]
fn from_a_missing_or_empty_directory_is_an_error_naming_what_was_looked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let empty = tmp.path().join("empty-mirror");
    std::fs::create_dir_all(&empty).unwrap();
    for (dir, what) in [
        (tmp.path().join("no-such-mirror"), "does not exist"),
        (empty.clone(), "holds none of the files"),
    ] {
        let out = faralink(&db)
            .args(["sync", "--from"])
            .arg(&dir)
            .assert()
            .code(1);
        let err = stderr_of(&out);
        assert!(
            err.contains(&dir.display().to_string()) && err.contains(what),
            "{err}"
        );
        for p in [
            "bulk/zip/FARA_All_Registrants.csv.zip",
            "bulk/zip/FARA_All_RegistrantDocs.csv.zip",
            "api/v1/Registrants/json/New",
        ] {
            assert!(
                err.contains(&dir.join(p).display().to_string()),
                "{p} not named:\n{err}"
            );
        }
    }
    // Nothing was created: no database, no lock file.
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("empty-mirror")]);
    // `--only documents` looks for docs/.
    let out = faralink(&db)
        .args(["sync", "--only", "documents", "--from"])
        .arg(&empty)
        .assert()
        .code(1);
    assert!(stderr_of(&out).contains(&empty.join("docs/").display().to_string()));
}

/// A mirror holding only the API's Active list: an expected file, but one sync reads only when
/// the New endpoint fails. Every source is then skipped.
fn active_only_mirror(dir: &Path) -> PathBuf {
    let mirror = dir.join("active-only");
    let json = mirror.join("api/v1/Registrants/json");
    std::fs::create_dir_all(&json).unwrap();
    std::fs::copy(
        fixtures_mirror().join("api/v1/Registrants/json/Active"),
        json.join("Active"),
    )
    .unwrap();
    mirror
}

/// Broke: a run in which every source was skipped (nothing read at all) exited 0.
#[test]
fn a_run_that_skipped_every_source_exits_1() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let mirror = active_only_mirror(tmp.path());
    let out = sync(&db, &mirror, &[]).code(1);
    let stdout = stdout_of(&out);
    assert!(
        stdout.contains("fara:registrants") && stdout.contains("skipped"),
        "{stdout}"
    );
    assert!(
        stdout.contains("documents") && stdout.contains("docs/ is not in the --from directory"),
        "{stdout}"
    );
    assert!(
        stderr_of(&out).contains("every source was skipped"),
        "{}",
        stderr_of(&out)
    );
    // A run that read something exits 0 even where other files are absent.
    std::fs::create_dir_all(mirror.join("bulk/zip")).unwrap();
    std::fs::copy(
        registrants_zip(&fixtures_mirror()),
        registrants_zip(&mirror),
    )
    .unwrap();
    sync(&db, &mirror, &["-q"]).success();
}

/// Broke: after a sync that skipped every file, `status` stopped warning that the sources
/// had not synced for days: it looked at the last run, not the last successful one.
#[test]
fn status_counts_staleness_from_the_last_successful_sync() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    sync(&db, &fixtures_mirror(), &["-q", "--only", "fara"]).success();
    // That sync was ten days ago.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE sync_runs SET started_at = datetime('now', '-10 days'), finished_at = datetime('now', '-10 days')",
            [],
        )
        .unwrap();
    sync(&db, &active_only_mirror(tmp.path()), &["--only", "fara"]).code(1);
    let warnings = status_json(&db)["warnings"].to_string();
    assert!(
        warnings.contains("fara:registrants: no successful sync for 10 days"),
        "{warnings}"
    );
}
