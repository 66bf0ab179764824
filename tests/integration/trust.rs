//! Inputs that used to vanish or be misread without a word: each is now used or reported
//! (issue 12, "silent drops").

use crate::common::*;

#[test]
fn topics_that_slug_to_nothing_are_errors_at_their_place() {
    let md = briefing_md("topics: [\"!!!\", \"   \", \"\", Real topic]\n");
    let errs = errors(&[("content/briefings/b.md", &md)]);
    let ours: Vec<_> = errs
        .iter()
        .filter(|d| d.message.contains("no letters or digits"))
        .collect();
    assert_eq!(ours.len(), 3, "{errs:#?}");
    assert_eq!(
        ours[0].message,
        "topic `!!!` has no letters or digits to name its page by"
    );
    assert_eq!(ours[0].locus(), "content/briefings/b.md:4:10");
    assert_eq!(errs.len(), 3, "{errs:#?}");
}

#[test]
fn markdown_files_with_an_upper_case_extension_are_rendered_not_copied() {
    let dir = site(&[("content/briefings/u.MD", &briefing_md(""))]);
    let out = build(dir.path()).expect("builds");
    assert!(read(&out, "briefings/u/index.html").contains("<h1"));
    assert!(!out.join("briefings/u.MD").exists());
}

#[cfg(unix)]
#[test]
fn a_template_linked_from_outside_the_site_is_an_error() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("base.html"), "<html>elsewhere</html>").unwrap();
    let dir = site(&[("content/briefings/b.md", &briefing_md(""))]);
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("base.html"),
        templates.join("base.html"),
    )
    .unwrap();
    let errs = build(dir.path()).expect_err("refused");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].locus(), "templates/base.html");
    assert!(
        errs[0]
            .message
            .starts_with("symbolic link leads outside the site"),
        "{}",
        errs[0].message
    );

    // A link to a file inside the site is a template like any other.
    std::fs::remove_file(templates.join("base.html")).unwrap();
    std::fs::write(dir.path().join("page.tpl"), "INSIDE {{ page.title }}").unwrap();
    std::os::unix::fs::symlink(dir.path().join("page.tpl"), templates.join("page.html")).unwrap();
    std::fs::create_dir_all(dir.path().join("content/pages")).unwrap();
    std::fs::write(
        dir.path().join("content/pages/about.md"),
        "---\ntitle: About\n---\nx\n",
    )
    .unwrap();
    let out = build(dir.path()).expect("builds");
    assert_eq!(read(&out, "about/index.html"), "INSIDE About");
}

#[test]
fn a_base_url_with_a_query_is_refused_with_a_hint() {
    let dir = site(&[
        ("site.yaml", "title: T\nbase_url: https://x.org/?q=1\n"),
        ("content/briefings/b.md", &briefing_md("")),
    ]);
    let errs = build(dir.path()).expect_err("refused");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].locus(), "site.yaml:2:11");
    assert!(
        errs[0].message.contains("has a query"),
        "{}",
        errs[0].message
    );
}

#[test]
fn canonical_links_are_encoded_as_the_sitemap_encodes_them() {
    let dir = site(&[
        ("site.yaml", "title: T\nbase_url: https://example.org/\n"),
        ("content/briefings/зустріч у києві.md", &briefing_md("")),
    ]);
    let out = build(dir.path()).expect("builds");
    let slug = std::fs::read_dir(out.join("briefings"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|e| e.path().join("index.html").is_file())
        .expect("the briefing's folder")
        .file_name()
        .to_string_lossy()
        .into_owned();
    assert!(!slug.is_ascii(), "{slug}");
    let page = read(&out, &format!("briefings/{slug}/index.html"));
    let canonical = page
        .split("<link rel=\"canonical\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a canonical link");
    assert!(canonical.is_ascii(), "{canonical}");
    assert!(
        canonical.starts_with("https://example.org/briefings/%D0%B7"),
        "{canonical}"
    );
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains(&format!("<loc>{canonical}</loc>")),
        "{canonical} not in the sitemap"
    );
}

#[cfg(unix)]
#[test]
fn an_archive_reached_through_a_link_out_of_the_site_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.txt"),
        "Private words of nobody.",
    )
    .unwrap();
    let briefing = "---\ntitle: T\ndate: 2022-03-06\nquotes:\n  - by: Actor 0001\n    \
                    text: Private words\n    said: 2022-03-05\n    source: s\nsources:\n  \
                    - id: s\n    title: S\n    archive: .hidden/secret.txt\n---\nBody.\n";
    let dir = site(&[ACTOR, ("content/briefings/b.md", briefing)]);
    // A dot folder: the walk of content/ skips it, so only the archive reads it.
    std::os::unix::fs::symlink(outside.path(), dir.path().join("content/.hidden")).unwrap();
    let errs = build(dir.path()).expect_err("refused");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].locus(), "content/briefings/b.md:12:14");
    assert!(
        errs[0]
            .message
            .contains("is a symbolic link leading outside the site"),
        "{}",
        errs[0].message
    );
}

#[test]
fn the_link_marker_written_as_an_escape_or_entity_is_refused() {
    // The raw character is refused when a file is read; escapes decode to it later.
    let yaml = "---\ntitle: \"T\\uE000x\"\ndate: 2022-03-06\n---\nBody.\n";
    let errs = errors(&[("content/briefings/b.md", yaml)]);
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].locus(), "content/briefings/b.md:2:8");
    assert!(errs[0].message.contains("U+E000"), "{}", errs[0].message);

    let body =
        "---\ntitle: T\ndate: 2022-03-06\n---\n[x](&#xE000;javascript:alert(1)) and T&#xE000;x\n";
    let errs = errors(&[("content/briefings/b.md", body)]);
    let reserved: Vec<String> = errs
        .iter()
        .filter(|d| d.message.contains("U+E000"))
        .map(|d| d.locus())
        .collect();
    assert_eq!(
        reserved,
        ["content/briefings/b.md:5:1", "content/briefings/b.md:5:39"],
        "{errs:#?}"
    );
    // And whatever else is said, the script link is refused for its scheme too.
    assert!(
        errs.iter()
            .any(|d| d.message.contains("`javascript:` URLs")),
        "{errs:#?}"
    );
}

#[cfg(unix)]
#[test]
fn a_templates_folder_linked_from_outside_is_an_error_and_lock_files_are_ignored() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("page.html"), "EXT {{ page.title }}").unwrap();
    let dir = site(&[("content/briefings/b.md", &briefing_md(""))]);
    let templates = dir.path().join("templates");
    std::os::unix::fs::symlink(outside.path(), &templates).unwrap();
    let errs = build(dir.path()).expect_err("refused");
    assert_eq!(errs.len(), 1, "{errs:#?}");
    assert_eq!(errs[0].locus(), "templates");
    assert!(
        errs[0]
            .message
            .starts_with("symbolic link leads outside the site"),
        "{}",
        errs[0].message
    );
    // An editor's lock file, a dangling link named with a dot, is no template.
    std::fs::remove_file(&templates).unwrap();
    std::fs::create_dir(&templates).unwrap();
    std::os::unix::fs::symlink("nobody@host.1234:1", templates.join(".#page.html")).unwrap();
    build(dir.path()).expect("builds");
}
