//! The one table of remote sources: each source's name, default base URL and the env var
//! that overrides it. `faralink sources` prints it; nothing else hard-codes a base URL.

/// A remote source faralink reads.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Source {
    pub name: &'static str,
    pub env: &'static str,
    pub default_url: &'static str,
    pub description: &'static str,
}

/// Every remote source, in sync order.
pub const SOURCES: &[Source] = &[
    Source {
        name: "fara",
        env: "FARALINK_FARA_URL",
        default_url: "https://efile.fara.gov",
        description: "DOJ FARA eFile: bulk CSV zips (bulk/zip/), JSON API (api/v1/), filed documents (docs/)",
    },
    Source {
        name: "meta",
        env: "FARALINK_META_URL",
        default_url: "https://raw.githubusercontent.com/facebook/threat-research/main",
        description: "Meta threat-research repository: index.json, README.md network table, indicators/ (CSV, Markdown summaries)",
    },
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

/// The source called `name`.
pub fn source(name: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.name == name)
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
