//! The import parsers on invented rows.

use std::path::Path;

use super::fiat::{fiat_list, fiat_targets};
use super::*;

const HEADER: &str = "takedown_id,platform,announced_on,network_name,attributed_to,origin_countries,target_countries,fb_accounts,fb_pages,fb_groups,ig_accounts,other_accounts,followers,ad_spend_usd,attribution_text,summary,source_url\n";

#[test]
fn csv_rows_and_rejects_with_lines() {
    let csv = format!(
        "{HEADER}a,Meta,2020-09-01,Net,CLS Strategies,US,Venezuela;MX;Bolivia,55,42,,36,,\"about 510,000\",\"$3.6 million\",,,\n\
         b,Meta,not a date,,,,,,,,,,,,,,\n\
         ,Meta,2020-09-01,,,Atlantis,,many,,,,,,,,,\n\
         a,Meta,2020-09-01,,,,,,,,,,,,,,\n\
         c,Meta,2020-09-01,,,Atlantis,atlantis;Iran,many,,,,,,a lot,,,\n\
         d,Meta,2020-09-02,,,Atlantis,,,,,,,,,,,\n"
    );
    let p = parse_csv(csv.as_bytes(), "t.csv").unwrap();
    assert_eq!(p.records, 6);
    assert_eq!(p.takedowns.len(), 3);
    let t = &p.takedowns[0];
    assert_eq!(t.target_countries, ["VE", "MX", "BO"]);
    assert_eq!(t.target_as_written.as_deref(), Some("Venezuela;MX;Bolivia"));
    assert_eq!(t.origin_countries, ["US"]);
    assert_eq!(t.origin_as_written, None);
    assert_eq!(
        (t.fb_accounts, t.ig_accounts, t.followers),
        (Some(55), Some(36), Some(510_000))
    );
    assert_eq!(t.ad_spend_usd, Some(3_600_000.0));
    let lines: Vec<u64> = p.rejects.iter().map(|r| r.line).collect();
    assert_eq!(lines, [3, 4, 5]);
    assert!(
        p.rejects[0].reason.contains("bad date in announced_on"),
        "{:?}",
        p.rejects[0]
    );
    // Only the required columns reject a row; the rest is not even mentioned.
    let r = &p.rejects[1].reason;
    assert_eq!(r, "missing takedown_id");
    assert!(
        p.rejects[2].reason.contains("repeats"),
        "{:?}",
        p.rejects[2]
    );
    // An unknown place and unreadable numbers load, kept as written.
    let c = &p.takedowns[1];
    assert_eq!(c.origin_regions, ["Atlantis"]);
    assert_eq!(
        (c.target_countries.as_slice(), c.target_regions.as_slice()),
        (&["IR".to_string()][..], &["atlantis".to_string()][..])
    );
    assert_eq!(c.fb_accounts, None);
    let notes = c.import_notes.as_deref().unwrap();
    assert!(
        notes.contains("fb_accounts: \"many\" is not a count") && notes.contains("ad_spend_usd"),
        "{notes}"
    );
    // One warning per distinct value, naming every row and column it was in.
    let values: Vec<&str> = p.unread.iter().map(|u| u.value.as_str()).collect();
    assert_eq!(values, ["Atlantis", "many", "a lot"]);
    assert_eq!(p.unread[0].lines, [6, 7]);
    assert_eq!(
        p.unread[0].columns,
        ["origin_countries", "target_countries"]
    );
    assert_eq!(p.unread[1].lines, [6]);
}

#[test]
fn whole_file_errors() {
    let e = parse_csv(b"platform,announced_on\nMeta,2020-01-01\n", "x.csv").unwrap_err();
    assert!(
        e.to_string().contains("x.csv") && e.to_string().contains("takedown_id"),
        "{e}"
    );
    let e = parse_json(b"[{\"a\": 1},", "x.json").unwrap_err();
    assert!(matches!(e, ImportError::Json { .. }), "{e}");
    let e = parse_json(b"{}", "x.json").unwrap_err();
    assert!(matches!(e, ImportError::NotArray { .. }), "{e}");
    let e = parse_csv(b"takedown_id\n\xff\n", "x.csv").unwrap_err();
    assert!(e.to_string().contains("line 2"), "{e}");
}

