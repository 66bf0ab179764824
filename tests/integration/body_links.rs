//! Issue 13, items 8 and 9: links to other content by its source file, heading ids and
//! the table of contents, checked on built sites.

use std::collections::HashSet;

use briefing::diag::{Diagnostic, Kind};

use crate::common::*;

fn summary(d: &Diagnostic) -> (Kind, String, String, Option<String>) {
    (d.kind, d.locus(), d.message.clone(), d.hint.clone())
}

const OTHER: (&str, &str) = (
    "content/briefings/other.md",
    "---\ntitle: The other briefing\ndate: 2022-03-05\nsources:\n  - id: s1\n    title: Report 0001\n---\n\nOther body.\n",
);

const ABOUT: (&str, &str) = (
    "content/pages/about.md",
    "---\ntitle: About us\n---\n\nSee [the first](../briefings/first.md) and [[briefings/other]].\n",
);

fn first(body: &str) -> (&'static str, String) {
    (
        "content/briefings/first.md",
        format!("---\ntitle: First\ndate: 2022-03-06\n---\n\n{body}\n"),
    )
}

fn built(files: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = site(files);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("builds: {d:#?}"));
    (dir, out)
}

#[test]
fn links_to_source_files_become_relative_links_to_their_pages() {
    let (path, text) = first(
        "[rel](other.md) [root](@/briefings/other.md#sources) [[briefings/other]] \
         [[briefings/other|named]] [about](../pages/about.md) [actor](@/actors/actor-0001.md)",
    );
    let (_dir, out) = built(&[ACTOR, OTHER, ABOUT, (path, &text)]);
    let page = read(&out, "briefings/first/index.html");
    for want in [
        "<a href=\"../../briefings/other/index.html\">rel</a>",
        "<a href=\"../../briefings/other/index.html#sources\">root</a>",
        "<a href=\"../../briefings/other/index.html\">The other briefing</a>",
        "<a href=\"../../briefings/other/index.html\">named</a>",
        "<a href=\"../../about/index.html\">about</a>",
        "<a href=\"../../actors/actor-0001/index.html\">actor</a>",
    ] {
        assert!(page.contains(want), "{want} in {page}");
    }
    // From a page one folder up, the same files are one `../` nearer.
    let about = read(&out, "about/index.html");
    assert!(
        about.contains("<a href=\"../briefings/first/index.html\">the first</a>"),
        "{about}"
    );
    assert!(
        about.contains("<a href=\"../briefings/other/index.html\">The other briefing</a>"),
        "{about}"
    );
    // A link to an actor's file is a mention, listed on the actor's page.
    let actor = read(&out, "actors/actor-0001/index.html");
    assert!(
        actor.contains("../../briefings/first/index.html"),
        "{actor}"
    );
}

#[test]
fn unknown_and_draft_files_are_errors_at_the_link() {
    let draft = (
        "content/briefings/hidden.md",
        "---\ntitle: Hidden\ndate: 2022-03-01\ndraft: true\n---\n",
    );
    let (path, text) = first("See [x](othr.md).\n\nAnd [[briefings/hidden]], [up](../../x.md).");
    let errs = errors(&[OTHER, draft, (path, &text)]);
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert_eq!(
        got,
        [
            (
                Kind::BrokenLink,
                "content/briefings/first.md:6:5".to_string(),
                "broken link `othr.md`: no page for `content/briefings/othr.md`".to_string(),
                Some("did you mean `@/briefings/other.md`?".to_string()),
            ),
            (
                Kind::BrokenLink,
                "content/briefings/first.md:8:5".to_string(),
                "broken link `briefings/hidden`: no page for `content/briefings/hidden.md`"
                    .to_string(),
                Some("that file is a draft; build with --drafts or publish it".to_string()),
            ),
            (
                Kind::BrokenLink,
                "content/briefings/first.md:8:27".to_string(),
                "broken link `../../x.md`: it points outside content/".to_string(),
                Some("link to a file under content/, e.g. `@/briefings/other.md`".to_string()),
            ),
        ]
    );
}

#[test]
fn a_fragment_of_a_file_link_is_checked_on_the_page() {
    let (path, text) = first("See [y](@/briefings/other.md#nope).");
    let dir = site(&[OTHER, (path, &text)]);
    let opts = briefing::pipeline::BuildOptions {
        root: dir.path().to_path_buf(),
        check_all_links: true,
        ..Default::default()
    };
    // What `briefing check` runs: every `#anchor` is checked.
    let errs = match briefing::pipeline::render(&opts) {
        Err(briefing::pipeline::Failure::Content(d)) => d,
        _ => panic!("expected the anchor to be refused"),
    };
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].0, Kind::BrokenLink);
    assert_eq!(got[0].1, "content/briefings/first.md:6:5");
    assert!(
        got[0].2.contains("has no element with id `nope`"),
        "{}",
        got[0].2
    );
}

