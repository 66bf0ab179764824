//! Topics named again: a topic without a file is made by the briefings that name it,
//! and its id, its name as shown and whether it exists at all depend on which
//! briefing names it first. When a save changes a briefing's topics, `patch` makes
//! them again as a full build would, from the names every briefing gives.

use super::resolve::topic_named;
use super::{Topic, TopicId};
use crate::refs;

/// The topics as a full build makes them.
pub(super) struct Named {
    pub topics: Vec<Topic>,
    /// What each name answers to.
    pub index: refs::Index<TopicId>,
    /// Each briefing's topics, by briefing id.
    pub lists: Vec<Vec<TopicId>>,
}

/// The topics a full build makes when the briefings (in id order) name `names` and
/// the topics with files are those of `last` that have one: `last` and `index` are
/// the last build's. `None` if a name takes no topic, which a full build reports.
pub(super) fn replay<'n>(
    last: &[Topic],
    index: &refs::Index<TopicId>,
    names: impl Iterator<Item = &'n [String]>,
) -> Option<Named> {
    // Topics with files come first, indexed before any briefing is read.
    let filed = last.iter().take_while(|t| t.path.is_some()).count();
    let mut topics = last[..filed].to_vec();
    let mut named = refs::Index::default();
    for (name, &id) in index.names() {
        if id.index() < filed {
            named.insert(name, id);
        }
    }
    let lists = names
        .map(|names| {
            (names.iter())
                .map(|n| topic_named(&mut named, &mut topics, n).ok())
                .collect::<Option<Vec<TopicId>>>()
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Named {
        topics,
        index: named,
        lists,
    })
}
