//! Bodies' HTML kept in a file instead of on the heap while a build runs. At 100,000
//! briefings the bodies are some 530 MB that each page needs once, long after the model
//! is built; written out as they are rendered and read back by the page that shows them,
//! they cost the kernel's page cache instead of the build's memory.
//!
//! The file is in the site's `.briefing-cache/`, so it is on the site's disk rather
//! than a `/tmp` that may be memory itself. A build that keeps its bodies for the next
//! (see `crate::model::stored`) names it and, once it succeeded, keeps it; otherwise it
//! goes with the build. Only on Unix: elsewhere bodies stay on the heap.

use std::borrow::Cow;
use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::fingerprint::Fingerprint;

/// The file bodies are spilled to.
pub struct Spill {
    file: File,
    /// The file's name while it may still be kept (see [`Spill::keep_as`]).
    named: Mutex<Option<tempfile::TempPath>>,
    /// Where the next body goes.
    end: Mutex<u64>,
    /// The first error reading the file back: the build fails with it.
    error: Mutex<Option<io::Error>>,
}

/// A body's HTML: held, or spilled and read again when shown.
#[derive(Clone)]
pub enum Html {
    Held(Arc<str>),
    Spilled {
        spill: Arc<Spill>,
        at: u64,
        len: usize,
        /// Of its bytes, taken as they were written: what the incremental build
        /// compares (see `crate::outline`) without reading them back.
        print: Fingerprint,
    },
}

impl Spill {
    /// A new, empty spill file in `dir`, which is made if missing.
    pub fn new_in(dir: &Path) -> io::Result<Arc<Spill>> {
        if cfg!(not(unix)) {
            return Err(io::ErrorKind::Unsupported.into());
        }
        std::fs::create_dir_all(dir)?;
        Ok(Arc::new(Spill {
            file: tempfile::tempfile_in(dir)?,
            named: Mutex::new(None),
            end: Mutex::new(0),
            error: Mutex::new(None),
        }))
    }

    /// [`Spill::new_in`], but a file with a name starting with `prefix`, which
    /// [`Spill::keep_as`] can keep; removed when let go of otherwise.
    pub fn named_in(dir: &Path, prefix: &str) -> io::Result<Arc<Spill>> {
        if cfg!(not(unix)) {
            return Err(io::ErrorKind::Unsupported.into());
        }
        std::fs::create_dir_all(dir)?;
        let (file, path) = tempfile::Builder::new()
            .prefix(prefix)
            .suffix(".tmp")
            .tempfile_in(dir)?
            .into_parts();
        Ok(Arc::new(Spill {
            file,
            named: Mutex::new(Some(path)),
            end: Mutex::new(0),
            error: Mutex::new(None),
        }))
    }

    /// A file kept by an earlier build, to read bodies from (see
    /// [`Html::spilled_in`]); nothing is written to it.
    pub fn reading(file: File) -> io::Result<Arc<Spill>> {
        let end = file.metadata()?.len();
        Ok(Arc::new(Spill {
            file,
            named: Mutex::new(None),
            end: Mutex::new(end),
            error: Mutex::new(None),
        }))
    }

    /// Has `tail` write after the bodies and keeps the file at `path`, in place of any
    /// file there: for a spill made by [`Spill::named_in`], once.
    pub fn keep_as(
        &self,
        path: &Path,
        tail: impl FnOnce(&File) -> io::Result<()>,
    ) -> io::Result<()> {
        use std::io::Seek;
        let named = self
            .named
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
            .ok_or(io::ErrorKind::NotFound)?;
        (&self.file).seek(io::SeekFrom::Start(self.len()))?;
        tail(&self.file)?;
        named.persist(path).map_err(|e| e.error)
    }

