//! How a watched firm's name meets the filed names: the real binary, the fixture mirror synced
//! into a real SQLite file, and `watch add`, which says when a firm matches nothing yet. The
//! watchlist shares the one legal-form list (`data/legal_forms.csv`) and the one accent fold
//! with the matcher (issue 18); before, it kept a short list of its own.

use std::path::Path;

use crate::common::*;

fn synced(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("f.db");
    faralink(&db)
        .args(["-q", "sync", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
    db
}

/// The watchlist's own list knew `LLC` but not `Limited Liability Company`: it read the long
/// form as the word "liability", so `CLS Strategies Limited Liability Company` matched no
/// registrant and `watch add` said so. The shared list drops the long form whole.
#[test]
fn a_firm_written_with_its_long_legal_form_matches_the_filed_name() {
    let tmp = tempfile::tempdir().unwrap();
    let db = synced(tmp.path());
    faralink(&db)
        .args(["watch", "add", "CLS Strategies Limited Liability Company"])
        .assert()
        .success()
        .stdout("watching firm: CLS Strategies Limited Liability Company\n")
        .stderr("");
    // Letters the old table did not fold (ć, ł) and legal forms it did not know (GmbH spelled
    // out) meet the filed name too.
    faralink(&db)
        .args([
            "watch",
            "add",
            "Chłopak, Leonard, Schechter & Associates Gesellschaft mit beschränkter Haftung",
        ])
        .assert()
        .success()
        .stderr("");
    // A name that matches nothing is still told apart.
    faralink(&db)
        .args(["watch", "add", "Atlantis Example Group"])
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "no registrant or takedown attribution in the database matches",
        ));
}

/// A watch that ends in the first words of a legal form (`Chlopak, Leonard, Schechter &`,
/// `Minderoo Foundation Pty`) matched the filed `... & Associates, Inc.` while the old list
/// dropped word by word; the shared list drops `& Associates` whole, so the watch drops the
/// unfinished form at its end to keep matching.
#[test]
fn a_legal_form_cut_short_at_the_end_is_not_part_of_the_name() {
    let tmp = tempfile::tempdir().unwrap();
    let db = synced(tmp.path());
    faralink(&db)
        .args(["watch", "add", "Chlopak, Leonard, Schechter &"])
        .assert()
        .success()
        .stderr("");
}
