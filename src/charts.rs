//! Pictures drawn at build time as inline SVG, with no JavaScript: pure functions from
//! counts and dates to SVG text.
//!
//! Every chart is `role="img"` with a `<title>` and a `<desc>` naming it, and every mark
//! has a `<title>` of its own (a tooltip, and what a test can count). The same figures
//! are also given to templates as a table or list, for screen readers and print. Charts
//! stay small on big sites: marks are capped or aggregated (by day, month or year).

use std::fmt::Write as _;

use crate::dates::Day;
use crate::i18n::Locale;

/// Escapes text for SVG (XML) content and attribute values.
pub fn esc(s: &str) -> String {
    crate::escape::html(s)
}

/// At most `max` characters, with `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// How dates are grouped into bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Period {
    Day,
    Month,
    Year,
}

impl Period {
    /// The finest period (days, then months, then years) that cuts `first..=last` into
    /// at most `max` periods; years if none does.
    pub fn fitting(first: Day, last: Day, max: usize) -> Period {
        let count = |p: Period| {
            let mut n = 1usize;
            let mut k = p.key(first);
            let end = p.key(last);
            while k < end && n <= max {
                k = p.next(k);
                n += 1;
            }
            n
        };
        [Period::Day, Period::Month]
            .into_iter()
            .find(|&p| count(p) <= max)
            .unwrap_or(Period::Year)
    }

    /// The first day of the period holding `d`.
    pub fn start(self, d: Day) -> Day {
        let (year, month, day) = self.key(d);
        Day { year, month, day }
    }

    /// "6 March 2022", "March 2022" or "2022" for the period holding `d`, as `l`
    /// says dates.
    pub fn name(self, d: Day, l: &Locale) -> String {
        self.label(self.key(d), l)
    }

    /// The start of the period holding `d`, as a sortable key.
    fn key(self, d: Day) -> (i32, u8, u8) {
        match self {
            Period::Day => (d.year, d.month, d.day),
            Period::Month => (d.year, d.month, 1),
            Period::Year => (d.year, 1, 1),
        }
    }

    fn label(self, (y, m, d): (i32, u8, u8), l: &Locale) -> String {
        match self {
            Period::Day => l.dates.day(Day {
                year: y,
                month: m,
                day: d,
            }),
            Period::Month => l.dates.month(y, m),
            Period::Year => l.dates.year(y),
        }
    }

    fn next(self, (y, m, d): (i32, u8, u8)) -> (i32, u8, u8) {
        match self {
            Period::Day => {
                let n = Day::number(Day {
                    year: y,
                    month: m,
                    day: d,
                }) + 1;
                let day = Day::from_number(n);
                (day.year, day.month, day.day)
            }
            Period::Month if m >= 12 => (y + 1, 1, 1),
            Period::Month => (y, m + 1, 1),
            Period::Year => (y + 1, 1, 1),
        }
    }
}

/// One bar: its period and a count per series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub label: String,
    pub counts: Vec<usize>,
}

/// Groups dated items (a day and a series index each) into consecutive periods from
/// the first to the last, empty ones included, choosing the finest period that needs
/// at most `max` bars (days, then months, then years; years are never merged, so a
/// span of centuries can exceed `max`).
pub fn buckets(
    items: &[(Day, usize)],
    series: usize,
    max: usize,
    l: &Locale,
) -> (Period, Vec<Bucket>) {
    let (Some(first), Some(last)) = (
        items.iter().map(|i| i.0).min(),
        items.iter().map(|i| i.0).max(),
    ) else {
        return (Period::Month, Vec::new());
    };
    let period = Period::fitting(first, last, max);
    let mut keys = vec![period.key(first)];
    let end = period.key(last);
    while keys[keys.len() - 1] < end {
        let next = period.next(keys[keys.len() - 1]);
        keys.push(next);
    }
    let mut out: Vec<Bucket> = keys
        .iter()
        .map(|&k| Bucket {
            label: period.label(k, l),
            counts: vec![0; series],
        })
        .collect();
    for &(d, s) in items {
        let k = period.key(d);
        if let Ok(i) = keys.binary_search(&k) {
            if let Some(c) = out[i].counts.get_mut(s) {
                *c += 1;
            }
        }
    }
    (period, out)
}

