//! Issue 13, items 1 and 2: bylines (author files, author pages and feeds, the byline
//! on briefings and cards, JSON-LD, the export) and custom fields (`extra:` on every
//! kind of file and in `site.yaml`, for templates).

use briefing::diag::{Diagnostic, Kind};

use crate::common::*;

fn summary(d: &Diagnostic) -> (Kind, String, String, Option<String>) {
    (d.kind, d.locus(), d.message.clone(), d.hint.clone())
}

const EDITOR: (&str, &str) = (
    "content/authors/editor-0001.md",
    "---\nname: Editor 0001\nrole: Test editor\nurl: https://example.org/e1\nemail: e1@example.org\nimage: authors/e1.png\n---\nBio of a test editor, with [[Actor 0001]].\n",
);
const WRITER: (&str, &str) = (
    "content/authors/writer-0002.md",
    "---\nname: Writer 0002\n---\n",
);

fn byline_site(authors: &str) -> tempfile::TempDir {
    site(&[
        ACTOR,
        EDITOR,
        WRITER,
        ("content/authors/e1.png", "not really a picture"),
        (
            "site.yaml",
            "title: T\nbase_url: https://example.org/sub/\n",
        ),
        (
            "content/briefings/b.md",
            &briefing_md(&format!("authors: {authors}\n")),
        ),
    ])
}

