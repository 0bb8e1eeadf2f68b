//! The term: a date range, a duration, a start or end date, or "until terminated".
//!
//! For: the agreement's start, end and length, and "until terminated". Not for: DOJ's own
//! registration and termination dates (the bulk files give those).

use std::sync::LazyLock;

use regex::Regex;

use super::text::{ceil_boundary, collapse, floor_boundary, page_at, regex, sentence};
use super::{Evidence, Term};

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?";
    regex(&format!(
        r"(?xi)
        \b(?P<mon>{month})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b
        |\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?(?P<mon2>{month}),?\s+(?P<y2>\d{{4}})\b
        |\b(?P<m3>\d{{1,2}})/(?P<d3>\d{{1,2}})/(?P<y3>\d{{4}})\b
        |\b(?P<y4>\d{{4}})-(?P<m4>\d{{2}})-(?P<d4>\d{{2}})\b"
    ))
});

#[derive(Clone, Copy)]
pub(super) struct DateAt {
    start: usize,
    end: usize,
    date: jiff::civil::Date,
}

fn month_number(name: &str) -> Option<i8> {
    let lower = name.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| lower.starts_with(m))
        .map(|i| i as i8 + 1)
}

pub(super) fn dates_in(text: &str) -> Vec<DateAt> {
    DATE.captures_iter(text)
        .filter_map(|c| {
            let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<i16>().ok());
            let (y, m, d) = if let Some(mon) = c.name("mon") {
                (num("y")?, month_number(mon.as_str())?, num("d")?)
            } else if let Some(mon) = c.name("mon2") {
                (num("y2")?, month_number(mon.as_str())?, num("d2")?)
            } else if c.name("m3").is_some() {
                (num("y3")?, num("m3")? as i8, num("d3")?)
            } else {
                (num("y4")?, num("m4")? as i8, num("d4")?)
            };
            if !(1900..=2100).contains(&y) {
                return None;
            }
            let date = jiff::civil::Date::new(y, m, d as i8).ok()?;
            let whole = c.get(0)?;
            Some(DateAt {
                start: whole.start(),
                end: whole.end(),
                date,
            })
        })
        .collect()
}

/// What may stand between the two dates of a term: "through", "to", "and ending on", "-".
static RANGE_JOIN: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*,?\s*(?:through|thru|to|until|till|-|–|—|and\s+(?:shall\s+)?(?:ending|end|ends|expiring|expire|expires|terminating|terminate|terminates)(?:\s+on)?|to\s+and\s+including|and\s+(?:will|shall)?\s*(?:continue|remain\s+in\s+(?:effect|force)|run)\s+(?:through|until|to))\s*(?:on\s+)?$",
    )
});
/// "Term: the calendar year 2021", "for calendar year 2021".
static CALENDAR_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)\b(?:term|period|engagement|for)\b[^.\n]{0,30}?\bcalendar\s+year\s+(\d{4})\b")
});
/// Wording right before a date that makes it the start of the term.
static START_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:\b(?:effective|takes?\s+effect|(?:enters?|entered|comes?|came)\s+into\s+(?:force|effect)|commenc\w*|beginning|begins?|starting|starts?|from)\s*:?\s*(?:as\s+of|on|from)?\s*(?:the\s+)?|\bterm\s*:\s*|\b(?:effective|start|starting|commencement)\s+date\s*:\s*)$",
    )
});
/// Wording before a date that makes it a signature or filing date, never the term.
static SIGNED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)(?:\b(?:dated|date|signed|executed)(?:\s+this)?|received\b.*)\s*:?\s*(?:on\s+)?$")
});
/// An "effective" date that dates a change (an amendment's "Effective October 1, 2022, the
/// retainer increased", "amending the fee to $25,000 effective March 1, 2021"), not the start
/// of the agreement.
static CHANGE_WORD: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)increas|decreas|chang|amend|reduc|replac|revis"));

