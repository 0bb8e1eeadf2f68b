//! The dossier of one registrant: the firm, its other registrations, its foreign principals,
//! its filings, the agreements read out of them and the takedowns linked to it, read from the
//! database in one go and rendered for a terminal, as JSON (the contract's `show` shape) or as
//! Markdown a reporter can paste into a story memo.
//!
//! - `load`: resolving a name or number to a registration, and reading its dossier;
//! - `text`: the wording every format shares (periods, fees, terms, why a section is empty);
//! - `terminal`: the plain-text rendering (`faralink show`), with its table layout;
//! - `markdown`: the Markdown rendering (`faralink show --markdown`).
//!
//! The JSON is the [`Dossier`] itself, serialised. The web UI's firm page renders its HTML in
//! `web::pages` from the same [`Dossier`] and [`empty_note`].
//!
//! For: `faralink show` and the web UI's firm page. Not for: deciding links (the matcher) or
//! finding a firm by name (`search`; `resolve` here only chooses among its hits).

use serde::Serialize;

use crate::matcher::DEFAULT_MIN_SCORE;

mod load;
mod markdown;
mod terminal;
mod text;

pub use load::{load, resolve};
pub use markdown::render_markdown;
pub use terminal::{Style, render_candidates, render_terminal};
pub use text::{Section, empty_note, period};

/// What every dossier says first, in every format.
pub const NOTICE: &str = "Registering under FARA is lawful and is not evidence of wrongdoing: \
the Act requires disclosure, and this is what was disclosed. A link to a takedown is a lead for \
a reporter to verify against the sources, not a finding.";

/// Errors reading a dossier.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DossierError {
    /// No registrant has this number; `faralink search` finds one by name.
    #[error("no registrant with registration number {0}; try `faralink search NAME`")]
    NotFound(i64),
    /// SQLite failed reading the database.
    #[error("reading the dossier failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The name search failed.
    #[error(transparent)]
    Search(#[from] crate::search::SearchError),
}

/// The firm itself.
#[derive(Debug, Clone, Serialize)]
pub struct Registrant {
    /// DOJ's registration number.
    pub registration_number: i64,
    /// The name as registered.
    pub name: String,
    /// Its business name, when DOJ lists one.
    pub business_name: Option<String>,
    /// When it registered (YYYY-MM-DD).
    pub registration_date: Option<String>,
    /// When it terminated, if it has.
    pub termination_date: Option<String>,
    /// Address lines, city, state and zip in one line.
    pub address: Option<String>,
    /// Set when the row disappeared from DOJ's files (kept, never deleted).
    pub removed_at: Option<String>,
    /// The registration's page on DOJ's FARA eFile site (set by [`Dossier::with_fara_base`]).
    pub efile_url: Option<String>,
}

/// Another registration of the same firm (or one it was known as), from the matcher's
/// `registrant_relations`.
#[derive(Debug, Clone, Serialize)]
pub struct Related {
    /// The other registration's number.
    pub registration_number: i64,
    /// Its name, when it is in the database.
    pub name: Option<String>,
    /// Why the matcher relates them ("same name after normalisation: ...").
    pub reason: String,
    /// The kind of relation (`name`, `former`, `initials`, ...).
    pub kind: Option<String>,
    /// When it registered.
    pub registration_date: Option<String>,
    /// When it terminated, if it has.
    pub termination_date: Option<String>,
    /// Its page on DOJ's FARA eFile site (set by [`Dossier::with_fara_base`]).
    pub efile_url: Option<String>,
}

/// A foreign principal of the registration (a client), as DOJ lists it.
#[derive(Debug, Clone, Serialize)]
pub struct Principal {
    /// The principal as filed.
    pub name: String,
    /// Its country as filed.
    pub country: Option<String>,
    /// The ISO 3166-1 code of that country, where it could be read.
    pub country_code: Option<String>,
    /// When the registrant began representing it.
    pub registration_date: Option<String>,
    /// When that ended, if it has.
    pub termination_date: Option<String>,
    /// Its address in one line.
    pub address: Option<String>,
}

