//! The timeline of one firm as server-side SVG: registration periods, agreement terms and
//! takedown dates on one time axis, so a reader sees at a glance whether a takedown fell
//! inside a registration or an agreement.
//!
//! For: the firm page of `faralink serve`. Not for: deciding anything; the matcher's time
//! feature does that. Pure: items in, SVG text out; every label is escaped by maud.

use maud::{Markup, html};

/// One thing on the timeline.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A span: a registration (start → termination) or an agreement term. `end: None` means
    /// still open (drawn up to the axis end, with an arrow-less open end).
    Span {
        /// Which row it is drawn on.
        lane: Lane,
        /// Its label, left of the axis.
        label: String,
        /// Its first day (YYYY-MM-DD).
        start: String,
        /// Its last day, or `None` while it is open.
        end: Option<String>,
    },
    /// A point: a takedown's announcement date.
    Point {
        /// Its label, left of the axis.
        label: String,
        /// Its day (YYYY-MM-DD).
        date: String,
    },
}

/// The row a span is drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Registration periods (blue).
    Registration,
    /// Agreement terms (green).
    Agreement,
}

const WIDTH: f64 = 760.0;
const LEFT: f64 = 200.0;
const RIGHT: f64 = 20.0;
const ROW: f64 = 22.0;

/// Days since 1970-01-01 of an ISO date (`YYYY-MM-DD`, or a prefix `YYYY-MM` / `YYYY`).
fn day(iso: &str) -> Option<i64> {
    let mut parts = iso.trim().splitn(3, '-');
    let y: i64 = parts.next()?.get(..4)?.parse().ok()?;
    let m: i64 = parts.next().map_or(Some(1), |m| m.get(..2)?.parse().ok())?;
    let d: i64 = parts.next().map_or(Some(1), |d| d.get(..2)?.parse().ok())?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Renders the items as an `<svg>`; `today` (ISO) closes open spans. Items whose dates
/// cannot be read are left out rather than drawn in the wrong place. No items, no SVG.
pub fn render(items: &[Item], today: &str) -> Option<Markup> {
    let today_d = day(today)?;
    let mut drawable: Vec<(&Item, i64, i64)> = Vec::new();
    for it in items {
        match it {
            Item::Span { start, end, .. } => {
                let Some(s) = day(start) else { continue };
                let e = end.as_deref().and_then(day).unwrap_or(today_d).max(s);
                drawable.push((it, s, e));
            }
            Item::Point { date, .. } => {
                if let Some(d) = day(date) {
                    drawable.push((it, d, d));
                }
            }
        }
    }
    if drawable.is_empty() {
        return None;
    }
    let lo = drawable.iter().map(|d| d.1).min()?;
    let hi = drawable.iter().map(|d| d.2).max()?;
    // Whole years on the axis, at least one.
    let year_of = |d: i64| 1970 + d.div_euclid(365);
    let (mut y0, mut y1) = (year_of(lo) - 1, year_of(hi) + 1);
    while day(&format!("{y0:04}")).is_some_and(|d| d > lo) {
        y0 -= 1;
    }
    while day(&format!("{:04}", y1 + 1)).is_some_and(|d| d <= hi) {
        y1 += 1;
    }
    let (a, b) = (day(&format!("{y0:04}"))?, day(&format!("{:04}", y1 + 1))?);
    let x = |d: i64| LEFT + (d - a) as f64 / (b - a) as f64 * (WIDTH - LEFT - RIGHT);
    let height = 30.0 + ROW * drawable.len() as f64 + 10.0;
    let step = ((y1 - y0 + 1) / 8).max(1);
    Some(html! {
        svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img"
            viewBox=(format!("0 0 {WIDTH} {height}")) width=(WIDTH) height=(height)
            aria-label="Timeline of registrations, agreement terms and takedowns" {
            @for y in (y0..=y1 + 1).step_by(step as usize) {
                @if let Some(d) = day(&format!("{y:04}")) {
                    line x1=(fmt(x(d))) x2=(fmt(x(d))) y1="18" y2=(fmt(height - 6.0)) class="grid" {}
                    text x=(fmt(x(d))) y="12" text-anchor="middle" class="year" { (y) }
                }
            }
            @for (i, (it, s, e)) in drawable.iter().enumerate() {
                @let top = 26.0 + ROW * i as f64;
                @match it {
                    Item::Span { lane, label, start, end } => {
                        text x=(fmt(LEFT - 6.0)) y=(fmt(top + 11.0)) text-anchor="end" class="label" { (clip(label)) }
                        rect x=(fmt(x(*s))) y=(fmt(top)) width=(fmt((x(*e) - x(*s)).max(2.0))) height="14" rx="3"
                            class=(match lane { Lane::Registration => "span registration", Lane::Agreement => "span agreement" }) {
                            title { (label) ": " @if let Some(e) = end { (start) " – " (e) } @else { "since " (start) } }
                        }
                    }
                    Item::Point { label, date } => {
                        text x=(fmt(LEFT - 6.0)) y=(fmt(top + 11.0)) text-anchor="end" class="label" { (clip(label)) }
                        line x1=(fmt(x(*s))) x2=(fmt(x(*s))) y1="18" y2=(fmt(height - 6.0)) class="takedown-rule" {}
                        circle cx=(fmt(x(*s))) cy=(fmt(top + 7.0)) r="6" class="takedown" {
                            title { (label) ": " (date) }
                        }
                    }
                }
            }
        }
    })
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// Labels longer than the left margin holds are cut with an ellipsis (the full text is in
/// the shape's tooltip).
fn clip(s: &str) -> String {
    const MAX: usize = 30;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_civil_days() {
        assert_eq!(day("1970-01-01"), Some(0));
        assert_eq!(day("2000-03-01"), Some(11_017));
        assert_eq!(day("2019-12-11").unwrap() - day("2019-12-01").unwrap(), 10);
        assert_eq!(day("2020"), day("2020-01-01"));
        assert_eq!(day("2020-13-01"), None);
        assert_eq!(day("n/a"), None);
    }

    #[test]
    fn spans_and_points_land_in_order_and_labels_are_escaped() {
        let items = vec![
            Item::Span {
                lane: Lane::Registration,
                label: "6766 <Bolivia>".into(),
                start: "2019-12-11".into(),
                end: Some("2020-07-01".into()),
            },
            Item::Span {
                lane: Lane::Agreement,
                label: "Agreement".into(),
                start: "2019-12-01".into(),
                end: Some("2020-03-01".into()),
            },
            Item::Point {
                label: "Facebook takedown".into(),
                date: "2020-09-01".into(),
            },
            Item::Point {
                label: "bad date".into(),
                date: "someday".into(),
            },
        ];
        let svg = render(&items, "2026-12-01").unwrap().into_string();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("6766 &lt;Bolivia&gt;"), "{svg}");
        assert!(!svg.contains("<Bolivia>"));
        assert!(svg.contains(">2019<") && svg.contains(">2020<"), "{svg}");
        assert!(!svg.contains("bad date"), "unreadable dates are left out");
        // The takedown (Sept 2020) is drawn right of the registration's start (Dec 2019).
        let cx: f64 = svg
            .split("cx=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let rx: f64 = svg
            .split("<rect x=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(cx > rx, "{cx} {rx}");
        assert!(render(&[], "2026-12-01").is_none());
    }
}
