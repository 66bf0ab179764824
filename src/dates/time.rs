//! Times of day on a date (EDTF level 0 date and time): `2022-03-06T14:30Z`,
//! `2022-03-06T14:30:00+02:00`, `2022-03-06T09:00-05:00`.
//!
//! A time must carry its zone (`Z` or an offset `±hh:mm`, or `±hh`). EDTF also allows a
//! local time without one, but that is refused: a reader abroad could not tell when it
//! was, the site could not sort it against times in other zones, and Atom and JSON-LD
//! need a full timestamp, which would mean guessing a zone nobody wrote.
//!
//! Seconds are optional (`14:30` is `14:30:00`); fractions of a second are refused.
//! The time is shown in the zone it was written in ("14:30 UTC+02:00"), never
//! converted, and sorts by the instant it names.

use std::cmp::Ordering;

use super::{DateError, Day};

/// A time of day with its offset from UTC, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Time {
    pub(super) hour: u8,
    pub(super) minute: u8,
    pub(super) second: u8,
    /// Minutes east of UTC; `Z` and `+00:00` are both 0.
    pub(super) offset: i16,
}

impl Time {
    /// Seconds since midnight in the time's own zone.
    fn local_seconds(self) -> i64 {
        i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second)
    }

    /// "14:30 UTC", "09:05:30 UTC-05:00": seconds only when there are some.
    pub fn display(self) -> String {
        super::local::DateFormat::english().time(self)
    }

    /// `14:30:00+02:00`, `14:30:00Z`: RFC 3339's time with offset, seconds always.
    fn rfc3339(self) -> String {
        format!(
            "{:02}:{:02}:{:02}{}",
            self.hour,
            self.minute,
            self.second,
            self.zone()
        )
    }

    /// `Z`, `+02:00`, `-05:30`.
    pub(super) fn zone(self) -> String {
        if self.offset == 0 {
            return "Z".to_owned();
        }
        let sign = if self.offset < 0 { '-' } else { '+' };
        let m = self.offset.unsigned_abs();
        format!("{sign}{:02}:{:02}", m / 60, m % 60)
    }
}

/// The earliest moment a date can mean, as precisely as it was written: a day, or a
/// day with a time of day. What feeds, page metadata and "last changed" are dated by.
///
/// Moments order by the instant: a day alone stands for 00:00 UTC that day, and comes
/// before a time naming the same instant (the vaguer value first, since a date-only
/// day is "some time that day" and a list newest first then shows the timed one
/// above it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Moment {
    /// The day as written (in the time's own zone, when there is a time).
    pub day: Day,
    time: Option<Time>,
}

impl Moment {
    pub(super) fn new(day: Day, time: Option<Time>) -> Moment {
        Moment { day, time }
    }

    /// A day with no time of day.
    pub fn on(day: Day) -> Moment {
        Moment { day, time: None }
    }

    pub fn has_time(&self) -> bool {
        self.time.is_some()
    }

    /// Seconds since 1970-01-01T00:00:00Z; a day alone counts from 00:00 UTC.
    fn instant(&self) -> i64 {
        let (local, offset) = self
            .time
            .map_or((0, 0), |t| (t.local_seconds(), i64::from(t.offset)));
        Day::number(self.day) * 86_400 + local - offset * 60
    }

    /// Whether it lies after the end of `day` in UTC: what "dated after today" means
    /// for a time written in any zone (`2026-12-03T00:30+14:00` is still 2 December
    /// in UTC). A day alone is after `day` when it is a later day.
    pub fn after_utc_day(&self, day: Day) -> bool {
        self.instant() >= (Day::number(day) + 1) * 86_400
    }

    /// `2022-03-06` for a day, `2022-03-06T14:30:00+02:00` with a time: ISO 8601 as
    /// precise as written, what JSON-LD and `<time datetime>` take.
    pub fn iso(&self) -> String {
        match self.time {
            Some(t) => format!("{}T{}", self.day.iso(), t.rfc3339()),
            None => self.day.iso(),
        }
    }

    /// A full RFC 3339 timestamp, as Atom wants: `2022-03-06T14:30:00+02:00`, or
    /// midnight UTC for a day alone (`2022-03-06T00:00:00Z`).
    pub fn rfc3339(&self) -> String {
        match self.time {
            Some(_) => self.iso(),
            None => format!("{}T00:00:00Z", self.day.iso()),
        }
    }

