//! Issue 14, items 1 (lead images), 3 and 4: a briefing's lead image and an actor's
//! image, sized from the file; warnings, which do not fail a build; link cards
//! (`og:image`, `twitter:card`, JSON-LD `image`, `dateModified`, `author`); the
//! favicon.

use std::path::Path;

use briefing::diag::{Diagnostic, Kind};
use serde_json::Value;

use crate::common::*;

/// A PNG of `w` × `h` pixels at `rel` under `root`, plainly coloured.
fn png(root: &Path, rel: &str, w: u32, h: u32) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
    image::RgbImage::from_pixel(w, h, image::Rgb([157, 28, 31]))
        .save(&path)
        .expect("write png");
}

fn summary(d: &Diagnostic) -> (Kind, String, String) {
    (d.kind, d.locus(), d.message.clone())
}

const LEAD: &str = "image: {src: lead.png, alt: A red test card, caption: Test caption 0001, credit: Test Credit 0002}\n";

/// A site with one briefing carrying `image_line`, one actor, a `lead.png` beside the
/// briefing and a site card image.
fn card_site(site_yaml: &str, image_line: &str) -> tempfile::TempDir {
    let dir = site(&[
        ACTOR,
        ("site.yaml", site_yaml),
        ("content/briefings/b.md", &briefing_md(image_line)),
        ("content/briefings/plain.md", &briefing_md("")),
    ]);
    png(dir.path(), "content/briefings/lead.png", 64, 36);
    png(dir.path(), "content/cards/site.png", 120, 63);
    dir
}

const WITH_BASE: &str = "title: T\nbase_url: https://example.org/sub/\n";
const WITH_CARD: &str = "title: T\nbase_url: https://example.org/sub/\nimage: {src: cards/site.png, alt: Site card 0003, credit: Test Credit 0004}\n";

fn meta(page: &str, property: &str) -> Option<String> {
    let key = format!("property=\"{property}\" content=\"");
    let key = if page.contains(&key) {
        key
    } else {
        format!("name=\"{property}\" content=\"")
    };
    let start = page.find(&key)? + key.len();
    Some(page[start..start + page[start..].find('"')?].to_string())
}

fn jsonld(page: &str) -> Value {
    let start = page.find("application/ld+json\">").expect("JSON-LD") + 21;
    let end = start + page[start..].find("</script>").expect("end");
    serde_json::from_str(&page[start..end]).expect("JSON")
}

#[test]
fn a_lead_image_shows_as_a_figure_sized_from_its_file() {
    let dir = card_site("title: T\n", LEAD);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    let page = read(&out, "briefings/b/index.html");
    let figure = "<figure class=\"lead\">\n        <img src=\"../../briefings/lead.png\" srcset=\"../../briefings/lead.png 64w\" sizes=\"(max-width: 40rem) 100vw, 40rem\" width=\"64\" height=\"36\" alt=\"A red test card\">\n        <figcaption>Test caption 0001 <span class=\"credit\">Test Credit 0002</span></figcaption>\n      </figure>";
    assert!(page.contains(figure), "{page}");
    assert!(out.join("briefings/lead.png").is_file());
    // Without base_url no URL is absolute: no og:image, and a small card.
    assert_eq!(meta(&page, "og:image"), None);
    assert_eq!(meta(&page, "twitter:card").as_deref(), Some("summary"));
    assert!(!read(&out, "briefings/plain/index.html").contains("<figure class=\"lead\">"));
}

