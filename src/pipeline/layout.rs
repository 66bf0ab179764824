//! Where each page of a site goes: its path, in every language, and the page at each
//! path. Made again after a save that adds, deletes or renames a file, so made cheaply.

use crate::render::Plan;

/// The page at each path of a [`Layout`], found by the path's hash and told by its
/// number: the paths are not copied. A save that adds, deletes or renames a file makes
/// the layout again, and copying 12,500 paths into a map was a quarter of a new actor's
/// save at 10,000 briefings.
struct PathIndex(hashbrown::HashTable<usize>);

impl PathIndex {
    fn hash(path: &str) -> u64 {
        xxhash_rust::xxh3::xxh3_64(path.as_bytes())
    }

    /// The index of `paths`: of two equal paths, the later one is found.
    fn of(paths: &Paths) -> PathIndex {
        let mut table = hashbrown::HashTable::with_capacity(paths.len());
        let rehash = |&i: &usize| Self::hash(paths.get(i).unwrap_or_default());
        for (i, p) in paths.iter().enumerate() {
            match table.entry(Self::hash(p), |&j| paths.get(j) == Some(p), rehash) {
                hashbrown::hash_table::Entry::Occupied(mut e) => *e.get_mut() = i,
                hashbrown::hash_table::Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
        PathIndex(table)
    }

    /// The page at `path` among `paths`, those the index was made of.
    fn find(&self, paths: &Paths, path: &str) -> Option<usize> {
        self.0
            .find(Self::hash(path), |&i| paths.get(i) == Some(path))
            .copied()
    }
}

/// Every page's path, end to end in one string. A save that adds, deletes or renames a
/// file lays the pages out again, and 12,500 strings of their own, in memory the
/// rebuild thread had not used yet, were a sixth of a rename's rebuild in `serve`.
#[derive(Default)]
pub(super) struct Paths {
    text: String,
    /// Where each path ends in `text`.
    ends: Vec<usize>,
}

impl Paths {
    /// Room for `count` paths of a typical length (`briefings/<slug>/index.html`).
    fn with_capacity(count: usize) -> Paths {
        Paths {
            text: String::with_capacity(count * 48),
            ends: Vec::with_capacity(count),
        }
    }

    fn push(&mut self, parts: &[&str]) {
        parts.iter().for_each(|p| self.text.push_str(p));
        self.ends.push(self.text.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        self.text.get(start..end)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// Where each page of a site goes, in every language.
pub(super) struct Layout {
    /// The plan of each language, the default first.
    pub plans: Vec<Plan>,
    /// Each page: its language and its job in that language's plan.
    pub pages: Vec<(usize, usize)>,
    /// The path of each page, and the page at each path.
    pub paths: Paths,
    by_path: PathIndex,
}

impl Layout {
    pub fn page_at(&self, path: &str) -> Option<usize> {
        self.by_path.find(&self.paths, path)
    }

    /// The paths of this layout that `now` has not, and those of `now` this one has
    /// not. Mostly the same pages in the same order, with a few in or out: walked side
    /// by side, a path looked up only where the two differ (4 ms saved of a save that
    /// adds a briefing at 10,000 briefings).
    pub fn gone_and_added(&self, now: &Layout) -> (Vec<String>, Vec<String>) {
        let (old, new) = (&self.paths, &now.paths);
        let (mut gone, mut added) = (Vec::new(), Vec::new());
        let (mut i, mut j) = (0, 0);
        while i < old.len() || j < new.len() {
            if let (Some(a), Some(b)) = (old.get(i), new.get(j))
                && a == b
            {
                (i, j) = (i + 1, j + 1);
                continue;
            }
            // Each path passed is either the other's at the same step or looked up.
            let was = old.get(i).filter(|a| now.page_at(a).is_none());
            let is = new.get(j).filter(|b| self.page_at(b).is_none());
            match (was, is) {
                (None, None) => (i, j) = (i + 1, j + 1),
                (was, is) => {
                    if let Some(a) = was {
                        gone.push(a.to_string());
                        i += 1;
                    }
                    if let Some(b) = is {
                        added.push(b.to_string());
                        j += 1;
                    }
                }
            }
        }
        (gone, added)
    }

    pub fn new(editions: &crate::editions::Editions) -> Layout {
        let plans: Vec<Plan> = editions.sites.iter().map(|s| Plan::new(s)).collect();
        let count = plans.iter().map(|p| p.jobs.len()).sum();
        let mut pages = Vec::with_capacity(count);
        let mut paths = Paths::with_capacity(count);
        for (lang, (site, plan)) in editions.sites.iter().zip(&plans).enumerate() {
            for (job, j) in plan.jobs.iter().enumerate() {
                pages.push((lang, job));
                paths.push(&[&site.config.prefix, &j.path(site)]);
            }
        }
        let by_path = PathIndex::of(&paths);
        Layout {
            plans,
            pages,
            paths,
            by_path,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(list: &[&str]) -> Layout {
        let mut paths = Paths::default();
        list.iter().for_each(|p| paths.push(&[p]));
        Layout {
            plans: Vec::new(),
            pages: Vec::new(),
            by_path: PathIndex::of(&paths),
            paths,
        }
    }

    #[test]
    fn the_page_at_a_path_is_found_by_its_path_alone() {
        let l = layout(&["index.html", "a/index.html", "b/index.html", "a/index.html"]);
        assert_eq!(l.page_at("index.html"), Some(0));
        assert_eq!(l.page_at("b/index.html"), Some(2));
        // As a map made of the paths in order would say.
        assert_eq!(l.page_at("a/index.html"), Some(3));
        assert_eq!(l.page_at("c/index.html"), None);
        assert_eq!(l.page_at("a/"), None);
    }

    #[test]
    fn the_pages_gone_and_added_are_found_among_moves() {
        // (pages before, pages now, gone, added)
        type Case<'a> = (&'a [&'a str], &'a [&'a str], &'a [&'a str], &'a [&'a str]);
        let cases: [Case; 5] = [
            (&["a", "b", "c"], &["a", "b", "c"], &[], &[]),
            (&["a", "b", "c"], &["x", "a", "b", "c"], &[], &["x"]),
            (&["a", "b", "c"], &["a", "c", "y"], &["b"], &["y"]),
            // Moved, one gone and one added among them.
            (&["a", "b", "c", "d"], &["c", "a", "z", "d"], &["b"], &["z"]),
            (&["a", "b"], &[], &["a", "b"], &[]),
        ];
        for (old, new, gone, added) in cases {
            let got = layout(old).gone_and_added(&layout(new));
            assert_eq!(
                got,
                (
                    gone.iter().map(|s| s.to_string()).collect(),
                    added.iter().map(|s| s.to_string()).collect()
                ),
                "{old:?} -> {new:?}"
            );
        }
    }
}
