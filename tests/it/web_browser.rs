//! End to end in headless Chromium (Debian's `chromium` and `chromedriver`, which `.ci/run`
//! installs): a reporter searches "CLS Stratgies", opens the firm, sees the Bolivia principal
//! and the linked Facebook takedown, confirms the link, and a screenshot is saved. Skipped,
//! with a message, where Chromium or ChromeDriver is absent; failed there under
//! `FARALINK_REQUIRE_TOOLS=1` (CI).

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Served, faralink, fixtures_mirror, open, tools};
use fantoccini::{ClientBuilder, Locator};

struct Killed(Child);
impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn a_reporter_finds_cls_opens_the_firm_and_confirms_the_takedown_link() {
    let Some(found) = tools(
        &[&["chromium", "chromium-browser"], &["chromedriver"]],
        "apt-get install chromium chromium-driver",
    ) else {
        return;
    };
    let (chromium, driver) = (found[0].clone(), found[1].clone());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("faralink.db");
    faralink(&db)
        .args(["-q", "sync", "--from"])
        .arg(fixtures_mirror())
        .assert()
        .success();
    let link_id: i64 = open(&db)
        .query_row(
            "SELECT link_id FROM links WHERE registration_number = 6766
               AND takedown_id = 'meta-2020-09-cls-strategies' AND kind = 'attribution'",
            [],
            |r| r.get(0),
        )
        .expect("the matcher links 6766 to the CLS takedown");
    let server = Served::start(&db);
    let base = server.base.clone();

    let port = free_port();
    let _driver = Killed(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let profile = dir.path().join("chromium-profile");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let shot = rt.block_on(async {
        let caps: serde_json::Map<String, serde_json::Value> =
            serde_json::from_value(serde_json::json!({
                "goog:chromeOptions": {
                    "binary": chromium,
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                        "--window-size=1280,1600",
                        format!("--user-data-dir={}", profile.display()),
                    ]
                }
            }))
            .unwrap();
        // ChromeDriver takes a moment to listen.
        let deadline = Instant::now() + Duration::from_secs(20);
        let c = loop {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("cannot start Chromium through ChromeDriver: {e}"),
            }
        };

        c.goto(&base).await.unwrap();
        let q = c.find(Locator::Css("main input[name=q]")).await.unwrap();
        q.send_keys("CLS Stratgies").await.unwrap();
        c.find(Locator::Css("main button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait()
            .for_element(Locator::Css("table.results"))
            .await
            .unwrap();
        assert!(
            c.current_url()
                .await
                .unwrap()
                .as_str()
                .contains("/search?q=CLS+Stratgies")
        );
        c.find(Locator::Css("table.results a[href='/registrants/6766']"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait()
            .for_url(&format!("{base}/registrants/6766").parse().unwrap())
            .await
            .unwrap();
        let page = c.source().await.unwrap();
        assert!(page.contains("Plurinational State of Bolivia"));
        assert!(page.contains("not evidence of wrongdoing"));
        let takedown = c
            .find(Locator::Css(
                "a[href='/takedowns/meta-2020-09-cls-strategies']",
            ))
            .await
            .unwrap();
        assert!(takedown.text().await.unwrap().contains("CLS Strategies"));

        let form = format!("form[action='/links/{link_id}/review']");
        c.find(Locator::Css(&format!("{form} input[name=note]")))
            .await
            .unwrap()
            .send_keys("matches the Meta report")
            .await
            .unwrap();
        c.find(Locator::Css(&format!("{form} button.confirm")))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        c.wait()
            .for_element(Locator::Css(".verdict-confirmed"))
            .await
            .unwrap();
        let png = c.screenshot().await.unwrap();
        c.close().await.unwrap();
        png
    });
    let (verdict, note): (String, String) = open(&db)
        .query_row(
            "SELECT verdict, note FROM judgements WHERE link_id = ?1 ORDER BY id DESC",
            [link_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(verdict, "confirmed");
    assert_eq!(note, "matches the Meta report");
    assert!(png_ok(&shot));
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-cls-confirmed.png");
    std::fs::write(&out, &shot).unwrap();
    eprintln!("screenshot: {}", out.display());
}

fn png_ok(b: &[u8]) -> bool {
    b.len() > 1000 && b.starts_with(b"\x89PNG")
}
