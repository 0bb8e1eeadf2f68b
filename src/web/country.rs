//! The country page of `faralink serve` (`/countries/{code}`): who represents the country
//! now, with principals, the latest agreement and receipts by year, the takedowns naming it,
//! and, below and marked as such, who represented it before.
//!
//! For: turning a [`CountryView`] into HTML, and keeping the page (and its JSON) until the
//! database changes. Not for: reading it (`country_view`).

use std::sync::Arc;

use maud::{Markup, html};

use super::cache::StampedCache;
use super::layout::{notice, page};
use super::{AppState, WebError, read};
use crate::country_view::{CountryRegistrant, CountryView};
use crate::dossier::period;
use crate::text::money::format_amount;

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

fn registrants_table(rows: &[CountryRegistrant]) -> Markup {
    html! {
        table {
            thead { tr { th { "No." } th { "Registrant" } th { "Principals from this country" } th { "Latest agreement" } th { "Receipts by year" } } }
            tbody { @for r in rows { tr {
                td.num { a href=(format!("/registrants/{}", r.registration_number)) { (r.registration_number) } }
                td {
                    a href=(format!("/registrants/{}", r.registration_number)) { (r.name) }
                    br; span.muted { (period(&r.registration_date, &r.termination_date)) }
                }
                td { ul.evidence { @for p in &r.principals {
                    li { (p.name) " " span.muted { "(" (period(&p.registration_date, &p.termination_date)) ")" } }
                } } }
                td { @for a in &r.agreements {
                    div {
                        (a.fee_amount.map(|f| format_amount(f, a.fee_currency.as_deref())).unwrap_or_else(|| "fee not read".into()))
                        @if let Some(p) = a.fee_period.as_deref().filter(|p| *p != "total") { " per " (p) }
                        @if let Some(m) = a.term_months { "; " (m) " months" }
                        @if let Some(s) = &a.term_start { " from " (s) }
                        " " a href=(a.document_url) { "filing" }
                    }
                } @if r.agreements.is_empty() { span.muted { "none read" } } }
                td { @for y in &r.receipts_by_year {
                    div {
                        (y.year.map_or("????".to_string(), |y| y.to_string())) ": "
                        (format_amount(y.amount, y.currency.as_deref()))
                        @if let Some(p) = &y.foreign_principal { " " span.muted { "from " (p) } }
                        @for (i, d) in y.documents.iter().enumerate() { " " a href=(d) { "[" (i + 1) "]" } }
                    }
                } @if r.receipts_by_year.is_empty() { span.muted { "none read" } } }
            } } }
        }
    }
}

/// The whole page.
pub fn country(v: &CountryView) -> Markup {
    let title = format!("{} ({})", v.name, v.country_code);
    page(
        &title,
        "",
        html! {
            h1 { (title) }
            (notice())
            h2 { "Represented now (" (v.registrants.len()) ")" }
            p.muted { "Registrants active today with an active foreign principal from " (v.name) ", as DOJ's files list them." }
            @if v.registrants.is_empty() { p.muted { "None in DOJ's files as synced." } } @else { (registrants_table(&v.registrants)) }
            h2 { "Takedowns naming " (v.name) " (" (v.takedowns.len()) ")" }
            @if v.takedowns.is_empty() { p.muted { "None in the takedown records." } } @else {
                table { thead { tr { th { "Announced" } th { "Platform" } th { "Network" } th { "Role" } th { "Attributed to" } } }
                    tbody { @for t in &v.takedowns { tr {
                        td { (t.announced_on) } td { (t.platform) }
                        td { a href=(format!("/takedowns/{}", super::pages::urlencode(&t.takedown_id))) { (t.network_name.as_deref().unwrap_or(&t.takedown_id)) } }
                        td { (t.role) } td { (opt(&t.attributed_to)) }
                    } } }
                }
            }
            @if let Some(h) = &v.history {
                h2 { "History: represented " (v.name) " before (" (h.len()) ")" }
                p.muted { "Terminated registrations, or registrations whose every principal from " (v.name) " was terminated." }
                (registrants_table(h))
            } @else {
                p { a href=(format!("/countries/{}?all=1", v.country_code)) { "Show who represented " (v.name) " before" } }
            }
        },
    )
}

/// How a country is served: the page, or `/api/countries/{code}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// The page, `/countries/{code}`.
    Html,
    /// The JSON, `/api/countries/{code}`.
    Json,
}

/// Rendered country views by (country code, with the history, format, the day they were
/// made for: who is active depends on the date).
pub type CountryCache = StampedCache<(&'static str, bool, Format, String), Arc<str>>;

/// The country `query` names, rendered, from the cache when the database has not changed
/// since it was made today.
pub(super) async fn cached(
    st: &AppState,
    query: &str,
    all: bool,
    format: Format,
) -> Result<Arc<str>, WebError> {
    let (code, _) = crate::country_view::resolve(query)?;
    let key = (code, all, format, crate::country_view::today());
    if let Some(body) = st.countries.get(&key) {
        return Ok(body);
    }
    let cache = st.countries.clone();
    read(st, move |c| {
        let since = cache.stamp();
        let v = crate::country_view::load_on(c, code, all, &key.3)?;
        let body: Arc<str> = match format {
            Format::Html => country(&v).into_string().into(),
            Format::Json => serde_json::to_value(v)
                .and_then(|v| serde_json::to_string(&v))
                .map_err(|e| WebError::Internal(e.to_string()))?
                .into(),
        };
        cache.put(since, key, body.clone());
        Ok(body)
    })
    .await
}
