//! The built sample and fixture sites: pages exist and link to each other both ways.

use std::path::Path;

use crate::common::*;

#[test]
fn every_actor_has_a_page_listing_their_quotes_in_date_order_with_links_back() {
    let dir = copy_of("mini");
    let out = build(dir.path()).expect("mini builds");
    let page = read(&out, "actors/actor-0001/index.html");
    let first = page
        .find("Synthetic words said first.")
        .expect("first quote");
    let later = page
        .find("Synthetic words said later.")
        .expect("later quote");
    assert!(first < later, "quotes must be in date order");
    assert!(
        page.contains("../../briefings/first/index.html#quote-2"),
        "link to the quote in its briefing"
    );
    assert!(page.contains("1 March 2022"), "reader-facing date");
    // Affiliations both ways.
    assert!(page.contains("../../actors/state-0003/index.html"));
    let state = read(&out, "actors/state-0003/index.html");
    assert!(
        state.contains("../../actors/actor-0001/index.html"),
        "members listed on the state"
    );
    for slug in ["actor-0001", "actor-0002", "state-0003"] {
        assert!(
            out.join(format!("actors/{slug}/index.html")).is_file(),
            "{slug}"
        );
    }
}

#[test]
fn briefings_link_to_every_actor_involved_however_they_came_in() {
    let dir = copy_of("mini");
    let out = build(dir.path()).expect("mini builds");
    let page = read(&out, "briefings/first/index.html");
    // Listed (actor-0002), quoted by alias (A1), in an event (State 0003).
    for slug in ["actor-0001", "actor-0002", "state-0003"] {
        assert!(
            page.contains(&format!("../../actors/{slug}/index.html")),
            "{slug}"
        );
    }
    assert!(
        page.contains("4–5 March 2022"),
        "interval shown as a reader says it"
    );
    assert!(page.contains("id=\"source-s1\""), "source anchor");
    assert!(
        page.contains("href=\"../../briefings/second/index.html\""),
        "root link made relative"
    );
    // The actor page lists the briefing and who they appear with.
    let actor = read(&out, "actors/actor-0002/index.html");
    assert!(actor.contains("../../briefings/first/index.html"));
    assert!(
        actor.contains("../../actors/state-0003/index.html"),
        "co-actor"
    );
}

#[test]
fn wiki_link_mentions_show_as_backlinks() {
    let dir = copy_of("mini");
    let out = build(dir.path()).expect("mini builds");
    let about = read(&out, "about/index.html");
    assert!(
        about.contains("href=\"../actors/state-0003/index.html\""),
        "{about}"
    );
    let state = read(&out, "actors/state-0003/index.html");
    assert!(
        state.contains("../../about/index.html"),
        "backlink from the page"
    );
    let a2 = read(&out, "actors/actor-0002/index.html");
    assert!(
        a2.contains("../../actors/actor-0001/index.html"),
        "backlink from a profile"
    );
}

#[test]
fn summary_falls_back_to_the_first_paragraph_and_approximate_dates_read_naturally() {
    let dir = copy_of("mini");
    let out = build(dir.path()).expect("mini builds");
    let list = read(&out, "briefings/index.html");
    assert!(list.contains("The first paragraph becomes the summary."));
    assert!(list.contains("around April 2022"));
    // Newest first: the April briefing before the March one.
    assert!(list.find("Second synthetic briefing") < list.find("First synthetic briefing"));
}

#[test]
fn timeline_groups_by_month_and_topics_are_pages() {
    let dir = copy_of("mini");
    let out = build(dir.path()).expect("mini builds");
    let t = read(&out, "timeline/index.html");
    let march = t.find("March 2022").expect("march");
    let april = t.find("April 2022").expect("april");
    assert!(march < april);
    assert!(t.contains("A synthetic meeting"));
    let topic = read(&out, "topics/topic-red/index.html");
    assert!(topic.contains("A synthetic topic.") && topic.contains("First synthetic briefing"));
    assert!(
        out.join("topics/topic-blue/index.html").is_file(),
        "topics without a file still get a page"
    );
    assert!(out.join("404.html").is_file() && out.join("quotes/index.html").is_file());
}

