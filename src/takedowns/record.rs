//! One takedown, as the contract's `takedowns` table and import format hold it.
//!
//! For: the [`Takedown`] value every parser returns and the store writes. Not for: reading
//! or checking its values (`takedowns::normalize`).

use serde::{Deserialize, Serialize};

/// A publicly disclosed takedown of an influence network.
///
/// Counts are what the platform said; `None` means the source gave no figure (never 0 by
/// guess). Countries are ISO 3166-1 alpha-2 codes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Takedown {
    /// Stable text id, e.g. `meta-2020-09-cls-strategies`.
    pub takedown_id: String,
    /// `Meta`, `Twitter`, `Google`, `TikTok`, `Reddit`, `OpenAI`, ...
    pub platform: String,
    /// ISO 8601 date of the announcement.
    pub announced_on: String,
    /// The platform's name for the network, if it gave one.
    pub network_name: Option<String>,
    /// The entities the platform attributed the network to, as it named them.
    pub attributed_to: Vec<String>,
    /// ISO codes of the countries the network ran from.
    pub origin_countries: Vec<String>,
    /// ISO codes of the countries it targeted.
    pub target_countries: Vec<String>,
    /// Facebook accounts removed.
    pub fb_accounts: Option<i64>,
    /// Facebook Pages removed.
    pub fb_pages: Option<i64>,
    /// Facebook Groups removed.
    pub fb_groups: Option<i64>,
    /// Instagram accounts removed.
    pub ig_accounts: Option<i64>,
    /// Accounts on other services (YouTube channels, X accounts, ...).
    pub other_accounts: Option<i64>,
    /// Followers, members and subscribers, summed as the platform gave them.
    pub followers: Option<i64>,
    /// The advertising spend in US dollars, when it was stated in dollars.
    pub ad_spend_usd: Option<f64>,
    /// The advertising spend as stated, in `ad_spend_currency` (ISO 4217); `ad_spend_usd` is
    /// filled only when the currency is USD (faralink keeps no exchange rates).
    #[serde(default)]
    pub ad_spend_amount: Option<f64>,
    /// The currency of `ad_spend_amount` (ISO 4217).
    #[serde(default)]
    pub ad_spend_currency: Option<String>,
    /// What the stated spend means when it is not exact ("upper bound: stated as ...").
    #[serde(default)]
    pub ad_spend_note: Option<String>,
    /// Regions of origin that are not one country ("Latin America"), as written.
    #[serde(default)]
    pub origin_regions: Vec<String>,
    /// Targeted regions that are not one country ("Francophone Africa"), as written.
    #[serde(default)]
    pub target_regions: Vec<String>,
    /// The `origin_countries` cell as the file wrote it, when it says more than the codes and
    /// regions stored ("UK (registered) / Russia (run)"); `None` when they say it all.
    #[serde(default)]
    pub origin_as_written: Option<String>,
    /// The `target_countries` cell as the file wrote it (see `origin_as_written`).
    #[serde(default)]
    pub target_as_written: Option<String>,
    /// Values an import could not read and left empty, each with its column and why
    /// (`fb_accounts: "many" is not a count, left empty`).
    #[serde(default)]
    pub import_notes: Option<String>,
    /// The platform's attribution sentence, verbatim.
    pub attribution_text: Option<String>,
    /// The platform's summary of the network.
    pub summary: Option<String>,
    /// Where the platform announced it (or the file it came from).
    pub source_url: Option<String>,
}
