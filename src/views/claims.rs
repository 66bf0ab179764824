//! Claims: one claim as its briefing, its actors and the `/claims/` listing show it,
//! and that listing with counts per status. Called by the renderer and by the
//! briefing and actor views.

use serde::Serialize;

use super::{ActorLink, BriefingLink, Catalog, DateView, Shared, SourceView, href, slice};
use crate::model::{self, ActorId, ClaimId, Stance};

#[derive(Serialize)]
pub struct ClaimView<'a> {
    pub id: &'a str,
    /// The language of `text` when it is not the page's (see `Config::facts_lang`);
    /// left out when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<&'a str>,
    /// The element id on its briefing page: `claim-<id>`.
    pub anchor: String,
    pub text: &'a str,
    /// `asserted`, `disputed`, `confirmed` or `retracted`.
    pub status: &'static str,
    pub status_label: String,
    pub by: Vec<Shared<ActorLink<'a>>>,
    pub denied_by: Vec<Shared<ActorLink<'a>>>,
    pub date: Option<Shared<DateView<'a>>>,
    pub sources: Vec<Shared<SourceView<'a>>>,
    pub briefing: Shared<BriefingLink<'a>>,
    /// The claim on its briefing page.
    pub href: String,
}

pub fn claim<'a>(c: &Catalog<'a>, id: ClaimId) -> ClaimView<'a> {
    let s = c.site;
    let x = &s.claims[id.index()];
    let br = &s.briefings[x.briefing.index()];
    let anchor = format!("claim-{}", x.id);
    ClaimView {
        lang: c.site.config.facts_lang.as_deref(),
        id: &x.id,
        href: format!("{}#{anchor}", href(&model::briefing_path(&br.slug))),
        anchor,
        text: &x.text,
        status: x.status.code(),
        status_label: status_label(c, x.status),
        by: x.by.iter().map(|&a| c.actor(a)).collect(),
        denied_by: x.denied_by.iter().map(|&a| c.actor(a)).collect(),
        date: x.date.as_ref().map(|d| c.date(d)),
        sources: {
            let all = c.sources(x.briefing);
            x.sources.iter().map(|&i| all[i].clone()).collect()
        },
        briefing: c.briefing_link(x.briefing),
    }
}

pub(super) fn actor_claims<'a>(c: &Catalog<'a>, id: ActorId, stance: Stance) -> Vec<ClaimView<'a>> {
    c.site.actor_claims[id.index()]
        .iter()
        .filter(|x| x.1 == stance)
        .take(c.site.config.page_sizes.actor)
        .map(|&(x, _)| claim(c, x))
        .collect()
}

/// A count of claims with one status.
#[derive(Serialize)]
pub struct StatusCount {
    pub status: &'static str,
    pub label: String,
    pub count: usize,
}

#[derive(Serialize)]
pub struct ClaimsView<'a> {
    /// This page's claims, newest first.
    pub claims: Vec<ClaimView<'a>>,
    /// Claims per status, over the whole site (statuses with none are left out).
    pub statuses: Vec<StatusCount>,
    pub total: usize,
}

pub fn claims<'a>(c: &Catalog<'a>, page: usize) -> ClaimsView<'a> {
    let s = c.site;
    ClaimsView {
        claims: slice(&s.claims_by_date, s.config.page_sizes.claims, page)
            .iter()
            .map(|&x| claim(c, x))
            .collect(),
        statuses: model::ClaimStatus::ALL
            .iter()
            .map(|&st| StatusCount {
                status: st.code(),
                label: status_label(c, st),
                count: s.claims.iter().filter(|x| x.status == st).count(),
            })
            .filter(|x| x.count > 0)
            .collect(),
        total: s.claims.len(),
    }
}

/// "Disputed", in the site's language.
fn status_label(c: &Catalog, status: model::ClaimStatus) -> String {
    c.locale()
        .text(&format!("status_{}", status.code()))
        .to_string()
}
