//! EDTF (ISO 8601-2) dates: level 0 plus the common level 1 forms.
//!
//! Accepted, on each side of an optional interval `/`:
//! - `2022`, `2022-03`, `2022-03-06`
//! - one trailing qualifier: `?` uncertain, `~` approximate, `%` both
//! - unspecified digits: `2022-03-XX`, `2022-XX-XX`, `2022-XX`, `202X`, `20XX`
//!
//! A single day may carry a time of day with its zone, `2022-03-06T14:30Z` or
//! `2022-03-06T14:30:00+02:00` (see [`time`] for the rules); a time needs a full,
//! unqualified day and no interval.
//!
//! Intervals are `A/B`; either side may instead be `..` (open: the period runs
//! on without limit) or empty (unknown: there is a limit but nobody knows it),
//! though not both. Seasons, negative years and long `Y` years are rejected
//! with a message saying so, so an author is not left guessing.
//!
//! The text is taken exactly as given: no trimming, and any whitespace is an
//! error, because the caller points a caret at the byte offset we report and a
//! silently trimmed scalar would shift it.
//!
//! Bounds: `lower()` is the earliest day the value can mean and `upper()` the
//! latest. An open or unknown end has no day of its own, so it borrows the
//! known end's bound: `2022-03-01/..` spans 2022-03-01..=2022-03-01 and
//! `../2022-03` spans 2022-03-01..=2022-03-31. That keeps every value sortable
//! and groupable without inventing dates nobody wrote.
//!
//! Sort order is by `start()`, then `upper()`, then the text as written. So a
//! more precise date sorts before a vaguer one that starts on the same day
//! (`2022-01-01` < `2022-01` < `2022`), which puts "1 January 2022" ahead of
//! "2022" in a timeline, and the final tie-break keeps the order total and in
//! step with `Eq`. `start()` is the lower day, with the time when there is one;
//! times sort by the instant, and a day alone counts as 00:00 UTC, ahead of any
//! time at that instant or later (see [`Moment`]).

use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

mod hint;
pub mod local;
mod parse;
pub mod time;

pub use time::{Moment, Time};

/// English month names, January first: what a date written in words is read from
/// (see `hint`). Display takes its names from CLDR through [`local::DateFormat`].
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const EXPECTED_DATE: &str = "expected a date like 2022-03-06, 2022-03 or 2022";

