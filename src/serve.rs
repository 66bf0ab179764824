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

mod events;
mod framing;
mod http;
mod inject;
mod path;
mod site;
mod watch;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, PoisonError, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::args::{Output, SiteArgs, render_diagnostics};
use crate::pipeline::{self, BuildOptions, Failure};

use self::http::{Request, Response};
use self::path::{Rejected, SitePath};
use self::site::{Page, Site, Snapshot};
use self::watch::{Msg, Watch};

pub use self::inject::{END as INJECTED_END, START as INJECTED_START, strip as strip_injected};

/// Where open pages listen for rebuilds.
pub const EVENTS_PATH: &str = "/__briefing/events";
/// How long the sources must be quiet after a change before rebuilding: an editor's save
/// is often several file-system events (write a temporary file, rename it), which come
/// within a few milliseconds of each other.
pub const DEBOUNCE: Duration = Duration::from_millis(20);
/// Longest a stream of changes can put a rebuild off.
const DEBOUNCE_CAP: Duration = Duration::from_millis(500);
/// Most connections served at once (reading a request or sending a file); more are
/// answered 503. Open pages' event streams are counted apart.
pub const MAX_CONNECTIONS: usize = 1024;
/// Most event streams (open pages) at once; more are answered 503.
pub const MAX_EVENT_STREAMS: usize = 1024;
/// Threads of the runtime that moves bytes; rendering runs on its blocking pool.
const HTTP_WORKERS: usize = 2;
/// Most pages rendered at once.
const RENDER_THREADS: usize = 8;

/// `briefing serve` on the command line.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
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

