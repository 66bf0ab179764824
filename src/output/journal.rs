//! How an incremental build changes the output folder in place: the files it wrote are
//! moved in from its staging folder and the files the site no longer has are removed,
//! each by one rename or unlink, so a build that changed a hundred files costs a
//! hundred operations, not one per file of the site.
//!
//! Before the first of them, the whole list is written into the stage. A build killed
//! while it works through the list leaves that list behind, and the next build into
//! the folder finishes it before anything else (see [`super::recover`]): the folder is
//! then the killed build's site, whole.

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{WriteError, at};

/// The journal's name inside the staging folder. Sites never hold dot files (discover
/// skips them), so no output file can take its place.
const NAME: &str = ".briefing-commit";

/// The changes that turn the old output into the new one, paths relative to both.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Journal {
    /// Files written into the stage, to move to the same place in the output.
    pub moves: Vec<String>,
    /// Files of the old output the new site does not have.
    pub removals: Vec<String>,
}

impl Journal {
    pub fn is_empty(&self) -> bool {
        self.moves.is_empty() && self.removals.is_empty()
    }

    /// Writes the journal into `stage`, whole or not at all: from then on the change is
    /// decided, and an interrupted build's successor completes it.
    pub fn write(&self, stage: &Path) -> Result<(), WriteError> {
        let (tmp, path) = (stage.join(format!("{NAME}.tmp")), stage.join(NAME));
        // A list of strings always serializes.
        let bytes = postcard::to_stdvec(self).unwrap_or_default();
        std::fs::write(&tmp, bytes).map_err(at(&tmp, "write"))?;
        std::fs::rename(&tmp, &path).map_err(at(&path, "write"))
    }

    /// The journal an interrupted build left in `stage`, if it got as far as writing
    /// one. A journal that does not read is not one: `write` puts it in place whole.
    pub fn left_in(stage: &Path) -> Option<Journal> {
        let bytes = std::fs::read(stage.join(NAME)).ok()?;
        postcard::from_bytes(&bytes).ok()
    }

    /// Carries the journal out on `out`. Every step may already have been done by a
    /// build that was interrupted: a file gone from the stage was moved, one gone from
    /// the output was removed. Removals go first, so that a file may take the place of
    /// a folder that held only removed files, and the reverse.
    pub fn apply(&self, stage: &Path, out: &Path) -> Result<(), WriteError> {
        for rel in &self.removals {
            let path = out.join(rel);
            match std::fs::remove_file(&path) {
                Ok(()) => prune(&path, out),
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(at(&path, "remove")(e)),
            }
        }
        for rel in &self.moves {
            let (from, to) = (stage.join(rel), out.join(rel));
            if std::fs::symlink_metadata(&from).is_err() {
                continue;
            }
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(at(parent, "create folder"))?;
            }
            std::fs::rename(&from, &to).map_err(at(&to, "write"))?;
        }
        Ok(())
    }
}

/// Removes the folders above `removed` that it left empty, up to `out`.
fn prune(removed: &Path, out: &Path) {
    let mut dir = removed.parent();
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

    fn put(dir: &Path, rel: &str, text: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn files(dir: &Path) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap();
                let rel = rel.to_string_lossy().into_owned();
                (rel, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect();
        found.sort();
        found
    }

    /// An old output, a stage with the new files and the journal between them.
    fn setup(tmp: &Path) -> (std::path::PathBuf, std::path::PathBuf, Journal) {
        let (out, stage) = (tmp.join("public"), tmp.join("stage"));
        put(&out, "index.html", "old home");
        put(&out, "a/index.html", "old a");
        put(&out, "gone/deep/index.html", "gone");
        put(&out, "kept/index.html", "kept");
        put(&stage, "index.html", "new home");
        put(&stage, "a/index.html", "new a");
        put(&stage, "new/index.html", "new");
        let journal = Journal {
            moves: vec![
                "index.html".into(),
                "a/index.html".into(),
                "new/index.html".into(),
            ],
            removals: vec!["gone/deep/index.html".into()],
        };
        journal.write(&stage).unwrap();
        (out, stage, journal)
    }

    fn the_new_site() -> Vec<(String, String)> {
        [
            ("a/index.html", "new a"),
            ("index.html", "new home"),
            ("kept/index.html", "kept"),
            ("new/index.html", "new"),
        ]
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .to_vec()
    }

    #[test]
    fn a_journal_moves_in_the_new_files_and_removes_the_gone_with_their_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, stage, journal) = setup(tmp.path());
        assert_eq!(Journal::left_in(&stage).as_ref(), Some(&journal));
        journal.apply(&stage, &out).unwrap();
        assert_eq!(files(&out), the_new_site());
        assert!(!out.join("gone").exists(), "emptied folders go too");
    }

    #[test]
    fn a_journal_cut_short_at_any_step_is_finished_by_applying_it_again() {
        let steps = {
            let tmp = tempfile::tempdir().unwrap();
            let (_, _, j) = setup(tmp.path());
            j.moves.len() + j.removals.len()
        };
        for done in 0..=steps {
            let tmp = tempfile::tempdir().unwrap();
            let (out, stage, journal) = setup(tmp.path());
            // The first `done` steps, as an interrupted build would have left them.
            let (removals, moves) = journal.removals.split_at(done.min(journal.removals.len()));
            let moves = &journal.moves[..done.saturating_sub(removals.len()).min(moves.len())];
            let partial = Journal {
                moves: moves.to_vec(),
                removals: removals.to_vec(),
            };
            partial.apply(&stage, &out).unwrap();
            let left = Journal::left_in(&stage).expect("the journal stays until done");
            left.apply(&stage, &out).unwrap();
            assert_eq!(files(&out), the_new_site(), "after {done} steps");
        }
    }

    #[test]
    fn a_journal_that_does_not_read_is_none() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(Journal::left_in(tmp.path()), None);
        std::fs::write(tmp.path().join(NAME), [0xff, 0xff, 0xff]).unwrap();
        assert_eq!(Journal::left_in(tmp.path()), None);
    }
}
