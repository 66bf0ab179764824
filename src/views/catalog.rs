//! The catalog: every view shown on more than one page, made on first use and kept for
//! the build, and the fragments of the theme rendered once for all the pages that show
//! them. Page views (the sibling modules) take a [`Catalog`]; the renderer builds one
//! per build and provides [`Fragments`].

use std::marker::PhantomData;

use super::{
    ActorLink, AuthorLink, BriefingCard, BriefingLink, DateView, EventView, QuoteView, Shared,
    SiteView, SourceView, TopicLink, footer, nav, nav_slots,
};
use crate::dates::Edtf;
use crate::diag::Diagnostic;
use crate::grade;
use crate::model::{ActorId, AuthorId, BriefingId, EventId, QuoteId, Site, TopicId};

/// Every view shown on more than one page, converted once per build.
pub struct Catalog<'a> {
    pub site: &'a Site,
    /// The site's languages and the index of this site's among them, for the
    /// language switcher and alternates; `None` renders neither.
    pub editions: Option<(&'a crate::editions::Editions, usize)>,
    /// The strings of the site's language.
    locale: std::sync::Arc<crate::i18n::Locale>,
    views: Views<'a>,
    /// Each date as written, once: a date view is a template map of eight entries (past
    /// the seven a map of eight slots holds, so some 1 KiB), and a large site shows
    /// far fewer dates than it has links, cards, sources, quotes and events to show them
    /// on (10,600 and 85,000 at 10,000 briefings). Made once per text rather than once
    /// per item, that build peaked at 410 MiB instead of 503. Page views take theirs
    /// from here too.
    dates: std::sync::Mutex<std::collections::HashMap<&'a str, Dated>>,
    /// Each source grade as written, once, for the same reason: a large site has
    /// hundreds of thousands of graded sources and 36 grades (a view of its own for
    /// each source held 17 MB at 30,000 briefings).
    grades: std::sync::Mutex<std::collections::HashMap<&'a str, Shared<grade::GradeView>>>,
    /// The site's settings and the main navigation as it is under each of its sections
    /// (the last: under none), for every page.
    site_view: std::sync::OnceLock<tera::Value>,
    navs: Vec<std::sync::OnceLock<tera::Value>>,
    /// `footer`, the same on every page.
    footer: std::sync::OnceLock<tera::Value>,
    /// The fingerprint of what every page gets alike (see [`Catalog::shared_inputs`]).
    shared_inputs: std::sync::OnceLock<crate::fingerprint::Fingerprint>,
    /// The views above as pages being fingerprinted show them (see
    /// [`Catalog::fingerprinted`]); empty unless asked for.
    sketches: Sketches<'a>,
    /// The fragments shown the same way on several pages, rendered once (see
    /// [`Fragment`]), each with the view it was rendered from.
    fragments: [Lazy<Rendered>; Fragment::ALL.len()],
    /// What may still be kept of the views of links, and of the other item views and
    /// fragments above (see [`Budget`]).
    link_budget: Budget,
    budget: Budget,
}

/// A date's view as [`Catalog::date`] keeps it: its template value once a page shows it,
/// its fingerprint once a page is fingerprinted with it (a sketch needs only that).
#[derive(Clone, Default)]
struct Dated {
    value: Option<tera::Value>,
    fingerprint: Option<crate::fingerprint::Fingerprint>,
}

/// The memory the catalog may spend keeping item views and fragments for the pages that
/// show them again. A view kept is made once however many pages show it; one made past
/// the budget is made again for each page. At 10,000 briefings everything kept weighs
/// about 90 MiB, under the budget, and the build is as before; at 100,000 keeping all
/// held some 1.3 GB, two thirds of the build's peak.
struct Budget {
    left: std::sync::atomic::AtomicIsize,
    bytes: isize,
}

impl Budget {
    const BYTES: isize = 128 << 20;

    /// The budget for the views of links (actors, topics, authors, briefings) and the one
    /// for the other views and fragments, out of [`Budget::BYTES`] in all, or for tests
    /// `BRIEFING_CATALOG_BUDGET` bytes.
    ///
    /// Links are set apart because every page shows them and every other view holds
    /// them: first come, first kept, the other views took the whole budget at 100,000
    /// briefings, and each briefing link was made some 30 times (3.1 million for
    /// 105,000 links), each time with its date and fingerprint. Links take what a view
    /// of each needs, up to half.
    fn split(site: &Site) -> (Budget, Budget) {
        let bytes = std::env::var("BRIEFING_CATALOG_BUDGET")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(Budget::BYTES);
        Budget::split_bytes(site, bytes)
    }

