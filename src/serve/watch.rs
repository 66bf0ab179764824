//! Watching the site's sources: `content/`, `templates/`, `i18n/` and `site.yaml`, nothing else
//! (never `public/`, which a `briefing build` in another terminal may rewrite).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

/// What a changed path is, for the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Content,
    Template,
    Config,
}

/// Classifies a path reported by the watcher. Hidden files and folders (editor swap
/// files, `.git`) are ignored, as the build ignores them.
pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if parts.iter().any(|p| p.starts_with('.')) {
        return None;
    }
    match parts.as_slice() {
        ["content", ..] => Some(Change::Content),
        ["templates", ..] => Some(Change::Template),
        ["site.yaml"] => Some(Change::Config),
        // The strings files are read with `site.yaml`.
        ["i18n", ..] => Some(Change::Config),
        _ => None,
    }
}

/// Whether an event can mean a change of content. Opening and reading are not changes:
/// the build itself reads every file, and counting its reads would rebuild forever.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Whether an event ends a change to its path: the file closed after writing, moved
/// into place, or removed. Anything else (a file made, written to, moved away) is the
/// middle of a save, which an event that ends it follows.
fn ends_change(kind: &EventKind) -> bool {
    use notify::event::{ModifyKind, RenameMode};
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
            | EventKind::Remove(_)
    )
}

/// A message to the rebuild loop.
#[derive(Debug)]
pub enum Msg {
    /// A path changed; `ended` if the event ends its change (see [`ends_change`]).
    Changed {
        path: PathBuf,
        ended: bool,
    },
    Stop,
}

/// How long the sources must be quiet before a batch of changes is rebuilt.
#[derive(Debug, Clone, Copy)]
pub struct Quiet {
    /// After an event in the middle of a save: long enough for the rest of it.
    pub saving: Duration,
    /// After an event that ends a change: only long enough for the events of the same
    /// save that come at once (a temporary file closed, then moved into place).
    pub saved: Duration,
}

/// The watcher and the folders it watches.
pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    watched: BTreeSet<PathBuf>,
}

impl Watch {
    /// Watches `root` (whose path must be canonical, as event paths are), sending each
    /// relevant changed path to `tx`.
    pub fn new(root: &Path, tx: Sender<Msg>) -> notify::Result<Watch> {
        let filter_root = root.to_path_buf();
        let watcher = notify::recommended_watcher(move |res: notify::Result<Event>| {
            let Ok(event) = res else { return };
            if !is_change(&event.kind) {
                return;
            }
            let ended = ends_change(&event.kind);
            for path in event.paths {
                if classify(&filter_root, &path).is_some() {
                    let _ = tx.send(Msg::Changed { path, ended });
                }
            }
        })?;
        let mut watch = Watch {
            root: root.to_path_buf(),
            watcher,
            watched: BTreeSet::new(),
        };
        // The root itself, not recursively: for site.yaml (which editors often replace
        // rather than rewrite) and for content/ or templates/ appearing later.
        watch.watcher.watch(root, RecursiveMode::NonRecursive)?;
        watch.refresh();
        Ok(watch)
    }

    /// Watches `content/`, `templates/` and `i18n/` if they exist and are not yet watched, and
    /// forgets them if they have gone; called before each rebuild.
    pub fn refresh(&mut self) {
        for name in ["content", "templates", "i18n"] {
            let dir = self.root.join(name);
            let exists = dir.is_dir();
            let known = self.watched.contains(&dir);
            if exists && !known {
                if self.watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(dir);
                }
            } else if !exists && known {
                let _ = self.watcher.unwatch(&dir);
                self.watched.remove(&dir);
            }
        }
    }
}

