//! Finding the files of a site: what each file under `content/` is, read into memory.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diag::{Diagnostic, Kind};
use crate::fingerprint::Fingerprint;

/// What a content file holds, from the folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Briefing,
    Actor,
    Topic,
    Page,
    Author,
}

impl Section {
    fn from_dir(dir: &str) -> Option<Section> {
        Some(match dir {
            "briefings" => Section::Briefing,
            "actors" => Section::Actor,
            "topics" => Section::Topic,
            "pages" => Section::Page,
            "authors" => Section::Author,
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
    /// Empty when not read by discovery (see [`discover_lean`]): then read where
    /// needed, from `reread`, by [`Source::text_now`].
    pub text: std::sync::Arc<str>,
    pub reread: Option<PathBuf>,
    /// What a build that keeps its work for the next knows of the file without reading
    /// it (see [`discover_lean`]); none elsewhere.
    pub seen: Option<Seen>,
}

/// A file as found: its [`Stat`] and, where the last build read it as it is now, the
/// fingerprint of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    pub stat: Stat,
    pub print: Option<Fingerprint>,
}

/// What tells a file unchanged without reading it, as git's index and make do: its
/// length, times, inode and device. The change time cannot be set back by a program,
/// and a file whose times are too close to the last build's reading of it to tell
/// apart is read again (see [`Known`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stat {
    pub len: u64,
    pub modified: (i64, i64),
    pub changed: (i64, i64),
    pub inode: u64,
    pub device: u64,
}

impl Stat {
    #[cfg(unix)]
    pub fn of(m: &std::fs::Metadata) -> Option<Stat> {
        use std::os::unix::fs::MetadataExt;
        Some(Stat {
            len: m.len(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
            inode: m.ino(),
            device: m.dev(),
        })
    }

    #[cfg(not(unix))]
    pub fn of(_: &std::fs::Metadata) -> Option<Stat> {
        None
    }
}

/// The fingerprint of the text of the file at a path under the site root with a
/// [`Stat`], where the last build read that file with that stat.
pub type Known<'a> = &'a (dyn Fn(&Path, &Stat) -> Option<Fingerprint> + Sync);

impl Source {
    /// The file's text: as read, or read again (and checked again) where the build let
    /// go of it.
    pub fn text_now(&self) -> Result<std::sync::Arc<str>, Diagnostic> {
        match &self.reread {
            None => Ok(std::sync::Arc::clone(&self.text)),
            Some(path) => read_text(path, &self.rel).map(Into::into),
        }
    }

