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
    /// The outline of `site`. Its languages' sites are in `site` and hashed with it.
    pub fn of(site: &Site) -> Outline {
        let bodies = (site.briefings.iter())
            .map(|b| {
                let page = crate::model::briefing_path(&b.slug);
                (page, b.body_html.fingerprint())
            })
            .collect();
        Outline {
            site: Hasher::new().value(site).finish(),
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
