//! The rebuild after one briefing is saved, done by replacing that briefing in the last
//! good site instead of building all of it again. It applies while the briefing keeps
//! its slug and the actors its body links to. Its quotes, events and claims take the
//! place of the old ones, and the runs of later briefings move along if there are more
//! or fewer. What it moved decides what is ordered again ([`Reindexed`]): nothing; its
//! place among the briefings (its date, actors or byline); its quotes' places, while
//! each is a statement of its own; or, as the last step of a full build does, every
//! listing. When its topics change, every topic is made again from every briefing's
//! names ([`topics::replay`](super::topics::replay)). Anything else, and any problem in
//! the file, takes the full build, which then reports it. The tests compare patched
//! sites with fresh builds.

mod front;
mod moved;
mod new_actor;
mod new_author;
mod new_or_gone;
mod new_page;
mod new_topic;
mod settings;

use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::bodies::{ACTOR_IDS, AUTHOR_IDS, BRIEFING_IDS, Bodies, PAGE_IDS, TOPIC_IDS};
use super::cache::{Body, Cache, Last, Touched};
use super::index::{Items, index, members, push_unique};
use super::parse::{Parsed, parse_any};
use super::resolve::Builder;
use super::{
    Briefing, BriefingId, Claim, Event, Options, PAGE_ROOT, Quote, SECTION_ROOT, Site, Slug,
    actor_path, author_path, briefing_path, page_path, topic_path,
};
use crate::config::Config;
use crate::content::BriefingFm;
use crate::discover::{Section, Source};
use crate::refs;

/// The site after the one changed briefing among `sources`, if it can be patched.
pub(super) fn patch(
    config: &Config,
    sources: &[Source],
    opts: &Options,
    cache: &mut Cache,
) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    if cache.touched == Touched::Anything
        || (last.drafts, last.strip_html) != (opts.drafts, opts.strip_html)
        || last.publish_until != opts.publish_until
    {
        return None;
    }
    let same = || same_sources(last, sources);
    if last.site.config != *config {
        return match cache.touched == Touched::Config && same() {
            true => settings::patch(config, opts, cache),
            false => None,
        };
    }
    if cache.touched != Touched::Sources {
        if !same() {
            return None;
        }
        let site = Arc::clone(&last.site);
        cache.patched = Some(Patched {
            file: PathBuf::new(),
            reindexed: Reindexed::Nothing,
            topics: false,
            menu: false,
        });
        return Some(site);
    }
    if last.sources.len() != sources.len() {
        return new_or_gone::patch(sources, opts, cache);
    }
    let Some(k) = the_one_changed(last, sources) else {
        return new_or_gone::patch(sources, opts, cache);
    };
    let src = &sources[k];
    match src.section {
        Section::Briefing => briefing(src, k, opts, cache),
        _ => described(src, k, opts, cache),
    }
}

/// The site after an edit of briefing file `src` (source `k`), if it can be patched.
fn briefing(src: &Source, k: usize, opts: &Options, cache: &mut Cache) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    let id = last.briefing_at[k]?;
    let parse = Arc::new(parse_any(src));
    let p = Parsed::<BriefingFm>::of(src, &parse)?;
    let future = opts
        .publish_until
        .is_some_and(|until| super::build::is_future(&p.fm, until));
    if !parse.diagnostics.is_empty() || p.fm.draft || future {
        return None;
    }
    let old = &last.site.briefings[id.index()];
    let raw = p.fm.slug.as_deref().unwrap_or(&src.stem);
    if refs::slugify(raw) != old.slug.as_str() || p.fm.slug.as_deref().is_some_and(|s| s != raw) {
        return None;
    }

    let (mut new, quotes, events, mut b) =
        convert(last, opts, &p, (id, Some(id)), old.slug.clone())?;
    let job = p.body_job(Some(briefing_path(&new.slug)));
    let body = body_like(cache, opts, job, BRIEFING, Some(id.index()))?;
    with_body(&mut new, &body);
    // A body linking to this briefing by its file may show its title.
    let page = briefing_path(&new.slug);
    if new.title != old.title && shown(last, &body, &page) {
        return None;
    }

    let site = &last.site;
    let mut retopic = retopic(last, id, &p.fm.topics, b.topics.len())?;
    if let Some((named, _)) = &mut retopic {
        new.topics = std::mem::take(&mut named.lists[id.index()]);
    }
    let reindexed = moved::what_moved(site, id, &new, &quotes, &events, &b.claims);
    let counts = (site.quotes_of(id).len(), quotes.len());

    let old = Arc::clone(old);
    let (mut site, start) = splice(site, id, new, quotes, events, b.claims);
    let retopiced = retopic.is_some();
    let (topic_index, topic_names) = match retopic {
        Some((named, names)) => (Some(renumber(&mut site, id, named)), Some(names)),
        None => (None, None),
    };
    let mut site = reorder(
        site,
        &last.site,
        reindexed,
        (id, &old),
        (start, counts),
        retopiced,
    );
    // This file's warnings are now those of its new text; the others' stay.
    site.warnings.retain(|w| w.path != src.rel);
    site.warnings.append(&mut b.warnings);
    crate::diag::sort(&mut site.warnings);

    let last = cache.last.as_mut()?;
    if let Some(index) = topic_index {
        last.topic_index = index;
    }
    last.files.retitle(&page, &site.briefings[id.index()].title);
    if let Some(names) = topic_names {
        last.topic_names = names;
    }
    let patched = Patched {
        file: src.rel.clone(),
        reindexed,
        topics: retopiced,
        menu: false,
    };
    keep(cache, site, (k, src), parse, (id.index(), body), patched)
}

/// Briefing `p` (id `id`, slug `slug`) read against the last site, and its quotes and
/// events, with the builder that read it (its claims and warnings); `replacing`: the
/// last site's briefing it takes the place of, if any, rather than coming before `id`.
/// `None` if it has a problem, or gives a statement id another speaker's quote carries,
/// which the full build reports.
fn convert<'p>(
    last: &Last,
    opts: &Options,
    p: &Parsed<'p, BriefingFm>,
    (id, replacing): (BriefingId, Option<BriefingId>),
    slug: Slug,
) -> Option<(Briefing, Vec<Quote>, Vec<Event>, Builder)> {
    let mut b = Builder::new(
        last.actor_index.clone(),
        last.topic_index.clone(),
        last.draft_actors.clone(),
        last.site.topics.clone(),
        opts.archives.clone(),
    );
    b.author_index = last.author_index.clone();
    b.content = opts.content.clone();
    let (mut quotes, mut events) = (Vec::new(), Vec::new());
    let words = super::statements::quote_words(&p.fm);
    let new = b.briefing(p, slug, id, &words, &mut quotes, &mut events);
    if !b.diags.is_empty() || id_taken(&last.site, replacing, &quotes) {
        return None;
    }
    Some((new, quotes, events, b))
}

/// Puts `body` in briefing `new`, as a full build's last step does.
fn with_body(new: &mut Briefing, body: &Body) {
    for &a in &body.rendered.mentions {
        push_unique(&mut new.actors, a);
    }
    if new.summary.is_empty() {
        new.summary = body.rendered.first_paragraph.clone();
    }
    new.body_html = body.html.clone();
    new.headings = Arc::clone(&body.rendered.headings);
    new.figure = body.rendered.first_figure.as_ref().map(super::figure_image);
}

/// The topics made again, and the names they were made from, when briefing `id` now
/// names `names` and its reading made the topics `made` many: `Some(None)` if they stay
/// as they are, `None` if they cannot be made. Topics are made by the briefings that
/// name them first, so their ids may move; and a topic is shown as the briefing naming
/// it first spells it, so names as written count too.
fn retopic(
    last: &Last,
    id: BriefingId,
    names: &[String],
    made: usize,
) -> Option<Option<(super::topics::Named, super::topics::Names)>> {
    if last.topic_names.are(id.index(), names) && made == last.site.topics.len() {
        return Some(None);
    }
    let mut all = last.topic_names.clone();
    all.set(id.index(), names);
    let named = super::topics::replay(&last.site.topics, &last.topic_index, &all)?;
    Some(Some((named, all)))
}

/// Gives `site` the topics `named` and every briefing but `id` (which has them) its
/// topics among them; what each name answers to now.
fn renumber(
    site: &mut Site,
    id: BriefingId,
    named: super::topics::Named,
) -> refs::Index<super::TopicId> {
    give_topics(&mut site.briefings, &named.lists, Some(id));
    site.topic_briefings = vec![Vec::new(); named.topics.len()].into();
    site.topics = named.topics;
    named.index
}

/// Gives every briefing but `skip` (which has them) its topics in `lists`, by briefing
/// id. A briefing is copied only if they change, on both cores: a topic file sorting
/// first moves every topic id.
fn give_topics(
    briefings: &mut [Arc<Briefing>],
    lists: &[Vec<super::TopicId>],
    skip: Option<BriefingId>,
) {
    (briefings.par_iter_mut().zip(lists).enumerate()).for_each(|(i, (b, list))| {
        if skip.is_none_or(|s| s.index() != i) && b.topics != *list {
            Arc::make_mut(b).topics.clone_from(list);
        }
    });
}

/// `site`, spliced from `last` with briefing `id` (once `old`), with the listings
/// `reindexed` says moved ordered again; the quotes spliced were `counts` (old, new)
/// from `start`. `retopiced`: the topics were made again, so their lists are made
/// afresh.
fn reorder(
    mut site: Site,
    last: &Site,
    reindexed: Reindexed,
    (id, old): (BriefingId, &Briefing),
    (start, counts): (usize, (usize, usize)),
    retopiced: bool,
) -> Site {
    if matches!(reindexed, Reindexed::Quotes | Reindexed::Both) {
        let quotes = super::index::Moves::replaced((start, counts.0, counts.1));
        let events = super::index::Moves::new(None, None);
        super::index::regroup(&mut site, last, quotes, events);
    }
    if matches!(reindexed, Reindexed::Briefing | Reindexed::Both) {
        super::index::move_briefing(&mut site, id, old, !retopiced);
    }
    if reindexed != Reindexed::All {
        if retopiced {
            let (n, briefings) = (site.topics.len(), &site.briefings);
            site.topic_briefings =
                super::index::topic_briefings(n, briefings, &site.briefings_by_date).into();
        }
        return site;
    }
    let items = Items {
        actors: site.actors,
        briefings: site.briefings,
        topics: site.topics,
        pages: site.pages,
        authors: site.authors,
        quotes: site.quotes,
        events: site.events,
        claims: site.claims,
        mentions: site.mentions,
    };
    everything(items, last)
}

/// The site of `items`, every listing ordered and grouped as a full build does last;
/// what indexing does not make is `last`'s, and the links of bodies are left to
/// [`finish`].
fn everything(items: Items, last: &Site) -> Site {
    let mut site = index(last.config.clone(), items, Vec::new());
    site.future_left_out = last.future_left_out;
    site.left_out = last.left_out.clone();
    site.image = last.image.clone();
    site.warnings = last.warnings.clone();
    site
}

/// A builder for reading one file again, which reads pictures from `content/` and, given
/// the `last` build, knows its actors (affiliations resolve against them).
fn builder(opts: &Options, last: Option<&Last>) -> Builder {
    let mut b = Builder::new(
        last.map(|l| l.actor_index.clone()).unwrap_or_default(),
        Default::default(),
        last.map(|l| l.draft_actors.clone()).unwrap_or_default(),
        Vec::new(),
        opts.archives.clone(),
    );
    b.content = opts.content.clone();
    b
}