    /// The bytes of bodies written so far.
    pub fn len(&self) -> u64 {
        *self
            .end
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(crate) fn file(&self) -> &File {
        &self.file
    }

    /// `html` written to the file; held instead should that fail (a full disk costs
    /// memory, not the build), or when it is too small to be worth a read.
    pub fn put(self: &Arc<Self>, html: &str) -> Html {
        if html.len() < 256 {
            return Html::Held(html.into());
        }
        let at = {
            let mut end = self
                .end
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let at = *end;
            *end += html.len() as u64;
            at
        };
        match write_at(&self.file, html.as_bytes(), at) {
            Ok(()) => Html::Spilled {
                spill: Arc::clone(self),
                at,
                len: html.len(),
                print: Fingerprint::of_bytes(html.as_bytes()),
            },
            Err(_) => Html::Held(html.into()),
        }
    }

    /// The first error reading a body back, if any.
    pub fn error(&self) -> Option<io::Error> {
        let mut slot = self
            .error
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        slot.take()
    }

    fn failed(&self, e: io::Error) {
        let mut slot = self
            .error
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        slot.get_or_insert(e);
    }
}

impl std::fmt::Debug for Spill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spill").finish_non_exhaustive()
    }
}

/// As its text: what a page shows of it (see `crate::outline`).
impl serde::Serialize for Html {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl Html {
    /// The HTML. Should a spilled body fail to be read back, it is empty and the spill
    /// keeps the error, which fails the build before anything is published.
    pub fn text(&self) -> Cow<'_, str> {
        match self {
            Html::Held(s) => Cow::Borrowed(s),
            Html::Spilled { spill, at, len, .. } => {
                let mut buf = vec![0; *len];
                match read_at(&spill.file, &mut buf, *at).and_then(|()| {
                    String::from_utf8(buf)
                        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
                }) {
                    Ok(s) => Cow::Owned(s),
                    Err(e) => {
                        spill.failed(e);
                        Cow::Borrowed("")
                    }
                }
            }
        }
    }

    /// Where it is in `spill`, if it was spilled there.
    pub fn spilled_in(&self, spill: &Arc<Spill>) -> Option<(u64, usize)> {
        match self {
            Html::Spilled {
                spill: s, at, len, ..
            } if Arc::ptr_eq(s, spill) => Some((*at, *len)),
            _ => None,
        }
    }

    /// The fingerprint of its bytes, without reading them back.
    pub fn fingerprint(&self) -> Fingerprint {
        match self {
            Html::Held(s) => Fingerprint::of_bytes(s.as_bytes()),
            Html::Spilled { print, .. } => *print,
        }
    }

    /// Its length in bytes, without reading it.
    pub fn len(&self) -> usize {
        match self {
            Html::Held(s) => s.len(),
            Html::Spilled { len, .. } => *len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Default for Html {
    fn default() -> Self {
        Html::Held("".into())
    }
}

impl From<&str> for Html {
    fn from(s: &str) -> Self {
        Html::Held(s.into())
    }
}

impl From<String> for Html {
    fn from(s: String) -> Self {
        Html::Held(s.into())
    }
}

impl PartialEq for Html {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Html::Held(a), Html::Held(b)) => a == b,
            _ => self.len() == other.len() && self.text() == other.text(),
        }
    }
}

impl std::fmt::Debug for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.text().fmt(f)
    }
}

#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, at)
}

#[cfg(unix)]
pub(crate) fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

// Elsewhere bodies stay on the heap: positioned reads and writes that several threads
// share safely are what std offers on Unix, and no other platform is tested here.
#[cfg(not(unix))]
fn write_at(_: &File, _: &[u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(not(unix))]
pub(crate) fn read_at(_: &File, _: &mut [u8], _: u64) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn spilled_bodies_read_back_as_written_from_any_thread() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::new_in(&dir.path().join("cache")).unwrap();
        let bodies: Vec<String> = (0..64)
            .map(|i| format!("<p>Body {i:04}</p>").repeat(i * 7))
            .collect();
        let spilled: Vec<Html> = std::thread::scope(|s| {
            let handles: Vec<_> = (bodies.iter()).map(|b| s.spawn(|| spill.put(b))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (html, body) in spilled.iter().zip(&bodies) {
            assert_eq!(html.text(), body.as_str());
            assert_eq!(html.len(), body.len());
        }
        assert!(matches!(spilled[63], Html::Spilled { .. }));
        assert!(matches!(spilled[0], Html::Held(_)), "too small to spill");
        assert_eq!(spilled[10], Html::from(bodies[10].as_str()));
        assert!(spill.error().is_none());
        // The file has no name: nothing is left in the cache folder.
        assert_eq!(
            std::fs::read_dir(dir.path().join("cache")).unwrap().count(),
            0
        );
    }
}
