//! Every kind of problem is reported with its exact message, position and hint.

use briefing::diag::{Diagnostic, Kind};

use crate::common::*;

fn summary(d: &Diagnostic) -> (Kind, String, String, Option<String>) {
    (d.kind, d.locus(), d.message.clone(), d.hint.clone())
}

fn one(files: &[(&str, &str)]) -> (Kind, String, String, Option<String>) {
    let errs = errors(files);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    summary(&errs[0])
}

#[test]
fn unknown_actor_in_a_quote_points_at_the_name_and_suggests_the_nearest() {
    let md = "---\ntitle: T\ndate: 2022-03-06\nquotes:\n  - by: Actor 0002\n    text: x\n    said: 2022-03-06\n---\n";
    let errs = errors(&[ACTOR, ("content/briefings/b.md", md)]);
    assert_eq!(
        summary(&errs[0]),
        (
            Kind::UnknownActor,
            "content/briefings/b.md:5:9".into(),
            "unknown actor `Actor 0002`".into(),
            Some("did you mean `Actor 0001`?".into())
        )
    );
    assert_eq!(
        errs[0].render(false),
        "error: unknown actor `Actor 0002`\n --> content/briefings/b.md:5:9\n  |\n5 |   - by: Actor 0002\n  |         ^^^^^^^^^^ did you mean `Actor 0001`?\n"
    );
}

#[test]
fn a_misspelt_key_and_an_unknown_actor_in_one_file_are_both_reported() {
    let md =
        "---\ntitle: T\ndate: 2022-03-06\nsumary: x\nactors: [Actor 0001, Nobody Atall]\n---\n";
    let errs = errors(&[ACTOR, ("content/briefings/b.md", md)]);
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert_eq!(
        got,
        vec![
            (
                Kind::UnknownKey,
                "content/briefings/b.md:4:1".into(),
                "unknown key `sumary` in briefing".into(),
                Some("did you mean `summary`?".into())
            ),
            (
                Kind::UnknownActor,
                "content/briefings/b.md:5:22".into(),
                "unknown actor `Nobody Atall`".into(),
                Some("no actor of this site has that name; to add it, create content/actors/nobody-atall.md with `name: Nobody Atall` in its front matter".into())
            ),
        ]
    );
}

#[test]
fn bad_dates_point_at_the_bad_part() {
    let (kind, locus, msg, _) = one(&[(
        "content/briefings/b.md",
        "---\ntitle: T\ndate: 2022-13-06\n---\n",
    )]);
    assert_eq!(
        (kind, locus.as_str()),
        (Kind::BadDate, "content/briefings/b.md:3:12")
    );
    assert!(
        msg.starts_with("invalid date `2022-13-06`: month 13"),
        "{msg}"
    );
    // Quoted values: the column skips the quote mark.
    let (_, locus, _, _) = one(&[(
        "content/briefings/b.md",
        "---\ntitle: T\ndate: \"2022-02-30\"\n---\n",
    )]);
    assert_eq!(locus, "content/briefings/b.md:3:16");
}

#[test]
fn malformed_yaml_is_reported_with_its_position() {
    let (kind, locus, msg, _) = one(&[(
        "content/briefings/b.md",
        "---\ntitle: T\ndate: 2022\nactors: [a, b\n---\n",
    )]);
    assert_eq!(kind, Kind::Yaml);
    assert!(msg.starts_with("malformed YAML"), "{msg}");
    assert!(locus.starts_with("content/briefings/b.md:"), "{locus}");
    let line: u32 = locus.split(':').nth(1).unwrap().parse().unwrap();
    assert!((4..=6).contains(&line), "{locus}");
}

#[test]
fn missing_required_keys_and_wrong_types() {
    assert_eq!(
        one(&[("content/briefings/b.md", "---\ntitle: T\n---\n")]),
        (
            Kind::MissingKey,
            "content/briefings/b.md:1:1".into(),
            "missing required key `date` in briefing".into(),
            Some("add `date:`".into())
        )
    );
    let (kind, locus, msg, _) = one(&[(
        "content/briefings/b.md",
        "---\ntitle: T\ndate: 2022\nactors: 5\n---\n",
    )]);
    assert_eq!(
        (kind, locus.as_str()),
        (Kind::WrongType, "content/briefings/b.md:4:9")
    );
    assert!(msg.contains("`actors`"), "{msg}");
}

