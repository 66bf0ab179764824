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
use crate::content::Extra;
use crate::dates::Edtf;
use crate::model;

mod actor;
mod author;
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
mod toc;
mod topic;
mod who_said_what;

pub use crate::model::{Entry, MonthEntries};
pub use actor::{
    ActorGroup, ActorRow, ActorView, AliasView, CO_ACTORS_SHOWN, CoActor, MentionView, TieView,
    actor, actor_groups, actor_pages,
};
pub use author::{AuthorRow, AuthorView, author, author_pages, authors};
pub use briefing::{BriefingView, briefing, briefings};
pub use catalog::{Catalog, Fragment, Fragments};
pub use charts::{
    ChartView, NETWORK_NODES, TIMELINE_MARKS, TableView, network_chart, statements_chart,
    timeline_chart,
};
use claims::actor_claims;
pub use claims::{ClaimView, ClaimsView, StatusCount, claim, claims};
use corrections::correction;
pub use corrections::{CorrectionView, corrections};
pub use home::{Home, PageView, TopActor, home, page};
pub use items::{
    ActorLink, AuthorLink, BriefingCard, BriefingLink, EventView, QuoteView, SourceView, TopicLink,
};
use pager::slice;
pub use pager::{PageLink, Pager, page_count, paged_path, pager};
pub use quotes::{QuotesView, SpeakerCount, TopicCount, quotes};
pub use timeline::{Month, TimelineEntry, timeline};
pub use toc::{TocEntry, toc};
pub use topic::{TopicRow, TopicView, topic, topic_pages, topics};
pub use who_said_what::{
    SpeakerRow, WHO_SAID_WHAT_COLUMNS, WHO_SAID_WHAT_ROWS, WhoSaidWhat, who_said_what,
};

// The marker lives with the URL rules below the views, since the reader of content
// (`discover`) must refuse it too; re-exported for the renderer.
pub use crate::url::{ROOT, SITE, root_of};

/// What marks a text shown untranslated in a language site: its language and the
/// notice that says so, in the page's language.
#[derive(Serialize)]
pub struct Untranslated<'a> {
    pub lang: &'a str,
    pub notice: String,
}

/// The mark of an item whose text is in `text_lang` rather than the site's language.
pub fn untranslated<'a>(
    site: &model::Site,
    text_lang: Option<&'a str>,
) -> Option<Untranslated<'a>> {
    let lang = text_lang?;
    let name = site.config.locales.get(lang).name().to_string();
    Some(Untranslated {
        lang,
        notice: site
            .config
            .locale()
            .format("untranslated_notice", &[("language", &name)]),
    })
}

/// A link to the page at `path` from whichever page shows it.
pub fn href(path: &str) -> String {
    format!("{ROOT}{path}")
}

/// A link to a file every language shares (a picture, the stylesheet, the data export),
/// at `path` from the root of the output.
pub fn shared_href(path: &str) -> String {
    format!("{SITE}{path}")
}

/// A view converted to a template value once and shared by every page showing it
/// (template values are reference-counted, so sharing is a pointer copy).
pub struct Shared<T> {
    value: tera::Value,
    /// The fingerprint of the view, in a build that fingerprints pages: a page is hashed
    /// with it in place of the value, so a view is hashed once however many pages show
    /// it. A sketch (see [`Shared::sketch`]) has only this.
    fingerprint: Option<crate::fingerprint::Fingerprint>,
    _view: PhantomData<fn() -> T>,
}

impl<T: Serialize> Shared<T> {
    fn new(view: &T) -> Self {
        Shared {
            value: tera::Value::from_serializable(view),
            fingerprint: None,
            _view: PhantomData,
        }
    }

    /// `view` made a template value, with its fingerprint: a page is hashed the same
    /// from it as from its sketch.
    fn fingerprinted(view: &T) -> Self {
        Shared {
            fingerprint: Some(crate::fingerprint::Hasher::new().value(view).finish()),
            ..Shared::new(view)
        }
    }

    /// `view` made a template value, with its fingerprint as made before.
    fn with_fingerprint(view: &T, fingerprint: crate::fingerprint::Fingerprint) -> Self {
        Shared {
            fingerprint: Some(fingerprint),
            ..Shared::new(view)
        }
    }

    /// `view` only fingerprinted, for a page being fingerprinted (see
    /// [`crate::fingerprint::sketch`]): no template value is made of it.
    fn sketch(view: &T) -> Self {
        Shared::sketched(crate::fingerprint::Hasher::new().value(view).finish())
    }
}