    fn split_bytes(site: &Site, bytes: isize) -> (Budget, Budget) {
        let links = site.briefings.len() * weight::BRIEFING_LINK
            + site.actors.len() * weight::ACTOR
            + site.topics.len() * weight::TOPIC
            + site.authors.len() * weight::AUTHOR;
        let links = isize::try_from(links).unwrap_or(isize::MAX).min(bytes / 2);
        (Budget::new(links), Budget::new(bytes - links))
    }

    fn new(bytes: isize) -> Self {
        Budget {
            left: bytes.into(),
            bytes,
        }
    }

    /// What has been kept.
    fn spent(self) -> isize {
        self.bytes - self.left.into_inner()
    }

    /// Whether something of about `bytes` could be kept now.
    fn has_room(&self, bytes: usize) -> bool {
        let bytes = isize::try_from(bytes).unwrap_or(isize::MAX);
        self.left.load(std::sync::atomic::Ordering::Relaxed) >= bytes
    }

    /// Whether something of about `bytes` may be kept, counting it if so. Two threads
    /// making the same view may both count it: the budget is an estimate.
    fn take(&self, bytes: usize) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let bytes = isize::try_from(bytes).unwrap_or(isize::MAX);
        self.left.load(Relaxed) >= bytes && self.left.fetch_sub(bytes, Relaxed) >= bytes
    }
}

/// What a view of each kind weighs as a template value, as heap profiles of the
/// synthetic corpus (`gen_corpus`) measured them at 30,000 briefings: a map of a dozen
/// or more fields, each entry some 64 bytes, with its strings. Views nested in others
/// (a quote's speaker, a card's date) are shared, not counted again.
mod weight {
    pub const ACTOR: usize = 600;
    pub const TOPIC: usize = 400;
    pub const AUTHOR: usize = 600;
    pub const BRIEFING_LINK: usize = 600;
    pub const CARD: usize = 1300;
    pub const QUOTE: usize = 1500;
    pub const EVENT: usize = 1000;
    pub const SOURCE: usize = 1000;
}

/// A fragment rendered: its HTML and fingerprint, or why it could not be rendered.
type Rendered = Result<(tera::Value, Option<crate::fingerprint::Fingerprint>), Box<Diagnostic>>;

/// The views of the site's items shown on several pages, each made on first use.
#[derive(Default)]
struct Views<'a> {
    actors: Lazy<Shared<ActorLink<'a>>>,
    topics: Lazy<Shared<TopicLink<'a>>>,
    authors: Lazy<Shared<AuthorLink<'a>>>,
    briefing_links: Lazy<Shared<BriefingLink<'a>>>,
    cards: Lazy<Shared<BriefingCard<'a>>>,
    quotes: Lazy<Shared<QuoteView<'a>>>,
    events: Lazy<Shared<EventView<'a>>>,
    /// Every briefing's sources.
    sources: Lazy<Vec<Shared<SourceView<'a>>>>,
}

impl Views<'_> {
    /// Room for a view of every item of `site`.
    fn of(site: &Site) -> Self {
        Views {
            actors: lazy(site.actors.len()),
            topics: lazy(site.topics.len()),
            authors: lazy(site.authors.len()),
            briefing_links: lazy(site.briefings.len()),
            cards: lazy(site.briefings.len()),
            quotes: lazy(site.quotes.len()),
            events: lazy(site.events.len()),
            sources: lazy(site.briefings.len()),
        }
    }

    /// The template values made, which outlive the site they were made from.
    fn into_values(self) -> Vec<tera::Value> {
        fn values<T>(lazy: Lazy<Shared<T>>) -> impl Iterator<Item = tera::Value> {
            lazy.into_iter()
                .filter_map(Slot::into_inner)
                .map(|shared| shared.value)
        }
        values(self.actors)
            .chain(values(self.topics))
            .chain(values(self.authors))
            .chain(values(self.briefing_links))
            .chain(values(self.cards))
            .chain(values(self.quotes))
            .chain(values(self.events))
            .chain(
                (self.sources.into_iter())
                    .filter_map(Slot::into_inner)
                    .flatten()
                    .map(|shared| shared.value),
            )
            .collect()
    }
}

/// Each shared view only fingerprinted, once, for the pages a build fingerprints: most
/// of them are never rendered, and need no template value.
#[derive(Default)]
struct Sketches<'a> {
    /// Whether shared views carry their fingerprints, for pages hashed to be recorded.
    fingerprinted: bool,
    /// Whether there is room for sketches: a catalog without it must not be sketched
    /// from.
    room: bool,
    views: Views<'a>,
    /// The fingerprints of views made past the budget, in a build that fingerprints
    /// pages: a view made again for another page is then not hashed again.
    prints: Prints,
}

