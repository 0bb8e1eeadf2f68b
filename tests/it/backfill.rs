//! The document backfill fits a schedule: a plain `sync` fetches a budget of documents
//! (200, or 30 minutes), supplemental statements and Exhibit AB first, newest first, and the
//! next run goes on where it stopped; `--backfill` fetches the rest. Against a generated
//! listing of 5,000 documents served by a real HTTP server (tiny real PDFs, and 404s).
//!
//! What broke: a first `sync` tried to fetch every listed document of the default types, days
//! of work at DOJ's 5 requests per 10 s, under the sync lock; every cron run meanwhile exited
//! 75 and the registry itself went stale.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::*;

/// One generated listing row.
struct Doc {
    date: String,
    kind: &'static str,
    url: String,
}

const TYPES: [&str; 4] = [
    "Amendment",
    "Supplemental Statement",
    "Registration Statement",
    "Exhibit AB",
];

/// 5,000 documents, one per day from 2011-01-01: 200 Short-Forms (not fetched by default)
/// and 4,800 of the four default types in turn. Every 49th (98 of the default types) has a
/// tiny real PDF in `docs/`; the others answer 404.
fn listing() -> Vec<Doc> {
    let start: jiff::civil::Date = "2011-01-01".parse().unwrap();
    (0..5000)
        .map(|i| {
            let kind = if i % 25 == 24 {
                "Short-Form"
            } else {
                TYPES[i % 4]
            };
            let day = start.checked_add(jiff::Span::new().days(i as i64)).unwrap();
            let reg = [6766, 6523, 5774][i % 3];
            Doc {
                date: day.to_string(),
                kind,
                url: format!(
                    "https://efile.fara.gov/docs/{reg}-{}-{}-{}.pdf",
                    kind.replace(' ', "-"),
                    day.strftime("%Y%m%d"),
                    i % 7 + 1
                ),
            }
        })
        .collect()
}

/// The fixture mirror's other bulk files, the generated RegistrantDocs file, and the PDFs.
fn mirror(dir: &Path, docs: &[Doc]) -> PathBuf {
    let m = dir.join("mirror");
    let zips = m.join("bulk/zip");
    std::fs::create_dir_all(&zips).unwrap();
    for f in [
        "FARA_All_Registrants.csv.zip",
        "FARA_All_ForeignPrincipals.csv.zip",
        "FARA_All_ShortForms.csv.zip",
    ] {
        std::fs::copy(fixtures_mirror().join("bulk/zip").join(f), zips.join(f)).unwrap();
    }
    let mut csv = String::from(
        "\"Date Stamped\",\"Registrant Name\",\"Registration Number\",\"Document Type\",\"Short Form Name\",\"Foreign Principal Name\",\"Foreign Principal Country\",\"URL\"\r\n",
    );
    let pdf = std::fs::read(fixtures_mirror().join("docs/6766-Exhibit-AB-20191211-1.pdf")).unwrap();
    std::fs::create_dir_all(m.join("docs")).unwrap();
    for (i, d) in docs.iter().enumerate() {
        let (y, md) = d.date.split_at(4);
        let mdy = format!("{}/{}/{y}", &md[1..3], &md[4..6]);
        let reg = d
            .url
            .split('/')
            .next_back()
            .unwrap()
            .split('-')
            .next()
            .unwrap();
        csv.push_str(&format!(
            "\"{mdy}\",\"Example Strategies Group\",\"{reg}\",\"{}\",\"\",\"\",\"\",\"{}\"\r\n",
            d.kind, d.url
        ));
        if i % 49 == 0 && d.kind != "Short-Form" {
            let name = d.url.rsplit('/').next().unwrap();
            std::fs::write(m.join("docs").join(name), &pdf).unwrap();
        }
    }
    std::fs::write(
        zips.join("FARA_All_RegistrantDocs.csv.zip"),
        zip_one("FARA_All_RegistrantDocs.csv", csv.as_bytes()),
    )
    .unwrap();
    m
}

/// The order a sync must fetch them in: supplementals and Exhibit AB, newest first, then the
/// other default types, newest first (every date is distinct, so no tie-break is involved).
fn expected_order(docs: &[Doc]) -> Vec<String> {
    let mut wanted: Vec<&Doc> = docs.iter().filter(|d| d.kind != "Short-Form").collect();
    wanted.sort_by(|a, b| {
        let later = |d: &Doc| !matches!(d.kind, "Supplemental Statement" | "Exhibit AB");
        later(a).cmp(&later(b)).then_with(|| b.date.cmp(&a.date))
    });
    wanted
        .iter()
        .map(|d| format!("/{}", d.url.split_once(".gov/").unwrap().1))
        .collect()
}

struct Setup {
    _tmp: tempfile::TempDir,
    db: PathBuf,
    fara: MirrorServer,
    meta: MirrorServer,
}

impl Setup {
    fn sync(&self, extra: &[&str]) -> assert_cmd::assert::Assert {
        faralink(&self.db)
            .env("FARALINK_META_URL", self.meta.base_url())
            .args([
                "--fara-url",
                &self.fara.base_url(),
                "--rate",
                "1000/1",
                "sync",
            ])
            .args(extra)
            .timeout(Duration::from_secs(300))
            .assert()
    }

