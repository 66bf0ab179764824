//! Bodies kept from one `build` to the next. Rendering every Markdown body was some
//! 40% of the work of a build after a one-line edit at 10,000 briefings; a body whose
//! file and whose context (the actors it could link to) are as they were renders as it
//! did, so the next build takes it from here, as `serve` takes it from memory.
//!
//! Each file's front matter is kept the same way, parsed (see [`KeptFront`]).
//!
//! One file per output folder, beside the build's record: the bodies' HTML as the build
//! spilled it (see [`crate::spill`]), then each body's and each front matter's entry,
//! then their directories by file, then a footer. Entries are written as bodies are
//! made and read as they are asked for, so that neither build holds them all (some
//! 2.5 KB a body: 250 MB at 100,000 briefings). A file that is cut short, does not add
//! up or was written by another binary is not used, and an entry that does not add up
//! is not either: the body is rendered then, as in a first build.
//!
//! A build after a small edit writes only what changed: its file refers to the
//! entries and HTML of the file before it, kept beside it as its base
//! (`build-<key>.base`), rather than copying them (after a one-line edit at 10,000
//! briefings, copying 60 MB was a sixth of the build). Once such a file has grown to a
//! quarter of its base, the next build writes all of it again, on its own.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::cache::Body;
use super::{ActorId, BodyLink};
use crate::discover::Stat;
use crate::fingerprint::Fingerprint;
use crate::markdown::{Figure, FileTarget, Heading, LocalLink, Rendered};
use crate::spill::{Html, Spill};

mod keeper;

pub use keeper::{Base, Keeper};

/// Changes whenever the layout below does.
const FORMAT: u32 = 4;
const MAGIC: &[u8; 16] = b"briefing bodies\n";
/// Where the entries start, the directory's length and fingerprint (the file's id),
/// the id of its base (0 for none), the binary's fingerprint, format, magic.
const FOOTER: usize = 8 + 8 + 16 + 16 + 16 + 4 + 16;

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

/// How many output folders' bodies and records a site keeps: a build into a folder of
/// its own each time (a CI job's, say) would otherwise leave 66 MB of bodies and a
/// 2.4 MB record behind at 10,000 briefings, each time. The newest are kept.
const FOLDERS_KEPT: usize = 3;

/// Removes the bodies and the build records kept in `dir` for all but the
/// [`FOLDERS_KEPT`] output folders built into last. A folder whose record goes is built
/// into next time as into a new one.
fn prune(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // A folder's files by the name they share (`build-<hash>`), with the newest time.
    let mut folders: HashMap<PathBuf, std::time::SystemTime> = HashMap::new();
    for e in entries.flatten() {
        let path = e.path();
        if !path
            .extension()
            .is_some_and(|x| x == "bodies" || x == "record")
        {
            continue;
        }
        let Some(at) = e.metadata().ok().and_then(|m| m.modified().ok()) else {
            continue;
        };
        let newest = folders.entry(path.with_extension("")).or_insert(at);
        *newest = (*newest).max(at);
    }
    let mut folders: Vec<(PathBuf, std::time::SystemTime)> = folders.into_iter().collect();
    folders.sort_by_key(|(_, at)| std::cmp::Reverse(*at));
    for (stem, _) in folders.into_iter().skip(FOLDERS_KEPT) {
        for ext in ["base", "bodies", "record"] {
            let _ = std::fs::remove_file(stem.with_extension(ext));
        }
    }
}

/// Where the base of the file of kept bodies at `path` is (see the module doc).
fn base_of(path: &Path) -> PathBuf {
    path.with_extension("base")
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
    html: HtmlAt,
    mentions: Vec<ActorId>,
    actor_refs: Vec<(String, ActorId, String)>,
    first_paragraph: String,
    local_links: Vec<LocalLink>,
    files: Vec<(String, Option<FileTarget<ActorId>>)>,
    headings: Arc<[Heading]>,
    images: Vec<(String, crate::images::Size)>,
    first_figure: Option<Figure>,
    links: Vec<BodyLink>,
}

