//! The one table of remote sources: each source's name, default base URL and the env var
//! that overrides it. `faralink sources` prints [`SOURCES`], what `sync` reads; the `--fara-url`
//! option takes its default and env var from [`FARA`]; nothing else hard-codes a base URL.
//!
//! For: the names, URLs and env vars of the sources. Not for: fetching them (see `fetch`,
//! `http`) or deciding when (see `sync`).

/// A remote source faralink reads.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Source {
    /// Its short name, as `status` and `sources` print it.
    pub name: &'static str,
    /// The environment variable that overrides its base URL.
    pub env: &'static str,
    /// The base URL used when nothing overrides it.
    pub default_url: &'static str,
    /// One line on what it is.
    pub description: &'static str,
}

/// DOJ's FARA eFile site: the default of `--fara-url` / `FARALINK_FARA_URL`.
pub const FARA: Source = Source {
    name: "fara",
    env: "FARALINK_FARA_URL",
    default_url: "https://efile.fara.gov",
    description: "DOJ FARA eFile: bulk CSV zips (bulk/zip/), JSON API (api/v1/), filed documents (docs/)",
};

/// DOJ's page that lists the bulk files: what exported metadata cites as the data's source.
pub const FARA_DATA_PAGE: &str = "https://efile.fara.gov/ords/fara/f?p=API:BULKDATA";

/// Every remote source `sync` reads, in sync order. Only these are listed by `faralink
/// sources`: a listed env var must change what sync fetches.
pub const SOURCES: &[Source] = &[
    FARA,
    Source {
        name: "meta",
        env: "FARALINK_META_URL",
        default_url: "https://raw.githubusercontent.com/facebook/threat-research/main",
        description: "Meta threat-research repository: index.json, README.md network table, indicators/ (CSV, Markdown summaries)",
    },
];

/// Sites the library has parsers for (`takedowns::newsroom::fetch_pages`) that `sync` does not
/// read yet, because no real page has been through the parsers (README, "Takedown records").
/// Not listed by `faralink sources`, whose list a user reads as "what sync fetches"; their
/// env vars are honoured only by [`base_url`], for a program calling the library.
pub const NOT_SYNCED: &[Source] = &[
    Source {
        name: "meta-newsroom",
        env: "FARALINK_META_NEWSROOM_URL",
        default_url: "https://about.fb.com",
        description: "Meta Newsroom: Coordinated Inauthentic Behavior posts and monthly CIB reports (news/YYYY/MM/...)",
    },
    Source {
        name: "google-tag",
        env: "FARALINK_GOOGLE_TAG_URL",
        default_url: "https://blog.google",
        description: "Google Threat Analysis Group quarterly bulletins (threat-analysis-group/tag-bulletin-qN-YYYY)",
    },
];

/// The source called `name`, synced or not.
pub fn source(name: &str) -> Option<&'static Source> {
    SOURCES.iter().chain(NOT_SYNCED).find(|s| s.name == name)
}

/// The base URL in effect for `name`: its env var when set and not empty, else the default.
pub fn base_url(name: &str) -> Option<String> {
    let s = source(name)?;
    Some(
        std::env::var(s.env)
            .ok()
            .filter(|v| !v.trim().is_empty())
            .unwrap_or_else(|| s.default_url.to_string()),
    )
}
