//! The parsed files of the site sorted by kind, with drafts and future-dated briefings
//! left out unless asked for: their slugs, the model's items made of their front
//! matter, the page each became, and the bodies to render. A language site swaps in
//! its translations here.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::{BodyJobs, Known, Rendered, is_future};
use crate::content::{ActorFm, AuthorFm, BriefingFm, PageFm, TopicFm};
use crate::diag::Diagnostic;
use crate::discover::{Section, Source};
use crate::model::cache::{Body, Parse};
use crate::model::files::FileIndex;
use crate::model::lang;
use crate::model::parse::{AnyParsed, Parsed};
use crate::model::resolve::Builder;
use crate::model::{
    Actor, ActorId, Author, Briefing, BriefingId, LeftOut, LeftOutWhy, Options, Slug, TopicId,
    actor_path, author_path, briefing_path, page_path, topic_path,
};
use crate::refs;

/// The parsed files of the site by kind, drafts and future-dated briefings left out
/// unless asked for.
pub(super) struct Files<'s> {
    pub(super) briefings: Vec<Parsed<'s, BriefingFm>>,
    pub(super) actors: Vec<Parsed<'s, ActorFm>>,
    pub(super) topics: Vec<Parsed<'s, TopicFm>>,
    pub(super) pages: Vec<Parsed<'s, PageFm>>,
    /// Briefings, pages and actors left out as drafts.
    pub(super) drafts: Vec<&'s Source>,
    /// Briefings left out as dated after today.
    pub(super) future: Vec<&'s Source>,
    pub(super) authors: Vec<Parsed<'s, AuthorFm>>,
    pub(super) future_left_out: usize,
    pub(super) left_out: Vec<LeftOut>,
    /// In a language site, its code: its pages are under `<code>/`.
    pub(super) lang: Option<String>,
    /// In a language site, the briefings and pages it leaves out, untranslated: links
    /// to them lead to the default language's page.
    pub(super) elsewhere: Vec<(&'s Source, String, String)>,
}

/// The slug of each file, in the order of [`Files`].
pub(super) struct Slugs {
    pub(super) actors: Vec<Slug>,
    pub(super) briefings: Vec<Slug>,
    pub(super) pages: Vec<Slug>,
    pub(super) authors: Vec<Slug>,
}

/// The model's items made from front matter, before bodies are tied in.
pub(super) struct Converted {
    pub(super) actors: Vec<Actor>,
    pub(super) briefings: Vec<Briefing>,
    pub(super) quotes: Vec<crate::model::Quote>,
    pub(super) events: Vec<crate::model::Event>,
    pub(super) authors: Vec<Author>,
}

