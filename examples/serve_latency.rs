//! Measures `briefing serve`'s save-to-reload latency: the time from writing a briefing
//! to the server's event stream announcing the new build (what makes open pages reload).
//!
//! ```text
//! cargo build --release
//! cargo run --release --example serve_latency -- --root SITE [--runs 5] [--bin target/release/briefing]
//! ```
//!
//! Starts `briefing serve --port 0` on SITE, connects to its event stream, then for each
//! run rewrites the first briefing (`--change body`, the default: a new sentence at the
//! end of its body; `--change date`: a new date, which reorders listings; `--change
//! quote` and `--change topic`, see `common/edit.rs`; `--change actor`: the first
//! actor's body instead; `--change new`: a new briefing on odd runs, deleted on even
//! ones, whose page must then be gone; `--change template`: `templates/briefing.html`,
//! made from the theme's for the runs if the site has none; `--change rename`: the
//! last briefing renamed to sort first on odd runs, and back on even ones;
//! `--change actor-role`, `page` and `settings`: the first actor's role, a free page
//! (made for the runs if the site has none) and the site's title), waits
//! for a state with a higher build number (the reload event), then fetches the
//! briefing's page as the reloading tab would and checks it shows the sentence. Prints
//! every run, the medians of both, and the server's own rebuild times. The briefing is restored at the end. `benches/serve_latency.sh`
//! runs it on the sample site and on a generated 10,000-briefing site.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

#[path = "common/edit.rs"]
mod edit;
use edit::Change;

const USAGE: &str =
    "usage: serve_latency --root SITE [--runs N] [--bin PATH] [--timeout-secs S] [--change KIND]";

struct Args {
    root: PathBuf,
    runs: usize,
    bin: PathBuf,
    timeout: Duration,
    change: Change,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        root: PathBuf::new(),
        runs: 5,
        bin: PathBuf::from("target/release/briefing"),
        timeout: Duration::from_secs(600),
        change: Change::Body,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--root" => args.root = PathBuf::from(value()?),
            "--bin" => args.bin = PathBuf::from(value()?),
            "--runs" => args.runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--change" => args.change = Change::parse(&value()?)?,
            "--timeout-secs" => {
                let secs = value()?
                    .parse()
                    .map_err(|e| format!("--timeout-secs: {e}"))?;
                args.timeout = Duration::from_secs(secs);
            }
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    if args.root.as_os_str().is_empty() || args.runs == 0 {
        return Err("--root is required and --runs must be at least 1".to_string());
    }
    Ok(args)
}

/// The running server, killed when dropped so that a failed run leaves nothing behind.
struct Serve {
    child: Child,
    url: String,
    /// The server's terminal lines after the URL.
    log: Receiver<String>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_serve(bin: &Path, root: &Path, timeout: Duration) -> Result<Serve, String> {
    let mut child = Command::new(bin)
        .args(["serve", "--port", "0", "--color", "never", "--root"])
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    let stderr = child.stderr.take().ok_or("no stderr")?;
    let (tx, log) = mpsc::channel();
    // Drained on its own thread: a full pipe would block the server's printing.
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                return;
            }
        }
    });
    let mut serve = Serve {
        child,
        url: String::new(),
        log,
    };
    let deadline = Instant::now() + timeout;
    while serve.url.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = serve
            .log
            .recv_timeout(left)
            .map_err(|_| "the server printed no URL")?;
        eprintln!("  serve: {line}");
        if let Some(at) = line.find("http://") {
            serve.url = line[at..]
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
        }
    }
    Ok(serve)
}

/// A reader of the server's event stream.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn connect(url: &str) -> Result<Events, String> {
        let host = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let mut stream = TcpStream::connect(&host).map_err(|e| format!("connect {host}: {e}"))?;
        let request = format!("GET /__briefing/events HTTP/1.1\r\nHost: {host}\r\n\r\n");
        stream
            .write_all(request.as_bytes())
            .map_err(|e| format!("send: {e}"))?;
        Ok(Events {
            reader: BufReader::new(stream),
        })
    }

    /// The build number of the next state event.
    fn next_build(&mut self, timeout: Duration) -> Result<u64, String> {
        let stream = self.reader.get_ref();
        stream
            .set_read_timeout(Some(timeout))
            .map_err(|e| e.to_string())?;
        let mut line = String::new();
        loop {
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) => return Err("the event stream ended".to_string()),
                Ok(_) => {}
                Err(e) => return Err(format!("no event: {e}")),
            }
            let Some(data) = line.trim_end().strip_prefix("data: ") else {
                continue;
            };
            let state: serde_json::Value =
                serde_json::from_str(data).map_err(|e| format!("bad event {data}: {e}"))?;
            if let Some(error) = state["error"].as_str() {
                return Err(format!("the site failed to build:\n{error}"));
            }
            return state["build"]
                .as_u64()
                .ok_or_else(|| format!("no build number in {data}"));
        }
    }

    /// Waits for a build number above `after`, returning it.
    fn wait_past(&mut self, after: u64, timeout: Duration) -> Result<u64, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(format!("no build after {after} within {timeout:?}"));
            }
            let build = self.next_build(left)?;
            if build > after {
                return Ok(build);
            }
        }
    }
}

