//! Money amounts with their currency, as agreements write them.
//!
//! For: amounts with their currency and multiplier, where they stand in the text. Not for:
//! reading the digits themselves (`text::money::parse_number`) or choosing the fee (`fee`).

use std::sync::LazyLock;

use regex::Regex;

use super::text::regex;

/// An amount with its currency: before the number ("$90,000", "US$ 25,000", "EUR 15,000",
/// "€20.000", "$1.2 million") or after it ("8.500 EUR", "20,000 euros").
pub(super) static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?x)
        (?:
            (?P<cur>US\s?\$|U\.S\.\s?\$|C\$|A\$|\$|€|£|¥|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD)\b)
            \s?(?P<num>\d[\d.,']*\d|\d)
            (?:\s*(?P<mult>million|billion|thousand|mn\b|[mMkK]\b))?
        )|(?:
            \b(?P<num2>\d[\d.,']*\d|\d)
            (?:\s*(?P<mult2>million|billion|thousand))?
            \s?(?P<cur2>\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD)\b|€|[Ee]uros?\b|(?:US\s|U\.S\.\s)?[Dd]ollars\b|[Pp]ounds(?:\s+sterling)?\b|Swiss\s+francs\b)
        )",
    )
});

pub(super) struct Money {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) amount: f64,
    pub(super) currency: &'static str,
}

fn currency_code(symbol: &str) -> &'static str {
    let s = symbol.to_ascii_lowercase();
    if s.contains("eur") || s == "€" {
        "EUR"
    } else if s.contains('£') || s.contains("gbp") || s.contains("pound") {
        "GBP"
    } else if s.contains("chf") || s.contains("franc") {
        "CHF"
    } else if s.contains('¥') || s.contains("jpy") {
        "JPY"
    } else if s.starts_with("c$") || s.contains("cad") {
        "CAD"
    } else if s.starts_with("a$") || s.contains("aud") {
        "AUD"
    } else {
        "USD"
    }
}

fn multiplier(m: Option<&str>) -> f64 {
    match m.map(|m| m.to_ascii_lowercase()) {
        Some(m) if m == "million" || m == "mn" || m == "m" => 1e6,
        Some(m) if m == "billion" => 1e9,
        Some(m) if m == "thousand" || m == "k" => 1e3,
        _ => 1.0,
    }
}

pub(super) fn money_in(text: &str) -> Vec<Money> {
    MONEY
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let (num, mult, cur) = match c.name("num") {
                Some(n) => (n, c.name("mult"), c.name("cur")?),
                None => (c.name("num2")?, c.name("mult2"), c.name("cur2")?),
            };
            let amount = crate::text::money::parse_number(num.as_str())?
                * multiplier(mult.map(|m| m.as_str()));
            (amount > 0.0).then(|| Money {
                start: whole.start(),
                end: whole.end(),
                amount,
                currency: currency_code(cur.as_str()),
            })
        })
        .collect()
}
