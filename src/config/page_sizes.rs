//! `page_sizes:` of `site.yaml`: how many items a page of each long listing shows.

use std::path::Path;

use crate::content::PageSizesFm;
use crate::diag::{Diagnostic, Kind};
use crate::yaml::Spans;

/// Items a listing page shows; longer listings get more pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct PageSizes {
    /// `/briefings/`.
    pub briefings: usize,
    /// A topic's briefings.
    pub topic: usize,
    /// `/quotes/`.
    pub quotes: usize,
    /// `/timeline/`: at most this many entries, in whole months where they fit.
    pub timeline: usize,
    /// An actor's statements, events, briefings and mentions (each), and the claims it
    /// asserts and denies (on its first page).
    pub actor: usize,
    /// `/claims/`.
    pub claims: usize,
    /// `/corrections/`.
    pub corrections: usize,
    /// An author's briefings.
    pub author: usize,
}

impl Default for PageSizes {
    fn default() -> Self {
        PageSizes {
            briefings: 50,
            topic: 50,
            quotes: 100,
            timeline: 150,
            actor: 100,
            claims: 100,
            corrections: 100,
            author: 50,
        }
    }
}

/// The largest page size accepted: past it a page is no longer a page of a listing but
/// the listing, which is what the sizes are there to prevent.
pub const MAX_PAGE_SIZE: i64 = 10_000;

impl PageSizes {
    /// The sizes `fm` sets over the defaults; a size below 1 or above
    /// [`MAX_PAGE_SIZE`] is an error at its place.
    pub fn read(
        fm: &PageSizesFm,
        path: &Path,
        text: &str,
        spans: &Spans,
    ) -> Result<PageSizes, Vec<Diagnostic>> {
        let mut sizes = PageSizes::default();
        let mut diags = Vec::new();
        let fields: [(&str, Option<i64>, &mut usize); 8] = [
            ("briefings", fm.briefings, &mut sizes.briefings),
            ("topic", fm.topic, &mut sizes.topic),
            ("quotes", fm.quotes, &mut sizes.quotes),
            ("timeline", fm.timeline, &mut sizes.timeline),
            ("actor", fm.actor, &mut sizes.actor),
            ("claims", fm.claims, &mut sizes.claims),
            ("corrections", fm.corrections, &mut sizes.corrections),
            ("author", fm.author, &mut sizes.author),
        ];
        for (name, given, slot) in fields {
            let Some(n) = given else { continue };
            match usize::try_from(n) {
                Ok(size) if (1..=MAX_PAGE_SIZE).contains(&n) => *slot = size,
                _ => {
                    let mut d = Diagnostic::new(
                        Kind::BadValue,
                        path,
                        format!("page size `{n}` for {name} is out of range"),
                    )
                    .hint(format!(
                        "a page shows 1 to {MAX_PAGE_SIZE} items; leave it out for the default, {}",
                        *slot
                    ));
                    if let Some(pos) = spans.value(&format!("page_sizes.{name}")) {
                        d = d.at(text, pos);
                    }
                    diags.push(d);
                }
            }
        }
        if diags.is_empty() {
            Ok(sizes)
        } else {
            Err(diags)
        }
    }
}