/// A fingerprint for each item of each kind of view, once one is made: 16 bytes an item
/// (some 13 MB at 100,000 briefings, taken from the budget), where keeping the view
/// would take 600 to 1,500. At 100,000 briefings hashing views made again took some 5%
/// of the build's CPU.
#[derive(Default)]
struct Prints {
    /// Two halves of each fingerprint, the low one stored last: a reader that sees it
    /// sees the high one too. A fingerprint whose low half is 0 is never remembered.
    slots: Vec<[std::sync::atomic::AtomicU64; 2]>,
    /// Where each kind's slots start, in [`PrintOf`] order.
    kinds: [usize; PrintOf::Source as usize + 1],
    /// Per briefing, where its sources' slots start among the sources'.
    sources: Vec<usize>,
}

/// The kinds of view [`Prints`] remembers.
#[derive(Clone, Copy)]
enum PrintOf {
    Actor,
    Topic,
    Author,
    BriefingLink,
    Card,
    Quote,
    Event,
    Source,
}

impl Prints {
    fn of(site: &Site) -> Prints {
        let mut sources = Vec::with_capacity(site.briefings.len());
        let mut n = 0;
        for b in &site.briefings {
            sources.push(n);
            n += b.sources.len();
        }
        let counts = [
            site.actors.len(),
            site.topics.len(),
            site.authors.len(),
            site.briefings.len(),
            site.briefings.len(),
            site.quotes.len(),
            site.events.len(),
            n,
        ];
        let mut kinds = [0; PrintOf::Source as usize + 1];
        let mut at = 0;
        for (start, count) in kinds.iter_mut().zip(counts) {
            *start = at;
            at += count;
        }
        Prints {
            slots: (0..at).map(|_| Default::default()).collect(),
            kinds,
            sources,
        }
    }

    fn bytes(&self) -> usize {
        self.slots.len() * 16 + self.sources.len() * 8
    }

    /// The slot of item `i` of kind `of`; none in a catalog that does not fingerprint.
    fn slot(&self, of: PrintOf, i: usize) -> Option<&[std::sync::atomic::AtomicU64; 2]> {
        self.slots.get(self.kinds[of as usize] + i)
    }

    /// The slot of source `i` of briefing `b`.
    fn source(&self, b: BriefingId, i: usize) -> Option<&[std::sync::atomic::AtomicU64; 2]> {
        let start = self.sources.get(b.index())?;
        self.slot(PrintOf::Source, start + i)
    }
}

/// A view made a template value with its fingerprint, the one remembered in `slot` if
/// any, else hashed and remembered there.
fn printed<T: serde::Serialize>(
    view: &T,
    slot: Option<&[std::sync::atomic::AtomicU64; 2]>,
) -> Shared<T> {
    use std::sync::atomic::Ordering::{Acquire, Relaxed, Release};
    let Some([low, high]) = slot else {
        return Shared::fingerprinted(view);
    };
    let remembered = low.load(Acquire);
    if remembered != 0 {
        let print = u128::from(high.load(Relaxed)) << 64 | u128::from(remembered);
        return Shared::with_fingerprint(view, crate::fingerprint::Fingerprint(print));
    }
    let made = Shared::fingerprinted(view);
    if let Some(crate::fingerprint::Fingerprint(print)) = made.fingerprint {
        // Two threads may both store it: the same fingerprint, halves in the same order.
        high.store((print >> 64) as u64, Relaxed);
        low.store(print as u64, Release);
    }
    made
}

/// The view of item `i`, made once by `make` and kept while `budget` allows `weight`
/// more (else made again for each page): the template value (`fingerprinted` in a
/// build that fingerprints pages), or while sketching its fingerprint alone.
fn kept<'a, T: serde::Serialize>(
    real: &Lazy<Shared<T>>,
    sketches: &Sketches<'a>,
    (of, print): (
        impl for<'v> Fn(&'v Views<'a>) -> &'v Lazy<Shared<T>>,
        PrintOf,
    ),
    (i, weight): (usize, usize),
    budget: &Budget,
    make: impl FnOnce() -> T,
) -> Shared<T> {
    if let Some(sketch) = of(&sketches.views).get(i)
        && crate::fingerprint::sketching()
    {
        return sketch.get_or_init(|| Shared::sketch(&make())).clone();
    }
    if let Some(view) = real[i].get() {
        return view.clone();
    }
    let made = match sketches.fingerprinted {
        true => printed(&make(), sketches.prints.slot(print, i)),
        false => Shared::new(&make()),
    };
    match budget.take(weight) {
        true => real[i].get_or_init(|| made).clone(),
        false => made,
    }
}

