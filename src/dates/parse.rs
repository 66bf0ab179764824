//! Reading EDTF: the shapes of a date (a day, month or year, qualified, or an
//! interval of them) and a time of day after a full day, each error at its offset.

use super::{
    Date, DateError, EXPECTED_DATE, Edtf, End, Field, Reading, Shape, days_in_month, name, time,
};

pub(super) fn reject_spaces(s: &str) -> Result<(), DateError> {
    match s.char_indices().find(|(_, c)| c.is_whitespace()) {
        Some((at, c)) => Err(DateError::new("unexpected space", at, c.len_utf8())),
        None => Ok(()),
    }
}

/// A day written plainly, `2022-03-06`, the form of nearly every date, read without
/// the general parser; `None` for anything else, valid or not, which it then reads.
pub(super) fn plain_day(s: &str) -> Option<Shape> {
    let b: &[u8; 10] = s.as_bytes().try_into().ok()?;
    let digit = |i: usize| b[i].is_ascii_digit().then(|| b[i] - b'0');
    let [y0, y1, y2, y3, m0, m1, d0, d1] = [0, 1, 2, 3, 5, 6, 8, 9].map(digit);
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = [y0?, y1?, y2?, y3?]
        .iter()
        .fold(0i32, |n, d| n * 10 + i32::from(*d));
    let (month, day) = (Field::Known(m0? * 10 + m1?), Field::Known(d0? * 10 + d1?));
    // The general parser's checks: a day out of range is left to it, to report.
    check_month(month, (0, 0)).ok()?;
    check_day(year, month, day, (0, 0)).ok()?;
    Some(Shape::Single(Date {
        year,
        year_x: 0,
        month: Some(month),
        day: Some(day),
        uncertain: false,
        approximate: false,
    }))
}

pub(super) fn parse_shape(s: &str) -> Result<Shape, DateError> {
    let mut slashes = s.match_indices('/').map(|(at, _)| at);
    let Some(slash) = slashes.next() else {
        return parse_single(s);
    };
    if let Some(extra) = slashes.next() {
        return Err(DateError::new("an interval has only one `/`", extra, 1));
    }
    // '/' is ASCII, so both cuts fall on char boundaries.
    let (head, tail) = (
        s.get(..slash).unwrap_or(""),
        s.get(slash + 1..).unwrap_or(""),
    );
    let start = parse_end(head, 0)?;
    let end = parse_end(tail, slash + 1)?;
    check_interval(s, slash, start, end)?;
    Ok(Shape::Interval(start, end))
}

/// Where a `T` joins a date to a time: right after a digit or `X` (and, lowercase,
/// right before a digit), so `yesterday` is still "not a date" rather than a bad time.
pub(super) fn time_separator(s: &str) -> Option<usize> {
    // Most dates have no time: they are told apart at a glance (the walk below was
    // about 1% of a build after a one-line edit at 10,000 briefings).
    if !s.bytes().any(|b| b == b'T' || b == b't') {
        return None;
    }
    let digit = |c: char| c.is_ascii_digit();
    s.char_indices()
        .find(|&(i, c)| {
            let after_digit = s
                .get(..i)
                .is_some_and(|h| h.ends_with(|p: char| digit(p) || p == 'X'));
            let before_digit = s.get(i + 1..).is_some_and(|t| t.starts_with(digit));
            after_digit && (c == 'T' || (c == 't' && before_digit))
        })
        .map(|(i, _)| i)
}

/// `2022-03-06T14:30Z`: a full, plain day, `T` at byte `t`, and a time with its zone.
pub(super) fn parse_timed(s: &str, t: usize) -> Result<Edtf, DateError> {
    let (head, tail) = (s.get(..t).unwrap_or(""), s.get(t + 1..).unwrap_or(""));
    if let Some(slash) = s.find('/') {
        return Err(DateError::new(
            "a time of day goes on a single date, not in an interval",
            if slash < t { t } else { slash },
            1,
        ));
    }
    if s.get(t..=t) == Some("t") {
        return Err(DateError::new(
            "the date and time are joined by a capital T",
            t,
            1,
        ));
    }
    let date = parse_date(head, 0)?;
    let plain_day = matches!(date.reading(), Reading::Day(..));
    if !plain_day || date.uncertain || date.approximate {
        return Err(DateError::new(
            "a time of day needs a full, plain date before it, like 2022-03-06T14:30Z",
            0,
            t.max(1),
        ));
    }
    let time = time::parse(tail, t + 1).map_err(|e| {
        if e.message == time::NEEDS_ZONE {
            e.with_hint(format!(
                "add the zone the time was in: `{s}Z` for UTC, `{s}+02:00` for two hours ahead of it"
            ))
        } else {
            e
        }
    })?;
    Ok(Edtf {
        text: s.to_owned(),
        shape: Shape::Single(date),
        time: Some(time),
    })
}

