//! The patterns of `dates:` in the strings files: their keys, the slots each may fill,
//! how a pattern is read and filled, and the built-in patterns of each language.

use std::collections::BTreeMap;
use std::fmt;

use icu_locale_core::Locale;

/// The built-in strings files, whose `dates:` sections are the built-in patterns.
pub(super) const BUILT_IN: [(&str, &str); 3] = [
    ("en", include_str!("../../../i18n/en.yaml")),
    ("uk", include_str!("../../../i18n/uk.yaml")),
    ("ru", include_str!("../../../i18n/ru.yaml")),
];

/// What a language without patterns of its own gets, key by key: symbols rather than
/// another language's words. Day, month and year are absent: CLDR writes those.
pub(super) const NEUTRAL: &[(Key, &str)] = &[
    (Key::Decade, "{first_year}–{last_year}"),
    (Key::Century, "{first_year}–{last_year}"),
    (Key::OrdinalOther, "{n}"),
    (Key::Years, "{start}–{end}"),
    (Key::Range, "{start} – {end}"),
    (Key::Around, "~{date}"),
    (Key::From, "{date} –"),
    (Key::Until, "– {date}"),
    (Key::Since, "{date} –"),
    (Key::WithNotes, "{date} ({notes})"),
    (Key::NotesSeparator, ", "),
    (Key::Uncertain, "?"),
    (Key::StartUncertain, "?"),
    (Key::EndUncertain, "?"),
    (Key::StartUnknown, "?"),
    (Key::EndUnknown, "?"),
    (Key::AtTime, "{date} {time}"),
    (Key::TimeUtc, "{clock} UTC"),
    (Key::TimeOffset, "{clock} UTC{offset}"),
    (Key::Unknown, "?"),
];

// ---------------------------------------------------------------------------
// Keys and slots

/// A place in a pattern that is filled in: `{month}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    Day,
    Month,
    MonthStandalone,
    MonthShort,
    Year,
    Decade,
    FirstYear,
    LastYear,
    Century,
    CenturyOrdinal,
    CenturyRoman,
    N,
    StartDay,
    StartMonth,
    StartMonthStandalone,
    EndDay,
    EndMonth,
    EndMonthStandalone,
    Start,
    End,
    Date,
    Notes,
    Time,
    Clock,
    Offset,
}

pub(super) const SLOTS: [(Slot, &str); 25] = [
    (Slot::Day, "day"),
    (Slot::Month, "month"),
    (Slot::MonthStandalone, "month_standalone"),
    (Slot::MonthShort, "month_short"),
    (Slot::Year, "year"),
    (Slot::Decade, "decade"),
    (Slot::FirstYear, "first_year"),
    (Slot::LastYear, "last_year"),
    (Slot::Century, "century"),
    (Slot::CenturyOrdinal, "century_ordinal"),
    (Slot::CenturyRoman, "century_roman"),
    (Slot::N, "n"),
    (Slot::StartDay, "start_day"),
    (Slot::StartMonth, "start_month"),
    (Slot::StartMonthStandalone, "start_month_standalone"),
    (Slot::EndDay, "end_day"),
    (Slot::EndMonth, "end_month"),
    (Slot::EndMonthStandalone, "end_month_standalone"),
    (Slot::Start, "start"),
    (Slot::End, "end"),
    (Slot::Date, "date"),
    (Slot::Notes, "notes"),
    (Slot::Time, "time"),
    (Slot::Clock, "clock"),
    (Slot::Offset, "offset"),
];

impl Slot {
    pub(super) fn name(self) -> &'static str {
        SLOTS
            .iter()
            .find(|(s, _)| *s == self)
            .map_or("?", |(_, n)| n)
    }

    pub(super) fn named(name: &str) -> Option<Slot> {
        SLOTS.iter().find(|(_, n)| *n == name).map(|(s, _)| *s)
    }
}

