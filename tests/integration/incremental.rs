//! The incremental build: after any sequence of edits, a build in place leaves exactly
//! what a clean build makes, writing only the files whose bytes changed.

use std::path::{Path, PathBuf};

use crate::common::*;
use briefing::pipeline::{self, BuildOptions, Summary};

/// Every file under `dir` with its bytes, by path.
fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Every folder under `dir`, so that one left empty shows.
fn folders(dir: &Path) -> Vec<String> {
    let mut dirs: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect();
    dirs.sort();
    dirs
}

fn mtimes(dir: &Path) -> Vec<(String, std::time::SystemTime)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, e.metadata().unwrap().modified().unwrap())
        })
        .collect();
    files.sort();
    files
}

/// `pipeline::build` of the site at `root` into `out`, as these tests build it.
fn try_build(root: &Path, out: &Path, clean: bool) -> Result<Summary, pipeline::Failure> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        base_url: Some("https://example.org/".into()),
        clean,
        ..Default::default()
    };
    pipeline::build(&opts, out)
}

/// A copy of the `mini` fixture, built once into its `public/`.
fn mini_built() -> (tempfile::TempDir, PathBuf) {
    let dir = copy_of("mini");
    let out = dir.path().join("public");
    build_into(dir.path(), &out, false);
    (dir, out)
}

/// `out` holds what a clean build of `root` makes, files and folders.
fn assert_as_clean(root: &Path, out: &Path) {
    let clean = root.join("clean");
    build_into(root, &clean, true);
    assert!(tree(out) == tree(&clean), "the folder a clean build makes");
    assert_eq!(folders(out), folders(&clean));
}

fn build_into(root: &Path, out: &Path, clean: bool) -> Summary {
    match try_build(root, out, clean) {
        Ok(s) => s,
        Err(pipeline::Failure::Content(d)) => panic!("{d:?}"),
        Err(pipeline::Failure::Io(e)) => panic!("{e}"),
    }
}

/// A synthetic briefing the test can rewrite field by field.
#[derive(Clone)]
struct Briefing {
    name: String,
    day: u32,
    topic: &'static str,
    quotes: Vec<u32>,
    body: String,
}

impl Briefing {
    fn text(&self) -> String {
        let mut quotes = String::new();
        for q in &self.quotes {
            quotes += &format!(
                "  - by: {}\n    text: Synthetic words number {q}.\n    said: 2022-03-01\n    source: s1\n",
                if q % 2 == 0 { "A1" } else { "actor-0002" }
            );
        }
        format!(
            "---\ntitle: Briefing {}\ndate: 2022-03-{:02}\ntopics: [{}]\nactors: [actor-0002]\n\
             quotes:\n{quotes}sources:\n  - id: s1\n    title: Synthetic report\n    publisher: Test Wire\n    \
             date: 2022-03-06\n    url: https://example.org/report\n---\n\n{}\n",
            self.name, self.day, self.topic, self.body
        )
    }
}

/// xorshift: the same "random" edits on every run.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

