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

mod layout;
mod pictures;
mod prepare;
pub use prepare::{Cache, Change, Prepared, prepare};

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
    // What it holds of the last build is in the site now, if anything.
    drop(cache);
    Ok(Read {
        inputs: inputs?,
        spill,
        keeper,
        bodies_damaged,
        known,
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
    let sink = Sink {
        target,
        io_error: Default::default(),
    };
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
    if let Some(e) = sink.io_error.into_inner().ok().flatten() {
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

/// Where a run's files go, as [`Target`] says, with the first error writing them.
struct Sink<'a> {
    target: Target<'a>,
    io_error: std::sync::Mutex<Option<output::WriteError>>,
}

/// A file made, by path: with its bytes if it stays in memory.
type Emitted = (String, Option<OutputFile>);

impl Sink<'_> {
    fn failed(&self, r: Result<(), output::WriteError>) {
        if let Err(e) = r
            && let Ok(mut slot) = self.io_error.lock()
        {
            slot.get_or_insert(e);
        }
    }

    /// Each file either goes to the stage or the update (keeping its path) or stays in
    /// memory.
    fn made(&self, made: Made) -> Option<Emitted> {
        match (self.target, made) {
            (Target::Memory, Made::File(f, _)) => Some((f.path.clone(), Some(f))),
            (Target::Stage(stage), Made::File(f, inputs)) => {
                self.failed(stage.write(&f, inputs));
                Some((f.path, None))
            }
            (Target::Update(update), Made::File(f, inputs)) => {
                self.failed(update.write(&f, inputs));
                Some((f.path, None))
            }
            (Target::Update(update), Made::Kept(path, inputs)) => {
                self.failed(update.keep(&path, inputs));
                Some((path, None))
            }
            // Only an update's record keeps pages.
            (_, Made::Kept(path, _)) => Some((path, None)),
        }
    }

    /// A file made piece by piece (the data export's).
    fn pieces(&self, path: &str, pieces: &mut dyn Iterator<Item = Vec<u8>>) -> Option<Emitted> {
        match self.target {
            Target::Memory => self.made(Made::File(crate::export::gathered(path, pieces), None)),
            Target::Stage(stage) => {
                self.failed(stage.write_pieces(path, pieces, None).map(drop));
                Some((path.to_string(), None))
            }
            Target::Update(update) => {
                self.failed(update.write_pieces(path, pieces));
                Some((path.to_string(), None))
            }
        }
    }

    /// The site-wide files that show no body, kept as the last build made them, for a
    /// site that differs from its in bodies alone (see [`BodiesOnly`]).
    fn extras_kept(&self) -> Vec<Emitted> {
        let Target::Update(update) = self.target else {
            return Vec::new();
        };
        (update.last().entries())
            .filter(|(path, e)| e.inputs.is_none() && extras_show_no_body(path))
            .map(|(path, _)| {
                self.failed(update.keep_as_is(path));
                (path.to_string(), None)
            })
            .collect()
    }
}

/// Copies the files of content/ that are published as they are.
fn copy_assets(target: Target, assets: &[discover::Asset]) -> Result<(), Failure> {
    for a in assets {
        let copied = match target {
            Target::Memory => Ok(()),
            Target::Stage(stage) => stage.copy(a),
            Target::Update(update) => update.copy(a),
        };
        copied.map_err(|e| Failure::Io(e.to_string()))?;
    }
    Ok(())
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

/// Feeds, data exports and the search index.
fn extras(site: &Site) -> Vec<OutputFile> {
    extras_into(site, false, |f| f, crate::export::gathered)
}

/// [`extras`], each handed to `sink` as it is made: the data export's files (up to
/// 18 MB each at 10,000 briefings) are written and let go one by one.
///
/// One kind after the other, beside the pages, which keep the other cores busy: side
/// by side, the search index being made and an export file would be held at once.
///
/// The data export is one set of files, at the root, that holds every language.
///
/// `pieces` takes the files made piece by piece (the data export's), which are at the
/// root.
///
/// `feeds_only`: the feeds alone, the files that show bodies, for a site that differs
/// from the last build's in bodies alone.
fn extras_into<T: Send>(
    site: &Site,
    feeds_only: bool,
    sink: impl Fn(OutputFile) -> T + Sync,
    pieces: impl Fn(&str, &mut dyn Iterator<Item = Vec<u8>>) -> T,
) -> Vec<T> {
    let mut all: Vec<T> = crate::feeds::files(site).into_iter().map(&sink).collect();
    if feeds_only {
        return all;
    }
    if site.config.prefix.is_empty() {
        all.extend(crate::export::files_into(site, pieces));
    }
    all.extend(crate::search::files_into(site, &sink));
    all
}

/// Whether the site-wide file at `path` is one of those made without the briefings'
/// bodies (the data export, the search index), which a site that differs from the last
/// build's in bodies alone keeps.
fn extras_show_no_body(path: &str) -> bool {
    crate::export::owns(path) || crate::search::owns(path)
}

/// The last build's record, for a site with the outline of that build's (see
/// `crate::outline`): every page is as that build made it but those of the bodies that
/// changed, which are made as in any build.
struct BodiesOnly<'r> {
    last: &'r Record,
    /// The pages of the briefings whose bodies changed.
    render: std::collections::HashSet<String>,
}

impl<'r> BodiesOnly<'r> {
    /// The last build's record `last`, if `site`, of `outline`, differs from its site
    /// in briefings' bodies alone, with the same templates (`renderer`).
    fn of(
        last: &'r Record,
        outline: &Outline,
        site: &Site,
        renderer: crate::fingerprint::Fingerprint,
    ) -> Option<BodiesOnly<'r>> {
        let alike = last.same_outline(outline, renderer)
            && site.languages.is_empty()
            && site.config.prefix.is_empty()
            // The export and search files are kept from the record: all of them.
            && !last.doubtful().any(extras_show_no_body);
        alike.then(|| BodiesOnly {
            last,
            render: (outline.bodies_changed_since(last.bodies()))
                .map(str::to_string)
                .collect(),
        })
    }
}

