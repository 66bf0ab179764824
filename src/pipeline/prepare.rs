//! The pipeline as `serve` runs it: the site read and checked once, then each page
//! rendered when a browser asks for it, and what one build leaves for the next.

use std::collections::HashSet;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use super::{BuildOptions, Failure, Inputs, Phases, asset_clashes, extras, extras_may_own, inputs};
use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::discover;
use crate::links;
use crate::model::{self, Site};
use crate::render::{OutputFile, Plan, Renderer};
use crate::theme;

/// What `serve` keeps between builds of one site, so that a save costs the work of
/// what changed: the files found, per-file model work, the compiled templates.
#[derive(Default)]
pub struct Cache {
    pub(super) found: Option<discover::Found>,
    pub(super) strings: Option<super::Strings>,
    pub(super) model: model::Cache,
    pub(super) theme: Option<(Vec<theme::Template>, Arc<Renderer>)>,
    /// Whether `theme` is what templates/ held at the last build: false after a
    /// failed reading, so that the next build reads it again.
    pub(super) theme_current: bool,
    /// What the last good build was made from.
    good: Option<Good>,
    /// Where the pages of the last good build went.
    layout: Option<Arc<Layout>>,
}

impl Cache {
    /// The cache of a build that no other follows: see [`model::Cache::once`].
    pub(super) fn once() -> Cache {
        Cache {
            model: model::Cache::once(),
            ..Cache::default()
        }
    }
}

struct Good {
    found: discover::Found,
    config: Config,
    templates: Vec<theme::Template>,
    renderer: Arc<Renderer>,
}

/// How the inputs of a good build differ from those of the good build before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Change {
    pub any: bool,
    /// Only stylesheet templates changed: open pages can swap them without reloading.
    pub styles_only: bool,
}

impl Cache {
    /// Records what a good build was made from, and how it differs from what the
    /// previous good build was made from.
    fn settle(&mut self, site: &Site, renderer: &Arc<Renderer>) -> Change {
        let found = self.found.get_or_insert_default();
        let templates = match &self.theme {
            Some((templates, _)) => templates.as_slice(),
            None => &[],
        };
        let Some(good) = &mut self.good else {
            self.good = Some(Good {
                found: found.clone(),
                config: site.config.clone(),
                templates: templates.to_vec(),
                renderer: Arc::clone(renderer),
            });
            return Change {
                any: true,
                styles_only: false,
            };
        };
        let same_content = good.config == site.config && discover::same(&good.found, found);
        let same_theme = Arc::ptr_eq(&good.renderer, renderer);
        let change = Change {
            any: !(same_content && same_theme),
            styles_only: same_content
                && !same_theme
                && good.templates.len() == templates.len()
                && good
                    .templates
                    .iter()
                    .zip(templates)
                    .all(|(a, b)| a == b || (a.name == b.name && a.name.ends_with(".css"))),
        };
        if !same_content {
            discover::sync(&mut good.found, found);
            good.config.clone_from(&site.config);
        }
        if !same_theme {
            good.templates = templates.to_vec();
            good.renderer = Arc::clone(renderer);
        }
        change
    }
}

/// A site read and checked as a build checks it, whose files are rendered only when
/// asked for: what `serve` holds. Rendering every page of a large site takes seconds;
/// a browser looks at a few.
pub struct Prepared {
    pub site: Arc<Site>,
    /// The site in each of its languages, the default (`site`) first.
    editions: Arc<crate::editions::Editions>,
    renderer: Arc<Renderer>,
    layout: Arc<Layout>,
    pub assets: Vec<discover::Asset>,
    /// Feeds, data exports and the search index, made on first request: at 10,000
    /// briefings they take over a second.
    extras: OnceLock<Vec<OutputFile>>,
    /// How what the site is made from differs from the last good build with the same
    /// cache: saving a file unchanged, or breaking and then fixing it, is no change.
    pub change: Change,
}

impl Prepared {
    /// How many pages the site has; pages are numbered from 0.
    pub fn page_count(&self) -> usize {
        self.layout.paths.len()
    }

    /// The output path of page `i`.
    pub fn path(&self, i: usize) -> &str {
        self.layout.paths.get(i).unwrap_or_default()
    }

    /// The page at `path` (`actors/x/index.html`).
    pub fn page_at(&self, path: &str) -> Option<usize> {
        self.layout.page_at(path)
    }

