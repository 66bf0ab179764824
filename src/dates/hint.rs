//! Hints for dates written the way people say or type them: `March 2022`,
//! `6 March 2022`, `March 6, 2022`, `03/06/2022`, `2022/03/06`, `2022-03-06 14:30Z`.
//!
//! Only consulted once a date has failed to parse, so a valid date never reaches here;
//! each hint is the EDTF to write instead, worked out from what was typed. Where a
//! slashed date reads two ways (`03/06/2022`: 6 March in the US, 3 June in Europe),
//! the hint gives both rather than guess.

use super::{DateError, days_in_month, month_name, name};

/// The error to report for `s`, which failed to parse with `e`: a plainer message and
/// a hint where `s` is a date in words or slashes, `e` with a hint where only the space
/// before a time is wrong, else `e` as it was.
pub(super) fn explain(s: &str, e: DateError) -> DateError {
    if let Some(hint) = in_words(s) {
        return DateError::new("dates are written in digits, year first", 0, s.len())
            .with_hint(hint);
    }
    if let Some(hint) = with_separators(s) {
        return DateError::new(
            "dates are written year first, with `-` between the parts",
            0,
            s.len(),
        )
        .with_hint(hint);
    }
    match spaced_time(s) {
        Some(hint) => e.with_hint(hint),
        None => e,
    }
}

fn write(year: i32, month: u8, day: Option<u8>) -> String {
    match day {
        Some(d) => format!("write `{year:04}-{month:02}-{d:02}`"),
        None => format!("write `{year:04}-{month:02}`"),
    }
}

/// `March 2022`, `6 March 2022`, `March 6, 2022`, `6th Mar. 2022`.
fn in_words(s: &str) -> Option<String> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let (month, day, year) = match words.as_slice() {
        [m, y] => (month_of(m)?, None, year_of(y)?),
        [d, m, y] => match month_of(m) {
            Some(m) => (m, Some(day_of(d)?), year_of(y)?),
            None => (month_of(d)?, Some(day_of(m)?), year_of(y)?),
        },
        _ => return None,
    };
    if day.is_some_and(|d| d > days_in_month(year, month)) {
        return None;
    }
    Some(write(year, month, day))
}

/// `03/06/2022`, `6.3.2022`, `2022/03/06`, `2022/03`.
fn with_separators(s: &str) -> Option<String> {
    let sep = if s.contains('/') { '/' } else { '.' };
    let parts: Vec<&str> = s.split(sep).collect();
    let num = |p: &str, max_len: usize| -> Option<u16> {
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let exists = |y: i32, m: u16, d: u16| {
        (1..=12).contains(&m) && d >= 1 && d <= u16::from(days_in_month(y, m as u8))
    };
    match parts.as_slice() {
        [y, m] if y.len() == 4 && sep == '/' => {
            let (y, m) = (i32::from(num(y, 4)?), num(m, 2)?);
            (1..=12).contains(&m).then(|| write(y, m as u8, None))
        }
        [y, m, d] if y.len() == 4 => {
            let (y, m, d) = (i32::from(num(y, 4)?), num(m, 2)?, num(d, 2)?);
            exists(y, m, d).then(|| write(y, m as u8, Some(d as u8)))
        }
        [a, b, y] if y.len() == 4 => {
            let (a, b, y) = (num(a, 2)?, num(b, 2)?, i32::from(num(y, 4)?));
            let day_first = exists(y, b, a).then_some((b, a));
            // Month first is the US habit; nobody writes `6.3.2022` for 3 June.
            let month_first = (sep == '/' && exists(y, a, b)).then_some((a, b));
            match (day_first, month_first) {
                (Some((m1, d1)), Some((m2, d2))) if (m1, d1) != (m2, d2) => Some(format!(
                    "write `{y:04}-{m1:02}-{d1:02}` for {d1} {}, or `{y:04}-{m2:02}-{d2:02}` for {d2} {}",
                    name(m1 as u8),
                    name(m2 as u8),
                )),
                (Some((m, d)), _) | (None, Some((m, d))) => Some(write(y, m as u8, Some(d as u8))),
                (None, None) => None,
            }
        }
        _ => None,
    }
}

/// `2022-03-06 14:30Z`: a date, one space, and something like a time.
fn spaced_time(s: &str) -> Option<String> {
    let (date, time) = s.split_once(' ')?;
    let looks_like_time =
        time.starts_with(|c: char| c.is_ascii_digit()) && time.contains(':') && !time.contains(' ');
    let full_date = date.len() == 10 && super::Edtf::parse(date).is_ok();
    if !(looks_like_time && full_date) {
        return None;
    }
    // Suggest only what would be read: `14:30` has no zone, `25:99` is no time.
    let zoned = time.ends_with('Z') || time.contains(['+', '-']);
    let suggestion = format!("{date}T{time}{}", if zoned { "" } else { "Z" });
    super::Edtf::parse(&suggestion).ok()?;
    Some(if zoned {
        format!("put a `T` between the date and the time: `{suggestion}`")
    } else {
        format!(
            "put a `T` between the date and the time, and give its zone: `{suggestion}` for \
             UTC, or an offset such as `{date}T{time}+02:00`"
        )
    })
}

/// A month's name or its usual abbreviation, any case, with or without a full stop.
fn month_of(word: &str) -> Option<u8> {
    let w = word.strip_suffix('.').unwrap_or(word).to_lowercase();
    if w.len() < 3 {
        return None;
    }
    (1..=12u8).find(|&m| {
        month_name(m).is_some_and(|name| {
            let name = name.to_lowercase();
            name == w || (name.starts_with(&w) && (w.len() == 3 || w == "sept"))
        })
    })
}

/// A day of the month, maybe with an English ordinal ending: `6`, `06`, `6th`.
fn day_of(word: &str) -> Option<u8> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let ending = &word[digits.len()..];
    let ok_ending = ["", "st", "nd", "rd", "th"].contains(&ending.to_lowercase().as_str());
    let d: u8 = (ok_ending && (1..=2).contains(&digits.len()))
        .then(|| digits.parse().ok())
        .flatten()?;
    (1..=31).contains(&d).then_some(d)
}

