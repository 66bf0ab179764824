//! The full build of the model, phase by phase: parse every file (reusing `serve`'s
//! cache), sort the files by kind and leave drafts out, give each its slug and index the
//! names refs can use, convert the front matter, render the bodies, tie bodies to the
//! actors they mention, and index the listings. `serve` first tries `patch`, which
//! redoes only a saved briefing.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::bodies::{ACTOR_IDS, AUTHOR_IDS, BRIEFING_IDS, Bodies, BodyJob, PAGE_IDS, TOPIC_IDS};
use super::cache::{Body, Cache, Last, Parse};
use super::files::FileIndex;
use super::index::{Items, index, push_unique, shared};
use super::lang;
use super::parse::{Fronts, Parsed, parse_keeping};
use super::resolve::Builder;
use super::{
    ActorId, BriefingId, Mention, Options, PAGE_ROOT, Page, SECTION_ROOT, Site, Slug, TopicId,
    patch,
};
use crate::config::Config;
use crate::content::BriefingFm;
use crate::diag::Diagnostic;
use crate::discover::Source;
use crate::refs;

mod kinds;
use kinds::{Converted, Files};

/// Builds the model from every source of the site, or reports every problem found.
pub fn build(config: Config, sources: &[Source], opts: &Options) -> Result<Site, Vec<Diagnostic>> {
    build_with(config, sources, opts, &mut Cache::once()).map(Arc::unwrap_or_clone)
}

/// [`build`], reusing what `cache` holds from the last build of the same site and
/// leaving in it what this build did.
pub fn build_with(
    config: Config,
    sources: &[Source],
    opts: &Options,
    cache: &mut Cache,
) -> Result<Arc<Site>, Vec<Diagnostic>> {
    if lang::in_one_language(&config, sources) {
        // `Cache::reads_once`, the site just found to be in one language: not scanned
        // for translations a second time.
        let release = cache.is_once();
        return build_default(config, sources, opts, cache, None, release);
    }
    // With translations, every build is a full one: `patch` knows one site only.
    cache.patched = None;
    cache.last = None;
    let (translations, mut diags) = lang::read(&config, sources);
    let originals: Vec<Source> = (sources.iter())
        .filter(|s| s.lang().is_none())
        .cloned()
        .collect();
    // The language builds read the default one's parses.
    let default = build_default(config.clone(), &originals, opts, cache, None, false);
    cache.last = None;
    let mut languages = Vec::new();
    for tr in &translations {
        // The default build's parses, not a second parse of every file.
        let mut reuse = Cache {
            parses: cache.parses.clone(),
            ..Cache::default()
        };
        let built = build_default(
            config.clone(),
            &originals,
            opts,
            &mut reuse,
            Some(tr),
            false,
        );
        match built {
            Ok(site) => languages.push(site),
            Err(d) => diags.extend(d),
        }
    }
    match default {
        Ok(mut site) if diags.is_empty() => {
            Arc::make_mut(&mut site).languages = languages;
            Ok(site)
        }
        other => {
            // A language build repeats the default's errors in what they share.
            diags.extend(other.err().unwrap_or_default());
            crate::diag::sort(&mut diags);
            diags.dedup();
            Err(diags)
        }
    }
}

/// [`build_with`] for one language: the default (`lang` None) or a translation's; with
/// `release` (a build no other follows, of a site in one language), what is parsed of
/// the files is let go of as soon as it is used.
fn build_default(
    config: Config,
    sources: &[Source],
    opts: &Options,
    cache: &mut Cache,
    lang: Option<&lang::Translations>,
    release: bool,
) -> Result<Arc<Site>, Vec<Diagnostic>> {
    cache.patched = None;
    if let Some(site) = lang
        .is_none()
        .then(|| patch::patch(&config, sources, opts, cache))
        .flatten()
    {
        return Ok(site);
    }
    let (built, future) = build_full(config.clone(), sources, opts, cache, lang, release);
    if future.is_empty() {
        return built;
    }
    // A briefing left out for its date is still checked now, not on the morning it
    // is published by a build no one watches: the site is built again with it, and
    // what that finds is reported (only what the left-out files caused, when the
    // site has problems of its own).
    let with_future = Options {
        publish_until: None,
        ..opts.clone()
    };
    let again = build_full(
        config,
        sources,
        &with_future,
        &mut Cache::once(),
        lang,
        release,
    );
    let found = match again.0 {
        Ok(_) => return built,
        Err(found) => found,
    };
    match built {
        Ok(_) => Err(found),
        Err(mut diags) => {
            let theirs = found
                .into_iter()
                .filter(|d| future.contains(&d.path) && !diags.contains(d));
            diags.extend(theirs.collect::<Vec<_>>());
            crate::diag::sort(&mut diags);
            Err(diags)
        }
    }
}

