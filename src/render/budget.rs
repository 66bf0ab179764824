//! What one page may cost to render. Tera runs a template to its end and cannot be
//! stopped from outside, so a template that loops for ever (or a hundred thousand
//! times inside a hundred thousand) is stopped from inside: by the writer the page goes
//! into, which counts bytes and looks at the clock, and by `range`, the one built-in
//! that makes a long sequence out of nothing. What neither sees (a loop over a list
//! made once, with no output and no call) the watchdog reports.

use std::cell::Cell;
use std::collections::HashMap;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::{Duration, Instant};

use tera::{Kwargs, State, TeraResult};

/// How long one page may take to render and how much it may write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub time: Duration,
    pub bytes: usize,
}

impl Limits {
    /// The slowest page of the 10,000-briefing benchmark (a prolific actor's first
    /// page) renders in tens of milliseconds; a page still rendering after 10 s is in a
    /// loop, and `serve` should say so while the editor is still looking.
    pub const TIME: Duration = Duration::from_secs(10);
    /// The largest page of that benchmark is under 1 MB; 64 MiB is far beyond any page
    /// a browser shows, and small enough that a runaway page on each core cannot take
    /// the machine's memory.
    pub const BYTES: usize = 64 << 20;

    /// The limits: [`Limits::TIME`] and [`Limits::BYTES`], unless the hidden
    /// `BRIEFING_RENDER_BUDGET_MS` / `BRIEFING_RENDER_BUDGET_BYTES` say otherwise, so that
    /// tests of the limits do not wait 10 s or write 64 MiB.
    pub fn from_env() -> Limits {
        let var = |name: &str| std::env::var(name).ok()?.parse::<u64>().ok();
        Limits {
            time: var("BRIEFING_RENDER_BUDGET_MS").map_or(Limits::TIME, Duration::from_millis),
            bytes: var("BRIEFING_RENDER_BUDGET_BYTES")
                .and_then(|b| usize::try_from(b).ok())
                .unwrap_or(Limits::BYTES),
        }
    }

    /// `10 s` or `250 ms`, as the messages say it.
    pub fn time_text(&self) -> String {
        let ms = self.time.as_millis();
        if ms % 1000 == 0 {
            format!("{} s", ms / 1000)
        } else {
            format!("{ms} ms")
        }
    }

    /// `64 MiB`, or the bytes when not a whole number of MiB.
    pub fn bytes_text(&self) -> String {
        if self.bytes % (1 << 20) == 0 {
            format!("{} MiB", self.bytes >> 20)
        } else {
            format!("{} bytes", self.bytes)
        }
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            time: Limits::TIME,
            bytes: Limits::BYTES,
        }
    }
}

/// Which limit a page went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    Time,
    Bytes,
}

/// The render under way on this thread.
#[derive(Clone, Copy)]
struct Active {
    deadline: Instant,
    exceeded: Option<Exceeded>,
    /// Bytes written by the page and every fragment rendered for it: each fragment has
    /// a writer of its own, and a page builds all of them before it writes.
    written: usize,
}

thread_local! {
    static ACTIVE: Cell<Option<Active>> = const { Cell::new(None) };
}

/// A render under budget on this thread, from [`start`] until dropped.
pub struct Guard {
    outer: Option<Active>,
    ticket: u64,
}

/// What the watchdog does about a render that does not stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stuck {
    /// Says so and ends the process with exit 1: `build` and `check` run once and
    /// must not hang.
    Exit,
    /// Says so: `serve` keeps serving the other pages.
    Report,
}

/// What to do before the watchdog ends a build stuck in a template: set by the
/// pipeline, which knows what the build was writing (rendering does not).
static ON_EXIT: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets what runs before a stuck build is ended (the first call wins).
pub fn on_stuck_exit(clean_up: fn()) {
    let _ = ON_EXIT.set(clean_up);
}

/// Starts the budget of one page (`page`, rendered with `template`) on this thread.
pub fn start(limits: Limits, template: &str, page: &str, stuck: Stuck) -> Guard {
    let now = Instant::now();
    let deadline = now + limits.time;
    let outer = ACTIVE.replace(Some(Active {
        deadline,
        exceeded: None,
        written: 0,
    }));
    let ticket = watchdog::watch(now, limits, template, page, stuck);
    Guard { outer, ticket }
}

impl Guard {
    /// The limit this render went past, if it was stopped by one.
    pub fn exceeded(&self) -> Option<Exceeded> {
        ACTIVE.get().and_then(|a| a.exceeded)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        watchdog::unwatch(self.ticket);
        ACTIVE.set(self.outer);
    }
}

/// Records that the render on this thread went past `what`.
fn exceed(what: Exceeded) {
    if let Some(mut a) = ACTIVE.get() {
        a.exceeded.get_or_insert(what);
        ACTIVE.set(Some(a));
    }
}

/// Counts `n` more bytes against the page rendering on this thread; false once the
/// page and its fragments together go past `limit`.
fn charge(n: usize, limit: usize) -> bool {
    match ACTIVE.get() {
        Some(mut a) => {
            a.written = a.written.saturating_add(n);
            ACTIVE.set(Some(a));
            a.written <= limit
        }
        None => true,
    }
}

/// Whether the render on this thread is past its time.
fn out_of_time() -> bool {
    match ACTIVE.get() {
        Some(a) if Instant::now() > a.deadline => {
            exceed(Exceeded::Time);
            true
        }
        _ => false,
    }
}

