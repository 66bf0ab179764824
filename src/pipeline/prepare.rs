//! The pipeline as `serve` runs it: the site read and checked once, then each page
//! rendered when a browser asks for it, and what one build leaves for the next.

use std::collections::HashSet;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use super::layout::Layout;
use super::{BuildOptions, Failure, Inputs, Phases, asset_clashes, extras, extras_may_own, inputs};
use crate::config::Config;
use crate::diag::{self, Diagnostic};
use crate::discover;
use crate::links;
use crate::model::{self, Site};
use crate::render::{OutputFile, Renderer};
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
    /// The cache of a build that no other follows (see [`model::Cache::once`]), with
    /// the bodies of an earlier build (see [`model::stored`]).
    pub(super) fn once_keeping(
        kept: model::stored::Kept,
        keeper: Option<model::stored::Keeper>,
    ) -> Cache {
        Cache {
            model: model::Cache::once_keeping(kept, keeper),
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
    // The pages gone, with the searchers that find links which may lead to them.
    let checked = (only.as_ref()).map(|(file, gone)| (file, gone, Gone::new(gone)));
    let links = (prepared.editions.sites.iter())
        .flat_map(|s| s.body_links.iter())
        .map(|l| &**l)
        // As bytes: `Path` equality walks components, 2 ms over every link at 10,000
        // briefings.
        .filter(|l| {
            checked.as_ref().is_none_or(|(file, gone, searched)| {
                l.file.as_os_str() == file.as_os_str()
                    || (searched.may_lead_to(l)
                        && links::resolve(&l.page, &l.href).is_some_and(|(t, _)| gone.contains(&t)))
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

#[cfg(test)]
mod tests {
    use super::*;

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
