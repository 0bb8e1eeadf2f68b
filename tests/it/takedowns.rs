//! `faralink takedowns import|list` and `sync --only takedowns` on the real binary and a real
//! SQLite file: the fixtures in `fixtures/takedowns/` (our own rows in the contract format and
//! in DFRLab's FIAT format), and DFRLab's real FIAT file where ../shared/real is present.

use std::path::{Path, PathBuf};

use crate::common::*;
use predicates::str::contains;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/takedowns")
        .join(name)
}

fn text(conn: &rusqlite::Connection, sql: &str) -> Option<String> {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn stdout_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

#[test]
fn csv_import_normalises_rejects_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let file = dir.path().join("import.csv");
    std::fs::copy(fixture("import.csv"), &file).unwrap();

    let a = faralink(&db)
        .args(["takedowns", "import"])
        .arg(&file)
        .assert()
        .success()
        // Each bad row on stderr with its line and reason; the good rows still load.
        .stderr(contains("import.csv:4: bad date in announced_on"))
        // A place faralink does not know does not reject the row (issue 16): it is kept as
        // written among the regions, with one warning.
        .stderr(contains(
            "import.csv: origin_countries: \"Atlantis\" is not a country or region faralink knows; kept as written with the regions (line 5)",
        ));
    assert!(
        stdout_of(&a).contains("4 new, 0 updated, 0 unchanged, 1 rejected"),
        "{}",
        stdout_of(&a)
    );

    let conn = open(&db);
    assert_eq!(count(&conn, "SELECT count(*) FROM takedowns"), 4);
    let row = |id: &str, col: &str| {
        text(
            &conn,
            &format!("SELECT CAST({col} AS TEXT) FROM takedowns WHERE takedown_id = '{id}'"),
        )
    };
    assert_eq!(row("fx-cls", "announced_on").as_deref(), Some("2020-09-01"));
    assert_eq!(row("fx-cls", "origin_countries").as_deref(), Some("US"));
    assert_eq!(
        row("fx-cls", "target_countries").as_deref(),
        Some("VE;MX;BO")
    );
    assert_eq!(row("fx-cls", "ig_accounts").as_deref(), Some("4"));
    assert_eq!(row("fx-cls", "followers").as_deref(), Some("3000"));
    assert_eq!(row("fx-cls", "ad_spend_usd").as_deref(), Some("0.0"));
    assert_eq!(
        row("fx-cls", "source").as_deref(),
        Some("import:import.csv")
    );
    assert_eq!(
        row("fx-regions", "announced_on").as_deref(),
        Some("2020-09-22")
    );
    assert_eq!(row("fx-regions", "origin_countries").as_deref(), Some("RU"));
    assert_eq!(row("fx-regions", "target_countries").as_deref(), Some("SA"));
    assert_eq!(
        row("fx-regions", "target_regions").as_deref(),
        Some("Francophone Africa;Latin America")
    );
    assert_eq!(row("fx-regions", "fb_accounts").as_deref(), Some("1234"));
    assert_eq!(
        row("fx-regions", "ad_spend_usd").as_deref(),
        Some("316000.0")
    );
    assert!(
        row("fx-regions", "ad_spend_note")
            .unwrap()
            .contains("upper bound")
    );
    assert_eq!(
        row("fx-regions", "attributed_to").as_deref(),
        Some("Fixture Agency;Another Fixture Ltd")
    );
    // Euros are kept as stated, never converted by guess.
    assert_eq!(row("fx-euro", "ad_spend_usd"), None);
    assert_eq!(row("fx-euro", "ad_spend_currency").as_deref(), Some("EUR"));
    assert_eq!(
        row("fx-euro", "ad_spend_amount").as_deref(),
        Some("50000.0")
    );
    assert_eq!(row("fx-euro", "origin_countries").as_deref(), Some("IR"));
    assert_eq!(row("fx-euro", "target_countries").as_deref(), Some("AE"));
    assert_eq!(
        row("fx-bad-country", "origin_regions").as_deref(),
        Some("Atlantis")
    );
    assert_eq!(row("fx-bad-country", "origin_countries"), None);
    assert_eq!(
        row("fx-bad-country", "target_countries").as_deref(),
        Some("GB")
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM rejects WHERE source = 'takedowns:import:import.csv'"
        ),
        1
    );
    assert_eq!(
        text(
            &conn,
            "SELECT group_concat(line) FROM (SELECT line FROM rejects ORDER BY line)"
        )
        .as_deref(),
        Some("4")
    );
    // Full text finds the imported rows.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM takedowns_fts WHERE takedowns_fts MATCH 'CLS'"
        ),
        1
    );
    drop(conn);

    // The same file again: nothing inserted or updated, rejects not doubled.
    let a = faralink(&db)
        .args(["takedowns", "import"])
        .arg(&file)
        .assert()
        .success();
    assert!(
        stdout_of(&a).contains("0 new, 0 updated, 4 unchanged, 1 rejected"),
        "{}",
        stdout_of(&a)
    );
    assert_eq!(count(&open(&db), "SELECT count(*) FROM rejects"), 1);

    // One changed row: an update.
    let changed = std::fs::read_to_string(&file)
        .unwrap()
        .replace("Fixture euros", "Fixture euros renamed");
    std::fs::write(&file, changed).unwrap();
    let a = faralink(&db)
        .args(["takedowns", "import", "--format", "csv"])
        .arg(&file)
        .assert()
        .success();
    assert!(
        stdout_of(&a).contains("0 new, 1 updated, 3 unchanged, 1 rejected"),
        "{}",
        stdout_of(&a)
    );
    let conn = open(&db);
    assert_eq!(
        text(
            &conn,
            "SELECT network_name FROM takedowns WHERE takedown_id = 'fx-euro'"
        )
        .as_deref(),
        Some("Fixture euros renamed")
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM takedowns_fts WHERE takedowns_fts MATCH 'renamed'"
        ),
        1
    );
}

