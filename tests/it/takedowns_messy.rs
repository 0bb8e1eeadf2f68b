//! Issue 16, item 3: takedown files as researchers and platforms write them load whole. A
//! researcher's 24-row spreadsheet lost 5 rows, CLS Strategies' own takedown among them,
//! because one country cell read "Egypt (Cairo)", "UK (registered) / Russia (run)" or "the
//! Sahel"; the matcher then never saw them. Now only `takedown_id`, `platform` and
//! `announced_on` can reject a row, the countries named come out as ISO codes, regions stay as
//! written, and Excel's ways of saving a CSV (`;` or tab, BOM, CRLF) are read.
//!
//! `fixtures/takedowns/researcher-messy.csv` is our own file (fictional networks, real country
//! names in all their spellings), saved as Excel saves "CSV UTF-8": a byte-order mark and CRLF.

use std::path::{Path, PathBuf};

use crate::common::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/takedowns")
        .join(name)
}

/// Every row of the fixture: id | origin codes | origin regions | target codes | target regions.
const EXPECTED: &[&str] = &[
    "rs-01|EG||SD;ET|",
    "rs-02|GB;RU|||the Sahel",
    "rs-03|CI||CI;BF|",
    "rs-04|CD||CD;CG|",
    "rs-05|MM||MM|",
    "rs-06|AE||QA;SA;BH|",
    "rs-07|US||VE;BO|",
    "rs-08|TR||TR|Gulf states",
    "rs-09|RU||UA;MD;DE|",
    "rs-10|IR||PS;IL|",
    "rs-11|RS||XK|",
    "rs-12|CN||TW;HK|",
    "rs-13|KP||KR;JP|",
    "rs-14|GB||IE;GB|",
    "rs-15|VN||VN;LA;KH|",
    "rs-16|KR|||global",
    "rs-17|SA|||multiple",
    "rs-18|IL||AO;NE;NG;SN|",
    "rs-19|RU||CF;ML|the Sahel",
    "rs-20|IR||US;GB;IL|",
    "rs-21|IR|||Middle East and North Africa",
    "rs-22|PK||IN|Kashmir",
    "rs-23|CU||CU;VE|",
    "rs-24|EC||EC;SV|Latin America",
    "rs-25|TH||TH|",
    "rs-26|US||BO|",
    "rs-27|GE||GE;AM;AZ|",
    "rs-28|TT|||Caribbean",
    "rs-29|RW||CD|",
    "rs-30|GW||GN;GW;GQ|",
    "rs-31|BA||BA;HR|",
    "rs-32|RU||UA|Crimea;Donbas",
    "rs-33|AZ||AM|Nagorno-Karabakh",
    "rs-34|HN||HN;SV;GT|",
    "rs-35|KR||KR|",
    "rs-36|IN||US;CA|",
    "rs-37|PH||PH|",
    "rs-38|SA||YE;QA|",
    "rs-39||unknown||worldwide",
    "rs-40|AE;EG||LY;SD;YE|",
    "rs-41|IL||US;CA|",
    "rs-42|IR||IL;BH|",
    "rs-43|CN||TW;US|global",
    "rs-44|TR||TR|",
    "rs-45|BD||BD;MM|",
    "rs-46|MV||MV|",
    "rs-47|RU||ML|West Africa;Francophone Africa",
];

/// The places of every stored takedown, as [`EXPECTED`] writes them.
fn places(db: &Path) -> Vec<String> {
    let conn = open(db);
    let mut st = conn
        .prepare(
            "SELECT takedown_id || '|' || coalesce(origin_countries, '') || '|' || coalesce(origin_regions, '') || '|' || coalesce(target_countries, '') || '|' || coalesce(target_regions, '') FROM takedowns ORDER BY takedown_id",
        )
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn import(db: &Path, file: &Path) -> (String, String) {
    let a = faralink(db)
        .args(["takedowns", "import"])
        .arg(file)
        .assert()
        .success();
    (stdout_of(&a), stderr_of(&a))
}

/// The fixture's records, read by the csv crate on its own (the count we must load).
fn records() -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let bytes = std::fs::read(fixture("researcher-messy.csv")).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    let text = text
        .strip_prefix('\u{feff}')
        .expect("the fixture has a BOM");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().clone();
    (header, r.records().map(Result::unwrap).collect())
}

#[test]
fn researcher_file_loads_whole_with_iso_codes() {
    let (_, recs) = records();
    assert_eq!(recs.len(), EXPECTED.len());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let (out, err) = import(&db, &fixture("researcher-messy.csv"));
    assert!(
        out.contains(&format!(
            "(csv): {} new, 0 updated, 0 unchanged, 0 rejected",
            EXPECTED.len()
        )),
        "{out}"
    );
    // Every value is a country or a known region: nothing to warn about.
    assert!(
        !err.contains("warning") && !err.contains("rejected"),
        "{err}"
    );
    assert_eq!(places(&db), EXPECTED);
    let conn = open(&db);
    assert_eq!(count(&conn, "SELECT count(*) FROM rejects"), 0);
    // The cell as written is kept where it said more than the codes.
    let written: String = conn
        .query_row(
            "SELECT origin_as_written FROM takedowns WHERE takedown_id = 'rs-02'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(written, "UK (registered) / Russia (run)");
    // "N/A" in a count is no figure, not an unreadable one.
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM takedowns WHERE takedown_id = 'rs-05' AND fb_accounts IS NULL AND import_notes IS NULL"
        ),
        1
    );
}