#[test]
fn front_matter_problems() {
    let (kind, locus, msg, _) = one(&[("content/briefings/b.md", "---\ntitle: T\n")]);
    assert_eq!(
        (kind, locus.as_str(), msg.as_str()),
        (
            Kind::FrontMatter,
            "content/briefings/b.md:1:1",
            "front matter is not closed"
        )
    );
    let (kind, _, msg, _) = one(&[("content/briefings/b.md", "")]);
    assert_eq!(
        (kind, msg.as_str()),
        (Kind::FrontMatter, "empty file: front matter is required")
    );
}

#[test]
fn unknown_wiki_link_targets_and_sources_are_reported() {
    let md = "---\ntitle: T\ndate: 2022\nquotes:\n  - by: A1\n    text: x\n    said: 2022\n    source: rep\nsources:\n  - id: report\n    title: R\n---\n\nSee [[Actr 0001]].\n";
    let errs = errors(&[ACTOR, ("content/briefings/b.md", md)]);
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert_eq!(
        got[0],
        (
            Kind::UnknownSource,
            "content/briefings/b.md:8:13".into(),
            "unknown source `rep`".into(),
            Some("did you mean `report`?".into())
        )
    );
    assert_eq!(
        got[1],
        (
            Kind::UnknownActor,
            "content/briefings/b.md:14:5".into(),
            "unknown actor `Actr 0001` in link".into(),
            Some("did you mean `Actor 0001`?".into())
        )
    );
}

#[test]
fn duplicate_slugs_and_shared_aliases_are_errors() {
    let errs = errors(&[
        ACTOR,
        (
            "content/actors/other.md",
            "---\nname: Other\naliases: [a1]\n---\n",
        ),
        ("content/briefings/x.md", &briefing_md("")),
        ("content/briefings/y.md", &briefing_md("slug: x\n")),
    ]);
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert!(
        got.iter()
            .any(|g| g.0 == Kind::AmbiguousRef && g.1 == "content/actors/other.md:3:11"),
        "{got:#?}"
    );
    assert!(
        got.iter()
            .any(|g| g.0 == Kind::DuplicateSlug && g.1 == "content/briefings/y.md:4:1"),
        "{got:#?}"
    );
}

#[test]
fn bad_values_kinds_grades_and_script_urls() {
    let errs = errors(&[
        ("content/actors/a.md", "---\nname: A\nkind: persn\n---\n"),
        (
            "content/briefings/b.md",
            "---\ntitle: T\ndate: 2022\nsources:\n  - id: s\n    title: S\n    url: javascript:alert(1)\n    grade: G9\n---\n",
        ),
    ]);
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert_eq!(
        got[0],
        (
            Kind::BadValue,
            "content/actors/a.md:3:7".into(),
            "unknown actor kind `persn`".into(),
            Some("did you mean `person`?".into())
        )
    );
    assert_eq!(got[1].1, "content/briefings/b.md:7:10");
    assert_eq!(got[1].2, "`javascript:` URLs are not allowed");
    assert_eq!(got[2].2, "invalid source grade `G9`");
}

#[test]
fn template_errors_name_the_template_and_line() {
    let dir = copy_of("mini");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/page.html"),
        "ok\n{{ page.title | nosuchfilter }}\n",
    )
    .unwrap();
    let errs = build(dir.path()).expect_err("broken template");
    assert_eq!(errs[0].kind, Kind::Template);
    assert!(
        errs[0].locus().starts_with("templates/page.html:2:"),
        "{}",
        errs[0]
    );
}

