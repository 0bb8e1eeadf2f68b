//! Per-host politeness: a sliding-window request limit plus a cap on open connections.
//!
//! For: keeping every request faralink sends to one host (first attempts, retries and redirect
//! hops alike) under that host's published limit *as the server counts it*. Not for: deciding
//! whether to retry or how long to back off after a failure; that is [`super::retry`].
//!
//! Why a sliding window and not a token bucket (GCRA, the `governor` crate): FARA documents "5
//! requests per rolling 10 seconds, shared by all endpoints; 429 past it". A bucket of 5 that
//! refills one token every 2 s lets 5 requests through at t = 0 s and a 6th at t = 2 s: six in one
//! rolling 10 s window, and a 429. A limiter that remembers when each of the last N requests went
//! out, and holds the next one until the oldest has left the window, cannot do that.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex as StdMutex};
use std::time::Duration;

use tokio::sync::{Mutex, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// At most `requests` requests in any rolling `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateSpec {
    /// How many requests may start within one window. `0` is treated as `1`.
    pub requests: u32,
    /// The length of the rolling window.
    pub window: Duration,
}

impl RateSpec {
    /// FARA's documented limit is 5 requests per rolling 10 s. We stay under it twice over: one
    /// request fewer (4), and a window 500 ms longer. The margin covers what our clock cannot
    /// see: we stamp a request when it leaves, the server when it arrives, so if the first of a
    /// window was held up on the network and the fifth was not, the server sees them closer
    /// together than we do. A 429 costs far more time than the margin does.
    pub const FARA: RateSpec = RateSpec {
        requests: 4,
        window: Duration::from_millis(10_500),
    };
}

impl Default for RateSpec {
    fn default() -> Self {
        Self::FARA
    }
}

/// Open connections per host unless configured otherwise.
///
/// One, because at 4 requests per 10 s parallel connections buy no throughput, and one
/// keep-alive connection means requests reach the server in the order the limiter released
/// them, which is what makes the sliding window hold on the server's side too.
pub const DEFAULT_CONNECTIONS_PER_HOST: usize = 1;

/// Hands out permission to send one request to a host, per the [`RateSpec`] and the
/// per-host connection cap. Shared by every task that talks to the same hosts.
#[derive(Debug)]
pub struct RateLimiter {
    spec: RateSpec,
    connections: usize,
    hosts: StdMutex<HashMap<String, Arc<Host>>>,
}

#[derive(Debug)]
struct Host {
    /// When each request in the current window was released, oldest first. A tokio mutex
    /// because a waiter sleeps while holding it; tokio's mutex is fair, so waiters are
    /// served in arrival order.
    sent: Mutex<VecDeque<Instant>>,
    connections: Arc<Semaphore>,
}

/// Held for the whole of one request, body included; dropping it frees the connection slot.
#[derive(Debug)]
pub struct HostPermit {
    _connection: OwnedSemaphorePermit,
}

impl RateLimiter {
    /// A limiter allowing `spec` requests and `connections` concurrent requests per host.
    /// A zero count of either is raised to one.
    pub fn new(spec: RateSpec, connections: usize) -> Self {
        RateLimiter {
            spec: RateSpec {
                requests: spec.requests.max(1),
                window: spec.window,
            },
            connections: connections.max(1),
            hosts: StdMutex::new(HashMap::new()),
        }
    }

    /// The limit this limiter applies to each host.
    pub fn spec(&self) -> RateSpec {
        self.spec
    }

    /// Waits until a request to `host` may start, and returns the permit to hold while it runs.
    /// Every call counts against the window, so call it once per request actually sent.
    pub async fn acquire(&self, host: &str) -> HostPermit {
        let host = self.host(host);
        // The connection slot first: a request waiting for a connection must not already hold
        // a place in the window, or the window would start before the request does.
        let connection = Arc::clone(&host.connections)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let mut sent = host.sent.lock().await;
        while let Some(until) = admit(&mut sent, Instant::now(), self.spec) {
            tokio::time::sleep_until(until).await;
        }
        HostPermit {
            _connection: connection,
        }
    }

