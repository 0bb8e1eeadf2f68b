//! [`PoliteClient`]: one request loop that paces, retries, follows redirects and logs.
//!
//! For: fetching one URL at a time into memory, with conditional requests, and reporting
//! each attempt. Not for: streaming to disk, or knowing anything about FARA's URLs.

use std::error::Error as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderValue};
use sha2::{Digest, Sha256};
use url::Url;

use super::HttpError;
use super::ratelimit::{DEFAULT_CONNECTIONS_PER_HOST, RateLimiter, RateSpec, SharedWindows};
use super::retry::{self, Attempt, RetryDecision, RetryPolicy, Wait};

/// Redirects followed in a row before giving up (browsers allow about 20; reqwest's default
/// is 10; a well-behaved server needs one or two).
pub const MAX_REDIRECTS: u32 = 10;

/// How the client behaves. `Default` is tuned for efile.fara.gov.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpConfig {
    /// A way to reach whoever runs this copy (e-mail or URL), put in the User-Agent so a
    /// server operator can ask us to slow down instead of blocking us.
    pub contact: Option<String>,
    /// The per-host request limit; see [`RateSpec::FARA`] for the default.
    pub rate: RateSpec,
    /// A directory where the rate window of each host is shared with every other process
    /// given the same directory (see [`SharedWindows`]); `None` (the default) keeps the window
    /// to this client alone.
    pub shared_window_dir: Option<PathBuf>,
    /// Concurrent requests per host; see [`DEFAULT_CONNECTIONS_PER_HOST`].
    pub connections_per_host: usize,
    /// Attempts per URL, the first included (default 5).
    pub max_attempts: u32,
    /// How long to wait for a connection (default 10 s).
    pub connect_timeout: Duration,
    /// How long to wait for each read on an open connection (default 60 s). Per read, not
    /// for the whole body, so a large document on a slow line is not cut off.
    pub read_timeout: Duration,
    /// The longest `Retry-After` we wait out before giving up (default 300 s).
    pub max_retry_after: Duration,
    /// The backoff base: the ceiling of the first wait, doubling each time (default 1 s).
    pub base_backoff: Duration,
    /// The backoff never grows past this (default 60 s).
    pub max_backoff: Duration,
    /// Refuse bodies larger than this many bytes (default: no limit).
    pub max_body_bytes: Option<u64>,
    /// Hosts a redirect may lead to besides the requested URL's own site (default: none).
    /// See [`HttpError::CrossSiteRedirect`].
    pub redirect_hosts: Vec<String>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        let policy = RetryPolicy::default();
        HttpConfig {
            contact: None,
            rate: RateSpec::FARA,
            shared_window_dir: None,
            connections_per_host: DEFAULT_CONNECTIONS_PER_HOST,
            max_attempts: policy.max_attempts,
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(60),
            max_retry_after: policy.max_retry_after,
            base_backoff: policy.base,
            max_backoff: policy.max_backoff,
            max_body_bytes: None,
            redirect_hosts: Vec::new(),
        }
    }
}

/// What a previous fetch told us about a resource, to ask "has it changed?".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` it came with; sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` it came with; sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

impl Validators {
    fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// How a fetch ended, short of an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    /// 2xx: the full body.
    Fetched(FetchedBody),
    /// 304 in answer to our conditional request: what we have is current.
    NotModified,
    /// A final non-success status that is not retried (404, 403, 410, ...). Not an error:
    /// callers decide (a missing document is recorded as failed, not fatal to the sync).
    Status {
        /// The HTTP status.
        status: u16,
        /// The body the server sent with it.
        body: Bytes,
    },
}

/// A body fetched in full, with what is needed to store it and to ask again later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedBody {
    /// The HTTP status (2xx).
    pub status: u16,
    /// The body, decompressed.
    pub body: Bytes,
    /// SHA-256 of `body`, lowercase hex.
    pub sha256: String,
    /// The `ETag` header, for the next conditional request.
    pub etag: Option<String>,
    /// The `Last-Modified` header, for the next conditional request.
    pub last_modified: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
}