#[test]
fn the_cli_prints_every_error_with_a_code_frame_and_exits_1() {
    let dir = site(&[
        ACTOR,
        (
            "content/briefings/b.md",
            "---\ntitel: T\ndate: 2022\nactors: [Actor 0009]\n---\n",
        ),
    ]);
    let run = briefing(&["build", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("error: unknown key `titel` in briefing\n --> content/briefings/b.md:2:1"),
        "{err}"
    );
    assert!(err.contains("^^^^^ did you mean `title`?"), "{err}");
    assert!(err.contains("build failed: "), "{err}");
    assert!(!dir.path().join("public").exists());
}

#[test]
fn broken_internal_links_and_missing_anchors_fail_with_their_position() {
    let md = "---\ntitle: T\ndate: 2022\n---\n\nSee [x](/briefings/nope/) and [y](/briefings/b/#nowhere) and [z](#top).\n";
    let dir = site(&[ACTOR, ("content/briefings/b.md", md)]);
    let root = dir.path().to_str().unwrap();
    // `build` checks that link targets exist; `check` also checks anchors.
    let errs = build(dir.path()).expect_err("broken link");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].kind, Kind::BrokenLink);
    assert_eq!(errs[0].locus(), "content/briefings/b.md:6:5");
    assert_eq!(
        errs[0].message,
        "broken link `/briefings/nope/`: no page or file `briefings/nope/index.html` in the site"
    );

    let run = briefing(&["check", "--root", root]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("content/briefings/b.md:6:5"), "{err}");
    assert!(
        err.contains("broken link `/briefings/b/#nowhere`: `briefings/b/index.html` has no element with id `nowhere`\n --> content/briefings/b.md:6:31"),
        "{err}"
    );
    assert!(
        err.contains("has no element with id `top`\n --> content/briefings/b.md:6:62"),
        "{err}"
    );
    assert!(!dir.path().join("public").exists(), "check writes nothing");
}

#[test]
fn check_reports_unknown_actors_and_passes_the_sample() {
    let dir = site(&[(
        "content/briefings/b.md",
        "---\ntitle: T\ndate: 2022\nactors: [Nobody]\n---\n",
    )]);
    let run = briefing(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("content/briefings/b.md:4:10"));
    let sample = briefing(&["check", "--root", env!("CARGO_MANIFEST_DIR"), "--quiet"]);
    assert_eq!(
        sample.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&sample.stderr)
    );
}

#[test]
fn broken_template_links_are_found_by_check() {
    let dir = copy_of("mini");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/page.html"),
        "<a href=\"{{ root }}missing/index.html\">x</a>",
    )
    .unwrap();
    let run = briefing(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("broken link `../missing/index.html` in the rendered page: no page or file `missing/index.html`"), "{err}");
    assert!(err.contains("--> about/index.html"), "{err}");
}

#[test]
fn the_reserved_link_marker_character_is_refused() {
    let (kind, locus, msg, _) = one(&[(
        "content/briefings/b.md",
        "---\ntitle: T\u{E000}x\ndate: 2022\n---\n",
    )]);
    assert_eq!(
        (kind, locus.as_str()),
        (Kind::Encoding, "content/briefings/b.md:2:9")
    );
    assert!(msg.contains("U+E000"), "{msg}");
}

/// `briefing check` on one briefing whose body is `body`, with colour forced on so that
/// only our own escapes may appear; its stderr.
fn check_stderr_for_body(body: &str) -> String {
    let md = format!("---\ntitle: T\ndate: 2022\n---\n\n{body}\n");
    let dir = site(&[ACTOR, ("content/briefings/b.md", &md)]);
    let run = briefing(&[
        "check",
        "--root",
        dir.path().to_str().unwrap(),
        "--color",
        "always",
    ]);
    assert_eq!(run.status.code(), Some(1));
    String::from_utf8(run.stderr).expect("UTF-8 stderr")
}

#[test]
fn an_escape_sequence_on_a_bad_line_does_not_reach_the_terminal() {
    let err = check_stderr_for_body("\u{1b}]0;pwned\u{7}\u{1b}[2J See [[Nobody\u{1b}[8m]].");
    for raw in ["\u{1b}[2J", "\u{1b}]0;", "\u{7}", "\u{1b}[8m"] {
        assert!(!err.contains(raw), "{raw:?} reached the terminal: {err:?}");
    }
    // The bad value is quoted visibly in the message, and the place is still named.
    assert!(
        err.contains(r"unknown actor `Nobody\u{1b}[8m` in link"),
        "{err}"
    );
    assert!(err.contains("content/briefings/b.md:6:20"), "{err}");
    assert!(err.contains("no actor of this site has that name"), "{err}");
}

#[test]
fn a_bidi_override_on_a_bad_line_does_not_reach_the_terminal() {
    let err = check_stderr_for_body("See [x](/briefings/\u{202e}epon\u{202c}/) \u{2067}x\u{2069}.");
    for raw in ['\u{202e}', '\u{202c}', '\u{2067}', '\u{2069}'] {
        assert!(!err.contains(raw), "{raw:?} reached the terminal: {err:?}");
    }
    assert!(
        err.contains(r"broken link `/briefings/\u{202e}epon\u{202c}/`"),
        "{err}"
    );
    assert!(err.contains("content/briefings/b.md:6:5"), "{err}");
}