impl crate::render::Reuse for BodiesOnly<'_> {
    fn kept(&self, path: &str, inputs: crate::fingerprint::Fingerprint) -> bool {
        self.last.kept(path, inputs)
    }

    fn may_keep(&self, renderer: crate::fingerprint::Fingerprint) -> bool {
        self.last.may_keep(renderer)
    }

    fn unchanged(&self, path: &str) -> Option<crate::fingerprint::Fingerprint> {
        match self.render.contains(path) {
            true => None,
            false => self.last.get(path).and_then(|e| e.inputs),
        }
    }
}

/// Whether `path` could be one of the site-wide files of `extras`: those are told
/// apart from pages and copied files without making them.
pub fn extras_may_own(path: &str) -> bool {
    let owns = |p: &str| crate::feeds::owns(p) || crate::export::owns(p) || crate::search::owns(p);
    // A language's feeds and search index are under its code (`uk/search/index.js`).
    owns(path)
        || path
            .split_once('/')
            .is_some_and(|(lang, rest)| crate::editions::may_be_code(lang) && owns(rest))
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
                .hint(if rel == crate::views::DEFAULT_FAVICON {
                    // The theme's icon is written only when site.yaml names none.
                    "to make it the site's icon, set `favicon: favicon.svg` in site.yaml"
                } else {
                    "rename or move it; generated pages cannot be overridden from content/ (templates can change them)"
                })
            })
        })
        .collect()
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

/// The strings a build made, and the strings files and languages it made them for: a
/// save in `serve` that changes neither keeps them, where reading the built-in strings
/// again took milliseconds of every rebuild.
pub(crate) struct Strings {
    files: Vec<crate::i18n::SiteFile>,
    codes: Vec<String>,
    locales: Arc<crate::i18n::Locales>,
}

