//! `fetch_meta` against a real HTTP server on 127.0.0.1 serving `fixtures/takedowns/meta_repo`
//! (our own small repository in Meta's layout), and the Meta parsers on those fixtures.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::common::MirrorServer;
use faralink::fetch::Fetcher;
use faralink::http::{HttpConfig, PoliteClient, RateSpec};
use faralink::takedowns::meta::{
    MetaError, fetch_meta, parse_index, parse_readme_index, parse_summary_md,
};
use url::Url;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/takedowns/meta_repo")
}

fn http(server: &MirrorServer) -> Fetcher {
    let client = PoliteClient::new(HttpConfig {
        rate: RateSpec {
            requests: 100,
            window: Duration::from_secs(1),
        },
        max_attempts: 2,
        base_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(20),
        ..HttpConfig::default()
    })
    .unwrap();
    Fetcher::Http {
        client,
        base: Url::parse(&server.base_url()).unwrap(),
    }
}

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn fetch_meta_over_http_reports_the_broken_network_and_keeps_the_others() {
    let server = MirrorServer::start(&repo());
    let h = rt().block_on(fetch_meta(&http(&server))).unwrap();

    let ids: Vec<&str> = h.takedowns.iter().map(|t| t.takedown_id.as_str()).collect();
    assert_eq!(
        ids,
        vec![
            "meta-2020-11-removing-coordinated-inauthentic-behavior-example",
            "meta-2023-05-q1-venezuela-based-cib-network",
            "meta-2026-h1-kenya-based-cib-network",
            "meta-2025-h2-portugal-based-cib-network-cs1",
            "meta-2025-h2-portugal-based-cib-network-cs2",
        ]
    );
    // The Chile summary lost its "Network Summary" section: reported with its path, nothing
    // from it imported.
    assert_eq!(h.failures.len(), 1, "{:?}", h.failures);
    assert_eq!(
        h.failures[0].path,
        "indicators/meta-h2-2025-chile-based-cib-network.md"
    );
    assert!(
        h.failures[0].reason.contains("Network Summary"),
        "{}",
        h.failures[0].reason
    );
    assert!(!ids.iter().any(|i| i.contains("chile")));
    // The malware report is not a takedown.
    assert_eq!(h.skipped.len(), 1);
    assert_eq!(
        h.skipped[0].path,
        "indicators/csv/2021_06_example_malware_iocs.csv"
    );

    let legacy = &h.takedowns[0];
    assert_eq!(legacy.announced_on, "2020-11-17");
    assert_eq!(legacy.target_countries, vec!["DE", "FR"]);
    assert_eq!(legacy.origin_countries, vec!["RU"]);
    assert_eq!(
        legacy.source_url.as_deref(),
        Some(
            "https://about.fb.com/news/2020/11/removing-coordinated-inauthentic-behavior-example/"
        )
    );
    assert_eq!(
        legacy.fb_accounts, None,
        "legacy indicator files have no counts"
    );

    // A kill-chain CSV named by the index: counts from rows, "Tactic " header quirk.
    let kc = &h.takedowns[1];
    assert_eq!(kc.announced_on, "2023-05-03");
    assert_eq!(
        (kc.fb_accounts, kc.fb_pages, kc.fb_groups, kc.ig_accounts),
        (Some(31), Some(1204), Some(2), Some(6))
    );
    assert_eq!(kc.followers, Some(9_500));
    assert_eq!(kc.ad_spend_usd, Some(2_450.0));
    assert_eq!(kc.origin_countries, vec!["VE"]);
    assert_eq!(
        kc.source_url.as_deref(),
        Some(
            "https://github.com/facebook/threat-research/blob/main/indicators/csv/Q1_2023/Q1_2023_Venezuela-based_CIB_network.csv"
        )
    );

    let seen: Vec<String> = server.seen().iter().map(|s| s.path.clone()).collect();
    assert_eq!(seen[0], "/index.json");
    assert!(seen.contains(&"/README.md".to_string()));
}

