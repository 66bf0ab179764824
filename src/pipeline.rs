//! The build, stage by stage: discover → parse and model → render → write. `check`
//! stops before writing; `serve` reuses the same stages.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use crate::config::{self, Config};
use crate::diag::{self, Diagnostic, Kind};
use crate::discover;
use crate::links;
use crate::model::{self, Site};
use crate::output;
use crate::render::{OutputFile, Plan, Renderer};
use crate::theme;

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strip_html: bool,
    /// Also check the links templates produce and every `#anchor` (slower; `check`).
    pub check_all_links: bool,
}

/// A rendered site, in memory, with the figures for the summary line.
pub struct Built {
    pub site: Site,
    pub files: Vec<OutputFile>,
    pub assets: Vec<discover::Asset>,
}

/// Why a build failed: content or template problems (exit 1), or I/O (exit 2).
#[derive(Debug)]
pub enum Failure {
    Content(Vec<Diagnostic>),
    Io(String),
}

/// Reads and validates the site, then renders it; writes nothing.
pub fn render(opts: &BuildOptions) -> Result<Built, Failure> {
    let run = run(opts, None)?;
    Ok(Built {
        site: run.site,
        files: run.files,
        assets: run.assets,
    })
}

/// What a run of the pipeline produced.
struct Run {
    site: Site,
    /// The rendered files, unless they went to a stage.
    files: Vec<OutputFile>,
    /// Paths of every rendered file, wherever it went.
    paths: Vec<String>,
    assets: Vec<discover::Asset>,
}

/// What `serve` keeps between builds of one site, so that a save costs the work of
/// what changed: the files found, per-file model work, the compiled templates.
#[derive(Default)]
pub struct Cache {
    found: Option<discover::Found>,
    model: model::Cache,
    theme: Option<(Vec<theme::Template>, Arc<Renderer>)>,
    /// What the last good build was made from.
    good: Option<Good>,
    /// Where the pages of the last good build went.
    layout: Option<Arc<Layout>>,
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
            Some((templates, _)) => templates.clone(),
            None => Vec::new(),
        };
        let Some(good) = &self.good else {
            self.good = Some(Good {
                found: found.clone(),
                config: site.config.clone(),
                templates,
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
                    .zip(&templates)
                    .all(|(a, b)| a == b || (a.name == b.name && a.name.ends_with(".css"))),
        };
        if change.any {
            self.good = Some(Good {
                found: found.clone(),
                config: site.config.clone(),
                templates,
                renderer: Arc::clone(renderer),
            });
        }
        change
    }
}

/// A site read and checked, ready to render.
struct Inputs {
    site: Site,
    renderer: Arc<Renderer>,
    /// Files copied as they are, co-located ones included.
    assets: Vec<discover::Asset>,
}

/// Discovers, parses and validates the site and compiles its templates, reusing what
/// `cache` holds; `changed` (absolute paths) is what changed since the cache was filled,
/// empty for "anything may have".
fn inputs(opts: &BuildOptions, cache: &mut Cache, changed: &[PathBuf]) -> Result<Inputs, Failure> {
    let root = &opts.root;
    if !root.join("content").is_dir() {
        return Err(Failure::Io(format!(
            "no content/ folder in {}: is this a briefing site? (`briefing new DIR` makes one)",
            root.display()
        )));
    }
    let mut diags = Vec::new();
    let config = load_config(root, opts.base_url.as_deref()).unwrap_or_else(|ds| {
        diags.extend(ds);
        Config::default()
    });
    let phase = Phases::start();
    let refreshed = match &mut cache.found {
        Some(found) => !changed.is_empty() && discover::refresh(root, found, changed),
        None => false,
    };
    if !refreshed {
        cache.found = Some(discover::discover(root));
    }
    let found = cache.found.get_or_insert_default();
    phase.done("discover");
    diags.extend(found.diagnostics.iter().cloned());
    let model_opts = model::Options {
        drafts: opts.drafts,
        strip_html: opts.strip_html,
        archives: crate::verify::Archives::in_dir(root.join("content")),
    };
    let markdown_only = !changed.is_empty()
        && changed.iter().all(|p| {
            p.starts_with(root.join("content")) && p.extension().is_some_and(|e| e == "md")
        });
    cache.model.sources_only(markdown_only);
    let site = model::build_with(config, &found.sources, &model_opts, &mut cache.model);
    phase.done("model");
    let renderer = theme::load(root).and_then(|templates| match &cache.theme {
        Some((kept, renderer)) if *kept == templates => Ok(Arc::clone(renderer)),
        _ => {
            let renderer = Arc::new(Renderer::new(templates.clone())?);
            cache.theme = Some((templates, Arc::clone(&renderer)));
            Ok(renderer)
        }
    });
    phase.done("theme");
    let (site, renderer) = match (site, renderer) {
        (Ok(site), Ok(r)) if diags.is_empty() => (site, r),
        (site, r) => {
            diags.extend(site.err().unwrap_or_default());
            diags.extend(r.err().unwrap_or_default());
            diag::sort(&mut diags);
            return Err(Failure::Content(diags));
        }
    };
    let mut assets = found.assets.clone();
    assets.extend(links::colocated(&site, &assets));
    Ok(Inputs {
        site,
        renderer,
        assets,
    })
}

