//! Checking links inside the built site: every relative link must name a file of the
//! site, and every `#anchor` an element of the page it points to.
//!
//! Links written in Markdown bodies are reported at their place in the content file;
//! links that templates produce are reported against the page and its template.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use crate::diag::{self, Diagnostic, Kind};
use crate::discover::Asset;
use crate::markdown::is_external;
use crate::model::{BodyLink, LeftOutWhy, Site};
use crate::render::OutputFile;

/// Resolves `url` (as written on the page at `page`) to a path under the site root,
/// with its fragment. `None` when it climbs out of the site.
pub fn resolve(page: &str, url: &str) -> Option<(String, String)> {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, f),
        None => (url, ""),
    };
    let path = path.split('?').next().unwrap_or("");
    let path = percent_decode(path);
    if path.is_empty() {
        return Some((page.to_string(), fragment.to_string()));
    }
    let mut parts: Vec<&str> = if let Some(abs) = path.strip_prefix('/') {
        abs.split('/').collect()
    } else {
        let mut base: Vec<&str> = page.split('/').collect();
        base.pop();
        base.extend(path.split('/'));
        base
    };
    let mut out: Vec<&str> = Vec::with_capacity(parts.len());
    let dir = path.ends_with('/');
    for part in parts.drain(..) {
        match part {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p => out.push(p),
        }
    }
    let mut joined = out.join("/");
    if dir || joined.is_empty() {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some((joined, fragment.to_string()))
}

/// Decodes `%XX` escapes byte by byte: an escape cut short or followed by a multibyte
/// character (`%aé`) is kept as written, and bytes that are not UTF-8 become U+FFFD.
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The files of a site by path, and the element ids of its HTML pages when asked for.
pub struct Index<'a> {
    files: HashSet<&'a str>,
    ids: Option<HashMap<&'a str, HashSet<&'a str>>>,
    /// Pages the build left out (drafts, future-dated), and why.
    left_out: HashMap<&'a str, LeftOutWhy>,
}

impl<'a> Index<'a> {
    pub fn new(files: &'a [OutputFile], assets: &'a [Asset], with_ids: bool) -> Self {
        let mut index = Index::of_paths(files.iter().map(|f| f.path.as_str()), assets);
        index.ids = with_ids.then(|| {
            files
                .iter()
                .filter(|f| f.path.ends_with(".html"))
                .filter_map(|f| {
                    Some((f.path.as_str(), ids_of(std::str::from_utf8(&f.bytes).ok()?)))
                })
                .collect()
        });
        index
    }

    /// An index of which files exist, without anchors: enough to check link targets
    /// when the pages themselves are already on disk.
    pub fn of_paths(paths: impl Iterator<Item = &'a str>, assets: &'a [Asset]) -> Self {
        let mut files: HashSet<&str> = paths.collect();
        files.extend(assets.iter().filter_map(|a| a.rel.to_str()));
        Index {
            files,
            ids: None,
            left_out: HashMap::new(),
        }
    }

    /// The index, knowing which pages `site` left out, so that a link to one says why.
    pub fn left_out(mut self, site: &'a Site) -> Self {
        self.left_out = site
            .left_out
            .iter()
            .map(|l| (l.page.as_str(), l.why))
            .collect();
        self
    }

    /// Why `target` is missing, as a hint, if the build left it out.
    fn why_left_out(&self, target: &str) -> Option<&'static str> {
        self.left_out.get(target).map(|why| match why {
            LeftOutWhy::Draft => "that page is a draft; build with --drafts or publish it",
            LeftOutWhy::Future => {
                "that briefing is dated after today, so it is left out; build with --future, or link to it once it is published"
            }
        })
    }

    /// Why `target#fragment` does not resolve, if it does not.
    fn problem(&self, target: &str, fragment: &str) -> Option<String> {
        if !self.files.contains(target) {
            return Some(format!("no page or file `{target}` in the site"));
        }
        let ids = self.ids.as_ref()?;
        if fragment.is_empty() || !target.ends_with(".html") {
            return None;
        }
        match ids.get(target) {
            Some(set) if set.contains(fragment) => None,
            _ => Some(format!("`{target}` has no element with id `{fragment}`")),
        }
    }

    fn nearest_page(&self, target: &str) -> Option<&'a str> {
        let same_dir: Vec<&str> = self
            .files
            .iter()
            .copied()
            .filter(|f| f.ends_with("index.html"))
            .collect();
        diag::nearest(target, same_dir)
    }
}

