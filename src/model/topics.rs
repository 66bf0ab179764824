//! Topics named again: a topic without a file is made by the briefings that name it,
//! and its id, its name as shown and whether it exists at all depend on which
//! briefing names it first. When a save changes a briefing's topics, `patch` makes
//! them again as a full build would, from the names every briefing gives.

use std::collections::HashMap;

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
    // What each name as written took, while no topic was made since: a topic made
    // adds names, which can change what another name answers to.
    let mut took: HashMap<&str, TopicId> = HashMap::new();
    let mut lists = Vec::new();
    for names in names {
        let mut list = Vec::with_capacity(names.len());
        for name in names {
            let id = match took.get(name.as_str()) {
                Some(&id) => id,
                None => {
                    let made = topics.len();
                    let id = topic_named(&mut named, &mut topics, name).ok()?;
                    if topics.len() != made {
                        took.clear();
                    }
                    took.insert(name, id);
                    id
                }
            };
            list.push(id);
        }
        lists.push(list);
    }
    Some(Named {
        topics,
        index: named,
        lists,
    })
}
