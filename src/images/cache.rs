//! Resized pictures kept between builds in `.briefing-cache/images/` beside the site,
//! each under a hash of what made it: the source's bytes, the width and the encoder's
//! settings. A changed picture or setting is a new name, so nothing is ever stale;
//! deleting the folder only costs the next build the time to make them again.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use super::Format;

/// Everything besides the source and width that decides the bytes of an output: change
/// it when encoding changes, so that old entries are not reused.
const ENCODER: &str = "image 0.25; jpeg q82; png default adaptive; webp lossless; catmull-rom; v1";

/// The folder, under the site's root, that caches of briefing live in.
pub const FOLDER: &str = ".briefing-cache";

/// Where made pictures are kept.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

/// What an output is made from: a cache entry's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key(String);

impl Cache {
    /// The cache of the site at `root`.
    pub fn of_site(root: &Path) -> Cache {
        Cache {
            dir: root.join(FOLDER).join("images"),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The key of `source` made `width` pixels wide (`None`: as it is) in `format`.
    pub fn key(source: &[u8], width: Option<u32>, format: Format) -> Key {
        // Two 64-bit SipHashes with different seeds: 128 bits, so that two pictures
        // sharing a name in the cache is not a risk worth a cryptographic hash's crate.
        let half = |seed: u8| {
            let mut h = std::hash::DefaultHasher::new();
            (seed, ENCODER, width, format, source).hash(&mut h);
            h.finish()
        };
        let ext = match format {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
        };
        Key(format!("{:016x}{:016x}.{ext}", half(1), half(2)))
    }

    pub fn path(&self, key: &Key) -> PathBuf {
        self.dir.join(&key.0)
    }

    /// The entry for `key`, if it was made before.
    pub fn get(&self, key: &Key) -> Option<PathBuf> {
        let path = self.path(key);
        path.is_file().then_some(path)
    }

    /// Keeps `bytes` as the entry for `key`. Written beside and renamed into place, so
    /// that a build stopped halfway, or another running at once, never leaves half a
    /// picture under a name that says it is whole.
    pub fn put(&self, key: &Key, bytes: &[u8]) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(&self.dir)?;
        let path = self.path(key);
        let tmp = self.dir.join(format!(
            ".{}.{}.{:?}.tmp",
            key.0,
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_differ_by_source_width_and_format() {
        let k = |s: &[u8], w, f| Cache::key(s, w, f);
        let a = k(b"a", Some(480), Format::Png);
        assert_eq!(a, k(b"a", Some(480), Format::Png));
        assert_ne!(a, k(b"b", Some(480), Format::Png));
        assert_ne!(a, k(b"a", Some(960), Format::Png));
        assert_ne!(a, k(b"a", None, Format::Png));
        assert_ne!(a, k(b"a", Some(480), Format::Jpeg));
        assert!(a.0.ends_with(".png") && a.0.len() == 36, "{a:?}");
    }
}
