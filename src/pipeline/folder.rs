//! A build into an output folder: read beside the last build's record, then staged
//! whole or brought up to date in place, and the record and kept bodies written for
//! the next.

use super::*;

/// Figures for the summary line.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub briefings: usize,
    pub actors: usize,
    /// Statements: a quote cited by two briefings counts once.
    pub statements: usize,
    pub elapsed: Duration,
    pub has_base_url: bool,
    /// Briefings left out for being dated after today.
    pub future_left_out: usize,
    /// What the build warned of; the site was written all the same.
    pub warnings: Vec<Diagnostic>,
    /// For a build in place, what it wrote and removed; `None` for a whole build.
    pub changed: Option<output::Changed>,
    /// Whether the site was the last build's but for briefings' bodies, so that only
    /// their pages were looked at (see [`crate::outline`]).
    pub bodies_only: bool,
    /// Whether the bodies the last build kept, or some of them, were damaged and so
    /// rendered again (see [`model::stored`]).
    pub bodies_damaged: bool,
    /// How many Markdown files the build knew from the last one's without reading them
    /// (see [`crate::discover::Known`]); it reads them only for what it did not keep.
    pub known: usize,
    /// Why the last build's record was not used, if there was one.
    pub distrust: Option<record::Distrust>,
}

/// Builds the site at `opts.root` into `out`, into a staging folder that then replaces
/// `out`. If the last build into `out` left a record that still holds (and `--clean`
/// was not asked for), only pages whose inputs changed are rendered and only files
/// whose bytes changed are written and moved into `out`; the others stay as they are.
pub fn build(opts: &BuildOptions, out: &Path) -> Result<Summary, Failure> {
    let start = Instant::now();
    let phase = Phases::start();
    output::may_build_into(&opts.root, out, opts.force)
        .map_err(|refusal| Failure::Io(refusal.to_string()))?;
    // A build killed while it changed `out` in place is finished first: the record
    // below is compared with the folder as that build left it.
    output::recover_beside(out);
    let record_path = record::path(&opts.root, out);
    let bodies_path = model::stored::path(&record_path);
    // The record and the site are read side by side: neither needs the other, and
    // each is in part one core's work (the record alone took 25 ms of a 0.36 s build
    // after a one-line edit at 10,000 briefings, 0.4 s at 100,000). Reading the site
    // writes nothing to `out`.
    let ((last, distrust), read) = rayon::join(
        || last_record(opts, out, &record_path),
        || read_caught(opts, false, Some(&bodies_path)),
    );
    let read = read?;
    phase.done("record and site read");
    let (run, mut record, changed) = match last {
        Some(last) => in_place(opts, out, last, read)?,
        None => {
            crate::render::on_stuck_exit(output::remove_unfinished);
            let stage = output::Stage::create(out).map_err(|e| Failure::Io(e.to_string()))?;
            // On failure the stage is dropped, which removes it: the old output stays.
            let run = run(opts, Target::Stage(&stage), read)?;
            // The old record does not describe the new folder.
            Record::remove(&record_path).map_err(|e| Failure::Io(e.to_string()))?;
            let (_, record) = stage.commit().map_err(|e| Failure::Io(e.to_string()))?;
            (run, record, None)
        }
    };
    // A record that cannot be written only costs the next build its head start.
    let phase = Phases::start();
    record.rendered_with(run.renderer);
    if let Some(outline) = run.outline {
        record.outlined(outline);
    }
    // Bodies that cannot be kept only cost the next build their rendering. Each file
    // is some 10 ms after a one-line edit at 10,000 briefings: one on each core.
    let keeper = run.keeper;
    let _ = rayon::join(
        || record.save(&record_path),
        || keeper.map(|k| k.save(&bodies_path)),
    );
    phase.done("record written");
    let mut site = run.site;
    let summary = Summary {
        pages: run.paths.iter().filter(|p| p.ends_with(".html")).count(),
        files: record.len(),
        bytes: record.bytes(),
        briefings: site.briefings.len(),
        actors: site.actors.len(),
        statements: site.statements.len(),
        elapsed: start.elapsed(),
        has_base_url: site.config.base_url.is_some(),
        future_left_out: site.future_left_out,
        warnings: std::mem::take(&mut site.warnings),
        changed,
        bodies_only: run.bodies_only,
        bodies_damaged: run.bodies_damaged,
        known: run.known,
        distrust,
    };
    // Letting go of the model took 20 to 24 ms, some 7% of a build after a one-line
    // edit at 10,000 briefings, of the record some 5 ms more, and of the last build's
    // kept files 7: a thread of its own does it while the caller reports, and a
    // process that is done by then exits without waiting for it.
    let kept = run.kept;
    std::thread::spawn(move || drop((site, record, kept)));
    Ok(summary)
}

/// The record of the last build into `out`, unless `--clean` was asked for or it does
/// not speak for `out` as it is; why a record there was not trusted, if so.
pub(super) fn last_record(
    opts: &BuildOptions,
    out: &Path,
    path: &Path,
) -> (Option<Record>, Option<record::Distrust>) {
    let (last, distrust) = match opts.clean {
        true => (None, None),
        false => match Record::load(path) {
            Ok(last) => (last, None),
            Err(why) => (None, Some(why)),
        },
    };
    // A record speaks only for a folder that is still the one it describes.
    let last = last
        .filter(|_| out.join(output::MARKER).is_file())
        .map(|last| last.still_in(out));
    (last, distrust)
}

/// Brings `out` up to date in place: files that did not change since the build `last`
/// records stay as they are, the others are staged and then moved in.
///
/// The record on disk stays as it is until the caller replaces it: should that not
/// happen, a file it names that changed is no longer the size and age it says, and is
/// made again (see [`Record::still_in`]).
pub(super) fn in_place(
    opts: &BuildOptions,
    out: &Path,
    last: Record,
    read: Read,
) -> Result<(Run, Record, Option<output::Changed>), Failure> {
    crate::render::on_stuck_exit(output::remove_unfinished);
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let update = output::Update::create(&out, &last).map_err(|e| Failure::Io(e.to_string()))?;
    // On failure the update is dropped, which removes its stage: the old output stays.
    let run = run(opts, Target::Update(&update), read)?;
    let phase = Phases::start();
    let (record, changed) = update.commit().map_err(|e| Failure::Io(e.to_string()))?;
    phase.done("commit");
    Ok((run, record, Some(changed)))
}
