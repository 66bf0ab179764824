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

/// A message to the rebuild loop.
#[derive(Debug)]
pub enum Msg {
    Changed(PathBuf),
    Stop,
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
            for path in event.paths {
                if classify(&filter_root, &path).is_some() {
                    let _ = tx.send(Msg::Changed(path));
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

/// Waits for a change, then gathers the changes that follow it until `quiet` passes
/// without one (an editor's save is often several events), but no longer than `cap`.
/// `None` when asked to stop.
pub fn next_batch(rx: &Receiver<Msg>, quiet: Duration, cap: Duration) -> Option<Vec<PathBuf>> {
    let first = match rx.recv() {
        Ok(Msg::Changed(p)) => p,
        Ok(Msg::Stop) | Err(_) => return None,
    };
    let mut batch = BTreeSet::from([first]);
    let give_up = Instant::now() + cap;
    loop {
        let wait = quiet.min(give_up.saturating_duration_since(Instant::now()));
        match rx.recv_timeout(wait) {
            Ok(Msg::Changed(p)) => {
                batch.insert(p);
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

    #[test]
    fn a_burst_of_changes_is_one_batch() {
        let (tx, rx) = mpsc::channel();
        for p in ["a", "b", "a"] {
            tx.send(Msg::Changed(PathBuf::from(p))).unwrap();
        }
        let quiet = Duration::from_millis(20);
        let batch = next_batch(&rx, quiet, Duration::from_secs(1)).unwrap();
        assert_eq!(batch, [PathBuf::from("a"), PathBuf::from("b")]);
        tx.send(Msg::Stop).unwrap();
        assert_eq!(next_batch(&rx, quiet, Duration::from_secs(1)), None);
    }
}