impl FetchedBody {
    /// The validators to send next time this URL is fetched.
    pub fn validators(&self) -> Validators {
        Validators {
            etag: self.etag.clone(),
            last_modified: self.last_modified.clone(),
        }
    }
}

/// One request as it happened, for the sync report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchLogEntry {
    /// The URL requested (after any redirects so far).
    pub url: String,
    /// Which attempt at this fetch, from 1. Redirect hops share their attempt's number.
    pub attempt: u32,
    /// When the request started, RFC 3339 UTC.
    pub started_at: String,
    /// From start to the end of the body (or the failure), in milliseconds.
    pub elapsed_ms: u64,
    /// The HTTP status, if the server answered.
    pub status: Option<u16>,
    /// Body bytes received, if the body was read.
    pub bytes: Option<u64>,
    /// Whether the request carried validators.
    pub conditional: bool,
    /// `ok`, `not_modified`, `status`, `redirect: <to>`, `retry: <why>` or `error: <why>`.
    pub outcome: String,
}

/// The polite HTTP client. Cheap to clone; clones share the rate limiter, the connection pool
/// and the log, so give every task a clone of one client.
#[derive(Debug, Clone)]
pub struct PoliteClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    limiter: RateLimiter,
    policy: RetryPolicy,
    max_body_bytes: Option<u64>,
    redirect_hosts: Vec<String>,
    log: Mutex<Vec<FetchLogEntry>>,
}

/// A response read in full.
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

/// One attempt that did not produce a [`Reply`]: either worth classifying for retry, or fatal.
enum Failure {
    Transport { attempt: Attempt, detail: String },
    Fatal(HttpError),
}

/// What one attempt's result means for the fetch.
enum Step {
    /// The fetch is over: this is its result.
    Done(Result<FetchOutcome, HttpError>),
    /// Follow a redirect to this URL.
    Redirect(Url),
    /// A passing fault: retry, perhaps.
    Fault(Fault),
}

/// A passing fault: what it was, in words, how long the server asked us to wait, and the
/// attempt's log entry (recorded once the retry is decided).
struct Fault {
    what: Attempt,
    detail: String,
    retry_after: Option<Duration>,
    entry: FetchLogEntry,
}