/// Which file something kept is in: the one that names it, or that file's base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum In {
    Own,
    Base,
}

/// Where a body's HTML is: `In` as seen from the file that holds the entry.
#[derive(Serialize, Deserialize)]
enum HtmlAt {
    Held(String),
    /// In a file, with the fingerprint of its bytes, which are read and checked once
    /// before the body is taken.
    At {
        file: In,
        at: u64,
        len: usize,
        print: Fingerprint,
    },
}

/// One file's front matter as the build that kept it parsed it, with no problem: the
/// YAML parse was four tenths of what a build after a one-line edit at 10,000
/// briefings had left to do. Kept in postcard, which says nothing of what a value is:
/// the front matter's types, which read any scalar a field may hold from YAML, read
/// only what they wrote when the format is not human-readable (JSON took a tenth of
/// such a build to read back).
#[derive(Serialize, Deserialize)]
pub(super) struct KeptFront {
    /// The fingerprint of the whole file it was parsed from.
    pub text: Fingerprint,
    /// Where its YAML lies in that file, the line on which it starts, and where the
    /// body starts: what positions asked for later are walked from.
    pub yaml: (usize, usize),
    pub first_line: usize,
    pub body_offset: usize,
    /// As bytes, not a sequence of numbers: postcard writes both the same, but read
    /// back as a sequence they were pushed one at a time, nearly 3% of the CPU of a
    /// build after a one-line edit at 10,000 briefings.
    #[serde(with = "serde_bytes")]
    pub value: Vec<u8>,
}

/// A file of the site, by the fingerprint of its path: the directories hold one per
/// entry and file, and as paths they were some 50 MB of a build at 100,000 briefings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
struct FileKey(u128);

impl FileKey {
    fn of(path: &Path) -> FileKey {
        FileKey(Fingerprint::of_bytes(path.as_os_str().as_encoded_bytes()).0)
    }
}

/// Where each entry is: for which file, in which file of kept bodies, its offset from
/// that file's first entry, its length and its fingerprint.
type Directory = Vec<(FileKey, In, u64, u32, Fingerprint)>;

/// A directory as read: an entry's place by file.
type Places = HashMap<FileKey, (In, u64, u32, Fingerprint)>;

/// An entry as read, by where it is: a build writing over its file refers to it there
/// rather than writing it again (see [`Keeper`]).
#[derive(Debug, Clone)]
pub(super) struct Stored {
    file: Arc<Spill>,
    at: u64,
    len: u32,
    print: Fingerprint,
}

/// The files a build read, each with its stat before it was read and the fingerprint
/// of its text, and when that build began to look at them (see [`Kept::known`]).
#[derive(Default, Serialize, Deserialize)]
struct Seen {
    files: Vec<(FileKey, Stat, Fingerprint)>,
    since: (i64, i64),
}

/// How far apart two times must be for every file system to tell them apart (FAT
/// counts modification times in steps of two seconds).
const COARSEST: i64 = 2;

/// The longest kept file mapped (see `Opened::map`). The pages of a mapped file a build
/// reads count in its resident memory as long as the map lasts: a 100,000-briefing
/// site's 780 MB file took a build after a one-line edit from 960 MiB to 1.7 GiB. A
/// 10,000-briefing site's is some 80 MB.
const MAP_UP_TO: u64 = 256 << 20;

/// A file of kept bodies, open.
#[derive(Clone)]
struct Opened {
    spill: Arc<Spill>,
    /// The file mapped, if it is at most [`MAP_UP_TO`] long, read from while the build
    /// takes what it kept: one `pread` per front matter, entry and HTML was some 33,000
    /// system calls after a one-line edit at 10,000 briefings. Kept files are only ever
    /// written whole and renamed into place, never changed where they are.
    map: Option<Arc<memmap2::Mmap>>,
    /// Where its entries start, and how many bytes they take.
    entries_at: u64,
    room: u64,
    /// The fingerprint of its directory.
    id: u128,
    len: u64,
}

