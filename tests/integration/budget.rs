//! What one page may cost: a template that loops for ever stops the build with an error
//! naming the template and the page, and `serve` shows it and keeps serving. A panic,
//! should one remain, is an error naming the file, never a backtrace.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use briefing::serve::{ServeOptions, Server};

use crate::common::{Run, copy_of, run_limited};

/// Writes for ever: a hundred thousand times a hundred thousand `x`.
const WRITES_FOR_EVER: &str =
    "{% for i in range(end=100000) %}{% for j in range(end=100000) %}x{% endfor %}{% endfor %}";
/// The same without output: it only spins.
const SPINS: &str =
    "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}";
/// Spins over a list made once: no write and no call that could stop it.
const SPINS_SILENTLY: &str =
    "{% set r = range(end=100000) %}{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}";

fn build(root: &Path, env: &[(&str, &str)]) -> Run {
    let root = root.to_str().expect("UTF-8 temp path");
    run_limited(&["build", "--root", root], env, Duration::from_secs(120))
}

/// The mini fixture with `templates/page.html` (the about page's) replaced by `text`.
fn site_with_page_template(text: &str) -> tempfile::TempDir {
    let site = copy_of("mini");
    let own = site.path().join("templates");
    std::fs::create_dir_all(&own).expect("mkdir");
    std::fs::write(own.join("page.html"), text).expect("write template");
    site
}

