//! The tokens of a statement's line: dates, amounts (with their currency as written), and the
//! pieces a table line is made of, each with its column.
//!
//! For: one line at a time, as [`super::table`] meets it. Not for: deciding what a line is
//! (a row, a header, a total): see [`super::table`].

use std::sync::LazyLock;

use regex::Regex;

use super::regex;

/// A span of a line in characters (not bytes: "€" is one column).
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
}

pub(super) fn char_col(s: &str, byte: usize) -> usize {
    s[..byte].chars().count()
}

const MONTHS: &str = r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?ix)
        \b(?P<m>\d{{1,2}})[/-](?P<d>\d{{1,2}})[/-](?P<y>\d{{4}}|\d{{2}})\b
        | \b(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}})\b
        | \b(?P<tm>{MONTHS})\.?\s+(?P<td>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<ty>\d{{4}})\b
        | \b(?P<ed>\d{{1,2}})\s+(?P<em>{MONTHS})\.?,?\s+(?P<ey>\d{{4}})\b"
    ))
});
static MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"(?i)\b(?P<m>{MONTHS})\.?,?\s+(?P<y>\d{{4}})\b")));
/// What joins the two ends of a date range.
static RANGE_JOIN: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^\s*(?:-|–|—|to|through|thru)\s*"));

fn month_number(name: &str) -> Option<u32> {
    let n = name.to_ascii_lowercase();
    [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| n.starts_with(m))
    .map(|i| i as u32 + 1)
}

fn iso(y: &str, m: u32, d: u32) -> Option<String> {
    let mut y: i16 = y.parse().ok()?;
    if y < 100 {
        y += 2000;
    }
    let date = jiff::civil::Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()?;
    (1938..=2100).contains(&y).then(|| date.to_string())
}

fn date_of(c: &regex::Captures) -> Option<String> {
    let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
    if let Some(y) = c.name("y") {
        // Month first, as the form asks; a day-first date (15/01/2024) is read as such only
        // when it cannot be month-first.
        let (m, d) = (num("m")?, num("d")?);
        iso(y.as_str(), m, d).or_else(|| (m > 12).then(|| iso(y.as_str(), d, m)).flatten())
    } else if let Some(y) = c.name("iy") {
        iso(y.as_str(), num("im")?, num("id")?)
    } else if let Some(y) = c.name("ty") {
        iso(
            y.as_str(),
            month_number(c.name("tm")?.as_str())?,
            num("td")?,
        )
    } else {
        iso(
            c.name("ey")?.as_str(),
            month_number(c.name("em")?.as_str())?,
            num("ed")?,
        )
    }
}

/// The dates of a line: (span in characters, ISO date). A range counts once, by its first day.
pub(super) fn dates_in(line: &str) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(c) = DATE.captures_at(line, from) {
        let m = c.get(0).expect("match");
        let mut end = m.end();
        if let Some(j) = RANGE_JOIN.find(&line[end..])
            && let Some(second) = DATE.find_at(line, end + j.end())
            && second.start() == end + j.end()
        {
            end = second.end();
        }
        from = end;
        if let Some(d) = date_of(&c) {
            out.push((
                Span {
                    start: char_col(line, m.start()),
                    end: char_col(line, end),
                },
                d,
            ));
        }
    }
    if out.is_empty()
        && let Some(c) = MONTH_YEAR.captures(line)
        && let Some(m) = month_number(&c["m"])
        && let Ok(y) = c["y"].parse::<i16>()
        && (1938..=2100).contains(&y)
    {
        let whole = c.get(0).expect("match");
        out.push((
            Span {
                start: char_col(line, whole.start()),
                end: char_col(line, whole.end()),
            },
            format!("{y:04}-{m:02}"),
        ));
    }
    out
}

pub(super) const CODES: &str = "USD|EUR|GBP|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|RUB|TRY|ILS|AED|SAR|QAR|KWD|BHD|OMR|MXN|BRL|ARS|CLP|COP|PEN|KRW|INR|CNY|HKD|SGD|TWD|ZAR|NGN|KES|EGP|MAD";