    /// A renderer of pages by number that shares one catalog of views among all the
    /// pages it renders, as a build does: rendering every page with a catalog each would
    /// convert a prolific actor's quotes once per page that shows them.
    pub fn renderer(&self) -> impl Fn(usize) -> Result<OutputFile, Diagnostic> + Sync + '_ {
        let catalogs: Vec<crate::views::Catalog> = (0..self.layout.plans.len())
            .map(|lang| self.catalog(lang))
            .collect();
        let batch = crate::render::Batch::new(crate::render::Stuck::Report);
        move |i| {
            let (lang, job) = self.layout.pages[i];
            let plan = &self.layout.plans[lang];
            self.renderer
                .render_in(&catalogs[lang], plan, &plan.jobs[job], &batch)
        }
    }

    /// The catalog of the site in language `lang` (an index into `editions.sites`).
    fn catalog(&self, lang: usize) -> crate::views::Catalog<'_> {
        let mut catalog = crate::views::Catalog::new(&self.editions.sites[lang]);
        if self.editions.sites.len() > 1 {
            catalog.editions = Some((&self.editions, lang));
        }
        catalog
    }

    /// What the template of page `i` receives, as JSON (`briefing context`); renders
    /// only the components the page's views hold.
    pub fn context(&self, i: usize) -> Result<serde_json::Value, Diagnostic> {
        let (lang, job) = self.layout.pages[i];
        let plan = &self.layout.plans[lang];
        self.renderer
            .context_json(&self.catalog(lang), plan, &plan.jobs[job])
    }

    /// Every page's output path, in plan order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.layout.paths.iter()
    }

    /// The site-wide files: feeds, data exports, the search index, of every language.
    pub fn extras(&self) -> &[OutputFile] {
        self.extras.get_or_init(|| {
            (self.editions.sites.iter())
                .flat_map(|s| {
                    extras(s).into_iter().map(|mut f| {
                        f.path.insert_str(0, &s.config.prefix);
                        f
                    })
                })
                .collect()
        })
    }
}

/// Reads and checks the site as a build does, without rendering it, reusing what
/// `cache` holds from the previous call; `changed` (absolute paths) is what changed
/// since, empty when anything may have.
pub fn prepare(
    opts: &BuildOptions,
    cache: &mut Cache,
    changed: &[PathBuf],
) -> Result<Prepared, Failure> {
    let Inputs {
        site,
        renderer,
        assets,
    } = inputs(opts, cache, changed, None)?;
    let phase = Phases::start();
    // After a patch only the patched file's links can have changed, as long as the
    // pages are where they were; the previous good build checked the rest.
    let kept = cache.layout.take();
    let editions = Arc::new(crate::editions::Editions::of(
        &site,
        crate::render::page_paths,
    ));
    // `added`: the pages an asset may be in the way of, `None` for all of them.
    let (layout, only, added) = match (kept, cache.model.patched()) {
        (Some(kept), Some(p)) if !p.reordered() => {
            let only = (p.file.clone(), HashSet::new());
            (kept, Some(only), Some(vec![]))
        }
        (Some(kept), Some(p)) => {
            let layout = Arc::new(Layout::new(&editions));
            // In any order: a quote added moves its speaker's page among the big
            // pages the plan puts first. Other files' links led to pages of the last
            // build, so they can break only if they lead to one that is gone.
            let (gone, added) = kept.gone_and_added(&layout);
            (
                layout,
                Some((p.file.clone(), gone.into_iter().collect())),
                Some(added),
            )
        }
        _ => (Arc::new(Layout::new(&editions)), None, None),
    };
    let prepared = Prepared {
        site,
        editions,
        renderer,
        layout,
        assets,
        extras: OnceLock::new(),
        change: Change::default(),
    };
    // The checks of a build that need no page rendered. The site-wide files are made
    // only when a file or link could be one of them.
    let pages = || prepared.layout.paths.iter();
    let extra_paths = |needed: bool| {
        let files = if needed { prepared.extras() } else { &[] };
        files.iter().map(|f| f.path.as_str())
    };
    let near_extras = (prepared.assets.iter()).any(|a| a.rel.to_str().is_some_and(extras_may_own));
    let clashes = match &added {
        Some(added) if !near_extras => {
            asset_clashes(&prepared.assets, added.iter().map(String::as_str))
        }
        _ => asset_clashes(&prepared.assets, pages().chain(extra_paths(near_extras))),
    };
    if !clashes.is_empty() {
        return Err(Failure::Content(clashes));
    }
    let searched = only.as_ref().map(|(_, gone)| Gone::new(gone));
    let links = (prepared.editions.sites.iter())
        .flat_map(|s| s.body_links.iter())
        .map(|l| &**l)
        // As bytes: `Path` equality walks components, 2 ms over every link at 10,000
        // briefings.
        .filter(|l| {
            only.as_ref()
                .zip(searched.as_ref())
                .is_none_or(|((file, gone), searched)| {
                    l.file.as_os_str() == file.as_os_str()
                        || (searched.may_lead_to(l)
                            && links::resolve(&l.page, &l.href)
                                .is_some_and(|(t, _)| gone.contains(&t)))
                })
        });
    let index = |all: bool| {
        links::Index::of_paths(pages().chain(extra_paths(all)), &prepared.assets)
            .left_out(&prepared.site)
    };
    let links: Vec<&crate::model::BodyLink> = links.collect();
    // Most saves leave no link to check but the saved file's, if it has any: the
    // index of every page is made only for those there are.
    let mut problems = Vec::new();
    if !links.is_empty() {
        problems = links::check_body_links(links.iter().copied(), &index(false));
    }
    if !problems.is_empty() {
        problems = links::check_body_links(links, &index(true));
    }
    // The menu may lead to a site-wide file (`data/quotes.csv`): those are made only
    // when it does not lead to a page. After a patch, it can break only if it changed
    // or leads to a page that is gone.
    let menu_changed = cache.model.patched().is_some_and(|p| p.menu);
    let menu_may_break = menu_changed
        || only.as_ref().is_none_or(|(_, gone)| {
            let menu = prepared.site.config.menu.iter().flatten();
            let path = |e: &crate::config::MenuEntry| links::resolve("index.html", &e.site_path()?);
            menu.filter_map(path)
                .any(|(target, _)| gone.contains(&target))
        });
    if menu_may_break && !links::check_menu(&prepared.site, &index(false)).is_empty() {
        problems.extend(links::check_menu(&prepared.site, &index(true)));
    }
    phase.done("checks");
    if !problems.is_empty() {
        diag::sort(&mut problems);
        return Err(Failure::Content(problems));
    }
    let mut prepared = prepared;
    prepared.change = cache.settle(&prepared.site, &prepared.renderer);
    cache.layout = Some(Arc::clone(&prepared.layout));
    phase.done("settle");
    Ok(prepared)
}