    /// The language of a translation (`war-crimes.uk.md`, `x/index.uk.md`): a suffix
    /// before `.md` of two or three lowercase letters. The model tells a configured
    /// language from a mistake; a file with none is in the site's default language.
    pub fn lang(&self) -> Option<&str> {
        // The name after the last separator, from the bytes: every save asks this of
        // every source, and `Path::file_name` parses components.
        let path = self.rel.as_os_str().as_encoded_bytes();
        let from = path
            .iter()
            .rposition(|&b| std::path::is_separator(b as char));
        let name = std::str::from_utf8(&path[from.map_or(0, |i| i + 1)..]).ok()?;
        lang_suffix(name).map(|(_, code)| code)
    }
}

/// A file name split into its name and language suffix: `x.uk.md` → (`x`, `uk`).
fn lang_suffix(file_name: &str) -> Option<(&str, &str)> {
    let name = file_name.get(..file_name.len().checked_sub(3)?)?;
    if !file_name[name.len()..].eq_ignore_ascii_case(".md") {
        return None;
    }
    let (base, code) = name.rsplit_once('.')?;
    let looks_like_lang =
        (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase());
    (looks_like_lang && !base.is_empty()).then_some((base, code))
}

/// A file copied to the output as is (images, PDFs…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Absolute path to read from.
    pub path: PathBuf,
    /// Path under `content/`, which is also its path in the output.
    pub rel: PathBuf,
}

#[derive(Debug, Default, Clone)]
pub struct Found {
    pub sources: Vec<Source>,
    pub assets: Vec<Asset>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Found {
    /// Above this many bytes of Markdown, a build that no other follows does not keep
    /// the files' texts (see [`discover_lean`]): some 20,000 briefings of the
    /// synthetic corpus. `BRIEFING_LEAN_ABOVE` sets another, for tests.
    pub const LEAN_ABOVE: usize = 128 << 20;

    /// The line past which [`discover_lean`] reads no file: [`Found::LEAN_ABOVE`], or
    /// `BRIEFING_LEAN_ABOVE` bytes for tests.
    fn lean_above() -> u64 {
        std::env::var("BRIEFING_LEAN_ABOVE")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(Found::LEAN_ABOVE as u64)
    }
}

/// Walks `root/content`, reading every Markdown file. Sorted by path so builds do not
/// depend on the order the file system lists entries in.
///
/// Symbolic links are not followed blindly: one that leads outside the site folder is
/// refused (content must come from inside the site), as is one that loops back into a
/// folder being walked, or that is broken. A link to a folder inside the site is walked
/// as if the folder were there. Pipes, sockets and devices are refused, since reading
/// one could block the build forever.
pub fn discover(root: &Path) -> Found {
    discover_lean(root, |_| false, None)
}

/// [`discover`], but reading no file when `lean` says so of the files found (named, not
/// yet read) and they hold more than [`Found::LEAN_ABOVE`] bytes on disk: each is read
/// where needed instead, from `reread`, to parse it, to render its body (let go of once
/// rendered) and to point at a problem, and checked then as discovery checks it. A
/// large archive's texts otherwise all sat in memory beside the model made of them
/// (some 580 MB at 100,000 briefings, at the build's peak), and reading them here only
/// to let go of them took 2 to 2.7 s of such a build; a small site, which the line
/// spares, reads each file once and keeps it.
///
/// Where `lean` says so and `known` is given, each file is also looked at (`seen`), and
/// one `known` knows is not read here either, whatever the size of the site: the build
/// takes what it made of that text last time, and reads the file only for what it
/// did not keep (reading every file was a fifth of a build after a one-line edit at
/// 10,000 briefings).
pub fn discover_lean(
    root: &Path,
    lean: impl FnOnce(&[Source]) -> bool,
    known: Option<Known>,
) -> Found {
    let content = root.join("content");
    let mut found = Found::default();
    let mut walk = Walk {
        root,
        real_root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        found: &mut found,
        md: Vec::new(),
    };
    let real_content = content.canonicalize().unwrap_or_else(|_| content.clone());
    walk.tree(&content, Path::new(""), &mut vec![real_content]);
    let md = std::mem::take(&mut walk.md);
    let (mut named, mut paths) = (Vec::with_capacity(md.len()), Vec::with_capacity(md.len()));
    for (path, under) in md {
        match named_source(&under) {
            Ok(s) => {
                named.push(s);
                paths.push(path);
            }
            Err(d) => found.diagnostics.push(d),
        }
    }
    let once = lean(&named);
    if let Some(known) = known.filter(|_| once) {
        (named.par_iter_mut().zip(&paths)).for_each(|(s, path)| see(s, path, known));
    }
    let on_disk = || -> u64 {
        (named.par_iter().zip(&paths))
            .map(|(s, p)| match s.seen {
                Some(seen) => seen.stat.len,
                None => std::fs::metadata(p).map_or(0, |m| m.len()),
            })
            .sum()
    };
    let lean = once && on_disk() >= Found::lean_above();
    let read: Vec<Result<Source, Diagnostic>> = (named.into_par_iter().zip(paths))
        .map(|(mut s, path)| {
            if lean || s.seen.is_some_and(|seen| seen.print.is_some()) {
                s.reread = Some(root.join(&s.rel));
                return Ok(s);
            }
            read_into(&path, s)
        })
        .collect();
    for r in read {
        match r {
            Ok(s) => found.sources.push(s),
            Err(d) => found.diagnostics.push(d),
        }
    }
    found
}

/// Looks at the file of `s`, at `path`, before it is read: its stat, and what `known`
/// knows of it.
fn see(s: &mut Source, path: &Path, known: Known) {
    let Some(stat) = std::fs::metadata(path).ok().and_then(|m| Stat::of(&m)) else {
        return;
    };
    let print = known(&s.rel, &stat);
    s.seen = Some(Seen { stat, print });
}

/// Brings `found`, an earlier discovery of `root`, up to date after the files at
/// `changed` (absolute paths under the site root, from a watcher) changed, reading only
/// those: an edited file is read again, a deleted one dropped, a new one read and put
/// in its place in walk order. Returns false, leaving `found` untouched, when only a
/// new walk can tell what the site holds now: a folder or link changed, a file that
/// could not be read before, anything unfamiliar. A walk reads every file of the site
/// (at 10,000 briefings, most of the time a new file took to show in `serve`).
pub fn refresh(root: &Path, found: &mut Found, changed: &[PathBuf]) -> bool {
    let content = root.join("content");
    let (mut reread, mut gone, mut gone_assets, mut added) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for path in changed {
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        if !path.starts_with(&content) {
            continue;
        }
        // A file refused before is judged again by a walk, which reports it afresh.
        if found.diagnostics.iter().any(|d| d.path == rel) {
            return false;
        }
        let meta = std::fs::symlink_metadata(path);
        let is_file = meta.as_ref().is_ok_and(|m| m.file_type().is_file());
        let missing = meta
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
        let source = (found.sources.iter()).position(|s| s.rel.as_os_str() == rel.as_os_str());
        let asset = found.assets.iter().position(|a| a.path == *path);
        match (source, asset) {
            (Some(i), _) if is_file => reread.push(i),
            (Some(i), _) if missing => gone.push(i),
            // Read when served or copied: nothing to refresh, as long as it is a file.
            (None, Some(_)) if is_file => {}
            (None, Some(i)) if missing => gone_assets.push(i),
            (Some(_), _) | (None, Some(_)) => return false,
            (None, None) => {
                let holds_some = found.sources.iter().any(|s| within(rel, &s.rel))
                    || found.assets.iter().any(|a| within(path, &a.path));
                if holds_some || (meta.is_ok() && !is_file) {
                    // A folder, a link or something stranger: a walk tells what it holds.
                    return false;
                }
                if is_file && !hidden(rel) {
                    added.push(rel_to(Path::new("content"), rel));
                }
                // Otherwise it came and went (an editor's temporary file): nothing to do.
            }
        }
    }
    // New files go where a walk would list them: by path, component by component.
    if !added.is_empty() {
        let in_order = |a: &Path, b: &Path| walk_order(a, b).is_le();
        let in_walk_order = found.sources.is_sorted_by(|a, b| in_order(&a.rel, &b.rel))
            && found.assets.is_sorted_by(|a, b| in_order(&a.rel, &b.rel));
        if !in_walk_order {
            return false;
        }
    }
    // Every judgement made; now `found` changes.
    reread.sort_unstable();
    reread.dedup();
    for &i in &reread {
        let s = &found.sources[i];
        let under = rel_to(Path::new("content"), &s.rel);
        match read_source(&root.join(&s.rel), &under) {
            Ok(new) => found.sources[i] = new,
            // Dropped below, with the deleted.
            Err(d) => {
                found.diagnostics.push(d);
                gone.push(i);
            }
        }
    }
    gone.sort_unstable();
    gone.dedup();
    for &i in gone.iter().rev() {
        found.sources.remove(i);
    }
    gone_assets.sort_unstable();
    gone_assets.dedup();
    for &i in gone_assets.iter().rev() {
        found.assets.remove(i);
    }
    added.sort();
    added.dedup();
    for under in added {
        let path = content.join(&under);
        if !is_markdown(&path) {
            let at = (found.assets).partition_point(|a| walk_order(&a.rel, &under).is_lt());
            found.assets.insert(at, Asset { path, rel: under });
            continue;
        }
        match read_source(&path, &under) {
            Ok(new) => {
                let at = (found.sources).partition_point(|s| walk_order(&s.rel, &new.rel).is_lt());
                found.sources.insert(at, new);
            }
            Err(d) => found.diagnostics.push(d),
        }
    }
    true
}

/// Makes `to` equal to `from`, copying only what differs: after one edit, one text;
/// after a file came, went or was renamed, that file (at 10,000 briefings, copying
/// every source for one new actor was a fifth of the save's work on the thread that
/// waits for it).
pub fn sync(to: &mut Found, from: &Found) {
    let same = |x: &Source, y: &Source| {
        x.section == y.section && x.rel.as_os_str() == y.rel.as_os_str() && x.stem == y.stem
    };
    let (a, b) = (&to.sources, &from.sources);
    let head = a.iter().zip(b).take_while(|(x, y)| same(x, y)).count();
    let tail = (a[head..].iter().rev())
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| same(x, y))
        .count();
    let (old_end, new_end) = (a.len() - tail, b.len() - tail);
    let (was, is) = (&a[head..old_end], &b[head..new_end]);
    let n = was.len();
    // The files between: none after an edit, one or two after a file came, went or was
    // renamed; all between when one was renamed to sort at the other end, which moved
    // the others along one place.
    if n > 1 && n == is.len() && was[..n - 1].iter().zip(&is[1..]).all(|(x, y)| same(x, y)) {
        to.sources.remove(old_end - 1);
        to.sources.insert(head, is[0].clone());
    } else if n > 1 && n == is.len() && was[1..].iter().zip(&is[..n - 1]).all(|(x, y)| same(x, y)) {
        to.sources.remove(head);
        to.sources.insert(old_end - 1, is[n - 1].clone());
    } else {
        (to.sources).splice(head..old_end, is.iter().cloned());
    }
    for (x, y) in to.sources.iter_mut().zip(&from.sources) {
        if !std::sync::Arc::ptr_eq(&x.text, &y.text) {
            x.text = std::sync::Arc::clone(&y.text);
        }
        x.reread.clone_from(&y.reread);
        x.seen = y.seen;
    }
    to.assets.clone_from(&from.assets);
    to.diagnostics.clone_from(&from.diagnostics);
}

/// Whether two discoveries found the same files with the same text.
pub fn same(a: &Found, b: &Found) -> bool {
    let same_source = |(x, y): (&Source, &Source)| {
        x.section == y.section
            && x.rel.as_os_str() == y.rel.as_os_str()
            && x.stem == y.stem
            && (std::sync::Arc::ptr_eq(&x.text, &y.text) || x.text == y.text)
    };
    a.sources.len() == b.sources.len()
        && a.sources.iter().zip(&b.sources).all(same_source)
        && a.assets == b.assets
        && a.diagnostics == b.diagnostics
}

/// One walk of the content folder.
struct Walk<'a> {
    root: &'a Path,
    /// The site folder with every link resolved: what content must stay inside.
    real_root: PathBuf,
    found: &'a mut Found,
    /// Markdown files to read: where to read them, and their path under `content/`.
    md: Vec<(PathBuf, PathBuf)>,
}

