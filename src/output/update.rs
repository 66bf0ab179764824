//! A build that starts from the last one's output and changes it in place: pages whose
//! inputs did not change are not rendered, files whose bytes did not change are not
//! written, and those that did are written into a staging folder and then moved into
//! the output one by one, with the files the site lost removed, as a journal written
//! beforehand says (see [`super::journal`]). The unchanged files keep their inodes and
//! modification times, so `rsync`, `aws s3 sync` and CI caches move only the
//! difference, and the build costs file-system operations for what changed only.
//!
//! A failed build changes nothing: nothing moves before everything was made and
//! checked. A build killed while it moves its files leaves the journal, and the next
//! build into the folder finishes the move before it starts.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use super::{Journal, Stage, WriteError, at};
use crate::discover::Asset;
use crate::fingerprint::{Fingerprint, Hasher};
use crate::record::{self, Entry, Record};
use crate::render::OutputFile;

/// A build into a stage that takes unchanged files from `out`, which `last` describes.
pub struct Update<'r> {
    stage: Stage,
    out: PathBuf,
    last: &'r Record,
    rendered: AtomicUsize,
    /// Files to take from the old output as they are, with their entries.
    unchanged: std::sync::Mutex<Vec<(String, Entry)>>,
}

/// What an update changed, besides what the site now is.
#[derive(Debug, Default, Clone, Copy)]
pub struct Changed {
    /// Pages rendered because their inputs changed (written only if their bytes did).
    pub rendered: usize,
    pub written: usize,
    pub removed: usize,
}

impl<'r> Update<'r> {
    pub fn create(out: &Path, last: &'r Record) -> Result<Update<'r>, WriteError> {
        Ok(Update {
            stage: Stage::create(out)?,
            out: out.to_path_buf(),
            last,
            rendered: 0.into(),
            unchanged: Default::default(),
        })
    }

    /// A file the build made, from `inputs` if it is a page: written only if its
    /// bytes differ from the file in its place.
    pub fn write(&self, file: &OutputFile, inputs: Option<Fingerprint>) -> Result<(), WriteError> {
        if inputs.is_some() {
            self.rendered.fetch_add(1, Relaxed);
        }
        let bytes = Fingerprint::of_bytes(&file.bytes);
        match self.last.get(&file.path) {
            Some(e) if e.bytes == bytes => self.link(&file.path, Entry { inputs, ..*e }),
            _ => self.stage.write_hashed(file, inputs, bytes),
        }
    }

    /// [`Update::write`] of a file made piece by piece: written to the stage as it
    /// comes, and dropped again for the old file if its bytes turn out the same.
    pub fn write_pieces(
        &self,
        path: &str,
        pieces: &mut dyn Iterator<Item = Vec<u8>>,
    ) -> Result<(), WriteError> {
        let last = self.last.get(path).copied();
        match (
            self.stage
                .write_pieces(path, pieces, last.map(|e| e.bytes))?,
            last,
        ) {
            (false, Some(e)) => self.link(path, Entry { inputs: None, ..e }),
            _ => Ok(()),
        }
    }

    /// A page the build did not render, its inputs being those of the file in its place.
    pub fn keep(&self, path: &str, inputs: Fingerprint) -> Result<(), WriteError> {
        let entry = self.recorded(path)?;
        self.link(
            path,
            Entry {
                inputs: Some(inputs),
                ..entry
            },
        )
    }

    /// A site-wide file the build did not make again, being made from the same site as
    /// the file in its place (see `crate::outline`).
    pub fn keep_as_is(&self, path: &str) -> Result<(), WriteError> {
        let entry = self.recorded(path)?;
        self.link(path, entry)
    }

    /// What the last build's record says of the file at `path`, which is kept.
    fn recorded(&self, path: &str) -> Result<Entry, WriteError> {
        self.last.get(path).copied().ok_or_else(|| {
            at(&self.out.join(path), "find")(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the last build's record has no such file",
            ))
        })
    }