/// Where a kind of page is from the site's root, and the ids its template gives
/// elements, which headings of its body must not take.
type Ids = (&'static str, &'static [&'static str]);
const BRIEFING: Ids = (SECTION_ROOT, BRIEFING_IDS);
const PAGE: Ids = (PAGE_ROOT, PAGE_IDS);

/// Whether a body of the last site, or `body` replacing one, links to `page` by its
/// file, and so may show its title.
fn shown(last: &Last, body: &Body, page: &str) -> bool {
    shows(body, page) || shown_anywhere(last, page)
}

/// Whether `body` links to `page` by its file.
fn shows(body: &Body, page: &str) -> bool {
    (body.rendered.files.iter()).any(|(_, t)| t.as_ref().is_some_and(|t| t.page == page))
}

/// The names every actor answers to, as a full build indexes them: each actor's (see
/// [`names_of`]) in id order. `None` if a name is two actors'.
fn actor_index<'a>(
    names: impl Iterator<Item = Vec<&'a str>>,
) -> Option<refs::Index<super::ActorId>> {
    let mut index = refs::Index::default();
    for (i, names) in names.enumerate() {
        for name in names {
            index.insert(name, super::ActorId::of(i));
        }
    }
    let clash = index.clashes().next().is_some();
    (!clash).then_some(index)
}

/// The names actor `a` answers to: its slug, name and aliases.
fn names_of(a: &super::Actor) -> Vec<&str> {
    let aliases = a.aliases.iter().map(|x| x.name.as_str());
    [a.slug.as_str(), a.name.as_str()]
        .into_iter()
        .chain(aliases)
        .collect()
}

/// How many of the files at `paths` come before source `k` of the last build: the
/// place among them of a file new at `k`, since items are numbered in file order.
fn place_among<'a>(
    last: &Last,
    k: usize,
    paths: impl Iterator<Item = &'a std::path::Path>,
) -> usize {
    // As bytes: `Path` hashing and equality walk components, and a topic's file comes
    // after every briefing's.
    let paths: std::collections::HashSet<&std::ffi::OsStr> =
        paths.map(std::path::Path::as_os_str).collect();
    (last.sources[..k].iter())
        .filter(|(rel, _)| paths.contains(rel.as_os_str()))
        .count()
}

/// Whether a body of the last site links to `page` by its file.
fn shown_anywhere(last: &Last, page: &str) -> bool {
    last.link_bodies.iter().any(|b| shows(b, page))
}

/// The body of `job`, rendered as that of kept body `at` (see [`Last::link_bodies`])
/// was: `None` if it has a problem, which the full build reports, or links to other
/// actors than that one, who then appear with the item. A body of a new file (`at`
/// None) need only be free of problems.
fn body_like(
    cache: &Cache,
    opts: &Options,
    job: super::bodies::BodyJob<'_>,
    ids: Ids,
    at: Option<usize>,
) -> Option<Arc<Body>> {
    let last = cache.last.as_ref()?;
    let actors = (&last.actor_index, last.site.actors.as_slice(), last.context);
    body_like_among(cache, opts, job, ids, at, actors)
}

/// [`body_like`] among other actors than the last site's: their index, themselves and
/// the context of bodies rendered among them (see [`Cache::context`]).
fn body_like_among(
    cache: &Cache,
    opts: &Options,
    job: super::bodies::BodyJob<'_>,
    (root, ids): Ids,
    at: Option<usize>,
    (index, actors, context): (&refs::Index<super::ActorId>, &[super::Actor], u64),
) -> Option<Arc<Body>> {
    let last = cache.last.as_ref()?;
    let slugs: Vec<&Slug> = actors.iter().map(|a| &a.slug).collect();
    let bodies = Bodies {
        actor_index: index,
        actor_slugs: &slugs,
        files: &last.files,
        strip_html: opts.strip_html,
        content: opts.content.as_deref(),
        context,
        cache,
        language: None,
        spill: opts.spill.as_ref(),
    };
    let body = bodies.render(vec![job], root, ids).pop()?;
    let r = &body.rendered;
    let clean = r.bad_links.is_empty() && r.bad_files.is_empty() && r.problems.is_empty();
    // By page: a kept body's ids are those of the actors when it was rendered, which
    // an actor added since has moved along.
    let same_mentions = match at {
        Some(at) => body.mention_pages() == last.link_bodies.get(at)?.mention_pages(),
        None => true,
    };
    (clean && same_mentions).then_some(body)
}

/// Where the kept body of item `i` of `section` is among [`Last::link_bodies`]: the
/// briefings', actors', free pages', topics' and authors', in that order, as the last
/// site numbers them. A topic file whose name is another's too keeps no body (its page
/// is not known), so the topics' places are known only while every topic file keeps
/// one: `None` otherwise. The authors' come last whatever the topics kept.
fn kept_at(last: &Last, section: Section, i: usize) -> Option<usize> {
    let site = &last.site;
    let actors = site.briefings.len();
    let pages = actors + site.actors.len();
    let topics = pages + site.pages.len();
    let authors = last.link_bodies.len().checked_sub(site.authors.len())?;
    match section {
        Section::Briefing => Some(i),
        Section::Actor => Some(actors + i),
        Section::Page => Some(pages + i),
        Section::Topic => (authors == topics + filed_count(site)).then_some(topics + i),
        Section::Author => Some(authors + i),
    }
}

/// How many topics have a file: they come first.
fn filed_count(site: &Site) -> usize {
    site.topics.iter().take_while(|t| t.path.is_some()).count()
}

/// New file `src` read for a patch that puts it in: its parse and front matter, if it
/// has no problem and no file of the last site is at its path.
fn read_new<'s, T: super::cache::FrontMatter>(
    last: &Last,
    src: &'s Source,
) -> Option<(Arc<super::cache::Parse>, Parsed<'s, T>)> {
    let parse = Arc::new(parse_any(src));
    let p = Parsed::<T>::of(src, &parse)?;
    (parse.diagnostics.is_empty() && !last.files.knows(src)).then_some((parse, p))
}

/// The slug new file `p` takes from `slug:` (`explicit`) or its file name, if a full
/// build gives it without complaint: well formed, and written so.
fn new_slug<T>(p: &Parsed<T>, explicit: Option<&str>) -> Option<Slug> {
    let raw = explicit.unwrap_or(&p.src.stem);
    let slug = refs::slugify(raw);
    let written_so = explicit.is_none_or(|s| s == slug);
    (!slug.is_empty() && written_so && refs::slug_problem(&slug).is_none()).then_some(Slug(slug))
}

/// Makes `site`, in which file `src` (read as `parse`, its body `body`) was put as
/// source `k` and kept body `at`, the last site; keeps what the next patch needs.
fn keep_new(
    cache: &mut Cache,
    site: Site,
    (k, src, parse): (usize, &Source, Arc<super::cache::Parse>),
    (at, body): (usize, Arc<Body>),
    patched: Patched,
) -> Option<Arc<Site>> {
    let last = cache.last.as_mut()?;
    last.sources
        .insert(k, (src.rel.clone(), Arc::clone(&src.text)));
    last.briefing_at.insert(k, None);
    last.link_bodies.insert(at, Arc::clone(&body));
    cache.parses.insert(src.rel.clone(), parse);
    cache.bodies.insert(src.rel.clone(), body);
    finish(cache, site, patched)
}

/// Makes `site`, from which source `k` (kept body `at`) was taken out, the last site;
/// forgets what the next patch needed of it.
fn forget(
    cache: &mut Cache,
    site: Site,
    k: usize,
    at: usize,
    patched: Patched,
) -> Option<Arc<Site>> {
    let last = cache.last.as_mut()?;
    let (rel, _) = last.sources.remove(k);
    last.briefing_at.remove(k);
    last.link_bodies.remove(at);
    cache.parses.remove(&rel);
    cache.bodies.remove(&rel);
    finish(cache, site, patched)
}

/// What a patch that added, deleted or renamed `file` did: a page came or went, so the
/// pages are laid out again and links to one gone checked; `topics`, whether the
/// topics were made again.
fn came_or_went(file: &std::path::Path, topics: bool) -> Patched {
    Patched {
        file: file.to_path_buf(),
        reindexed: Reindexed::Layout,
        topics,
        menu: false,
    }
}

/// Makes `site`, in which source `k` changed as `src` (read as `parse`) and kept body
/// `at` is now `body`, the last site; keeps what the next patch needs.
fn keep(
    cache: &mut Cache,
    site: Site,
    (k, src): (usize, &Source),
    parse: Arc<super::cache::Parse>,
    (at, body): (usize, Arc<Body>),
    patched: Patched,
) -> Option<Arc<Site>> {
    let last = cache.last.as_mut()?;
    last.link_bodies[at] = Arc::clone(&body);
    last.sources[k].1 = Arc::clone(&src.text);
    cache.parses.insert(src.rel.clone(), parse);
    cache.bodies.insert(src.rel.clone(), body);
    finish(cache, site, patched)
}

/// Makes `site` the last site, with the links of the bodies kept, once those are.
fn finish(cache: &mut Cache, mut site: Site, patched: Patched) -> Option<Arc<Site>> {
    let last = cache.last.as_mut()?;
    site.body_links = (last.link_bodies.iter())
        .flat_map(|b| b.links.iter().cloned())
        .collect();
    let site = Arc::new(site);
    let before = std::mem::replace(&mut last.site, Arc::clone(&site));
    // Freeing the last site, when nothing else holds it, is not what the save waits
    // for: a briefing added first moves every quote, event and claim (10 ms at 10,000
    // briefings). Should no thread be had, it is freed here.
    let _ = std::thread::Builder::new().spawn(move || drop(before));
    cache.patched = Some(patched);
    Some(site)
}

/// The site after an edit of the file `src` (source `k`) of an actor, a topic, an
/// author or a free page: its body, its page with it, and what its front matter says
/// besides the names it answers to (see [`front`]). `None` if the new body links to
/// other actors than the old one, or the file has a problem, which the full build
/// reports.
fn described(src: &Source, k: usize, opts: &Options, cache: &mut Cache) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    let parse = Arc::new(parse_any(src));
    let front = parse.body_offset;
    if !parse.diagnostics.is_empty() || front == 0 {
        return None;
    }
    let same_front = last.sources[k].1.get(..front) == src.text.get(..front);
    let site = &last.site;
    let this = |path: &std::path::Path| path.as_os_str() == src.rel.as_os_str();
    let filed = filed_count(site);
    let (i, page, ids): (usize, String, Ids) = match src.section {
        Section::Actor => {
            let i = site.actors.iter().position(|a| this(&a.path))?;
            let ids = (SECTION_ROOT, ACTOR_IDS);
            (i, actor_path(&site.actors[i].slug), ids)
        }
        Section::Page => {
            let i = site.pages.iter().position(|p| this(&p.path))?;
            (i, page_path(&site.pages[i].slug), PAGE)
        }
        Section::Topic => {
            let i =
                (site.topics[..filed].iter()).position(|t| t.path.as_deref().is_some_and(this))?;
            let ids = (SECTION_ROOT, TOPIC_IDS);
            (i, topic_path(&site.topics[i].slug), ids)
        }
        Section::Author => {
            let i = site.authors.iter().position(|a| this(&a.path))?;
            let ids = (SECTION_ROOT, AUTHOR_IDS);
            (i, author_path(&site.authors[i].slug), ids)
        }
        Section::Briefing => return None,
    };
    let at = kept_at(last, src.section, i)?;
    let mut site = Site::clone(site);
    let (mut warnings, mut names, mut topics, mut authors) = (None, None, None, None);
    if !same_front {
        let file = (src, &*parse);
        match src.section {
            Section::Actor => {
                let (actor, w) = front::actor(last, file, i, opts)?;
                site.actors[i] = actor;
                site.members = members(&site.actors).into();
                warnings = Some(w);
                names = front::actor_names(last, &cache.parses, &site.actors, i)?;
            }
            Section::Page => site.pages[i] = front::page(last, file, i)?,
            Section::Topic => {
                let (topic, same_names) = front::topic(last, file, i)?;
                if same_names {
                    site.topics[i] = topic;
                } else {
                    // Which topic each briefing names may change with them.
                    let mut filed = new_topic::filed_topics(last)?;
                    filed[i] = topic;
                    let (retopiced, index) = new_topic::retopiced(last, &filed)?;
                    site = retopiced;
                    topics = Some(index);
                }
                warnings = Some(Vec::new());
            }
            _ => {
                let (author, w) = front::author(last, file, i, opts)?;
                site.authors[i] = author;
                warnings = Some(w);
                authors = front::author_names(last, &cache.parses, &site.authors, i)?;
            }
        }
    }
    // Refs resolve by the new names from now on, this file's body's among them.
    let retopiced = topics.is_some();
    if let Some(index) = names {
        let slugs: Vec<Slug> = site.actors.iter().map(|a| a.slug.clone()).collect();
        let last = cache.last.as_mut()?;
        last.context = Cache::context(&index, &slugs, opts.strip_html);
        last.actor_index = index;
    }
    if let Some(index) = topics {
        cache.last.as_mut()?.topic_index = index;
    }
    if let Some(index) = authors {
        cache.last.as_mut()?.author_index = index;
    }
    let last = cache.last.as_ref()?;
    src.text.get(front..)?;
    let job = (src, front, Some(page.clone()));
    let body = body_like(cache, opts, job, ids, Some(at))?;
    let html = body.html.clone();
    match src.section {
        Section::Actor => site.actors[i].body_html = html,
        Section::Page => {
            let p = &mut site.pages[i];
            p.body_html = html;
            p.headings = Arc::clone(&body.rendered.headings);
        }
        Section::Topic => site.topics[i].body_html = html,
        _ => site.authors[i].body_html = html,
    }
    // A page's title and an actor's name are shown by bodies that link to its file.
    let titles = match src.section {
        Section::Page => Some((&last.site.pages[i].title, &site.pages[i].title)),
        Section::Actor => Some((&last.site.actors[i].name, &site.actors[i].name)),
        Section::Topic => Some((&last.site.topics[i].name, &site.topics[i].name)),
        _ => None,
    };
    if let Some((_, title)) = titles.filter(|(was, now)| was != now) {
        if shown(last, &body, &page) {
            return None;
        }
        cache.last.as_mut()?.files.retitle(&page, title);
    }
    // A new front matter's warnings are the file's; the others' stay.
    if let Some(mut warnings) = warnings {
        site.warnings.retain(|w| w.path != src.rel);
        site.warnings.append(&mut warnings);
        crate::diag::sort(&mut site.warnings);
    }
    let patched = Patched {
        file: src.rel.clone(),
        reindexed: Reindexed::Nothing,
        topics: retopiced,
        menu: false,
    };
    keep(cache, site, (k, src), parse, (at, body), patched)
}

