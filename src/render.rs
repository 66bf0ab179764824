//! Rendering: the model through Tera templates into the files of the site, in memory.

use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diag::{Diagnostic, Kind};
use crate::fingerprint::{Fingerprint, Hasher};
use crate::model::{self, Site};
use crate::theme::Template;
use crate::views;

mod budget;
mod errors;
mod plan;
pub use budget::{Limits, Stuck, on_stuck_exit};
use errors::{template_diag, template_diags};
use plan::{BRIEFINGS, CLAIMS, CORRECTIONS, NOT_FOUND, QUOTES, TIMELINE};
pub use plan::{Job, Plan, jobs, page_paths};

/// A file of the built site: its path under the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The compiled templates, ready to render many pages.
pub struct Renderer {
    tera: Tera,
    templates: Vec<Template>,
    /// Of every template's name and text: a page's bytes are its template's output for
    /// its context, and any template may be included in any other.
    fingerprint: Fingerprint,
    limits: Limits,
}

/// What rendering a page gave.
#[derive(Debug)]
pub enum Made {
    /// Its file, with the fingerprint of what it was made from if the build keeps them.
    File(OutputFile, Option<Fingerprint>),
    /// Only its path: the last build made its file from the same inputs, and the file
    /// is still in place.
    Kept(String, Fingerprint),
}

/// What the last build made, so that a page made from the same inputs need not be
/// rendered again.
pub trait Reuse: Sync {
    /// Whether the file at `path` (under the output folder) was made from inputs with
    /// this fingerprint, and is still as that build wrote it.
    fn kept(&self, path: &str, inputs: Fingerprint) -> bool;

    /// Whether any page rendered with templates of fingerprint `renderer` may be kept:
    /// if none can, pages are fingerprinted from the views they are rendered from, not
    /// sketched first.
    fn may_keep(&self, renderer: Fingerprint) -> bool;

    /// The inputs of the file at `path`, if it is known to be made from the same inputs
    /// as in the last build without making them (see `crate::outline`).
    fn unchanged(&self, _path: &str) -> Option<Fingerprint> {
        None
    }
}

/// Pages rendered together (a build, or every page after a template change in
/// `serve`): once one goes past its budget, the rest are not tried, since the same loop
/// would cost each of them the whole budget again.
pub struct Batch {
    over_budget: OnceLock<Diagnostic>,
    stuck: Stuck,
}

impl Batch {
    pub fn new(stuck: Stuck) -> Batch {
        Batch {
            over_budget: OnceLock::new(),
            stuck,
        }
    }
}