#[test]
fn the_caret_under_a_cjk_and_emoji_line_is_at_the_display_column() {
    let md = "---\ntitle: T\ndate: 2022\n---\n\n東京😀 [x](/briefings/nope/)\n";
    let errs = errors(&[ACTOR, ("content/briefings/b.md", md)]);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].locus(), "content/briefings/b.md:6:5");
    // 東, 京 and 😀 take two columns each: the caret starts under the `[`.
    let shown = errs[0].render(false);
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines[3], "6 | 東京😀 [x](/briefings/nope/)", "{shown}");
    assert!(lines[4].starts_with("  |        ^"), "{shown}");
    assert!(
        lines[4].ends_with("^ did you mean `/briefings/b/`?"),
        "{shown}"
    );
    assert!(
        shown.starts_with("error: broken link `/briefings/nope/`"),
        "{shown}"
    );
}

#[test]
fn a_failure_without_a_diagnostic_prints_no_control_either() {
    // An I/O failure message names paths (an asset's, the root's), which are input too.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("\u{1b}[2Jsite\u{202e}");
    std::fs::create_dir_all(&root).unwrap();
    let run = briefing(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8(run.stderr).unwrap();
    assert!(!err.contains(['\u{1b}', '\u{202e}']), "{err:?}");
    assert!(
        err.contains(r"\u{1b}[2Jsite\u{202e}: is this a briefing site?"),
        "{err}"
    );
}

#[test]
fn an_unknown_actor_is_answered_with_an_actor_of_this_site_or_how_to_add_it() {
    let near = "---\ntitle: T\ndate: 2022\nactors: [Actor 0010]\n---\n\nSee [[Actor 001]].\n";
    let errs = errors(&[ACTOR, ("content/briefings/b.md", near)]);
    let hints: Vec<_> = errs.iter().map(|d| d.hint.clone()).collect();
    assert_eq!(
        hints,
        vec![
            Some("did you mean `Actor 0001`?".to_string()),
            Some("did you mean `Actor 0001`?".to_string())
        ]
    );
    // Nothing near: no example from another site, but the file that would add it.
    let far = "---\ntitle: T\ndate: 2022\nactors: [Maersk]\n---\n\nShipping by [[Maersk]].\n";
    let errs = errors(&[ACTOR, ("content/briefings/b.md", far)]);
    let add = "no actor of this site has that name; to add it, create content/actors/maersk.md with `name: Maersk` in its front matter";
    assert_eq!(errs.len(), 2, "{errs:#?}");
    for d in &errs {
        assert_eq!(d.hint.as_deref(), Some(add), "{}", d.message);
    }
    assert_eq!(errs[1].message, "unknown actor `Maersk` in link");
    // The sample site: a body link to an actor it lacks never suggests one it lacks.
    let dir = tempfile::tempdir().unwrap();
    crate::common::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &dir.path().join("content"),
    );
    // Its translations need the languages of its site.yaml.
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("site.yaml"),
        dir.path().join("site.yaml"),
    )
    .unwrap();
    let b = dir.path().join("content/briefings/cluster-bomb-reports.md");
    let text = std::fs::read_to_string(&b).unwrap();
    std::fs::write(&b, format!("{text}\nShipping by [[Maersk]].\n")).unwrap();
    let errs = crate::common::build(dir.path()).expect_err("unknown actor");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].hint.as_deref(), Some(add));
}

#[test]
fn a_misindented_key_is_named_at_its_line_by_the_cli() {
    let md = "---\ntitle: T\ndate: 2022\nsources:\n  - id: a\n    title: B\n  publisher: C\n---\n";
    let dir = site(&[("content/briefings/b.md", md)]);
    let run = briefing(&["check", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("error: malformed YAML: the indentation of `publisher` is off\n --> content/briefings/b.md:7:3"),
        "{err}"
    );
    assert!(
        err.contains("^^^^^^^^^ `publisher` starts at column 3 but `title` on line 6 at column 5: keys of one mapping line up exactly"),
        "{err}"
    );
}