impl Walk<'_> {
    /// Walks `dir`, whose files appear under `content/<under>`. `active` holds the real
    /// folders on the way down (the content folder, and for every link followed, the
    /// folder it is in and the folder it leads to), so a link back to one of them, or
    /// to a folder above one, is a loop.
    fn tree(&mut self, dir: &Path, under: &Path, active: &mut Vec<PathBuf>) {
        for entry in WalkDir::new(dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e
                        .path()
                        .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                    let why = if e.loop_ancestor().is_some() {
                        "symbolic link loop".to_string()
                    } else {
                        e.io_error()
                            .map_or_else(|| e.to_string(), ToString::to_string)
                    };
                    let rel = rel_to(self.root, &path);
                    self.refuse(rel, format!("cannot read: {why}"), None);
                    continue;
                }
            };
            let kind = entry.file_type();
            if kind.is_dir() || hidden(Path::new(entry.file_name())) {
                continue;
            }
            let path = entry.path().to_path_buf();
            let rel_under = under.join(rel_to(dir, &path));
            if kind.is_symlink() {
                self.link(&path, rel_under, active);
            } else if kind.is_file() {
                self.file(path, rel_under);
            } else {
                self.not_a_file(&rel_under);
            }
        }
    }

    /// A symbolic link: followed only if it stays inside the site and does not loop.
    fn link(&mut self, path: &Path, under: PathBuf, active: &mut Vec<PathBuf>) {
        let rel = Path::new("content").join(&under);
        let target = match path.canonicalize() {
            Ok(t) => t,
            Err(e) if e.raw_os_error() == Some(ELOOP) => {
                return self.refuse(rel, "symbolic link loop".to_string(), None);
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return self.refuse(
                    rel,
                    "broken symbolic link: what it points to does not exist".to_string(),
                    Some("remove the link or restore its target"),
                );
            }
            Err(e) => return self.refuse(rel, format!("cannot read: {e}"), None),
        };
        if !target.starts_with(&self.real_root) {
            return self.refuse(
                rel,
                format!(
                    "symbolic link leads outside the site, to {}",
                    target.display()
                ),
                Some("content must come from inside the site folder: copy the file in instead"),
            );
        }
        let meta = match std::fs::metadata(&target) {
            Ok(m) => m,
            Err(e) => return self.refuse(rel, format!("cannot read: {e}"), None),
        };
        if meta.is_dir() {
            let here = path
                .parent()
                .and_then(|p| p.canonicalize().ok())
                .unwrap_or_default();
            if here.starts_with(&target) || active.iter().any(|a| a.starts_with(&target)) {
                let shown = rel_to(&self.real_root, &target);
                return self.refuse(
                    rel,
                    format!(
                        "symbolic link loop: it leads back to {}, a folder it is in",
                        shown.display()
                    ),
                    Some("remove the link"),
                );
            }
            active.push(here);
            active.push(target.clone());
            self.tree(&target, &under, active);
            active.truncate(active.len() - 2);
        } else if meta.is_file() {
            self.file(path.to_path_buf(), under);
        } else {
            self.not_a_file(&under);
        }
    }

    fn file(&mut self, path: PathBuf, under: PathBuf) {
        if is_markdown(&path) {
            self.md.push((path, under));
        } else {
            self.found.assets.push(Asset { path, rel: under });
        }
    }

    fn not_a_file(&mut self, under: &Path) {
        self.refuse(
            Path::new("content").join(under),
            "not a regular file (a pipe, socket or device)".to_string(),
            Some("remove it from content/"),
        );
    }

    fn refuse(&mut self, rel: PathBuf, message: String, hint: Option<&str>) {
        let mut d = Diagnostic::new(Kind::Io, rel, message);
        if let Some(h) = hint {
            d = d.hint(h);
        }
        self.found.diagnostics.push(d);
    }
}

