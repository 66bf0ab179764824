//! `briefing serve`: builds the site into memory, serves it over HTTP, watches the
//! sources and rebuilds on change, reloading open pages over Server-Sent Events.
//!
//! Nothing is written to disk. A failed rebuild keeps the last good site on screen, with
//! the diagnostics in an overlay on every page (and in the terminal). All state lives in
//! one `Shared` value owned by the [`Server`] (no statics); the rebuild is one call,
//! [`Builder::build`], which reuses what the last build read and renders pages only
//! when they are asked for.
//!
//! Threads: a small tokio runtime (two workers) runs the HTTP front on hyper, one task
//! per connection, so a slow client or an open page costs a task, not a thread; pages
//! are rendered on its blocking pool. One more thread waits for changes and rebuilds.
//!
//! This root holds the command, the options and the [`Server`] with its shared state.
//! `rebuild` is the rebuild thread; `connections` accepts and checks requests,
//! `respond` answers them from the current `Snapshot`; `http` is the
//! hyper front (limits, host check, framing via `framing`), `events` the live-reload
//! stream, `site` the built site kept in memory, `path` request targets, `watch` the
//! file watcher and `inject` the live-reload script. Submodules import from this root
//! and the pipeline below it.

mod connections;
mod events;
mod framing;
mod http;
mod inject;
mod path;
mod rebuild;
mod respond;
mod site;
mod watch;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, PoisonError, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::args::{Output, SiteArgs};
use crate::pipeline::{self, BuildOptions, Failure};

use self::connections::accept_loop;
use self::rebuild::{next_snapshot, rebuild_loop, report};
use self::site::{Site, Snapshot};
use self::watch::{Msg, Watch};

pub use self::inject::{END as INJECTED_END, START as INJECTED_START, strip as strip_injected};

/// Where open pages listen for rebuilds.
pub const EVENTS_PATH: &str = "/__briefing/events";
/// How long the sources must be quiet after a change before rebuilding: an editor's save
/// is often several file-system events (write a temporary file, rename it), which come
/// within a few milliseconds of each other.
pub const DEBOUNCE: Duration = Duration::from_millis(20);
/// How long they must be quiet after an event that ends a change (a file closed after
/// writing, moved into place, removed): the rest of a save comes at once, and the 20 ms
/// of [`DEBOUNCE`] were most of the time from a save to the reload at 10,000 briefings.
pub const DEBOUNCE_SAVED: Duration = Duration::from_millis(4);
/// Longest a stream of changes can put a rebuild off.
const DEBOUNCE_CAP: Duration = Duration::from_millis(500);
/// Most connections served at once (reading a request or sending a file); more are
/// answered 503. Open pages' event streams are counted apart.
pub const MAX_CONNECTIONS: usize = 1024;
/// Most event streams (open pages) at once; more are answered 503.
pub const MAX_EVENT_STREAMS: usize = 1024;
/// Threads of the runtime that moves bytes; rendering runs on its blocking pool.
const HTTP_WORKERS: usize = 2;
/// Requests answered at once on the blocking pool: every request takes a thread there,
/// for a file read or a first render. Many, so that a few first requests for a page
/// whose template is slow (up to its 10 s budget) wait by themselves instead of holding
/// up every other request; the renders still share the machine's cores.
const RENDER_THREADS: usize = 64;

/// `briefing serve` on the command line.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on (0 picks a free one).
    #[arg(short, long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. Anything but a loopback address makes the preview, drafts
    /// included, reachable from other machines.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    pub open: bool,
    #[command(flatten)]
    pub output: Output,
}

/// Runs `briefing serve` until the process is interrupted; the exit status (`cli::Status`).
pub fn run(args: &ServeArgs) -> u8 {
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines can read this preview, drafts included",
            args.bind
        );
    }
    let opts = ServeOptions {
        build: args.site.build_options(),
        addr: SocketAddr::new(args.bind, args.port),
        debounce: DEBOUNCE,
        quiet: args.output.quiet,
        color: args.output.color(),
    };
    let server = match Server::start(opts) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    // Printed even with --quiet: with --port 0 it is the only way to learn the port.
    eprintln!(
        "serving {} at {} (Ctrl-C to stop)",
        args.site.root.display(),
        server.url()
    );
    if args.open {
        open_browser(&server.url());
    }
    server.wait();
    0
}