static NUMBER_WORD: &[(&str, f64)] = &[
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("fifteen", 15.0),
    ("eighteen", 18.0),
    ("twenty-four", 24.0),
    ("twenty four", 24.0),
    ("thirty-six", 36.0),
    ("thirty", 30.0),
    ("sixty", 60.0),
    ("ninety", 90.0),
];

/// A duration: "three months", "one (1) year", "90-day", "twelve-month", "eight weeks".
static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty[- ]four|thirty[- ]six|thirty|sixty|ninety)(?:\s*\(\d{1,3}\))?(?:\s*-\s*|\s+)(?P<unit>months?|years?|weeks?|days?)\b",
    )
});
/// Durations that are notice periods or payment terms, not the term: "within (the) thirty (30)
/// days", "Net 30 days", "unpaid for more than sixty (60) days", "30 days from receipt of
/// invoice", the form's "beginning 60 days prior to the obligation to register" and "during
/// the 60-day period prior to the obligation to register", a renewal's
/// "successive one-year periods".
static DURATION_NOT_TERM_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:within|after|notice|prior|payable|invoices?|give|giving|net|more\s+than|less\s+than|exceeding|unpaid\s+for|successive|additional|further)(?:\s+the)?\s*$",
    )
});
static DURATION_NOT_TERM_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^['’]?s?['’]?\s*(?:prior\s+)?(?:written\s+)?(?:advance\s+)?(?:notice|reporting|period\s+ending)|^\s*(?:from|of|after)\s+(?:the\s+)?(?:receipt|date\s+of\s+(?:the\s+)?invoice|invoice)|^\s*(?:periods?\s+)?(?:immediately\s+)?(?:prior\s+to|before|preceding)\b",
    )
});
static TERM_WORD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:term|period|engagement|duration|agreement|contract|runs?|last|effect|initial|for)\b",
    )
});
/// Wording right before a date that makes it the end of the term ("remains in effect through
/// December 31, 2022", "ending December 31", a notice's "shall terminate with effect from 31
/// March 2017", "The termination shall take effect on 31 August 2024").
static END_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:\b(?:through|until|ending(?:\s+on)?|ends\s+on|end\s+on|expires?\s+on|expiring(?:\s+on)?|terminates?\s+on)|\bterminat\w*\b[^.;\n]{0,30}?\b(?:with\s+effect\s+(?:from|on|as\s+of)|(?:take|takes)\s+effect\s+on|effective(?:\s+on|\s+as\s+of)?))\s*$",
    )
});
static BETWEEN_BEFORE: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i)\bbetween\s*$"));
/// A label that states the end date ("SOW End Date: March 31, 2025"), in no sentence.
static END_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)\b(?:end|expiry|expiration|termination|completion)\s+date\s*:\s*$")
});
/// An amendment's new end: "is extended to July 31, 2025", "extended through".
static EXTENDED_TO: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\bextended\s+(?:to|through|until|till)\s*$"));
/// A start "on the Effective Date", and the date the text defines as it ("as of September 15,
/// 2023 (the "Effective Date")").
static ON_EFFECTIVE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"(?i)\b(?:commenc\w*|begin\w*|start\w*|effective|from|(?:into|in)\s+force)\s+(?:on\s+|as\s+of\s+)?the\s+["“]?Effective\s+Date\b"#,
    )
});
static DEFINES_EFFECTIVE_DATE: LazyLock<Regex> =
    LazyLock::new(|| regex(r#"(?i)^\s*\(\s*(?:the|this)?\s*["“]Effective\s+Date["”]\s*\)"#));
/// A sentence about how long the agreement runs, for an end date stated alone.
static TERM_CONTEXT: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:term|period|in\s+effect|in\s+force|agreement|(?:sub)?contract|engagement|appointment|arrangement|retainer|mandate|memorandum|MOU|terminat\w*)\b",
    )
});
pub(super) static TERM_NOUN: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)\b(?:term|period|duration)\b"));
static UNTIL_TERMINATED: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)until\s+(?:(?:so\s+|completed\s+or\s+)?terminated|cancell?ed|(?:either|one|a)\s+(?:party|side)\s+(?:terminates|ends|gives)|further\s+notice|written\s+notice\s+of\s+termination)|terminable\s+at\s+will|\bopen[- ]ended\b|indefinite(?:ly)?\s+(?:term|period|basis)|on\s+an?\s+on-?going\s+basis|month[- ]to[- ]month|renews?\s+automatically|automatically\s+renew|may\s+(?:terminate|end)\s+(?:this|the|our)\s+(?:engagement|representation)\s+at\s+any\s+time",
    )
});

