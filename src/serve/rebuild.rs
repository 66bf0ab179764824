//! The rebuild side of `serve`: one thread waits for changes, rebuilds through the
//! [`Builder`], and turns each result into the next [`Snapshot`] (the new site, or the
//! last good one with the error) and a line in the terminal.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant, SystemTime};

use super::site::{Site, Snapshot};
use super::watch::{Msg, Watch};
use super::{Builder, DEBOUNCE_CAP, DEBOUNCE_SAVED, Log, Shared, build_guarded, watch};
use crate::args::{count, render_diagnostics};
use crate::pipeline::Failure;

/// What a build did, for the terminal.
#[derive(Debug)]
pub(super) enum Outcome {
    /// `changed` is `None` for the first build.
    Built {
        pages: usize,
        changed: Option<bool>,
        /// The notice of future-dated briefings left out: on the first build, and when
        /// their number changes.
        future_notice: Option<String>,
        /// The build's warnings: on the first build, and when they change.
        warnings: Vec<crate::diag::Diagnostic>,
    },
    Failed {
        diagnostics: String,
        errors: usize,
    },
}

/// The snapshot after a build: the new site if it built, else the last good site with
/// the error.
pub(super) fn next_snapshot(
    prev: &Snapshot,
    result: Result<Site, Failure>,
    changed: &[PathBuf],
    now: SystemTime,
    color: bool,
) -> (Snapshot, Outcome) {
    match result {
        Ok(site) => after_success(prev, site, changed, now),
        Err(failure) => after_failure(prev, failure, now, color),
    }
}

/// The build number moves on only when what is served may have changed, so that saving
/// a file unchanged does not reload every open page.
pub(super) fn after_success(
    prev: &Snapshot,
    site: Site,
    changed: &[PathBuf],
    now: SystemTime,
) -> (Snapshot, Outcome) {
    let previous = prev.site.as_deref();
    // A picture a body shows is served from the cache, under a new name once changed.
    let assets_touched = previous
        .is_some_and(|p| p.has_asset_among(changed) || p.assets != site.assets)
        || site.has_asset_among(changed);
    let change = site.change();
    let moved = previous.is_none() || change.any || assets_touched;
    let css_only = previous.is_some() && change.styles_only && !assets_touched;
    let pages = site.page_count();
    let left_out = site.future_left_out();
    let warnings = match previous {
        Some(p) if p.warnings() == site.warnings() => Vec::new(),
        _ => site.warnings().to_vec(),
    };
    let snap = Snapshot {
        build: if moved { prev.build + 1 } else { prev.build },
        css_only,
        site: Some(Arc::new(site)),
        error: None,
        made: now,
    };
    let outcome = Outcome::Built {
        pages,
        changed: previous.map(|_| moved),
        future_notice: if previous.is_some_and(|p| p.future_left_out() == left_out) {
            None
        } else {
            crate::args::future_notice(left_out)
        },
        warnings,
    };
    (snap, outcome)
}

/// Keeps the last good site and its build number; the overlay shows the diagnostics
/// uncoloured, the terminal in colour if asked.
pub(super) fn after_failure(
    prev: &Snapshot,
    failure: Failure,
    now: SystemTime,
    color: bool,
) -> (Snapshot, Outcome) {
    let (plain, diagnostics, errors) = match failure {
        Failure::Content(diags) => (
            render_diagnostics(&diags, false),
            render_diagnostics(&diags, color),
            diags.iter().filter(|d| !d.is_warning()).count(),
        ),
        Failure::Io(message) => {
            // An I/O message quotes paths from the site, which may hold anything.
            let text = format!("error: {}\n", crate::diag::printable(&message));
            (text.clone(), text, 1)
        }
    };
    let snap = Snapshot {
        error: Some(plain.into()),
        made: now,
        ..prev.clone()
    };
    (
        snap,
        Outcome::Failed {
            diagnostics,
            errors,
        },
    )
}