/// "Too many levels of symbolic links", the same number on Linux and macOS… nearly:
/// Linux uses 40, the BSDs and macOS 62.
#[cfg(target_os = "linux")]
const ELOOP: i32 = 40;
#[cfg(not(target_os = "linux"))]
const ELOOP: i32 = 62;

/// The source at `path`, shown as `content/<under>`, read.
fn read_source(path: &Path, under: &Path) -> Result<Source, Diagnostic> {
    read_into(path, named_source(under)?)
}

/// Source `s`, its text read from `path`.
fn read_into(path: &Path, s: Source) -> Result<Source, Diagnostic> {
    let text = read_text(path, &s.rel)?;
    Ok(Source {
        text: text.into(),
        ..s
    })
}

/// The source at `content/<under>`, its text not yet read.
fn named_source(under: &Path) -> Result<Source, Diagnostic> {
    let rel = Path::new("content").join(under);
    let mut parts = under
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let dir = parts.next().unwrap_or_default();
    let Some(section) = Section::from_dir(&dir) else {
        return Err(Diagnostic::new(
            Kind::BadValue,
            rel,
            "Markdown file outside content/briefings, actors, topics, pages or authors",
        )
        .hint("move it into one of those folders"));
    };
    // From `under`, not `path`: a file reached through a linked folder takes its name
    // from where it appears in the site, not from where it really is.
    // A translation (`x.uk.md`) has the stem of its original.
    let file_stem = (under.file_name().and_then(|n| n.to_str()))
        .and_then(lang_suffix)
        .map(|(base, _)| std::ffi::OsStr::new(base))
        .or_else(|| under.file_stem());
    let stem = if file_stem.is_some_and(|s| s == "index") && under.components().count() > 2 {
        under.parent().and_then(Path::file_name)
    } else {
        file_stem
    }
    .map(|s| s.to_string_lossy().into_owned())
    .unwrap_or_default();
    Ok(Source {
        section,
        rel,
        stem,
        text: std::sync::Arc::from(""),
        reread: None,
        seen: None,
    })
}

