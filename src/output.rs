//! Writing the built site: everything goes into a staging folder beside the output,
//! which then replaces the output in one step, so a failed or interrupted build never
//! leaves a half-written site.

use std::io;
use std::path::{Path, PathBuf};

use crate::discover::Asset;
use crate::fingerprint::Fingerprint;
use crate::record::{self, Entry, Record};
use crate::render::OutputFile;

mod journal;
mod update;
use journal::Journal;
pub use update::{Changed, Update};

/// An I/O failure with the path it happened on.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub action: &'static str,
    pub source: io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot {} {}: {}",
            self.action,
            self.path.display(),
            self.source
        )
    }
}

fn at<'p>(path: &'p Path, action: &'static str) -> impl FnOnce(io::Error) -> WriteError + 'p {
    move |source| WriteError {
        path: path.to_path_buf(),
        action,
        source,
    }
}

/// The file that marks a folder as a site `briefing` wrote, so a later build may replace
/// it whole. Any other non-empty folder is refused unless forced: `--out ~/Documents`
/// must not delete someone's documents.
pub const MARKER: &str = ".briefing-output";
const MARKER_TEXT: &str =
    "This folder was written by briefing: the next build replaces it whole.\n";

/// Why the output folder may not be replaced.
#[derive(Debug)]
pub enum Refusal {
    /// It is a file (or something else that is not a folder).
    NotAFolder(PathBuf),
    /// It is a folder with files in it that `briefing` did not write.
    Foreign(PathBuf),
    /// It could not be read to tell.
    Unreadable(PathBuf, io::Error),
    /// It is the site, or inside its `content/` or `templates/`: the swap would delete
    /// the sources. The folder to suggest instead is given.
    Sources(PathBuf, PathBuf),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NotAFolder(p) => write!(
                f,
                "refusing to build into {}: it is a file, not a folder (choose a folder with --out)",
                p.display()
            ),
            Refusal::Foreign(p) => write!(
                f,
                "refusing to build into {}: it is not empty and was not written by briefing, \
                 and a build replaces the whole folder (choose a new or empty folder with --out, \
                 or pass --force to replace it and delete what is in it)",
                p.display()
            ),
            Refusal::Unreadable(p, e) => {
                write!(f, "cannot read the output folder {}: {e}", p.display())
            }
            Refusal::Sources(p, instead) => write!(
                f,
                "refusing to build into {}: it holds the site's own sources (use a folder such as {})",
                p.display(),
                instead.display()
            ),
        }
    }
}

/// Whether a build of the site at `root` may replace `out`: not the site or its sources,
/// and missing, empty, a site `briefing` wrote, or any folder when `force`d.
pub fn may_build_into(root: &Path, out: &Path, force: bool) -> Result<(), Refusal> {
    let (site, target) = (resolved(root), resolved(out));
    let inside = |dir: &str| target.starts_with(site.join(dir));
    if site.starts_with(&target) || inside("content") || inside("templates") {
        return Err(Refusal::Sources(target, site.join("public")));
    }
    match may_replace(out) {
        Err(Refusal::Foreign(_)) if force => Ok(()),
        other => other,
    }
}

/// `p` made absolute with what exists of it resolved (symlinks, `..`) and the rest
/// kept as written, so a folder still to be made compares like one that exists.
fn resolved(p: &Path) -> PathBuf {
    let abs = absolute(p);
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut resolved = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    resolved.extend(rest.iter().rev());
    resolved
}

/// Whether a build may replace `out`: it is missing, empty, or a site `briefing` wrote.
/// Output of versions from before the marker is recognised by its data export.
fn may_replace(out: &Path) -> Result<(), Refusal> {
    let meta = match std::fs::metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Refusal::Unreadable(out.to_path_buf(), e)),
    };
    if !meta.is_dir() {
        return Err(Refusal::NotAFolder(out.to_path_buf()));
    }
    let mut entries =
        std::fs::read_dir(out).map_err(|e| Refusal::Unreadable(out.to_path_buf(), e))?;
    let ours = out.join(MARKER).is_file()
        || (out.join("index.html").is_file() && out.join("data/quotes.json").is_file());
    if entries.next().is_none() || ours {
        Ok(())
    } else {
        Err(Refusal::Foreign(out.to_path_buf()))
    }
}

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