/// Prints what a build did: one line, or the diagnostics (printed even with --quiet).
pub(super) fn report(
    log: Log,
    outcome: &Outcome,
    took: Duration,
    changed: &[PathBuf],
    root: &Path,
) {
    let ms = took.as_millis();
    let cause = match changed {
        [] => String::new(),
        [one] => format!(
            " after a change to {}",
            crate::diag::display_path(root, one).display()
        ),
        [one, rest @ ..] => format!(
            " after changes to {} and {} more",
            crate::diag::display_path(root, one).display(),
            rest.len()
        ),
    };
    match outcome {
        Outcome::Built {
            pages,
            changed,
            future_notice,
            warnings,
        } => {
            // Printed even with --quiet, as errors are: they are about the content.
            eprint!("{}", render_diagnostics(warnings, log.color));
            if let Some(note) = future_notice {
                log.info(note);
            }
            log.info(&match changed {
                None => format!("built {} in {ms} ms", count(*pages, "page")),
                Some(false) => format!("rebuilt in {ms} ms{cause}: nothing changed"),
                Some(true) => {
                    format!("rebuilt in {ms} ms{cause}; pages render as they are opened")
                }
            })
        }
        Outcome::Failed {
            diagnostics,
            errors,
        } => {
            eprint!("{diagnostics}");
            eprintln!(
                "build failed{cause}: {}; still serving the last good site",
                count(*errors, "error")
            );
        }
    }
}

/// Waits for changes and rebuilds, until told to stop.
pub(super) fn rebuild_loop(
    mut builder: Builder,
    mut watch: Watch,
    changes: &Receiver<Msg>,
    shared: Arc<Shared>,
    debounce: Duration,
) {
    let quiet = watch::Quiet {
        saving: debounce,
        saved: DEBOUNCE_SAVED.min(debounce),
    };
    while let Some(changed) = watch::next_batch(changes, quiet, DEBOUNCE_CAP) {
        // content/ or templates/ may have been created or removed.
        watch.refresh();
        let _ = rebuild_once(&mut builder, &shared, changed);
    }
}

/// Rebuilds after `changed`, publishes and reports the outcome, and, after a good build
/// that follows a change of templates or settings or a render of every page that was
/// stopped, renders every page in the background (the thread that does).
fn rebuild_once(
    builder: &mut Builder,
    shared: &Arc<Shared>,
    changed: Vec<PathBuf>,
) -> Option<std::thread::JoinHandle<()>> {
    shared.rebuilds.fetch_add(1, Ordering::SeqCst);
    let start = Instant::now();
    let prev = shared.snapshot();
    let result = build_guarded(builder, &changed, prev.site.as_deref());
    let built = result.is_ok();
    let (snap, outcome) =
        next_snapshot(&prev, result, &changed, SystemTime::now(), shared.log.color);
    shared.publish(snap);
    report(
        shared.log,
        &outcome,
        start.elapsed(),
        &changed,
        &shared.root,
    );
    let owed = shared.render_owed.load(Ordering::SeqCst);
    if !(built && (owed || builder.renders_every_page(&changed))) {
        return None;
    }
    shared.render_owed.store(true, Ordering::SeqCst);
    // The site just published, and the rebuild that made it.
    let (shared, served) = (Arc::clone(shared), shared.snapshot());
    let rebuilds = shared.rebuilds.load(Ordering::SeqCst);
    std::thread::Builder::new()
        .name("briefing-render-all".into())
        .spawn(move || render_every_page(&shared, (&prev, &served), rebuilds, &changed))
        .ok()
}

