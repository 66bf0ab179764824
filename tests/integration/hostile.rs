//! Hostile input (issue 6). Every case either fails cleanly — exit code 1, a diagnostic
//! of the right kind at the right place, nothing written — or, where the input is only
//! unusual (a byte-order mark, CRLF, odd file names, a 50 MB body), builds. No case may
//! panic (exit code 101), hang, leak a script into the output or leave a half-written
//! site. The fixtures are in tests/fixtures/hostile/; what cannot be committed (symbolic
//! links, huge files, names that differ only in case) is made here at run time.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use briefing::diag::{Diagnostic, Kind};
use briefing::pipeline::{self, BuildOptions, Failure};

use crate::common::*;

// ------------------------------------------------------------------------------- helpers

/// Runs `briefing ARGS` under [`run_limited`].
fn run(args: &[&str], limit: Duration) -> Run {
    run_limited(args, &[], limit)
}

fn case(name: &str) -> tempfile::TempDir {
    copy_of(&format!("hostile/{name}"))
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// The diagnostics `render` gives for the site at `root`; panics if it builds.
fn diagnostics(root: &Path) -> Vec<Diagnostic> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        ..Default::default()
    };
    match pipeline::render(&opts) {
        Ok(_) => panic!("expected {} to fail", root.display()),
        Err(Failure::Content(d)) => d,
        Err(Failure::Io(e)) => panic!("I/O failure, expected content errors: {e}"),
    }
}

fn kinds_and_loci(diags: &[Diagnostic]) -> Vec<(Kind, String)> {
    diags.iter().map(|d| (d.kind, d.locus())).collect()
}

/// The site at `root` fails with exactly `expected` (kind and `path:line:col`), and the
/// binary exits 1 without writing anything or leaving anything beside the output.
fn fails_with(root: &Path, expected: &[(Kind, &str)]) -> Vec<Diagnostic> {
    let diags = diagnostics(root);
    let want: Vec<(Kind, String)> = expected.iter().map(|(k, l)| (*k, l.to_string())).collect();
    assert_eq!(kinds_and_loci(&diags), want, "{diags:#?}");
    fails_to_build(root);
    diags
}

/// `briefing build` exits 1, says nothing was written, and wrote nothing.
fn fails_to_build(root: &Path) -> Run {
    let run = run(
        &["build", "--root", path_str(root)],
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!root.join("public").exists(), "public/ was written");
    assert_eq!(leftovers(root), Vec::<String>::new());
    run
}

/// `briefing build` succeeds; returns the output folder.
fn builds(root: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec!["build", "--root", path_str(root)];
    args.extend_from_slice(extra);
    let run = run(&args, Duration::from_secs(120));
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    root.join("public")
}

fn write(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

/// Every file under `dir`: path relative to it, and a hash of its bytes.
fn manifest(dir: &Path) -> BTreeMap<String, u64> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("prefix");
            let mut h = DefaultHasher::new();
            std::fs::read(e.path()).expect("read").hash(&mut h);
            (rel.to_string_lossy().into_owned(), h.finish())
        })
        .collect()
}

// ----------------------------------------------------------------- front matter and YAML

#[test]
fn malformed_yaml_is_pointed_at() {
    let d = fails_with(
        case("malformed-yaml").path(),
        &[(Kind::Yaml, "content/briefings/b.md:5:1")],
    );
    assert!(
        d[0].message.starts_with("malformed YAML"),
        "{}",
        d[0].message
    );
}

#[test]
fn wrong_types_are_pointed_at() {
    let d = fails_with(
        case("wrong-type-date").path(),
        &[(Kind::WrongType, "content/briefings/b.md:3:7")],
    );
    assert_eq!(
        d[0].message,
        "wrong type for `date`: found a list, expected a date such as 2022-03-06"
    );
    let d = fails_with(
        case("wrong-type-actors").path(),
        &[(Kind::WrongType, "content/briefings/b.md:4:9")],
    );
    assert!(d[0].message.contains("`actors`"), "{}", d[0].message);
}

#[test]
fn missing_required_keys_are_reported_where_they_belong() {
    let d = fails_with(
        case("missing-title").path(),
        &[(Kind::MissingKey, "content/briefings/b.md:1:1")],
    );
    assert_eq!(d[0].message, "missing required key `title` in briefing");
    let d = fails_with(
        case("missing-quote-text").path(),
        &[(Kind::MissingKey, "content/briefings/b.md:5:5")],
    );
    assert_eq!(d[0].message, "missing required key `text` in briefing");
}

#[test]
fn unknown_keys_suggest_the_nearest() {
    let d = fails_with(
        case("unknown-key").path(),
        &[(Kind::UnknownKey, "content/briefings/b.md:4:1")],
    );
    assert_eq!(d[0].hint.as_deref(), Some("did you mean `summary`?"));
}

#[test]
fn unclosed_or_absent_front_matter_is_reported() {
    let d = fails_with(
        case("unclosed-front-matter").path(),
        &[(Kind::FrontMatter, "content/briefings/b.md:1:1")],
    );
    assert_eq!(d[0].message, "front matter is not closed");
    let d = fails_with(
        case("empty-file").path(),
        &[(Kind::FrontMatter, "content/briefings/b.md:1:1")],
    );
    assert_eq!(d[0].message, "empty file: front matter is required");
}

