//! When to try a request again, and how long to wait first.
//!
//! For: the decisions only, as pure functions over what one attempt came to: retry or stop,
//! the backoff before the next attempt, and what a `Retry-After` header asks for. They are
//! tested here without any network. Not for: sending requests or sleeping (that is the
//! `client` module) or pacing requests that succeed ([`super::ratelimit`]).
//!
//! What is retried: 429, 408, 5xx but 501, timeouts, failed connections, connections dropped
//! mid-response, and bodies shorter than their `Content-Length`. These are the faults that go
//! away on their own; a 404 or 403 will say the same thing next time.

use std::fmt;
use std::time::{Duration, SystemTime};

use rand::Rng;

/// What one attempt came to, reduced to what the retry decision needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// The server answered with this status (and, if we read it, a whole body).
    Status(u16),
    /// No answer within the connect or read timeout.
    Timeout,
    /// Could not open a connection (refused, DNS failure, TLS handshake failed).
    Connect,
    /// The connection broke while sending the request or reading the response.
    Reset,
    /// The body ended before its `Content-Length`.
    Truncated {
        /// What `Content-Length` promised.
        expected: u64,
        /// What arrived.
        received: u64,
    },
    /// Anything else (a malformed response, a URL reqwest refuses): not worth repeating.
    Other,
}

impl fmt::Display for Attempt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Attempt::Status(code) => {
                let reason = reqwest::StatusCode::from_u16(code)
                    .ok()
                    .and_then(|s| s.canonical_reason());
                match reason {
                    Some(reason) => write!(f, "status {code} {reason}"),
                    None => write!(f, "status {code}"),
                }
            }
            Attempt::Timeout => f.write_str("timed out"),
            Attempt::Connect => f.write_str("could not connect"),
            Attempt::Reset => f.write_str("connection dropped"),
            Attempt::Truncated { expected, received } => {
                write!(f, "body truncated ({received} of {expected} bytes)")
            }
            Attempt::Other => f.write_str("request failed"),
        }
    }
}

/// Whether to send the request again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// A passing fault: try again after a wait.
    Retry,
    /// The answer is final (success, or a failure that would repeat).
    Stop,
}

/// Retry or stop, for what one attempt came to.
pub fn classify(attempt: Attempt) -> RetryDecision {
    match attempt {
        // 501 Not Implemented is the server saying it never will; every other 5xx is a
        // server in trouble that may recover.
        Attempt::Status(501) => RetryDecision::Stop,
        Attempt::Status(408 | 429 | 500..=599) => RetryDecision::Retry,
        Attempt::Status(_) => RetryDecision::Stop,
        Attempt::Timeout | Attempt::Connect | Attempt::Reset | Attempt::Truncated { .. } => {
            RetryDecision::Retry
        }
        Attempt::Other => RetryDecision::Stop,
    }
}

/// Whether a `Retry-After` header on this status is an instruction we follow. RFC 9110 gives
/// it meaning on 503 and on 3xx; RFC 6585 on 429. Redirects are not retried, so: 429 and 503.
pub fn honours_retry_after(status: u16) -> bool {
    matches!(status, 429 | 503)
}

/// Parses a `Retry-After` value: delta-seconds (`120`) or an HTTP-date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`), the latter measured from `now`.
///
/// Pass the response's own `Date` as `now` when it has one: then a date is measured on the
/// server's clock, and a skewed local clock does not shorten the wait. A date already past
/// means "now" (zero). Returns `None` for anything unparseable, so the caller falls back to
/// its own backoff. A number too large for a `u64` is as good as forever.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        let secs = value.parse::<u64>().unwrap_or(u64::MAX);
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// How long to wait before the next attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    /// Sleep this long, then try again.
    For(Duration),
    /// The server asked for a wait longer than we allow; give up instead.
    TooLong(Duration),
}

/// The numbers behind retrying: how many attempts, and how long to wait between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included. `0` is treated as `1`.
    pub max_attempts: u32,
    /// The backoff ceiling after the first failure; it doubles with each further one.
    pub base: Duration,
    /// The backoff ceiling never grows past this.
    pub max_backoff: Duration,
    /// The longest `Retry-After` we wait out; a longer one ends the retries.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// Five attempts; backoff from 1 s doubling to at most 60 s (lychee's cap: long enough for
    /// a restarting server, short enough that a cron run does not hang); `Retry-After` obeyed
    /// up to 5 minutes, past which the server is down for longer than a run should wait.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(300),
        }
    }
}

