//! The record of a build: for each file written to the output folder, the fingerprint
//! of what it was made from, the fingerprint of its bytes, and the size and modification
//! time it was left with. The next build into the same folder renders only pages whose
//! inputs changed and rewrites only files whose bytes did.
//!
//! Kept in `.briefing-cache/` beside the site, one file per output folder. A record is
//! trusted only if it is whole (its checksum holds), was written by this very binary
//! (which decides how inputs become bytes), and describes this output folder as it is
//! now: a file there that is not the size and age the record says is written again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::fingerprint::Fingerprint;
use crate::outline::Outline;

/// Changes whenever the layout below does.
const FORMAT: u32 = 3;
const MAGIC: &[u8; 16] = b"briefing record\n";

/// What the last build wrote to one output folder.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Record {
    files: HashMap<String, Entry>,
    /// The fingerprint of the templates the pages were rendered with: every page's
    /// inputs include it, so after a template edit no page can be kept.
    renderer: Option<Fingerprint>,
    /// The outline of the site the files were made from, and its briefings' bodies (see
    /// [`Outline`]): with the outline the same, only pages of changed bodies and the
    /// feeds need making.
    outline: Option<Fingerprint>,
    bodies: HashMap<String, Fingerprint>,
    /// Files the record named that are no longer as it says (see [`Record::still_in`]):
    /// not to be trusted, but still the last build's, to remove if the site lost them.
    #[serde(skip)]
    doubtful: Vec<String>,
}

/// One file of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// What it was made from: a page's context and templates, a copied file's source;
    /// `None` for the site-wide files, which are made every build.
    pub inputs: Option<Fingerprint>,
    pub bytes: Fingerprint,
    pub len: u64,
    /// Its modification time as it was written, in nanoseconds since the epoch.
    pub mtime: i128,
}

/// Why a record was not used: said in a notice, since the build then takes longer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Distrust {
    /// Cut short, or its bytes do not add up.
    Corrupt,
    /// Written by another version of briefing, or not by briefing at all.
    Foreign,
}

impl std::fmt::Display for Distrust {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Distrust::Corrupt => "the build record was damaged",
            Distrust::Foreign => "the build record was written by another version of briefing",
        })
    }
}

/// Where the record of builds of the site at `root` into `out` lives: one per output
/// folder, so that building into two folders by turns keeps both incremental.
pub fn path(root: &Path, out: &Path) -> PathBuf {
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let key = Fingerprint::of_bytes(out.as_os_str().as_encoded_bytes()).0 as u64;
    root.join(crate::images::FOLDER)
        .join(format!("build-{key:016x}.record"))
}

impl Record {
    /// Reads the record at `path`: `Ok(None)` if there is none.
    pub fn load(path: &Path) -> Result<Option<Record>, Distrust> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(_) => return Err(Distrust::Corrupt),
        };
        Record::decode(&bytes, crate::fingerprint::binary()).map(Some)
    }

    /// Header: magic, format, the binary's fingerprint, the payload's; then the payload.
    fn decode(bytes: &[u8], binary: Fingerprint) -> Result<Record, Distrust> {
        let Some(rest) = bytes.strip_prefix(MAGIC) else {
            return Err(Distrust::Foreign);
        };
        let (format, rest) = rest.split_at_checked(4).ok_or(Distrust::Corrupt)?;
        let (made_by, rest) = rest.split_at_checked(16).ok_or(Distrust::Corrupt)?;
        let (sum, payload) = rest.split_at_checked(16).ok_or(Distrust::Corrupt)?;
        let u128_of = |b: &[u8]| u128::from_le_bytes(b.try_into().unwrap_or([0; 16]));
        if format != FORMAT.to_le_bytes() || u128_of(made_by) != binary.0 {
            return Err(Distrust::Foreign);
        }
        if Fingerprint::of_bytes(payload).0 != u128_of(sum) {
            return Err(Distrust::Corrupt);
        }
        postcard::from_bytes(payload).map_err(|_| Distrust::Corrupt)
    }

    fn encode(&self, binary: Fingerprint) -> Vec<u8> {
        // A map of strings and numbers always serializes.
        let payload = postcard::to_stdvec(self).unwrap_or_default();
        let mut bytes = Vec::with_capacity(payload.len() + 52);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        bytes.extend_from_slice(&binary.0.to_le_bytes());
        bytes.extend_from_slice(&Fingerprint::of_bytes(&payload).0.to_le_bytes());
        bytes.extend_from_slice(&payload);
        bytes
    }

    /// Writes the record to `path`, beside and then into place, so that it is whole or
    /// absent.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension(format!("record.{}.tmp", std::process::id()));
        std::fs::write(&tmp, self.encode(crate::fingerprint::binary()))?;
        std::fs::rename(&tmp, path).inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
    }

    /// Forgets the record at `path`: done before the output folder is changed in place,
    /// so that a build stopped halfway leaves no record that would vouch for it.
    pub fn remove(path: &Path) -> std::io::Result<()> {
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Says which templates the pages recorded were rendered with.
    pub fn rendered_with(&mut self, renderer: Fingerprint) {
        self.renderer = Some(renderer);
    }

    /// Says what site the files recorded were made from.
    pub fn outlined(&mut self, outline: Outline) {
        self.outline = Some(outline.site);
        self.bodies = outline.bodies;
    }

    /// Whether the files recorded were made from a site of this outline, with these
    /// templates: then only pages showing bodies can differ.
    pub fn same_outline(&self, outline: &Outline, renderer: Fingerprint) -> bool {
        self.outline == Some(outline.site) && self.renderer == Some(renderer)
    }

    /// The fingerprints of the bodies of the site the files were made from, by page.
    pub fn bodies(&self) -> &HashMap<String, Fingerprint> {
        &self.bodies
    }

    pub fn insert(&mut self, path: String, entry: Entry) {
        self.files.insert(path, entry);
    }

    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.files.get(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.files.iter().map(|(p, e)| (p.as_str(), e))
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// The bytes of every file recorded.
    pub fn bytes(&self) -> u64 {
        self.files.values().map(|e| e.len).sum()
    }

    /// The record with only the files still in `out` as they were written: looked at
    /// once, by size and modification time, on all cores. The others are kept apart as
    /// [`Record::doubtful`].
    pub fn still_in(self, out: &Path) -> Record {
        let (files, doubtful): (HashMap<_, _>, Vec<_>) =
            self.files.into_par_iter().partition_map(|(path, entry)| {
                let same = std::fs::symlink_metadata(out.join(&path))
                    .is_ok_and(|m| m.is_file() && Some(entry) == Entry::of(&entry, &m));
                match same {
                    true => rayon::iter::Either::Left((path, entry)),
                    false => rayon::iter::Either::Right(path),
                }
            });
        Record {
            files,
            doubtful,
            renderer: self.renderer,
            outline: self.outline,
            bodies: self.bodies,
        }
    }

    /// The files the last build wrote that are no longer as it left them (edited,
    /// replaced or deleted since).
    pub fn doubtful(&self) -> impl Iterator<Item = &str> {
        self.doubtful.iter().map(String::as_str)
    }
}

impl Entry {
    /// `entry` as a file with metadata `m` would have it, for comparing.
    fn of(entry: &Entry, m: &std::fs::Metadata) -> Option<Entry> {
        Some(Entry {
            len: m.len(),
            mtime: mtime(m)?,
            ..*entry
        })
    }
}

/// A file's modification time in nanoseconds since the epoch (negative before it).
pub fn mtime(m: &std::fs::Metadata) -> Option<i128> {
    let t = m.modified().ok()?;
    Some(match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    })
}