/// Whether a statement id of `quotes` is given to another speaker's quote in a
/// briefing other than `mine` (the one they replace): an error the full build
/// reports, at whichever comes second.
fn id_taken(site: &Site, mine: Option<BriefingId>, quotes: &[Quote]) -> bool {
    quotes.iter().any(|q| {
        q.statement_id.is_some()
            && site.quotes.iter().any(|o| {
                Some(o.briefing) != mine && o.statement_id == q.statement_id && o.by != q.by
            })
    })
}

/// Whether every source is as the last build read it.
fn same_sources(last: &Last, sources: &[Source]) -> bool {
    last.sources.len() == sources.len()
        && (sources.iter().zip(&last.sources)).all(|(src, read)| same_source(src, read))
}

/// Whether `src` is the file at `rel` as the last build read it, `text`.
fn same_source(src: &Source, (rel, text): &(PathBuf, Arc<str>)) -> bool {
    // As bytes: `Path` equality walks components, which showed in the profile.
    src.rel.as_os_str() == rel.as_os_str() && (Arc::ptr_eq(&src.text, text) || *src.text == **text)
}

/// The index of the one source whose text differs from the last build's, if exactly
/// one does and no file was added, removed or renamed.
fn the_one_changed(last: &Last, sources: &[Source]) -> Option<usize> {
    if last.sources.len() != sources.len() {
        return None;
    }
    let mut changed = None;
    for (i, (src, (rel, text))) in sources.iter().zip(&last.sources).enumerate() {
        // As bytes: `Path` equality walks components, which showed in the profile.
        if src.rel.as_os_str() != rel.as_os_str() {
            return None;
        }
        if !Arc::ptr_eq(&src.text, text) && *src.text != **text {
            if changed.is_some() {
                return None;
            }
            changed = Some(i);
        }
    }
    changed
}

/// `site` with briefing `id` replaced by `new`. A briefing's quotes, events and claims
/// sit together, in briefing order: the new ones take the old ones' place, and the
/// runs of later briefings move along. Also the id of the first new quote's place.
fn splice(
    site: &Site,
    id: BriefingId,
    new: Briefing,
    quotes: Vec<Quote>,
    events: Vec<Event>,
    claims: Vec<Claim>,
) -> (Site, usize) {
    let mut site = Site::clone(site);
    let start = site.runs.quotes[id.index()] as usize;
    let old = |starts: &[u32]| starts[id.index()] as usize..starts[id.index() + 1] as usize;
    let (q, e, c) = (
        old(&site.runs.quotes),
        old(&site.runs.events),
        old(&site.runs.claims),
    );
    let counts = (quotes.len(), events.len(), claims.len());
    site.quotes.splice(q, quotes);
    site.events.splice(e, events);
    site.claims.splice(c, claims);
    site.briefings[id.index()] = Arc::new(new);
    // Later briefings' runs start where this one's new ones end.
    let runs = &mut site.runs;
    for (starts, count) in [
        (&mut runs.quotes, counts.0),
        (&mut runs.events, counts.1),
        (&mut runs.claims, counts.2),
    ] {
        let end = starts[id.index()] as usize + count;
        let by = end as i64 - i64::from(starts[id.index() + 1]);
        if by != 0 {
            for s in &mut starts[id.index() + 1..] {
                *s = u32::try_from(i64::from(*s) + by).expect("fewer than 2^32 items");
            }
        }
    }
    (site, start)
}

/// A briefing patched into the last site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patched {
    pub file: PathBuf,
    /// Which listings were ordered again.
    pub reindexed: Reindexed,
    /// Whether the topics were made again: their pages may have moved.
    pub topics: bool,
    /// Whether the menu changed (in `site.yaml`): it is checked again.
    pub menu: bool,
}

/// Which listings a patch ordered again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reindexed {
    Nothing,
    /// Those of briefings: the briefing's date, actors or authors moved.
    Briefing,
    /// Those of quotes and statements: the briefing's quotes changed, each still a
    /// statement of its own.
    Quotes,
    /// Both of those.
    Both,
    /// All of them, as a full build does.
    All,
    /// None, but pages came, went or are cut otherwise (a file added or deleted, other
    /// page sizes): they are laid out again.
    Layout,
}

impl Patched {
    /// Whether listings were ordered again: pages of long listings may have moved.
    pub fn reordered(&self) -> bool {
        self.reindexed != Reindexed::Nothing || self.topics
    }
}

impl Cache {
    /// The briefing the last build patched into the site before it, when it did.
    pub fn patched(&self) -> Option<&Patched> {
        self.patched.as_ref()
    }

    /// Says what changed since the last build.
    pub fn touched(&mut self, what: Touched) {
        self.touched = what;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::testing::source;
    use crate::model::{build, build_with};

    fn debug(r: &impl std::fmt::Debug) -> String {
        format!("{r:?}")
    }

    /// The site `sources` make through `cache`, as `serve` builds after a save, having
    /// checked that it is the site a fresh build makes (`step` names the edit).
    fn like_fresh(
        cache: &mut Cache,
        sources: &[Source],
        opts: &Options,
        step: &str,
    ) -> Result<Arc<Site>, Vec<crate::diag::Diagnostic>> {
        let fresh = build(Config::default(), sources, opts);
        cache.touched(Touched::Sources);
        let kept = build_with(Config::default(), sources, opts, cache);
        assert_eq!(debug(&kept), debug(&fresh), "{step}");
        kept
    }

    const ACTORS: [(&str, &str); 2] = [
        ("a1", "---\nname: Actor One\nkind: person\n---\nBio.\n"),
        ("a2", "---\nname: Actor Two\nkind: state\n---\n"),
    ];

    fn briefing(title: &str, quote: &str, said: &str, body: &str) -> String {
        format!(
            "---\ntitle: {title}\ndate: 2022-03-01\ntopics: [Talks]\nactors: [a1]\nsources:\n  - id: s1\n    title: Report\nquotes:\n  - by: a1\n    text: {quote}\n    said: {said}\n    source: s1\nevents:\n  - date: 2022-03-01\n    what: Met.\n    actors: [a2]\nclaims:\n  - id: c1\n    text: It happened.\n    by: [a1]\n---\n{body}\n"
        )
    }

    fn sources(edited: &str) -> Vec<Source> {
        let mut all: Vec<Source> = ACTORS
            .iter()
            .map(|(stem, text)| source(Section::Actor, stem, text))
            .collect();
        all.push(source(Section::Briefing, "b1", edited));
        all.push(source(
            Section::Briefing,
            "b2",
            &briefing("Other", "Words.", "2022-03-02", "See [[Actor Two]]."),
        ));
        all
    }

    #[test]
    fn patched_sites_equal_fresh_builds_and_only_safe_edits_are_patched() {
        // None: built in full; Some(reordered): patched, listings ordered again or not.
        let moved = briefing("B", "Said.", "2022-03-05", "Again [[Actor Two]].").replacen(
            "date: 2022-03-01",
            "date: 2022-02-20",
            1,
        );
        // Later briefings' quotes and events move along.
        let more = moved
            .replacen(
                "quotes:\n",
                "quotes:\n  - by: a2\n    text: Added.\n    said: 2022-03-02\n",
                1,
            )
            .replacen(
                "events:\n",
                "events:\n  - date: 2022-03-03\n    what: Added.\n",
                1,
            );
        let steps: [(&str, String, Option<bool>); 12] = [
            ("start", briefing("B", "Said.", "2022-03-01", "Body."), None),
            (
                "body",
                briefing("B", "Said.", "2022-03-01", "Body, edited."),
                Some(false),
            ),
            (
                "title",
                briefing("B, edited", "Said.", "2022-03-01", "Body, edited."),
                Some(false),
            ),
            (
                "quote text",
                briefing("B, edited", "Said again.", "2022-03-01", "Body."),
                Some(false),
            ),
            (
                "quote date",
                briefing("B, edited", "Said again.", "2022-03-05", "Body."),
                Some(true),
            ),
            (
                "mention",
                briefing("B", "Said.", "2022-03-05", "With [[Actor Two]]."),
                None,
            ),
            (
                "same mention",
                briefing("B", "Said.", "2022-03-05", "Again [[Actor Two]]."),
                Some(false),
            ),
            ("briefing date", moved.clone(), Some(true)),
            ("add a quote and an event", more.clone(), Some(true)),
            ("take them out again", moved, Some(true)),
            (
                "broken",
                briefing("B", "Said.", "2022-03-05", "[[Nobody]]"),
                None,
            ),
            (
                "fixed",
                briefing("B", "Said.", "2022-03-05", "Fixed [[Actor Two]]."),
                None,
            ),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (step, text, patched) in steps {
            let sources = sources(&text);
            let _ = like_fresh(&mut cache, &sources, &opts, step);
            let got = cache.patched().map(|p| p.reordered());
            assert_eq!(got, patched, "{step}");
            if let Some(p) = cache.patched() {
                assert_eq!(p.file, PathBuf::from("content/briefings/b1.md"));
            }
        }
        // Not when something besides Markdown changed.
        let sources = sources(&briefing("B", "Said.", "2022-03-05", "Last [[Actor Two]]."));
        cache.touched(Touched::Anything);
        let _ = build_with(Config::default(), &sources, &opts, &mut cache);
        assert_eq!(cache.patched(), None);
    }
    #[test]
    fn warnings_follow_a_patched_briefing() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("briefings")).unwrap();
        image::RgbImage::new(4, 3)
            .save(content.join("briefings/p.png"))
            .unwrap();
        let opts = Options {
            content: Some(content),
            ..Options::default()
        };
        let briefing = |stem: &str, date: &str, credit: &str, body: &str| {
            source(
                Section::Briefing,
                stem,
                &format!(
                    "---\ntitle: B\ndate: {date}\nimage: {{src: p.png, alt: A{credit}}}\n---\n{body}\n"
                ),
            )
        };
        let other = briefing("b2", "2022-03-02", "", "Other.");
        // (b1, patched: None = built in full, Some(reordered), warnings)
        let steps = [
            (briefing("b1", "2022-03-01", "", "A."), None, 2),
            (briefing("b1", "2022-03-01", "", "B."), Some(false), 2),
            (
                briefing("b1", "2022-03-01", ", credit: C", "B."),
                Some(false),
                1,
            ),
            (briefing("b1", "2022-03-03", "", "B."), Some(true), 2),
        ];
        let mut cache = Cache::default();
        for (i, (b1, patched, warnings)) in steps.into_iter().enumerate() {
            let sources = vec![b1, other.clone()];
            let kept = like_fresh(&mut cache, &sources, &opts, &format!("step {i}"));
            assert_eq!(cache.patched().map(|p| p.reordered()), patched, "step {i}");
            assert_eq!(
                kept.map(|s| s.warnings.len()).ok(),
                Some(warnings),
                "step {i}"
            );
        }
    }

