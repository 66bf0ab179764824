//! Bringing an output folder that a recorded build wrote up to date in place: only
//! files whose bytes changed are written, so the others keep their modification times
//! and `rsync`, `aws s3 sync` and CI caches move only the difference.
//!
//! Nothing in the folder changes until [`Update::commit`]: the new files wait beside
//! the ones they replace, under hidden names, and a failed build removes them. The commit
//! renames the new files into place, removes the files the site no longer has, then
//! records the result. The caller removes the old record before the update starts, so a
//! build stopped in between leaves none, and the next one replaces the folder whole.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{WriteError, at};
use crate::discover::Asset;
use crate::fingerprint::{Fingerprint, Hasher};
use crate::record::{self, Entry, Record};
use crate::render::OutputFile;

/// An update of the folder `out` from what `last` says it holds.
pub struct Update<'r> {
    out: PathBuf,
    last: &'r Record,
    next: Mutex<Record>,
    /// New files written beside the ones they replace: (where they wait, their place).
    waiting: Mutex<Vec<(PathBuf, PathBuf)>>,
    committed: bool,
}

/// What an update changed, besides what the site now is.
#[derive(Debug, Default, Clone, Copy)]
pub struct Changed {
    pub written: usize,
    pub removed: usize,
}

impl<'r> Update<'r> {
    pub fn new(out: &Path, last: &'r Record) -> Update<'r> {
        Update {
            out: out.to_path_buf(),
            last,
            next: Mutex::default(),
            waiting: Mutex::default(),
            committed: false,
        }
    }

    fn next(&self) -> std::sync::MutexGuard<'_, Record> {
        self.next
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A file the build made, from `inputs` if it is a page: written only if its
    /// bytes differ from the file in its place.
    pub fn write(&self, file: &OutputFile, inputs: Option<Fingerprint>) -> Result<(), WriteError> {
        let bytes = Fingerprint::of_bytes(&file.bytes);
        match self.last.get(&file.path) {
            Some(e) if e.bytes == bytes => {
                self.next()
                    .insert(file.path.clone(), Entry { inputs, ..*e });
                Ok(())
            }
            _ => {
                let entry = self.put(&file.path, |to| std::fs::write(to, &file.bytes))?;
                let entry = Entry {
                    inputs,
                    bytes,
                    ..entry
                };
                self.next().insert(file.path.clone(), entry);
                Ok(())
            }
        }
    }

    /// A page the build did not render, its inputs being those of the file in its place.
    pub fn keep(&self, path: String, inputs: Fingerprint) {
        if let Some(e) = self.last.get(&path) {
            let entry = Entry {
                inputs: Some(inputs),
                ..*e
            };
            self.next().insert(path, entry);
        }
    }

    /// A file of content/ copied as it is: copied again only if it changed since.
    pub fn copy(&self, asset: &Asset) -> Result<(), WriteError> {
        let rel = super::rel_path(asset);
        let inputs = source_inputs(asset)?;
        match self.last.get(&rel) {
            Some(e) if e.inputs == Some(inputs) => {
                self.next().insert(rel, *e);
                Ok(())
            }
            _ => {
                let entry = self.put(&rel, |to| std::fs::copy(&asset.path, to).map(drop))?;
                let entry = Entry {
                    inputs: Some(inputs),
                    bytes: inputs,
                    ..entry
                };
                self.next().insert(rel, entry);
                Ok(())
            }
        }
    }

    /// Writes a file beside its place with `make`, to be renamed into it on commit.
    fn put(
        &self,
        rel: &str,
        make: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> Result<Entry, WriteError> {
        let to = self.out.join(rel);
        let dir = to.parent().unwrap_or(&self.out);
        std::fs::create_dir_all(dir).map_err(at(dir, "create folder"))?;
        let name = to.file_name().map(|n| n.to_string_lossy().into_owned());
        let waiting = dir.join(format!(
            ".{}.briefing-{}.new",
            name.unwrap_or_default(),
            std::process::id()
        ));
        super::unfinished().push(waiting.clone());
        make(&waiting).map_err(at(&to, "write"))?;
        self.waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push((waiting.clone(), to));
        let m = std::fs::metadata(&waiting).map_err(at(&waiting, "read"))?;
        Ok(Entry {
            inputs: None,
            bytes: Fingerprint::default(),
            len: m.len(),
            mtime: record::mtime(&m).unwrap_or_default(),
        })
    }

    /// Puts the new files in place, removes those the site no longer has, and records
    /// the folder as it now is at `record`.
    pub fn commit(mut self, record: &Path) -> Result<(Record, Changed), WriteError> {
        let waiting = std::mem::take(
            &mut *self
                .waiting
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let mut changed = Changed {
            written: waiting.len(),
            removed: 0,
        };
        let mut failed = None;
        for (from, to) in &waiting {
            if failed.is_none() {
                if let Err(e) = std::fs::rename(from, to) {
                    failed = Some(at(to, "write")(e));
                }
            }
            if failed.is_some() {
                let _ = std::fs::remove_file(from);
            }
        }
        self.committed = true;
        super::unfinished().retain(|p| !waiting.iter().any(|(from, _)| from == p));
        if let Some(e) = failed {
            return Err(e);
        }
        let next = std::mem::take(&mut *self.next());
        for gone in self.last.paths().filter(|p| next.get(p).is_none()) {
            let path = self.out.join(gone);
            match std::fs::remove_file(&path) {
                Ok(()) => {
                    changed.removed += 1;
                    remove_empty_parents(&path, &self.out);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(at(&path, "remove")(e)),
            }
        }
        next.save(record).map_err(at(record, "write"))?;
        Ok((next, changed))
    }
}

impl Drop for Update<'_> {
    fn drop(&mut self) {
        if !self.committed {
            let waiting = self
                .waiting
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let mut unfinished = super::unfinished();
            for (from, _) in waiting.drain(..) {
                let _ = std::fs::remove_file(&from);
                remove_empty_parents(&from, &self.out);
                unfinished.retain(|p| *p != from);
            }
        }
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

/// Removes the folders above `file` that it leaves empty, up to `out`.
fn remove_empty_parents(file: &Path, out: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || !d.starts_with(out) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
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
    fn only_changed_files_are_written_and_dropped_ones_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let rec = tmp.path().join("cache/build.record");
        let (first, _) = {
            let empty = Record::default();
            let u = Update::new(&out, &empty);
            for (p, t) in [
                ("a/index.html", "a"),
                ("b/index.html", "b"),
                ("c/x/index.html", "c"),
            ] {
                u.write(&file(p, t), None).unwrap();
            }
            u.commit(&rec).unwrap()
        };
        let mtime = |p: &str| std::fs::metadata(out.join(p)).unwrap().modified().unwrap();
        let a_before = mtime("a/index.html");
        std::thread::sleep(std::time::Duration::from_millis(20));
        let u = Update::new(&out, &first);
        u.write(&file("a/index.html", "a"), None).unwrap();
        u.write(&file("b/index.html", "B"), None).unwrap();
        // Nothing moves before the commit.
        assert_eq!(
            std::fs::read_to_string(out.join("b/index.html")).unwrap(),
            "b"
        );
        let (second, changed) = u.commit(&rec).unwrap();
        assert_eq!((changed.written, changed.removed), (1, 1));
        assert_eq!(mtime("a/index.html"), a_before);
        assert_eq!(
            std::fs::read_to_string(out.join("b/index.html")).unwrap(),
            "B"
        );
        assert!(!out.join("c").exists(), "an emptied folder goes too");
        assert_eq!(second.len(), 2);
        let names: Vec<_> = std::fs::read_dir(out.join("b")).unwrap().collect();
        assert_eq!(names.len(), 1, "nothing left beside the files");
    }

    #[test]
    fn a_failed_build_leaves_the_folder_and_record_as_they_were() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        let last = Record::default();
        {
            let u = Update::new(&out, &last);
            u.write(&file("index.html", "new"), None).unwrap();
            u.write(&file("new/index.html", "new"), None).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let left: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
        assert!(!out.join("new").exists(), "no folder made for nothing");
    }
}