fn months_between(a: jiff::civil::Date, b: jiff::civil::Date) -> Option<f64> {
    let span = a.until((jiff::Unit::Month, b)).ok()?;
    let months = span.get_months() as f64 + span.get_days() as f64 / 30.4375;
    (months > 0.0).then_some((months * 100.0).round() / 100.0)
}

fn duration_months(n: &str, unit: &str) -> Option<f64> {
    let lower = n.to_ascii_lowercase();
    let n = lower.parse::<f64>().ok().or_else(|| {
        NUMBER_WORD
            .iter()
            .find(|(w, _)| *w == lower)
            .map(|(_, v)| *v)
    })?;
    let unit = unit.to_ascii_lowercase();
    let months = if unit.starts_with("month") {
        n
    } else if unit.starts_with("year") {
        n * 12.0
    } else if unit.starts_with("week") {
        n * 7.0 / 30.4375
    } else {
        n / 30.4375
    };
    Some((months * 100.0).round() / 100.0)
}

struct TermPart {
    start: usize,
    end: usize,
    confidence: f64,
}

/// What has been found of the term so far, and where each piece was read.
#[derive(Default)]
struct TermFound {
    start: Option<jiff::civil::Date>,
    end: Option<jiff::civil::Date>,
    months: Option<f64>,
    parts: Vec<TermPart>,
}

impl TermFound {
    fn read(&mut self, start: usize, end: usize, confidence: f64) {
        self.parts.push(TermPart {
            start,
            end,
            confidence,
        });
    }
}

/// Finds the term: a date range ("effective December 5, 2019 through March 5, 2020"), else a
/// duration ("for a period of one (1) year") with an optional start date ("beginning April 1,
/// 2021"), and whether it runs until terminated. Signature and filing dates ("Dated:", "Signed
/// this 11th day of", the "Received by NSD/FARA" stamp) and notice periods ("on 30 days'
/// notice") are not terms. An end date is only ever stated, never computed from a duration.
pub(super) fn find_term(text: &str) -> Option<Term> {
    let dates = dates_in(text);
    let mut found = TermFound::default();
    term_range(text, &dates, &mut found);
    if found.start.is_none() {
        term_calendar_year(text, &mut found);
    }
    if found.months.is_none() {
        term_duration(text, &mut found);
    }
    if found.start.is_none() {
        term_start(text, &dates, &mut found);
    }
    if found.end.is_none() {
        term_end(text, &dates, &mut found);
    }
    // A stated start and end give the months, whatever duration was read elsewhere.
    if let (Some(a), Some(b)) = (found.start, found.end) {
        found.months = months_between(a, b).or(found.months);
    }
    let open = UNTIL_TERMINATED.find(text);
    if let Some(m) = open {
        found.read(m.start(), m.end(), 0.8);
    }
    if found.parts.is_empty() {
        return None;
    }
    let mut snippets: Vec<String> = Vec::new();
    for p in &found.parts {
        let (s, e) = sentence(text, p.start, p.end, 200);
        let snippet = collapse(&text[s..e]);
        if !snippets.contains(&snippet) {
            snippets.push(snippet);
        }
    }
    Some(Term {
        start: found.start.map(|d| d.to_string()),
        end: found.end.map(|d| d.to_string()),
        months: found.months,
        until_terminated: open.is_some(),
        evidence: Evidence {
            page: page_at(text, found.parts[0].start),
            snippet: snippets.join(" … "),
        },
        confidence: found.parts.iter().map(|p| p.confidence).fold(0.0, f64::max),
    })
}

/// The wording in the 40 bytes before byte `at`.
fn before(text: &str, at: usize) -> &str {
    &text[floor_boundary(text, at.saturating_sub(40))..at]
}