impl PoliteClient {
    /// Builds the client. Fails only if the contact cannot go in a header or TLS cannot start.
    pub fn new(cfg: HttpConfig) -> Result<Self, HttpError> {
        let user_agent = user_agent(cfg.contact.as_deref());
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| HttpError::BadContact {
            contact: cfg.contact.clone().unwrap_or_default(),
        })?;
        let http = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(cfg.connect_timeout)
            .read_timeout(cfg.read_timeout)
            // We follow redirects ourselves, so that every hop waits its turn in the rate
            // limiter and shows in the log; reqwest's would go to the server unpaced.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(HttpError::Client)?;
        let mut limiter = RateLimiter::new(cfg.rate, cfg.connections_per_host);
        if let Some(dir) = cfg.shared_window_dir {
            limiter = limiter.with_shared(SharedWindows::new(dir));
        }
        Ok(PoliteClient {
            inner: Arc::new(Inner {
                http,
                limiter,
                policy: RetryPolicy {
                    max_attempts: cfg.max_attempts.max(1),
                    base: cfg.base_backoff,
                    max_backoff: cfg.max_backoff,
                    max_retry_after: cfg.max_retry_after,
                },
                max_body_bytes: cfg.max_body_bytes,
                redirect_hosts: cfg.redirect_hosts,
                log: Mutex::new(Vec::new()),
            }),
        })
    }

    /// Fetches `url`, conditionally if `validators` has an ETag or Last-Modified.
    ///
    /// Waits for the rate limiter before every request, retries passing faults per
    /// [`retry`](super::retry), and follows redirects. A final non-success status is
    /// `Ok(FetchOutcome::Status)`; `Err` means no usable answer came back.
    pub async fn get(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<FetchOutcome, HttpError> {
        let validators = validators.filter(|v| !v.is_empty());
        let mut current = url.clone();
        let mut attempt = 1u32;
        let mut redirects = 0u32;
        loop {
            let (result, entry) = self.attempt(&current, validators, attempt).await?;
            let fault = match self.judge(url, &current, result, entry, &mut redirects) {
                Step::Done(outcome) => return outcome,
                Step::Redirect(next) => {
                    tracing::debug!(from = %current, to = %next, "following redirect");
                    current = next;
                    continue;
                }
                Step::Fault(fault) => fault,
            };
            let wait = self.retry_wait(url, &current, attempt, fault)?;
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One request to `current` once the rate limiter lets it go, and its log entry (its
    /// outcome still to be said).
    async fn attempt(
        &self,
        current: &Url,
        validators: Option<&Validators>,
        attempt: u32,
    ) -> Result<(Result<Reply, Failure>, FetchLogEntry), HttpError> {
        let host = host_key(current).ok_or_else(|| HttpError::UnsupportedUrl {
            url: current.to_string(),
        })?;
        let permit = self.inner.limiter.acquire(&host).await;
        let started_at = jiff::Timestamp::now().to_string();
        let clock = Instant::now();
        let result = self.once(current, validators).await;
        drop(permit);
        let entry = FetchLogEntry {
            url: current.to_string(),
            attempt,
            started_at,
            elapsed_ms: u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX),
            status: None,
            bytes: None,
            conditional: validators.is_some(),
            outcome: String::new(),
        };
        Ok((result, entry))
    }

    /// What one attempt's result means: an answer (a body, not modified, a final status), an
    /// error, a redirect to follow (at most [`MAX_REDIRECTS`], on the same site), or a passing
    /// fault. Records the entry unless it is a fault (the retry decides its outcome).
    fn judge(
        &self,
        url: &Url,
        current: &Url,
        result: Result<Reply, Failure>,
        mut entry: FetchLogEntry,
        redirects: &mut u32,
    ) -> Step {
        let (attempt, conditional) = (entry.attempt, entry.conditional);
        let reply = match result {
            Err(Failure::Fatal(err)) => {
                entry.outcome = format!("error: {err}");
                self.record(entry);
                return Step::Done(Err(err));
            }
            Err(Failure::Transport {
                attempt: what,
                detail,
            }) => {
                tracing::debug!(
                    url = %current, attempt, elapsed_ms = entry.elapsed_ms, conditional,
                    "HTTP GET failed: {detail}"
                );
                return Step::Fault(Fault {
                    what,
                    detail,
                    retry_after: None,
                    entry,
                });
            }
            Ok(reply) => reply,
        };
        let code = reply.status.as_u16();
        entry.status = Some(code);
        entry.bytes = Some(reply.body.len() as u64);
        tracing::debug!(
            url = %current, attempt, status = code, bytes = reply.body.len(),
            elapsed_ms = entry.elapsed_ms, conditional, "HTTP GET"
        );
        if reply.status.is_success() {
            entry.outcome = "ok".into();
            self.record(entry);
            return Step::Done(Ok(FetchOutcome::Fetched(fetched(reply))));
        }
        if reply.status == StatusCode::NOT_MODIFIED && conditional {
            entry.outcome = "not_modified".into();
            self.record(entry);
            return Step::Done(Ok(FetchOutcome::NotModified));
        }
        if let Some(next) = redirect_target(current, &reply) {
            *redirects += 1;
            entry.outcome = format!("redirect: {next}");
            self.record(entry);
            if !same_site(current, &next, &self.inner.redirect_hosts) {
                return Step::Done(Err(HttpError::CrossSiteRedirect {
                    url: url.to_string(),
                    to: next.to_string(),
                }));
            }
            if *redirects > MAX_REDIRECTS {
                return Step::Done(Err(HttpError::TooManyRedirects {
                    url: url.to_string(),
                    limit: MAX_REDIRECTS,
                }));
            }
            return Step::Redirect(next);
        }
        let what = Attempt::Status(code);
        if retry::classify(what) == RetryDecision::Stop {
            entry.outcome = "status".into();
            self.record(entry);
            return Step::Done(Ok(FetchOutcome::Status {
                status: code,
                body: reply.body,
            }));
        }
        let retry_after = retry::honours_retry_after(code)
            .then(|| retry_after(&reply.headers))
            .flatten();
        Step::Fault(Fault {
            what,
            detail: what.to_string(),
            retry_after,
            entry,
        })
    }

    /// How long to wait before retrying after a passing fault, or the error that ends the
    /// fetch: out of attempts, or told to wait too long. Records the fault's entry.
    fn retry_wait(
        &self,
        url: &Url,
        current: &Url,
        attempt: u32,
        fault: Fault,
    ) -> Result<Duration, HttpError> {
        let inner = &self.inner;
        let Fault {
            what,
            detail,
            retry_after,
            mut entry,
        } = fault;
        if attempt >= inner.policy.max_attempts {
            entry.outcome = format!("error: {detail}");
            self.record(entry);
            return Err(HttpError::GaveUp {
                url: url.to_string(),
                attempts: attempt,
                last: detail,
                hint: hint(what),
            });
        }
        // A 429 with no Retry-After means the server counted more requests than we did
        // (another process on this address, say). Waiting a whole window lets its count
        // drain before we try again.
        let floor = if what == Attempt::Status(429) {
            inner.limiter.spec().window
        } else {
            Duration::ZERO
        };
        let wait = inner
            .policy
            .delay(attempt, retry_after, floor, &mut rand::thread_rng());
        let wait = match wait {
            Wait::For(wait) => wait,
            Wait::TooLong(wait) => {
                // Only a status carries Retry-After, so the entry has one.
                let status = entry.status.unwrap_or_default();
                entry.outcome = format!("error: {detail}, Retry-After {}s", wait.as_secs());
                self.record(entry);
                return Err(HttpError::RetryAfterTooLong {
                    url: url.to_string(),
                    status,
                    wait,
                    max: inner.policy.max_retry_after,
                });
            }
        };
        entry.outcome = format!("retry: {detail}");
        self.record(entry);
        tracing::warn!(
            url = %current, attempt, max_attempts = inner.policy.max_attempts,
            reason = %detail, wait_ms = wait.as_millis() as u64,
            honouring_retry_after = retry_after.is_some(),
            "retrying after a passing fault"
        );
        Ok(wait)
    }

    /// Drains the log of every request made so far, oldest first.
    pub fn take_log(&self) -> Vec<FetchLogEntry> {
        std::mem::take(&mut *self.inner.log.lock().unwrap_or_else(|e| e.into_inner()))
    }

    fn record(&self, entry: FetchLogEntry) {
        if let Some(why) = entry.outcome.strip_prefix("error: ") {
            tracing::info!(url = %entry.url, attempt = entry.attempt, "fetch failed: {why}");
        }
        self.inner
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(entry);
    }

    /// One request and its whole body.
    async fn once(&self, url: &Url, validators: Option<&Validators>) -> Result<Reply, Failure> {
        let mut request = self.inner.http.get(url.clone());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(last_modified) = &v.last_modified {
                request = request.header(header::IF_MODIFIED_SINCE, last_modified);
            }
        }
        let mut response = request.send().await.map_err(|e| transport(url, &e))?;
        let status = response.status();
        let headers = response.headers().clone();
        // Exact only for a body sent as-is: reqwest drops the length when it un-gzips.
        let declared = response.content_length();
        let limit = self.inner.max_body_bytes;
        if let (Some(limit), Some(size)) = (limit, declared)
            && size > limit
        {
            // Dropping the response closes the connection without reading the body.
            return Err(Failure::Fatal(HttpError::TooLarge {
                url: url.to_string(),
                limit,
                size,
            }));
        }
        // Preallocate for the declared size, but not beyond 16 MiB on a header's say-so.
        let capacity = declared.unwrap_or(0).min(16 << 20) as usize;
        let mut body = BytesMut::with_capacity(capacity);
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                // A connection that closes before Content-Length is a truncated body: say so,
                // rather than the generic "error decoding response body".
                Err(err) => {
                    let received = body.len() as u64;
                    return Err(match declared {
                        Some(expected) if received < expected => {
                            let attempt = Attempt::Truncated { expected, received };
                            Failure::Transport {
                                attempt,
                                detail: format!("{attempt}: {}", error_chain(&err)),
                            }
                        }
                        _ => transport(url, &err),
                    });
                }
            };
            let size = (body.len() + chunk.len()) as u64;
            if let Some(limit) = limit
                && size > limit
            {
                return Err(Failure::Fatal(HttpError::TooLarge {
                    url: url.to_string(),
                    limit,
                    size,
                }));
            }
            body.extend_from_slice(&chunk);
        }
        // hyper already fails a body cut short of its Content-Length; checking again costs
        // nothing and does not depend on that staying true.
        if let Some(expected) = declared
            && body.len() as u64 != expected
        {
            let attempt = Attempt::Truncated {
                expected,
                received: body.len() as u64,
            };
            return Err(Failure::Transport {
                attempt,
                detail: attempt.to_string(),
            });
        }
        Ok(Reply {
            status,
            headers,
            body: body.freeze(),
        })
    }
}