    fn host(&self, host: &str) -> Arc<Host> {
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        let entry = hosts.entry(host.to_owned()).or_insert_with(|| {
            Arc::new(Host {
                sent: Mutex::new(VecDeque::new()),
                connections: Arc::new(Semaphore::new(self.connections)),
            })
        });
        Arc::clone(entry)
    }
}

/// The sliding-window decision, kept pure so it can be tested without a clock.
///
/// Forgets the requests that have left the window ending at `now`. If there is room, records a
/// request at `now` and returns `None`; otherwise returns the instant the oldest request leaves
/// the window, when it is worth asking again.
pub fn admit(sent: &mut VecDeque<Instant>, now: Instant, spec: RateSpec) -> Option<Instant> {
    while let Some(&oldest) = sent.front() {
        if now.saturating_duration_since(oldest) >= spec.window {
            sent.pop_front();
        } else {
            break;
        }
    }
    if sent.len() < spec.requests.max(1) as usize {
        sent.push_back(now);
        None
    } else {
        sent.front().map(|&oldest| oldest + spec.window)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: RateSpec = RateSpec {
        requests: 3,
        window: Duration::from_secs(10),
    };

    #[test]
    fn admits_up_to_the_limit_then_waits_for_the_oldest() {
        let t0 = Instant::now();
        let mut sent = VecDeque::new();
        assert_eq!(admit(&mut sent, t0, SPEC), None);
        assert_eq!(admit(&mut sent, t0 + Duration::from_secs(1), SPEC), None);
        assert_eq!(admit(&mut sent, t0 + Duration::from_secs(2), SPEC), None);
        // Full: the 4th may go when the 1st leaves the window, at t0 + 10 s.
        let at = t0 + Duration::from_secs(3);
        assert_eq!(admit(&mut sent, at, SPEC), Some(t0 + SPEC.window));
        assert_eq!(sent.len(), 3, "a refused request is not recorded");
    }

    #[test]
    fn a_request_leaves_the_window_exactly_window_later() {
        let t0 = Instant::now();
        let mut sent = VecDeque::new();
        for _ in 0..3 {
            assert_eq!(admit(&mut sent, t0, SPEC), None);
        }
        let almost = t0 + SPEC.window - Duration::from_millis(1);
        assert!(admit(&mut sent, almost, SPEC).is_some());
        assert_eq!(admit(&mut sent, t0 + SPEC.window, SPEC), None);
    }

    #[test]
    fn never_more_than_n_in_any_rolling_window() {
        // Ask every 100 ms for 60 s of simulated time and check every window of admitted times.
        let t0 = Instant::now();
        let mut sent = VecDeque::new();
        let mut admitted = Vec::new();
        for step in 0..600 {
            let now = t0 + Duration::from_millis(100 * step);
            if admit(&mut sent, now, SPEC).is_none() {
                admitted.push(now);
            }
        }
        assert!(admitted.len() >= 15);
        for pair in admitted.windows(SPEC.requests as usize + 1) {
            assert!(pair[pair.len() - 1] - pair[0] >= SPEC.window);
        }
    }

    #[test]
    fn zero_requests_is_treated_as_one() {
        let t0 = Instant::now();
        let spec = RateSpec {
            requests: 0,
            window: Duration::from_secs(1),
        };
        let mut sent = VecDeque::new();
        assert_eq!(admit(&mut sent, t0, spec), None);
        assert!(admit(&mut sent, t0, spec).is_some());
    }

    #[tokio::test]
    async fn acquire_waits_out_the_window() {
        let spec = RateSpec {
            requests: 2,
            window: Duration::from_millis(200),
        };
        let limiter = RateLimiter::new(spec, 1);
        let start = std::time::Instant::now();
        let mut times = Vec::new();
        for _ in 0..4 {
            let _permit = limiter.acquire("example.org").await;
            times.push(start.elapsed());
        }
        assert!(times[2] >= spec.window, "{times:?}");
        assert!(times[3] - times[1] >= spec.window, "{times:?}");
    }
}