/// Runs `briefing serve` until the process is interrupted.
pub fn run(args: &ServeArgs) -> ExitCode {
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines can read this preview, drafts included",
            args.bind
        );
    }
    // Room for both caps and the site's own files.
    http::raise_open_file_limit((MAX_CONNECTIONS + MAX_EVENT_STREAMS + 1024) as u64);
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
            return ExitCode::from(2);
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
    ExitCode::SUCCESS
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
    /// changed. The first build and any change of templates or settings render every
    /// page, so that template errors show at once.
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
        let theme_or_settings = changed.iter().any(|p| {
            matches!(
                watch::classify(&self.opts.root, p),
                Some(watch::Change::Template | watch::Change::Config)
            )
        });
        if previous.is_none() || theme_or_settings {
            site.render_all().map_err(Failure::Content)?;
        }
        Ok(site)
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
        let message = events::state_message(&snap, &self.instance);
        *self
            .snapshot
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::new(snap);
        self.hub.broadcast(&message);
    }
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
            hosts: http::Hosts::new(addr),
            limits: http::Limits::new(MAX_CONNECTIONS, MAX_EVENT_STREAMS),
            log,
        });
        let rebuild = spawn("briefing-rebuild", {
            let shared = Arc::clone(&shared);
            let debounce = opts.debounce;
            move || rebuild_loop(builder, watch, &changes, &shared, debounce)
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

// ---------------------------------------------------------------------------------------
// Rebuilding

/// What a build did, for the terminal.
#[derive(Debug)]
enum Outcome {
    /// `changed` is `None` for the first build.
    Built {
        pages: usize,
        changed: Option<bool>,
    },
    Failed {
        diagnostics: String,
        errors: usize,
    },
}

/// The snapshot after a build: the new site if it built, else the last good site with
/// the error.
fn next_snapshot(
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
fn after_success(
    prev: &Snapshot,
    site: Site,
    changed: &[PathBuf],
    now: SystemTime,
) -> (Snapshot, Outcome) {
    let previous = prev.site.as_deref();
    let assets_touched =
        previous.is_some_and(|p| p.has_asset_among(changed)) || site.has_asset_among(changed);
    let change = site.change();
    let moved = previous.is_none() || change.any || assets_touched;
    let css_only = previous.is_some() && change.styles_only && !assets_touched;
    let pages = site.page_count();
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
    };
    (snap, outcome)
}

/// Keeps the last good site and its build number; the overlay shows the diagnostics
/// uncoloured, the terminal in colour if asked.
fn after_failure(
    prev: &Snapshot,
    failure: Failure,
    now: SystemTime,
    color: bool,
) -> (Snapshot, Outcome) {
    let (plain, diagnostics, errors) = match failure {
        Failure::Content(diags) => (
            render_diagnostics(&diags, false),
            render_diagnostics(&diags, color),
            diags.len(),
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
fn report(log: Log, outcome: &Outcome, took: Duration, changed: &[PathBuf], root: &Path) {
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
        Outcome::Built { pages, changed } => log.info(&match changed {
            None => format!("built {pages} pages in {ms} ms"),
            Some(false) => format!("rebuilt in {ms} ms{cause}: nothing changed"),
            Some(true) => {
                format!("rebuilt in {ms} ms{cause}; pages render as they are opened")
            }
        }),
        Outcome::Failed {
            diagnostics,
            errors,
        } => {
            let s = if *errors == 1 { "" } else { "s" };
            eprint!("{diagnostics}");
            eprintln!("build failed{cause}: {errors} error{s}; still serving the last good site");
        }
    }
}

/// Waits for changes and rebuilds, until told to stop.
fn rebuild_loop(
    mut builder: Builder,
    mut watch: Watch,
    changes: &Receiver<Msg>,
    shared: &Shared,
    debounce: Duration,
) {
    while let Some(changed) = watch::next_batch(changes, debounce, DEBOUNCE_CAP) {
        // content/ or templates/ may have been created or removed.
        watch.refresh();
        let start = Instant::now();
        let prev = shared.snapshot();
        let result = build_guarded(&mut builder, &changed, prev.site.as_deref());
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
    }
}

// ---------------------------------------------------------------------------------------
// Connections

/// Accepts connections until the server stops; each is served by its own task, or
/// answered 503 at once when the connection cap is reached.
async fn accept_loop(listener: std::net::TcpListener, shared: Arc<Shared>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, say: pause rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(permit) = Arc::clone(&shared.limits.connections).try_acquire_owned() else {
            tokio::spawn(refuse(stream));
            continue;
        };
        let slot = http::Slot::new(permit);
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let ambiguous = Arc::new(AtomicBool::new(false));
            let service = {
                let slot = slot.clone();
                let ambiguous = Arc::clone(&ambiguous);
                move |req| {
                    handle(
                        req,
                        Arc::clone(&shared),
                        slot.clone(),
                        Arc::clone(&ambiguous),
                    )
                }
            };
            http::serve_connection(stream, ambiguous, service).await;
            slot.release();
        });
    }
}

/// Answers a connection over the cap without parsing it. What the client sent is
/// drained first where it has arrived, so that closing does not reset the connection
/// before the client reads the answer.
async fn refuse(stream: tokio::net::TcpStream) {
    let answer = async {
        let _ = stream.writable().await;
        let _ = stream.try_write(http::BUSY);
        let _ = stream.readable().await;
        let mut sink = [0u8; 4096];
        let _ = stream.try_read(&mut sink);
    };
    let _ = tokio::time::timeout(Duration::from_millis(500), answer).await;
}

/// One request: refused if it does not name this server, else an event stream or a
/// file of the site.
async fn handle(
    req: hyper::Request<hyper::body::Incoming>,
    shared: Arc<Shared>,
    slot: http::Slot,
    ambiguous: Arc<AtomicBool>,
) -> Result<hyper::Response<http::ServeBody>, std::convert::Infallible> {
    if ambiguous.load(Ordering::SeqCst) {
        let reply = Response::text(400, "bad request: more than one Content-Length\n")
            .header("Connection", "close");
        return Ok(reply.into_hyper());
    }
    if let Err(refused) = http::check_host(&req, &shared.hosts) {
        return Ok(refused.into_hyper());
    }
    let request = Request::from_hyper(&req);
    if is_event_stream(&request) {
        return Ok(serve_events(&request, &shared, &slot));
    }
    // Rendering a page the first time runs templates: off the threads that move bytes.
    let response = tokio::task::spawn_blocking(move || respond(&request, &shared))
        .await
        .unwrap_or_else(|_| Response::text(500, "the server failed on this request"));
    Ok(response.into_hyper())
}

fn is_event_stream(request: &Request) -> bool {
    matches!(request.method.as_str(), "GET" | "HEAD")
        && path::parse_target(&request.target)
            .is_ok_and(|p| format!("/{}", p.key) == EVENTS_PATH && !p.dir)
}

/// Holds the connection open, sending the site's state after every rebuild. The stream
/// trades its connection's slot for a stream slot.
fn serve_events(
    request: &Request,
    shared: &Shared,
    slot: &http::Slot,
) -> hyper::Response<http::ServeBody> {
    if request.method == "HEAD" {
        return http::event_stream(http::ServeBody::Full(http_body_util::Full::default()));
    }
    let Ok(stream_slot) = Arc::clone(&shared.limits.streams).try_acquire_owned() else {
        return Response::text(503, "too many open pages")
            .header("Retry-After", "1")
            .into_hyper();
    };
    // Subscribe before reading the state, so that no rebuild falls between the two.
    let Some(updates) = shared.hub.subscribe() else {
        return Response::text(503, "the server is stopping").into_hyper();
    };
    slot.release();
    let first = events::state_message(&shared.snapshot(), &shared.instance);
    let body = events::Stream::new(&first, updates, Some(stream_slot));
    http::event_stream(http::ServeBody::Events(body))
}

// ---------------------------------------------------------------------------------------
// Requests

/// The response to a request for a file of the site.
fn respond(request: &Request, shared: &Shared) -> Response {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return Response::text(405, "only GET and HEAD are served").header("Allow", "GET, HEAD");
    }
    let path = match path::parse_target(&request.target) {
        Ok(p) => p,
        Err(Rejected::TooLong) => return Response::text(414, "address too long"),
        Err(Rejected::Malformed) => return Response::text(400, "bad address"),
    };
    let snap = shared.snapshot();
    let Some(site) = snap.site.as_deref() else {
        return no_site_page(&snap, &shared.instance);
    };
    match lookup(site, &path) {
        Found::Page(key, Ok(page)) => page_response(request, &key, &page, &snap, &shared.instance),
        Found::Page(key, Err(e)) => broken_page(&key, &e, &snap, shared),
        Found::Asset(key, file) => asset_response(request, key, file, &shared.root)
            .unwrap_or_else(|| not_found(site, &snap, &shared.instance)),
        Found::Redirect(location) => {
            Response::text(301, &format!("moved to {location}")).header("Location", location)
        }
        Found::Missing => not_found(site, &snap, &shared.instance),
    }
}