impl RetryPolicy {
    /// Exponential backoff with full jitter after failed attempt number `attempt` (1-based):
    /// a uniformly random wait between zero and `min(max_backoff, base × 2^(attempt−1))`.
    ///
    /// Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter") spreads the
    /// retries of clients that failed together, rather than having them return in step.
    pub fn backoff_delay(&self, attempt: u32, rng: &mut impl Rng) -> Duration {
        let factor = 1u32
            .checked_shl(attempt.saturating_sub(1))
            .unwrap_or(u32::MAX);
        let ceiling = self.base.saturating_mul(factor).min(self.max_backoff);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(rng.gen_range(0..=nanos))
    }

    /// The wait after failed attempt number `attempt`: exactly the server's `Retry-After` when
    /// it gave one we honour (never less, or we would be back before it wants us), else the
    /// backoff, but at least `floor`.
    pub fn delay(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        floor: Duration,
        rng: &mut impl Rng,
    ) -> Wait {
        match retry_after {
            Some(wait) if wait > self.max_retry_after => Wait::TooLong(wait),
            Some(wait) => Wait::For(wait),
            None => Wait::For(self.backoff_delay(attempt, rng).max(floor)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    #[test]
    fn retries_passing_faults_only() {
        for code in [408, 429, 500, 502, 503, 504, 599] {
            assert_eq!(
                classify(Attempt::Status(code)),
                RetryDecision::Retry,
                "{code}"
            );
        }
        for code in [200, 204, 304, 400, 401, 403, 404, 410, 501] {
            assert_eq!(
                classify(Attempt::Status(code)),
                RetryDecision::Stop,
                "{code}"
            );
        }
        for attempt in [
            Attempt::Timeout,
            Attempt::Connect,
            Attempt::Reset,
            Attempt::Truncated {
                expected: 1000,
                received: 500,
            },
        ] {
            assert_eq!(classify(attempt), RetryDecision::Retry, "{attempt}");
        }
        assert_eq!(classify(Attempt::Other), RetryDecision::Stop);
    }

    #[test]
    fn describes_attempts_for_people() {
        assert_eq!(
            Attempt::Status(503).to_string(),
            "status 503 Service Unavailable"
        );
        assert_eq!(
            Attempt::Truncated {
                expected: 1000,
                received: 500
            }
            .to_string(),
            "body truncated (500 of 1000 bytes)"
        );
    }

    #[test]
    fn backoff_stays_within_the_doubling_ceiling_and_the_cap() {
        let policy = RetryPolicy::default();
        let mut rng = StdRng::seed_from_u64(7);
        for attempt in 1..=40 {
            let ceiling = Duration::from_secs(1)
                .saturating_mul(1u32.checked_shl(attempt - 1).unwrap_or(u32::MAX))
                .min(Duration::from_secs(60));
            for _ in 0..200 {
                let d = policy.backoff_delay(attempt, &mut rng);
                assert!(d <= ceiling, "attempt {attempt}: {d:?} > {ceiling:?}");
            }
        }
    }

    #[test]
    fn backoff_is_jittered_over_the_whole_range() {
        let policy = RetryPolicy::default();
        let mut rng = StdRng::seed_from_u64(1);
        let delays: Vec<_> = (0..1000)
            .map(|_| policy.backoff_delay(3, &mut rng))
            .collect();
        // Ceiling for attempt 3 is 4 s; full jitter should land in both halves.
        assert!(delays.iter().any(|d| *d < Duration::from_secs(1)));
        assert!(delays.iter().any(|d| *d > Duration::from_secs(3)));
    }

    #[test]
    fn parses_delta_seconds() {
        let now = SystemTime::now();
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn parses_http_dates_relative_to_now() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:29:30 GMT", now),
            Some(Duration::from_secs(90))
        );
        // A date in the past means "go ahead".
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn rejects_garbage() {
        let now = SystemTime::now();
        for value in ["", "soon", "-5", "1.5", "in 10 seconds"] {
            assert_eq!(parse_retry_after(value, now), None, "{value:?}");
        }
    }

    #[test]
    fn retry_after_is_obeyed_exactly_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let mut rng = StdRng::seed_from_u64(3);
        let zero = Duration::ZERO;
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(7)), zero, &mut rng),
            Wait::For(Duration::from_secs(7))
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(300)), zero, &mut rng),
            Wait::For(Duration::from_secs(300))
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(301)), zero, &mut rng),
            Wait::TooLong(Duration::from_secs(301))
        );
    }

    #[test]
    fn backoff_respects_the_floor() {
        let policy = RetryPolicy::default();
        let mut rng = StdRng::seed_from_u64(5);
        let floor = Duration::from_secs(10);
        for _ in 0..100 {
            match policy.delay(1, None, floor, &mut rng) {
                Wait::For(d) => assert!(d >= floor),
                Wait::TooLong(d) => panic!("no Retry-After, yet too long: {d:?}"),
            }
        }
    }
}
