//! Dates as DOJ writes them (`MM/DD/YYYY`) turned into the ISO 8601 form the rest of faralink
//! stores (`YYYY-MM-DD`).
//!
//! For: the date columns of the FARA bulk CSVs. Not for: free-text dates inside documents
//! ("January 5, 2020"), which the agreement extractor handles with its own context.

/// Earliest and latest years accepted. FARA dates from 1938 on; the bulk files contain at
/// least one typo'd year (`11/16/0200`, reported by lehogg325/FARA's API notes), and a date
/// outside this range is always such a typo, never a real filing.
const YEARS: std::ops::RangeInclusive<i16> = 1900..=2100;

/// Converts a US-style `MM/DD/YYYY` date to `YYYY-MM-DD`.
///
/// An empty (or all-blank) value is `Ok(None)`: DOJ leaves termination dates empty while a
/// registration is active. A value that is not a real calendar date (month 13, 02/30, year
/// 0200) is `Err` with the reason, so the caller can record it and keep the rest of the row.
/// One- or two-digit months and days are accepted (`4/2/2025`), since hand-made files and the
/// eFile API sometimes drop the leading zero.
pub fn us_date_to_iso(s: &str) -> Result<Option<String>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let mut parts = s.split('/');
    let (Some(m), Some(d), Some(y), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("{s:?} is not a MM/DD/YYYY date"));
    };
    let number = |part: &str, max_len: usize, what: &str| -> Result<i16, String> {
        if part.is_empty() || part.len() > max_len || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{s:?} is not a MM/DD/YYYY date (bad {what})"));
        }
        part.parse::<i16>()
            .map_err(|_| format!("{s:?} is not a MM/DD/YYYY date (bad {what})"))
    };
    let month = number(m, 2, "month")?;
    let day = number(d, 2, "day")?;
    if y.len() != 4 {
        return Err(format!(
            "{s:?} is not a MM/DD/YYYY date (year must have 4 digits)"
        ));
    }
    let year = number(y, 4, "year")?;
    if !YEARS.contains(&year) {
        return Err(format!(
            "{s:?} has year {year}, outside {}..={}",
            YEARS.start(),
            YEARS.end()
        ));
    }
    jiff::civil::Date::new(year, month as i8, day as i8)
        .map_err(|_| format!("{s:?} is not a calendar date"))?;
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

#[cfg(test)]
mod tests {
    use super::us_date_to_iso;

    #[test]
    fn converts_doj_dates() {
        assert_eq!(us_date_to_iso("12/11/2019"), Ok(Some("2019-12-11".into())));
        assert_eq!(us_date_to_iso("04/02/2025"), Ok(Some("2025-04-02".into())));
        assert_eq!(us_date_to_iso(" 4/2/2025 "), Ok(Some("2025-04-02".into())));
        assert_eq!(us_date_to_iso("02/29/2024"), Ok(Some("2024-02-29".into())));
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
        assert!(err.contains("0200"), "{err}");
        assert!(us_date_to_iso("13/01/2020").is_err());
        assert!(us_date_to_iso("02/30/2020").is_err());
        assert!(us_date_to_iso("02/29/2023").is_err());
        assert!(us_date_to_iso("00/10/2020").is_err());
        assert!(us_date_to_iso("01/01/2101").is_err());
        assert!(us_date_to_iso("2020-01-01").is_err());
        assert!(us_date_to_iso("01/01/20").is_err());
        assert!(us_date_to_iso("SPAIN").is_err());
        assert!(us_date_to_iso("1/2/3/2020").is_err());
    }
}
