//! One firm across its registrations (issue #17, item 1): search lists a firm's active
//! registration first, then the most recent; `show NAME` opens it with the firm's other
//! registrations under related registrations, and lists candidates only when different firms
//! fit. Invented firms over the bundled fixtures (always run), and an evaluation over DOJ's
//! real 2025-04-11 registry (skips where ../shared/real is absent).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use crate::common::*;

use faralink::search::{Hit, HitKind, SearchOptions, search};
use faralink::text::fingerprint;

/// Invented firms: one renamed and re-registered ("Quillon & Marsh" → "Quillon and Marsh
/// Strategies"), one filed with a dotted initialism, and two different firms sharing their first
/// word.
const INVENTED: &str = "\
\"9101\",\"03/02/1979\",\"05/06/1984\",\"Quillon & Marsh, Inc.\",\"\",\"1 Invented Way\",\"\",\"Washington\",\"DC\",\"20001\"
\"9102\",\"06/01/1984\",\"01/31/1990\",\"Quillon & Marsh, Inc.\",\"\",\"1 Invented Way\",\"\",\"Washington\",\"DC\",\"20001\"
\"9103\",\"02/01/1990\",\"\",\"Quillon and Marsh Strategies, LLC\",\"\",\"1 Invented Way\",\"\",\"Washington\",\"DC\",\"20001\"
\"9104\",\"09/20/2016\",\"\",\"Z.Q.V. LLC Government Relations\",\"\",\"2 Invented Way\",\"\",\"Washington\",\"DC\",\"20001\"
\"9105\",\"01/01/2001\",\"\",\"Tarrowby Vance LLC\",\"\",\"3 Invented Way\",\"\",\"Washington\",\"DC\",\"20001\"
\"9106\",\"01/01/2002\",\"\",\"Tarrowby Okafor LLC\",\"\",\"4 Invented Way\",\"\",\"Boston\",\"MA\",\"02108\"
";

fn invented_db(dir: &Path) -> std::path::PathBuf {
    let mirror = mirror_with_rows(dir, "FARA_All_Registrants.csv", INVENTED);
    let db = dir.join("f.db");
    faralink(&db)
        .args(["-q", "sync", "--from"])
        .arg(&mirror)
        .assert()
        .success();
    db
}

fn json(a: &assert_cmd::assert::Assert) -> serde_json::Value {
    serde_json::from_str(&stdout_of(a)).unwrap()
}