#[test]
fn an_image_under_content_and_an_svg_are_found_and_measured() {
    let dir = card_site(
        "title: T\n",
        "image: {src: /cards/site.png, alt: Card, credit: C}\n",
    );
    std::fs::write(
        dir.path().join("content/actors/map.svg"),
        "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 300\"></svg>\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/actors/actor-0001.md"),
        "---\nname: Actor 0001\nimage: {src: map.svg, alt: Map 0005, credit: Drawn for the test}\n---\n",
    )
    .unwrap();
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    let page = read(&out, "briefings/b/index.html");
    assert!(
        page.contains(
            "<img src=\"../../cards/site.png\" srcset=\"../../cards/site.png 120w\" \
             sizes=\"(max-width: 40rem) 100vw, 40rem\" width=\"120\" height=\"63\" alt=\"Card\">"
        ),
        "{page}"
    );
    let actor = read(&out, "actors/actor-0001/index.html");
    assert!(
        actor.contains("<figure class=\"portrait\">\n        <img src=\"../../actors/map.svg\" width=\"400\" height=\"300\" alt=\"Map 0005\">"),
        "{actor}"
    );
}

#[test]
fn bad_images_are_errors_at_their_place() {
    let errs = errors(&[
        ACTOR,
        (
            "content/briefings/b.md",
            &briefing_md("image: {src: missing.png, alt: X, credit: C}\n"),
        ),
        (
            "content/briefings/c.md",
            &briefing_md("image:\n  src: missing.png\n  credit: C\n"),
        ),
        (
            "content/briefings/d.md",
            &briefing_md("image: {src: ../../../etc/passwd, alt: X, credit: C}\n"),
        ),
        (
            "content/briefings/e.md",
            &briefing_md("image: {src: notes.txt, alt: X}\n"),
        ),
        ("content/briefings/notes.txt", "not a picture"),
        (
            "content/briefings/f.md",
            &briefing_md("image: {src: broken.png, alt: X, credit: C}\n"),
        ),
        ("content/briefings/broken.png", "not a png"),
        (
            "content/briefings/g.md",
            &briefing_md("image: {src: flat.svg, alt: X, credit: C}\n"),
        ),
        (
            "content/briefings/flat.svg",
            "<svg width=\"2em\" height=\"1em\"></svg>",
        ),
        (
            "content/briefings/h.md",
            &briefing_md("image: {src: 'https://example.org/x.png', alt: X, credit: C}\n"),
        ),
    ]);
    let got: Vec<_> = errs
        .iter()
        .filter(|d| !d.is_warning())
        .map(summary)
        .collect();
    let expected = [
        (
            Kind::BadValue,
            "content/briefings/b.md:4:14",
            "image `missing.png` does not exist",
        ),
        (
            Kind::MissingKey,
            "content/briefings/c.md:4:1",
            "image has no `alt` text",
        ),
        // Every problem of an image, not just the first.
        (
            Kind::BadValue,
            "content/briefings/c.md:5:8",
            "image `missing.png` does not exist",
        ),
        (
            Kind::BadValue,
            "content/briefings/d.md:4:14",
            "image `../../../etc/passwd` is outside content/",
        ),
        (
            Kind::BadValue,
            "content/briefings/e.md:4:14",
            "image `notes.txt` is not a JPEG, PNG, WebP or SVG file, which every browser shows",
        ),
        (
            Kind::BadValue,
            "content/briefings/f.md:4:14",
            "cannot read the size of image `broken.png`: Format error decoding Png: Invalid PNG signature.",
        ),
        (
            Kind::BadValue,
            "content/briefings/g.md:4:14",
            "cannot tell the size of SVG image `flat.svg`: its <svg> element needs `width` and `height` in pixels, or a `viewBox`",
        ),
        (
            Kind::BadValue,
            "content/briefings/h.md:4:14",
            "image `https://example.org/x.png` is a web address; an image here is a file of the site",
        ),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(k, l, m)| (*k, l.to_string(), m.to_string()))
        .collect();
    assert_eq!(got, expected);
    // The one missing credit of the failed build is printed with the errors.
    let warned: Vec<_> = errs
        .iter()
        .filter(|d| d.is_warning())
        .map(summary)
        .collect();
    assert_eq!(
        warned,
        [(
            Kind::MissingKey,
            "content/briefings/e.md:4:1".to_string(),
            "image has no `credit`".to_string()
        )]
    );
}

