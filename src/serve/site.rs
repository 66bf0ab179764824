//! The site as served: the files of the last good build, in memory, and what the latest
//! rebuild said. A [`Snapshot`] is immutable; a rebuild makes a new one, so a request
//! always sees one consistent build.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::pipeline::Prepared;
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

    /// Whether it went to a browser: every response of a file hashes it.
    fn was_served(&self) -> bool {
        self.hash.get().is_some()
    }
}

pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// A page as rendered, or why it could not be.
pub type Rendered = Result<Arc<Page>, Arc<PageError>>;

/// A template that failed on one page: the diagnostics as the overlay shows them.
#[derive(Debug)]
pub struct PageError {
    pub diagnostic: Diagnostic,
    /// Set once the terminal has shown it, so that each failure is printed once.
    pub reported: AtomicBool,
}

/// The site of one good build. Pages are rendered when first asked for and then kept:
/// a save on a large site must not wait for thousands of pages nobody is looking at.
pub struct Site {
    prepared: Prepared,
    /// By page number of `prepared`.
    pages: Vec<OnceLock<Rendered>>,
    /// Feeds, exports and search files, made together on first request.
    extras: OnceLock<HashMap<String, Arc<Page>>>,
    /// Files served by earlier sites, by path: a page that renders the same keeps its
    /// time and `ETag`, so browsers keep their copy.
    before: HashMap<String, Arc<Page>>,
    /// Files copied as they are, by output path: only these paths are ever read from disk.
    pub assets: HashMap<String, PathBuf>,
    made: SystemTime,
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("pages", &self.pages.len())
            .field("assets", &self.assets.len())
            .finish_non_exhaustive()
    }
}

impl Site {
    /// The site of a new build, made at `now`; `previous` lends it the files it served.
    pub fn new(prepared: Prepared, previous: Option<&Site>, now: SystemTime) -> Site {
        let before = previous.map(Site::served).unwrap_or_default();
        let assets = prepared
            .assets
            .iter()
            .filter_map(|a| Some((url_key(&a.rel)?, a.path.clone())))
            .collect();
        Site {
            pages: (0..prepared.page_count())
                .map(|_| OnceLock::new())
                .collect(),
            prepared,
            extras: OnceLock::new(),
            before,
            assets,
            made: now,
        }
    }

    /// Every file this site or those before it sent to a browser, by path. Pages only
    /// rendered (all of them, after a template change) are left out: browsers hold no
    /// copy of them, and on a large site they would keep hundreds of megabytes alive.
    fn served(&self) -> HashMap<String, Arc<Page>> {
        let mut all = self.before.clone();
        let rendered = self
            .pages
            .iter()
            .enumerate()
            .filter_map(|(i, page)| match page.get() {
                Some(Ok(page)) => Some((self.prepared.path(i), page)),
                _ => None,
            });
        let extras = self.extras.get().into_iter().flatten();
        for (path, page) in rendered.chain(extras.map(|(k, v)| (k.as_str(), v))) {
            if page.was_served() {
                all.insert(path.to_string(), Arc::clone(page));
            }
        }
        all
    }

    /// How what this site was made from differs from the good build before it.
    pub fn change(&self) -> crate::pipeline::Change {
        self.prepared.change
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// What the build warned of.
    pub fn warnings(&self) -> &[crate::diag::Diagnostic] {
        &self.prepared.site.warnings
    }

    /// Briefings left out for being dated after today.
    pub fn future_left_out(&self) -> usize {
        self.prepared.site.future_left_out
    }

    /// The generated file at `path`, rendered now if it has not been yet.
    pub fn file(&self, path: &str) -> Option<Rendered> {
        if let Some(i) = self.prepared.page_at(path) {
            return Some(self.page(i, &self.prepared.renderer()).clone());
        }
        if !crate::pipeline::extras_may_own(path) {
            return None;
        }
        let extras = self.extras.get_or_init(|| {
            let files = self.prepared.extras().iter();
            files
                .map(|f| (f.path.clone(), self.keep(&f.path, f.bytes.clone())))
                .collect()
        });
        extras.get(path).map(|p| Ok(Arc::clone(p)))
    }

    /// Whether a generated file is at `path`, without making it.
    pub fn has_page(&self, path: &str) -> bool {
        self.prepared.page_at(path).is_some()
    }

    /// Page `i`, rendered now by `render` if it has not been yet.
    fn page(
        &self,
        i: usize,
        render: &(dyn Fn(usize) -> Result<OutputFile, Diagnostic> + Sync),
    ) -> &Rendered {
        self.pages[i].get_or_init(|| match render(i) {
            Ok(file) => Ok(self.keep(&file.path, file.bytes)),
            Err(diagnostic) => Err(Arc::new(PageError {
                diagnostic,
                reported: AtomicBool::new(false),
            })),
        })
    }

    /// The page for `bytes`: the earlier one if it had the same bytes.
    fn keep(&self, path: &str, bytes: Vec<u8>) -> Arc<Page> {
        match self.before.get(path) {
            Some(old) if old.bytes == bytes => Arc::clone(old),
            _ => Arc::new(Page::new(bytes, self.made)),
        }
    }

    /// Renders every page now, as a build would, reporting what the templates got
    /// wrong: after a template change, errors must show at once, not on some page
    /// later.
    pub fn render_all(&self) -> Result<(), Vec<Diagnostic>> {
        self.render_all_until(&|| false)
    }

    /// [`Site::render_all`], skipping the pages left once `stop` says so: what it
    /// found until then.
    pub fn render_all_until(
        &self,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<(), Vec<Diagnostic>> {
        let render = self.prepared.renderer();
        let mut diags: Vec<Diagnostic> = (0..self.pages.len())
            .into_par_iter()
            .filter_map(|i| {
                if stop() {
                    return None;
                }
                let page = self.page(i, &render);
                page.as_ref().err().map(|e| e.diagnostic.clone())
            })
            .collect();
        diags.dedup();
        if diags.is_empty() { Ok(()) } else { Err(diags) }
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
    use crate::pipeline::{self, BuildOptions};

    #[test]
    fn a_served_page_that_renders_the_same_keeps_its_time() {
        let opts = BuildOptions {
            root: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"),
            ..Default::default()
        };
        let mut cache = pipeline::Cache::default();
        let mut prepare = || pipeline::prepare(&opts, &mut cache, &[]).expect("builds");
        let t0 = SystemTime::UNIX_EPOCH;
        let first = Site::new(prepare(), None, t0);
        let page = |site: &Site, path: &str| site.file(path).expect("exists").expect("renders");
        page(&first, "style.css").hash();
        page(&first, "index.html");
        let t1 = t0 + std::time::Duration::from_secs(9);
        let second = Site::new(prepare(), Some(&first), t1);
        assert_eq!(page(&second, "style.css").modified, t0, "served: kept");
        assert_eq!(page(&second, "index.html").modified, t1, "only rendered");
        assert!(second.file("nope.html").is_none());
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
