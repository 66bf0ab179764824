//! `menu:` of `site.yaml`: the main navigation as the site orders it.

use std::path::Path;

use crate::content::MenuFm;
use crate::diag::{self, Diagnostic, Kind};
use crate::url::scheme;
use crate::yaml::Spans;

/// One entry of the main navigation.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MenuEntry {
    /// The label; for a free page, `None` means the page's own title.
    pub title: Option<String>,
    pub target: MenuTarget,
    /// An error pointing at the entry's `url` or `page` in `site.yaml`, for a later
    /// stage to give its message (a page the site lacks, a link to no file).
    pub at: Diagnostic,
}

/// Where a menu entry leads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum MenuTarget {
    /// A file of the site, by its path from the root (`briefings/index.html`), maybe
    /// with a `#fragment` or `?query`; linked relatively from every page.
    Site(String),
    /// Another site (`https://…`, `mailto:…`), linked as written.
    External(String),
    /// A free page of `content/pages/`, by slug.
    Page(String),
}

impl MenuEntry {
    /// The site path the entry leads to, if it leads into the site.
    pub fn site_path(&self) -> Option<String> {
        match &self.target {
            MenuTarget::Site(p) => Some(p.clone()),
            MenuTarget::Page(slug) => Some(format!("{slug}/index.html")),
            MenuTarget::External(_) => None,
        }
    }
}

/// Reads the entries of `menu:`, reporting every bad one at its place.
pub fn read(
    entries: &[MenuFm],
    at_key: &str,
    path: &Path,
    text: &str,
    spans: &Spans,
) -> Result<Vec<MenuEntry>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let at = |key: &str, message: String, hint: &str| {
            let mut d = Diagnostic::new(Kind::BadValue, path, message).hint(hint);
            let key = if key.is_empty() {
                format!("{at_key}[{i}]")
            } else {
                format!("{at_key}[{i}].{key}")
            };
            if let Some(pos) = spans.value(&key) {
                d = d.at(text, pos);
            }
            d
        };
        let key = if e.page.is_some() { "page" } else { "url" };
        if e.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
            // A link with no text: nothing to read or click.
            diags.push(at(
                "title",
                "a menu entry has an empty `title`".into(),
                "write the label readers see, or leave `title` out of a `page` entry",
            ));
            continue;
        }
        let target = match (&e.url, &e.page) {
            (Some(_), Some(_)) => Err(at(
                "page",
                "a menu entry has both `url` and `page`".into(),
                "give one: `url` for any address, `page` for a page of content/pages/",
            )),
            (None, None) => Err(at(
                "",
                "a menu entry needs `url` or `page`".into(),
                "e.g. `{title: Briefings, url: briefings/}` or `{page: about}`",
            )),
            (Some(url), None) => target_of_url(url)
                .map_err(|(message, hint)| at("url", message, hint))
                .and_then(|t| match e.title {
                    Some(_) => Ok(t),
                    None => Err(at(
                        "",
                        format!("the menu entry for `{url}` has no `title`"),
                        "add `title:`, the label readers see",
                    )),
                }),
            (None, Some(slug)) => Ok(MenuTarget::Page(slug.trim().to_string())),
        };
        match target {
            Ok(target) => out.push(MenuEntry {
                title: e.title.clone(),
                target,
                at: Diagnostic {
                    hint: None,
                    ..at(key, String::new(), "")
                },
            }),
            Err(d) => diags.push(d),
        }
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

/// A menu `url`: another site's address as written (any scheme but those that run
/// script), or a path from the site root, made to name the file (`briefings/` →
/// `briefings/index.html`), as every link of the site does.
fn target_of_url(url: &str) -> Result<MenuTarget, (String, &'static str)> {
    let url = url.trim();
    if scheme::scheme(url).is_some() || url.starts_with("//") {
        return match scheme::check(url, scheme::Use::Link, scheme::Mode::Trusted) {
            Ok(()) => Ok(MenuTarget::External(url.to_string())),
            Err(refusal) => Err((format!("menu url `{url}`: {refusal}"), refusal.hint())),
        };
    }
    let split = url.find(['#', '?']).unwrap_or(url.len());
    let (path, rest) = url.split_at(split);
    let path = path.trim_start_matches('/');
    if path.split('/').any(|s| s == "..") {
        return Err((
            format!("menu url `{url}` climbs out of the site"),
            "write the path from the site root, e.g. `briefings/`",
        ));
    }
    let mut site_path = path.to_string();
    if site_path.is_empty() || site_path.ends_with('/') {
        site_path.push_str("index.html");
    }
    site_path.push_str(rest);
    Ok(MenuTarget::Site(site_path))
}

/// The errors of menu entries naming a free page the site does not have, each with the
/// nearest slug of those it has as a hint.
pub fn unknown_pages(menu: &[MenuEntry], pages: &[&str]) -> Vec<Diagnostic> {
    menu.iter()
        .filter_map(|e| match &e.target {
            MenuTarget::Page(slug) if !pages.contains(&slug.as_str()) => {
                let mut d = e.at.clone();
                d.message = format!("unknown page `{slug}` in the menu");
                Some(match diag::nearest(slug, pages.iter().copied()) {
                    Some(near) => d.hint(format!("did you mean `{near}`?")),
                    None if pages.is_empty() => {
                        d.hint("the site has no pages; add one as content/pages/<slug>.md")
                    }
                    None => d.hint(format!(
                        "the site's pages are {} (a draft counts only with --drafts)",
                        pages.join(", ")
                    )),
                })
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lead_into_the_site_by_file_or_out_of_it_as_written() {
        let site = |s: &str| Ok(MenuTarget::Site(s.to_string()));
        assert_eq!(target_of_url("briefings/"), site("briefings/index.html"));
        assert_eq!(target_of_url("/about/"), site("about/index.html"));
        assert_eq!(target_of_url(""), site("index.html"));
        assert_eq!(target_of_url("data/quotes.csv"), site("data/quotes.csv"));
        assert_eq!(
            target_of_url("briefings/#latest"),
            site("briefings/index.html#latest")
        );
        assert_eq!(
            target_of_url("https://example.org/x"),
            Ok(MenuTarget::External("https://example.org/x".into()))
        );
        assert!(target_of_url(" JavaScript:alert(1)").is_err());
        assert!(target_of_url("data:text/html,x").is_err());
        assert!(target_of_url("../elsewhere/").is_err());
    }
}