#[test]
fn a_missing_credit_warns_and_the_site_is_still_written() {
    let dir = card_site(
        "title: T\n",
        "image: {src: lead.png, alt: A red test card}\n",
    );
    let root = dir.path().to_str().unwrap();
    let built = briefing(&["build", "--root", root]);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert_eq!(built.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with(
            "warning: image has no `credit`\n --> content/briefings/b.md:4:1\n  |\n4 | image: {src: lead.png, alt: A red test card}\n  | ^^^^^ say who made the picture"
        ),
        "{stderr}"
    );
    let page = read(&dir.path().join("public"), "briefings/b/index.html");
    assert!(page.contains("<figure class=\"lead\">"), "{page}");
    assert!(!page.contains("<figcaption>"), "{page}");

    let checked = briefing(&["check", "--root", root]);
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert_eq!(checked.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with("warning: image has no `credit`"),
        "{stderr}"
    );
    assert!(stderr.contains("; no errors, 1 warning\n"), "{stderr}");
}

#[test]
fn link_cards_carry_absolute_images_with_size_and_alt() {
    let dir = card_site(WITH_CARD, LEAD);
    std::fs::write(
        dir.path().join("content/actors/actor-0001.md"),
        "---\nname: Actor 0001\nimage: {src: ../briefings/lead.png, alt: Portrait 0006, credit: C}\n---\n",
    )
    .unwrap();
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    let card = |page: &str| {
        let page = read(&out, page);
        [
            "og:image",
            "og:image:width",
            "og:image:height",
            "og:image:alt",
            "twitter:card",
        ]
        .map(|p| meta(&page, p).unwrap_or_default())
    };
    let lead = "https://example.org/sub/briefings/lead.png";
    let site_card = "https://example.org/sub/cards/site.png";
    let large = "summary_large_image";
    assert_eq!(
        card("briefings/b/index.html"),
        [lead, "64", "36", "A red test card", large]
    );
    // Without an image of its own, a page has the site's.
    assert_eq!(
        card("briefings/plain/index.html"),
        [site_card, "120", "63", "Site card 0003", large]
    );
    assert_eq!(
        card("actors/actor-0001/index.html"),
        [lead, "64", "36", "Portrait 0006", large]
    );
    assert_eq!(
        card("index.html"),
        [site_card, "120", "63", "Site card 0003", large]
    );
    assert_eq!(card("quotes/index.html")[0], site_card);

    let ld = jsonld(&read(&out, "briefings/b/index.html"));
    assert_eq!(ld["image"], serde_json::json!([lead]));
    let actor = jsonld(&read(&out, "actors/actor-0001/index.html"));
    assert_eq!(actor["image"], lead);
}

#[test]
fn without_any_image_the_card_is_small() {
    let dir = card_site(WITH_BASE, "");
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    for page in [
        "briefings/b/index.html",
        "index.html",
        "actors/actor-0001/index.html",
    ] {
        let page = read(&out, page);
        assert_eq!(meta(&page, "twitter:card").as_deref(), Some("summary"));
        assert_eq!(meta(&page, "og:image"), None);
    }
    let ld = jsonld(&read(&out, "briefings/b/index.html"));
    assert_eq!(ld.get("image"), None);
}

#[test]
fn news_article_has_date_modified_and_authors_with_urls() {
    let dir = site(&[
        ("site.yaml", WITH_BASE),
        (
            "content/briefings/b.md",
            &briefing_md("corrections:\n  - {date: 2022-03-09, what: Fixed a test figure}\n"),
        ),
        (
            "content/briefings/c.md",
            &briefing_md("updated: 2022-03-07\n"),
        ),
        ("content/briefings/d.md", &briefing_md("")),
    ]);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    let ld = |slug: &str| jsonld(&read(&out, &format!("briefings/{slug}/index.html")));
    assert_eq!(ld("b")["dateModified"], "2022-03-09");
    assert_eq!(ld("c")["dateModified"], "2022-03-07");
    // Never changed: modified when published.
    assert_eq!(ld("d")["dateModified"], "2022-03-06");
    assert_eq!(ld("d")["datePublished"], "2022-03-06");
    // Without a byline, the site is the author, with its home page as the url.
    assert_eq!(
        ld("d")["author"],
        serde_json::json!({"@type": "Organization", "name": "T", "url": "https://example.org/sub/"})
    );
}