/// The pipeline. With a `stage`, every file is written there as soon as it is
/// rendered and only its path is kept; without, files are kept in memory.
fn run(opts: &BuildOptions, stage: Option<&output::Stage>) -> Result<Run, Failure> {
    let Inputs {
        site,
        renderer,
        assets,
    } = inputs(opts, &mut Cache::default(), &[])?;
    let phase = Phases::start();
    let io_error: std::sync::Mutex<Option<output::WriteError>> = Default::default();
    // Each file either goes to the stage (keeping its path) or stays in memory.
    let emit = |f: OutputFile| -> Option<(String, Option<OutputFile>)> {
        match stage {
            Some(stage) => {
                if let Err(e) = stage.write(&f) {
                    if let Ok(mut slot) = io_error.lock() {
                        slot.get_or_insert(e);
                    }
                }
                Some((f.path, None))
            }
            None => Some((f.path.clone(), Some(f))),
        }
    };
    let mut emitted = renderer
        .render_into(&site, emit)
        .map_err(Failure::Content)?;
    emitted.extend(extras(&site).into_iter().filter_map(emit));
    phase.done("render");
    let clashes = asset_clashes(&assets, emitted.iter().map(|(p, _)| p.as_str()));
    if !clashes.is_empty() {
        return Err(Failure::Content(clashes));
    }
    if let Some(stage) = stage {
        for a in &assets {
            if let Err(e) = stage.copy(a) {
                return Err(Failure::Io(e.to_string()));
            }
        }
    }
    if let Some(e) = io_error.into_inner().ok().flatten() {
        return Err(Failure::Io(e.to_string()));
    }
    let (paths, files): (Vec<String>, Vec<Option<OutputFile>>) = emitted.into_iter().unzip();
    let files: Vec<OutputFile> = files.into_iter().flatten().collect();
    let problems = {
        let index = if stage.is_some() {
            links::Index::of_paths(paths.iter().map(String::as_str), &assets)
        } else {
            links::Index::new(&files, &assets, opts.check_all_links)
        };
        let mut problems = links::check_bodies(&site, &index);
        if opts.check_all_links {
            problems.extend(links::check_pages(&site, &files, &index));
        }
        problems
    };
    phase.done("links");
    if !problems.is_empty() {
        let mut problems = problems;
        diag::sort(&mut problems);
        return Err(Failure::Content(problems));
    }
    Ok(Run {
        site,
        files,
        paths,
        assets,
    })
}

