//! The polite HTTP client against real HTTP servers on 127.0.0.1: an axum server that records
//! when it saw each request and with which headers, and a raw TCP server for the responses
//! axum will not send (a body cut short of its Content-Length).
//!
//! Timing assertions are lower bounds on gaps measured by the server, never upper bounds, so
//! a slow machine cannot make them fail.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use faralink::http::{
    FetchOutcome, FetchedBody, HttpConfig, HttpError, PoliteClient, RateSpec, Validators,
};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use url::Url;

/// One request as the server saw it.
#[derive(Clone)]
struct Seen {
    at: Instant,
    path: String,
    headers: HeaderMap,
}

type Log = Arc<Mutex<Vec<Seen>>>;
type Respond = Arc<dyn Fn(usize, &HeaderMap) -> Response + Send + Sync>;

struct Server {
    base: Url,
    seen: Log,
}

impl Server {
    fn url(&self, path: &str) -> Url {
        self.base.join(path).unwrap()
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// An axum server answering the n-th request (from 0) with `respond(n, headers)`.
async fn serve(respond: impl Fn(usize, &HeaderMap) -> Response + Send + Sync + 'static) -> Server {
    async fn handle(
        State((seen, respond)): State<(Log, Respond)>,
        uri: Uri,
        headers: HeaderMap,
    ) -> Response {
        let n = {
            let mut seen = seen.lock().unwrap();
            seen.push(Seen {
                at: Instant::now(),
                path: uri.path().to_owned(),
                headers: headers.clone(),
            });
            seen.len() - 1
        };
        respond(n, &headers)
    }

    let seen: Log = Arc::default();
    let respond: Respond = Arc::new(respond);
    let app = Router::new()
        .fallback(handle)
        .with_state((Arc::clone(&seen), respond));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        base: Url::parse(&format!("http://{addr}/")).unwrap(),
        seen,
    }
}

/// A raw TCP server: reads a request head, writes `reply(n)` verbatim for the n-th connection
/// (from 0), then closes. Returns its base URL and the count of connections.
async fn raw_server(
    reply: impl Fn(usize) -> Vec<u8> + Send + Sync + 'static,
) -> (Url, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let reply = Arc::new(reply);
    let counter = Arc::clone(&count);
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let reply = Arc::clone(&reply);
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = socket.write_all(&reply(n)).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (Url::parse(&format!("http://{addr}/")).unwrap(), count)
}

/// Fast settings for tests: a generous rate, three attempts, millisecond backoff.
fn fast() -> HttpConfig {
    HttpConfig {
        rate: RateSpec {
            requests: 100,
            window: Duration::from_secs(1),
        },
        max_attempts: 3,
        base_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        ..HttpConfig::default()
    }
}

fn client(cfg: HttpConfig) -> PoliteClient {
    PoliteClient::new(cfg).unwrap()
}

fn text(status: StatusCode, body: &'static str) -> Response {
    (status, body).into_response()
}

fn fetched(outcome: FetchOutcome) -> FetchedBody {
    match outcome {
        FetchOutcome::Fetched(body) => body,
        other => panic!("expected a fetched body, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn rate_limit_holds_in_every_rolling_window_as_the_server_sees_it() {
    let server = serve(|_, _| text(StatusCode::OK, "ok")).await;
    let spec = RateSpec {
        requests: 3,
        window: Duration::from_secs(1),
    };
    // Three connections allowed, so only the window holds the requests back; nine requests
    // from nine tasks sharing one client.
    let client = client(HttpConfig {
        rate: spec,
        connections_per_host: 3,
        ..fast()
    });
    let tasks: Vec<_> = (0..9)
        .map(|i| {
            let client = client.clone();
            let url = server.url(&format!("r{i}"));
            tokio::spawn(async move { client.get(&url, None).await })
        })
        .collect();
    for task in tasks {
        fetched(task.await.unwrap().unwrap());
    }

    let mut times: Vec<Instant> = server.seen().iter().map(|s| s.at).collect();
    times.sort();
    assert_eq!(times.len(), 9);
    // Any N + 1 = 4 consecutive requests must span at least the window, less a little for the
    // difference between when we sent a request and when the server saw it.
    let slack = Duration::from_millis(50);
    for (i, four) in times.windows(spec.requests as usize + 1).enumerate() {
        let span = four[four.len() - 1] - four[0];
        assert!(
            span >= spec.window - slack,
            "requests {i}..={} came {span:?} apart, inside one {:?} window",
            i + 3,
            spec.window
        );
    }
    assert_eq!(client.take_log().len(), 9);
}

#[tokio::test]
async fn a_429_with_retry_after_seconds_is_waited_out() {
    let server = serve(|n, _| match n {
        0 => (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "1")],
            "slow down",
        )
            .into_response(),
        _ => text(StatusCode::OK, "ok"),
    })
    .await;
    let client = client(fast());
    let body = fetched(client.get(&server.url("api"), None).await.unwrap());
    assert_eq!(&body.body[..], b"ok");

    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    let gap = seen[1].at - seen[0].at;
    assert!(gap >= Duration::from_secs(1), "retried after only {gap:?}");

    let log = client.take_log();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].status, Some(429));
    assert!(
        log[0].outcome.starts_with("retry: status 429"),
        "{}",
        log[0].outcome
    );
    assert_eq!(log[1].outcome, "ok");
}

