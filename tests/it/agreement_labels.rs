//! The agreement extractor against the hand-labelled set in `fixtures/agreements/`: precision
//! and recall per field, printed; the test fails when fee, term, client or scope falls below
//! 0.90 on either.
//!
//! A field counts as a true positive when extracted and equal to the label; extracted but wrong
//! (or labelled absent) is a false positive; labelled but missing (or wrong) is a false
//! negative. So a wrong value costs both precision and recall. A scope label is a phrase the
//! extracted scope must contain, as written or with OCR damage undone as the extractor undoes
//! it (`filed_text::readable`).
//!
//! `cargo test --release --test it agreement_labels -- --nocapture` prints the table and the
//! documents per second (no timing is asserted: the machine is shared).

use std::path::{Path, PathBuf};
use std::time::Instant;

use faralink::documents::agreement::{AgreementFields, extract_agreement};
use faralink::documents::filed_text::readable;
use serde_json::Value;

const MIN_FIELD: f64 = 0.90;
const MONTHS_TOLERANCE: f64 = 0.25;

#[derive(Default)]
struct Count {
    tp: u32,
    fp: u32,
    fn_: u32,
}

impl Count {
    /// Scores one document: `expected` and `got` present or not, `equal` when both are.
    fn add(&mut self, expected: bool, got: bool, equal: bool) {
        match (expected, got) {
            (true, true) if equal => self.tp += 1,
            (true, true) => {
                self.fp += 1;
                self.fn_ += 1;
            }
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
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

/// The labelled texts: `fixtures/agreements/`, or the directory `FARALINK_AGREEMENTS_DIR` names
/// (the same layout: `NAME.txt` files and a `labels.json`), to score a batch the extractor has
/// not seen (real Exhibit AB texts, say) before anything is changed for it.
fn dir() -> PathBuf {
    match std::env::var_os("FARALINK_AGREEMENTS_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/agreements"),
    }
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn fee_equal(label: &Value, got: &AgreementFields) -> bool {
    let Some(fee) = &got.fee else { return false };
    let amount = label["amount"].as_f64().unwrap();
    (fee.amount - amount).abs() <= amount * 0.005
        && fee.currency == label["currency"].as_str().unwrap()
        && fee.period.as_str() == label["period"].as_str().unwrap()
}

fn term_equal(label: &Value, got: &AgreementFields) -> bool {
    let Some(term) = &got.term else { return false };
    let months_ok = match (label["months"].as_f64(), term.months) {
        (Some(a), Some(b)) => (a - b).abs() <= MONTHS_TOLERANCE,
        (None, None) => true,
        _ => false,
    };
    term.start.as_deref() == label["start"].as_str()
        && term.end.as_deref() == label["end"].as_str()
        && term.until_terminated == label["until_terminated"].as_bool().unwrap()
        && months_ok
}

#[test]
fn labelled_agreements_meet_precision_and_recall() {
    check(&dir(), &["fee", "term", "client", "scope"]);
}

/// Whole Exhibit AB filings (form and attachments) from the blind batches 329-412, each written
/// after the extractor's previous change and scored before any change for it (first-run
/// figures in `src/documents/agreement/mod.rs`). The bar is on the scope: read for at
/// least 9 in 10 of the filings that state one. Fee, term and client are printed, not asserted
/// here: the term reader misses several of these (see the misses printed).
#[test]
fn exhibit_ab_filings_meet_the_scope_bar() {
    check(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/exhibit-ab"),
        &["scope"],
    );
}

/// Scores every labelled text in `dir`, prints the table, and asserts the `asserted` fields.
fn check(dir: &Path, asserted: &[&str]) {
    let labels: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("labels.json")).unwrap()).unwrap();
    let labels = labels.as_object().unwrap();
    let (mut fee, mut term, mut client, mut scope) = (
        Count::default(),
        Count::default(),
        Count::default(),
        Count::default(),
    );
    let mut texts = Vec::new();
    let mut misses = Vec::new();
    for (name, label) in labels.iter().filter(|(k, _)| !k.starts_with('_')) {
        let text = std::fs::read_to_string(dir.join(format!("{name}.txt")))
            .unwrap_or_else(|e| panic!("{name}.txt: {e}"));
        let got = extract_agreement(&text);
        let checks = [
            (
                &mut fee,
                "fee",
                !label["fee"].is_null(),
                got.fee.is_some(),
                { !label["fee"].is_null() && fee_equal(&label["fee"], &got) },
            ),
            (
                &mut term,
                "term",
                !label["term"].is_null(),
                got.term.is_some(),
                { !label["term"].is_null() && term_equal(&label["term"], &got) },
            ),
            (
                &mut client,
                "client",
                !label["client"].is_null(),
                got.client.is_some(),
                got.client.as_ref().map(|c| norm(&c.name)) == label["client"].as_str().map(norm),
            ),
            (
                &mut scope,
                "scope",
                !label["scope"].is_null(),
                got.scope.is_some(),
                match (&got.scope, label["scope"].as_str()) {
                    // The label is copied from the filed text, OCR errors and all; the
                    // extractor reads the text with OCR damage undone in its vocabulary
                    // ("governrnent" reads "government"), so the label is read the same way.
                    (Some(s), Some(key)) => {
                        s.text.contains(key) || s.text.contains(readable(key).as_str())
                    }
                    _ => false,
                },
            ),
        ];
        for (count, field, expected, present, equal) in checks {
            count.add(expected, present, equal);
            if !(expected == present && (equal || !expected)) {
                let shown = match field {
                    "fee" => format!(
                        "{:?}",
                        got.fee.as_ref().map(|f| (f.amount, &f.currency, f.period))
                    ),
                    "term" => format!(
                        "{:?}",
                        got.term
                            .as_ref()
                            .map(|t| (&t.start, &t.end, t.months, t.until_terminated))
                    ),
                    "client" => format!("{:?}", got.client.as_ref().map(|c| &c.name)),
                    _ => format!("{:?}", got.scope.as_ref().map(|s| &s.text)),
                };
                misses.push(format!(
                    "{name}: {field}: expected {}, got {shown}",
                    label[field]
                ));
            }
        }
        texts.push(text);
    }

    println!("field     precision  recall   (tp/fp/fn)");
    for (field, c) in [
        ("fee", &fee),
        ("term", &term),
        ("client", &client),
        ("scope", &scope),
    ] {
        println!(
            "{field:<9} {:>9.3}  {:>6.3}   ({}/{}/{})",
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

    // Throughput, for BENCHMARKS.md; not asserted (measured on the main set only).
    let rounds = if asserted.len() == 4 { 20 } else { 0 };
    let started = Instant::now();
    for _ in 0..rounds {
        for text in &texts {
            std::hint::black_box(extract_agreement(text));
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "throughput: {:.0} documents per second ({} documents × {rounds} rounds in {seconds:.3} s)",
        (texts.len() * rounds) as f64 / seconds,
        texts.len()
    );

    for (field, c) in [
        ("fee", &fee),
        ("term", &term),
        ("client", &client),
        ("scope", &scope),
    ] {
        if !asserted.contains(&field) {
            continue;
        }
        assert!(
            c.precision() >= MIN_FIELD && c.recall() >= MIN_FIELD,
            "{field}: precision {:.3}, recall {:.3}, below {MIN_FIELD}",
            c.precision(),
            c.recall()
        );
    }
}

/// No agreement text reads as a supplemental statement with receipts: a fee or an instalment
/// schedule in a contract is not a receipt. (This was checked against the agreement
/// extractor's own receipts reader, removed when the supplemental reader replaced it.)
#[test]
fn no_agreement_text_yields_receipts() {
    let labels: Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join("labels.json")).unwrap()).unwrap();
    for name in labels.as_object().unwrap().keys() {
        if name.starts_with('_') {
            continue;
        }
        let text = std::fs::read_to_string(dir().join(format!("{name}.txt"))).unwrap();
        let got = faralink::documents::supplemental::read_statement(&text);
        assert!(got.receipts.is_empty(), "{name}: {:?}", got.receipts);
    }
}
