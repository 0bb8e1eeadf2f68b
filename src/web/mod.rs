//! `faralink serve`: the local web UI. Search, firm dossiers, takedown pages, a review page
//! and a timeline, server-rendered, with JSON endpoints that return what the CLI's `--json`
//! prints.
//!
//! For: reporters who do not live in a terminal, on their own machine, offline. Binds
//! 127.0.0.1 unless told otherwise. Reads through read-only connections ([`pool`]); the only
//! write is a review verdict, a POST that must carry this process's token (a page from
//! another site cannot forge it). Not for: serving the public internet (no accounts, no TLS).

pub mod cache;
pub mod country;
pub mod layout;
pub mod pages;
pub mod pool;
pub mod timeline;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use crate::dossier::{self, DossierError};
use crate::matcher::DEFAULT_MIN_SCORE;
use crate::matcher::MatchError;
use crate::matcher::links::{LinkFilter, Verdict, list_links};
use crate::search::{SearchOptions, Searcher};
use pool::Pool;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pool: Arc<Pool>,
    /// At most this many requests read the database at once; the rest wait their turn on the
    /// async side. On a 2-core laptop 50 requests in flight on 50 threads and 50 connections
    /// only trade places on the cores (and open connections past the pool's size): measured
    /// with wrk, bounding them gives more requests per second and a shorter tail.
    readers: Arc<tokio::sync::Semaphore>,
    searches: Arc<cache::SearchCache>,
    /// Rendered country pages and their JSON, until the database changes.
    countries: Arc<country::CountryCache>,
    /// The per-process secret a review POST must carry.
    token: Arc<str>,
    /// The FARA eFile base (`--fara-url`) the dossier's eFile links point under.
    fara_base: Arc<str>,
}

impl AppState {
    /// State over the database at `db`, with a fresh random token.
    pub fn new(db: &Path) -> AppState {
        use rand::Rng;
        let bytes: [u8; 24] = rand::thread_rng().r#gen();
        let readers = std::thread::available_parallelism().map_or(2, |n| n.get()) * 2;
        AppState {
            pool: Arc::new(Pool::new(db, readers)),
            readers: Arc::new(tokio::sync::Semaphore::new(readers)),
            searches: Arc::new(cache::SearchCache::new(db, 1024)),
            countries: Arc::new(cache::StampedCache::new(db, 1024)),
            token: hex::encode(bytes).into(),
            fara_base: crate::sources::base_url("fara").unwrap_or_default().into(),
        }
    }

    /// The same state with eFile links under `base` (the configured `--fara-url`).
    pub fn with_fara_base(mut self, base: &str) -> AppState {
        self.fara_base = base.into();
        self
    }

    /// The token review forms carry (tests read it to post as a page would).
    pub fn token(&self) -> &str {
        &self.token
    }
}

/// Errors a request can end in, each with its status. Pages get an HTML error page, `/api/`
/// routes a JSON `{"error": ...}`.
#[derive(Debug)]
pub enum WebError {
    /// 404: no such registrant, takedown or country (the message names it).
    NotFound(String),
    /// 400: a malformed request (the message says what was wrong).
    BadRequest(String),
    /// 403: a review without this process's token (a page from another site).
    Forbidden(String),
    /// 500: reading the database or building the answer failed (the message says why).
    Internal(String),
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound(_) => StatusCode::NOT_FOUND,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
    fn message(&self) -> &str {
        match self {
            WebError::NotFound(m)
            | WebError::BadRequest(m)
            | WebError::Forbidden(m)
            | WebError::Internal(m) => m,
        }
    }
}

impl From<rusqlite::Error> for WebError {
    fn from(e: rusqlite::Error) -> Self {
        tracing::error!("database: {e}");
        WebError::Internal(format!("reading the database failed: {e}"))
    }
}