/// A page's bytes, refused past the size limit, and the clock read every so many
/// writes: a loop that writes is stopped by what it writes. Tera gives up on the first
/// write that fails.
pub struct Writer<'a> {
    buf: &'a mut Vec<u8>,
    limit: usize,
    writes: u32,
}

impl<'a> Writer<'a> {
    pub fn new(buf: &'a mut Vec<u8>, limits: Limits) -> Writer<'a> {
        Writer {
            buf,
            limit: limits.bytes,
            writes: 0,
        }
    }
}

/// Writes between two looks at the clock: Tera writes a page in pieces of a few bytes,
/// and reading the clock on each would cost more than the writing.
const WRITES_PER_CLOCK: u32 = 4096;

impl io::Write for Writer<'_> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.write_all(data)?;
        Ok(data.len())
    }

    fn write_all(&mut self, data: &[u8]) -> io::Result<()> {
        if self.buf.len() + data.len() > self.limit || !charge(data.len(), self.limit) {
            exceed(Exceeded::Bytes);
            return Err(io::Error::other("page over its size limit"));
        }
        self.buf.extend_from_slice(data);
        self.writes = self.writes.wrapping_add(1);
        if self.writes % WRITES_PER_CLOCK == 0 && out_of_time() {
            return Err(io::Error::other("page over its time limit"));
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Tera's own limit on the length of one `range`.
const MAX_RANGE_LEN: i128 = 100_000;

/// Tera's `range(start=0, end, step_by=1)`, which also stops a render that is out of
/// time: nested loops over ranges call it once per turn of the outer loop, so a loop
/// that writes nothing still ends.
pub fn range(kwargs: Kwargs, _: &State) -> TeraResult<Vec<i128>> {
    if out_of_time() {
        return Err(tera::Error::message("the page is over its time limit"));
    }
    let start = kwargs.get::<i128>("start")?.unwrap_or_default();
    let end = kwargs.must_get::<i128>("end")?;
    let step = kwargs.get::<i128>("step_by")?.unwrap_or(1);
    let fail = |m: &str| Err(tera::Error::message(format!("Function `range` {m}")));
    if step == 0 {
        return fail("was called with a `step_by` argument of 0");
    }
    if start > end && step > 0 {
        return fail("was called with a `start` argument greater than the `end` one");
    }
    let (span, step_size) = if step > 0 {
        (end.checked_sub(start), Some(step))
    } else {
        (start.checked_sub(end).map(|s| s.max(0)), step.checked_neg())
    };
    let len = span
        .zip(step_size)
        .and_then(|(span, step)| span.checked_add(step - 1).map(|s| s / step));
    let Some(len) = len else {
        return fail("was called with arguments that overflow i128");
    };
    if len > MAX_RANGE_LEN {
        return fail(&format!(
            "would produce {len} elements, which exceeds the limit of {MAX_RANGE_LEN}"
        ));
    }
    Ok((0..len).map(|i| start + i * step).collect())
}

mod watchdog {
    use super::*;

    /// A render being watched.
    struct Watched {
        deadline: Instant,
        limits: Limits,
        template: String,
        page: String,
        stuck: Stuck,
        reported: bool,
    }

    fn watched() -> &'static Mutex<HashMap<u64, Watched>> {
        static WATCHED: OnceLock<Mutex<HashMap<u64, Watched>>> = OnceLock::new();
        WATCHED.get_or_init(|| {
            let spawned = std::thread::Builder::new()
                .name("briefing-watchdog".into())
                .spawn(run);
            if let Err(e) = spawned {
                eprintln!("warning: no watchdog for templates that do not stop: {e}");
            }
            Mutex::default()
        })
    }

    static TICKETS: AtomicU64 = AtomicU64::new(0);

    pub(super) fn watch(
        now: Instant,
        limits: Limits,
        template: &str,
        page: &str,
        stuck: Stuck,
    ) -> u64 {
        let ticket = TICKETS.fetch_add(1, Ordering::Relaxed);
        // The writer and `range` stop a render at the deadline; the watchdog acts only
        // on one that has not stopped well after it.
        let grace = limits.time / 10 + Duration::from_secs(1);
        let w = Watched {
            deadline: now + limits.time + grace,
            limits,
            template: template.to_string(),
            page: page.to_string(),
            stuck,
            reported: false,
        };
        lock().insert(ticket, w);
        ticket
    }

    pub(super) fn unwatch(ticket: u64) {
        lock().remove(&ticket);
    }

    fn lock() -> std::sync::MutexGuard<'static, HashMap<u64, Watched>> {
        watched().lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn run() {
        loop {
            std::thread::sleep(Duration::from_millis(200));
            let now = Instant::now();
            let mut all = lock();
            for w in all.values_mut().filter(|w| !w.reported && now > w.deadline) {
                w.reported = true;
                let d = stuck(&w.template, &w.page, w.limits);
                eprint!("{}", d.render(false));
                if w.stuck == Stuck::Exit {
                    // Nothing stops a thread inside Tera, so the process ends here; what
                    // the build was writing goes first, and the old site stays as it was.
                    if let Some(clean_up) = ON_EXIT.get() {
                        clean_up();
                    }
                    std::process::exit(1);
                }
                eprintln!("restart `briefing serve` once the template is fixed");
            }
        }
    }

    fn stuck(template: &str, page: &str, limits: Limits) -> crate::diag::Diagnostic {
        crate::diag::Diagnostic::new(
            crate::diag::Kind::Template,
            template,
            format!(
                "template error: rendering `{page}` did not stop within {} and cannot be stopped",
                limits.time_text()
            ),
        )
        .hint("does a loop run for ever? a loop that writes nothing and calls nothing can only be stopped by ending briefing")
    }
}
