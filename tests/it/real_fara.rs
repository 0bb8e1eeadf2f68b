//! Real-data checks over DOJ's own bulk files in ../shared/real/fara/bulk (two snapshots).
//! They skip, with a message, where that folder is absent (a fresh clone elsewhere).

use std::path::Path;

use crate::common::*;

fn sync_from(db: &Path, mirror: &Path) {
    faralink(db)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(mirror)
        .assert()
        .success();
}

#[test]
fn the_2025_files_load_completely() {
    let Some(snap) = real_bulk("2025-04-11") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let mirror = mirror_of(&snap, &tmp.path().join("m"));
    let db = tmp.path().join("f.db");
    sync_from(&db, &mirror);
    let conn = open(&db);
    assert_eq!(
        count(
            &conn,
            "SELECT count(DISTINCT registration_number) FROM registrants"
        ),
        6928
    );
    // 6,929 records: one is the second row of the duplicated 5769.
    assert_eq!(
        count(&conn, "SELECT count(*) FROM registrants")
            + count(
                &conn,
                "SELECT count(*) FROM rejects WHERE source = 'fara:registrants'"
            ),
        6929
    );
    let fp = count(&conn, "SELECT count(*) FROM foreign_principals");
    let fp_rejects = count(
        &conn,
        "SELECT count(*) FROM rejects WHERE source = 'fara:foreign_principals'",
    );
    assert_eq!(fp + fp_rejects, 17358);
    // Repaired rows sit in the right columns: a country that is a country, never a date or number.
    let repaired = count(
        &conn,
        "SELECT repaired FROM sync_runs WHERE source = 'fara:foreign_principals'",
    );
    assert!(repaired >= 150, "only {repaired} repaired rows");
    let shifted = count(
        &conn,
        "SELECT count(*) FROM foreign_principals WHERE country GLOB '*[0-9]*'",
    );
    assert_eq!(shifted, 0, "country cells holding digits: a column shift");
    let bad_dates = count(
        &conn,
        "SELECT count(*) FROM foreign_principals WHERE registration_date IS NOT NULL AND registration_date NOT GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'",
    );
    assert_eq!(bad_dates, 0);
    // A principal without a country code is one whose filed country is not in ISO 3166-1
    // (USSR, YUGOSLAVIA, INTERNATIONAL...), each listed with its reason in data/.
    let mut stmt = conn
        .prepare("SELECT DISTINCT coalesce(country, '') FROM foreign_principals WHERE country_code IS NULL")
        .unwrap();
    let uncoded: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for c in &uncoded {
        assert!(
            c.is_empty() || faralink::text::country::known_non_country(c).is_some(),
            "{c:?} has no code and no stated reason"
        );
    }
    // The CLS Strategies rows.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM foreign_principals WHERE registration_number = 6766 AND country_code = 'BO'"
        ),
        1
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM foreign_principals WHERE country = 'CONGO, DEMOCRATIC REPUBLIC OF THE' AND country_code <> 'CD'"
        ),
        0
    );
}

#[test]
fn loading_2023_then_2025_equals_loading_2025_alone() {
    let (Some(old), Some(new)) = (real_bulk("2023-08-03"), real_bulk("2025-04-11")) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let m_old = mirror_of(&old, &tmp.path().join("old"));
    let m_new = mirror_of(&new, &tmp.path().join("new"));
    let both = tmp.path().join("both.db");
    sync_from(&both, &m_old);
    sync_from(&both, &m_new);
    let alone = tmp.path().join("alone.db");
    sync_from(&alone, &m_new);
    let current = |db: &Path| {
        let conn = open(db);
        fara_state(&conn)
            .into_iter()
            .filter(|l| !l.contains("removed_at=Text"))
            .map(|l| l.replace(" removed_at=Null", ""))
            .collect::<Vec<_>>()
    };
    let (a, b) = (current(&both), current(&alone));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    // What went away upstream between the snapshots is marked, not deleted.
    let conn = open(&both);
    let removed = count(
        &conn,
        "SELECT count(*) FROM foreign_principals WHERE removed_at IS NOT NULL",
    );
    eprintln!("foreign-principal rows marked removed between 2023-08-03 and 2025-04-11: {removed}");
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM foreign_principals WHERE removed_at IS NULL"
        ),
        count(&open(&alone), "SELECT count(*) FROM foreign_principals")
    );
}
