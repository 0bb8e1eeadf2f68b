//! The matcher's evaluation set (tests/fixtures/match_eval.csv): labelled pairs of a FARA
//! registration and a takedown, with hard negatives (firms sharing "Reputation", "Insights",
//! "Rally", "Group", "Communications", "Media", "Strategies"; a US exile group named like a
//! Cuban state body; same-country takedowns with no connection). Precision and recall of
//! `attribution` links at the default threshold must both reach 0.9.
//!
//! Two variants: one offline over the labelled rows alone (always runs), one over the real
//! 2025-04-11 registry with the curated takedowns (skips when ../shared/real is absent).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::common::*;
use faralink::matcher::{DEFAULT_MIN_SCORE, Inputs, LinkKind, Registrant, Takedown, match_all};

const MIN_PRECISION: f64 = 0.9;
const MIN_RECALL: f64 = 0.9;

#[derive(Debug, Clone)]
struct Labelled {
    registration_number: i64,
    registrant_name: String,
    registration_date: String,
    termination_date: String,
    takedown_id: String,
    attributed_to: String,
    announced_on: String,
    countries: String,
    label: String,
    why: String,
}

fn labelled() -> Vec<Labelled> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/match_eval.csv");
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_path(&path)
        .unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Labelled {
                registration_number: r[0].parse().unwrap(),
                registrant_name: r[1].to_string(),
                registration_date: r[2].to_string(),
                termination_date: r[3].to_string(),
                takedown_id: r[4].to_string(),
                attributed_to: r[5].to_string(),
                announced_on: r[6].to_string(),
                countries: r[7].to_string(),
                label: r[8].to_string(),
                why: r[9].to_string(),
            }
        })
        .collect()
}

/// Precision and recall of the predicted attribution pairs against the labels (rows labelled
/// `review` are left out), printing every mistake.
fn score(rows: &[Labelled], predicted: &HashSet<(i64, String)>, variant: &str) -> (f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for r in rows {
        let hit = predicted.contains(&(r.registration_number, r.takedown_id.clone()));
        match (r.label.as_str(), hit) {
            ("link", true) => tp += 1.0,
            ("link", false) => {
                fn_ += 1.0;
                eprintln!(
                    "[{variant}] missed: {} {} / {}: {}",
                    r.registration_number, r.registrant_name, r.takedown_id, r.why
                );
            }
            ("no_link", true) => {
                fp += 1.0;
                eprintln!(
                    "[{variant}] false link: {} {} / {}: {}",
                    r.registration_number, r.registrant_name, r.takedown_id, r.why
                );
            }
            _ => {}
        }
    }
    let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 1.0 };
    let recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 1.0 };
    eprintln!(
        "[{variant}] attribution at score >= {DEFAULT_MIN_SCORE}: precision {precision:.3} recall {recall:.3} ({tp} true, {fp} false, {fn_} missed; {} pairs)",
        rows.len()
    );
    (precision, recall)
}

#[test]
fn the_evaluation_set_is_big_enough_and_has_hard_negatives() {
    let rows = labelled();
    assert!(rows.len() >= 60, "{} labelled pairs", rows.len());
    let negatives = rows.iter().filter(|r| r.label == "no_link").count();
    assert!(negatives >= 30);
    for word in [
        "reputation",
        "insights",
        "rally",
        "group",
        "communications",
        "media",
    ] {
        assert!(
            rows.iter()
                .any(|r| r.label == "no_link" && r.why.to_lowercase().contains(word)),
            "no hard negative sharing {word:?}"
        );
    }
    assert!(rows.iter().any(|r| r.why.contains("same country")));
}

/// Offline: the labelled registrants and takedowns alone, through the pure matcher.
#[test]
fn attribution_precision_and_recall_offline() {
    let rows = labelled();
    let mut registrants: HashMap<i64, Registrant> = HashMap::new();
    let mut takedowns: HashMap<String, Takedown> = HashMap::new();
    for r in &rows {
        registrants.entry(r.registration_number).or_insert_with(|| {
            Registrant::from_filed(
                r.registration_number,
                &r.registrant_name,
                None,
                Some(&r.registration_date)
                    .filter(|d| !d.is_empty())
                    .map(String::as_str),
                Some(&r.termination_date)
                    .filter(|d| !d.is_empty())
                    .map(String::as_str),
            )
        });
        takedowns.entry(r.takedown_id.clone()).or_insert_with(|| {
            Takedown::from_row(
                r.takedown_id.clone(),
                Some(&r.announced_on),
                Some(&r.attributed_to),
                None,
                Some(&r.countries),
            )
        });
    }
    let inputs = Inputs {
        registrants: registrants.into_values().collect(),
        principals: vec![],
        takedowns: takedowns.into_values().collect(),
        today: "2025-04-11".parse().ok(),
    };
    let out = match_all(&inputs);
    let predicted: HashSet<(i64, String)> = out
        .links
        .iter()
        .filter(|l| l.kind == LinkKind::Attribution && l.score >= DEFAULT_MIN_SCORE)
        .map(|l| (l.registration_number, l.takedown_id.clone()))
        .collect();
    let (precision, recall) = score(&rows, &predicted, "offline");
    assert!(precision >= MIN_PRECISION, "precision {precision:.3}");
    assert!(recall >= MIN_RECALL, "recall {recall:.3}");
    // The initials predecessor is proposed, under the threshold, never above it.
    for r in rows.iter().filter(|r| r.label == "review") {
        let link = out
            .links
            .iter()
            .find(|l| {
                l.registration_number == r.registration_number && l.takedown_id == r.takedown_id
            })
            .unwrap_or_else(|| {
                panic!(
                    "no proposed link for {} / {}",
                    r.registration_number, r.takedown_id
                )
            });
        assert!(link.score < DEFAULT_MIN_SCORE);
        assert_eq!(link.evidence[0].feature, "initials");
    }
}