impl From<DossierError> for WebError {
    fn from(e: DossierError) -> Self {
        match e {
            DossierError::NotFound(n) => {
                WebError::NotFound(format!("No registrant with registration number {n}."))
            }
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<MatchError> for WebError {
    fn from(e: MatchError) -> Self {
        match e {
            MatchError::UnknownLink(id) => WebError::NotFound(format!("No link {id}.")),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<crate::country_view::CountryError> for WebError {
    fn from(e: crate::country_view::CountryError) -> Self {
        match e {
            crate::country_view::CountryError::Unknown(_) => WebError::NotFound(e.to_string()),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<crate::search::SearchError> for WebError {
    fn from(e: crate::search::SearchError) -> Self {
        WebError::Internal(e.to_string())
    }
}

/// An HTML page response, or the error page.
struct HtmlResult(Result<maud::Markup, WebError>);

impl IntoResponse for HtmlResult {
    fn into_response(self) -> Response {
        match self.0 {
            Ok(m) => html_response(StatusCode::OK, m),
            Err(e) => html_response(
                e.status(),
                layout::error_page(e.status().as_u16(), e.message()),
            ),
        }
    }
}

fn html_response(status: StatusCode, m: maud::Markup) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            // Nothing from elsewhere, no script, no framing: the pages need none of it.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
        ],
        m.into_string(),
    )
        .into_response()
}

/// A JSON response, or `{"error": ...}` with the error's status.
struct JsonResult(Result<serde_json::Value, WebError>);

impl IntoResponse for JsonResult {
    fn into_response(self) -> Response {
        let (status, body) = match self.0 {
            Ok(v) => (StatusCode::OK, v),
            Err(e) => (e.status(), serde_json::json!({ "error": e.message() })),
        };
        (
            status,
            [(header::X_CONTENT_TYPE_OPTIONS, "nosniff")],
            axum::Json(body),
        )
            .into_response()
    }
}

/// Runs `f` on a pooled read-only connection, off the async threads.
async fn read<T: Send + 'static>(
    st: &AppState,
    f: impl FnOnce(&rusqlite::Connection) -> Result<T, WebError> + Send + 'static,
) -> Result<T, WebError> {
    let pool = st.pool.clone();
    let permit = st
        .readers
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| WebError::Internal(format!("request failed: {e}")))?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let conn = pool.get()?;
        f(&conn)
    })
    .await
    .map_err(|e| WebError::Internal(format!("request failed: {e}")))?
}

/// The routes of the contract.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/search", get(search_page))
        .route("/registrants/:n", get(registrant_page))
        .route("/takedowns/:id", get(takedown_page))
        .route("/countries/:code", get(country_page))
        .route("/review", get(review_page))
        .route("/links/:id/review", post(review_post))
        .route("/api/search", get(api_search))
        .route("/api/registrants/:n", get(api_registrant))
        .route("/api/links", get(api_links))
        .route("/api/takedowns/:id", get(api_takedown))
        .route("/api/countries/:code", get(api_country))
        .fallback(not_found)
        .with_state(state)
}

/// Why `faralink serve` could not serve.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The database cannot be opened read-only (missing, not faralink's, or damaged). Run
    /// `faralink sync` first, or pass the right `--db`.
    #[error("cannot open {} read-only ({source}); run `faralink sync` first", path.display())]
    Database {
        /// The database file.
        path: std::path::PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The address cannot be listened on (in use, or not this machine's). Pick another
    /// `--addr`.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address asked for.
        addr: SocketAddr,
        /// What the system said.
        source: std::io::Error,
    },
    /// The server stopped on an I/O error while serving.
    #[error("serving stopped: {0}")]
    Io(#[from] std::io::Error),
}

/// Serves until the process is stopped (Ctrl-C or SIGTERM end it cleanly). `fara_base` is the
/// eFile site the firm pages link to; `announce` prints the address it listens on (`-q` turns
/// it off; a warning is printed either way).
pub async fn serve(
    db: &Path,
    addr: SocketAddr,
    fara_base: &str,
    announce: bool,
) -> Result<(), ServeError> {
    pool::open_read_only(db).map_err(|source| ServeError::Database {
        path: db.to_path_buf(),
        source,
    })?;
    let state = AppState::new(db).with_fara_base(fara_base);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Listen { addr, source })?;
    let local = listener.local_addr()?;
    if announce {
        eprintln!(
            "faralink: serving {} on http://{local}/ (Ctrl-C stops)",
            db.display()
        );
    }
    if !local.ip().is_loopback() {
        eprintln!(
            "faralink: warning: {local} is reachable from other machines; anyone who can reach it can read the database"
        );
    }
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown())
        .await?;
    Ok(())
}

