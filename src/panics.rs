//! A panic is a bug in briefing, never the content's fault; should one happen all the
//! same, the build fails with a diagnostic naming the file it was working on, instead
//! of a Rust backtrace. Per-file work says what it works on with [`working_on`]; work
//! that may panic runs in [`catching`], and the panic hook keeps quiet about panics
//! that a [`catching`] turns into a diagnostic.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once, PoisonError};

use crate::diag::{Diagnostic, Kind};

thread_local! {
    /// The file this thread works on, for the diagnostic of a panic.
    static WORKING_ON: RefCell<Option<PathBuf>> = const { RefCell::new(None) };
    /// How many [`catching`] this thread is inside.
    static CATCHING: Cell<usize> = const { Cell::new(0) };
    /// The panic this thread last had inside a [`catching`].
    static LAST: RefCell<Option<Crash>> = const { RefCell::new(None) };
}

/// How many [`catching`] run on any thread: rayon's workers run their work, and a
/// panic there reaches the caller only once rayon passes it on.
static CATCHING_ANYWHERE: AtomicUsize = AtomicUsize::new(0);

/// The panic last had on a worker of rayon, whose thread the catching one is not.
static ON_WORKER: Mutex<Option<Crash>> = Mutex::new(None);

/// What a panic said and where.
#[derive(Debug)]
struct Crash {
    file: Option<PathBuf>,
    message: String,
}

/// Says that this thread works on `file` until the guard is dropped.
pub fn working_on(file: &Path) -> Working {
    let outer = WORKING_ON.replace(Some(file.to_path_buf()));
    deliberate_panic(file);
    Working { outer }
}

/// The file this thread worked on before.
pub struct Working {
    outer: Option<PathBuf>,
}

impl Drop for Working {
    fn drop(&mut self) {
        WORKING_ON.set(self.outer.take());
    }
}

/// For tests of this module only: a debug build panics on a file whose path ends with
/// `BRIEFING_TEST_PANIC_ON`, since no real input may make briefing panic.
fn deliberate_panic(file: &Path) {
    #[cfg(debug_assertions)]
    if let Some(target) = std::env::var_os("BRIEFING_TEST_PANIC_ON") {
        if !target.is_empty() && file.ends_with(&target) {
            panic!("deliberate panic for a test on {}", file.display());
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = file;
}

/// Runs `f`; a panic inside it, on this thread or on rayon's, becomes a diagnostic
/// naming the file being worked on, `fallback` when none was.
pub fn catching<T>(fallback: &Path, f: impl FnOnce() -> T) -> Result<T, Diagnostic> {
    install_hook();
    let _inside = Inside::enter();
    match panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(t) => Ok(t),
        Err(payload) => {
            let crash = LAST
                .take()
                .or_else(|| {
                    ON_WORKER
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .take()
                })
                .unwrap_or_else(|| Crash {
                    file: None,
                    message: payload_text(payload.as_ref()),
                });
            Err(crash_diagnostic(crash, fallback))
        }
    }
}

struct Inside;

impl Inside {
    fn enter() -> Inside {
        // A crash recorded before is not this one's: one kept by a panic that never
        // reached its catching must not be reported as a later, unrelated one.
        if CATCHING.get() == 0 {
            LAST.take();
        }
        CATCHING.set(CATCHING.get() + 1);
        if CATCHING_ANYWHERE.fetch_add(1, Ordering::SeqCst) == 0 {
            ON_WORKER
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
        }
        Inside
    }
}

impl Drop for Inside {
    fn drop(&mut self) {
        CATCHING.set(CATCHING.get() - 1);
        CATCHING_ANYWHERE.fetch_sub(1, Ordering::SeqCst);
    }
}

fn crash_diagnostic(crash: Crash, fallback: &Path) -> Diagnostic {
    let file = crash.file.unwrap_or_else(|| fallback.to_path_buf());
    Diagnostic::new(
        Kind::Bug,
        file,
        format!(
            "briefing crashed while working on this file ({}): a bug in briefing, not in the file",
            crash.message
        ),
    )
    .hint("please report it, with this file if you can")
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

/// Keeps quiet about panics that a [`catching`] reports, recording what they said;
/// others (briefing's own tests, `serve`'s request threads) go to the hook before.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let before = panic::take_hook();
        panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
            let here = CATCHING.get() > 0;
            let on_worker = CATCHING_ANYWHERE.load(Ordering::SeqCst) > 0
                && rayon::current_thread_index().is_some();
            if !here && !on_worker {
                return before(info);
            }
            let location = info
                .location()
                .map_or(String::new(), |l| format!(" at {}:{}", l.file(), l.line()));
            let crash = Crash {
                file: WORKING_ON.with_borrow(Clone::clone),
                message: format!("{}{location}", payload_text(info.payload())),
            };
            if here {
                LAST.set(Some(crash));
            } else {
                let mut slot = ON_WORKER.lock().unwrap_or_else(PoisonError::into_inner);
                slot.get_or_insert(crash);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn a_panic_caught_before_its_catching_is_not_reported_by_a_later_one() {
        let first = catching(Path::new("a"), || {
            // Caught inside: the hook recorded it, but it never reaches `catching`.
            let _ = panic::catch_unwind(|| panic!("swallowed"));
        });
        assert!(first.is_ok());
        let d = catching(Path::new("b"), || panic!("reported")).unwrap_err();
        assert!(d.message.contains("(reported at "), "{}", d.message);
        assert_eq!(d.locus(), "b");
    }

    #[test]
    fn a_panic_names_the_file_worked_on_even_on_another_thread() {
        let d = catching(Path::new("(build)"), || {
            (0..64).into_par_iter().for_each(|i| {
                let name = format!("content/briefings/b{i}.md");
                let _at = working_on(Path::new(&name));
                if i == 37 {
                    panic!("boom");
                }
            });
        })
        .expect_err("panicked");
        assert_eq!(d.kind, Kind::Bug);
        assert_eq!(d.path, Path::new("content/briefings/b37.md"));
        assert!(d.message.contains("boom"), "{}", d.message);
        assert!(d.message.contains("panics.rs"), "{}", d.message);
    }

    #[test]
    fn without_a_file_the_fallback_is_named() {
        let d = catching(Path::new("(build)"), || panic!("bare")).expect_err("panicked");
        assert_eq!(d.path, Path::new("(build)"));
        assert!(d.message.contains("bare"), "{}", d.message);
        assert_eq!(catching(Path::new("x"), || 7).ok(), Some(7));
    }
}