pub(super) static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"(?x)
        (?P<pre>US\$|U\.S\.\$|C\$|A\$|\$|€|£|¥|\b(?:{CODES})\b)[\x20\t]*
            (?P<n1>\d{{1,3}}(?:[,.'\u{{a0}}\u{{202f}}\x20]\d{{3}})+(?:[.,]\d{{1,2}})?|\d+(?:[.,]\d{{1,2}})?)(?:\s*(?:{CODES})\b)?
        | (?P<n2>\d{{1,3}}(?:[,.'\u{{a0}}\u{{202f}}]\d{{3}})+(?:[.,]\d{{1,2}})?|\d+(?:[.,]\d{{1,2}})?)\s?
            (?P<post>€|£|\b(?:{CODES})\b|(?i:euros?\b|dollars\b|pounds\b))
        | (?P<n3>\b\d{{1,3}}(?:,\d{{3}})+(?:\.\d{{2}})?\b|\b\d{{1,3}}(?:'\d{{3}})+(?:\.\d{{2}})?\b|\b\d{{1,3}}(?:\.\d{{3}})+,\d{{2}}\b|\b\d+\.\d{{2}}\b)"
    ))
});

pub(super) fn currency_code(symbol: &str) -> String {
    match symbol {
        "$" | "US$" | "U.S.$" => "USD".into(),
        "C$" => "CAD".into(),
        "A$" => "AUD".into(),
        "€" => "EUR".into(),
        "£" => "GBP".into(),
        "¥" => "JPY".into(),
        s if s.to_ascii_lowercase().starts_with("euro") => "EUR".into(),
        s if s.eq_ignore_ascii_case("dollars") => "USD".into(),
        s if s.eq_ignore_ascii_case("pounds") => "GBP".into(),
        s => s.to_ascii_uppercase(),
    }
}

pub(super) struct Amount {
    pub(super) span: Span,
    pub(super) value: f64,
    /// None: a bare number, in the table's currency.
    pub(super) currency: Option<String>,
}

pub(super) fn amounts_in(line: &str, dates: &[(Span, String)]) -> Vec<Amount> {
    MONEY
        .captures_iter(line)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let span = Span {
                start: char_col(line, whole.start()),
                end: char_col(line, whole.end()),
            };
            if dates
                .iter()
                .any(|(d, _)| span.start < d.end && d.start < span.end)
            {
                return None;
            }
            let (num, cur) = if let Some(n) = c.name("n1") {
                (n, c.name("pre").map(|p| currency_code(p.as_str())))
            } else if let Some(n) = c.name("n2") {
                (n, c.name("post").map(|p| currency_code(p.as_str())))
            } else {
                (c.name("n3")?, None)
            };
            let value = crate::text::money::parse_number(num.as_str())?;
            (value > 0.0 && value.is_finite()).then_some(Amount {
                span,
                value,
                currency: cur,
            })
        })
        .collect()
}

/// Pieces of a line separated by two or more spaces (or a tab), with their start column.
pub(super) fn pieces(line: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let start = i;
        let mut end = i;
        while i < chars.len() {
            if chars[i] == '\t'
                || (chars[i] == ' ' && chars.get(i + 1).is_some_and(|c| c.is_whitespace()))
            {
                break;
            }
            if !chars[i].is_whitespace() {
                end = i + 1;
            }
            i += 1;
        }
        out.push((start, chars[start..end].iter().collect()));
    }
    out
}

pub(super) fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_keep_their_currency_and_read_both_separators() {
        let a = |s: &str| {
            amounts_in(s, &[])
                .into_iter()
                .map(|a| (a.value, a.currency))
                .collect::<Vec<_>>()
        };
        assert_eq!(a("EUR 18.000,00"), vec![(18000.0, Some("EUR".into()))]);
        assert_eq!(a("€18,000"), vec![(18000.0, Some("EUR".into()))]);
        assert_eq!(a("18.000,00 €"), vec![(18000.0, Some("EUR".into()))]);
        assert_eq!(a("£12,500.50"), vec![(12500.5, Some("GBP".into()))]);
        assert_eq!(a("CHF 10'000.00"), vec![(10000.0, Some("CHF".into()))]);
        assert_eq!(a("$ 30,000.00"), vec![(30000.0, Some("USD".into()))]);
        assert_eq!(a("25,000.00"), vec![(25000.0, None)]);
    }

    #[test]
    fn dates_in_the_forms_spellings() {
        let d = |s: &str| dates_in(s).into_iter().map(|(_, d)| d).collect::<Vec<_>>();
        assert_eq!(d("12/20/2019"), vec!["2019-12-20"]);
        assert_eq!(d("1/5/20"), vec!["2020-01-05"]);
        assert_eq!(d("December 20, 2019"), vec!["2019-12-20"]);
        assert_eq!(d("20 Dec 2019"), vec!["2019-12-20"]);
        assert_eq!(d("01/01/2020 - 01/31/2020"), vec!["2020-01-01"]);
        assert_eq!(d("March 2022"), vec!["2022-03"]);
        assert_eq!(d("15/01/2024"), vec!["2024-01-15"]);
    }
}
