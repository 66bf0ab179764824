//! Admiralty (NATO STANAG 2511) source grades: a letter for how reliable the source is
//! and a digit for how credible the information is, e.g. `B2`.
//!
//! `F` and `6` mean "cannot be judged", not "worst": a new source with no track record
//! is `F`, a claim nothing else speaks to is `6`. What each means is said in the
//! site's language, by the strings file (`grade_reliability_b`, `grade_source_b`…).

use serde::Serialize;

use crate::i18n::Locale;

/// The reliability scale, `A`–`F`.
pub const RELIABILITY: [char; 6] = ['A', 'B', 'C', 'D', 'E', 'F'];

/// The credibility scale, `1`–`6`.
pub const CREDIBILITY: [char; 6] = ['1', '2', '3', '4', '5', '6'];

/// A valid grade and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grade {
    reliability: usize,
    credibility: usize,
}

/// The key of a step of a scale in the strings file: `grade_reliability_b`.
fn key(scale: &str, code: char) -> String {
    format!("grade_{scale}_{}", code.to_ascii_lowercase())
}

impl Grade {
    /// `B2` → reliability B, credibility 2. Exactly a letter `A`–`F` and a digit `1`–`6`.
    pub fn parse(code: &str) -> Option<Grade> {
        let mut chars = code.chars();
        let (Some(r), Some(c), None) = (chars.next(), chars.next(), chars.next()) else {
            return None;
        };
        Some(Grade {
            reliability: RELIABILITY.iter().position(|&k| k == r)?,
            credibility: CREDIBILITY.iter().position(|&k| k == c)?,
        })
    }

    pub fn code(self) -> String {
        format!(
            "{}{}",
            RELIABILITY[self.reliability], CREDIBILITY[self.credibility]
        )
    }

    /// "Usually reliable".
    pub fn reliability(self, l: &Locale) -> &str {
        l.text(&key("reliability", RELIABILITY[self.reliability]))
    }

    /// "Probably true".
    pub fn credibility(self, l: &Locale) -> &str {
        l.text(&key("credibility", CREDIBILITY[self.credibility]))
    }

    /// Whether both halves were judged (neither `F` nor `6`).
    pub fn judged(self) -> bool {
        self.reliability < 5 && self.credibility < 5
    }

    /// The meaning in one phrase: "Usually reliable source; information probably true".
    pub fn label(self, l: &Locale) -> String {
        l.format(
            "grade_label",
            &[
                (
                    "reliability",
                    l.text(&key("source", RELIABILITY[self.reliability])),
                ),
                (
                    "credibility",
                    l.text(&key("information", CREDIBILITY[self.credibility])),
                ),
            ],
        )
    }
}

/// A grade as templates receive it.
#[derive(Debug, Clone, Serialize)]
pub struct GradeView {
    pub code: String,
    /// "Usually reliable".
    pub reliability: String,
    /// "Probably true".
    pub credibility: String,
    /// "Usually reliable source; information probably true".
    pub label: String,
    /// False when either half cannot be judged (`F` or `6`): shown neutrally.
    pub judged: bool,
}

/// The view of a grade code in language `l`; `None` for an invalid code (the model
/// rejects those).
pub fn view(code: &str, l: &Locale) -> Option<GradeView> {
    let g = Grade::parse(code)?;
    Some(GradeView {
        code: g.code(),
        reliability: g.reliability(l).to_string(),
        credibility: g.credibility(l).to_string(),
        label: g.label(l),
        judged: g.judged(),
    })
}

/// One line of the legend.
#[derive(Debug, Clone, Serialize)]
pub struct LegendItem {
    pub code: char,
    pub label: String,
}

/// The whole scale, for the legend under a briefing's sources.
#[derive(Debug, Clone, Serialize)]
pub struct Legend {
    pub reliability: Vec<LegendItem>,
    pub credibility: Vec<LegendItem>,
}

pub fn legend(l: &Locale) -> Legend {
    let items = |scale: &str, codes: &[char]| {
        codes
            .iter()
            .map(|&code| LegendItem {
                code,
                label: l.text(&key(scale, code)).to_string(),
            })
            .collect()
    };
    Legend {
        reliability: items("reliability", &RELIABILITY),
        credibility: items("credibility", &CREDIBILITY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(code: &str) -> Option<GradeView> {
        super::view(code, &crate::i18n::Locales::built_in().get("en"))
    }

    #[test]
    fn grades_read_as_the_standard_says() {
        let g = view("B2").expect("valid");
        assert_eq!(g.reliability, "Usually reliable");
        assert_eq!(g.credibility, "Probably true");
        assert_eq!(
            g.label,
            "Usually reliable source; information probably true"
        );
        assert!(g.judged);
        let f6 = view("F6").expect("valid");
        assert_eq!(
            f6.label,
            "Source reliability cannot be judged; truth of the information cannot be judged"
        );
        assert!(!f6.judged);
        assert_eq!(
            view("A1").expect("valid").label,
            "Completely reliable source; information confirmed by other sources"
        );
        assert!(!view("C6").expect("valid").judged);
    }

    #[test]
    fn grades_read_in_the_sites_language() {
        let uk = crate::i18n::Locales::built_in().get("uk");
        let g = super::view("B2", &uk).expect("valid");
        assert_eq!(g.reliability, "Зазвичай надійне");
        assert_eq!(
            g.label,
            "Зазвичай надійне джерело; інформація імовірно правдива"
        );
        assert_eq!(
            legend(&uk).credibility[5].label,
            "Правдивість неможливо оцінити"
        );
    }

    #[test]
    fn only_a_letter_a_to_f_and_a_digit_1_to_6_are_grades() {
        for bad in ["", "B", "b2", "G1", "A0", "A7", "B22", "2B", "Б2"] {
            assert!(Grade::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(Grade::parse("E5").map(Grade::code).as_deref(), Some("E5"));
    }
}