/// Nothing of a failed build is left: no output, no staging folder.
fn assert_nothing_written(root: &Path) {
    let left: Vec<String> = std::fs::read_dir(root)
        .expect("read site")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("public"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_template_that_writes_for_ever_stops_at_the_size_limit() {
    let site = site_with_page_template(WRITES_FOR_EVER);
    let r = build(site.path(), &[("BRIEFING_RENDER_BUDGET_BYTES", "1048576")]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: template error: rendering `about/index.html` wrote more than 1 MiB and was stopped\n --> templates/page.html"
        ),
        "{}",
        r.stderr
    );
    // The page stopped at its limit, not at the machine's memory.
    assert!(r.peak_kib < 512 * 1024, "peak {} KiB", r.peak_kib);
    assert_nothing_written(site.path());
}

#[test]
fn a_template_that_only_spins_stops_at_the_time_limit() {
    let site = site_with_page_template(SPINS);
    let r = build(site.path(), &[("BRIEFING_RENDER_BUDGET_MS", "300")]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: template error: rendering `about/index.html` took longer than 300 ms and was stopped\n --> templates/page.html:1:"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("does a loop run for ever?"),
        "{}",
        r.stderr
    );
    assert_nothing_written(site.path());
}

#[test]
fn check_stops_at_the_time_limit_too() {
    let site = site_with_page_template(SPINS);
    let root = site.path().to_str().expect("UTF-8");
    let r = run_limited(
        &["check", "--root", root],
        &[("BRIEFING_RENDER_BUDGET_MS", "300")],
        Duration::from_secs(120),
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("took longer than 300 ms"), "{}", r.stderr);
}

#[test]
fn a_loop_nothing_can_stop_ends_the_build_and_leaves_the_old_site() {
    let site = copy_of("mini");
    let first = build(site.path(), &[]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let index = site.path().join("public/index.html");
    let before = std::fs::read(&index).expect("built");
    let own = site.path().join("templates");
    std::fs::create_dir_all(&own).expect("mkdir");
    std::fs::write(own.join("page.html"), SPINS_SILENTLY).expect("write template");
    let r = build(site.path(), &[("BRIEFING_RENDER_BUDGET_MS", "300")]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: template error: rendering `about/index.html` did not stop within 300 ms and cannot be stopped\n --> templates/page.html"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&index).expect("still there"), before);
    // Nothing of the stopped build is left beside the site either.
    let beside: Vec<String> = std::fs::read_dir(site.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

/// The real limit, once: `serve` shows the error in its overlay and serves the last
/// good site again.
#[test]
fn serve_shows_a_page_over_its_time_limit_and_keeps_serving() {
    let site = copy_of("mini");
    let server = Server::start(ServeOptions::local(site.path())).expect("server starts");
    assert_eq!(server.error(), None);
    let good = server.build_number();
    let own = site.path().join("templates");
    std::fs::create_dir_all(&own).expect("mkdir");
    std::fs::write(own.join("page.html"), SPINS).expect("write template");
    let start = Instant::now();
    let error = loop {
        if let Some(e) = server.error() {
            break e;
        }
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "no error after 90 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        error.contains("rendering `about/index.html` took longer than 10 s and was stopped"),
        "{error}"
    );
    assert!(error.contains("templates/page.html:1:"), "{error}");
    assert!(
        start.elapsed() >= Duration::from_secs(10),
        "stopped at the limit, not before"
    );
    // Served again under a new number, so that pages open on the broken one reload.
    assert!(server.build_number() > good);
    let about = get(server.port(), "/about/");
    assert!(
        about.starts_with("HTTP/1.1 200"),
        "the last good site: {about}"
    );
    let home = get(server.port(), "/");
    assert!(home.starts_with("HTTP/1.1 200"), "{home}");
    assert!(
        home.contains("took longer than 10 s"),
        "the overlay: {home}"
    );
    server.stop();
}

/// `GET path` over a plain connection; the reply as text.
fn get(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let head =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(head.as_bytes()).expect("send");
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    String::from_utf8_lossy(&reply).into_owned()
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the deliberate panic exists in debug builds only"
)]
fn a_panic_while_reading_a_file_names_it_without_a_backtrace() {
    let site = copy_of("mini");
    let r = build(
        site.path(),
        &[("BRIEFING_TEST_PANIC_ON", "content/briefings/first.md")],
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "error: briefing crashed while working on this file (deliberate panic for a test on content/briefings/first.md at src/panics.rs:"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("\n --> content/briefings/first.md"),
        "{}",
        r.stderr
    );
    assert_nothing_written(site.path());
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the deliberate panic exists in debug builds only"
)]
fn a_panic_while_rendering_names_the_page_without_a_backtrace() {
    let site = copy_of("mini");
    let r = build(
        site.path(),
        &[("BRIEFING_TEST_PANIC_ON", "quotes/index.html")],
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("error: briefing crashed while working on this file"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("\n --> quotes/index.html"),
        "{}",
        r.stderr
    );
    assert_nothing_written(site.path());
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the deliberate panic exists in debug builds only"
)]
fn serve_shows_a_panic_in_the_overlay_without_a_backtrace() {
    let (page, stderr) = panic_in_serve("quotes/index.html", "/quotes/");
    assert!(
        stderr.contains("error: briefing crashed while working on this file")
            && stderr.contains("\n --> quotes/index.html"),
        "{stderr}"
    );
    assert!(
        page.contains("briefing crashed while working on this file"),
        "{page}"
    );
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the deliberate panic exists in debug builds only"
)]
fn serve_reports_a_panic_making_a_site_wide_file_without_a_backtrace() {
    // The data export is made on its first request, outside any page's render.
    let (reply, stderr) = panic_in_serve("data/quotes.json", "/data/quotes.json");
    assert!(reply.starts_with("HTTP/1.1 500"), "{reply}");
    assert!(
        stderr.contains("error: briefing crashed while working on this file")
            && stderr.contains("\n --> data/quotes.json"),
        "{stderr}"
    );
}

/// Runs `briefing serve` on the mini site, panicking on purpose while it works on
/// `file`, and asks for `url`: the reply, and what serve printed. Asserts that serve
/// kept running and printed no Rust panic message.
fn panic_in_serve(file: &str, url: &str) -> (String, String) {
    let site = copy_of("mini");
    let log = tempfile::NamedTempFile::new().expect("log file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.path())
        .env("NO_COLOR", "1")
        .env("BRIEFING_TEST_PANIC_ON", file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log.reopen().expect("log"))
        .spawn()
        .expect("run briefing serve");
    let start = Instant::now();
    let port = loop {
        let text = std::fs::read_to_string(log.path()).unwrap_or_default();
        let port = text
            .split_once("at http://127.0.0.1:")
            .and_then(|(_, rest)| rest.split_once('/'))
            .and_then(|(port, _)| port.parse::<u16>().ok());
        if let Some(port) = port {
            break port;
        }
        if start.elapsed() > Duration::from_secs(60) || child.try_wait().ok().flatten().is_some() {
            let _ = child.kill();
            let _ = child.wait();
            panic!("serve did not start:\n{text}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let reply = get(port, url);
    let running = child.try_wait().expect("wait").is_none();
    let _ = child.kill();
    let _ = child.wait();
    let stderr = std::fs::read_to_string(log.path()).unwrap_or_default();
    assert!(running, "serve outlives the panic:\n{stderr}");
    assert!(!stderr.contains("panicked"), "a backtrace:\n{stderr}");
    (reply, stderr)
}