#[test]
fn only_front_matter_a_byte_order_mark_and_crlf_build() {
    let dir = case("only-front-matter");
    let out = builds(dir.path(), &[]);
    assert!(read(&out, "briefings/b/index.html").contains("Only front matter"));

    let dir = case("bom-crlf");
    let out = builds(dir.path(), &[]);
    let page = read(&out, "briefings/b/index.html");
    assert!(page.contains("With BOM and CRLF"), "{page}");
    // The actor resolved, in front matter and in the body, despite the `\r`s.
    assert!(
        page.contains("../../actors/windows-actor/index.html"),
        "{page}"
    );
    assert!(read(&out, "index.html").contains("BOM site"));
}

#[test]
fn positions_in_crlf_files_count_characters_not_carriage_returns() {
    let d = fails_with(
        case("crlf-bad-date").path(),
        &[(Kind::BadDate, "content/briefings/b.md:3:12")],
    );
    assert!(!d[0].render(false).contains('\r'));
}

#[test]
fn invalid_utf8_and_nul_bytes_are_encoding_errors() {
    let d = fails_with(
        case("invalid-utf8").path(),
        &[(Kind::Encoding, "content/briefings/b.md:2:9")],
    );
    assert_eq!(d[0].message, "file is not valid UTF-8");
    let d = fails_with(
        case("nul-byte").path(),
        &[(Kind::Encoding, "content/briefings/b.md:2:9")],
    );
    assert_eq!(d[0].message, "file contains a NUL byte");
}

#[test]
fn alias_bombs_are_refused_quickly_at_the_first_alias() {
    let dir = case("alias-bomb");
    let d = fails_with(dir.path(), &[(Kind::Yaml, "content/briefings/b.md:5:10")]);
    assert!(
        d[0].message.contains("repetition limit"),
        "{}",
        d[0].message
    );
    let run = fails_to_build(dir.path());
    assert!(run.took < Duration::from_secs(10), "{:?}", run.took);
}

#[test]
fn deep_nesting_is_refused_quickly_without_overflowing_the_stack() {
    let dir = case("deep-nesting");
    let d = fails_with(
        dir.path(),
        &[
            // saphyr reads 255 levels of flow ahead before giving up; that is where.
            (Kind::Yaml, "content/briefings/b.md:4:259"),
            (Kind::Yaml, "content/briefings/c.md:36:33"),
        ],
    );
    assert_eq!(
        d[0].message,
        "malformed YAML: nested more than 32 levels deep"
    );
    // A million levels, in flow and in block style: still quick, still a diagnostic.
    let n = 1_000_000;
    write(
        dir.path(),
        "content/briefings/b.md",
        format!(
            "---\ntitle: T\ndate: 2022\nx: {}{}\n---\n",
            "[".repeat(n),
            "]".repeat(n)
        ),
    );
    write(
        dir.path(),
        "content/briefings/c.md",
        format!(
            "---\ntitle: T\ndate: 2022\nx: {}1{}\n---\n",
            "{a: ".repeat(n),
            "}".repeat(n)
        ),
    );
    write(
        dir.path(),
        "content/briefings/d.md",
        format!(
            "---\ntitle: T\ndate: 2022\nx:\n{}---\n",
            "- ".repeat(n) + "1\n"
        ),
    );
    let run = fails_to_build(dir.path());
    assert!(run.took < Duration::from_secs(20), "{:?}", run.took);
    // The code frame of a 2 MB line is a window, not the line.
    assert!(
        run.stderr.len() < 10_000,
        "{} bytes of stderr",
        run.stderr.len()
    );
}

// ------------------------------------------------------------------------------- slugs

#[test]
fn duplicate_slugs_are_errors() {
    fails_with(
        case("duplicate-slug").path(),
        &[(Kind::DuplicateSlug, "content/briefings/y.md:4:1")],
    );
}

#[test]
fn slugs_that_differ_only_in_case_or_normalisation_collide() {
    let dir = site(&[]);
    let md = briefing_md("");
    write(dir.path(), "content/briefings/Report.md", &md);
    write(dir.path(), "content/briefings/report.md", &md);
    // "café" precomposed (NFC) and decomposed (NFD): one name on macOS, two on Linux.
    write(dir.path(), "content/briefings/caf\u{e9}.md", &md);
    write(dir.path(), "content/briefings/cafe\u{301}.md", &md);
    write(
        dir.path(),
        "content/actors/zo\u{eb}.md",
        "---\nname: Zoe one\n---\n",
    );
    write(
        dir.path(),
        "content/actors/zoe\u{308}.md",
        "---\nname: Zoe two\n---\n",
    );
    let d = diagnostics(dir.path());
    let dups: Vec<&Diagnostic> = d.iter().filter(|d| d.kind == Kind::DuplicateSlug).collect();
    assert_eq!(dups.len(), 3, "{d:#?}");
    assert!(dups.iter().any(|d| d.message.contains("`report`")));
    assert!(dups.iter().any(|d| d.message.contains("`cafe`")));
    assert!(dups.iter().any(|d| d.message.contains("actor slug `zoe`")));
    fails_to_build(dir.path());
}

