//! The build, stage by stage: discover → parse and model → render → write. `check`
//! stops before writing; `serve` reuses the same stages.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::{self, Config};
use crate::diag::{self, Diagnostic, Kind};
use crate::discover;
use crate::links;
use crate::model::{self, Site};
use crate::outline::Outline;
use crate::output;
use crate::panics;
use crate::record::{self, Record};
use crate::render::{Made, OutputFile, Renderer};
use crate::theme;

mod bodies_only;
mod folder;
mod layout;
mod pictures;
mod prepare;
mod settings;
mod sink;
mod site_wide;
use bodies_only::BodiesOnly;
pub use folder::{Summary, build};
pub use prepare::{Cache, Change, Prepared, prepare};
pub(crate) use settings::Strings;
use settings::load_config;
use sink::{Sink, asset_clashes, copy_assets};
pub use site_wide::extras_may_own;
use site_wide::{extras, extras_into, extras_show_no_body};

/// What the command line asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub strip_html: bool,
    /// Also check the links templates produce and every `#anchor` (slower; `check`).
    pub check_all_links: bool,
    /// Replace the output folder even if `briefing` did not write it (`--force`).
    pub force: bool,
    /// Keep briefings dated after today (`--future`).
    pub future: bool,
    /// Build everything and replace the output whole, ignoring the last build's record
    /// (`--clean`).
    pub clean: bool,
    /// The day builds take as today, deciding what is future-dated; `None` reads the
    /// clock (UTC) at each build. Set for tests (`BRIEFING_NOW`).
    pub today: Option<crate::dates::Day>,
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
    let read = rayon::scope(|_| read_caught(opts, true, None))?;
    let run = run(opts, Target::Memory, read)?;
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
    /// The templates' fingerprint (see [`Renderer::fingerprint`]).
    renderer: crate::fingerprint::Fingerprint,
    /// The site's, for the record; `None` for a site kept in memory.
    outline: Option<Outline>,
    /// Whether the site was the last build's but for bodies (see [`Summary`]).
    bodies_only: bool,
    /// The bodies it used, to keep for the next build once this one succeeded.
    keeper: Option<model::stored::Keeper>,
    /// Whether the bodies the last build kept did not add up (see [`Summary`]).
    bodies_damaged: bool,
    /// See [`Summary::known`].
    known: usize,
    /// What the last build kept, let go of once this build is done (see [`Read`]).
    kept: model::stored::Kept,
}

/// A site read and checked, ready to render.
struct Inputs {
    site: Arc<Site>,
    renderer: Arc<Renderer>,
    /// Files copied as they are, co-located ones included.
    assets: Vec<discover::Asset>,
}

/// Discovers, parses and validates the site and compiles its templates, reusing what
/// `cache` holds; `changed` (absolute paths) is what changed since the cache was filled,
/// empty for "anything may have".
fn inputs(
    opts: &BuildOptions,
    cache: &mut Cache,
    changed: &[PathBuf],
    spill: Option<Arc<crate::spill::Spill>>,
) -> Result<Inputs, Failure> {
    let root = &opts.root;
    if !root.join("content").is_dir() {
        return Err(Failure::Io(format!(
            "no content/ folder in {}: is this a briefing site? (`briefing new DIR` makes one)",
            root.display()
        )));
    }
    let mut diags = Vec::new();
    let config =
        load_config(root, opts.base_url.as_deref(), &mut cache.strings).unwrap_or_else(|ds| {
            diags.extend(ds);
            Config::default()
        });
    let phase = Phases::start();
    let refreshed = match &mut cache.found {
        Some(found) => !changed.is_empty() && discover::refresh(root, found, changed),
        None => false,
    };
    if !refreshed {
        let lean = |sources: &[discover::Source]| cache.model.reads_once(&config, sources);
        let known = |path: &Path, stat: &discover::Stat| cache.model.known(path, stat);
        let known: Option<discover::Known> = cache.model.keeps().then_some(&known);
        cache.found = Some(discover::discover_lean(root, lean, known));
    }
    let found = cache.found.get_or_insert_default();
    phase.done("discover");
    diags.extend(found.diagnostics.iter().cloned());
    let model_opts = model::Options {
        drafts: opts.drafts,
        publish_until: (!opts.future).then(|| opts.today.unwrap_or_else(today_utc)),
        strip_html: opts.strip_html,
        archives: crate::verify::Archives::in_dir(root.join("content")),
        content: Some(root.join("content")),
        spill,
    };
    cache.model.touched(touched(root, changed));
    let site = panics::catching(Path::new("content"), || {
        model::build_with(config, &found.sources, &model_opts, &mut cache.model)
    })
    .unwrap_or_else(|crash| {
        // What the crashed build left in the cache is not to be trusted.
        cache.model = model::Cache::default();
        Err(vec![crash])
    });
    // The strings files' warnings join the model's, once (a site patched in `serve`
    // keeps those of the build before).
    let site = site.map(|mut site| {
        let fresh: Vec<&Diagnostic> = (site.config.locales.warnings.iter())
            .filter(|w| !site.warnings.contains(w))
            .collect();
        if !fresh.is_empty() {
            let fresh: Vec<Diagnostic> = fresh.into_iter().cloned().collect();
            let s = Arc::make_mut(&mut site);
            s.warnings.extend(fresh);
            diag::sort(&mut s.warnings);
        }
        site
    });
    phase.done("model");
    // The theme is read again only if something under templates/ changed or the last
    // reading failed: saving a briefing should not reread and compare every template.
    let theme_may_differ = changed.is_empty()
        || !cache.theme_current
        || changed
            .iter()
            .any(|p| p.starts_with(root.join("templates")));
    let renderer = match &cache.theme {
        Some((_, renderer)) if !theme_may_differ => Ok(Arc::clone(renderer)),
        _ => theme::load(root).and_then(|templates| match &cache.theme {
            Some((kept, renderer)) if *kept == templates => Ok(Arc::clone(renderer)),
            _ => {
                // Tera is young: should compiling some template crash it, say so.
                let compiled =
                    panics::catching(Path::new("templates"), || Renderer::new(templates.clone()))
                        .map_err(|crash| vec![crash])?;
                let renderer = Arc::new(compiled?);
                cache.theme = Some((templates, Arc::clone(&renderer)));
                Ok(renderer)
            }
        }),
    };
    cache.theme_current = renderer.is_ok();
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
    let mut problems = pictures::publish(root, &site, &mut assets);
    phase.done("pictures");
    if !problems.is_empty() {
        diag::sort(&mut problems);
        return Err(Failure::Content(problems));
    }
    Ok(Inputs {
        site,
        renderer,
        assets,
    })
}

