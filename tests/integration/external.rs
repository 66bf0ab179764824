//! The sample site, built by the binary with a sub-path `base_url`, checked by outside
//! tools as a host, a feed reader or a reader's browser would see it: the Nu HTML
//! Checker, linkinator, feedparser, the sitemap against the pages, headless Chromium
//! clicking its way through the site from `file://` and measuring it on a phone, and
//! axe-core.
//!
//! They need java, node with `tests/tools/node_modules` (`npm ci --prefix tests/tools`),
//! python3 with feedparser and Debian's chromium, so they are ignored by a plain
//! `cargo test`; `.ci/run` installs all of it and runs them with `--include-ignored`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::common::{briefing, copy_dir};

const BASE_URL: &str = "https://example.org/sub/";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/tools`, whose node packages must have been installed.
fn tools() -> PathBuf {
    let dir = repo().join("tests/tools");
    assert!(
        dir.join("node_modules/.package-lock.json").is_file(),
        "run `npm ci --prefix tests/tools` first"
    );
    dir
}

/// The sample site (`content/` and `site.yaml` of the repository) built by the binary
/// into `public/` of a temp dir, which goes away with it.
struct Sample {
    dir: tempfile::TempDir,
}

impl Sample {
    fn build() -> Sample {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(&repo().join("content"), &dir.path().join("content"));
        std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).expect("copy");
        let root = dir.path().to_str().expect("UTF-8 temp path");
        let out = dir.path().join("public");
        let output = briefing(&[
            "build",
            "--base-url",
            BASE_URL,
            "--root",
            root,
            "--out",
            out.to_str().expect("UTF-8 temp path"),
            "--quiet",
        ]);
        assert!(
            output.status.success(),
            "the sample does not build:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        Sample { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn public(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    /// Every HTML file of the site, relative to `public/`, with `/`.
    fn html_files(&self) -> BTreeSet<String> {
        let public = self.public();
        walkdir::WalkDir::new(&public)
            .into_iter()
            .map(|e| e.expect("walk"))
            .filter(|e| {
                e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html")
            })
            .map(|e| {
                let rel = e.path().strip_prefix(&public).expect("prefix");
                rel.to_str().expect("UTF-8 path").replace('\\', "/")
            })
            .collect()
    }
}

/// What a tool said and whether it exited 0.
struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

impl Run {
    fn report(&self) -> String {
        format!("stdout:\n{}\nstderr:\n{}", self.stdout, self.stderr)
    }
}

/// Runs `command` (from the repository root), timing it on stderr.
fn run(what: &str, command: &mut Command) -> Run {
    let started = Instant::now();
    let output = command
        .current_dir(repo())
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run {command:?}: {e}"));
    eprintln!("{what}: {:.1} s", started.elapsed().as_secs_f64());
    Run {
        ok: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn node(script: &str) -> Command {
    let mut command = Command::new("node");
    command.arg(tools().join(script));
    command
}

fn python(script: &str) -> Command {
    let mut command = Command::new("python3");
    command.arg(repo().join("tests/tools").join(script));
    command
}

// ---------------------------------------------------------------------------------------

/// The Nu HTML Checker reports errors on stderr, in `--format text` as
/// `Error: message` followed by `From line …; to line … in resource file:/…`; these are
/// the records of it, one per error.
fn vnu_errors(stderr: &str) -> Vec<String> {
    let mut records: Vec<String> = Vec::new();
    for line in stderr.lines() {
        if line.starts_with("Error:") || line.starts_with("Fatal Error:") {
            records.push(line.to_string());
        } else if line.starts_with("Document checking completed") {
            break;
        } else if let Some(last) = records.last_mut() {
            last.push('\n');
            last.push_str(line);
        }
    }
    records
}

#[test]
#[ignore = "needs java and the vnu-jar node package; run by .ci/run"]
fn every_page_passes_the_nu_html_checker() {
    let sample = Sample::build();
    // A page known to be invalid, checked in the same run: the checker must find its
    // errors, so that a quiet run means the site's pages were read and are valid.
    let canary = sample.root().join("canary");
    std::fs::create_dir_all(&canary).expect("mkdir");
    let canary_page = canary.join("invalid.html");
    std::fs::write(
        &canary_page,
        "<!DOCTYPE html><html lang=en><title>canary</title><p><div>unclosed</p>",
    )
    .expect("write");

    let jar = tools().join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(jar.is_file(), "{} is missing", jar.display());
    let result = run(
        "vnu",
        Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .args([
                "--errors-only",
                "--format",
                "text",
                "--skip-non-html",
                "--verbose",
            ])
            .arg(sample.public())
            .arg(&canary_page),
    );

    // --verbose names every file checked on stdout.
    let public = sample.public();
    let checked: BTreeSet<String> = result
        .stdout
        .lines()
        .filter_map(|l| Path::new(l.trim()).strip_prefix(&public).ok())
        .map(|p| p.to_str().expect("UTF-8").replace('\\', "/"))
        .collect();
    assert_eq!(
        checked,
        sample.html_files(),
        "the checker did not read every page\n{}",
        result.report()
    );

    let (on_canary, on_site): (Vec<String>, Vec<String>) = vnu_errors(&result.stderr)
        .into_iter()
        .partition(|e| e.contains("canary/invalid.html"));
    assert!(
        !on_canary.is_empty() && !result.ok,
        "the checker found nothing wrong with a broken page\n{}",
        result.report()
    );
    assert!(
        on_site.is_empty(),
        "the Nu HTML Checker found {} errors in the built site:\n\n{}",
        on_site.len(),
        on_site.join("\n\n")
    );
}

#[test]
#[ignore = "needs node and linkinator (npm ci --prefix tests/tools); run by .ci/run"]
fn every_link_resolves_between_files_at_the_root_and_under_a_sub_path() {
    let sample = Sample::build();
    let pages = sample.html_files().len();

    // At the root of a host (the server's root is public/).
    let result = run(
        "linkinator at the root",
        node("links.mjs").arg(sample.public()),
    );
    assert!(result.ok, "broken links at the root\n{}", result.report());
    assert!(
        result.stdout.contains(&format!("from {pages} pages")),
        "linkinator did not start from all {pages} pages\n{}",
        result.report()
    );

    // Under a sub-path: the server's root is x/, the site x/sub/public/, so that a
    // root-relative link would land outside the site.
    let hosted = sample.root().join("x");
    copy_dir(&sample.public(), &hosted.join("sub/public"));
    let result = run(
        "linkinator under a sub-path",
        node("links.mjs").arg(&hosted).arg("sub/public"),
    );
    assert!(
        result.ok,
        "broken links under a sub-path\n{}",
        result.report()
    );

    // The checker follows links between files: without the timeline, every page's
    // navigation has a broken link.
    std::fs::remove_file(hosted.join("sub/public/timeline/index.html")).expect("delete");
    let result = run(
        "linkinator with a page deleted",
        node("links.mjs").arg(&hosted).arg("sub/public"),
    );
    assert!(
        !result.ok
            && result
                .stdout
                .contains("BROKEN 404: sub/public/timeline/index.html"),
        "deleting the timeline broke no link\n{}",
        result.report()
    );
}

#[test]
#[ignore = "needs python3 with feedparser; run by .ci/run"]
fn every_feed_parses_in_feedparser_with_entries() {
    let sample = Sample::build();
    let result = run("feedparser", python("feeds.py").arg(sample.public()));
    assert!(result.ok, "feedparser rejects a feed\n{}", result.report());
    // The site feed, and one per actor, topic and author page.
    let pages_under = |dir: &str| {
        std::fs::read_dir(sample.public().join(dir))
            .expect("read dir")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.join("index.html").is_file() && !p.ends_with("page"))
            .count()
    };
    // In each language: the sample's is in English and Ukrainian.
    let expected: usize = ["", "uk/"]
        .iter()
        .map(|lang| {
            let under = |dir: &str| pages_under(&format!("{lang}{dir}"));
            1 + under("actors") + under("topics") + under("authors")
        })
        .sum();
    let feeds = result
        .stdout
        .lines()
        .filter(|l| l.contains(".xml: "))
        .count();
    assert_eq!(
        feeds,
        expected,
        "feedparser did not read every feed\n{}",
        result.report()
    );

    // A feed cut short is caught.
    let broken = sample.root().join("broken");
    std::fs::create_dir_all(&broken).expect("mkdir");
    let feed = std::fs::read_to_string(sample.public().join("atom.xml")).expect("read");
    let cut = feed.replace("</feed>", "");
    std::fs::write(broken.join("atom.xml"), cut).expect("write");
    let result = run(
        "feedparser on a broken feed",
        python("feeds.py").arg(&broken),
    );
    assert!(
        !result.ok && result.stdout.contains("bozo"),
        "feedparser took a feed without its end tag\n{}",
        result.report()
    );
}

#[test]
#[ignore = "needs python3; run by .ci/run"]
fn the_sitemap_is_well_formed_and_lists_every_page() {
    let sample = Sample::build();
    let result = run(
        "sitemap",
        python("sitemap.py").arg(sample.public()).arg(BASE_URL),
    );
    assert!(result.ok, "sitemap.xml is wrong\n{}", result.report());

    // Checked against another base URL, every page is missing.
    let result = run(
        "sitemap against another base URL",
        python("sitemap.py")
            .arg(sample.public())
            .arg("https://example.org/elsewhere/"),
    );
    assert!(
        !result.ok
            && result
                .stdout
                .contains("missing: https://example.org/elsewhere/timeline/"),
        "the sitemap check compares nothing\n{}",
        result.report()
    );
}

#[test]
#[ignore = "needs node, playwright-core and chromium; run by .ci/run"]
fn a_reader_clicks_through_the_site_from_disk_in_chromium() {
    let sample = Sample::build();
    let result = run("navigate", node("navigate.mjs").arg(sample.public()));
    assert!(
        result.ok,
        "navigation from file:// failed\n{}",
        result.report()
    );
}

#[test]
#[ignore = "needs node, playwright-core and chromium; run by .ci/run"]
fn a_reader_switches_to_ukrainian_and_finds_a_ukrainian_word_from_disk_in_chromium() {
    let sample = Sample::build();
    // "достовірні" is in the desk's translation of Blinken's "very credible".
    let result = run(
        "languages",
        node("languages.mjs").arg(sample.public()).args([
            "briefings/blinken-war-crimes-very-credible/index.html",
            "uk",
            "достовірні",
        ]),
    );
    assert!(
        result.ok,
        "switching language and searching from file:// failed\n{}",
        result.report()
    );
}

#[test]
#[ignore = "needs node, playwright-core, axe-core and chromium; run by .ci/run"]
fn axe_finds_no_accessibility_violation() {
    let sample = Sample::build();
    let result = run("axe", node("axe.mjs").arg(sample.public()));
    assert!(
        result.ok,
        "axe-core found accessibility violations\n{}",
        result.report()
    );
}

#[test]
#[ignore = "needs node, playwright-core and chromium; run by .ci/run"]
fn a_phone_at_390_px_gets_one_nav_row_readable_charts_and_big_enough_targets() {
    let sample = Sample::build();
    let shots = sample.root().join("phone-shots");
    let result = run("phone", node("phone.mjs").arg(sample.public()).arg(&shots));
    assert!(
        result.ok,
        "the site fails a phone reader at 390 px\n{}",
        result.report()
    );
    // A screenshot of each page measured, 390 px wide (a PNG's width is bytes 16..20).
    let pngs: Vec<PathBuf> = std::fs::read_dir(&shots)
        .expect("screenshots")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(pngs.len(), 5, "{pngs:?}");
    for png in pngs {
        let bytes = std::fs::read(&png).expect("read");
        assert!(bytes.starts_with(b"\x89PNG"), "{}", png.display());
        let width = u32::from_be_bytes(bytes[16..20].try_into().expect("4 bytes"));
        assert_eq!(width, 390, "{}", png.display());
    }
}