/// Hands the URL to the desktop's opener; a failure is only a warning, since the URL is
/// printed anyway.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        // Reap the opener so it does not linger as a zombie.
        Ok(mut child) => drop(std::thread::spawn(move || child.wait())),
        Err(e) => eprintln!("warning: cannot open a browser with {opener}: {e}"),
    }
}

/// What to serve and how.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    /// Port 0 picks a free port; [`Server::port`] tells which.
    pub addr: SocketAddr,
    pub debounce: Duration,
    /// Print errors only.
    pub quiet: bool,
    /// Colour diagnostics in the terminal.
    pub color: bool,
}

impl ServeOptions {
    /// Serving `root` on a free loopback port, quietly: what tests and tools want.
    pub fn local(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            build: BuildOptions {
                root: root.into(),
                ..BuildOptions::default()
            },
            addr: SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 0),
            debounce: DEBOUNCE,
            quiet: true,
            color: false,
        }
    }
}

/// Why the server could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// Builds the site for serving: the one place a rebuild happens. It keeps what the
/// last build read and parsed, rereads only the files that changed, and leaves pages
/// to be rendered when a browser asks for them.
pub struct Builder {
    opts: BuildOptions,
    cache: pipeline::Cache,
}

impl Builder {
    pub fn new(opts: BuildOptions) -> Builder {
        Builder {
            opts,
            cache: pipeline::Cache::default(),
        }
    }

    /// Builds the site after `changed` (absolute paths; empty for the first build)
    /// changed. The first build renders every page, so that template errors show at
    /// once; after a change of templates or settings, the rebuild loop renders them
    /// once the site is served (see [`Builder::renders_every_page`]).
    pub fn build(
        &mut self,
        changed: &[PathBuf],
        previous: Option<&Site>,
        now: SystemTime,
    ) -> Result<Site, Failure> {
        let prepared = pipeline::prepare(&self.opts, &mut self.cache, changed)?;
        let phase = pipeline::Phases::start();
        let site = Site::new(prepared, previous, now);
        phase.done("site");
        if previous.is_none() {
            site.render_all().map_err(Failure::Content)?;
            // What rendering every page made and freed is handed back now, before the
            // first save rather than during it.
            give_back_freed();
        }
        Ok(site)
    }

    /// Whether `changed` holds templates or settings, which may break any page: every
    /// page is rendered after such a rebuild, so that what fails shows at once.
    pub fn renders_every_page(&self, changed: &[PathBuf]) -> bool {
        changed.iter().any(|p| {
            matches!(
                watch::classify(&self.opts.root, p),
                Some(watch::Change::Template | watch::Change::Config)
            )
        })
    }
}

/// Runs a build, turning a panic (a bug in briefing, not in the content) into a failed
/// build: the server outlives it and the next save tries again.
fn build_guarded(
    builder: &mut Builder,
    changed: &[PathBuf],
    previous: Option<&Site>,
) -> Result<Site, Failure> {
    let now = SystemTime::now();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        builder.build(changed, previous, now)
    }))
    .unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Failure::Io(format!(
            "the build crashed ({why}); this is a bug in briefing"
        )))
    })
}

/// Everything the threads of a server share.
struct Shared {
    /// Canonical site root: assets must resolve inside it.
    root: PathBuf,
    /// Differs between runs of the server, so that pages left open across a restart
    /// reload even if the build numbers happen to match.
    instance: String,
    snapshot: RwLock<Arc<Snapshot>>,
    hub: events::Hub,
    stopping: AtomicBool,
    /// How many rebuilds have started: a render of every page in the background stops
    /// when another does.
    rebuilds: std::sync::atomic::AtomicU64,
    /// Every page is to be rendered after the next good build: a change of templates
    /// or settings was seen, and no render of every page since has finished.
    render_owed: AtomicBool,
    hosts: http::Hosts,
    limits: http::Limits,
    log: Log,
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Makes `snap` the served state and tells every open page.
    fn publish(&self, snap: Snapshot) {
        self.publish_unless_replaced(None, snap);
    }

