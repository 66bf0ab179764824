//! A briefing's page, with everything it holds, and the paged listing of all
//! briefings. Called by the renderer.

use serde::Serialize;

use super::{
    ActorLink, AuthorLink, BriefingCard, Catalog, ClaimView, CorrectionView, DateView, EventView,
    Fragments, ImageView, QuoteView, Shared, SourceView, TocEntry, TopicLink, claim, correction,
    slice, toc,
};
use crate::content::Extra;
use crate::diag::Diagnostic;
use crate::grade;
use crate::model::BriefingId;

pub fn briefings<'a>(c: &Catalog<'a>, page: usize) -> Vec<Shared<BriefingCard<'a>>> {
    slice(
        &c.site.briefings_by_date,
        c.site.config.page_sizes.briefings,
        page,
    )
    .iter()
    .map(|&b| c.card(b))
    .collect()
}

#[derive(Serialize)]
pub struct BriefingView<'a> {
    /// Set when its text is shown in another language, untranslated.
    pub untranslated: Option<super::Untranslated<'a>>,
    pub title: &'a str,
    pub slug: &'a str,
    pub date: Shared<DateView<'a>>,
    pub updated: Option<Shared<DateView<'a>>>,
    pub summary: &'a str,
    pub location: Option<&'a str>,
    /// The byline, in order.
    pub authors: Vec<Shared<AuthorLink<'a>>>,
    pub topics: Vec<Shared<TopicLink<'a>>>,
    pub actors: Vec<Shared<ActorLink<'a>>>,
    pub quotes: Vec<Shared<QuoteView<'a>>>,
    pub events: Vec<Shared<EventView<'a>>>,
    pub sources: Vec<Shared<SourceView<'a>>>,
    pub claims: Vec<ClaimView<'a>>,
    /// Oldest first.
    pub corrections: Vec<CorrectionView<'a>>,
    /// The Admiralty scale, when any source of the briefing is graded.
    pub grade_legend: Option<Shared<grade::Legend>>,
    pub body: std::borrow::Cow<'a, str>,
    /// The body's table of contents; empty when none is shown.
    pub toc: Vec<TocEntry<'a>>,
    /// The lead image.
    pub image: Option<ImageView<'a>>,
    pub extra: &'a Extra,
}

pub fn briefing<'a>(
    c: &Catalog<'a>,
    r: &dyn Fragments,
    id: BriefingId,
) -> Result<BriefingView<'a>, Diagnostic> {
    let b = &c.site.briefings[id.index()];
    let mut corrections: Vec<usize> = (0..b.corrections.len()).collect();
    corrections.sort_by(|&x, &y| b.corrections[x].date.cmp(&b.corrections[y].date));
    let graded = b.sources.iter().any(|s| s.grade.is_some());
    Ok(BriefingView {
        untranslated: super::untranslated(c.site, b.text_lang.as_deref()),
        title: &b.title,
        slug: b.slug.as_str(),
        date: c.date(&b.date),
        updated: b.updated.as_ref().map(|d| c.date(d)),
        summary: &b.summary,
        location: b.location.as_deref(),
        authors: c.byline(&b.authors),
        topics: b.topics.iter().map(|&t| c.topic(t)).collect(),
        actors: b.actors.iter().map(|&a| c.actor(a)).collect(),
        quotes: c.site.quotes_of(id).map(|q| c.quote(q)).collect(),
        events: c.site.events_of(id).map(|e| c.event(e)).collect(),
        sources: c.sources(id),
        claims: c.site.claims_of(id).map(|x| claim(c, x)).collect(),
        corrections: corrections
            .into_iter()
            .map(|i| correction(c, id, i))
            .collect(),
        grade_legend: if graded {
            Some(c.grade_legend(r)?)
        } else {
            None
        },
        body: b.body_html.text(),
        toc: toc(&b.headings, b.toc, c.site.config.toc),
        image: b.image.as_ref().map(ImageView::new),
        extra: &b.extra,
    })
}
