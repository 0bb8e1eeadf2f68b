//! Text laid out in columns, as `pdftotext -layout` gives a table or a bilingual contract, read
//! column by column instead of line by line.
//!
//! For: a scope section that is a table ("Workstream    Activities    Timing" over rows whose
//! cells wrap), and a contract printed in two languages side by side, of which the English
//! column is read. Read line by line, the columns interleave ("Landscape audit Stakeholder
//! mapping; review of pending Weeks 1-3 legislation ..."); read here, each cell is whole. Not
//! for: finding the section (`scope`).

use std::sync::LazyLock;

use regex::Regex;

use super::scope::skip_space;
use super::text::{collapse, regex};

/// A line naming a party or the document, not the work: "Client:      Corlandia Office of the
/// President", "Prepared by: ...", "Effective: ...".
static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^[ \t]*(?:client|customer|principal|foreign\s+principal|adviser|advisor|consultant|agency|firm|registrant|contractor|counsel|prepared\s+(?:for|by)|date|dated|effective(?:\s+date)?|to|from|re|subject|attention|attn)[ \t]*:[ \t]+\S",
    )
});
/// A list number or bullet standing alone as a piece: "1.", "(a)", "iv)", "3.1", "•".
static LIST_MARK: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?:\(?[0-9a-zA-Z]{1,4}[.)]|\d+(?:\.\d+)+\.?|[-*•·▪●◦])$"));

/// The gap, in spaces, that separates two columns on a line.
const GAP: usize = 3;

/// A line's pieces separated by [`GAP`] or more spaces, each with the column (in characters)
/// it starts at.
fn segments(line: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while i < chars.len() {
            if chars[i].is_whitespace() {
                let run = chars[i..].iter().take_while(|c| c.is_whitespace()).count();
                if run >= GAP || i + run == chars.len() {
                    break;
                }
                i += run;
            } else {
                i += 1;
                end = i;
            }
        }
        out.push((start, chars[start..end].iter().collect()));
    }
    out
}

/// A table's rule line: only dashes, underscores, equals signs, pluses, bars and spaces.
pub(super) fn is_rule_line(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && t.chars()
            .all(|c| matches!(c, '-' | '_' | '=' | '–' | '—' | ' ' | '+' | '|'))
}