fn links_json(db: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let out = faralink(db)
        .args(["links", "--json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<serde_json::Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// The real registry, the curated takedowns and the synthetic ones of the set, through the
/// binary: `sync --from`, `takedowns import`, `sync --only match`, `links --json`.
#[test]
fn attribution_precision_and_recall_real_registry() {
    let Some(snap) = real_bulk("2025-04-11") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let mirror = mirror_of(&snap, &tmp.path().join("m"));
    let db = tmp.path().join("f.db");
    faralink(&db)
        .args(["-q", "sync", "--from"])
        .arg(&mirror)
        .assert()
        .success();

    // Acceptance: the CLS Facebook takedown.
    let cls = links_json(&db, &["--takedown", "meta-2020-09-cls-strategies"]);
    let first = &cls[0];
    assert_eq!(first["registration_number"], 6766);
    assert_eq!(first["kind"], "attribution");
    let evidence = first["evidence"].to_string();
    assert!(
        evidence.contains("same name after normalisation"),
        "{evidence}"
    );
    assert!(evidence.contains("BO"), "{evidence}");
    assert!(evidence.contains("2019-12-11 to 2020-03-01"), "{evidence}");
    for n in [5774, 6523, 4953] {
        let row = cls
            .iter()
            .find(|l| l["registration_number"] == n)
            .unwrap_or_else(|| panic!("{n} not listed"));
        assert!(
            !row["related_to"].as_array().unwrap().is_empty(),
            "{n} not marked related: {row}"
        );
    }
    // No curated takedown attributed to a firm without a FARA registration gets an
    // attribution link above the threshold: only the CLS takedowns have any.
    let all = links_json(&db, &[]);
    let attributed: HashSet<&str> = all
        .iter()
        .filter(|l| l["kind"] == "attribution")
        .map(|l| l["takedown_id"].as_str().unwrap())
        .collect();
    let allowed: HashSet<&str> = [
        "meta-2020-09-cls-strategies",
        "google-tag-2020q3-cls-strategies",
        "meta-2021-04-mek-albania",
    ]
    .into();
    assert!(attributed.is_subset(&allowed), "{attributed:?}");

    // The synthetic takedowns of the set, imported as a person would.
    let rows = labelled();
    let import = tmp.path().join("synthetic.csv");
    let mut w = csv::Writer::from_path(&import).unwrap();
    w.write_record([
        "takedown_id",
        "platform",
        "announced_on",
        "attributed_to",
        "target_countries",
    ])
    .unwrap();
    let mut done = HashSet::new();
    for r in rows
        .iter()
        .filter(|r| r.takedown_id.starts_with("synthetic-"))
    {
        if done.insert(r.takedown_id.clone()) {
            w.write_record([
                r.takedown_id.as_str(),
                "Test",
                r.announced_on.as_str(),
                r.attributed_to.as_str(),
                r.countries.as_str(),
            ])
            .unwrap();
        }
    }
    w.flush().unwrap();
    faralink(&db)
        .args(["-q", "takedowns", "import"])
        .arg(&import)
        .assert()
        .success();
    faralink(&db)
        .args(["-q", "sync", "--only", "match"])
        .assert()
        .success();
    let predicted: HashSet<(i64, String)> = links_json(&db, &[])
        .iter()
        .filter(|l| l["kind"] == "attribution" && l["score"].as_f64().unwrap() >= DEFAULT_MIN_SCORE)
        .map(|l| {
            (
                l["registration_number"].as_i64().unwrap(),
                l["takedown_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let (precision, recall) = score(&rows, &predicted, "real registry");
    assert!(precision >= MIN_PRECISION, "precision {precision:.3}");
    assert!(recall >= MIN_RECALL, "recall {recall:.3}");
}