#[tokio::test]
async fn a_503_with_retry_after_date_is_waited_out() {
    let server = serve(|n, _| match n {
        0 => {
            // The server's Date plus one second: the client measures on the server's clock.
            let now = SystemTime::now();
            let date = httpdate::fmt_http_date(now);
            let later = httpdate::fmt_http_date(now + Duration::from_secs(1));
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::DATE, date), (header::RETRY_AFTER, later)],
                "maintenance",
            )
                .into_response()
        }
        _ => text(StatusCode::OK, "ok"),
    })
    .await;
    let client = client(fast());
    fetched(client.get(&server.url("api"), None).await.unwrap());
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    // Both stamps are truncated to the same second, so the wait is exactly one second,
    // counted from when the client got the answer; the gap the server sees can only be longer.
    let gap = seen[1].at - seen[0].at;
    assert!(gap >= Duration::from_secs(1), "retried after only {gap:?}");
}

#[tokio::test]
async fn a_retry_after_past_the_cap_gives_up_at_once() {
    let server = serve(|_, _| {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "3600")],
            "",
        )
            .into_response()
    })
    .await;
    let client = client(fast());
    let url = server.url("api");
    let err = client.get(&url, None).await.unwrap_err();
    assert!(
        matches!(
            err,
            HttpError::RetryAfterTooLong { status: 429, wait, .. } if wait == Duration::from_secs(3600)
        ),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains(url.as_str()), "{message}");
    assert!(message.contains("3600"), "{message}");
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn a_500_is_retried_and_then_succeeds() {
    let server = serve(|n, _| match n {
        0 => text(StatusCode::INTERNAL_SERVER_ERROR, "oops"),
        _ => text(StatusCode::OK, "hello"),
    })
    .await;
    let client = client(fast());
    let body = fetched(client.get(&server.url("doc"), None).await.unwrap());
    assert_eq!(&body.body[..], b"hello");
    assert_eq!(body.status, 200);
    assert_eq!(body.sha256, hex::encode(Sha256::digest(b"hello")));
    assert_eq!(
        body.content_type.as_deref(),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn a_404_is_returned_as_a_status_without_retry() {
    let server = serve(|_, _| text(StatusCode::NOT_FOUND, "no such document")).await;
    let client = client(fast());
    let outcome = client
        .get(&server.url("docs/missing.pdf"), None)
        .await
        .unwrap();
    assert_eq!(
        outcome,
        FetchOutcome::Status {
            status: 404,
            body: bytes::Bytes::from_static(b"no such document"),
        }
    );
    assert_eq!(server.seen().len(), 1);
    let log = client.take_log();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].outcome, "status");
}

