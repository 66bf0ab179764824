//! Output is atomic and deterministic; the command line keeps its exit-code promises.

use crate::common::*;

fn snapshot(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .display()
                .to_string();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let dir = copy_of("mini");
    let out = build(dir.path()).expect("builds");
    let first = snapshot(&out);
    build(dir.path()).expect("builds again");
    assert_eq!(first, snapshot(&out));
    assert!(first.len() > 10);
}

#[test]
fn a_failed_build_leaves_the_previous_public_untouched() {
    let dir = copy_of("mini");
    let out = build(dir.path()).expect("builds");
    let before = snapshot(&out);
    let bad = dir.path().join("content/briefings/first.md");
    let text = std::fs::read_to_string(&bad)
        .unwrap()
        .replace("by: A1", "by: Actor 0010x");
    std::fs::write(&bad, text).unwrap();
    let run = briefing(&["build", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        before,
        snapshot(&out),
        "public/ changed after a failed build"
    );
    // No staging folder is left behind either (the build cache is meant to stay).
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .filter(|e| e.file_name() != ".briefing-cache")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn exit_codes_are_0_ok_1_content_2_usage_or_io() {
    let dir = copy_of("mini");
    let root = dir.path().to_str().unwrap();
    let ok = briefing(&["build", "--root", root]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let summary = String::from_utf8_lossy(&ok.stderr);
    assert!(
        summary.contains("3 actors") && summary.contains("pages"),
        "{summary}"
    );
    assert_eq!(
        briefing(&["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
    let missing = briefing(&["build", "--root", "/nonexistent/site"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no content/ folder"));
    assert_eq!(
        briefing(&["check", "--root", root, "--quiet"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_new_site_builds_as_is() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("x");
    let d = dir.to_str().unwrap();
    assert!(briefing(&["new", d, "--quiet"]).status.success());
    let run = briefing(&["build", "--root", d]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(dir.join("public/actors/example-actor/index.html").is_file());
    assert!(
        dir.join("public/briefings/first-briefing/index.html")
            .is_file()
    );
    // Refuses to scaffold over an existing site.
    assert_eq!(briefing(&["new", d]).status.code(), Some(2));
}

#[test]
fn a_site_without_templates_uses_the_built_in_theme_and_overrides_replace_by_name() {
    let dir = copy_of("mini");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/page.html"),
        "CUSTOM {{ page.title }}",
    )
    .unwrap();
    let out = build(dir.path()).expect("builds");
    assert_eq!(
        read(&out, "about/index.html"),
        "CUSTOM About this test site"
    );
    assert!(read(&out, "index.html").contains("Mini test site"));
}

#[test]
fn the_output_folder_may_not_be_the_site_or_inside_its_sources() {
    let dir = copy_of("mini");
    let root = dir.path().to_str().unwrap();
    for out in [
        root.to_string(),
        format!("{root}/content/out"),
        format!("{root}/templates"),
        format!("{root}/.."),
    ] {
        let run = briefing(&["build", "--root", root, "--out", &out]);
        assert_eq!(run.status.code(), Some(2), "{out}");
        assert!(
            String::from_utf8_lossy(&run.stderr).contains("refusing to build into"),
            "{out}"
        );
    }
    assert!(
        dir.path().join("content/briefings/first.md").is_file(),
        "sources untouched"
    );
    let nested = format!("{root}/site-out");
    assert_eq!(
        briefing(&["build", "--root", root, "--out", &nested, "--quiet"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn a_folder_briefing_did_not_write_is_refused_unless_forced() {
    let dir = copy_of("mini");
    let root = dir.path().to_str().unwrap();
    let docs = dir.path().join("Documents");
    std::fs::create_dir_all(docs.join("letters")).unwrap();
    std::fs::write(docs.join("letters/mother.txt"), "dear").unwrap();
    let out = docs.to_str().unwrap();
    let run = briefing(&["build", "--root", root, "--out", out]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("refusing to build into")
            && err.contains("not written by briefing")
            && err.contains("--force"),
        "{err}"
    );
    assert_eq!(snapshot(&docs).len(), 1, "nothing touched");
    assert_eq!(
        std::fs::read_to_string(docs.join("letters/mother.txt")).unwrap(),
        "dear"
    );
    // Nothing left beside it either.
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".Documents"))
        .collect();
    assert!(beside.is_empty());

    let forced = briefing(&["build", "--root", root, "--out", out, "--force", "--quiet"]);
    assert_eq!(forced.status.code(), Some(0));
    assert!(docs.join("index.html").is_file() && !docs.join("letters").exists());
    // Now it is ours: later builds replace it without --force.
    let again = briefing(&["build", "--root", root, "--out", out, "--quiet"]);
    assert_eq!(again.status.code(), Some(0));
}

#[test]
fn our_own_empty_or_earlier_output_is_replaced_and_a_file_is_refused() {
    let dir = copy_of("mini");
    let root = dir.path().to_str().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let run = briefing(&["build", "--root", root, "--out", empty.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0));
    assert!(empty.join(".briefing-output").is_file());

    // Output of a version from before the marker: recognised by its data export.
    let old = dir.path().join("old");
    std::fs::create_dir_all(old.join("data")).unwrap();
    std::fs::write(old.join("index.html"), "old").unwrap();
    std::fs::write(old.join("data/quotes.json"), "[]").unwrap();
    let run = briefing(&["build", "--root", root, "--out", old.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0));

    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "keep").unwrap();
    for extra in [None, Some("--force")] {
        let mut args = vec!["build", "--root", root, "--out", file.to_str().unwrap()];
        args.extend(extra);
        let run = briefing(&args);
        assert_eq!(run.status.code(), Some(2), "{extra:?}");
        assert!(
            String::from_utf8_lossy(&run.stderr).contains("it is a file, not a folder"),
            "{extra:?}"
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
    }
}

#[test]
fn a_content_file_may_not_replace_a_generated_page() {
    let dir = copy_of("mini");
    std::fs::write(dir.path().join("content/style.css"), "body{}").unwrap();
    let errs = build(dir.path()).expect_err("clash");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].locus(), "content/style.css");
    assert_eq!(
        errs[0].message,
        "this file would replace the page the site generates at `style.css`"
    );
}

#[test]
fn without_a_base_url_feeds_are_left_out_with_a_one_line_notice() {
    let dir = copy_of("mini");
    let root = dir.path().to_str().unwrap();
    let run = briefing(&["build", "--root", root]);
    assert!(run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    let notes: Vec<&str> = err.lines().filter(|l| l.starts_with("note:")).collect();
    assert_eq!(
        notes,
        [
            "note: no base_url, so no Atom feeds or sitemap.xml (set base_url in site.yaml or pass --base-url)"
        ]
    );
    assert!(
        !dir.path().join("public/atom.xml").exists()
            && dir.path().join("public/robots.txt").is_file()
    );
    let with = briefing(&[
        "build",
        "--root",
        root,
        "--base-url",
        "https://example.org/",
    ]);
    assert!(!String::from_utf8_lossy(&with.stderr).contains("note:"));
    assert!(
        dir.path().join("public/atom.xml").is_file()
            && dir.path().join("public/sitemap.xml").is_file()
    );
}

#[test]
fn serving_beyond_loopback_prints_a_warning() {
    use std::io::{BufRead, BufReader};
    let dir = copy_of("mini");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args([
            "serve",
            "--root",
            dir.path().to_str().unwrap(),
            "--bind",
            "0.0.0.0",
            "--port",
            "0",
            "--quiet",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start serve");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref().take(5) {
        let line = line.expect("line");
        let done = line.starts_with("serving");
        seen.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        seen.iter()
            .any(|l| l.starts_with("warning: listening on 0.0.0.0")),
        "{seen:?}"
    );
}
