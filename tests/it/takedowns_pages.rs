//! The Meta Newsroom and Google TAG scrapers on our own fixture pages, and `fetch_pages`
//! against a real HTTP server on 127.0.0.1 where one page's layout changed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::MirrorServer;
use faralink::fetch::Fetcher;
use faralink::http::{HttpConfig, PoliteClient, RateSpec};
use faralink::takedowns::newsroom::{
    PageError, PageKind, fetch_pages, parse_newsroom_post, parse_tag_bulletin,
};
use url::Url;

fn pages() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/takedowns/pages")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(pages().join(name)).unwrap()
}

#[test]
fn newsroom_monthly_report() {
    let ts = parse_newsroom_post(
        &read("meta_newsroom_august_2020_cib_report.html"),
        "https://about.fb.com/news/2020/09/august-2020-cib-report/",
    )
    .unwrap();
    let ids: Vec<&str> = ts.iter().map(|t| t.takedown_id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "meta-2020-09-united-states",
            "meta-2020-09-pakistan",
            "meta-2020-09-russia"
        ]
    );
    let us = &ts[0];
    assert_eq!(us.platform, "Meta");
    assert_eq!(us.announced_on, "2020-09-01");
    assert_eq!(us.network_name.as_deref(), Some("United States"));
    assert_eq!(
        (us.fb_accounts, us.fb_pages, us.fb_groups, us.ig_accounts),
        (Some(55), Some(42), None, Some(36))
    );
    assert_eq!(us.followers, Some(509_000 + 3_100));
    assert_eq!(us.ad_spend_usd, Some(3_900_000.0));
    assert_eq!(us.attributed_to, vec!["CLS Strategies"]);
    assert_eq!(
        us.attribution_text.as_deref(),
        Some(
            "Although the people behind this activity attempted to conceal their identities and coordination, our investigation found links to CLS Strategies, a strategic communications firm in the US."
        )
    );
    assert_eq!(us.origin_countries, vec!["US", "EC"]);
    assert_eq!(us.target_countries, vec!["VE", "MX", "BO"]);
    assert_eq!(
        us.source_url.as_deref(),
        Some("https://about.fb.com/news/2020/09/august-2020-cib-report/")
    );
    // The bullet ("four Instagram accounts") wins over the prose, which omits Instagram.
    let pk = &ts[1];
    assert_eq!(
        (pk.fb_accounts, pk.fb_pages, pk.fb_groups, pk.ig_accounts),
        (Some(12), Some(3), Some(1), Some(4))
    );
    assert_eq!(pk.followers, Some(1_200 + 400 + 90));
    assert_eq!(pk.ad_spend_usd, Some(0.0));
    assert!(pk.attributed_to.is_empty());
    assert_eq!(pk.target_countries, vec!["PK", "IN"]);
    assert_eq!(ts[2].ad_spend_usd, Some(1_000.0), "less than $1,000");
}

#[test]
fn tag_bulletin() {
    let ts = parse_tag_bulletin(
        &read("google_tag_bulletin_q3_2020.html"),
        "https://blog.google/threat-analysis-group/tag-bulletin-q3-2020/",
    )
    .unwrap();
    let ids: Vec<&str> = ts.iter().map(|t| t.takedown_id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "google-2020-07-russia",
            "google-2020-08-ecuador",
            "google-2020-09-venezuela-bolivia-mexico",
            "google-2020-09-russia",
            "google-2020-09-network"
        ]
    );
    assert!(
        ts.iter()
            .all(|t| t.platform == "Google" && t.announced_on == "2020-11-12")
    );
    let ec = &ts[1];
    assert_eq!(ec.other_accounts, Some(4));
    assert_eq!(ec.origin_countries, vec!["EC"]);
    assert_eq!(ec.attributed_to, vec!["the PR firm Estraterra"]);
    let cls = &ts[2];
    assert_eq!(
        cls.other_accounts,
        Some(17),
        "channels and blogs, not domains"
    );
    assert_eq!(cls.origin_countries, vec!["VE", "BO", "MX"]);
    assert_eq!(cls.attributed_to, vec!["CLS Strategies"]);
    assert!(
        cls.attribution_text
            .as_deref()
            .unwrap()
            .starts_with("The campaign was linked to a U.S.-based PR firm, CLS Strategies")
    );
    assert!(
        cls.summary
            .as_deref()
            .unwrap()
            .starts_with("September 2020: We terminated 15")
    );
    assert!(ts[0].attributed_to.is_empty());
    assert_eq!(ts[0].attribution_text, None);
    // "We banned 1 Play developer and terminated 9 YouTube channels ... operation. The
    // campaign was linked to an example PR firm, <name>, and posted ...": no country.
    let last = &ts[4];
    assert_eq!(last.other_accounts, Some(10));
    assert!(last.origin_countries.is_empty());
    assert_eq!(last.attributed_to, vec!["Northwind Example Group"]);
}