/// What `changed` (absolute paths, empty for "anything may have") can have changed of
/// what the model is made from. The model reads no template.
fn touched(root: &Path, changed: &[PathBuf]) -> model::Touched {
    let templates = root.join("templates");
    let read: Vec<&PathBuf> = (changed.iter())
        .filter(|p| !p.starts_with(&templates))
        .collect();
    let content = root.join("content");
    let settings = root.join("site.yaml");
    // The strings files are read into the settings (`Config::locales`) alone.
    let strings = root.join("i18n");
    let markdown = |p: &Path| {
        p.starts_with(&content) && p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
    };
    if changed.is_empty() {
        model::Touched::Anything
    } else if read.is_empty() {
        model::Touched::Nothing
    } else if read.iter().all(|p| markdown(p)) {
        model::Touched::Sources
    } else if read
        .iter()
        .all(|p| **p == settings || p.starts_with(&strings))
    {
        model::Touched::Config
    } else {
        model::Touched::Anything
    }
}

/// Where a run puts the files it makes.
#[derive(Clone, Copy)]
enum Target<'a> {
    /// Kept in memory (`check`).
    Memory,
    /// Written to a staging folder as soon as made, only their paths kept.
    Stage(&'a output::Stage),
    /// The output folder brought up to date in place: pages made from the same inputs
    /// as in the last build are not rendered, files with the same bytes not written.
    Update(&'a output::Update<'a>),
}

/// The pipeline, making the site's files and handing them to `target`.
///
/// It runs on a thread of rayon's pool rather than the caller's, which then only
/// waits: the memory the model stage frees can be reused by the pages that thread
/// renders, instead of staying with a thread that renders nothing while the pool asks
/// the kernel for fresh pages (which it zeroes, at a cost this machine's profiles show
/// well). A 10,000-briefing build went from 3.5 to 3.2 s (median of 7, into /dev/shm).
///
/// `read`: the site as [`read_once`] read it.
fn run(opts: &BuildOptions, target: Target, read: Read) -> Result<Run, Failure> {
    rayon::scope(|_| {
        panics::catching(Path::new("(build)"), || run_here(opts, target, read))
            .unwrap_or_else(|crash| Err(Failure::Content(vec![crash])))
    })
}

/// [`read_once`], a panic in it reported as the build's failure; to be called on a
/// thread of rayon's pool (see [`run`]).
fn read_caught(
    opts: &BuildOptions,
    in_memory: bool,
    bodies: Option<&Path>,
) -> Result<Read, Failure> {
    panics::catching(Path::new("(build)"), || read_once(opts, in_memory, bodies))
        .unwrap_or_else(|crash| Err(Failure::Content(vec![crash])))
}

