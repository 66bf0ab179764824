//! `briefing templates` and `briefing context`: what a site's theme is made of, and
//! what the template of one of its pages receives, so that nobody editing a template
//! has to guess either.

use std::fmt::Write as _;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::pipeline::{self, BuildOptions, Failure};
use crate::theme;

/// The built-in templates, each marked with the site's file that overrides it, then the
/// site's templates that override nothing (its own components or pages).
pub fn template_list(root: &Path) -> String {
    let own = theme::site_templates(root);
    let width = theme::built_in_names().map(str::len).max().unwrap_or(0);
    let mut out = String::from(
        "built-in templates (`_name.html` holds components the pages call; \
         `briefing templates eject NAME` copies one to edit):\n",
    );
    for name in theme::built_in_names() {
        if own.iter().any(|n| n == name) {
            let _ = writeln!(out, "  {name:width$}  overridden by templates/{name}");
        } else {
            let _ = writeln!(out, "  {name}");
        }
    }
    let added: Vec<&String> = own
        .iter()
        .filter(|n| theme::built_in(n).is_none())
        .collect();
    if !added.is_empty() {
        out.push_str("the site's own templates, overriding none:\n");
        for name in added {
            let _ = writeln!(out, "  templates/{name}");
        }
    }
    out
}

/// Why `briefing context` gave no context.
#[derive(Debug)]
pub enum ContextError {
    /// The site does not build (exit 1, as `check` would).
    Failure(Failure),
    /// No page at that path (a usage error): the message names the nearest paths.
    NoPage(String),
    /// The page's views could not be made (a component failed to render).
    Page(Diagnostic),
}

/// The context the template of the page at the site path `wanted` receives, as pretty
/// JSON. `wanted` is written as in a URL or as the output file: `briefings/x/`,
/// `/actors/nato/`, `briefings/x/index.html`, `` or `/` for the home page.
pub fn context(opts: &BuildOptions, wanted: &str) -> Result<String, ContextError> {
    let prepared = pipeline::prepare(opts, &mut pipeline::Cache::default(), &[])
        .map_err(ContextError::Failure)?;
    let path = page_path(wanted);
    let Some(i) = prepared.page_at(&path) else {
        return Err(ContextError::NoPage(no_page(
            wanted,
            &path,
            prepared.paths(),
        )));
    };
    let value = prepared.context(i).map_err(ContextError::Page)?;
    let mut text = serde_json::to_string_pretty(&value).map_err(|e| {
        let d = Diagnostic::new(crate::diag::Kind::Template, path.as_str(), e.to_string());
        ContextError::Page(d)
    })?;
    text.push('\n');
    Ok(text)
}

/// The output file of the page at a site path: a folder's page is its `index.html`.
fn page_path(wanted: &str) -> String {
    let path = wanted.trim().trim_start_matches('/');
    let path = path.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if Path::new(path).extension().is_some() {
        path.to_string()
    } else {
        format!("{path}/index.html")
    }
}

/// The message for a path with no page: the nearest paths the site has.
fn no_page<'a>(wanted: &str, path: &str, paths: impl Iterator<Item = &'a str>) -> String {
    let mut scored: Vec<(usize, &str)> = paths.map(|p| (strsim::levenshtein(path, p), p)).collect();
    scored.sort();
    let near: Vec<String> = scored
        .iter()
        .take(3)
        .map(|(_, p)| format!("`/{}`", p.strip_suffix("index.html").unwrap_or(p)))
        .collect();
    format!(
        "no page at `{}` in the site; nearest: {}",
        crate::diag::printable(wanted),
        near.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths_name_the_file_of_their_page() {
        assert_eq!(page_path(""), "index.html");
        assert_eq!(page_path("/"), "index.html");
        assert_eq!(page_path("briefings/x/"), "briefings/x/index.html");
        assert_eq!(page_path("/actors/nato"), "actors/nato/index.html");
        assert_eq!(
            page_path("briefings/x/index.html"),
            "briefings/x/index.html"
        );
        assert_eq!(page_path("style.css"), "style.css");
        assert_eq!(page_path("/quotes/page/2/#top"), "quotes/page/2/index.html");
    }

    #[test]
    fn a_missing_page_is_answered_with_the_nearest_paths() {
        let paths = [
            "index.html",
            "actors/nato/index.html",
            "actors/russia/index.html",
        ];
        let m = no_page("actors/nat/", "actors/nat/index.html", paths.into_iter());
        assert_eq!(
            m,
            "no page at `actors/nat/` in the site; nearest: `/actors/nato/`, `/actors/russia/`, `/`"
        );
    }
}
