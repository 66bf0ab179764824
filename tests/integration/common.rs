//! Fixture helpers: build a fixture or a throwaway site, read its pages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use briefing::diag::Diagnostic;
use briefing::pipeline::{self, BuildOptions, Failure};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A temporary site made of `files` (path relative to the site root, text).
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("content")).expect("content dir");
    for (rel, text) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        std::fs::write(path, text).expect("write");
    }
    dir
}

/// A temporary site made of generated `files` (path, text).
pub fn site_of(files: &[(String, String)]) -> tempfile::TempDir {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    site(&refs)
}

/// A copy of a fixture in a temp dir, so tests may change it.
pub fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(name), dir.path());
    dir
}

/// Staging or old-site folders left beside `root/public` (a stage, a journal).
pub fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .expect("read root")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect()
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// Builds `root` into `root/public` through the library.
pub fn build(root: &Path) -> Result<PathBuf, Vec<Diagnostic>> {
    let out = root.join("public");
    let opts = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    match pipeline::build(&opts, &out) {
        Ok(_) => Ok(out),
        Err(Failure::Content(d)) => Err(d),
        Err(Failure::Io(e)) => panic!("I/O failure: {e}"),
    }
}

/// The diagnostics a site yields; panics if it builds.
pub fn errors(files: &[(&str, &str)]) -> Vec<Diagnostic> {
    let dir = site(files);
    match build(dir.path()) {
        Ok(_) => panic!("expected the build to fail"),
        Err(d) => d,
    }
}

pub fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Runs the `briefing` binary.
pub fn briefing(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run briefing")
}

/// Every `href`/`src` value in an HTML text.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    out
}

/// A minimal valid briefing with `extra` front-matter lines.
pub fn briefing_md(extra: &str) -> String {
    format!("---\ntitle: T\ndate: 2022-03-06\n{extra}---\n\nBody.\n")
}

pub const ACTOR: (&str, &str) = (
    "content/actors/actor-0001.md",
    "---\nname: Actor 0001\nkind: person\naliases: [A1]\n---\n",
);

/// What one run of the `briefing` binary did.
pub struct Run {
    pub code: Option<i32>,
    pub stderr: String,
    pub took: Duration,
    /// Peak resident memory (VmHWM), where /proc tells it.
    pub peak_kib: u64,
}

/// Runs `briefing ARGS` with `env`; kills it and fails the test if it takes longer than
/// `limit`, or if it panicked (exit 101, or a Rust panic message or backtrace hint).
/// stderr goes to a file, not a pipe, so that a flood of diagnostics cannot block it.
pub fn run_limited(args: &[&str], env: &[(&str, &str)], limit: Duration) -> Run {
    let log = tempfile::NamedTempFile::new().expect("log file");
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log.reopen().expect("log"))
        .spawn()
        .expect("run briefing");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        peak_kib = peak_kib.max(vm_hwm(&status_file));
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`briefing {}` still running after {limit:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = std::fs::read_to_string(log.path()).unwrap_or_default();
    assert_ne!(status.code(), Some(101), "briefing panicked:\n{stderr}");
    assert!(!stderr.contains("panicked"), "briefing panicked:\n{stderr}");
    assert!(!stderr.contains("RUST_BACKTRACE"), "a backtrace:\n{stderr}");
    Run {
        code: status.code(),
        stderr,
        took: start.elapsed(),
        peak_kib,
    }
}

fn vm_hwm(status_file: &str) -> u64 {
    std::fs::read_to_string(status_file)
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}