#[test]
fn slugs_that_are_paths_reserved_names_or_too_long_are_refused() {
    let d = fails_with(
        case("bad-slugs").path(),
        &[
            (Kind::BadValue, "content/actors/aux-actor.md:3:7"),
            (Kind::BadValue, "content/briefings/absolute.md:4:7"),
            (Kind::BadValue, "content/briefings/dotdot.md:4:7"),
            (Kind::BadValue, "content/briefings/empty.md:4:7"),
            (Kind::BadValue, "content/briefings/long.md:4:7"),
            (Kind::BadValue, "content/briefings/slug-con.md:4:7"),
            (Kind::BadValue, "content/briefings/slug-lpt1.md:4:7"),
            (Kind::BadValue, "content/briefings/slug-nul.md:4:7"),
            (Kind::BadValue, "content/briefings/topic.md:6:5"),
            (Kind::BadValue, "content/pages/p.md:3:7"),
        ],
    );
    let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "invalid slug `aux`: `aux` is a reserved device name on Windows",
            "invalid slug `/etc/x`",
            "invalid slug `../../x`",
            "invalid slug ``",
            &format!(
                "invalid slug `{}`: is 201 bytes long; the longest a slug may be is 200",
                "a".repeat(40)
            ),
            "invalid slug `con`: `con` is a reserved device name on Windows",
            "invalid slug `lpt1`: `lpt1` is a reserved device name on Windows",
            "invalid slug `nul`: `nul` is a reserved device name on Windows",
            "topic slug `con` is invalid: `con` is a reserved device name on Windows",
            "invalid slug `com9`: `com9` is a reserved device name on Windows",
        ]
    );
}

#[test]
fn reserved_device_names_as_file_names_are_refused() {
    let dir = site(&[]);
    for name in ["con", "NUL", "Com1", "lpt9"] {
        write(
            dir.path(),
            &format!("content/briefings/{name}.md"),
            briefing_md(""),
        );
    }
    let d = diagnostics(dir.path());
    assert_eq!(
        kinds_and_loci(&d),
        [
            (Kind::BadValue, "content/briefings/Com1.md".to_string()),
            (Kind::BadValue, "content/briefings/NUL.md".to_string()),
            (Kind::BadValue, "content/briefings/con.md".to_string()),
            (Kind::BadValue, "content/briefings/lpt9.md".to_string()),
        ]
    );
    assert_eq!(
        d[0].hint.as_deref(),
        Some("rename the file, or set `slug:`")
    );
    fails_to_build(dir.path());
}

#[test]
fn file_names_with_spaces_other_scripts_and_dots_build() {
    let dir = case("odd-file-names");
    let out = builds(dir.path(), &[]);
    for page in [
        "briefings/a-b/index.html",
        "briefings/привет-мир/index.html",
        "briefings/v1-2/index.html",
        "briefings/with-folder/index.html",
        "actors/ζευς/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} missing");
    }
    // Nothing was written outside the output folder but the build's record.
    let mut top: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".briefing-cache")
        .collect();
    top.sort();
    assert_eq!(top, ["content", "public"]);
}

// --------------------------------------------------------------------------------- URLs

#[test]
fn script_urls_are_refused_however_they_are_disguised() {
    let d = diagnostics(case("script-urls").path());
    assert_eq!(d.len(), 11, "{d:#?}");
    for (i, d) in d.iter().enumerate() {
        assert_eq!(d.kind, Kind::BadValue, "{d:?}");
        assert_eq!(
            d.locus(),
            format!("content/briefings/b.md:{}:10", 7 + 3 * i)
        );
        assert!(d.message.ends_with("URLs are not allowed"), "{}", d.message);
    }
    fails_to_build(case("script-urls").path());
    for bad in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "java\rscript:alert(1)",
        "\u{1}javascript:alert(1)",
        "javascript\u{0}:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "VBSCRIPT:msgbox(1)",
    ] {
        assert!(
            briefing::url::check_source_url(bad).is_err(),
            "{bad:?} allowed"
        );
    }
    for good in [
        "https://example.org/javascript:x",
        "http://example.org/?u=data:x",
        "/relative/javascript:x",
        "mailto:desk@example.org",
        // Not a scheme to a browser: it never unescapes entities in URLs it parses.
        "javascript&#58;alert(1)",
    ] {
        assert!(
            briefing::url::check_source_url(good).is_ok(),
            "{good:?} refused"
        );
    }
}

// ------------------------------------------------------------------------ file system

#[cfg(unix)]
#[test]
fn symbolic_links_leading_outside_the_site_are_refused() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.txt", "secret");
    write(outside.path(), "x.md", briefing_md(""));
    let dir = site(&[("content/briefings/b.md", &briefing_md(""))]);
    let c = dir.path().join("content/briefings");
    symlink(outside.path().join("secret.txt"), c.join("secret.txt")).unwrap();
    symlink(outside.path().join("x.md"), c.join("x.md")).unwrap();
    symlink(outside.path(), c.join("folder")).unwrap();
    symlink("/etc/passwd", c.join("passwd.png")).unwrap();
    let d = fails_with(
        dir.path(),
        &[
            (Kind::Io, "content/briefings/folder"),
            (Kind::Io, "content/briefings/passwd.png"),
            (Kind::Io, "content/briefings/secret.txt"),
            (Kind::Io, "content/briefings/x.md"),
        ],
    );
    assert!(
        d[0].message
            .starts_with("symbolic link leads outside the site")
    );
    // The serving side refuses them too (src/serve.rs canonicalises assets).
}