/// The pages gone since the last build, as [`Gone::may_lead_to`] looks for them.
struct Gone<'a> {
    /// Each page's folder, and a searcher for its last name.
    pages: Vec<(&'a str, memchr::memmem::Finder<'a>)>,
}

impl<'a> Gone<'a> {
    fn new(gone: &'a HashSet<String>) -> Gone<'a> {
        let pages = (gone.iter())
            .map(|g| {
                let dir = g.strip_suffix("index.html").unwrap_or(g);
                let name = dir.trim_end_matches('/').rsplit('/').next().unwrap_or(dir);
                (dir, memchr::memmem::Finder::new(name))
            })
            .collect();
        Gone { pages }
    }

    /// Whether link `l` may lead to one of the pages, told without resolving it (6 ms
    /// over every link at 10,000 briefings): its address names the folder or file of
    /// one, or its page is in the folder of one (`../` leads there). The searchers are
    /// made once, not for every link (`str::contains`): a tenth of a rename's rebuild.
    fn may_lead_to(&self, l: &crate::model::BodyLink) -> bool {
        (self.pages.iter())
            .any(|(dir, name)| name.find(l.href.as_bytes()).is_some() || l.page.starts_with(dir))
    }
}

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
/// rebuild thread had not used yet, were a fifth of a rename's rebuild in `serve`.
#[derive(Default)]
struct Paths {
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

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        self.text.get(start..end)
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// Where each page of a site goes, in every language.
struct Layout {
    /// The plan of each language, the default first.
    plans: Vec<Plan>,
    /// Each page: its language and its job in that language's plan.
    pages: Vec<(usize, usize)>,
    /// The path of each page, and the page at each path.
    paths: Paths,
    by_path: PathIndex,
}

impl Layout {
    fn page_at(&self, path: &str) -> Option<usize> {
        self.by_path.find(&self.paths, path)
    }

