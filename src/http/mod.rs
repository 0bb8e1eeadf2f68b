//! The one HTTP client every source fetches through: polite, patient and honest about failure.
//!
//! For: turning a URL into bytes, while keeping under each host's rate limit
//! ([`ratelimit`]), retrying the faults that pass ([`retry`]), sending conditional requests,
//! and keeping a log of every attempt for the sync report. Not for: parsing what comes back,
//! deciding which URLs to fetch, or storing anything; those belong to the stages after fetch.
//!
//! Every source shares one [`PoliteClient`] (it is cheap to clone), so the FARA limit of 5
//! requests per rolling 10 s holds across the API, the bulk files and the documents together;
//! given a [`SharedWindows`] directory, it holds across processes too.

mod client;
pub mod ratelimit;
pub mod retry;

use std::time::Duration;

pub use client::{
    FetchLogEntry, FetchOutcome, FetchedBody, HttpConfig, MAX_REDIRECTS, PoliteClient, Validators,
};
pub use ratelimit::{DEFAULT_CONNECTIONS_PER_HOST, RateLimiter, RateSpec, SharedWindows};
pub use retry::{RetryDecision, RetryPolicy};

/// Why a fetch failed. A final non-success status (404, 403, ...) is not one of these: it comes
/// back as [`FetchOutcome::Status`] for the caller to judge.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HttpError {
    /// The HTTP client could not be built (the TLS backend failed to start). Nothing was
    /// fetched. This points at a broken system; please report it with the message.
    #[error("could not set up the HTTP client: {0}")]
    Client(#[source] reqwest::Error),

    /// The contact meant for the User-Agent header has characters a header cannot carry.
    /// Give a plain e-mail address or URL.
    #[error(
        "the contact {contact:?} cannot go in a User-Agent header (it has control or non-ASCII \
         characters); give a plain e-mail address or URL"
    )]
    BadContact {
        /// The contact as given.
        contact: String,
    },

    /// The URL is not `http`/`https` or has no host, so there is nothing to fetch. Check where
    /// the URL came from (a configured base URL, a document listing).
    #[error("cannot fetch {url}: only http and https URLs with a host can be fetched")]
    UnsupportedUrl {
        /// The URL as given.
        url: String,
    },

    /// Every attempt failed with a fault that usually passes (5xx, 429, timeout, dropped
    /// connection, truncated body). The hint says what to try; usually: later.
    #[error("gave up on {url} after {attempts} attempts: last {last}; {hint}")]
    GaveUp {
        /// The URL asked for.
        url: String,
        /// How many attempts were made.
        attempts: u32,
        /// What the last attempt came to, e.g. "status 503 Service Unavailable".
        last: String,
        /// What the user can do about it.
        hint: &'static str,
    },

    /// The server answered 429 or 503 with a `Retry-After` longer than we are willing to wait
    /// (`max_retry_after`). Try again after that time, or raise the limit.
    #[error(
        "{url} answered {status} and asked us to wait {}s, more than the {}s we wait at most; \
         try again after that, or raise max_retry_after",
        wait.as_secs(), max.as_secs()
    )]
    RetryAfterTooLong {
        /// The URL asked for.
        url: String,
        /// The status that carried the `Retry-After`.
        status: u16,
        /// How long the server asked us to wait.
        wait: Duration,
        /// The most we wait (`max_retry_after`).
        max: Duration,
    },

    /// The body is larger than `max_body_bytes`; we stopped without downloading it all.
    /// Raise the limit if the file is really wanted.
    #[error(
        "{url} is {size} bytes or more, over the limit of {limit} bytes; it was not downloaded \
         (raise max_body_bytes to fetch it)"
    )]
    TooLarge {
        /// The URL asked for.
        url: String,
        /// The configured limit in bytes.
        limit: u64,
        /// The declared `Content-Length`, or what had arrived when we stopped.
        size: u64,
    },

    /// The server redirected to another site. We follow redirects only within a site (the
    /// same host, or `efile.fara.gov` ↔ `www.fara.gov`): a redirect elsewhere is a hijacked
    /// or retired URL, and fetching it would leave the host whose rate limit we keep. Check
    /// the URL in a browser; add the host to `redirect_hosts` if it is really meant.
    #[error("{url} redirected to {to}, on another site; not followed")]
    CrossSiteRedirect {
        /// The URL asked for.
        url: String,
        /// Where the redirect pointed.
        to: String,
    },

    /// The server redirected more than [`MAX_REDIRECTS`] times in a row: a redirect loop or a
    /// stale URL. Open the URL in a browser to see where it goes.
    #[error(
        "{url} redirected more than {limit} times; the server's redirects loop or the URL is stale"
    )]
    TooManyRedirects {
        /// The URL asked for.
        url: String,
        /// The redirect limit.
        limit: u32,
    },

    /// The request failed in a way that would repeat if retried (a malformed response, a
    /// redirect to a non-HTTP URL). Check the URL; if it looks right, report the message.
    #[error("fetching {url} failed: {detail}")]
    Request {
        /// The URL asked for.
        url: String,
        /// What went wrong, from the HTTP stack.
        detail: String,
    },
}