/// Every relative link of every page resolves to a file of the site.
fn assert_links_resolve(out: &Path) {
    let mut broken = Vec::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.expect("walk");
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).expect("read");
        let dir = entry.path().parent().expect("parent");
        for link in links(&html) {
            if link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with('#')
                || link.is_empty()
            {
                continue;
            }
            let path = link.split(['#', '?']).next().unwrap_or("");
            if path.is_empty() {
                continue;
            }
            let target = match path.strip_prefix('/') {
                Some(abs) => out.join(abs),
                None => dir.join(path),
            };
            if entry.path().ends_with("404.html") && path.starts_with('/') {
                continue;
            }
            if !target.is_file() {
                broken.push(format!("{} -> {link}", entry.path().display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_relative_link_resolves_to_a_file_in_the_fixture_and_the_sample() {
    let dir = copy_of("mini");
    assert_links_resolve(&build(dir.path()).expect("mini builds"));

    let sample = tempfile::tempdir().expect("tmp");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&root.join("content"), &sample.path().join("content"));
    std::fs::copy(root.join("site.yaml"), sample.path().join("site.yaml")).expect("site.yaml");
    let out = build(sample.path()).expect("the sample builds");
    assert_links_resolve(&out);
    for slug in [
        "antony-blinken",
        "jens-stoltenberg",
        "boris-johnson",
        "nato",
        "russia",
    ] {
        assert!(
            out.join(format!("actors/{slug}/index.html")).is_file(),
            "{slug}"
        );
    }
}

#[test]
fn front_matter_values_are_escaped_but_bodies_are_the_editors_html() {
    let dir = site(&[
        ACTOR,
        (
            "content/briefings/x.md",
            "---\ntitle: \"<script>alert(1)</script>\"\ndate: 2022\nsummary: \"\\\"><img src=x onerror=alert(1)>\"\n---\n\n<em>kept</em>\n",
        ),
    ]);
    let out = build(dir.path()).expect("builds");
    let page = read(&out, "briefings/x/index.html");
    assert!(!page.contains("<script>alert(1)"), "title escaped");
    assert!(!page.contains("<img src=x"), "summary escaped");
    assert!(page.contains("&lt;script&gt;"));
    assert!(page.contains("<em>kept</em>"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let dir = site(&[
        ACTOR,
        ("content/briefings/d.md", &briefing_md("draft: true\n")),
    ]);
    let out = build(dir.path()).expect("builds");
    assert!(!out.join("briefings/d/index.html").exists());
    let with = briefing(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "--drafts",
        "--quiet",
    ]);
    assert!(with.status.success());
    assert!(dir.path().join("public/briefings/d/index.html").is_file());
}

#[test]
fn long_listings_are_cut_into_linked_pages() {
    // 120 synthetic briefings, each quoting Actor 0001 once.
    // The actor's prose links elsewhere: relative to its first page, so only shown there.
    let mut files: Vec<(String, String)> = vec![
        (
            ACTOR.0.to_string(),
            format!(
                "{}\nBiography linking [[Actor 0002]] and [the list](../../actors/).\n",
                ACTOR.1
            ),
        ),
        (
            "content/actors/actor-0002.md".to_string(),
            "---\nname: Actor 0002\nkind: person\n---\n".to_string(),
        ),
    ];
    for i in 0..120 {
        let day = 1 + i % 28;
        let month = 1 + i / 28;
        files.push((
            format!("content/briefings/b{i:03}.md"),
            format!("---\ntitle: Briefing {i:03}\ndate: 2022-{month:02}-{day:02}\nquotes:\n  - by: A1\n    text: Synthetic words {i:03}.\n    said: 2022-{month:02}-{day:02}\n---\n"),
        ));
    }
    let dir = site_of(&files);
    let out = build(dir.path()).expect("builds");
    let first = read(&out, "actors/actor-0001/index.html");
    assert!(first.contains("Synthetic words 000.") && !first.contains("Synthetic words 100."));
    assert!(
        first.contains("href=\"../../actors/actor-0001/page/2/index.html\""),
        "pager link"
    );
    assert!(first.contains("Biography linking"));
    let second = read(&out, "actors/actor-0001/page/2/index.html");
    assert!(
        !second.contains("Biography linking"),
        "prose on the first page only"
    );
    assert!(second.contains("Synthetic words 100.") && second.contains("Synthetic words 119."));
    assert!(
        second.contains("href=\"../../../../actors/actor-0001/index.html\""),
        "relative from the deeper page"
    );
    assert!(out.join("quotes/page/2/index.html").is_file());
    assert!(out.join("briefings/page/3/index.html").is_file());
    assert!(!out.join("briefings/page/4/index.html").exists());
    assert_links_resolve(&out);
}

#[test]
fn assets_are_copied_beside_the_pages_that_use_them() {
    let dir = site(&[
        ACTOR,
        (
            "content/briefings/b.md",
            "---\ntitle: T\ndate: 2022\n---\n\n![A map](map.svg) and [the PDF](files/report.pdf).\n",
        ),
        (
            "content/briefings/map.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        ("content/briefings/files/report.pdf", "%PDF-1.4 synthetic"),
    ]);
    let out = build(dir.path()).expect("builds");
    assert!(out.join("briefings/b/map.svg").is_file());
    assert!(out.join("briefings/b/files/report.pdf").is_file());
    assert!(
        out.join("briefings/map.svg").is_file(),
        "also at its own path"
    );
    assert!(read(&out, "briefings/b/index.html").contains("src=\"map.svg\""));
}

#[test]
fn pages_carry_open_graph_and_script_safe_json_ld() {
    let dir = site(&[
        ACTOR,
        (
            "content/briefings/x.md",
            "---\ntitle: \"Title </script><script>alert(1)</script>\"\ndate: 2022-03-06\nsummary: Sum\ntopics: [Topic Red]\nquotes:\n  - by: A1\n    text: \"Words </script> ]]> <!--\"\n    said: 2022-03-05\n---\n",
        ),
    ]);
    let root = dir.path().to_str().unwrap();
    let run = briefing(&[
        "build",
        "--root",
        root,
        "--base-url",
        "https://example.org/sub",
        "--quiet",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let page = std::fs::read_to_string(dir.path().join("public/briefings/x/index.html")).unwrap();
    assert!(
        page.contains("<link rel=\"canonical\" href=\"https://example.org/sub/briefings/x/\">")
    );
    assert!(page.contains("<meta property=\"og:type\" content=\"article\">"));
    assert!(page.contains("<meta property=\"article:published_time\" content=\"2022-03-06\">"));
    assert!(page.contains("<meta property=\"article:tag\" content=\"Topic Red\">"));
    let start = page
        .find("<script type=\"application/ld+json\">")
        .expect("json-ld")
        + 35;
    let end = start + page[start..].find("</script>").expect("closed");
    let json = &page[start..end];
    assert!(json.contains("\"@type\":\"NewsArticle\"") && json.contains("\"@type\":\"Quotation\""));
    assert!(json.contains("\"creator\":{\"@type\":\"Person\",\"name\":\"Actor 0001\""));
    assert!(
        !json.contains('<'),
        "no markup can leave the JSON-LD: {json}"
    );
    assert!(
        !page.contains("<script>alert(1)"),
        "no executable script anywhere"
    );
    let actor =
        std::fs::read_to_string(dir.path().join("public/actors/actor-0001/index.html")).unwrap();
    assert!(actor.contains("\"@type\":\"Person\""));
}

#[test]
fn a_prolific_actors_mentions_run_over_pages_and_co_actors_are_capped() {
    let mut files: Vec<(String, String)> = (0..45)
        .map(|i| {
            (
                format!("content/actors/actor-{i:04}.md"),
                format!("---\nname: Actor {i:04}\nkind: person\n---\n"),
            )
        })
        .collect();
    for i in 0..130 {
        files.push((
            format!("content/briefings/b{i:03}.md"),
            format!(
                "---\ntitle: Briefing {i:03}\ndate: 2022-01-01\nactors: [Actor {:04}]\n---\n\nSynthetic body naming [[Actor 0000]].\n",
                1 + i % 44
            ),
        ));
    }
    let dir = site_of(&files);
    let out = build(dir.path()).expect("builds");
    // The items of the list that starts with `start` on `page`.
    let items = |page: &str, start: &str| -> usize {
        let html = read(&out, page);
        let at = html.find(start).expect(start);
        let end = at + html[at..].find("</ul>").expect("list ends");
        html[at..end].matches("<li>").count()
    };
    let (first, second) = (
        "actors/actor-0000/index.html",
        "actors/actor-0000/page/2/index.html",
    );
    let mentions = "<section class=\"actor-mentions\">";
    assert_eq!(items(first, mentions), 100);
    assert_eq!(items(second, mentions), 30);
    let first = read(&out, first);
    assert!(first.contains("Mentioned in <span class=\"count\">(130)</span>"));
    // 44 co-actors, the 40 sharing most briefings listed.
    assert_eq!(
        items(
            "actors/actor-0000/index.html",
            "class=\"inline-list co-actors\""
        ),
        40
    );
    assert!(first.contains("And 4 more, each sharing fewer briefings."));
    assert_links_resolve(&out);
}

#[test]
fn a_month_longer_than_a_timeline_page_runs_over_pages_of_its_own() {
    let mut files: Vec<(String, String)> = vec![(ACTOR.0.to_string(), ACTOR.1.to_string())];
    files.push((
        "content/briefings/feb.md".to_string(),
        "---\ntitle: February\ndate: 2022-02-10\nquotes:\n  - by: A1\n    text: Synthetic February words.\n    said: 2022-02-10\n---\n".to_string(),
    ));
    for i in 0..32 {
        let quotes: String = (0..10)
            .map(|j| {
                format!(
                    "  - by: A1\n    text: Synthetic words {i:02}-{j}.\n    said: 2022-03-{:02}\n",
                    1 + i % 28
                )
            })
            .collect();
        files.push((
            format!("content/briefings/b{i:02}.md"),
            format!(
                "---\ntitle: Briefing {i:02}\ndate: 2022-03-{:02}\nquotes:\n{quotes}---\n",
                1 + i % 28
            ),
        ));
    }
    let dir = site_of(&files);
    let out = build(dir.path()).expect("builds");
    let entries = |html: &str| html.matches("<li class=\"entry entry-quote\">").count();
    let first = read(&out, "timeline/index.html");
    assert_eq!(
        entries(&first),
        1,
        "February alone: March does not fit beside it"
    );
    let pages: Vec<String> = (2..=4)
        .map(|n| read(&out, &format!("timeline/page/{n}/index.html")))
        .collect();
    assert_eq!(
        pages.iter().map(|p| entries(p)).collect::<Vec<_>>(),
        [150, 150, 20]
    );
    assert!(pages[0].contains("March 2022</h2>"));
    for p in &pages[1..] {
        assert!(p.contains("March 2022 <span class=\"continued\">(continued)</span></h2>"));
    }
    assert!(!out.join("timeline/page/5/index.html").exists());
    assert_links_resolve(&out);
}