/// Two dates joined by "through", "to", "-", "and ending on": the start and the end, unless
/// the first is a signature date.
fn term_range(text: &str, dates: &[DateAt], found: &mut TermFound) {
    for pair in dates.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        // "between April 1, 2025 and December 31, 2025".
        let between_and = text[a.end..b.start].trim().eq_ignore_ascii_case("and")
            && BETWEEN_BEFORE.is_match(before(text, a.start));
        if b.date > a.date
            && (RANGE_JOIN.is_match(&text[a.end..b.start]) || between_and)
            && !SIGNED_BEFORE.is_match(before(text, a.start))
        {
            found.start = Some(a.date);
            found.end = Some(b.date);
            found.months = months_between(a.date, b.date);
            found.read(a.start, b.end, 0.9);
            return;
        }
    }
}

/// "Term: the calendar year 2021".
fn term_calendar_year(text: &str, found: &mut TermFound) {
    if let Some(c) = CALENDAR_YEAR.captures(text)
        && let Ok(year) = c[1].parse::<i16>()
        && let (Ok(a), Ok(b)) = (
            jiff::civil::Date::new(year, 1, 1),
            jiff::civil::Date::new(year, 12, 31),
        )
    {
        found.start = Some(a);
        found.end = Some(b);
        found.months = months_between(a, b);
        let whole = c.get(0).expect("match");
        found.read(whole.start(), whole.end(), 0.8);
    }
}

/// The first duration in a sentence about the agreement that is not a notice period or a
/// payment term.
fn term_duration(text: &str, found: &mut TermFound) {
    // A duration in a sentence that names the term ("shall continue for a period of twelve
    // (12) months") beats one that only sits near term words.
    let mut fallback = None;
    for c in DURATION.captures_iter(text) {
        let whole = c.get(0).expect("match");
        let after = &text[whole.end()..ceil_boundary(text, whole.end() + 30)];
        let before = &text[floor_boundary(text, whole.start().saturating_sub(30))..whole.start()];
        if DURATION_NOT_TERM_BEFORE.is_match(before) || DURATION_NOT_TERM_AFTER.is_match(after) {
            continue;
        }
        let (s, e) = sentence(text, whole.start(), whole.end(), 200);
        if !TERM_WORD.is_match(&text[s..e]) {
            continue;
        }
        let Some(months) = duration_months(&c["n"], &c["unit"]) else {
            continue;
        };
        if TERM_NOUN.is_match(&text[s..e]) {
            found.months = Some(months);
            found.read(whole.start(), whole.end(), 0.85);
            return;
        }
        fallback.get_or_insert((months, whole.start(), whole.end()));
    }
    if let Some((months, s, e)) = fallback {
        found.months = Some(months);
        found.read(s, e, 0.7);
    }
}

/// A duration counted from the agreement's own date: "from the date above", "commencing on
/// the date hereof", "from the date of its signature", "from the date of execution".
static FROM_OWN_DATE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:from|commencing\s+(?:on|from)|starting\s+(?:on|from)|beginning\s+(?:on|from)|as\s+of)\s+the\s+date\s+(?:above|hereof|first\s+(?:written|above\s+written)|of\s+(?:its\s+|this\s+\w+['’]s\s+|the\s+)?(?:signature|signing|execution))\b",
    )
});
/// The wording right before an agreement's own date: "THIS AGREEMENT is made the", "Done at
/// Ndora, on", "entered into as of", "dated".
static OWN_DATE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:made|entered\s+into|concluded|done\s+at\s+[^,\n]{1,40},|dated)(?:\s+(?:on|as\s+of|this))?(?:\s+the)?\s*$",
    )
});
/// The wording right after an agreement's own date: "On 5 January 2025, this contract was
/// concluded".
static OWN_DATE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^,?\s+(?:this|the)\s+(?:contract|agreement)\s+(?:was|is)\s+(?:concluded|made|signed|entered)",
    )
});

