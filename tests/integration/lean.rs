//! A large site's build lets go of the files' texts once read, and reads them again to
//! parse, render and point at problems (`discover::discover_lean`), and keeps
//! only so much of the views pages share (the catalog's budget); the thresholds are
//! lowered here (`BRIEFING_LEAN_ABOVE`, `BRIEFING_CATALOG_BUDGET`) so that a small site
//! is built that way. It must make the same site, and the same messages, as a build
//! that keeps them.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::*;

/// `briefing ARGS` in `root`, keeping the texts or not.
fn run(root: &Path, lean: bool, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_briefing"))
        .args(args)
        .arg("--root")
        .arg(root)
        .env("NO_COLOR", "1")
        .env(
            "BRIEFING_LEAN_ABOVE",
            if lean { "0" } else { "1000000000000" },
        )
        .output()
        .expect("run briefing")
}

/// Files by their path from a folder, with their bytes.
type Files = Vec<(String, Vec<u8>)>;

/// Every file under `dir`, by its path from there, with its bytes.
fn files(dir: &Path) -> Files {
    let mut all: Files = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

/// `briefing build ARGS --out DIR` in `root`, once keeping the texts (into `kept`) and
/// once letting go of them (into `lean`): every file of each, and the lean folder.
fn built_both_ways(root: &Path, args: &[&str]) -> (Files, Files, std::path::PathBuf) {
    let (kept, lean) = (root.join("kept"), root.join("lean"));
    for (out, is_lean) in [(&kept, false), (&lean, true)] {
        let mut all = vec!["build"];
        all.extend(args);
        all.extend(["--out", out.to_str().unwrap()]);
        let o = run(root, is_lean, &all);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    (files(&kept), files(&lean), lean)
}

#[test]
fn a_build_that_lets_go_of_texts_makes_the_same_site() {
    let dir = copy_of("mini");
    let root = dir.path();
    for i in 0..6 {
        std::fs::write(
            root.join(format!("content/briefings/more-{i}.md")),
            format!(
                "---\ntitle: More {i}\ndate: 2022-04-0{}\nactors: [actor-0001]\n---\n\n\
                 Body {i} names [[Actor 0002]] and links [the first](first.md).\n\n## Part {i}\n\nÜnïcode «text».\n",
                i + 1
            ),
        )
        .unwrap();
    }
    let (a, b, lean) = built_both_ways(root, &["--base-url", "https://example.org/"]);
    assert!(a.len() > 20, "{} files", a.len());
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((path, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{path} differs when the texts are let go of");
    }
    let page = read(&lean, "briefings/more-3/index.html");
    assert!(page.contains("Body 3 names"), "{page}");
    assert!(page.contains("Ünïcode «text»."), "{page}");
    let quotes = read(&lean, "data/quotes.json");
    assert!(quotes.contains("Synthetic words said first."), "{quotes}");
}

/// A site in two languages keeps its texts, past the line or not: its language builds
/// read every file's parse again.
#[test]
fn a_site_with_translations_builds_the_same_past_the_lean_line() {
    let dir = copy_of("mini");
    let root = dir.path();
    let config = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    std::fs::write(
        root.join("site.yaml"),
        format!("{config}languages:\n  uk: {{title: Міні}}\n"),
    )
    .unwrap();
    std::fs::write(
        root.join("content/briefings/first.uk.md"),
        "---\ntitle: Перший брифінг\n---\n\nТекст перекладу.\n",
    )
    .unwrap();
    let (a, b, lean) = built_both_ways(root, &[]);
    assert_eq!(a, b, "a translated site differs past the lean line");
    let page = read(&lean, "uk/briefings/first/index.html");
    assert!(page.contains("Текст перекладу."), "{page}");
}

#[test]
fn a_build_that_lets_go_of_texts_points_at_problems_as_one_that_keeps_them() {
    let dir = copy_of("mini");
    let root = dir.path();
    std::fs::write(
        root.join("content/briefings/bad.md"),
        "---\ntitle: Bad\ndate: 2022-13-40\nquotes:\n  - by: Nobody Known\n    text: Words.\n    said: 2022-03-01\n---\n\nA body naming [[Someone Else]].\n",
    )
    .unwrap();
    // Found by the reading that discovery skips past the line: a file that is not
    // UTF-8, one with a NUL byte.
    std::fs::write(
        root.join("content/briefings/latin1.md"),
        b"---\ntitle: Caf\xe9\ndate: 2022-03-01\n---\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/actors/nul.md"),
        "---\nname: Actor 0099\n---\n\nA \0 byte.\n",
    )
    .unwrap();
    let kept = run(root, false, &["check"]);
    let lean = run(root, true, &["check"]);
    let (kept, lean) = (
        String::from_utf8_lossy(&kept.stderr).into_owned(),
        String::from_utf8_lossy(&lean.stderr).into_owned(),
    );
    for wanted in [
        "content/briefings/bad.md:3:12",
        "content/briefings/bad.md:5:9",
        "content/briefings/bad.md:10:15",
        "Nobody Known",
        "Someone Else",
        "content/briefings/latin1.md:2:11",
        "file is not valid UTF-8",
        "content/actors/nul.md:5:3",
        "file contains a NUL byte",
    ] {
        assert!(lean.contains(wanted), "{wanted} missing from:\n{lean}");
    }
    assert_eq!(kept, lean);
}