#[test]
fn random_edits_built_in_place_match_a_clean_build_each_time() {
    let dir = copy_of("mini");
    let root = dir.path();
    let out = root.join("public");
    let cold = root.join("cold");
    let briefings_dir = root.join("content/briefings");
    let mut all: Vec<Briefing> = (0..6)
        .map(|i| Briefing {
            name: format!("b{i:03}"),
            day: 1 + i,
            topic: if i % 2 == 0 {
                "Topic Red"
            } else {
                "Topic Blue"
            },
            quotes: vec![i * 10],
            body: format!("Synthetic body {i}."),
        })
        .collect();
    let write = |b: &Briefing| {
        std::fs::write(briefings_dir.join(format!("{}.md", b.name)), b.text()).unwrap()
    };
    all.iter().for_each(write);
    build_into(root, &out, false);
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    let mut next = 100;
    let mut bodies_only = 0;
    for step in 0..40 {
        next += 1;
        let i = dice.roll(all.len());
        let what = match dice.roll(10) {
            0 => {
                all[i].body += &format!("\n\nAnother paragraph {next}.");
                "body"
            }
            1 => {
                all[i].day = 1 + dice.roll(28) as u32;
                "date"
            }
            2 => {
                all[i].quotes.push(next);
                "quote added"
            }
            3 if all[i].quotes.len() > 1 => {
                all[i].quotes.remove(0);
                "quote removed"
            }
            4 => {
                all[i].topic = ["Topic Red", "Topic Blue", "Topic Green"][dice.roll(3)];
                "topic"
            }
            5 => {
                all.push(Briefing {
                    name: format!("new{next}"),
                    ..all[i].clone()
                });
                "new briefing"
            }
            6 if all.len() > 2 => {
                let gone = all.remove(i);
                std::fs::remove_file(briefings_dir.join(format!("{}.md", gone.name))).unwrap();
                "deleted briefing"
            }
            7 => {
                let old = std::mem::replace(&mut all[i].name, format!("renamed{next}"));
                std::fs::remove_file(briefings_dir.join(format!("{old}.md"))).unwrap();
                "renamed briefing"
            }
            8 => {
                let style = std::fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/style.css"),
                )
                .unwrap();
                std::fs::create_dir_all(root.join("templates")).unwrap();
                std::fs::write(
                    root.join("templates/style.css"),
                    format!("{style}\n/* {next} */\n"),
                )
                .unwrap();
                "template"
            }
            _ => {
                let site = std::fs::read_to_string(root.join("site.yaml")).unwrap();
                let title = format!("title: Mini test site {next}");
                let site: String = site
                    .lines()
                    .map(|l| {
                        if l.starts_with("title:") {
                            title.as_str()
                        } else {
                            l
                        }
                    })
                    .map(|l| format!("{l}\n"))
                    .collect();
                std::fs::write(root.join("site.yaml"), site).unwrap();
                "site title"
            }
        };
        all.iter().for_each(write);
        let (bytes_before, times_before) = (tree(&out), mtimes(&out));
        let summary = build_into(root, &out, false);
        assert!(
            summary.changed.is_some(),
            "step {step} ({what}) was built in place"
        );
        // A paragraph appended changes the body alone; nothing else does.
        assert_eq!(summary.bodies_only, what == "body", "step {step} ({what})");
        bodies_only += usize::from(summary.bodies_only);
        build_into(root, &cold, true);
        assert!(
            tree(&out) == tree(&cold),
            "step {step} ({what}): in place differs from clean"
        );
        assert_eq!(folders(&out), folders(&cold), "step {step} ({what})");
        // Only files whose bytes changed were written: the listings a date moves, not
        // every listing.
        let (bytes_after, times_after) = (tree(&out), mtimes(&out));
        let before: std::collections::HashMap<_, _> = (bytes_before.iter().zip(&times_before))
            .map(|((path, bytes), (_, time))| (path, (bytes, time)))
            .collect();
        for ((path, bytes), (_, time)) in bytes_after.iter().zip(&times_after) {
            if let Some(&(old, then)) = before.get(path)
                && old == bytes
            {
                assert_eq!(time, then, "step {step} ({what}): {path} rewritten");
            }
        }
    }
    assert!(bodies_only > 0, "the walk edits bodies alone");
}