#[cfg(unix)]
#[test]
fn symbolic_link_loops_and_broken_links_are_reported() {
    use std::os::unix::fs::symlink;
    let dir = site(&[("content/briefings/b.md", &briefing_md(""))]);
    let c = dir.path().join("content");
    symlink("..", c.join("briefings/up")).unwrap();
    symlink("l2", c.join("l1")).unwrap();
    symlink("l1", c.join("l2")).unwrap();
    symlink("nowhere", c.join("dangling.png")).unwrap();
    std::fs::create_dir_all(c.join("a")).unwrap();
    std::fs::create_dir_all(c.join("b")).unwrap();
    symlink("../b", c.join("a/to-b")).unwrap();
    symlink("../a", c.join("b/to-a")).unwrap();
    let started = Instant::now();
    let d = fails_with(
        dir.path(),
        &[
            (Kind::Io, "content/a/to-b/to-a"),
            (Kind::Io, "content/b/to-a/to-b"),
            (Kind::Io, "content/briefings/up"),
            (Kind::Io, "content/dangling.png"),
            (Kind::Io, "content/l1"),
            (Kind::Io, "content/l2"),
        ],
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(
        d[0].message.starts_with("symbolic link loop"),
        "{}",
        d[0].message
    );
    assert!(
        d[3].message.starts_with("broken symbolic link"),
        "{}",
        d[3].message
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_inside_the_site_are_followed() {
    use std::os::unix::fs::symlink;
    let dir = site(&[
        ("shared/map.png", "png"),
        ("shared/notes/n.md", &briefing_md("")),
        ("content/briefings/b.md", &briefing_md("")),
    ]);
    let c = dir.path().join("content/briefings");
    symlink("../../shared/map.png", c.join("map.png")).unwrap();
    symlink("../../shared/notes", c.join("notes")).unwrap();
    symlink("b.md", c.join("alias.md")).unwrap();
    let out = builds(dir.path(), &[]);
    assert_eq!(read(&out, "briefings/map.png"), "png");
    assert!(out.join("briefings/n/index.html").is_file());
    assert!(out.join("briefings/alias/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn pipes_in_content_are_refused_rather_than_read_forever() {
    let dir = site(&[("content/briefings/b.md", &briefing_md(""))]);
    let fifo = dir.path().join("content/briefings/pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo not available");
        return;
    }
    let d = fails_with(dir.path(), &[(Kind::Io, "content/briefings/pipe.md")]);
    assert!(d[0].message.starts_with("not a regular file"));
}

#[cfg(unix)]
#[test]
fn unreadable_files_are_io_errors() {
    use std::os::unix::fs::PermissionsExt;
    let dir = site(&[("content/briefings/b.md", &briefing_md(""))]);
    let path = dir.path().join("content/briefings/b.md");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Running as root (as CI does): permission bits do not stop root reading, so
        // there is no unreadable file to test with. Elsewhere the assertions run.
        eprintln!("skipped: running as root, chmod 000 does not make a file unreadable");
        return;
    }
    let d = fails_with(dir.path(), &[(Kind::Io, "content/briefings/b.md")]);
    assert!(d[0].message.starts_with("cannot read"), "{}", d[0].message);
}

#[test]
fn a_50_mb_markdown_file_builds_in_bounded_memory() {
    let dir = site(&[]);
    let para = "Lorem ipsum dolor sit amet, *consectetur* adipiscing elit, sed do eiusmod \
                tempor incididunt ut labore et dolore magna aliqua.\n\n";
    let mut text = String::from("---\ntitle: Big\ndate: 2022-03-06\n---\n\n# Heading\n\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(para);
    }
    write(dir.path(), "content/briefings/big.md", &text);
    drop(text);
    let out = builds(dir.path(), &[]);
    let run = run(
        &["build", "--root", path_str(dir.path()), "--quiet"],
        Duration::from_secs(120),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let page = std::fs::metadata(out.join("briefings/big/index.html")).unwrap();
    assert!(page.len() > 50 * 1024 * 1024);
    // About six times the input in a debug build; a leak or a quadratic copy would be
    // far more.
    if run.peak_kib > 0 {
        assert!(run.peak_kib < 1024 * 1024, "peak {} KiB", run.peak_kib);
    }
}

#[test]
fn a_body_of_many_links_on_one_huge_line_stays_linear() {
    let dir = site(&[]);
    let chunk = "See [another](/briefings/nowhere/) and [[Nobody]] here. ";
    let body = chunk.repeat(2 * 1024 * 1024 / chunk.len());
    write(
        dir.path(),
        "content/briefings/big.md",
        format!("---\ntitle: Big\ndate: 2022\n---\n{body}"),
    );
    let run = fails_to_build(dir.path());
    // Was minutes: every link's position was found by rescanning the file.
    assert!(run.took < Duration::from_secs(60), "{:?}", run.took);
    // Each diagnostic shows a window of the 2 MB line, not the line.
    let first = run.stderr.split("\n\n").next().unwrap();
    assert!(first.len() < 1000, "{first}");
}

// ---------------------------------------------------------------------------- injection

const PAYLOADS: [&str; 4] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "</script>",
    "]]>",
];

/// Event-handler attributes (`onerror=`, `onmouseover=`…) of the tags in `html`: any
/// would mean a value broke out of its attribute or text. Attribute values are skipped
/// as a browser would, quoted or not, so escaped text inside them does not count.
fn tags_with_handlers(html: &str) -> Vec<String> {
    let b = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
            i += 1;
        }
        let tag = html[start + 1..i].to_ascii_lowercase();
        // Attributes until `>`.
        while i < b.len() && b[i] != b'>' {
            if b[i].is_ascii_whitespace() || b[i] == b'/' {
                i += 1;
                continue;
            }
            let name_start = i;
            while i < b.len() && !b"\t\n\r =>/".contains(&b[i]) {
                i += 1;
            }
            let name = html[name_start..i].to_ascii_lowercase();
            if name.starts_with("on") {
                found.push(format!("<{tag} {name}>"));
            }
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        i += 1;
                        while i < b.len() && b[i] != q {
                            i += 1;
                        }
                        i += 1;
                    }
                    _ => {
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                    }
                }
            }
        }
        // Script and style contents are not markup.
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(b.len(), |j| i + j);
        }
    }
    found
}