/// The same records saved with `;` (Excel where the decimal mark is a comma), tab, Excel's
/// `sep=;` hint, with and without a BOM, CRLF or LF: the same rows; a row without
/// `announced_on` is rejected with its line in every variant.
#[test]
fn delimiters_bom_and_crlf() {
    let (header, recs) = records();
    let dir = tempfile::tempdir().unwrap();
    for (name, delimiter, bom, crlf, hint) in [
        ("comma-lf.csv", b',', false, false, false),
        ("semicolon-bom-crlf.csv", b';', true, true, false),
        ("semicolon-lf.csv", b';', false, false, false),
        ("tab-crlf.tsv", b'\t', false, true, false),
        ("tab-bom.csv", b'\t', true, false, false),
        ("sep-hint.csv", b';', false, true, true),
    ] {
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(if crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(Vec::new());
        w.write_record(&header).unwrap();
        // Record 2 (line 3, or 4 after a `sep=` line) has no announced_on.
        let mut undated = recs[0].iter().map(str::to_string).collect::<Vec<_>>();
        undated[0] = "rs-undated".into();
        undated[2] = String::new();
        for (i, rec) in recs.iter().enumerate() {
            w.write_record(rec).unwrap();
            if i == 0 {
                w.write_record(&undated).unwrap();
            }
        }
        let mut bytes = Vec::new();
        if bom {
            bytes.extend_from_slice("\u{feff}".as_bytes());
        }
        if hint {
            bytes.extend_from_slice(b"sep=;\r\n");
        }
        bytes.extend(w.into_inner().unwrap());
        let file = dir.path().join(name);
        std::fs::write(&file, &bytes).unwrap();
        let db = dir.path().join(format!("{name}.db"));
        let (out, err) = import(&db, &file);
        assert!(
            out.contains(&format!(
                "{} new, 0 updated, 0 unchanged, 1 rejected",
                recs.len()
            )),
            "{name}: {out}{err}"
        );
        let line = if hint { 4 } else { 3 };
        assert!(
            err.contains(&format!("{name}:{line}: missing announced_on")),
            "{name}: {err}"
        );
        assert_eq!(places(&db), EXPECTED, "{name}");
        let conn = open(&db);
        let reject: (i64, String) = conn
            .query_row("SELECT line, reason FROM rejects", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!(reject, (line, "missing announced_on".to_string()), "{name}");
    }
}

#[test]
fn json_gets_the_same_country_handling() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let (out, err) = import(&db, &fixture("researcher-messy.json"));
    assert!(
        out.contains("(json): 12 new, 0 updated, 0 unchanged, 0 rejected"),
        "{out}"
    );
    assert!(!err.contains("warning"), "{err}");
    let got = places(&db);
    let ids: Vec<&str> = got.iter().map(|r| r.split('|').next().unwrap()).collect();
    let want: Vec<&str> = EXPECTED
        .iter()
        .filter(|r| ids.contains(&r.split('|').next().unwrap()))
        .copied()
        .collect();
    assert_eq!(got, want);
}

/// What is not a place faralink knows loads as region text, with one warning per distinct
/// value (not per row) naming its lines.
#[test]
fn unknown_places_warned_once_per_value() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    let file = dir.path().join("odd.csv");
    std::fs::write(
        &file,
        "takedown_id,platform,announced_on,origin_countries,target_countries\n\
         o1,Meta,2021-01-01,Atlantis,Narnia; Iran\n\
         o2,Meta,2021-01-02,atlantis,\n\
         o3,Meta,2021-01-03,Egypt (Cairo),Atlantis\n",
    )
    .unwrap();
    let (out, err) = import(&db, &file);
    assert!(
        out.contains("3 new, 0 updated, 0 unchanged, 0 rejected"),
        "{out}"
    );
    assert_eq!(err.matches("warning").count(), 2, "{err}");
    assert!(
        err.contains(
            "odd.csv: origin_countries, target_countries: \"Atlantis\" is not a country or region faralink knows; kept as written with the regions (lines 2, 3, 4)"
        ),
        "{err}"
    );
    assert!(err.contains("\"Narnia\""), "{err}");
    assert_eq!(
        places(&db),
        [
            "o1||Atlantis|IR|Narnia",
            "o2||atlantis||",
            "o3|EG||||Atlantis"
        ]
        .map(|s| s.replace("||||", "|||"))
    );
}

/// The case end to end: a researcher's row for the CLS Strategies takedown, saved by
/// Excel with `;`, title-case headers and qualified country cells, loads, and the matcher
/// links it to registration 6766 with the country evidence (Bolivia among the targets). Before,
/// the row was rejected and the matcher never saw it.
#[test]
fn a_researchers_cls_row_loads_and_is_linked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("f.db");
    faralink(&db)
        .args(["-q", "sync", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
    let file = dir.path().join("research.csv");
    std::fs::write(
        &file,
        "\u{feff}Takedown ID;Platform;Announced On;Attributed To;Origin Countries;Target Countries;FB Accounts\r\n\
         research-cls;Facebook;01-Sep-2020;CLS Strategies;U.S. (Washington);Venezuela (Caracas) / Mexico and Bolivia (Plurinational State of);about 55\r\n",
    )
    .unwrap();
    let (out, err) = import(&db, &file);
    assert!(
        out.contains("1 new, 0 updated, 0 unchanged, 0 rejected"),
        "{out}{err}"
    );
    faralink(&db)
        .args(["-q", "sync", "--only", "match"])
        .assert()
        .success();
    let a = faralink(&db)
        .args(["links", "--json", "--takedown", "research-cls"])
        .assert()
        .success();
    let links: Vec<serde_json::Value> = serde_json::from_str(&stdout_of(&a)).unwrap();
    let best = &links[0];
    assert_eq!(best["registration_number"], 6766, "{best}");
    let evidence = best["evidence"].as_array().unwrap();
    assert!(
        evidence
            .iter()
            .any(|e| e["feature"] == "country" && e["detail"].as_str().unwrap().contains("BO")),
        "{best}"
    );
}