/// A build without the patch; also the paths of the briefings left out as dated after
/// `opts.publish_until`.
fn build_full(
    config: Config,
    sources: &[Source],
    opts: &Options,
    cache: &mut Cache,
    lang: Option<&lang::Translations>,
    release: bool,
) -> (Result<Arc<Site>, Vec<Diagnostic>>, Vec<std::path::PathBuf>) {
    cache.last = None;
    let parses = parse_all(sources, cache);
    let (mut files, diags, drafts) = Files::sort(sources, &parses, opts);
    if let Some(tr) = lang {
        files.translate(tr, config.untranslated);
    }
    let future: Vec<std::path::PathBuf> = files.future.iter().map(|s| s.rel.clone()).collect();
    let mut b = Builder::new(
        refs::Index::default(),
        refs::Index::default(),
        drafts,
        Vec::new(),
        opts.archives.clone(),
    );
    b.diags = diags;
    b.content = opts.content.clone();
    // The quotes' words are hashed on the other core while the slugs and the file
    // index are made on this one (10 ms after a one-line edit at 10,000 briefings).
    let ((site_image, slugs), words) = rayon::join(
        || {
            let site_image = super::image::site_files(&config, &mut b);
            let slugs = files.slugs(&mut b);
            let page_slugs: Vec<&str> = slugs.pages.iter().map(Slug::as_str).collect();
            // A language's own menu must name its pages; one it takes from the default
            // language leaves out the pages it does not have (see `lang::finish`).
            let menu = match lang {
                None => config.menu.as_deref(),
                Some(tr) => (config.languages.iter())
                    .find(|l| l.code == tr.code)
                    .and_then(|l| l.menu.as_deref()),
            };
            b.diags.extend(crate::config::unknown_pages(
                menu.unwrap_or_default(),
                &page_slugs,
            ));
            b.files = files.file_index(&b, &slugs);
            (site_image, slugs)
        },
        || files.quote_words(),
    );

    let actor_slugs: Vec<&Slug> = slugs.actors.iter().collect();
    let context = Cache::context(&b.actor_index, &slugs.actors, opts.strip_html);
    // Bodies need only what the slugs made known, so they are rendered, in parallel,
    // while the briefings are converted, one after the other: at 100,000 briefings that
    // took 2.3 s with a core idle.
    let known = Known {
        actor_index: b.actor_index.clone(),
        topic_index: b.topic_index.clone(),
        topics: b.topics.clone(),
        files: std::mem::take(&mut b.files),
    };
    let jobs = files.body_jobs(&known, &slugs);
    if release {
        // The files' front matter is theirs alone now, to let go of as it is converted.
        drop(parses);
        cache.parses = HashMap::new();
    }
    let ((mut converted, briefing_files), bodies) = rayon::join(
        || files.convert(&mut b, &slugs, release, &words),
        || jobs.render(&known, &actor_slugs, context, opts, cache),
    );
    b.files = known.files;
    if lang.is_none() && !cache.once {
        cache.bodies = files.keep(&bodies);
    }
    let (mentions, pages) =
        bodies.attach(&files, &briefing_files, &mut b, &mut converted, slugs.pages);
    drop(briefing_files);
    let bodies = match cache.once {
        // Nothing follows that needs them: let go of on the other core, idle here (6 ms
        // of one core after a one-line edit at 10,000 briefings).
        true => {
            rayon::spawn(move || drop(bodies));
            None
        }
        false => Some(bodies),
    };

    crate::diag::sort(&mut b.warnings);
    if !b.diags.is_empty() {
        // Printed with the errors: a failed build is when an editor reads them all.
        b.diags.append(&mut b.warnings);
        crate::diag::sort(&mut b.diags);
        return (Err(b.diags), future);
    }
    let config_of_default = config.clone();
    let items = Items {
        actors: converted.actors,
        briefings: shared(converted.briefings),
        topics: std::mem::take(&mut b.topics),
        pages,
        authors: converted.authors,
        quotes: converted.quotes,
        events: converted.events,
        claims: std::mem::take(&mut b.claims),
        mentions,
    };
    let mut site = index(config, items, std::mem::take(&mut b.links));
    site.future_left_out = files.future_left_out;
    site.left_out = files.left_out.clone();
    site.image = site_image;
    site.warnings = std::mem::take(&mut b.warnings);
    if let Some(tr) = lang {
        lang::finish(&mut site, &config_of_default, tr);
        return (Ok(Arc::new(site)), future);
    }
    let site = Arc::new(site);
    if let Some(bodies) = bodies {
        cache.last = Some(last(&site, b, context, opts, sources, &files, bodies));
    }
    (Ok(site), future)
}