fn load_config(
    root: &Path,
    base_url: Option<&str>,
    strings: &mut Option<Strings>,
) -> Result<Config, Vec<Diagnostic>> {
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
    if let Some(i) = text.as_deref().and_then(crate::url::has_marker) {
        let t = text.as_deref().unwrap_or_default();
        return Err(vec![
            Diagnostic::new(Kind::Encoding, "site.yaml", crate::url::MARKER_MESSAGE)
                .at(t, crate::diag::Pos::at_byte(t, i, 3)),
        ]);
    }
    // The strings files' errors are reported with those of `site.yaml`.
    let config = config::parse(Path::new("site.yaml"), text.as_deref());
    let codes: Vec<String> = match &config {
        Ok(c) => std::iter::once(&c.language)
            .chain(c.languages.iter().map(|l| &l.code))
            .cloned()
            .collect(),
        Err(_) => Vec::new(),
    };
    let (files, mut errors) = crate::i18n::Locales::files(root);
    let locales = match strings {
        Some(last) if errors.is_empty() && last.files == files && last.codes == codes => {
            Ok(Arc::clone(&last.locales))
        }
        _ => match (crate::i18n::Locales::read(&files), errors.is_empty()) {
            (Ok(mut locales), true) => {
                locales.prepare(codes.iter().map(String::as_str));
                let locales = Arc::new(locales);
                *strings = Some(Strings {
                    files,
                    codes,
                    locales: Arc::clone(&locales),
                });
                Ok(locales)
            }
            (Ok(_), false) => Err(errors),
            (Err(mut e), _) => {
                errors.append(&mut e);
                Err(errors)
            }
        },
    };
    let mut config = match (config, locales) {
        (Ok(config), Ok(locales)) => Config { locales, ..config },
        (config, locales) => {
            let mut diags = config.err().unwrap_or_default();
            diags.extend(locales.err().unwrap_or_default());
            return Err(diags);
        }
    };
    if let Some(url) = base_url {
        let url = config::normalize_base_url(url)
            .map_err(|m| vec![Diagnostic::new(Kind::BadValue, "--base-url", m)])?;
        config.base_url = Some(url);
    }
    Ok(config)
}

/// Figures for the summary line.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub briefings: usize,
    pub actors: usize,
    /// Statements: a quote cited by two briefings counts once.
    pub statements: usize,
    pub elapsed: Duration,
    pub has_base_url: bool,
    /// Briefings left out for being dated after today.
    pub future_left_out: usize,
    /// What the build warned of; the site was written all the same.
    pub warnings: Vec<Diagnostic>,
    /// For a build in place, what it wrote and removed; `None` for a whole build.
    pub changed: Option<output::Changed>,
    /// Whether the site was the last build's but for briefings' bodies, so that only
    /// their pages were looked at (see [`crate::outline`]).
    pub bodies_only: bool,
    /// Whether the bodies the last build kept, or some of them, were damaged and so
    /// rendered again (see [`model::stored`]).
    pub bodies_damaged: bool,
    /// How many Markdown files the build knew from the last one's without reading them
    /// (see [`crate::discover::Known`]); it reads them only for what it did not keep.
    pub known: usize,
    /// Why the last build's record was not used, if there was one.
    pub distrust: Option<record::Distrust>,
}