/// Renders fragments of the theme: components of the templates, with their arguments.
/// The renderer provides it; views that show fragments take it.
pub trait Fragments: Sync {
    /// `implicits` are what a page would give the component's `@` arguments (`t`).
    fn render(
        &self,
        component: &str,
        args: &[(&'static str, tera::Value)],
        implicits: &[(&'static str, tera::Value)],
    ) -> Result<String, Diagnostic>;
}

/// A fragment that several pages show with the same arguments: its HTML is rendered
/// once per build, through the component of the theme that draws it, and every page
/// inserts it (`{{ quote.html | safe }}`). Its links carry the [`ROOT`](super::ROOT) marker like any
/// view's, so the HTML fits every page. Fragments a page shows in a way no other page
/// does are left to the page's own template: caching them would hold memory and save
/// nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fragment {
    /// A quote card with every detail (`quote_card`, defaults): on topic pages and home.
    Quote,
    /// A quote card without its speaker (`quote_card`, `speaker=false`): on the speaker's
    /// pages and in a topic's "who said what". Not kept: nearly every one is shown once,
    /// on its speaker's page, and keeping them held a tenth of a large build's memory.
    QuoteBySpeaker,
    /// An event with its date and briefing (`event_item`, defaults): on the page of
    /// each of its actors. Not kept: an event has two or three actors, and keeping
    /// every one held 180 MB of a 100,000-briefing build to save about 3% of its CPU
    /// (at 30,000 briefings: 745 -> 690 MiB peak, user time within the noise).
    Event,
    /// A briefing card under a section heading (`briefing_card`, `level=3`): on topic
    /// pages and home.
    Card,
    /// The Admiralty scale (`grade_legend`, `level=3`): the same on every briefing page
    /// with a graded source.
    Legend,
}

impl Fragment {
    const ALL: [Fragment; 5] = [
        Fragment::Quote,
        Fragment::QuoteBySpeaker,
        Fragment::Event,
        Fragment::Card,
        Fragment::Legend,
    ];

    /// The component that draws it, the argument its view goes in, and the others.
    fn call(self) -> (&'static str, &'static str, Vec<(&'static str, tera::Value)>) {
        match self {
            Fragment::Quote => ("quote_card", "quote", vec![]),
            Fragment::QuoteBySpeaker => ("quote_card", "quote", vec![("speaker", false.into())]),
            Fragment::Event => ("event_item", "event", vec![]),
            Fragment::Card => ("briefing_card", "card", vec![("level", 3.into())]),
            Fragment::Legend => ("grade_legend", "legend", vec![("level", 3.into())]),
        }
    }

    /// The fingerprint of this fragment of a view fingerprinted `view`: the same
    /// whether the fragment is rendered or only sketched.
    fn fingerprint(self, view: crate::fingerprint::Fingerprint) -> crate::fingerprint::Fingerprint {
        crate::fingerprint::Hasher::new()
            .bytes(&[self as u8])
            .fingerprint(view)
            .finish()
    }

    /// Whether a fragment, once rendered, is kept for the other pages that show it.
    fn kept(self) -> bool {
        !matches!(self, Fragment::QuoteBySpeaker | Fragment::Event)
    }
}

/// Views made on first use: a full build uses them all, but the preview server renders
/// only the pages a browser asks for, and should convert only what those show.
type Lazy<T> = Vec<Slot<T>>;

fn lazy<T>(n: usize) -> Lazy<T> {
    (0..n).map(|_| Slot(std::sync::OnceLock::new())).collect()
}

/// Room for one item's view, boxed: past the budget most slots of a large site stay
/// empty, and an empty slot is then 16 bytes rather than the view's 70 (some 85 MB of
/// slots at 100,000 briefings).
struct Slot<T>(std::sync::OnceLock<Box<T>>);

impl<T> Slot<T> {
    fn get(&self) -> Option<&T> {
        self.0.get().map(|b| &**b)
    }

    fn get_or_init(&self, make: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(|| Box::new(make()))
    }

    fn into_inner(self) -> Option<T> {
        self.0.into_inner().map(|b| *b)
    }
}

impl<'a> Catalog<'a> {
    pub fn new(site: &'a Site) -> Self {
        let (link_budget, budget) = Budget::split(site);
        Catalog {
            site,
            editions: None,
            locale: site.config.locale(),
            views: Views::of(site),
            dates: Default::default(),
            grades: Default::default(),
            site_view: std::sync::OnceLock::new(),
            navs: (0..nav_slots(site)).map(|_| Default::default()).collect(),
            footer: std::sync::OnceLock::new(),
            shared_inputs: std::sync::OnceLock::new(),
            sketches: Sketches::default(),
            link_budget,
            budget,
            fragments: Fragment::ALL.map(|f| {
                lazy(match f {
                    _ if !f.kept() => 0,
                    Fragment::Quote | Fragment::QuoteBySpeaker => site.quotes.len(),
                    Fragment::Event => site.events.len(),
                    Fragment::Card => site.briefings.len(),
                    Fragment::Legend => 1,
                })
            }),
        }
    }

    /// Lets go of every view, freeing them on a thread of their own: at 10,000
    /// briefings that is some 150 ms, which a build that ends right after need not
    /// wait for.
    pub fn discard(self) {
        let Catalog {
            site: _,
            editions: _,
            sketches: _,
            locale: _,
            views,
            dates,
            grades,
            site_view,
            navs,
            footer,
            shared_inputs: _,
            fragments,
            link_budget,
            budget,
        } = self;
        if std::env::var_os("BRIEFING_TIMINGS").is_some() {
            let kept = link_budget.spent() + budget.spent();
            eprintln!("catalog kept {} KiB of item views", kept >> 10);
        }
        let mut garbage = views.into_values();
        garbage.extend(
            dates
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .into_values()
                .filter_map(|d| d.value),
        );
        garbage.extend(
            (grades.into_inner())
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .into_values()
                .map(|shared| shared.value),
        );
        garbage.extend(site_view.into_inner());
        garbage.extend(navs.into_iter().filter_map(std::sync::OnceLock::into_inner));
        garbage.extend(footer.into_inner());
        let garbage = (garbage, fragments);
        // Should no thread be had, the views are freed here instead.
        let _ = std::thread::Builder::new().spawn(move || drop(garbage));
    }

    /// The view `view` of item `index` with `html`, its fragment `f` rendered.
    fn rendered<T>(
        &self,
        r: &dyn Fragments,
        f: Fragment,
        index: usize,
        view: impl FnOnce() -> Shared<T>,
    ) -> Result<Shared<T>, Diagnostic> {
        if crate::fingerprint::sketching() {
            // The fragment is its template's output for its view and kind: those
            // stand for it, and the page's fingerprint holds the templates.
            let view = view();
            let view_fingerprint = view.fingerprint.unwrap_or_else(|| {
                crate::fingerprint::Hasher::new()
                    .value(&view.value)
                    .finish()
            });
            return Ok(Shared::sketched(f.fingerprint(view_fingerprint)));
        }
        let view = view();
        let make = || -> Rendered {
            let (component, arg, mut args) = f.call();
            args.push((arg, view.value.clone()));
            let html = r.render(component, &args, &[("t", self.strings())])?;
            // As the fragment's sketch has it.
            let fingerprint = view.fingerprint.map(|view| f.fingerprint(view));
            Ok((tera::Value::safe_string(&html), fingerprint))
        };
        // Only the HTML is kept: the view it joins is the catalog's, and a copy of its
        // fields beside it held a tenth of a large build's memory.
        let with_html = |(html, fingerprint): (tera::Value, _)| {
            let mut map = view.value.as_map().cloned().unwrap_or_default();
            map.insert(tera::value::Key::Str("html"), html);
            Shared {
                value: tera::Value::from(map),
                fingerprint,
                _view: PhantomData,
            }
        };
        if !f.kept() {
            return make().map(with_html).map_err(|d| *d);
        }
        let slot = &self.fragments[f as usize][index];
        let made = match slot.get() {
            Some(kept) => kept.clone(),
            None => {
                let made = make();
                // A template error is kept whatever it weighs: it ends the build.
                let weight = made.as_ref().map_or(0, |(html, _)| {
                    html.as_str().map_or(0, str::len) + std::mem::size_of::<Rendered>()
                });
                match self.budget.take(weight) {
                    true => slot.get_or_init(|| made).clone(),
                    false => made,
                }
            }
        };
        made.map(with_html).map_err(|d| *d)
    }

    /// A quote with `html`, its card as `f` (`Quote` or `QuoteBySpeaker`) draws it.
    pub fn quote_card(
        &self,
        r: &dyn Fragments,
        id: QuoteId,
        f: Fragment,
    ) -> Result<Shared<QuoteView<'a>>, Diagnostic> {
        self.rendered(r, f, id.index(), || self.quote(id))
    }

    /// An event with `html`, drawn with its date and briefing.
    pub fn event_item(
        &self,
        r: &dyn Fragments,
        id: EventId,
    ) -> Result<Shared<EventView<'a>>, Diagnostic> {
        self.rendered(r, Fragment::Event, id.index(), || self.event(id))
    }

    /// The Admiralty scale with `html`, drawn under a section heading (`level=3`).
    pub fn grade_legend(&self, r: &dyn Fragments) -> Result<Shared<grade::Legend>, Diagnostic> {
        self.rendered(r, Fragment::Legend, 0, || {
            self.shared(&grade::legend(&self.locale))
        })
    }

    /// A briefing card with `html`, drawn under a section heading (`level=3`).
    pub fn briefing_card(
        &self,
        r: &dyn Fragments,
        id: BriefingId,
    ) -> Result<Shared<BriefingCard<'a>>, Diagnostic> {
        self.rendered(r, Fragment::Card, id.index(), || self.card(id))
    }

    /// The strings of the site's language.
    pub fn locale(&self) -> &crate::i18n::Locale {
        &self.locale
    }

    /// `t`, the strings of the site's language, as every page and fragment gets them.
    pub fn strings(&self) -> tera::Value {
        self.locale.template_value()
    }

    /// `site`, as every page gets it.
    pub fn site_view(&self) -> tera::Value {
        let make = || {
            let mut view = SiteView::new(&self.site.config);
            view.dir = self.locale.dir.as_str();
            tera::Value::from_serializable(&view)
        };
        self.site_view.get_or_init(make).clone()
    }

    /// `nav` for the page at `page_path`.
    pub fn nav(&self, page_path: &str) -> tera::Value {
        let (slot, items) = nav(self.site, &self.locale, page_path);
        let make = || tera::Value::from_serializable(&items);
        match self.navs.get(slot) {
            Some(cached) => cached.get_or_init(make).clone(),
            None => make(),
        }
    }

    /// `footer`, for every page.
    pub fn footer(&self) -> tera::Value {
        let make = || tera::Value::from_serializable(&footer(self.site));
        self.footer.get_or_init(make).clone()
    }

    /// Whether pages may be fingerprinted from sketches of their views: only with the
    /// room for them, lest a sketch be kept where a view to render should be.
    pub fn can_sketch(&self) -> bool {
        self.sketches.room
    }

    /// `view` made a template value to share (with its fingerprint in a build that
    /// fingerprints pages), or while sketching only fingerprinted.
    pub(super) fn shared<T: serde::Serialize>(&self, view: &T) -> Shared<T> {
        self.shared_printed(view, None)
    }

    /// [`Catalog::shared`], the fingerprint remembered in `slot` (see [`printed`]).
    fn shared_printed<T: serde::Serialize>(
        &self,
        view: &T,
        slot: Option<&[std::sync::atomic::AtomicU64; 2]>,
    ) -> Shared<T> {
        if crate::fingerprint::sketching() {
            Shared::sketch(view)
        } else if self.sketches.fingerprinted {
            printed(view, slot)
        } else {
            Shared::new(view)
        }
    }

    /// The catalog of a build that fingerprints its pages; with room for the views as
    /// sketched (see [`crate::fingerprint::sketch`]) if `sketch`. A build that can keep
    /// no page (the first into a folder) has no use for that room, some 55 MB at
    /// 100,000 briefings.
    pub fn fingerprinted(mut self, sketch: bool) -> Self {
        let prints = Prints::of(self.site);
        self.budget = Budget::new(self.budget.bytes - prints.bytes() as isize);
        self.sketches = Sketches {
            fingerprinted: true,
            room: sketch,
            views: match sketch {
                true => Views::of(self.site),
                false => Views::default(),
            },
            prints,
        };
        self
    }

    /// The fingerprint of the context every page of this catalog gets alike: `site`,
    /// `footer` and `t`, hashed once rather than once a page.
    pub fn shared_inputs(&self) -> crate::fingerprint::Fingerprint {
        *self.shared_inputs.get_or_init(|| {
            crate::fingerprint::Hasher::new()
                .value(&self.site_view())
                .value(&self.footer())
                .value(&self.strings())
                .finish()
        })
    }

    /// The sources of briefing `b`, in order.
    pub fn sources(&self, b: BriefingId) -> Vec<Shared<SourceView<'a>>> {
        let make = || -> Vec<_> {
            let n = self.site.briefings[b.index()].sources.len();
            (0..n).map(|i| self.source_made(b, i)).collect()
        };
        if let Some(sketch) = self.sketches.views.sources.get(b.index())
            && crate::fingerprint::sketching()
        {
            return sketch.get_or_init(make).clone();
        }
        let slot = &self.views.sources[b.index()];
        if let Some(kept) = slot.get() {
            return kept.clone();
        }
        let made = make();
        match self.budget.take(made.len() * weight::SOURCE) {
            true => slot.get_or_init(|| made).clone(),
            false => made,
        }
    }