#[test]
fn every_page_links_the_default_icon_relatively() {
    let dir = card_site("title: T\n", LEAD);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    let icon = read(&out, "favicon.svg");
    assert!(
        icon.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{icon}"
    );
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        pages += 1;
        let page = read(&out, &rel);
        let up = "../".repeat(rel.matches('/').count());
        let link = format!("<link rel=\"icon\" href=\"{up}favicon.svg\" type=\"image/svg+xml\">");
        assert!(page.contains(&link), "{rel}: {page}");
        let target = entry
            .path()
            .parent()
            .unwrap()
            .join(format!("{up}favicon.svg"));
        assert!(target.is_file(), "{rel}");
    }
    assert!(pages > 10, "{pages}");
}

#[test]
fn a_favicon_of_the_site_replaces_the_default() {
    let dir = card_site("title: T\nfavicon: icons/site.png\n", "");
    png(dir.path(), "content/icons/site.png", 32, 32);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    let page = read(&out, "briefings/b/index.html");
    assert!(
        page.contains("<link rel=\"icon\" href=\"../../icons/site.png\" type=\"image/png\">"),
        "{page}"
    );
    assert!(out.join("icons/site.png").is_file());
    assert!(!out.join("favicon.svg").exists());
}

#[test]
fn a_missing_or_unusable_favicon_or_site_image_is_an_error_in_site_yaml() {
    let errs = errors(&[(
        "site.yaml",
        "title: T\nfavicon: icon.png\nimage: {src: card.png, alt: X, credit: C}\n",
    )]);
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert_eq!(
        got,
        [
            (
                Kind::BadValue,
                "site.yaml:2:10".to_string(),
                "favicon `icon.png` does not exist".to_string()
            ),
            (
                Kind::BadValue,
                "site.yaml:3:14".to_string(),
                "image `card.png` does not exist".to_string()
            ),
        ]
    );
    let errs = errors(&[("site.yaml", "title: T\nfavicon: icon.gif\n")]);
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert_eq!(
        got,
        [(
            Kind::BadValue,
            "site.yaml:2:10".to_string(),
            "favicon `icon.gif` is not an .svg, .png or .ico file".to_string()
        )]
    );
    let errs = errors(&[("site.yaml", "title: T\nimage: {src: card.png}\n")]);
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert_eq!(
        got,
        [
            (
                Kind::MissingKey,
                "site.yaml:2:8".to_string(),
                "image has no `alt` text".to_string()
            ),
            (
                Kind::MissingKey,
                "site.yaml:2:8".to_string(),
                "image has no `credit`".to_string()
            ),
            (
                Kind::BadValue,
                "site.yaml:2:14".to_string(),
                "image `card.png` does not exist".to_string()
            ),
        ]
    );
    assert!(errs[1].is_warning() && !errs[0].is_warning());
}

#[test]
fn an_icon_in_content_without_favicon_set_is_told_how_to_use_it() {
    let errs = errors(&[
        (
            "content/favicon.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>",
        ),
        ("content/briefings/b.md", &briefing_md("")),
    ]);
    let got: Vec<_> = errs.iter().map(|d| (d.locus(), d.hint.clone())).collect();
    assert_eq!(
        got,
        [(
            "content/favicon.svg".to_string(),
            Some("to make it the site's icon, set `favicon: favicon.svg` in site.yaml".to_string())
        )]
    );
    let dir = site(&[
        ("site.yaml", "title: T\nfavicon: favicon.svg\n"),
        (
            "content/favicon.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\"/>",
        ),
        ("content/briefings/b.md", &briefing_md("")),
    ]);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    assert!(read(&out, "favicon.svg").contains("viewBox=\"0 0 1 1\""));
}