#[test]
fn a_broken_index_is_an_error_naming_the_file_and_element() {
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_dir(&repo(), dir.path());
    let index = std::fs::read_to_string(dir.path().join("index.json")).unwrap();
    std::fs::write(
        dir.path().join("index.json"),
        index.replace("\"reported_ds\" : \"2020-11-17\",", ""),
    )
    .unwrap();
    // added_ds stands in for a missing reported_ds; with both gone the layout changed.
    let index = std::fs::read_to_string(dir.path().join("index.json")).unwrap();
    std::fs::write(
        dir.path().join("index.json"),
        index.replace("\"added_ds\" : \"2020-11-20\",", ""),
    )
    .unwrap();
    let server = MirrorServer::start(dir.path());
    let err = rt().block_on(fetch_meta(&http(&server))).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, MetaError::Layout { .. }), "{msg}");
    assert!(msg.contains("index.json"), "{msg}");
    assert!(msg.contains("reported_ds"), "{msg}");
    assert!(
        msg.contains("2020_11_removing_coordinated_inauthentic_behavior_example"),
        "{msg}"
    );
}

#[test]
fn a_missing_index_over_http_and_in_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let server = MirrorServer::start(dir.path());
    let err = rt().block_on(fetch_meta(&http(&server))).unwrap_err();
    assert!(
        matches!(err, MetaError::Status { status: 404, .. }),
        "{err}"
    );
    let err = rt()
        .block_on(fetch_meta(&Fetcher::Dir(dir.path().to_path_buf())))
        .unwrap_err();
    assert!(matches!(err, MetaError::Missing { .. }), "{err}");
}

#[test]
fn a_server_error_on_one_network_is_recorded() {
    let server = MirrorServer::start(&repo());
    server.fail(
        "/indicators/meta-h1-2026-kenya-based-cib-network.md",
        &[crate::common::Fault::Status(404, None)],
    );
    let h = rt().block_on(fetch_meta(&http(&server))).unwrap();
    let f: Vec<&str> = h.failures.iter().map(|f| f.path.as_str()).collect();
    assert!(f.contains(&"indicators/meta-h1-2026-kenya-based-cib-network.md"));
    assert!(
        h.takedowns
            .iter()
            .any(|t| t.takedown_id.contains("portugal"))
    );
}

#[test]
fn summary_fixture_fields() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let entries = parse_readme_index(&readme).unwrap();
    assert_eq!(entries.len(), 3);
    let e = &entries[0];
    let ts = parse_summary_md(
        &std::fs::read_to_string(repo().join(&e.md_files[0])).unwrap(),
        e,
    )
    .unwrap();
    let t = &ts[0];
    assert_eq!(t.platform, "Meta");
    assert_eq!(t.announced_on, "2026-01-01");
    assert_eq!(
        (t.fb_accounts, t.fb_pages, t.fb_groups, t.ig_accounts),
        (Some(41), Some(12), Some(3), Some(9))
    );
    assert_eq!(t.followers, Some(4_000));
    assert_eq!(t.ad_spend_usd, Some(3_600.0));
    assert_eq!(t.origin_countries, vec!["KE"]);
    assert_eq!(t.target_countries, vec!["UG"]);
    assert_eq!(t.attributed_to, vec!["Lakeside Example Communications"]);
    assert_eq!(
        t.attribution_text.as_deref(),
        Some(
            "Although the people behind this activity attempted to conceal their identities and coordination, our investigation found links to Lakeside Example Communications, a public relations firm in Nairobi."
        )
    );
    assert_eq!(
        t.source_url.as_deref(),
        Some(
            "https://github.com/facebook/threat-research/blob/main/indicators/meta-h1-2026-kenya-based-cib-network.md"
        )
    );

    let e = &entries[1];
    let ts = parse_summary_md(
        &std::fs::read_to_string(repo().join(&e.md_files[0])).unwrap(),
        e,
    )
    .unwrap();
    assert_eq!(ts.len(), 2);
    assert_eq!(ts[0].ad_spend_usd, Some(316_000.0), "less than $316,000");
    assert_eq!(ts[0].attributed_to, vec!["Exemplo Media Group"]);
    assert_eq!(ts[0].target_countries, vec!["AO", "MZ"]);
    assert_eq!(
        ts[1].ad_spend_usd,
        Some(0.0),
        "did not engage in paid advertising"
    );
    assert_eq!(ts[1].attributed_to, Vec::<String>::new());
    assert_eq!((ts[1].fb_accounts, ts[1].ig_accounts), (Some(7), Some(2)));

    let idx = parse_index(&std::fs::read(repo().join("index.json")).unwrap()).unwrap();
    assert_eq!(idx.len(), 3);
    assert!(idx[2].reference_urls.is_empty());
}
