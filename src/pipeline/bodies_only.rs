//! What a build keeps of the last one's pages when the site differs from it in
//! briefings' bodies alone (see `crate::outline`).

use super::*;

/// The last build's record, for a site with the outline of that build's (see
/// `crate::outline`): every page is as that build made it but those of the bodies that
/// changed, which are made as in any build.
pub(super) struct BodiesOnly<'r> {
    last: &'r Record,
    /// The pages of the briefings whose bodies changed.
    render: std::collections::HashSet<String>,
}

impl<'r> BodiesOnly<'r> {
    /// The last build's record `last`, if `site`, of `outline`, differs from its site
    /// in briefings' bodies alone, with the same templates (`renderer`).
    pub(super) fn of(
        last: &'r Record,
        outline: &Outline,
        site: &Site,
        renderer: crate::fingerprint::Fingerprint,
    ) -> Option<BodiesOnly<'r>> {
        let alike = last.same_outline(outline, renderer)
            && site.languages.is_empty()
            && site.config.prefix.is_empty()
            // The export and search files are kept from the record: all of them.
            && !last.doubtful().any(extras_show_no_body);
        alike.then(|| BodiesOnly {
            last,
            render: (outline.bodies_changed_since(last.bodies()))
                .map(str::to_string)
                .collect(),
        })
    }
}

impl crate::render::Reuse for BodiesOnly<'_> {
    fn kept(&self, path: &str, inputs: crate::fingerprint::Fingerprint) -> bool {
        self.last.kept(path, inputs)
    }

    fn may_keep(&self, renderer: crate::fingerprint::Fingerprint) -> bool {
        self.last.may_keep(renderer)
    }

    fn unchanged(&self, path: &str) -> Option<crate::fingerprint::Fingerprint> {
        match self.render.contains(path) {
            true => None,
            false => self.last.get(path).and_then(|e| e.inputs),
        }
    }
}