fn parse_single(s: &str) -> Result<Shape, DateError> {
    if s == ".." {
        return Err(DateError::new(
            "an open end (..) belongs in an interval, like 2022-03-01/..",
            0,
            2,
        ));
    }
    parse_date(s, 0).map(Shape::Single)
}

fn parse_end(text: &str, base: usize) -> Result<End, DateError> {
    match text {
        "" => Ok(End::Unknown),
        ".." => Ok(End::Open),
        _ => parse_date(text, base).map(End::Known),
    }
}

fn check_interval(s: &str, slash: usize, start: End, end: End) -> Result<(), DateError> {
    match (start, end) {
        (End::Known(a), End::Known(b)) if a.lower() > b.lower() => Err(DateError::new(
            "interval ends before it starts",
            slash + 1,
            s.len() - slash - 1,
        )),
        (End::Known(_), _) | (_, End::Known(_)) => Ok(()),
        _ => Err(DateError::new(
            "an interval needs at least one known date",
            0,
            s.len(),
        )),
    }
}

/// Walks one side of an interval; offsets it reports are into the whole input.
struct Cursor<'a> {
    text: &'a str,
    base: usize,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_second(&self) -> Option<char> {
        self.rest().chars().nth(1)
    }

    /// Absolute byte offset of the next char.
    fn at(&self) -> usize {
        self.base + self.pos
    }

    fn eat(&mut self, want: char) -> bool {
        if self.peek() == Some(want) {
            self.pos += want.len_utf8();
            true
        } else {
            false
        }
    }

    /// Takes the run of digit-like chars (digits and either case of X, so a
    /// lowercase x gets its own message instead of "unexpected").
    fn digits(&mut self) -> (usize, &'a str) {
        let rest = self.rest();
        let len = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'X' || *b == b'x')
            .count();
        let start = self.at();
        self.pos += len;
        (start, rest.get(..len).unwrap_or(""))
    }

    /// An error at the next char, or just past the end if there is none.
    fn unexpected(&self) -> DateError {
        match self.peek() {
            Some(c) => DateError::new(
                format!("unexpected `{}`", c.escape_debug()),
                self.at(),
                c.len_utf8(),
            ),
            None => DateError::new("unexpected end of date", self.at(), 1),
        }
    }
}

fn parse_date(text: &str, base: usize) -> Result<Date, DateError> {
    let mut c = Cursor { text, base, pos: 0 };
    let (year, year_x) = parse_year(&mut c)?;
    let mut date = Date {
        year,
        year_x,
        month: None,
        day: None,
        uncertain: false,
        approximate: false,
    };
    if c.eat('-') {
        let (month, span) = parse_field(&mut c, "month", "03")?;
        if year_x > 0 {
            return Err(DateError::new(
                "a month cannot follow unspecified year digits",
                span.0,
                span.1,
            ));
        }
        check_month(month, span)?;
        date.month = Some(month);
        if c.eat('-') {
            let (day, span) = parse_field(&mut c, "day", "06")?;
            check_day(year, month, day, span)?;
            date.day = Some(day);
        }
    }
    parse_qualifier(&mut c, &mut date)?;
    Ok(date)
}

fn parse_year(c: &mut Cursor) -> Result<(i32, u8), DateError> {
    let start = c.at();
    match c.peek() {
        Some('-') if c.peek_second().is_some_and(|d| d.is_ascii_digit()) => {
            return Err(DateError::new("negative years are not supported", start, 1));
        }
        Some('Y') => {
            return Err(DateError::new(
                "long years like Y12345 are not supported",
                start,
                1,
            ));
        }
        Some('.') => {
            return Err(DateError::new(
                "an open end is written as `..` on its own",
                start,
                c.rest().len(),
            ));
        }
        Some(d) if d.is_ascii_digit() || d == 'X' || d == 'x' => {}
        // Point at the whole side: it is not a date at all, e.g. "yesterday".
        _ => return Err(DateError::new(EXPECTED_DATE, start, c.rest().len())),
    }
    let (offset, digits) = c.digits();
    check_capital_x(digits, offset)?;
    if digits.len() != 4 {
        return Err(DateError::new(
            "the year must have four digits, like 2022",
            offset,
            digits.len(),
        ));
    }
    let trailing_x = digits.bytes().rev().take_while(|b| *b == b'X').count();
    let head = digits.get(..4 - trailing_x).unwrap_or("");
    // Saturating keeps the check below honest without a lossy cast.
    let year_x = u8::try_from(trailing_x).unwrap_or(u8::MAX);
    if year_x > 2 || head.contains('X') {
        return Err(DateError::new(
            "only the last one or two digits of a year can be X",
            offset,
            4,
        ));
    }
    Ok((number(digits), year_x))
}