/// What a path names in the site.
#[derive(Debug)]
enum Found<'a> {
    Page(String, site::Rendered),
    Asset(&'a str, &'a Path),
    /// `/dir` of a folder with an index: to `/dir/`, so relative links resolve.
    Redirect(String),
    Missing,
}

fn lookup<'a>(site: &'a Site, path: &SitePath) -> Found<'a> {
    let index = if path.key.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", path.key)
    };
    let page = |key: &str| site.file(key).map(|r| Found::Page(key.to_string(), r));
    if path.dir {
        return page(&index).unwrap_or(Found::Missing);
    }
    if let Some(found) = page(&path.key) {
        return found;
    }
    if let Some((key, file)) = site.assets.get_key_value(&path.key) {
        return Found::Asset(key, file);
    }
    if site.has_page(&index) {
        let query = path
            .query
            .as_ref()
            .map_or(String::new(), |q| format!("?{q}"));
        return Found::Redirect(format!("{}/{query}", path.raw));
    }
    Found::Missing
}

/// A page a template failed on: its diagnostics in the overlay (and, once, the
/// terminal), over an empty page that reloads once a rebuild fixes it.
fn broken_page(key: &str, e: &site::PageError, snap: &Snapshot, shared: &Shared) -> Response {
    let text = render_diagnostics(std::slice::from_ref(&e.diagnostic), false);
    if !e.reported.swap(true, Ordering::SeqCst) {
        eprint!(
            "{}",
            render_diagnostics(std::slice::from_ref(&e.diagnostic), shared.log.color)
        );
        eprintln!("{key} could not be rendered");
    }
    let shown = Snapshot {
        error: Some(text.into()),
        ..snap.clone()
    };
    overlay_page(
        "This page could not be rendered. It reloads once a rebuild fixes it.",
        &shown,
        &shared.instance,
    )
}

