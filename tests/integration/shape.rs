//! Issue 13, a site the desk shapes: `menu:` and the footer, `page_sizes:`, the 404
//! page under a sub-path, and the layout's static promises for phones.

use std::path::PathBuf;

use briefing::diag::Kind;

use crate::common::*;

const ABOUT: (&str, &str) = (
    "content/pages/about.md",
    "---\ntitle: About this desk\n---\n\nA fake page.\n",
);
const METHOD: (&str, &str) = (
    "content/pages/methodology.md",
    "---\ntitle: Methodology\n---\n\nAnother fake page.\n",
);

/// A site of `n` briefings, each with one statement and one event by Actor 0001 on
/// its own day, `site.yaml` as given.
fn site_with(site_yaml: &str, n: usize) -> tempfile::TempDir {
    let mut files: Vec<(String, String)> = vec![
        (ACTOR.0.into(), ACTOR.1.into()),
        (ABOUT.0.into(), ABOUT.1.into()),
        (METHOD.0.into(), METHOD.1.into()),
        ("site.yaml".into(), site_yaml.into()),
    ];
    for i in 1..=n {
        let day = format!("2022-03-{i:02}");
        let extra = format!(
            "topics: [Topic 0001]\nquotes:\n  - {{by: Actor 0001, text: Fake statement {i}, said: {day}}}\n\
             events:\n  - {{date: {day}, what: Fake event {i}, actors: [Actor 0001]}}\n\
             claims:\n  - {{id: claim-{i}, text: Fake claim {i}, by: [Actor 0001]}}\n\
             corrections:\n  - {{date: {day}, what: Fake correction {i}}}\n"
        );
        let md = briefing_md(&extra).replace("2022-03-06", &day);
        files.push((format!("content/briefings/b{i:02}.md"), md));
    }
    site_of(&files)
}

fn built(site_yaml: &str, n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = site_with(site_yaml, n);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("builds: {d:#?}"));
    (dir, out)
}

/// The main navigation of a page: (label, href, current) of each item.
fn nav(page: &str) -> Vec<(String, String, bool)> {
    let start = page.find("<nav class=\"site-nav\"").expect("a main nav");
    let nav = &page[start..start + page[start..].find("</nav>").expect("nav ends")];
    nav.split("<li>")
        .skip(1)
        .map(|li| {
            let href = li.split("href=\"").nth(1).expect("href");
            let href = href[..href.find('"').expect("quote")].to_string();
            let label = li.split('>').nth(1).expect("label");
            let label = label[..label.find('<').expect("tag")].to_string();
            (label, href, li.contains("aria-current=\"page\""))
        })
        .collect()
}

// ------------------------------------------------------------------ menu

const MENU: &str = "title: Fake desk\nmenu:\n  - {title: Latest, url: briefings/}\n  - {page: about}\n  \
                    - {page: methodology, title: How we work}\n  - {title: Statements, url: /quotes/}\n  \
                    - {title: Home, url: ''}\n  - {title: Elsewhere, url: 'https://example.org/x'}\n";

#[test]
fn the_menu_replaces_the_built_in_navigation_in_its_order() {
    let (_dir, out) = built(MENU, 2);
    let own =
        |label: &str, href: &str, current: bool| (label.to_string(), href.to_string(), current);
    assert_eq!(
        nav(&read(&out, "about/index.html")),
        vec![
            own("Latest", "../briefings/index.html", false),
            own("About this desk", "../about/index.html", true),
            own("How we work", "../methodology/index.html", false),
            own("Statements", "../quotes/index.html", false),
            own("Home", "../index.html", false),
            own("Elsewhere", "https://example.org/x", false),
        ]
    );
    // Under a listing's later page, and at the root (home is current there only).
    let page2 = nav(&read(&out, "briefings/b01/index.html"));
    assert_eq!(page2[0], own("Latest", "../../briefings/index.html", true));
    let home = nav(&read(&out, "index.html"));
    assert_eq!(home[4], own("Home", "index.html", true));
    assert_eq!(home.iter().filter(|i| i.2).count(), 1);
    let actor = nav(&read(&out, "actors/actor-0001/index.html"));
    assert!(actor.iter().all(|i| !i.2), "{actor:?}");
}

