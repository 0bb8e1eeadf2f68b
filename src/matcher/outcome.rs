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
    Attribution,
    Principal,
    /// A country in common, no longer proposed (see the module doc); it names the judged rows
    /// older versions recorded.
    Context,
}

impl LinkKind {
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
    pub feature: String,
    pub detail: String,
    pub weight: f64,
}

/// A link the matcher proposes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub registration_number: i64,
    /// The principal's name as filed, for `principal` and `context` links.
    pub foreign_principal: Option<String>,
    pub foreign_principal_id: Option<i64>,
    pub takedown_id: String,
    pub kind: LinkKind,
    /// The sum of the evidence weights, at most 1.
    pub score: f64,
    pub evidence: Vec<Evidence>,
}

impl Link {
    /// The natural key that keeps a link's id (and its reviews) across re-matches. The
    /// principal is named by its name key, as its row is (`store::ids`): a principal DOJ
    /// re-quoted or re-cased keeps its links.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}",
            self.registration_number,
            crate::store::ids::name_key(self.foreign_principal.as_deref().unwrap_or("")),
            self.takedown_id,
            self.kind.as_str()
        )
    }
}

/// Two registrations of the same firm, or a proposed predecessor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relation {
    pub registration_number: i64,
    pub related_number: i64,
    /// `same_name` | `former_name` | `trade_name` | `business_name` | `extended_name` |
    /// `same_firm` (one firm: [`firms`]) | `initials` (a proposed predecessor, needing review).
    pub kind: &'static str,
    pub reason: String,
    pub score: f64,
}

/// What one match run found.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub links: Vec<Link>,
    pub relations: Vec<Relation>,
}