impl Opened {
    /// The `len` bytes at `at`, if the file has them.
    fn bytes(&self, at: u64, len: usize) -> Option<Cow<'_, [u8]>> {
        match &self.map {
            Some(map) => {
                let at = usize::try_from(at).ok()?;
                map.get(at..at.checked_add(len)?).map(Cow::Borrowed)
            }
            None => {
                let mut bytes = vec![0; len];
                crate::spill::read_at(self.spill.file(), &mut bytes, at).ok()?;
                Some(Cow::Owned(bytes))
            }
        }
    }
}

/// Bodies an earlier build kept (see [`load`]), read when asked for.
#[derive(Default)]
pub struct Kept {
    own: Option<Opened>,
    base: Option<Opened>,
    bodies: Places,
    fronts: Places,
    seen: HashMap<FileKey, (Stat, Fingerprint)>,
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
        self.own.is_some()
    }

    /// The fingerprint of the text of the file at `path` (under the site root), if the
    /// last build read it with stat `stat`, and the file's times are clear of that
    /// reading: a file changed in the same tick of its file system's clock as the last
    /// build looked at it could have the same stat and another text.
    pub fn known(&self, path: &Path, stat: &Stat) -> Option<Fingerprint> {
        let (then, print) = self.seen.get(&FileKey::of(path))?;
        let clear = |(secs, nanos): (i64, i64)| (secs.saturating_add(COARSEST), nanos) < self.since;
        (then == stat && clear(stat.modified) && clear(stat.changed)).then_some(*print)
    }

    /// The body kept for the file at `path`, if there is one and its entry adds up.
    pub(super) fn get(&self, path: &Path) -> Option<Body> {
        let place = *self.bodies.get(&FileKey::of(path))?;
        self.checked(self.entry(place))
    }

    /// The front matter kept for the file at `path`, if there is one and it adds up,
    /// with where it was.
    pub(super) fn front(&self, path: &Path) -> Option<(KeptFront, Stored)> {
        let place = *self.fronts.get(&FileKey::of(path))?;
        let front = (self.read(place))
            .and_then(|(bytes, stored)| Some((postcard::from_bytes(&bytes).ok()?, stored)));
        self.checked(front)
    }

    /// `kept`, noting that what was asked for did not add up if it is none.
    pub(super) fn checked<T>(&self, kept: Option<T>) -> Option<T> {
        if kept.is_none() {
            self.damaged
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        kept
    }

    fn file(&self, file: In) -> Option<&Opened> {
        match file {
            In::Own => self.own.as_ref(),
            In::Base => self.base.as_ref(),
        }
    }

    /// The bytes of the entry at `place`, if they add up, and where they were.
    fn read(
        &self,
        (file, at, len, print): (In, u64, u32, Fingerprint),
    ) -> Option<(Cow<'_, [u8]>, Stored)> {
        let opened = self.file(file)?;
        let bytes = opened.bytes(opened.entries_at + at, len as usize)?;
        (Fingerprint::of_bytes(&bytes) == print).then(|| {
            let file = Arc::clone(&opened.spill);
            (
                bytes,
                Stored {
                    file,
                    at,
                    len,
                    print,
                },
            )
        })
    }

    fn entry(&self, place: (In, u64, u32, Fingerprint)) -> Option<Body> {
        let (bytes, stored) = self.read(place)?;
        let e: Entry = postcard::from_bytes(&bytes).ok()?;
        let html = match e.html {
            HtmlAt::Held(s) => Html::from(s),
            HtmlAt::At {
                file,
                at,
                len,
                print,
            } => {
                // Where the file that holds the entry says: its own, or its base; a
                // base has none.
                let file = match (place.0, file) {
                    (In::Own, file) => file,
                    (In::Base, In::Own) => In::Base,
                    (In::Base, In::Base) => return None,
                };
                let opened = self
                    .file(file)
                    .filter(|o| at + len as u64 <= o.entries_at)?;
                if Fingerprint::of_bytes(&opened.bytes(at, len)?) != print {
                    return None;
                }
                Html::Spilled {
                    spill: Arc::clone(&opened.spill),
                    at,
                    len,
                    print,
                }
            }
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
            stored: Some(stored),
        })
    }

    /// The file the next build's file may be written over (see the module doc); none
    /// when it must be written whole.
    pub fn base_for_next(&self) -> Option<Base> {
        let own = self.own.as_ref().filter(|_| !self.damaged())?;
        let base = |of: &Opened, promote| Base {
            spill: Arc::clone(&of.spill),
            id: of.id,
            promote,
        };
        match &self.base {
            None => Some(base(own, true)),
            Some(b) if own.len.saturating_mul(4) <= b.len => Some(base(b, false)),
            Some(_) => None,
        }
    }
}