fn year_of(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::super::Edtf;

    /// The message and hint `Edtf::parse` gives for `s`.
    fn said(s: &str) -> (String, Option<String>) {
        match Edtf::parse(s) {
            Ok(d) => panic!("{s:?} should fail, parsed as {d:?}"),
            Err(e) => (e.message, e.hint),
        }
    }

    fn hint(s: &str) -> Option<String> {
        said(s).1
    }

    #[test]
    fn month_names_get_the_edtf_to_write() {
        assert_eq!(hint("March 2022").as_deref(), Some("write `2022-03`"));
        assert_eq!(hint("march 2022").as_deref(), Some("write `2022-03`"));
        assert_eq!(hint("Mar. 2022").as_deref(), Some("write `2022-03`"));
        assert_eq!(hint("Sept 2022").as_deref(), Some("write `2022-09`"));
        assert_eq!(hint("6 March 2022").as_deref(), Some("write `2022-03-06`"));
        assert_eq!(hint("March 6, 2022").as_deref(), Some("write `2022-03-06`"));
        assert_eq!(hint("6th Mar 2022").as_deref(), Some("write `2022-03-06`"));
        assert_eq!(
            said("March 2022").0,
            "dates are written in digits, year first"
        );
    }

    #[test]
    fn nonsense_in_words_gets_no_hint() {
        assert_eq!(hint("30 February 2022"), None);
        assert_eq!(hint("Marchy 2022"), None);
        assert_eq!(hint("Ma 2022"), None);
        assert_eq!(hint("6 March 22"), None);
        assert_eq!(hint("yesterday"), None);
        assert_eq!(hint("March"), None);
    }

    #[test]
    fn slashed_dates_are_turned_round_or_shown_both_ways() {
        assert_eq!(
            hint("03/06/2022").as_deref(),
            Some("write `2022-06-03` for 3 June, or `2022-03-06` for 6 March")
        );
        assert_eq!(hint("13/03/2022").as_deref(), Some("write `2022-03-13`"));
        assert_eq!(hint("03/13/2022").as_deref(), Some("write `2022-03-13`"));
        assert_eq!(hint("6/6/2022").as_deref(), Some("write `2022-06-06`"));
        assert_eq!(hint("6.3.2022").as_deref(), Some("write `2022-03-06`"));
        assert_eq!(hint("2022/03/06").as_deref(), Some("write `2022-03-06`"));
        assert_eq!(hint("2022.03.06").as_deref(), Some("write `2022-03-06`"));
        assert_eq!(hint("2022/03").as_deref(), Some("write `2022-03`"));
        assert_eq!(hint("31/02/2022"), None);
        assert_eq!(hint("2022/13"), None);
        assert_eq!(
            said("03/06/2022").0,
            "dates are written year first, with `-` between the parts"
        );
    }

    #[test]
    fn a_space_before_a_time_is_pointed_out() {
        let (message, given) = said("2022-03-06 14:30Z");
        assert_eq!(message, "unexpected space");
        assert_eq!(
            given.as_deref(),
            Some("put a `T` between the date and the time: `2022-03-06T14:30Z`")
        );
        assert_eq!(hint("2022-03 14:30Z"), None);
        assert_eq!(
            hint("2022-03-06 14:30").as_deref(),
            Some(
                "put a `T` between the date and the time, and give its zone: \
                 `2022-03-06T14:30Z` for UTC, or an offset such as `2022-03-06T14:30+02:00`"
            )
        );
        assert_eq!(hint("2022-03-06 25:99"), None);
    }

    #[test]
    fn other_errors_keep_their_message_and_get_no_hint() {
        assert_eq!(
            said("2022-13"),
            ("month 13 is out of range (01–12)".to_owned(), None)
        );
        // An interval of years is a valid date, never "explained".
        assert!(Edtf::parse("2021/2022").is_ok());
    }
}