/// A built file, or 304 when the client's copy is current.
fn page_response(
    request: &Request,
    key: &str,
    page: &Page,
    snap: &Snapshot,
    instance: &str,
) -> Response {
    let (etag, modified) = page_validators(key, page, snap, instance);
    if not_modified(request, &etag, modified) {
        let head = Response::new(304, site::content_type(key), Vec::new());
        return validators(head, etag, modified);
    }
    page_reply(key, page, snap, instance, 200)
}

/// A built file in full; HTML gets the overlay and the live-reload script.
fn page_reply(key: &str, page: &Page, snap: &Snapshot, instance: &str, status: u16) -> Response {
    let content_type = site::content_type(key);
    let body = if is_html(key) {
        inject::inject(&page.bytes, snap, instance)
    } else {
        page.bytes.clone()
    };
    let (etag, modified) = page_validators(key, page, snap, instance);
    validators(Response::new(status, content_type, body), etag, modified)
}

fn is_html(key: &str) -> bool {
    site::content_type(key).starts_with("text/html")
}

/// `ETag` and `Last-Modified` of a built file as served. The block injected into HTML
/// changes with each build and error, so it is part of an HTML page's validators.
fn page_validators(
    key: &str,
    page: &Page,
    snap: &Snapshot,
    instance: &str,
) -> (String, SystemTime) {
    if !is_html(key) {
        return (format!("\"{:016x}\"", page.hash()), page.modified);
    }
    let live = format!("{instance}/{}/{:?}", snap.build, snap.error);
    let etag = format!(
        "\"{:016x}-{:016x}\"",
        page.hash(),
        site::hash_bytes(live.as_bytes())
    );
    (etag, page.modified.max(snap.made))
}

/// A file copied from the content folder, read at request time. Only registered asset
/// paths get here; a symbolic link that leads outside the site is refused all the same.
fn asset_response(request: &Request, key: &str, file: &Path, root: &Path) -> Option<Response> {
    let real = file.canonicalize().ok()?;
    if !real.starts_with(root) {
        return None;
    }
    let modified = std::fs::metadata(&real).and_then(|m| m.modified()).ok()?;
    let bytes = std::fs::read(&real).ok()?;
    let etag = format!("\"{:016x}\"", site::hash_bytes(&bytes));
    let content_type = site::content_type(key);
    if not_modified(request, &etag, modified) {
        return Some(validators(
            Response::new(304, content_type, Vec::new()),
            etag,
            modified,
        ));
    }
    Some(validators(
        Response::new(200, content_type, bytes),
        etag,
        modified,
    ))
}

/// Headers every file response carries. `no-cache` makes the browser revalidate each
/// time, so it never shows a page older than the latest build.
fn validators(response: Response, etag: String, modified: SystemTime) -> Response {
    response
        .header("ETag", etag)
        .header("Last-Modified", httpdate::fmt_http_date(modified))
        .header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff")
}

/// Whether the client's copy is current: `If-None-Match` decides when present
/// (RFC 9110 §13.2.2), else `If-Modified-Since`, to the second.
fn not_modified(request: &Request, etag: &str, modified: SystemTime) -> bool {
    if let Some(tags) = request.header("if-none-match") {
        return tags
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == "*" || t == etag);
    }
    let Some(since) = request
        .header("if-modified-since")
        .and_then(|v| httpdate::parse_http_date(v).ok())
    else {
        return false;
    };
    let secs = |t: SystemTime| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    secs(modified) <= secs(since)
}

/// The site's own 404 page, with status 404.
fn not_found(site: &Site, snap: &Snapshot, instance: &str) -> Response {
    match site.file("404.html") {
        Some(Ok(page)) => page_reply("404.html", &page, snap, instance, 404),
        _ => Response::text(404, "not found"),
    }
}

/// Served for every path while no build has succeeded yet: the overlay on an empty
/// page, which reloads itself once the site builds.
fn no_site_page(snap: &Snapshot, instance: &str) -> Response {
    overlay_page(
        "The site has not built yet. This page reloads once it does.",
        snap,
        instance,
    )
}

