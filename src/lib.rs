//! `briefing`: a static site generator for conflict briefings.
//!
//! The pipeline runs one way: [`discover`] finds and reads files, [`source`] and
//! [`yaml`] parse them, [`model`] builds one validated model, [`render`] turns it into
//! pages through [`views`] and the [`theme`], and [`output`] writes them atomically.
//!
//! # Module map
//!
//! Imports run down this list and never up it; a module may use any module in a layer
//! below its own, and `tests` blocks aside, no two modules import each other
//! (`tests/integration/layers.rs` reads the sources and fails on a circle).
//!
//! **Leaves** (import nothing of ours but, for some, [`diag`]):
//! - [`diag`]: the `Diagnostic` type every stage reports with, and how it is printed
//!   (code frames, escaping of control characters).
//! - [`dates`]: EDTF dates and their bounds; [`grade`]: Admiralty source grades;
//!   [`escape`]: HTML, XML and script-safe JSON escaping; [`verify`]: archived source
//!   texts and whether a quote stands in one; [`fingerprint`]: 128-bit hashes of
//!   inputs and outputs, for the incremental build.
//! - [`panics`]: turning a panic on any thread into a diagnostic naming the file it
//!   was working on (a bug in briefing, reported as one, never a backtrace).
//! - [`url`]: the URL rules: the link marker `ROOT`, which schemes a link may use,
//!   absolute URLs of pages and files, encoded one way everywhere.
//! - [`images`]: pictures' sizes read from their headers (huge ones refused), the
//!   widths they are published in, resizing and re-encoding without metadata, and the
//!   cache of what was made (`.briefing-cache/images/`).
//!
//! **Reading** (leaves, and the reading modules listed before them):
//! - [`source`]: a content file split into front matter and body; [`yaml`]: YAML into
//!   typed structs with spans; [`content`]: the front-matter shapes editors write;
//!   [`config`]: `site.yaml`; [`refs`]: slugs, name folding, ref resolution.
//! - [`discover`]: the files under `content/`, read, symlinks held inside the site;
//!   [`theme`]: the built-in templates with the site's overrides laid over them.
//! - [`markdown`]: a body to HTML, `[[actor]]` links and links to content files
//!   resolved through callbacks, every heading given an id, a picture alone in its
//!   paragraph made a figure.
//! - [`charts`]: SVG charts from counts and dates.
//!
//! **The model** ([`model`], reading modules and leaves): one validated site, built
//! phase by phase in `model::build`; `model::patch` redoes one saved briefing for
//! `serve`, from what `model::cache` keeps.
//!
//! **Views and pages** (the model and below):
//! - [`views`]: exactly what each template receives, one submodule per page kind.
//! - [`meta`]: each page's `<head>` metadata and JSON-LD.
//! - [`render`]: the page plan and rendering through Tera, each page held to a time
//!   and size budget (`render::budget`); uses `views` and `meta`.
//! - [`feeds`], [`export`], [`search`]: Atom and sitemaps, the data export, the search
//!   index; each makes `render`'s `OutputFile`s (`search` shortens text as `feeds`
//!   does).
//! - [`links`]: the link check over rendered pages; [`output`]: the staged, atomic write
//!   of a site and the `--out` safety rules.
//!
//! **Commands** (anything below):
//! - [`pipeline`]: discover → model → render → check → write, for `build`, `check`
//!   and `serve`, with what a rebuild may reuse; the pictures bodies show published
//!   through [`images`] on the build's thread pool.
//! - [`args`]: options every command shares and how failures are printed.
//! - [`serve`]: the preview server: watch, rebuild through `pipeline`, serve over HTTP.
//! - [`scaffold`]: `briefing new` and `briefing templates eject`; [`inspect`]:
//!   `briefing templates` and `briefing context`; [`cli`]: the command line, on top of
//!   everything.

pub mod args;
pub mod charts;
pub mod cli;
pub mod config;
pub mod content;
pub mod dates;
pub mod diag;
pub mod discover;
pub mod editions;
pub mod escape;
pub mod export;
pub mod feeds;
pub mod fingerprint;
pub mod grade;
pub mod i18n;
pub mod images;
pub mod inspect;
pub mod links;
pub mod markdown;
pub mod meta;
pub mod model;
pub mod outline;
pub mod output;
pub mod panics;
pub mod pipeline;
pub mod record;
pub mod refs;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod source;
pub mod spill;
pub mod theme;
pub mod url;
pub mod verify;
pub mod views;
pub mod yaml;