#[test]
fn the_handler_scanner_sees_real_handlers_only() {
    assert_eq!(
        tags_with_handlers(
            r#"<p title="&quot; onerror=x">a onerror=b</p><img src=x onerror=alert(1)>"#
        ),
        ["<img onerror>"]
    );
    assert_eq!(
        tags_with_handlers("<b onmouseover='x'>"),
        ["<b onmouseover>"]
    );
    assert!(tags_with_handlers("<script>if (a <b onerror=1) {}</script>").is_empty());
}

/// The contents of every `<script type="application/ld+json">` element.
fn json_ld(html: &str) -> Vec<&str> {
    let open = "<script type=\"application/ld+json\">";
    html.match_indices(open)
        .map(|(i, _)| {
            let body = &html[i + open.len()..];
            &body[..body.find("</script>").expect("closed")]
        })
        .collect()
}

#[test]
fn front_matter_values_never_reach_the_output_executable() {
    let dir = case("injection");
    let out = builds(dir.path(), &["--base-url", "https://example.org/desk/"]);
    let files = manifest(&out);
    assert!(files.len() > 20, "{files:?}");
    let mut json_ld_seen = 0;
    for rel in files.keys() {
        let bytes = std::fs::read(out.join(rel)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let lower = text.to_ascii_lowercase();
        // CSV has no escaping but quoting: the text is there as data, exactly (a CSV file
        // is never run as markup). Everything else must not hold the markup raw.
        if !rel.ends_with(".csv") {
            assert!(!lower.contains("<script>alert"), "raw <script> in {rel}");
            assert!(!lower.contains("<img src=x"), "raw <img> in {rel}");
        }
        if rel.ends_with(".html") {
            assert_eq!(tags_with_handlers(&text), Vec::<String>::new(), "in {rel}");
            for ld in json_ld(&text) {
                json_ld_seen += 1;
                assert!(!ld.contains('<') && !ld.contains('>'), "{rel}: {ld}");
                let v: serde_json::Value = serde_json::from_str(ld).expect("JSON-LD parses");
                assert!(v.to_string().contains("</script>"), "payload kept as text");
            }
            // Only the JSON-LD and search scripts of the theme, none from a value.
            let scripts = lower.matches("<script").count();
            let closes = lower.matches("</script").count();
            assert_eq!(scripts, closes, "{rel}");
            assert!(scripts <= 3, "{rel}: {scripts} scripts");
        }
        if rel.ends_with(".js") {
            assert!(!lower.contains("</script"), "</script in {rel}");
            assert!(!lower.contains("<!--"), "<!-- in {rel}");
        }
        if rel.ends_with(".xml") {
            let doc = roxmltree::Document::parse(&text)
                .unwrap_or_else(|e| panic!("{rel} is not well-formed XML: {e}"));
            if rel.ends_with("atom.xml") {
                let titles: Vec<&str> = doc
                    .descendants()
                    .filter(|n| n.has_tag_name("title"))
                    .filter_map(|n| n.text())
                    .collect();
                assert!(
                    titles.iter().any(|t| t.contains(PAYLOADS[0])),
                    "{rel}: the payload should survive as text: {titles:?}"
                );
            }
        }
        if rel.ends_with(".json") {
            let _: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{rel} is not valid JSON: {e}"));
        }
    }
    assert!(json_ld_seen >= 3, "{json_ld_seen} JSON-LD blocks");
    assert!(files.keys().any(|f| f.ends_with("atom.xml")));
    // The data export keeps the exact text, every payload included.
    let briefings: serde_json::Value =
        serde_json::from_str(&read(&out, "data/briefings.json")).unwrap();
    let title = briefings[0]["title"].as_str().unwrap();
    for p in PAYLOADS {
        assert!(title.contains(p), "{title}");
    }
    // CSV: a field that a spreadsheet would run as a formula is defused.
    let quotes = read(&out, "data/quotes.csv");
    assert!(quotes.contains(",\"'=cmd|"), "{quotes}");
    assert!(
        !quotes.contains(",=cmd|") && !quotes.contains(",\"=cmd|"),
        "{quotes}"
    );
    let events = read(&out, "data/events.csv");
    assert!(events.contains(",\"'@SUM(1+1)"), "{events}");
    // And the page shows the value as text.
    let page = read(&out, "briefings/b/index.html");
    assert!(
        page.contains("Title &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x"),
        "{page}"
    );
}

#[test]
fn strip_html_removes_scripts_from_bodies() {
    let dir = case("raw-html");
    // Without the flag, a body is the editor's own HTML (see README).
    let out = builds(dir.path(), &[]);
    assert!(read(&out, "briefings/b/index.html").contains("<script>alert(1)</script>"));
    let out = builds(dir.path(), &["--strip-html"]);
    let page = read(&out, "briefings/b/index.html");
    let lower = page.to_ascii_lowercase();
    assert!(!lower.contains("<script>alert"), "{page}");
    assert!(!lower.contains("<img src=x"), "{page}");
    assert_eq!(tags_with_handlers(&page), Vec::<String>::new());
    // Script links are errors in either mode:
    // `script_links_in_bodies_are_errors_with_their_place_by_default`.
    assert!(page.contains("Text before.") && page.contains("Text after."));
}

// ------------------------------------------------------------------------ crash safety

/// The inode of the file or folder at `p`: the same while it is changed in place.
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).expect("stat").ino()
}