/// An empty page with `message` under the overlay, status 500.
fn overlay_page(message: &str, snap: &Snapshot, instance: &str) -> Response {
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
<title>Build failed · briefing</title></head>\n<body>\n<p>{message}</p>\n</body>\n</html>\n"
    );
    let body = inject::inject(page.as_bytes(), snap, instance);
    Response::new(500, "text/html; charset=utf-8", body).header("Cache-Control", "no-store")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mini_opts() -> BuildOptions {
        BuildOptions {
            root: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"),
            ..Default::default()
        }
    }

    fn mini() -> Site {
        let mut cache = pipeline::Cache::default();
        let prepared = pipeline::prepare(&mini_opts(), &mut cache, &[]).expect("mini builds");
        Site::new(prepared, None, UNIX_EPOCH)
    }

    fn find(site: &Site, target: &str) -> String {
        let path = path::parse_target(target).unwrap();
        match lookup(site, &path) {
            Found::Page(k, _) => format!("page {k}"),
            Found::Asset(k, _) => format!("asset {k}"),
            Found::Redirect(to) => format!("redirect {to}"),
            Found::Missing => "missing".to_string(),
        }
    }

    #[test]
    fn folders_serve_their_index_and_bare_folders_redirect() {
        let s = mini();
        let x = "actors/actor-0001";
        assert_eq!(find(&s, "/"), "page index.html");
        assert_eq!(find(&s, "/actors/"), "page actors/index.html");
        assert_eq!(
            find(&s, &format!("/{x}/index.html")),
            format!("page {x}/index.html")
        );
        assert_eq!(find(&s, "/actors"), "redirect /actors/");
        assert_eq!(
            find(&s, &format!("/{x}?a=1")),
            format!("redirect /{x}/?a=1")
        );
        assert_eq!(find(&s, "/robots.txt"), "page robots.txt");
        assert_eq!(find(&s, "/favicon.ico"), "missing");
        assert_eq!(find(&s, "/style.css"), "page style.css");
        assert_eq!(find(&s, "/style.css/"), "missing");
        assert_eq!(find(&s, "/nope/"), "missing");
    }

    fn request(headers: &[(&str, &str)]) -> Request {
        Request {
            method: "GET".to_string(),
            target: "/".to_string(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_string(), (*v).to_string()))
                .collect(),
        }
    }

    #[test]
    fn conditional_requests_follow_rfc_9110() {
        let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let date = httpdate::fmt_http_date(t);
        let later = httpdate::fmt_http_date(t + Duration::from_secs(5));
        let earlier = httpdate::fmt_http_date(t - Duration::from_secs(5));
        assert!(not_modified(
            &request(&[("If-None-Match", "\"a\", W/\"b\"")]),
            "\"b\"",
            t
        ));
        assert!(!not_modified(
            &request(&[("If-None-Match", "\"a\"")]),
            "\"b\"",
            t
        ));
        assert!(not_modified(
            &request(&[("If-None-Match", "*")]),
            "\"b\"",
            t
        ));
        assert!(not_modified(
            &request(&[("If-Modified-Since", &date)]),
            "\"b\"",
            t
        ));
        assert!(not_modified(
            &request(&[("If-Modified-Since", &later)]),
            "\"b\"",
            t
        ));
        assert!(!not_modified(
            &request(&[("If-Modified-Since", &earlier)]),
            "\"b\"",
            t
        ));
        assert!(!not_modified(
            &request(&[("If-Modified-Since", "garbage")]),
            "\"b\"",
            t
        ));
        // If-None-Match wins over a matching date.
        let both = [
            ("If-None-Match", "\"a\""),
            ("If-Modified-Since", later.as_str()),
        ];
        assert!(!not_modified(&request(&both), "\"b\"", t));
    }

    #[test]
    fn a_failed_build_keeps_the_site_and_number_and_a_fix_clears_the_error() {
        let empty = Snapshot {
            build: 0,
            site: None,
            error: None,
            made: UNIX_EPOCH,
            css_only: false,
        };
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
}