/// Every file parsed, in parallel, from the cache where its text is unchanged; the
/// cache then holds exactly these.
fn parse_all(sources: &[Source], cache: &mut Cache) -> Vec<Arc<Parse>> {
    let fronts = Fronts {
        kept: cache.kept.holds_any().then_some(&cache.kept),
        keeper: cache.keeper.as_ref(),
    };
    let parses: Vec<Arc<Parse>> = sources
        .par_iter()
        .map(|src| {
            let _at = crate::panics::working_on(&src.rel);
            match cache.parse(src) {
                Some(p) => Arc::clone(p),
                None => Arc::new(parse_keeping(src, fronts)),
            }
        })
        .collect();
    cache.parses = sources
        .iter()
        .zip(&parses)
        .map(|(s, p)| (s.rel.clone(), Arc::clone(p)))
        .collect();
    parses
}

/// Every body of [`Files`] to render, in its order (see [`Files::body_jobs`]).
struct BodyJobs<'s> {
    briefings: Vec<BodyJob<'s>>,
    actors: Vec<BodyJob<'s>>,
    topics: Vec<BodyJob<'s>>,
    pages: Vec<BodyJob<'s>>,
    authors: Vec<BodyJob<'s>>,
    topic_ids: Vec<Option<TopicId>>,
    /// In a language site, its code.
    lang: Option<String>,
    /// In a language site, the pages of its own briefings and free pages.
    own: HashSet<String>,
}

impl BodyJobs<'_> {
    /// Renders every body, in parallel, once every actor is known.
    fn render(
        self,
        b: &Known,
        actor_slugs: &[&Slug],
        context: u64,
        opts: &Options,
        cache: &Cache,
    ) -> Rendered {
        let code = self.lang.as_deref();
        let has = |path: &str| lang::has(&self.own, path);
        let r = Bodies {
            actor_index: &b.actor_index,
            actor_slugs,
            files: &b.files,
            strip_html: opts.strip_html,
            content: opts.content.as_deref(),
            context,
            cache,
            language: code.map(|c| (c, &has as &crate::markdown::Has)),
            spill: opts.spill.as_ref(),
        };
        Rendered {
            briefings: r.render(self.briefings, SECTION_ROOT, BRIEFING_IDS),
            actors: r.render(self.actors, SECTION_ROOT, ACTOR_IDS),
            topics: r.render(self.topics, SECTION_ROOT, TOPIC_IDS),
            pages: r.render(self.pages, PAGE_ROOT, PAGE_IDS),
            authors: r.render(self.authors, SECTION_ROOT, AUTHOR_IDS),
            topic_ids: self.topic_ids,
        }
    }
}

/// What rendering bodies needs of the builder, which the slugs make and converting
/// briefings leaves alone: the actors, the topics with a file, the published files.
struct Known {
    actor_index: refs::Index<ActorId>,
    topic_index: refs::Index<TopicId>,
    topics: Vec<super::Topic>,
    files: FileIndex,
}

/// The rendered bodies of [`Files`], in its order.
struct Rendered {
    briefings: Vec<Arc<Body>>,
    actors: Vec<Arc<Body>>,
    topics: Vec<Arc<Body>>,
    pages: Vec<Arc<Body>>,
    authors: Vec<Arc<Body>>,
    /// The topic each topic file describes, if its name resolved.
    topic_ids: Vec<Option<TopicId>>,
}