impl<T> Shared<T> {
    /// A view known only by its fingerprint, which must not be rendered.
    fn sketched(fingerprint: crate::fingerprint::Fingerprint) -> Self {
        Shared {
            value: tera::Value::none(),
            fingerprint: Some(fingerprint),
            _view: PhantomData,
        }
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared {
            value: self.value.clone(),
            fingerprint: self.fingerprint,
            _view: PhantomData,
        }
    }
}

impl<T> Serialize for Shared<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.fingerprint {
            // No view has a field of this name, so it cannot be taken for a value.
            Some(f) if crate::fingerprint::hashing() => {
                s.serialize_newtype_variant("Shared", 0, "#shared", &f.0)
            }
            _ => self.value.serialize(s),
        }
    }
}

/// A picture named in front matter (a briefing's lead image, an actor's), with its
/// size so that the page keeps its place before it loads.
#[derive(Serialize)]
pub struct ImageView<'a> {
    pub href: String,
    pub alt: &'a str,
    pub caption: Option<&'a str>,
    pub credit: Option<&'a str>,
    pub width: u32,
    pub height: u32,
    /// The widths it is published in (`map-480w.png 480w, …`), for a JPEG, PNG or
    /// WebP picture; `href`, `width` and `height` are then those of the largest.
    pub srcset: Option<String>,
    /// The `sizes` attribute that goes with `srcset`.
    pub sizes: &'static str,
}

impl<'a> ImageView<'a> {
    pub fn new(i: &'a model::Image) -> Self {
        let mut view = ImageView {
            href: shared_href(&crate::url::encode_path(&i.path)),
            alt: &i.alt,
            caption: i.caption.as_deref(),
            credit: i.credit.as_deref(),
            width: i.width,
            height: i.height,
            srcset: None,
            sizes: crate::images::SIZES,
        };
        if crate::images::Format::of_path(&i.path).is_some() {
            let size = crate::images::Size {
                width: i.width,
                height: i.height,
            };
            let v = crate::images::plan(&i.path, size);
            let srcset: Vec<String> = (v.srcset.iter())
                .map(|(p, w)| format!("{} {w}w", shared_href(&crate::url::encode_path(p))))
                .collect();
            view.href = shared_href(&crate::url::encode_path(&v.src));
            view.width = v.width;
            view.height = v.height;
            view.srcset = Some(srcset.join(", "));
        }
        view
    }
}

/// The site's icon: `favicon:` of `site.yaml`, or the theme's `favicon.svg`.
#[derive(Serialize)]
pub struct FaviconView {
    pub href: String,
    /// Its media type (`image/svg+xml`).
    #[serde(rename = "type")]
    pub mime: &'static str,
}

/// Where the theme's icon is written when `site.yaml` names none.
pub const DEFAULT_FAVICON: &str = "favicon.svg";

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    /// `ltr` or `rtl`: which way the language's text runs, for `<html dir>`.
    pub dir: &'static str,
    pub author: Option<&'a str>,
    pub base_url: Option<&'a str>,
    pub favicon: FaviconView,
    pub extra: &'a Extra,
}

impl<'a> SiteView<'a> {
    pub fn new(c: &'a Config) -> Self {
        SiteView {
            title: &c.title,
            description: c.description.as_deref(),
            language: &c.language,
            dir: crate::i18n::Dir::of(&c.language).as_str(),
            author: c.author.as_deref(),
            base_url: c.base_url.as_deref(),
            favicon: match &c.favicon {
                Some(f) => FaviconView {
                    href: shared_href(&crate::url::encode_path(&f.path)),
                    mime: f.mime,
                },
                None => FaviconView {
                    href: shared_href(DEFAULT_FAVICON),
                    mime: "image/svg+xml",
                },
            },
            extra: &c.extra,
        }
    }
}

#[derive(Serialize)]
pub struct NavItem<'a> {
    pub label: &'a str,
    pub href: String,
    pub current: bool,
}

/// The built-in sections: (key of the strings file, path).
const NAV: [(&str, &str); 7] = [
    ("briefings", "briefings/index.html"),
    ("actors", "actors/index.html"),
    ("timeline", "timeline/index.html"),
    ("quotes", "quotes/index.html"),
    ("claims", "claims/index.html"),
    ("topics", "topics/index.html"),
    ("search", "search/index.html"),
];

/// An entry of the main navigation: the site's `menu:` if it has one, else the
/// built-in sections. `path` is the site path it leads to, when inside the site.
struct NavEntry<'a> {
    label: &'a str,
    href: String,
    path: Option<String>,
}