    /// The document paths requested since the last call, in order.
    fn docs_seen(&self) -> Vec<String> {
        let seen = self
            .fara
            .seen()
            .into_iter()
            .map(|s| s.path)
            .filter(|p| p.starts_with("/docs/"))
            .collect();
        self.fara.clear_seen();
        seen
    }
}

#[test]
fn a_run_stops_at_its_budget_and_the_next_goes_on_where_it_stopped() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = listing();
    let m = mirror(tmp.path(), &docs);
    let s = Setup {
        db: tmp.path().join("f.db"),
        fara: MirrorServer::start(&m),
        meta: MirrorServer::start(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/takedowns/meta_repo"),
        ),
        _tmp: tmp,
    };
    let order = expected_order(&docs);
    assert_eq!(order.len(), 4800);

    // A plain sync: the default budget of 200 documents, a success, said in the summary.
    let out = s.sync(&[]).success();
    let stdout = stdout_of(&out);
    assert!(
        stdout.contains("200 of 4,800 documents") && stdout.contains("4,600 left for later runs"),
        "{stdout}"
    );
    let mut fetched = s.docs_seen();
    assert_eq!(fetched, order[..200], "the first run's documents, in order");

    // The next run goes on from there; a budget-limited documents stage leaves the FARA files,
    // the takedowns and the matcher to run as every time.
    let out = s.sync(&["--max-documents", "150", "--json"]).success();
    let summary: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let run2 = s.docs_seen();
    assert_eq!(run2, order[200..350]);
    fetched.extend(run2);
    let sources = summary["sources"].as_array().unwrap();
    for want in [
        "fara:registrants",
        "fara:registrant_docs",
        "documents",
        "takedowns:curated",
        "takedowns:meta",
        "match",
    ] {
        let src = sources
            .iter()
            .find(|x| x["source"] == want)
            .unwrap_or_else(|| panic!("{want} missing from {summary:#}"));
        assert_eq!(src["status"], "ok", "{src:#}");
    }
    let d = &sources.iter().find(|x| x["source"] == "documents").unwrap()["documents"];
    assert_eq!(
        (&d["listed"], &d["tried"], &d["left"]),
        (&4600.into(), &150.into(), &4450.into()),
        "{d:#}"
    );
    assert_eq!(d["stopped_by"]["documents"]["limit"], 150, "{d:#}");

    // status: the backlog per type and the ETA at the configured rate (4 per 10.5 s here).
    let out = faralink(&s.db)
        .args(["status", "--json"])
        .assert()
        .success();
    let status: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let b = &status["document_backlog"];
    assert_eq!(b["left"], 4450, "{b:#}");
    assert_eq!(b["eta_seconds"], 4450 * 105 / 40, "{b:#}");
    assert_eq!(b["runs_at_default_budget"], 23, "{b:#}");
    let types = b["types"].as_array().unwrap();
    let names: Vec<&str> = types
        .iter()
        .map(|t| t["document_type"].as_str().unwrap())
        .collect();
    assert_eq!(
        &names[2..],
        ["Amendment", "Registration Statement", "Short-Form"]
    );
    let short = &types[4];
    assert_eq!(
        (&short["left"], &short["done"], &short["fetched_by_default"]),
        (&200.into(), &0.into(), &false.into())
    );
    let done: u64 = types.iter().map(|t| t["done"].as_u64().unwrap()).sum();
    assert_eq!(done, 350);
    let text = stdout_of(&faralink(&s.db).arg("status").assert().success());
    assert!(
        text.contains("4,450 left of the default types: about 3h 14m at 4 requests per 10.5 s"),
        "{text}"
    );

    // --budget with --max-documents: whichever comes first (here the count).
    s.sync(&[
        "--only",
        "documents",
        "--budget",
        "10m",
        "--max-documents",
        "100",
    ])
    .success();
    let run3 = s.docs_seen();
    assert_eq!(run3, order[350..450]);
    fetched.extend(run3);

    // --backfill: everything left, in one run, and nothing is fetched twice.
    let out = s.sync(&["--only", "documents", "--backfill"]).success();
    let stdout = stdout_of(&out);
    assert!(!stdout.contains("left for later runs"), "{stdout}");
    let run4 = s.docs_seen();
    assert_eq!(run4, order[450..]);
    fetched.extend(run4);
    assert_eq!(fetched, order, "every document once, in order");
    let conn = open(&s.db);
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM documents WHERE status = 'listed' AND document_type != 'Short-Form'"
        ),
        0
    );
    assert_eq!(
        count(
            &conn,
            "SELECT count(*) FROM documents WHERE status = 'fetched'"
        ),
        98
    );
    // A plain sync now has nothing to fetch and says nothing of a budget.
    let out = s.sync(&["--only", "documents"]).success();
    assert!(s.docs_seen().is_empty());
    assert!(!stdout_of(&out).contains("left for later runs"));
}

#[test]
fn budget_options_are_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    for args in [
        &["sync", "--budget", "0m"][..],
        &["sync", "--budget", "2 weeks"],
        &["sync", "--backfill", "--max-documents", "5"],
        &["sync", "--backfill", "--budget", "1h"],
    ] {
        faralink(&db).args(args).assert().code(2);
    }
    assert!(!db.exists());
}