#[test]
fn json_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let a = faralink(&db)
        .args(["takedowns", "import"])
        .arg(fixture("import.json"))
        .assert()
        .success()
        .stderr(contains("item 2: missing takedown_id"))
        // An unreadable count does not reject the row: left empty, warned about, noted.
        .stderr(contains(
            "fb_accounts: \"many\" is not a count; left empty and noted in import_notes (item 3)",
        ));
    assert!(
        stdout_of(&a).contains("3 new, 0 updated, 0 unchanged, 1 rejected"),
        "{}",
        stdout_of(&a)
    );
    let conn = open(&db);
    assert_eq!(
        text(
            &conn,
            "SELECT target_countries FROM takedowns WHERE takedown_id = 'fxj-one'"
        )
        .as_deref(),
        Some("VE;MX")
    );
    assert_eq!(
        text(
            &conn,
            "SELECT announced_on || ' ' || origin_countries || ' ' || target_regions || ' ' || other_accounts FROM takedowns WHERE takedown_id = 'fxj-two'"
        )
        .as_deref(),
        Some("2020-09-04 EG;AE Middle East 5350")
    );
    assert_eq!(
        text(
            &conn,
            "SELECT coalesce(fb_accounts, 'null') || ' ' || import_notes FROM takedowns WHERE takedown_id = 'fxj-bad'"
        )
        .as_deref(),
        Some("null fb_accounts: \"many\" is not a count, left empty")
    );
    assert_eq!(
        count(
            &conn,
            "SELECT CAST(ad_spend_usd AS INTEGER) FROM takedowns WHERE takedown_id = 'fxj-one'"
        ),
        9500
    );
}

#[test]
fn unreadable_files_fail_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    faralink(&db)
        .args(["takedowns", "import"])
        .arg(dir.path().join("missing.csv"))
        .assert()
        .code(1)
        .stderr(contains("cannot read"));
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "[{\"takedown_id\": ").unwrap();
    faralink(&db)
        .args(["takedowns", "import"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(contains("bad.json: line 1"));
    let no_header = dir.path().join("no_id.csv");
    std::fs::write(&no_header, "platform,announced_on\nMeta,2020-01-01\n").unwrap();
    faralink(&db)
        .args(["takedowns", "import"])
        .arg(&no_header)
        .assert()
        .code(1)
        .stderr(contains("takedown_id"));
    faralink(&db)
        .args(["takedowns", "import", "--format", "xml"])
        .arg(&no_header)
        .assert()
        .code(2);
}

#[test]
fn dfrlab_fiat_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    // The format is recognised from the header without --format.
    let a = faralink(&db)
        .args(["takedowns", "import"])
        .arg(fixture("dfrlab_fiat.csv"))
        .assert()
        .success()
        .stderr(contains(
            "dfrlab_fiat.csv:4: not a platform takedown: source \"Fixture Department of State\"",
        ))
        .stderr(contains("dfrlab_fiat.csv:5: missing takedown_id"));
    assert!(
        stdout_of(&a).contains("(dfrlab-fiat): 3 new, 0 updated, 0 unchanged, 2 rejected"),
        "{}",
        stdout_of(&a)
    );
    let conn = open(&db);
    let row = |id: &str| {
        text(
            &conn,
            &format!(
                "SELECT platform || '|' || announced_on || '|' || coalesce(attributed_to, '') || '|' || coalesce(origin_countries, '') || '|' || coalesce(target_countries, '') || '|' || coalesce(fb_accounts, '') || '|' || coalesce(followers, '') || '|' || coalesce(CAST(ad_spend_usd AS INTEGER), '') || '|' || source_url FROM takedowns WHERE takedown_id = '{id}'"
            ),
        )
    };
    assert_eq!(
        row("dfrlab-fiat-fxfiat01").as_deref(),
        Some("Facebook|2020-09-01|Fixture Agency|RU|US|13|14200|480|https://example.org/fiat/fx1")
    );
    assert_eq!(
        row("dfrlab-fiat-fxfiat02").as_deref(),
        Some(
            "Twitter|2020-10-08|Fixture Front;Fixture Media|IR;RU|US;GB||||https://example.org/fiat/fx2"
        )
    );
    assert_eq!(
        row("dfrlab-fiat-fxfiat05").as_deref(),
        Some("Microsoft|2020-09-10|||US||||https://example.org/fiat/fx5")
    );
}

