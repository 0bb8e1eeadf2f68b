//! The dossier as Markdown for a story memo (`faralink show --markdown`): every fact next to
//! its source, and scraped text made inert so that it cannot break a table or inject markup.
//!
//! For: a memo a reporter pastes into. Not for: the web page (`web::pages`, HTML via maud).

use std::io::{self, Write};

use super::text::{fee_text, or_dash, period, term_text, verdict_text};
use super::{Dossier, NOTICE, Section, empty_note};

/// Markdown text from scraped data, made inert: line breaks and pipes would break a table,
/// and markup characters would turn a name into a link, emphasis or live HTML in the memo
/// (`<script>`, `[x](javascript:...)`). HTML's specials become entities, Markdown's get a
/// backslash; the text reads the same once rendered.
fn md(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(joined.len());
    for c in joined.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A note with a command in backticks, as Markdown: the command stays code, the rest inert.
fn md_note(s: &str) -> String {
    s.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                format!("`{part}`")
            } else {
                let lead = if part.starts_with(char::is_whitespace) {
                    " "
                } else {
                    ""
                };
                let trail = if part.ends_with(char::is_whitespace) && !part.trim().is_empty() {
                    " "
                } else {
                    ""
                };
                format!("{lead}{}{trail}", md(part))
            }
        })
        .collect::<Vec<_>>()
        .join("")
}

/// A link to a document, or its text when it is not online (public-office pseudo-URL).
fn md_link(label: &str, url: &str) -> String {
    if url.starts_with("http://") || url.starts_with("https://") {
        format!(
            "[{}]({})",
            md(label),
            url.replace(' ', "%20")
                .replace('(', "%28")
                .replace(')', "%29")
                .replace('<', "%3C")
                .replace('>', "%3E")
        )
    } else {
        format!("{} (not online: {})", md(label), md(url))
    }
}

/// The dossier as Markdown for a story memo: every fact next to its source.
pub fn render_markdown(d: &Dossier, out: &mut dyn Write) -> io::Result<()> {
    header(d, out)?;
    related(d, out)?;
    principals(d, out)?;
    agreements(d, out)?;
    receipts(d, out)?;
    payments(d, out)?;
    takedowns(d, out)?;
    documents(d, out)
}

/// Why a section is empty, when it is ([`empty_note`]), as a sentence.
fn note(out: &mut dyn Write, d: &Dossier, s: Section) -> io::Result<()> {
    match empty_note(d, s) {
        Some(t) => {
            // A sentence in a memo: capitalised ("No documents fetched yet: ...").
            let mut c = t.chars();
            let t = c
                .next()
                .map_or(String::new(), |f| f.to_uppercase().chain(c).collect());
            writeln!(out, "{}.\n", md_note(&t))
        }
        None => Ok(()),
    }
}

/// The title, the notice and the registrant's facts with their source.
fn header(d: &Dossier, out: &mut dyn Write) -> io::Result<()> {
    let r = &d.registrant;
    writeln!(
        out,
        "# {} (FARA registration {})\n",
        md(&r.name),
        r.registration_number
    )?;
    writeln!(out, "> {NOTICE}\n")?;
    if let Some(b) = &r.business_name {
        writeln!(out, "- **Business name:** {}", md(b))?;
    }
    writeln!(
        out,
        "- **Registered:** {}",
        period(&r.registration_date, &r.termination_date)
    )?;
    if let Some(a) = &r.address {
        writeln!(out, "- **Address:** {}", md(a))?;
    }
    match &r.efile_url {
        Some(u) => writeln!(
            out,
            "- **Source:** {}, registration {} (US Department of Justice)\n",
            md_link("FARA eFile", u),
            r.registration_number
        )?,
        None => writeln!(
            out,
            "- **Source:** FARA eFile, registration {} (US Department of Justice)\n",
            r.registration_number
        )?,
    }
    Ok(())
}