/// Builds the site at `opts.root` into `out`, into a staging folder that then replaces
/// `out`. If the last build into `out` left a record that still holds (and `--clean`
/// was not asked for), only pages whose inputs changed are rendered and only files
/// whose bytes changed are written and moved into `out`; the others stay as they are.
pub fn build(opts: &BuildOptions, out: &Path) -> Result<Summary, Failure> {
    let start = Instant::now();
    let phase = Phases::start();
    output::may_build_into(&opts.root, out, opts.force)
        .map_err(|refusal| Failure::Io(refusal.to_string()))?;
    // A build killed while it changed `out` in place is finished first: the record
    // below is compared with the folder as that build left it.
    output::recover_beside(out);
    let record_path = record::path(&opts.root, out);
    let bodies_path = model::stored::path(&record_path);
    // The record and the site are read side by side: neither needs the other, and
    // each is in part one core's work (the record alone took 25 ms of a 0.36 s build
    // after a one-line edit at 10,000 briefings, 0.4 s at 100,000). Reading the site
    // writes nothing to `out`.
    let ((last, distrust), read) = rayon::join(
        || last_record(opts, out, &record_path),
        || read_caught(opts, false, Some(&bodies_path)),
    );
    let read = read?;
    phase.done("record and site read");
    let (run, mut record, changed) = match last {
        Some(last) => in_place(opts, out, last, read)?,
        None => {
            crate::render::on_stuck_exit(output::remove_unfinished);
            let stage = output::Stage::create(out).map_err(|e| Failure::Io(e.to_string()))?;
            // On failure the stage is dropped, which removes it: the old output stays.
            let run = run(opts, Target::Stage(&stage), read)?;
            // The old record does not describe the new folder.
            Record::remove(&record_path).map_err(|e| Failure::Io(e.to_string()))?;
            let (_, record) = stage.commit().map_err(|e| Failure::Io(e.to_string()))?;
            (run, record, None)
        }
    };
    // A record that cannot be written only costs the next build its head start.
    let phase = Phases::start();
    record.rendered_with(run.renderer);
    if let Some(outline) = run.outline {
        record.outlined(outline);
    }
    let _ = record.save(&record_path);
    // Bodies that cannot be kept only cost the next build their rendering.
    if let Some(keeper) = run.keeper {
        let _ = keeper.save(&bodies_path);
    }
    phase.done("record written");
    let mut site = run.site;
    let summary = Summary {
        pages: run.paths.iter().filter(|p| p.ends_with(".html")).count(),
        files: record.len(),
        bytes: record.bytes(),
        briefings: site.briefings.len(),
        actors: site.actors.len(),
        statements: site.statements.len(),
        elapsed: start.elapsed(),
        has_base_url: site.config.base_url.is_some(),
        future_left_out: site.future_left_out,
        warnings: std::mem::take(&mut site.warnings),
        changed,
        bodies_only: run.bodies_only,
        bodies_damaged: run.bodies_damaged,
        known: run.known,
        distrust,
    };
    // Letting go of the model took 20 to 24 ms, some 7% of a build after a one-line
    // edit at 10,000 briefings: a thread of its own does it while the caller reports,
    // and a process that is done by then exits without waiting for it.
    std::thread::spawn(move || drop(site));
    Ok(summary)
}

/// The record of the last build into `out`, unless `--clean` was asked for or it does
/// not speak for `out` as it is; why a record there was not trusted, if so.
fn last_record(
    opts: &BuildOptions,
    out: &Path,
    path: &Path,
) -> (Option<Record>, Option<record::Distrust>) {
    let (last, distrust) = match opts.clean {
        true => (None, None),
        false => match Record::load(path) {
            Ok(last) => (last, None),
            Err(why) => (None, Some(why)),
        },
    };
    // A record speaks only for a folder that is still the one it describes.
    let last = last
        .filter(|_| out.join(output::MARKER).is_file())
        .map(|last| last.still_in(out));
    (last, distrust)
}

/// Brings `out` up to date in place: files that did not change since the build `last`
/// records stay as they are, the others are staged and then moved in.
///
/// The record on disk stays as it is until the caller replaces it: should that not
/// happen, a file it names that changed is no longer the size and age it says, and is
/// made again (see [`Record::still_in`]).
fn in_place(
    opts: &BuildOptions,
    out: &Path,
    last: Record,
    read: Read,
) -> Result<(Run, Record, Option<output::Changed>), Failure> {
    crate::render::on_stuck_exit(output::remove_unfinished);
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let update = output::Update::create(&out, &last).map_err(|e| Failure::Io(e.to_string()))?;
    // On failure the update is dropped, which removes its stage: the old output stays.
    let run = run(opts, Target::Update(&update), read)?;
    let phase = Phases::start();
    let (record, changed) = update.commit().map_err(|e| Failure::Io(e.to_string()))?;
    phase.done("commit");
    Ok((run, record, Some(changed)))
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