    /// Source `i` of briefing `b`: one of the briefing's sources where they are kept or
    /// may be, else made alone (at 100,000 briefings, making every source of a
    /// briefing for the one a quote cites took 2% of the build's CPU).
    pub fn source(&self, b: BriefingId, i: usize) -> Shared<SourceView<'a>> {
        let n = self.site.briefings[b.index()].sources.len();
        let sketched =
            crate::fingerprint::sketching() && self.sketches.views.sources.get(b.index()).is_some();
        let kept = self.views.sources[b.index()].get().is_some();
        if sketched || kept || self.budget.has_room(n * weight::SOURCE) {
            return self.sources(b).swap_remove(i);
        }
        self.source_made(b, i)
    }

    /// Source `i` of briefing `b` made, with its fingerprint remembered.
    fn source_made(&self, b: BriefingId, i: usize) -> Shared<SourceView<'a>> {
        let slot = self.sketches.prints.source(b, i);
        self.shared_printed(&self.make_source(b, i), slot)
    }

    /// The view of date `d`, shared by every item showing the same text (the text
    /// decides all of the view).
    pub fn date(&self, d: &'a Edtf) -> Shared<DateView<'a>> {
        let dates = || {
            self.dates
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        let written = d.as_written();
        let fingerprinted = self.sketches.fingerprinted;
        // A sketch needs only the fingerprint.
        let sketch = fingerprinted && crate::fingerprint::sketching();
        // The guard goes with this statement: the view is made outside the lock.
        let Dated {
            mut value,
            mut fingerprint,
        } = dates().get(written).cloned().unwrap_or_default();
        let lacks_print = fingerprinted && fingerprint.is_none();
        let lacks_value = !sketch && value.is_none();
        if lacks_print || lacks_value {
            let view = super::date(d, &self.locale.dates);
            let print =
                lacks_print.then(|| crate::fingerprint::Hasher::new().value(&view).finish());
            let made = lacks_value.then(|| Shared::new(&view).value);
            // Should another thread make it meanwhile, the two are equal; the first stays.
            let mut dates = dates();
            let kept = dates.entry(written).or_default();
            if let Some(print) = print {
                fingerprint = Some(*kept.fingerprint.get_or_insert(print));
            }
            if let Some(made) = made {
                value = Some(kept.value.get_or_insert(made).clone());
            }
        }
        match (sketch, fingerprint) {
            (true, Some(fingerprint)) => Shared::sketched(fingerprint),
            _ => Shared {
                value: value.unwrap_or_else(tera::Value::none),
                fingerprint,
                _view: PhantomData,
            },
        }
    }

    /// The view of source grade `code`, shared by every source graded alike; `None`
    /// for an invalid code (the model rejects those). Fingerprinted whenever views are,
    /// sketching or not: a grade costs no more to make whole.
    pub fn grade(&self, code: &'a str) -> Option<Shared<grade::GradeView>> {
        let grades = || {
            self.grades
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        };
        // The guard goes with this statement: the view is made outside the lock.
        let kept = grades().get(code).cloned();
        if kept.is_some() {
            return kept;
        }
        let view = grade::view(code, &self.locale)?;
        let made = match self.sketches.fingerprinted {
            true => Shared::fingerprinted(&view),
            false => Shared::new(&view),
        };
        Some(grades().entry(code).or_insert(made).clone())
    }

    pub fn actor(&self, id: ActorId) -> Shared<ActorLink<'a>> {
        kept(
            &self.views.actors,
            &self.sketches,
            (|v| &v.actors, PrintOf::Actor),
            (id.index(), weight::ACTOR),
            &self.link_budget,
            || self.make_actor(id),
        )
    }
    pub fn topic(&self, id: TopicId) -> Shared<TopicLink<'a>> {
        kept(
            &self.views.topics,
            &self.sketches,
            (|v| &v.topics, PrintOf::Topic),
            (id.index(), weight::TOPIC),
            &self.link_budget,
            || self.make_topic(id),
        )
    }
    pub fn author(&self, id: AuthorId) -> Shared<AuthorLink<'a>> {
        kept(
            &self.views.authors,
            &self.sketches,
            (|v| &v.authors, PrintOf::Author),
            (id.index(), weight::AUTHOR),
            &self.link_budget,
            || self.make_author(id),
        )
    }
    pub fn briefing_link(&self, id: BriefingId) -> Shared<BriefingLink<'a>> {
        kept(
            &self.views.briefing_links,
            &self.sketches,
            (|v| &v.briefing_links, PrintOf::BriefingLink),
            (id.index(), weight::BRIEFING_LINK),
            &self.link_budget,
            || self.make_briefing_link(id),
        )
    }
    pub fn card(&self, id: BriefingId) -> Shared<BriefingCard<'a>> {
        kept(
            &self.views.cards,
            &self.sketches,
            (|v| &v.cards, PrintOf::Card),
            (id.index(), weight::CARD),
            &self.budget,
            || self.make_card(id),
        )
    }
    pub fn quote(&self, id: QuoteId) -> Shared<QuoteView<'a>> {
        kept(
            &self.views.quotes,
            &self.sketches,
            (|v| &v.quotes, PrintOf::Quote),
            (id.index(), weight::QUOTE),
            &self.budget,
            || self.make_quote(id),
        )
    }
    pub fn event(&self, id: EventId) -> Shared<EventView<'a>> {
        kept(
            &self.views.events,
            &self.sketches,
            (|v| &v.events, PrintOf::Event),
            (id.index(), weight::EVENT),
            &self.budget,
            || self.make_event(id),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::Section;
    use crate::feeds::testing::{site, source};

    /// Two actors and three briefings, each quoting both, the second from a source.
    fn quoting() -> Site {
        let mut sources = vec![
            source(Section::Actor, "a", "---\nname: Actor 0001\n---\n"),
            source(Section::Actor, "b", "---\nname: Actor 0002\n---\n"),
        ];
        for i in 1..=3 {
            sources.push(source(
                Section::Briefing,
                &format!("b{i}"),
                &[
                    "---".to_string(),
                    format!("title: Briefing {i}"),
                    format!("date: 2020-01-0{i}"),
                    "actors: [a, b]".into(),
                    "sources:".into(),
                    format!("  - {{ id: r, title: Report {i}, date: 2020-01-0{i} }}"),
                    "quotes:".into(),
                    format!("  - {{ by: a, text: Words {i}, said: 2020-01-0{i} }}"),
                    format!(
                        "  - {{ by: b, text: Other words {i}, said: 2020-01-0{i}, source: r }}"
                    ),
                    "---".into(),
                    format!("Body {i}.\n"),
                ]
                .join("\n"),
            ));
        }
        site(None, &sources)
    }

    #[test]
    fn links_take_what_they_need_up_to_half_of_the_budget() {
        let site = quoting();
        let need =
            3 * weight::BRIEFING_LINK + 2 * weight::ACTOR + site.topics.len() * weight::TOPIC;
        let need = need as isize;
        let (links, items) = Budget::split_bytes(&site, 1 << 20);
        assert_eq!((links.bytes, items.bytes), (need, (1 << 20) - need));
        let (links, items) = Budget::split_bytes(&site, need);
        assert_eq!((links.bytes, items.bytes), (need / 2, need - need / 2));
    }

    #[test]
    fn links_are_kept_when_the_other_views_have_taken_the_budget() {
        let site = quoting();
        let mut catalog = Catalog::new(&site);
        (catalog.link_budget, catalog.budget) = (Budget::new(1 << 20), Budget::new(0));
        let q = site.quotes.iter().position(|q| q.source.is_some()).unwrap();
        catalog.quote(QuoteId(q as u32));
        assert!(catalog.views.quotes[q].get().is_none());
        let b = site.quotes[q].briefing.index();
        assert!(catalog.views.briefing_links[b].get().is_some());
        assert!(
            catalog.views.actors[site.quotes[q].by.index()]
                .get()
                .is_some()
        );
    }

    #[test]
    fn a_view_made_again_past_the_budget_is_not_hashed_again() {
        let site = quoting();
        let mut catalog = Catalog::new(&site).fingerprinted(false);
        catalog.budget = Budget::new(0);
        let q = site.quotes.iter().position(|q| q.source.is_some()).unwrap();
        let id = QuoteId(q as u32);
        let first = catalog.quote(id).fingerprint.unwrap();
        let hashed = crate::fingerprint::Hasher::new()
            .value(&catalog.make_quote(id))
            .finish();
        assert_eq!(first, hashed);
        assert_eq!(catalog.quote(id).fingerprint, Some(first));
        // What is remembered is what the next page gets, so it is not hashed again.
        let slot = catalog.sketches.prints.slot(PrintOf::Quote, q).unwrap();
        slot[1].store(7, std::sync::atomic::Ordering::Relaxed);
        let print = catalog.quote(id).fingerprint.unwrap();
        assert_eq!(print.0 >> 64, 7);
        // The same for the source it cites, made alone.
        let b = site.quotes[q].briefing;
        let source = catalog.source(b, 0).fingerprint.unwrap();
        let slot = catalog.sketches.prints.source(b, 0).unwrap();
        assert_eq!(
            slot[0].load(std::sync::atomic::Ordering::Relaxed),
            source.0 as u64
        );
    }

    #[test]
    fn a_date_is_fingerprinted_and_made_once_for_every_item_showing_it() {
        let site = quoting();
        let catalog = Catalog::new(&site).fingerprinted(false);
        let said = &site.quotes[0].said;
        let (one, two) = (catalog.date(said), catalog.date(said));
        assert!(one.fingerprint.is_some() && one.fingerprint == two.fingerprint);
        assert!(!one.value.is_none());
        let dates = catalog.dates.lock().unwrap();
        assert_eq!(dates.len(), 1, "{:?}", dates.keys().collect::<Vec<_>>());
    }
}
