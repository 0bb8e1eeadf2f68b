//! What one match run proposes: scored links with their evidence, and relations between
//! registrations of one firm.
//!
//! For: the matcher's output types and a link's natural key. Not for: computing them
//! ([`super::match_all`]) or storing them ([`super::store`]).

use serde::Serialize;

/// The kinds of link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// A name the takedown is attributed to is the registrant's own name, an alias, or its
    /// initials.
    Attribution,
    /// The attributed name is one of the registrant's foreign principals (or an intermediary
    /// named in one).
    Principal,
    /// A country in common, no longer proposed (see the module doc); it names the judged rows
    /// older versions recorded.
    Context,
}

impl LinkKind {
    /// The kind as the `links.kind` column stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Attribution => "attribution",
            LinkKind::Principal => "principal",
            LinkKind::Context => "context",
        }
    }
}

/// One entry of a link's `evidence`.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Evidence {
    /// `name`, `initials`, `time` or `country`.
    pub feature: String,
    /// What was compared and what was found, for a person to check.
    pub detail: String,
    /// What this feature adds to the score.
    pub weight: f64,
}

/// A link the matcher proposes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// The registration linked.
    pub registration_number: i64,
    /// The principal's name as filed, for `principal` and `context` links.
    pub foreign_principal: Option<String>,
    /// The principal's row id, for `principal` and `context` links.
    pub foreign_principal_id: Option<i64>,
    /// The takedown linked.
    pub takedown_id: String,
    /// Why the two are linked.
    pub kind: LinkKind,
    /// The sum of the evidence weights, at most 1.
    pub score: f64,
    /// One entry per feature, in the order they were found.
    pub evidence: Vec<Evidence>,
}

impl Link {
    /// The natural key that keeps a link's id (and its reviews) across re-matches. The
    /// principal is named by its name key, as its row is (`db::ids`): a principal DOJ
    /// re-quoted or re-cased keeps its links.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}",
            self.registration_number,
            crate::db::ids::name_key(self.foreign_principal.as_deref().unwrap_or("")),
            self.takedown_id,
            self.kind.as_str()
        )
    }
}

/// Two registrations of the same firm, or a proposed predecessor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relation {
    /// One registration.
    pub registration_number: i64,
    /// The other (each relation is stored both ways).
    pub related_number: i64,
    /// `same_name` | `former_name` | `trade_name` | `business_name` | `extended_name` |
    /// `same_firm` (one firm: [`super::firms`]) | `initials` (a proposed predecessor, needing review).
    pub kind: &'static str,
    /// Why, naming the names compared.
    pub reason: String,
    /// How strong the reason is (1.0 for the same name, 0.3 for initials).
    pub score: f64,
}

/// What one match run found.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// The links proposed, best first.
    pub links: Vec<Link>,
    /// Relations between registrations, both directions, by registration number.
    pub relations: Vec<Relation>,
}