    /// A file of content/ copied as it is: copied again only if it changed since.
    pub fn copy(&self, asset: &Asset) -> Result<(), WriteError> {
        let rel = super::rel_path(asset);
        let inputs = source_inputs(asset)?;
        match self.last.get(&rel) {
            Some(e) if e.inputs == Some(inputs) => self.link(&rel, *e),
            _ => self.stage.copy_from(asset, inputs),
        }
    }

    /// Keeps the file at `rel` of the old output as it is.
    fn link(&self, rel: &str, entry: Entry) -> Result<(), WriteError> {
        self.unchanged
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((rel.to_string(), entry));
        Ok(())
    }

    /// The record of the output this update starts from.
    pub fn last(&self) -> &'r Record {
        self.last
    }

    /// Puts the new site in place of the old; returns its record and what changed.
    pub fn commit(self) -> Result<(Record, Changed), WriteError> {
        let rendered = self.rendered.load(Relaxed);
        let unchanged = std::mem::take(
            &mut *self
                .unchanged
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let staged: Vec<String> = {
            let record = self
                .stage
                .record
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            record.paths().map(str::to_string).collect()
        };
        let mut kept = std::collections::HashSet::with_capacity(unchanged.len() + staged.len());
        kept.extend(unchanged.iter().map(|(p, _)| p.as_str()));
        kept.extend(staged.iter().map(String::as_str));
        // Gone: what the last build wrote, whether or not it is still as it was left.
        let removals: Vec<String> = (self.last.paths().chain(self.last.doubtful()))
            .filter(|p| !kept.contains(p))
            .map(str::to_string)
            .collect();
        drop(kept);
        let mut changed = Changed {
            rendered,
            written: staged.len(),
            removed: removals.len(),
        };
        // On the disk measured a link costs about three moves and a removal half of
        // one; a swap links every unchanged file and then removes the whole old folder,
        // so it is the cheaper only when nearly everything changed (a template edit).
        if unchanged.len() * SWAP_RATIO < staged.len() {
            changed.written += self.swap_in(unchanged)?;
            let (_, next) = self.stage.commit()?;
            return Ok((next, changed));
        }
        let journal = Journal {
            moves: staged,
            removals,
        };
        let mut next = self.stage.take_record();
        for (path, entry) in unchanged {
            next.insert(path, entry);
        }
        self.stage.apply(&journal)?;
        Ok((next, changed))
    }

    /// Links the `unchanged` files of the old output into the stage, for it to replace
    /// the old output whole; returns how many had to be copied instead.
    fn swap_in(&self, unchanged: Vec<(String, Entry)>) -> Result<usize, WriteError> {
        use rayon::prelude::*;
        // The marker says the same every build: the old one's time is kept too.
        let marker = self.stage.dir.join(super::MARKER);
        if std::fs::remove_file(&marker).is_ok()
            && std::fs::hard_link(self.out.join(super::MARKER), &marker).is_err()
        {
            std::fs::write(&marker, super::MARKER_TEXT).map_err(at(&marker, "write"))?;
        }
        unchanged
            .par_iter()
            .map(|(rel, entry)| self.link_now(rel, *entry).map(usize::from))
            .try_reduce(|| 0, |a, b| Ok(a + b))
    }

    /// Puts the file at `rel` of the old output into the stage as it is; returns
    /// whether it had to be copied (written) rather than linked.
    fn link_now(&self, rel: &str, entry: Entry) -> Result<bool, WriteError> {
        let (from, to) = (self.out.join(rel), self.stage.dir.join(rel));
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(at(parent, "create folder"))?;
        }
        if std::fs::hard_link(&from, &to).is_err() {
            // A file system without hard links: the bytes are the same, the time new.
            std::fs::copy(&from, &to).map_err(at(&from, "copy"))?;
            let m = std::fs::metadata(&to).map_err(at(&to, "copy"))?;
            self.stage.keep(
                rel.to_string(),
                Entry {
                    mtime: record::mtime(&m).unwrap_or_default(),
                    ..entry
                },
            );
            return Ok(true);
        }
        self.stage.keep(rel.to_string(), entry);
        Ok(false)
    }
}