/// One key of the `dates:` section. The order is that of [`SPECS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Key {
    Day,
    DayInPhrase,
    Month,
    MonthInPhrase,
    MonthShort,
    Year,
    YearInPhrase,
    Decade,
    DecadeInPhrase,
    Century,
    CenturyInPhrase,
    OrdinalZero,
    OrdinalOne,
    OrdinalTwo,
    OrdinalFew,
    OrdinalMany,
    OrdinalOther,
    Days,
    DaysInPhrase,
    DaysMonths,
    DaysMonthsInPhrase,
    Months,
    MonthsInPhrase,
    Years,
    YearsInPhrase,
    Range,
    Around,
    From,
    Until,
    Since,
    FromAround,
    UntilAround,
    SinceAround,
    WithNotes,
    NotesSeparator,
    Uncertain,
    StartUncertain,
    EndUncertain,
    StartUnknown,
    EndUnknown,
    AtTime,
    TimeUtc,
    TimeOffset,
    Unknown,
}

/// A key's name in the file, the slots its pattern may use, and the key it falls back
/// to when no file gives it.
pub(super) struct Spec {
    pub(super) key: Key,
    pub(super) name: &'static str,
    pub(super) slots: &'static [Slot],
    pub(super) fallback: Option<Key>,
}

pub(super) const DAY_SLOTS: &[Slot] = &[Slot::Day, Slot::Month, Slot::MonthStandalone, Slot::Year];
pub(super) const MONTH_SLOTS: &[Slot] = &[Slot::Month, Slot::MonthStandalone, Slot::Year];
pub(super) const DECADE_SLOTS: &[Slot] = &[Slot::Decade, Slot::FirstYear, Slot::LastYear];
pub(super) const CENTURY_SLOTS: &[Slot] = &[
    Slot::Century,
    Slot::CenturyOrdinal,
    Slot::CenturyRoman,
    Slot::FirstYear,
    Slot::LastYear,
];
pub(super) const DAYS_SLOTS: &[Slot] = &[
    Slot::StartDay,
    Slot::EndDay,
    Slot::Month,
    Slot::MonthStandalone,
    Slot::Year,
];
pub(super) const DAYS_MONTHS_SLOTS: &[Slot] = &[
    Slot::StartDay,
    Slot::StartMonth,
    Slot::StartMonthStandalone,
    Slot::EndDay,
    Slot::EndMonth,
    Slot::EndMonthStandalone,
    Slot::Year,
];
pub(super) const MONTHS_SLOTS: &[Slot] = &[
    Slot::StartMonth,
    Slot::StartMonthStandalone,
    Slot::EndMonth,
    Slot::EndMonthStandalone,
    Slot::Year,
];
pub(super) const ENDS: &[Slot] = &[Slot::Start, Slot::End];
pub(super) const DATE: &[Slot] = &[Slot::Date];
pub(super) const N: &[Slot] = &[Slot::N];
pub(super) const TEXT: &[Slot] = &[];

pub(super) const fn spec(key: Key, name: &'static str, slots: &'static [Slot]) -> Spec {
    Spec {
        key,
        name,
        slots,
        fallback: None,
    }
}

pub(super) const fn or(
    key: Key,
    name: &'static str,
    slots: &'static [Slot],
    fallback: Key,
) -> Spec {
    Spec {
        key,
        name,
        slots,
        fallback: Some(fallback),
    }
}

