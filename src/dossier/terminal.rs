//! The dossier as plain text for a terminal (`faralink show`): aligned tables that wrap to
//! the terminal's width, ANSI styles only when asked.
//!
//! For: people at a terminal. Not for: scripts (they read `--json`, the [`Dossier`] itself).

use std::io::{self, Write};

use super::text::{fee_text, one_line, or_dash, period, term_text, verdict_text, wrap};
use super::{Candidate, Dossier, NOTICE, Section, empty_note};

/// Terminal styles: ANSI only when asked (a TTY without NO_COLOR), and the terminal's width
/// when stdout is one: cells wrap to it. `width: None` (a pipe, a file) wraps and cuts nothing.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Bold, dim and coloured headings (ANSI escapes).
    pub color: bool,
    /// The terminal's width in characters; `None` when stdout is not a terminal.
    pub width: Option<usize>,
}

impl Style {
    fn bold(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn dim(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[2m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn heading(&self, s: &str) -> String {
        if self.color {
            format!("\x1b[1;36m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    /// `text` as lines starting with `indent`, wrapped to the terminal when there is one.
    fn para(&self, indent: &str, text: &str) -> String {
        let text = one_line(text);
        match self.width {
            None => format!("{indent}{text}"),
            Some(w) => wrap(&text, w.saturating_sub(indent.chars().count()).max(20))
                .lines()
                .map(|l| format!("{indent}{l}"))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }
}

/// An aligned plain-text table: a header row, then rows, columns padded to the widest cell.
/// Nothing is cut: on a terminal (`style.width`) the widest columns are narrowed and their
/// cells wrap onto more lines; elsewhere every cell is printed whole.
fn table(
    out: &mut dyn Write,
    style: Style,
    header: &[&str],
    rows: &[Vec<String>],
) -> io::Result<()> {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| one_line(c)).collect())
        .collect();
    let natural: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let widths = match style.width {
        None => natural.clone(),
        Some(w) => fit_columns(
            &natural,
            header,
            w.saturating_sub(2 + 2 * (header.len() - 1)),
        ),
    };
    let print = |out: &mut dyn Write, cells: &[String], dim: bool| -> io::Result<()> {
        let wrapped: Vec<Vec<String>> = cells
            .iter()
            .zip(&widths)
            .map(|(c, &w)| {
                if style.width.is_some() && c.chars().count() > w {
                    wrap(c, w).lines().map(str::to_string).collect()
                } else {
                    vec![c.clone()]
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for line in 0..height {
            let n = wrapped.len();
            let text = wrapped
                .iter()
                .enumerate()
                .map(|(i, lines)| {
                    let c = lines.get(line).map_or("", String::as_str);
                    if i + 1 == n {
                        c.to_string()
                    } else {
                        let pad = widths[i].saturating_sub(c.chars().count());
                        format!("{c}{}", " ".repeat(pad))
                    }
                })
                .collect::<Vec<_>>()
                .join("  ");
            let text = text.trim_end();
            if dim {
                writeln!(out, "  {}", style.dim(text))?;
            } else {
                writeln!(out, "  {text}")?;
            }
        }
        Ok(())
    };
    let head: Vec<String> = header.iter().map(|h| h.to_string()).collect();
    print(out, &head, true)?;
    for r in &rows {
        print(out, r, false)?;
    }
    Ok(())
}

/// Column widths that fit `room` characters: columns that fit their fair share keep their
/// width, the rest share what is left (never narrower than their header or 8 characters).
fn fit_columns(natural: &[usize], header: &[&str], room: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    let mut widths = vec![0; natural.len()];
    let mut order: Vec<usize> = (0..natural.len()).collect();
    order.sort_by_key(|&i| natural[i]);
    let mut left = room;
    for (k, &i) in order.iter().enumerate() {
        let share = left / (natural.len() - k);
        let floor = header[i].chars().count().max(8).min(natural[i]);
        widths[i] = natural[i].min(share).max(floor);
        left = left.saturating_sub(widths[i]);
    }
    widths
}

/// The dossier for a reader at a terminal.
pub fn render_terminal(d: &Dossier, style: Style, out: &mut dyn Write) -> io::Result<()> {
    header(d, style, out)?;
    related(d, style, out)?;
    principals(d, style, out)?;
    agreements(d, style, out)?;
    receipts(d, style, out)?;
    payments(d, style, out)?;
    takedowns(d, style, out)?;
    documents(d, style, out)
}

/// A section's heading, with how many rows it holds.
fn section(out: &mut dyn Write, style: Style, title: &str, n: usize) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{}", style.heading(&format!("{title} ({n})")))
}

/// Why a section is empty, when it is ([`empty_note`]).
fn note(out: &mut dyn Write, d: &Dossier, style: Style, s: Section) -> io::Result<()> {
    match empty_note(d, s) {
        Some(t) => writeln!(out, "{}", style.para("  ", &t)),
        None => Ok(()),
    }
}

/// The registrant itself, then the notice.
fn header(d: &Dossier, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let r = &d.registrant;
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{} — FARA registration {}",
            one_line(&r.name),
            r.registration_number
        ))
    )?;
    if let Some(b) = &r.business_name {
        writeln!(out, "{}", style.para("  business name  ", b))?;
    }
    writeln!(
        out,
        "  registered     {}",
        period(&r.registration_date, &r.termination_date)
    )?;
    if let Some(a) = &r.address {
        writeln!(out, "{}", style.para("  address        ", a))?;
    }
    if let Some(u) = &r.efile_url {
        writeln!(out, "  DOJ eFile      {u}")?;
    }
    if let Some(x) = &r.removed_at {
        writeln!(out, "  no longer in DOJ's files since {x}")?;
    }
    writeln!(out)?;
    let notice = match style.width {
        Some(w) => wrap(NOTICE, w.min(92)),
        None => wrap(NOTICE, 92),
    };
    writeln!(out, "{}", style.dim(&notice))?;
    Ok(())
}

/// Related registrations, with their eFile links.
fn related(d: &Dossier, style: Style, out: &mut dyn Write) -> io::Result<()> {
    section(
        out,
        style,
        "Related registrations",
        d.related_registrations.len(),
    )?;
    note(out, d, style, Section::Related)?;
    if !d.related_registrations.is_empty() {
        let rows: Vec<Vec<String>> = d
            .related_registrations
            .iter()
            .map(|x| {
                vec![
                    x.registration_number.to_string(),
                    x.name.clone().unwrap_or_else(|| "—".into()),
                    period(&x.registration_date, &x.termination_date),
                    x.reason.clone(),
                ]
            })
            .collect();
        table(
            out,
            style,
            &["reg", "name", "registered", "why related"],
            &rows,
        )?;
        for x in &d.related_registrations {
            if let Some(u) = &x.efile_url {
                writeln!(
                    out,
                    "  {} {}: {u}",
                    style.dim("DOJ eFile"),
                    x.registration_number
                )?;
            }
        }
    }
    Ok(())
}

/// Foreign principals.
fn principals(d: &Dossier, style: Style, out: &mut dyn Write) -> io::Result<()> {
    section(out, style, "Foreign principals", d.foreign_principals.len())?;
    note(out, d, style, Section::Principals)?;
    if !d.foreign_principals.is_empty() {
        let rows: Vec<Vec<String>> = d
            .foreign_principals
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    or_dash(&p.country),
                    or_dash(&p.country_code),
                    period(&p.registration_date, &p.termination_date),
                ]
            })
            .collect();
        table(
            out,
            style,
            &["principal", "country", "code", "represented"],
            &rows,
        )?;
    }
    Ok(())
}

/// Agreements, with the Exhibit AB each came from.
fn agreements(d: &Dossier, style: Style, out: &mut dyn Write) -> io::Result<()> {
    section(
        out,
        style,
        "Agreements (read from Exhibit AB)",
        d.agreements.len(),
    )?;
    note(out, d, style, Section::Agreements)?;
    if !d.agreements.is_empty() {
        let rows: Vec<Vec<String>> = d
            .agreements
            .iter()
            .map(|a| {
                vec![
                    a.foreign_principal.clone().unwrap_or_else(|| "—".into()),
                    fee_text(a),
                    term_text(a),
                    a.scope.clone().unwrap_or_else(|| "—".into()),
                ]
            })
            .collect();
        table(out, style, &["client", "fee", "term", "scope"], &rows)?;
        for a in &d.agreements {
            writeln!(out, "  {} {}", style.dim("source"), a.document_url)?;
        }
    }
    Ok(())
}

/// Receipts by year, when any were read.
fn receipts(d: &Dossier, style: Style, out: &mut dyn Write) -> io::Result<()> {
    if !d.receipts_by_year.is_empty() {
        section(
            out,
            style,
            "Receipts by year (reported, 14(a))",
            d.receipts_by_year.len(),
        )?;
        for y in &d.receipts_by_year {
            writeln!(
                out,
                "  {}  {:<20} {} ({} receipt{})",
                y.year.map_or("????".into(), |y| y.to_string()),
                crate::text::money::format_amount(y.amount, y.currency.as_deref()),
                y.foreign_principal.as_deref().unwrap_or("?"),
                y.receipts,
                if y.receipts == 1 { "" } else { "s" }
            )?;
            for u in &y.documents {
                writeln!(out, "        {} {u}", style.dim("statement"))?;
            }
        }
    }
    Ok(())
}

/// Payments, when any were read.
fn payments(d: &Dossier, style: Style, out: &mut dyn Write) -> io::Result<()> {
    if !d.payments.is_empty() {
        section(out, style, "Payments", d.payments.len())?;
        let rows: Vec<Vec<String>> = d
            .payments
            .iter()
            .map(|p| {
                vec![
                    or_dash(&p.date),
                    p.amount.map_or("—".into(), |a| {
                        format!("{} {a:.2}", p.currency.as_deref().unwrap_or(""))
                    }),
                    p.foreign_principal.clone().unwrap_or_else(|| "—".into()),
                    p.purpose.clone().unwrap_or_default(),
                ]
            })
            .collect();
        table(out, style, &["date", "amount", "from", "purpose"], &rows)?;
    }
    Ok(())
}

/// Linked takedowns, each with its evidence and report.
fn takedowns(d: &Dossier, style: Style, out: &mut dyn Write) -> io::Result<()> {
    section(
        out,
        style,
        "Linked takedowns (leads to verify)",
        d.takedowns.len(),
    )?;
    note(out, d, style, Section::Takedowns)?;
    for t in &d.takedowns {
        let head = format!(
            "link {} · {} {} · {} · {} {:.2} · {}",
            t.link_id,
            or_dash(&t.platform),
            or_dash(&t.announced_on),
            t.network_name.as_deref().unwrap_or(&t.takedown_id),
            t.kind,
            t.score,
            verdict_text(&t.verdict)
        );
        writeln!(out, "{}", style.para("  ", &head))?;
        if !t.foreign_principals.is_empty() {
            writeln!(
                out,
                "{}",
                style.para(
                    "      ",
                    &format!("via {}", t.foreign_principals.join("; "))
                )
            )?;
        }
        for e in t.evidence.as_array().into_iter().flatten() {
            let line = format!(
                "{:+.2} {}: {}",
                e["weight"].as_f64().unwrap_or(0.0),
                e["feature"].as_str().unwrap_or(""),
                e["detail"].as_str().unwrap_or("")
            );
            writeln!(out, "{}", style.para("      ", &line))?;
        }
        let report = t.source_url.as_deref().unwrap_or("—");
        writeln!(
            out,
            "      {} {} {report}",
            style.dim("report"),
            t.takedown_id
        )?;
    }
    Ok(())
}

/// Documents.
fn documents(d: &Dossier, style: Style, out: &mut dyn Write) -> io::Result<()> {
    section(out, style, "Documents", d.documents.len())?;
    note(out, d, style, Section::Documents)?;
    if !d.documents.is_empty() {
        let rows: Vec<Vec<String>> = d
            .documents
            .iter()
            .map(|x| {
                vec![
                    or_dash(&x.date_stamped),
                    x.document_type.clone().unwrap_or_else(|| "—".into()),
                    x.status.clone(),
                    x.url.clone(),
                ]
            })
            .collect();
        table(out, style, &["stamped", "type", "status", "source"], &rows)?;
    }
    Ok(())
}

/// The candidates of an ambiguous name, for a person to choose from.
pub fn render_candidates(query: &str, c: &[Candidate], out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "{query:?} fits {} firms about equally; run `faralink show NUMBER` with one of:",
        c.len()
    )?;
    for x in c {
        let more = match x.registrations {
            0 | 1 => String::new(),
            n => format!("; {n} registrations of this firm match"),
        };
        writeln!(
            out,
            "  {:>5}  {}  ({}{more})",
            x.registration_number,
            x.name,
            period(&x.registration_date, &x.termination_date)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_wraps_on_a_terminal_and_cuts_nothing_anywhere() {
        let long = "Ministry of Foreign Affairs of the Government of Somaliland (through an invented intermediary)";
        let url = "https://efile.fara.gov/docs/6766-Exhibit-AB-20191211-1.pdf";
        let rows = vec![vec![long.to_string(), "SOMALILAND".into(), url.to_string()]];
        let render = |width| {
            let mut out = Vec::new();
            table(
                &mut out,
                Style {
                    color: false,
                    width,
                },
                &["principal", "country", "source"],
                &rows,
            )
            .unwrap();
            String::from_utf8(out).unwrap()
        };
        // Not a terminal: every cell whole, on one line.
        let piped = render(None);
        assert!(piped.contains(long) && piped.contains(url), "{piped}");
        assert!(!piped.contains('…'));
        // A terminal 60 wide: lines fit but for the unbreakable URL, and every word is there.
        let tty = render(Some(60));
        assert!(!tty.contains('…'));
        for line in tty.lines().filter(|l| !l.contains("https://")) {
            assert!(line.chars().count() <= 60, "{line:?}\n{tty}");
        }
        assert!(tty.contains(url), "{tty}");
        let words: Vec<&str> = tty.split_whitespace().collect();
        for w in long.split_whitespace() {
            assert!(words.contains(&w), "{w} lost:\n{tty}");
        }
    }
}
