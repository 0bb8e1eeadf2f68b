//! The supplemental-statement reader against the hand-labelled statements in
//! `fixtures/agreements/` (labels: `supplemental-labels.json`): precision and recall per field
//! of the receipts (foreign principal, date, from whom, purpose, amount with currency), of
//! whole receipts, disbursements and contributions, and of the receipts answer; printed, and
//! the test fails when any falls below 0.90.
//!
//! Rows are paired first (same date, amount and currency, else the best agreement of fields);
//! then a field counts as a true positive when read and equal to the label, a false positive
//! when read but wrong or labelled absent, a false negative when labelled but missing or wrong.
//! A row read that matches no labelled row costs precision on every field it has; a labelled
//! row not read costs recall on every field. Text fields compare letters and digits only,
//! case-insensitively.
//!
//! `cargo test --test it supplemental_labels -- --nocapture` prints the table.

use std::collections::BTreeMap;
use std::path::PathBuf;

use faralink::documents::supplemental::{Entry, read_statement};
use serde_json::Value;

const MIN: f64 = 0.90;

#[derive(Default, Clone, Copy)]
struct Count {
    tp: u32,
    fp: u32,
    fn_: u32,
}

impl Count {
    fn add(&mut self, expected: Option<&str>, got: Option<&str>) {
        match (expected, got) {
            (Some(e), Some(g)) if e == g => self.tp += 1,
            (Some(_), Some(_)) => {
                self.fp += 1;
                self.fn_ += 1;
            }
            (None, Some(_)) => self.fp += 1,
            (Some(_), None) => self.fn_ += 1,
            (None, None) => {}
        }
    }
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/agreements")
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The fields of a row as comparable text: (field, value).
fn fields_of_label(label: &Value, party: &str) -> Vec<(&'static str, Option<String>)> {
    let text = |k: &str| label[k].as_str().map(norm);
    vec![
        ("foreign_principal", text("foreign_principal")),
        ("date", label["date"].as_str().map(str::to_string)),
        ("party", text(party)),
        ("purpose", text("purpose")),
        (
            "amount",
            Some(format!(
                "{:.2} {}",
                label["amount"].as_f64().unwrap(),
                label["currency"].as_str().unwrap()
            )),
        ),
    ]
}

fn fields_of_entry(e: &Entry) -> Vec<(&'static str, Option<String>)> {
    vec![
        (
            "foreign_principal",
            e.foreign_principal.as_deref().map(norm),
        ),
        ("date", e.date.clone()),
        ("party", e.party.as_deref().map(norm)),
        ("purpose", e.purpose.as_deref().map(norm)),
        ("amount", Some(format!("{:.2} {}", e.amount, e.currency))),
    ]
}

/// Pairs labelled rows with rows read: first on date, amount and currency, then on the most
/// fields equal.
fn pair<'a>(
    labels: &'a [Value],
    got: &'a [Entry],
    party: &str,
) -> Vec<(Option<&'a Value>, Option<&'a Entry>)> {
    let mut free: Vec<Option<&Entry>> = got.iter().map(Some).collect();
    let mut out = Vec::new();
    for l in labels {
        let lf = fields_of_label(l, party);
        let score = |e: &Entry| {
            let ef = fields_of_entry(e);
            let same = |k: &str| {
                lf.iter().find(|(f, _)| *f == k).map(|(_, v)| v)
                    == ef.iter().find(|(f, _)| *f == k).map(|(_, v)| v)
            };
            (same("date") && same("amount")) as u32 * 10
                + lf.iter().zip(&ef).filter(|(a, b)| a.1 == b.1).count() as u32
        };
        let best = free
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.map(|e| (i, score(e))))
            .filter(|(_, s)| *s >= 2)
            .max_by_key(|(i, s)| (*s, std::cmp::Reverse(*i)));
        match best {
            Some((i, _)) => out.push((Some(l), free[i].take())),
            None => out.push((Some(l), None)),
        }
    }
    out.extend(free.into_iter().flatten().map(|e| (None, Some(e))));
    out
}

