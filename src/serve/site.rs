//! The site as served: the files of the last good build, in memory, and what the latest
//! rebuild said. A [`Snapshot`] is immutable; a rebuild makes a new one, so a request
//! always sees one consistent build.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use crate::discover::Asset;
use crate::render::OutputFile;

/// One built file, kept across rebuilds while its bytes do not change, so that its
/// modification time and `ETag` stay put and browsers keep their cached copy.
#[derive(Debug)]
pub struct Page {
    pub bytes: Vec<u8>,
    pub modified: SystemTime,
    hash: OnceLock<u64>,
}

impl Page {
    fn new(bytes: Vec<u8>, modified: SystemTime) -> Page {
        Page {
            bytes,
            modified,
            hash: OnceLock::new(),
        }
    }

    /// Hash of the bytes, computed on first request: hashing every page of a large site
    /// on each rebuild would add to the time before the browser reloads.
    pub fn hash(&self) -> u64 {
        *self.hash.get_or_init(|| hash_bytes(&self.bytes))
    }
}

pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The output of one good build.
#[derive(Debug, Default)]
pub struct Site {
    /// Built files by output path (`actors/x/index.html`).
    pub pages: HashMap<String, Arc<Page>>,
    /// Files copied as they are, by output path: only these paths are ever read from disk.
    pub assets: HashMap<String, PathBuf>,
}

/// What changed between two good builds, by output path.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diff {
    pub changed: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }

    /// Only stylesheets changed: open pages can swap them without reloading.
    pub fn css_only(&self) -> bool {
        !self.is_empty()
            && self
                .changed
                .iter()
                .chain(&self.added)
                .chain(&self.removed)
                .all(|p| p.ends_with(".css"))
    }

    pub fn count(&self) -> usize {
        self.changed.len() + self.added.len() + self.removed.len()
    }
}

impl Site {
    /// The site of a new build, reusing the pages of `previous` whose bytes did not
    /// change.
    pub fn from_build(
        files: Vec<OutputFile>,
        assets: &[Asset],
        previous: Option<&Site>,
        now: SystemTime,
    ) -> (Site, Diff) {
        let mut diff = Diff::default();
        let mut pages = HashMap::with_capacity(files.len());
        for file in files {
            let old = previous.and_then(|p| p.pages.get(&file.path));
            let page = match old {
                Some(old) if old.bytes == file.bytes => Arc::clone(old),
                Some(_) => {
                    diff.changed.push(file.path.clone());
                    Arc::new(Page::new(file.bytes, now))
                }
                None => {
                    diff.added.push(file.path.clone());
                    Arc::new(Page::new(file.bytes, now))
                }
            };
            pages.insert(file.path, page);
        }
        if let Some(previous) = previous {
            diff.removed = previous
                .pages
                .keys()
                .filter(|k| !pages.contains_key(*k))
                .cloned()
                .collect();
        }
        for list in [&mut diff.changed, &mut diff.added, &mut diff.removed] {
            list.sort();
        }
        let assets = assets
            .iter()
            .filter_map(|a| Some((url_key(&a.rel)?, a.path.clone())))
            .collect();
        (Site { pages, assets }, diff)
    }

    /// Whether any of `paths` (absolute, from the watcher) is an asset of this site, so
    /// that a changed image reloads the pages showing it although no page changed.
    pub fn has_asset_among(&self, paths: &[PathBuf]) -> bool {
        self.assets.values().any(|a| paths.iter().any(|p| p == a))
    }
}

/// `photos/a.png` → `photos/a.png` with `/` separators; `None` for a path that no URL
/// could name (non-UTF-8, or not a plain relative path).
fn url_key(rel: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// What the server shows: the last good site and the outcome of the latest rebuild.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// Bumped whenever the served output may have changed; open pages reload when it does.
    /// 0 until the first good build.
    pub build: u64,
    /// `None` until a build has succeeded.
    pub site: Option<Arc<Site>>,
    /// The diagnostics of the latest rebuild, as the terminal shows them, when it failed.
    pub error: Option<Arc<str>>,
    /// When this snapshot was made: the injected script and overlay change with it.
    pub made: SystemTime,
    /// Set when only stylesheets changed since the previous build number.
    pub css_only: bool,
}

/// Content types for every kind of file a site emits; text types in UTF-8.
pub fn content_type(path: &str) -> &'static str {
    if path.ends_with("atom.xml") {
        return "application/atom+xml; charset=utf-8";
    }
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("ico") => "image/x-icon",
        Some("mp4") => "video/mp4",
        Some("mp3") => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn diff_names_changed_added_and_removed_pages() {
        let t0 = SystemTime::UNIX_EPOCH;
        let (first, _) = Site::from_build(
            vec![file("a.html", "a"), file("b.html", "b"), file("s.css", "x")],
            &[],
            None,
            t0,
        );
        let t1 = t0 + std::time::Duration::from_secs(9);
        let (second, diff) = Site::from_build(
            vec![
                file("a.html", "a"),
                file("b.html", "B"),
                file("c.html", "c"),
            ],
            &[],
            Some(&first),
            t1,
        );
        assert_eq!(diff.changed, ["b.html"]);
        assert_eq!(diff.added, ["c.html"]);
        assert_eq!(diff.removed, ["s.css"]);
        assert_eq!(
            second.pages["a.html"].modified, t0,
            "unchanged page keeps its time"
        );
        assert_eq!(second.pages["b.html"].modified, t1);
        assert!(!diff.css_only());
    }

    #[test]
    fn stylesheet_only_changes_are_recognised() {
        let t = SystemTime::UNIX_EPOCH;
        let (first, _) = Site::from_build(
            vec![file("a.html", "a"), file("style.css", "x")],
            &[],
            None,
            t,
        );
        let (_, diff) = Site::from_build(
            vec![file("a.html", "a"), file("style.css", "y")],
            &[],
            Some(&first),
            t,
        );
        assert!(diff.css_only());
        assert!(!Diff::default().css_only());
    }

    #[test]
    fn content_types_cover_every_emitted_kind() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("search.js", "text/javascript; charset=utf-8"),
            ("atom.xml", "application/atom+xml; charset=utf-8"),
            ("actors/x/atom.xml", "application/atom+xml; charset=utf-8"),
            ("sitemap.xml", "application/xml; charset=utf-8"),
            ("search.json", "application/json"),
            ("quotes.csv", "text/csv; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("map.svg", "image/svg+xml"),
            ("a.PNG", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.gif", "image/gif"),
            ("a.webp", "image/webp"),
            ("report.pdf", "application/pdf"),
            ("font.woff2", "font/woff2"),
            ("favicon.ico", "image/x-icon"),
            ("LICENSE", "application/octet-stream"),
        ];
        for (path, want) in cases {
            assert_eq!(content_type(path), want, "{path}");
        }
    }

    #[test]
    fn asset_keys_use_slashes_and_refuse_odd_paths() {
        assert_eq!(url_key(Path::new("a/b.png")).as_deref(), Some("a/b.png"));
        assert_eq!(url_key(Path::new("../b.png")), None);
        assert_eq!(url_key(Path::new("/etc/passwd")), None);
    }
}
