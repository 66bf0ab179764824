//! The published content files by path, for body links that name a file
//! (`[x](../other.md)`, `[[briefings/other]]`): which page each became, and which
//! files are drafts, so a link to one is told why it does not resolve.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::ActorId;
use crate::diag;
use crate::discover::Source;
use crate::markdown::{FileTarget, key_of};

#[derive(Debug, Clone, Default)]
pub(super) struct FileIndex {
    targets: BTreeMap<String, FileTarget<ActorId>>,
    drafts: BTreeSet<String>,
    future: BTreeSet<String>,
}

/// The path of a content file under `content/`, with `/` between folders.
pub(super) fn content_path(src: &Source) -> String {
    content_path_of(&src.rel)
}

fn content_path_of(rel: &Path) -> String {
    let rel = rel.strip_prefix("content").unwrap_or(rel);
    rel.to_string_lossy().replace('\\', "/")
}

/// The folder under `content/` that `src` is in, which its relative links start from.
pub(super) fn content_dir(src: &Source) -> String {
    let path = content_path(src);
    path.rsplit_once('/')
        .map_or(String::new(), |(dir, _)| dir.to_string())
}

/// A file's keys: its path without `.md`, and for `briefings/x/index.md` also the
/// folder, `briefings/x`, which names the same page.
fn keys(rel: &Path) -> Vec<String> {
    let key = key_of(&content_path_of(rel));
    match key.strip_suffix("/index") {
        Some(folder) => vec![folder.to_string(), key.clone()],
        None => vec![key],
    }
}

impl FileIndex {
    /// Records that `src` is the page at `page`.
    pub fn insert(&mut self, src: &Source, page: String, title: &str, actor: Option<ActorId>) {
        for key in keys(&src.rel) {
            self.targets.entry(key).or_insert_with(|| FileTarget {
                page: page.clone(),
                title: title.to_string(),
                actor,
            });
        }
    }

    /// Records that `src` is a draft, left out of this build.
    pub fn draft(&mut self, src: &Source) {
        self.drafts.extend(keys(&src.rel));
    }

    /// Records that `src` is a briefing dated after today, left out of this build.
    pub fn future(&mut self, src: &Source) {
        self.future.extend(keys(&src.rel));
    }

    pub fn get(&self, key: &str) -> Option<FileTarget<ActorId>> {
        self.targets.get(key).cloned()
    }

    /// Whether the file at `key` would still be rendered as it was, given what it was
    /// when a body linking to it was rendered.
    pub fn unchanged(&self, key: &str, then: &Option<FileTarget<ActorId>>) -> bool {
        self.targets.get(key) == then.as_ref()
    }

    /// The hint for a link to `key` that names no published file.
    pub fn hint(&self, key: &str) -> String {
        if self.drafts.contains(key) {
            return "that file is a draft; build with --drafts or publish it".to_string();
        }
        if self.future.contains(key) {
            return "that briefing is dated after today, so it is left out; build with --future, \
                    or link to it once it is published"
                .to_string();
        }
        let near = diag::nearest(key, self.targets.keys().map(String::as_str));
        match near {
            Some(near) => format!("did you mean `@/{near}.md`?"),
            None => "link to a file under content/, e.g. `@/briefings/other.md`".to_string(),
        }
    }

    /// Whether a link could name `src` already: as a published file, a draft or a
    /// briefing left out for its date.
    pub fn knows(&self, src: &Source) -> bool {
        keys(&src.rel).iter().any(|k| {
            self.targets.contains_key(k) || self.drafts.contains(k) || self.future.contains(k)
        })
    }

    /// Forgets the file at `rel`, the page at `page`; false if one of its names leads elsewhere
    /// (`briefings/x` is both `x.md` and `x/index.md`), which only a full build sorts out.
    pub fn remove(&mut self, rel: &Path, page: &str) -> bool {
        let keys = keys(rel);
        if keys
            .iter()
            .any(|k| self.targets.get(k).is_none_or(|t| t.page != page))
        {
            return false;
        }
        for k in &keys {
            self.targets.remove(k);
        }
        true
    }

    /// Gives the actors' files the ids `up` moves them to, after an actor was added.
    pub fn actors_moved(&mut self, up: impl Fn(ActorId) -> ActorId) {
        for t in self.targets.values_mut() {
            t.actor = t.actor.map(&up);
        }
    }

    /// Sets the title of the file at `page`, after an edit of its front matter.
    pub fn retitle(&mut self, page: &str, title: &str) {
        for t in self.targets.values_mut().filter(|t| t.page == page) {
            t.title = title.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::config::Config;
    use crate::discover::Section;
    use crate::feeds::testing::source;
    use crate::model::{Cache, Options, Site, build, build_with};

    fn debug(r: &impl std::fmt::Debug) -> String {
        format!("{r:?}")
    }

    fn briefing(stem: &str, title: &str, body: &str) -> crate::discover::Source {
        let text = format!("---\ntitle: {title}\ndate: 2022-03-01\n---\n{body}\n");
        source(Section::Briefing, stem, &text)
    }

    /// `serve` keeps bodies between builds; one that links to a file must follow what
    /// the file became, as a fresh build does.
    #[test]
    fn bodies_linking_to_a_file_follow_its_renames_retitles_and_removal() {
        let linking = briefing("b2", "Two", "See [[briefings/b1]] and [x](b1.md).");
        let steps: Vec<(&str, Vec<crate::discover::Source>)> = vec![
            (
                "start",
                vec![briefing("b1", "One", "Body."), linking.clone()],
            ),
            (
                "retitled",
                vec![briefing("b1", "Uno", "Body."), linking.clone()],
            ),
            (
                "renamed",
                vec![briefing("b3", "Uno", "Body."), linking.clone()],
            ),
            (
                "back",
                vec![briefing("b1", "Uno", "Body."), linking.clone()],
            ),
            ("removed", vec![linking.clone()]),
            ("added", vec![briefing("b1", "One", "Body."), linking]),
        ];
        let opts = Options::default();
        let mut cache = Cache::default();
        let body = |s: &Result<Arc<Site>, _>| match s {
            Ok(site) => site
                .briefings
                .iter()
                .map(|b| b.body_html.text().into_owned())
                .collect(),
            Err(_) => Vec::new(),
        };
        for (step, sources) in steps {
            let fresh = build(Config::default(), &sources, &opts);
            cache.touched(crate::model::Touched::Sources);
            let kept = build_with(Config::default(), &sources, &opts, &mut cache);
            assert_eq!(debug(&kept), debug(&fresh.map(Arc::new)), "{step}");
            let shown = body(&kept).join("");
            match step {
                "start" | "added" => assert!(shown.contains(">One</a>"), "{step}: {shown}"),
                "retitled" | "back" => assert!(shown.contains(">Uno</a>"), "{step}: {shown}"),
                _ => assert!(kept.is_err(), "{step}: {shown}"),
            }
        }
    }
}
