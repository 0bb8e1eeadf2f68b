//! `faralink money` and `faralink country`: totals of reported receipts per country,
//! registrant and principal, year and currency (never mixing currencies), and who represents a
//! country now, checked against DOJ's own "active foreign principals" export where
//! ../shared/real is present.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::common::*;

fn synced() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    faralink(&db)
        .args(["-q", "sync", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
    (tmp, db)
}

fn json_of(db: &Path, args: &[&str]) -> serde_json::Value {
    let out = faralink(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Receipts as the statement reader stores them: Bolivia (6766) in dollars over two years,
/// Peru (6523) in dollars and euros in one year, one receipt whose principal matched no
/// listed principal, one without an amount.
fn with_receipts(db: &Path) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let fp = |reg: i64, like: &str| -> i64 {
        conn.query_row(
            "SELECT id FROM foreign_principals WHERE registration_number = ?1 AND name LIKE ?2",
            rusqlite::params![reg, like],
            |r| r.get(0),
        )
        .unwrap()
    };
    let bolivia = fp(6766, "%Bolivia%");
    let peru = fp(6523, "%Peru%");
    let doc = |url: &str, reg: i64| {
        conn.execute(
            "INSERT OR IGNORE INTO documents (url, registration_number, document_type, status,
                                               first_seen_at, changed_at, row_hash)
             VALUES (?1, ?2, 'Supplemental Statement', 'fetched', '2020-06-01', '2020-06-01', 0)",
            rusqlite::params![url, reg],
        )
        .unwrap();
    };
    let s1 = "https://efile.fara.gov/docs/6766-Supplemental-Statement-20200601-1.pdf";
    let s2 = "https://efile.fara.gov/docs/6766-Supplemental-Statement-20201201-2.pdf";
    let s3 = "https://efile.fara.gov/docs/6523-Supplemental-Statement-20180601-1.pdf";
    doc(s1, 6766);
    doc(s2, 6766);
    doc(s3, 6523);
    let pay = |url: &str,
               reg: i64,
               fp: Option<i64>,
               who: &str,
               date: &str,
               amount: Option<f64>,
               cur: &str| {
        conn.execute(
            "INSERT INTO payments (document_url, registration_number, foreign_principal, date, amount, currency, foreign_principal_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![url, reg, who, date, amount, cur, fp],
        )
        .unwrap();
    };
    pay(
        s1,
        6766,
        Some(bolivia),
        "Plurinational State of Bolivia",
        "2019-12-20",
        Some(30000.0),
        "USD",
    );
    pay(
        s1,
        6766,
        Some(bolivia),
        "Plurinational State of Bolivia",
        "2020-01-20",
        Some(30000.0),
        "USD",
    );
    pay(
        s2,
        6766,
        Some(bolivia),
        "Plurinational State of Bolivia",
        "2020-02-20",
        Some(30000.0),
        "USD",
    );
    pay(
        s3,
        6523,
        Some(peru),
        "Government of Peru",
        "2018-02-01",
        Some(10000.5),
        "USD",
    );
    pay(
        s3,
        6523,
        Some(peru),
        "Government of Peru",
        "2018-03-01",
        Some(18000.0),
        "EUR",
    );
    pay(
        s3,
        6523,
        None,
        "An unlisted ministry",
        "2018-03-15",
        Some(500.0),
        "USD",
    );
    pay(
        s3,
        6523,
        Some(peru),
        "Government of Peru",
        "2018-04-01",
        None,
        "USD",
    );
}

#[test]
fn money_by_country_totals_per_year_and_currency_never_mixing_currencies() {
    let (_tmp, db) = synced();
    with_receipts(&db);
    let rows = json_of(&db, &["money", "--by", "country", "--json"]);
    let got: BTreeSet<(String, i64, String, String, i64, usize)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["country_code"].as_str().unwrap_or("-").to_string(),
                r["year"].as_i64().unwrap(),
                r["currency"].as_str().unwrap().to_string(),
                format!("{:.2}", r["amount"].as_f64().unwrap()),
                r["receipts"].as_i64().unwrap(),
                r["documents"].as_array().unwrap().len(),
            )
        })
        .collect();
    let want: BTreeSet<(String, i64, String, String, i64, usize)> = [
        ("BO", 2019, "USD", "30000.00", 1, 1),
        ("BO", 2020, "USD", "60000.00", 2, 2),
        ("PE", 2018, "USD", "10000.50", 1, 1),
        ("PE", 2018, "EUR", "18000.00", 1, 1),
        ("-", 2018, "USD", "500.00", 1, 1),
    ]
    .into_iter()
    .map(|(c, y, cur, a, n, d)| (c.to_string(), y, cur.to_string(), a.to_string(), n, d))
    .collect();
    assert_eq!(got, want);
    // The key field of --by country; a row for an unmatched principal has no country_code.
    let bo = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["country_code"] == "BO" && r["year"] == 2020)
        .unwrap();
    assert!(bo["name"].as_str().unwrap().contains("Bolivia"), "{bo}");
    assert!(bo.get("registration_number").is_none(), "{bo}");

    // Filters: a year, a country by name, a registrant.
    let y = json_of(&db, &["money", "--year", "2020", "--json"]);
    assert_eq!(y.as_array().unwrap().len(), 1);
    let c = json_of(&db, &["money", "--country", "Peru", "--json"]);
    assert_eq!(c.as_array().unwrap().len(), 2, "{c}");
    let r = json_of(
        &db,
        &[
            "money",
            "--by",
            "registrant",
            "--registrant",
            "6766",
            "--json",
        ],
    );
    let r = r.as_array().unwrap();
    assert_eq!(r.len(), 2);
    assert!(
        r.iter()
            .all(|x| x["registration_number"] == 6766 && x.get("country_code").is_none())
    );
    let p = json_of(
        &db,
        &[
            "money",
            "--by",
            "principal",
            "--registrant",
            "6523",
            "--json",
        ],
    );
    let names: BTreeSet<&str> = p
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["foreign_principal"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        BTreeSet::from(["Government of Peru", "An unlisted ministry"])
    );

    // The SQL view gives the same totals (Datasette users read it directly).
    let conn = open(&db);
    let v: f64 = conn
        .query_row(
            "SELECT amount FROM money_by_country WHERE country_code = 'BO' AND year = 2020 AND currency = 'USD'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, 60000.0);
    let v: i64 = conn
        .query_row(
            "SELECT receipts FROM money_by_registrant WHERE registration_number = 6523 AND year = 2018 AND currency = 'USD'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(v, 2);

    // Text output: one line per total, the currency named, amounts grouped.
    let text = stdout_of(&faralink(&db).args(["money"]).assert().success());
    assert!(text.contains("USD 60,000"), "{text}");
    assert!(text.contains("EUR 18,000"), "{text}");
}

#[test]
fn country_lists_active_registrants_with_active_principals_and_takedowns() {
    let (_tmp, db) = synced();
    with_receipts(&db);
    // Bolivia: 6766's Bolivian principal terminated in 2020; 7700 is active with an active
    // Bolivian principal.
    let v = json_of(&db, &["country", "Bolivia", "--json"]);
    assert_eq!(v["country_code"], "BO");
    let regs: Vec<i64> = v["registrants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["registration_number"].as_i64().unwrap())
        .collect();
    assert_eq!(regs, vec![7700]);
    assert!(v.get("history").is_none());
    let takedowns: Vec<&str> = v["takedowns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["takedown_id"].as_str().unwrap())
        .collect();
    assert!(
        takedowns.contains(&"meta-2020-09-cls-strategies"),
        "{takedowns:?}"
    );

    // --all adds CLS's terminated Bolivia registration, with its receipts by year, as history.
    let v = json_of(&db, &["country", "BO", "--all", "--json"]);
    let history = v["history"].as_array().unwrap();
    let cls = history
        .iter()
        .find(|r| r["registration_number"] == 6766)
        .expect("6766 in the history");
    let years: Vec<(i64, f64)> = cls["receipts_by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (y["year"].as_i64().unwrap(), y["amount"].as_f64().unwrap()))
        .collect();
    assert_eq!(years, vec![(2020, 60000.0), (2019, 30000.0)]);
    let text = stdout_of(
        &faralink(&db)
            .args(["country", "bo", "--all"])
            .assert()
            .success(),
    );
    assert!(text.contains("HISTORY"), "{text}");

    // An unknown country is the user's error, named.
    let a = faralink(&db).args(["country", "Atlantis"]).assert().code(1);
    assert!(stderr_of(&a).contains("no country \"Atlantis\""));
}

/// DOJ's own "Active Foreign Principals" export of the same day as the 2025 bulk files lists,
/// per country, the registrants that represent it. `country QA` must list exactly those for
/// Qatar, and the same must hold for nearly every other country (a few differ where DOJ's
/// export names a country our codes merge, e.g. Scotland and the United Kingdom, or lists a
/// principal of a registration the bulk file shows terminated).
#[test]
fn country_matches_dojs_active_principals_export_on_the_real_registry() {
    let Some(snapshot) = real_bulk("2025-04-11") else {
        return;
    };
    let export = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real/fara/howard_browse_filings/Active_Foreign_Principals_2025-04-11.csv");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("real.db");
    let mirror = mirror_of(&snapshot, &tmp.path().join("mirror"));
    faralink(&db)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(&mirror)
        .assert()
        .success();
    let mut by_country: HashMap<String, BTreeSet<i64>> = HashMap::new();
    let mut rdr = csv::Reader::from_path(&export).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
            .unwrap()
    };
    let (country, reg) = (col("Country/LocationRepresented"), col("Registration #"));
    for rec in rdr.records() {
        let rec = rec.unwrap();
        by_country
            .entry(rec[country].trim().to_string())
            .or_default()
            .insert(rec[reg].parse().unwrap());
    }
    let listed = |c: &str| -> BTreeSet<i64> {
        json_of(&db, &["country", c, "--json"])["registrants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["registration_number"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(listed("QA"), by_country["QATAR"]);
    assert_eq!(listed("QA").len(), 27);
    let (mut same, mut compared) = (0, 0);
    for (c, regs) in &by_country {
        if faralink::text::country::country_code(c).is_none() {
            continue; // "INTERNATIONAL", "TIBET": not countries with a code
        }
        compared += 1;
        if &listed(c) == regs {
            same += 1;
        }
    }
    eprintln!("country view equals DOJ's export for {same} of {compared} countries");
    assert!(
        same as f64 >= 0.93 * compared as f64,
        "{same} of {compared}"
    );
}

/// `/countries/{code}` is a page about the country, `/api/countries/{code}` the CLI's JSON,
/// and a firm page links each principal's country to it.
#[test]
fn country_page_and_api_on_the_web() {
    let (_tmp, db) = synced();
    with_receipts(&db);
    let s = Served::start(&db);
    let (status, ctype, body) = crate::web::get(&s.base, "/countries/BO");
    assert_eq!(status, 200);
    assert!(ctype.starts_with("text/html"), "{ctype}");
    assert!(body.contains("<title>Bolivia"), "{body}");
    assert!(body.contains("/registrants/7700"), "{body}");
    assert!(body.contains("meta-2020-09-cls-strategies"), "{body}");
    assert!(
        !body.contains("/registrants/6766\""),
        "history is not shown without all=1"
    );
    let (_, _, all) = crate::web::get(&s.base, "/countries/bo?all=1");
    assert!(
        all.contains("History") && all.contains("/registrants/6766"),
        "{all}"
    );
    assert!(all.contains("USD 60,000"), "{all}");

    let (status, _, api) = crate::web::get(&s.base, "/api/countries/BO");
    assert_eq!(status, 200);
    let api: serde_json::Value = serde_json::from_str(&api).unwrap();
    assert_eq!(api, json_of(&db, &["country", "BO", "--json"]));

    let (status, _, _) = crate::web::get(&s.base, "/countries/XX");
    assert_eq!(status, 404);
    let (_, _, firm) = crate::web::get(&s.base, "/registrants/6766");
    assert!(firm.contains("href=\"/countries/BO\""), "{firm}");
}

/// The dossier shows receipts by year per principal, with links to the statements, in the
/// terminal, JSON, Markdown and on the web.
#[test]
fn dossier_shows_receipts_by_year_with_their_statements() {
    let (_tmp, db) = synced();
    with_receipts(&db);
    let j = json_of(&db, &["show", "6766", "--json"]);
    let years: Vec<(i64, f64, usize)> = j["receipts_by_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().unwrap(),
                y["amount"].as_f64().unwrap(),
                y["documents"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(years, vec![(2020, 60000.0, 2), (2019, 30000.0, 1)]);
    let text = stdout_of(&faralink(&db).args(["show", "6766"]).assert().success());
    assert!(text.contains("Receipts by year"), "{text}");
    assert!(text.contains("USD 60,000"), "{text}");
    assert!(
        text.contains("6766-Supplemental-Statement-20201201-2.pdf"),
        "{text}"
    );
    let md = stdout_of(
        &faralink(&db)
            .args(["show", "6766", "--markdown"])
            .assert()
            .success(),
    );
    assert!(md.contains("## Receipts by year"), "{md}");
    assert!(
        md.contains("(https://efile.fara.gov/docs/6766-Supplemental-Statement-20200601-1.pdf)"),
        "{md}"
    );
    let s = Served::start(&db);
    let (_, _, page) = crate::web::get(&s.base, "/registrants/6766");
    assert!(page.contains("Receipts by year"), "{page}");
    assert!(
        page.contains(
            "href=\"https://efile.fara.gov/docs/6766-Supplemental-Statement-20201201-2.pdf\""
        ),
        "{page}"
    );
}

/// `money_country_totals` as a fresh `GROUP BY` over the receipts would give it: (country,
/// year, currency, thousandths, receipts, statements sorted).
type Totals = Vec<(
    Option<String>,
    Option<i64>,
    Option<String>,
    i64,
    i64,
    String,
)>;

fn kept_totals(conn: &rusqlite::Connection) -> Totals {
    let mut stmt = conn
        .prepare(
            "SELECT country_code, year, currency, amount_milli, receipts, documents
             FROM money_country_totals ORDER BY 1, 2, 3",
        )
        .unwrap();
    stmt.query_map([], |r| {
        let docs: String = r.get(5)?;
        let mut docs: Vec<&str> = docs.split('\n').collect();
        docs.sort();
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            docs.join("\n"),
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn fresh_totals(conn: &rusqlite::Connection) -> Totals {
    let mut stmt = conn
        .prepare(
            "WITH r AS (
                 SELECT fp.country_code AS c,
                        CASE WHEN substr(p.date, 1, 4) GLOB '[0-9][0-9][0-9][0-9]'
                             THEN CAST(substr(p.date, 1, 4) AS INTEGER) END AS y,
                        p.currency AS cur, CAST(round(p.amount * 1000) AS INTEGER) AS m,
                        p.document_url AS u
                 FROM payments p LEFT JOIN foreign_principals fp ON fp.id = p.foreign_principal_id
                 WHERE p.amount IS NOT NULL)
             SELECT c, y, cur, sum(m), count(*),
                    (SELECT group_concat(u, char(10)) FROM (
                        SELECT DISTINCT u FROM r r2
                        WHERE r2.c IS r.c AND r2.y IS r.y AND r2.cur IS r.cur ORDER BY u))
             FROM r GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// The per-country totals (`money --by country`) are kept by triggers, not recomputed: after
/// each kind of change a writer makes to the receipts (insert, a re-read statement deleting
/// and replacing its rows, an update of each counted column, a principal's country corrected),
/// the kept table must equal a fresh `GROUP BY` over `payments`. A missing or wrong trigger
/// leaves it stale at the step that needs it.
#[test]
fn money_country_totals_equal_the_receipts_through_inserts_deletes_and_updates() {
    let (_tmp, db) = synced();
    with_receipts(&db);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let check = |step: &str| {
        let kept = kept_totals(&conn);
        assert!(
            !kept.is_empty() || step == "all deleted",
            "{step}: no totals"
        );
        assert_eq!(kept, fresh_totals(&conn), "after {step}");
    };
    check("inserts");
    let s1 = "https://efile.fara.gov/docs/6766-Supplemental-Statement-20200601-1.pdf";
    let s3 = "https://efile.fara.gov/docs/6523-Supplemental-Statement-20180601-1.pdf";
    // A statement read again: its receipts deleted, then stored anew (one fewer, one changed).
    let tx = conn.unchecked_transaction().unwrap();
    tx.execute("DELETE FROM payments WHERE document_url = ?1", [s3])
        .unwrap();
    check_in(&tx, "a statement's receipts deleted");
    let peru: i64 = tx
        .query_row(
            "SELECT id FROM foreign_principals WHERE registration_number = 6523 AND name LIKE '%Peru%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    tx.execute(
        "INSERT INTO payments (document_url, registration_number, foreign_principal, date, amount, currency, foreign_principal_id)
         VALUES (?1, 6523, 'Government of Peru', '2018-02-01', 10000.25, 'USD', ?2),
                (?1, 6523, 'Government of Peru', '2018-03-01', 18000, 'EUR', ?2)",
        rusqlite::params![s3, peru],
    )
    .unwrap();
    tx.commit().unwrap();
    check("a statement re-read");
    // Updates of each column a total depends on.
    for (step, sql) in [
        (
            "amount",
            "UPDATE payments SET amount = amount + 0.5 WHERE currency = 'USD'",
        ),
        (
            "currency",
            "UPDATE payments SET currency = 'GBP' WHERE currency = 'EUR'",
        ),
        (
            "date",
            "UPDATE payments SET date = '2017-12-31' WHERE date LIKE '2018-02%'",
        ),
        (
            "no amount",
            "UPDATE payments SET amount = NULL WHERE date LIKE '2019%'",
        ),
        (
            "an amount read",
            "UPDATE payments SET amount = 7 WHERE amount IS NULL",
        ),
        (
            "principal unmatched",
            "UPDATE payments SET foreign_principal_id = NULL WHERE date LIKE '2020-02%'",
        ),
    ] {
        conn.execute(sql, []).unwrap();
        check(step);
    }
    conn.execute(
        "UPDATE payments SET document_url = ?1 WHERE registration_number = 6523",
        [s1],
    )
    .unwrap();
    check("statement");
    // DOJ corrects a principal's country: its receipts move with it.
    conn.execute(
        "UPDATE foreign_principals SET country_code = 'CL' WHERE id = ?1",
        [peru],
    )
    .unwrap();
    check("a principal's country");
    assert!(
        kept_totals(&conn)
            .iter()
            .any(|t| t.0.as_deref() == Some("CL")),
        "the Peruvian principal's receipts are Chile's now"
    );
    // A principal row deleted by hand, then put back: its receipts lose their country and
    // get it back. (faralink does not enforce references, see db::pragmas; nor does this.)
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    tx.execute(
        "CREATE TEMP TABLE kept_principal AS SELECT * FROM foreign_principals WHERE id = ?1",
        [peru],
    )
    .unwrap();
    tx.execute("DELETE FROM foreign_principals WHERE id = ?1", [peru])
        .unwrap();
    check_in(&tx, "a principal deleted");
    tx.execute(
        "INSERT INTO foreign_principals SELECT * FROM temp.kept_principal",
        [],
    )
    .unwrap();
    check_in(&tx, "a principal inserted");
    tx.rollback().unwrap();
    // What the command shows is the kept table.
    let rows = json_of(&db, &["money", "--by", "country", "--json"]);
    let shown: i64 = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["receipts"].as_i64().unwrap())
        .sum();
    assert_eq!(
        shown,
        count(
            &conn,
            "SELECT count(*) FROM payments WHERE amount IS NOT NULL"
        )
    );
    conn.execute("DELETE FROM payments", []).unwrap();
    check("all deleted");
    assert_eq!(
        count(&conn, "SELECT count(*) FROM money_country_documents"),
        0
    );
}

fn check_in(conn: &rusqlite::Connection, step: &str) {
    assert_eq!(kept_totals(conn), fresh_totals(conn), "after {step}");
}

/// The country page and its JSON are kept between requests (`web/cache.rs`), so a sync that
/// changes the country must change what is served: a server that kept the page it rendered
/// before the sync would go on showing a principal list the registry no longer has.
#[test]
fn country_page_follows_a_sync_that_changes_the_country() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    faralink(&db)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
    let s = Served::start(&db);
    let invented = "Bolivian Office of Invented Trade";
    let page = |path: &str| {
        let (status, _, body) = crate::web::get(&s.base, path);
        assert_eq!(status, 200, "{path}: {body}");
        body
    };
    // Asked twice before the sync: the second answer is the kept one.
    for _ in 0..2 {
        assert!(!page("/countries/BO").contains(invented));
        assert!(!page("/api/countries/BO").contains(invented));
    }
    let before = page("/countries/BO");
    // DOJ's next file lists a new, active Bolivian principal of an active registrant (7700).
    let mirror = mirror_with_rows(
        tmp.path(),
        "FARA_All_ForeignPrincipals.csv",
        &format!(
            "\"\",\"{invented}\",\"05/02/2025\",\"BOLIVIA\",\"7700\",\"04/20/2025\",\"Example Newcomer Strategies LLC\",\"Calle Inventada 1\",\"\",\"La Paz\",\"\",\"\"\n"
        ),
    );
    faralink(&db)
        .args(["-q", "sync", "--only", "fara", "--from"])
        .arg(&mirror)
        .assert()
        .success();
    let after = page("/countries/BO");
    assert_ne!(after, before, "the page did not change with the data");
    assert!(after.contains(invented), "{after}");
    let api: serde_json::Value = serde_json::from_str(&page("/api/countries/BO")).unwrap();
    assert_eq!(api, json_of(&db, &["country", "BO", "--json"]));
    assert!(api.to_string().contains(invented), "{api}");
}

/// Receipts stored before migration 0010 are counted by it: a database at version 9 with
/// receipts and no totals gets them, equal to a fresh `GROUP BY`, on its next open.
#[test]
fn money_country_totals_are_built_from_receipts_stored_before_them() {
    let (_tmp, db) = synced();
    with_receipts(&db);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "DROP TRIGGER money_payment_insert; DROP TRIGGER money_payment_delete;
             DROP TRIGGER money_payment_update; DROP TRIGGER money_principal_leaves;
             DROP TRIGGER money_principal_arrives; DROP TRIGGER money_country_move;
             DROP VIEW money_country_moves;
             DROP TABLE money_country_totals; DROP TABLE money_country_documents;
             PRAGMA user_version = 9;",
        )
        .unwrap();
    }
    faralink(&db).args(["-q", "status"]).assert().success();
    let conn = open(&db);
    assert_eq!(
        count(&conn, "PRAGMA user_version"),
        faralink::db::SCHEMA_VERSION
    );
    let kept = kept_totals(&conn);
    assert_eq!(kept.len(), 5, "{kept:?}");
    assert_eq!(kept, fresh_totals(&conn));
}