/// Every `id="…"` in an HTML page.
fn ids_of(html: &str) -> HashSet<&str> {
    let mut ids = HashSet::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            ids.insert(&rest[..end]);
            rest = &rest[end..];
        }
    }
    ids
}

/// Every `href`/`src` value in an HTML page, unescaped.
fn links_of(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&").replace("&#x2F;", "/"));
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Assets a body links to relatively, copied beside the page that uses them: `map.png`
/// in `content/briefings/x.md` is `content/briefings/map.png`, and the page
/// `briefings/x/index.html` needs it at `briefings/x/map.png`.
/// For a body link `l` to a file beside its body: the file's path under `content/`
/// and the site path the link names from the page showing it.
pub fn source_and_target(l: &BodyLink) -> Option<(String, String)> {
    let md = l.file.strip_prefix("content").ok()?.to_str()?;
    Some((resolve(md, &l.url)?.0, resolve(&l.page, &l.url)?.0))
}

pub fn colocated(site: &Site, assets: &[Asset]) -> Vec<Asset> {
    let by_rel: HashMap<&str, &Asset> = assets
        .iter()
        .filter_map(|a| Some((a.rel.to_str()?, a)))
        .collect();
    let mut out: Vec<Asset> = Vec::new();
    // Run on every rebuild of `serve`, over every link of the site.
    if by_rel.is_empty() {
        return out;
    }
    for l in &site.body_links {
        if l.url.starts_with('/') || l.url.starts_with('#') {
            continue;
        }
        let Some((source, target)) = source_and_target(l) else {
            continue;
        };
        if let Some(a) = by_rel.get(source.as_str()) {
            if source != target && !out.iter().any(|o| o.rel.as_os_str() == target.as_str()) {
                out.push(Asset {
                    path: a.path.clone(),
                    rel: PathBuf::from(target),
                });
            }
        }
    }
    out
}

/// Checks the links written in Markdown bodies and in `menu:` of `site.yaml`.
pub fn check_bodies(site: &Site, index: &Index) -> Vec<Diagnostic> {
    let mut diags = check_body_links(site.body_links.iter().map(|l| &**l), index);
    diags.extend(check_menu(site, index));
    diags
}

/// Checks that every `menu:` entry leading into the site names a file of it, reported
/// at the entry in `site.yaml` (every page shows the menu; the file is where to fix it).
pub fn check_menu(site: &Site, index: &Index) -> Vec<Diagnostic> {
    let Some(menu) = &site.config.menu else {
        return Vec::new();
    };
    let mut diags = Vec::new();
    for e in menu {
        let Some(path) = e.site_path() else { continue };
        let problem = match resolve("index.html", &path) {
            None => Some("it points outside the site".to_string()),
            Some((target, fragment)) => index.problem(&target, &fragment),
        };
        if let Some(why) = problem {
            let mut d = e.at.clone();
            d.kind = Kind::BrokenLink;
            d.message = format!("broken menu link `{path}`: {why}");
            let target = resolve("index.html", &path)
                .map(|t| t.0)
                .unwrap_or_default();
            if let Some(near) = index.nearest_page(&target).filter(|n| *n != target) {
                d = d.hint(format!(
                    "did you mean `{}`?",
                    near.trim_end_matches("index.html")
                ));
            }
            diags.push(d);
        }
    }
    diags
}

/// The site paths `menu:` leads to, which [`check_menu`] checks: the pages' own check
/// leaves them out, so a broken entry is reported once, at its place.
fn menu_paths(site: &Site) -> HashSet<(String, String)> {
    let menu = site.config.menu.iter().flatten();
    menu.filter_map(|e| resolve("index.html", &e.site_path()?))
        .collect()
}

/// [`check_bodies`] for some of the links.
pub fn check_body_links<'l>(
    links: impl IntoIterator<Item = &'l BodyLink>,
    index: &Index,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for l in links {
        // The link as the page has it: one naming a content file (`other.md`) was
        // written otherwise.
        let problem = match resolve(&l.page, &l.href) {
            None => Some("it points outside the site".to_string()),
            Some((target, fragment)) => index.problem(&target, &fragment),
        };
        if let Some(why) = problem {
            let mut d = Diagnostic::new(
                Kind::BrokenLink,
                &l.file,
                format!("broken link `{}`: {why}", l.url),
            );
            d.pos = Some(l.pos);
            d.line_text = Some(l.line.clone());
            d.line_from = l.line_from;
            let target = resolve(&l.page, &l.href).map(|t| t.0).unwrap_or_default();
            if let Some(why) = index.why_left_out(&target) {
                d = d.hint(why);
            } else if let Some(near) = index.nearest_page(&target).filter(|n| *n != target) {
                d = d.hint(format!(
                    "did you mean `/{}`?",
                    near.trim_end_matches("index.html")
                ));
            }
            diags.push(d);
        }
    }
    diags
}