pub(super) const SPECS: [Spec; 44] = [
    spec(Key::Day, "day", DAY_SLOTS),
    or(Key::DayInPhrase, "day_in_phrase", DAY_SLOTS, Key::Day),
    spec(Key::Month, "month", MONTH_SLOTS),
    or(
        Key::MonthInPhrase,
        "month_in_phrase",
        MONTH_SLOTS,
        Key::Month,
    ),
    spec(
        Key::MonthShort,
        "month_short",
        &[Slot::MonthShort, Slot::Year],
    ),
    spec(Key::Year, "year", &[Slot::Year]),
    or(
        Key::YearInPhrase,
        "year_in_phrase",
        &[Slot::Year],
        Key::Year,
    ),
    spec(Key::Decade, "decade", DECADE_SLOTS),
    or(
        Key::DecadeInPhrase,
        "decade_in_phrase",
        DECADE_SLOTS,
        Key::Decade,
    ),
    spec(Key::Century, "century", CENTURY_SLOTS),
    or(
        Key::CenturyInPhrase,
        "century_in_phrase",
        CENTURY_SLOTS,
        Key::Century,
    ),
    or(Key::OrdinalZero, "ordinal_zero", N, Key::OrdinalOther),
    or(Key::OrdinalOne, "ordinal_one", N, Key::OrdinalOther),
    or(Key::OrdinalTwo, "ordinal_two", N, Key::OrdinalOther),
    or(Key::OrdinalFew, "ordinal_few", N, Key::OrdinalOther),
    or(Key::OrdinalMany, "ordinal_many", N, Key::OrdinalOther),
    spec(Key::OrdinalOther, "ordinal_other", N),
    spec(Key::Days, "days", DAYS_SLOTS),
    or(Key::DaysInPhrase, "days_in_phrase", DAYS_SLOTS, Key::Days),
    spec(Key::DaysMonths, "days_months", DAYS_MONTHS_SLOTS),
    or(
        Key::DaysMonthsInPhrase,
        "days_months_in_phrase",
        DAYS_MONTHS_SLOTS,
        Key::DaysMonths,
    ),
    spec(Key::Months, "months", MONTHS_SLOTS),
    or(
        Key::MonthsInPhrase,
        "months_in_phrase",
        MONTHS_SLOTS,
        Key::Months,
    ),
    spec(Key::Years, "years", ENDS),
    or(Key::YearsInPhrase, "years_in_phrase", ENDS, Key::Years),
    spec(Key::Range, "range", ENDS),
    spec(Key::Around, "around", DATE),
    spec(Key::From, "from", DATE),
    spec(Key::Until, "until", DATE),
    spec(Key::Since, "since", DATE),
    spec(Key::FromAround, "from_around", DATE),
    spec(Key::UntilAround, "until_around", DATE),
    spec(Key::SinceAround, "since_around", DATE),
    spec(Key::WithNotes, "with_notes", &[Slot::Date, Slot::Notes]),
    spec(Key::NotesSeparator, "notes_separator", TEXT),
    spec(Key::Uncertain, "uncertain", TEXT),
    spec(Key::StartUncertain, "start_uncertain", TEXT),
    spec(Key::EndUncertain, "end_uncertain", TEXT),
    spec(Key::StartUnknown, "start_unknown", TEXT),
    spec(Key::EndUnknown, "end_unknown", TEXT),
    spec(Key::AtTime, "at_time", &[Slot::Date, Slot::Time]),
    spec(Key::TimeUtc, "time_utc", &[Slot::Clock]),
    spec(Key::TimeOffset, "time_offset", &[Slot::Clock, Slot::Offset]),
    spec(Key::Unknown, "unknown", TEXT),
];

/// Every key the `dates:` section may hold, in the order `i18n/en.yaml` describes them.
pub const KEYS: [&str; 44] = {
    let mut names = [""; 44];
    let mut i = 0;
    while i < SPECS.len() {
        names[i] = SPECS[i].name;
        i += 1;
    }
    names
};

impl Key {
    pub(super) fn spec(self) -> &'static Spec {
        &SPECS[self as usize]
    }

    pub(super) fn named(name: &str) -> Option<Key> {
        SPECS.iter().find(|s| s.name == name).map(|s| s.key)
    }
}

// ---------------------------------------------------------------------------
// Patterns

/// What fills a slot: text as is, or a number written in the locale's digits.
#[derive(Debug, Clone, Copy)]
pub(super) enum Value<'a> {
    Text(&'a str),
    Number(i64),
}

