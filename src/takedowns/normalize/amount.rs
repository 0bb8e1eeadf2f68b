//! Counts and money as people write them: `about 3,000`, `1.1 million`, `four`, `$3.6
//! million`, `less than $316,000`, `€50,000`.
//!
//! For: [`count`] and [`money`]. Not for: the template sentences of a platform's report
//! (`takedowns::phrases`).

use super::error::ValueError;
use super::place::is_no_value;

/// An advertising spend as stated, and in USD when it was stated in USD.
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    /// The amount in the stated currency's major units.
    pub amount: f64,
    /// ISO 4217.
    pub currency: &'static str,
    /// The amount in US dollars; `None` for other currencies (faralink keeps no exchange rates,
    /// so it does not convert).
    pub usd: Option<f64>,
    /// What the amount means when it is not exact ("upper bound: stated as less than ...").
    pub note: Option<String>,
}

/// Words before a number that do not change it ("about 3,000") or make it a bound.
const QUALIFIERS: &[&str] = &[
    "approximately",
    "approx.",
    "approx",
    "about",
    "around",
    "roughly",
    "nearly",
    "almost",
    "an estimated",
    "estimated",
    "some",
    "over",
    "more than",
    "fewer than",
    "less than",
    "under",
    "below",
    "up to",
    "at least",
    "at most",
    "just over",
    "just under",
    "~",
    "<",
    ">",
];

/// Number words read as counts, `zero` first.
const NUMBER_WORDS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];

/// Strips the qualifiers in front of a number and says which one bounded it.
fn strip_qualifiers(s: &str) -> (&str, Option<&'static str>) {
    let mut rest = s.trim();
    let mut bound = None;
    'outer: loop {
        for q in QUALIFIERS {
            if let Some(r) = rest.strip_prefix(q)
                && (q.ends_with(['~', '<', '>', '.'])
                    || r.is_empty()
                    || r.starts_with([' ', '$'])
                    || !r.starts_with(char::is_alphanumeric))
            {
                bound = match *q {
                    "less than" | "fewer than" | "under" | "below" | "up to" | "at most" | "<"
                    | "just under" => Some("upper bound"),
                    "over" | "more than" | "at least" | ">" | "just over" => Some("lower bound"),
                    _ => bound.or(Some("approximate")),
                };
                rest = r.trim_start();
                continue 'outer;
            }
        }
        return (rest, bound);
    }
}

/// Reads a leading number: `1,234`, `3.6 million`, `3k`, `1.2M`. Returns it and the rest.
fn leading_number(s: &str) -> Option<(f64, &str)> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(s.len());
    let digits = s[..end].trim_end_matches(['.', ',']);
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // Thousands separators must group by three ("1,234"), so "1,2" is not read as 12.
    let (head, tail) = digits.split_once('.').unwrap_or((digits, ""));
    let groups: Vec<&str> = head.split(',').collect();
    if groups.len() > 1
        && (groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    if tail.contains([',', '.']) {
        return None;
    }
    let mut value: f64 = digits.replace(',', "").parse().ok()?;
    let rest = s[digits.len()..].trim_start_matches('+');
    let lower = rest.trim_start().to_lowercase();
    let (mult, consumed) = [
        ("billion", 1e9),
        ("bn", 1e9),
        ("million", 1e6),
        ("mln", 1e6),
        ("m", 1e6),
        ("thousand", 1e3),
        ("k", 1e3),
    ]
    .iter()
    .find(|(w, _)| {
        lower.starts_with(w) && !lower[w.len()..].starts_with(|c: char| c.is_alphanumeric())
    })
    .map_or((1.0, 0), |(w, m)| {
        (*m, rest.len() - rest.trim_start().len() + w.len())
    });
    value *= mult;
    Some((value, &rest[consumed..]))
}

/// A count: `1,234`, `about 3,000`, `1.1 million`, `four Instagram accounts` (number words up
/// to twenty), `12`. Words after the number are ignored. Empty, `n/a`, `-`, `unknown` are
/// `Ok(None)`.
pub fn count(raw: &str) -> Result<Option<i64>, ValueError> {
    let s = raw.trim();
    if is_no_value(s) || s.eq_ignore_ascii_case("unknown") {
        return Ok(None);
    }
    let lower = s.to_lowercase();
    let (rest, _) = strip_qualifiers(&lower);
    let bad = || ValueError::NotACount(s.to_string());
    if let Some((n, _)) = leading_number(rest) {
        if n.fract() != 0.0 || !(0.0..=1e15).contains(&n) {
            return Err(bad());
        }
        return Ok(Some(n as i64));
    }
    let first = rest
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if rest[first.len()..].starts_with('-') {
        // "twenty-one": past the words we read; a wrong number is worse than none.
        return Err(bad());
    }
    NUMBER_WORDS
        .iter()
        .position(|w| *w == first)
        .map(|n| Some(n as i64))
        .ok_or_else(bad)
}