impl crate::render::Reuse for Record {
    fn kept(&self, path: &str, inputs: Fingerprint) -> bool {
        self.files
            .get(path)
            .is_some_and(|e| e.inputs == Some(inputs))
    }

    fn may_keep(&self, renderer: Fingerprint) -> bool {
        !self.files.is_empty() && self.renderer == Some(renderer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Record {
        let mut r = Record::default();
        r.insert(
            "index.html".into(),
            Entry {
                inputs: Some(Fingerprint(7)),
                bytes: Fingerprint(9),
                len: 3,
                mtime: 1_700_000_000_000_000_000,
            },
        );
        r
    }

    #[test]
    fn a_record_reads_back_only_whole_and_from_the_same_binary() {
        let me = Fingerprint(42);
        let bytes = sample().encode(me);
        let back = Record::decode(&bytes, me).unwrap();
        assert_eq!(back.get("index.html"), sample().get("index.html"));
        // Another binary's record is foreign; one cut short or changed is corrupt.
        assert_eq!(
            Record::decode(&bytes, Fingerprint(43)).unwrap_err(),
            Distrust::Foreign
        );
        assert_eq!(
            Record::decode(&bytes[..bytes.len() - 1], me).unwrap_err(),
            Distrust::Corrupt
        );
        let mut flipped = bytes.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(Record::decode(&flipped, me).unwrap_err(), Distrust::Corrupt);
        assert_eq!(
            Record::decode(&bytes[..20], me).unwrap_err(),
            Distrust::Corrupt
        );
        assert_eq!(
            Record::decode(b"not a record at all", me).unwrap_err(),
            Distrust::Foreign
        );
    }

    #[test]
    fn a_file_changed_or_gone_since_the_build_drops_out_of_the_record() {
        let tmp = tempfile::tempdir().unwrap();
        let mut r = Record::default();
        for (name, text) in [("a.html", "aaa"), ("b.html", "bbb"), ("c.html", "ccc")] {
            let p = tmp.path().join(name);
            std::fs::write(&p, text).unwrap();
            let m = std::fs::metadata(&p).unwrap();
            let entry = Entry {
                inputs: None,
                bytes: Fingerprint::of_bytes(text.as_bytes()),
                len: m.len(),
                mtime: mtime(&m).unwrap(),
            };
            r.insert(name.into(), entry);
        }
        std::fs::write(tmp.path().join("b.html"), "bbbb").unwrap();
        std::fs::remove_file(tmp.path().join("c.html")).unwrap();
        let r = r.still_in(tmp.path());
        let mut left: Vec<&str> = r.paths().collect();
        left.sort();
        assert_eq!(left, ["a.html"]);
        let mut doubtful: Vec<&str> = r.doubtful().collect();
        doubtful.sort();
        assert_eq!(doubtful, ["b.html", "c.html"], "still the last build's");
    }

    #[test]
    fn pages_may_be_kept_only_with_the_templates_they_were_rendered_with() {
        use crate::render::Reuse;
        let (theme, edited) = (Fingerprint(5), Fingerprint(6));
        assert!(
            !sample().may_keep(theme),
            "a record from before templates were said"
        );
        let mut r = sample();
        r.rendered_with(theme);
        let back = Record::decode(&r.encode(Fingerprint(1)), Fingerprint(1)).unwrap();
        assert!(back.may_keep(theme) && !back.may_keep(edited));
        assert!(!Record::default().may_keep(theme), "nothing to keep");
    }
}