/// Waits for a change, then gathers the changes that follow it until the sources have
/// been `quiet` (an editor's save is often several events), but no longer than `cap`.
/// `None` when asked to stop.
pub fn next_batch(rx: &Receiver<Msg>, quiet: Quiet, cap: Duration) -> Option<Vec<PathBuf>> {
    let (first, mut ended) = match rx.recv() {
        Ok(Msg::Changed { path, ended }) => (path, ended),
        Ok(Msg::Stop) | Err(_) => return None,
    };
    let mut batch = BTreeSet::from([first]);
    let give_up = Instant::now() + cap;
    loop {
        let quiet = if ended { quiet.saved } else { quiet.saving };
        let wait = quiet.min(give_up.saturating_duration_since(Instant::now()));
        match rx.recv_timeout(wait) {
            Ok(Msg::Changed { path, ended: e }) => {
                batch.insert(path);
                ended = e;
            }
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return None,
            Err(RecvTimeoutError::Timeout) => return Some(batch.into_iter().collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn classifies_site_sources_and_ignores_the_rest() {
        let root = Path::new("/site");
        let cases = [
            ("/site/content/briefings/a.md", Some(Change::Content)),
            ("/site/content/briefings/photo.png", Some(Change::Content)),
            ("/site/content", Some(Change::Content)),
            ("/site/templates/base.html", Some(Change::Template)),
            ("/site/site.yaml", Some(Change::Config)),
            ("/site/i18n/uk.yaml", Some(Change::Config)),
            ("/site/content/briefings/.a.md.swp", None),
            ("/site/.git/index", None),
            ("/site/public/index.html", None),
            ("/site/.public.staging-12/index.html", None),
            ("/site/site.yaml~", None),
            ("/site/README.md", None),
            ("/elsewhere/content/a.md", None),
        ];
        for (path, want) in cases {
            assert_eq!(classify(root, Path::new(path)), want, "{path}");
        }
    }

    #[test]
    fn reads_are_not_changes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Remove(
            notify::event::RemoveKind::File
        )));
    }

    fn changed(path: &str, ended: bool) -> Msg {
        Msg::Changed {
            path: PathBuf::from(path),
            ended,
        }
    }

    #[test]
    fn a_save_ends_when_its_file_is_closed_moved_into_place_or_removed() {
        use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};
        let ends = [
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            EventKind::Remove(RemoveKind::File),
        ];
        let middle = [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
        ];
        for kind in ends {
            assert!(ends_change(&kind), "{kind:?}");
        }
        for kind in middle {
            assert!(!ends_change(&kind), "{kind:?}");
        }
    }

    #[test]
    fn a_burst_of_changes_is_one_batch() {
        let (tx, rx) = mpsc::channel();
        for p in ["a", "b", "a"] {
            tx.send(changed(p, false)).unwrap();
        }
        let quiet = Quiet {
            saving: Duration::from_millis(20),
            saved: Duration::from_millis(20),
        };
        let batch = next_batch(&rx, quiet, Duration::from_secs(1)).unwrap();
        assert_eq!(batch, [PathBuf::from("a"), PathBuf::from("b")]);
        tx.send(Msg::Stop).unwrap();
        assert_eq!(next_batch(&rx, quiet, Duration::from_secs(1)), None);
    }

    /// A save in the middle waits out the long quiet for the event that ends it, and
    /// that event ends the batch after the short one: the two come in one batch, long
    /// before the long quiet would have passed again.
    #[test]
    fn a_batch_waits_for_a_save_to_end_and_no_longer() {
        let (tx, rx) = mpsc::channel();
        let quiet = Quiet {
            saving: Duration::from_secs(30),
            saved: Duration::from_millis(1),
        };
        tx.send(changed("a.md.tmp", false)).unwrap();
        let later = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            tx.send(changed("a.md", true)).unwrap();
            tx
        });
        let start = Instant::now();
        let batch = next_batch(&rx, quiet, Duration::from_secs(60)).unwrap();
        assert_eq!(batch, [PathBuf::from("a.md"), PathBuf::from("a.md.tmp")]);
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{:?}",
            start.elapsed()
        );
        drop(later.join());
    }
}