async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
        let term = async {
            match term.as_mut() {
                Some(t) => {
                    t.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

async fn not_found() -> HtmlResult {
    HtmlResult(Err(WebError::NotFound("No such page.".into())))
}

async fn index(State(st): State<AppState>) -> HtmlResult {
    HtmlResult(read(&st, pages::index).await)
}

#[derive(Debug, Deserialize)]
struct SearchParams {
    #[serde(default)]
    q: String,
    /// Text, read by [`search_opts`]: serde's own error for `limit=abc` was "Failed to
    /// deserialize query string: limit: invalid digit found in string".
    limit: Option<String>,
}

/// The most results one request may ask for.
const MAX_LIMIT: usize = 200;

fn search_opts(limit: Option<&str>) -> Result<SearchOptions, WebError> {
    let limit = match limit.map(str::trim).filter(|s| !s.is_empty()) {
        None => 20,
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_LIMIT).contains(n))
            .ok_or_else(|| {
                WebError::BadRequest(format!(
                    "The number of results (limit) must be a whole number from 1 to {MAX_LIMIT}, not {raw:?}."
                ))
            })?,
    };
    Ok(SearchOptions {
        limit,
        ..SearchOptions::default()
    })
}

async fn search_page(
    State(st): State<AppState>,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> HtmlResult {
    let Query(p) = match params {
        Ok(p) => p,
        Err(e) => return HtmlResult(Err(WebError::BadRequest(e.body_text()))),
    };
    let opts = match search_opts(p.limit.as_deref()) {
        Ok(o) => o,
        Err(e) => return HtmlResult(Err(e)),
    };
    HtmlResult(
        search_hits(&st, p.q.clone(), opts)
            .await
            .map(|hits| pages::search(&p.q, &hits)),
    )
}

/// Search hits, from the cache when the same query was answered since the last change.
async fn search_hits(
    st: &AppState,
    q: String,
    opts: SearchOptions,
) -> Result<Vec<crate::search::Hit>, WebError> {
    if let Some(hits) = st.searches.get(&q, opts.limit) {
        return Ok(hits);
    }
    let cache = st.searches.clone();
    read(st, move |c| {
        let since = cache.stamp();
        let vocabulary = cache.vocabulary(c)?;
        let hits = Searcher::with_vocabulary(c, vocabulary).search(&q, &opts)?;
        cache.put(since, &q, opts.limit, &hits);
        Ok(hits)
    })
    .await
}

async fn api_search(
    State(st): State<AppState>,
    params: Result<Query<SearchParams>, axum::extract::rejection::QueryRejection>,
) -> JsonResult {
    let Query(p) = match params {
        Ok(p) => p,
        Err(e) => return JsonResult(Err(WebError::BadRequest(e.body_text()))),
    };
    let opts = match search_opts(p.limit.as_deref()) {
        Ok(o) => o,
        Err(e) => return JsonResult(Err(e)),
    };
    JsonResult(
        search_hits(&st, p.q, opts).await.and_then(|hits| {
            serde_json::to_value(hits).map_err(|e| WebError::Internal(e.to_string()))
        }),
    )
}

fn registration_number(raw: &str) -> Result<i64, WebError> {
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| WebError::BadRequest(format!("{raw:?} is not a registration number")))
}

async fn registrant_page(State(st): State<AppState>, UrlPath(n): UrlPath<String>) -> HtmlResult {
    let n = match registration_number(&n) {
        Ok(n) => n,
        Err(e) => return HtmlResult(Err(e)),
    };
    let token = st.token.clone();
    let base = st.fara_base.clone();
    HtmlResult(
        read(&st, move |c| {
            let d = dossier::load(c, n)?.with_fara_base(&base);
            Ok(pages::registrant(&d, &token, &pages::today()))
        })
        .await,
    )
}

async fn api_registrant(State(st): State<AppState>, UrlPath(n): UrlPath<String>) -> JsonResult {
    let n = match registration_number(&n) {
        Ok(n) => n,
        Err(e) => return JsonResult(Err(e)),
    };
    let base = st.fara_base.clone();
    JsonResult(
        read(&st, move |c| {
            let d = dossier::load(c, n)?.with_fara_base(&base);
            serde_json::to_value(d).map_err(|e| WebError::Internal(e.to_string()))
        })
        .await,
    )
}

async fn takedown_page(State(st): State<AppState>, UrlPath(id): UrlPath<String>) -> HtmlResult {
    let token = st.token.clone();
    HtmlResult(
        read(&st, move |c| {
            let t = crate::takedowns::store::get(c, &id)?
                .ok_or_else(|| WebError::NotFound(format!("No takedown {id:?}.")))?;
            let links = list_links(c, &takedown_filter(&id))?;
            Ok(pages::takedown(&t.takedown, &links, &token))
        })
        .await,
    )
}

async fn api_takedown(State(st): State<AppState>, UrlPath(id): UrlPath<String>) -> JsonResult {
    JsonResult(
        read(&st, move |c| {
            // The record as `takedowns list --json` prints it.
            let t = crate::takedowns::store::get(c, &id)?
                .ok_or_else(|| WebError::NotFound(format!("no takedown {id:?}")))?;
            let links = list_links(c, &takedown_filter(&id))?;
            Ok(serde_json::json!({ "takedown": t, "links": links }))
        })
        .await,
    )
}

/// `?all=1` on a country page adds the history, as `country --all` does.
#[derive(Debug, Deserialize)]
struct CountryParams {
    all: Option<String>,
}

fn wants_all(p: &CountryParams) -> bool {
    matches!(p.all.as_deref(), Some("1" | "true" | "yes" | ""))
}

async fn country_page(
    State(st): State<AppState>,
    UrlPath(code): UrlPath<String>,
    Query(p): Query<CountryParams>,
) -> HtmlResult {
    let all = wants_all(&p);
    HtmlResult(
        country::cached(&st, &code, all, country::Format::Html)
            .await
            .map(|body| maud::PreEscaped(body.to_string())),
    )
}

async fn api_country(
    State(st): State<AppState>,
    UrlPath(code): UrlPath<String>,
    Query(p): Query<CountryParams>,
) -> Response {
    let all = wants_all(&p);
    match country::cached(&st, &code, all, country::Format::Json).await {
        Ok(body) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            body.to_string(),
        )
            .into_response(),
        Err(e) => JsonResult(Err(e)).into_response(),
    }
}

