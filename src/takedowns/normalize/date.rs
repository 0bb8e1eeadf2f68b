//! Dates as reports and spreadsheets write them, into ISO 8601.
//!
//! For: [`date`]. Not for: FARA's own `MM/DD/YYYY` columns ([`crate::text::dates`]).

use super::error::ValueError;

/// Earliest and latest years accepted: takedown reports begin in 2017; a year outside this
/// range is a typo.
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2100;

/// Month names, lower case, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month's number from its name or abbreviation (`Sept.`, `sep`, `September`).
fn month_number(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w) || (w == "sept" && *m == "september"))
        .map(|i| i as i8 + 1)
}

/// A date as `YYYY-MM-DD`, from `YYYY-MM-DD` (also `2020-9-1`, `2020/09/01` and a timestamp
/// `2020-09-01T00:00:00Z`), `MM/DD/YYYY`, `D.M.YYYY`, `September 1, 2020`, `Sept. 1, 2020`,
/// `1 September 2020` or `1-Sep-2020`. Empty is `Ok(None)`; a date that is not on the
/// calendar is an `Err`. `DD/MM/YYYY` is not guessed: with slashes the month comes first.
pub fn date(raw: &str) -> Result<Option<String>, ValueError> {
    let mut s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    // A timestamp from a JSON export or a spreadsheet ("2020-09-01T00:00:00Z",
    // "2020-09-01 00:00:00"): the day is the date.
    if s.len() > 10
        && s.is_char_boundary(10)
        && s[10..].starts_with(['T', ' '])
        && s.as_bytes()[4] == b'-'
    {
        s = &s[..10];
    }
    let bad = || ValueError::NotADate(s.to_string());
    if s.contains('/') {
        // "2020/09/01" is year first; anything else with slashes is American.
        let parts: Vec<&str> = s.split('/').collect();
        if let [y, m, d] = parts.as_slice()
            && y.len() == 4
        {
            let m: i8 = m.parse().map_err(|_| bad())?;
            return finish(s, y, m, d);
        }
        return crate::text::dates::us_date_to_iso(s).map_err(ValueError::NotUsDate);
    }
    let (y, m, d): (&str, i8, &str) =
        if s.len() == 10 && s.is_ascii() && s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' {
            let m: i8 = s[5..7].parse().map_err(|_| bad())?;
            (&s[..4], m, &s[8..])
        } else if let [d, m, y] = s.split('.').collect::<Vec<_>>().as_slice()
            && y.len() == 4
            && m.len() <= 2
        {
            // "1.9.2020": day first, as written where dots separate a date.
            (y, m.parse().map_err(|_| bad())?, d)
        } else {
            // "September 1, 2020", "1 Sept. 2020", "1-Sep-2020" (a spreadsheet's format).
            let words: Vec<&str> = s
                .split(|c: char| c.is_whitespace() || c == ',' || c == '-')
                .filter(|w| !w.is_empty())
                .collect();
            match words.as_slice() {
                [m, d, y] if month_number(m).is_some() => (y, month_number(m).unwrap_or(0), d),
                [d, m, y] if month_number(m).is_some() => (y, month_number(m).unwrap_or(0), d),
                // "2020-9-1"
                [y, m, d]
                    if y.len() == 4 && m.len() <= 2 && m.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    (y, m.parse().map_err(|_| bad())?, d)
                }
                _ => return Err(bad()),
            }
        };
    finish(s, y, m, d)
}

/// A date from its year, month and day as written; `s` names it in errors.
fn finish(s: &str, y: &str, m: i8, d: &str) -> Result<Option<String>, ValueError> {
    let bad = || ValueError::NotADate(s.to_string());
    let d = d.trim_end_matches(|c: char| c.is_ascii_alphabetic()); // "1st"
    if y.len() != 4
        || !y.bytes().all(|b| b.is_ascii_digit())
        || !d.bytes().all(|b| b.is_ascii_digit())
        || d.is_empty()
        || d.len() > 2
    {
        return Err(bad());
    }
    let year: i16 = y.parse().map_err(|_| bad())?;
    let day: i8 = d.parse().map_err(|_| bad())?;
    if !YEARS.contains(&year) {
        return Err(ValueError::YearOutOfRange {
            value: s.to_string(),
            year,
            min: *YEARS.start(),
            max: *YEARS.end(),
        });
    }
    let date = jiff::civil::Date::new(year, m, day)
        .map_err(|_| ValueError::NotOnCalendar(s.to_string()))?;
    Ok(Some(date.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_phrasing() {
        for raw in [
            "2020-09-01",
            "09/01/2020",
            "9/1/2020",
            "September 1, 2020",
            "Sept. 1, 2020",
            "Sep 1 2020",
            "1 September 2020",
            "1st September 2020",
            "2020-09-01T00:00:00Z",
            "2020-09-01 14:03:00",
            "2020/09/01",
            "1.9.2020",
            "01.09.2020",
            "1-Sep-2020",
            "2020-9-1",
        ] {
            assert_eq!(date(raw), Ok(Some("2020-09-01".into())), "{raw}");
        }
        assert_eq!(date(""), Ok(None));
        for bad in [
            "2020-02-30",
            "September 31, 2020",
            "soon",
            "2020",
            "13/01/2020",
            "Smarch 1, 2020",
            "0200-01-01",
        ] {
            assert!(date(bad).is_err(), "{bad}");
        }
    }
}