/// What a build read, with where its bodies went and how the last build's were found.
struct Read {
    inputs: Inputs,
    spill: Option<Arc<crate::spill::Spill>>,
    keeper: Option<model::stored::Keeper>,
    bodies_damaged: bool,
    known: usize,
    /// What the last build kept, all of it in the site by now. Unmapping its files took
    /// some 7 ms of one core after a one-line edit at 10,000 briefings; let go of with
    /// the site once the build is done, it costs the build nothing.
    kept: model::stored::Kept,
}

/// [`inputs`] for a build that no other follows, with the bodies the last build into
/// the same output kept at `bodies` (and this build's to be kept there; see
/// [`model::stored`]), and a spill to keep this build's bodies in unless the pages are
/// kept `in_memory`: the site is read before the build knows where its pages go.
fn read_once(opts: &BuildOptions, in_memory: bool, bodies: Option<&Path>) -> Result<Read, Failure> {
    // A build that writes its pages as it makes them keeps bodies off the heap until
    // then; one that keeps its pages in memory would gain nothing. Where no file can be
    // made beside the site (a read-only checkout), bodies stay on the heap. The file
    // is named when the bodies are to be kept in it for the next build.
    let dir = opts.root.join(crate::images::FOLDER);
    if bodies.is_some() {
        model::stored::clear_unfinished(&dir);
    }
    let spill = match (in_memory, bodies) {
        (true, _) => None,
        (false, Some(_)) => crate::spill::Spill::named_in(&dir, model::stored::UNFINISHED).ok(),
        (false, None) => crate::spill::Spill::new_in(&dir).ok(),
    };
    let kept = match bodies {
        Some(path) if !opts.clean => model::stored::load(path),
        _ => Default::default(),
    };
    let base = kept.base_for_next();
    let keeper = (bodies.and(spill.clone()))
        .and_then(|spill| model::stored::Keeper::new(spill, &dir, base).ok());
    let mut cache = Cache::once_keeping(kept, keeper);
    let inputs = inputs(opts, &mut cache, &[], spill.clone());
    let keeper = cache.model.take_keeper();
    let bodies_damaged = cache.model.kept_damaged();
    let known = (cache.found.iter().flat_map(|f| &f.sources))
        .filter(|s| s.seen.is_some_and(|seen| seen.print.is_some()))
        .count();
    let kept = cache.model.take_kept();
    drop(cache);
    Ok(Read {
        inputs: inputs?,
        spill,
        keeper,
        bodies_damaged,
        known,
        kept,
    })
}

fn run_here(opts: &BuildOptions, target: Target, read: Read) -> Result<Run, Failure> {
    let Read {
        inputs: Inputs {
            site,
            renderer,
            assets,
        },
        spill,
        keeper,
        bodies_damaged,
        known,
        kept,
    } = read;
    let phase = Phases::start();
    // What the record of this build will say the site was; with the last build's
    // outline and templates, only pages showing bodies may differ from its files.
    let outline = (!matches!(target, Target::Memory)).then(|| Outline::of(&site));
    let bodies_only = match (target, &outline) {
        (Target::Update(update), Some(outline)) => {
            BodiesOnly::of(update.last(), outline, &site, renderer.fingerprint())
        }
        _ => None,
    };
    phase.done("outline");
    let sink = Sink::new(target);
    let empty = crate::record::Record::default();
    let reuse: Option<&dyn crate::render::Reuse> = match target {
        Target::Memory => None,
        // Fingerprinted all the same, for the next build.
        Target::Stage(_) => Some(&empty),
        Target::Update(update) => match &bodies_only {
            Some(bodies) => Some(bodies),
            None => Some(update.last()),
        },
    };
    // The site-wide files take a core for most of a second at 10,000 briefings: made
    // beside the pages rather than after them, they keep both cores busy to the end.
    let editions = crate::editions::Editions::of(&site, crate::render::page_paths);
    let (pages, extras) = rayon::join(
        || render_editions(&renderer, &editions, reuse, |m| sink.made(m)),
        || {
            let feeds_only = bodies_only.is_some();
            let mut made: Vec<_> = (editions.sites.iter())
                .flat_map(|s| {
                    let file = |f| sink.made(Made::File(f, None));
                    extras_into(s, feeds_only, in_language(s, file), |p, i| {
                        sink.pieces(p, i)
                    })
                })
                .flatten()
                .collect();
            if feeds_only {
                made.extend(sink.extras_kept());
            }
            made
        },
    );
    let mut emitted = pages.map_err(Failure::Content)?;
    emitted.extend(extras);
    phase.done("render");
    let clashes = asset_clashes(&assets, emitted.iter().map(|(p, _)| p.as_str()));
    if !clashes.is_empty() {
        return Err(Failure::Content(clashes));
    }
    copy_assets(target, &assets)?;
    if let Some(e) = sink.io_error() {
        return Err(Failure::Io(e.to_string()));
    }
    if let Some(e) = spill.as_ref().and_then(|s| s.error()) {
        return Err(Failure::Io(format!(
            "cannot keep bodies in {}: {e}",
            crate::images::FOLDER
        )));
    }
    let (paths, files): (Vec<String>, Vec<Option<OutputFile>>) = emitted.into_iter().unzip();
    let files: Vec<OutputFile> = files.into_iter().flatten().collect();
    let mut problems = link_problems(opts, target, (&site, &editions), (&files, &paths), &assets);
    phase.done("links");
    if !problems.is_empty() {
        diag::sort(&mut problems);
        return Err(Failure::Content(problems));
    }
    // The editions share the site: while they live, taking it out of its `Arc` below
    // would copy all of it.
    drop(editions);
    Ok(Run {
        keeper,
        bodies_damaged,
        known,
        kept,
        outline,
        bodies_only: bodies_only.is_some(),
        // The cache that shared it is gone with `inputs`.
        site: Arc::unwrap_or_clone(site),
        files,
        paths,
        assets,
        renderer: renderer.fingerprint(),
    })
}