/// What `links --takedown ID` lists: the default threshold, related registrations beside.
fn takedown_filter(id: &str) -> LinkFilter {
    LinkFilter {
        takedown: Some(id.to_string()),
        min_score: DEFAULT_MIN_SCORE,
        ..LinkFilter::default()
    }
}

/// `/api/links` takes the CLI's options: `registrant`, `takedown`, `min_score`, `all`.
#[derive(Debug, Deserialize)]
struct LinkParams {
    registrant: Option<String>,
    takedown: Option<String>,
    min_score: Option<String>,
    all: Option<String>,
}

fn link_filter(p: LinkParams) -> Result<LinkFilter, WebError> {
    let registrant = p
        .registrant
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(registration_number)
        .transpose()?;
    let min_score = match p.min_score.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            s.parse::<f64>()
                .ok()
                .filter(|x| (0.0..=1.0).contains(x))
                .ok_or_else(|| {
                    WebError::BadRequest(format!("min_score {s:?} is not a number from 0 to 1"))
                })?,
        ),
    };
    Ok(LinkFilter {
        registrant,
        takedown: p.takedown.filter(|s| !s.is_empty()),
        min_score: min_score.unwrap_or(DEFAULT_MIN_SCORE),
        include_rejected: p.all.is_some(),
    })
}

async fn api_links(
    State(st): State<AppState>,
    params: Result<Query<LinkParams>, axum::extract::rejection::QueryRejection>,
) -> JsonResult {
    let filter = match params
        .map_err(|e| WebError::BadRequest(e.body_text()))
        .and_then(|Query(p)| link_filter(p))
    {
        Ok(f) => f,
        Err(e) => return JsonResult(Err(e)),
    };
    JsonResult(
        read(&st, move |c| {
            let links = list_links(c, &filter)?;
            serde_json::to_value(links).map_err(|e| WebError::Internal(e.to_string()))
        })
        .await,
    )
}