/// The text of the Markdown file at `path`, shown as `rel`: UTF-8, without the
/// characters no source may hold.
fn read_text(path: &Path, rel: &Path) -> Result<String, Diagnostic> {
    let rel = rel.to_path_buf();
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
    // The renderer marks links with this private-use character (url::ROOT); text that
    // held it would have it turned into a path.
    if let Some(i) = text.find(crate::url::ROOT) {
        return Err(Diagnostic::new(
            Kind::Encoding,
            rel,
            "file contains the private-use character U+E000, which briefing reserves",
        )
        .at(&text, crate::diag::Pos::at_byte(&text, i, 3))
        .hint("remove it; it shows as nothing or a box in most fonts"));
    }
    Ok(text)
}

/// Whether the file at `path` is read as a source rather than copied. `.MD` too: a file
/// saved by an editor that upper-cases names is still Markdown, and copied raw it would
/// publish its front matter.
fn is_markdown(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Whether the file at `path` is a dot file, which is none of the site's (an editor's
/// swap file, `.DS_Store`).
fn hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// The order of a walk, component by component (`a/b` before `a-b`), told from the
/// bytes: the paths a walk makes have no `.`, `..` or doubled separators, and so compare
/// as their bytes do with the separator lowest. `Path`'s own order parses components,
/// which over 11,000 sources was a tenth of a save that adds a file.
fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let key = |c: u8| {
        if std::path::is_separator(c as char) {
            0
        } else {
            c
        }
    };
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => key(a[i]).cmp(&key(b[i])),
        None => a.len().cmp(&b.len()),
    }
}