/// How many times more files must have changed than stayed for an update to replace
/// the whole folder rather than move the changed files in (see [`Update::commit`]).
const SWAP_RATIO: usize = 5;

/// What a copied file is made from: its source's path, size and modification time.
pub fn source_inputs(asset: &Asset) -> Result<Fingerprint, WriteError> {
    let m = std::fs::metadata(&asset.path).map_err(at(&asset.path, "read"))?;
    Ok(Hasher::new()
        .bytes(asset.path.as_os_str().as_encoded_bytes())
        .bytes(&m.len().to_le_bytes())
        .bytes(&record::mtime(&m).unwrap_or_default().to_le_bytes())
        .finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn only_changed_files_are_written_and_the_rest_keep_their_times() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = {
            let empty = Record::default();
            let u = Update::create(&out, &empty).unwrap();
            for (p, t) in [
                ("a/index.html", "a"),
                ("b/index.html", "b"),
                ("c/x/index.html", "c"),
            ] {
                u.write(&file(p, t), None).unwrap();
            }
            u.commit().unwrap().0
        };
        let mtime = |p: &str| std::fs::metadata(out.join(p)).unwrap().modified().unwrap();
        let a_before = mtime("a/index.html");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let u = Update::create(&out, &first).unwrap();
        u.write(&file("a/index.html", "a"), None).unwrap();
        u.write(&file("b/index.html", "B"), None).unwrap();
        // Nothing moves before the commit.
        assert_eq!(
            std::fs::read_to_string(out.join("b/index.html")).unwrap(),
            "b"
        );
        let (second, changed) = u.commit().unwrap();
        assert_eq!((changed.written, changed.removed), (1, 1));
        assert_eq!(mtime("a/index.html"), a_before);
        assert_eq!(
            std::fs::read_to_string(out.join("b/index.html")).unwrap(),
            "B"
        );
        assert!(!out.join("c").exists());
        assert_eq!(second.len(), 2);
        let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(beside.len(), 1, "nothing left beside the output");
    }

    fn inode(p: &Path) -> u64 {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(p).unwrap().ino()
    }

    /// An output of twenty pages, `p0` to `p19`, each saying "old", and its record.
    fn twenty_pages() -> (tempfile::TempDir, std::path::PathBuf, Vec<String>, Record) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let names: Vec<String> = (0..20).map(|i| format!("p{i}/index.html")).collect();
        let empty = Record::default();
        let u = Update::create(&out, &empty).unwrap();
        for n in &names {
            u.write(&file(n, "old"), None).unwrap();
        }
        let first = u.commit().unwrap().0;
        (tmp, out, names, first)
    }

    #[test]
    fn many_changed_files_are_moved_into_the_folder_in_place() {
        let (tmp, out, names, first) = twenty_pages();
        let (folder, kept) = (inode(&out), inode(&out.join("p0/index.html")));
        // Ten pages change, the last goes, one is new, the rest stay.
        let u = Update::create(&out, &first).unwrap();
        for (i, n) in names.iter().enumerate().take(19) {
            let text = if (1..=10).contains(&i) { "new" } else { "old" };
            u.write(&file(n, text), None).unwrap();
        }
        u.write(&file("fresh/index.html", "fresh"), None).unwrap();
        let (next, changed) = u.commit().unwrap();
        let removed = &names[19];
        assert_eq!((changed.written, changed.removed, next.len()), (11, 1, 20));
        assert_eq!(inode(&out), folder, "the folder is the same folder");
        assert_eq!(inode(&out.join("p0/index.html")), kept);
        let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
        assert_eq!(
            (read("p5/index.html"), read("p15/index.html")),
            ("new".into(), "old".into())
        );
        assert_eq!(read("fresh/index.html"), "fresh");
        assert!(!out.join(removed).parent().unwrap().exists());
        let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(beside.len(), 1, "no stage left beside the output");
    }

    #[test]
    fn when_nearly_every_file_changed_a_new_folder_replaces_the_old_whole() {
        let (tmp, out, names, first) = twenty_pages();
        let (folder, kept) = (inode(&out), inode(&out.join("p0/index.html")));
        let u = Update::create(&out, &first).unwrap();
        u.write(&file("p0/index.html", "old"), None).unwrap();
        for n in &names[1..19] {
            u.write(&file(n, "new"), None).unwrap();
        }
        let (next, changed) = u.commit().unwrap();
        assert_eq!((changed.written, changed.removed, next.len()), (18, 1, 19));
        assert_ne!(inode(&out), folder, "a new folder");
        assert_eq!(
            inode(&out.join("p0/index.html")),
            kept,
            "linked, not written"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("p9/index.html")).unwrap(),
            "new"
        );
        assert!(!out.join("p19").exists() && out.join(super::super::MARKER).is_file());
        let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(beside.len(), 1, "the old folder is gone");
    }

    #[test]
    fn a_build_killed_while_moving_its_files_in_is_finished_by_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "old a").unwrap();
        std::fs::write(out.join("gone.html"), "gone").unwrap();
        // What a killed build left: its stage (no process has this id), its journal,
        // and one of its two files already moved in.
        let stage = tmp.path().join(".public.staging-2147483632");
        std::fs::create_dir_all(stage.join("b")).unwrap();
        std::fs::write(stage.join("b/index.html"), "new b").unwrap();
        let journal = Journal {
            moves: vec!["a/index.html".into(), "b/index.html".into()],
            removals: vec!["gone.html".into()],
        };
        journal.write(&stage).unwrap();
        std::fs::write(out.join("a/index.html"), "new a").unwrap();
        std::fs::remove_file(out.join("gone.html")).unwrap();
        super::super::recover_beside(&out);
        let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
        assert_eq!(
            (read("a/index.html"), read("b/index.html")),
            ("new a".into(), "new b".into())
        );
        assert!(!out.join("gone.html").exists());
        let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(beside.len(), 1, "the stage is gone once finished");
        // A stage without a journal had decided nothing: it goes, `out` stays.
        std::fs::create_dir_all(stage.join("c")).unwrap();
        std::fs::write(stage.join("c/index.html"), "half").unwrap();
        super::super::recover_beside(&out);
        assert!(!stage.exists() && !out.join("c").exists());
    }

    #[test]
    fn one_changed_file_replaces_its_old_self_without_a_swap() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let first = {
            let empty = Record::default();
            let u = Update::create(&out, &empty).unwrap();
            u.write(&file("a/index.html", "a"), None).unwrap();
            u.write(&file("b/index.html", "b"), None).unwrap();
            u.commit().unwrap().0
        };
        let inode = |p: &str| inode(&out.join(p));
        let (a, folder) = (inode("a/index.html"), inode("."));
        let u = Update::create(&out, &first).unwrap();
        u.write(&file("a/index.html", "a"), None).unwrap();
        u.write(&file("b/index.html", "B"), None).unwrap();
        let (next, changed) = u.commit().unwrap();
        assert_eq!((changed.written, changed.removed, next.len()), (1, 0, 2));
        assert_eq!(
            std::fs::read_to_string(out.join("b/index.html")).unwrap(),
            "B"
        );
        // The folder itself was not replaced by a stage, only the one file in it.
        assert_eq!((inode("a/index.html"), inode(".")), (a, folder));
        let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(beside.len(), 1, "no stage left beside the output");
        // And nothing changed at all changes nothing.
        let u = Update::create(&out, &next).unwrap();
        u.write(&file("a/index.html", "a"), None).unwrap();
        u.write(&file("b/index.html", "B"), None).unwrap();
        let (_, changed) = u.commit().unwrap();
        assert_eq!((changed.written, changed.removed), (0, 0));
    }

    #[test]
    fn a_failed_build_leaves_the_folder_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        let last = Record::default();
        {
            let u = Update::create(&out, &last).unwrap();
            u.write(&file("index.html", "new"), None).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let beside: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(beside.len(), 1, "the stage is gone");
    }
}
