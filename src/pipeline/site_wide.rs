//! The site-wide files: feeds, the data export and the search index, made beside the
//! pages.

use super::*;

/// Feeds, data exports and the search index.
pub(super) fn extras(site: &Site) -> Vec<OutputFile> {
    extras_into(site, false, |f| f, crate::export::gathered)
}

/// [`extras`], each handed to `sink` as it is made: the data export's files (up to
/// 18 MB each at 10,000 briefings) are written and let go one by one.
///
/// One kind after the other, beside the pages, which keep the other cores busy: side
/// by side, the search index being made and an export file would be held at once.
///
/// The data export is one set of files, at the root, that holds every language.
///
/// `pieces` takes the files made piece by piece (the data export's), which are at the
/// root.
///
/// `feeds_only`: the feeds alone, the files that show bodies, for a site that differs
/// from the last build's in bodies alone.
pub(super) fn extras_into<T: Send>(
    site: &Site,
    feeds_only: bool,
    sink: impl Fn(OutputFile) -> T + Sync,
    pieces: impl Fn(&str, &mut dyn Iterator<Item = Vec<u8>>) -> T,
) -> Vec<T> {
    let mut all: Vec<T> = crate::feeds::files(site).into_iter().map(&sink).collect();
    if feeds_only {
        return all;
    }
    if site.config.prefix.is_empty() {
        all.extend(crate::export::files_into(site, pieces));
    }
    all.extend(crate::search::files_into(site, &sink));
    all
}

/// Whether the site-wide file at `path` is one of those made without the briefings'
/// bodies (the data export, the search index), which a site that differs from the last
/// build's in bodies alone keeps.
pub(super) fn extras_show_no_body(path: &str) -> bool {
    crate::export::owns(path) || crate::search::owns(path)
}

/// Whether `path` could be one of the site-wide files of `extras`: those are told
/// apart from pages and copied files without making them.
pub fn extras_may_own(path: &str) -> bool {
    let owns = |p: &str| crate::feeds::owns(p) || crate::export::owns(p) || crate::search::owns(p);
    // A language's feeds and search index are under its code (`uk/search/index.js`).
    owns(path)
        || path
            .split_once('/')
            .is_some_and(|(lang, rest)| crate::editions::may_be_code(lang) && owns(rest))
}