/// A filing DOJ lists for the registration.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The PDF's address; a `fara-public-office:` pseudo-URL for a filing only on paper at DOJ.
    pub url: String,
    /// "Exhibit AB", "Supplemental Statement", ...
    pub document_type: Option<String>,
    /// DOJ's date stamp.
    pub date_stamped: Option<String>,
    /// The principal it concerns, when it names one.
    pub foreign_principal_name: Option<String>,
    /// faralink's status of the file: `listed`, `fetched`, `needs_ocr` or `failed`.
    pub status: String,
}

/// Fields read out of an Exhibit AB (the `agreements` table).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Agreement {
    /// The Exhibit AB it was read from.
    pub document_url: String,
    /// The client, as matched to a listed principal or as written.
    pub foreign_principal: Option<String>,
    /// The fee, as a number.
    pub fee_amount: Option<f64>,
    /// Its currency (ISO 4217).
    pub fee_currency: Option<String>,
    /// `total`, `month`, `hour`, `year` or `other`.
    pub fee_period: Option<String>,
    /// When the agreement starts.
    pub term_start: Option<String>,
    /// When it ends.
    pub term_end: Option<String>,
    /// Its length in months.
    pub term_months: Option<f64>,
    /// What the registrant will do, in the agreement's words.
    pub scope: Option<String>,
    /// The text each field came from.
    pub evidence: serde_json::Value,
    /// How sure the extractor is of the fields, 0..1.
    pub confidence: Option<f64>,
}

/// A payment read out of a filing (the `payments` table).
#[derive(Debug, Clone, Serialize)]
pub struct Payment {
    /// The filing it was read from.
    pub document_url: String,
    /// From whom.
    pub foreign_principal: Option<String>,
    /// When it was received.
    pub date: Option<String>,
    /// How much.
    pub amount: Option<f64>,
    /// Its currency.
    pub currency: Option<String>,
    /// What for, as filed.
    pub purpose: Option<String>,
}

/// A takedown linked to this firm: one row per takedown, however many of the firm's names and
/// principals link it (the others are in `links` and in `evidence`). Only signal is listed:
/// links at or above [`DEFAULT_MIN_SCORE`] and links a person has reviewed; see [`is_listed`].
#[derive(Debug, Clone, Serialize)]
pub struct TakedownLink {
    /// The row's lead link: a confirmed one, else the best unreviewed one, else the best
    /// rejected one. A verdict given on the web page applies to every link of the row.
    pub link_id: i64,
    /// The takedown's id.
    pub takedown_id: String,
    /// Meta, Google, Twitter, ...
    pub platform: Option<String>,
    /// When the platform announced it.
    pub announced_on: Option<String>,
    /// The network's name in the platform's report.
    pub network_name: Option<String>,
    /// The platform's report.
    pub source_url: Option<String>,
    /// The lead link's principal.
    pub foreign_principal: Option<String>,
    /// The lead link's kind (`attribution`, `name`, `context`, ...).
    pub kind: String,
    /// The lead link's score, 0..1.
    pub score: f64,
    /// The latest verdict a person gave on the lead link: confirmed, rejected, or null (not
    /// reviewed).
    pub verdict: Option<String>,
    /// The lead link's evidence, then one `also_linked` entry (weight 0) per other link.
    pub evidence: serde_json::Value,
    /// Every principal the takedown is linked through, lead first.
    pub foreign_principals: Vec<String>,
    /// Every listed link of this takedown, lead first.
    pub links: Vec<LinkRef>,
}

/// One link merged into a [`TakedownLink`] row.
#[derive(Debug, Clone, Serialize)]
pub struct LinkRef {
    /// The link's id (stable across re-matches).
    pub link_id: i64,
    /// The principal it goes through, if not the firm's own name.
    pub foreign_principal: Option<String>,
    /// Its kind.
    pub kind: String,
    /// Its score, 0..1.
    pub score: f64,
    /// The latest verdict on it, if a person gave one.
    pub verdict: Option<String>,
}

