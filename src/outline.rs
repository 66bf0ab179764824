//! The site's outline: the fingerprint of everything its files are made from but the
//! briefings' bodies, beside the fingerprint of each body. When two builds' sites have
//! the same outline and the same templates, they differ at most in bodies, and a body
//! shows on its briefing's page and in the feeds alone: the incremental build then
//! renders those pages, makes the feeds, and keeps every other file as it is, without
//! making or fingerprinting any of their views (see `pipeline`).
//!
//! Made from the model, not from the files it was built from, so that it holds
//! whatever a file contributes: a body's headings, first figure, mentions and the
//! actors it links to are all fields of the model outside the body's HTML.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::fingerprint::{Fingerprint, Hasher};
use crate::model::Site;

/// A site's outline (see the module's documentation).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outline {
    /// Everything but the briefings' bodies.
    pub site: Fingerprint,
    /// Each briefing's body, by the path of its page.
    pub bodies: HashMap<String, Fingerprint>,
}

impl Outline {
    /// The outline of `site`, its languages' sites included.
    pub fn of(site: &Site) -> Outline {
        let bodies = (site.briefings.iter())
            .map(|b| {
                let page = crate::model::briefing_path(&b.slug);
                (page, b.body_html.fingerprint())
            })
            .collect();
        // The items, nearly all of the work at 100,000 briefings (1 s on one core),
        // are hashed in pieces on every core; the rest of the site beside them.
        // Each language's site is in `site`, with its items left out likewise.
        let (items, rest) = rayon::join(
            || {
                let mut h = Hasher::new();
                for s in std::iter::once(site).chain(site.languages.iter().map(|l| &**l)) {
                    h.fingerprint(pieces(&s.briefings))
                        .fingerprint(pieces(&s.quotes))
                        .fingerprint(pieces(&s.events));
                }
                h.finish()
            },
            || Hasher::new().value(site).finish(),
        );
        Outline {
            site: Hasher::new().fingerprint(items).fingerprint(rest).finish(),
            bodies,
        }
    }

    /// The briefing pages of `self` whose bodies are not as in `last`.
    pub fn bodies_changed_since<'a>(
        &'a self,
        last: &'a HashMap<String, Fingerprint>,
    ) -> impl Iterator<Item = &'a str> {
        (self.bodies.iter())
            .filter(move |(page, print)| last.get(*page) != Some(*print))
            .map(|(page, _)| page.as_str())
    }
}

/// The fingerprint of `items`, hashed in pieces on every core: the same for the same
/// items in the same order, whatever the pieces.
fn pieces<T: serde::Serialize + Sync>(items: &[T]) -> Fingerprint {
    let prints: Vec<Fingerprint> = (items.par_chunks(1024))
        .map(|chunk| Hasher::new().value(chunk).finish())
        .collect();
    let mut h = Hasher::new();
    h.bytes(&(items.len() as u64).to_le_bytes());
    prints.iter().for_each(|p| {
        h.fingerprint(*p);
    });
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::Section;
    use crate::feeds::testing::{site, source};

    /// The outline of a site of one actor and two briefings, the first with `body`.
    fn outline(body: &str) -> Outline {
        let sources = [
            source(Section::Actor, "a", "---\nname: Actor 0001\n---\n"),
            source(
                Section::Briefing,
                "b1",
                &format!("---\ntitle: Briefing 1\ndate: 2022-03-01\nsummary: S.\n---\n\n{body}\n"),
            ),
            source(
                Section::Briefing,
                "b2",
                "---\ntitle: Briefing 2\ndate: 2022-03-02\n---\n\nSecond.\n",
            ),
        ];
        Outline::of(&site(None, &sources))
    }

    #[test]
    fn a_body_alone_changes_its_fingerprint_and_anything_it_shows_elsewhere_the_outline() {
        let first = outline("First words.");
        assert_eq!(
            outline("First words."),
            first,
            "the same site, the same outline"
        );
        let reworded = outline("Other words.");
        assert_eq!(reworded.site, first.site);
        let changed: Vec<&str> = reworded.bodies_changed_since(&first.bodies).collect();
        assert_eq!(changed, ["briefings/b1/index.html"]);
        // A heading is in the table of contents, a mention on the actor's page.
        assert_ne!(outline("## A heading\n\nFirst words.").site, first.site);
        assert_ne!(outline("First words of [[Actor 0001]].").site, first.site);
    }
}