fn nav_entries<'a>(site: &'a model::Site, locale: &'a crate::i18n::Locale) -> Vec<NavEntry<'a>> {
    let Some(menu) = &site.config.menu else {
        return NAV
            .iter()
            .map(|&(key, path)| NavEntry {
                label: locale.text(key),
                href: href(path),
                path: Some(path.to_string()),
            })
            .collect();
    };
    menu.iter()
        .map(|e| {
            let path = e.site_path();
            let label = match (&e.title, &e.target) {
                (Some(t), _) => t.as_str(),
                // The model refused a menu naming a page the site does not have.
                (None, crate::config::MenuTarget::Page(slug)) => site
                    .pages
                    .iter()
                    .find(|p| p.slug.as_str() == slug)
                    .map_or(slug.as_str(), |p| p.title.as_str()),
                (None, _) => "",
            };
            let href = match (&e.target, &path) {
                (crate::config::MenuTarget::External(url), _) => url.clone(),
                (_, Some(p)) => href(p),
                (_, None) => String::new(),
            };
            NavEntry { label, href, path }
        })
        .collect()
}

/// Which entry of the main navigation the page at `page_path` is under, if any: the
/// first whose path has the page's first segment (the home page is under an entry
/// leading to `index.html` only).
fn nav_section(entries: &[NavEntry], page_path: &str) -> Option<usize> {
    let first = |p: &str| p.split(['/', '#', '?']).next().unwrap_or("").to_string();
    let section = first(page_path);
    entries
        .iter()
        .position(|e| e.path.as_deref().map(first).as_deref() == Some(section.as_str()))
}

/// The main navigation as the page at `page_path` shows it, and which of the
/// [`nav_slots`] that is (pages under the same entry share one).
pub fn nav<'a>(
    site: &'a model::Site,
    locale: &'a crate::i18n::Locale,
    page_path: &str,
) -> (usize, Vec<NavItem<'a>>) {
    let entries = nav_entries(site, locale);
    let current = nav_section(&entries, page_path);
    let slot = current.unwrap_or(entries.len());
    let items = entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| NavItem {
            label: e.label,
            href: e.href,
            current: current == Some(i),
        })
        .collect();
    (slot, items)
}

/// How many different navigations the site's pages show: one per entry, and one for
/// pages under none.
pub fn nav_slots(site: &model::Site) -> usize {
    site.config.menu.as_ref().map_or(NAV.len(), Vec::len) + 1
}

/// `footer`: what every page links to at its foot besides the home page.
#[derive(Serialize)]
pub struct FooterView<'a> {
    /// The free pages of `content/pages/`, by title.
    pub pages: Vec<FooterLink<'a>>,
    /// The files of the data export.
    pub data: Vec<FooterLink<'a>>,
    /// `/authors/`, when the site has authors (a page written only then).
    pub authors: Option<String>,
}

#[derive(Serialize)]
pub struct FooterLink<'a> {
    pub title: &'a str,
    pub href: String,
}

/// The data export's files as the footer names them, in the README's order.
const DATA_FILES: [(&str, &str); 6] = [
    ("actors.json", "data/actors.json"),
    ("briefings.json", "data/briefings.json"),
    ("quotes.json", "data/quotes.json"),
    ("events.json", "data/events.json"),
    ("quotes.csv", "data/quotes.csv"),
    ("events.csv", "data/events.csv"),
];

pub fn footer(site: &model::Site) -> FooterView<'_> {
    let mut pages: Vec<FooterLink> = site
        .pages
        .iter()
        .map(|p| FooterLink {
            title: &p.title,
            href: href(&model::page_path(&p.slug)),
        })
        .collect();
    pages.sort_by(|a, b| a.title.cmp(b.title));
    FooterView {
        pages,
        data: DATA_FILES
            .iter()
            .map(|&(title, path)| FooterLink {
                title,
                href: shared_href(path),
            })
            .collect(),
        authors: (!site.authors.is_empty()).then(|| href("authors/index.html")),
    }
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

/// The view of `d`, in words as `fmt` says dates.
pub fn date<'a>(d: &'a Edtf, fmt: &crate::dates::local::DateFormat) -> DateView<'a> {
    DateView {
        written: d.as_written(),
        display: fmt.edtf(d),
        lower: d.lower().iso(),
        upper: d.upper().iso(),
        uncertain: d.is_uncertain(),
        approximate: d.is_approximate(),
        time: fmt.time_of(d),
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