#[test]
fn without_a_menu_the_navigation_is_the_built_in_sections() {
    let (_dir, out) = built("title: Fake desk\n", 1);
    let labels: Vec<String> = nav(&read(&out, "timeline/index.html"))
        .into_iter()
        .map(|(label, href, current)| format!("{label} {href} {current}"))
        .collect();
    assert_eq!(
        labels,
        [
            "Briefings ../briefings/index.html false",
            "Actors ../actors/index.html false",
            "Timeline ../timeline/index.html true",
            "Quotes ../quotes/index.html false",
            "Claims ../claims/index.html false",
            "Topics ../topics/index.html false",
            "Search ../search/index.html false",
        ]
    );
}

#[test]
fn every_page_links_the_free_pages_and_the_data_export_in_its_footer() {
    let (_dir, out) = built("title: Fake desk\n", 1);
    for page in [
        "index.html",
        "briefings/b01/index.html",
        "actors/actor-0001/page/1/index.html",
        "404.html",
    ] {
        let Ok(html) = std::fs::read_to_string(out.join(page)) else {
            continue;
        };
        let footer = &html[html.find("<footer").expect("footer")..];
        let root = briefing::url::root_of(page);
        for target in [
            "about/index.html",
            "methodology/index.html",
            "data/actors.json",
            "data/briefings.json",
            "data/quotes.json",
            "data/events.json",
            "data/quotes.csv",
            "data/events.csv",
        ] {
            let href = format!("href=\"{root}{target}\"");
            assert!(footer.contains(&href), "{page}: no {href} in\n{footer}");
            assert!(out.join(target).is_file(), "{target} is not in the site");
        }
        // A site without authors has no `/authors/` to link to.
        assert!(!footer.contains("authors/index.html"), "{page}: {footer}");
        // By title, in order.
        let about = footer.find(">About this desk</a>").expect("about");
        assert!(about < footer.find(">Methodology</a>").expect("methodology"));
    }
}

