//! `image:` and `favicon:` of `site.yaml`, each kept with its place in the file so that
//! the model, which looks for the files, can report a problem there.

use std::path::Path;

use crate::content::ImageFm;
use crate::diag::{Diagnostic, Kind};
use crate::yaml::Spans;

/// `image:`: the link-card image of every page without one of its own.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SiteImage {
    pub fm: ImageFm,
    /// Points at `image:`, for a missing `alt` or credit.
    pub at: Diagnostic,
    /// Points at `image.src`, for a file that is not there.
    pub src_at: Diagnostic,
}

/// `favicon:`: the site's icon, a file under `content/`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FaviconFile {
    /// Path under `content/`, with `/` between folders.
    pub path: String,
    /// Its media type, for `<link rel="icon" type>`.
    pub mime: &'static str,
    /// Points at the value, for a file that is not there.
    pub at: Diagnostic,
}

/// A diagnostic at the value of `key` in `site.yaml`.
fn at(
    path: &Path,
    text: &str,
    spans: &Spans,
    key: &str,
    kind: Kind,
    message: String,
) -> Diagnostic {
    let d = Diagnostic::new(kind, path, message);
    match spans.value(key) {
        Some(pos) => d.at(text, pos),
        None => d,
    }
}

pub fn image(fm: &ImageFm, path: &Path, text: &str, spans: &Spans) -> SiteImage {
    let here = |key: &str, kind| at(path, text, spans, key, kind, String::new());
    SiteImage {
        fm: fm.clone(),
        at: here("image", Kind::MissingKey),
        src_at: here("image.src", Kind::BadValue),
    }
}

pub fn favicon(
    value: &str,
    path: &Path,
    text: &str,
    spans: &Spans,
) -> Result<FaviconFile, Diagnostic> {
    let here = |message: String| at(path, text, spans, "favicon", Kind::BadValue, message);
    let file = value.trim().trim_start_matches('/');
    let ext = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    let mime = match ext.as_deref() {
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => {
            return Err(here(format!(
                "favicon `{value}` is not an .svg, .png or .ico file"
            ))
            .hint("browsers take an icon as SVG, PNG or ICO, e.g. `favicon: favicon.svg`"));
        }
    };
    if file.split(['/', '\\']).any(|s| s == "..") {
        return Err(here(format!("favicon `{value}` climbs out of content/"))
            .hint("give a path under content/, e.g. `favicon: favicon.png`"));
    }
    Ok(FaviconFile {
        path: file.to_string(),
        mime,
        at: here(String::new()),
    })
}