/// Finishes or clears away what builds into `out` that were killed left beside it: done
/// before the last build's record is read, since a build killed while changing `out` in
/// place is finished here.
pub fn recover_beside(out: &Path) {
    let out = absolute(out);
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
        return;
    };
    recover(parent, &name.to_string_lossy(), &out);
}

/// Tidies up after builds that were killed: their staging folders (half written) and
/// old sites (moved aside, not yet removed) are deleted, except those of builds still
/// running. If a killed build had moved the old site aside but not yet put the new one
/// in place (possible only where the two cannot be exchanged in one step), the old site
/// is put back first, so `out` is never left missing. If it was changing `out` in place,
/// past the point where it wrote down how (see [`journal`]), the change is finished.
fn recover(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let staging = format!(".{name}.staging-");
    let old = format!(".{name}.old-");
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let (is_old, pid) = if let Some(pid) = file_name.strip_prefix(&staging) {
            (false, pid)
        } else if let Some(pid) = file_name.strip_prefix(&old) {
            (true, pid)
        } else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && process_alive(pid) {
            continue;
        }
        let path = entry.path();
        if is_old && !out.exists() && std::fs::rename(&path, out).is_ok() {
            continue;
        }
        // A build that had decided its changes to `out` is finished; one that had not
        // leaves `out` as it was. A journal that cannot be carried out now stays for the
        // next build to try.
        if let Some(journal) = (!is_old).then(|| Journal::left_in(&path)).flatten() {
            if journal.apply(&path, out).is_err() {
                continue;
            }
        }
        let _ = remove_any(&path);
    }
}

/// Whether a process with this id is running (another build writing beside us).
#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    false
}

fn remove_any(path: &Path) -> io::Result<()> {
    if std::fs::symlink_metadata(path)?.is_dir() {
        std::fs::remove_dir_all(path)
    } else {
        std::fs::remove_file(path)
    }
}

/// Puts `stage` where `out` is. On Linux the two are exchanged in one step
/// (`renameat2(RENAME_EXCHANGE)`), so at every instant `out` is one complete site, the
/// old or the new; the old one, now at `stage`, is then removed. Elsewhere (or on a file
/// system without the exchange) the old output is moved aside first and removed only
/// after the new one is in place; an interruption between the two renames leaves the
/// old site beside `out`, which the next build puts back (see [`recover`]).
fn swap(stage: &Path, out: &Path) -> Result<(), WriteError> {
    if !out.exists() {
        return std::fs::rename(stage, out).map_err(at(out, "move the new site into"));
    }
    match exchange(stage, out) {
        Ok(()) => {
            let _ = remove_any(stage);
            return Ok(());
        }
        Err(e) if !exchange_unsupported(&e) => {
            return Err(at(out, "move the new site into")(e));
        }
        Err(_) => {}
    }
    let old = out.with_file_name(format!(
        ".{}.old-{}",
        out.file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    std::fs::rename(out, &old).map_err(at(out, "move aside the old site in"))?;
    if let Err(e) = std::fs::rename(stage, out) {
        let _ = std::fs::rename(&old, out);
        return Err(at(out, "move the new site into")(e));
    }
    let _ = remove_any(&old);
    Ok(())
}

/// Swaps the names of two existing paths atomically.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in path"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call; AT_FDCWD makes
    // relative paths relative to the working directory, as `std::fs::rename` does.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Errors meaning "this kernel or file system cannot exchange": fall back to renames.
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(
        e.raw_os_error(),
        Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP)
    ) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}