/// Reads a month or day: two digits or `XX`. Returns the field and its span.
fn parse_field(
    c: &mut Cursor,
    what: &str,
    example: &str,
) -> Result<(Field, (usize, usize)), DateError> {
    let dash = c.at().saturating_sub(1);
    let (offset, digits) = c.digits();
    if digits.is_empty() {
        // Underline what is there instead, or the dash if nothing is.
        let (at, len) = c.peek().map_or((dash, 1), |ch| (c.at(), ch.len_utf8()));
        return Err(DateError::new(
            format!("expected a {what} after `-`"),
            at,
            len,
        ));
    }
    check_capital_x(digits, offset)?;
    let span = (offset, digits.len());
    if digits.len() != 2 {
        return Err(DateError::new(
            format!("the {what} must have two digits, like {example}"),
            offset,
            digits.len(),
        ));
    }
    if digits == "XX" {
        return Ok((Field::Unspecified, span));
    }
    if digits.contains('X') {
        return Err(DateError::new(
            format!("a {what} is either two digits or XX"),
            offset,
            2,
        ));
    }
    // Two digits are at most 99, so this fits; saturating is belt and braces.
    let value = u8::try_from(number(digits)).unwrap_or(u8::MAX);
    Ok((Field::Known(value), span))
}

/// Value of a run of ASCII digits, reading X as 0. Callers pass at most four.
fn number(digits: &str) -> i32 {
    digits.bytes().fold(0, |acc, b| {
        let digit = if b.is_ascii_digit() { b - b'0' } else { 0 };
        acc * 10 + i32::from(digit)
    })
}

fn check_capital_x(digits: &str, offset: usize) -> Result<(), DateError> {
    match digits.find('x') {
        Some(i) => Err(DateError::new(
            "unspecified digits are written with a capital X",
            offset + i,
            1,
        )),
        None => Ok(()),
    }
}

fn check_month(month: Field, (offset, len): (usize, usize)) -> Result<(), DateError> {
    match month {
        Field::Known(m) if !(1..=12).contains(&m) => Err(DateError::new(
            format!("month {m:02} is out of range (01–12)"),
            offset,
            len,
        )),
        _ => Ok(()),
    }
}

fn check_day(
    year: i32,
    month: Field,
    day: Field,
    (offset, len): (usize, usize),
) -> Result<(), DateError> {
    let Field::Known(d) = day else {
        return Ok(());
    };
    let err = |message: String| Err(DateError::new(message, offset, len));
    if !(1..=31).contains(&d) {
        return err(format!("day {d:02} is out of range (01–31)"));
    }
    match month {
        Field::Unspecified => err("a day cannot be given when the month is unspecified".to_owned()),
        Field::Known(m) if d > days_in_month(year, m) => {
            err(format!("day {d} does not exist in {} {year}", name(m)))
        }
        Field::Known(_) => Ok(()),
    }
}

fn parse_qualifier(c: &mut Cursor, date: &mut Date) -> Result<(), DateError> {
    let at = c.at();
    let (uncertain, approximate) = match c.peek() {
        None => return Ok(()),
        Some('?') => (true, false),
        Some('~') => (false, true),
        Some('%') => (true, true),
        Some(_) => return Err(c.unexpected()),
    };
    c.pos += 1;
    date.uncertain = uncertain;
    date.approximate = approximate;
    match c.peek() {
        None => Ok(()),
        Some('?' | '~' | '%') => Err(DateError::new(
            "only one qualifier (?, ~ or %) is allowed",
            c.at(),
            1,
        )),
        Some('-') => Err(DateError::new(
            "a qualifier (?, ~ or %) must come at the end of the date",
            at,
            1,
        )),
        Some(_) => Err(c.unexpected()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_day_reads_as_the_general_parser_reads_it() {
        let mut read = 0;
        for year in [0, 1900, 1999, 2000, 2023, 2024, 9999] {
            for month in 0..=13 {
                for day in 0..=32 {
                    let s = format!("{year:04}-{month:02}-{day:02}");
                    let plain = plain_day(&s);
                    assert_eq!(plain, parse_shape(&s).ok(), "{s}");
                    read += usize::from(plain.is_some());
                }
            }
        }
        // Every real day of those years, 29 February only in the leap ones (0, 2000, 2024).
        assert_eq!(read, 366 * 3 + 365 * 4);
        for other in [
            "2022-03",
            "2022",
            "2022-03-06?",
            "2022-3-06",
            "2022-03-0X",
            "２０２２-03-06",
        ] {
            assert_eq!(plain_day(other), None, "{other}");
        }
    }
}