impl Rendered {
    /// Puts each body in its item, reports its unknown `[[…]]` links, keeps its links
    /// for the link check, and records whom it mentions. Returns the mentions of each
    /// actor (sorted, once each) and the free pages.
    fn attach(
        &self,
        files: &Files,
        briefing_files: &[Parsed<()>],
        b: &mut Builder,
        c: &mut Converted,
        page_slugs: Vec<Slug>,
    ) -> (Vec<Vec<Mention>>, Vec<Page>) {
        let mut mentions: Vec<Vec<Mention>> = vec![Vec::new(); c.actors.len()];
        for (i, (p, body)) in briefing_files.iter().zip(&self.briefings).enumerate() {
            let r = &body.rendered;
            b.bad_links(p, r);
            b.links.extend_from_slice(&body.links);
            let br = &mut c.briefings[i];
            for &a in &r.mentions {
                push_unique(&mut br.actors, a);
                mentions[a.index()].push(Mention::Briefing(BriefingId::of(i)));
            }
            if br.summary.is_empty() {
                br.summary = r.first_paragraph.clone();
            }
            br.body_html = body.html.clone();
            br.headings = Arc::clone(&r.headings);
            br.figure = r.first_figure.as_ref().map(super::figure_image);
        }
        for (i, (p, body)) in files.actors.iter().zip(&self.actors).enumerate() {
            let r = &body.rendered;
            b.bad_links(p, r);
            b.links.extend_from_slice(&body.links);
            for &a in &r.mentions {
                if a.index() != i {
                    mentions[a.index()].push(Mention::Actor(ActorId::of(i)));
                }
            }
            c.actors[i].body_html = body.html.clone();
        }
        let pages = self.pages(files, b, &mut mentions, page_slugs);
        for ((p, body), id) in files.topics.iter().zip(&self.topics).zip(&self.topic_ids) {
            b.bad_links(p, &body.rendered);
            if let Some(id) = *id {
                b.links.extend_from_slice(&body.links);
                b.topics[id.index()].body_html = body.html.clone();
            }
        }
        for (i, (p, body)) in files.authors.iter().zip(&self.authors).enumerate() {
            b.bad_links(p, &body.rendered);
            b.links.extend_from_slice(&body.links);
            c.authors[i].body_html = body.html.clone();
        }
        for m in &mut mentions {
            m.sort();
            m.dedup();
        }
        (mentions, pages)
    }

    fn pages(
        &self,
        files: &Files,
        b: &mut Builder,
        mentions: &mut [Vec<Mention>],
        slugs: Vec<Slug>,
    ) -> Vec<Page> {
        files
            .pages
            .iter()
            .zip(&self.pages)
            .zip(slugs)
            .enumerate()
            .map(|(i, ((p, body), slug))| {
                let r = &body.rendered;
                b.bad_links(p, r);
                b.links.extend_from_slice(&body.links);
                for &a in &r.mentions {
                    mentions[a.index()].push(Mention::Page(i));
                }
                Page {
                    slug,
                    title: p.fm.title.clone(),
                    summary: p.fm.summary.clone(),
                    body_html: body.html.clone(),
                    headings: Arc::clone(&r.headings),
                    toc: p.fm.toc,
                    path: p.src.rel.clone(),
                    extra: p.fm.extra.clone(),
                    text_lang: None,
                }
            })
            .collect()
    }
}

/// Whether a briefing is dated after `until`: its date cannot fall on that day or
/// before. A date that does not parse counts as not future, so that its error is
/// reported.
pub(super) fn is_future(fm: &BriefingFm, until: crate::dates::Day) -> bool {
    crate::dates::Edtf::parse(&fm.date.0).is_ok_and(|d| d.start().after_utc_day(until))
}

/// What a good full build leaves for `patch`.
fn last(
    site: &Arc<Site>,
    b: Builder,
    context: u64,
    opts: &Options,
    sources: &[Source],
    files: &Files,
    bodies: Rendered,
) -> Last {
    let at: HashMap<&Path, BriefingId> = files
        .briefings
        .iter()
        .enumerate()
        .map(|(i, p)| (p.src.rel.as_path(), BriefingId::of(i)))
        .collect();
    Last {
        site: Arc::clone(site),
        actor_index: b.actor_index,
        topic_index: b.topic_index,
        author_index: b.author_index,
        draft_actors: b.draft_actors,
        files: b.files,
        context,
        drafts: opts.drafts,
        publish_until: opts.publish_until,
        strip_html: opts.strip_html,
        sources: sources
            .iter()
            .map(|s| (s.rel.clone(), Arc::clone(&s.text)))
            .collect(),
        briefing_at: sources
            .iter()
            .map(|s| at.get(s.rel.as_path()).copied())
            .collect(),
        topic_names: super::topics::Names::of(
            files.briefings.iter().map(|p| p.fm.topics.as_slice()),
        ),
        link_bodies: bodies
            .briefings
            .into_iter()
            .chain(bodies.actors)
            .chain(bodies.pages)
            .chain(
                bodies
                    .topics
                    .into_iter()
                    .zip(&bodies.topic_ids)
                    .filter(|(_, id)| id.is_some())
                    .map(|(b, _)| b),
            )
            .chain(bodies.authors)
            .collect(),
    }
}
