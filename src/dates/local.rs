//! Dates and numbers in the reader's language.
//!
//! A [`DateFormat`] says every kind of date the site shows (a day, a month, a year, a
//! decade or century, approximate and uncertain dates, closed and open intervals, a day
//! with a time) in one language. What it is made of:
//!
//! - **Names and digits from CLDR**, through ICU4X's compiled data: month names in both
//!   of CLDR's contexts ("format", used with a day number: Ukrainian "березня", and
//!   "stand-alone": "березень"), the abbreviated stand-alone names for chart axes, the
//!   locale's digits, its digit grouping for counts, and its ordinal plural categories.
//!   No month table is written here.
//! - **Patterns** from the `dates:` section of `i18n/<lang>.yaml` ("around {date}",
//!   "{day} {month} {year}"), so a desk can reword them or add a language without code.
//!   The keys and their slots are documented in `i18n/en.yaml` and listed in [`KEYS`].
//!
//! A key is looked up in the desk's patterns, then the built-in file of the language
//! (`en`, `uk`, `ru`; a tag like `uk-UA` uses `uk`'s), then in language-neutral
//! defaults: a day, month or year as CLDR writes it for the locale ("6 mars 2022",
//! "2022年3月"), and symbols rather than English words for the phrases (`~{date}`,
//! `{date} –`, `– {date}`, `?` for the notes), so a French page shows no English.
//! A `K_in_phrase` key falls back to `K`.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, LazyLock};

use icu_calendar::Date as IcuDate;
use icu_datetime::pattern::MonthNameLength;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use writeable::Writeable;

use super::{Date, Day, Edtf, End, Reading, Shape, Time};

mod cldr;
mod pattern;

use cldr::{Cldr, month_names, roman};
use pattern::*;
pub use pattern::{KEYS, PatternError};

// ---------------------------------------------------------------------------
// The formatter

/// Dates and numbers in one language. Cheap to clone (shared inside).
#[derive(Clone)]
pub struct DateFormat(Arc<Inner>);

struct Inner {
    language: String,
    /// By [`Key`]; `None` where no file gives the key and none of its fallbacks does
    /// (a day, month or year then comes from `cldr`, a range from `range`).
    patterns: Vec<Option<Pattern>>,
    /// Month names, January first: format context, stand-alone, abbreviated stand-alone.
    months: [String; 12],
    months_standalone: [String; 12],
    months_short: [String; 12],
    /// The locale's digits 0–9, when they are not ASCII's.
    digits: Option<[char; 10]>,
    /// Counts with the locale's grouping; `None` only if ICU4X had no data at all.
    counts: Option<DecimalFormatter>,
    ordinals: Option<PluralRules>,
    cldr: Option<Cldr>,
}

#[derive(Debug, Clone, Copy)]
enum CldrKind {
    Day,
    Month,
    MonthShort,
    Year,
}

impl fmt::Debug for DateFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DateFormat")
            .field("language", &self.0.language)
            .finish_non_exhaustive()
    }
}

static ENGLISH: LazyLock<DateFormat> = LazyLock::new(|| {
    // The built-in English file is tested; should it ever fail, dates would come out
    // neutral rather than the build panicking.
    DateFormat::new("en", &BTreeMap::new()).unwrap_or_else(|_| DateFormat::neutral())
});

/// Whether a date is said alone or inside a phrase ("from …"), which in some languages
/// changes its grammatical case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Alone,
    InPhrase,
}