#[test]
fn json_values_and_indexes() {
    let json = br#"[
      {"takedown_id": "a", "platform": "Meta", "announced_on": "September 1, 2020",
       "target_countries": ["Venezuela", "MX"], "fb_accounts": 55, "ad_spend_usd": null},
      {"takedown_id": "b", "platform": "Meta"},
      {"takedown_id": "c", "platform": "Meta", "announced_on": "2020-01-01", "fb_pages": true},
      "x",
      {"takedown_id": true, "platform": "Meta", "announced_on": "2020-01-01"},
      {"Takedown ID": "f", "Platform": "Meta", "Announced On": "2020-01-02"}
    ]"#;
    let p = parse_json(json, "t.json").unwrap();
    let ids: Vec<&str> = p.takedowns.iter().map(|t| t.takedown_id.as_str()).collect();
    assert_eq!(ids, ["a", "c", "f"]);
    assert_eq!(p.takedowns[0].announced_on, "2020-09-01");
    assert_eq!(p.takedowns[0].target_countries, ["VE", "MX"]);
    // A value of the wrong kind outside the required columns is kept and noted.
    assert_eq!(p.takedowns[1].fb_pages, None);
    assert!(
        p.takedowns[1]
            .import_notes
            .as_deref()
            .is_some_and(|n| n.contains("fb_pages: \"true\" is not a count")),
        "{:?}",
        p.takedowns[1]
    );
    let idx: Vec<u64> = p.rejects.iter().map(|r| r.line).collect();
    assert_eq!(idx, [1, 3, 4]);
    assert!(p.rejects[0].reason.contains("missing announced_on"));
    assert!(p.rejects[2].reason.contains("takedown_id: expected text"));
}

#[test]
fn csv_short_long_and_empty_rows() {
    let csv = "takedown_id,platform,announced_on,network_name,summary\n\
               a,Meta,2020-09-01\n\
               b,Meta,2020-09-02,Net,,,\n\
               ,,,,\n\
               c,Meta,2020-09-03,Net,a summary, with an unquoted comma\n";
    let p = parse_csv(csv.as_bytes(), "t.csv").unwrap();
    let ids: Vec<&str> = p.takedowns.iter().map(|t| t.takedown_id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    // The blank row is no record; the shifted one is a reject naming the fix.
    assert_eq!(p.records, 3);
    assert_eq!(p.rejects[0].line, 5);
    assert!(
        p.rejects[0].reason.contains("needs quotes"),
        "{:?}",
        p.rejects[0]
    );
}

#[test]
fn fiat_targets_and_lists() {
    assert_eq!(
        fiat_targets("Russia >>> United States, United Kingdom 2020"),
        "United States;United Kingdom"
    );
    assert_eq!(fiat_targets("China >> US 2020"), "US");
    assert_eq!(fiat_targets("Iran >>> United States"), "United States");
    assert_eq!(fiat_targets("no arrow"), "");
    assert_eq!(fiat_list("Russia and/or China"), "Russia;China");
    assert_eq!(fiat_list("unspecified"), "");
    assert_eq!(fiat_list("Multiple, unlisted"), "");
}

#[test]
fn guesses_formats() {
    assert_eq!(Format::guess(Path::new("a.JSON"), b"[]"), Format::Json);
    assert_eq!(
        Format::guess(Path::new("a.csv"), HEADER.as_bytes()),
        Format::Csv
    );
    assert_eq!(
        Format::guess(
            Path::new("f.csv"),
            b"timestamp,case_hash,case_id,disinformant\n"
        ),
        Format::DfrlabFiat
    );
}