/// Puts in each file of `list` its translation and the front matter `translated` makes
/// of it; one without is kept if `keep` (shown untranslated), else handed to `left_out`
/// and dropped.
fn swap_in<'s, T>(
    list: &mut Vec<Parsed<'s, T>>,
    translated: impl Fn(&Parsed<'s, T>) -> Option<(&'s lang::Tr<'s>, T)>,
    keep: bool,
    mut left_out: impl FnMut(&Parsed<'s, T>),
) {
    list.retain_mut(|p| match translated(p) {
        Some((t, fm)) => {
            p.fm = Arc::new(fm);
            p.body_src = t.src;
            p.body_offset = t.body_offset;
            true
        }
        None if keep => true,
        None => {
            left_out(p);
            false
        }
    });
}

impl<'s> Files<'s> {
    /// Sorts parsed files by kind, with the diagnostics of parsing and the folded names
    /// of draft actors (refs to them get a hint, not just "unknown").
    pub(super) fn sort(
        sources: &'s [Source],
        parses: &[Arc<Parse>],
        opts: &Options,
    ) -> (Files<'s>, Vec<Diagnostic>, HashSet<String>) {
        let mut diags = Vec::new();
        let mut files = Files {
            briefings: vec![],
            actors: vec![],
            topics: vec![],
            pages: vec![],
            drafts: vec![],
            future: vec![],
            authors: vec![],
            future_left_out: 0,
            left_out: Vec::new(),
            lang: None,
            elsewhere: Vec::new(),
        };
        for (src, p) in sources.iter().zip(parses) {
            diags.extend(p.diagnostics.iter().cloned());
            let parsed = match src.section {
                Section::Briefing => Parsed::of(src, p).map(AnyParsed::Briefing),
                Section::Actor => Parsed::of(src, p).map(AnyParsed::Actor),
                Section::Topic => Parsed::of(src, p).map(AnyParsed::Topic),
                Section::Page => Parsed::of(src, p).map(AnyParsed::Page),
                Section::Author => Parsed::of(src, p).map(AnyParsed::Author),
            };
            match parsed {
                Some(AnyParsed::Briefing(p)) => files.briefings.push(p),
                Some(AnyParsed::Actor(p)) => files.actors.push(p),
                Some(AnyParsed::Topic(p)) => files.topics.push(p),
                Some(AnyParsed::Page(p)) => files.pages.push(p),
                Some(AnyParsed::Author(p)) => files.authors.push(p),
                None => {}
            }
        }
        let mut left_out = Vec::new();
        let mut leave_out = |stem: &str, slug: Option<&str>, page: fn(&Slug) -> String, why| {
            let slug = Slug(refs::slugify(slug.unwrap_or(stem)));
            left_out.push(LeftOut {
                page: page(&slug),
                why,
            });
        };
        let draft = |d: bool| d && !opts.drafts;
        let mut future_left_out = 0;
        if let Some(until) = opts.publish_until {
            let future_files = &mut files.future;
            files.briefings.retain(|b| {
                // A draft stays a draft, whatever its date.
                let future = !draft(b.fm.draft) && is_future(&b.fm, until);
                if future {
                    future_left_out += 1;
                    future_files.push(b.src);
                    leave_out(
                        &b.src.stem,
                        b.fm.slug.as_deref(),
                        briefing_path,
                        LeftOutWhy::Future,
                    );
                }
                !future
            });
        }
        let mut drafts = HashSet::new();
        if !opts.drafts {
            let briefings = files.briefings.iter().filter(|b| b.fm.draft);
            let pages = files.pages.iter().filter(|p| p.fm.draft);
            let actors = files.actors.iter().filter(|a| a.fm.draft);
            files.drafts = (briefings.map(|b| b.src))
                .chain(pages.map(|p| p.src))
                .chain(actors.map(|a| a.src))
                .collect();
            files.briefings.retain(|b| {
                if b.fm.draft {
                    leave_out(
                        &b.src.stem,
                        b.fm.slug.as_deref(),
                        briefing_path,
                        LeftOutWhy::Draft,
                    );
                }
                !b.fm.draft
            });
            files.pages.retain(|p| {
                if p.fm.draft {
                    leave_out(
                        &p.src.stem,
                        p.fm.slug.as_deref(),
                        page_path,
                        LeftOutWhy::Draft,
                    );
                }
                !p.fm.draft
            });
            files.actors.retain(|a| {
                if a.fm.draft {
                    drafts.insert(refs::fold(&a.fm.name));
                    drafts.insert(refs::fold(&a.src.stem));
                }
                !a.fm.draft
            });
        }
        files.future_left_out = future_left_out;
        files.left_out = left_out;
        (files, diags, drafts)
    }

    /// Puts the translations of `tr` in place of the original's fields, and leaves
    /// out what is not translated unless the site shows it untranslated.
    pub(super) fn translate(
        &mut self,
        tr: &'s lang::Translations,
        untranslated: crate::config::Untranslated,
    ) {
        use lang::TrFm;
        self.lang = Some(tr.code.clone());
        let get = |src: &Source| tr.by_original.get(&src.rel);
        let mut elsewhere = Vec::new();
        let keep = lang::shown(untranslated, false);
        swap_in(
            &mut self.briefings,
            |p| match get(p.src) {
                Some(
                    t @ lang::Tr {
                        fm: TrFm::Briefing(fm),
                        ..
                    },
                ) if !fm.draft => Some((t, lang::briefing(&p.fm, fm))),
                _ => None,
            },
            keep,
            |p| {
                let slug = Slug(refs::slugify(p.fm.slug.as_deref().unwrap_or(&p.src.stem)));
                elsewhere.push((p.src, briefing_path(&slug), p.fm.title.clone()));
            },
        );
        swap_in(
            &mut self.pages,
            |p| match get(p.src) {
                Some(
                    t @ lang::Tr {
                        fm: TrFm::Page(fm), ..
                    },
                ) if !fm.draft => Some((t, lang::page(&p.fm, fm))),
                _ => None,
            },
            keep,
            |p| {
                let slug = Slug(refs::slugify(p.fm.slug.as_deref().unwrap_or(&p.src.stem)));
                elsewhere.push((p.src, page_path(&slug), p.fm.title.clone()));
            },
        );
        fn body<'a, T>(p: &mut Parsed<'a, T>, t: Option<&lang::Tr<'a>>) {
            if let Some(t) = t {
                p.body_src = t.src;
                p.body_offset = t.body_offset;
            }
        }
        // Lifetimes: the translations live as long as the sources.
        for p in &mut self.actors {
            body(p, get(p.src).filter(|t| matches!(t.fm, TrFm::Actor(_))));
        }
        for p in &mut self.topics {
            body(p, get(p.src).filter(|t| matches!(t.fm, TrFm::Topic(_))));
        }
        for p in &mut self.authors {
            body(p, get(p.src).filter(|t| matches!(t.fm, TrFm::Author(_))));
        }
        self.elsewhere = elsewhere;
    }

    /// Gives every file its slug and indexes the names actors and topics answer to.
    pub(super) fn slugs(&self, b: &mut Builder) -> Slugs {
        let actors = b.slugs(&self.actors, |a| a.fm.slug.as_deref(), "actor");
        b.index_actors(&self.actors, &actors);
        b.index_topics(&self.topics);
        let authors = b.slugs(&self.authors, |a| a.fm.slug.as_deref(), "author");
        b.index_authors(&self.authors, &authors);
        let briefings = b.slugs(&self.briefings, |p| p.fm.slug.as_deref(), "briefing");
        let pages = b.slugs(&self.pages, |p| p.fm.slug.as_deref(), "page");
        b.check_reserved(&self.pages, &pages);
        Slugs {
            actors,
            briefings,
            pages,
            authors,
        }
    }

    /// Makes the model's items of the front matter. With `release` (a build no other
    /// follows), each briefing's front matter is let go of once converted, rather than
    /// held to the end of the model (some 340 MB at 100,000 briefings, beside what is
    /// made of it); its file is still known, for the problems its body may have.
    pub(super) fn convert(
        &mut self,
        b: &mut Builder,
        slugs: &Slugs,
        release: bool,
        words: &[Vec<u64>],
    ) -> (Converted, Vec<Parsed<'s, ()>>) {
        let authors = (self.authors.iter().zip(&slugs.authors))
            .map(|(a, slug)| b.author(a, slug.clone()))
            .collect();
        let actors = self
            .actors
            .iter()
            .zip(&slugs.actors)
            .map(|(a, slug)| b.actor(a, slug.clone()))
            .collect();
        let (mut quotes, mut events) = (Vec::new(), Vec::new());
        let mut files = Vec::with_capacity(self.briefings.len());
        let mut one = |i: usize, p: &Parsed<'s, BriefingFm>, slug: &Slug| {
            files.push(p.bare());
            let words = words.get(i).map_or(&[][..], Vec::as_slice);
            b.briefing(
                p,
                slug.clone(),
                BriefingId::of(i),
                words,
                &mut quotes,
                &mut events,
            )
        };
        let briefings = match release {
            true => (std::mem::take(&mut self.briefings).into_iter())
                .zip(&slugs.briefings)
                .enumerate()
                .map(|(i, (p, slug))| one(i, &p, slug))
                .collect(),
            false => (self.briefings.iter().zip(&slugs.briefings))
                .enumerate()
                .map(|(i, (p, slug))| one(i, p, slug))
                .collect(),
        };
        let converted = Converted {
            actors,
            briefings,
            quotes,
            events,
            authors,
        };
        (converted, files)
    }

    /// `statements::words` of every briefing's quotes, on every core: hashed as the
    /// briefings were converted, they were a fifth of that, on one core.
    pub(super) fn quote_words(&self) -> Vec<Vec<u64>> {
        (self.briefings.par_iter())
            .map(|p| super::super::statements::quote_words(&p.fm))
            .collect()
    }

    /// The page each published file became, for links that name a file.
    pub(super) fn file_index(&self, b: &Builder, slugs: &Slugs) -> FileIndex {
        let mut index = FileIndex::default();
        for (p, slug) in self.briefings.iter().zip(&slugs.briefings) {
            index.insert(p.src, briefing_path(slug), &p.fm.title, None);
        }
        for (i, (p, slug)) in self.actors.iter().zip(&slugs.actors).enumerate() {
            index.insert(p.src, actor_path(slug), &p.fm.name, Some(ActorId::of(i)));
        }
        for p in &self.topics {
            if let Ok(id) = b.topic_index.resolve(&p.fm.name) {
                let topic = &b.topics[id.index()];
                index.insert(p.src, topic_path(&topic.slug), &topic.name, None);
            }
        }
        for (p, slug) in self.pages.iter().zip(&slugs.pages) {
            index.insert(p.src, page_path(slug), &p.fm.title, None);
        }
        for (src, page, title) in &self.elsewhere {
            // Up from `<lang>/` to the default language's page.
            index.insert(src, format!("../{page}"), title, None);
        }
        for src in &self.drafts {
            index.draft(src);
        }
        for src in &self.future {
            index.future(src);
        }
        index
    }

    /// The body of every file, with the page it goes on: made before the bodies are
    /// rendered, so that the rendering borrows the sources and not these files, which
    /// the conversion beside it may then let go of one by one.
    pub(super) fn body_jobs(&self, b: &Known, slugs: &Slugs) -> BodyJobs<'s> {
        let code = self.lang.as_deref();
        // A topic's page is known only if its name resolves (it may clash with another's).
        let topic_ids: Vec<Option<TopicId>> = self
            .topics
            .iter()
            .map(|p| b.topic_index.resolve(&p.fm.name).ok())
            .collect();
        let briefings = (self.briefings.iter().zip(&slugs.briefings))
            .map(|(p, slug)| p.body_job(Some(lang::prefixed(code, briefing_path(slug)))))
            .collect();
        let actors = (self.actors.iter().zip(&slugs.actors))
            .map(|(p, slug)| p.body_job(Some(lang::prefixed(code, actor_path(slug)))))
            .collect();
        let topics = (self.topics.iter().zip(&topic_ids))
            .map(|(p, id)| {
                p.body_job(
                    id.map(|id| lang::prefixed(code, topic_path(&b.topics[id.index()].slug))),
                )
            })
            .collect();
        let pages = (self.pages.iter().zip(&slugs.pages))
            .map(|(p, slug)| p.body_job(Some(lang::prefixed(code, page_path(slug)))))
            .collect();
        let authors = (self.authors.iter().zip(&slugs.authors))
            .map(|(p, slug)| p.body_job(Some(lang::prefixed(code, author_path(slug)))))
            .collect();
        // What a language has that may be missing from it: its briefings and free
        // pages; every other page of the site is in every language.
        let own = match code {
            Some(_) => (slugs.briefings.iter().map(briefing_path))
                .chain(slugs.pages.iter().map(page_path))
                .collect(),
            None => Default::default(),
        };
        BodyJobs {
            briefings,
            actors,
            topics,
            pages,
            authors,
            topic_ids,
            lang: self.lang.clone(),
            own,
        }
    }

    /// What `serve`'s cache keeps of the bodies: each by its file.
    pub(super) fn keep(&self, r: &Rendered) -> HashMap<std::path::PathBuf, Arc<Body>> {
        [&r.briefings, &r.actors, &r.topics, &r.pages, &r.authors]
            .into_iter()
            .flatten()
            .zip(
                self.briefings
                    .iter()
                    .map(|p| p.src)
                    .chain(self.actors.iter().map(|p| p.src))
                    .chain(self.topics.iter().map(|p| p.src))
                    .chain(self.pages.iter().map(|p| p.src))
                    .chain(self.authors.iter().map(|p| p.src)),
            )
            .map(|(body, src)| (src.rel.clone(), Arc::clone(body)))
            .collect()
    }
}
