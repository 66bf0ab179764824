//! Where the files a run makes go: to memory, a staging folder or an update of the
//! output in place; and the files of `content/` copied as they are.

use super::*;

/// Where a run's files go, as [`Target`] says, with the first error writing them.
pub(super) struct Sink<'a> {
    target: Target<'a>,
    io_error: std::sync::Mutex<Option<output::WriteError>>,
}

/// A file made, by path: with its bytes if it stays in memory.
pub(super) type Emitted = (String, Option<OutputFile>);

impl<'a> Sink<'a> {
    pub(super) fn new(target: Target<'a>) -> Sink<'a> {
        Sink {
            target,
            io_error: Default::default(),
        }
    }

    /// The first error writing a file, if any.
    pub(super) fn io_error(self) -> Option<output::WriteError> {
        self.io_error.into_inner().ok().flatten()
    }

    fn failed(&self, r: Result<(), output::WriteError>) {
        if let Err(e) = r
            && let Ok(mut slot) = self.io_error.lock()
        {
            slot.get_or_insert(e);
        }
    }

    /// Each file either goes to the stage or the update (keeping its path) or stays in
    /// memory.
    pub(super) fn made(&self, made: Made) -> Option<Emitted> {
        match (self.target, made) {
            (Target::Memory, Made::File(f, _)) => Some((f.path.clone(), Some(f))),
            (Target::Stage(stage), Made::File(f, inputs)) => {
                self.failed(stage.write(&f, inputs));
                Some((f.path, None))
            }
            (Target::Update(update), Made::File(f, inputs)) => {
                self.failed(update.write(&f, inputs));
                Some((f.path, None))
            }
            (Target::Update(update), Made::Kept(path, inputs)) => {
                self.failed(update.keep(&path, inputs));
                Some((path, None))
            }
            // Only an update's record keeps pages.
            (_, Made::Kept(path, _)) => Some((path, None)),
        }
    }

    /// A file made piece by piece (the data export's).
    pub(super) fn pieces(
        &self,
        path: &str,
        pieces: &mut dyn Iterator<Item = Vec<u8>>,
    ) -> Option<Emitted> {
        match self.target {
            Target::Memory => self.made(Made::File(crate::export::gathered(path, pieces), None)),
            Target::Stage(stage) => {
                self.failed(stage.write_pieces(path, pieces, None).map(drop));
                Some((path.to_string(), None))
            }
            Target::Update(update) => {
                self.failed(update.write_pieces(path, pieces));
                Some((path.to_string(), None))
            }
        }
    }

    /// The site-wide files that show no body, kept as the last build made them, for a
    /// site that differs from its in bodies alone (see [`BodiesOnly`]).
    pub(super) fn extras_kept(&self) -> Vec<Emitted> {
        let Target::Update(update) = self.target else {
            return Vec::new();
        };
        (update.last().entries())
            .filter(|(path, e)| e.inputs.is_none() && extras_show_no_body(path))
            .map(|(path, _)| {
                self.failed(update.keep_as_is(path));
                (path.to_string(), None)
            })
            .collect()
    }
}

/// Copies the files of content/ that are published as they are.
pub(super) fn copy_assets(target: Target, assets: &[discover::Asset]) -> Result<(), Failure> {
    for a in assets {
        let copied = match target {
            Target::Memory => Ok(()),
            Target::Stage(stage) => stage.copy(a),
            Target::Update(update) => update.copy(a),
        };
        copied.map_err(|e| Failure::Io(e.to_string()))?;
    }
    Ok(())
}

/// Files in `content/` that would land on a page the site generates (a stray
/// `content/briefings/x/index.html`, a `content/style.css`): an error rather than one
/// silently replacing the other.
pub(super) fn asset_clashes<'a>(
    assets: &[discover::Asset],
    generated: impl Iterator<Item = &'a str>,
) -> Vec<Diagnostic> {
    let generated: std::collections::HashSet<&str> = generated.collect();
    assets
        .iter()
        .filter_map(|a| {
            let rel = a.rel.to_str()?.replace('\\', "/");
            generated.contains(rel.as_str()).then(|| {
                Diagnostic::new(
                    Kind::DuplicateSlug,
                    std::path::Path::new("content").join(&a.rel),
                    format!("this file would replace the page the site generates at `{rel}`"),
                )
                .hint(if rel == crate::views::DEFAULT_FAVICON {
                    // The theme's icon is written only when site.yaml names none.
                    "to make it the site's icon, set `favicon: favicon.svg` in site.yaml"
                } else {
                    "rename or move it; generated pages cannot be overridden from content/ (templates can change them)"
                })
            })
        })
        .collect()
}