/// The site's `templates/briefing.html`, and whether it was made from the theme's for
/// these runs (and is to be removed after them).
fn template(root: &Path) -> Result<(PathBuf, bool), String> {
    let file = root.join("templates/briefing.html");
    if file.exists() {
        return Ok((file, false));
    }
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/briefing.html");
    std::fs::create_dir_all(root.join("templates")).map_err(|e| e.to_string())?;
    std::fs::copy(&theme, &file).map_err(|e| format!("{}: {e}", theme.display()))?;
    Ok((file, true))
}

/// The body of `GET path`, over HTTP/1.0 so that the server closes when done.
fn fetch(url: &str, path: &str) -> Result<String, String> {
    use std::io::Read;
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(host).map_err(|e| format!("connect {host}: {e}"))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").map_err(|e| e.to_string())?;
    let mut reply = String::new();
    stream
        .read_to_string(&mut reply)
        .map_err(|e| format!("read {path}: {e}"))?;
    Ok(reply)
}

/// Save to reload event, and save to the edited page served, per run.
type Times = (Vec<Duration>, Vec<Duration>);

fn measure(args: &Args) -> Result<Times, String> {
    let section = args.change.section();
    let (file, made) = match args.change {
        Change::Template => template(&args.root)?,
        _ => edit::edited_file(args.change, &args.root)?,
    };
    // A change outside `content/` (a template, the settings, the strings) is shown on
    // the first briefing's page.
    let outside = matches!(
        args.change,
        Change::Template | Change::Settings | Change::Strings
    );
    let first = match outside {
        true => edit::edited_file(Change::Body, &args.root)?.0,
        false => file.clone(),
    };
    let original = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    eprintln!("editing {}", file.display());
    let serve = start_serve(&args.bin, &args.root, args.timeout)?;
    let mut events = Events::connect(&serve.url)?;
    let mut build = events.next_build(args.timeout)?;
    let mut times = (Vec::new(), Vec::new());
    let result = (|| {
        for run in 1..=args.runs {
            let (text, sentence) = args.change.apply(&original, run)?;
            let (target, delete) = args.change.file(&file, run);
            let shown = match outside {
                true => &first,
                false => &target,
            };
            let stem = shown.file_stem().unwrap_or_default().to_string_lossy();
            let page = match args.change {
                Change::Page | Change::NewPage => format!("/{stem}/"),
                _ if outside => format!("/briefings/{stem}/"),
                _ => format!("/{section}/{stem}/"),
            };
            let start = Instant::now();
            match (delete, args.change.renamed_from(&file, run)) {
                (_, Some(from)) => std::fs::rename(from, &target),
                (true, None) => std::fs::remove_file(&target),
                (false, None) => std::fs::write(&target, text),
            }
            .map_err(|e| e.to_string())?;
            build = events.wait_past(build, args.timeout)?;
            let event = start.elapsed();
            let html = fetch(&serve.url, &page)?;
            let shown = start.elapsed();
            if html.contains(&sentence) == delete {
                return Err(format!(
                    "{page} does not show the edit after the reload event"
                ));
            }
            eprintln!(
                "  run {run}: reload event {} ms, page {} ms",
                event.as_millis(),
                shown.as_millis()
            );
            times.0.push(event);
            times.1.push(shown);
            // Let the watcher settle so runs do not overlap.
            std::thread::sleep(Duration::from_millis(300));
        }
        Ok::<(), String>(())
    })();
    if let Some(added) = args.change.added(&file) {
        let _ = std::fs::remove_file(added);
    }
    let _ = match made {
        // With its folder, if that was made for the runs too (it is then empty).
        true => std::fs::remove_file(&file).and_then(|()| match file.parent() {
            Some(dir) => std::fs::remove_dir(dir),
            None => Ok(()),
        }),
        false => std::fs::write(&file, &original),
    };
    result?;
    while let Ok(line) = serve.log.try_recv() {
        eprintln!("  serve: {line}");
    }
    Ok(times)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match measure(&args) {
        Ok((events, pages)) => {
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            for (what, mut times) in [("reload event", events), ("edited page served", pages)] {
                times.sort();
                println!(
                    "{}: {} edit, save to {what}, {} runs: median {:.0} ms, min {:.0} ms, max {:.0} ms",
                    args.root.display(),
                    args.change.name(),
                    times.len(),
                    ms(times[times.len() / 2]),
                    ms(times[0]),
                    ms(times[times.len() - 1]),
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
