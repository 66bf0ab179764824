//! A topic's file added to or deleted from the last site instead of building all of it
//! again. Topics with files come first, in file order, and the others are made by the
//! briefings that name them; so every topic is made again from every briefing's names
//! ([`replay`]), as for a briefing whose topics changed, with the new list of filed
//! topics. A topic some briefings named becomes the file's when the file answers to
//! its name, and a file's topic that briefings still name becomes theirs when the file
//! goes. A new file must take a slug and names no other topic file has; a file is taken
//! out only while no body links to it. Anything else takes the full build, which
//! reports it.

use std::sync::Arc;

use super::body_like;
use crate::content::TopicFm;
use crate::discover::{Section, Source};
use crate::model::bodies::TOPIC_IDS;
use crate::model::cache::{Cache, Last};
use crate::model::index::topic_briefings;
use crate::model::topics::{Named, replay};
use crate::model::{Options, SECTION_ROOT, Site, Topic, TopicId, topic_path, valid_lang};
use crate::refs;

/// The site with new topic file `src`, source `k` now, put in its place.
pub(super) fn added(
    src: &Source,
    k: usize,
    opts: &Options,
    cache: &mut Cache,
) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    let (parse, p) = super::read_new::<TopicFm>(last, src)?;
    let bad_lang = (p.fm.aliases.iter()).any(|a| a.lang.as_deref().is_some_and(|l| !valid_lang(l)));
    let mut filed = filed_topics(last)?;
    let slug = super::new_slug(&p, p.fm.slug.as_deref())?;
    if bad_lang || filed.iter().any(|t| t.slug == slug) {
        return None;
    }
    // Its id is that of the first topic file after it.
    let j = super::place_among(last, k, filed.iter().filter_map(|t| t.path.as_deref()));
    let page = topic_path(&slug);
    let body = body_like(
        cache,
        opts,
        p.body_job(Some(page.clone())),
        (SECTION_ROOT, TOPIC_IDS),
        None,
    )?;
    filed.insert(
        j,
        Topic {
            slug,
            name: p.fm.name.clone(),
            body_html: body.html.clone(),
            path: Some(src.rel.clone()),
            extra: p.fm.extra.clone(),
            aliases: (p.fm.aliases.iter())
                .map(crate::model::actor::alias)
                .collect(),
            text_lang: None,
        },
    );
    let (next, named) = retopiced(last, &filed)?;

    let at = super::kept_at(last, Section::Topic, j)?;
    let last = cache.last.as_mut()?;
    last.files.insert(src, page, &p.fm.name, None);
    last.topic_index = named;
    let patched = super::came_or_went(&src.rel, true);
    super::keep_new(cache, next, (k, src, parse), (at, body), patched)
}

/// The site without topic file `k` of the last build's sources, if no body links to it.
pub(super) fn removed(k: usize, cache: &mut Cache) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    let rel = last.sources[k].0.clone();
    let mut filed = filed_topics(last)?;
    let j = filed.iter().position(|t| t.path.as_ref() == Some(&rel))?;
    let page = topic_path(&filed[j].slug);
    if super::shown_anywhere(last, &page) {
        return None;
    }
    filed.remove(j);
    let (mut next, named) = retopiced(last, &filed)?;
    next.warnings.retain(|w| w.path != rel);

    let at = super::kept_at(last, Section::Topic, j)?;
    let last = cache.last.as_mut()?;
    if !last.files.remove(&rel, &page) {
        return None;
    }
    last.topic_index = named;
    super::forget(cache, next, k, at, super::came_or_went(&rel, true))
}

/// The last site's topics with files, if each of them answers to its names alone and so
/// kept its body (see [`super::kept_at`]).
pub(super) fn filed_topics(last: &Last) -> Option<Vec<Topic>> {
    super::kept_at(last, Section::Topic, 0)?;
    Some(last.site.topics[..super::filed_count(&last.site)].to_vec())
}

/// The last site with its topics made again from the topic files `filed` and every
/// briefing's names, and what each name answers to now: `None` if a name is two topic
/// files' or takes no topic, which the full build reports.
pub(super) fn retopiced(last: &Last, filed: &[Topic]) -> Option<(Site, refs::Index<TopicId>)> {
    // As the full build indexes topic files, before any briefing is read.
    let mut index = refs::Index::default();
    for (i, t) in filed.iter().enumerate() {
        let id = TopicId::of(i);
        index.insert(t.slug.as_str(), id);
        index.insert(&t.name, id);
        for alias in &t.aliases {
            index.insert(&alias.name, id);
        }
    }
    if index.clashes().next().is_some() {
        return None;
    }
    let Named {
        topics,
        index,
        lists,
    } = replay(filed, &index, &last.topic_names)?;
    let mut site = Site::clone(&last.site);
    super::give_topics(&mut site.briefings, &lists, None);
    site.topic_briefings =
        topic_briefings(topics.len(), &site.briefings, &site.briefings_by_date).into();
    site.topics = topics;
    Some((site, index))
}