    /// The paths of this layout that `now` has not, and those of `now` this one has
    /// not. Mostly the same pages in the same order, with a few in or out: walked side
    /// by side, a path looked up only where the two differ (4 ms saved of a save that
    /// adds a briefing at 10,000 briefings).
    fn gone_and_added(&self, now: &Layout) -> (Vec<String>, Vec<String>) {
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

    fn new(editions: &crate::editions::Editions) -> Layout {
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
    fn a_link_may_lead_to_a_page_gone_if_it_names_its_folder_or_leaves_from_it() {
        let gone: HashSet<String> = ["briefings/old-name/index.html".to_string()].into();
        let gone = Gone::new(&gone);
        let link = |page: &str, href: &str| crate::model::BodyLink {
            file: PathBuf::from("content/briefings/a.md"),
            page: page.to_string(),
            url: String::new(),
            href: href.to_string(),
            pos: crate::diag::Pos {
                line: 1,
                col: 1,
                len: 1,
            },
            line: String::new(),
            line_from: 0,
        };
        let from_a = "briefings/a/index.html";
        assert!(gone.may_lead_to(&link(from_a, "../../briefings/old-name/index.html")));
        assert!(gone.may_lead_to(&link(from_a, "../old-name/")));
        assert!(gone.may_lead_to(&link("briefings/old-name/index.html", "map.png")));
        assert!(!gone.may_lead_to(&link(from_a, "../../briefings/new-name/index.html")));
        assert!(!gone.may_lead_to(&link(from_a, "#sources")));
        assert!(!Gone::new(&HashSet::new()).may_lead_to(&link(from_a, "../old-name/")));
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

    fn briefing(title: &str, body: &str) -> String {
        format!("---\ntitle: {title}\ndate: 2022-03-01\n---\n{body}\n")
    }

    /// Deleting a briefing is patched into the last site; the links and the menu that
    /// led to it are checked again, and nothing else needs to be.
    #[test]
    fn after_a_briefing_is_deleted_the_links_and_the_menu_leading_to_it_break() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let briefings = root.join("content/briefings");
        std::fs::create_dir_all(&briefings).expect("mkdir");
        let menu = "title: T\nmenu:\n  - {title: One, url: briefings/one/}\n";
        std::fs::write(root.join("site.yaml"), menu).expect("write");
        let files = [
            ("one", briefing("One", "Body.")),
            ("two", briefing("Two", "See [three](/briefings/three/).")),
            ("three", briefing("Three", "Body.")),
            ("four", briefing("Four", "Body.")),
        ];
        let path = |stem: &str| briefings.join(format!("{stem}.md"));
        for (stem, text) in &files {
            std::fs::write(path(stem), text).expect("write");
        }
        let opts = BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let mut cache = Cache::default();
        prepare(&opts, &mut cache, &[])
            .map_err(|_| "builds")
            .unwrap();
        let messages = |r: Result<Prepared, Failure>| match r {
            Ok(_) => Vec::new(),
            Err(Failure::Content(diags)) => (diags.iter())
                .map(|d| format!("{}: {}", d.path.display(), d.message))
                .collect(),
            Err(Failure::Io(e)) => vec![e],
        };
        // (step, file deleted or written again, what the build reports)
        let steps: [(&str, usize, bool, &[&str]); 6] = [
            ("delete one nothing leads to", 3, true, &[]),
            (
                "delete one a link leads to",
                2,
                true,
                &[
                    "content/briefings/two.md: broken link `/briefings/three/`: no page or file `briefings/three/index.html` in the site",
                ],
            ),
            ("write it again", 2, false, &[]),
            (
                "delete the one the menu leads to",
                0,
                true,
                &[
                    "site.yaml: broken menu link `briefings/one/index.html`: no page or file `briefings/one/index.html` in the site",
                ],
            ),
            ("write that again", 0, false, &[]),
            ("write the first deleted again", 3, false, &[]),
        ];
        for (step, i, delete, expected) in steps {
            let (stem, text) = &files[i];
            match delete {
                true => std::fs::remove_file(path(stem)).expect("delete"),
                false => std::fs::write(path(stem), text).expect("write"),
            }
            let got = messages(prepare(&opts, &mut cache, &[path(stem)]));
            assert_eq!(got, expected, "{step}");
            assert!(cache.model.patched().is_some(), "{step}: patched");
        }
    }

    /// A strings file is read into the settings alone: its edit is patched into the last
    /// site, and the pages show the new words.
    #[test]
    fn a_strings_file_edit_is_patched_and_shown() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let briefings = root.join("content/briefings");
        std::fs::create_dir_all(&briefings).expect("mkdir");
        std::fs::create_dir_all(root.join("i18n")).expect("mkdir");
        std::fs::write(root.join("site.yaml"), "title: T\n").expect("write");
        std::fs::write(briefings.join("one.md"), briefing("One", "Body.")).expect("write");
        let strings = root.join("i18n/en.yaml");
        std::fs::write(&strings, "latest_briefings: Front page\n").expect("write");
        let opts = BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let mut cache = Cache::default();
        let home = |p: &Prepared| {
            let i = p.page_at("index.html").expect("a home page");
            String::from_utf8(p.renderer()(i).expect("renders").bytes).expect("UTF-8")
        };
        let first = prepare(&opts, &mut cache, &[])
            .map_err(|_| "builds")
            .unwrap();
        assert!(home(&first).contains("Front page"));
        std::fs::write(&strings, "latest_briefings: Start page\n").expect("write");
        let next = prepare(&opts, &mut cache, std::slice::from_ref(&strings))
            .map_err(|_| "builds")
            .unwrap();
        assert!(cache.model.patched().is_some(), "patched");
        let page = home(&next);
        assert!(page.contains("Start page") && !page.contains("Front page"));
    }
}