/// Checks every link of every rendered page, skipping those a body check covers.
/// Reports each broken target once, against the first page that links to it.
pub fn check_pages(site: &Site, files: &[OutputFile], index: &Index) -> Vec<Diagnostic> {
    let from_bodies: HashSet<(&str, &str)> = site
        .body_links
        .iter()
        .map(|l| (l.page.as_str(), l.href.as_str()))
        .collect();
    let from_menu = menu_paths(site);
    let mut seen = HashSet::new();
    let mut diags = Vec::new();
    for f in files
        .iter()
        .filter(|f| f.path.ends_with(".html") && f.path != "404.html")
    {
        let Ok(html) = std::str::from_utf8(&f.bytes) else {
            continue;
        };
        for url in links_of(html) {
            if is_external(&url) || from_bodies.contains(&(f.path.as_str(), url.as_str())) {
                continue;
            }
            let problem = match resolve(&f.path, &url) {
                None => Some("it points outside the site".to_string()),
                Some(link) if from_menu.contains(&link) => None,
                Some((target, fragment)) => index.problem(&target, &fragment),
            };
            if let Some(why) = problem {
                if seen.insert(why.clone()) {
                    diags.push(
                        Diagnostic::new(
                            Kind::BrokenLink,
                            PathBuf::from(&f.path),
                            format!("broken link `{url}` in the rendered page: {why}"),
                        )
                        .hint("the link comes from a template, or from Markdown rendered by one"),
                    );
                }
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_and_root_links_to_site_paths() {
        let page = "briefings/x/index.html";
        assert_eq!(
            resolve(page, "../../actors/a/index.html"),
            Some(("actors/a/index.html".into(), String::new()))
        );
        assert_eq!(
            resolve(page, "/briefings/y/"),
            Some(("briefings/y/index.html".into(), String::new()))
        );
        assert_eq!(
            resolve(page, "map.png"),
            Some(("briefings/x/map.png".into(), String::new()))
        );
        assert_eq!(
            resolve(page, "#sources"),
            Some((page.into(), "sources".into()))
        );
        assert_eq!(
            resolve(page, "/"),
            Some(("index.html".into(), String::new()))
        );
        assert_eq!(
            resolve(page, "a%20b.pdf"),
            Some(("briefings/x/a b.pdf".into(), String::new()))
        );
        assert_eq!(resolve(page, "../../../../etc/passwd"), None);
    }

    #[test]
    fn percent_escapes_are_decoded_by_bytes() {
        let page = "briefings/x/index.html";
        for (url, want) in [
            ("%aé", "briefings/x/%aé"),
            ("é%a", "briefings/x/é%a"),
            ("%é", "briefings/x/%é"),
            ("%+1", "briefings/x/%+1"),
            ("%e9", "briefings/x/\u{fffd}"),
            ("%C3%A9%", "briefings/x/é%"),
            ("a%2F..%2F..%2Fb", "briefings/b"),
        ] {
            assert_eq!(
                resolve(page, url),
                Some((want.into(), String::new())),
                "{url}"
            );
        }
        assert_eq!(resolve(page, "%2e%2e/%2e%2e/%2e%2e/x"), None);
    }

    #[test]
    fn finds_ids_and_links() {
        let html =
            r#"<a href="a.html#x">a</a> <p id="x"></p><img src="b.png"> <a href="?q=1&amp;r=2">"#;
        assert_eq!(ids_of(html), HashSet::from(["x"]));
        assert_eq!(links_of(html), vec!["a.html#x", "?q=1&r=2", "b.png"]);
    }
}