/// `n` in `digits` (ASCII's when `None`), ungrouped: how days and years are written.
pub(super) fn write_number(out: &mut String, digits: Option<[char; 10]>, n: i64) {
    use std::fmt::Write as _;
    match digits {
        // Writing to a String cannot fail.
        None => {
            let _ = write!(out, "{n}");
        }
        Some(digits) => {
            for c in n.to_string().chars() {
                out.push(c.to_digit(10).map_or(c, |d| digits[d as usize]));
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    Text(String),
    Slot(Slot),
}

/// A parsed pattern: text and slots in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pattern(Vec<Piece>);

impl Pattern {
    pub(super) fn parse(key: Key, text: &str) -> Result<Pattern, String> {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut rest = text;
        while let Some(i) = rest.find(['{', '}']) {
            lit.push_str(&rest[..i]);
            let tail = &rest[i..];
            if tail.starts_with("{{") || tail.starts_with("}}") {
                lit.push_str(&tail[..1]);
                rest = &tail[2..];
                continue;
            }
            if tail.starts_with('}') {
                return Err("unmatched `}` (write `}}` for a brace)".to_owned());
            }
            let Some(close) = tail.find('}') else {
                return Err("unclosed `{` (write `{{` for a brace)".to_owned());
            };
            let name = &tail[1..close];
            let spec = key.spec();
            match Slot::named(name).filter(|s| spec.slots.contains(s)) {
                Some(slot) => {
                    if !lit.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut lit)));
                    }
                    pieces.push(Piece::Slot(slot));
                }
                None => return Err(unknown_slot(spec, name)),
            }
            rest = &tail[close + 1..];
        }
        lit.push_str(rest);
        if !lit.is_empty() {
            pieces.push(Piece::Text(lit));
        }
        Ok(Pattern(pieces))
    }

    /// The pattern with its slots filled from `values`, numbers in `digits` (ASCII's
    /// when `None`); a slot without a value is left empty (the parse has already
    /// refused slots the key does not offer).
    pub(super) fn fill(&self, digits: Option<[char; 10]>, values: &[(Slot, Value<'_>)]) -> String {
        let mut out = String::with_capacity(32);
        for piece in &self.0 {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Slot(s) => match values.iter().find(|(k, _)| k == s) {
                    Some((_, Value::Text(v))) => out.push_str(v),
                    Some((_, Value::Number(n))) => write_number(&mut out, digits, *n),
                    None => {}
                },
            }
        }
        out
    }

    pub(super) fn text(&self) -> String {
        self.fill(None, &[])
    }
}

pub(super) fn unknown_slot(spec: &Spec, name: &str) -> String {
    let offered = if spec.slots.is_empty() {
        "it takes none".to_owned()
    } else {
        let names: Vec<String> = spec
            .slots
            .iter()
            .map(|s| format!("{{{}}}", s.name()))
            .collect();
        format!("it takes {}", names.join(", "))
    };
    format!("`{{{name}}}` is not a slot of `{}`: {offered}", spec.name)
}

/// A pattern of the `dates:` section that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// The key under `dates:` (`around`), or empty for the language tag itself.
    pub key: String,
    pub message: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.key.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "dates.{}: {}", self.key, self.message)
        }
    }
}

impl std::error::Error for PatternError {}

/// The `dates:` section of a strings file; every other key is someone else's.
#[derive(serde::Deserialize)]
pub(super) struct StringsFile {
    #[serde(default)]
    pub(super) dates: BTreeMap<String, String>,
}

pub(super) fn built_in(lang: &Locale) -> Option<BTreeMap<String, String>> {
    let code = lang.id.language.as_str();
    let (_, text) = BUILT_IN.iter().find(|(c, _)| *c == code)?;
    // The files are tested to parse; a broken one would show as no built-in patterns.
    serde_yaml::from_str::<StringsFile>(text)
        .ok()
        .map(|f| f.dates)
}