#[test]
fn a_body_edit_rewrites_only_the_files_it_shows_in_and_leaves_the_rest_alone() {
    let dir = copy_of("mini");
    let root = dir.path();
    let out = root.join("public");
    let first = build_into(root, &out, false);
    assert!(first.changed.is_none(), "the first build is whole");
    let before = mtimes(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = build_into(root, &out, false);
    let changed = again.changed.expect("in place");
    assert_eq!((changed.written, changed.removed), (0, 0));
    assert_eq!(mtimes(&out), before, "an unchanged site touches nothing");
    assert_eq!((again.files, again.bytes), (first.files, first.bytes));

    let path = root.join("content/briefings/second.md");
    let text = std::fs::read_to_string(&path).unwrap() + "\nA third paragraph, edited.\n";
    std::fs::write(&path, text).unwrap();
    let edited = build_into(root, &out, false);
    let touched = touched_since(&before, &out);
    assert_eq!(edited.changed.expect("in place").written, touched.len());
    assert!(
        touched.contains(&"briefings/second/index.html".to_string()),
        "{touched:?}"
    );
    assert!(touched.len() <= 6, "{touched:?}");
    assert!(read(&out, "briefings/second/index.html").contains("A third paragraph, edited."));
}

/// Paths of the files under `out` whose modification times differ from `before`.
fn touched_since(before: &[(String, std::time::SystemTime)], out: &Path) -> Vec<String> {
    let after = mtimes(out);
    let before: std::collections::HashMap<&String, &std::time::SystemTime> =
        before.iter().map(|(p, t)| (p, t)).collect();
    (after.iter())
        .filter(|(p, t)| before.get(p) != Some(&t))
        .map(|(p, _)| p.clone())
        .collect()
}

#[test]
fn a_body_edit_that_changes_nothing_else_renders_its_page_alone() {
    let (dir, out) = mini_built();
    let root = dir.path();
    let path = root.join("content/briefings/second.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let before = mtimes(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, format!("{text}\nA third paragraph, added.\n")).unwrap();
    let edited = build_into(root, &out, false);
    let changed = edited.changed.expect("in place");
    // No other page is made or even fingerprinted: the site is the same but for a body.
    assert!(edited.bodies_only);
    assert_eq!(changed.rendered, 1, "{changed:?}");
    let touched = touched_since(&before, &out);
    assert!(
        touched.contains(&"briefings/second/index.html".to_string()),
        "{touched:?}"
    );
    // The full-content feeds show the body too.
    assert!(
        touched
            .iter()
            .all(|p| p == "briefings/second/index.html" || p.ends_with("atom.xml")),
        "{touched:?}"
    );
    assert!(read(&out, "briefings/second/index.html").contains("A third paragraph, added."));
    assert!(read(&out, "atom.xml").contains("A third paragraph, added."));
    assert_as_clean(root, &out);

    // A heading is shown beyond the body (the table of contents): every page is
    // fingerprinted again, and the output is still that of a clean build.
    let before = mtimes(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, format!("{text}\n## A heading\n\nUnder it.\n")).unwrap();
    let headed = build_into(root, &out, false);
    assert!(!headed.bodies_only);
    assert!(headed.changed.expect("in place").rendered >= 1);
    assert!(read(&out, "briefings/second/index.html").contains("A heading"));
    assert!(touched_since(&before, &out).contains(&"briefings/second/index.html".to_string()));
    assert_as_clean(root, &out);

    // A body that starts mentioning an actor changes the actor's page: not a body alone.
    std::fs::write(&path, format!("{text}\nAs [[actor-0001]] said.\n")).unwrap();
    let mentioned = build_into(root, &out, false);
    assert!(!mentioned.bodies_only);
    assert!(mentioned.changed.expect("in place").rendered > 1);
    assert_as_clean(root, &out);
}

#[test]
fn bodies_kept_for_the_next_build_are_used_only_while_they_add_up() {
    let (dir, out) = mini_built();
    let root = dir.path();
    // Long enough to be kept in the file rather than in its index.
    let words = "Synthetic words of a long body, kept between builds. ".repeat(20);
    let path = root.join("content/briefings/second.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n{words}\n")).unwrap();
    assert!(!build_into(root, &out, false).bodies_damaged);
    let cache = root.join(".briefing-cache");
    let kept: Vec<PathBuf> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bodies"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let bytes = std::fs::read(&kept[0]).unwrap();
    let shown = words.trim_end().as_bytes();
    let at = (bytes.windows(shown.len()))
        .position(|w| w == shown)
        .expect("the body's HTML is in the file");

    // Its HTML damaged: the body is rendered again, not shown as damaged.
    let mut damaged = bytes.clone();
    damaged[at..at + 9].copy_from_slice(b"DAMAGED! ");
    std::fs::write(&kept[0], &damaged).unwrap();
    std::fs::write(
        root.join("content/briefings/first.md"),
        "---\ntitle: Another edit\ndate: 2022-03-01\n---\n\nShort.\n",
    )
    .unwrap();
    assert!(build_into(root, &out, false).bodies_damaged, "said");
    assert!(!read(&out, "briefings/second/index.html").contains("DAMAGED!"));
    assert_as_clean(root, &out);

    // Cut short, or from another file: not read at all.
    for bad in [bytes[..bytes.len() / 2].to_vec(), b"not bodies".to_vec()] {
        std::fs::write(&kept[0], &bad).unwrap();
        std::fs::write(&path, format!("{text}\n{words} Again.\n")).unwrap();
        assert!(build_into(root, &out, false).bodies_damaged, "said");
        assert!(read(&out, "briefings/second/index.html").contains("Again."));
        assert_as_clean(root, &out);
    }
}

#[test]
fn bodies_are_kept_for_the_last_three_output_folders_only() {
    let (dir, _) = mini_built();
    let root = dir.path();
    for i in 0..5 {
        build_into(root, &root.join(format!("out-{i}")), false);
        // Modification times far enough apart to order on any file system.
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let bodies = std::fs::read_dir(root.join(".briefing-cache"))
        .unwrap()
        .filter(|e| {
            let path = e.as_ref().unwrap().path();
            path.extension().is_some_and(|x| x == "bodies")
        })
        .count();
    assert_eq!(bodies, 3);
    // The folders built into last still start from theirs.
    let again = build_into(root, &root.join("out-4"), false);
    assert!(again.changed.is_some());
    assert_as_clean(root, &root.join("out-4"));
}

#[test]
fn a_damaged_or_foreign_record_is_not_trusted_and_clean_builds_whole() {
    let dir = copy_of("mini");
    let root = dir.path();
    // All through the binary: a record is trusted only by the binary that wrote it.
    let first = briefing(&["build", "--root", root.to_str().unwrap()]);
    assert_eq!(first.status.code(), Some(0));
    let record = std::fs::read_dir(root.join(".briefing-cache"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "record"))
        .expect("a record beside the site");
    let good = std::fs::read(&record).unwrap();

    let mut damaged = good.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 0x55;
    std::fs::write(&record, &damaged).unwrap();
    let run = briefing(&["build", "--root", root.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert!(
        err.contains("note: the build record was damaged, so this build made everything again"),
        "{err}"
    );
    assert!(!err.contains("unchanged"), "{err}");

    std::fs::write(&record, b"something else entirely").unwrap();
    let run = briefing(&["build", "--root", root.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("written by another version of briefing"),
        "{err}"
    );

    // The binary's own record, written by that last build, is trusted, by another
    // run of it: nothing is rendered or written again...
    let run = briefing(&["build", "--root", root.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("; 0 pages rendered, 0 files written, 0 removed, the rest unchanged"),
        "{err}"
    );
    // ...and after an edit, only the pages that show it are rendered.
    let path = root.join("content/briefings/second.md");
    std::fs::write(
        &path,
        std::fs::read_to_string(&path).unwrap() + "\nEdited.\n",
    )
    .unwrap();
    let run = briefing(&["build", "--root", root.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("; 1 page rendered, 1 file written, 0 removed"),
        "{err}"
    );
    // ...unless told not to.
    let run = briefing(&["build", "--root", root.to_str().unwrap(), "--clean"]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{err}");
    assert!(
        !err.contains("written,") && !err.contains("build record"),
        "{err}"
    );
}

#[test]
fn a_file_changed_or_deleted_in_the_output_is_written_again() {
    let (dir, out) = mini_built();
    let root = dir.path();
    let page = out.join("briefings/first/index.html");
    let original = std::fs::read(&page).unwrap();
    std::fs::write(&page, "defaced").unwrap();
    std::fs::remove_file(out.join("actors/index.html")).unwrap();
    let s = build_into(root, &out, false);
    assert_eq!(s.changed.expect("in place").written, 2);
    assert_eq!(std::fs::read(&page).unwrap(), original);
    assert!(out.join("actors/index.html").is_file());
}

#[test]
fn a_page_changed_in_the_output_and_then_gone_from_the_site_is_removed() {
    let (dir, out) = mini_built();
    let root = dir.path();
    // Touched by hand, the record no longer vouches for it: it is still the last
    // build's, and goes when its briefing does.
    let page = out.join("briefings/first/index.html");
    std::fs::write(&page, "defaced").unwrap();
    std::fs::remove_file(root.join("content/briefings/first.md")).unwrap();
    let s = build_into(root, &out, false);
    assert!(s.changed.expect("in place").removed >= 1);
    assert!(!page.exists() && !out.join("briefings/first").exists());
    assert_as_clean(root, &out);
}

#[test]
fn a_build_that_fails_while_moving_its_files_in_is_finished_by_the_next() {
    let (dir, out) = mini_built();
    let root = dir.path();
    for name in ["first", "second"] {
        let path = root.join(format!("content/briefings/{name}.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\nEdited.\n")).unwrap();
    }
    // Something the build cannot move a file over: a folder, not empty, where the
    // second briefing's page goes. Everything is made and checked before the move, so
    // the build only fails there, with some files moved in and its journal beside.
    let page = out.join("briefings/second/index.html");
    std::fs::remove_file(&page).unwrap();
    std::fs::create_dir_all(page.join("in-the-way")).unwrap();
    match try_build(root, &out, false) {
        Err(pipeline::Failure::Io(e)) => assert!(e.contains("briefings/second/index.html"), "{e}"),
        other => panic!("expected an I/O error, got {:?}", other.map(|s| s.changed)),
    }
    let stage = leftovers(root);
    assert_eq!(
        stage.len(),
        1,
        "the stage stays, with the rest of the change"
    );
    assert!(root.join(&stage[0]).join(".briefing-commit").is_file());
    // Cleared up, the next build finishes the move, then builds as usual.
    std::fs::remove_dir_all(&page).unwrap();
    build_into(root, &out, false);
    assert_eq!(leftovers(root), Vec::<String>::new());
    assert_as_clean(root, &out);
}

#[test]
fn a_failed_build_changes_nothing_and_the_next_one_still_starts_from_the_record() {
    let (dir, out) = mini_built();
    let root = dir.path();
    let before = tree(&out);
    let path = root.join("content/briefings/first.md");
    let good = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        good.replace("by: A1", "by: Nobody Known") + "\nEdited.\n",
    )
    .unwrap();
    assert!(matches!(
        try_build(root, &out, false),
        Err(pipeline::Failure::Content(_))
    ));
    assert!(tree(&out) == before, "the output is as it was");
    std::fs::write(&path, good).unwrap();
    let s = build_into(root, &out, false);
    let changed = s.changed.expect("the record is still there");
    assert_eq!(changed.written, 0);
}

#[test]
fn front_matter_kept_by_the_last_build_points_at_problems_as_a_fresh_parse_does() {
    let (dir, out) = mini_built();
    let root = dir.path();
    let bodies = std::fs::read_dir(root.join(".briefing-cache"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "bodies"))
        .expect("a file of kept bodies");
    let kept = String::from_utf8_lossy(&std::fs::read(bodies).unwrap()).into_owned();
    assert!(kept.contains("First synthetic briefing"), "kept");
    // An actor `first.md` quotes (lines 8 and 13) goes; the briefing is as it was.
    std::fs::remove_file(root.join("content/actors/actor-0001.md")).unwrap();
    let problems = |clean| match try_build(root, &out, clean) {
        Err(pipeline::Failure::Content(d)) => format!("{d:?}"),
        Ok(_) => panic!("the build should fail"),
        Err(e) => panic!("{e:?}"),
    };
    let from_kept = problems(false);
    assert!(from_kept.contains("first.md"), "{from_kept}");
    assert!(
        from_kept.contains("pos: Some(Pos { line: 13, col: 9, len: 10 })"),
        "{from_kept}"
    );
    assert_eq!(from_kept, problems(true));
}

#[test]
fn files_the_last_build_read_are_not_read_again_unless_they_changed() {
    let dir = copy_of("mini");
    let (root, out) = (dir.path(), dir.path().join("public"));
    // Files changed within a tick of the file system's clock of the last build's look
    // at them are read again: these are made older than the coarsest tick (2 s).
    std::thread::sleep(std::time::Duration::from_millis(2200));
    let first = build_into(root, &out, false);
    assert_eq!(first.known, 0, "nothing was known before the first build");
    let sources = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md")
        })
        .count();
    // The same length, so that only the file's times tell it changed.
    let path = root.join("content/briefings/second.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("second"));
    std::fs::write(&path, text.replacen("second", "SECOND", 1)).unwrap();
    let second = build_into(root, &out, false);
    assert_eq!(second.known, sources - 1, "all but the edited file");
    assert!(read(&out, "briefings/second/index.html").contains("SECOND"));
    assert_as_clean(root, &out);
    // Just read, so too close to the last build's look for its stat to tell.
    let third = build_into(root, &out, false);
    assert_eq!(third.known, sources - 1);
}

#[test]
fn a_build_after_a_small_edit_writes_only_what_changed_over_the_last_builds_file() {
    let dir = copy_of("mini");
    let (root, out) = (dir.path(), dir.path().join("public"));
    let cache = root.join(".briefing-cache");
    let find = |ext: &str| {
        (std::fs::read_dir(&cache).unwrap())
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == ext))
    };
    let words = "Synthetic words of a long body, kept between builds. ".repeat(40);
    let append = |name: &str, extra: &str| {
        let path = root.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\n{extra}\n")).unwrap();
    };
    for name in ["first", "second"] {
        append(&format!("content/briefings/{name}.md"), &words);
    }
    for name in ["actor-0001", "actor-0002", "state-0003"] {
        append(&format!("content/actors/{name}.md"), &words);
    }
    build_into(root, &out, false);
    assert!(find("base").is_none(), "a first file is written whole");
    let whole = std::fs::metadata(find("bodies").unwrap()).unwrap().len();

    append("content/briefings/second.md", "One more sentence.");
    build_into(root, &out, false);
    let base = std::fs::metadata(find("base").expect("the last file, now the base")).unwrap();
    assert_eq!(base.len(), whole);
    let over = std::fs::metadata(find("bodies").unwrap()).unwrap().len();
    assert!(over * 4 <= whole, "{over} bytes over {whole}");
    assert_as_clean(root, &out);

    // Another edit: written over the same base, which stays as it was.
    append("content/briefings/first.md", "Another sentence.");
    assert!(!build_into(root, &out, false).bodies_damaged);
    let again = std::fs::metadata(find("base").unwrap()).unwrap();
    assert_eq!(again.modified().unwrap(), base.modified().unwrap());
    assert!(read(&out, "briefings/first/index.html").contains("Another sentence."));
    assert!(read(&out, "briefings/second/index.html").contains("One more sentence."));
    assert_as_clean(root, &out);

    // Without its base the file is not used, and said to be damaged; the next one is
    // written whole.
    std::fs::remove_file(find("base").unwrap()).unwrap();
    append("content/briefings/first.md", "A third sentence.");
    assert!(build_into(root, &out, false).bodies_damaged);
    assert!(find("base").is_none());
    assert_as_clean(root, &out);
}
