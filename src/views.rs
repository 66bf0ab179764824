//! Typed views: exactly what each template receives (documented in the README), built
//! from the model for one page. Views borrow from the model; nothing is cloned whole.
//!
//! This root holds what every view shares: the [`ROOT`] marker and [`href`], [`Shared`]
//! views, the site settings ([`SiteView`]), the main navigation and [`DateView`]. The
//! rest is one module per page kind or concern, all private: every public item is
//! re-exported here, so callers (the renderer, the pipeline, serve) name
//! `crate::views::X` and never a submodule.
//!
//! - `items`: the views of single things many pages show (links, cards, sources,
//!   quotes, events) and how the catalog makes them.
//! - `catalog`: [`Catalog`], which makes each of those once per build, and the
//!   [`Fragment`]s of the theme rendered once for every page that shows them.
//! - `pager`: page sizes, page paths and the pager of listings.
//! - `home`, `briefing`, `actor`, `topic`, `timeline`, `quotes`, `claims`,
//!   `corrections`: the view of each page kind, and of its listing.
//! - `charts` and `who_said_what`: the charts on actor, timeline and topic pages.
//!
//! Submodules import from this root and from the model below it, never from the
//! renderer or anything above.

use std::marker::PhantomData;

use serde::Serialize;

use crate::config::Config;
use crate::dates::Edtf;
use crate::model;

mod actor;
mod briefing;
mod catalog;
mod charts;
mod claims;
mod corrections;
mod home;
mod items;
mod pager;
mod quotes;
mod timeline;
mod topic;
mod who_said_what;

pub use actor::{
    ActorGroup, ActorRow, ActorView, AliasView, CO_ACTORS_SHOWN, CoActor, MentionView, TieView,
    actor, actor_groups, actor_pages,
};
pub use briefing::{BriefingView, briefing, briefings};
pub use catalog::{Catalog, Fragment, Fragments};
pub use charts::{
    ChartView, NETWORK_NODES, TIMELINE_MARKS, TableView, network_chart, statements_chart,
    timeline_chart,
};
use claims::actor_claims;
pub use claims::{CLAIMS_PER_PAGE, ClaimView, ClaimsView, StatusCount, claim, claims};
use corrections::correction;
pub use corrections::{CORRECTIONS_PER_PAGE, CorrectionView, corrections};
pub use home::{Home, PageView, TopActor, home, page};
pub use items::{
    ActorLink, BriefingCard, BriefingLink, EventView, QuoteView, SourceView, TopicLink,
};
use pager::slice;
pub use pager::{
    ACTOR_ITEMS_PER_PAGE, BRIEFINGS_PER_PAGE, PageLink, Pager, QUOTES_PER_PAGE,
    TIMELINE_ENTRIES_PER_PAGE, page_count, paged_path, pager,
};
pub use quotes::{QuotesView, SpeakerCount, TopicCount, quotes};
pub use timeline::{Entry, Month, MonthEntries, TimelineEntry, timeline, timeline_pages};
pub use topic::{TopicRow, TopicView, topic, topic_pages, topics};
pub use who_said_what::{
    SpeakerRow, WHO_SAID_WHAT_COLUMNS, WHO_SAID_WHAT_ROWS, WhoSaidWhat, who_said_what,
};

// The marker lives with the URL rules below the views, since the reader of content
// (`discover`) must refuse it too; re-exported for the renderer.
pub use crate::url::{ROOT, root_of};

/// A link to the page at `path` from whichever page shows it.
pub fn href(path: &str) -> String {
    format!("{ROOT}{path}")
}

/// A view converted to a template value once and shared by every page showing it
/// (template values are reference-counted, so sharing is a pointer copy).
pub struct Shared<T> {
    value: tera::Value,
    _view: PhantomData<fn() -> T>,
}

impl<T: Serialize> Shared<T> {
    fn new(view: &T) -> Self {
        Shared {
            value: tera::Value::from_serializable(view),
            _view: PhantomData,
        }
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared {
            value: self.value.clone(),
            _view: PhantomData,
        }
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub author: Option<&'a str>,
    pub base_url: Option<&'a str>,
}

impl<'a> SiteView<'a> {
    pub fn new(c: &'a Config) -> Self {
        SiteView {
            title: &c.title,
            description: c.description.as_deref(),
            language: &c.language,
            author: c.author.as_deref(),
            base_url: c.base_url.as_deref(),
        }
    }
}

#[derive(Serialize)]
pub struct NavItem {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

const NAV: [(&str, &str); 7] = [
    ("Briefings", "briefings/index.html"),
    ("Actors", "actors/index.html"),
    ("Timeline", "timeline/index.html"),
    ("Quotes", "quotes/index.html"),
    ("Claims", "claims/index.html"),
    ("Topics", "topics/index.html"),
    ("Search", "search/index.html"),
];

/// Which item of the main navigation the page at `page_path` is under, if any: the one
/// whose first path segment is the page's.
fn nav_section(page_path: &str) -> Option<usize> {
    let section = page_path.split('/').next().unwrap_or("");
    NAV.iter()
        .position(|(_, path)| path.split('/').next() == Some(section))
}

/// The main navigation; `section` is the first path segment of the current page.
pub fn nav(page_path: &str) -> Vec<NavItem> {
    let current = nav_section(page_path);
    NAV.iter()
        .enumerate()
        .map(|(i, (label, path))| NavItem {
            label,
            href: href(path),
            current: current == Some(i),
        })
        .collect()
}

#[derive(Serialize)]
pub struct DateView<'a> {
    pub written: &'a str,
    pub display: String,
    pub lower: String,
    pub upper: String,
    pub uncertain: bool,
    pub approximate: bool,
    /// The time of day as shown ("14:30 UTC+02:00"), when one is written.
    pub time: Option<String>,
    /// For `<time datetime>`: the lower day, or the full timestamp with a time.
    pub datetime: String,
}

pub fn date(d: &Edtf) -> DateView<'_> {
    DateView {
        written: d.as_written(),
        display: d.display(),
        lower: d.lower().iso(),
        upper: d.upper().iso(),
        uncertain: d.is_uncertain(),
        approximate: d.is_approximate(),
        time: d.time_display(),
        datetime: d.start().iso(),
    }
}

/// A link from any page to `parts` joined (a path under the root, and maybe an anchor):
/// the [`ROOT`] marker and the parts, in one allocation.
fn link(parts: &[&str]) -> String {
    let mut out = String::with_capacity(ROOT.len() + parts.iter().map(|p| p.len()).sum::<usize>());
    out.push_str(ROOT);
    for p in parts {
        out.push_str(p);
    }
    out
}

/// The link to briefing `slug`'s page (`briefings/<slug>/index.html`), with `anchor`
/// (`#…`) if not empty; the same as `href(&model::briefing_path(slug))` and the anchor.
fn briefing_href(slug: &model::Slug, anchor: &[&str]) -> String {
    let mut parts = vec!["briefings/", slug.as_str(), "/index.html"];
    parts.extend_from_slice(anchor);
    link(&parts)
}
