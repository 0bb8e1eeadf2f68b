//! Dates as DOJ writes them (`MM/DD/YYYY`) turned into the ISO 8601 form the rest of faralink
//! stores (`YYYY-MM-DD`).
//!
//! For: the date columns of the FARA bulk CSVs. Not for: free-text dates inside documents
//! ("January 5, 2020"), which the agreement extractor handles with its own context.

/// Earliest and latest years accepted. FARA dates from 1938 on; the bulk files contain at
/// least one typo'd year (`11/16/0200`, reported by lehogg325/FARA's API notes), and a date
/// outside this range is always such a typo, never a real filing.
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2100;

/// Why a date column's text is not a date faralink can store. Each says what was filed, in
/// the words a reader of `rejects` or a row's issues sees; the caller records it and keeps the
/// rest of the row (see `fara::bulk`, which also keeps a mistyped date as filed through
/// [`as_filed_iso`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// Not three `/`-separated parts (`SPAIN`, `2020-01-01`, `1/2/3/2020`): the column holds
    /// something else than a US date. Nothing to fix on our side; DOJ's cell is wrong.
    #[error("{text:?} is not a MM/DD/YYYY date")]
    NotUsDate {
        /// The text as filed, trimmed.
        text: String,
    },
    /// The month, day or year is not one or two (four for the year) digits (`1a/02/2020`).
    #[error("{text:?} is not a MM/DD/YYYY date (bad {part})")]
    BadPart {
        /// The text as filed, trimmed.
        text: String,
        /// Which part: `month`, `day` or `year`.
        part: &'static str,
    },
    /// The year has two digits (`01/01/20`): which century is a guess faralink does not make.
    #[error("{text:?} is not a MM/DD/YYYY date (year must have 4 digits)")]
    ShortYear {
        /// The text as filed, trimmed.
        text: String,
    },
    /// The year is outside 1900..=2100 (`11/16/0200`): always a typo, never a FARA filing
    /// (FARA dates from 1938). [`as_filed_iso`] keeps it in the shape it was filed in.
    #[error("{text:?} has year {year}, outside {}..={}", YEARS.start(), YEARS.end())]
    YearOutOfRange {
        /// The text as filed, trimmed.
        text: String,
        /// The year as filed.
        year: i16,
    },
    /// The numbers are in range but there is no such day (`02/30/2020`, `13/01/2020`).
    #[error("{text:?} is not a calendar date")]
    NotOnCalendar {
        /// The text as filed, trimmed.
        text: String,
    },
}

/// Converts a US-style `MM/DD/YYYY` date to `YYYY-MM-DD`.
///
/// An empty (or all-blank) value is `Ok(None)`: DOJ leaves termination dates empty while a
/// registration is active. A value that is not a real calendar date (month 13, 02/30, year
/// 0200) is a [`DateError`] saying why, so the caller can record it and keep the rest of the
/// row. One- or two-digit months and days are accepted (`4/2/2025`), since hand-made files
/// and the eFile API sometimes drop the leading zero.
pub fn us_date_to_iso(s: &str) -> Result<Option<String>, DateError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(iso) = fast_mm_dd_yyyy(s.as_bytes()) {
        return Ok(Some(iso));
    }
    let text = || s.to_owned();
    let mut parts = s.split('/');
    let (Some(m), Some(d), Some(y), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DateError::NotUsDate { text: text() });
    };
    let number = |part: &str, max_len: usize, what: &'static str| -> Result<i16, DateError> {
        let bad = || DateError::BadPart {
            text: text(),
            part: what,
        };
        if part.is_empty() || part.len() > max_len || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        part.parse::<i16>().map_err(|_| bad())
    };
    let month = number(m, 2, "month")?;
    let day = number(d, 2, "day")?;
    if y.len() != 4 {
        return Err(DateError::ShortYear { text: text() });
    }
    let year = number(y, 4, "year")?;
    if !YEARS.contains(&year) {
        return Err(DateError::YearOutOfRange { text: text(), year });
    }
    jiff::civil::Date::new(year, month as i8, day as i8)
        .map_err(|_| DateError::NotOnCalendar { text: text() })?;
    // Written digit by digit: this runs for every date of every bulk row (~80,000 a sync),
    // and a formatter costs several times more (measured with callgrind).
    let mut iso = String::with_capacity(10);
    for (value, width) in [(year, 4), (month, 2), (day, 2)] {
        if !iso.is_empty() {
            iso.push('-');
        }
        for place in (0..width).rev() {
            let digit = (value / 10i16.pow(place)) % 10;
            iso.push(char::from(b'0' + digit as u8));
        }
    }
    Ok(Some(iso))
}

/// A date DOJ mistyped, in the ISO shape of what was filed: `03/31/0222` is `0222-03-31`,
/// `02/30/2020` is `2020-02-30`. `None` when the text is not `M/D/YYYY` digits at all.
///
/// A mistyped date is still news: a termination filed as `03/31/0222` is a termination. Left
/// empty, it was no change at all until DOJ fixed the year a week later. Kept this way, the
/// row says it is terminated, the date sorts before every real one, and [`is_plausible_iso`]
/// tells it from a real date so it can be flagged.
pub fn as_filed_iso(s: &str) -> Option<String> {
    let mut parts = s.trim().split('/');
    let (Some(m), Some(d), Some(y), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let digits = |p: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(m, 1..=2) && digits(d, 1..=2) && digits(y, 4..=4)) {
        return None;
    }
    Some(format!("{y}-{m:0>2}-{d:0>2}"))
}

