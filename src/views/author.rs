//! An author's pages (who they are, their briefings newest first, paged) and the
//! listing of all authors. Called by the renderer; the pipeline asks [`author_pages`]
//! how many pages an author needs.

use serde::Serialize;

use super::{AuthorLink, BriefingCard, Catalog, Fragments, Shared, link, page_count, slice};
use crate::content::Extra;
use crate::diag::Diagnostic;
use crate::model::{AuthorId, Site};

/// Pages an author's listing of briefings needs.
pub fn author_pages(site: &Site, id: AuthorId) -> usize {
    page_count(
        site.author_briefings[id.index()].len(),
        site.config.page_sizes.author,
    )
}

#[derive(Serialize)]
pub struct AuthorRow<'a> {
    pub author: Shared<AuthorLink<'a>>,
    pub role: Option<&'a str>,
    pub briefings: usize,
}

/// Every author with a file, by name.
pub fn authors<'a>(c: &Catalog<'a>) -> Vec<AuthorRow<'a>> {
    let s = c.site;
    let mut order: Vec<(String, usize)> = (0..s.authors.len())
        .map(|i| (crate::refs::fold(&s.authors[i].name), i))
        .collect();
    order.sort();
    order
        .into_iter()
        .map(|(_, i)| AuthorRow {
            author: c.author(AuthorId(i as u32)),
            role: s.authors[i].role.as_deref(),
            briefings: s.author_briefings[i].len(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct AuthorView<'a> {
    /// Set when its text is shown in another language, untranslated.
    pub untranslated: Option<super::Untranslated<'a>>,
    pub name: &'a str,
    pub slug: &'a str,
    pub role: Option<&'a str>,
    pub url: Option<&'a str>,
    pub email: Option<&'a str>,
    /// A link to their image: a web address, or the file's place in the site.
    pub image: Option<String>,
    /// The bio (first page only).
    pub body: std::borrow::Cow<'a, str>,
    pub briefing_count: usize,
    /// This page's briefings, newest first.
    pub briefings: Vec<Shared<BriefingCard<'a>>>,
    pub extra: &'a Extra,
}

pub fn author<'a>(
    c: &Catalog<'a>,
    r: &dyn Fragments,
    id: AuthorId,
    page: usize,
) -> Result<AuthorView<'a>, Diagnostic> {
    let s = c.site;
    let a = &s.authors[id.index()];
    let all = &s.author_briefings[id.index()];
    let image = a.image.as_deref().map(|i| {
        if crate::url::scheme::scheme(i).is_some() {
            i.to_string()
        } else {
            link(&[i])
        }
    });
    Ok(AuthorView {
        untranslated: super::untranslated(s, a.text_lang.as_deref()),
        name: &a.name,
        slug: a.slug.as_str(),
        role: a.role.as_deref(),
        url: a.url.as_deref(),
        email: a.email.as_deref(),
        image,
        // The bio's links are relative to the first page, and belong there alone.
        body: if page == 1 {
            a.body_html.text()
        } else {
            "".into()
        },
        briefing_count: all.len(),
        briefings: slice(all, s.config.page_sizes.author, page)
            .iter()
            .map(|&b| c.briefing_card(r, b))
            .collect::<Result<_, _>>()?,
        extra: &a.extra,
    })
}