    /// What `Ord` compares: the instant, then day-before-time, then the offset, which
    /// with the instant fixes the day and time, so the order agrees with `Eq`.
    pub(super) fn key(&self) -> (i64, bool, i16) {
        (
            self.instant(),
            self.time.is_some(),
            self.time.map_or(0, |t| t.offset),
        )
    }
}

impl Ord for Moment {
    fn cmp(&self, other: &Moment) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for Moment {
    fn partial_cmp(&self, other: &Moment) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

// ---------------------------------------------------------------------------
// Parsing

pub(super) const NEEDS_ZONE: &str = "a time needs a zone: Z for UTC or an offset like +02:00";

/// Reads `hh:mm[:ss]` and a zone from `text`, which starts `base` bytes into the input.
pub(super) fn parse(text: &str, base: usize) -> Result<Time, DateError> {
    let mut r = Reader { text, base, pos: 0 };
    let run = text.bytes().take_while(u8::is_ascii_digit).count();
    if run == 4 || run == 6 {
        return Err(DateError::new(
            "write the time with colons, like 14:30",
            base,
            run,
        ));
    }
    let hour = r.two_digits("hour", "14")?;
    r.colon("hour")?;
    let minute = r.two_digits("minute", "30")?;
    let mut second = 0;
    if r.peek() == Some(b':') {
        r.pos += 1;
        second = r.two_digits("second", "00")?;
    }
    if r.peek() == Some(b'.') || r.peek() == Some(b',') {
        return Err(DateError::new(
            "fractions of a second are not supported",
            r.at(),
            r.rest().len(),
        ));
    }
    // The fields sit at fixed places in `hh:mm:ss`, so each error can point at its own.
    for (value, what, max, at) in [
        (hour, "hour", 23, 0),
        (minute, "minute", 59, 3),
        (second, "second", 59, 6),
    ] {
        if value > max {
            return Err(DateError::new(
                format!("{what} {value:02} is out of range (00–{max})"),
                base + at,
                2,
            ));
        }
    }
    let clock_len = r.pos;
    let offset = r.zone(clock_len)?;
    if r.pos < text.len() {
        return Err(r.unexpected());
    }
    Ok(Time {
        hour,
        minute,
        second,
        offset,
    })
}

/// Walks a time; offsets it reports are into the whole input.
struct Reader<'a> {
    text: &'a str,
    base: usize,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<u8> {
        self.rest().bytes().next()
    }

    fn at(&self) -> usize {
        self.base + self.pos
    }

    fn unexpected(&self) -> DateError {
        match self.rest().chars().next() {
            Some(c) => DateError::new(
                format!("unexpected `{}`", c.escape_debug()),
                self.at(),
                c.len_utf8(),
            ),
            None => DateError::new("unexpected end of date", self.at(), 1),
        }
    }

    fn two_digits(&mut self, what: &str, example: &str) -> Result<u8, DateError> {
        let run = self.rest().bytes().take_while(u8::is_ascii_digit).count();
        if run != 2 {
            let (at, len) = match run {
                0 => self
                    .rest()
                    .chars()
                    .next()
                    .map_or((self.at().saturating_sub(1), 1), |c| {
                        (self.at(), c.len_utf8())
                    }),
                n => (self.at(), n),
            };
            return Err(DateError::new(
                format!("the {what} must have two digits, like {example}"),
                at,
                len,
            ));
        }
        let value = self
            .rest()
            .bytes()
            .take(2)
            .fold(0, |acc, b| acc * 10 + (b - b'0'));
        self.pos += 2;
        Ok(value)
    }

    fn colon(&mut self, after: &str) -> Result<(), DateError> {
        if self.peek() == Some(b':') {
            self.pos += 1;
            return Ok(());
        }
        match self.peek() {
            None | Some(b'Z' | b'+' | b'-') => Err(DateError::new(
                format!("expected `:` and the minutes after the {after}, like 14:30"),
                self.at().saturating_sub(2),
                2,
            )),
            Some(_) => Err(self.unexpected()),
        }
    }

    /// `Z`, `±hh:mm` or `±hh`, as minutes east of UTC.
    fn zone(&mut self, clock_len: usize) -> Result<i16, DateError> {
        let sign = match self.peek() {
            None => return Err(DateError::new(NEEDS_ZONE, self.base, clock_len)),
            Some(b'Z') => {
                self.pos += 1;
                return Ok(0);
            }
            Some(b'z') => {
                return Err(DateError::new(
                    "UTC is written with a capital Z",
                    self.at(),
                    1,
                ));
            }
            Some(b'+') => 1,
            Some(b'-') => -1,
            Some(_) => return Err(self.unexpected()),
        };
        let start = self.at();
        self.pos += 1;
        let digits = self.rest().bytes().take_while(u8::is_ascii_digit).count();
        if digits == 4 {
            return Err(DateError::new(
                "write the offset with a colon, like +02:00",
                start,
                5,
            ));
        }
        let hours = self.two_digits("offset", "+02:00")?;
        let mut minutes = 0;
        if self.peek() == Some(b':') {
            self.pos += 1;
            minutes = self.two_digits("offset", "+02:00")?;
        }
        let len = self.at() - start;
        if hours > 23 || minutes > 59 {
            return Err(DateError::new(
                "the offset is out of range (-23:59 to +23:59)",
                start,
                len,
            ));
        }
        if sign < 0 && hours == 0 && minutes == 0 {
            // RFC 3339 reads -00:00 as "offset unknown", which is a local time.
            return Err(DateError::new("write Z for UTC, not -00:00", start, len));
        }
        Ok(sign * (i16::from(hours) * 60 + i16::from(minutes)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Time {
        match parse(s, 0) {
            Ok(t) => t,
            Err(e) => panic!("{s:?} should parse, got {e:?}"),
        }
    }

    fn err(s: &str) -> (String, usize, usize) {
        match parse(s, 0) {
            Ok(t) => panic!("{s:?} should fail, parsed as {t:?}"),
            Err(e) => (e.message, e.offset, e.len),
        }
    }

    fn day(year: i32, month: u8, day: u8) -> Day {
        Day { year, month, day }
    }

    #[test]
    fn parses_zones_and_optional_seconds() {
        assert_eq!(t("14:30Z").display(), "14:30 UTC");
        assert_eq!(t("14:30:00Z").display(), "14:30 UTC");
        assert_eq!(t("14:30:05Z").display(), "14:30:05 UTC");
        assert_eq!(t("14:30+02:00").display(), "14:30 UTC+02:00");
        assert_eq!(t("14:30+00:00").display(), "14:30 UTC");
        assert_eq!(t("09:00-05:00").display(), "09:00 UTC-05:00");
        assert_eq!(t("09:00+05:30").display(), "09:00 UTC+05:30");
        assert_eq!(t("09:00+02").display(), "09:00 UTC+02:00");
        assert_eq!(t("00:00Z").rfc3339(), "00:00:00Z");
        assert_eq!(t("23:59:59-03:30").rfc3339(), "23:59:59-03:30");
    }

    #[test]
    fn errors_point_at_the_bad_part() {
        let e = |m: &str, at, len| (m.to_owned(), at, len);
        assert_eq!(err("14:30"), e(NEEDS_ZONE, 0, 5));
        assert_eq!(err("14:30:00"), e(NEEDS_ZONE, 0, 8));
        assert_eq!(err("24:00Z"), e("hour 24 is out of range (00–23)", 0, 2));
        assert_eq!(err("14:60Z"), e("minute 60 is out of range (00–59)", 3, 2));
        assert_eq!(
            err("14:30:61Z"),
            e("second 61 is out of range (00–59)", 6, 2)
        );
        assert_eq!(
            err("1430Z"),
            e("write the time with colons, like 14:30", 0, 4)
        );
        assert_eq!(
            err("14Z"),
            e(
                "expected `:` and the minutes after the hour, like 14:30",
                0,
                2
            )
        );
        assert_eq!(
            err("4:30Z"),
            e("the hour must have two digits, like 14", 0, 1)
        );
        assert_eq!(
            err("14:3Z"),
            e("the minute must have two digits, like 30", 3, 1)
        );
        assert_eq!(
            err("14:30:00.5Z"),
            e("fractions of a second are not supported", 8, 3)
        );
        assert_eq!(err("14:30z"), e("UTC is written with a capital Z", 5, 1));
        assert_eq!(
            err("14:30+0200"),
            e("write the offset with a colon, like +02:00", 5, 5)
        );
        assert_eq!(
            err("14:30+24:00"),
            e("the offset is out of range (-23:59 to +23:59)", 5, 6)
        );
        assert_eq!(err("14:30-00:00"), e("write Z for UTC, not -00:00", 5, 6));
        assert_eq!(err("14:30ZZ"), e("unexpected `Z`", 6, 1));
        assert_eq!(err("14:30+02:00x"), e("unexpected `x`", 11, 1));
        assert_eq!(err(""), e("the hour must have two digits, like 14", 0, 1));
        assert_eq!(
            err("14:30+"),
            e("the offset must have two digits, like +02:00", 5, 1)
        );
        assert_eq!(
            err("14:😀"),
            e("the minute must have two digits, like 30", 3, 4)
        );
    }

    #[test]
    fn after_a_utc_day_is_after_its_last_instant_in_utc() {
        let today = Day {
            year: 2026,
            month: 12,
            day: 2,
        };
        let after = |s: &str| {
            crate::dates::Edtf::parse(s)
                .unwrap()
                .start()
                .after_utc_day(today)
        };
        assert!(!after("2026-12-03T00:30+14:00"), "10:30 UTC today");
        assert!(after("2026-12-02T23:00-05:00"), "04:00 UTC tomorrow");
        assert!(!after("2026-12-02T23:59:59Z"));
        assert!(after("2026-12-03T00:00Z"));
        assert!(!after("2026-12-02") && after("2026-12-03") && !after("2026-12"));
    }

    #[test]
    fn days_since_epoch_matches_known_days() {
        assert_eq!(Day::number(day(1970, 1, 1)), 0);
        assert_eq!(Day::number(day(1969, 12, 31)), -1);
        assert_eq!(Day::number(day(2000, 3, 1)), 11_017);
        assert_eq!(Day::number(day(2022, 3, 6)), 19_057);
        assert_eq!(Day::number(day(0, 1, 1)), -719_528);
    }

    #[test]
    fn moments_order_by_instant_with_a_day_first() {
        let on = |s: &str| Moment::new(day(2022, 3, 6), Some(t(s)));
        let plain = Moment::on(day(2022, 3, 6));
        // 14:30+02:00 is 12:30 UTC, before 13:00 UTC.
        assert!(on("14:30+02:00") < on("13:00Z"));
        assert!(on("09:00Z") < on("14:30Z"));
        assert!(plain < on("00:00Z"));
        assert!(plain < on("09:00Z"));
        // 01:00+02:00 on the 6th is 23:00 UTC on the 5th.
        assert!(on("01:00+02:00") < plain);
        assert!(plain < Moment::on(day(2022, 3, 7)));
        // Same instant, different zones: ordered, and not equal.
        let (a, b) = (on("12:30Z"), on("14:30+02:00"));
        assert_eq!(a.instant(), b.instant());
        assert_ne!(a, b);
        assert_ne!(a.cmp(&b), Ordering::Equal);
        assert_eq!(a.cmp(&on("12:30:00Z")), Ordering::Equal);
    }

    #[test]
    fn moments_write_iso_and_rfc3339() {
        let plain = Moment::on(day(2022, 3, 6));
        assert_eq!(plain.iso(), "2022-03-06");
        assert_eq!(plain.rfc3339(), "2022-03-06T00:00:00Z");
        let timed = Moment::new(day(2022, 3, 6), Some(t("14:30+02:00")));
        assert_eq!(timed.iso(), "2022-03-06T14:30:00+02:00");
        assert_eq!(timed.rfc3339(), "2022-03-06T14:30:00+02:00");
        let utc = Moment::new(day(2022, 3, 6), Some(t("14:30Z")));
        assert_eq!(utc.rfc3339(), "2022-03-06T14:30:00Z");
        assert!(timed.has_time() && !plain.has_time());
    }

    // --- on an Edtf ---------------------------------------------------------

    use super::super::{Edtf, Precision};

    fn edtf(s: &str) -> Edtf {
        match Edtf::parse(s) {
            Ok(e) => e,
            Err(e) => panic!("{s:?} should parse, got {e:?}"),
        }
    }

    fn edtf_err(s: &str) -> (String, usize, usize) {
        match Edtf::parse(s) {
            Ok(e) => panic!("{s:?} should fail, parsed as {e:?}"),
            Err(e) => (e.message, e.offset, e.len),
        }
    }

    #[test]
    fn timed_dates_show_the_day_and_the_time_in_its_zone() {
        let e = edtf("2022-03-06T14:30:00Z");
        assert_eq!(e.display(), "6 March 2022, 14:30 UTC");
        assert_eq!(e.time_display().as_deref(), Some("14:30 UTC"));
        assert_eq!(e.as_written(), "2022-03-06T14:30:00Z");
        assert_eq!(
            edtf("2022-03-06T14:30+02:00").display(),
            "6 March 2022, 14:30 UTC+02:00"
        );
        assert_eq!(
            edtf("2022-03-06T23:30-05:00").display(),
            "6 March 2022, 23:30 UTC-05:00"
        );
        // Bounds and precision stay those of the written day.
        let late = edtf("2022-03-06T23:30-05:00");
        assert_eq!(
            (late.lower(), late.upper()),
            (day(2022, 3, 6), day(2022, 3, 6))
        );
        assert_eq!(late.precision(), Precision::Day);
        assert_eq!(late.month_key(), (2022, 3));
        assert!(!late.is_interval() && !late.is_uncertain() && !late.is_approximate());
        assert_eq!(late.start().rfc3339(), "2022-03-06T23:30:00-05:00");
    }

    #[test]
    fn date_only_values_are_unchanged() {
        let e = edtf("2022-03-06");
        assert_eq!(e.time_display(), None);
        assert_eq!(e.display(), "6 March 2022");
        assert_eq!(e.start(), Moment::on(day(2022, 3, 6)));
        assert_eq!(e.start().rfc3339(), "2022-03-06T00:00:00Z");
        assert_eq!(edtf("2022-03").start().iso(), "2022-03-01");
    }

    #[test]
    fn timed_dates_sort_by_the_instant_and_after_their_day() {
        let mut v: Vec<Edtf> = [
            "2022-03-06T14:30Z",
            "2022-03-07",
            "2022-03-06T09:00Z",
            "2022-03-06",
            // 10:00 UTC: between the two above.
            "2022-03-06T12:00+02:00",
            // 23:00 UTC on the 5th.
            "2022-03-06T01:00+02:00",
            "2022-03",
            "2022-03-05",
        ]
        .iter()
        .map(|s| edtf(s))
        .collect();
        v.sort();
        let got: Vec<&str> = v.iter().map(Edtf::as_written).collect();
        assert_eq!(
            got,
            [
                "2022-03",
                "2022-03-05",
                "2022-03-06T01:00+02:00",
                "2022-03-06",
                "2022-03-06T09:00Z",
                "2022-03-06T12:00+02:00",
                "2022-03-06T14:30Z",
                "2022-03-07",
            ]
        );
        // Same instant, written two ways: distinct and ordered.
        let (a, b) = (edtf("2022-03-06T12:30Z"), edtf("2022-03-06T14:30+02:00"));
        assert_ne!(a, b);
        assert_ne!(a.cmp(&b), Ordering::Equal);
    }

    #[test]
    fn times_only_go_on_a_plain_single_day() {
        let e = |m: &str, at, len| (m.to_owned(), at, len);
        let plain = "a time of day needs a full, plain date before it, like 2022-03-06T14:30Z";
        assert_eq!(edtf_err("2022-03T14:30Z"), e(plain, 0, 7));
        assert_eq!(edtf_err("2022-03-XXT14:30Z"), e(plain, 0, 10));
        assert_eq!(edtf_err("2022T14:30Z"), e(plain, 0, 4));
        assert_eq!(edtf_err("2022-03-06~T14:30Z"), e("unexpected `T`", 11, 1));
        let interval = "a time of day goes on a single date, not in an interval";
        assert_eq!(edtf_err("2022-03-06T14:30Z/2022-03-07"), e(interval, 17, 1));
        assert_eq!(edtf_err("2022-03-05/2022-03-06T14:30Z"), e(interval, 21, 1));
        assert_eq!(
            edtf_err("2022-03-06t14:30Z"),
            e("the date and time are joined by a capital T", 10, 1)
        );
        assert_eq!(edtf_err("2022-03-06T14:30"), e(NEEDS_ZONE, 11, 5));
        assert_eq!(
            edtf_err("2022-03-06T"),
            e("the hour must have two digits, like 14", 10, 1)
        );
        assert_eq!(
            edtf_err("2022-02-30T10:00Z"),
            e("day 30 does not exist in February 2022", 8, 2)
        );
        // Letters elsewhere are still "not a date".
        assert_eq!(
            edtf_err("yesterday"),
            e("expected a date like 2022-03-06, 2022-03 or 2022", 0, 9)
        );
    }
}