#[test]
fn with_drafts_a_link_to_a_draft_resolves() {
    let draft = (
        "content/briefings/hidden.md",
        "---\ntitle: Hidden\ndate: 2022-03-01\ndraft: true\n---\n",
    );
    let (path, text) = first("[[briefings/hidden]]");
    let dir = site(&[draft, (path, &text)]);
    let out = dir.path().join("public");
    let opts = briefing::pipeline::BuildOptions {
        root: dir.path().to_path_buf(),
        drafts: true,
        ..Default::default()
    };
    let built = briefing::pipeline::build(&opts, &out);
    assert!(built.is_ok(), "builds with --drafts");
    let page = read(&out, "briefings/first/index.html");
    assert!(
        page.contains("<a href=\"../../briefings/hidden/index.html\">Hidden</a>"),
        "{page}"
    );
}

/// Every `id="…"` of a page.
fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

const HEADINGS: &str = "## Background\n\nText.\n\n## Background\n\n### Sources\n\n## Own {#own}\n";

#[test]
fn headings_get_ids_unique_on_the_page_and_a_table_of_contents() {
    let briefing = format!(
        "---\ntitle: First\ndate: 2022-03-06\ntoc: true\nsources:\n  - id: s1\n    title: Report 0001\n---\n\n{HEADINGS}"
    );
    let (_dir, out) = built(&[("content/briefings/first.md", &briefing)]);
    let page = read(&out, "briefings/first/index.html");
    for want in [
        "<h2 id=\"background\">Background</h2>",
        "<h2 id=\"background-1\">Background</h2>",
        "<h3 id=\"sources-1\">Sources</h3>",
        "<h2 id=\"own\">Own</h2>",
        "id=\"sources\"",
    ] {
        assert!(page.contains(want), "{want} in {page}");
    }
    let all = ids(&page);
    let unique: HashSet<&&str> = all.iter().collect();
    assert_eq!(all.len(), unique.len(), "{all:?}");

    let nav = page
        .split("<nav class=\"toc contents\" id=\"contents\" aria-label=\"Contents\">")
        .nth(1)
        .and_then(|rest| rest.split("</nav>").next())
        .unwrap_or_else(|| panic!("no table of contents in {page}"));
    let entries: Vec<(String, String)> = nav
        .split("<li class=\"")
        .skip(1)
        .map(|li| {
            let class = li.split('"').next().unwrap_or_default().to_string();
            let href = links(li).join(" ");
            (class, href)
        })
        .collect();
    let want = [
        ("toc-level-2", "#background"),
        ("toc-level-2", "#background-1"),
        ("toc-level-3", "#sources-1"),
        ("toc-level-2", "#own"),
    ]
    .map(|(c, h)| (c.to_string(), h.to_string()));
    assert_eq!(entries, want);
}

#[test]
fn the_table_of_contents_follows_the_site_default_and_each_file() {
    let with = |extra: &str| format!("---\ntitle: T\ndate: 2022-03-06\n{extra}---\n\n{HEADINGS}");
    let page = |extra: &str| format!("---\ntitle: P\n{extra}---\n\n{HEADINGS}");
    let files = [
        ("site.yaml", "title: Desk\ntoc: true\n".to_string()),
        ("content/briefings/default.md", with("")),
        ("content/briefings/off.md", with("toc: false\n")),
        (
            "content/briefings/one.md",
            "---\ntitle: T\ndate: 2022-03-06\n---\n\n## Only one\n".to_string(),
        ),
        ("content/pages/guide.md", page("")),
        ("content/pages/plain.md", page("toc: false\n")),
    ];
    let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
    let (_dir, out) = built(&refs);
    let has_toc = |rel: &str| read(&out, rel).contains("aria-label=\"Contents\"");
    assert!(has_toc("briefings/default/index.html"));
    assert!(!has_toc("briefings/off/index.html"));
    // One heading makes no table.
    assert!(!has_toc("briefings/one/index.html"));
    assert!(has_toc("guide/index.html"));
    assert!(!has_toc("plain/index.html"));
    // Headings have ids with the table or without it.
    assert!(read(&out, "briefings/off/index.html").contains("<h2 id=\"background-1\">"));

    // Without the site default, a briefing asks for its own.
    let (_dir, out) = built(&[("content/briefings/default.md", &with(""))]);
    assert!(!read(&out, "briefings/default/index.html").contains("aria-label=\"Contents\""));
}