/// The links of bodies (and with `check_all_links`, of pages) that lead nowhere, among
/// the `files` made in memory or, written, at `paths`.
fn link_problems(
    opts: &BuildOptions,
    target: Target,
    (site, editions): (&Site, &crate::editions::Editions),
    (files, paths): (&[OutputFile], &[String]),
    assets: &[discover::Asset],
) -> Vec<Diagnostic> {
    let index = if matches!(target, Target::Memory) {
        links::Index::new(files, assets, opts.check_all_links)
    } else {
        links::Index::of_paths(paths.iter().map(String::as_str), assets)
    }
    .left_out(site);
    let mut problems: Vec<Diagnostic> = (editions.sites.iter())
        .flat_map(|s| links::check_bodies(s, &index))
        .collect();
    if opts.check_all_links {
        problems.extend(links::check_pages(site, files, &index));
    }
    problems
}

/// Renders the pages of every language of the site, one language after the other.
fn render_editions<T: Send>(
    renderer: &Renderer,
    editions: &crate::editions::Editions,
    reuse: Option<&dyn crate::render::Reuse>,
    sink: impl Fn(Made) -> Option<T> + Sync,
) -> Result<Vec<T>, Vec<Diagnostic>> {
    let several = editions.sites.len() > 1;
    let mut kept = Vec::new();
    let mut diags = Vec::new();
    for (i, s) in editions.sites.iter().enumerate() {
        match renderer.render_reusing(s, several.then_some((editions, i)), reuse, &sink) {
            Ok(k) => kept.extend(k),
            Err(d) => diags.extend(
                d.into_iter()
                    .filter(|d| !diags.contains(d))
                    .collect::<Vec<_>>(),
            ),
        }
    }
    if diags.is_empty() {
        Ok(kept)
    } else {
        Err(diags)
    }
}

/// `sink` for the files of the language of `site`, which go under its prefix.
fn in_language<'a, T>(
    site: &'a Site,
    sink: impl Fn(OutputFile) -> T + Sync + 'a,
) -> impl Fn(OutputFile) -> T + Sync + 'a {
    move |mut f: OutputFile| {
        if !site.config.prefix.is_empty() {
            f.path.insert_str(0, &site.config.prefix);
        }
        sink(f)
    }
}

/// Today in UTC, by the system clock.
fn today_utc() -> crate::dates::Day {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    crate::dates::Day::from_number(i64::try_from(secs / 86_400).unwrap_or(0))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Plan;

    #[test]
    fn days_since_the_epoch_are_calendar_days() {
        let iso = |d: i64| crate::dates::Day::from_number(d).iso();
        assert_eq!(iso(0), "1970-01-01");
        assert_eq!(iso(59), "1970-03-01");
        assert_eq!(iso(11_016), "2000-02-29");
        assert_eq!(iso(19_057), "2022-03-06");
        assert_eq!(iso(-1), "1969-12-31");
    }

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
        // Each module claims what it makes.
        type Module = (fn(&Site) -> Vec<OutputFile>, fn(&str) -> bool);
        let modules: [Module; 3] = [
            (crate::feeds::files, crate::feeds::owns),
            (crate::export::files, crate::export::owns),
            (crate::search::files, crate::search::owns),
        ];
        for (make, owns) in modules {
            for f in make(&site) {
                assert!(owns(&f.path), "{}", f.path);
            }
        }
        assert!(crate::feeds::owns("sitemap-12.xml") && !crate::feeds::owns("sitemap-x.xml"));
        let plan = Plan::new(&site);
        for job in &plan.jobs {
            let path = job.path(&site);
            assert!(!extras_may_own(&path), "page {path}");
        }
    }
}