#[tokio::test]
async fn giving_up_names_the_url_and_the_last_failure() {
    let server = serve(|_, _| text(StatusCode::SERVICE_UNAVAILABLE, "down")).await;
    let client = client(fast());
    let url = server.url("api/v1/Registrants/json/Active");
    let err = client.get(&url, None).await.unwrap_err();
    assert!(
        matches!(err, HttpError::GaveUp { attempts: 3, .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains(url.as_str()), "{message}");
    assert!(message.contains("after 3 attempts"), "{message}");
    assert!(message.contains("503 Service Unavailable"), "{message}");
    assert!(message.contains("try again later"), "{message}");
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn the_log_has_one_entry_per_attempt() {
    let server = serve(|n, _| match n {
        0 | 1 => text(StatusCode::BAD_GATEWAY, "bad gateway"),
        _ => text(StatusCode::OK, "fine"),
    })
    .await;
    let client = client(fast());
    let url = server.url("x");
    fetched(client.get(&url, None).await.unwrap());

    let log = client.take_log();
    let attempts: Vec<_> = log.iter().map(|e| e.attempt).collect();
    assert_eq!(attempts, [1, 2, 3]);
    let statuses: Vec<_> = log.iter().map(|e| e.status).collect();
    assert_eq!(statuses, [Some(502), Some(502), Some(200)]);
    assert!(log[0].outcome.starts_with("retry: "), "{}", log[0].outcome);
    assert!(log[1].outcome.starts_with("retry: "), "{}", log[1].outcome);
    assert_eq!(log[2].outcome, "ok");
    assert_eq!(log[2].bytes, Some(4));
    for entry in &log {
        assert_eq!(entry.url, url.as_str());
        assert!(!entry.conditional);
        assert!(
            entry.started_at.ends_with('Z'),
            "{} is not UTC",
            entry.started_at
        );
        entry
            .started_at
            .parse::<jiff::Timestamp>()
            .unwrap_or_else(|e| panic!("{} is not RFC 3339: {e}", entry.started_at));
    }
    assert!(client.take_log().is_empty(), "take_log drains");
}

fn truncated_reply() -> Vec<u8> {
    let mut reply = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".to_vec();
    reply.extend(std::iter::repeat_n(b'x', 500));
    reply
}

fn full_reply() -> Vec<u8> {
    let mut reply =
        b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n".to_vec();
    reply.extend(std::iter::repeat_n(b'y', 1000));
    reply
}

#[tokio::test]
async fn a_truncated_body_is_retried() {
    let (base, connections) = raw_server(|n| {
        if n == 0 {
            truncated_reply()
        } else {
            full_reply()
        }
    })
    .await;
    let client = client(fast());
    let url = base.join("big.pdf").unwrap();
    let body = fetched(client.get(&url, None).await.unwrap());
    assert_eq!(body.body.len(), 1000);
    assert!(body.body.iter().all(|&b| b == b'y'));
    assert_eq!(connections.load(Ordering::SeqCst), 2);
    let log = client.take_log();
    assert!(
        log[0]
            .outcome
            .starts_with("retry: body truncated (500 of 1000 bytes)"),
        "{}",
        log[0].outcome
    );
}

#[tokio::test]
async fn a_body_always_truncated_is_an_error() {
    let (base, connections) = raw_server(|_| truncated_reply()).await;
    let client = client(fast());
    let url = base.join("big.pdf").unwrap();
    let err = client.get(&url, None).await.unwrap_err();
    assert!(
        matches!(err, HttpError::GaveUp { attempts: 3, .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains(url.as_str()), "{message}");
    assert!(message.contains("truncated"), "{message}");
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn an_etag_makes_the_next_request_conditional() {
    let server = serve(|_, headers| {
        if headers
            .get(header::IF_NONE_MATCH)
            .is_some_and(|v| v == "\"v1\"")
        {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            (StatusCode::OK, [(header::ETAG, "\"v1\"")], "registrants").into_response()
        }
    })
    .await;
    let client = client(fast());
    let url = server.url("bulk/zip/FARA_All_Registrants.csv.zip");
    let first = fetched(client.get(&url, None).await.unwrap());
    assert_eq!(first.etag.as_deref(), Some("\"v1\""));
    let second = client.get(&url, Some(&first.validators())).await.unwrap();
    assert_eq!(second, FetchOutcome::NotModified);

    let seen = server.seen();
    assert!(seen[0].headers.get(header::IF_NONE_MATCH).is_none());
    assert_eq!(seen[1].headers[header::IF_NONE_MATCH], "\"v1\"");
    let log = client.take_log();
    assert!(!log[0].conditional);
    assert!(log[1].conditional);
    assert_eq!(log[1].outcome, "not_modified");
    assert_eq!(log[1].status, Some(304));
}

#[tokio::test]
async fn last_modified_makes_the_next_request_conditional() {
    const STAMP: &str = "Wed, 21 Oct 2015 07:28:00 GMT";
    let server = serve(|_, headers| {
        if headers
            .get(header::IF_MODIFIED_SINCE)
            .is_some_and(|v| v == STAMP)
        {
            StatusCode::NOT_MODIFIED.into_response()
        } else {
            (
                StatusCode::OK,
                [(header::LAST_MODIFIED, STAMP)],
                "principals",
            )
                .into_response()
        }
    })
    .await;
    let client = client(fast());
    let url = server.url("bulk/zip/FARA_All_ForeignPrincipals.csv.zip");
    let first = fetched(client.get(&url, None).await.unwrap());
    assert_eq!(first.last_modified.as_deref(), Some(STAMP));
    let validators = Validators {
        etag: None,
        last_modified: first.last_modified,
    };
    assert_eq!(
        client.get(&url, Some(&validators)).await.unwrap(),
        FetchOutcome::NotModified
    );
    assert_eq!(server.seen()[1].headers[header::IF_MODIFIED_SINCE], STAMP);
}

#[tokio::test]
async fn the_user_agent_names_faralink_and_the_contact() {
    let server = serve(|_, _| text(StatusCode::OK, "ok")).await;
    let client = client(HttpConfig {
        contact: Some("ops@example.org".into()),
        ..fast()
    });
    fetched(client.get(&server.url(""), None).await.unwrap());
    let agent = server.seen()[0].headers[header::USER_AGENT]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(agent.starts_with("faralink/"), "{agent}");
    assert!(agent.contains("ops@example.org"), "{agent}");
}

#[tokio::test]
async fn a_declared_length_over_the_limit_is_too_large() {
    let server = serve(|_, _| (StatusCode::OK, vec![0u8; 10_000]).into_response()).await;
    let client = client(HttpConfig {
        max_body_bytes: Some(1_000),
        ..fast()
    });
    let url = server.url("docs/huge.pdf");
    let err = client.get(&url, None).await.unwrap_err();
    assert!(
        matches!(
            err,
            HttpError::TooLarge { limit: 1_000, size: 10_000, ref url } if url.ends_with("huge.pdf")
        ),
        "{err:?}"
    );
    assert_eq!(server.seen().len(), 1, "too large is not retried");
}

#[tokio::test]
async fn a_streamed_body_over_the_limit_is_too_large() {
    // Chunked, so there is no Content-Length to refuse up front: five chunks of 1000 bytes.
    let (base, _) = raw_server(|_| {
        let mut reply = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        for _ in 0..5 {
            reply.extend_from_slice(b"3e8\r\n");
            reply.extend(std::iter::repeat_n(b'z', 1000));
            reply.extend_from_slice(b"\r\n");
        }
        reply.extend_from_slice(b"0\r\n\r\n");
        reply
    })
    .await;
    let client = client(HttpConfig {
        max_body_bytes: Some(2_500),
        ..fast()
    });
    let err = client
        .get(&base.join("stream").unwrap(), None)
        .await
        .unwrap_err();
    match err {
        HttpError::TooLarge { limit, size, .. } => {
            assert_eq!(limit, 2_500);
            assert!(size > 2_500 && size <= 5_000, "stopped at {size}");
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[tokio::test]
async fn redirects_are_followed_and_each_hop_is_logged() {
    let server = serve(|n, _| match n {
        0 => (StatusCode::FOUND, [(header::LOCATION, "/final")], "").into_response(),
        _ => text(StatusCode::OK, "landed"),
    })
    .await;
    let client = client(fast());
    let body = fetched(client.get(&server.url("start"), None).await.unwrap());
    assert_eq!(&body.body[..], b"landed");
    let paths: Vec<_> = server.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(paths, ["/start", "/final"]);
    let log = client.take_log();
    assert_eq!(log.len(), 2);
    assert!(
        log[0].outcome.starts_with("redirect: "),
        "{}",
        log[0].outcome
    );
    assert_eq!(log[1].outcome, "ok");
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    // 127.0.0.1 redirecting to localhost: another host as far as a URL goes.
    let server = serve(|_, _| {
        (
            StatusCode::FOUND,
            [(header::LOCATION, "http://localhost:9/elsewhere.zip")],
            "",
        )
            .into_response()
    })
    .await;
    let client = client(fast());
    let err = client.get(&server.url("start"), None).await.unwrap_err();
    assert!(
        matches!(err, HttpError::CrossSiteRedirect { ref to, .. } if to.contains("localhost:9")),
        "{err}"
    );
    assert!(err.to_string().contains("another site"), "{err}");
    assert_eq!(server.seen().len(), 1, "asked once, not retried");
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_named() {
    // Bind and drop a listener to get a port nobody listens on.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = client(fast());
    let url = Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
    let err = client.get(&url, None).await.unwrap_err();
    assert!(
        matches!(err, HttpError::GaveUp { attempts: 3, .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("could not connect"), "{err}");
    assert_eq!(client.take_log().len(), 3);
}

#[tokio::test]
async fn retries_count_against_the_rate_limit() {
    let server = serve(|n, _| match n {
        0..=2 => text(StatusCode::INTERNAL_SERVER_ERROR, "oops"),
        _ => text(StatusCode::OK, "ok"),
    })
    .await;
    let spec = RateSpec {
        requests: 3,
        window: Duration::from_secs(1),
    };
    let client = client(HttpConfig {
        rate: spec,
        max_attempts: 4,
        ..fast()
    });
    fetched(client.get(&server.url("api"), None).await.unwrap());
    let seen = server.seen();
    assert_eq!(seen.len(), 4);
    // Backoff alone would send the 4th attempt within 150 ms; the window holds it back.
    let span = seen[3].at - seen[0].at;
    assert!(
        span >= spec.window - Duration::from_millis(50),
        "4 attempts in {span:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_connection_at_a_time_by_default() {
    // A server that takes 100 ms per answer and counts how many requests it holds at once.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    let in_flight = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (now, peak) = (Arc::clone(&in_flight), Arc::clone(&most));
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let (now, peak) = (Arc::clone(&now), Arc::clone(&peak));
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let mut head = Vec::new();
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let current = now.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(current, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(100)).await;
                now.fetch_sub(1, Ordering::SeqCst);
                let reply = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
                let _ = socket.write_all(reply).await;
                let _ = socket.shutdown().await;
            });
        }
    });

    let client = client(fast());
    let tasks: Vec<_> = (0..4)
        .map(|i| {
            let client = client.clone();
            let url = base.join(&format!("r{i}")).unwrap();
            tokio::spawn(async move { client.get(&url, None).await })
        })
        .collect();
    for task in tasks {
        fetched(task.await.unwrap().unwrap());
    }
    assert_eq!(most.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_and_is_retried() {
    // Accepts connections, reads nothing, answers nothing; holds each socket open for 10 s.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = Url::parse(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&connections);
    tokio::spawn(async move {
        loop {
            let (socket, _) = listener.accept().await.unwrap();
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_secs(10)).await;
                drop(socket);
            });
        }
    });
    let client = client(HttpConfig {
        read_timeout: Duration::from_millis(200),
        ..fast()
    });
    let url = base.join("slow").unwrap();
    let err = client.get(&url, None).await.unwrap_err();
    assert!(
        matches!(err, HttpError::GaveUp { attempts: 3, .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("timed out"), "{message}");
    assert!(message.contains(url.as_str()), "{message}");
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}