/// DFRLab's real tracker file: every record is a row or a reject, none dropped silently.
#[test]
fn real_dfrlab_fiat_file() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real/takedowns/dfrlab_interference2020/DFRLab_interference2020.csv");
    if !path.is_file() {
        eprintln!(
            "skipping: {} not found (real data lives outside the repository)",
            path.display()
        );
        return;
    }
    let records = csv::Reader::from_path(&path)
        .unwrap()
        .records()
        .inspect(|r| assert!(r.is_ok(), "{r:?}"))
        .count() as i64;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    faralink(&db)
        .args(["takedowns", "import", "--format", "dfrlab-fiat"])
        .arg(&path)
        .assert()
        .success();
    let conn = open(&db);
    let rows = count(&conn, "SELECT count(*) FROM takedowns");
    let rejects = count(&conn, "SELECT count(*) FROM rejects");
    eprintln!("real FIAT file: {records} records, {rows} rows, {rejects} rejects");
    assert_eq!(rows + rejects, records);
    assert!(rows >= 20, "only {rows} platform takedowns loaded");
    // Every reject is a non-platform attribution, not a parse failure.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM rejects WHERE reason NOT LIKE 'not a platform takedown%'"
        ),
        0
    );
    // Facebook's January 2019 Iran takedown, as the tracker records it.
    assert_eq!(
        text(
            &conn,
            "SELECT announced_on || ' ' || origin_countries || ' ' || fb_accounts || ' ' || fb_pages FROM takedowns WHERE takedown_id = 'dfrlab-fiat-xbvgvn5v'"
        )
        .as_deref(),
        Some("2019-01-31 IR 356 262")
    );
}

#[test]
fn sync_loads_the_curated_dataset_once_and_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    // The live Meta source reads our own copy of the repository layout, served locally.
    let meta = MirrorServer::start(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/takedowns/meta_repo"),
    );
    let sync = || {
        let mut c = faralink(&db);
        c.env("FARALINK_META_URL", meta.base_url()).args([
            "--rate",
            "50/1",
            "sync",
            "--only",
            "takedowns",
        ]);
        c
    };
    let out = sync()
        .assert()
        .success()
        .stdout(contains("takedowns:curated"));
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    // One summary in the fixture repository is broken on purpose: a warning naming it, the
    // others stored.
    assert!(
        stdout.contains("takedowns:meta") && stdout.contains("WARNING"),
        "{stdout}"
    );
    assert!(
        count(
            &open(&db),
            "SELECT count(*) FROM takedowns WHERE source = 'meta'"
        ) >= 2
    );
    let conn = open(&db);
    let loaded = count(
        &conn,
        "SELECT count(*) FROM takedowns WHERE source = 'curated'",
    );
    assert!(loaded >= 1);
    assert_eq!(
        text(
            &conn,
            "SELECT status || ' ' || inserted FROM sync_runs WHERE source = 'takedowns:curated'"
        ),
        Some(format!("ok {loaded}"))
    );
    drop(conn);

    sync().assert().success().stdout(contains("unchanged"));
    let conn = open(&db);
    assert_eq!(
        text(
            &conn,
            "SELECT status || ' ' || inserted || ' ' || updated || ' ' || unchanged FROM sync_runs WHERE source = 'takedowns:curated' AND run_id = 2"
        ),
        Some(format!("ok 0 0 {loaded}"))
    );
    drop(conn);

    let a = faralink(&db)
        .args(["takedowns", "list", "--json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&a.get_output().stdout).unwrap();
    let cls = v
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["takedown_id"] == "meta-2020-09-cls-strategies")
        .expect("the CLS Strategies takedown");
    assert_eq!(cls["platform"], "Meta");
    assert_eq!(cls["announced_on"], "2020-09-01");
    assert_eq!(cls["fb_accounts"], 55);
    assert_eq!(cls["fb_pages"], 42);
    assert_eq!(cls["ig_accounts"], 36);
    assert_eq!(cls["origin_countries"], serde_json::json!(["US"]));
    assert_eq!(
        cls["target_countries"],
        serde_json::json!(["VE", "MX", "BO"])
    );
    assert_eq!(cls["source"], "curated");

    faralink(&db)
        .args(["takedowns", "list"])
        .assert()
        .success()
        .stdout(contains("meta-2020-09-cls-strategies"))
        .stdout(contains("VE,MX,BO"));
}