    /// [`Shared::publish`], if `over` is still the served state; whether it was.
    fn publish_over(&self, over: &Arc<Snapshot>, snap: Snapshot) -> bool {
        self.publish_unless_replaced(Some(over), snap)
    }

    fn publish_unless_replaced(&self, over: Option<&Arc<Snapshot>>, snap: Snapshot) -> bool {
        let message = events::state_message(&snap, &self.instance);
        let mut served = self
            .snapshot
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        if over.is_some_and(|over| !Arc::ptr_eq(&served, over)) {
            return false;
        }
        let before = std::mem::replace(&mut *served, Arc::new(snap));
        drop(served);
        self.hub.broadcast(&message);
        let_go(before);
        true
    }
}

/// Frees a snapshot no longer served on a thread of its own, when nothing else holds
/// it: a site patched after an actor was added has most of its briefings and quotes
/// copied, and freeing the last one's took 10 ms or more of the save before the reload
/// event. Should no thread be had, it is freed here.
///
/// That thread then hands what the allocator holds freed back to the kernel. mimalloc
/// does so a second after the memory is freed, inside whichever allocation comes next:
/// that was the rebuild after a save, and one save in five at 10,000 briefings took
/// 45 ms more than the others unmapping the first build's memory (the model phase of a
/// body edit 58 ms instead of 3 to 5).
fn let_go(before: Arc<Snapshot>) {
    let _ = std::thread::Builder::new().spawn(move || {
        drop(before);
        give_back_freed();
    });
}

/// Hands what the allocator holds freed back to the kernel now, from this thread and
/// every thread of the pool, rather than a second after it was freed, inside whichever
/// allocation comes next (see [`let_go`]).
fn give_back_freed() {
    // SAFETY: `mi_collect` only returns memory the allocator no longer hands out; it
    // may be called from any thread at any time.
    rayon::broadcast(|_| unsafe { libmimalloc_sys::mi_collect(true) });
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// Terminal output.
#[derive(Debug, Clone, Copy)]
struct Log {
    quiet: bool,
    color: bool,
}

impl Log {
    fn info(&self, message: &str) {
        if !self.quiet {
            eprintln!("{message}");
        }
    }
}

/// A running server; stops when dropped.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    control: Sender<Msg>,
    threads: Vec<JoinHandle<()>>,
}

