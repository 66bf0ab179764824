//! Writing the file of kept bodies (see [`super`]): whole, or over the last build's.

use std::path::Path;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use super::{Directory, Entry, FORMAT, FileKey, HtmlAt, In, KeptFront, MAGIC, Seen, Stat, Stored};
use crate::fingerprint::Fingerprint;
use crate::model::cache::Body;
use crate::spill::{Html, Spill};

/// The bodies a build used, written as it uses them to a file of their own, to be put
/// after the spilled HTML once the build succeeded.
pub struct Keeper {
    spill: Arc<Spill>,
    /// The file this one is written over (see [`super::Kept::base_for_next`]).
    base: Option<Base>,
    entries: Mutex<Entries>,
}

/// The file a build's file of kept bodies is written over (see [`super`]).
pub struct Base {
    pub(super) spill: Arc<Spill>,
    pub(super) id: u128,
    /// Whether it is the last build's own file, to be put at its base's place.
    pub(super) promote: bool,
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
    /// [`Spill::named_in`]), their entries in a file in `dir` until then; over `base`
    /// (see [`super::Kept::base_for_next`]) if given.
    pub fn new(spill: Arc<Spill>, dir: &Path, base: Option<Base>) -> std::io::Result<Keeper> {
        Ok(Keeper {
            spill,
            base,
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

    /// Keeps body `b` of the file at `path`, unless it has problems: where it was, if
    /// it was taken as it is from the file this one is written over; else its HTML is
    /// copied into this build's spill if it was read from another.
    pub(in crate::model) fn keep(&self, path: &Path, b: &Body) {
        if let Some(stored) = b.stored.as_ref().filter(|s| self.in_base(&s.file)) {
            return self.refer(path, stored, |e| &mut e.bodies);
        }
        let r = &b.rendered;
        let clean = r.problems.is_empty() && r.bad_links.is_empty() && r.bad_files.is_empty();
        let images: Option<Vec<_>> = (r.images.iter())
            .map(|(p, s)| s.as_ref().ok().map(|s| (p.clone(), *s)))
            .collect();
        let Some(images) = images.filter(|_| clean) else {
            return;
        };
        let Some(html) = self.place(&b.html) else {
            return;
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
        self.write(path, &entry, |e| &mut e.bodies);
    }

    /// Where `html` is for the file this keeper writes: in it, or in its base, or
    /// copied into it now.
    fn place(&self, html: &Html) -> Option<HtmlAt> {
        let print = html.fingerprint();
        let at = |file, (at, len)| HtmlAt::At {
            file,
            at,
            len,
            print,
        };
        if let Some(spilled) = html.spilled_in(&self.spill) {
            return Some(at(In::Own, spilled));
        }
        if let Some(spilled) = (self.base.as_ref()).and_then(|base| html.spilled_in(&base.spill)) {
            return Some(at(In::Base, spilled));
        }
        match self.spill.put(&html.text()) {
            Html::Held(s) => Some(HtmlAt::Held(s.to_string())),
            put => put
                .spilled_in(&self.spill)
                .map(|spilled| at(In::Own, spilled)),
        }
    }

    fn in_base(&self, file: &Arc<Spill>) -> bool {
        (self.base.as_ref()).is_some_and(|base| Arc::ptr_eq(&base.spill, file))
    }

    /// Notes that the file at `path` had stat `stat` before it was read, and text
    /// `print` (see [`super::Kept::known`]).
    pub(in crate::model) fn saw(&self, path: &Path, stat: Stat, print: Fingerprint) {
        let key = FileKey::of(path);
        self.entries().seen.files.push((key, stat, print));
    }

    /// Keeps the front matter of the file at `path`, parsed without a problem, or taken
    /// from the last build's file, `stored` there.
    pub(in crate::model) fn keep_front(
        &self,
        path: &Path,
        front: &KeptFront,
        stored: Option<&Stored>,
    ) {
        match stored.filter(|s| self.in_base(&s.file)) {
            Some(stored) => self.refer(path, stored, |e| &mut e.fronts),
            None => self.write(path, front, |e| &mut e.fronts),
        }
    }

    fn entries(&self) -> std::sync::MutexGuard<'_, Entries> {
        (self.entries.lock()).unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Puts the entry `stored` in the base, of the file at `path`, into the directory
    /// `of` picks.
    fn refer(&self, path: &Path, s: &Stored, of: impl FnOnce(&mut Entries) -> &mut Directory) {
        let place = (FileKey::of(path), In::Base, s.at, s.len, s.print);
        of(&mut self.entries()).push(place);
    }

    /// Writes `entry`, of the file at `path`, into the directory `of` picks.
    fn write(
        &self,
        path: &Path,
        entry: &impl Serialize,
        of: impl FnOnce(&mut Entries) -> &mut Directory,
    ) {
        let Ok(bytes) = postcard::to_stdvec(entry) else {
            return;
        };
        let print = Fingerprint::of_bytes(&bytes);
        let mut entries = self.entries();
        let e = &mut *entries;
        match (
            u32::try_from(bytes.len()),
            std::io::Write::write_all(&mut e.file, &bytes),
        ) {
            (Ok(len), Ok(())) => {
                let at = e.written;
                e.written += u64::from(len);
                of(e).push((FileKey::of(path), In::Own, at, len, print));
            }
            _ => e.failed = true,
        }
    }

    /// Writes the entries, their directory and the footer after the bodies and puts
    /// the file at `path`, the last build's file moved to its base's place first if
    /// this one is written over it.
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
        let base = self.base.as_ref().map_or(0, |b| b.id);
        tail.extend_from_slice(&entries_at.to_le_bytes());
        tail.extend_from_slice(&(directory.len() as u64).to_le_bytes());
        tail.extend_from_slice(&Fingerprint::of_bytes(&directory).0.to_le_bytes());
        tail.extend_from_slice(&base.to_le_bytes());
        tail.extend_from_slice(&crate::fingerprint::binary().0.to_le_bytes());
        tail.extend_from_slice(&FORMAT.to_le_bytes());
        tail.extend_from_slice(MAGIC);
        let base_at = super::base_of(path);
        if self.base.as_ref().is_some_and(|b| b.promote) {
            std::fs::rename(path, &base_at)?;
        }
        self.spill.keep_as(path, |mut out: &std::fs::File| {
            // In the kernel where it can: no copy of the entries passes through here.
            let copied = std::io::copy(&mut entries.take(written), &mut out)?;
            if copied != written {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            out.write_all(&tail)
        })?;
        if self.base.is_none() {
            let _ = std::fs::remove_file(base_at);
        }
        if let Some(dir) = path.parent() {
            super::prune(dir);
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