#[test]
fn a_byline_shows_on_the_briefing_its_cards_and_the_authors_pages() {
    let dir = byline_site("[editor-0001, Writer 0002, {name: Guest Contributor 0003}]");
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    let byline = "<span class=\"byline\">By <a class=\"author\" rel=\"author\" href=\"../../authors/editor-0001/index.html\">Editor 0001</a>, <a class=\"author\" rel=\"author\" href=\"../../authors/writer-0002/index.html\">Writer 0002</a> and <span class=\"author\">Guest Contributor 0003</span></span>";
    let page = read(&out, "briefings/b/index.html");
    assert!(page.contains(byline), "{page}");
    let listing = read(&out, "briefings/index.html");
    assert!(
        listing.contains(&byline.replace("../../", "../")),
        "{listing}"
    );

    let author = read(&out, "authors/editor-0001/index.html");
    for part in [
        "<h1>Editor 0001</h1>",
        "<p class=\"lead\">Test editor</p>",
        "<a href=\"https://example.org/e1\" rel=\"me\">",
        "<a href=\"mailto:e1@example.org\">",
        "<img class=\"author-image\" src=\"../../authors/e1.png\"",
        "Bio of a test editor, with <a",
        "<h2>Briefings <span class=\"count\">(1)</span></h2>",
        "href=\"../../briefings/b/index.html\">T</a>",
        "href=\"../../authors/editor-0001/atom.xml\"",
    ] {
        assert!(author.contains(part), "{part} in {author}");
    }
    // The listing of authors is reachable from every page's footer.
    for (path, root) in [("index.html", ""), ("briefings/b/index.html", "../../")] {
        let html = read(&out, path);
        let footer = &html[html.find("<footer").expect("footer")..];
        let link = format!("<a href=\"{root}authors/index.html\">Authors</a>");
        assert!(footer.contains(&link), "{path}: {footer}");
    }
    let all = read(&out, "authors/index.html");
    assert!(all.contains("href=\"../authors/editor-0001/index.html\">Editor 0001</a>, <span class=\"role\">Test editor</span> <span class=\"count\">1 briefing</span>"), "{all}");
    assert!(all.contains("Writer 0002"));

    // JSON-LD: each a Person, linked to their page here (and their own as `sameAs`).
    assert!(page.contains(r#""author":[{"@type":"Person","name":"Editor 0001","sameAs":"https://example.org/e1","url":"https://example.org/sub/authors/editor-0001/"},{"@type":"Person","name":"Writer 0002","url":"https://example.org/sub/authors/writer-0002/"},{"@type":"Person","name":"Guest Contributor 0003"}]"#), "{page}");

    // A feed per author; entries name the byline.
    let feed = read(&out, "authors/writer-0002/atom.xml");
    assert!(
        feed.contains("<id>https://example.org/sub/briefings/b/</id>"),
        "{feed}"
    );
    assert!(feed.contains("<author><name>Guest Contributor 0003</name></author>"));
    assert!(feed.contains("<author><name>Editor 0001</name><uri>https://example.org/sub/authors/editor-0001/</uri></author>"));

    let export = read(&out, "data/briefings.json");
    assert!(export.contains(r#""authors":[{"id":"editor-0001","name":"Editor 0001"},{"id":"writer-0002","name":"Writer 0002"},{"id":null,"name":"Guest Contributor 0003"}]"#), "{export}");
}

#[test]
fn without_a_byline_the_site_author_stays_the_json_ld_author() {
    let dir = site(&[
        ("site.yaml", "title: T\nauthor: The Desk 0001\n"),
        ("content/briefings/b.md", &briefing_md("")),
    ]);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    let page = read(&out, "briefings/b/index.html");
    assert!(page.contains(r#""author":{"@type":"Organization","name":"The Desk 0001"}"#));
    assert!(!page.contains("class=\"byline\""));
    // No authors, no listing of them.
    assert!(!out.join("authors").exists());
}

#[test]
fn an_authors_briefings_run_over_pages_like_an_actors() {
    let mut files: Vec<(String, String)> = vec![(WRITER.0.into(), WRITER.1.into())];
    for i in 0..51 {
        files.push((
            format!("content/briefings/b{i:02}.md"),
            format!(
                "---\ntitle: Briefing {i:02}\ndate: 2022-01-{:02}\nauthors: [writer-0002]\n---\n",
                i % 28 + 1
            ),
        ));
    }
    let dir = site_of(&files);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    let first = read(&out, "authors/writer-0002/index.html");
    let second = read(&out, "authors/writer-0002/page/2/index.html");
    assert_eq!(first.matches("<article class=\"card\">").count(), 50);
    assert_eq!(second.matches("<article class=\"card\">").count(), 1);
    assert!(first.contains("href=\"../../authors/writer-0002/page/2/index.html\""));
    assert!(second.contains("<h2>Briefings <span class=\"count\">(51)</span></h2>"));
}

#[test]
fn unknown_authors_are_errors_that_suggest_an_author_of_this_site() {
    let errs = errors(&[
        ACTOR,
        EDITOR,
        WRITER,
        ("content/authors/e1.png", "x"),
        (
            "content/briefings/b.md",
            &briefing_md("authors: [Editr 0001, Zzz Qqq]\n"),
        ),
    ]);
    assert_eq!(
        errs.iter().map(summary).collect::<Vec<_>>(),
        [
            (
                Kind::UnknownAuthor,
                "content/briefings/b.md:4:11".into(),
                "unknown author `Editr 0001`".into(),
                Some("did you mean `Editor 0001`?".into())
            ),
            (
                Kind::UnknownAuthor,
                "content/briefings/b.md:4:23".into(),
                "unknown author `Zzz Qqq`".into(),
                Some("add the author in content/authors/, or write `{name: Zzz Qqq}` for a byline without a page".into())
            ),
        ]
    );
}

#[test]
fn bad_author_files_and_bylines_are_reported_at_their_place() {
    let errs = errors(&[
        (
            "content/authors/a.md",
            "---\nname: Author 0001\nurl: javascript:alert(1)\nemail: nobody\nimage: ../../etc/passwd\nbio: x\n---\n",
        ),
        (
            "content/authors/b.md",
            "---\nname: Author 0002\nurl: javascript:alert(1)\nemail: nobody\nimage: ../../etc/passwd\n---\n",
        ),
        (
            "content/briefings/b.md",
            &briefing_md("authors: [b, Author 0002, {name: ''}]\n"),
        ),
        (
            "content/briefings/c.md",
            &briefing_md("authors: [{nam: X}]\n"),
        ),
        (
            "content/authors/c.md",
            "---\nname: Author 0003\nimage: authors/nope.png\n---\n",
        ),
        (
            "content/authors/d.md",
            "---\nname: Author 0004\nimage: //evil.example/x.png\n---\n",
        ),
    ]);
    let got: Vec<_> = errs.iter().map(summary).collect();
    let find = |locus: &str| {
        got.iter()
            .find(|s| s.1 == locus)
            .unwrap_or_else(|| panic!("nothing at {locus}: {got:#?}"))
    };
    assert_eq!(
        find("content/authors/a.md:6:1").2,
        "unknown key `bio` in author"
    );
    assert!(
        find("content/authors/b.md:3:6")
            .2
            .contains("not a web address")
    );
    assert_eq!(
        find("content/authors/b.md:4:8").2,
        "invalid email address `nobody`"
    );
    assert!(
        find("content/authors/b.md:5:8")
            .2
            .contains("not a path under content/")
    );
    assert_eq!(
        find("content/authors/c.md:3:8").2,
        "author image `authors/nope.png` does not exist"
    );
    assert!(
        find("content/authors/d.md:3:8")
            .2
            .contains("neither a web address nor a path")
    );
    assert_eq!(
        find("content/briefings/b.md:4:14").2,
        "author named twice in this byline"
    );
    assert_eq!(find("content/briefings/b.md:4:34").2, "empty author name");
    let nam = got
        .iter()
        .find(|s| s.2.contains("`nam`"))
        .expect("unknown key nam");
    assert_eq!(nam.3.as_deref(), Some("did you mean `name`?"));
}

// ------------------------------------------------------------------ extra

/// Every template that shows one thing, overridden to print its `extra.desk`.
const OVERRIDES: [(&str, &str); 6] = [
    (
        "templates/briefing.html",
        "B[{{ briefing.extra.desk }}] S[{{ site.extra.desk }}] N[{{ briefing.extra.nested.list | join(sep=\",\") }}]",
    ),
    ("templates/actor.html", "A[{{ actor.extra.desk }}]"),
    (
        "templates/topic.html",
        "T[{{ topic.extra.desk | default(value=\"none\") }}]",
    ),
    ("templates/page.html", "P[{{ page.extra.desk }}]"),
    ("templates/author.html", "W[{{ author.extra.desk }}]"),
    (
        "templates/index.html",
        "S[{{ site.extra.desk }}] {{ site.extra | length }}",
    ),
];

#[test]
fn extra_fields_reach_the_templates_of_every_kind() {
    let mut files = vec![
        ("site.yaml", "title: T\nextra:\n  desk: Site desk\n"),
        (
            "content/actors/actor-0001.md",
            "---\nname: Actor 0001\nextra: {desk: Actor desk}\n---\n",
        ),
        (
            "content/topics/topic-0001.md",
            "---\nname: Topic 0001\nextra:\n  desk: Topic desk\n---\n",
        ),
        (
            "content/pages/about.md",
            "---\ntitle: About\nextra: {desk: Page desk}\n---\n",
        ),
        (
            "content/authors/w.md",
            "---\nname: Writer 0001\nextra: {desk: Author desk}\n---\n",
        ),
        (
            "content/briefings/b.md",
            "---\ntitle: B\ndate: 2022-03-06\nauthors: [w]\ntopics: [Topic 0001, Topic 0002]\nactors: [Actor 0001]\nextra:\n  desk: Briefing <desk>\n  nested: {list: [1, two, 3.5]}\n  2022: a year key\n---\n",
        ),
    ];
    files.extend(OVERRIDES);
    let dir = site(&files);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!(
        read(&out, "briefings/b/index.html"),
        "B[Briefing &lt;desk&gt;] S[Site desk] N[1,two,3.5]"
    );
    assert_eq!(read(&out, "actors/actor-0001/index.html"), "A[Actor desk]");
    assert_eq!(read(&out, "topics/topic-0001/index.html"), "T[Topic desk]");
    // A topic without a file has an empty `extra`.
    assert_eq!(read(&out, "topics/topic-0002/index.html"), "T[none]");
    assert_eq!(read(&out, "about/index.html"), "P[Page desk]");
    assert_eq!(read(&out, "authors/w/index.html"), "W[Author desk]");
    assert_eq!(read(&out, "index.html"), "S[Site desk] 1");
}

#[test]
fn extra_must_be_a_mapping_and_other_unknown_keys_stay_errors() {
    let errs = errors(&[("content/briefings/b.md", &briefing_md("extra: [desk]\n"))]);
    let (kind, locus, message, _) = summary(&errs[0]);
    assert_eq!(
        (kind, locus.as_str()),
        (Kind::WrongType, "content/briefings/b.md:4:8")
    );
    assert!(
        message.contains("`extra`") && message.contains("mapping"),
        "{message}"
    );

    let errs = errors(&[
        ("site.yaml", "title: T\nextra: just text\n"),
        ("content/briefings/b.md", &briefing_md("")),
    ]);
    let (kind, locus, message, _) = summary(&errs[0]);
    assert_eq!((kind, locus.as_str()), (Kind::WrongType, "site.yaml:2:8"));
    assert!(message.contains("mapping"), "{message}");
    let errs = errors(&[(
        "content/briefings/b.md",
        &briefing_md("extras: {desk: x}\n"),
    )]);
    assert_eq!(errs[0].hint.as_deref(), Some("did you mean `extra`?"));
}