/// Whether a link is listed wherever a takedown is shown as linked to a firm (dossier, web
/// page and timeline, review queue): at or above the threshold, or reviewed by a person. A
/// `context` link (a country in common, from older versions) is never a lead on its own.
pub fn is_listed(kind: &str, score: f64, verdict: Option<&str>) -> bool {
    verdict.is_some() || (kind != "context" && score >= DEFAULT_MIN_SCORE)
}

/// Everything `show` prints about one registrant. Field names follow the contract.
#[derive(Debug, Clone, Serialize)]
pub struct Dossier {
    /// [`NOTICE`], first in every format.
    pub notice: &'static str,
    /// The firm itself.
    pub registrant: Registrant,
    /// Its other registrations.
    pub related_registrations: Vec<Related>,
    /// Its foreign principals still in DOJ's files.
    pub foreign_principals: Vec<Principal>,
    /// Its filings.
    pub documents: Vec<Document>,
    /// What was read out of its Exhibits AB.
    pub agreements: Vec<Agreement>,
    /// Payments read out of its filings.
    pub payments: Vec<Payment>,
    /// Reported receipts per principal, calendar year and currency (`money`), with the
    /// statements they came from.
    pub receipts_by_year: Vec<crate::money::YearTotal>,
    /// The takedowns linked to it, one row per takedown (see [`TakedownLink`]).
    pub takedowns: Vec<TakedownLink>,
    /// The threshold `takedowns` was listed at.
    pub min_score: f64,
    /// Links of this registrant left out of `takedowns`: under the threshold and not
    /// reviewed (`faralink links --registrant N --min-score 0` lists them).
    pub unlisted_links: i64,
}

/// What a name or number given to `show` points at.
#[derive(Debug)]
pub enum Resolved {
    /// A registration number, or a name that fits one registration.
    One(i64),
    /// A name that fits one firm with several registrations: `opened` is its active
    /// registration, else its most recent; `others` its other registrations that the name
    /// found (the dossier lists every one under related registrations).
    Firm {
        /// The registration the dossier opens at.
        opened: Candidate,
        /// The firm's other registrations the name found.
        others: Vec<Candidate>,
    },
    /// The name fits several firms equally: one candidate per firm (its active or most
    /// recent registration).
    Ambiguous(Vec<Candidate>),
    /// Nothing fits.
    NotFound,
}

/// A registration a name may mean, for a person to choose from.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    /// Its registration number.
    pub registration_number: i64,
    /// Its name.
    pub name: String,
    /// When it registered.
    pub registration_date: Option<String>,
    /// When it terminated, if it has.
    pub termination_date: Option<String>,
    /// How well the name fits it, 0..1 (see `search`).
    pub score: f64,
    /// Not terminated (and still in DOJ's files).
    pub active: bool,
    /// How many of the firm's registrations the name found, this one included.
    pub registrations: usize,
}

impl Candidate {
    fn of(h: &crate::search::Hit, registrations: usize) -> Option<Candidate> {
        Some(Candidate {
            registration_number: h.registration_number?,
            name: h.name.clone(),
            registration_date: h.registration_date.clone(),
            termination_date: h.termination_date.clone(),
            score: h.score,
            active: h.active == Some(true),
            registrations,
        })
    }
}

/// The registration's page on DOJ's FARA eFile site under `base` (the configured FARA base,
/// `https://efile.fara.gov` by default): the form eFile's own registrant browse links use.
pub fn efile_url(base: &str, registration_number: i64) -> String {
    format!(
        "{}/ords/fara/f?p=1381:200:::NO:RP,200:P200_REG_NUMBER:{registration_number}",
        base.trim_end_matches('/')
    )
}

impl Dossier {
    /// Sets the eFile link of the registration and of each related one, under `base`.
    pub fn with_fara_base(mut self, base: &str) -> Dossier {
        self.registrant.efile_url = Some(efile_url(base, self.registrant.registration_number));
        for r in &mut self.related_registrations {
            r.efile_url = Some(efile_url(base, r.registration_number));
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_is_plain() {
        assert!(NOTICE.contains("lawful"));
        assert!(NOTICE.contains("not a finding"));
    }
}