/// The agreement's own date, for a duration counted from it ([`FROM_OWN_DATE`]): the date the
/// text says it was made, concluded or done on, else a letter's date, alone on its line near
/// the top.
fn own_date(text: &str, dates: &[DateAt]) -> Option<DateAt> {
    let said = dates.iter().find(|d| {
        OWN_DATE_BEFORE.is_match(before(text, d.start))
            || OWN_DATE_AFTER.is_match(&text[d.end..ceil_boundary(text, d.end + 60)])
    });
    said.or_else(|| {
        dates.iter().filter(|d| d.start < 1500).find(|d| {
            let line_start = text[..d.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[d.end..].find('\n').map_or(text.len(), |i| d.end + i);
            text[line_start..d.start].trim().is_empty() && text[d.end..line_end].trim().is_empty()
        })
    })
    .map(|d| DateAt {
        start: d.start,
        end: d.end,
        date: d.date,
    })
}

/// A date after "effective", "commencing", "from", "Term:", unless its sentence dates a change.
fn term_start(text: &str, dates: &[DateAt], found: &mut TermFound) {
    // "for nine months from the date above": the agreement's own date.
    if found.months.is_some()
        && FROM_OWN_DATE.is_match(text)
        && let Some(d) = own_date(text, dates)
    {
        found.start = Some(d.date);
        found.read(d.start, d.end, 0.6);
        return;
    }
    // "3.1 ... shall enter into force on the Effective Date", where the definitions say
    // '"Effective Date" means 1 January 2022'.
    static MEANS_EFFECTIVE_DATE: LazyLock<Regex> = LazyLock::new(|| {
        regex(
            r#"(?i)["“]Effective\s+Date["”]\s+(?:means|shall\s+mean|is)\s+(?:the\s+date\s+of\s+)?$"#,
        )
    });
    if ON_EFFECTIVE_DATE.is_match(text)
        && let Some(d) = dates
            .iter()
            .find(|d| MEANS_EFFECTIVE_DATE.is_match(before(text, d.start)))
    {
        found.start = Some(d.date);
        found.read(d.start, d.end, 0.6);
        return;
    }
    // "shall commence on the Effective Date": the date defined as the Effective Date.
    if ON_EFFECTIVE_DATE.is_match(text)
        && let Some(d) = dates
            .iter()
            .find(|d| DEFINES_EFFECTIVE_DATE.is_match(&text[d.end..]))
    {
        found.start = Some(d.date);
        found.read(d.start, d.end, 0.6);
        return;
    }
    for d in dates {
        let (s, e) = sentence(text, d.start, d.end, 200);
        // "shall terminate with effect from 31 March 2017": an end.
        if START_BEFORE.is_match(before(text, d.start))
            && !END_BEFORE.is_match(before(text, d.start))
            && !CHANGE_WORD.is_match(&text[s..e])
        {
            found.start = Some(d.date);
            found.read(d.start, d.end, 0.6);
            return;
        }
    }
}

/// A date after "through", "until", "ending on" in a sentence about the term, after the start.
fn term_end(text: &str, dates: &[DateAt], found: &mut TermFound) {
    // An amendment's "is extended to July 31, 2025" beats the end it replaces ("which was to
    // expire on January 31, 2025").
    let extended = dates
        .iter()
        .filter(|d| EXTENDED_TO.is_match(before(text, d.start)));
    let others = dates
        .iter()
        .filter(|d| !EXTENDED_TO.is_match(before(text, d.start)));
    for d in extended.chain(others) {
        let (s, e) = sentence(text, d.start, d.end, 200);
        let label = END_LABEL.is_match(before(text, d.start));
        if (label
            || EXTENDED_TO.is_match(before(text, d.start))
            || END_BEFORE.is_match(before(text, d.start)) && TERM_CONTEXT.is_match(&text[s..e]))
            && found.start.is_none_or(|st| d.date > st)
        {
            found.end = Some(d.date);
            if let Some(st) = found.start
                && found.months.is_none()
            {
                found.months = months_between(st, d.date);
            }
            found.read(d.start, d.end, 0.6);
            return;
        }
    }
}