impl DateFormat {
    /// The site's English, as every page said it before there were languages.
    pub fn english() -> &'static DateFormat {
        &ENGLISH
    }

    /// The formatter for `language` (a BCP 47 tag: `uk`, `fr`, `pt-BR`) with the desk's
    /// `dates:` patterns over the built-in ones (see the module docs for the fallbacks).
    ///
    /// # Errors
    ///
    /// Every unusable pattern, unknown key and a tag that is not BCP 47, all at once.
    pub fn new(
        language: &str,
        desk: &BTreeMap<String, String>,
    ) -> Result<DateFormat, Vec<PatternError>> {
        let locale: Locale = language.parse().map_err(|_| {
            vec![PatternError {
                key: String::new(),
                message: format!("`{language}` is not a language tag like `uk` or `pt-BR`"),
            }]
        })?;
        let mut errors = Vec::new();
        for key in desk.keys() {
            if Key::named(key).is_none() {
                let hint = KEYS
                    .iter()
                    .map(|k| (strsim::jaro_winkler(key, k), *k))
                    .filter(|(score, _)| *score > 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map_or(String::new(), |(_, k)| format!("; did you mean `{k}`?"));
                errors.push(PatternError {
                    key: key.clone(),
                    message: format!("unknown key under `dates:`{hint}"),
                });
            }
        }
        let built_in = built_in(&locale).unwrap_or_default();
        let mut given: Vec<Option<Pattern>> = vec![None; SPECS.len()];
        for spec in &SPECS {
            let parsed = |text: &String, desk: bool| {
                Pattern::parse(spec.key, text).map_err(|message| PatternError {
                    // A built-in pattern is tested; its errors would name it all the same.
                    key: if desk {
                        spec.name.to_owned()
                    } else {
                        format!("{} (built in)", spec.name)
                    },
                    message,
                })
            };
            let found = match (desk.get(spec.name), built_in.get(spec.name)) {
                (Some(t), _) => Some(parsed(t, true)),
                (None, Some(t)) => Some(parsed(t, false)),
                (None, None) => None,
            };
            match found {
                Some(Ok(p)) => given[spec.key as usize] = Some(p),
                Some(Err(e)) => errors.push(e),
                None => {}
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let neutral = |key: Key| {
            NEUTRAL
                .iter()
                .find(|(k, _)| *k == key)
                .and_then(|(k, t)| Pattern::parse(*k, t).ok())
        };
        // Each key: the files' pattern, then its fallback key's, then the neutral ones.
        let patterns = SPECS
            .iter()
            .map(|spec| {
                given[spec.key as usize]
                    .clone()
                    .or_else(|| spec.fallback.and_then(|f| given[f as usize].clone()))
                    .or_else(|| neutral(spec.key))
                    .or_else(|| spec.fallback.and_then(neutral))
            })
            .collect();
        Ok(DateFormat(Arc::new(Inner::new(
            language, &locale, patterns,
        ))))
    }

    /// A formatter with no patterns but the neutral ones, for `und`: what
    /// [`DateFormat::english`] falls back to if its own file were broken.
    fn neutral() -> DateFormat {
        let locale = Locale::UNKNOWN;
        let patterns = SPECS
            .iter()
            .map(|spec| {
                NEUTRAL
                    .iter()
                    .find(|(k, _)| *k == spec.key)
                    .and_then(|(k, t)| Pattern::parse(*k, t).ok())
            })
            .collect();
        DateFormat(Arc::new(Inner::new("und", &locale, patterns)))
    }

    /// The language tag it was made for.
    pub fn language(&self) -> &str {
        &self.0.language
    }

    /// How a reader says an EDTF date: "6 March 2022", "around March 2022",
    /// "from 1 March 2022 (end unknown)", "6 March 2022, 14:30 UTC".
    pub fn edtf(&self, e: &Edtf) -> String {
        self.0.edtf(e, Form::Alone)
    }

    /// The time of day of a timed date, as [`DateFormat::edtf`] shows it: "14:30 UTC".
    pub fn time_of(&self, e: &Edtf) -> Option<String> {
        e.time.map(|t| self.0.time(t))
    }

    /// A time of day in the zone it was written in: "14:30 UTC", "09:05:30 UTC-05:00".
    pub fn time(&self, t: Time) -> String {
        self.0.time(t)
    }

    /// A time in a role: "4 February 2014 – 1 October 2024", "since January 2021",
    /// "until 2019"; `None` without either date.
    pub fn period(&self, from: Option<&Edtf>, until: Option<&Edtf>) -> Option<String> {
        let s = &self.0;
        Some(match (from, until) {
            (Some(f), Some(u)) => s.fill(
                Key::Range,
                &[
                    (Slot::Start, Value::Text(&s.edtf(f, Form::Alone))),
                    (Slot::End, Value::Text(&s.edtf(u, Form::Alone))),
                ],
            ),
            (Some(f), None) => s.lead_edtf(Key::Since, Key::SinceAround, f),
            (None, Some(u)) => s.lead_edtf(Key::Until, Key::UntilAround, u),
            (None, None) => return None,
        })
    }

    /// A day: "6 March 2022", "6 березня 2022". A day with a month no parse produces
    /// (the fields are public) is shown as ISO rather than panicking.
    pub fn day(&self, d: Day) -> String {
        if !(1..=12).contains(&d.month) {
            return d.iso();
        }
        self.0
            .reading(Reading::Day(d.year, d.month, d.day), Form::Alone)
    }

    /// A month on its own, as a timeline heading: "March 2022", "березень 2022".
    /// A month out of 1–12 is taken as the nearest.
    pub fn month(&self, year: i32, month: u8) -> String {
        self.0
            .reading(Reading::Month(year, month.clamp(1, 12)), Form::Alone)
    }

    /// A month on a chart axis: "Mar 2022", "бер. 2022".
    pub fn month_short(&self, year: i32, month: u8) -> String {
        let s = &self.0;
        let m = usize::from(month.clamp(1, 12) - 1);
        match s.pattern(Key::MonthShort) {
            Some(p) => p.fill(
                s.digits,
                &[
                    (Slot::MonthShort, Value::Text(&s.months_short[m])),
                    (Slot::Year, Value::Number(i64::from(year))),
                ],
            ),
            None => s.cldr_format(CldrKind::MonthShort, year, month, 1),
        }
    }

    /// A year: "2022".
    pub fn year(&self, year: i32) -> String {
        self.0.reading(Reading::Year(year), Form::Alone)
    }

    /// A count with the locale's grouping: "1,234", "1 234" (a no-break space).
    pub fn format_count(&self, n: u64) -> String {
        match &self.0.counts {
            Some(f) => f.format(&Decimal::from(n)).write_to_string().into_owned(),
            None => n.to_string(),
        }
    }

    /// A number in the locale's digits, ungrouped, as days and years are written.
    pub fn number(&self, n: i64) -> String {
        self.0.number(n)
    }
}

impl Inner {
    fn new(language: &str, locale: &Locale, patterns: Vec<Option<Pattern>>) -> Inner {
        let names = |length, pattern: &str| month_names(locale, length, pattern);
        let mut plain = DecimalFormatterOptions::default();
        plain.grouping_strategy = Some(GroupingStrategy::Never);
        let digits = DecimalFormatter::try_new(locale.into(), plain)
            .ok()
            .and_then(|f| {
                let shown = f
                    .format(&Decimal::from(1_234_567_890_u64))
                    .write_to_string()
                    .into_owned();
                let chars: Vec<char> = shown.chars().collect();
                // 1 2 3 4 5 6 7 8 9 0 → digits[1..] then digits[0].
                let [d1, d2, d3, d4, d5, d6, d7, d8, d9, d0] = chars.as_slice() else {
                    return None;
                };
                let all = [*d0, *d1, *d2, *d3, *d4, *d5, *d6, *d7, *d8, *d9];
                (all != ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']).then_some(all)
            });
        Inner {
            language: language.to_owned(),
            patterns,
            months: names(MonthNameLength::Wide, "MMMM"),
            months_standalone: names(MonthNameLength::StandaloneWide, "LLLL"),
            months_short: names(MonthNameLength::StandaloneAbbreviated, "LLL"),
            digits,
            counts: DecimalFormatter::try_new(locale.into(), DecimalFormatterOptions::default())
                .ok(),
            ordinals: PluralRules::try_new_ordinal(locale.into()).ok(),
            cldr: Cldr::new(locale),
        }
    }

    fn pattern(&self, key: Key) -> Option<&Pattern> {
        self.patterns.get(key as usize).and_then(Option::as_ref)
    }

    fn fill(&self, key: Key, values: &[(Slot, Value<'_>)]) -> String {
        self.pattern(key)
            .map_or_else(String::new, |p| p.fill(self.digits, values))
    }

    fn text(&self, key: Key) -> String {
        self.pattern(key).map_or_else(String::new, Pattern::text)
    }

    fn number(&self, n: i64) -> String {
        let mut out = String::new();
        write_number(&mut out, self.digits, n);
        out
    }

    fn edtf(&self, e: &Edtf, form: Form) -> String {
        match e.shape {
            Shape::Single(d) => match e.time {
                // A timed date is a plain day (parse_timed sees to it): no notes.
                Some(t) => self.fill(
                    Key::AtTime,
                    &[
                        (Slot::Date, Value::Text(&self.phrase(&d, form))),
                        (Slot::Time, Value::Text(&self.time(t))),
                    ],
                ),
                None => self.with_notes(self.phrase(&d, form), &self.uncertain_note(&d)),
            },
            Shape::Interval(start, end) => self.interval(start, end),
        }
    }

    /// "14:30 UTC", "09:05:30 UTC-05:00": seconds only when there are some.
    fn time(&self, t: Time) -> String {
        let two = |n: u8| {
            let s = self.number(i64::from(n));
            if n < 10 {
                format!("{}{s}", self.number(0))
            } else {
                s
            }
        };
        let mut clock = format!("{}:{}", two(t.hour), two(t.minute));
        if t.second != 0 {
            clock = format!("{clock}:{}", two(t.second));
        }
        if t.offset == 0 {
            self.fill(Key::TimeUtc, &[(Slot::Clock, Value::Text(&clock))])
        } else {
            self.fill(
                Key::TimeOffset,
                &[
                    (Slot::Clock, Value::Text(&clock)),
                    (Slot::Offset, Value::Text(&t.zone())),
                ],
            )
        }
    }

    /// The date with "around" if approximate; uncertainty is left to a note so
    /// intervals can say which end it belongs to.
    fn phrase(&self, d: &Date, form: Form) -> String {
        if d.approximate {
            let text = self.reading(d.reading(), Form::InPhrase);
            self.fill(Key::Around, &[(Slot::Date, Value::Text(&text))])
        } else {
            self.reading(d.reading(), form)
        }
    }

    /// "from {date}" and the like. An approximate date takes the `*_around` pattern when
    /// the language has one (Ukrainian "приблизно з березня 2022", where "з близько
    /// березня" would be wrong), else the phrase around "around {date}".
    fn lead(&self, key: Key, around: Key, d: &Date) -> String {
        match self.pattern(around) {
            Some(p) if d.approximate => p.fill(
                self.digits,
                &[(
                    Slot::Date,
                    Value::Text(&self.reading(d.reading(), Form::InPhrase)),
                )],
            ),
            _ => self.fill(
                key,
                &[(Slot::Date, Value::Text(&self.phrase(d, Form::InPhrase)))],
            ),
        }
    }

    /// [`Inner::lead`] for a whole date: a plain single date keeps its note after the
    /// phrase ("since March 2022 (uncertain)"); anything else goes in whole.
    fn lead_edtf(&self, key: Key, around: Key, e: &Edtf) -> String {
        match (e.shape, e.time) {
            (Shape::Single(d), None) => {
                self.with_notes(self.lead(key, around, &d), &self.uncertain_note(&d))
            }
            _ => self.fill(
                key,
                &[(Slot::Date, Value::Text(&self.edtf(e, Form::InPhrase)))],
            ),
        }
    }

    fn uncertain_note(&self, d: &Date) -> Vec<Key> {
        if d.uncertain {
            vec![Key::Uncertain]
        } else {
            Vec::new()
        }
    }

    fn with_notes(&self, text: String, notes: &[Key]) -> String {
        if notes.is_empty() {
            return text;
        }
        let notes: Vec<String> = notes.iter().map(|k| self.text(*k)).collect();
        let notes = notes.join(&self.text(Key::NotesSeparator));
        self.fill(
            Key::WithNotes,
            &[
                (Slot::Date, Value::Text(&text)),
                (Slot::Notes, Value::Text(&notes)),
            ],
        )
    }

    fn interval(&self, start: End, end: End) -> String {
        match (start, end) {
            (End::Known(a), End::Known(b)) => self.closed(&a, &b),
            (End::Known(a), other) => {
                let mut notes = self.uncertain_note(&a);
                if other == End::Unknown {
                    notes.push(Key::EndUnknown);
                }
                self.with_notes(self.lead(Key::From, Key::FromAround, &a), &notes)
            }
            (other, End::Known(b)) => {
                let mut notes = self.uncertain_note(&b);
                if other == End::Unknown {
                    notes.push(Key::StartUnknown);
                }
                self.with_notes(self.lead(Key::Until, Key::UntilAround, &b), &notes)
            }
            // parse() never builds this; say something harmless rather than panic.
            _ => self.text(Key::Unknown),
        }
    }

    fn closed(&self, a: &Date, b: &Date) -> String {
        // One "around" can only cover both ends when both are approximate;
        // otherwise each end must say for itself, so nothing is shared.
        let body = if a.approximate == b.approximate {
            if a.approximate {
                let range = self.range(a.reading(), b.reading(), Form::InPhrase);
                self.fill(Key::Around, &[(Slot::Date, Value::Text(&range))])
            } else {
                self.range(a.reading(), b.reading(), Form::Alone)
            }
        } else {
            self.fill(
                Key::Range,
                &[
                    (Slot::Start, Value::Text(&self.phrase(a, Form::Alone))),
                    (Slot::End, Value::Text(&self.phrase(b, Form::Alone))),
                ],
            )
        };
        let note = match (a.uncertain, b.uncertain) {
            (true, true) => Some(Key::Uncertain),
            (true, false) => Some(Key::StartUncertain),
            (false, true) => Some(Key::EndUncertain),
            (false, false) => None,
        };
        self.with_notes(body, note.as_slice())
    }

    /// Shares the month and year between the ends where a reader would:
    /// "4–5 March 2022", "27 February – 5 March 2022", "March–May 2022".
    fn range(&self, a: Reading, b: Reading, form: Form) -> String {
        use Reading as R;
        if a == b {
            return self.reading(a, form);
        }
        let phrase = form == Form::InPhrase;
        let pick =
            |alone: Key, in_phrase: Key| self.pattern(if phrase { in_phrase } else { alone });
        let shared = match (a, b) {
            (R::Day(y1, m1, d1), R::Day(y2, m2, d2)) if y1 == y2 && m1 == m2 => {
                pick(Key::Days, Key::DaysInPhrase).map(|p| {
                    let m = usize::from(m1 - 1);
                    p.fill(
                        self.digits,
                        &[
                            (Slot::StartDay, Value::Number(i64::from(d1))),
                            (Slot::EndDay, Value::Number(i64::from(d2))),
                            (Slot::Month, Value::Text(&self.months[m])),
                            (
                                Slot::MonthStandalone,
                                Value::Text(&self.months_standalone[m]),
                            ),
                            (Slot::Year, Value::Number(i64::from(y1))),
                        ],
                    )
                })
            }
            (R::Day(y1, m1, d1), R::Day(y2, m2, d2)) if y1 == y2 => {
                pick(Key::DaysMonths, Key::DaysMonthsInPhrase).map(|p| {
                    let (m1, m2) = (usize::from(m1 - 1), usize::from(m2 - 1));
                    p.fill(
                        self.digits,
                        &[
                            (Slot::StartDay, Value::Number(i64::from(d1))),
                            (Slot::StartMonth, Value::Text(&self.months[m1])),
                            (
                                Slot::StartMonthStandalone,
                                Value::Text(&self.months_standalone[m1]),
                            ),
                            (Slot::EndDay, Value::Number(i64::from(d2))),
                            (Slot::EndMonth, Value::Text(&self.months[m2])),
                            (
                                Slot::EndMonthStandalone,
                                Value::Text(&self.months_standalone[m2]),
                            ),
                            (Slot::Year, Value::Number(i64::from(y1))),
                        ],
                    )
                })
            }
            (R::Month(y1, m1), R::Month(y2, m2)) if y1 == y2 => {
                pick(Key::Months, Key::MonthsInPhrase).map(|p| {
                    let (m1, m2) = (usize::from(m1 - 1), usize::from(m2 - 1));
                    p.fill(
                        self.digits,
                        &[
                            (Slot::StartMonth, Value::Text(&self.months[m1])),
                            (
                                Slot::StartMonthStandalone,
                                Value::Text(&self.months_standalone[m1]),
                            ),
                            (Slot::EndMonth, Value::Text(&self.months[m2])),
                            (
                                Slot::EndMonthStandalone,
                                Value::Text(&self.months_standalone[m2]),
                            ),
                            (Slot::Year, Value::Number(i64::from(y1))),
                        ],
                    )
                })
            }
            (R::Year(y1), R::Year(y2)) => pick(Key::Years, Key::YearsInPhrase).map(|p| {
                p.fill(
                    self.digits,
                    &[
                        (Slot::Start, Value::Number(i64::from(y1))),
                        (Slot::End, Value::Number(i64::from(y2))),
                    ],
                )
            }),
            _ => None,
        };
        // Ends with spaces in them need a spaced dash to read as two ends.
        shared.unwrap_or_else(|| {
            self.fill(
                Key::Range,
                &[
                    (Slot::Start, Value::Text(&self.reading(a, form))),
                    (Slot::End, Value::Text(&self.reading(b, form))),
                ],
            )
        })
    }

    /// One date as written, unspecified parts dropped.
    fn reading(&self, r: Reading, form: Form) -> String {
        let phrase = form == Form::InPhrase;
        let pick =
            |alone: Key, in_phrase: Key| self.pattern(if phrase { in_phrase } else { alone });
        match r {
            Reading::Day(y, m, d) => match pick(Key::Day, Key::DayInPhrase) {
                Some(p) => {
                    let i = usize::from(m.clamp(1, 12) - 1);
                    p.fill(
                        self.digits,
                        &[
                            (Slot::Day, Value::Number(i64::from(d))),
                            (Slot::Month, Value::Text(&self.months[i])),
                            (
                                Slot::MonthStandalone,
                                Value::Text(&self.months_standalone[i]),
                            ),
                            (Slot::Year, Value::Number(i64::from(y))),
                        ],
                    )
                }
                None => self.cldr_format(CldrKind::Day, y, m, d),
            },
            Reading::Month(y, m) => match pick(Key::Month, Key::MonthInPhrase) {
                Some(p) => {
                    let i = usize::from(m.clamp(1, 12) - 1);
                    p.fill(
                        self.digits,
                        &[
                            (Slot::Month, Value::Text(&self.months[i])),
                            (
                                Slot::MonthStandalone,
                                Value::Text(&self.months_standalone[i]),
                            ),
                            (Slot::Year, Value::Number(i64::from(y))),
                        ],
                    )
                }
                None => self.cldr_format(CldrKind::Month, y, m, 1),
            },
            Reading::Year(y) => match pick(Key::Year, Key::YearInPhrase) {
                Some(p) => p.fill(self.digits, &[(Slot::Year, Value::Number(i64::from(y)))]),
                None => self.cldr_format(CldrKind::Year, y, 1, 1),
            },
            Reading::Decade(y) => self.fill(
                if phrase {
                    Key::DecadeInPhrase
                } else {
                    Key::Decade
                },
                &[
                    (Slot::Decade, Value::Number(i64::from(y))),
                    (Slot::FirstYear, Value::Number(i64::from(y))),
                    (Slot::LastYear, Value::Number(i64::from(y) + 9)),
                ],
            ),
            Reading::Century(y) => {
                let century = y / 100 + 1;
                self.fill(
                    if phrase {
                        Key::CenturyInPhrase
                    } else {
                        Key::Century
                    },
                    &[
                        (Slot::Century, Value::Number(i64::from(century))),
                        (Slot::CenturyOrdinal, Value::Text(&self.ordinal(century))),
                        (Slot::CenturyRoman, Value::Text(&roman(century))),
                        (Slot::FirstYear, Value::Number(i64::from(y))),
                        (Slot::LastYear, Value::Number(i64::from(y) + 99)),
                    ],
                )
            }
        }
    }

    /// "21st": the `ordinal_*` pattern of CLDR's ordinal category for `n`.
    fn ordinal(&self, n: i32) -> String {
        let category = self
            .ordinals
            .as_ref()
            .map_or(PluralCategory::Other, |r| r.category_for(n));
        let key = match category {
            PluralCategory::Zero => Key::OrdinalZero,
            PluralCategory::One => Key::OrdinalOne,
            PluralCategory::Two => Key::OrdinalTwo,
            PluralCategory::Few => Key::OrdinalFew,
            PluralCategory::Many => Key::OrdinalMany,
            PluralCategory::Other => Key::OrdinalOther,
        };
        self.fill(key, &[(Slot::N, Value::Number(i64::from(n)))])
    }

    /// A date as CLDR writes it in this locale; ISO digits if the date is out of
    /// ICU4X's range (years beyond ±9999 are never parsed).
    fn cldr_format(&self, kind: CldrKind, y: i32, m: u8, d: u8) -> String {
        let (Some(c), Ok(date)) = (&self.cldr, IcuDate::try_new_gregorian(y, m, d)) else {
            return format!("{y:04}-{m:02}-{d:02}");
        };
        match kind {
            CldrKind::Day => c.day.format(&date).write_to_string().into_owned(),
            CldrKind::Month => c.month.format(&date).write_to_string().into_owned(),
            CldrKind::MonthShort => c.month_short.format(&date).write_to_string().into_owned(),
            CldrKind::Year => c.year.format(&date).write_to_string().into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str) -> DateFormat {
        match DateFormat::new(code, &BTreeMap::new()) {
            Ok(f) => f,
            Err(e) => panic!("{code}: {e:?}"),
        }
    }

    fn desk(code: &str, patterns: &[(&str, &str)]) -> Result<DateFormat, Vec<PatternError>> {
        let map = patterns
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        DateFormat::new(code, &map)
    }

    fn says(f: &DateFormat, cases: &[(&str, &str)]) {
        for (written, want) in cases {
            let e = match Edtf::parse(written) {
                Ok(e) => e,
                Err(e) => panic!("{written:?}: {e:?}"),
            };
            assert_eq!(f.edtf(&e), *want, "{} of {written:?}", f.language());
        }
    }

    /// Every kind of date the site shows, as `Edtf::display` has always said it.
    const ENGLISH: &[(&str, &str)] = &[
        ("2022-03-06", "6 March 2022"),
        ("2022-03", "March 2022"),
        ("2022", "2022"),
        ("2022-03~", "around March 2022"),
        ("2022-03-06?", "6 March 2022 (uncertain)"),
        ("2022%", "around 2022 (uncertain)"),
        ("202X", "the 2020s"),
        ("202X~", "around the 2020s"),
        ("20XX", "the 21st century"),
        ("10XX", "the 11th century"),
        ("21XX", "the 22nd century"),
        ("22XX", "the 23rd century"),
        ("00XX", "the 1st century"),
        ("2022-03-04/2022-03-05", "4–5 March 2022"),
        ("2022-02-27/2022-03-05", "27 February – 5 March 2022"),
        ("2021-12-30/2022-01-02", "30 December 2021 – 2 January 2022"),
        ("2022-03/2022-05", "March–May 2022"),
        ("2021/2022", "2021–2022"),
        ("201X/202X", "the 2010s – the 2020s"),
        ("2022-03-01/..", "from 1 March 2022"),
        ("../2022-03-05", "until 5 March 2022"),
        ("2022-03-01/", "from 1 March 2022 (end unknown)"),
        ("/2022-03-05", "until 5 March 2022 (start unknown)"),
        ("2022-03~/..", "from around March 2022"),
        ("2022?/", "from 2022 (uncertain, end unknown)"),
        ("2022-03-04~/2022-03-05~", "around 4–5 March 2022"),
        (
            "2022-03-04~/2022-03-05",
            "around 4 March 2022 – 5 March 2022",
        ),
        ("2021%/2022~", "around 2021–2022 (start uncertain)"),
        ("2021/2022?", "2021–2022 (end uncertain)"),
        ("2022-03-06T14:30Z", "6 March 2022, 14:30 UTC"),
        (
            "2022-03-06T09:05:30-05:00",
            "6 March 2022, 09:05:30 UTC-05:00",
        ),
    ];

    #[test]
    fn english_says_every_date_as_before() {
        says(DateFormat::english(), ENGLISH);
        // Made from the tag, it is the same formatter.
        says(&lang("en"), ENGLISH);
        says(&lang("en-GB"), ENGLISH);
        let f = DateFormat::english();
        assert_eq!(f.language(), "en");
        assert_eq!(f.month(2022, 3), "March 2022");
        assert_eq!(f.month_short(2022, 9), "Sep 2022");
        assert_eq!(f.year(2022), "2022");
        assert_eq!(
            f.day(Day {
                year: 2022,
                month: 3,
                day: 6
            }),
            "6 March 2022"
        );
        assert_eq!(f.format_count(1234), "1,234");
        assert_eq!(f.format_count(7), "7");
    }

    #[test]
    fn english_short_months_are_the_first_three_letters_charts_used() {
        let f = DateFormat::english();
        for (m, name) in (1..=12).zip(super::super::MONTHS) {
            assert_eq!(f.month_short(2022, m), format!("{} 2022", &name[..3]));
            assert_eq!(f.month(2022, m), format!("{name} 2022"));
        }
    }

    #[test]
    fn english_periods_of_a_role() {
        let f = DateFormat::english();
        let d = |s: &str| Edtf::parse(s).ok();
        assert_eq!(
            f.period(d("2014-02-04").as_ref(), d("2024-10-01").as_ref())
                .as_deref(),
            Some("4 February 2014 – 1 October 2024")
        );
        assert_eq!(
            f.period(d("2021-01").as_ref(), None).as_deref(),
            Some("since January 2021")
        );
        assert_eq!(
            f.period(None, d("2019?").as_ref()).as_deref(),
            Some("until 2019 (uncertain)")
        );
        assert_eq!(
            f.period(d("2021~").as_ref(), None).as_deref(),
            Some("since around 2021")
        );
        assert_eq!(f.period(None, None), None);
    }

    #[test]
    fn ukrainian_days_take_the_genitive_and_bare_months_the_nominative() {
        says(
            &lang("uk"),
            &[
                ("2022-03-06", "6 березня 2022"),
                ("2022-03", "березень 2022"),
                ("2022", "2022"),
                ("2022-03~", "близько березня 2022"),
                ("2022-03-06~", "близько 6 березня 2022"),
                ("2022-03-06?", "6 березня 2022 (під сумнівом)"),
                ("2022%", "близько 2022 року (під сумнівом)"),
                ("202X", "2020-ті"),
                ("202X~", "близько 2020-х"),
                ("20XX", "XXI століття"),
                ("2022-03-04/2022-03-05", "4–5 березня 2022"),
                ("2022-02-27/2022-03-05", "27 лютого – 5 березня 2022"),
                ("2021-12-30/2022-01-02", "30 грудня 2021 – 2 січня 2022"),
                ("2022-03/2022-05", "березень–травень 2022"),
                ("2022-03~/2022-05~", "близько березня–травня 2022"),
                ("2021~/2022~", "близько 2021–2022 років"),
                ("2021-11/2022-02", "листопад 2021 – лютий 2022"),
                ("2022-03-01/..", "з 1 березня 2022"),
                ("2022-03/..", "з березня 2022"),
                ("2022/..", "з 2022 року"),
                ("202X/..", "з 2020-х"),
                ("../2022-03", "до березня 2022"),
                ("../2022-03-05", "до 5 березня 2022"),
                ("2022-03-01/", "з 1 березня 2022 (кінець невідомий)"),
                ("/2022-03-05", "до 5 березня 2022 (початок невідомий)"),
                ("2022-03~/..", "приблизно з березня 2022"),
                ("../2022-03~", "приблизно до березня 2022"),
                (
                    "2022-03-04?/2022-03-05",
                    "4–5 березня 2022 (початок під сумнівом)",
                ),
                ("2022-03-06T14:30+02:00", "6 березня 2022, 14:30 UTC+02:00"),
            ],
        );
        let f = lang("uk");
        assert_eq!(f.month(2022, 3), "березень 2022");
        assert_eq!(f.month_short(2022, 3), "бер. 2022");
        let since = Edtf::parse("2022-03").ok();
        assert_eq!(
            f.period(since.as_ref(), None).as_deref(),
            Some("з березня 2022")
        );
    }

    #[test]
    fn russian_days_take_the_genitive_and_bare_months_the_nominative() {
        says(
            &lang("ru"),
            &[
                ("2022-03-06", "6 марта 2022"),
                ("2022-03", "март 2022"),
                ("2022-03~", "около марта 2022"),
                ("2022%", "около 2022 года (под вопросом)"),
                ("202X", "2020-е"),
                ("202X~", "около 2020-х"),
                ("20XX", "XXI век"),
                ("20XX~", "около XXI века"),
                ("2022-03-04/2022-03-05", "4–5 марта 2022"),
                ("2022-02-27/2022-03-05", "27 февраля – 5 марта 2022"),
                ("2022-03/2022-05", "март–май 2022"),
                ("2022-03~/2022-05~", "около марта–мая 2022"),
                ("2022-03-01/..", "с 1 марта 2022"),
                ("2022-03/..", "с марта 2022"),
                ("2022/..", "с 2022 года"),
                ("../2022-03", "до марта 2022"),
                ("2022-03-01/", "с 1 марта 2022 (конец неизвестен)"),
                ("2022-03~/..", "примерно с марта 2022"),
                ("2022-03-06T14:30Z", "6 марта 2022, 14:30 UTC"),
            ],
        );
        assert_eq!(lang("ru").month(2022, 5), "май 2022");
    }

    #[test]
    fn a_regional_tag_uses_its_language_s_patterns() {
        says(&lang("uk-UA"), &[("2022-03/..", "з березня 2022")]);
    }

    #[test]
    fn french_without_patterns_gets_cldr_names_and_neutral_phrases() {
        says(
            &lang("fr"),
            &[
                ("2022-03-06", "6 mars 2022"),
                ("2022-03", "mars 2022"),
                ("2022", "2022"),
                ("2022-03~", "~mars 2022"),
                ("2022-03-06?", "6 mars 2022 (?)"),
                ("202X", "2020–2029"),
                ("20XX", "2000–2099"),
                ("2022-03-04/2022-03-05", "4 mars 2022 – 5 mars 2022"),
                ("2021/2022", "2021–2022"),
                ("2022-03-01/..", "1 mars 2022 –"),
                ("../2022-03-05", "– 5 mars 2022"),
                ("2022-03-06T14:30Z", "6 mars 2022 14:30 UTC"),
            ],
        );
        let f = lang("fr");
        assert_eq!(f.month(2022, 8), "août 2022");
        // CLDR's French groups with a narrow no-break space.
        assert_eq!(f.format_count(1234), "1\u{202f}234");
    }

    #[test]
    fn counts_group_as_the_locale_does() {
        assert_eq!(lang("uk").format_count(1_234_567), "1\u{a0}234\u{a0}567");
        assert_eq!(lang("de").format_count(1234), "1.234");
    }

    #[test]
    fn digits_follow_the_locale() {
        // Persian writes Extended Arabic-Indic digits by default; Arabic, Latin ones.
        let fa = lang("fa");
        assert_eq!(fa.number(2022), "۲۰۲۲");
        says(&fa, &[("202X", "۲۰۲۰–۲۰۲۹"), ("2022/..", "۲۰۲۲ –")]);
        assert_eq!(lang("ar").number(2022), "2022");
        assert_eq!(
            lang("ar").edtf(&Edtf::parse("2022-03").unwrap_or_else(|e| panic!("{e:?}"))),
            "مارس 2022"
        );
    }

    #[test]
    fn a_desk_pattern_overrides_the_built_in_one() {
        let f = match desk(
            "uk",
            &[
                ("around", "орієнтовно {date}"),
                ("year_in_phrase", "{year} р."),
                ("with_notes", "{date} [{notes}]"),
            ],
        ) {
            Ok(f) => f,
            Err(e) => panic!("{e:?}"),
        };
        says(
            &f,
            &[
                ("2022-03~", "орієнтовно березня 2022"),
                ("2022/..", "з 2022 р."),
                ("2022-03-06?", "6 березня 2022 [під сумнівом]"),
                // What the desk left alone stays built in.
                ("2022-03", "березень 2022"),
            ],
        );
        // A desk pattern for a language with none of its own.
        let fr = match desk(
            "fr",
            &[("from", "depuis {date}"), ("day", "{day} {month} {year}")],
        ) {
            Ok(f) => f,
            Err(e) => panic!("{e:?}"),
        };
        says(
            &fr,
            &[
                ("2022-03-01/..", "depuis 1 mars 2022"),
                ("2022-03", "mars 2022"),
            ],
        );
        // Braces are written doubled.
        let braces = desk("en", &[("year", "{{{year}}}")]).map(|f| f.year(2022));
        assert_eq!(braces.ok().as_deref(), Some("{2022}"));
    }

    #[test]
    fn an_in_phrase_form_falls_back_to_the_plain_one() {
        // English has no `month_in_phrase`: a desk's `month` serves in phrases too.
        let f = desk("en", &[("month", "{month_standalone}, {year}")]);
        says(
            &f.unwrap_or_else(|e| panic!("{e:?}")),
            &[
                ("2022-03", "March, 2022"),
                ("2022-03/..", "from March, 2022"),
            ],
        );
    }

    #[test]
    fn bad_patterns_are_all_reported_by_key() {
        let errors = match desk(
            "uk",
            &[
                ("arund", "x {date}"),
                ("day", "{day} {start} {year}"),
                ("from", "з {date"),
                ("until", "до }{date}"),
            ],
        ) {
            Ok(_) => panic!("bad patterns accepted"),
            Err(e) => e,
        };
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "dates.arund: unknown key under `dates:`; did you mean `around`?",
                "dates.day: `{start}` is not a slot of `day`: it takes {day}, {month}, \
                 {month_standalone}, {year}",
                "dates.from: unclosed `{` (write `{{` for a brace)",
                "dates.until: unmatched `}` (write `}}` for a brace)",
            ]
        );
        let tag = DateFormat::new("not a tag", &BTreeMap::new()).map(|_| ());
        assert_eq!(
            tag.map_err(|e| e[0].to_string()),
            Err("`not a tag` is not a language tag like `uk` or `pt-BR`".to_owned())
        );
    }

    #[test]
    fn built_in_files_are_complete_and_valid() {
        for (code, text) in BUILT_IN {
            let file: StringsFile = match serde_yaml::from_str(text) {
                Ok(f) => f,
                Err(e) => panic!("i18n/{code}.yaml: {e}"),
            };
            for (key, pattern) in &file.dates {
                let Some(k) = Key::named(key) else {
                    panic!("i18n/{code}.yaml: unknown key {key}");
                };
                if let Err(e) = Pattern::parse(k, pattern) {
                    panic!("i18n/{code}.yaml: {key}: {e}");
                }
            }
            // Every key without a fallback of its own is given, so no built-in
            // language shows a neutral `?` or `~`.
            for spec in &SPECS {
                let optional = spec.fallback.is_some()
                    || matches!(
                        spec.key,
                        Key::FromAround | Key::UntilAround | Key::SinceAround
                    );
                assert!(
                    optional || file.dates.contains_key(spec.name),
                    "i18n/{code}.yaml lacks {}",
                    spec.name
                );
            }
        }
        // en.yaml documents every key: the `_in_phrase` and `ordinal_` families by
        // naming their members.
        let en = BUILT_IN[0].1;
        for key in KEYS {
            let documented = match key.strip_suffix("_in_phrase") {
                Some(kind) => {
                    en.contains(&format!(" {kind},")) || en.contains(&format!(" {kind})"))
                }
                None => match key.strip_prefix("ordinal_") {
                    Some(category) => en.contains(category),
                    None => en.contains(&format!("{key}:")) || en.contains(&format!("`{key}`")),
                },
            };
            assert!(documented, "i18n/en.yaml does not document {key}");
        }
    }

    #[test]
    fn key_table_is_in_enum_order() {
        for (i, spec) in SPECS.iter().enumerate() {
            assert_eq!(spec.key as usize, i, "{}", spec.name);
            assert_eq!(KEYS[i], spec.name);
        }
        for (slot, name) in SLOTS {
            assert_eq!(Slot::named(name), Some(slot));
        }
    }

    #[test]
    fn roman_centuries() {
        assert_eq!(roman(1), "I");
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(19), "XIX");
        assert_eq!(roman(21), "XXI");
        assert_eq!(roman(100), "C");
    }

    #[test]
    fn shared_across_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<DateFormat>();
    }
}
