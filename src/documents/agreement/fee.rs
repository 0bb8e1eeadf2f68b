//! The fee: the amount next to fee wording, with the period it covers.
//!
//! For: choosing the fee among the amounts (`money`) and its period. Not for: receipts, which
//! supplemental statements report (`documents::supplemental`).

use std::sync::LazyLock;

use regex::Regex;

use super::money::{Money, money_in};
use super::text::{ceil_boundary, evidence, floor_boundary, regex, sentence};
use super::{Fee, FeePeriod};

/// Wording that makes an amount the fee.
pub(super) static FEE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:fees?|retainer|compensation|remuneration|honorar(?:ium)?|price|rates?|salary)\b",
    )
});
/// Wording that makes an amount a payment (weaker than fee wording).
static PAY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:pay|pays|paid|payment|receives?|received|charge|charges|charged|bill|bills|billed|sum of|amount of)\b",
    )
});
/// Wording that makes an amount something other than the fee: an expense cap, a media budget,
/// one instalment of a fee stated elsewhere.
static NOT_FEE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:expenses?|reimburs\w*|budget|instal?lments?|advertising|not\s+to\s+exceed|cap|travel|subtotal|deposit|media\s+buys?)\b",
    )
});
/// A total contract value: the fee only when nothing better is stated.
static TOTAL_VALUE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)\b(?:total\s+contract\s+value|contract\s+value|total\s+value|value\s+of)\b")
});
/// The period after an amount: "per month", "/hr", "monthly", "pro Monat", "(eighteen thousand
/// five hundred euros) per month" (the words wrapped over a line), "payable in advance on the
/// fifth business day of each month".
static PERIOD_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)^\s*\)?\s*(?:\(net\)\s*)?(?:\([a-z][a-z\s,.'’-]{2,80}\)\s*)?(?:(?:per|a|an|each|every|/)\s*(?:calendar\s+)?(month|mo|hour|hr|year|yr|annum|quarter|week|day)\b|(monthly|hourly|annually|annual|yearly|quarterly|weekly|daily)|(?:pro|por|par|al)\s+(monat|mes|mois|stunde|hora|heure|jahr|año|an)\b|(monatlich|mensuale?s?|mensuels?|mensual)|,?\s*payable\s+[a-z ,]{0,60}?\b(?:each|every|per)\s+(?:calendar\s+)?(month|quarter|year|week)\b)",
    )
});
static PERIOD_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(monthly|hourly|annual|yearly|quarterly|weekly|daily)\s+(?:fee|retainer|rate|payment|sum|compensation|amount)s?\b(?:[^$€£\d.;]|\.{2,}|\.\w|\.\s+[A-Z]){0,60}$",
    )
});

fn period_of(word: &str) -> FeePeriod {
    match word.to_ascii_lowercase().as_str() {
        "month" | "mo" | "monthly" | "monat" | "mes" | "mois" | "monatlich" | "mensual"
        | "mensuales" | "mensuel" | "mensuels" => FeePeriod::Month,
        "hour" | "hr" | "hourly" | "stunde" | "hora" | "heure" => FeePeriod::Hour,
        "year" | "yr" | "annum" | "annually" | "annual" | "yearly" | "jahr" | "año" | "an" => {
            FeePeriod::Year
        }
        _ => FeePeriod::Other,
    }
}

fn last_end(re: &Regex, s: &str) -> Option<usize> {
    re.find_iter(s).last().map(|m| m.end())
}

/// Picks the fee among the amounts in the text. Each amount is judged by the nearest wording
/// before it in its sentence: fee wording scores highest, payment wording next, a total contract
/// value lowest; expense caps, budgets and instalments are not fees, and an amount with no such
/// wording is ignored. A stated period adds to the score, so when "a monthly fee of $30,000" and
/// "total contract value of $90,000" both appear, the monthly fee is the fee (the total follows
/// from it and the term). An amount stated in a schedule later in the text is found like any
/// other; a schedule that is referred to but absent leaves the fee `None`.
/// What joins the two ends of a range of amounts.
static RANGE_JOIN: LazyLock<Regex> = LazyLock::new(|| regex(r"^\s*(?:to|-|–|—)\s*$"));

pub(super) fn find_fee(text: &str) -> Option<Fee> {
    let mut best: Option<Fee> = None;
    let monies = money_in(text);
    // Two amounts joined as a range: "from $500 to $1,100 per hour".
    let joined = |a: &Money, b: &Money| RANGE_JOIN.is_match(&text[a.end..b.start]);
    for (i, money) in monies.iter().enumerate() {
        // A range's upper end is not the fee; its lower end is, with the range's period.
        if i > 0 && joined(&monies[i - 1], money) {
            continue;
        }
        let period_from = match monies.get(i + 1) {
            Some(next) if joined(money, next) => next.end,
            _ => money.end,
        };
        let (s, e) = sentence(text, money.start, money.end, 300);
        let before =
            &text[floor_boundary(text, s.max(money.start.saturating_sub(150)))..money.start];
        let kinds = [
            (last_end(&FEE_WORD, before), 0.7),
            (last_end(&PAY_WORD, before), 0.6),
            (last_end(&TOTAL_VALUE_WORD, before), 0.35),
            (last_end(&NOT_FEE_WORD, before), 0.0),
        ];
        let Some(&(_, base)) = kinds
            .iter()
            .filter(|(at, _)| at.is_some())
            .max_by_key(|(at, _)| *at)
        else {
            continue;
        };
        if base == 0.0 {
            continue;
        }
        let after = &text[period_from..ceil_boundary(text, period_from + 120)];
        // "a monthly retainer of Fifteen Thousand U.S. Dollars (US$15,000)": the period word
        // may stand an amount in words away.
        let tail = &before[floor_boundary(before, before.len().saturating_sub(100))..];
        let period = PERIOD_AFTER
            .captures(after)
            .and_then(|c| c.get(1).or(c.get(2)).or(c.get(3)).or(c.get(4)).or(c.get(5)))
            .or_else(|| PERIOD_BEFORE.captures(tail).and_then(|c| c.get(1)))
            .map(|m| period_of(m.as_str()));
        let score = match period {
            Some(_) => base + 0.2,
            None => base,
        };
        if best.as_ref().is_none_or(|b| score > b.confidence) {
            best = Some(Fee {
                amount: money.amount,
                currency: money.currency.to_string(),
                period: period.unwrap_or(FeePeriod::Total),
                evidence: evidence(text, s, e),
                confidence: score,
            });
        }
    }
    best
}