/// Writes a site of `n` briefings, each `every`th of which has `variant` in its title.
fn generated_site(root: &Path, n: usize, variant: &str, every: usize) {
    for i in 0..10 {
        write(
            root,
            &format!("content/actors/actor-{i}.md"),
            format!("---\nname: Actor {i}\nkind: person\n---\n\nProfile {i}.\n"),
        );
    }
    for i in 0..n {
        write(
            root,
            &format!("content/briefings/b{i:04}.md"),
            format!(
                "---\ntitle: Briefing {i} {}\ndate: 2022-{:02}-{:02}\ntopics: [t{}]\n\
                 quotes:\n  - by: actor-{}\n    text: Words {i}.\n    said: 2022-03-01\n---\n\n\
                 Body of {i} with [[actor-{}]].\n",
                if i % every == 0 { variant } else { "" },
                1 + i % 12,
                1 + i % 28,
                i % 7,
                i % 10,
                (i + 1) % 10
            ),
        );
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_site() {
    // Every title differs between the two: each build swaps in a whole new folder.
    builds_killed_at_random(1, false);
}

#[test]
fn a_build_killed_while_changing_the_folder_in_place_leaves_a_site_or_a_journal_to_finish() {
    // A third of the titles differ: each build moves its changed files into the folder.
    builds_killed_at_random(3, true);
}

/// Builds towards one of two sites by turns, killed at random moments, checking after
/// each kill that `public/` is one of the two sites whole (or, for a build that changes
/// it `in_place`, that a journal is there to finish it), and that the next build
/// cleans up. In the two sites every `every`th briefing has a different title.
fn builds_killed_at_random(every: usize, in_place: bool) {
    let dir = site(&[]);
    let root = dir.path();
    let build_args = ["build", "--root", path_str(root), "--quiet"];
    // The two sites, built to completion once each.
    generated_site(root, 300, "old", every);
    builds(root, &["--quiet"]);
    let old = manifest(&root.join("public"));
    let folder = inode(&root.join("public"));
    generated_site(root, 300, "new", every);
    let started = Instant::now();
    builds(root, &["--quiet"]);
    let full = started.elapsed();
    let new = manifest(&root.join("public"));
    assert_ne!(old, new);
    assert_eq!(
        inode(&root.join("public")) == folder,
        in_place,
        "changed in place"
    );
    let sites = [("old", &old), ("new", &new)];

    let seed = std::env::var("BRIEFING_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
                | 1
        });
    eprintln!("kill delays from seed {seed} (rerun with BRIEFING_KILL_SEED={seed})");
    let mut state = seed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut current = "new";
    for round in 0..10 {
        // Build towards the other site each time, so every kill can tear between them.
        let target = if current == "old" { "new" } else { "old" };
        generated_site(root, 300, target, every);
        // 1 ms, then spread over the whole build, the last rounds near its end, where
        // the swap happens.
        let span = full.as_micros() as u64;
        let delay = match round {
            0 => 1_000,
            r if r >= 7 => span * 8 / 10 + next() % (span * 3 / 10 + 1),
            _ => 1_000 + next() % span.max(1),
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(build_args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let status = child.wait().expect("wait");
        assert_ne!(status.code(), Some(101));
        let now = manifest(&root.join("public"));
        let Some((name, _)) = sites.iter().find(|(_, m)| **m == now) else {
            // Killed while moving its files into place: it wrote down how first, and
            // the next build finishes that before anything else.
            let journal = leftovers(root)
                .iter()
                .any(|d| root.join(d).join(".briefing-commit").is_file());
            assert!(
                journal,
                "round {round}: killed after {delay} µs, public/ is neither the old nor the \
                 new site ({} files; old {}, new {}), and no build was committing",
                now.len(),
                old.len(),
                new.len()
            );
            builds(root, &["--quiet"]);
            let finished = if target == "old" { &old } else { &new };
            assert_eq!(manifest(&root.join("public")), *finished, "round {round}");
            eprintln!("round {round}: killed after {delay} µs while committing; finished");
            current = target;
            continue;
        };
        eprintln!("round {round}: killed after {delay} µs ({status}): public/ is the {name} site");
        current = name;
    }
    // Whatever the kills left beside public/ is cleared by the next build, which works.
    generated_site(root, 300, "new", every);
    builds(root, &["--quiet"]);
    assert_eq!(manifest(&root.join("public")), new);
    assert_eq!(leftovers(root), Vec::<String>::new());
}

#[test]
fn an_output_folder_that_cannot_be_written_is_an_io_error_with_exit_2() {
    let dir = copy_of("mini");
    let root = path_str(dir.path());
    // As root, permission bits do not stop writes; a path through a file (ENOTDIR) and
    // one inside /proc fail for everyone.
    std::fs::write(dir.path().join("a-file"), "").unwrap();
    let under_file = dir.path().join("a-file/public");
    for out in [path_str(&under_file), "/proc/briefing-hostile-test/public"] {
        let run = run(
            &["build", "--root", root, "--out", out],
            Duration::from_secs(60),
        );
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert!(run.stderr.starts_with("error: cannot "), "{}", run.stderr);
        assert!(
            run.stderr.contains(out.trim_end_matches("/public")),
            "{}",
            run.stderr
        );
    }
    assert!(!dir.path().join("public").exists());
}

// --------------------------------------------------------------------------- properties

mod props {
    use proptest::prelude::*;

    use super::*;

    /// A content file: well formed, nearly so, or anything.
    fn content_file() -> impl Strategy<Value = String> {
        let value = prop::sample::select(vec![
            "T",
            "2022",
            "2022-03-06",
            "[a, b",
            "{a: 1}",
            "[actor-0001]",
            "actor-0001",
            "*a",
            "&a x",
            "\"<script>alert(1)</script>\"",
            "con",
            "../../x",
            "''",
            "[]",
            "~",
        ]);
        let key = prop::sample::select(vec![
            "title", "date", "name", "actors", "topics", "slug", "summary", "aliases", "kind",
            "tittle", "updated", "draft",
        ]);
        let fm = prop::collection::vec((key, value), 0..8).prop_map(|kv| {
            kv.iter()
                .map(|(k, v)| format!("{k}: {v}\n"))
                .collect::<String>()
        });
        prop_oneof![
            any::<String>(),
            (fm, "\\PC{0,40}", any::<bool>()).prop_map(|(fm, body, crlf)| {
                let text = format!("---\n{fm}---\n{body} [[actor-0001]] [x](/briefings/b/)\n");
                if crlf {
                    text.replace('\n', "\r\n")
                } else {
                    text
                }
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// A whole site from generated files renders or fails with diagnostics; it never
        /// panics.
        #[test]
        fn a_site_of_generated_files_never_panics(
            briefing in content_file(),
            actor in content_file(),
            page in content_file(),
            topic in content_file(),
        ) {
            let dir = site(&[
                ("content/briefings/b.md", &briefing),
                ("content/actors/actor-0001.md", &actor),
                ("content/pages/p.md", &page),
                ("content/topics/t.md", &topic),
            ]);
            let opts = BuildOptions {
                root: dir.path().to_path_buf(),
                base_url: Some("https://example.org/".into()),
                check_all_links: true,
                ..Default::default()
            };
            match pipeline::render(&opts) {
                Ok(built) => prop_assert!(!built.files.is_empty()),
                Err(Failure::Content(d)) => prop_assert!(!d.is_empty()),
                Err(Failure::Io(e)) => prop_assert!(false, "I/O failure: {}", e),
            }
        }
    }
}

/// A full disk: exit 2, a message naming the file and the cause, no staging folder left.
/// Needs a small tmpfs, so it runs where `mount` is allowed (as root, as in CI), and is
/// skipped elsewhere.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_io_error_with_exit_2() {
    struct Mount(PathBuf);
    impl Drop for Mount {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(&self.0).status();
        }
    }
    let dir = copy_of("mini");
    let disk = dir.path().join("disk");
    std::fs::create_dir_all(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&disk)
        .stderr(Stdio::null())
        .status();
    if !mounted.is_ok_and(|s| s.success()) {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    }
    let _mount = Mount(disk.clone());
    let out = disk.join("public");
    let run = run(
        &[
            "build",
            "--root",
            path_str(dir.path()),
            "--out",
            path_str(&out),
        ],
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("No space left on device"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.starts_with("error: cannot write "),
        "{}",
        run.stderr
    );
    let left: Vec<_> = std::fs::read_dir(&disk).unwrap().collect();
    assert!(left.is_empty(), "{left:?}");
}

// ------------------------------------------------------------------ script from Markdown

/// A site of one briefing whose body is `body` (front matter on lines 1–4, the body from
/// line 5).
fn body_site(body: &str) -> tempfile::TempDir {
    let text = format!("---\ntitle: T\ndate: 2022-03-06\n---\n{body}");
    site(&[("content/briefings/b.md", text.as_str())])
}

/// The diagnostics of the site at `root` built with or without `--strip-html`, and the
/// binary's exit code with the same flag; panics if it builds.
fn refused(root: &Path, strip_html: bool) -> Vec<Diagnostic> {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        strip_html,
        ..Default::default()
    };
    let diags = match pipeline::render(&opts) {
        Ok(_) => panic!("expected {} to fail", root.display()),
        Err(Failure::Content(d)) => d,
        Err(Failure::Io(e)) => panic!("I/O failure, expected content errors: {e}"),
    };
    let mut args = vec!["build", "--root", path_str(root)];
    if strip_html {
        args.push("--strip-html");
    }
    let run = run(&args, Duration::from_secs(60));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(!root.join("public").exists(), "public/ was written");
    diags
}

#[test]
fn a_percent_escape_cut_by_a_multibyte_character_is_a_broken_link_not_a_panic() {
    let dir = body_site("\nSee [x](%aé) and [y](%e9%).\n");
    fails_with(
        dir.path(),
        &[
            (Kind::BrokenLink, "content/briefings/b.md:6:5"),
            (Kind::BrokenLink, "content/briefings/b.md:6:18"),
        ],
    );
}

#[test]
fn heading_attributes_other_than_id_and_class_are_errors_in_either_mode() {
    let dir = body_site("\n# H {onclick=alert(1)}\n\n## I {#i .c style=\"x\"}\n");
    for strip_html in [false, true] {
        let d = refused(dir.path(), strip_html);
        let got: Vec<(Kind, String, &str)> = d
            .iter()
            .map(|d| (d.kind, d.locus(), d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    Kind::BadValue,
                    "content/briefings/b.md:6:6".to_string(),
                    "heading attribute `onclick` is not allowed"
                ),
                (
                    Kind::BadValue,
                    "content/briefings/b.md:8:13".to_string(),
                    "heading attribute `style` is not allowed"
                ),
            ],
            "strip_html: {strip_html}"
        );
    }
}

#[test]
fn script_links_in_bodies_are_errors_with_their_place_by_default() {
    let dir = body_site(
        "\n[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1))\n\
         [c](jav&#x61;script:alert(1)) [d](java&#9;script:alert(1))\n\
         [e](java&#10;script:x) <vbscript:x> ![f](data:text/html,x)\n\
         [g][r]\n\n[r]: &#x6A;avascript:alert(1)\n",
    );
    let d = refused(dir.path(), false);
    let loci: Vec<String> = d.iter().map(Diagnostic::locus).collect();
    let file = "content/briefings/b.md";
    assert_eq!(
        loci,
        ["6:1", "6:26", "7:1", "7:31", "8:1", "8:24", "8:37", "9:1"]
            .map(|at| format!("{file}:{at}")),
        "{d:#?}"
    );
    for d in &d {
        assert_eq!(d.kind, Kind::BadValue);
        assert!(d.message.contains("URLs can run script"), "{}", d.message);
    }
}

#[test]
fn strip_html_allows_only_web_mail_relative_and_raster_image_urls() {
    let dir = body_site(
        "\n![a](javascript:alert(1)) ![b](data:text/html;base64,PHNjcmlwdD4=)\n\
         ![c](data:image/svg+xml,<svg/onload=alert(1)>) [d](tel:+100) ![e](ftp://e.org/e.png)\n",
    );
    let d = refused(dir.path(), true);
    let got: Vec<String> = d
        .iter()
        .map(|d| format!("{} {}", d.locus(), d.message))
        .collect();
    let file = "content/briefings/b.md";
    assert_eq!(
        got,
        [
            "6:1 image to `javascript:alert(1)` refused: `javascript:` URLs can run script",
            "6:27 image to `data:text/html;base64,PHNjcmlwdD4=` refused: `data:` URLs can run script",
            "7:1 image to `data:image/svg+xml,<svg/onload=alert(1)>` refused: `data:` URLs can run script",
            "7:48 link to `tel:+100` refused: `tel:` URLs are not allowed with --strip-html",
            "7:62 image to `ftp://e.org/e.png` refused: `ftp:` URLs are not allowed with --strip-html",
        ]
        .map(|m| format!("{file}:{m}")),
    );
    // What the allow-list lets through builds, and stays as written.
    let dir = body_site(
        "\n[a](https://e.org/) [b](mailto:desk@e.org) [c](#top) [d](/) \
         ![e](data:image/png;base64,iVBORw0KGgo=)\n",
    );
    let out = builds(dir.path(), &["--strip-html"]);
    let page = read(&out, "briefings/b/index.html");
    for url in [
        "https://e.org/",
        "mailto:desk@e.org",
        "data:image/png;base64,iVBORw0KGgo=",
    ] {
        assert!(page.contains(&format!("=\"{url}\"")), "{url} in {page}");
    }
}

/// `serve` patches a saved briefing into the last site when only its body changed; a
/// script link saved that way must be reported as in a full build, not patched in.
#[test]
fn a_script_link_saved_during_serve_is_an_error_not_a_silent_patch() {
    let dir = body_site("\nFine.\n");
    let opts = BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let mut cache = pipeline::Cache::default();
    assert!(pipeline::prepare(&opts, &mut cache, &[]).is_ok());
    let file = dir.path().join("content/briefings/b.md");
    for body in ["[x](javascript:alert(1))", "# H {onclick=alert(1)}"] {
        let text = format!("---\ntitle: T\ndate: 2022-03-06\n---\n\n{body}\n");
        std::fs::write(&file, text).unwrap();
        match pipeline::prepare(&opts, &mut cache, std::slice::from_ref(&file)) {
            Err(Failure::Content(d)) => {
                assert_eq!(kinds_and_loci(&d).len(), 1, "{d:#?}");
                assert_eq!(d[0].kind, Kind::BadValue, "{d:#?}");
                assert!(
                    d[0].locus().starts_with("content/briefings/b.md:6:"),
                    "{d:#?}"
                );
            }
            Err(Failure::Io(e)) => panic!("I/O failure: {e}"),
            Ok(_) => panic!("`{body}` was patched into the site without an error"),
        }
        // Fixed again, the next save patches as before.
        std::fs::write(&file, "---\ntitle: T\ndate: 2022-03-06\n---\n\nFine.\n").unwrap();
        assert!(pipeline::prepare(&opts, &mut cache, std::slice::from_ref(&file)).is_ok());
    }
}

/// A save in `serve` that changes a briefing's topics is patched in; a topic page it
/// takes away may be what another file links to, and one it adds may be where a file
/// of content/ already goes. Both are errors, as in a full build.
#[test]
fn a_topic_page_saved_away_or_into_a_file_is_an_error_when_patched() {
    let one = |topics: &str| {
        format!("---\ntitle: One\ndate: 2022-03-06\ntopics: {topics}\n---\n\nBody.\n")
    };
    let dir = site(&[
        ("content/briefings/one.md", &one("[Solo]")),
        (
            "content/briefings/two.md",
            "---\ntitle: Two\ndate: 2022-03-05\n---\n\nSee [solo](../../topics/solo/index.html).\n",
        ),
        (
            "content/topics/peace/index.html",
            "<p>Not a page of ours.</p>\n",
        ),
    ]);
    let opts = BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let mut cache = pipeline::Cache::default();
    assert!(pipeline::prepare(&opts, &mut cache, &[]).is_ok());
    let file = dir.path().join("content/briefings/one.md");
    let mut save = |topics: &str| {
        std::fs::write(&file, one(topics)).unwrap();
        let result = pipeline::prepare(&opts, &mut cache, std::slice::from_ref(&file));
        (result.err().map(|f| match f {
            Failure::Content(d) => kinds_and_loci(&d),
            Failure::Io(e) => panic!("I/O failure: {e}"),
        }))
        .unwrap_or_default()
    };
    let broken = save("[]");
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert_eq!(broken[0].0, Kind::BrokenLink);
    assert!(
        broken[0].1.starts_with("content/briefings/two.md:6:"),
        "{broken:?}"
    );
    assert_eq!(save("[Solo]"), []);
    let clash = save("[Solo, Peace]");
    assert_eq!(
        clash,
        [(
            Kind::DuplicateSlug,
            "content/topics/peace/index.html".to_string()
        )]
    );
    assert_eq!(save("[Solo, Other]"), []);
}
