//! Bodies kept from one `build` to the next. Rendering every Markdown body was some
//! 40% of the work of a build after a one-line edit at 10,000 briefings; a body whose
//! file and whose context (the actors it could link to) are as they were renders as it
//! did, so the next build takes it from here, as `serve` takes it from memory.
//!
//! Each file's front matter is kept the same way, parsed (see [`KeptFront`]).
//!
//! One file per output folder, beside the build's record: the bodies' HTML as the build
//! spilled it (see [`crate::spill`]), then each body's and each front matter's entry,
//! then their directories by file, then a footer. Entries are written as bodies are made and read as
//! they are asked for, so that neither build holds them all (some 2.5 KB a body: 250 MB
//! at 100,000 briefings). A file that is cut short, does not add up or was written by
//! another binary is not used, and an entry that does not add up is not either: the
//! body is rendered then, as in a first build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::cache::Body;
use super::{ActorId, BodyLink};
use crate::discover::Stat;
use crate::fingerprint::Fingerprint;
use crate::markdown::{Figure, FileTarget, Heading, LocalLink, Rendered};
use crate::spill::{Html, Spill};

/// Changes whenever the layout below does.
const FORMAT: u32 = 2;
const MAGIC: &[u8; 16] = b"briefing bodies\n";
/// Where the entries start, the directory's length and fingerprint, the binary's,
/// format, magic.
const FOOTER: usize = 8 + 8 + 16 + 16 + 4 + 16;

/// How the file of a build's bodies begins its name until the build is done: one that
/// was killed leaves it behind (the spill of 100,000 briefings is some 500 MB).
pub const UNFINISHED: &str = "bodies.";