impl Renderer {
    /// Of every template's name and text; part of every page's inputs.
    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// Compiles every template, reporting every one that does not compile.
    pub fn new(templates: Vec<Template>) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".htm"]);
        tera.register_function("range", budget::range);
        tera.register_filter("plural", crate::i18n::plural_filter);
        let all = templates.iter().map(|t| (t.name.as_str(), t.text.as_str()));
        if let Err(e) = tera.add_raw_templates(all) {
            // Tera stops at the first broken template; compile each alone to find all.
            let mut diags = Vec::new();
            for t in &templates {
                let mut one = Tera::new();
                // Alone, a child misses its parent; only syntax errors are its own.
                if let Err(e) = one.add_raw_template(&t.name, &t.text) {
                    if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                        diags.push(template_diag(&templates, &e));
                    }
                }
            }
            if diags.is_empty() {
                diags.extend(template_diags(&templates, &e));
            }
            return Err(diags);
        }
        let mut fingerprint = Hasher::new();
        for t in &templates {
            fingerprint
                .bytes(t.name.as_bytes())
                .bytes(t.text.as_bytes());
        }
        Ok(Renderer {
            tera,
            fingerprint: fingerprint.finish(),
            templates,
            limits: Limits::from_env(),
        })
    }

    /// The same templates, with other limits on what one page may cost.
    pub fn with_limits(mut self, limits: Limits) -> Renderer {
        self.limits = limits;
        self
    }

    /// Where the template `name` came from, as diagnostics show it.
    fn origin<'a>(&'a self, name: &'a str) -> &'a Path {
        self.templates
            .iter()
            .find(|t| t.name == name)
            .map_or(Path::new(name), |t| t.origin.as_path())
    }

    /// Renders `template` for the page at `path` with the common context and `values`.
    #[allow(
        clippy::too_many_arguments,
        reason = "the common context of every page"
    )]
    fn page(
        &self,
        meta: &crate::meta::PageMeta,
        template: &str,
        path: &str,
        c: &views::Catalog,
        title: &str,
        values: &[(&'static str, &dyn Value)],
        inputs: Option<Fingerprint>,
    ) -> Result<Made, Diagnostic> {
        let prefix = c.site.config.prefix.as_str();
        let root = page_root(path, c.site.config.base_url.as_deref());
        let site_root = site_root(prefix, path, root);
        let mut ctx = Context::new();
        for (k, v) in context(meta, path, c, title, values) {
            ctx.insert_value(k, v);
        }
        // Each thread renders into one buffer that it keeps: a page's bytes are copied
        // once, into the file's own, instead of growing a fresh buffer page after page.
        thread_local! {
            static BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
        }
        let mut buf = BUFFER.take();
        buf.clear();
        let written =
            self.tera
                .render_to(template, &ctx, budget::Writer::new(&mut buf, self.limits));
        let page = match written {
            Ok(()) => Ok(Made::File(
                OutputFile {
                    path: format!("{prefix}{path}"),
                    bytes: fill_root(&buf, root, site_root),
                },
                inputs,
            )),
            Err(e) => Err(template_diag(&self.templates, &e)),
        };
        // An outsized page (a 50 MB body) should not stay in memory for as long as
        // `serve` runs.
        if buf.capacity() <= 4 << 20 {
            BUFFER.set(buf);
        }
        page
    }

    /// Renders every page of `site` and hands each to `sink` as soon as it is done; what
    /// the sink returns is kept. Template errors are reported once per template and
    /// message, not once per page. `build` writes pages through the sink and keeps nothing, so a
    /// big site never sits in memory whole; `check` and `serve` keep every page.
    pub fn render_into<T: Send>(
        &self,
        site: &Site,
        sink: impl Fn(OutputFile) -> Option<T> + Sync,
    ) -> Result<Vec<T>, Vec<Diagnostic>> {
        self.render_edition(site, None, sink)
    }

    /// [`render_into`](Self::render_into) for the site of one language among the
    /// `editions` (with their index), whose pages link their versions in the others.
    pub fn render_edition<T: Send>(
        &self,
        site: &Site,
        editions: Option<(&crate::editions::Editions, usize)>,
        sink: impl Fn(OutputFile) -> Option<T> + Sync,
    ) -> Result<Vec<T>, Vec<Diagnostic>> {
        self.render_reusing(site, editions, None, |made| match made {
            Made::File(file, _) => sink(file),
            Made::Kept(..) => None,
        })
    }

    /// [`render_edition`](Self::render_edition) for a build that records what each
    /// page was made from: with `reuse`, each page's inputs are fingerprinted, and a page
    /// whose file the last build made from the same inputs is kept, not rendered.
    pub fn render_reusing<T: Send>(
        &self,
        site: &Site,
        editions: Option<(&crate::editions::Editions, usize)>,
        reuse: Option<&dyn Reuse>,
        sink: impl Fn(Made) -> Option<T> + Sync,
    ) -> Result<Vec<T>, Vec<Diagnostic>> {
        let plan = Plan::new(site);
        let mut catalog = views::Catalog::new(site);
        if let Some(reuse) = reuse {
            catalog = catalog.fingerprinted(reuse.may_keep(self.fingerprint));
        }
        catalog.editions = editions;
        // `build` and `check` render this way, once: a page that cannot be stopped must
        // end them rather than hang.
        let batch = Batch::new(Stuck::Exit);
        // BRIEFING_TIMINGS=1 prints per-page render time and size, for profiling.
        let timings = std::env::var_os("BRIEFING_TIMINGS").is_some();
        let results: Vec<Result<Option<T>, Diagnostic>> = plan
            .jobs
            .par_iter()
            // Rayon splits a slice into about two pieces per thread and splits a piece
            // further only when another thread steals from it; the last piece, some
            // thousands of briefing pages, was left to one core for the last half
            // second of a 10,000-briefing build. Pieces of at most 16 pages can be
            // taken by whichever core is free (render 2.4 -> 1.9 s, build median
            // 2.66 -> 2.38 s).
            .with_max_len(16)
            .map(|job| {
                let start = std::time::Instant::now();
                let r = self.render_made(&catalog, &plan, job, &batch, reuse);
                if timings {
                    let size = r.as_ref().map_or(0, |m| match m {
                        Made::File(f, _) => f.bytes.len(),
                        Made::Kept(..) => 0,
                    });
                    let kind = job.kind();
                    eprintln!("timing {kind} {} {size}", start.elapsed().as_micros());
                }
                r.map(&sink)
            })
            .collect();
        catalog.discard();
        kept_or_errors(results)
    }

    /// Renders one page of the plan: `serve` renders pages as browsers ask for them.
    pub fn render_job(
        &self,
        c: &views::Catalog,
        plan: &Plan,
        job: &Job,
    ) -> Result<OutputFile, Diagnostic> {
        self.render_in(c, plan, job, &Batch::new(Stuck::Report))
    }

    /// Renders one page of `batch` within its budget; a panic while rendering it
    /// becomes a diagnostic naming its content file (or the page, if it has none).
    pub fn render_in(
        &self,
        c: &views::Catalog,
        plan: &Plan,
        job: &Job,
        batch: &Batch,
    ) -> Result<OutputFile, Diagnostic> {
        match self.render_made(c, plan, job, batch, None)? {
            Made::File(file, _) => Ok(file),
            // Without a record of the last build, every page is rendered.
            Made::Kept(path, _) => Err(Diagnostic::new(
                Kind::Template,
                path,
                "internal error: a page was kept without a record of the last build",
            )),
        }
    }

    fn render_made(
        &self,
        c: &views::Catalog,
        plan: &Plan,
        job: &Job,
        batch: &Batch,
        reuse: Option<&dyn Reuse>,
    ) -> Result<Made, Diagnostic> {
        if let Some(d) = batch.over_budget.get() {
            return Err(d.clone());
        }
        let site = c.site;
        let path = job.path(site);
        if let Some(reuse) = reuse.filter(|r| r.may_keep(self.fingerprint)) {
            let full = format!("{}{path}", site.config.prefix);
            if let Some(inputs) = reuse.unchanged(&full) {
                return Ok(Made::Kept(full, inputs));
            }
        }
        let template = job.template();
        let origin = self.origin(template);
        let budget = budget::start(self.limits, &origin.to_string_lossy(), &path, batch.stuck);
        let file = job.source(site).unwrap_or(Path::new(&path));
        let rendered = crate::panics::catching(file, || {
            let _at = crate::panics::working_on(file);
            let meta = crate::meta::page_meta(c.site, job.subject(), &path);
            let sketched = match reuse {
                Some(reuse) if reuse.may_keep(self.fingerprint) && c.can_sketch() => {
                    let inputs = self.inputs(c, plan, job, &meta, &path)?;
                    let full = format!("{}{path}", c.site.config.prefix);
                    if reuse.kept(&full, inputs) {
                        return Ok(Made::Kept(full, inputs));
                    }
                    Some(inputs)
                }
                _ => None,
            };
            self.with_values(c, plan, job, &|title, values| {
                // Hashed from the views as rendered, the page hashes as its sketch
                // would: every shared view carries its sketch's fingerprint.
                let inputs = sketched.or_else(|| {
                    reuse.map(|_| self.fingerprint_of(c, template, &path, &meta, title, values))
                });
                self.page(&meta, template, &path, c, title, values, inputs)
            })
        })
        .and_then(|r| r);
        match (rendered, budget.exceeded()) {
            (Err(d), Some(why)) => {
                let d = self.over_budget(d, why, origin, &path);
                Err(batch.over_budget.get_or_init(|| d).clone())
            }
            (r, _) => r,
        }
    }

    /// The diagnostic of a page stopped by its budget: Tera's own points at the `range`
    /// call that noticed, if one did; a write refused does not say where it was.
    fn over_budget(
        &self,
        tera: Diagnostic,
        why: budget::Exceeded,
        origin: &Path,
        page: &str,
    ) -> Diagnostic {
        let what = match why {
            budget::Exceeded::Time => format!("took longer than {}", self.limits.time_text()),
            budget::Exceeded::Bytes => format!("wrote more than {}", self.limits.bytes_text()),
        };
        let mut d = if tera.pos.is_some() {
            tera
        } else {
            Diagnostic::new(Kind::Template, origin, "")
        };
        d.message = format!("template error: rendering `{page}` {what} and was stopped");
        d.hint(format!(
            "does a loop run for ever? every page must render within {} and {}",
            self.limits.time_text(),
            self.limits.bytes_text()
        ))
    }

    /// The fingerprint of all that decides the bytes of the page of `job` at `path`:
    /// the templates and what its template receives. Its views are made as for
    /// rendering, but the fragments they show are not rendered: each stands for its
    /// view and kind (see [`crate::fingerprint::sketch`]), which decide it.
    fn inputs(
        &self,
        c: &views::Catalog,
        plan: &Plan,
        job: &Job,
        meta: &crate::meta::PageMeta,
        path: &str,
    ) -> Result<Fingerprint, Diagnostic> {
        let _sketch = crate::fingerprint::sketch();
        self.with_values(c, plan, job, &|title, values| {
            Ok(self.fingerprint_of(c, job.template(), path, meta, title, values))
        })
    }

    /// The fingerprint of the page at `path` rendered through `template` with `title`
    /// and `values` (see [`Renderer::inputs`]).
    fn fingerprint_of(
        &self,
        c: &views::Catalog,
        template: &str,
        path: &str,
        meta: &crate::meta::PageMeta,
        title: &str,
        values: Values,
    ) -> Fingerprint {
        let prefix = c.site.config.prefix.as_str();
        let root = page_root(path, c.site.config.base_url.as_deref());
        let mut h = Hasher::new();
        h.fingerprint(self.fingerprint)
            .fingerprint(c.shared_inputs())
            .bytes(template.as_bytes())
            .bytes(prefix.as_bytes())
            .bytes(root.as_bytes())
            .bytes(site_root(prefix, path, root).as_bytes());
        context_inputs(&mut h, meta, path, c, title, values);
        h.finish()
    }

    /// What the template of `job` receives, as JSON, its links as the page has them:
    /// for `briefing context`, which shows it without rendering the page.
    pub fn context_json(
        &self,
        c: &views::Catalog,
        plan: &Plan,
        job: &Job,
    ) -> Result<serde_json::Value, Diagnostic> {
        let path = job.path(c.site);
        let meta = crate::meta::page_meta(c.site, job.subject(), &path);
        self.with_values(c, plan, job, &|title, values| {
            let map: std::collections::BTreeMap<_, _> = context(&meta, &path, c, title, values)
                .into_iter()
                .collect();
            let json = serde_json::to_vec(&map).map_err(|e| {
                Diagnostic::new(Kind::Template, job.template(), format!("context: {e}"))
            })?;
            let root = page_root(&path, c.site.config.base_url.as_deref());
            let site_root = site_root(&c.site.config.prefix, &path, root);
            serde_json::from_slice(&fill_root(&json, root, site_root)).map_err(|e| {
                Diagnostic::new(Kind::Template, job.template(), format!("context: {e}"))
            })
        })
    }

    /// Makes the values of the page `job` and hands them, with its title, to `render`.
    fn with_values<R>(
        &self,
        c: &views::Catalog,
        plan: &Plan,
        job: &Job,
        render: &dyn Fn(&str, Values) -> Result<R, Diagnostic>,
    ) -> Result<R, Diagnostic> {
        let site = c.site;
        let locale = c.locale();
        let text = |key: &str| locale.text(key).to_string();
        let titled = |key: &str, page: usize| titled(locale, locale.text(key), page);
        let paged = |first: &str, page: usize, total: usize| views::pager(first, page, total);
        // Every page kind differs only in its title and the values it passes.
        match *job {
            Job::Home => {
                let home = views::home(c, self)?;
                render(
                    &site.config.title,
                    &[
                        ("latest", &home.latest),
                        ("top_actors", &home.top_actors),
                        ("latest_quotes", &home.latest_quotes),
                    ],
                )
            }
            Job::Briefings { page } => {
                let pager = paged(BRIEFINGS, page, plan.briefing_pages);
                render(
                    &titled("briefings", page),
                    &[("briefings", &views::briefings(c, page)), ("pager", &pager)],
                )
            }
            Job::Briefing(id) => {
                let b = views::briefing(c, self, id)?;
                render(b.title, &[("briefing", &b)])
            }
            Job::Actors => render(&text("actors"), &[("groups", &views::actor_groups(c))]),
            Job::Actor { id, page } => {
                let a = views::actor(c, self, id, page)?;
                let first = model::actor_path(&site.actors[id.index()].slug);
                let pager = paged(&first, page, views::actor_pages(site, id));
                render(
                    &self::titled(locale, a.name, page),
                    &[("actor", &a), ("pager", &pager)],
                )
            }
            Job::Timeline { page } => {
                let months = views::timeline(c, &plan.timeline[page - 1]);
                let pager = paged(TIMELINE, page, plan.timeline.len());
                render(
                    &titled("timeline", page),
                    &[
                        ("months", &months),
                        (
                            "chart",
                            &views::timeline_chart(site, &plan.timeline[page - 1]),
                        ),
                        ("pager", &pager),
                    ],
                )
            }
            Job::Claims { page } => {
                let v = views::claims(c, page);
                render(
                    &titled("claims", page),
                    &[
                        ("claims", &v.claims),
                        ("statuses", &v.statuses),
                        ("total", &v.total),
                        ("pager", &paged(CLAIMS, page, plan.claim_pages)),
                    ],
                )
            }
            Job::Corrections { page } => render(
                &titled("corrections", page),
                &[
                    ("corrections", &views::corrections(c, page)),
                    ("pager", &paged(CORRECTIONS, page, plan.correction_pages)),
                ],
            ),
            Job::Quotes { page } => {
                let q = views::quotes(c, page);
                let pager = paged(QUOTES, page, plan.quote_pages);
                render(
                    &titled("quotes", page),
                    &[
                        ("quotes", &q.quotes),
                        ("actors", &q.actors),
                        ("topics", &q.topics),
                        ("pager", &pager),
                    ],
                )
            }
            Job::Topics => render(&text("topics"), &[("topics", &views::topics(c))]),
            Job::Topic { id, page } => {
                let t = views::topic(c, self, id, page)?;
                let first = model::topic_path(&site.topics[id.index()].slug);
                let pager = paged(&first, page, views::topic_pages(site, id));
                render(
                    &self::titled(locale, t.name, page),
                    &[("topic", &t), ("pager", &pager)],
                )
            }
            Job::Authors => render(&text("authors"), &[("authors", &views::authors(c))]),
            Job::Author { id, page } => {
                let a = views::author(c, self, id, page)?;
                let first = model::author_path(&site.authors[id.index()].slug);
                let pager = paged(&first, page, views::author_pages(site, id));
                render(
                    &self::titled(locale, a.name, page),
                    &[("author", &a), ("pager", &pager)],
                )
            }
            Job::Page(i) => {
                let p = views::page(site, i);
                render(p.title, &[("page", &p)])
            }
            Job::Search => render(&text("search"), &[]),
            Job::NotFound => render(&text("not_found"), &[]),
            Job::Style | Job::Favicon => render("", &[]),
        }
    }
}

impl views::Fragments for Renderer {
    fn render(
        &self,
        component: &str,
        args: &[(&'static str, tera::Value)],
        implicits: &[(&'static str, tera::Value)],
    ) -> Result<String, Diagnostic> {
        let context = |values: &[(&'static str, tera::Value)]| {
            let mut ctx = Context::new();
            for (k, v) in values {
                ctx.insert_value(*k, v.clone());
            }
            ctx
        };
        let mut out = Vec::new();
        let writer = budget::Writer::new(&mut out, self.limits);
        self.tera
            .render_component_with_implicits_to(
                component,
                &context(args),
                &context(implicits),
                None,
                true,
                writer,
            )
            .map_err(|e| template_diag(&self.templates, &e))?;
        // Tera writes only whole strings, each valid UTF-8.
        String::from_utf8(out)
            .map_err(|e| Diagnostic::new(Kind::Template, component, format!("template error: {e}")))
    }
}

/// Replaces every link marker in a rendered page with the page's own prefix: `root`
/// to its language's root, `site_root` to the root of the output. The markers share
/// their first two bytes, which are rare in text, so one memchr pass finds every
/// candidate.
fn fill_root(bytes: &[u8], root: &str, site_root: &str) -> Vec<u8> {
    let marker = views::ROOT.as_bytes();
    let site = views::SITE.as_bytes();
    debug_assert_eq!(marker[..2], site[..2]);
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8);
    let mut rest = bytes;
    while let Some(i) = memchr::memchr(marker[0], rest) {
        if rest[i..].starts_with(marker) {
            out.extend_from_slice(&rest[..i]);
            out.extend_from_slice(root.as_bytes());
            rest = &rest[i + marker.len()..];
        } else if rest[i..].starts_with(site) {
            out.extend_from_slice(&rest[..i]);
            out.extend_from_slice(site_root.as_bytes());
            rest = &rest[i + site.len()..];
        } else {
            out.extend_from_slice(&rest[..=i]);
            rest = &rest[i + 1..];
        }
    }
    out.extend_from_slice(rest);
    out
}

/// The context of the page at `path`: what every page receives, then `values`.
fn context(
    meta: &crate::meta::PageMeta,
    path: &str,
    c: &views::Catalog,
    title: &str,
    values: &[(&'static str, &dyn Value)],
) -> Vec<(&'static str, tera::Value)> {
    let mut ctx = vec![
        ("site", c.site_view()),
        (
            "root",
            tera::Value::from(page_root(path, c.site.config.base_url.as_deref())),
        ),
        (
            "site_root",
            tera::Value::from(site_root(
                &c.site.config.prefix,
                path,
                page_root(path, c.site.config.base_url.as_deref()),
            )),
        ),
        ("page_path", tera::Value::from(path)),
        (
            "languages",
            c.editions
                .map_or(tera::Value::from(Vec::<u8>::new()), |(e, i)| {
                    tera::Value::from_serializable(&e.switcher(i, path))
                }),
        ),
        (
            "alternates",
            c.editions
                .map_or(tera::Value::from(Vec::<u8>::new()), |(e, _)| {
                    tera::Value::from_serializable(&e.alternates(path))
                }),
        ),
        ("page_title", tera::Value::from(title)),
        ("nav", c.nav(path)),
        ("footer", c.footer()),
        ("t", c.strings()),
        ("meta", tera::Value::from_serializable(meta)),
    ];
    ctx.extend(values.iter().map(|(k, v)| (*k, v.value())));
    ctx
}

/// Hashes into `h` what [`context`] gives the page at `path`, except what every page
/// of the catalog gets alike (see [`views::Catalog::shared_inputs`]); views are hashed
/// as they are, without being made into template values.
fn context_inputs(
    h: &mut Hasher,
    meta: &crate::meta::PageMeta,
    path: &str,
    c: &views::Catalog,
    title: &str,
    values: &[(&'static str, &dyn Value)],
) {
    h.bytes(path.as_bytes())
        .bytes(title.as_bytes())
        .value(&c.nav(path))
        .value(meta);
    if let Some((e, i)) = c.editions {
        h.value(&e.switcher(i, path)).value(&e.alternates(path));
    }
    for (k, v) in values {
        h.bytes(k.as_bytes());
        v.hash_into(h);
    }
}

/// The prefix from the page at `path` to the site root. Hosts serve `404.html` for a
/// missing address at any depth, where no relative prefix holds: with a `base_url`,
/// its links start from that instead.
fn page_root<'a>(path: &str, base_url: Option<&'a str>) -> &'a str {
    match base_url {
        Some(base) if path == NOT_FOUND => base,
        _ => views::root_of(path),
    }
}

/// The prefix from the page at `path` of the language under `prefix` (`uk/`) to the
/// root of the output, given `root`, the one to the language's root.
fn site_root<'a>(prefix: &str, path: &str, root: &'a str) -> &'a str {
    if prefix.is_empty() {
        root
    } else {
        views::root_of(&format!("{prefix}{path}"))
    }
}

/// `Quotes`, or `Quotes, page 2`, so that every page has its own title.
fn titled(locale: &crate::i18n::Locale, title: &str, page: usize) -> String {
    if page > 1 {
        locale.format(
            "page_title_paged",
            &[("title", title), ("page", &page.to_string())],
        )
    } else {
        title.to_string()
    }
}

/// The values one page kind passes its template, by name.
type Values<'a> = &'a [(&'static str, &'a dyn Value)];

/// A context value of any view type.
trait Value: Sync {
    fn value(&self) -> tera::Value;
    fn hash_into(&self, h: &mut Hasher);
}

impl<T: Serialize + Sync> Value for T {
    fn value(&self) -> tera::Value {
        tera::Value::from_serializable(self)
    }

    fn hash_into(&self, h: &mut Hasher) {
        h.value(self);
    }
}

/// What the sink kept of each page, or every distinct error: a broken template fails
/// every page it renders the same way, and is reported once.
fn kept_or_errors<T>(
    results: Vec<Result<Option<T>, Diagnostic>>,
) -> Result<Vec<T>, Vec<Diagnostic>> {
    let mut kept = Vec::with_capacity(results.len());
    let mut diags: Vec<Diagnostic> = Vec::new();
    for r in results {
        match r {
            Ok(Some(t)) => kept.push(t),
            Ok(None) => {}
            Err(d) if !diags.contains(&d) => diags.push(d),
            Err(_) => {}
        }
    }
    if diags.is_empty() {
        Ok(kept)
    } else {
        Err(diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renderer(name: &str, text: &str) -> Renderer {
        let t = Template {
            name: name.into(),
            text: text.into(),
            origin: format!("templates/{name}").into(),
        };
        Renderer::new(vec![t]).expect("compiles")
    }

    /// Our `range` replaces Tera's: it must give what Tera's gives, errors included.
    #[test]
    fn range_is_teras_range() {
        let calls = [
            "end=5",
            "start=2, end=5",
            "start=5, end=0, step_by=-2",
            "start=0, end=10, step_by=3",
            "start=-3, end=3",
            "start=3, end=3",
            "start=0, end=5, step_by=-1",
            "start=5, end=0",
            "end=5, step_by=0",
            "end=100000",
            "end=100001",
            "start=-9223372036854775807, end=9223372036854775807",
        ];
        for call in calls {
            let text = format!("{{% for i in range({call}) %}}{{{{ i }}}},{{% endfor %}}");
            let mut tera = Tera::new();
            tera.add_raw_template("t", &text).expect("compiles");
            let theirs = tera.render("t", &Context::new()).map_err(|e| e.to_string());
            let ours = renderer("t", &text)
                .tera
                .render("t", &Context::new())
                .map_err(|e| e.to_string());
            assert_eq!(ours, theirs, "range({call})");
        }
    }

    #[test]
    fn a_fragment_is_held_to_the_size_limit() {
        let text = "{% component big() %}{% for i in range(end=1000) %}0123456789{% endfor %}{% endcomponent big %}";
        let r = renderer("c.html", text);
        assert_eq!(
            views::Fragments::render(&r, "big", &[], &[]).map(|s| s.len()),
            Ok(10_000)
        );
        let r = r.with_limits(Limits {
            time: Limits::TIME,
            bytes: 9_999,
        });
        assert!(views::Fragments::render(&r, "big", &[], &[]).is_err());
    }

    #[test]
    fn a_page_and_its_fragments_share_one_size_limit() {
        let text = "{% component big() %}{% for i in range(end=400) %}0123456789{% endfor %}{% endcomponent big %}";
        let limits = Limits {
            time: Limits::TIME,
            bytes: 10_000,
        };
        let r = renderer("c.html", text).with_limits(limits);
        // Each is 4,000 bytes, under the limit alone; the third takes the page past it.
        let _page = budget::start(limits, "c.html", "p/index.html", Stuck::Report);
        assert!(views::Fragments::render(&r, "big", &[], &[]).is_ok());
        assert!(views::Fragments::render(&r, "big", &[], &[]).is_ok());
        assert!(views::Fragments::render(&r, "big", &[], &[]).is_err());
    }

    #[test]
    fn the_limits_are_ten_seconds_and_64_mib_by_default() {
        let l = Limits::default();
        assert_eq!(
            (l.time_text(), l.bytes_text()),
            ("10 s".into(), "64 MiB".into())
        );
    }

    #[test]
    fn root_markers_become_the_page_prefix_and_other_text_stays() {
        let html = format!(
            "<a href=\"{0}a/index.html\">{1}é</a>{0}<img src=\"{2}m.png\">",
            views::ROOT,
            "\u{E002}",
            views::SITE,
        );
        assert_eq!(
            String::from_utf8(fill_root(html.as_bytes(), "../", "../../")).unwrap(),
            "<a href=\"../a/index.html\">\u{E002}é</a>../<img src=\"../../m.png\">"
        );
    }
}