/// Currency markers, longest first so `US$` wins over `$`.
const CURRENCIES: &[(&str, &str)] = &[
    ("us$", "USD"),
    ("usd", "USD"),
    ("us dollars", "USD"),
    ("dollars", "USD"),
    ("c$", "CAD"),
    ("cad", "CAD"),
    ("a$", "AUD"),
    ("aud", "AUD"),
    ("$", "USD"),
    ("€", "EUR"),
    ("eur", "EUR"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("£", "GBP"),
    ("gbp", "GBP"),
    ("pounds", "GBP"),
    ("₹", "INR"),
    ("inr", "INR"),
    ("rupees", "INR"),
    ("rs.", "INR"),
    ("₽", "RUB"),
    ("rub", "RUB"),
    ("rubles", "RUB"),
    ("roubles", "RUB"),
    ("ils", "ILS"),
    ("₪", "ILS"),
    ("brl", "BRL"),
    ("r$", "BRL"),
];

/// The currency marker a value starts with (`US$`, `€`), and the rest.
fn currency_prefix(s: &str) -> Option<(&'static str, &str)> {
    let mut best: Option<(&'static str, usize)> = None;
    for (marker, code) in CURRENCIES {
        if s.starts_with(marker) && best.is_none_or(|(_, n)| marker.len() > n) {
            best = Some((code, marker.len()));
        }
    }
    best.map(|(code, n)| (code, s[n..].trim_start()))
}

/// The currency word a value ends with (`50,000 euros`).
fn currency_suffix(s: &str) -> Option<&'static str> {
    let s = s.trim().trim_end_matches('.');
    let mut best: Option<(&'static str, usize)> = None;
    for (marker, code) in CURRENCIES {
        if marker.chars().all(char::is_alphabetic)
            && let Some(head) = s.strip_prefix(marker)
            && (head.is_empty() || head.starts_with([' ', ',', ';', '(']))
            && best.is_none_or(|(_, n)| marker.len() > n)
        {
            best = Some((code, marker.len()));
        }
    }
    best.map(|(c, _)| c)
}

/// An advertising spend: `$3.6 million`, `US$9,500`, `less than $316,000` (an upper bound, so
/// noted), `€50,000` (kept in euros, no USD), `30000` (a bare number is USD: the column is
/// `ad_spend_usd`), `did not engage in paid advertising` (0). Empty is `Ok(None)`.
pub fn money(raw: &str) -> Result<Option<Money>, ValueError> {
    let s = raw.trim();
    if is_no_value(s) || s.eq_ignore_ascii_case("unknown") {
        return Ok(None);
    }
    let lower = s.to_lowercase();
    if (lower.contains("did not")
        || lower.contains("no paid")
        || lower.starts_with("no ")
        || lower.contains("not run"))
        && (lower.contains("advertis") || lower.contains(" ads"))
    {
        return Ok(Some(Money {
            amount: 0.0,
            currency: "USD",
            usd: Some(0.0),
            note: Some(format!("stated: {s}")),
        }));
    }
    let bad = || ValueError::NotMoney(s.to_string());
    let (rest, bound) = strip_qualifiers(&lower);
    let (prefix_currency, rest) = match currency_prefix(rest) {
        Some((c, r)) => (Some(c), r),
        None => (None, rest),
    };
    let (amount, after) = leading_number(rest).ok_or_else(bad)?;
    let currency = match (prefix_currency, currency_suffix(after)) {
        (Some(a), Some(b)) if a != b => {
            return Err(ValueError::TwoCurrencies {
                value: s.to_string(),
                first: a,
                second: b,
            });
        }
        (Some(a), _) => a,
        (None, Some(b)) => b,
        (None, None) => "USD",
    };
    Ok(Some(Money {
        amount,
        currency,
        usd: (currency == "USD").then_some(amount),
        note: bound.map(|b| format!("{b}: stated as {s:?}")),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_every_phrasing() {
        for (raw, want) in [
            ("1,234", 1234),
            ("about 3,000", 3000),
            ("approximately 55", 55),
            ("four Instagram accounts", 4),
            ("Twenty", 20),
            ("zero", 0),
            ("12", 12),
            ("1.1 million", 1_100_000),
            ("3k", 3000),
            ("more than 2,000 accounts", 2000),
            ("55 Facebook accounts", 55),
        ] {
            assert_eq!(count(raw), Ok(Some(want)), "{raw}");
        }
        assert_eq!(count(" "), Ok(None));
        for bad in ["many", "1,2", "3.5", "twenty-one", "-4", "1,2345"] {
            assert!(count(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn money_in_every_phrasing() {
        let m = money("$3.6 million").unwrap().unwrap();
        assert_eq!(
            (m.amount, m.currency, m.usd, m.note),
            (3_600_000.0, "USD", Some(3_600_000.0), None)
        );
        let m = money("US$9,500").unwrap().unwrap();
        assert_eq!((m.amount, m.currency, m.usd), (9500.0, "USD", Some(9500.0)));
        let m = money("less than $316,000").unwrap().unwrap();
        assert_eq!((m.amount, m.usd), (316_000.0, Some(316_000.0)));
        assert!(m.note.unwrap().contains("upper bound"));
        let m = money("did not engage in paid advertising")
            .unwrap()
            .unwrap();
        assert_eq!((m.amount, m.currency, m.usd), (0.0, "USD", Some(0.0)));
        let m = money("about $1,500 USD").unwrap().unwrap();
        assert_eq!((m.amount, m.usd), (1500.0, Some(1500.0)));
        assert!(m.note.unwrap().contains("approximate"));
        let m = money("30000").unwrap().unwrap();
        assert_eq!((m.currency, m.usd), ("USD", Some(30000.0)));
        // Other currencies are kept as stated, never converted by guess.
        let m = money("€50,000").unwrap().unwrap();
        assert_eq!((m.amount, m.currency, m.usd), (50_000.0, "EUR", None));
        let m = money("1.2 million rubles").unwrap().unwrap();
        assert_eq!((m.amount, m.currency, m.usd), (1_200_000.0, "RUB", None));
        let m = money("£20k").unwrap().unwrap();
        assert_eq!((m.amount, m.currency), (20_000.0, "GBP"));
        assert_eq!(money(""), Ok(None));
        assert!(money("a lot").is_err());
        assert!(money("$").is_err());
    }
}
