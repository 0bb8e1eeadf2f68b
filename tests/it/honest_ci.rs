//! CI must not pass what it did not run (issue 16, item 9): a test that needs an external tool
//! skips on a developer's machine where the tool is missing, and fails under
//! `FARALINK_REQUIRE_TOOLS=1`, which `.ci/run` sets.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::common::{MirrorServer, faralink, fixtures_mirror, tools_or};

/// Every test that drives Chromium, ChromeDriver, poppler or tesseract. A new one goes here.
const TOOL_TESTS: &[&str] = &[
    "ocr::scans_are_read_by_ocr_when_asked",
    "web_browser::a_reporter_finds_cls_opens_the_firm_and_confirms_the_takedown_link",
];

#[test]
fn a_missing_tool_skips_here_and_fails_under_faralink_require_tools() {
    let none: &[&[&str]] = &[&["faralink-no-such-tool"]];
    assert!(tools_or(none, "nothing to install", false).is_none());
    assert!(std::panic::catch_unwind(|| tools_or(none, "nothing to install", true)).is_err());
    // The first name found on PATH serves.
    let sh: &[&[&str]] = &[&["faralink-no-such-tool", "sh"]];
    assert!(tools_or(sh, "", true).unwrap()[0].ends_with("sh"));
}

#[test]
fn every_tool_test_fails_in_ci_when_its_tools_are_missing() {
    // This test binary, running one test at a time with a PATH where no tool is found.
    let empty = tempfile::tempdir().unwrap();
    let me = std::env::current_exe().unwrap();
    for test in TOOL_TESTS {
        let run = |require: Option<&str>| {
            let mut c = Command::new(&me);
            c.args([test, "--exact", "--nocapture"])
                .env("PATH", empty.path());
            match require {
                Some(v) => c.env("FARALINK_REQUIRE_TOOLS", v),
                None => c.env_remove("FARALINK_REQUIRE_TOOLS"),
            };
            c.output().unwrap()
        };
        let skipped = run(None);
        let text = String::from_utf8_lossy(&skipped.stdout).to_string()
            + &String::from_utf8_lossy(&skipped.stderr);
        assert!(skipped.status.success(), "{test} without the flag: {text}");
        assert!(
            text.contains("1 passed"),
            "{test} did not run at all: {text}"
        );
        assert!(
            text.contains("skipping:"),
            "{test} skipped silently: {text}"
        );
        let required = run(Some("1"));
        let text = String::from_utf8_lossy(&required.stdout).to_string()
            + &String::from_utf8_lossy(&required.stderr);
        assert!(
            !required.status.success(),
            "{test} passed under FARALINK_REQUIRE_TOOLS=1 with no tools: {text}"
        );
        assert!(text.contains("FARALINK_REQUIRE_TOOLS=1"), "{text}");
    }
}

#[test]
fn faralink_sources_lists_only_what_sync_reads() {
    // Each listed source's env var pointed at a server of its own: a full sync must ask every
    // one of them for something. (It listed the Meta Newsroom and Google TAG sites, which sync
    // never read: setting their env vars changed nothing.)
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("f.db");
    let out = faralink(&db).args(["sources", "--json"]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let listed: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let servers: Vec<(String, String, MirrorServer)> = listed
        .iter()
        .map(|s| {
            let name = s["name"].as_str().unwrap().to_string();
            let served = match name.as_str() {
                "fara" => fixtures_mirror(),
                "meta" => root.join("fixtures/takedowns/meta_repo"),
                _ => empty.clone(),
            };
            let env = s["env"].as_str().unwrap().to_string();
            (name, env, MirrorServer::start(&served))
        })
        .collect();
    let mut sync = faralink(&db);
    sync.args(["-q", "--rate", "100/1", "sync", "--max-documents", "1"]);
    for (_, env, server) in &servers {
        sync.env(env, server.base_url());
    }
    let out = sync.timeout(Duration::from_secs(120)).output().unwrap();
    for (name, env, server) in &servers {
        assert!(
            !server.seen().is_empty(),
            "`faralink sources` lists {name} ({env}), but sync never read it: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
