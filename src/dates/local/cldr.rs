//! What ICU4X gives a [`DateFormat`](super::DateFormat) from CLDR: a locale's own
//! day, month and year formats, its month names and Roman numerals for centuries.

use icu_calendar::{Date as IcuDate, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets;
use icu_datetime::input::{DateTime, Time as IcuTime};
use icu_datetime::pattern::{DateTimePattern, FixedCalendarDateTimeNames, MonthNameLength};
use icu_locale_core::Locale;
use writeable::TryWriteable;

/// CLDR's own day, month and year formats for the locale, for a language whose files do
/// not give those patterns.
pub(super) struct Cldr {
    pub(super) day: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YMD>,
    pub(super) month: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YM>,
    pub(super) month_short: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::YM>,
    pub(super) year: FixedCalendarDateTimeFormatter<Gregorian, fieldsets::Y>,
}

impl Cldr {
    /// `None` only if ICU4X had no data at all for the locale or its parents.
    pub(super) fn new(locale: &Locale) -> Option<Cldr> {
        Some(Cldr {
            day: FixedCalendarDateTimeFormatter::try_new(locale.into(), fieldsets::YMD::long())
                .ok()?,
            month: FixedCalendarDateTimeFormatter::try_new(locale.into(), fieldsets::YM::long())
                .ok()?,
            month_short: FixedCalendarDateTimeFormatter::try_new(
                locale.into(),
                fieldsets::YM::medium(),
            )
            .ok()?,
            year: FixedCalendarDateTimeFormatter::try_new(locale.into(), fieldsets::Y::long())
                .ok()?,
        })
    }
}

/// The twelve month names of `locale` in one CLDR context and width, January first,
/// by formatting each month with `pattern` (`MMMM`, `LLLL`, `LLL`). A locale CLDR does
/// not know falls back to its parent and at last to the root (`M01`…).
pub(super) fn month_names(locale: &Locale, length: MonthNameLength, pattern: &str) -> [String; 12] {
    let mut out: [String; 12] = Default::default();
    let Ok(pattern) = pattern.parse::<DateTimePattern>() else {
        return out;
    };
    let Ok(mut names) = FixedCalendarDateTimeNames::<Gregorian>::try_new(locale.into()) else {
        return out;
    };
    if names.include_month_names(length).is_err() {
        return out;
    }
    for (m, slot) in (1..=12_u8).zip(out.iter_mut()) {
        if let Ok(date) = IcuDate::try_new_gregorian(2000, m, 1) {
            let at = DateTime {
                date,
                time: IcuTime::start_of_day(),
            };
            *slot = match names
                .with_pattern_unchecked(&pattern)
                .format(&at)
                .try_write_to_string()
            {
                Ok(s) | Err((_, s)) => s.into_owned(),
            };
        }
    }
    out
}

/// `21` → `XXI`, as Ukrainian and Russian write centuries.
pub(super) fn roman(mut n: i32) -> String {
    const NUMERALS: [(i32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}
