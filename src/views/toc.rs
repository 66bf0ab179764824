//! A body's table of contents: its headings down to `###`, shown when the briefing or
//! page asks for it (or the site does and it does not refuse) and there are two or
//! more, since a table of one entry only repeats the heading below it.

use serde::Serialize;

use crate::markdown::Heading;

/// The deepest heading level listed: `###`.
const DEEPEST: u8 = 3;

/// Fewer entries than this and no table is shown.
const AT_LEAST: usize = 2;

/// One heading in a table of contents.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct TocEntry<'a> {
    /// 1 for `#`, 3 for `###`.
    pub level: u8,
    pub text: &'a str,
    pub id: &'a str,
    /// `#<id>`: the heading on the same page.
    pub href: String,
}

/// The table of contents of a body with `headings`, when one is shown: `own` is the
/// file's `toc:`, `site` the site's default. Empty when none is shown.
pub fn toc(headings: &[Heading], own: Option<bool>, site: bool) -> Vec<TocEntry<'_>> {
    if !own.unwrap_or(site) {
        return Vec::new();
    }
    let entries: Vec<TocEntry> = headings
        .iter()
        .filter(|h| h.level <= DEEPEST)
        .map(|h| TocEntry {
            level: h.level,
            text: &h.text,
            id: &h.id,
            href: format!("#{}", h.id),
        })
        .collect();
    if entries.len() < AT_LEAST {
        return Vec::new();
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(level: u8, id: &str) -> Heading {
        Heading {
            level,
            text: id.to_uppercase(),
            id: id.to_string(),
        }
    }

    #[test]
    fn shown_when_asked_for_with_two_headings_down_to_level_three() {
        let hs = [h(2, "a"), h(4, "deep"), h(3, "b")];
        let ids = |v: Vec<TocEntry>| v.iter().map(|e| e.href.clone()).collect::<Vec<_>>();
        assert_eq!(ids(toc(&hs, Some(true), false)), ["#a", "#b"]);
        assert_eq!(ids(toc(&hs, None, true)), ["#a", "#b"]);
        assert!(toc(&hs, Some(false), true).is_empty());
        assert!(toc(&hs, None, false).is_empty());
        assert!(toc(&hs[..2], Some(true), false).is_empty());
    }
}