/// Removes what killed builds left in `dir` (see [`UNFINISHED`]). A build running
/// beside this one loses its file, which it still reads, and keeps no bodies.
pub fn clear_unfinished(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(UNFINISHED) && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// How many output folders' bodies a site keeps: a build into a folder of its own each
/// time (a CI job's, say) would otherwise leave 66 MB behind at 10,000 briefings, each
/// time. The newest are kept.
const FOLDERS_KEPT: usize = 3;

/// Removes the bodies kept in `dir` for all but the [`FOLDERS_KEPT`] output folders
/// built into last.
fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut kept: Vec<(std::time::SystemTime, PathBuf)> = (entries.flatten())
        .filter(|e| e.path().extension().is_some_and(|x| x == "bodies"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    kept.sort_by_key(|k| std::cmp::Reverse(k.0));
    for (_, path) in kept.into_iter().skip(FOLDERS_KEPT) {
        let _ = std::fs::remove_file(path);
    }
}

/// Where the bodies of builds of the site into the output folder whose record is at
/// `record` are kept.
pub fn path(record: &Path) -> PathBuf {
    record.with_extension("bodies")
}

/// One body as kept: what [`Body`] holds, but its HTML as a place in the file. A body
/// with a problem is not kept: its problems are the build's diagnostics, made again.
#[derive(Serialize, Deserialize)]
struct Entry {
    path: PathBuf,
    text: Fingerprint,
    context: u64,
    page: String,
    strip_html: bool,
    html: Place,
    mentions: Vec<ActorId>,
    actor_refs: Vec<(String, ActorId, String)>,
    first_paragraph: String,
    local_links: Vec<LocalLink>,
    files: Vec<(String, Option<FileTarget<ActorId>>)>,
    headings: Vec<Heading>,
    images: Vec<(String, crate::images::Size)>,
    first_figure: Option<Figure>,
    links: Vec<BodyLink>,
}

#[derive(Serialize, Deserialize)]
enum Place {
    Held(String),
    /// In the file, with the fingerprint of its bytes, which are read and checked once
    /// before the body is taken.
    At {
        at: u64,
        len: usize,
        print: Fingerprint,
    },
}

/// One file's front matter as the build that kept it parsed it, with no problem: the
/// YAML parse was four tenths of what a build after a one-line edit at 10,000
/// briefings had left to do. Kept as JSON, since the front matter's types read any
/// scalar a field may hold (`deserialize_any`), which only a format that says what
/// each value is can give them.
#[derive(Serialize, Deserialize)]
pub(super) struct KeptFront {
    /// The fingerprint of the whole file it was parsed from.
    pub text: Fingerprint,
    /// Where its YAML lies in that file, the line on which it starts, and where the
    /// body starts: what positions asked for later are walked from.
    pub yaml: (usize, usize),
    pub first_line: usize,
    pub body_offset: usize,
    pub json: String,
}

/// Where each entry is, after the bodies: its offset from the first, its length and
/// its fingerprint.
type Directory = Vec<(PathBuf, u64, u32, Fingerprint)>;

/// A directory as read: an entry's place by file.
type Places = HashMap<PathBuf, (u64, u32, Fingerprint)>;

/// The files a build read, each with its stat before it was read and the fingerprint
/// of its text, and when that build began to look at them (see [`Kept::known`]).
#[derive(Default, Serialize, Deserialize)]
struct Seen {
    files: Vec<(PathBuf, Stat, Fingerprint)>,
    since: (i64, i64),
}

/// How far apart two times must be for every file system to tell them apart (FAT
/// counts modification times in steps of two seconds).
const COARSEST: i64 = 2;

/// Bodies an earlier build kept (see [`load`]), read when asked for.
#[derive(Default)]
pub struct Kept {
    file: Option<Arc<Spill>>,
    entries_at: u64,
    bodies: Places,
    fronts: Places,
    seen: HashMap<PathBuf, (Stat, Fingerprint)>,
    since: (i64, i64),
    /// Whether the file, or an entry asked for, did not add up: the build says so.
    damaged: std::sync::atomic::AtomicBool,
}

impl Kept {
    /// Whether the file, or an entry asked for, was found damaged.
    pub fn damaged(&self) -> bool {
        self.damaged.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether anything was kept at all.
    pub fn holds_any(&self) -> bool {
        self.file.is_some()
    }

    /// The fingerprint of the text of the file at `path` (under the site root), if the
    /// last build read it with stat `stat`, and the file's times are clear of that
    /// reading: a file changed in the same tick of its file system's clock as the last
    /// build looked at it could have the same stat and another text.
    pub fn known(&self, path: &Path, stat: &Stat) -> Option<Fingerprint> {
        let (then, print) = self.seen.get(path)?;
        let clear = |(secs, nanos): (i64, i64)| (secs.saturating_add(COARSEST), nanos) < self.since;
        (then == stat && clear(stat.modified) && clear(stat.changed)).then_some(*print)
    }

    /// The body kept for the file at `path`, if there is one and its entry adds up.
    pub(super) fn get(&self, path: &Path) -> Option<Body> {
        let (file, entry) = (self.file.as_ref()?, *self.bodies.get(path)?);
        self.checked(self.entry(file, entry))
    }

    /// The front matter kept for the file at `path`, if there is one and it adds up.
    pub(super) fn front(&self, path: &Path) -> Option<KeptFront> {
        let (file, &place) = (self.file.as_ref()?, self.fronts.get(path)?);
        let front = self.read(file, place);
        self.checked(front.and_then(|bytes| postcard::from_bytes(&bytes).ok()))
    }

    /// `kept`, noting that what was asked for did not add up if it is none.
    pub(super) fn checked<T>(&self, kept: Option<T>) -> Option<T> {
        if kept.is_none() {
            self.damaged
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        kept
    }

    /// The bytes of the entry at `place`, if they add up.
    fn read(&self, file: &Spill, (at, len, print): (u64, u32, Fingerprint)) -> Option<Vec<u8>> {
        let mut bytes = vec![0; len as usize];
        crate::spill::read_at(file.file(), &mut bytes, self.entries_at + at).ok()?;
        (Fingerprint::of_bytes(&bytes) == print).then_some(bytes)
    }

    fn entry(&self, file: &Arc<Spill>, place: (u64, u32, Fingerprint)) -> Option<Body> {
        let e: Entry = postcard::from_bytes(&self.read(file, place)?).ok()?;
        let html = match e.html {
            Place::Held(s) => Html::from(s),
            Place::At { at, len, print } if at + len as u64 <= self.entries_at => {
                let mut bytes = vec![0; len];
                crate::spill::read_at(file.file(), &mut bytes, at).ok()?;
                if Fingerprint::of_bytes(&bytes) != print {
                    return None;
                }
                Html::Spilled {
                    spill: Arc::clone(file),
                    at,
                    len,
                    print,
                }
            }
            Place::At { .. } => return None,
        };
        let rendered = Rendered {
            html: String::new(),
            mentions: e.mentions,
            actor_refs: e.actor_refs,
            first_paragraph: e.first_paragraph,
            local_links: e.local_links,
            files: e.files,
            headings: e.headings,
            images: (e.images.into_iter()).map(|(p, s)| (p, Ok(s))).collect(),
            first_figure: e.first_figure,
            bad_links: Vec::new(),
            problems: Vec::new(),
            bad_files: Vec::new(),
        };
        Some(Body {
            text: e.text,
            context: e.context,
            page: e.page,
            html,
            rendered,
            links: e.links.into_iter().map(Arc::new).collect(),
            strip_html: e.strip_html,
        })
    }
}

/// The bodies kept at `path` by the last build; none if there is no such file or it
/// cannot be trusted.
pub fn load(path: &Path) -> Kept {
    let Ok(file) = std::fs::File::open(path) else {
        return Kept::default();
    };
    match read(file, crate::fingerprint::binary()) {
        Ok(kept) => kept,
        // Another binary's: the record says so for both.
        Err(Unread::Foreign) => Kept::default(),
        Err(Unread::Damaged) => Kept {
            damaged: true.into(),
            ..Kept::default()
        },
    }
}

/// Why a file of kept bodies was not read.
enum Unread {
    Foreign,
    Damaged,
}

fn read(file: std::fs::File, binary: Fingerprint) -> Result<Kept, Unread> {
    use Unread::{Damaged, Foreign};
    let len = file.metadata().map_err(|_| Damaged)?.len();
    let footer_at = len.checked_sub(FOOTER as u64).ok_or(Damaged)?;
    let mut footer = [0; FOOTER];
    crate::spill::read_at(&file, &mut footer, footer_at).map_err(|_| Damaged)?;
    let u64_of = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
    let u128_of = |b: &[u8]| u128::from_le_bytes(b.try_into().unwrap_or([0; 16]));
    let (entries_at, rest) = footer.split_at(8);
    let (directory_len, rest) = rest.split_at(8);
    let (sum, rest) = rest.split_at(16);
    let (made_by, rest) = rest.split_at(16);
    let (format, magic) = rest.split_at(4);
    if magic != MAGIC {
        return Err(Damaged);
    }
    if format != FORMAT.to_le_bytes() || u128_of(made_by) != binary.0 {
        return Err(Foreign);
    }
    let (entries_at, directory_len) = (u64_of(entries_at), u64_of(directory_len));
    let directory_at = (footer_at.checked_sub(directory_len))
        .filter(|at| *at >= entries_at)
        .ok_or(Damaged)?;
    let mut bytes = vec![0; usize::try_from(directory_len).map_err(|_| Damaged)?];
    crate::spill::read_at(&file, &mut bytes, directory_at).map_err(|_| Damaged)?;
    if Fingerprint::of_bytes(&bytes).0 != u128_of(sum) {
        return Err(Damaged);
    }
    let (bodies, fronts, seen): (Directory, Directory, Seen) =
        postcard::from_bytes(&bytes).map_err(|_| Damaged)?;
    let room = directory_at - entries_at;
    let places = |directory: Directory| -> Places {
        (directory.into_iter())
            .filter(|(_, at, len, _)| at + u64::from(*len) <= room)
            .map(|(path, at, len, print)| (path, (at, len, print)))
            .collect()
    };
    Ok(Kept {
        file: Some(Spill::reading(file).map_err(|_| Damaged)?),
        entries_at,
        bodies: places(bodies),
        fronts: places(fronts),
        seen: (seen.files.into_iter())
            .map(|(path, stat, print)| (path, (stat, print)))
            .collect(),
        since: seen.since,
        damaged: false.into(),
    })
}

/// The bodies a build used, written as it uses them to a file of their own, to be put
/// after the spilled HTML once the build succeeded.
pub struct Keeper {
    spill: Arc<Spill>,
    entries: Mutex<Entries>,
}

struct Entries {
    file: std::io::BufWriter<std::fs::File>,
    written: u64,
    bodies: Directory,
    fronts: Directory,
    seen: Seen,
    /// The first error writing them: nothing is kept then.
    failed: bool,
}

impl Keeper {
    /// Keeps the bodies spilled to `spill`, which must be named (see
    /// [`Spill::named_in`]), their entries in a file in `dir` until then.
    pub fn new(spill: Arc<Spill>, dir: &Path) -> std::io::Result<Keeper> {
        Ok(Keeper {
            spill,
            entries: Mutex::new(Entries {
                file: std::io::BufWriter::new(tempfile::tempfile_in(dir)?),
                written: 0,
                bodies: Vec::new(),
                fronts: Vec::new(),
                seen: Seen {
                    files: Vec::new(),
                    since: now(),
                },
                failed: false,
            }),
        })
    }

    /// Keeps body `b` of the file at `path`, unless it has problems; its HTML is copied
    /// into this build's spill if it was read from another.
    pub(super) fn keep(&self, path: &Path, b: &Body) {
        let r = &b.rendered;
        let clean = r.problems.is_empty() && r.bad_links.is_empty() && r.bad_files.is_empty();
        let images: Option<Vec<_>> = (r.images.iter())
            .map(|(p, s)| s.as_ref().ok().map(|s| (p.clone(), *s)))
            .collect();
        let Some(images) = images.filter(|_| clean) else {
            return;
        };
        let print = b.html.fingerprint();
        let html = match b.html.spilled_in(&self.spill) {
            Some((at, len)) => Place::At { at, len, print },
            None => match self.spill.put(&b.html.text()) {
                Html::Held(s) => Place::Held(s.to_string()),
                put => match put.spilled_in(&self.spill) {
                    Some((at, len)) => Place::At { at, len, print },
                    None => return,
                },
            },
        };
        let entry = Entry {
            path: path.to_path_buf(),
            text: b.text,
            context: b.context,
            page: b.page.clone(),
            strip_html: b.strip_html,
            html,
            mentions: r.mentions.clone(),
            actor_refs: r.actor_refs.clone(),
            first_paragraph: r.first_paragraph.clone(),
            local_links: r.local_links.clone(),
            files: r.files.clone(),
            headings: r.headings.clone(),
            images,
            first_figure: r.first_figure.clone(),
            links: b.links.iter().map(|l| (**l).clone()).collect(),
        };
        self.write(entry.path.clone(), &entry, |e| &mut e.bodies);
    }

    /// Notes that the file at `path` had stat `stat` before it was read, and text
    /// `print` (see [`Kept::known`]).
    pub(super) fn saw(&self, path: &Path, stat: Stat, print: Fingerprint) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.seen.files.push((path.to_path_buf(), stat, print));
    }

    /// Keeps the front matter of the file at `path`, parsed without a problem.
    pub(super) fn keep_front(&self, path: &Path, front: &KeptFront) {
        self.write(path.to_path_buf(), front, |e| &mut e.fronts);
    }

    /// Writes `entry`, of the file at `path`, into the directory `of` picks.
    fn write(
        &self,
        path: PathBuf,
        entry: &impl Serialize,
        of: impl FnOnce(&mut Entries) -> &mut Directory,
    ) {
        let Ok(bytes) = postcard::to_stdvec(entry) else {
            return;
        };
        let print = Fingerprint::of_bytes(&bytes);
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let e = &mut *entries;
        match (
            u32::try_from(bytes.len()),
            std::io::Write::write_all(&mut e.file, &bytes),
        ) {
            (Ok(len), Ok(())) => {
                let at = e.written;
                e.written += u64::from(len);
                of(e).push((path, at, len, print));
            }
            _ => e.failed = true,
        }
    }

    /// Writes the entries, their directory and the footer after the bodies and puts
    /// the file at `path`.
    pub fn save(self, path: &Path) -> std::io::Result<()> {
        use std::io::{Read, Seek, Write};
        let Entries {
            file,
            written,
            bodies,
            fronts,
            seen,
            failed,
        } = (self.entries.into_inner()).unwrap_or_else(std::sync::PoisonError::into_inner);
        if failed {
            return Err(std::io::Error::other("a body could not be kept"));
        }
        let mut entries = file.into_inner().map_err(|e| e.into_error())?;
        entries.seek(std::io::SeekFrom::Start(0))?;
        let directory =
            postcard::to_stdvec(&(bodies, fronts, seen)).map_err(std::io::Error::other)?;
        let mut tail = directory.clone();
        let entries_at = self.spill.len();
        tail.extend_from_slice(&entries_at.to_le_bytes());
        tail.extend_from_slice(&(directory.len() as u64).to_le_bytes());
        tail.extend_from_slice(&Fingerprint::of_bytes(&directory).0.to_le_bytes());
        tail.extend_from_slice(&crate::fingerprint::binary().0.to_le_bytes());
        tail.extend_from_slice(&FORMAT.to_le_bytes());
        tail.extend_from_slice(MAGIC);
        self.spill.keep_as(path, |mut out: &std::fs::File| {
            // In the kernel where it can: no copy of the entries passes through here.
            let copied = std::io::copy(&mut entries.take(written), &mut out)?;
            if copied != written {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            out.write_all(&tail)
        })?;
        if let Some(dir) = path.parent() {
            prune(dir);
        }
        Ok(())
    }
}

/// Now, as a file system's times are given.
fn now() -> (i64, i64) {
    let t =
        (std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)).unwrap_or_default();
    (
        i64::try_from(t.as_secs()).unwrap_or(i64::MAX),
        i64::from(t.subsec_nanos()),
    )
}
