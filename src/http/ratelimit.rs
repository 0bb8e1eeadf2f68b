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
//!
//! Why the window is also kept in a file ([`SharedWindows`]): the limit is DOJ's count of what
//! reaches it from our address, not one process's count. `sync --only fara` followed at once by
//! `sync --only documents`, or a `sync --every` service plus a manual sync on another database,
//! are two processes; each with a window of its own, together they sent twice the limit. With
//! a shared directory, every process records its requests to a host in one small file under
//! an OS file lock and waits on the requests the others made too.

use std::collections::{HashMap, VecDeque};
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::ops::Add;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex as StdMutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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
    shared: Option<SharedWindows>,
    /// Set once the shared window has failed and a warning said so: the rest of the run
    /// keeps to this process's own window, and does not repeat the warning per request.
    shared_failed: AtomicBool,
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
            shared: None,
            shared_failed: AtomicBool::new(false),
        }
    }

    /// The same limiter, also counting the requests every other process sharing `windows`
    /// made to the same host (see [`SharedWindows`]).
    pub fn with_shared(mut self, windows: SharedWindows) -> Self {
        self.shared = Some(windows);
        self
    }

    /// The limit this limiter applies to each host.
    pub fn spec(&self) -> RateSpec {
        self.spec
    }

    /// Waits until a request to `host` may start, and returns the permit to hold while it runs.
    /// Every call counts against the window, so call it once per request actually sent.
    pub async fn acquire(&self, host: &str) -> HostPermit {
        let key = host;
        let host = self.host(host);
        // The connection slot first: a request waiting for a connection must not already hold
        // a place in the window, or the window would start before the request does.
        let connection = Arc::clone(&host.connections)
            .acquire_owned()
            .await
            .expect("the semaphore is never closed");
        let mut sent = host.sent.lock().await;
        loop {
            // This process's own window first (monotonic clock, so a clock step cannot open
            // it), then the one shared with other processes (wall clock, the only clock they
            // share).
            if let Some(until) = admit(&mut sent, Instant::now(), self.spec) {
                tokio::time::sleep_until(until).await;
                continue;
            }
            match self.admit_shared(key).await {
                None => break,
                Some(until) => {
                    // Not sent after all: take back the place just recorded.
                    sent.pop_back();
                    let wait = until
                        .duration_since(SystemTime::now())
                        .unwrap_or(Duration::ZERO);
                    tokio::time::sleep(wait.max(Duration::from_millis(1))).await;
                }
            }
        }
        HostPermit {
            _connection: connection,
        }
    }

    /// Records a request to `key` in the shared window; `Some(t)` when that window is full
    /// until `t`. `None` also when there is no shared window or it cannot be used: a warning
    /// says so once, and this process's own window still holds.
    async fn admit_shared(&self, key: &str) -> Option<SystemTime> {
        let windows = self.shared.as_ref()?;
        if self.shared_failed.load(Ordering::Relaxed) {
            return None;
        }
        let (windows, key, spec) = (windows.clone(), key.to_owned(), self.spec);
        let path = windows.path(&key);
        let result =
            tokio::task::spawn_blocking(move || windows.admit(&key, SystemTime::now(), spec))
                .await
                .unwrap_or_else(|e| Err(std::io::Error::other(e)));
        match result {
            Ok(until) => until,
            Err(e) => {
                if !self.shared_failed.swap(true, Ordering::Relaxed) {
                    tracing::warn!(
                        "cannot use the rate-limit file {}: {e}; this run keeps to its own \
                         window, so another faralink running now may push the host past its \
                         limit (set FARALINK_RATE_DIR to a writable directory)",
                        path.display()
                    );
                }
                None
            }
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

/// The sliding-window decision, kept pure so it can be tested without a clock. `T` is any
/// point in time: an `Instant` in one process, a time since the Unix epoch in the shared file.
///
/// Forgets the requests that have left the window ending at `now`. If there is room, records a
/// request at `now` and returns `None`; otherwise returns the instant the oldest request leaves
/// the window, when it is worth asking again.
pub fn admit<T>(sent: &mut VecDeque<T>, now: T, spec: RateSpec) -> Option<T>
where
    T: Copy + Ord + Add<Duration, Output = T>,
{
    while let Some(&oldest) = sent.front() {
        if oldest + spec.window <= now {
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

/// A directory of per-host request logs shared by every faralink process that is given it:
/// one file per host (`efile.fara.gov`, `127.0.0.1_8080`), holding the Unix time in
/// milliseconds of each request still in the window, one per line.
///
/// The file is read, decided on and rewritten under an exclusive OS lock (released by the OS
/// if the process dies, so a crash never leaves it locked), so two processes cannot both take
/// the last place in a window. A time later than one window from now (the clock was set back)
/// is dropped rather than believed, so it cannot hold the host shut.
///
/// Where it lives is the caller's choice; the CLI uses the user's cache directory, not a
/// directory per database, because the limit is per host and client, whatever database the
/// requests are for (see README, "Politeness").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedWindows {
    dir: PathBuf,
}

impl SharedWindows {
    /// Windows kept in `dir`, which is created when first needed.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        SharedWindows { dir: dir.into() }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file that holds `host`'s window: the host key with anything but letters, digits,
    /// `.` and `-` turned into `_` (so `127.0.0.1:8080` is a valid file name everywhere).
    pub fn path(&self, host: &str) -> PathBuf {
        let name: String = host
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.dir.join(name)
    }

    /// Records a request to `host` at `now` if `spec` allows it, counting every request any
    /// process recorded there; otherwise returns when the oldest leaves the window. Blocking
    /// (file I/O under a lock held for microseconds).
    pub fn admit(
        &self,
        host: &str,
        now: SystemTime,
        spec: RateSpec,
    ) -> std::io::Result<Option<SystemTime>> {
        std::fs::create_dir_all(&self.dir)?;
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(self.path(host))?;
        file.lock()?;
        let result = admit_in(&mut file, now, spec);
        // Closing the file releases the lock too; unlocking first says so plainly.
        let _ = file.unlock();
        result
    }
}

fn admit_in(
    file: &mut File,
    now: SystemTime,
    spec: RateSpec,
) -> std::io::Result<Option<SystemTime>> {
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    let now_ms = unix_ms(now);
    let mut sent: VecDeque<Duration> = text
        .lines()
        .filter_map(|l| l.trim().parse::<u64>().ok())
        .map(Duration::from_millis)
        .filter(|&t| t <= now_ms + spec.window)
        .collect();
    sent.make_contiguous().sort();
    let until = admit(&mut sent, now_ms, spec);
    if until.is_none() {
        let mut out = String::new();
        for t in &sent {
            out.push_str(&t.as_millis().to_string());
            out.push('\n');
        }
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        file.write_all(out.as_bytes())?;
    }
    Ok(until.map(|t| UNIX_EPOCH + t))
}

/// `t` since the Unix epoch, to the millisecond (the resolution the file keeps).
fn unix_ms(t: SystemTime) -> Duration {
    let since = t.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    Duration::from_millis(u64::try_from(since.as_millis()).unwrap_or(u64::MAX))
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

    #[test]
    fn the_shared_window_counts_every_process_requests() {
        // Two handles on one directory stand for two processes: what one records, the other
        // waits on.
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (
            SharedWindows::new(dir.path()),
            SharedWindows::new(dir.path()),
        );
        let t0 = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let s = |n| t0 + Duration::from_secs(n);
        assert_eq!(a.admit("efile.fara.gov", s(0), SPEC).unwrap(), None);
        assert_eq!(a.admit("efile.fara.gov", s(1), SPEC).unwrap(), None);
        assert_eq!(b.admit("efile.fara.gov", s(2), SPEC).unwrap(), None);
        assert_eq!(b.admit("efile.fara.gov", s(3), SPEC).unwrap(), Some(s(10)));
        // Another host has a window of its own.
        assert_eq!(b.admit("127.0.0.1:8080", s(3), SPEC).unwrap(), None);
        assert_eq!(a.admit("efile.fara.gov", s(10), SPEC).unwrap(), None);
        let file = std::fs::read_to_string(a.path("efile.fara.gov")).unwrap();
        assert_eq!(file.lines().count(), 3, "only the window is kept: {file}");
        assert!(a.path("127.0.0.1:8080").ends_with("127.0.0.1_8080"));
    }

    #[test]
    fn a_time_from_a_clock_set_back_does_not_hold_the_host_shut() {
        let dir = tempfile::tempdir().unwrap();
        let w = SharedWindows::new(dir.path());
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let later = now + Duration::from_secs(3600);
        let ms = |t: SystemTime| t.duration_since(UNIX_EPOCH).unwrap().as_millis();
        std::fs::write(
            w.path("h"),
            format!("{}\n{}\n{}\nnot a time\n", ms(later), ms(later), ms(later)),
        )
        .unwrap();
        assert_eq!(w.admit("h", now, SPEC).unwrap(), None);
    }

    #[tokio::test]
    async fn two_limiters_on_one_directory_share_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let spec = RateSpec {
            requests: 2,
            window: Duration::from_millis(300),
        };
        let a = RateLimiter::new(spec, 1).with_shared(SharedWindows::new(dir.path()));
        let b = RateLimiter::new(spec, 1).with_shared(SharedWindows::new(dir.path()));
        let start = std::time::Instant::now();
        drop(a.acquire("example.org").await);
        drop(a.acquire("example.org").await);
        // b has sent nothing itself, but the window is full.
        drop(b.acquire("example.org").await);
        assert!(start.elapsed() >= spec.window, "{:?}", start.elapsed());
    }
}