#[test]
fn a_firms_active_registration_comes_first_and_show_opens_it() {
    let tmp = tempfile::tempdir().unwrap();
    let db = invented_db(tmp.path());
    // The older registrations' own name matches best, yet the active one leads.
    for q in ["Quillon & Marsh", "quillon and marsh inc", "Quillon Marsh"] {
        let a = faralink(&db)
            .args(["search", q, "--json"])
            .assert()
            .success();
        let hits = json(&a);
        let firms: Vec<i64> = hits
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["kind"] == "registrant")
            .map(|h| h["registration_number"].as_i64().unwrap())
            .collect();
        assert_eq!(firms[..3], [9103, 9102, 9101], "{q}: {hits:#}");
        assert_eq!(hits[0]["active"], true);
        assert_eq!(hits[0]["firm"], 9103);
        assert_eq!(hits[1]["firm"], 9103);
    }
    // The text says each hit's dates and whether it is active.
    let a = faralink(&db)
        .args(["search", "Quillon & Marsh"])
        .assert()
        .success();
    let text = stdout_of(&a);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].contains("9103") && lines[0].contains("1990-02-01 – active"),
        "{text}"
    );
    assert!(lines[1].contains("1984-06-01 – 1990-01-31"), "{text}");
    // show opens the active registration, the others under related registrations, exit 0.
    let a = faralink(&db)
        .args(["show", "Quillon & Marsh", "--json"])
        .assert()
        .success();
    let d = json(&a);
    assert_eq!(d["registrant"]["registration_number"], 9103);
    let related: BTreeSet<i64> = d["related_registrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["registration_number"].as_i64().unwrap())
        .collect();
    assert_eq!(related, BTreeSet::from([9101, 9102]));
    assert!(
        d["related_registrations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| !r["reason"].as_str().unwrap().is_empty())
    );
    assert!(stderr_of(&a).contains("showing 9103"), "{}", stderr_of(&a));
    // A firm with no active registration opens at its most recent, and says so.
    let a = faralink(&db)
        .args(["show", "CLS Strategies", "--json"])
        .assert()
        .success();
    let d = json(&a);
    assert_eq!(d["registrant"]["registration_number"], 6766);
    let related: BTreeSet<i64> = d["related_registrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["registration_number"].as_i64().unwrap())
        .collect();
    // 4953 is there as a proposed predecessor (initials), not as the same firm.
    assert!(related.is_superset(&BTreeSet::from([6523, 5774, 4953])));
    let initials = d["related_registrations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["registration_number"] == 4953)
        .unwrap();
    assert!(initials["reason"].as_str().unwrap().contains("proposed"));
    assert!(
        stderr_of(&a).contains("none is active"),
        "{}",
        stderr_of(&a)
    );
}

#[test]
fn a_name_different_firms_share_lists_them_and_initialisms_match_either_way() {
    let tmp = tempfile::tempdir().unwrap();
    let db = invented_db(tmp.path());
    // Two firms, both active, both beginning "Tarrowby": candidates, exit 1.
    let out = faralink(&db).args(["show", "Tarrowby"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("9105") && err.contains("9106"), "{err}");
    assert!(out.stdout.is_empty());
    // Dotted initialisms: "ZQV LLC" finds "Z.Q.V. LLC", and the other way round.
    for q in ["ZQV LLC", "zqv", "Z.Q.V.", "Z Q V Government Relations"] {
        let a = faralink(&db)
            .args(["search", q, "--json"])
            .assert()
            .success();
        let hits = json(&a);
        assert_eq!(hits[0]["registration_number"], 9104, "{q}: {hits:#}");
    }
}

/// `search "CLS Strategies"` listed each takedown hit twice (found by both the strict and the
/// loose FTS query), and the duplicates ate into `--limit`. Every hit is one thing: checked over
/// a query for every name and word of the fixtures.
#[test]
fn no_query_lists_the_same_hit_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let db = invented_db(tmp.path());
    let conn = open(&db);
    let mut queries: BTreeSet<String> = BTreeSet::new();
    for sql in [
        "SELECT name FROM registrants",
        "SELECT name FROM foreign_principals",
        "SELECT coalesce(network_name, takedown_id) FROM takedowns",
        "SELECT attributed_to FROM takedowns WHERE attributed_to IS NOT NULL",
        "SELECT part FROM name_parts",
    ] {
        let names: Vec<String> = conn
            .prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for n in names {
            let words: Vec<&str> = n.split_whitespace().collect();
            queries.insert(n.clone());
            queries.extend(words.iter().map(|w| w.to_string()));
            if words.len() > 2 {
                queries.insert(words[..2].join(" "));
            }
        }
    }
    assert!(queries.len() > 300, "{}", queries.len());
    for q in &queries {
        for limit in [5, 50] {
            let opts = SearchOptions {
                limit,
                ..SearchOptions::default()
            };
            assert_each_once(q, &search(&conn, q, &opts).unwrap());
        }
    }
    // The reported case, through the binary.
    let a = faralink(&db)
        .args(["search", "CLS Strategies", "--json", "--limit", "50"])
        .assert()
        .success();
    let hits = json(&a);
    let takedowns: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["takedown_id"].as_str())
        .collect();
    let distinct: BTreeSet<&str> = takedowns.iter().copied().collect();
    assert!(takedowns.len() >= 2, "{hits:#}");
    assert_eq!(takedowns.len(), distinct.len(), "{hits:#}");
}

fn assert_each_once(q: &str, hits: &[Hit]) {
    let mut seen = HashSet::new();
    for h in hits {
        let key = (
            format!("{:?}", h.kind),
            h.registration_number,
            h.foreign_principal_id,
            h.takedown_id.clone(),
            h.document_url.clone(),
        );
        assert!(seen.insert(key.clone()), "{q:?} lists {key:?} twice");
    }
}

/// A firm of the evaluation: its registrations and the one active.
struct Firm {
    active: i64,
    names: Vec<(i64, String)>,
}

/// The queries a reporter would type for `firm`: its active registration's name as filed, in
/// lower case, without legal forms, with `&`/`and` swapped, its first two words, a typo, and
/// an older registration's short name.
fn variants(firm: &Firm, seed: &mut u64) -> Vec<String> {
    let active = &firm
        .names
        .iter()
        .find(|(n, _)| *n == firm.active)
        .unwrap()
        .1;
    let words = |name: &str| -> Vec<String> {
        fingerprint::tokens_in_order(name)
            .into_iter()
            .filter(|t| !t.is_legal_form)
            .map(|t| t.text)
            .collect()
    };
    let short = |w: &[String]| w.iter().take(2).cloned().collect::<Vec<_>>().join(" ");
    let aw = words(active);
    let mut out = vec![
        active.clone(),
        active.to_lowercase(),
        aw.join(" "),
        short(&aw),
    ];
    if active.contains('&') {
        out.push(active.replace('&', "and"));
    } else if active.contains(" and ") {
        out.push(active.replace(" and ", " & "));
    }
    // A typo: two letters swapped (not the first two) in the longest word of the short name.
    if let Some(w) = aw
        .iter()
        .take(2)
        .filter(|w| w.len() >= 5)
        .max_by_key(|w| w.len())
    {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let i = 2 + (*seed >> 33) as usize % (w.len() - 3);
        let mut c: Vec<char> = w.chars().collect();
        if c.len() == w.len() {
            c.swap(i, i + 1);
            let typo: String = c.into_iter().collect();
            let mut t: Vec<String> = aw.iter().take(2).cloned().collect();
            for x in t.iter_mut() {
                if x == w {
                    *x = typo.clone();
                }
            }
            out.push(t.join(" "));
        }
    }
    for (n, name) in &firm.names {
        if *n != firm.active {
            let s = short(&words(name));
            if !s.is_empty() {
                out.push(s);
            }
        }
    }
    out.retain(|q| !q.trim().is_empty());
    let mut seen = HashSet::new();
    out.retain(|q| seen.insert(q.to_lowercase()));
    out
}

/// Top-1 over `firms`: the share of queries whose first registrant hit is the firm's active
/// registration. Prints the misses. Every result is also checked for duplicates.
fn top1(conn: &rusqlite::Connection, label: &str, firms: &[Firm]) -> f64 {
    let opts = SearchOptions::default();
    let (mut n, mut ok) = (0usize, 0usize);
    let mut seed = 17u64;
    for f in firms {
        for q in variants(f, &mut seed) {
            let hits = search(conn, &q, &opts).unwrap();
            assert_each_once(&q, &hits);
            n += 1;
            let first = hits.iter().find(|h| h.kind == HitKind::Registrant);
            if first.and_then(|h| h.registration_number) == Some(f.active) {
                ok += 1;
            } else {
                eprintln!(
                    "MISS {label} {q:?}: want {} {:?}, first registrant hit {:?}",
                    f.active,
                    f.names,
                    first.map(|h| (h.registration_number, &h.name, h.score))
                );
            }
        }
    }
    let rate = ok as f64 / n as f64;
    eprintln!(
        "{label}: {} firms, {n} queries, top-1 {ok}/{n} = {rate:.3}",
        firms.len()
    );
    rate
}

/// The firms with more than one registration and exactly one active, grouped by `group_of`.
fn firms_by(
    regs: &[(i64, String, bool)],
    group_of: impl Fn(i64, &str) -> Option<String>,
) -> Vec<Firm> {
    let mut groups: BTreeMap<String, Vec<&(i64, String, bool)>> = BTreeMap::new();
    for r in regs {
        if let Some(g) = group_of(r.0, &r.1) {
            groups.entry(g).or_default().push(r);
        }
    }
    groups
        .into_values()
        .filter(|m| m.len() > 1 && m.iter().filter(|r| r.2).count() == 1)
        .map(|m| Firm {
            active: m.iter().find(|r| r.2).unwrap().0,
            names: m.iter().map(|r| (r.0, r.1.clone())).collect(),
        })
        .collect()
}

#[test]
fn firm_queries_over_the_real_2025_registry_find_the_active_registration_first() {
    let Some(snap) = real_bulk("2025-04-11") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let mirror = mirror_of(&snap, &tmp.path().join("m"));
    let db = tmp.path().join("f.db");
    // The whole sync: the match stage relates the registrations of one firm.
    faralink(&db)
        .args(["-q", "sync", "--from"])
        .arg(&mirror)
        .assert()
        .success();
    let conn = open(&db);
    let regs: Vec<(i64, String, bool)> = conn
        .prepare(
            "SELECT registration_number, name,
                    removed_at IS NULL AND coalesce(termination_date, '') = ''
             FROM registrants ORDER BY registration_number",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // Firms two ways: the same name after normalisation alone (independent of the firm
    // rules), and the firms the matcher stored (extended names, former and trade names).
    let by_name = firms_by(&regs, |_, name| {
        let k = fingerprint::key(&faralink::text::names::split_name(name).name);
        (!k.is_empty()).then_some(k)
    });
    let mut firm_of: BTreeMap<i64, i64> = BTreeMap::new();
    let pairs: Vec<(i64, i64)> = conn
        .prepare(
            "SELECT registration_number, related_number FROM registrant_relations
             WHERE kind <> 'initials'",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (a, b) in pairs {
        // Stored for every pair of a firm: the smallest number names the firm.
        let e = firm_of.entry(a).or_insert(a);
        *e = (*e).min(b);
    }
    let by_relations = firms_by(&regs, |n, _| firm_of.get(&n).map(|f| f.to_string()));
    assert!(by_name.len() > 60, "{}", by_name.len());
    assert!(by_relations.len() > by_name.len(), "{}", by_relations.len());
    // The examples are among them.
    for want in [3301, 3492, 6501, 7129, 7454, 7157, 6582, 6170] {
        assert!(
            by_relations.iter().any(|f| f.active == want),
            "{want} is not the active registration of a firm"
        );
    }
    let a = top1(&conn, "same name", &by_name);
    let b = top1(&conn, "firm", &by_relations);
    assert!(a >= 0.95, "same-name firms: top-1 {a:.3}");
    assert!(b >= 0.95, "firms: top-1 {b:.3}");
}
