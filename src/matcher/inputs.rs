//! What one match run reads: registrants with the names they go by, their foreign principals
//! and the takedowns, as plain values built from their rows as filed.
//!
//! For: the matcher's input types and their constructors from filed text (names split into
//! own, former and trade names; ISO dates). Not for: reading them from SQLite
//! ([`super::store::read_inputs`]) or matching ([`super::match_all`]).

use jiff::civil::Date;

/// A registrant with the names it goes by.
#[derive(Debug, Clone)]
pub struct Registrant {
    /// The registration number.
    pub registration_number: i64,
    /// The name without its former and trade names.
    pub name: String,
    /// The business name filed beside the name, if any.
    pub business_name: Option<String>,
    /// Former and trade names (`name_parts`), as `("former" | "trade", name)`.
    pub aliases: Vec<(String, String)>,
    /// When the registration began, if known.
    pub registration_date: Option<Date>,
    /// When it ended; `None` while it is active.
    pub termination_date: Option<Date>,
}

impl Registrant {
    /// A registrant from its row as filed: former and trade names are split out of `name`
    /// ([`crate::text::names::split_name`]), dates are ISO `YYYY-MM-DD` (anything else counts as
    /// unknown).
    pub fn from_filed(
        registration_number: i64,
        name: &str,
        business_name: Option<&str>,
        registration_date: Option<&str>,
        termination_date: Option<&str>,
    ) -> Registrant {
        let parts = crate::text::names::split_name(name);
        let aliases = parts
            .former_names
            .into_iter()
            .map(|f| ("former".to_string(), f))
            .chain(
                parts
                    .trade_names
                    .into_iter()
                    .map(|t| ("trade".to_string(), t)),
            )
            .collect();
        Registrant {
            registration_number,
            name: parts.name,
            business_name: business_name.map(str::to_string),
            aliases,
            registration_date: parse_date(registration_date),
            termination_date: parse_date(termination_date),
        }
    }
}

/// An ISO date at the start of `s`, if any.
pub fn parse_date(s: Option<&str>) -> Option<Date> {
    s.and_then(|s| s.get(..10)).and_then(|d| d.parse().ok())
}

/// A foreign principal of one registration.
#[derive(Debug, Clone)]
pub struct Principal {
    /// The principal's row id (`foreign_principals.id`).
    pub id: i64,
    /// The registration that represents it.
    pub registration_number: i64,
    /// As filed (the link names it so).
    pub name: String,
    /// Its own name without the parts below (`name_parts` kind `name`), else `name`.
    pub own_name: String,
    /// Former names (f/k/a) split out of `name`.
    pub former_names: Vec<String>,
    /// Trade names (d/b/a) split out of `name`.
    pub trade_names: Vec<String>,
    /// Intermediaries named inside `name` ("... through Shearman and Sterling").
    pub intermediaries: Vec<String>,
    /// ISO 3166-1 alpha-2, when the country is known.
    pub country_code: Option<String>,
    /// When the principal was registered, if known.
    pub registration_date: Option<Date>,
    /// When it was terminated; `None` while it is active.
    pub termination_date: Option<Date>,
}

impl Principal {
    /// A principal from its row as filed (see [`Registrant::from_filed`]).
    pub fn from_filed(
        id: i64,
        registration_number: i64,
        name: &str,
        country_code: Option<&str>,
        registration_date: Option<&str>,
        termination_date: Option<&str>,
    ) -> Principal {
        let parts = crate::text::names::split_name(name);
        Principal {
            id,
            registration_number,
            name: name.to_string(),
            own_name: parts.name,
            former_names: parts.former_names,
            trade_names: parts.trade_names,
            intermediaries: parts.intermediaries,
            country_code: country_code.map(str::to_string),
            registration_date: parse_date(registration_date),
            termination_date: parse_date(termination_date),
        }
    }
}

/// A takedown as the matcher needs it.
#[derive(Debug, Clone)]
pub struct Takedown {
    /// The takedown's id.
    pub takedown_id: String,
    /// The announcement date, if it reads as one.
    pub announced_on: Option<Date>,
    /// `attributed_to`, split on `;`.
    pub attributed_to: Vec<String>,
    /// ISO codes of the countries the network ran from.
    pub origin_countries: Vec<String>,
    /// ISO codes of the countries it targeted.
    pub target_countries: Vec<String>,
}

impl Takedown {
    /// A takedown from its columns: `attributed_to` and the countries are `;`-separated.
    pub fn from_row(
        takedown_id: String,
        announced_on: Option<&str>,
        attributed_to: Option<&str>,
        origin_countries: Option<&str>,
        target_countries: Option<&str>,
    ) -> Takedown {
        let list = |s: Option<&str>| -> Vec<String> {
            s.unwrap_or_default()
                .split(';')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        };
        Takedown {
            takedown_id,
            announced_on: parse_date(announced_on),
            attributed_to: list(attributed_to),
            origin_countries: list(origin_countries),
            target_countries: list(target_countries),
        }
    }
}

/// Everything one match run reads.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Every registrant not removed upstream.
    pub registrants: Vec<Registrant>,
    /// Every foreign principal not removed upstream.
    pub principals: Vec<Principal>,
    /// Every takedown.
    pub takedowns: Vec<Takedown>,
    /// The end of a registration that has not ended.
    pub today: Option<Date>,
}