/// The bodies kept at `path` by the last build; none if there is no such file or it
/// cannot be trusted.
pub fn load(path: &Path) -> Kept {
    match read(path, crate::fingerprint::binary()) {
        Ok(kept) => kept,
        // None, or another binary's: the record says so for both.
        Err(Unread::Missing | Unread::Foreign) => Kept::default(),
        Err(Unread::Damaged) => Kept {
            damaged: true.into(),
            ..Kept::default()
        },
    }
}

/// Why a file of kept bodies was not read.
enum Unread {
    Missing,
    Foreign,
    Damaged,
}

fn read(path: &Path, binary: Fingerprint) -> Result<Kept, Unread> {
    use Unread::Damaged;
    let file = std::fs::File::open(path).map_err(|_| Unread::Missing)?;
    let (own, directory, base_id) = open(file, binary, true)?;
    let base = match base_id {
        0 => None,
        id => {
            let file = std::fs::File::open(base_of(path)).map_err(|_| Damaged)?;
            let (base, _, its_base) = open(file, binary, false)?;
            if base.id != id || its_base != 0 {
                return Err(Damaged);
            }
            Some(base)
        }
    };
    let (bodies, fronts, seen): (Directory, Directory, Seen) =
        postcard::from_bytes(&directory).map_err(|_| Damaged)?;
    let room = |file: In| match file {
        In::Own => own.room,
        In::Base => base.as_ref().map_or(0, |b| b.room),
    };
    let places = |directory: Directory| -> Places {
        (directory.into_iter())
            .filter(|(_, file, at, len, _)| at + u64::from(*len) <= room(*file))
            .map(|(path, file, at, len, print)| (path, (file, at, len, print)))
            .collect()
    };
    Ok(Kept {
        bodies: places(bodies),
        fronts: places(fronts),
        own: Some(own),
        base,
        seen: (seen.files.into_iter())
            .map(|(path, stat, print)| (path, (stat, print)))
            .collect(),
        since: seen.since,
        damaged: false.into(),
    })
}