impl Server {
    /// Binds, builds the site, starts watching and serving. A site whose content has
    /// errors is served all the same (with the overlay); only a missing site or a busy
    /// port stops it.
    pub fn start(opts: ServeOptions) -> Result<Server, StartError> {
        // Room for both caps and the site's own files, wherever the server is started
        // from (the command, or a test).
        http::raise_open_file_limit((MAX_CONNECTIONS + MAX_EVENT_STREAMS + 1024) as u64);
        let shown = opts.build.root.display().to_string();
        let root = opts
            .build
            .root
            .canonicalize()
            .map_err(|e| StartError(format!("cannot open site folder {shown}: {e}")))?;
        let listener = TcpListener::bind(opts.addr).map_err(|e| {
            StartError(format!(
                "cannot listen on {}: {e} (is another `briefing serve` running? try --port)",
                opts.addr
            ))
        })?;
        let addr = listener
            .local_addr()
            .map_err(|e| StartError(format!("cannot read the listening address: {e}")))?;
        // Watch before the first build, so that a save during it is not missed.
        let (control, changes) = mpsc::channel();
        let watch = Watch::new(&root, control.clone())
            .map_err(|e| StartError(format!("cannot watch {shown} for changes: {e}")))?;
        let log = Log {
            quiet: opts.quiet,
            color: opts.color,
        };
        let mut builder = Builder::new(BuildOptions {
            root: root.clone(),
            ..opts.build
        });
        let start = Instant::now();
        let first = build_guarded(&mut builder, &[], None);
        if let Err(Failure::Io(message)) = &first {
            return Err(StartError(message.clone()));
        }
        let empty = Snapshot {
            build: 0,
            site: None,
            error: None,
            made: SystemTime::now(),
            css_only: false,
        };
        let (snap, outcome) = next_snapshot(&empty, first, &[], SystemTime::now(), log.color);
        report(log, &outcome, start.elapsed(), &[], &root);
        let shared = Arc::new(Shared {
            root,
            instance: instance_id(),
            snapshot: RwLock::new(Arc::new(snap)),
            hub: events::Hub::new(),
            stopping: AtomicBool::new(false),
            rebuilds: std::sync::atomic::AtomicU64::new(0),
            render_owed: AtomicBool::new(false),
            hosts: http::Hosts::new(addr),
            limits: http::Limits::new(MAX_CONNECTIONS, MAX_EVENT_STREAMS),
            log,
        });
        let rebuild = spawn("briefing-rebuild", {
            let shared = Arc::clone(&shared);
            let debounce = opts.debounce;
            move || rebuild_loop(builder, watch, &changes, shared, debounce)
        })?;
        let accept = start_http(listener, &shared).inspect_err(|_| {
            let _ = control.send(Msg::Stop);
        })?;
        let threads = vec![rebuild, accept];
        Ok(Server {
            addr,
            shared,
            control,
            threads,
        })
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The URL to open: a loopback address when listening on all interfaces.
    pub fn url(&self) -> String {
        format!("http://{}/", local_addr(self.addr))
    }

    /// The build number open pages are told; moves on whenever the served site changes.
    pub fn build_number(&self) -> u64 {
        self.shared.snapshot().build
    }

    /// The diagnostics of the latest rebuild, as the overlay shows them, if it failed.
    pub fn error(&self) -> Option<String> {
        self.shared.snapshot().error.as_deref().map(str::to_string)
    }

    /// Stops serving and watching; returns once the threads have ended.
    pub fn stop(mut self) {
        self.shutdown();
    }

    /// Blocks until the server stops (for the command line: until interrupted).
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    fn shutdown(&mut self) {
        if self.shared.stopping.swap(true, Ordering::SeqCst) {
            return;
        }
        let _ = self.control.send(Msg::Stop);
        self.shared.hub.close();
        // Wake the accept loop, which then sees `stopping`; its runtime then ends, and
        // with it every connection.
        let _ = TcpStream::connect_timeout(&local_addr(self.addr), Duration::from_secs(1));
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Runs the HTTP front on its own small runtime, in a thread that ends (closing every
/// connection) once the accept loop returns.
fn start_http(listener: TcpListener, shared: &Arc<Shared>) -> Result<JoinHandle<()>, StartError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(HTTP_WORKERS)
        .max_blocking_threads(RENDER_THREADS)
        .thread_name("briefing-http")
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| StartError(format!("cannot start the HTTP runtime: {e}")))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| StartError(format!("cannot set up the listening socket: {e}")))?;
    // Registered with the runtime here, so a failure stops `start` rather than leaving
    // a server that says it is serving and never answers.
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener)
            .map_err(|e| StartError(format!("cannot set up the listening socket: {e}")))?
    };
    let shared = Arc::clone(shared);
    spawn("briefing-accept", move || {
        runtime.block_on(accept_loop(listener, shared));
        runtime.shutdown_timeout(Duration::from_secs(1));
    })
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> Result<JoinHandle<()>, StartError> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(f)
        .map_err(|e| StartError(format!("cannot start a thread: {e}")))
}

fn instance_id() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut h = DefaultHasher::new();
    (nanos, std::process::id()).hash(&mut h);
    format!("{:x}", h.finish())
}

/// An address on this machine that reaches a listener bound to `addr`.
fn local_addr(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => (Ipv4Addr::LOCALHOST, addr.port()).into(),
        IpAddr::V6(ip) if ip.is_unspecified() => (Ipv6Addr::LOCALHOST, addr.port()).into(),
        _ => addr,
    }
}

/// The options of a test that serves the mini fixture site.
#[cfg(test)]
fn mini_opts() -> BuildOptions {
    BuildOptions {
        root: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"),
        ..Default::default()
    }
}