/// Renders every page of the site just served, after a change of templates or settings
/// that may break any of them: the reload does not wait for 12,000 pages at 10,000
/// briefings (2 s). Should a page fail, the state before (`last`) is served again with
/// the errors, as after a failed build, under a new build number so that open pages
/// reload to it. It stops when another rebuild starts (after the `rebuilds` of
/// `served`); the render is then still owed, and the next good build renders every
/// page again.
fn render_every_page(
    shared: &Shared,
    (last, served): (&Snapshot, &Arc<Snapshot>),
    rebuilds: u64,
    changed: &[PathBuf],
) {
    let start = Instant::now();
    let Some(site) = served.site.as_deref() else {
        return;
    };
    let stop = || shared.rebuilds.load(Ordering::SeqCst) != rebuilds;
    let rendered = site.render_all_until(&stop);
    if stop() {
        return;
    }
    shared.render_owed.store(false, Ordering::SeqCst);
    if let Err(diagnostics) = rendered {
        let failed = Err(crate::pipeline::Failure::Content(diagnostics));
        let (mut snap, outcome) =
            next_snapshot(last, failed, changed, SystemTime::now(), shared.log.color);
        snap.build = served.build + 1;
        if shared.publish_over(served, snap) {
            report(shared.log, &outcome, start.elapsed(), changed, &shared.root);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::BuildOptions;
    use crate::serve::mini_opts;
    use std::time::UNIX_EPOCH;

    /// The state before the first build.
    fn empty() -> Snapshot {
        Snapshot {
            build: 0,
            site: None,
            error: None,
            made: UNIX_EPOCH,
            css_only: false,
        }
    }

    #[test]
    fn a_failed_build_keeps_the_site_and_number_and_a_fix_clears_the_error() {
        let empty = empty();
        let now = UNIX_EPOCH;
        let mut builder = Builder::new(mini_opts());
        let mut build = |prev: &Snapshot, changed: &[PathBuf]| {
            let site = builder
                .build(changed, prev.site.as_deref(), now)
                .expect("builds");
            after_success(prev, site, changed, now).0
        };
        let one = build(&empty, &[]);
        assert_eq!((one.build, one.error.is_none()), (1, true));
        let (broken, outcome) = after_failure(&one, Failure::Io("gone".to_string()), now, false);
        assert!(matches!(outcome, Outcome::Failed { errors: 1, .. }));
        assert_eq!(broken.build, 1);
        assert_eq!(broken.error.as_deref(), Some("error: gone\n"));
        assert!(broken.site.is_some());
        let saved = mini_opts().root.join("content/briefings/first.md");
        let same = build(&broken, std::slice::from_ref(&saved));
        assert_eq!(
            (same.build, same.error.is_none()),
            (1, true),
            "saved unchanged: no reload"
        );
        let css = mini_opts().root.join("templates/style.css");
        let restyled = build(&same, &[css]);
        assert_eq!(restyled.build, 1, "the same theme: nothing moved");
    }

    #[test]
    fn the_future_notice_shows_on_the_first_build_and_when_the_number_changes() {
        let empty = empty();
        // The mini site's briefings are dated 2022-03-06 and around April 2022.
        let on = |day: u8| BuildOptions {
            today: Some(crate::dates::Day {
                year: 2022,
                month: 3,
                day,
            }),
            ..mini_opts()
        };
        let notice = |prev: &Snapshot, opts: BuildOptions| {
            let site = Builder::new(opts)
                .build(&[], prev.site.as_deref(), UNIX_EPOCH)
                .expect("builds");
            let (snap, outcome) = after_success(prev, site, &[], UNIX_EPOCH);
            let Outcome::Built { future_notice, .. } = outcome else {
                panic!("built")
            };
            (snap, future_notice)
        };
        let (first, note) = notice(&empty, on(5));
        assert_eq!(
            note.as_deref(),
            Some("note: 2 future-dated briefings left out (publish with --future)")
        );
        let (again, note) = notice(&first, on(5));
        assert_eq!(note, None, "the same number: said once");
        let all = BuildOptions {
            future: true,
            ..on(5)
        };
        let (_, note) = notice(&again, all.clone());
        assert_eq!(note, None, "none left out");
        assert_eq!(notice(&empty, all).1, None);
    }

    #[test]
    fn warnings_are_logged_once_and_do_not_count_as_errors() {
        let empty = empty();
        let dir = tempfile::tempdir().unwrap();
        let briefings = dir.path().join("content/briefings");
        std::fs::create_dir_all(&briefings).unwrap();
        image::RgbImage::new(4, 3)
            .save(briefings.join("p.png"))
            .unwrap();
        std::fs::write(
            briefings.join("b.md"),
            "---\ntitle: B\ndate: 2022-03-01\nimage: {src: p.png, alt: A}\n---\nBody.\n",
        )
        .unwrap();
        let mut builder = Builder::new(BuildOptions {
            root: dir.path().to_path_buf(),
            ..BuildOptions::default()
        });
        let mut warned = |prev: &Snapshot| {
            let site = builder
                .build(&[], prev.site.as_deref(), UNIX_EPOCH)
                .expect("builds");
            let (snap, outcome) = after_success(prev, site, &[], UNIX_EPOCH);
            let Outcome::Built { warnings, .. } = outcome else {
                panic!("built")
            };
            (
                snap,
                warnings
                    .iter()
                    .map(|w| w.message.clone())
                    .collect::<Vec<_>>(),
            )
        };
        let (first, warnings) = warned(&empty);
        assert_eq!(warnings, ["image has no `credit`"]);
        let (_, warnings) = warned(&first);
        assert!(warnings.is_empty(), "the same warnings: said once");

        let warning =
            crate::diag::Diagnostic::new(crate::diag::Kind::MissingKey, "b.md", "w").warning();
        let error = crate::diag::Diagnostic::new(crate::diag::Kind::BadValue, "b.md", "e");
        let (_, outcome) = after_failure(
            &first,
            Failure::Content(vec![warning, error]),
            UNIX_EPOCH,
            false,
        );
        let Outcome::Failed {
            diagnostics,
            errors,
        } = outcome
        else {
            panic!("failed")
        };
        assert_eq!(errors, 1);
        assert!(diagnostics.starts_with("warning: w\n"), "{diagnostics}");
    }

    /// A server's shared state serving a first good build of the site at `root`.
    fn serving(builder: &mut Builder, root: &Path) -> Arc<Shared> {
        let empty = empty();
        let first = build_guarded(builder, &[], None);
        let (snap, _) = next_snapshot(&empty, first, &[], UNIX_EPOCH, false);
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], 0));
        Arc::new(Shared {
            root: root.to_path_buf(),
            instance: "test".to_string(),
            snapshot: std::sync::RwLock::new(Arc::new(snap)),
            hub: super::super::events::Hub::new(),
            stopping: std::sync::atomic::AtomicBool::new(false),
            rebuilds: std::sync::atomic::AtomicU64::new(0),
            render_owed: std::sync::atomic::AtomicBool::new(false),
            hosts: super::super::http::Hosts::new(addr),
            limits: super::super::http::Limits::new(1, 1),
            log: Log {
                quiet: true,
                color: false,
            },
        })
    }

    /// A render of every page that a save stopped is owed: the next good build, even
    /// of content alone, renders every page, and a page its template breaks shows.
    #[test]
    fn a_render_of_every_page_a_save_stopped_is_done_after_the_next_build() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for entry in walkdir::WalkDir::new(mini_opts().root) {
            let entry = entry.expect("fixture");
            let to = root.join(entry.path().strip_prefix(mini_opts().root).expect("inside"));
            match entry.file_type().is_dir() {
                true => std::fs::create_dir_all(&to).expect("mkdir"),
                false => std::fs::copy(entry.path(), &to).map(|_| ()).expect("copy"),
            }
        }
        let opts = BuildOptions {
            root: root.to_path_buf(),
            ..Default::default()
        };
        // The free page's template breaks; no browser has the page open.
        let template = root.join("templates/page.html");
        let broken = "{% extends \"base.html\" %}{% block main %}{{ nope.x }}{% endblock %}\n";
        let body = root.join("content/briefings/first.md");
        for owed in [false, true] {
            std::fs::remove_dir_all(root.join("templates")).ok();
            let mut builder = Builder::new(opts.clone());
            let shared = serving(&mut builder, root);
            std::fs::create_dir_all(root.join("templates")).expect("mkdir");
            std::fs::write(&template, broken).expect("write");
            // The template's rebuild, its render of every page stopped by a save: the
            // render is owed (or, for the comparison, done before the template broke).
            let prev = shared.snapshot();
            let site = builder.build(
                std::slice::from_ref(&template),
                prev.site.as_deref(),
                UNIX_EPOCH,
            );
            let (snap, _) = next_snapshot(&prev, site, &[], UNIX_EPOCH, false);
            shared.publish(snap);
            shared.render_owed.store(owed, Ordering::SeqCst);
            let text = std::fs::read_to_string(&body).expect("read");
            std::fs::write(&body, format!("{text}\nMore.\n")).expect("write");
            let render = rebuild_once(&mut builder, &shared, vec![body.clone()]);
            assert_eq!(render.is_some(), owed, "owed: {owed}");
            if let Some(render) = render {
                render.join().expect("the render ends");
            }
            let served = shared.snapshot();
            let error = served.error.as_deref().unwrap_or_default();
            assert_eq!(
                error.contains("`nope` is not defined"),
                owed,
                "owed: {owed}: {error}"
            );
            assert!(!shared.render_owed.load(Ordering::SeqCst), "owed: {owed}");
            std::fs::write(&body, text).expect("write");
        }
    }
}
