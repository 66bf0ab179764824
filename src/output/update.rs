//! A build that starts from the last one's output: files whose bytes did not change are
//! hard-linked from the old output into the staging folder instead of written, so they
//! keep their modification times and `rsync`, `aws s3 sync` and CI caches move only the
//! difference, while the new site still replaces the old one in one step (see
//! [`Stage`]): a build killed at any moment leaves the old site or the new, whole.
//!
//! When at most one file changed and none went, as after most edits of a body, there
//! is no stage to swap: the one new file replaces the old by a rename, which is as
//! atomic, and the ten thousand links and removals a swap costs are saved. So the links
//! wait for the commit, when it is known whether they are needed.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use super::{Stage, WriteError, at};
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
        let stage = Stage::create(out)?;
        // The marker says the same every build: the old one's time is kept too.
        let marker = stage.dir.join(super::MARKER);
        if std::fs::remove_file(&marker).is_ok()
            && std::fs::hard_link(out.join(super::MARKER), &marker).is_err()
        {
            std::fs::write(&marker, super::MARKER_TEXT).map_err(at(&marker, "write"))?;
        }
        Ok(Update {
            stage,
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

    /// A page the build did not render, its inputs being those of the file in its place.
    pub fn keep(&self, path: &str, inputs: Fingerprint) -> Result<(), WriteError> {
        match self.last.get(path) {
            Some(e) => self.link(
                path,
                Entry {
                    inputs: Some(inputs),
                    ..*e
                },
            ),
            None => Err(at(&self.out.join(path), "find")(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "the last build's record has no such file",
            ))),
        }
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

    /// Takes the file at `rel` of the old output as it is, at the commit.
    fn link(&self, rel: &str, entry: Entry) -> Result<(), WriteError> {
        self.unchanged
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((rel.to_string(), entry));
        Ok(())
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

    /// The record of the output this update starts from.
    pub fn last(&self) -> &'r Record {
        self.last
    }

    /// Puts the new site in place of the old; returns its record and what changed.
    pub fn commit(self) -> Result<(Record, Changed), WriteError> {
        use rayon::prelude::*;
        let rendered = self.rendered.load(Relaxed);
        let unchanged = std::mem::take(
            &mut *self
                .unchanged
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let staged: Vec<(String, Entry)> = {
            let record = self
                .stage
                .record
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            record.entries().map(|(p, e)| (p.to_string(), *e)).collect()
        };
        let kept: std::collections::HashSet<&str> = (unchanged.iter().chain(&staged))
            .map(|(p, _)| p.as_str())
            .collect();
        let removed = self.last.paths().filter(|p| !kept.contains(p)).count();
        if removed == 0 && staged.len() <= 1 {
            // One rename, or none, changes the site: the stage is not needed.
            let mut next = Record::default();
            for (path, entry) in unchanged.into_iter().chain(staged.iter().cloned()) {
                next.insert(path, entry);
            }
            if let Some((rel, _)) = staged.first() {
                let (from, to) = (self.stage.dir.join(rel), self.out.join(rel));
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent).map_err(at(parent, "create folder"))?;
                }
                std::fs::rename(&from, &to).map_err(at(&to, "write"))?;
            }
            // Dropped uncommitted, the stage removes itself.
            drop(self.stage);
            let changed = Changed {
                rendered,
                written: staged.len(),
                removed: 0,
            };
            return Ok((next, changed));
        }
        // Written: what the stage was given, and what could only be copied into it.
        let copied = unchanged
            .par_iter()
            .map(|(rel, entry)| self.link_now(rel, *entry).map(usize::from))
            .try_reduce(|| 0, |a, b| Ok(a + b))?;
        let written = staged.len() + copied;
        let (_, next) = self.stage.commit()?;
        let changed = Changed {
            rendered,
            written,
            removed,
        };
        Ok((next, changed))
    }
}

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
        let inode = |p: &str| {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(out.join(p)).unwrap().ino()
        };
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