/// A calendar day (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Day {
    /// Days since 1970-01-01 in the proleptic Gregorian calendar, negative before
    /// (Howard Hinnant's `days_from_civil`): what charts space days by and instants
    /// count from.
    pub fn number(self) -> i64 {
        let (m, day) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day [`Day::number`] `n` names (Hinnant's `civil_from_days`).
    pub fn from_number(n: i64) -> Day {
        let z = n + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Day {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// `2022-03-06`.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// "6 March 2022". Falls back to ISO for a day that no parse could produce
/// (the fields are public), rather than panicking on a bad month.
pub fn day_display(d: Day) -> String {
    local::DateFormat::english().day(d)
}

/// How finely the (start) date was written. Unspecified parts count as not
/// written: `2022-03-XX` is `Month`, `202X` is `Year`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// Why a date did not parse, and where: `offset` and `len` are bytes into the
/// input so the caller can underline the bad part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    pub message: String,
    pub offset: usize,
    pub len: usize,
    /// What to write instead, where that can be worked out (`March 2022`).
    pub hint: Option<String>,
}

impl DateError {
    fn new(message: impl Into<String>, offset: usize, len: usize) -> DateError {
        // A zero-width span would draw no caret at all.
        DateError {
            message: message.into(),
            offset,
            len: len.max(1),
            hint: None,
        }
    }

    fn with_hint(mut self, hint: String) -> DateError {
        self.hint = Some(hint);
        self
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DateError {}

/// A month or day field: digits, or `XX` for "not specified".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Field {
    Known(u8),
    Unspecified,
}

/// One date, as parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Date {
    /// The year with any `X` digits read as 0.
    year: i32,
    /// How many trailing year digits were `X` (0–2).
    year_x: u8,
    month: Option<Field>,
    day: Option<Field>,
    uncertain: bool,
    approximate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum End {
    Known(Date),
    /// `..`: no limit.
    Open,
    /// Empty: a limit exists but is not known.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Shape {
    Single(Date),
    Interval(End, End),
}

/// An EDTF date or interval, keeping the text as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edtf {
    text: String,
    shape: Shape,
    /// Only on a single day (`parse` refuses it anywhere else).
    time: Option<Time>,
}

impl Edtf {
    /// Parses the exact text, with no trimming.
    ///
    /// # Errors
    ///
    /// A [`DateError`] whose `offset`/`len` underline the offending bytes.
    pub fn parse(s: &str) -> Result<Edtf, DateError> {
        Edtf::parse_plain(s).map_err(|e| hint::explain(s, e))
    }

    fn parse_plain(s: &str) -> Result<Edtf, DateError> {
        parse::reject_spaces(s)?;
        if s.is_empty() {
            return Err(DateError::new(EXPECTED_DATE, 0, 1));
        }
        let shape = match parse::plain_day(s) {
            Some(shape) => shape,
            None => {
                if let Some(t) = parse::time_separator(s) {
                    return parse::parse_timed(s, t);
                }
                parse::parse_shape(s)?
            }
        };
        Ok(Edtf {
            text: s.to_owned(),
            shape,
            time: None,
        })
    }

    pub fn as_written(&self) -> &str {
        &self.text
    }

    /// Earliest day it can mean. For `../X` or `/X` this is X's lower bound:
    /// an open start has no day of its own (see the module docs).
    pub fn lower(&self) -> Day {
        match self.shape {
            Shape::Single(d) => d.lower(),
            Shape::Interval(End::Known(a), _) => a.lower(),
            Shape::Interval(_, End::Known(b)) => b.lower(),
            Shape::Interval(..) => NO_DAY,
        }
    }

    /// Latest day it can mean: `2022-03` → 2022-03-31, `202X` → 2029-12-31.
    /// For `X/..` or `X/` this is X's upper bound.
    pub fn upper(&self) -> Day {
        match self.shape {
            Shape::Single(d) => d.upper(),
            Shape::Interval(_, End::Known(b)) => b.upper(),
            Shape::Interval(End::Known(a), _) => a.upper(),
            Shape::Interval(..) => NO_DAY,
        }
    }

    /// The earliest moment it can mean: `lower()`, with the time of day if one was
    /// written. What it sorts by, and what feeds and page metadata are dated by.
    pub fn start(&self) -> Moment {
        Moment::new(self.lower(), self.time)
    }

    /// The time of day as shown ("14:30 UTC", "14:30 UTC+02:00"), if one was written.
    pub fn time_display(&self) -> Option<String> {
        local::DateFormat::english().time_of(self)
    }

    pub fn is_interval(&self) -> bool {
        matches!(self.shape, Shape::Interval(..))
    }

    /// True if any part carries `?` or `%`.
    pub fn is_uncertain(&self) -> bool {
        self.dates().any(|d| d.uncertain)
    }

    /// True if any part carries `~` or `%`.
    pub fn is_approximate(&self) -> bool {
        self.dates().any(|d| d.approximate)
    }

    /// Precision of the start date, or of the end when the start is open or
    /// unknown.
    pub fn precision(&self) -> Precision {
        self.dates()
            .next()
            .map_or(Precision::Year, |d| d.reading().precision())
    }

    /// How a reader would say it, in British English; [`local::DateFormat::edtf`] says
    /// it in another language.
    pub fn display(&self) -> String {
        local::DateFormat::english().edtf(self)
    }

    /// (year, month) of `lower()`, for grouping into monthly archives.
    pub fn month_key(&self) -> (i32, u8) {
        let d = self.lower();
        (d.year, d.month)
    }

    /// The known dates, start first.
    fn dates(&self) -> impl Iterator<Item = Date> {
        let (a, b) = match self.shape {
            Shape::Single(d) => (End::Known(d), End::Unknown),
            Shape::Interval(a, b) => (a, b),
        };
        [a, b].into_iter().filter_map(|e| match e {
            End::Known(d) => Some(d),
            End::Open | End::Unknown => None,
        })
    }
}

/// Only reachable for an interval with no known end, which `parse` refuses;
/// it exists so the accessors stay total without a panic.
const NO_DAY: Day = Day {
    year: 0,
    month: 1,
    day: 1,
};

impl fmt::Display for Edtf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for Edtf {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Edtf, DateError> {
        Edtf::parse(s)
    }
}

/// What [`Edtf`]'s order compares before the text, worked out once: comparing two
/// dates works out both their bounds, which dominated sorting tens of thousands of them
/// on every save in `serve`. Orders as `(start(), upper())` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey((i64, bool, i16), Day);

impl Edtf {
    pub fn sort_key(&self) -> SortKey {
        SortKey(self.start().key(), self.upper())
    }
}

impl Ord for Edtf {
    fn cmp(&self, other: &Edtf) -> Ordering {
        self.sort_key()
            .cmp(&other.sort_key())
            // The shape is a function of the text, so this makes Ord agree
            // with the derived Eq.
            .then_with(|| self.text.cmp(&other.text))
    }
}

impl PartialOrd for Edtf {
    fn partial_cmp(&self, other: &Edtf) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Edtf {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

// ---------------------------------------------------------------------------
// Calendar

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn month_name(month: u8) -> Option<&'static str> {
    MONTHS.get(usize::from(month).checked_sub(1)?).copied()
}

impl Date {
    fn last_year(&self) -> i32 {
        // year_x is at most 2, so this is at most +99 on a year <= 9999.
        self.year + 10_i32.pow(u32::from(self.year_x)) - 1
    }

    fn lower(&self) -> Day {
        Day {
            year: self.year,
            month: known_or(self.month, 1),
            day: known_or(self.day, 1),
        }
    }

    fn upper(&self) -> Day {
        let year = self.last_year();
        let month = known_or(self.month, 12);
        let day = match self.day {
            Some(Field::Known(d)) => d,
            _ => days_in_month(year, month),
        };
        Day { year, month, day }
    }

    fn reading(&self) -> Reading {
        match (self.year_x, self.month, self.day) {
            (1, ..) => Reading::Decade(self.year),
            (2.., ..) => Reading::Century(self.year),
            (_, Some(Field::Known(m)), Some(Field::Known(d))) => Reading::Day(self.year, m, d),
            (_, Some(Field::Known(m)), _) => Reading::Month(self.year, m),
            _ => Reading::Year(self.year),
        }
    }
}

fn known_or(field: Option<Field>, default: u8) -> u8 {
    match field {
        Some(Field::Known(n)) => n,
        _ => default,
    }
}

// ---------------------------------------------------------------------------
// Display

/// What a date says once unspecified parts are dropped: `2022-03-XX` reads
/// as a month, `202X` as a decade.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Day(i32, u8, u8),
    Month(i32, u8),
    Year(i32),
    Decade(i32),
    Century(i32),
}

impl Reading {
    fn precision(self) -> Precision {
        match self {
            Reading::Day(..) => Precision::Day,
            Reading::Month(..) => Precision::Month,
            Reading::Year(_) | Reading::Decade(_) | Reading::Century(_) => Precision::Year,
        }
    }
}

/// English month name for a month the parser already validated.
fn name(month: u8) -> &'static str {
    month_name(month).unwrap_or("?")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Edtf {
        match Edtf::parse(s) {
            Ok(e) => e,
            Err(e) => panic!("{s:?} should parse, got {e:?}"),
        }
    }

    fn err(s: &str) -> DateError {
        match Edtf::parse(s) {
            Ok(e) => panic!("{s:?} should fail, parsed as {e:?}"),
            Err(e) => e,
        }
    }

    fn day(year: i32, month: u8, day: u8) -> Day {
        Day { year, month, day }
    }

    /// Asserts message, offset and len together, so a failure shows all three.
    fn assert_err(s: &str, message: &str, offset: usize, len: usize) {
        let e = err(s);
        assert_eq!(
            (e.message.as_str(), e.offset, e.len),
            (message, offset, len),
            "for {s:?}"
        );
    }

    fn bounds(s: &str) -> (String, String) {
        let e = p(s);
        (e.lower().iso(), e.upper().iso())
    }

    // --- bounds -----------------------------------------------------------

    #[test]
    fn level0_bounds() {
        assert_eq!(bounds("2022"), ("2022-01-01".into(), "2022-12-31".into()));
        assert_eq!(
            bounds("2022-03"),
            ("2022-03-01".into(), "2022-03-31".into())
        );
        assert_eq!(
            bounds("2022-04"),
            ("2022-04-01".into(), "2022-04-30".into())
        );
        assert_eq!(
            bounds("2022-03-06"),
            ("2022-03-06".into(), "2022-03-06".into())
        );
        assert_eq!(bounds("0000"), ("0000-01-01".into(), "0000-12-31".into()));
        assert_eq!(bounds("9999"), ("9999-01-01".into(), "9999-12-31".into()));
    }

    #[test]
    fn february_bounds_follow_leap_years() {
        assert_eq!(p("2024-02").upper(), day(2024, 2, 29));
        assert_eq!(p("2023-02").upper(), day(2023, 2, 28));
        assert_eq!(p("2000-02").upper(), day(2000, 2, 29));
        assert_eq!(p("1900-02").upper(), day(1900, 2, 28));
    }

    #[test]
    fn qualifiers_keep_bounds_and_set_flags() {
        for (s, unc, approx) in [
            ("2022", false, false),
            ("2022?", true, false),
            ("2022-03~", false, true),
            ("2022-03-06%", true, true),
        ] {
            let e = p(s);
            assert_eq!((e.is_uncertain(), e.is_approximate()), (unc, approx), "{s}");
            assert!(!e.is_interval());
        }
        assert_eq!(bounds("2022-03~"), bounds("2022-03"));
    }

    #[test]
    fn unspecified_digits_widen_bounds() {
        assert_eq!(
            bounds("2022-03-XX"),
            ("2022-03-01".into(), "2022-03-31".into())
        );
        assert_eq!(
            bounds("2022-XX-XX"),
            ("2022-01-01".into(), "2022-12-31".into())
        );
        assert_eq!(
            bounds("2022-XX"),
            ("2022-01-01".into(), "2022-12-31".into())
        );
        assert_eq!(bounds("202X"), ("2020-01-01".into(), "2029-12-31".into()));
        assert_eq!(bounds("20XX"), ("2000-01-01".into(), "2099-12-31".into()));
        assert_eq!(bounds("202X~"), bounds("202X"));
        assert_eq!(
            bounds("2024-02-XX"),
            ("2024-02-01".into(), "2024-02-29".into())
        );
    }

    #[test]
    fn interval_bounds() {
        let e = p("2022-03-04/2022-05");
        assert!(e.is_interval());
        assert_eq!((e.lower(), e.upper()), (day(2022, 3, 4), day(2022, 5, 31)));
        assert_eq!(
            bounds("2021/2022"),
            ("2021-01-01".into(), "2022-12-31".into())
        );
        assert_eq!(
            bounds("2022-03/2022-03-15"),
            ("2022-03-01".into(), "2022-03-15".into())
        );
        assert_eq!(
            bounds("202X/2031"),
            ("2020-01-01".into(), "2031-12-31".into())
        );
    }

    #[test]
    fn open_and_unknown_ends_borrow_the_known_bound() {
        assert_eq!(
            bounds("2022-03-01/.."),
            ("2022-03-01".into(), "2022-03-01".into())
        );
        assert_eq!(
            bounds("2022-03/.."),
            ("2022-03-01".into(), "2022-03-31".into())
        );
        assert_eq!(
            bounds("2022-03-01/"),
            ("2022-03-01".into(), "2022-03-01".into())
        );
        assert_eq!(
            bounds("../2022-03-05"),
            ("2022-03-05".into(), "2022-03-05".into())
        );
        assert_eq!(
            bounds("../2022-03"),
            ("2022-03-01".into(), "2022-03-31".into())
        );
        assert_eq!(bounds("/2022"), ("2022-01-01".into(), "2022-12-31".into()));
        for s in ["2022-03-01/..", "../2022-03-05", "2022-03-01/", "/2022"] {
            assert!(p(s).is_interval(), "{s}");
        }
    }

    #[test]
    fn interval_flags_look_at_both_ends() {
        assert!(p("2022/2023?").is_uncertain());
        assert!(!p("2022/2023?").is_approximate());
        assert!(p("2022~/2023").is_approximate());
        assert!(p("../2023%").is_uncertain());
        assert!(p("2022%/..").is_approximate());
        assert!(!p("2022/2023").is_uncertain());
    }

    #[test]
    fn precision_of_start_or_known_end() {
        assert_eq!(p("2022").precision(), Precision::Year);
        assert_eq!(p("2022-03").precision(), Precision::Month);
        assert_eq!(p("2022-03-06?").precision(), Precision::Day);
        assert_eq!(p("2022-03-XX").precision(), Precision::Month);
        assert_eq!(p("2022-XX-XX").precision(), Precision::Year);
        assert_eq!(p("202X").precision(), Precision::Year);
        assert_eq!(p("2022/2022-03-06").precision(), Precision::Year);
        assert_eq!(p("2022-03-06/2023").precision(), Precision::Day);
        assert_eq!(p("../2022-03").precision(), Precision::Month);
        assert_eq!(p("/2022-03-06").precision(), Precision::Day);
    }

    #[test]
    fn month_key_uses_lower_bound() {
        assert_eq!(p("2022-03-06").month_key(), (2022, 3));
        assert_eq!(p("2022").month_key(), (2022, 1));
        assert_eq!(p("2021-12-30/2022-01-02").month_key(), (2021, 12));
        assert_eq!(p("../2022-05-05").month_key(), (2022, 5));
        assert_eq!(p("202X").month_key(), (2020, 1));
    }

    #[test]
    fn as_written_and_display_trait_keep_the_text() {
        for s in [
            "2022-03-06",
            "2022-03~",
            "202X",
            "../2022-03-05",
            "2022-03-01/",
        ] {
            let e = p(s);
            assert_eq!(e.as_written(), s);
            assert_eq!(e.to_string(), s);
            assert_eq!(s.parse::<Edtf>().ok(), Some(e));
        }
    }

    #[test]
    fn serializes_as_written() {
        // serde lets a Formatter act as a serializer for plain values; a
        // struct or map would fail here, so this proves it is a bare string.
        struct Via<'a>(&'a Edtf);
        impl fmt::Display for Via<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.serialize(f)
            }
        }
        assert_eq!(Via(&p("2022-03~/..")).to_string(), "2022-03~/..");
    }

    // --- leap years ---------------------------------------------------------

    #[test]
    fn leap_days() {
        assert_eq!(p("2024-02-29").lower(), day(2024, 2, 29));
        assert_eq!(p("2000-02-29").lower(), day(2000, 2, 29));
        assert_err("2023-02-29", "day 29 does not exist in February 2023", 8, 2);
        assert_err("1900-02-29", "day 29 does not exist in February 1900", 8, 2);
        assert_err("2024-02-30", "day 30 does not exist in February 2024", 8, 2);
    }

    #[test]
    fn day_limits_per_month() {
        for m in 1..=12u8 {
            let last = days_in_month(2022, m);
            assert!(Edtf::parse(&format!("2022-{m:02}-{last:02}")).is_ok());
            let over = format!("2022-{m:02}-{:02}", last + 1);
            assert!(Edtf::parse(&over).is_err(), "{over}");
        }
    }

    // --- errors -------------------------------------------------------------

    #[test]
    fn field_range_errors() {
        assert_err("2022-13", "month 13 is out of range (01–12)", 5, 2);
        assert_err("2022-00-01", "month 00 is out of range (01–12)", 5, 2);
        assert_err("2022-04-31", "day 31 does not exist in April 2022", 8, 2);
        assert_err("2022-03-00", "day 00 is out of range (01–31)", 8, 2);
        assert_err("2022-03-32", "day 32 is out of range (01–31)", 8, 2);
        assert_err("2022/2022-13", "month 13 is out of range (01–12)", 10, 2);
    }

    #[test]
    fn shape_errors() {
        assert_err("", EXPECTED_DATE, 0, 1);
        assert_err("yesterday", EXPECTED_DATE, 0, 9);
        assert_err("2022/later", EXPECTED_DATE, 5, 5);
        assert_err("22", "the year must have four digits, like 2022", 0, 2);
        assert_err(
            "99999999999",
            "the year must have four digits, like 2022",
            0,
            11,
        );
        assert_err("2022-3", "the month must have two digits, like 03", 5, 1);
        assert_err("2022-03-6", "the day must have two digits, like 06", 8, 1);
        assert_err("2022-03-061", "the day must have two digits, like 06", 8, 3);
        assert_err("2022-", "expected a month after `-`", 4, 1);
        assert_err("2022--01", "expected a month after `-`", 5, 1);
        assert_err("2022-03-", "expected a day after `-`", 7, 1);
        assert_err("2022-Mar", "expected a month after `-`", 5, 1);
        assert_err("2022-03-06-01", "unexpected `-`", 10, 1);
        assert_err("2022abc", "unexpected `a`", 4, 1);
        assert_err("2022.5", "unexpected `.`", 4, 1);
    }

    #[test]
    fn unspecified_digit_errors() {
        assert_err("2022-0X", "a month is either two digits or XX", 5, 2);
        assert_err("2022-03-1X", "a day is either two digits or XX", 8, 2);
        assert_err(
            "2022-XX-06",
            "a day cannot be given when the month is unspecified",
            8,
            2,
        );
        assert_err(
            "2XXX",
            "only the last one or two digits of a year can be X",
            0,
            4,
        );
        assert_err(
            "XXXX",
            "only the last one or two digits of a year can be X",
            0,
            4,
        );
        assert_err(
            "2X22",
            "only the last one or two digits of a year can be X",
            0,
            4,
        );
        assert_err(
            "202X-03",
            "a month cannot follow unspecified year digits",
            5,
            2,
        );
        assert_err(
            "2022-03-xx",
            "unspecified digits are written with a capital X",
            8,
            1,
        );
        assert_err(
            "202x",
            "unspecified digits are written with a capital X",
            3,
            1,
        );
    }

    #[test]
    fn qualifier_errors() {
        assert_err("2022??", "only one qualifier (?, ~ or %) is allowed", 5, 1);
        assert_err("2022?~", "only one qualifier (?, ~ or %) is allowed", 5, 1);
        assert_err(
            "2022?-03",
            "a qualifier (?, ~ or %) must come at the end of the date",
            4,
            1,
        );
        assert_err("2022?x", "unexpected `x`", 5, 1);
        assert_err(
            "2022/..?",
            "an open end is written as `..` on its own",
            5,
            3,
        );
        assert_err("?2022", EXPECTED_DATE, 0, 5);
    }

    #[test]
    fn unsupported_forms_say_so() {
        assert_err("-2022", "negative years are not supported", 0, 1);
        assert_err(
            "Y170000002",
            "long years like Y12345 are not supported",
            0,
            1,
        );
        assert_err("2022/-0500", "negative years are not supported", 5, 1);
        // Seasons (21–24) are level 1 but not needed: they fail as a month.
        assert_err("2022-21", "month 21 is out of range (01–12)", 5, 2);
    }

    #[test]
    fn interval_errors() {
        assert_err(
            "2022-03-06/2022-03-05",
            "interval ends before it starts",
            11,
            10,
        );
        assert_err("2023/2022-12", "interval ends before it starts", 5, 7);
        assert_err(
            "2022-03-06/2022-03-06/2022",
            "an interval has only one `/`",
            21,
            1,
        );
        assert_err("//", "an interval has only one `/`", 1, 1);
        assert_err("/", "an interval needs at least one known date", 0, 1);
        assert_err("../..", "an interval needs at least one known date", 0, 5);
        assert_err("../", "an interval needs at least one known date", 0, 3);
        assert_err("/..", "an interval needs at least one known date", 0, 3);
        assert_err(
            "..",
            "an open end (..) belongs in an interval, like 2022-03-01/..",
            0,
            2,
        );
        assert_err(
            "2022/...",
            "an open end is written as `..` on its own",
            5,
            3,
        );
        assert_err("..2022", "an open end is written as `..` on its own", 0, 6);
    }

    #[test]
    fn intervals_may_start_and_end_in_the_same_period() {
        // Ordered by lower bound only, so a day inside a year may end it.
        assert!(Edtf::parse("2022/2022-01-01").is_ok());
        assert!(Edtf::parse("2022-03-06/2022-03-06").is_ok());
        assert!(Edtf::parse("2022-03-06/2022-03").is_err());
    }

    #[test]
    fn spaces_are_errors_wherever_they_are() {
        assert_err(" 2022", "unexpected space", 0, 1);
        assert_err("2022 ", "unexpected space", 4, 1);
        assert_err("2022-03-06\n", "unexpected space", 10, 1);
        assert_err("2022 / 2023", "unexpected space", 4, 1);
        assert_err("\t", "unexpected space", 0, 1);
        // U+00A0 is two bytes; the span must cover both.
        assert_err("2022\u{a0}", "unexpected space", 4, 2);
    }

    #[test]
    fn non_ascii_spans_cover_whole_chars() {
        assert_err("９９９９", EXPECTED_DATE, 0, 12);
        assert_err("2022-０３", "expected a month after `-`", 5, 3);
        assert_err("2022😀", "unexpected `😀`", 4, 4);
        assert_err("😀", EXPECTED_DATE, 0, 4);
    }

    #[test]
    fn error_display_is_the_message() {
        let e = err("2022-13");
        assert_eq!(e.to_string(), "month 13 is out of range (01–12)");
    }

    #[test]
    fn never_panics_and_spans_stay_in_bounds() {
        let weird = [
            "",
            "-",
            "/",
            "//",
            "///",
            ".",
            "..",
            "...",
            "../..",
            "2022-",
            "2022--01",
            "--",
            "９９９９",
            "2022-03-06/2022-03-06/2022",
            "99999999999",
            "😀",
            "2022-😀",
            "2022-03-😀",
            "2022?😀",
            "😀/2022",
            "2022/😀",
            "X",
            "XX",
            "XXX",
            "XXXXX",
            "2",
            "20",
            "202",
            "20222",
            "2022-1",
            "2022-123",
            "2022-03-1",
            "2022-03-123",
            "?",
            "~",
            "%",
            "2022?/",
            "/2022?",
            "2022-XX-XX-XX",
            "-1",
            "-",
            "Y",
            "Y2022",
            "y2022",
            "2022y",
            "0000-00-00",
            "9999-12-31/9999-12-31",
            "2022\0",
            "\u{200b}2022",
            "2022-03-06T10:00",
            "2022/03/06",
            "06/03/2022",
            "2022-03-06/..~",
            "..2022",
            "2022..",
            "2022/2023/",
            "'2022'",
            "`",
            "2022-03-06%%",
            "-0",
            "-/-",
        ];
        for s in weird {
            // Either answer is fine; the point is no panic and a usable span.
            match Edtf::parse(s) {
                Ok(e) => {
                    let _ = (e.display(), e.lower(), e.upper(), e.precision());
                }
                Err(e) => {
                    assert!(e.len >= 1, "{s:?}");
                    assert!(e.offset <= s.len(), "{s:?}: {e:?}");
                    assert!(!e.message.is_empty());
                    if e.offset < s.len() {
                        let end = e.offset + e.len;
                        assert!(s.get(e.offset..end).is_some(), "{s:?}: bad span {e:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_short_string_over_a_small_alphabet_is_handled() {
        // Exhaustive over everything up to 4 chars from the interesting
        // alphabet: catches index arithmetic that only breaks at edges.
        let alphabet = [
            '0', '1', '9', 'X', 'x', '-', '/', '.', '?', '~', '%', 'é', ' ',
        ];
        let mut inputs = vec![String::new()];
        for _ in 0..4 {
            let next: Vec<String> = inputs
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            for s in &next {
                if let Err(e) = Edtf::parse(s) {
                    assert!(e.offset <= s.len() && e.len >= 1, "{s:?}: {e:?}");
                    if e.offset < s.len() {
                        assert!(s.get(e.offset..e.offset + e.len).is_some(), "{s:?}: {e:?}");
                    }
                }
            }
            inputs = next;
        }
    }

    // --- display ------------------------------------------------------------

    fn shows(s: &str, want: &str) {
        assert_eq!(p(s).display(), want, "display of {s:?}");
    }

    #[test]
    fn display_single_dates() {
        shows("2022-03-06", "6 March 2022");
        shows("2022-03", "March 2022");
        shows("2022", "2022");
        shows("0800-01-02", "2 January 800");
        shows("2022-12-25", "25 December 2022");
    }

    #[test]
    fn display_qualified_dates() {
        shows("2022-03~", "around March 2022");
        shows("2022-03-06?", "6 March 2022 (uncertain)");
        shows("2022%", "around 2022 (uncertain)");
        shows("202X~", "around the 2020s");
    }

    #[test]
    fn display_unspecified_dates() {
        shows("2022-03-XX", "March 2022");
        shows("2022-XX-XX", "2022");
        shows("2022-XX", "2022");
        shows("202X", "the 2020s");
        shows("20XX", "the 21st century");
        shows("19XX", "the 20th century");
        shows("10XX", "the 11th century");
        shows("21XX", "the 22nd century");
        shows("22XX", "the 23rd century");
        shows("00XX", "the 1st century");
    }

    #[test]
    fn display_closed_intervals() {
        shows("2022-03-04/2022-03-05", "4–5 March 2022");
        shows("2022-02-27/2022-03-05", "27 February – 5 March 2022");
        shows("2021-12-30/2022-01-02", "30 December 2021 – 2 January 2022");
        shows("2022-03/2022-05", "March–May 2022");
        shows("2021-11/2022-02", "November 2021 – February 2022");
        shows("2021/2022", "2021–2022");
        shows("2022-03-06/2022-03-06", "6 March 2022");
        shows("2022-03-XX/2022-05", "March–May 2022");
        shows("2021/2022-03", "2021 – March 2022");
        shows("201X/202X", "the 2010s – the 2020s");
    }

    #[test]
    fn display_open_and_unknown_ends() {
        shows("2022-03-01/..", "from 1 March 2022");
        shows("../2022-03-05", "until 5 March 2022");
        shows("2022-03-01/", "from 1 March 2022 (end unknown)");
        shows("/2022-03-05", "until 5 March 2022 (start unknown)");
        shows("2022-03~/..", "from around March 2022");
        shows("2022?/", "from 2022 (uncertain, end unknown)");
    }

    #[test]
    fn display_qualified_interval_ends() {
        shows("2022-03-04~/2022-03-05~", "around 4–5 March 2022");
        shows(
            "2022-03-04~/2022-03-05",
            "around 4 March 2022 – 5 March 2022",
        );
        shows(
            "2022-03-04/2022-03-05~",
            "4 March 2022 – around 5 March 2022",
        );
        shows("2022-03-04?/2022-03-05?", "4–5 March 2022 (uncertain)");
        shows("2022-03-04?/2022-03-05", "4–5 March 2022 (start uncertain)");
        shows("2021/2022?", "2021–2022 (end uncertain)");
        shows("2021%/2022~", "around 2021–2022 (start uncertain)");
    }

    #[test]
    fn day_helpers() {
        let d = day(2022, 3, 6);
        assert_eq!(d.iso(), "2022-03-06");
        assert_eq!(day_display(d), "6 March 2022");
        assert_eq!(Moment::on(d).rfc3339(), "2022-03-06T00:00:00Z");
        assert_eq!(day(33, 1, 1).iso(), "0033-01-01");
        // Public fields can hold nonsense; that must not panic.
        assert_eq!(day_display(day(2022, 13, 1)), "2022-13-01");
        assert_eq!(day_display(day(2022, 0, 1)), "2022-00-01");
    }

    // --- ordering -----------------------------------------------------------

    #[test]
    fn sort_by_lower_then_upper_then_text() {
        let mut v: Vec<Edtf> = [
            "2022",
            "2022-03",
            "2022-01-01",
            "2021-12-31",
            "2022-01",
            "2022-01-01~",
            "../2022-01-01",
            "2022-03-06",
            "202X",
            "2022/2023",
        ]
        .iter()
        .map(|s| p(s))
        .collect();
        v.sort();
        let got: Vec<&str> = v.iter().map(Edtf::as_written).collect();
        assert_eq!(
            got,
            [
                "202X",
                "2021-12-31",
                // Same single day: text breaks the tie.
                "../2022-01-01",
                "2022-01-01",
                "2022-01-01~",
                "2022-01",
                "2022",
                "2022/2023",
                "2022-03",
                "2022-03-06",
            ]
        );
    }

    #[test]
    fn ord_agrees_with_eq() {
        let a = p("2022-03");
        let b = p("2022-03-XX");
        // Same bounds, different text: not equal, and ordered.
        assert_eq!((a.lower(), a.upper()), (b.lower(), b.upper()));
        assert_ne!(a, b);
        assert_ne!(a.cmp(&b), Ordering::Equal);
        assert_eq!(a.cmp(&p("2022-03")), Ordering::Equal);
        assert_eq!(a.partial_cmp(&b), Some(a.cmp(&b)));
    }

    #[test]
    fn day_orders_chronologically() {
        assert!(day(2021, 12, 31) < day(2022, 1, 1));
        assert!(day(2022, 1, 31) < day(2022, 2, 1));
        assert!(day(2022, 2, 1) < day(2022, 2, 2));
    }
}

/// Property tests: parsing never panics; a date keeps its text and its bounds are in
/// order; an error's span lies on character boundaries of the input.
#[cfg(test)]
mod props {
    use proptest::prelude::*;

    use super::*;

    fn edtfish() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[0-9X?~%/.\\-]{0,24}",
            "-?[0-9]{1,5}(-[0-9X]{2}(-[0-9X]{2})?)?[?~%]?(/(\\.\\.|-?[0-9]{4}(-[0-9]{2})?)?)?",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[é\u{301}ｰ]?",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9:.]{0,9}([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?",
            "([0-9]{1,2}[ /.]){1,2}[0-9]{4}",
        ]
    }

    proptest! {
        #[test]
        fn parsed_dates_keep_their_text_and_order_their_bounds(s in edtfish()) {
            match Edtf::parse(&s) {
                Ok(d) => {
                    prop_assert_eq!(d.as_written(), s.as_str());
                    prop_assert!(d.lower() <= d.upper(), "{:?} {:?}", d.lower(), d.upper());
                    prop_assert!(!d.display().is_empty());
                    prop_assert_eq!(Edtf::parse(d.as_written()).ok(), Some(d.clone()));
                    prop_assert!(d.start().rfc3339().len() >= 20);
                }
                Err(e) => {
                    prop_assert!(e.offset <= s.len());
                    prop_assert!(s.is_char_boundary(e.offset), "{:?}", e);
                    prop_assert!(e.len >= 1);
                }
            }
        }
    }
}