/// Where an asset goes under the output folder, as a record names it.
fn rel_path(asset: &Asset) -> String {
    asset.rel.to_string_lossy().replace('\\', "/")
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Staging folders being written by this process, for [`remove_unfinished`].
static UNFINISHED: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn unfinished() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    UNFINISHED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Removes every staging folder this process has not committed: for a build that must
/// end at once (a template stuck past its budget), so it leaves nothing beside the
/// output.
pub fn remove_unfinished() {
    for dir in unfinished().drain(..) {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// A site being written file by file into a staging folder beside `out`, which replaces
/// `out` only on [`Stage::commit`]. Dropped uncommitted, it removes itself, so a failed
/// build leaves the old site alone.
pub struct Stage {
    dir: PathBuf,
    out: PathBuf,
    written: std::sync::atomic::AtomicU64,
    files: std::sync::atomic::AtomicUsize,
    /// What was written, for the next build to start from.
    record: std::sync::Mutex<Record>,
    committed: bool,
}

impl Stage {
    pub fn create(out: &Path) -> Result<Stage, WriteError> {
        let out = absolute(out);
        let parent = out.parent().unwrap_or(Path::new(".")).to_path_buf();
        std::fs::create_dir_all(&parent).map_err(at(&parent, "create folder"))?;
        let name = out
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        recover(&parent, &name, &out);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(at(&dir, "clear staging folder"))?;
        }
        std::fs::create_dir_all(&dir).map_err(at(&dir, "create folder"))?;
        unfinished().push(dir.clone());
        let marker = dir.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(at(&marker, "write"))?;
        Ok(Stage {
            dir,
            out,
            written: 0.into(),
            files: 0.into(),
            record: Default::default(),
            committed: false,
        })
    }

    /// Writes one file, made from `inputs` if it is a page; safe to call from many
    /// threads at once.
    pub fn write(&self, file: &OutputFile, inputs: Option<Fingerprint>) -> Result<(), WriteError> {
        self.write_hashed(file, inputs, Fingerprint::of_bytes(&file.bytes))
    }

    /// [`Stage::write`] of a file whose bytes' fingerprint the caller has taken.
    fn write_hashed(
        &self,
        file: &OutputFile,
        inputs: Option<Fingerprint>,
        bytes: Fingerprint,
    ) -> Result<(), WriteError> {
        use std::io::Write as _;
        let path = self.dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(at(parent, "create folder"))?;
        }
        let mut f = std::fs::File::create(&path).map_err(at(&path, "write"))?;
        f.write_all(&file.bytes).map_err(at(&path, "write"))?;
        let m = f.metadata().map_err(at(&path, "write"))?;
        self.count(file.bytes.len() as u64);
        self.keep(
            file.path.clone(),
            Entry {
                inputs,
                bytes,
                len: m.len(),
                mtime: record::mtime(&m).unwrap_or_default(),
            },
        );
        Ok(())
    }

    /// [`Stage::write`] of the file at `path` made piece by piece (a data export file,
    /// some 200 MB at 100,000 briefings), each piece written and let go as it comes.
    /// Should its bytes have the fingerprint `unless`, it is removed again and not
    /// recorded: `Ok(false)`.
    pub fn write_pieces(
        &self,
        path: &str,
        pieces: &mut dyn Iterator<Item = Vec<u8>>,
        unless: Option<Fingerprint>,
    ) -> Result<bool, WriteError> {
        use std::io::Write as _;
        let full = self.dir.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(at(parent, "create folder"))?;
        }
        let mut f = std::fs::File::create(&full).map_err(at(&full, "write"))?;
        let mut hash = crate::fingerprint::OfPieces::default();
        let mut len = 0;
        for piece in pieces {
            f.write_all(&piece).map_err(at(&full, "write"))?;
            hash.update(&piece);
            len += piece.len() as u64;
        }
        let bytes = hash.finish();
        if unless == Some(bytes) {
            drop(f);
            std::fs::remove_file(&full).map_err(at(&full, "remove"))?;
            return Ok(false);
        }
        let m = f.metadata().map_err(at(&full, "write"))?;
        self.count(len);
        self.keep(
            path.to_string(),
            Entry {
                inputs: None,
                bytes,
                len: m.len(),
                mtime: record::mtime(&m).unwrap_or_default(),
            },
        );
        Ok(true)
    }

    /// Copies an asset to its place in the site.
    pub fn copy(&self, asset: &Asset) -> Result<(), WriteError> {
        self.copy_from(asset, update::source_inputs(asset)?)
    }

    /// [`Stage::copy`] of a file whose source the caller has fingerprinted.
    fn copy_from(&self, asset: &Asset, inputs: Fingerprint) -> Result<(), WriteError> {
        let to = self.dir.join(&asset.rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(at(parent, "create folder"))?;
        }
        let n = std::fs::copy(&asset.path, &to).map_err(at(&asset.path, "copy"))?;
        let m = std::fs::metadata(&to).map_err(at(&to, "copy"))?;
        self.count(n);
        self.keep(
            rel_path(asset),
            Entry {
                inputs: Some(inputs),
                bytes: inputs,
                len: m.len(),
                mtime: record::mtime(&m).unwrap_or_default(),
            },
        );
        Ok(())
    }

    fn keep(&self, path: String, entry: Entry) {
        self.record
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path, entry);
    }

    fn count(&self, bytes: u64) {
        use std::sync::atomic::Ordering::Relaxed;
        self.written.fetch_add(bytes, Relaxed);
        self.files.fetch_add(1, Relaxed);
    }

    /// What was written so far, taken out of the stage.
    fn take_record(&self) -> Record {
        std::mem::take(
            &mut *self
                .record
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    /// Changes the output in place as `journal` says, the staged files being those it
    /// moves in; the stage is gone afterwards. Once the journal is written the stage is
    /// no longer removed on failure: what it holds is the rest of a decided change.
    fn apply(mut self, journal: &Journal) -> Result<(), WriteError> {
        if journal.is_empty() {
            return Ok(());
        }
        journal.write(&self.dir)?;
        self.committed = true;
        unfinished().retain(|d| *d != self.dir);
        journal.apply(&self.dir, &self.out)?;
        let _ = std::fs::remove_dir_all(&self.dir);
        Ok(())
    }

    /// Puts the staged site in place of the output; returns what was written and the
    /// record of it (renaming a folder keeps its files' modification times).
    pub fn commit(mut self) -> Result<(Written, Record), WriteError> {
        swap(&self.dir, &self.out)?;
        self.committed = true;
        unfinished().retain(|d| *d != self.dir);
        let record = self.take_record();
        let written = Written {
            files: self.files.load(std::sync::atomic::Ordering::Relaxed),
            bytes: self.written.load(std::sync::atomic::Ordering::Relaxed),
        };
        Ok((written, record))
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
            unfinished().retain(|d| *d != self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    /// Writes `files` and `assets` to `out`, replacing whatever was there only once all of
    /// it is on disk.
    fn write_site(
        out: &Path,
        files: &[OutputFile],
        assets: &[Asset],
    ) -> Result<Written, WriteError> {
        let stage = Stage::create(out)?;
        files.par_iter().try_for_each(|f| stage.write(f, None))?;
        assets.par_iter().try_for_each(|a| stage.copy(a))?;
        stage.commit().map(|(written, _)| written)
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_second_build_replaces_the_first_and_leaves_nothing_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        write_site(&out, &[file("a/index.html", "one")], &[]).unwrap();
        write_site(&out, &[file("b/index.html", "two")], &[]).unwrap();
        assert_eq!(names(tmp.path()), ["public"]);
        assert_eq!(names(&out), [MARKER, "b"]);
        assert_eq!(
            std::fs::read_to_string(out.join("b/index.html")).unwrap(),
            "two"
        );
    }

    #[test]
    fn leftovers_of_killed_builds_are_cleared_and_a_missing_site_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        // No process has id 0x7fff_fff0; these are a killed build's.
        let dead = 0x7fff_fff0_u32;
        std::fs::create_dir_all(tmp.path().join(format!(".public.staging-{dead}/x"))).unwrap();
        std::fs::create_dir_all(tmp.path().join(format!(".public.old-{dead}/old"))).unwrap();
        std::fs::write(tmp.path().join(format!(".public.old-{dead}/old/f")), "old").unwrap();
        // Killed between its two renames: the old site is beside `public`, not in it.
        recover(tmp.path(), "public", &out);
        assert_eq!(names(tmp.path()), ["public"]);
        assert_eq!(std::fs::read_to_string(out.join("old/f")).unwrap(), "old");
        // With `public` in place, a stale old site is just removed; a live build's
        // staging folder is left alone.
        let live = std::process::id();
        std::fs::create_dir_all(tmp.path().join(format!(".public.old-{dead}"))).unwrap();
        std::fs::create_dir_all(tmp.path().join(format!(".other.staging-{dead}"))).unwrap();
        write_site(&out, &[file("index.html", "new")], &[]).unwrap();
        assert_eq!(names(tmp.path()), [".other.staging-2147483632", "public"]);
        assert!(!tmp.path().join(format!(".public.staging-{live}")).exists());
    }

    #[test]
    fn an_output_path_under_a_file_is_an_error_naming_the_path() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("f"), "").unwrap();
        let e = write_site(
            &tmp.path().join("f/public"),
            &[file("index.html", "x")],
            &[],
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("cannot create folder"), "{e}");
        assert!(e.to_string().contains("f"), "{e}");
    }
}