/// The block read by columns, or `None` when it is not laid out in columns: fewer than two
/// lines with two or more pieces, or pieces that do not line up with the first such line's
/// columns.
///
/// Rows are read one by one, each cell joined down its column ("Landscape audit: Stakeholder
/// mapping; review of pending legislation ... — Weeks 1-3."): rows are separated by rule
/// lines, or without rules between rows, start with a piece in the first column. A header row
/// (the first line, when a rule line follows it) is dropped. A first column of list numbers
/// ("1.", "(a)") is a list, not a table: `None`.
pub(super) fn read_columns(block: &str) -> Option<String> {
    let lines: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
    let columned: Vec<usize> = (0..lines.len())
        .filter(|&i| !is_rule_line(lines[i]) && segments(lines[i]).len() >= 2)
        .collect();
    if columned.len() < 2 {
        return None;
    }
    let starts: Vec<usize> = segments(lines[columned[0]]).iter().map(|s| s.0).collect();
    let column_of = |at: usize| starts.iter().rposition(|&s| s <= at + 2).unwrap_or(0);
    // The pieces must line up: every columned line's pieces start near a column of the first.
    let aligned = columned.iter().all(|&i| {
        segments(lines[i])
            .iter()
            .all(|(at, _)| starts.iter().any(|&s| s.abs_diff(*at) <= 2))
    });
    if !aligned {
        return None;
    }
    // The header: the first line of text, when a rule line follows it.
    let header = lines
        .iter()
        .position(|l| !is_rule_line(l))
        .filter(|&h| columned.contains(&h) && lines.get(h + 1).is_some_and(|l| is_rule_line(l)));
    let body: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != header)
        .map(|(_, l)| *l)
        .collect();
    let first_body = body.iter().position(|l| !is_rule_line(l)).unwrap_or(0);
    let ruled_rows = body[first_body..]
        .iter()
        .rev()
        .skip_while(|l| is_rule_line(l))
        .any(|l| is_rule_line(l));
    let mut rows: Vec<Vec<Vec<String>>> = vec![vec![Vec::new(); starts.len()]];
    let started =
        |rows: &Vec<Vec<Vec<String>>>| rows.last().is_some_and(|r| r.iter().any(|c| !c.is_empty()));
    for line in body {
        if is_rule_line(line) {
            if ruled_rows && started(&rows) {
                rows.push(vec![Vec::new(); starts.len()]);
            }
            continue;
        }
        let pieces = segments(line);
        // Without rules between rows, a row starts with a piece in the first column.
        if !ruled_rows && started(&rows) && pieces.first().is_some_and(|p| column_of(p.0) == 0) {
            rows.push(vec![Vec::new(); starts.len()]);
        }
        let row = rows.last_mut().expect("a row");
        for (at, piece) in pieces {
            row[column_of(at)].push(piece);
        }
    }
    // A first column of list numbers ("1.", "(a)", "3.1") is a list, not a table.
    let numbered = rows
        .iter()
        .flat_map(|r| r[0].iter())
        .all(|p| LIST_MARK.is_match(p));
    if numbered {
        return None;
    }
    let cells = |row: &[Vec<String>]| -> Vec<String> {
        row.iter()
            .map(|c| collapse(&c.join(" ")))
            .filter(|c| !c.is_empty())
            .collect()
    };
    let text = rows
        .iter()
        .map(|r| cells(r))
        .filter(|c| !c.is_empty())
        .map(|c| {
            let mut row = c[0].clone();
            if c.len() > 1 {
                row = format!("{row}: {}", c[1..].join(" — "));
            }
            if row.ends_with(['.', ';']) {
                row
            } else {
                format!("{row}.")
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    Some(text)
}

/// The value of a label/value table row ("Services        Government relations in Washington,
/// including meetings with\n                congressional offices"): the rest of the line and
/// the indented lines under it. Only for a label that starts its line and a value that is not
/// a title in capitals ("SERVICES     AGREEMENT").
pub(super) fn table_value(
    text: &str,
    label_at: usize,
    from: usize,
) -> Option<(String, usize, usize)> {
    let line_start = text[..label_at].rfind('\n').map_or(0, |i| i + 1);
    let first_word = text[from..].split_whitespace().next().unwrap_or("");
    if !text[line_start..label_at].trim().is_empty()
        || text[label_at..from]
            .trim_start()
            .starts_with(['.', ':', ';', ')'])
        || first_word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    {
        return None;
    }
    let mut end = text[from..].find('\n').map_or(text.len(), |i| from + i);
    while end < text.len() {
        let next = text[end + 1..].split('\n').next().unwrap_or("");
        if next.trim().is_empty() || !next.starts_with([' ', '\t']) {
            break;
        }
        end += 1 + next.len();
    }
    let para = collapse(&text[from..end]);
    (para.split_whitespace().count() >= 4).then_some((para, from, end))
}

/// The column under a table header: "Description of Services          Fee" over rows whose
/// first column wraps over several lines. The column runs from the heading's start to the
/// next header's; rule lines ("-----") are skipped; it ends at a blank line.
pub(super) fn column_under(text: &str, label_at: usize) -> Option<(String, usize, usize)> {
    let line_start = text[..label_at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[label_at..]
        .find('\n')
        .map_or(text.len(), |i| label_at + i);
    let header = &text[line_start..line_end];
    let col = label_at - line_start;
    // The next header starts after a gap of two or more spaces.
    let next_col = header[col..]
        .find("  ")
        .and_then(|gap| {
            let after = col + gap;
            header[after..]
                .find(|c: char| !c.is_whitespace())
                .map(|i| after + i)
        })
        .unwrap_or(usize::MAX);
    // A column in the middle ("Service      Description      Fee") only under "Description".
    let first = text[line_start..label_at].trim().is_empty();
    let describes =
        text[label_at..].starts_with("Description") || text[label_at..].starts_with("DESCRIPTION");
    // A bare "Description" first column is an invoice's or a budget's ("Description   Amount").
    let bare = describes
        && !text[label_at..]
            .to_ascii_lowercase()
            .starts_with("description of");
    let usable = if first { !bare } else { describes };
    if !usable || next_col == usize::MAX {
        return None;
    }
    let mut cells = Vec::new();
    let mut end = line_end;
    for line in text[line_end..].split('\n').skip(1) {
        if line.trim().is_empty() && !cells.is_empty() {
            break;
        }
        end += line.len() + 1;
        if is_rule_line(line) || line.trim().is_empty() {
            continue;
        }
        let cell = line
            .get(col.min(line.len())..next_col.min(line.len()))
            .unwrap_or(line);
        cells.push(cell.trim().to_string());
    }
    let para = collapse(&cells.join(" "));
    (para.split_whitespace().count() >= 4).then_some((para, line_start, end.min(text.len())))
}

/// `from`, moved past a table's header row and rule line ("Task      Description\n----  ----")
/// to its first row.
pub(super) fn skip_table_head(text: &str, from: usize) -> usize {
    let mut lines = text[from..].split('\n');
    let (Some(first), Some(second)) = (lines.next(), lines.next()) else {
        return from;
    };
    if is_rule_line(first) {
        return skip_space(text, from + first.len());
    }
    if is_rule_line(second) && first.split_whitespace().count() <= 4 {
        return skip_space(text, from + first.len() + 1 + second.len());
    }
    from
}

/// Whether a section is a block of "Label: value" lines ("Client: ...\nAdviser: ..."), which
/// names the parties, not the work.
pub(super) fn is_label_block(section: &str) -> bool {
    section
        .lines()
        .filter(|l| !l.trim().is_empty())
        .all(|l| LABEL_LINE.is_match(l))
}

/// `para` without a table's rule lines ("-----"), nor the header row above the first one
/// ("Task        Description").
pub(super) fn without_table_rules(para: &str) -> String {
    let lines: Vec<&str> = para.split('\n').collect();
    let header =
        lines.len() > 1 && is_rule_line(lines[1]) && lines[0].split_whitespace().count() <= 4;
    lines
        .iter()
        .skip(usize::from(header))
        .filter(|l| !is_rule_line(l))
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

/// Words that are frequent in English and rare in the other languages of FARA's contracts.
const ENGLISH: &[&str] = &[
    "the", "and", "of", "shall", "will", "to", "with", "this", "in", "by", "for", "is",
];

/// How many of a text's words are [`ENGLISH`] ones.
fn english_words(text: &str) -> usize {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| ENGLISH.iter().any(|e| w.eq_ignore_ascii_case(e)))
        .count()
}

/// The English column of a contract printed in two languages side by side, or `None` when the
/// text is not laid out so.
///
/// Two columns: at least 8 lines, and 40% of the lines with text, have a piece starting at the
/// same column (within 3 characters) after a gap, in the middle fifth-to-four-fifths of the
/// width. Two languages: one column has at least three times the other's English words (a form
/// with its answers beside its questions is in one language and is left alone). A line across
/// both columns (a title, DOJ's stamp) is kept in both; page breaks are kept.
pub(super) fn english_column(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let mut starts: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut with_text = 0;
    for line in &lines {
        let segs = segments(line);
        if segs.is_empty() {
            continue;
        }
        with_text += 1;
        for (at, _) in segs.iter().skip(1) {
            if *at * 5 >= width && *at * 5 <= width * 4 {
                *starts.entry(*at).or_default() += 1;
            }
        }
    }
    // The split column: the start shared (within 3) by the most lines.
    let (split, count) = starts
        .keys()
        .map(|&c| {
            let near: usize = starts
                .iter()
                .filter(|(k, _)| k.abs_diff(c) <= 3)
                .map(|(_, n)| n)
                .sum();
            (c, near)
        })
        .max_by_key(|&(c, n)| (n, std::cmp::Reverse(c)))?;
    if count < 8 || count * 5 < with_text * 2 {
        return None;
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    // The lines above the first one split in two (the title, the parties) are in both.
    let mut split_seen = false;
    for line in &lines {
        let feed = if line.contains('\u{c}') { "\u{c}" } else { "" };
        let segs = segments(line);
        let at_split = segs
            .iter()
            .position(|(at, _)| at.abs_diff(split) <= 3 || *at > split);
        let chars: Vec<char> = line.chars().collect();
        split_seen |= segs.len() > 1 && at_split.is_some_and(|i| i > 0);
        let across = segs.len() == 1
            && segs[0].0 + 3 < split
            && segs[0].0 + segs[0].1.chars().count() > split + 3;
        let (l, r) = match at_split {
            // A line across both columns, or above them: in both.
            _ if across || !split_seen => {
                let whole = line.trim_start_matches('\u{c}').to_string();
                (whole.clone(), whole)
            }
            Some(i) => {
                let cut = segs[i].0;
                (
                    chars[..cut.min(chars.len())].iter().collect::<String>(),
                    chars[cut.min(chars.len())..].iter().collect::<String>(),
                )
            }
            None => (line.to_string(), String::new()),
        };
        left.push(format!(
            "{feed}{}",
            l.trim_end().trim_start_matches('\u{c}')
        ));
        right.push(format!("{feed}{}", r.trim_end()));
    }
    let (left, right) = (left.join("\n"), right.join("\n"));
    let (el, er) = (english_words(&left), english_words(&right));
    if er >= el * 3 && er > 0 {
        Some(right)
    } else if el >= er * 3 && el > 0 {
        Some(left)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_between_rules_are_read_cell_by_cell() {
        let block = "\
 ------------------------------------------------------------------
  Workstream          Activities                           Timing
 ------------------------------------------------------------------
  Landscape audit     Stakeholder mapping; review of       Weeks 1-3
                      pending bills
 ------------------------------------------------------------------
  Government          Meetings with House and Senate       Ongoing
  relations           offices; briefing materials
 ------------------------------------------------------------------";
        assert_eq!(
            read_columns(block).unwrap(),
            "Landscape audit: Stakeholder mapping; review of pending bills — Weeks 1-3. \
             Government relations: Meetings with House and Senate offices; briefing materials \
             — Ongoing."
        );
    }

    #[test]
    fn rows_without_rules_start_in_the_first_column() {
        let block = "\
Task                 Description
Media relations      Pitch stories to national
                     outlets
Outreach             Meet think tanks";
        assert_eq!(
            read_columns(block).unwrap(),
            "Task: Description. Media relations: Pitch stories to national outlets. Outreach: \
             Meet think tanks."
        );
    }

    #[test]
    fn a_numbered_list_is_not_a_table() {
        let block = "\
1.    Monitoring and reporting on US legislative and regulatory
      developments relevant to supply chains.
2.    Advising the Company on financing from US agencies.";
        assert_eq!(read_columns(block), None);
    }

    #[test]
    fn the_english_column_of_a_bilingual_contract() {
        let mut text = String::from("      CONTRATO / CONTRACT\n\n");
        for _ in 0..5 {
            text.push_str(
                "1.1. O Consultor prestará serviços de     1.1. The Consultant shall provide\n\
                 assessoria em relações com o Congresso    advice on relations with the Congress\n\n",
            );
        }
        let english = english_column(&text).unwrap();
        assert!(
            english.contains("The Consultant shall provide\nadvice on relations with the Congress")
        );
        assert!(!english.contains("Consultor"));
        assert!(english.contains("CONTRATO / CONTRACT"));
    }

    #[test]
    fn a_form_with_answers_beside_questions_is_not_bilingual() {
        let mut text = String::new();
        for _ in 0..10 {
            text.push_str(
                "7. Describe fully the nature of the       The registrant will advise the\n",
            );
        }
        assert_eq!(english_column(&text), None);
    }

    #[test]
    fn prose_is_not_a_table() {
        assert_eq!(
            read_columns("The Firm will advise the Embassy on trade.\nIt will also brief staff."),
            None
        );
        // One columned line (a signature line) is not a table.
        assert_eq!(
            read_columns("We will advise on trade policy.\nBy:   ____      Date:   ____"),
            None
        );
    }
}
