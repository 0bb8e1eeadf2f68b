//! Amounts and counts as people read them: grouped in thousands, with their currency.
//!
//! For: the one reader of a filed number ([`parse_number`]), the one thousands grouper (every
//! page and command groups through it) and [`format_amount`], how money totals are written;
//! pure. Not for: finding amounts and currencies in filed text (`documents::agreement::money`,
//! `documents::supplemental`) or totalling them (`crate::money`).

/// A whole number grouped in thousands with commas: `1,234,567`. The one grouper for
/// amounts and counts (`format_amount`, the web pages).
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An amount with its currency, grouped in thousands with two decimals where it has cents:
/// `USD 90,000`, `EUR 18,000.50`. Never converted.
pub fn format_amount(amount: f64, currency: Option<&str>) -> String {
    let cents = (amount * 100.0).round() as i64;
    let whole = cents / 100;
    let frac = (cents % 100).abs();
    let grouped = thousands(whole.unsigned_abs());
    let sign = if cents < 0 { "-" } else { "" };
    let number = if frac == 0 {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac:02}")
    };
    format!("{} {number}", currency.unwrap_or("???"))
}

/// A number as filings write it, never converted: "20.000" and "18.000,00" (European
/// thousands), "30,000.00", "1.2", "120'000", "90 000". A separator followed by exactly three
/// digits at the end is a thousands separator; one or two digits are decimals; more is not a
/// number. The one reader of amounts for agreements and supplemental statements.
pub fn parse_number(raw: &str) -> Option<f64> {
    let s: String = raw
        .chars()
        .filter(|c| !matches!(c, '\'' | ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let Some(last) = s.rfind(['.', ',']) else {
        return s.parse().ok();
    };
    let frac = &s[last + 1..];
    let int: String = s[..last].chars().filter(|c| c.is_ascii_digit()).collect();
    if frac.len() == 3 {
        return format!("{int}{frac}").parse().ok();
    }
    if frac.is_empty() || frac.len() > 3 {
        return None;
    }
    format!("{int}.{frac}").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_and_never_converted() {
        assert_eq!(format_amount(90000.0, Some("USD")), "USD 90,000");
        assert_eq!(format_amount(18000.5, Some("EUR")), "EUR 18,000.50");
        assert_eq!(format_amount(1234567.891, Some("GBP")), "GBP 1,234,567.89");
        assert_eq!(format_amount(12.0, None), "??? 12");
        assert_eq!(format_amount(-1234.5, Some("USD")), "USD -1,234.50");
    }

    #[test]
    fn thousands_are_grouped_from_the_right() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(123_456_789), "123,456,789");
    }
}