#[test]
fn changed_layouts_are_errors_naming_page_and_element() {
    let err =
        parse_newsroom_post(&read("meta_newsroom_redesigned.html"), "news/2021/06/x").unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, PageError::Layout { .. }));
    assert!(msg.starts_with("news/2021/06/x: layout changed"), "{msg}");
    assert!(msg.contains("network section"), "{msg}");
    // A TAG parser handed a Newsroom page: no bulletin title.
    let err =
        parse_tag_bulletin(&read("meta_newsroom_august_2020_cib_report.html"), "p").unwrap_err();
    assert!(err.to_string().contains("TAG Bulletin"), "{err}");
    // A Newsroom page without a date.
    let html = read("meta_newsroom_august_2020_cib_report.html")
        .replace("article:published_time", "x")
        .replace("<time datetime=\"2020-09-01T17:00:00+00:00\">", "<time>");
    let err = parse_newsroom_post(&html, "p").unwrap_err();
    assert!(err.to_string().contains("publication date"), "{err}");
}

#[test]
fn fetch_pages_over_http_records_the_changed_page() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news/2020/09");
    std::fs::create_dir_all(&news).unwrap();
    std::fs::copy(
        pages().join("meta_newsroom_august_2020_cib_report.html"),
        news.join("august-2020-cib-report"),
    )
    .unwrap();
    std::fs::copy(
        pages().join("meta_newsroom_redesigned.html"),
        news.join("redesigned"),
    )
    .unwrap();
    let server = MirrorServer::start(dir.path());
    let client = PoliteClient::new(HttpConfig {
        rate: RateSpec {
            requests: 100,
            window: Duration::from_secs(1),
        },
        max_attempts: 2,
        ..HttpConfig::default()
    })
    .unwrap();
    let fetcher = Fetcher::Http {
        client,
        base: Url::parse(&server.base_url()).unwrap(),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let h = rt.block_on(fetch_pages(
        &fetcher,
        PageKind::MetaNewsroom,
        &[
            "news/2020/09/redesigned",
            "news/2020/09/august-2020-cib-report",
            "news/2020/09/gone",
        ],
    ));
    assert_eq!(h.takedowns.len(), 3);
    let failed: Vec<&str> = h.failures.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(failed, vec!["news/2020/09/redesigned", "news/2020/09/gone"]);
    assert!(
        h.failures[0].reason.contains("layout changed"),
        "{}",
        h.failures[0].reason
    );
    assert!(
        h.failures[1].reason.contains("HTTP 404"),
        "{}",
        h.failures[1].reason
    );
}

#[test]
fn newsroom_2021_labelled_list() {
    let ts = parse_newsroom_post(
        &read("meta_newsroom_june_2021_cib_report.html"),
        "https://about.fb.com/news/2021/07/june-2021-coordinated-inauthentic-behavior-report/",
    )
    .unwrap();
    let ids: Vec<&str> = ts.iter().map(|t| t.takedown_id.as_str()).collect();
    assert_eq!(ids, vec!["meta-2021-07-iraq-iran", "meta-2021-07-mexico"]);
    let iq = &ts[0];
    assert_eq!(iq.announced_on, "2021-07-06");
    assert_eq!(
        (iq.fb_accounts, iq.fb_pages, iq.fb_groups, iq.ig_accounts),
        (Some(675), Some(16), None, Some(10))
    );
    assert_eq!(iq.origin_countries, vec!["IQ", "IR"]);
    assert_eq!(iq.target_countries, vec!["IQ"]);
    assert_eq!(iq.attributed_to, vec!["an example radio station in Iraq"]);
    assert_eq!(iq.followers, None, "not stated");
    assert_eq!(iq.ad_spend_usd, None, "not stated");
    let mx = &ts[1];
    assert_eq!((mx.fb_groups, mx.ig_accounts), (Some(3), Some(2)));
    assert_eq!(mx.origin_countries, vec!["MX"]);
    assert_eq!(mx.target_countries, vec!["MX", "GT"]);
    assert!(mx.attributed_to.is_empty());
}