    #[test]
    fn bylines_and_authors_new_names_are_patched_while_no_byline_loses_its_author() {
        let author = |name: &str| {
            source(
                Section::Author,
                "w1",
                &format!("---\nname: {name}\n---\nBio.\n"),
            )
        };
        let briefing = |authors: &str, body: &str| {
            source(
                Section::Briefing,
                "b1",
                &format!("---\ntitle: B\ndate: 2022-03-01\nauthors: {authors}\n---\n{body}\n"),
            )
        };
        let w2 = source(Section::Author, "w2", "---\nname: Writer Two\n---\n");
        // (sources, patched: None = built in full, Some(reordered))
        let steps: [(Vec<Source>, Option<bool>); 8] = [
            (
                vec![author("Writer One"), w2.clone(), briefing("[w1]", "A.")],
                None,
            ),
            (
                vec![author("Writer One"), w2.clone(), briefing("[w1]", "B.")],
                Some(false),
            ),
            (
                vec![
                    author("Writer One"),
                    w2.clone(),
                    briefing("[w1, Writer Two]", "B."),
                ],
                Some(true),
            ),
            (
                vec![
                    author("Writer One"),
                    w2.clone(),
                    briefing("[{name: Guest}]", "B."),
                ],
                Some(true),
            ),
            // A new name, while no byline uses the old one; then one that does.
            (
                vec![
                    author("Writer Uno"),
                    w2.clone(),
                    briefing("[{name: Guest}]", "B."),
                ],
                Some(false),
            ),
            (
                vec![
                    author("Writer Uno"),
                    w2.clone(),
                    briefing("[Writer Uno]", "B."),
                ],
                Some(true),
            ),
            // Given up while a byline uses it, the build fails.
            (
                vec![
                    author("Writer Eins"),
                    w2.clone(),
                    briefing("[Writer Uno]", "B."),
                ],
                None,
            ),
            // Another author's name: it fails again.
            (vec![author("Writer Two"), w2, briefing("[w1]", "B.")], None),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (i, (sources, patched)) in steps.into_iter().enumerate() {
            let _ = like_fresh(&mut cache, &sources, &opts, &format!("step {i}"));
            assert_eq!(cache.patched().map(|p| p.reordered()), patched, "step {i}");
        }
    }

    #[test]
    fn listings_reindexed_in_part_equal_fresh_builds() {
        // b3 is edited; b5 quotes a2 with b2's words and date: one statement of two.
        let brief = |date: &str, actors: &str, authors: &str, quotes: &[(&str, &str, &str)]| {
            let quotes: String = (quotes.iter())
                .map(|(by, text, said)| {
                    format!("  - by: {by}\n    text: {text}\n    said: {said}\n    source: s1\n")
                })
                .collect();
            let quotes = if quotes.is_empty() {
                " []\n".to_string()
            } else {
                format!("\n{quotes}")
            };
            format!(
                "---\ntitle: T\ndate: {date}\ntopics: [Talks]\nactors: [{actors}]\nauthors: [{authors}]\nsources:\n  - id: s1\n    title: Report\nquotes:{quotes}claims:\n  - id: c1\n    text: It happened.\n    by: [a2]\n---\nBody.\n"
            )
        };
        let others = [
            (
                "b1",
                brief("2022-03-01", "a1", "w1", &[("a1", "One.", "2022-03-01")]),
            ),
            (
                "b2",
                brief(
                    "2022-03-02",
                    "a2, a3",
                    "w1",
                    &[("a2", "Shared words.", "2022-03-02")],
                ),
            ),
            (
                "b4",
                brief(
                    "2022-03-04",
                    "a1, a3",
                    "w2",
                    &[
                        ("a3", "Four.", "2022-03-04"),
                        ("a1", "Four too.", "2022-03-04"),
                    ],
                ),
            ),
            (
                "b5",
                brief(
                    "2022-03-05",
                    "a4",
                    "w2",
                    &[
                        ("a2", "Shared words.", "2022-03-02"),
                        ("a4", "Shared words.", "2022-03-02"),
                    ],
                ),
            ),
        ];
        // b4 names Aid after Talks; b5 names the topic with a file.
        let mut others = others;
        others[2].1 = others[2].1.replace("[Talks]", "[Talks, Aid]");
        others[3].1 = others[3].1.replace("[Talks]", "[Talks, Diplomacy]");
        let sources = |b3: &str| {
            let mut all: Vec<Source> = (1..=4)
                .map(|i| {
                    source(
                        Section::Actor,
                        &format!("a{i}"),
                        &format!("---\nname: Actor {i}\nkind: person\n---\n"),
                    )
                })
                .collect();
            for (i, name) in [(1, "One"), (2, "Two")] {
                all.push(source(
                    Section::Author,
                    &format!("w{i}"),
                    &format!("---\nname: Writer {name}\n---\n"),
                ));
            }
            all.push(source(
                Section::Topic,
                "diplomacy",
                "---\nname: Diplomacy\n---\nTalks.\n",
            ));
            for (stem, text) in &others[..2] {
                all.push(source(Section::Briefing, stem, text));
            }
            all.push(source(Section::Briefing, "b3", b3));
            for (stem, text) in &others[2..] {
                all.push(source(Section::Briefing, stem, text));
            }
            all
        };
        let three = [("a1", "Three.", "2022-03-03")];
        let shared = [("a2", "Shared words.", "2022-03-02")];
        let twice = [
            ("a4", "Again.", "2022-02-01"),
            ("a4", "again", "2022-02-01"),
        ];
        let topics = |names: &str, date: &str, quotes: &[(&str, &str, &str)]| {
            brief(date, "a2", "w2", quotes).replace("[Talks]", names)
        };
        let steps = [
            ("start", brief("2022-03-03", "a1, a2", "w1", &three), None),
            (
                "date",
                brief("2022-03-06", "a1, a2", "w1", &three),
                Some((Reindexed::Briefing, false)),
            ),
            (
                "back before all",
                brief("2022-02-01", "a1, a2", "w1", &three),
                Some((Reindexed::Briefing, false)),
            ),
            (
                "actors",
                brief("2022-02-01", "a1, a3, a4", "w1", &three),
                Some((Reindexed::Briefing, false)),
            ),
            (
                "authors",
                brief("2022-02-01", "a1, a3, a4", "w2, w1", &three),
                Some((Reindexed::Briefing, false)),
            ),
            (
                "all three",
                brief("2022-03-04", "a2", "w2", &three),
                Some((Reindexed::Briefing, false)),
            ),
            (
                "a quote added",
                brief(
                    "2022-03-04",
                    "a2",
                    "w2",
                    &[three[0], ("a4", "New.", "2022-02-01")],
                ),
                Some((Reindexed::Both, false)),
            ),
            (
                "quotes moved",
                brief(
                    "2022-03-04",
                    "a2",
                    "w2",
                    &[("a1", "Moved.", "2021-12-31"), ("a4", "New.", "2022-03-09")],
                ),
                Some((Reindexed::Quotes, false)),
            ),
            (
                "no quotes",
                brief("2022-03-04", "a2", "w2", &[]),
                Some((Reindexed::Both, false)),
            ),
            (
                "one statement with b2 and b5",
                brief("2022-03-04", "a2", "w2", &shared),
                Some((Reindexed::Quotes, false)),
            ),
            (
                "its briefing moved",
                brief("2022-03-01", "a2", "w2", &shared),
                Some((Reindexed::Both, false)),
            ),
            (
                "out of it",
                brief("2022-03-01", "a2", "w2", &three),
                Some((Reindexed::Both, false)),
            ),
            (
                "one statement twice",
                brief("2022-03-01", "a2", "w2", &twice),
                Some((Reindexed::Both, false)),
            ),
            (
                "body",
                brief("2022-03-01", "a2", "w2", &twice).replace("Body.", "Body, edited."),
                Some((Reindexed::Nothing, false)),
            ),
            (
                "a topic of its own",
                topics("[Talks, Peace]", "2022-03-01", &twice),
                Some((Reindexed::Nothing, true)),
            ),
            (
                "its own topic spelled another way",
                topics("[Talks, peace]", "2022-03-01", &twice),
                Some((Reindexed::Nothing, true)),
            ),
            (
                "first to name Aid, its way",
                topics("[aid, Peace]", "2022-03-01", &twice),
                Some((Reindexed::Nothing, true)),
            ),
            (
                "the topic with a file",
                topics("[Diplomacy]", "2022-03-01", &twice),
                Some((Reindexed::Nothing, true)),
            ),
            (
                "topics and quotes",
                topics("[Peace]", "2022-03-01", &three),
                Some((Reindexed::Both, true)),
            ),
            (
                "topics and date",
                topics("[Talks, Aid]", "2022-03-10", &three),
                Some((Reindexed::Briefing, true)),
            ),
            (
                "no topics",
                topics("[]", "2022-03-10", &three),
                Some((Reindexed::Nothing, true)),
            ),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (step, b3, reindexed) in steps {
            let sources = sources(&b3);
            let kept = like_fresh(&mut cache, &sources, &opts, step);
            assert!(kept.is_ok(), "{step}: {kept:?}");
            let got = cache.patched().map(|p| (p.reindexed, p.topics));
            assert_eq!(got, reindexed, "{step}");
        }
    }

    #[test]
    fn an_actor_body_edit_is_patched_like_a_fresh_build() {
        let actor = |front: &str, body: &str| {
            source(
                Section::Actor,
                "a1",
                &format!("---\n{front}kind: person\n---\n{body}\n"),
            )
        };
        let b1 = briefing("B", "Said.", "2022-03-01", "Body [[Actor One]].");
        // (a1, patched: None = built in full, Some = patched)
        let steps = [
            (actor("name: Actor One\n", "Bio."), None),
            (
                actor("name: Actor One\n", "Bio, edited."),
                Some(Reindexed::Nothing),
            ),
            (actor("name: Actor One\n", "Bio with [[Actor Two]]."), None),
            (
                actor("name: Actor One\n", "Bio again with [[Actor Two]]."),
                Some(Reindexed::Nothing),
            ),
            (
                actor("name: Actor Uno\naliases: [Actor One]\n", "Bio."),
                None,
            ),
            (
                actor("name: Actor Uno\naliases: [Actor One]\n", "[[Nobody]]"),
                None,
            ),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (i, (a1, patched)) in steps.into_iter().enumerate() {
            let mut sources = vec![a1, source(Section::Actor, ACTORS[1].0, ACTORS[1].1)];
            sources.push(source(Section::Briefing, "b1", &b1));
            let _ = like_fresh(&mut cache, &sources, &opts, &format!("step {i}"));
            assert_eq!(cache.patched().map(|p| p.reindexed), patched, "step {i}");
        }
    }

    #[test]
    fn an_author_or_topic_body_edit_is_patched_like_a_fresh_build() {
        let b1 = briefing("B", "Said.", "2022-03-01", "Body.")
            .replace("title: B\n", "title: B\nauthors: [w1]\n");
        let author = |front: &str, body: &str| {
            source(
                Section::Author,
                "w1",
                &format!("---\nname: Writer One\n{front}---\n{body}\n"),
            )
        };
        let topic = |front: &str, body: &str| {
            source(
                Section::Topic,
                "talks",
                &format!("---\nname: Talks\n{front}---\n{body}\n"),
            )
        };
        // (w1, the topic's file, patched: None = built in full, Some = patched)
        let steps = [
            (author("", "Bio."), topic("", "About."), None),
            (
                author("", "Bio, edited."),
                topic("", "About."),
                Some(Reindexed::Nothing),
            ),
            (
                author("", "Bio, edited."),
                topic("", "About [[Actor One]]."),
                None,
            ),
            (
                author("", "Bio with [[Actor Two]]."),
                topic("", "About [[Actor One]]."),
                None,
            ),
            (
                author("", "Bio with [[Actor Two]]."),
                topic("slug: talk\n", "About."),
                None,
            ),
            (
                author("", "Bio with [[Actor Two]]."),
                topic("slug: talk\n", "Talk."),
                Some(Reindexed::Nothing),
            ),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (i, (w1, talks, patched)) in steps.into_iter().enumerate() {
            let mut sources: Vec<Source> = (ACTORS.iter())
                .map(|(stem, text)| source(Section::Actor, stem, text))
                .collect();
            sources.extend([w1, talks, source(Section::Briefing, "b1", &b1)]);
            let _ = like_fresh(&mut cache, &sources, &opts, &format!("step {i}"));
            assert_eq!(cache.patched().map(|p| p.reindexed), patched, "step {i}");
        }
    }

    #[test]
    fn front_matter_edits_are_patched_like_fresh_builds_while_refs_resolve_as_they_did() {
        let body = |text: &str| {
            let b1 = briefing("B", "Said.", "2022-03-01", text);
            source(
                Section::Briefing,
                "b1",
                &b1.replace("title: B\n", "title: B\nauthors: [w1]\n"),
            )
        };
        let b1 = body("Body [[Actor One]].");
        let named = |front: &str| {
            source(
                Section::Actor,
                "a1",
                &format!("---\n{front}kind: state\n---\nText.\n"),
            )
        };
        let file = |section: Section, stem: &str, front: &str| {
            source(section, stem, &format!("---\n{front}---\nText.\n"))
        };
        let actor = |front: &str| file(Section::Actor, "a1", &format!("name: Actor One\n{front}"));
        let topic = |front: &str| file(Section::Topic, "talks", &format!("name: Talks\n{front}"));
        let author =
            |front: &str| file(Section::Author, "w1", &format!("name: Writer One\n{front}"));
        // (the edited file, patched: None = built in full, Some = patched)
        let steps = [
            (actor("kind: person\n"), None),
            (actor("kind: state\nrole: Envoy\n"), Some(())),
            (actor("kind: state\naffiliations: [a2]\n"), Some(())),
            (
                actor("kind: state\naffiliations: [a2]\nextra: {x: 1}\n"),
                Some(()),
            ),
            (actor("kind: stat\n"), None),
            (
                actor("kind: state\naliases: [{name: A1, lang: uk}]\n"),
                None,
            ),
            (
                actor("kind: state\naliases: [{name: A1, lang: ru}]\n"),
                Some(()),
            ),
            (
                actor("kind: state\naliases: [{name: A1, lang: ru}]\ndraft: true\n"),
                None,
            ),
            (actor("kind: state\nslug: actor-one\n"), None),
            (
                actor("kind: state\nslug: actor-one\naffiliations: [nobody]\n"),
                None,
            ),
            // After a failed build, a full one.
            (actor("kind: state\n"), None),
            (topic(""), None),
            (topic("extra: {colour: red}\n"), Some(())),
            (topic("aliases: [{name: Negotiations, lang: xx-!}]\n"), None),
            (topic("aliases: [{name: Negotiations, lang: de}]\n"), None),
            (
                topic("aliases: [{name: Negotiations, lang: fr}]\n"),
                Some(()),
            ),
            // Other names: the topics are made again.
            (topic("aliases: [Parleys]\n"), Some(())),
            // b1 names `Talks`, which becomes a topic of its own, and then the file's
            // again.
            (
                file(Section::Topic, "talks", "name: Negotiations\n"),
                Some(()),
            ),
            (topic(""), Some(())),
            (author(""), None),
            (
                author("role: Editor\nurl: https://example.org/w1\n"),
                Some(()),
            ),
            (author("url: example\n"), None),
            (author("url: https://example.org/w1\n"), None),
            (
                author("url: https://example.org/w1\nemail: w1@example.org\n"),
                Some(()),
            ),
            // b1's byline names the author by its slug.
            (file(Section::Author, "w1", "name: Writer Uno\n"), Some(())),
            (author(""), Some(())),
            // A new name, the old kept as an alias: every ref resolves as it did.
            (named("name: Actor Uno\naliases: [Actor One]\n"), Some(())),
            // Refs by the new names resolve from then on.
            (body("Body [[Actor Uno]] and [[Uno]]."), None),
            (named("name: Actor Uno\naliases: [Actor One, Uno]\n"), None),
            (body("Body [[Actor Uno]] and [[Uno]]."), None),
            (
                named("name: Actor Uno\naliases: [Actor One, Uno, A]\n"),
                Some(()),
            ),
            (body("Body [[Actor Uno]], [[Uno]] and [[A]]."), Some(())),
            // A name given up that no ref uses, and taken again.
            (named("name: Actor Uno\naliases: [Uno, A]\n"), Some(())),
            (
                named("name: Actor Uno\naliases: [Actor One, Uno, A]\n"),
                Some(()),
            ),
            // A name given up, which a ref may use (b1's does: the build fails); a
            // name another actor has (it fails again).
            (named("name: Actor Uno\naliases: [Actor One, Uno]\n"), None),
            (body("Body [[Actor Uno]] and [[Uno]]."), None),
            (
                named("name: Actor Uno\naliases: [Actor One, Uno, Actor Two]\n"),
                None,
            ),
            (named("name: Actor Uno\naliases: [Actor One, Uno]\n"), None),
            // A body showing the actor's name by its file.
            (body("Body [[actors/a1]] and [[Uno]]."), Some(())),
            (
                named("name: Actor Una\naliases: [Actor One, Uno, Actor Uno]\n"),
                None,
            ),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        let mut files = vec![actor("kind: person\n"), topic(""), author(""), b1];
        for (i, (edited, patched)) in steps.into_iter().enumerate() {
            let slot = match edited.section {
                Section::Actor => 0,
                Section::Topic => 1,
                Section::Author => 2,
                _ => 3,
            };
            files[slot] = edited;
            let mut sources = files.clone();
            sources.push(source(Section::Actor, ACTORS[1].0, ACTORS[1].1));
            let _ = like_fresh(&mut cache, &sources, &opts, &format!("step {i}"));
            assert_eq!(cache.patched().map(|_| ()), patched, "step {i}");
        }
    }

    #[test]
    fn a_free_page_edit_is_patched_like_a_fresh_build() {
        let page = |front: &str, body: &str| {
            source(
                Section::Page,
                "about",
                &format!("---\n{front}---\n{body}\n"),
            )
        };
        let plain = briefing("B", "Said.", "2022-03-01", "Body.");
        let linking = briefing("B", "Said.", "2022-03-01", "See [[pages/about]].");
        // (the page, whether b1 links to it, patched: None = built in full, Some = patched)
        let steps = [
            (page("title: About\n", "Us."), false, None),
            (
                page("title: About\n", "## Who\nUs, edited."),
                false,
                Some(()),
            ),
            (
                page("title: About us\nsummary: Who\ntoc: true\n", "## Who\nUs."),
                false,
                Some(()),
            ),
            // A briefing linking to it then shows its new title.
            (
                page("title: About us\nsummary: Who\ntoc: true\n", "## Who\nUs."),
                true,
                Some(()),
            ),
            (
                page("title: About us\nsummary: Who\ntoc: true\n", "## Who\nUs."),
                false,
                Some(()),
            ),
            (
                page("title: About us\nextra: {x: 1}\n", "With [[Actor One]]."),
                false,
                None,
            ),
            (
                page("title: About us\nextra: {x: 2}\n", "With [[Actor One]]."),
                false,
                Some(()),
            ),
            (page("title: About us\ndraft: true\n", "Us."), false, None),
            (page("title: About us\nslug: us\n", "Us."), false, None),
            // The briefing's edit, patched.
            (page("title: About us\nslug: us\n", "Us."), true, Some(())),
            (page("title: About\nslug: us\n", "Us."), true, None),
            (
                page("title: About\nslug: us\n", "Us, again."),
                true,
                Some(()),
            ),
            (
                page("title: About\nslug: us\ntoc: false\n", "Us."),
                true,
                Some(()),
            ),
            (
                page(
                    "title: About\nslug: us\ntoc: false\n",
                    "[missing](nowhere.md)",
                ),
                true,
                None,
            ),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (i, (about, links, patched)) in steps.into_iter().enumerate() {
            let mut sources: Vec<Source> = (ACTORS.iter())
                .map(|(stem, text)| source(Section::Actor, stem, text))
                .collect();
            let b1 = if links { &linking } else { &plain };
            sources.extend([about, source(Section::Briefing, "b1", b1)]);
            let _ = like_fresh(&mut cache, &sources, &opts, &format!("step {i}"));
            assert_eq!(cache.patched().map(|_| ()), patched, "step {i}");
        }
    }

    #[test]
    fn a_briefing_moved_into_the_future_or_back_is_built_in_full() {
        let opts = Options {
            publish_until: Some(crate::dates::Day {
                year: 2022,
                month: 3,
                day: 10,
            }),
            ..Options::default()
        };
        let now = briefing("B", "Said.", "2022-03-01", "Body.");
        let later = now.replacen("date: 2022-03-01", "date: 2022-03-11", 1);
        let mut cache = Cache::default();
        for (step, text) in [("now", &now), ("later", &later), ("now again", &now)] {
            let sources = sources(text);
            let kept = like_fresh(&mut cache, &sources, &opts, step);
            assert_eq!(cache.patched(), None, "{step}");
            let left_out = kept.expect("builds").future_left_out;
            assert_eq!(left_out, usize::from(step == "later"), "{step}");
        }
    }

    #[test]
    fn quotes_becoming_one_statement_or_two_are_patched_like_fresh_builds() {
        // b2 quotes a1 saying "Words." on 2022-03-02.
        let same = briefing("B", "Words.", "2022-03-02", "Body.");
        let with_id = same.replacen("    source: s1\n", "    source: s1\n    id: words\n", 1);
        let steps: [(&str, String, Option<bool>, usize); 7] = [
            (
                "start",
                briefing("B", "Said.", "2022-03-02", "Body."),
                None,
                2,
            ),
            ("the same words", same.clone(), Some(true), 1),
            // Only quote marks and case differ: still one, nothing moves.
            (
                "other marks",
                briefing("B", "\u{2018}words.\u{2019}", "2022-03-02", "Body."),
                Some(false),
                1,
            ),
            ("an id", with_id, Some(true), 1),
            (
                "other words",
                briefing("B", "Said.", "2022-03-02", "Body."),
                Some(true),
                2,
            ),
            // Reworded, and still its own statement: nothing moves.
            (
                "reworded",
                briefing("B", "Said again.", "2022-03-02", "Body."),
                Some(false),
                2,
            ),
            ("the same again", same, Some(true), 1),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (step, text, patched, statements) in steps {
            let sources = sources(&text);
            let kept = like_fresh(&mut cache, &sources, &opts, step);
            assert_eq!(cache.patched().map(|p| p.reordered()), patched, "{step}");
            let site = kept.expect("builds");
            assert_eq!(site.statements.len(), statements, "{step}");
            assert_eq!(site.quotes_by_date.len(), statements, "{step}");
            assert_eq!(site.actor_quotes[0].len(), statements, "{step}");
        }
    }

    #[test]
    fn briefings_added_and_deleted_are_patched_like_fresh_builds() {
        let b = |stem: &str, text: String| source(Section::Briefing, stem, &text);
        let topics = |text: String, list: &str| {
            text.replacen("topics: [Talks]", &format!("topics: [{list}]"), 1)
        };
        let front = |text: String, line: &str| text.replacen("---\n", &format!("---\n{line}\n"), 1);
        let one = b(
            "b1",
            briefing("One", "Said.", "2022-03-01", "See [[Actor Two]]."),
        );
        let two = b(
            "b2",
            briefing("Two", "Words.", "2022-03-02", "See [x](b1.md)."),
        );
        // Sorts first, so every briefing after it moves along; quotes a1's words of b2 on
        // the same day (one statement), names a topic first, and mentions an actor.
        let zero = briefing("Zero", "Words.", "2022-03-02", "With [[Actor One]].");
        let zero = b("a0", topics(zero, "Truce, Talks"));
        let three_text = briefing("Three", "More.", "2022-02-01", "Last.");
        let three = b("c3", three_text.clone());
        // The same briefing renamed: its slug moves with its file name.
        let (moved, moved_first) = (b("e3", three_text.clone()), b("a3", three_text));
        // Sorts last and names a topic no other does: the topics after the others'.
        let late = briefing("Four", "Late.", "2022-02-03", "Late.");
        let late = b("d4", topics(late, "Talks, Aftermath"));
        // Sorts first too, with a quote of its own and a topic of its own.
        let alone = briefing("Five", "Alone.", "2022-03-04", "With [[Actor Two]].");
        let alone = b("a5", topics(alone, "Ceasefire"));
        let draft = b(
            "a9",
            front(briefing("Nine", "More.", "2022-02-01", "."), "draft: true"),
        );
        let same_slug = b(
            "b1x",
            front(briefing("Other", "More.", "2022-02-01", "."), "slug: b1"),
        );
        let actor = source(
            Section::Actor,
            "a3",
            "---\nname: Actor Three\nkind: person\n---\n",
        );
        // (step, briefings, extra actor, the file patched in if one was)
        let steps: Vec<(&str, Vec<&Source>, bool, Option<&str>)> = vec![
            ("start", vec![&one, &two], false, None),
            ("add one first", vec![&zero, &one, &two], false, Some("a0")),
            (
                "add one last",
                vec![&zero, &one, &two, &three],
                false,
                Some("c3"),
            ),
            (
                "delete the first",
                vec![&one, &two, &three],
                false,
                Some("a0"),
            ),
            (
                "add one alone first",
                vec![&alone, &one, &two, &three],
                false,
                Some("a5"),
            ),
            (
                "delete it again",
                vec![&one, &two, &three],
                false,
                Some("a5"),
            ),
            // b2 links to b1 by its file: the full build reports it.
            ("delete a linked one", vec![&two, &three], false, None),
            ("back", vec![&one, &two, &three], false, None),
            ("add a draft", vec![&draft, &one, &two, &three], false, None),
            ("delete the draft", vec![&one, &two, &three], false, None),
            (
                "add a taken slug",
                vec![&one, &same_slug, &two, &three],
                false,
                None,
            ),
            ("delete it", vec![&one, &two, &three], false, None),
            ("delete the last", vec![&one, &two], false, Some("c3")),
            (
                "add one naming a new topic",
                vec![&one, &two, &late],
                false,
                Some("d4"),
            ),
            (
                "delete it and its topic",
                vec![&one, &two],
                false,
                Some("d4"),
            ),
            ("add one back", vec![&one, &two, &three], false, Some("c3")),
            ("rename it", vec![&one, &two, &moved], false, Some("e3")),
            (
                "rename it to sort first",
                vec![&moved_first, &one, &two],
                false,
                Some("a3"),
            ),
            // b2 links to b1 by its file: the full build reports it.
            (
                "rename a linked one",
                vec![&moved_first, &two, &moved],
                false,
                None,
            ),
            ("add an actor", vec![&one, &two], true, None),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (step, briefings, with_actor, patched) in steps {
            let mut sources: Vec<Source> = (ACTORS.iter())
                .map(|(stem, text)| source(Section::Actor, stem, text))
                .collect();
            if with_actor {
                sources.push(actor.clone());
            }
            sources.extend(briefings.into_iter().cloned());
            let built = like_fresh(&mut cache, &sources, &opts, step);
            let file = patched.map(|stem| PathBuf::from(format!("content/briefings/{stem}.md")));
            assert_eq!(cache.patched().map(|p| p.file.clone()), file, "{step}");
            let fails = [
                "delete a linked one",
                "add a taken slug",
                "rename a linked one",
            ]
            .contains(&step);
            assert_eq!(built.is_err(), fails, "{step}");
        }
    }

    #[test]
    fn statements_regrouped_for_an_added_or_deleted_briefing_equal_fresh_builds() {
        let with_id = |text: String, id: &str| {
            text.replacen(
                "    source: s1\n",
                &format!("    source: s1\n    id: {id}\n"),
                1,
            )
        };
        let b = |stem: &str, text: String| source(Section::Briefing, stem, &text);
        // One statement through words and an id: b1 and b2 share words, b3 shares b1's
        // id, b4 shares b3's words. b5 is a1's too, but apart.
        let one = b(
            "b1",
            with_id(briefing("B1", "Words.", "2022-03-02", "."), "x"),
        );
        let two = b("b2", briefing("B2", "Words.", "2022-03-02", "."));
        let three = b(
            "b3",
            with_id(briefing("B3", "Other.", "2022-03-05", "."), "x"),
        );
        let four = b("b4", briefing("B4", "Other.", "2022-03-05", "."));
        let five = b("b5", briefing("B5", "Apart.", "2022-03-05", "."));
        // The oldest, with b1's words and another id: b2 joins it rather than b1.
        let zero = b(
            "a0",
            with_id(briefing("A0", "Words.", "2022-03-02", "."), "y").replacen(
                "date: 2022-03-01",
                "date: 2022-01-01",
                1,
            ),
        );
        let all = vec![&one, &two, &three, &four, &five];
        let steps: Vec<(&str, Vec<&Source>, usize)> = vec![
            ("start", all.clone(), 2),
            ("add the oldest", [vec![&zero], all.clone()].concat(), 3),
            (
                "delete the one with both",
                vec![&zero, &two, &three, &four, &five],
                3,
            ),
            ("delete the first", vec![&two, &three, &four, &five], 3),
            (
                "add the first back",
                vec![&one, &two, &three, &four, &five],
                2,
            ),
            ("delete the middle", vec![&one, &two, &four, &five], 3),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (step, briefings, statements) in steps {
            let mut sources: Vec<Source> = (ACTORS.iter())
                .map(|(stem, text)| source(Section::Actor, stem, text))
                .collect();
            sources.extend(briefings.into_iter().cloned());
            let site = like_fresh(&mut cache, &sources, &opts, step).expect("builds");
            assert_eq!(site.statements.len(), statements, "{step}");
            if step != "start" {
                assert!(cache.patched().is_some(), "{step}");
            }
        }
    }

    #[test]
    fn a_build_after_a_change_the_model_never_reads_is_the_last_site() {
        let opts = Options::default();
        let mut cache = Cache::default();
        let start = sources(&briefing("B", "Said.", "2022-03-01", "Body."));
        let first = like_fresh(&mut cache, &start, &opts, "start").expect("builds");
        cache.touched(Touched::Nothing);
        let again = build_with(Config::default(), &start, &opts, &mut cache).expect("builds");
        assert!(Arc::ptr_eq(&first, &again), "the same site");
        assert_eq!(cache.patched().map(|p| p.reordered()), Some(false));
        // Not when a source changed too, or something the model reads did.
        let edited = sources(&briefing("B", "Said.", "2022-03-01", "Edited."));
        let _ = like_fresh(&mut cache, &edited, &opts, "edited");
        assert!(
            cache
                .patched()
                .is_some_and(|p| !p.file.as_os_str().is_empty())
        );
        cache.touched(Touched::Anything);
        let _ = build_with(Config::default(), &edited, &opts, &mut cache);
        assert_eq!(cache.patched(), None);
    }

    #[test]
    fn a_settings_edit_is_patched_like_a_fresh_build() {
        let settings = |yaml: &str| {
            crate::config::parse(std::path::Path::new("site.yaml"), Some(yaml)).expect("parses")
        };
        let mut sources = sources(&briefing("B", "Said.", "2022-03-01", "Body."));
        sources.push(source(
            Section::Page,
            "about",
            "---\ntitle: About\n---\nUs.\n",
        ));
        let opts = Options::default();
        let mut cache = Cache::default();
        // (site.yaml, what changed, patched: None = built in full, Some(the menu changed))
        let steps = [
            ("title: A\n", Touched::Anything, None),
            ("title: B\n", Touched::Config, Some(false)),
            (
                "title: B\nmenu:\n  - {page: about}\n",
                Touched::Config,
                Some(true),
            ),
            (
                "title: B\npage_sizes: {timeline: 1}\n",
                Touched::Config,
                Some(true),
            ),
            ("title: B\nmenu:\n  - {page: abut}\n", Touched::Config, None),
            (
                "title: B\npage_sizes: {timeline: 1}\n",
                Touched::Anything,
                None,
            ),
            ("title: C\n", Touched::Sources, None),
            ("title: C\nlanguages: {uk: {}}\n", Touched::Config, None),
            ("title: C\n", Touched::Config, None),
            ("title: D\n", Touched::Config, Some(false)),
            ("title: D\n", Touched::Config, Some(false)),
        ];
        for (i, (yaml, touched, patched)) in steps.into_iter().enumerate() {
            let fresh = build(settings(yaml), &sources, &opts);
            cache.touched(touched);
            let kept = build_with(settings(yaml), &sources, &opts, &mut cache);
            assert_eq!(debug(&kept), debug(&fresh.map(Arc::new)), "step {i}");
            let got = cache.patched().map(|p| p.menu);
            assert_eq!(got, patched, "step {i}: {yaml}");
        }
        let timeline = |yaml: &str| build(settings(yaml), &sources, &opts).unwrap().timeline;
        assert!(timeline("page_sizes: {timeline: 1}\n").len() > timeline("title: D\n").len());
    }

    /// The files of a small site that the random-edits test rewrites.
    struct Desk {
        actors: Vec<DeskActor>,
        briefings: Vec<DeskBriefing>,
        page: (String, String),
        topic_extra: u32,
        settings: (String, usize),
        /// Pages, topics and authors with files that come and go: (section, stem, text).
        files: Vec<(Section, String, String)>,
    }

    /// (stem, name, aliases, role, affiliated to)
    type DeskActor = (String, String, Vec<String>, String, Option<usize>);
    /// (stem, day, quotes as (actor, words, day), topics, body)
    type DeskBriefing = (
        String,
        u32,
        Vec<(usize, u32, u32)>,
        Vec<&'static str>,
        String,
    );

    impl Desk {
        fn sources(&self) -> Vec<Source> {
            let mut all = Vec::new();
            for (stem, name, aliases, role, aff) in &self.actors {
                let aff = aff.map_or(String::new(), |a| {
                    format!("affiliations: [{}]\n", self.actors[a].0)
                });
                let aliases = aliases.join(", ");
                let text = format!(
                    "---\nname: {name}\naliases: [{aliases}]\nrole: {role}\n{aff}---\nAbout {name}.\n"
                );
                all.push(source(Section::Actor, stem, &text));
            }
            for (stem, day, quotes, topics, body) in &self.briefings {
                let mut q = String::new();
                for (by, words, said) in quotes {
                    let by = &self.actors[*by].0;
                    q += &format!(
                        "  - by: {by}\n    text: Words {words}.\n    said: 2022-03-{said:02}\n    source: s1\n"
                    );
                }
                let quotes = if q.is_empty() {
                    String::new()
                } else {
                    format!("quotes:\n{q}")
                };
                // Actors listed, in an event and in a claim, by the day: they move
                // when an actor is added.
                let n = self.actors.len();
                let actor = |i: u32| &self.actors[i as usize % n].0;
                let (one, two, three) = (actor(*day), actor(day + 1), actor(day + 2));
                // Bylines name the desk's writer, whom authors added first move along.
                let byline = if day % 2 == 0 { "authors: [w5]\n" } else { "" };
                let text = format!(
                    "---\ntitle: Briefing {stem}\ndate: 2022-03-{day:02}\n{byline}topics: [{}]\nactors: [{one}]\nsources:\n  - id: s1\n    title: Report\n{quotes}events:\n  - date: 2022-03-{day:02}\n    what: Met.\n    actors: [{two}]\nclaims:\n  - id: c1\n    text: It happened.\n    by: [{two}]\n    denied_by: [{three}]\n---\n{body}\n",
                    topics.join(", ")
                );
                all.push(source(Section::Briefing, stem, &text));
            }
            let (title, body) = &self.page;
            all.push(source(
                Section::Page,
                "about",
                &format!("---\ntitle: {title}\n---\n{body}\n"),
            ));
            let extra = self.topic_extra;
            let topic = format!("---\nname: Talks\nextra: {{n: {extra}}}\n---\nAbout talks.\n");
            all.push(source(Section::Topic, "talks", &topic));
            for (section, stem, text) in &self.files {
                all.push(source(*section, stem, text));
            }
            all.push(source(
                Section::Author,
                "w5",
                "---\nname: Writer Five\n---\nWrites.\n",
            ));
            all.sort_by(|a, b| a.rel.cmp(&b.rel));
            all
        }

        fn config(&self) -> Config {
            let (title, timeline) = &self.settings;
            let yaml = format!(
                "title: {title}\nmenu:\n  - {{page: about}}\npage_sizes: {{timeline: {timeline}}}\n"
            );
            crate::config::parse(std::path::Path::new("site.yaml"), Some(&yaml)).expect("parses")
        }
    }

    #[test]
    fn random_edits_are_patched_like_fresh_builds() {
        let kinds: Vec<usize> = (0..16).collect();
        let walk = random_walk(0x2545_f491_4f6c_dd1d, 6, &kinds);
        let patched = walk.iter().filter(|(_, p)| *p).count();
        // Most edits are patched: the comparison is of patches, not full builds.
        assert!(patched > 200, "{patched} of 300 patched");
    }

    /// A briefing renamed is taken out and put in again in one step: every briefing
    /// between its two places moves along, with its quotes, events and claims.
    #[test]
    fn random_renames_are_patched_like_fresh_builds() {
        // Renames, among edits that make statements join or part and topics come and go.
        let kinds = [7, 7, 7, 7, 2, 3, 4, 1, 0];
        let walk = random_walk(0x9e37_79b9_7f4a_7c15, 12, &kinds);
        let renamed: Vec<bool> = (walk.iter())
            .filter(|(what, _)| *what == "briefing renamed")
            .map(|(_, p)| *p)
            .collect();
        let patched = renamed.iter().filter(|p| **p).count();
        assert!(
            patched > 100,
            "{patched} of {} renames patched",
            renamed.len()
        );
    }

    /// 300 random edits of `kinds` (the numbers of the edits below) to a desk of
    /// `briefings`, each built through the cache as `serve` does and compared with a
    /// fresh build: what each edit was, and whether it was patched.
    fn random_walk(seed: u64, briefings: usize, kinds: &[usize]) -> Vec<(&'static str, bool)> {
        let mut dice = seed;
        let mut roll = |n: usize| {
            dice ^= dice << 13;
            dice ^= dice >> 7;
            dice ^= dice << 17;
            (dice % n as u64) as usize
        };
        let actor = |i: usize| {
            (
                format!("a{i:02}"),
                format!("Actor {i}"),
                vec![format!("A{i}")],
                "Envoy".to_string(),
                None,
            )
        };
        let mut desk = Desk {
            actors: (0..4).map(actor).collect(),
            briefings: (0..briefings)
                .map(|i| {
                    let quotes = vec![(i % 4, (i % 3) as u32, 1 + (i % 2) as u32)];
                    (
                        format!("b{i:02}"),
                        1 + i as u32,
                        quotes,
                        vec!["Talks"],
                        format!("Body {i}."),
                    )
                })
                .collect(),
            page: ("About".to_string(), "Us.".to_string()),
            topic_extra: 0,
            settings: ("Desk".to_string(), 5),
            files: Vec::new(),
        };
        let opts = Options::default();
        let mut cache = Cache::default();
        let mut walk = Vec::new();
        let mut next = 100;
        for step in 0..300 {
            next += 1;
            let b = roll(desk.briefings.len());
            let a = roll(desk.actors.len());
            let mut touched = Touched::Sources;
            let what = match kinds[roll(kinds.len())] {
                0 if roll(2) == 0 => {
                    desk.briefings[b].4 += &format!("\n\nMore {next}.");
                    "body"
                }
                0 => {
                    let names = &desk.actors[a];
                    let name = match roll(3) {
                        0 => names.1.clone(),
                        1 => names.0.clone(),
                        _ => names.2[roll(names.2.len())].clone(),
                    };
                    desk.briefings[b].4 = match roll(3) {
                        0 => format!("Body {next} with [[actors/{}]].", names.0),
                        _ => format!("Body {next} with [[{name}]]."),
                    };
                    "body naming an actor"
                }
                1 => {
                    desk.briefings[b].1 = 1 + roll(20) as u32;
                    "date"
                }
                2 => {
                    let quote = (a, roll(3) as u32, 1 + roll(2) as u32);
                    desk.briefings[b].2.insert(0, quote);
                    "quote added"
                }
                3 => {
                    desk.briefings[b].2.pop();
                    "quote removed"
                }
                4 => {
                    desk.briefings[b].3 =
                        [vec!["Talks"], vec!["Peace"], vec!["Aid", "Talks"], vec![]][roll(4)]
                            .clone();
                    "topics"
                }
                5 => {
                    let mut new = desk.briefings[b].clone();
                    new.0 = format!("b{:02}x{next}", roll(8));
                    desk.briefings.push(new);
                    desk.briefings.sort_by(|x, y| x.0.cmp(&y.0));
                    "new briefing"
                }
                6 if desk.briefings.len() > 2 => {
                    desk.briefings.remove(b);
                    "briefing deleted"
                }
                7 => {
                    desk.briefings[b].0 = format!("b{:02}r{next}", roll(8));
                    desk.briefings.sort_by(|x, y| x.0.cmp(&y.0));
                    "briefing renamed"
                }
                8 => {
                    desk.actors[a].3 = format!("Role {next}");
                    "actor's role"
                }
                9 => {
                    let (_, name, aliases, ..) = &mut desk.actors[a];
                    let old = std::mem::replace(name, format!("Actor {a} {next}"));
                    aliases.push(old);
                    "actor's new name"
                }
                10 => {
                    let other = roll(desk.actors.len());
                    desk.actors[a].4 = (other != a).then_some(other);
                    "affiliation"
                }
                11 => {
                    let n = desk.actors.len();
                    let mut new = actor(n);
                    new.0 = format!("a{:02}x{next}", roll(4));
                    new.1 = format!("Actor {n} {next}");
                    new.2 = vec![format!("A{n}x{next}")];
                    // Affiliations name actors by their slug: kept by position.
                    let at = desk.actors.partition_point(|x| x.0 < new.0);
                    for x in &mut desk.actors {
                        x.4 = x.4.map(|i| if i >= at { i + 1 } else { i });
                    }
                    for q in desk.briefings.iter_mut().flat_map(|b| b.2.iter_mut()) {
                        q.0 += usize::from(q.0 >= at);
                    }
                    desk.actors.insert(at, new);
                    "new actor"
                }
                12 => {
                    desk.page = (format!("About {next}"), format!("## Us {next}\nText."));
                    "page"
                }
                // Actors past those the briefings list by their day, which nothing
                // names once their quotes, affiliations and refs are gone.
                15 if desk.actors.len() > 24 => {
                    let gone = 23 + roll(desk.actors.len() - 23);
                    let (stem, name, aliases, ..) = desk.actors.remove(gone);
                    let down = |i: usize| if i > gone { i - 1 } else { i };
                    for x in &mut desk.actors {
                        x.4 = x.4.filter(|&i| i != gone).map(down);
                    }
                    for b in &mut desk.briefings {
                        b.2.retain(|q| q.0 != gone);
                        b.2.iter_mut().for_each(|q| q.0 = down(q.0));
                        let names = std::iter::once(&stem).chain([&name]).chain(&aliases);
                        if names.into_iter().any(|n| b.4.contains(n.as_str())) {
                            b.4 = format!("Body {next}.");
                        }
                    }
                    "actor deleted"
                }
                13 => {
                    desk.topic_extra = next;
                    "topic's extra"
                }
                // A topic briefings may name, a page or an author (first or last), given
                // a file or losing it.
                14 => {
                    let (section, stem, text) = match roll(3) {
                        2 => {
                            let stem = ["w1", "w9"][roll(2)];
                            let text = format!("---\nname: Writer {stem}\n---\nBio {next}.\n");
                            (Section::Author, stem.to_string(), text)
                        }
                        0 => {
                            let n = roll(3);
                            let text = format!(
                                "---\ntitle: Extra {n}\n---\nWith [[actors/a00]] {next}.\n"
                            );
                            (Section::Page, format!("extra-{n}"), text)
                        }
                        _ => {
                            let (stem, name) =
                                [("peace", "Peace"), ("aid", "Aid"), ("truce", "Truce")][roll(3)];
                            let text = format!("---\nname: {name}\n---\nOn {name} {next}.\n");
                            (Section::Topic, stem.to_string(), text)
                        }
                    };
                    match desk
                        .files
                        .iter()
                        .position(|f| (f.0, &f.1) == (section, &stem))
                    {
                        Some(i) => {
                            desk.files.remove(i);
                            "file deleted"
                        }
                        None => {
                            desk.files.push((section, stem, text));
                            "file added"
                        }
                    }
                }
                _ => {
                    touched = Touched::Config;
                    desk.settings = (format!("Desk {next}"), 2 + roll(5));
                    "settings"
                }
            };
            let (sources, config) = (desk.sources(), desk.config());
            let fresh = build(config.clone(), &sources, &opts);
            assert!(fresh.is_ok(), "step {step} ({what}): {fresh:?}");
            cache.touched(touched);
            let kept = build_with(config, &sources, &opts, &mut cache);
            assert_eq!(
                debug(&kept),
                debug(&fresh.map(Arc::new)),
                "step {step} ({what})"
            );
            walk.push((what, cache.patched().is_some()));
        }
        walk
    }

    #[test]
    fn actor_files_added_and_deleted_are_patched_only_while_nothing_names_them() {
        let actor = |stem: &str, front: &str| {
            source(
                Section::Actor,
                stem,
                &format!("---\n{front}kind: person\n---\nBio.\n"),
            )
        };
        let (a0, a3) = (
            actor("a0", "name: Actor Zero\n"),
            actor("a3", "name: Actor Three\n"),
        );
        let b1 = briefing("B", "Said.", "2022-03-01", "Body [[Actor Two]].");
        let base: Vec<Source> = (ACTORS.iter())
            .map(|(stem, text)| source(Section::Actor, stem, text))
            .chain([source(Section::Briefing, "b1", &b1)])
            .collect();
        let with = |extra: &[&Source]| {
            let mut all = base.clone();
            all.extend(extra.iter().map(|s| (*s).clone()));
            all.sort_by(|x, y| x.rel.cmp(&y.rel));
            all
        };
        let clash = actor("a4", "name: Actor Four\naliases: [Actor Two]\n");
        let linking = source(
            Section::Actor,
            "a00",
            "---\nname: Actor Double\nkind: person\n---\nWorks with [[actors/a2]].\n",
        );
        let draft = actor("a5", "name: Actor Five\ndraft: true\n");
        let quoted = b1.replacen("  - by: a1\n", "  - by: a0\n", 1);
        // (the sources, patched)
        let steps = [
            (with(&[]), false),
            // Sorting first, every actor moves along; then its body names another.
            (with(&[&a0]), true),
            (with(&[&a0, &a3]), true),
            (with(&[&a3]), true),
            (with(&[&a0, &a3]), true),
            // Its body links to an actor's file, which has moved along.
            (with(&[&a0, &a3, &linking]), true),
            (with(&[&a0, &a3]), true),
            (with(&[&a0, &a3, &clash]), false),
            (with(&[&a0, &a3]), false),
            (with(&[&a0, &a3, &draft]), false),
            (with(&[&a0, &a3]), false),
            // Quoted by a briefing, it is named: taken out, the build fails.
            (
                with(&[&a0, &a3])
                    .into_iter()
                    .map(|s| match s.stem == "b1" {
                        true => source(Section::Briefing, "b1", &quoted),
                        false => s,
                    })
                    .collect(),
                true,
            ),
            (
                with(&[&a3])
                    .into_iter()
                    .filter(|s| s.stem != "b1")
                    .collect(),
                false,
            ),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (i, (sources, patched)) in steps.into_iter().enumerate() {
            let _ = like_fresh(&mut cache, &sources, &opts, &format!("step {i}"));
            assert_eq!(cache.patched().is_some(), patched, "step {i}");
        }
        // A briefing left out for its date is checked by a full build only.
        let future = briefing("F", "Later.", "2022-03-01", "Body.").replacen(
            "date: 2022-03-01",
            "date: 2099-01-01",
            1,
        );
        let until = Options {
            publish_until: Some(crate::dates::Day::from_number(20_000)),
            ..Options::default()
        };
        let mut cache = Cache::default();
        let later = source(Section::Briefing, "f", &future);
        for (i, extra) in [vec![&a0, &later], vec![&later]].into_iter().enumerate() {
            let _ = like_fresh(&mut cache, &with(&extra), &until, &format!("future {i}"));
            assert!(cache.patched().is_none(), "future {i}");
        }
    }

    #[test]
    fn page_files_added_and_deleted_are_patched_while_nothing_names_them() {
        let page = |stem: &str, front: &str, body: &str| {
            source(Section::Page, stem, &format!("---\n{front}---\n{body}\n"))
        };
        let a = page("a-first", "title: First\n", "Mentions [[Actor Two]].");
        let m = page(
            "m-middle",
            "title: Middle\n",
            "## Part\nWith [[Actor One]].",
        );
        let z = page("z-last", "title: Last\n", "Mentions [[Actor Two]].");
        let clash = page("other", "title: Clash\nslug: m-middle\n", "Same slug.");
        let reserved = page("briefings", "title: Mine\n", "Taken.");
        let broken = page("b-broken", "title: Broken\n", "[gone](nowhere.md)");
        let draft = page("d-draft", "title: Draft\ndraft: true\n", "Later.");
        let b1 = |body: &str| {
            let text = briefing("B", "Said.", "2022-03-01", body);
            source(Section::Briefing, "b1", &text)
        };
        let (plain, linking) = (b1("Body."), b1("See [[pages/m-middle]]."));
        let with = |pages: &[&Source], b: &Source| {
            let mut all: Vec<Source> = (ACTORS.iter())
                .map(|(stem, text)| source(Section::Actor, stem, text))
                .collect();
            all.extend(pages.iter().map(|s| (*s).clone()));
            all.push(b.clone());
            all
        };
        let renamed = page("n-moved", "title: Middle\n", "## Part\nWith [[Actor One]].");
        // (the sources, patched)
        let steps = [
            (with(&[&z], &plain), false),
            // Sorting first, the last page's mentions move along; then one between.
            (with(&[&a, &z], &plain), true),
            (with(&[&a, &m, &z], &plain), true),
            (with(&[&m, &z], &plain), true),
            (with(&[&a, &m, &z], &plain), true),
            // Renamed: taken out, then put in at its new place.
            (with(&[&a, &renamed, &z], &plain), true),
            (with(&[&a, &m, &z], &plain), true),
            // Another page's slug, the site's own, a broken link, a draft.
            (with(&[&a, &clash, &m, &z], &plain), false),
            (with(&[&a, &m, &z], &plain), false),
            (with(&[&a, &m, &reserved, &z], &plain), false),
            (with(&[&a, &m, &z], &plain), false),
            (with(&[&a, &broken, &m, &z], &plain), false),
            (with(&[&a, &m, &z], &plain), false),
            (with(&[&a, &draft, &m, &z], &plain), false),
            (with(&[&a, &m, &z], &plain), false),
            // Linked to by a briefing, it is shown: taken out, the build fails.
            (with(&[&a, &m, &z], &linking), true),
            (with(&[&a, &z], &linking), false),
            (with(&[&a, &m, &z], &plain), false),
            (with(&[&a, &z], &plain), true),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (i, (sources, patched)) in steps.into_iter().enumerate() {
            let _ = like_fresh(&mut cache, &sources, &opts, &format!("step {i}"));
            assert_eq!(cache.patched().is_some(), patched, "step {i}");
        }
        // Named by the menu, it is not taken out.
        let settings = |yaml: &str| {
            crate::config::parse(std::path::Path::new("site.yaml"), Some(yaml)).expect("parses")
        };
        let menu = settings("title: T\nmenu:\n  - {page: m-middle}\n");
        let mut cache = Cache::default();
        for (i, pages) in [vec![&a, &m, &z], vec![&a, &z]].into_iter().enumerate() {
            let sources = with(&pages, &plain);
            let fresh = build(menu.clone(), &sources, &opts);
            cache.touched(Touched::Sources);
            let kept = build_with(menu.clone(), &sources, &opts, &mut cache);
            assert_eq!(debug(&kept), debug(&fresh.map(Arc::new)), "menu {i}");
            assert!(
                kept.is_ok() == (i == 0) && cache.patched().is_none(),
                "menu {i}"
            );
        }
    }

    #[test]
    fn topic_files_added_and_deleted_are_patched_while_no_body_links_to_them() {
        let topic = |stem: &str, front: &str, body: &str| {
            source(Section::Topic, stem, &format!("---\n{front}---\n{body}\n"))
        };
        let arms = topic("arms", "name: Arms control\n", "Mentions [[Actor One]].");
        // Briefings name it: their topic becomes the file's.
        let cease = topic("ceasefire", "name: Ceasefire\n", "## Terms\nThe truce.");
        let moved = topic("cease", "name: Ceasefire\n", "## Terms\nThe truce.");
        // Answering to a name briefings give, under another slug: its page moves.
        let truce = topic("truce", "name: Truce\naliases: [{name: Talks}]\n", "Talks.");
        let clash = topic("zz", "name: Arms control\n", "Again.");
        let bad = topic("bad", "name: Bad\nslug: Bad Slug\n", "Bad.");
        let broken = topic("broken", "name: Broken\n", "[gone](nowhere.md)");
        let b1 = |body: &str| {
            let text = briefing("B", "Said.", "2022-03-01", body);
            source(Section::Briefing, "b1", &text)
        };
        let (plain, linking) = (b1("Body."), b1("See [[topics/ceasefire]]."));
        let two = briefing("C", "Said again.", "2022-03-02", "Body.").replacen(
            "topics: [Talks]",
            "topics: [Ceasefire, Talks]",
            1,
        );
        let two = source(Section::Briefing, "b2", &two);
        let with = |topics: &[&Source], b: &Source| {
            let mut all: Vec<Source> = (ACTORS.iter())
                .map(|(stem, text)| source(Section::Actor, stem, text))
                .collect();
            all.extend([b.clone(), two.clone()]);
            all.extend(topics.iter().map(|s| (*s).clone()));
            all
        };
        // (the sources, patched)
        let steps = [
            (with(&[], &plain), false),
            (with(&[&arms], &plain), true),
            (with(&[&arms, &cease], &plain), true),
            (with(&[&cease], &plain), true),
            (with(&[&arms, &cease], &plain), true),
            (with(&[&arms, &cease, &truce], &plain), true),
            (with(&[&arms, &cease], &plain), true),
            // Renamed: its slug and page with it.
            (with(&[&arms, &moved], &plain), true),
            (with(&[&arms, &cease], &plain), true),
            // Another file's name, a bad slug, a broken link.
            (with(&[&arms, &cease, &clash], &plain), false),
            (with(&[&arms, &cease], &plain), false),
            (with(&[&arms, &bad, &cease], &plain), false),
            (with(&[&arms, &cease], &plain), false),
            (with(&[&arms, &broken, &cease], &plain), false),
            (with(&[&arms, &cease], &plain), false),
            // Linked to by a briefing: taken out, the build fails.
            (with(&[&arms, &cease], &linking), true),
            (with(&[&arms], &linking), false),
            (with(&[&arms, &cease], &plain), false),
            (with(&[&arms], &plain), true),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (i, (sources, patched)) in steps.into_iter().enumerate() {
            let _ = like_fresh(&mut cache, &sources, &opts, &format!("step {i}"));
            assert_eq!(cache.patched().is_some(), patched, "step {i}");
        }
    }

    #[test]
    fn author_files_added_and_deleted_are_patched_while_no_byline_names_them() {
        let author = |stem: &str, front: &str| {
            source(Section::Author, stem, &format!("---\n{front}---\nBio.\n"))
        };
        let w0 = author("w0", "name: Writer Zero\nurl: https://example.org/w0\n");
        let w1 = author("w1", "name: Writer One\n");
        let w3 = author("w3", "name: Writer Three\n");
        let moved = author("w4", "name: Writer Zero\nurl: https://example.org/w0\n");
        let clash = author("w5", "name: Writer One\n");
        let bad = author("w6", "name: Writer Six\nurl: not a web address\n");
        let b = |stem: &str, authors: &str, body: &str| {
            let text =
                format!("---\ntitle: B\ndate: 2022-03-01\nauthors: {authors}\n---\n{body}\n");
            source(Section::Briefing, stem, &text)
        };
        let (b1, b2) = (b("b1", "[w1]", "A."), b("b2", "[w3, {name: Guest}]", "B."));
        let b2_w0 = b("b2", "[w3, w0]", "B.");
        let with = |authors: &[&Source], b2: &Source| {
            let mut all: Vec<Source> = authors.iter().map(|s| (*s).clone()).collect();
            all.extend([b1.clone(), b2.clone()]);
            all
        };
        // (the sources, patched)
        let steps = [
            (with(&[&w1, &w3], &b2), false),
            // Sorting first, every byline naming another author moves along.
            (with(&[&w0, &w1, &w3], &b2), true),
            (with(&[&w1, &w3], &b2), true),
            (with(&[&w0, &w1, &w3], &b2), true),
            // Renamed: taken out, then put in at its new place.
            (with(&[&w1, &w3, &moved], &b2), true),
            (with(&[&w0, &w1, &w3], &b2), true),
            // Another author's name, a bad address.
            (with(&[&w0, &w1, &w3, &clash], &b2), false),
            (with(&[&w0, &w1, &w3], &b2), false),
            (with(&[&w0, &w1, &w3, &bad], &b2), false),
            (with(&[&w0, &w1, &w3], &b2), false),
            // Named by a byline, it is not taken out: the build fails.
            (with(&[&w0, &w1, &w3], &b2_w0), true),
            (with(&[&w1, &w3], &b2_w0), false),
            (with(&[&w0, &w1, &w3], &b2), false),
            (with(&[&w1, &w3], &b2), true),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        for (i, (sources, patched)) in steps.into_iter().enumerate() {
            let _ = like_fresh(&mut cache, &sources, &opts, &format!("step {i}"));
            assert_eq!(cache.patched().is_some(), patched, "step {i}");
        }
    }

    #[test]
    fn an_actor_giving_up_a_name_front_matter_uses_is_built_in_full() {
        let a1 = |aliases: &str| {
            let text = format!("---\nname: Actor One\naliases: [{aliases}]\nkind: person\n---\n");
            source(Section::Actor, "a1", &text)
        };
        let a2 = |aff: &str| {
            let text = format!("---\nname: Actor Two\nkind: state\naffiliations: [{aff}]\n---\n");
            source(Section::Actor, "a2", &text)
        };
        let b1 = briefing("B", "Said.", "2022-03-01", "Body.");
        let named = |key: &str| {
            let text = match key {
                "actors" => b1.replacen("actors: [a1]", "actors: [One]", 1),
                "quote" => b1.replacen("  - by: a1\n", "  - by: One\n", 1),
                "event" => b1.replacen("    actors: [a2]\n", "    actors: [a2, One]\n", 1),
                _ => b1.replacen("    by: [a1]\n", "    by: [One]\n", 1),
            };
            source(Section::Briefing, "b1", &text)
        };
        let opts = Options::default();
        for key in ["actors", "quote", "event", "claim", "affiliation"] {
            let (b, aff) = match key {
                "affiliation" => (source(Section::Briefing, "b1", &b1), "One"),
                _ => (named(key), ""),
            };
            let mut cache = Cache::default();
            // (a1's aliases, patched)
            for (i, (aliases, patched)) in [("One", false), ("One, Uno", true), ("Uno", false)]
                .into_iter()
                .enumerate()
            {
                let sources = [a1(aliases), a2(aff), b.clone()];
                let built = like_fresh(&mut cache, &sources, &opts, &format!("{key} {i}"));
                assert_eq!(built.is_err(), i == 2, "{key} {i}");
                assert_eq!(cache.patched().is_some(), patched, "{key} {i}");
            }
        }
    }

    /// Two topic files of one name keep no body (neither page is known), so the bodies
    /// kept after theirs, the authors', sit earlier than the topic files count.
    #[test]
    fn an_author_body_edit_is_patched_in_its_place_when_topic_files_share_a_name() {
        let file = |section: Section, stem: &str, text: &str| source(section, stem, text);
        let author = |stem: &str, body: &str| {
            let text = format!("---\nname: Writer {stem}\n---\n{body}\n");
            file(Section::Author, stem, &text)
        };
        let b1 = briefing("B", "Said.", "2022-03-01", "Body.");
        let with = |w1: &str| {
            vec![
                author("w1", w1),
                author("w2", "See [B](/briefings/b1/)."),
                author("w3", "Also [B](/briefings/b1/#sources)."),
                file(Section::Briefing, "b1", &b1),
                file(Section::Topic, "t1", "---\nname: Same\n---\nOne.\n"),
                file(Section::Topic, "t2", "---\nname: Same\n---\nTwo.\n"),
            ]
        };
        let mut sources: Vec<Source> = (ACTORS.iter())
            .map(|(stem, text)| source(Section::Actor, stem, text))
            .collect();
        sources.extend(with("Bio."));
        let opts = Options::default();
        let mut cache = Cache::default();
        let _ = like_fresh(&mut cache, &sources, &opts, "start");
        for (i, body) in ["Now [B](/briefings/b1/#top).", "Bio again."]
            .iter()
            .enumerate()
        {
            sources.retain(|s| s.stem != "w1");
            sources.insert(2, author("w1", body));
            let _ = like_fresh(&mut cache, &sources, &opts, &format!("step {i}"));
            assert!(cache.patched().is_some(), "step {i}: patched");
        }
    }

    #[test]
    fn a_new_briefing_giving_another_speakers_statement_id_is_built_in_full() {
        let with_id =
            |text: String| text.replacen("    source: s1\n", "    source: s1\n    id: words\n", 1);
        let b = |stem: &str, text: String| source(Section::Briefing, stem, &text);
        let one = b("b1", with_id(briefing("B1", "Words.", "2022-03-02", ".")));
        let theirs = with_id(briefing("A0", "Other.", "2022-03-02", "."));
        let other = b("a0", theirs.replacen("  - by: a1\n", "  - by: a2\n", 1));
        let opts = Options::default();
        let mut cache = Cache::default();
        for (step, briefings) in [("start", vec![&one]), ("add", vec![&other, &one])] {
            let mut sources: Vec<Source> = (ACTORS.iter())
                .map(|(stem, text)| source(Section::Actor, stem, text))
                .collect();
            sources.extend(briefings.into_iter().cloned());
            let built = like_fresh(&mut cache, &sources, &opts, step);
            assert_eq!(built.is_err(), step == "add", "{step}");
            assert_eq!(cache.patched(), None, "{step}");
        }
    }
}