/// A file of kept bodies opened by its footer, with its directory's bytes if
/// `directory` asks for them, and the id of its base.
fn open(
    file: std::fs::File,
    binary: Fingerprint,
    directory: bool,
) -> Result<(Opened, Vec<u8>, u128), Unread> {
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
    let (base, rest) = rest.split_at(16);
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
    let mut bytes = Vec::new();
    if directory {
        bytes = vec![0; usize::try_from(directory_len).map_err(|_| Damaged)?];
        crate::spill::read_at(&file, &mut bytes, directory_at).map_err(|_| Damaged)?;
        if Fingerprint::of_bytes(&bytes).0 != u128_of(sum) {
            return Err(Damaged);
        }
    }
    // SAFETY: the map is read only, and a kept file is never written after it is renamed
    // into place (see `Opened::map`); one cut short under the build by something else
    // would end it with SIGBUS, as it would git's index.
    let map = (len <= MAP_UP_TO)
        .then(|| unsafe { memmap2::Mmap::map(&file) }.ok().map(Arc::new))
        .flatten();
    let opened = Opened {
        map,
        spill: Spill::reading(file).map_err(|_| Damaged)?,
        entries_at,
        room: directory_at - entries_at,
        id: u128_of(sum),
        len,
    };
    Ok((opened, bytes, u128_of(base)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_front_is_written_as_it_was_before_its_bytes_were_read_as_bytes() {
        // As the field was before `serde_bytes`: front matter kept by an earlier build
        // reads back the same.
        #[derive(Serialize)]
        struct Before {
            text: Fingerprint,
            yaml: (usize, usize),
            first_line: usize,
            body_offset: usize,
            value: Vec<u8>,
        }
        let value: Vec<u8> = (0..=255).chain(0..300).map(|i| i as u8).collect();
        let before = Before {
            text: Fingerprint::of_bytes(b"text"),
            yaml: (4, 300),
            first_line: 2,
            body_offset: 310,
            value: value.clone(),
        };
        let now = KeptFront {
            text: before.text,
            yaml: before.yaml,
            first_line: before.first_line,
            body_offset: before.body_offset,
            value,
        };
        let bytes = postcard::to_allocvec(&before).expect("written");
        assert_eq!(postcard::to_allocvec(&now).expect("written"), bytes);
        let read: KeptFront = postcard::from_bytes(&bytes).expect("read");
        assert_eq!(read.value, before.value);
        assert_eq!(read.body_offset, 310);
    }

    #[test]
    fn a_kept_file_reads_the_same_mapped_or_not() {
        let bytes: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let path = tempfile::NamedTempFile::new().unwrap().into_temp_path();
        std::fs::write(&path, &bytes).unwrap();
        let opened = |mapped: bool| {
            let file = std::fs::File::open(&path).unwrap();
            let map = mapped.then(|| Arc::new(unsafe { memmap2::Mmap::map(&file) }.unwrap()));
            Opened {
                spill: Spill::reading(file).unwrap(),
                map,
                entries_at: 0,
                room: bytes.len() as u64,
                id: 0,
                len: bytes.len() as u64,
            }
        };
        for o in [opened(true), opened(false)] {
            assert_eq!(o.bytes(0, 10).as_deref(), Some(&bytes[..10]));
            assert_eq!(o.bytes(4_000, 6_000).as_deref(), Some(&bytes[4_000..]));
            assert_eq!(o.bytes(4_000, 6_001), None, "past the end");
            assert_eq!(o.bytes(u64::MAX, 2), None);
        }
    }

    #[test]
    fn pruning_removes_the_oldest_folders_kept_bodies_with_their_base_and_record() {
        let dir = tempfile::tempdir().unwrap();
        let then = std::time::SystemTime::now() - std::time::Duration::from_secs(100);
        let make = |name: &str, secs: u64| {
            let file = std::fs::File::create(dir.path().join(name)).unwrap();
            file.set_modified(then + std::time::Duration::from_secs(secs))
                .unwrap();
        };
        // A record only, of a folder built into before the others.
        make("build-0.record", 0);
        for (i, key) in ["build-a", "build-b", "build-c", "build-d"]
            .iter()
            .enumerate()
        {
            for ext in ["bodies", "base", "record"] {
                make(&format!("{key}.{ext}"), 10 + i as u64 * 10);
            }
        }
        // Bodies older than the others', but a record written after them: kept.
        make("build-e.bodies", 1);
        make("build-e.record", 60);
        // Not a build's.
        make("notes.txt", 0);
        prune(dir.path());
        let mut left: Vec<String> = (std::fs::read_dir(dir.path()).unwrap())
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut kept: Vec<String> = ["c", "d"]
            .iter()
            .flat_map(|k| ["base", "bodies", "record"].map(|x| format!("build-{k}.{x}")))
            .collect();
        kept.extend([
            "build-e.bodies".into(),
            "build-e.record".into(),
            "notes.txt".into(),
        ]);
        assert_eq!(left, kept);
    }
}
