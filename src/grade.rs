//! Admiralty (NATO STANAG 2511) source grades: a letter for how reliable the source is
//! and a digit for how credible the information is, e.g. `B2`.
//!
//! `F` and `6` mean "cannot be judged", not "worst": a new source with no track record
//! is `F`, a claim nothing else speaks to is `6`.

use serde::Serialize;

/// The reliability scale, `A`–`F`.
pub const RELIABILITY: [(char, &str); 6] = [
    ('A', "Completely reliable"),
    ('B', "Usually reliable"),
    ('C', "Fairly reliable"),
    ('D', "Not usually reliable"),
    ('E', "Unreliable"),
    ('F', "Reliability cannot be judged"),
];

/// The credibility scale, `1`–`6`.
pub const CREDIBILITY: [(char, &str); 6] = [
    ('1', "Confirmed by other sources"),
    ('2', "Probably true"),
    ('3', "Possibly true"),
    ('4', "Doubtful"),
    ('5', "Improbable"),
    ('6', "Truth cannot be judged"),
];

/// A valid grade and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grade {
    reliability: usize,
    credibility: usize,
}

impl Grade {
    /// `B2` → reliability B, credibility 2. Exactly a letter `A`–`F` and a digit `1`–`6`.
    pub fn parse(code: &str) -> Option<Grade> {
        let mut chars = code.chars();
        let (Some(r), Some(c), None) = (chars.next(), chars.next(), chars.next()) else {
            return None;
        };
        Some(Grade {
            reliability: RELIABILITY.iter().position(|&(k, _)| k == r)?,
            credibility: CREDIBILITY.iter().position(|&(k, _)| k == c)?,
        })
    }

    pub fn code(self) -> String {
        format!(
            "{}{}",
            RELIABILITY[self.reliability].0, CREDIBILITY[self.credibility].0
        )
    }

    /// "Usually reliable".
    pub fn reliability(self) -> &'static str {
        RELIABILITY[self.reliability].1
    }

    /// "Probably true".
    pub fn credibility(self) -> &'static str {
        CREDIBILITY[self.credibility].1
    }

    /// Whether both halves were judged (neither `F` nor `6`).
    pub fn judged(self) -> bool {
        self.reliability < 5 && self.credibility < 5
    }

    /// The meaning in one phrase: "Usually reliable source; information probably true".
    pub fn label(self) -> String {
        let r = match self.reliability {
            5 => "Source reliability cannot be judged".to_string(),
            _ => format!("{} source", self.reliability()),
        };
        let c = match self.credibility {
            5 => "truth of the information cannot be judged".to_string(),
            0 => "information confirmed by other sources".to_string(),
            _ => format!("information {}", self.credibility().to_lowercase()),
        };
        format!("{r}; {c}")
    }
}

/// A grade as templates receive it.
#[derive(Debug, Clone, Serialize)]
pub struct GradeView {
    pub code: String,
    /// "Usually reliable".
    pub reliability: &'static str,
    /// "Probably true".
    pub credibility: &'static str,
    /// "Usually reliable source; information probably true".
    pub label: String,
    /// False when either half cannot be judged (`F` or `6`): shown neutrally.
    pub judged: bool,
}

/// The view of a grade code; `None` for an invalid code (the model rejects those).
pub fn view(code: &str) -> Option<GradeView> {
    let g = Grade::parse(code)?;
    Some(GradeView {
        code: g.code(),
        reliability: g.reliability(),
        credibility: g.credibility(),
        label: g.label(),
        judged: g.judged(),
    })
}

/// One line of the legend.
#[derive(Debug, Clone, Serialize)]
pub struct LegendItem {
    pub code: char,
    pub label: &'static str,
}

/// The whole scale, for the legend under a briefing's sources.
#[derive(Debug, Clone, Serialize)]
pub struct Legend {
    pub reliability: Vec<LegendItem>,
    pub credibility: Vec<LegendItem>,
}

pub fn legend() -> Legend {
    let items = |scale: &[(char, &'static str)]| {
        scale
            .iter()
            .map(|&(code, label)| LegendItem { code, label })
            .collect()
    };
    Legend {
        reliability: items(&RELIABILITY),
        credibility: items(&CREDIBILITY),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn only_a_letter_a_to_f_and_a_digit_1_to_6_are_grades() {
        for bad in ["", "B", "b2", "G1", "A0", "A7", "B22", "2B", "Б2"] {
            assert!(Grade::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(Grade::parse("E5").map(Grade::code).as_deref(), Some("E5"));
    }
}
