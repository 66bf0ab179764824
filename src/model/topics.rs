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

/// Every briefing's topic names as written, by briefing id, each name kept once: what
/// [`replay`] reads, from two flat lists rather than through every front matter (at
/// 10,000 briefings, reading those was most of a replay).
#[derive(Debug, Clone, Default)]
pub(super) struct Names {
    written: Vec<String>,
    numbers: HashMap<String, u32>,
    /// The numbers of the names, briefing after briefing.
    named: Vec<u32>,
    /// Where each briefing's names end in `named`.
    ends: Vec<u32>,
}

impl Names {
    pub fn of<'n>(lists: impl Iterator<Item = &'n [String]>) -> Names {
        let mut names = Names::default();
        for list in lists {
            for name in list {
                let n = names.number(name);
                names.named.push(n);
            }
            names.ends.push(names.named.len() as u32);
        }
        names
    }

    fn number(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.numbers.get(name) {
            return n;
        }
        let n = self.written.len() as u32;
        self.written.push(name.to_string());
        self.numbers.insert(name.to_string(), n);
        n
    }

    fn range(&self, b: usize) -> std::ops::Range<usize> {
        let start = b.checked_sub(1).map_or(0, |a| self.ends[a] as usize);
        start..self.ends[b] as usize
    }

    /// Whether briefing `b` names `list`, as written and in that order.
    pub fn are(&self, b: usize, list: &[String]) -> bool {
        let named = &self.named[self.range(b)];
        named.len() == list.len()
            && named
                .iter()
                .zip(list)
                .all(|(&n, name)| self.written[n as usize] == *name)
    }

    /// A briefing that names `list` now comes before briefing `b` (or last).
    pub fn insert(&mut self, b: usize, list: &[String]) {
        let numbers: Vec<u32> = list.iter().map(|name| self.number(name)).collect();
        let start = b.checked_sub(1).map_or(0, |a| self.ends[a] as usize);
        let by = numbers.len() as u32;
        self.named.splice(start..start, numbers);
        self.ends.insert(b, start as u32);
        for end in &mut self.ends[b..] {
            *end += by;
        }
    }

    /// Briefing `b` is gone; those after it move up one.
    pub fn remove(&mut self, b: usize) {
        let range = self.range(b);
        let by = range.len() as u32;
        self.named.drain(range);
        self.ends.remove(b);
        for end in &mut self.ends[b..] {
            *end -= by;
        }
    }

    /// Briefing `b` now names `list`.
    pub fn set(&mut self, b: usize, list: &[String]) {
        let numbers: Vec<u32> = list.iter().map(|name| self.number(name)).collect();
        let range = self.range(b);
        let by = numbers.len() as i64 - range.len() as i64;
        self.named.splice(range, numbers);
        for end in &mut self.ends[b..] {
            *end = (i64::from(*end) + by) as u32;
        }
    }
}

/// The topics a full build makes when the briefings name `names` and the topics with
/// files are those of `last` that have one: `last` and `index` are the last build's.
/// `None` if a name takes no topic, which a full build reports.
pub(super) fn replay(last: &[Topic], index: &refs::Index<TopicId>, names: &Names) -> Option<Named> {
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
    let mut took: Vec<Option<TopicId>> = vec![None; names.written.len()];
    let mut lists = Vec::with_capacity(names.ends.len());
    for b in 0..names.ends.len() {
        let numbers = &names.named[names.range(b)];
        let mut list = Vec::with_capacity(numbers.len());
        for &n in numbers {
            let id = match took[n as usize] {
                Some(id) => id,
                None => {
                    let made = topics.len();
                    let name = &names.written[n as usize];
                    let id = topic_named(&mut named, &mut topics, name).ok()?;
                    if topics.len() != made {
                        took.fill(None);
                    }
                    took[n as usize] = Some(id);
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
