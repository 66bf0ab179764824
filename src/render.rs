//! Rendering: the model through Tera templates into the files of the site, in memory.

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diag::{Diagnostic, Kind, Pos};
use crate::model::{self, ActorId, BriefingId, Site, TopicId};
use crate::theme::Template;
use crate::views::{self, Linker, Views};

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
}

impl Renderer {
    /// Compiles every template, reporting every one that does not compile.
    pub fn new(templates: Vec<Template>) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".htm"]);
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
        Ok(Renderer { tera, templates })
    }

    fn render_one(
        &self,
        template: &str,
        path: &str,
        site: &Site,
        title: &str,
        key: &str,
        value: &impl Serialize,
    ) -> Result<OutputFile, Diagnostic> {
        let link = Linker::for_page(path);
        let mut ctx = Context::new();
        ctx.insert("site", &views::SiteView::new(&site.config));
        ctx.insert("root", link.root);
        ctx.insert("page_path", path);
        ctx.insert("page_title", title);
        ctx.insert("nav", &views::nav(link, path));
        if !key.is_empty() {
            ctx.insert(key.to_string(), value);
        }
        match self.tera.render(template, &ctx) {
            Ok(html) => Ok(OutputFile {
                path: path.to_string(),
                bytes: html.into_bytes(),
            }),
            Err(e) => Err(template_diag(&self.templates, &e)),
        }
    }

    /// Renders every page of `site`. Template errors are reported once per template and
    /// message, not once per page.
    pub fn render_site(&self, site: &Site) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let jobs = jobs(site);
        let results: Vec<Result<OutputFile, Diagnostic>> = jobs
            .par_iter()
            .map(|job| self.render_job(site, job))
            .collect();
        let mut files = Vec::with_capacity(results.len());
        let mut diags: Vec<Diagnostic> = Vec::new();
        for r in results {
            match r {
                Ok(f) => files.push(f),
                Err(d) => {
                    if !diags.contains(&d) {
                        diags.push(d);
                    }
                }
            }
        }
        if diags.is_empty() {
            Ok(files)
        } else {
            Err(diags)
        }
    }

    fn render_job(&self, site: &Site, job: &Job) -> Result<OutputFile, Diagnostic> {
        let path = job.path(site);
        let v = Views {
            site,
            link: Linker::for_page(&path),
        };
        match *job {
            Job::Home => {
                let home = views::home(v);
                let values: [(&'static str, &dyn erased::Ser); 3] = [
                    ("latest", &home.latest),
                    ("top_actors", &home.top_actors),
                    ("latest_quotes", &home.latest_quotes),
                ];
                self.render_with("index.html", &path, site, &site.config.title, &values)
            }
            Job::Briefings => {
                let list: Vec<_> = site.briefings_by_date.iter().map(|&b| v.card(b)).collect();
                self.render_one(
                    "briefings.html",
                    &path,
                    site,
                    "Briefings",
                    "briefings",
                    &list,
                )
            }
            Job::Briefing(id) => {
                let b = views::briefing(v, id);
                self.render_one("briefing.html", &path, site, b.title, "briefing", &b)
            }
            Job::Actors => self.render_one(
                "actors.html",
                &path,
                site,
                "Actors",
                "groups",
                &views::actor_groups(v),
            ),
            Job::Actor(id) => {
                let a = views::actor(v, id);
                self.render_one("actor.html", &path, site, a.name, "actor", &a)
            }
            Job::Timeline => self.render_one(
                "timeline.html",
                &path,
                site,
                "Timeline",
                "months",
                &views::timeline(v),
            ),
            Job::Quotes => {
                let q = views::quotes(v);
                self.render_with(
                    "quotes.html",
                    &path,
                    site,
                    "Quotes",
                    &[
                        ("quotes", &q.quotes as &dyn erased::Ser),
                        ("actors", &q.actors),
                        ("topics", &q.topics),
                    ],
                )
            }
            Job::Topics => self.render_one(
                "topics.html",
                &path,
                site,
                "Topics",
                "topics",
                &views::topics(v),
            ),
            Job::Topic(id) => {
                let t = views::topic(v, id);
                self.render_one("topic.html", &path, site, t.name, "topic", &t)
            }
            Job::Page(i) => {
                let p = views::page(site, i);
                self.render_one("page.html", &path, site, p.title, "page", &p)
            }
            Job::NotFound => self.render_one("404.html", &path, site, "Page not found", "", &()),
            Job::Style => self.render_one("style.css", &path, site, "", "", &()),
        }
    }

    fn render_with(
        &self,
        template: &str,
        path: &str,
        site: &Site,
        title: &str,
        values: &[(&'static str, &dyn erased::Ser)],
    ) -> Result<OutputFile, Diagnostic> {
        let link = Linker::for_page(path);
        let mut ctx = Context::new();
        ctx.insert("site", &views::SiteView::new(&site.config));
        ctx.insert("root", link.root);
        ctx.insert("page_path", path);
        ctx.insert("page_title", title);
        ctx.insert("nav", &views::nav(link, path));
        for (k, v) in values {
            ctx.insert(*k, &erased::Wrap(*v));
        }
        match self.tera.render(template, &ctx) {
            Ok(html) => Ok(OutputFile {
                path: path.to_string(),
                bytes: html.into_bytes(),
            }),
            Err(e) => Err(template_diag(&self.templates, &e)),
        }
    }
}

/// Lets one context be filled from values of different types.
mod erased {
    use serde::Serialize;

    pub trait Ser {
        fn ser(&self) -> serde_json::Value;
    }

    impl<T: Serialize> Ser for T {
        fn ser(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }

    pub struct Wrap<'a>(pub &'a dyn Ser);

    impl Serialize for Wrap<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            self.0.ser().serialize(s)
        }
    }
}

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    Briefings,
    Briefing(BriefingId),
    Actors,
    Actor(ActorId),
    Timeline,
    Quotes,
    Topics,
    Topic(TopicId),
    Page(usize),
    NotFound,
    Style,
}