/// Whether an ISO date (`YYYY-MM-DD`) is a calendar date within the years FARA can have:
/// false for the dates [`as_filed_iso`] keeps as DOJ mistyped them.
pub fn is_plausible_iso(s: &str) -> bool {
    let Ok(date) = s.parse::<jiff::civil::Date>() else {
        return false;
    };
    s.len() == 10 && YEARS.contains(&date.year())
}

/// The common case, `MM/DD/YYYY` with all digits present and a valid calendar date, without
/// splitting or allocating more than the result: this runs for every date of every bulk row
/// (~80,000 a sync). Anything else returns `None` and takes the general path, which also
/// explains what is wrong.
fn fast_mm_dd_yyyy(b: &[u8]) -> Option<String> {
    if b.len() != 10 || b[2] != b'/' || b[5] != b'/' {
        return None;
    }
    let d = |i: usize| b[i].is_ascii_digit().then(|| u16::from(b[i] - b'0'));
    let month = d(0)? * 10 + d(1)?;
    let day = d(3)? * 10 + d(4)?;
    let year = d(6)? * 1000 + d(7)? * 100 + d(8)? * 10 + d(9)?;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if day == 0 || day > days || !YEARS.contains(&(year as i16)) {
        return None;
    }
    let iso = [b[6], b[7], b[8], b[9], b'-', b[0], b[1], b'-', b[3], b[4]];
    String::from_utf8(iso.to_vec()).ok()
}

#[cfg(test)]
mod tests {
    use super::{DateError, us_date_to_iso};

    #[test]
    fn converts_doj_dates() {
        assert_eq!(us_date_to_iso("12/11/2019"), Ok(Some("2019-12-11".into())));
        assert_eq!(us_date_to_iso("04/02/2025"), Ok(Some("2025-04-02".into())));
        assert_eq!(us_date_to_iso(" 4/2/2025 "), Ok(Some("2025-04-02".into())));
        assert_eq!(us_date_to_iso("02/29/2024"), Ok(Some("2024-02-29".into())));
    }

    #[test]
    fn the_fast_path_agrees_with_the_calendar() {
        // Every day of a leap year and a common year, and invalid days either side.
        for year in [2019, 2020, 1900, 2000] {
            for month in 1..=12 {
                for day in 0..=32 {
                    let s = format!("{month:02}/{day:02}/{year}");
                    let valid = jiff::civil::Date::new(year, month, day).is_ok();
                    assert_eq!(us_date_to_iso(&s).is_ok(), valid, "{s}");
                    if valid {
                        assert_eq!(
                            us_date_to_iso(&s).unwrap().unwrap(),
                            format!("{year}-{month:02}-{day:02}")
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn mistyped_dates_keep_the_shape_they_were_filed_in() {
        use super::{as_filed_iso, is_plausible_iso};
        assert_eq!(as_filed_iso("03/31/0222").as_deref(), Some("0222-03-31"));
        assert_eq!(as_filed_iso("2/30/2020").as_deref(), Some("2020-02-30"));
        assert_eq!(as_filed_iso("SPAIN"), None);
        assert_eq!(as_filed_iso("01/01/20"), None);
        assert!(!is_plausible_iso("0222-03-31"));
        assert!(!is_plausible_iso("2020-02-30"));
        assert!(is_plausible_iso("2022-03-31"));
    }

    #[test]
    fn empty_is_none() {
        assert_eq!(us_date_to_iso(""), Ok(None));
        assert_eq!(us_date_to_iso("   "), Ok(None));
    }

    #[test]
    fn impossible_dates_are_errors() {
        // The typo lehogg325/FARA found in the RegistrantDocs file.
        let err = us_date_to_iso("11/16/0200").unwrap_err();
        assert_eq!(
            err,
            DateError::YearOutOfRange {
                text: "11/16/0200".into(),
                year: 200
            }
        );
        assert_eq!(
            err.to_string(),
            "\"11/16/0200\" has year 200, outside 1900..=2100"
        );
        assert!(us_date_to_iso("13/01/2020").is_err());
        assert!(us_date_to_iso("02/30/2020").is_err());
        assert!(us_date_to_iso("02/29/2023").is_err());
        assert!(us_date_to_iso("00/10/2020").is_err());
        assert!(us_date_to_iso("01/01/2101").is_err());
        assert!(us_date_to_iso("2020-01-01").is_err());
        assert!(matches!(
            us_date_to_iso("01/01/20"),
            Err(DateError::ShortYear { .. })
        ));
        assert_eq!(
            us_date_to_iso("SPAIN").unwrap_err().to_string(),
            "\"SPAIN\" is not a MM/DD/YYYY date"
        );
        assert_eq!(
            us_date_to_iso("1a/02/2020").unwrap_err().to_string(),
            "\"1a/02/2020\" is not a MM/DD/YYYY date (bad month)"
        );
        assert_eq!(
            us_date_to_iso(" 02/30/2020 ").unwrap_err().to_string(),
            "\"02/30/2020\" is not a calendar date"
        );
        assert!(us_date_to_iso("1/2/3/2020").is_err());
    }
}