#[derive(Debug, Deserialize)]
struct ReviewParams {
    #[serde(default)]
    all: Option<String>,
}

async fn review_page(
    State(st): State<AppState>,
    params: Result<Query<ReviewParams>, axum::extract::rejection::QueryRejection>,
) -> HtmlResult {
    let all = match params {
        Ok(Query(p)) => p.all.is_some(),
        Err(e) => return HtmlResult(Err(WebError::BadRequest(e.body_text()))),
    };
    let token = st.token.clone();
    HtmlResult(
        read(&st, move |c| {
            // The queue: suggestions above the threshold nobody has judged; `?all` shows
            // every link, judged or not, rejected ones included.
            let filter = LinkFilter {
                min_score: if all { 0.0 } else { DEFAULT_MIN_SCORE },
                include_rejected: all,
                ..LinkFilter::default()
            };
            let mut links = list_links(c, &filter)?;
            if !all {
                // Unreviewed leads only: a related registration's link under the threshold
                // (an initials proposal) is listed beside its lead by `links`, but it is not a
                // lead, so it is not queued (issue 17).
                links.retain(|l| l.verdict.is_none() && l.score >= DEFAULT_MIN_SCORE);
            }
            Ok(pages::review(&links, all, &token))
        })
        .await,
    )
}

#[derive(Debug, Deserialize)]
struct ReviewForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    note: String,
    /// Where to go back to: a path on this site.
    #[serde(default)]
    back: String,
    /// Other links the same verdict applies to, comma-separated: a dossier row merges every
    /// link of one takedown (one per principal), and a person judges the row.
    #[serde(default)]
    also: String,
}

async fn review_post(
    State(st): State<AppState>,
    UrlPath(id): UrlPath<String>,
    form: Result<Form<ReviewForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let result = review_post_inner(&st, &id, form).await;
    match result {
        Ok(back) => Redirect::to(&back).into_response(),
        Err(e) => HtmlResult(Err(e)).into_response(),
    }
}

async fn review_post_inner(
    st: &AppState,
    id: &str,
    form: Result<Form<ReviewForm>, axum::extract::rejection::FormRejection>,
) -> Result<String, WebError> {
    let Form(f) = form.map_err(|e| WebError::BadRequest(e.body_text()))?;
    if !constant_time_eq(f.token.as_bytes(), st.token.as_bytes()) {
        return Err(WebError::Forbidden(
            "This review did not come from a page of this faralink server (missing or stale token). Reload the page and try again.".into(),
        ));
    }
    let link_id: i64 = id
        .parse()
        .map_err(|_| WebError::BadRequest(format!("{id:?} is not a link id")))?;
    let verdict = match f.verdict.as_str() {
        "confirm" | "confirmed" => Verdict::Confirmed,
        "reject" | "rejected" => Verdict::Rejected,
        other => {
            return Err(WebError::BadRequest(format!(
                "verdict must be confirm or reject, not {other:?}"
            )));
        }
    };
    let mut ids = vec![link_id];
    for part in f.also.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let id: i64 = part
            .parse()
            .map_err(|_| WebError::BadRequest(format!("{part:?} is not a link id")))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let note = Some(f.note.trim().to_string()).filter(|s| !s.is_empty());
    let db = st.pool.path().to_path_buf();
    tokio::task::spawn_blocking(move || -> Result<(), WebError> {
        let mut conn = crate::db::open(&db).map_err(|e| WebError::Internal(e.to_string()))?;
        // All of the row's links or none: an unknown id rolls the others back.
        let tx = conn.transaction()?;
        for id in ids {
            crate::matcher::links::review(&tx, id, verdict, note.as_deref())?;
        }
        tx.commit()?;
        Ok(())
    })
    .await
    .map_err(|e| WebError::Internal(format!("review failed: {e}")))??;
    // Only a local path: a form cannot send the browser elsewhere.
    let back = if f.back.starts_with('/') && !f.back.starts_with("//") && !f.back.contains('\\') {
        f.back
    } else {
        "/review".to_string()
    };
    Ok(back)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
