//! The pages of `faralink serve`: HTML from what a handler read.
//!
//! For: turning a search result, a [`Dossier`], a takedown or a set of links into HTML (and
//! the home page's row counts, its only read). Every value goes through maud's escaping
//! (names, network names and evidence are scraped public text); URLs become links only when
//! they are http(s). Not for: reading the database (the handlers in `web` do, through
//! `search`, `dossier` and `matcher::store`) or the page frame (`layout`).

use maud::{Markup, html};
use rusqlite::Connection;

use super::WebError;
use super::layout::{notice, page};
use super::timeline::{self, Item, Lane};
use crate::dossier::{Dossier, Section, empty_note, period};
use crate::matcher::links::LinkRow;
use crate::search::{Hit, HitKind};
use crate::takedowns::record::Takedown;

/// Today's date (UTC), for closing open spans on the timeline.
pub fn today() -> String {
    jiff::Timestamp::now().strftime("%Y-%m-%d").to_string()
}

/// An `href` for a source URL: only http(s), anything else is shown as text.
fn safe_href(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

fn money(amount: Option<f64>, currency: Option<&str>) -> String {
    match amount {
        None => String::new(),
        Some(a) => {
            let whole = a.round() as i64;
            let grouped = crate::text::money::thousands(whole.unsigned_abs());
            let sign = if whole < 0 { "-" } else { "" };
            match currency {
                Some("USD") | None => format!("{sign}${grouped}"),
                Some(c) => format!("{sign}{grouped} {c}"),
            }
        }
    }
}

/// The front page: the search box and a line on what is loaded.
pub fn index(conn: &Connection) -> Result<Markup, WebError> {
    let count = |sql: &str| -> Result<i64, WebError> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    let registrants = count("SELECT count(*) FROM registrants")?;
    let principals = count("SELECT count(*) FROM foreign_principals")?;
    let takedowns = count("SELECT count(*) FROM takedowns")?;
    let links = count("SELECT count(*) FROM links")?;
    Ok(page(
        "Search",
        "",
        html! {
            h1 { "Foreign agents and the influence networks platforms take down" }
            form action="/search" method="get" role="search" {
                input type="search" name="q" autofocus placeholder="e.g. CLS Strategies, Bolivia, Weber Shandwick" aria-label="Search" style="width:28rem;max-width:100%";
                " "
                button type="submit" { "Search" }
            }
            p.muted {
                "Search forgives typos, accents, legal forms and word order. This database holds "
                (registrants) " registrants, " (principals) " foreign principals, "
                (takedowns) " takedowns and " (links) " suggested links."
            }
            (notice())
        },
    ))
}

/// Search results.
pub fn search(q: &str, hits: &[Hit]) -> Markup {
    page(
        &format!("Search: {q}"),
        q,
        html! {
            h1 { "Results for " q { (q) } }
            @if q.trim().is_empty() {
                p.muted { "Type a firm, a client, a country or a takedown network." }
            } @else if hits.is_empty() {
                p { "Nothing matches. Try fewer words, or another spelling." }
            } @else {
                table.results {
                    thead { tr { th { "Score" } th { "What" } th { "Name" } th { "Details" } } }
                    tbody {
                        @for h in hits {
                            tr {
                                td.num { (format!("{:.2}", h.score)) }
                                td { span.kind { (kind_label(h.kind)) } }
                                td { (hit_link(h)) }
                                td.muted { (hit_details(h)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn kind_label(k: HitKind) -> &'static str {
    match k {
        HitKind::Registrant => "firm",
        HitKind::ForeignPrincipal => "principal",
        HitKind::Takedown => "takedown",
        HitKind::Document => "document",
    }
}

fn hit_link(h: &Hit) -> Markup {
    match (h.kind, h.registration_number, h.takedown_id.as_deref()) {
        (HitKind::Takedown, _, Some(id)) => {
            html! { a href=(format!("/takedowns/{}", urlencode(id))) { (h.name) } }
        }
        (_, Some(n), _) => html! { a href=(format!("/registrants/{n}")) { (h.name) } },
        _ => html! { (h.name) },
    }
}

fn hit_details(h: &Hit) -> Markup {
    html! {
        @if let Some(m) = &h.matched { "matched " (h.matched_on.replace('_', " ")) ": " (m) ". " }
        @match h.kind {
            HitKind::Registrant => {
                "Registration " (h.registration_number.unwrap_or_default())
                @if let Some(d) = &h.registration_date { ", registered " (d) }
            }
            HitKind::ForeignPrincipal => {
                "Client of " (opt(&h.registrant_name))
                @if let Some(c) = &h.country { " · " (c) }
            }
            HitKind::Takedown => {
                (opt(&h.platform)) " " (opt(&h.announced_on))
            }
            HitKind::Document => {
                (opt(&h.date_stamped)) " "
                @if let Some(u) = h.document_url.as_deref().and_then(safe_href) { a href=(u) { "PDF" } }
            }
        }
        @if let Some(s) = &h.snippet { br; "…" (s) "…" }
    }
}

/// Percent-encodes a path segment (takedown ids are plain, but stay safe whatever they hold).
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn verdict_cell(v: Option<&str>) -> Markup {
    html! {
        @match v {
            Some("confirmed") => span.verdict-confirmed { "confirmed" },
            Some("rejected") => span.verdict-rejected { "rejected" },
            _ => span.muted { "not reviewed" },
        }
    }
}

fn evidence_list(ev: &serde_json::Value) -> Markup {
    let items: Vec<&serde_json::Value> = ev
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    html! {
        ul.evidence {
            @for e in items {
                li {
                    strong { (e.get("feature").and_then(|v| v.as_str()).unwrap_or("?")) }
                    @if let Some(w) = e.get("weight").and_then(|v| v.as_f64()) { " (" (format!("{w:+.2}")) ")" }
                    ": " (e.get("detail").and_then(|v| v.as_str()).unwrap_or(""))
                }
            }
        }
    }
}

fn review_form(link_id: i64, also: &[i64], token: &str, back: &str) -> Markup {
    let also = also
        .iter()
        .filter(|&&id| id != link_id)
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    html! {
        form.review method="post" action=(format!("/links/{link_id}/review")) {
            input type="hidden" name="token" value=(token);
            input type="hidden" name="back" value=(back);
            @if !also.is_empty() { input type="hidden" name="also" value=(also); }
            input type="text" name="note" placeholder="note (optional)" aria-label="Note" size="14";
            " "
            button.confirm type="submit" name="verdict" value="confirm" { "Confirm" }
            " "
            button.reject type="submit" name="verdict" value="reject" { "Reject" }
        }
    }
}

/// A firm's dossier.
pub fn registrant(d: &Dossier, token: &str, today: &str) -> Markup {
    let r = &d.registrant;
    let svg = timeline::render(&timeline_items(d), today);
    page(
        &r.name,
        "",
        html! {
            h1 { (r.name) " " span.muted { "#" (r.registration_number) } }
            (notice())
            (registrant_facts(r))
            @if let Some(svg) = svg {
                h2 { "Timeline" }
                p.muted { "Blue: registrations. Green: agreement terms. Red: takedowns." }
                (svg)
            }
            (related_registrations(d))
            (principals_by_country(d))
            (agreements(d))
            (receipts_by_year(d))
            (linked_takedowns(d, token))
            (documents(d))
            p.muted { a href=(format!("/api/registrants/{}", r.registration_number)) { "This dossier as JSON" } }
        },
    )
}

/// The dossier's timeline: registrations, agreement terms, takedowns.
fn timeline_items(d: &Dossier) -> Vec<Item> {
    let r = &d.registrant;
    let mut items = vec![];
    if let Some(s) = &r.registration_date {
        items.push(Item::Span {
            lane: Lane::Registration,
            label: format!("Registration {}", r.registration_number),
            start: s.clone(),
            end: r.termination_date.clone(),
        });
    }
    for rel in &d.related_registrations {
        if let Some(s) = &rel.registration_date {
            items.push(Item::Span {
                lane: Lane::Registration,
                label: format!("Registration {}", rel.registration_number),
                start: s.clone(),
                end: rel.termination_date.clone(),
            });
        }
    }
    for a in &d.agreements {
        if let Some(s) = &a.term_start {
            items.push(Item::Span {
                lane: Lane::Agreement,
                label: format!(
                    "Agreement: {}",
                    a.foreign_principal.as_deref().unwrap_or("principal")
                ),
                start: s.clone(),
                end: a.term_end.clone(),
            });
        }
    }
    // One mark per listed takedown (the dossier lists signal only, one row per takedown); a
    // link a person rejected is no lead and gets no mark.
    for t in &d.takedowns {
        if let Some(on) = &t.announced_on
            && t.verdict.as_deref() != Some("rejected")
        {
            items.push(Item::Point {
                label: format!(
                    "{}: {}",
                    t.platform.as_deref().unwrap_or("Platform"),
                    t.network_name.as_deref().unwrap_or(&t.takedown_id)
                ),
                date: on.clone(),
            });
        }
    }
    items
}

/// The registrant's own facts: names, dates, address, eFile link.
fn registrant_facts(r: &crate::dossier::Registrant) -> Markup {
    html! {
            table {
                tbody {
                    @if let Some(b) = &r.business_name { tr { th { "Business name" } td { (b) } } }
                    tr { th { "Registered" } td { (period(&r.registration_date, &r.termination_date)) } }
                    tr { th { "Terminated" } td { (r.termination_date.as_deref().unwrap_or("active")) } }
                    @if let Some(a) = &r.address { tr { th { "Address" } td { (a) } } }
                    @if let Some(u) = r.efile_url.as_deref().and_then(safe_href) { tr { th { "DOJ eFile" } td { a href=(u) { "Registration " (r.registration_number) " on FARA eFile" } } } }
                    @if let Some(x) = &r.removed_at { tr { th { "Removed upstream" } td { (x) } } }
                }
            }
    }
}

/// Related registrations.
fn related_registrations(d: &Dossier) -> Markup {
    html! {
            h2 { "Related registrations" }
            @if let Some(n) = empty_note(d, Section::Related) { p.muted { (n) } } @else {
                table { thead { tr { th { "No." } th { "Name" } th { "Why" } th { "Registered" } th { "Terminated" } th { "DOJ" } } }
                    tbody { @for rel in &d.related_registrations { tr {
                        td.num { a href=(format!("/registrants/{}", rel.registration_number)) { (rel.registration_number) } }
                        td { (opt(&rel.name)) } td { (rel.reason) }
                        td { (opt(&rel.registration_date)) } td { (opt(&rel.termination_date)) }
                        td { @if let Some(u) = rel.efile_url.as_deref().and_then(safe_href) { a href=(u) { "eFile" } } }
                    } } }
                }
            }
    }
}

/// Foreign principals, by country.
fn principals_by_country(d: &Dossier) -> Markup {
    let mut principals: Vec<&crate::dossier::Principal> = d.foreign_principals.iter().collect();
    principals
        .sort_by(|a, b| (a.country.as_deref(), &a.name).cmp(&(b.country.as_deref(), &b.name)));
    html! {
            h2 { "Foreign principals by country" }
            @if let Some(n) = empty_note(d, Section::Principals) { p.muted { (n) } } @else {
                table { thead { tr { th { "Country" } th { "Principal" } th { "Represented" } } }
                    tbody { @for p in &principals { tr {
                        td { @if let Some(c) = &p.country_code { a href=(format!("/countries/{c}")) { (opt(&p.country)) } " " span.muted { "(" (c) ")" } } @else { (opt(&p.country)) } }
                        td { (p.name) } td { (period(&p.registration_date, &p.termination_date)) }
                    } } }
                }
            }
    }
}

/// Agreements read from Exhibits AB.
fn agreements(d: &Dossier) -> Markup {
    html! {
            h2 { "Agreements" }
            @if let Some(n) = empty_note(d, Section::Agreements) { p.muted { (n) } } @else {
                table { thead { tr { th { "Principal" } th { "Fee" } th { "Term" } th { "Scope" } th { "Source" } } }
                    tbody { @for a in &d.agreements { tr {
                        td { (opt(&a.foreign_principal)) }
                        td { (money(a.fee_amount, a.fee_currency.as_deref())) @if let Some(p) = &a.fee_period { " " span.muted { "(" (p) ")" } } }
                        td { (opt(&a.term_start)) " – " (opt(&a.term_end)) @if let Some(m) = a.term_months { br; span.muted { (m) " months" } } }
                        td { (opt(&a.scope)) }
                        td { @if let Some(u) = safe_href(&a.document_url) { a href=(u) { "Exhibit AB" } } @else { (a.document_url) } }
                    } } }
                }
            }
    }
}

/// Receipts by year (supplemental statements).
fn receipts_by_year(d: &Dossier) -> Markup {
    html! {
            h2 { "Receipts by year" }
            @if d.receipts_by_year.is_empty() { p.muted { "No receipts read yet (they come from supplemental statements: sync documents)." } } @else {
                table { thead { tr { th { "Year" } th { "Principal" } th { "Amount" } th { "Receipts" } th { "Statements" } } }
                    tbody { @for y in &d.receipts_by_year { tr {
                        td { (y.year.map_or("—".to_string(), |y| y.to_string())) }
                        td { (opt(&y.foreign_principal)) }
                        td.num { (crate::text::money::format_amount(y.amount, y.currency.as_deref())) }
                        td.num { (y.receipts) }
                        td { @for (i, u) in y.documents.iter().enumerate() { @if let Some(h) = safe_href(u) { a href=(h) { "[" (i + 1) "]" } " " } } }
                    } } }
                }
            }
    }
}

/// Linked takedowns, each with a review form.
fn linked_takedowns(d: &Dossier, token: &str) -> Markup {
    let back = format!("/registrants/{}", d.registrant.registration_number);
    html! {
            h2 { "Linked takedowns" }
            @if let Some(n) = empty_note(d, Section::Takedowns) { p.muted { (n) } } @else {
                p.muted { "Leads to verify, not findings: links scoring at least " (d.min_score) " and links a person reviewed, one row per takedown." }
                table { thead { tr { th { "Takedown" } th { "Kind" } th { "Score" } th { "Evidence" } th { "Verdict" } } }
                    tbody { @for t in &d.takedowns { tr {
                        td {
                            a href=(format!("/takedowns/{}", urlencode(&t.takedown_id))) { (t.network_name.as_deref().unwrap_or(&t.takedown_id)) }
                            br; span.muted { (opt(&t.platform)) " " (opt(&t.announced_on)) }
                            @if let Some(u) = t.source_url.as_deref().and_then(safe_href) { " · " a href=(u) { "report" } }
                            @if !t.foreign_principals.is_empty() { br; span.muted { "via " (t.foreign_principals.join("; ")) } }
                        }
                        td { span.kind { (t.kind) } }
                        td.num { (format!("{:.2}", t.score)) }
                        td { (evidence_list(&t.evidence)) }
                        td { (verdict_cell(t.verdict.as_deref())) (review_form(t.link_id, &t.links.iter().map(|l| l.link_id).collect::<Vec<_>>(), token, &back)) }
                    } } }
                }
            }
    }
}

/// Documents.
fn documents(d: &Dossier) -> Markup {
    html! {
            h2 { "Documents" }
            @if let Some(n) = empty_note(d, Section::Documents) { p.muted { (n) } }
            @if !d.documents.is_empty() {
                table { thead { tr { th { "Stamped" } th { "Type" } th { "Principal" } th { "Document" } } }
                    tbody { @for doc in &d.documents { tr {
                        td { (opt(&doc.date_stamped)) } td { (opt(&doc.document_type)) } td { (opt(&doc.foreign_principal_name)) }
                        td { @if let Some(u) = safe_href(&doc.url) { a href=(u) { "PDF" } } @else { span.muted { "at DOJ's public office only" } } }
                    } } }
                }
            }
    }
}

/// A takedown and the agents linked to it.
pub fn takedown(t: &Takedown, links: &[LinkRow], token: &str) -> Markup {
    let back = format!("/takedowns/{}", urlencode(&t.takedown_id));
    let counts = [
        ("Facebook accounts", t.fb_accounts),
        ("Facebook Pages", t.fb_pages),
        ("Facebook Groups", t.fb_groups),
        ("Instagram accounts", t.ig_accounts),
        ("Other accounts", t.other_accounts),
        ("Followers", t.followers),
    ];
    page(
        t.network_name.as_deref().unwrap_or(&t.takedown_id),
        "",
        html! {
            h1 { (t.network_name.as_deref().unwrap_or(&t.takedown_id)) }
            p.muted { (t.platform) ", announced " (t.announced_on) " · " code { (t.takedown_id) } }
            (notice())
            table { tbody {
                tr { th { "Attributed to" } td { (t.attributed_to.join("; ")) } }
                tr { th { "Origin" } td { (t.origin_countries.join("; ")) } }
                tr { th { "Targets" } td { (t.target_countries.join("; ")) } }
                @for (label, n) in counts { @if let Some(n) = n { tr { th { (label) } td.num { (n) } } } }
                @if let Some(a) = t.ad_spend_usd { tr { th { "Ad spend" } td { (money(Some(a), Some("USD"))) } } }
                @if let Some(a) = &t.attribution_text { tr { th { "The platform said" } td { blockquote { (a) } } } }
                @if let Some(s) = &t.summary { tr { th { "Notes" } td { (s) } } }
                tr { th { "Source" } td { @if let Some(u) = t.source_url.as_deref().and_then(safe_href) { a href=(u) { (u) } } @else { (opt(&t.source_url)) } } }
            } }
            h2 { "Registered agents linked to this takedown" }
            (links_table(links, token, &back, false))
        },
    )
}

fn links_table(links: &[LinkRow], token: &str, back: &str, show_takedown: bool) -> Markup {
    html! {
        @if links.is_empty() { p.muted { "No links." } } @else {
            table.links { thead { tr {
                th { "Score" } th { "Kind" } th { "Registrant" }
                @if show_takedown { th { "Takedown" } }
                th { "Evidence" } th { "Verdict" }
            } }
            tbody { @for l in links { tr id=(format!("link-{}", l.link_id)) {
                td.num { (format!("{:.2}", l.score)) }
                td { span.kind { (l.kind) } }
                td {
                    @if let Some(n) = l.registration_number {
                        a href=(format!("/registrants/{n}")) { (l.registrant_name.as_deref().unwrap_or("?")) } " " span.muted { "#" (n) }
                    }
                    @if let Some(p) = &l.foreign_principal { br; span.muted { "for " (p) } }
                    @for rel in &l.related_to { br; span.muted { "related to #" (rel.registration_number) ": " (rel.reason) } }
                }
                @if show_takedown { td {
                    a href=(format!("/takedowns/{}", urlencode(&l.takedown_id))) { (l.takedown_id) }
                    br; span.muted { (opt(&l.platform)) " " (opt(&l.announced_on)) }
                } }
                td { (evidence_list(&l.evidence)) }
                td { (verdict_cell(l.verdict.as_deref())) (review_form(l.link_id, &[], token, back)) }
            } } }
            }
        }
    }
}

/// The review queue: links without a verdict, best first (`?all` shows every link).
pub fn review(links: &[LinkRow], all: bool, token: &str) -> Markup {
    let back = if all { "/review?all=1" } else { "/review" };
    page(
        "Review links",
        "",
        html! {
            h1 { "Review links" }
            (notice())
            p {
                @if all { "Every link. " a href="/review" { "Only those not reviewed yet" } }
                @else { "Links nobody has reviewed yet, best first. " a href="/review?all=1" { "Show every link" } }
            }
            (links_table(links, token, back, true))
        },
    )
}