/// A site read and checked as a build checks it, whose files are rendered only when
/// asked for: what `serve` holds. Rendering every page of a large site takes seconds;
/// a browser looks at a few.
pub struct Prepared {
    pub site: Site,
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
        &self.layout.paths[i]
    }

    /// The page at `path` (`actors/x/index.html`).
    pub fn page_at(&self, path: &str) -> Option<usize> {
        self.layout.by_path.get(path).copied()
    }

    pub fn render(&self, i: usize) -> Result<OutputFile, Diagnostic> {
        let catalog = crate::views::Catalog::new(&self.site);
        let plan = &self.layout.plan;
        self.renderer.render_job(&catalog, plan, &plan.jobs[i])
    }

    /// The site-wide files: feeds, data exports, the search index.
    pub fn extras(&self) -> &[OutputFile] {
        self.extras.get_or_init(|| extras(&self.site))
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
    } = inputs(opts, cache, changed)?;
    let phase = Phases::start();
    // After a patch the pages are where they were, and only the patched file's links
    // can have changed; the previous good build checked the rest.
    let kept = cache.layout.take();
    let patched = cache.model.patched().map(Path::to_path_buf);
    let (layout, only) = match (kept, patched) {
        (Some(layout), Some(file)) => (layout, Some(file)),
        _ => (Arc::new(Layout::new(&site)), None),
    };
    let prepared = Prepared {
        site,
        renderer,
        layout,
        assets,
        extras: OnceLock::new(),
        change: Change::default(),
    };
    // The checks of a build that need no page rendered. The site-wide files are made
    // only when a file or link could be one of them.
    let pages = || prepared.layout.paths.iter().map(String::as_str);
    let extra_paths = |needed: bool| {
        let files = if needed { prepared.extras() } else { &[] };
        files.iter().map(|f| f.path.as_str())
    };
    if only.is_none() {
        let near_extras = prepared
            .assets
            .iter()
            .any(|a| a.rel.to_str().is_some_and(extras_may_own));
        let clashes = asset_clashes(&prepared.assets, pages().chain(extra_paths(near_extras)));
        if !clashes.is_empty() {
            return Err(Failure::Content(clashes));
        }
    }
    let links = prepared
        .site
        .body_links
        .iter()
        .map(|l| &**l)
        .filter(|l| only.as_ref().is_none_or(|f| l.file == *f));
    let index =
        |all: bool| links::Index::of_paths(pages().chain(extra_paths(all)), &prepared.assets);
    let mut problems = links::check_body_links(links.clone(), &index(false));
    if !problems.is_empty() {
        problems = links::check_body_links(links, &index(true));
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

/// Where each page of a site goes.
struct Layout {
    plan: Plan,
    /// The path of each page of the plan, and the page at each path.
    paths: Vec<String>,
    by_path: HashMap<String, usize>,
}

impl Layout {
    fn new(site: &Site) -> Layout {
        let plan = Plan::new(site);
        let paths: Vec<String> = plan.jobs.iter().map(|j| j.path(site)).collect();
        let by_path = paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), i))
            .collect();
        Layout {
            plan,
            paths,
            by_path,
        }
    }
}

/// Feeds, data exports and the search index.
fn extras(site: &Site) -> Vec<OutputFile> {
    let (feeds, (export, search)) = rayon::join(
        || crate::feeds::files(site),
        || rayon::join(|| crate::export::files(site), || crate::search::files(site)),
    );
    feeds.into_iter().chain(export).chain(search).collect()
}

/// Whether `path` could be one of the site-wide files of [`extras`]: those are told
/// apart from pages and copied files without making them.
pub fn extras_may_own(path: &str) -> bool {
    path.ends_with(".xml")
        || path == "robots.txt"
        || path.starts_with("data/")
        || (path.starts_with("search/") && path != "search/index.html")
}

/// Files in `content/` that would land on a page the site generates (a stray
/// `content/briefings/x/index.html`, a `content/style.css`): an error rather than one
/// silently replacing the other.
fn asset_clashes<'a>(
    assets: &[discover::Asset],
    generated: impl Iterator<Item = &'a str>,
) -> Vec<Diagnostic> {
    let generated: std::collections::HashSet<&str> = generated.collect();
    assets
        .iter()
        .filter_map(|a| {
            let rel = a.rel.to_str()?.replace('\\', "/");
            generated.contains(rel.as_str()).then(|| {
                Diagnostic::new(
                    Kind::DuplicateSlug,
                    std::path::Path::new("content").join(&a.rel),
                    format!("this file would replace the page the site generates at `{rel}`"),
                )
                .hint("rename or move it; generated pages cannot be overridden from content/ (templates can change them)")
            })
        })
        .collect()
}