impl Job {
    pub fn path(&self, site: &Site) -> String {
        match *self {
            Job::Home => "index.html".into(),
            Job::Briefings => "briefings/index.html".into(),
            Job::Briefing(id) => model::briefing_path(&site.briefings[id.index()].slug),
            Job::Actors => "actors/index.html".into(),
            Job::Actor(id) => model::actor_path(&site.actors[id.index()].slug),
            Job::Timeline => "timeline/index.html".into(),
            Job::Quotes => "quotes/index.html".into(),
            Job::Topics => "topics/index.html".into(),
            Job::Topic(id) => model::topic_path(&site.topics[id.index()].slug),
            Job::Page(i) => model::page_path(&site.pages[i].slug),
            Job::NotFound => "404.html".into(),
            Job::Style => "style.css".into(),
        }
    }
}

/// Every page of the site.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Briefings,
        Job::Actors,
        Job::Timeline,
        Job::Quotes,
        Job::Topics,
        Job::NotFound,
        Job::Style,
    ];
    jobs.extend((0..site.briefings.len()).map(|i| Job::Briefing(BriefingId(i as u32))));
    jobs.extend((0..site.actors.len()).map(|i| Job::Actor(ActorId(i as u32))));
    jobs.extend((0..site.topics.len()).map(|i| Job::Topic(TopicId(i as u32))));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs
}

/// A Tera error as diagnostics pointing into the templates that caused it.
fn template_diags(templates: &[Template], e: &tera::Error) -> Vec<Diagnostic> {
    use tera::ErrorKind;
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            let len = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            vec![located(
                templates,
                r.filename(),
                r.message(),
                Pos::new(span.start_line, span.start_col + 1, len),
            )]
        }
        _ => {
            // Reference checks (unknown filters, includes…) arrive as rendered reports.
            let text = e.to_string();
            let parsed = parse_reports(templates, &text);
            if parsed.is_empty() {
                vec![Diagnostic::new(
                    Kind::Template,
                    "templates",
                    format!("template error: {}", first_line(&text)),
                )]
            } else {
                parsed
            }
        }
    }
}

fn template_diag(templates: &[Template], e: &tera::Error) -> Diagnostic {
    template_diags(templates, e).remove(0)
}

fn located(templates: &[Template], name: &str, message: &str, pos: Pos) -> Diagnostic {
    let t = templates.iter().find(|t| t.name == name);
    let origin = t.map_or_else(|| std::path::PathBuf::from(name), |t| t.origin.clone());
    let d = Diagnostic::new(Kind::Template, origin, format!("template error: {message}"));
    match t {
        Some(t) => d.at(&t.text, pos),
        None => d,
    }
}

/// Reads Tera's `error: …\n --> name:line:col … ^^^` reports back into diagnostics.
fn parse_reports(templates: &[Template], text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let Some(locus) = lines
            .next()
            .and_then(|l| l.trim_start().strip_prefix("--> "))
        else {
            continue;
        };
        let mut parts = locus.rsplitn(3, ':');
        let (Some(col), Some(line_no), Some(name)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (Ok(col), Ok(line_no)) = (col.parse::<usize>(), line_no.parse::<usize>()) else {
            continue;
        };
        let mut len = 1;
        while let Some(l) = lines.peek() {
            if l.starts_with("error: ") {
                break;
            }
            if let Some(n) = l
                .split('|')
                .nth(1)
                .map(|c| c.matches('^').count())
                .filter(|&n| n > 0)
            {
                len = n;
            }
            lines.next();
        }
        out.push(located(
            templates,
            name,
            message,
            Pos::new(line_no, col, len),
        ));
    }
    out
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}
