//! Finding the files of a site: what each file under `content/` is, read into memory.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Kind};

/// What a content file holds, from the folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Briefing,
    Actor,
    Topic,
    Page,
}

impl Section {
    fn from_dir(dir: &str) -> Option<Section> {
        Some(match dir {
            "briefings" => Section::Briefing,
            "actors" => Section::Actor,
            "topics" => Section::Topic,
            "pages" => Section::Page,
            _ => return None,
        })
    }
}

/// A Markdown file of the site, read.
#[derive(Debug, Clone)]
pub struct Source {
    pub section: Section,
    /// Path relative to the site root, as shown in diagnostics.
    pub rel: PathBuf,
    /// The slug its location gives it: the file stem, or the folder of an `index.md`.
    pub stem: String,
    pub text: String,
}

/// A file copied to the output as is (images, PDFs…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Absolute path to read from.
    pub path: PathBuf,
    /// Path under `content/`, which is also its path in the output.
    pub rel: PathBuf,
}

#[derive(Debug, Default)]
pub struct Found {
    pub sources: Vec<Source>,
    pub assets: Vec<Asset>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks `root/content`, reading every Markdown file. Sorted by path so builds do not
/// depend on the order the file system lists entries in.
pub fn discover(root: &Path) -> Found {
    let content = root.join("content");
    let mut found = Found::default();
    let mut md = Vec::new();
    for entry in WalkDir::new(&content).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map_or_else(|| content.clone(), Path::to_path_buf);
                let rel = rel_to(root, &path);
                let why = if e.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else {
                    e.io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string)
                };
                found.diagnostics.push(Diagnostic::new(
                    Kind::Io,
                    rel,
                    format!("cannot read: {why}"),
                ));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        let path = entry.path().to_path_buf();
        let under = rel_to(&content, &path);
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        if path.extension().is_some_and(|e| e == "md") {
            md.push((path, under));
        } else {
            found.assets.push(Asset { path, rel: under });
        }
    }
    let read: Vec<Result<Source, Diagnostic>> = md
        .into_par_iter()
        .map(|(path, under)| read_source(root, &path, &under))
        .collect();
    for r in read {
        match r {
            Ok(s) => found.sources.push(s),
            Err(d) => found.diagnostics.push(d),
        }
    }
    found
}

fn read_source(root: &Path, path: &Path, under: &Path) -> Result<Source, Diagnostic> {
    let rel = rel_to(root, path);
    let mut parts = under
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let dir = parts.next().unwrap_or_default();
    let Some(section) = Section::from_dir(&dir) else {
        return Err(Diagnostic::new(
            Kind::BadValue,
            rel,
            "Markdown file outside content/briefings, actors, topics or pages",
        )
        .hint("move it into one of those folders"));
    };
    let stem =
        if path.file_stem().is_some_and(|s| s == "index") && under.components().count() > 2 {
            path.parent().and_then(Path::file_name)
        } else {
            path.file_stem()
        }
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::new(Kind::Io, rel.clone(), format!("cannot read: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(e.as_bytes());
        let d = Diagnostic::new(Kind::Encoding, rel.clone(), "file is not valid UTF-8")
            .hint("save the file as UTF-8");
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..at]);
        d.at(&text, crate::diag::Pos::at_byte(&prefix, prefix.len(), 0))
    })?;
    if let Some(i) = text.find('\0') {
        return Err(
            Diagnostic::new(Kind::Encoding, rel, "file contains a NUL byte")
                .at(&text, crate::diag::Pos::at_byte(&text, i, 1))
                .hint("remove the NUL byte; is this a binary file?"),
        );
    }
    Ok(Source {
        section,
        rel,
        stem,
        text,
    })
}

fn rel_to(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}