/// Whether `path` is `dir` or inside it, told from the bytes as [`walk_order`] is.
fn within(dir: &Path, path: &Path) -> bool {
    let (dir, path) = (
        dir.as_os_str().as_encoded_bytes(),
        path.as_os_str().as_encoded_bytes(),
    );
    path.strip_prefix(dir).is_some_and(|rest| {
        rest.is_empty() || dir.is_empty() || std::path::is_separator(rest[0] as char)
    })
}

fn rel_to(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(found: &Found) -> Vec<(PathBuf, String)> {
        found
            .sources
            .iter()
            .map(|s| (s.rel.clone(), s.text.to_string()))
            .collect()
    }

    /// A discovery of briefings named `names`, each with its name as its text.
    fn of(names: &[&str]) -> Found {
        let sources = names.iter().map(|n| Source {
            section: Section::Briefing,
            rel: PathBuf::from(format!("content/briefings/{n}.md")),
            stem: (*n).to_string(),
            text: std::sync::Arc::from(*n),
            reread: None,
            seen: None,
        });
        Found {
            sources: sources.collect(),
            ..Found::default()
        }
    }

    #[test]
    fn walk_order_and_within_agree_with_paths_compared_by_components() {
        let paths = [
            "",
            "a",
            "a/b",
            "a-b",
            "a.b",
            "a/b/c",
            "a/b-c",
            "a/b.md",
            "ab",
            "a b",
            "b",
            "briefings/x.md",
            "briefings-x/y.md",
            "briefings/x/y.md",
            "é/x",
            "e/x",
            "Z",
        ];
        for a in paths.map(Path::new) {
            for b in paths.map(Path::new) {
                assert_eq!(walk_order(a, b), a.cmp(b), "{a:?} {b:?}");
                assert_eq!(within(a, b), b.starts_with(a), "{a:?} in {b:?}");
            }
        }
    }

    #[test]
    fn sync_makes_the_same_discovery_copying_only_the_files_that_differ() {
        let names = |f: &Found| f.sources.iter().map(|s| s.stem.clone()).collect::<Vec<_>>();
        let mut to = of(&["a", "b", "c", "d"]);
        let kept = to.sources[3].rel.as_os_str().as_encoded_bytes().as_ptr();
        for now in [
            of(&["a", "b", "bb", "c", "d"]),
            of(&["a", "c", "d"]),
            of(&["a", "x", "d"]),
            of(&["d0", "a", "x"]),
            of(&[]),
            of(&["a"]),
        ] {
            let before_last = to.sources.last().map(|s| s.stem.clone());
            sync(&mut to, &now);
            assert_eq!(names(&to), names(&now));
            assert!(same(&to, &now), "{:?}", names(&now));
            if before_last.as_deref() == Some("d")
                && names(&now).last().map(String::as_str) == Some("d")
            {
                // The last file, the same before and after, is the one it was.
                let at = to
                    .sources
                    .last()
                    .unwrap()
                    .rel
                    .as_os_str()
                    .as_encoded_bytes()
                    .as_ptr();
                assert_eq!(at, kept, "{:?}", names(&now));
            }
        }
        // Renamed to sort first, and back: the files between move along, not copied.
        to = of(&["a", "b", "c", "d"]);
        let b = |f: &Found| f.sources[1].rel.as_os_str().as_encoded_bytes().as_ptr();
        let kept = b(&to);
        sync(&mut to, &of(&["0", "a", "b", "c"]));
        assert_eq!(names(&to), ["0", "a", "b", "c"]);
        assert_eq!(
            to.sources[2].rel.as_os_str().as_encoded_bytes().as_ptr(),
            kept
        );
        sync(&mut to, &of(&["a", "b", "c", "d"]));
        assert_eq!(names(&to), ["a", "b", "c", "d"]);
        assert_eq!(b(&to), kept);
        // An edit: the text is the new one.
        let mut edited = of(&["a"]);
        edited.sources[0].text = std::sync::Arc::from("new");
        sync(&mut to, &edited);
        assert_eq!(&*to.sources[0].text, "new");
    }

    #[test]
    fn refresh_rereads_edited_files_and_asks_for_a_walk_for_anything_else() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let briefings = root.join("content/briefings");
        std::fs::create_dir_all(&briefings).unwrap();
        let a = briefings.join("a.md");
        std::fs::write(&a, "---\ntitle: A\n---\n").unwrap();
        std::fs::write(briefings.join("b.md"), "---\ntitle: B\n---\n").unwrap();
        std::fs::write(briefings.join("map.png"), "png").unwrap();
        let mut found = discover(&root);

        std::fs::write(&a, "---\ntitle: A, edited\n---\n").unwrap();
        let gone = briefings.join("4913");
        let before = found.sources[0].text.clone();
        assert!(refresh(&root, &mut found, &[a.clone(), gone]));
        let walked = discover(&root);
        assert!(same(&found, &walked), "same as a new walk");
        let mut copy = Found::default();
        sync(&mut copy, &walked);
        assert!(same(&copy, &walked));
        sync(&mut copy, &found);
        assert!(same(&copy, &found));
        assert_ne!(found.sources[0].text, before);
        let png = briefings.join("map.png");
        assert!(refresh(&root, &mut found, &[png]), "asset");

        // Added and deleted files, Markdown or not, are found as a walk finds them.
        let c = briefings.join("c.md");
        std::fs::write(&c, "---\ntitle: C\n---\n").unwrap();
        let aa = briefings.join("aa.md");
        std::fs::write(&aa, "---\ntitle: AA\n---\n").unwrap();
        let pdf = briefings.join("b.pdf");
        std::fs::write(&pdf, "pdf").unwrap();
        let dot = briefings.join(".c.md.swp");
        std::fs::write(&dot, "swap").unwrap();
        assert!(refresh(
            &root,
            &mut found,
            &[c.clone(), aa, pdf.clone(), dot]
        ));
        assert!(same(&found, &discover(&root)), "added");
        assert_eq!(found.sources.len(), 4);
        std::fs::remove_file(&a).unwrap();
        std::fs::remove_file(&pdf).unwrap();
        assert!(refresh(&root, &mut found, &[a, pdf]));
        assert!(same(&found, &discover(&root)), "removed");
        // A file that cannot be read is a diagnostic; deleted, a walk drops it.
        let bad = briefings.join("bad.md");
        std::fs::write(&bad, [0xff, 0xfe]).unwrap();
        assert!(refresh(&root, &mut found, std::slice::from_ref(&bad)));
        assert!(same(&found, &discover(&root)), "unreadable");
        assert_eq!(found.diagnostics.len(), 1);
        std::fs::remove_file(&bad).unwrap();
        let before = texts(&found);
        assert!(!refresh(&root, &mut found, &[c, bad]), "refused before");
        assert_eq!(texts(&found), before, "untouched when it cannot tell");
        let folder = briefings.join("new");
        std::fs::create_dir(&folder).unwrap();
        assert!(!refresh(&root, &mut found, &[folder]), "a new folder");
        let content = root.join("content");
        assert!(!refresh(&root, &mut found, &[content]), "a folder");
    }

    #[test]
    fn a_language_suffix_makes_a_translation_of_the_same_stem() {
        let dir = tempfile::tempdir().unwrap();
        let briefings = dir.path().join("content/briefings");
        std::fs::create_dir_all(briefings.join("b")).unwrap();
        for f in [
            "a.md",
            "a.uk.md",
            "b/index.md",
            "b/index.uk.md",
            "v1.2.md",
            "x.Uk.md",
        ] {
            std::fs::write(briefings.join(f), "---\ntitle: T\n---\n").unwrap();
        }
        let found = discover(dir.path());
        let got: Vec<(&str, Option<&str>)> = (found.sources.iter())
            .map(|s| (s.stem.as_str(), s.lang()))
            .collect();
        assert_eq!(
            got,
            [
                ("a", None),
                ("a", Some("uk")),
                ("b", None),
                ("b", Some("uk")),
                ("v1.2", None),
                ("x.Uk", None)
            ]
        );
    }

    #[test]
    fn markdown_is_told_by_its_extension_in_any_case() {
        let dir = tempfile::tempdir().unwrap();
        let briefings = dir.path().join("content/briefings");
        std::fs::create_dir_all(&briefings).unwrap();
        std::fs::write(briefings.join("u.MD"), "---\ntitle: U\n---\n").unwrap();
        std::fs::write(briefings.join("v.Md"), "---\ntitle: V\n---\n").unwrap();
        let found = discover(dir.path());
        let stems: Vec<&str> = found.sources.iter().map(|s| s.stem.as_str()).collect();
        assert_eq!(stems, ["u", "v"]);
        assert!(found.assets.is_empty(), "{:?}", found.assets);
    }
}