/// Related registrations, each linked to eFile.
fn related(d: &Dossier, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Related registrations\n")?;
    note(out, d, Section::Related)?;
    if !d.related_registrations.is_empty() {
        writeln!(out, "| Registration | Name | Registered | Why related |")?;
        writeln!(out, "|---|---|---|---|")?;
        for x in &d.related_registrations {
            let reg = match &x.efile_url {
                Some(u) => md_link(&x.registration_number.to_string(), u),
                None => x.registration_number.to_string(),
            };
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                reg,
                md(x.name.as_deref().unwrap_or("—")),
                period(&x.registration_date, &x.termination_date),
                md(&x.reason)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Foreign principals.
fn principals(d: &Dossier, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Foreign principals\n")?;
    note(out, d, Section::Principals)?;
    if !d.foreign_principals.is_empty() {
        writeln!(out, "| Principal | Country | Represented |")?;
        writeln!(out, "|---|---|---|")?;
        for p in &d.foreign_principals {
            writeln!(
                out,
                "| {} | {} | {} |",
                md(&p.name),
                md(&or_dash(&p.country)),
                period(&p.registration_date, &p.termination_date)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Agreements, each linked to its Exhibit AB.
fn agreements(d: &Dossier, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Agreements\n")?;
    note(out, d, Section::Agreements)?;
    if !d.agreements.is_empty() {
        writeln!(out, "| Client | Fee | Term | Scope | Source |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for a in &d.agreements {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                md(a.foreign_principal.as_deref().unwrap_or("—")),
                md(&fee_text(a)),
                md(&term_text(a)),
                md(a.scope.as_deref().unwrap_or("—")),
                md_link("Exhibit AB", &a.document_url)
            )?;
        }
        writeln!(
            out,
            "\nFields are read automatically from the PDF text; check each against the source.\n"
        )?;
    }
    Ok(())
}

/// Receipts by year, when any were read, linked to their statements.
fn receipts(d: &Dossier, out: &mut dyn Write) -> io::Result<()> {
    if !d.receipts_by_year.is_empty() {
        writeln!(out, "## Receipts by year\n")?;
        writeln!(out, "| Year | Principal | Amount | Receipts | Statements |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for y in &d.receipts_by_year {
            let links: Vec<String> = y
                .documents
                .iter()
                .enumerate()
                .map(|(i, u)| md_link(&format!("{}", i + 1), u))
                .collect();
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                y.year.map_or("—".into(), |y| y.to_string()),
                md(y.foreign_principal.as_deref().unwrap_or("—")),
                crate::text::money::format_amount(y.amount, y.currency.as_deref()),
                y.receipts,
                links.join(" ")
            )?;
        }
        writeln!(
            out,
            "\nAs reported in supplemental statements; currencies are never summed together.\n"
        )?;
    }
    Ok(())
}

/// Payments, when any were read.
fn payments(d: &Dossier, out: &mut dyn Write) -> io::Result<()> {
    if !d.payments.is_empty() {
        writeln!(out, "## Payments\n")?;
        writeln!(out, "| Date | Amount | From | Purpose | Source |")?;
        writeln!(out, "|---|---|---|---|---|")?;
        for p in &d.payments {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                or_dash(&p.date),
                p.amount.map_or("—".into(), |a| format!(
                    "{} {a:.2}",
                    p.currency.as_deref().unwrap_or("")
                )),
                md(p.foreign_principal.as_deref().unwrap_or("—")),
                md(p.purpose.as_deref().unwrap_or("")),
                md_link("filing", &p.document_url)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Linked takedowns, one subsection each, with evidence and report.
fn takedowns(d: &Dossier, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Linked takedowns\n")?;
    note(out, d, Section::Takedowns)?;
    if !d.takedowns.is_empty() {
        writeln!(
            out,
            "Each link is a lead for a reporter to verify against the platform's report, not a finding. \
             Listed: links scoring at least {} and links a person reviewed.\n",
            d.min_score
        )?;
        for t in &d.takedowns {
            let report = match &t.source_url {
                Some(u) => md_link(&t.takedown_id, u),
                None => md(&t.takedown_id),
            };
            writeln!(
                out,
                "### {} ({}, {})\n",
                md(t.network_name.as_deref().unwrap_or(&t.takedown_id)),
                md(&or_dash(&t.platform)),
                or_dash(&t.announced_on)
            )?;
            writeln!(
                out,
                "- **Link {}:** {}, score {:.2}, {}",
                t.link_id,
                t.kind,
                t.score,
                verdict_text(&t.verdict)
            )?;
            if !t.foreign_principals.is_empty() {
                let via: Vec<String> = t.foreign_principals.iter().map(|p| md(p)).collect();
                writeln!(out, "- **Through:** {}", via.join("; "))?;
            }
            writeln!(out, "- **Report:** {report}")?;
            writeln!(out, "- **Evidence:**")?;
            for e in t.evidence.as_array().into_iter().flatten() {
                writeln!(
                    out,
                    "  - {:+.2} {}: {}",
                    e["weight"].as_f64().unwrap_or(0.0),
                    md(e["feature"].as_str().unwrap_or("")),
                    md(e["detail"].as_str().unwrap_or(""))
                )?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

/// Documents, each linked.
fn documents(d: &Dossier, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## Documents\n")?;
    note(out, d, Section::Documents)?;
    if !d.documents.is_empty() {
        for x in &d.documents {
            writeln!(
                out,
                "- {} {}",
                or_dash(&x.date_stamped),
                md_link(x.document_type.as_deref().unwrap_or("document"), &x.url)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_from_scraped_data_is_inert() {
        let m = md("<script>alert(1)</script> [x](javascript:alert(1)) **b** | p\nq");
        assert_eq!(
            m,
            "&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](javascript:alert(1)) \\*\\*b\\*\\* \\| p q"
        );
        let l = md_link("PDF", "https://efile.fara.gov/docs/a).pdf<b>");
        assert_eq!(l, "[PDF](https://efile.fara.gov/docs/a%29.pdf%3Cb%3E)");
    }

    #[test]
    fn markdown_cells_cannot_break_tables() {
        assert_eq!(md("a | b\nc"), "a \\| b c");
    }
}