#[test]
fn menu_mistakes_are_errors_at_their_place_in_site_yaml() {
    let yaml = "title: Fake desk\nmenu:\n  - {page: abuot}\n  - {title: X, url: 'javascript:alert(1)'}\n  \
                - {url: briefings/}\n  - {title: Y}\n  - {title: Z, url: briefings/, page: about}\n  \
                - {title: ' ', url: quotes/}\n";
    let dir = site_with(yaml, 1);
    let got: Vec<(String, String)> = build(dir.path())
        .expect_err("fails")
        .iter()
        .map(|d| (d.locus(), d.message.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "site.yaml:4:21",
                "menu url `javascript:alert(1)`: `javascript:` URLs can run script"
            ),
            (
                "site.yaml:5:5",
                "the menu entry for `briefings/` has no `title`"
            ),
            ("site.yaml:6:5", "a menu entry needs `url` or `page`"),
            ("site.yaml:7:39", "a menu entry has both `url` and `page`"),
            ("site.yaml:8:13", "a menu entry has an empty `title`"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );

    // Pages and files are known once the content is read.
    let yaml = "menu:\n  - {page: abuot}\n  - {title: X, url: briefngs/}\n";
    let dir = site_with(yaml, 1);
    let got: Vec<(Kind, String, String, Option<String>)> = build(dir.path())
        .expect_err("fails")
        .iter()
        .map(|d| (d.kind, d.locus(), d.message.clone(), d.hint.clone()))
        .collect();
    assert_eq!(
        got,
        [(
            Kind::BadValue,
            "site.yaml:2:12".to_string(),
            "unknown page `abuot` in the menu".to_string(),
            Some("did you mean `about`?".to_string())
        )]
    );
    std::fs::write(
        dir.path().join("site.yaml"),
        "menu:\n  - {title: X, url: briefngs/}\n",
    )
    .expect("write");
    let got = build(dir.path()).expect_err("fails");
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(
        (got[0].kind, got[0].locus(), got[0].hint.as_deref()),
        (
            Kind::BrokenLink,
            "site.yaml:2:21".to_string(),
            Some("did you mean `briefings/`?")
        )
    );
    // `check` reports it once too, not again from every rendered page.
    let root = dir.path().to_str().expect("UTF-8");
    let check = briefing(&["check", "--root", root]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(stderr.matches("error:").count(), 1, "{stderr}");
    assert!(stderr.contains("--> site.yaml:2:21"), "{stderr}");
}

// ------------------------------------------------------------------ page sizes

#[test]
fn page_sizes_cut_every_listing() {
    let yaml = "page_sizes: {briefings: 2, topic: 3, quotes: 4, timeline: 2, actor: 3, claims: 1, corrections: 2}\n";
    let (_dir, out) = built(yaml, 5);
    // 5 briefings, statements, claims and corrections; 10 timeline entries, 2 a day.
    for (listing, pages) in [
        ("briefings", 3),
        ("topics/topic-0001", 2),
        ("quotes", 2),
        ("timeline", 5),
        ("actors/actor-0001", 2),
        ("claims", 5),
        ("corrections", 3),
    ] {
        let last = format!("{listing}/page/{pages}/index.html");
        let past = format!("{listing}/page/{}/index.html", pages + 1);
        assert!(out.join(&last).is_file(), "{last} missing");
        assert!(!out.join(&past).exists(), "{past} made");
    }
    let first = read(&out, "quotes/index.html");
    assert_eq!(first.matches("Fake statement").count(), 4);

    // With feeds, a later page of an actor or topic links the one feed, not its own.
    let (_dir, out) = built(&format!("base_url: https://example.org/\n{yaml}"), 5);
    for (page, feed) in [
        (
            "actors/actor-0001/page/2/index.html",
            "actors/actor-0001/atom.xml",
        ),
        (
            "topics/topic-0001/page/2/index.html",
            "topics/topic-0001/atom.xml",
        ),
    ] {
        let html = read(&out, page);
        let href = format!("href=\"../../../../{feed}\"");
        assert!(html.contains(&href), "{page}: no {href}");
        assert!(!html.contains("href=\"atom.xml\""), "{page}");
        assert!(out.join(feed).is_file(), "{feed}");
    }

    // Without the setting, today's sizes: five of each fit on one page.
    let (_dir, out) = built("title: Fake desk\n", 5);
    assert!(!out.join("briefings/page/2/index.html").exists());
    assert!(!out.join("claims/page/2/index.html").exists());
}

#[test]
fn a_page_size_out_of_range_is_an_error_at_its_place() {
    let yaml = "page_sizes:\n  quotes: 0\n  timeline: 10001\n  actor: -1\n  topics: 5\n";
    let got: Vec<(String, String)> = build(site_with(yaml, 1).path())
        .expect_err("fails")
        .iter()
        .map(|d| (d.locus(), d.message.clone()))
        .collect();
    assert_eq!(got.len(), 1, "an unknown key stops the file: {got:?}");
    assert!(got[0].1.contains("`topics`"), "{got:?}");

    let yaml = "page_sizes:\n  quotes: 0\n  timeline: 10001\n  actor: -1\n";
    let got: Vec<(String, String, Option<String>)> = build(site_with(yaml, 1).path())
        .expect_err("fails")
        .iter()
        .map(|d| (d.locus(), d.message.clone(), d.hint.clone()))
        .collect();
    let hint = |d: usize| {
        Some(format!(
            "a page shows 1 to 10000 items; leave it out for the default, {d}"
        ))
    };
    assert_eq!(
        got,
        [
            (
                "site.yaml:2:11".into(),
                "page size `0` for quotes is out of range".into(),
                hint(100)
            ),
            (
                "site.yaml:3:13".into(),
                "page size `10001` for timeline is out of range".into(),
                hint(150)
            ),
            (
                "site.yaml:4:10".into(),
                "page size `-1` for actor is out of range".into(),
                hint(100)
            ),
        ]
    );
}

// ------------------------------------------------------------------ 404

/// Builds `dir` with the binary, `--base-url` if given, into `dir/public`.
fn build_with_base(dir: &std::path::Path, base_url: Option<&str>) -> PathBuf {
    let out = dir.join("public");
    let root = dir.to_str().expect("UTF-8");
    let out_s = out.to_str().expect("UTF-8").to_string();
    let mut args = vec!["build", "--quiet", "--root", root, "--out", &out_s];
    if let Some(base) = base_url {
        args.extend(["--base-url", base]);
    }
    let run = briefing(&args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

#[test]
fn with_a_base_url_the_404_page_links_work_at_any_depth() {
    let base = "https://example.org/sub/";
    let dir = site_with(MENU, 1);
    let out = build_with_base(dir.path(), Some(base));
    let page = read(&out, "404.html");
    let hrefs = links(&page);
    // The stylesheet, the header, the menu, the body and the footer.
    assert!(hrefs.len() > 15, "{hrefs:?}");
    for link in &hrefs {
        if link.starts_with('#') || link == "https://example.org/x" {
            continue;
        }
        // Absolute from base_url, so the same wherever the host serves the page, and
        // each names a file of the site.
        let rel = link
            .strip_prefix(base)
            .unwrap_or_else(|| panic!("`{link}` does not start from {base}"));
        assert!(
            out.join(rel).is_file(),
            "`{link}` names no file of the site"
        );
    }
    assert!(page.contains(&format!(
        "<link rel=\"stylesheet\" href=\"{base}style.css\">"
    )));
    // Other pages stay relative.
    let about = read(&out, "about/index.html");
    assert!(
        about.contains("href=\"../style.css\"")
            && !about.contains(&format!("href=\"{base}style.css"))
    );

    // Without a base_url, as before: relative to the site root (right at the top level
    // and from disk).
    let out = build_with_base(dir.path(), None);
    let page = read(&out, "404.html");
    assert!(
        page.contains("<link rel=\"stylesheet\" href=\"style.css\">"),
        "{page}"
    );
    for link in links(&page) {
        assert!(
            !link.contains("://") || link == "https://example.org/x",
            "{link}"
        );
        assert!(
            link.starts_with('#') || link.contains("://") || out.join(&link).is_file(),
            "{link}"
        );
    }
}

// ------------------------------------------------------------------ phone layout
// What a browser measures is in external.rs (Chromium at 390 px); these are the
// promises of the markup it relies on, checked on every `cargo test`.

#[test]
fn home_says_its_title_once_and_wide_things_scroll_in_named_focusable_boxes() {
    let (_dir, out) = built("title: Fake desk\ndescription: A fake description.\n", 3);
    let home = read(&out, "index.html");
    assert_eq!(home.matches("<h1").count(), 1, "{home}");
    assert!(home.contains("<h1 class=\"site-title-heading\"><a class=\"site-title\" href=\"index.html\" aria-current=\"page\">Fake desk</a></h1>"));
    assert_eq!(
        home.matches(">Fake desk<").count(),
        3,
        "<title>, the header and the footer"
    );
    let other = read(&out, "timeline/index.html");
    assert!(other.contains("<a class=\"site-title\" href=\"../index.html\">Fake desk</a>"));
    assert_eq!(other.matches("<h1").count(), 1);

    // The timeline's and the actor's charts, and a topic's speakers.
    let scroll = "<div class=\"scroll-x\" role=\"group\" tabindex=\"0\" aria-label=\"";
    for (page, boxes) in [
        ("timeline/index.html", 1),
        ("actors/actor-0001/index.html", 1),
        ("topics/topic-0001/index.html", 2),
    ] {
        let html = read(&out, page);
        assert_eq!(html.matches(scroll).count(), boxes, "{page}");
        // Each chart is inside one.
        for (i, _) in html.match_indices("<svg") {
            let before = &html[..i];
            assert!(
                before.rfind(scroll) > before.rfind("</div>"),
                "{page}: a chart outside a box"
            );
        }
    }
}