/// `faralink/<version> (+<repo>[; <contact>])`: who we are, and how to reach us.
fn user_agent(contact: Option<&str>) -> String {
    let contact = contact
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| format!("; {c}"))
        .unwrap_or_default();
    format!(
        "faralink/{} (+https://github.com/faralink/faralink{contact})",
        env!("CARGO_PKG_VERSION")
    )
}

/// The key the rate limiter counts under: the host, plus the port when it is not the default.
fn host_key(url: &Url) -> Option<String> {
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?;
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

fn fetched(reply: Reply) -> FetchedBody {
    let text = |name| {
        reply
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    FetchedBody {
        status: reply.status.as_u16(),
        sha256: hex::encode(Sha256::digest(&reply.body)),
        etag: text(header::ETAG),
        last_modified: text(header::LAST_MODIFIED),
        content_type: text(header::CONTENT_TYPE),
        body: reply.body,
    }
}

/// Where a 3xx points, if it is a redirect with a usable `Location`.
fn redirect_target(current: &Url, reply: &Reply) -> Option<Url> {
    if !matches!(reply.status.as_u16(), 301 | 302 | 303 | 307 | 308) {
        return None;
    }
    let location = reply.headers.get(header::LOCATION)?.to_str().ok()?;
    current.join(location).ok()
}

/// Whether a redirect from `from` to `to` stays on one site: the same host (any scheme and
/// port), hosts under the same registered domain (`efile.fara.gov` and `www.fara.gov` share
/// `fara.gov`; IP addresses must match exactly), or a host the caller allowed.
fn same_site(from: &Url, to: &Url, allowed: &[String]) -> bool {
    let (Some(a), Some(b)) = (from.host_str(), to.host_str()) else {
        return false;
    };
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    if a == b || allowed.iter().any(|h| h.eq_ignore_ascii_case(&b)) {
        return true;
    }
    let is_name = |u: &Url| matches!(u.host(), Some(url::Host::Domain(_)));
    let site = |h: &str| {
        let labels: Vec<&str> = h.trim_end_matches('.').rsplit('.').take(2).collect();
        (labels.len() == 2).then(|| format!("{}.{}", labels[1], labels[0]))
    };
    is_name(from) && is_name(to) && site(&a).is_some() && site(&a) == site(&b)
}

/// The server's `Retry-After`, measured on the server's clock when it sent a `Date`.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?;
    let now = headers
        .get(header::DATE)
        .and_then(|d| d.to_str().ok())
        .and_then(|d| httpdate::parse_http_date(d).ok())
        .unwrap_or_else(SystemTime::now);
    retry::parse_retry_after(value, now)
}

/// Sorts a reqwest failure into what the retry decision needs.
fn transport(url: &Url, err: &reqwest::Error) -> Failure {
    let attempt = if err.is_timeout() {
        Attempt::Timeout
    } else if err.is_connect() {
        Attempt::Connect
    } else if err.is_request() || err.is_body() || err.is_decode() {
        // A connection dropped mid-request or mid-body; with gzip a cut-off body shows up as
        // a decode error.
        Attempt::Reset
    } else {
        Attempt::Other
    };
    let detail = error_chain(err);
    if attempt == Attempt::Other {
        return Failure::Fatal(HttpError::Request {
            url: url.to_string(),
            detail,
        });
    }
    Failure::Transport {
        attempt,
        detail: format!("{attempt}: {detail}"),
    }
}

/// An error and its causes, joined: reqwest's own message rarely says what actually broke.
fn error_chain(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// What the user can do when retries run out after this kind of failure.
fn hint(last: Attempt) -> &'static str {
    match last {
        Attempt::Status(429) => {
            "the server keeps rate-limiting us (another faralink on this address?); try again later"
        }
        Attempt::Status(_) => "the server may be down, try again later",
        Attempt::Timeout => {
            "the server is too slow or unreachable; check the network, try again later"
        }
        Attempt::Connect => "check the network and the host name in the URL, then try again",
        Attempt::Reset | Attempt::Truncated { .. } => {
            "the connection keeps breaking mid-download; try again later"
        }
        Attempt::Other => "check the URL",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_stay_on_one_site() {
        let u = |s: &str| Url::parse(s).unwrap();
        let none: &[String] = &[];
        let same = |a: &str, b: &str| same_site(&u(a), &u(b), none);
        assert!(same("https://efile.fara.gov/a", "https://www.fara.gov/b"));
        assert!(same("http://efile.fara.gov/a", "https://efile.fara.gov/a"));
        assert!(same("http://127.0.0.1:80/a", "http://127.0.0.1:81/b"));
        assert!(!same("https://efile.fara.gov/a", "https://evil.example/b"));
        assert!(!same(
            "https://efile.fara.gov/a",
            "https://fara.gov.evil.example/b"
        ));
        assert!(!same("http://127.0.0.1/a", "http://localhost/a"));
        assert!(!same("http://10.0.0.1/a", "http://10.0.0.2/a"));
        let allowed = ["about.meta.com".to_string()];
        assert!(same_site(
            &u("https://about.fb.com/x"),
            &u("https://about.meta.com/x"),
            &allowed
        ));
    }

    #[test]
    fn user_agent_names_us_and_the_contact() {
        let version = env!("CARGO_PKG_VERSION");
        assert_eq!(
            user_agent(None),
            format!("faralink/{version} (+https://github.com/faralink/faralink)")
        );
        assert_eq!(
            user_agent(Some("ops@example.org")),
            format!("faralink/{version} (+https://github.com/faralink/faralink; ops@example.org)")
        );
    }

    #[test]
    fn a_contact_that_breaks_the_header_is_refused() {
        let cfg = HttpConfig {
            contact: Some("me\r\nX-Evil: 1".into()),
            ..HttpConfig::default()
        };
        assert!(matches!(
            PoliteClient::new(cfg),
            Err(HttpError::BadContact { .. })
        ));
    }

    #[test]
    fn rate_limits_by_host_and_port() {
        let key = |u: &str| host_key(&Url::parse(u).unwrap());
        assert_eq!(
            key("https://efile.fara.gov/api/v1/x"),
            Some("efile.fara.gov".into())
        );
        assert_eq!(
            key("https://efile.fara.gov:443/x"),
            Some("efile.fara.gov".into())
        );
        assert_eq!(key("http://127.0.0.1:8080/"), Some("127.0.0.1:8080".into()));
        assert_eq!(key("file:///etc/passwd"), None);
    }
}