#[test]
fn labelled_supplementals_meet_precision_and_recall() {
    let labels: Value = serde_json::from_str(
        &std::fs::read_to_string(dir().join("supplemental-labels.json")).unwrap(),
    )
    .unwrap();
    let labels = labels.as_object().unwrap();
    let statements = labels.keys().filter(|k| !k.starts_with('_')).count();
    assert!(statements >= 20, "only {statements} labelled statements");
    let mut counts: BTreeMap<&'static str, Count> = BTreeMap::new();
    let mut misses = Vec::new();
    for (name, label) in labels.iter().filter(|(k, _)| !k.starts_with('_')) {
        let text = std::fs::read_to_string(dir().join(format!("{name}.txt")))
            .unwrap_or_else(|e| panic!("{name}.txt: {e}"));
        let got = read_statement(&text);
        let expected_answer = label["receipts_reported"].as_str();
        counts
            .entry("receipts_reported")
            .or_default()
            .add(expected_answer, got.receipts_reported());
        if expected_answer != got.receipts_reported() {
            misses.push(format!(
                "{name}: receipts_reported expected {expected_answer:?}, got {:?}",
                got.receipts_reported()
            ));
        }
        for (section, party, rows) in [
            ("receipts", "received_from", &got.receipts),
            ("disbursements", "recipient", &got.disbursements),
            ("contributions", "recipient", &got.contributions),
        ] {
            let expected = label[section].as_array().cloned().unwrap_or_default();
            for (l, e) in pair(&expected, rows, party) {
                let lf = l.map(|l| fields_of_label(l, party));
                let ef = e.map(fields_of_entry);
                // A whole row: principal, date, amount and currency (and the counterparty for
                // disbursements and contributions) all right.
                let key = |f: &Vec<(&str, Option<String>)>| {
                    f.iter()
                        .filter(|(k, _)| {
                            matches!(*k, "foreign_principal" | "date" | "amount")
                                || (*k == "party" && section != "receipts")
                        })
                        .map(|(_, v)| format!("{v:?}"))
                        .collect::<Vec<_>>()
                        .join("|")
                };
                let row_name: &'static str = match section {
                    "receipts" => "receipt rows",
                    "disbursements" => "disbursement rows",
                    _ => "contribution rows",
                };
                counts.entry(row_name).or_default().add(
                    lf.as_ref().map(key).as_deref(),
                    ef.as_ref().map(key).as_deref(),
                );
                if lf.as_ref().map(key) != ef.as_ref().map(key) {
                    misses.push(format!(
                        "{name}: {section}: expected {:?}\n      got {:?}",
                        l.map(|l| l.to_string()),
                        e.map(|e| (
                            &e.foreign_principal,
                            &e.date,
                            &e.party,
                            &e.purpose,
                            e.amount,
                            &e.currency
                        ))
                    ));
                }
                if section != "receipts" {
                    continue;
                }
                for i in 0..5 {
                    let field = fields_of_entry_names()[i];
                    let want = lf.as_ref().and_then(|f| f[i].1.clone());
                    let have = ef.as_ref().and_then(|f| f[i].1.clone());
                    counts
                        .entry(field)
                        .or_default()
                        .add(want.as_deref(), have.as_deref());
                    if want != have && lf.is_some() && ef.is_some() {
                        misses.push(format!(
                            "{name}: receipt {field}: expected {want:?}, got {have:?}"
                        ));
                    }
                }
            }
        }
    }
    println!("field                precision  recall   (tp/fp/fn)   over {statements} statements");
    for (field, c) in &counts {
        println!(
            "{field:<20} {:>9.3}  {:>6.3}   ({}/{}/{})",
            c.precision(),
            c.recall(),
            c.tp,
            c.fp,
            c.fn_
        );
    }
    for m in &misses {
        println!("miss: {m}");
    }
    for (field, c) in &counts {
        assert!(
            c.precision() >= MIN && c.recall() >= MIN,
            "{field}: precision {:.3}, recall {:.3}, below {MIN}",
            c.precision(),
            c.recall()
        );
    }
}

fn fields_of_entry_names() -> [&'static str; 5] {
    [
        "receipt principal",
        "receipt date",
        "receipt from whom",
        "receipt purpose",
        "receipt amount",
    ]
}
