//! The paged listing of all statements, newest first, with an index of speakers and
//! topics on its first page. Called by the renderer.

use serde::Serialize;

use super::{ActorLink, Catalog, QuoteView, Shared, TopicLink, slice};
use crate::model::{ActorId, TopicId};

#[derive(Serialize)]
pub struct SpeakerCount<'a> {
    pub actor: Shared<ActorLink<'a>>,
    pub quotes: usize,
}

#[derive(Serialize)]
pub struct TopicCount<'a> {
    pub topic: Shared<TopicLink<'a>>,
    pub quotes: usize,
}

#[derive(Serialize)]
pub struct QuotesView<'a> {
    pub quotes: Vec<Shared<QuoteView<'a>>>,
    pub actors: Vec<SpeakerCount<'a>>,
    pub topics: Vec<TopicCount<'a>>,
}

pub fn quotes<'a>(c: &Catalog<'a>, page: usize) -> QuotesView<'a> {
    let s = c.site;
    let quotes = slice(&s.quotes_by_date, s.config.page_sizes.quotes, page)
        .iter()
        .map(|&q| c.quote(q))
        .collect();
    if page > 1 {
        // The speaker and topic index is on the first page only; on a big site it is
        // longer than the page's own quotes.
        return QuotesView {
            quotes,
            actors: Vec::new(),
            topics: Vec::new(),
        };
    }
    let mut speakers: Vec<(String, usize)> = (0..s.actors.len())
        .filter(|&i| !s.actor_quotes[i].is_empty())
        .map(|i| (crate::refs::fold(&s.actors[i].name), i))
        .collect();
    speakers.sort();
    // Statements, not quotes: one cited by two briefings of a topic counts once there.
    let mut per_topic = vec![0usize; s.topics.len()];
    for &q in s.quotes_by_date.iter() {
        for t in s.statement_topics(q) {
            per_topic[t.index()] += 1;
        }
    }
    let mut topics: Vec<(String, usize)> = (0..s.topics.len())
        .filter(|&i| per_topic[i] > 0)
        .map(|i| (crate::refs::fold(&s.topics[i].name), i))
        .collect();
    topics.sort();
    QuotesView {
        quotes,
        actors: speakers
            .into_iter()
            .map(|(_, i)| SpeakerCount {
                actor: c.actor(ActorId(i as u32)),
                quotes: s.actor_quotes[i].len(),
            })
            .collect(),
        topics: topics
            .into_iter()
            .map(|(_, i)| TopicCount {
                topic: c.topic(TopicId(i as u32)),
                quotes: per_topic[i],
            })
            .collect(),
    }
}
