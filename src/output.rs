//! Writing the built site: everything goes into a staging folder beside the output,
//! which then replaces the output in one step, so a failed or interrupted build never
//! leaves a half-written site.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::discover::Asset;
use crate::render::OutputFile;

/// An I/O failure with the path it happened on.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub action: &'static str,
    pub source: io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "cannot {} {}: {}",
            self.action,
            self.path.display(),
            self.source
        )
    }
}

fn at<'p>(path: &'p Path, action: &'static str) -> impl FnOnce(io::Error) -> WriteError + 'p {
    move |source| WriteError {
        path: path.to_path_buf(),
        action,
        source,
    }
}

/// What was written.
#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

/// Writes `files` and `assets` to `out`, replacing whatever was there only once all of
/// it is on disk.
pub fn write_site(
    out: &Path,
    files: &[OutputFile],
    assets: &[Asset],
) -> Result<Written, WriteError> {
    let out = absolute(out);
    let parent = out.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(at(parent, "create folder"))?;
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let stage = parent.join(format!(".{name}.staging-{}", std::process::id()));
    if stage.exists() {
        std::fs::remove_dir_all(&stage).map_err(at(&stage, "clear staging folder"))?;
    }
    let result = fill(&stage, files, assets).and_then(|w| swap(&stage, &out).map(|()| w));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&stage);
    }
    result
}

fn fill(stage: &Path, files: &[OutputFile], assets: &[Asset]) -> Result<Written, WriteError> {
    std::fs::create_dir_all(stage).map_err(at(stage, "create folder"))?;
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(Path::to_path_buf))
        .chain(
            assets
                .iter()
                .filter_map(|a| a.rel.parent().map(Path::to_path_buf)),
        )
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        let full = stage.join(d);
        std::fs::create_dir_all(&full).map_err(at(&full, "create folder"))?;
    }
    let bytes: u64 = files
        .par_iter()
        .map(|f| {
            let path = stage.join(&f.path);
            std::fs::write(&path, &f.bytes).map_err(at(&path, "write"))?;
            Ok(f.bytes.len() as u64)
        })
        .collect::<Result<Vec<u64>, WriteError>>()?
        .into_iter()
        .sum();
    let asset_bytes: u64 = assets
        .par_iter()
        .map(|a| {
            let to = stage.join(&a.rel);
            std::fs::copy(&a.path, &to).map_err(at(&a.path, "copy"))
        })
        .collect::<Result<Vec<u64>, WriteError>>()?
        .into_iter()
        .sum();
    Ok(Written {
        files: files.len() + assets.len(),
        bytes: bytes + asset_bytes,
    })
}

/// Puts `stage` where `out` is. The old output is moved aside first and removed only
/// after the new one is in place; an interruption leaves one complete site at `out`
/// or, between the two renames, the old one beside it.
fn swap(stage: &Path, out: &Path) -> Result<(), WriteError> {
    if !out.exists() {
        return std::fs::rename(stage, out).map_err(at(out, "move the new site into"));
    }
    let old = out.with_file_name(format!(
        ".{}.old-{}",
        out.file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    std::fs::rename(out, &old).map_err(at(out, "move aside the old site in"))?;
    if let Err(e) = std::fs::rename(stage, out) {
        let _ = std::fs::rename(&old, out);
        return Err(at(out, "move the new site into")(e));
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}
