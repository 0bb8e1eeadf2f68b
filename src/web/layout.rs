//! The page frame every `faralink serve` page shares: head, inline style, header with the
//! search box, the notice, and the error page.
//!
//! For: the web UI's look, in one place. Not for: what a page says (`pages`). No external assets (the pages work offline) and no
//! script: maud escapes every value we put in, and names come from scraped public data.

use maud::{DOCTYPE, Markup, PreEscaped, html};

/// What every dossier says, in the CLI and on the web: the same words.
pub use crate::dossier::NOTICE;

const STYLE: &str = r#"
:root { --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --accent:#0b5cad; --bg:#fff; --soft:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 0; }
header { background: var(--soft); border-bottom: 1px solid var(--line); padding: .6rem 1rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
header a.home { font-weight: 700; color: var(--fg); text-decoration: none; }
header form { display: flex; gap: .4rem; flex: 1; max-width: 36rem; }
input[type=search] { flex: 1; padding: .35rem .5rem; border: 1px solid var(--line); border-radius: 4px; font: inherit; }
button { padding: .35rem .8rem; border: 1px solid var(--line); border-radius: 4px; background: #fff; font: inherit; cursor: pointer; }
button.confirm { border-color: #1a7f37; color: #1a7f37; } button.reject { border-color: #cf222e; color: #cf222e; }
main { padding: 1rem; max-width: 72rem; }
h1 { font-size: 1.5rem; margin: .2rem 0 .6rem; } h2 { font-size: 1.15rem; margin: 1.4rem 0 .4rem; border-bottom: 1px solid var(--line); }
table { border-collapse: collapse; width: 100%; margin: .3rem 0 1rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); font-weight: 600; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
a { color: var(--accent); } .muted { color: var(--muted); } .kind { font-size: .8rem; padding: 0 .35rem; border-radius: 3px; background: var(--soft); border: 1px solid var(--line); }
.notice { border-left: 4px solid #bf8700; background: #fff8c5; padding: .5rem .8rem; margin: .5rem 0 1rem; }
.verdict-confirmed { color: #1a7f37; font-weight: 600; } .verdict-rejected { color: #cf222e; font-weight: 600; }
ul.evidence { margin: 0; padding-left: 1.1rem; font-size: .9rem; }
svg.timeline { max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
svg.timeline .grid { stroke: #eaeef2; } svg.timeline .year { fill: var(--muted); }
svg.timeline .span.registration { fill: #0b5cad; opacity: .75; } svg.timeline .span.agreement { fill: #1a7f37; opacity: .75; }
svg.timeline .takedown { fill: #cf222e; } svg.timeline .takedown-rule { stroke: #cf222e; stroke-dasharray: 2 3; opacity: .5; }
svg.timeline .label { fill: var(--fg); }
"#;

/// A whole page: `title` goes in `<title>` and the heading is the caller's.
pub fn page(title: &str, query: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · faralink" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    a.home href="/" { "faralink" }
                    form action="/search" method="get" role="search" {
                        input type="search" name="q" value=(query) placeholder="Firm, client, country or takedown" aria-label="Search";
                        button type="submit" { "Search" }
                    }
                    a href="/review" { "Review links" }
                }
                main { (body) }
            }
        }
    }
}

/// The notice, as a block.
pub fn notice() -> Markup {
    html! { p.notice role="note" { (NOTICE) } }
}

/// An error page with its status already chosen by the caller.
pub fn error_page(status: u16, message: &str) -> Markup {
    page(
        &format!("{status}"),
        "",
        html! {
            h1 { (status) }
            p { (message) }
            p { a href="/" { "Back to search" } }
        },
    )
}