/// Refuses an output folder that would replace or feed the site's own sources: the
/// swap at the end of a build moves the old output away and deletes it.
fn check_out(root: &Path, out: &Path) -> Result<(), Failure> {
    let full = |p: &Path| {
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        // Resolve what exists (symlinks, `..`), keep the rest as written.
        let mut existing = abs.as_path();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => break,
            }
        }
        let mut resolved = existing
            .canonicalize()
            .unwrap_or_else(|_| existing.to_path_buf());
        resolved.extend(rest.iter().rev());
        resolved
    };
    let (root, out) = (full(root), full(out));
    let inside = |dir: &str| out.starts_with(root.join(dir));
    if root.starts_with(&out) || inside("content") || inside("templates") {
        return Err(Failure::Io(format!(
            "refusing to build into {}: it holds the site's own sources (use a folder such as {})",
            out.display(),
            root.join("public").display()
        )));
    }
    Ok(())
}

/// Wall time per stage, printed when BRIEFING_TIMINGS is set (for profiling).
pub(crate) struct Phases {
    on: bool,
    last: std::cell::Cell<Instant>,
}

impl Phases {
    pub(crate) fn start() -> Phases {
        Phases {
            on: std::env::var_os("BRIEFING_TIMINGS").is_some(),
            last: std::cell::Cell::new(Instant::now()),
        }
    }

    pub(crate) fn done(&self, stage: &str) {
        if self.on {
            eprintln!("phase {stage} {} ms", self.last.get().elapsed().as_millis());
        }
        self.last.set(Instant::now());
    }
}

fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("site.yaml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(vec![Diagnostic::new(
                Kind::Io,
                "site.yaml",
                format!("cannot read: {e}"),
            )]);
        }
    };
    if let Some(i) = text.as_deref().and_then(|t| t.find(crate::views::ROOT)) {
        let t = text.as_deref().unwrap_or_default();
        return Err(vec![
            Diagnostic::new(
                Kind::Encoding,
                "site.yaml",
                "file contains the private-use character U+E000, which briefing reserves",
            )
            .at(t, crate::diag::Pos::at_byte(t, i, 3)),
        ]);
    }
    let mut config = config::parse(Path::new("site.yaml"), text.as_deref())?;
    if let Some(url) = base_url {
        let url = config::normalize_base_url(url)
            .map_err(|m| vec![Diagnostic::new(Kind::BadValue, "--base-url", m)])?;
        config.base_url = Some(url);
    }
    Ok(config)
}

/// Figures for the summary line.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub briefings: usize,
    pub actors: usize,
    pub quotes: usize,
    pub elapsed: Duration,
    pub has_base_url: bool,
}

/// Builds the site at `opts.root` into `out`.
pub fn build(opts: &BuildOptions, out: &Path) -> Result<Summary, Failure> {
    let start = Instant::now();
    check_out(&opts.root, out)?;
    let stage = output::Stage::create(out).map_err(|e| Failure::Io(e.to_string()))?;
    // On failure the stage is dropped, which removes it: the old output stays.
    let run = run(opts, Some(&stage))?;
    let written = stage.commit().map_err(|e| Failure::Io(e.to_string()))?;
    Ok(Summary {
        pages: run.paths.iter().filter(|p| p.ends_with(".html")).count(),
        files: written.files,
        bytes: written.bytes,
        briefings: run.site.briefings.len(),
        actors: run.site.actors.len(),
        quotes: run.site.quotes.len(),
        elapsed: start.elapsed(),
        has_base_url: run.site.config.base_url.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_site_wide_file_is_recognised_without_being_made() {
        let site = crate::feeds::testing::sample(Some("https://example.org/"));
        let files = extras(&site);
        for kind in ["atom.xml", "sitemap.xml", "robots.txt", "data/", "search/"] {
            assert!(files.iter().any(|f| f.path.contains(kind)), "{kind} made");
        }
        for f in &files {
            assert!(extras_may_own(&f.path), "{}", f.path);
        }
        let plan = Plan::new(&site);
        for job in &plan.jobs {
            let path = job.path(&site);
            assert!(!extras_may_own(&path), "page {path}");
        }
    }
}
