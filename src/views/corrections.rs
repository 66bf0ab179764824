//! Corrections: one as its briefing's page and the `/corrections/` listing show it,
//! and that listing, newest first. Called by the renderer and the briefing view.

use serde::Serialize;

use super::{BriefingLink, Catalog, DateView, Shared, href, slice};
use crate::model::{self, BriefingId};

#[derive(Serialize)]
pub struct CorrectionView<'a> {
    pub date: Shared<DateView<'a>>,
    pub what: &'a str,
    pub briefing: Shared<BriefingLink<'a>>,
    /// The corrections at the foot of its briefing's page.
    pub href: String,
}

pub(super) fn correction<'a>(c: &Catalog<'a>, b: BriefingId, i: usize) -> CorrectionView<'a> {
    let br = &c.site.briefings[b.index()];
    let x = &br.corrections[i];
    CorrectionView {
        date: c.date(&x.date),
        what: &x.what,
        briefing: c.briefing_link(b),
        href: format!("{}#corrections", href(&model::briefing_path(&br.slug))),
    }
}

/// This page of every correction, newest first.
pub fn corrections<'a>(c: &Catalog<'a>, page: usize) -> Vec<CorrectionView<'a>> {
    slice(
        &c.site.corrections_by_date,
        c.site.config.page_sizes.corrections,
        page,
    )
    .iter()
    .map(|&(b, i)| correction(c, b, i))
    .collect()
}