/// The opening of a chart: `<svg role="img">` with its title and description.
fn open(out: &mut String, id: &str, class: &str, w: u32, h: u32, title: &str, desc: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart {class}\" role=\"img\" \
         aria-labelledby=\"{id}-title {id}-desc\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        esc(title),
        esc(desc)
    );
}

/// A series of a bar chart: its name for tooltips ("statement", "statements") and its
/// CSS class.
#[derive(Debug, Clone, Copy)]
pub struct Series<'a> {
    /// The strings key that counts it (`statements_count`: "2 statements").
    pub count: &'a str,
    /// Its name, as a lane's label ("Statements").
    pub name: &'a str,
    pub class: &'a str,
}

fn counted(n: usize, s: &Series, l: &Locale) -> String {
    l.count(s.count, n as u64)
}

/// A strip of bars, one per bucket, each series stacked; empty buckets draw nothing.
/// Each drawn bar is a `<rect class="bar …">` with a `<title>` ("March 2022: 2
/// statements").
pub fn bar_strip(
    id: &str,
    title: &str,
    desc: &str,
    series: &[Series],
    buckets: &[Bucket],
    l: &Locale,
) -> String {
    const W: u32 = 600;
    const H: u32 = 96;
    const TOP: f64 = 6.0;
    const AXIS: f64 = 72.0;
    let mut out = String::with_capacity(512 + buckets.len() * 120);
    open(&mut out, id, "bar-strip", W, H, title, desc);
    let max = buckets
        .iter()
        .map(|b| b.counts.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let n = buckets.len().max(1);
    // A few buckets get bars of a readable width, not the whole strip.
    let slot = (f64::from(W) / n as f64).min(40.0);
    let gap = if slot > 6.0 { slot * 0.2 } else { 0.0 };
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"0\" y1=\"{AXIS}\" x2=\"{W}\" y2=\"{AXIS}\"/>"
    );
    for (i, b) in buckets.iter().enumerate() {
        let total: usize = b.counts.iter().sum();
        if total == 0 {
            continue;
        }
        let x = i as f64 * slot + gap / 2.0;
        let mut y = AXIS;
        for (&c, s) in b.counts.iter().zip(series) {
            if c == 0 {
                continue;
            }
            let h = (AXIS - TOP) * c as f64 / max as f64;
            y -= h;
            let _ = write!(
                out,
                "<rect class=\"bar {}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{h:.1}\"><title>{}</title></rect>",
                s.class,
                (slot - gap).max(1.0),
                esc(&format!("{}: {}", b.label, counted(c, s, l)))
            );
        }
    }
    // The first and last periods under the axis.
    if let (Some(first), Some(last)) = (buckets.first(), buckets.last()) {
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"0\" y=\"{}\">{}</text>",
            AXIS + 18.0,
            esc(&first.label)
        );
        if buckets.len() > 1 {
            let _ = write!(
                out,
                "<text class=\"tick\" x=\"{W}\" y=\"{}\" text-anchor=\"end\">{}</text>",
                AXIS + 18.0,
                esc(&last.label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// A node of the network: a name and how often it appears with the centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub name: String,
    pub count: usize,
}

/// The actor in the middle and up to `nodes.len()` others on a circle around it, in the
/// order given (most shared first, clockwise from the top), each circle's area and
/// line's width growing with the count. Nodes are `<circle class="node">` with a
/// `<title>` ("NATO: 2 shared briefings"); the centre is `<circle class="centre">`.
pub fn network(id: &str, title: &str, desc: &str, centre: &str, nodes: &[Node]) -> String {
    const W: f64 = 600.0;
    const H: f64 = 360.0;
    let (cx, cy) = (W / 2.0, H / 2.0);
    let (rx, ry) = (190.0, 130.0);
    let max = nodes.iter().map(|n| n.count).max().unwrap_or(1).max(1) as f64;
    let mut out = String::with_capacity(512 + nodes.len() * 300);
    open(&mut out, id, "network", W as u32, H as u32, title, desc);
    let place = |i: usize| {
        let a = std::f64::consts::TAU * i as f64 / nodes.len().max(1) as f64
            - std::f64::consts::FRAC_PI_2;
        (cx + rx * a.cos(), cy + ry * a.sin())
    };
    for (i, n) in nodes.iter().enumerate() {
        let (x, y) = place(i);
        let w = 1.0 + 3.0 * n.count as f64 / max;
        let _ = write!(
            out,
            "<line class=\"link\" x1=\"{cx:.1}\" y1=\"{cy:.1}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke-width=\"{w:.1}\"/>"
        );
    }
    let _ = write!(
        out,
        "<circle class=\"centre\" cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"14\"><title>{}</title></circle>\
         <text class=\"label centre-label\" x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        esc(centre),
        cy + 30.0,
        esc(&clip(centre, 24))
    );
    for (i, n) in nodes.iter().enumerate() {
        let (x, y) = place(i);
        let r = 4.0 + 10.0 * (n.count as f64 / max).sqrt();
        let tip = format!(
            "{}: {} shared briefing{}",
            n.name,
            n.count,
            if n.count == 1 { "" } else { "s" }
        );
        let (anchor, dx) = if (x - cx).abs() < 1.0 {
            ("middle", 0.0)
        } else if x > cx {
            ("start", r + 4.0)
        } else {
            ("end", -(r + 4.0))
        };
        let dy = if (x - cx).abs() < 1.0 {
            if y < cy { -(r + 5.0) } else { r + 14.0 }
        } else {
            4.0
        };
        let _ = write!(
            out,
            "<circle class=\"node\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\"><title>{}</title></circle>\
             <text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
            esc(&tip),
            x + dx,
            y + dy,
            esc(&clip(&n.name, 22))
        );
    }
    out.push_str("</svg>");
    out
}

/// A dated item on a time axis: a day or a range of days (an interval, or a date known
/// only to the month, or uncertain), in one lane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub lower: Day,
    pub upper: Day,
    pub lane: usize,
    /// Uncertain (`?`) or approximate (`~`): drawn hollow.
    pub uncertain: bool,
    /// The tooltip: "6 March 2022 · Antony Blinken: very credible".
    pub label: String,
}

/// Lanes of marks along a shared time axis: a `<circle class="mark">` for a single
/// day, a `<rect class="mark range">` from the lower to the upper bound otherwise,
/// with month (or year) ticks; uncertain or approximate marks also have the class
/// `uncertain` (drawn hollow).
pub fn time_axis(
    id: &str,
    title: &str,
    desc: &str,
    lanes: &[Series],
    marks: &[Mark],
    l: &Locale,
) -> String {
    const W: f64 = 600.0;
    const LEFT: f64 = 90.0;
    const RIGHT: f64 = 12.0;
    const LANE: f64 = 34.0;
    let h = 24.0 + LANE * lanes.len() as f64 + 24.0;
    let mut out = String::with_capacity(512 + marks.len() * 160);
    open(&mut out, id, "time-axis", W as u32, h as u32, title, desc);
    let (Some(lo), Some(hi)) = (
        marks.iter().map(|m| Day::number(m.lower)).min(),
        marks.iter().map(|m| Day::number(m.upper)).max(),
    ) else {
        out.push_str("</svg>");
        return out;
    };
    let span = (hi - lo + 1).max(1) as f64;
    let x_of = |n: i64| LEFT + (W - LEFT - RIGHT) * (n - lo) as f64 / span;
    let axis_y = 24.0 + LANE * lanes.len() as f64;
    for (i, lane) in lanes.iter().enumerate() {
        let y = 24.0 + LANE * i as f64 + LANE / 2.0;
        let _ = write!(
            out,
            "<text class=\"label lane-label\" x=\"0\" y=\"{:.1}\">{}</text>\
             <line class=\"lane\" x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>",
            y + 4.0,
            esc(lane.name),
            W - RIGHT
        );
    }
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{axis_y:.1}\" x2=\"{:.1}\" y2=\"{axis_y:.1}\"/>",
        W - RIGHT
    );
    // Ticks at month starts, or year starts over a long span; at most about 8.
    let first = Day::from_number(lo);
    let period = if span <= 62.0 * 8.0 {
        Period::Month
    } else {
        Period::Year
    };
    let mut k = period.key(first);
    if Day::number(Day {
        year: k.0,
        month: k.1,
        day: k.2,
    }) < lo
    {
        k = period.next(k);
    }
    let mut ticks = Vec::new();
    while Day::number(Day {
        year: k.0,
        month: k.1,
        day: k.2,
    }) <= hi
    {
        ticks.push(k);
        k = period.next(k);
    }
    let every = ticks.len().div_ceil(8).max(1);
    for t in ticks.iter().step_by(every) {
        let x = x_of(Day::number(Day {
            year: t.0,
            month: t.1,
            day: t.2,
        }));
        let label = match period {
            Period::Month => l.dates.month_short(t.0, t.1),
            _ => l.dates.year(t.0),
        };
        let _ = write!(
            out,
            "<line class=\"tick-mark\" x1=\"{x:.1}\" y1=\"{axis_y:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\"/>\
             <text class=\"tick\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            axis_y + 4.0,
            axis_y + 18.0,
            esc(&label)
        );
    }
    if ticks.is_empty() {
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"{LEFT}\" y=\"{:.1}\">{}</text>",
            axis_y + 18.0,
            esc(&l.dates.day(first))
        );
    }
    // Ranges first, so points stay on top; overlapping ranges in a lane take the next
    // of three rows (centre, below, above) that is free.
    let mut order: Vec<&Mark> = marks.iter().collect();
    order.sort_by_key(|m| (m.lower == m.upper, Day::number(m.lower)));
    let mut row_ends: Vec<[i64; 3]> = vec![[i64::MIN; 3]; lanes.len()];
    for m in order {
        let Some(lane) = lanes.get(m.lane) else {
            continue;
        };
        let mut y = 24.0 + LANE * m.lane as f64 + LANE / 2.0;
        let (a, b) = (Day::number(m.lower), Day::number(m.upper));
        if a != b {
            let ends = &mut row_ends[m.lane];
            let row = (0..3).find(|&r| ends[r] < a).unwrap_or(0);
            ends[row] = b;
            y += [0.0, 10.0, -10.0][row];
        }
        if a == b {
            let x = x_of(a) + (W - LEFT - RIGHT) / span / 2.0;
            let _ = write!(
                out,
                "<circle class=\"mark {}{}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\"><title>{}</title></circle>",
                lane.class,
                if m.uncertain { " uncertain" } else { "" },
                esc(&m.label)
            );
        } else {
            let (x1, x2) = (x_of(a), x_of(b + 1));
            let _ = write!(
                out,
                "<rect class=\"mark range {}{}\" x=\"{x1:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"8\" rx=\"4\"><title>{}</title></rect>",
                lane.class,
                if m.uncertain { " uncertain" } else { "" },
                y - 4.0,
                (x2 - x1).max(4.0),
                esc(&m.label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// A row of the "who said what" chart: a speaker and their statements, as (first day
/// of a period, number of statements in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub name: String,
    pub days: Vec<(Day, usize)>,
}

/// One lane per speaker along a shared time axis, a `<circle class="dot">` for each
/// `period` they spoke in (larger for more statements), titled "Antony Blinken, 6
/// March 2022: 2 statements".
pub fn who_said_what(
    id: &str,
    title: &str,
    desc: &str,
    period: Period,
    rows: &[Row],
    l: &Locale,
) -> String {
    const W: f64 = 600.0;
    const LEFT: f64 = 150.0;
    const RIGHT: f64 = 16.0;
    const ROW: f64 = 28.0;
    let h = 8.0 + ROW * rows.len() as f64 + 26.0;
    let mut out = String::with_capacity(512 + rows.len() * 200);
    open(
        &mut out,
        id,
        "who-said-what",
        W as u32,
        h as u32,
        title,
        desc,
    );
    let days = rows
        .iter()
        .flat_map(|r| r.days.iter().map(|d| Day::number(d.0)));
    let (lo, hi) = days.fold((i64::MAX, i64::MIN), |(a, b), d| (a.min(d), b.max(d)));
    if lo > hi {
        out.push_str("</svg>");
        return out;
    }
    let span = (hi - lo).max(0) as f64;
    let x_of = |n: i64| {
        if span == 0.0 {
            LEFT + (W - LEFT - RIGHT) / 2.0
        } else {
            LEFT + 10.0 + (W - LEFT - RIGHT - 20.0) * (n - lo) as f64 / span
        }
    };
    let most = rows
        .iter()
        .flat_map(|r| r.days.iter().map(|d| d.1))
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    for (i, r) in rows.iter().enumerate() {
        let y = 8.0 + ROW * i as f64 + ROW / 2.0;
        let _ = write!(
            out,
            "<text class=\"label\" x=\"0\" y=\"{:.1}\">{}</text>\
             <line class=\"lane\" x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\"/>",
            y + 4.0,
            esc(&clip(&r.name, 22)),
            W - RIGHT
        );
        for &(d, n) in &r.days {
            let rad = 3.5 + 5.5 * (n as f64 / most).sqrt();
            let tip = format!(
                "{}, {}: {}",
                r.name,
                period.name(d, l),
                l.count("statements_count", n as u64)
            );
            let _ = write!(
                out,
                "<circle class=\"dot\" cx=\"{:.1}\" cy=\"{y:.1}\" r=\"{rad:.1}\"><title>{}</title></circle>",
                x_of(Day::number(d)),
                esc(&tip)
            );
        }
    }
    let axis_y = 8.0 + ROW * rows.len() as f64 + 4.0;
    let _ = write!(
        out,
        "<text class=\"tick\" x=\"{LEFT}\" y=\"{:.1}\">{}</text>",
        axis_y + 14.0,
        esc(&period.name(Day::from_number(lo), l))
    );
    if hi > lo {
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            W - RIGHT,
            axis_y + 14.0,
            esc(&period.name(Day::from_number(hi), l))
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i32, month: u8, day: u8) -> Day {
        Day { year, month, day }
    }

    const ONE: [Series; 1] = [Series {
        count: "statements_count",
        name: "Statements",
        class: "s0",
    }];

    fn en() -> std::sync::Arc<Locale> {
        crate::i18n::Locales::built_in().get("en")
    }

    #[test]
    fn day_numbers_round_trip_and_count_days() {
        assert_eq!(Day::number(day(1970, 1, 1)), 0);
        assert_eq!(
            Day::number(day(2022, 3, 6)) - Day::number(day(2022, 2, 27)),
            7
        );
        for n in [-800_000, -1, 0, 19_000, 60_000] {
            assert_eq!(Day::number(Day::from_number(n)), n);
        }
    }

    #[test]
    fn buckets_are_consecutive_and_coarsen_past_the_limit() {
        let items = [
            (day(2022, 3, 6), 0),
            (day(2022, 3, 6), 0),
            (day(2022, 5, 1), 0),
        ];
        let (p, b) = buckets(&items, 1, 60, &en());
        assert_eq!((p, b.len()), (Period::Day, 57), "57 days fit in 60 bars");
        let (p, b) = buckets(&items, 1, 40, &en());
        assert_eq!(p, Period::Month);
        assert_eq!(b.len(), 3, "March, April (empty), May: {b:?}");
        assert_eq!(b[0].label, "March 2022");
        assert_eq!((b[0].counts[0], b[1].counts[0], b[2].counts[0]), (2, 0, 1));
        let (p, b) = buckets(&items[..2], 1, 60, &en());
        assert_eq!((p, b.len()), (Period::Day, 1));
        let far = [(day(2000, 1, 1), 0), (day(2022, 1, 1), 0)];
        let (p, b) = buckets(&far, 1, 60, &en());
        assert_eq!((p, b.len()), (Period::Year, 23));
    }

    #[test]
    fn the_strip_draws_one_titled_bar_per_non_empty_bucket() {
        let (_, b) = buckets(&[(day(2022, 3, 6), 0), (day(2022, 5, 1), 0)], 1, 40, &en());
        let svg = bar_strip(
            "s",
            "Statements over time",
            "Two statements",
            &ONE,
            &b,
            &en(),
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-labelledby=\"s-title s-desc\""));
        assert_eq!(svg.matches("<rect class=\"bar").count(), 2);
        assert!(svg.contains("<title>March 2022: 1 statement</title>"));
        assert!(svg.contains("<title>May 2022: 1 statement</title>"));
    }

    #[test]
    fn the_network_has_a_circle_per_node_and_escapes_names() {
        let nodes = vec![
            Node {
                name: "A & B".into(),
                count: 3,
            },
            Node {
                name: "C".into(),
                count: 1,
            },
        ];
        let svg = network("n", "Network", "d", "Centre <x>", &nodes);
        assert_eq!(svg.matches("<circle class=\"node\"").count(), 2);
        assert!(svg.contains("<title>A &amp; B: 3 shared briefings</title>"));
        assert!(svg.contains("<title>C: 1 shared briefing</title>"));
        assert!(svg.contains("Centre &lt;x&gt;"));
        assert!(!svg.contains("Centre <x>"));
    }

    #[test]
    fn ranges_are_drawn_as_ranges_and_days_as_points() {
        let marks = vec![
            Mark {
                lower: day(2022, 3, 6),
                upper: day(2022, 3, 6),
                lane: 1,
                uncertain: false,
                label: "6 March".into(),
            },
            Mark {
                lower: day(2022, 2, 27),
                upper: day(2022, 3, 5),
                lane: 0,
                uncertain: false,
                label: "last week".into(),
            },
        ];
        let lanes = [
            Series {
                count: "events_count",
                name: "Events",
                class: "event",
            },
            ONE[0],
        ];
        let svg = time_axis("t", "Timeline", "d", &lanes, &marks, &en());
        assert_eq!(svg.matches("<circle class=\"mark s0\"").count(), 1);
        assert_eq!(svg.matches("<rect class=\"mark range event\"").count(), 1);
        assert!(svg.contains("<title>last week</title>"));
        assert!(svg.contains(">Mar 2022<"), "{svg}");
    }

    #[test]
    fn who_said_what_has_a_dot_per_speaker_day() {
        let rows = vec![
            Row {
                name: "A".into(),
                days: vec![(day(2022, 3, 6), 2)],
            },
            Row {
                name: "B".into(),
                days: vec![(day(2022, 3, 2), 1), (day(2022, 3, 6), 1)],
            },
        ];
        let svg = who_said_what("w", "Who said what", "d", Period::Day, &rows, &en());
        assert_eq!(svg.matches("<circle class=\"dot\"").count(), 3);
        assert!(svg.contains("<title>A, 6 March 2022: 2 statements</title>"));
    }
}
