//! Issue 13, item 3: dates with a time of day, shown with their zone, sorted by the
//! instant and written in full in feeds, page metadata and the export; and item 12's
//! hints for dates written in words or slashes.

use std::path::{Path, PathBuf};

use briefing::diag::{Diagnostic, Kind};

use crate::common::*;

/// Three fake briefings on 6 March 2022: one dated to the day and updated at
/// 14:30+02:00, two at times of day whose clocks run against the instant (11:00+02:00
/// is 09:00 UTC, 08:30-06:00 is 14:30 UTC), so sorting by the text would fail.
fn timed_site() -> (tempfile::TempDir, PathBuf) {
    let dir = site(&[
        ACTOR,
        (
            "site.yaml",
            "title: Times test site\nbase_url: https://example.org/\n",
        ),
        (
            "content/briefings/day-only.md",
            "---\ntitle: Briefing dated to the day\ndate: 2022-03-06\nupdated: 2022-03-06T14:30+02:00\nquotes:\n  - by: Actor 0001\n    text: Synthetic words at noon.\n    said: 2022-03-06T12:00:00Z\n  - by: Actor 0001\n    text: Synthetic words in the morning.\n    said: 2022-03-06T13:00+05:00\n---\n\nBody.\n",
        ),
        (
            "content/briefings/morning.md",
            "---\ntitle: Briefing at nine UTC\ndate: 2022-03-06T11:00:00+02:00\n---\n\nBody.\n",
        ),
        (
            "content/briefings/afternoon.md",
            "---\ntitle: Briefing at half past two UTC\ndate: \"2022-03-06T08:30-06:00\"\n---\n\nBody.\n",
        ),
    ]);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("the timed site builds: {d:#?}"));
    (dir, out)
}

fn positions(page: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| page.find(n).unwrap_or_else(|| panic!("no `{n}` in page")))
        .collect()
}

fn is_sorted(v: &[usize]) -> bool {
    v.windows(2).all(|w| w[0] < w[1])
}

#[test]
fn a_time_of_day_is_shown_with_its_zone_in_a_valid_time_element() {
    let (_dir, out) = timed_site();
    let page = read(&out, "briefings/day-only/index.html");
    assert!(
        page.contains(
            "(updated <time datetime=\"2022-03-06T14:30:00+02:00\">6 March 2022, 14:30 UTC+02:00</time>)"
        ),
        "{page}"
    );
    // The day-only date is as it always was.
    assert!(page.contains("<time datetime=\"2022-03-06\">6 March 2022</time>"));
    // Quotes carry their time too.
    assert!(
        page.contains("<time datetime=\"2022-03-06T12:00:00Z\">6 March 2022, 12:00 UTC</time>")
    );
    let morning = read(&out, "briefings/morning/index.html");
    assert!(morning.contains(
        "<time datetime=\"2022-03-06T11:00:00+02:00\">6 March 2022, 11:00 UTC+02:00</time>"
    ));
}

#[test]
fn briefings_and_statements_sort_by_the_instant() {
    let (_dir, out) = timed_site();
    // Newest first: 14:30 UTC, 09:00 UTC, then the day alone (00:00 UTC).
    let listing = read(&out, "briefings/index.html");
    let order = positions(
        &listing,
        &[
            ">Briefing at half past two UTC<",
            ">Briefing at nine UTC<",
            ">Briefing dated to the day<",
        ],
    );
    assert!(is_sorted(&order), "{order:?}");
    // Oldest first: 13:00+05:00 is 08:00 UTC, before 12:00 UTC.
    let timeline = read(&out, "timeline/index.html");
    let order = positions(
        &timeline,
        &[
            "Synthetic words in the morning.",
            "Synthetic words at noon.",
        ],
    );
    assert!(is_sorted(&order), "{order:?}");
}

#[test]
fn feeds_metadata_and_the_export_carry_the_full_timestamp() {
    let (_dir, out) = timed_site();
    let feed = read(&out, "atom.xml");
    let entry = between(
        &feed,
        "<title>Briefing dated to the day</title>",
        "</entry>",
    );
    assert!(
        entry.contains("<published>2022-03-06T00:00:00Z</published>"),
        "{entry}"
    );
    assert!(
        entry.contains("<updated>2022-03-06T14:30:00+02:00</updated>"),
        "{entry}"
    );
    let entry = between(&feed, "<title>Briefing at nine UTC</title>", "</entry>");
    assert!(
        entry.contains("<published>2022-03-06T11:00:00+02:00</published>"),
        "{entry}"
    );
    // The feed is as new as its newest change: 08:30-06:00 (14:30 UTC), later than
    // the update at 14:30+02:00 (12:30 UTC) though its clock reads earlier.
    assert!(
        feed.contains("\n  <updated>2022-03-06T08:30:00-06:00</updated>\n"),
        "{feed}"
    );

    let page = read(&out, "briefings/day-only/index.html");
    assert!(page.contains("<meta property=\"article:published_time\" content=\"2022-03-06\">"));
    assert!(page.contains(
        "<meta property=\"article:modified_time\" content=\"2022-03-06T14:30:00+02:00\">"
    ));
    assert!(
        page.contains("\"dateModified\":\"2022-03-06T14:30:00+02:00\""),
        "{page}"
    );
    assert!(page.contains("\"datePublished\":\"2022-03-06\""));
    let afternoon = read(&out, "briefings/afternoon/index.html");
    assert!(afternoon.contains("\"datePublished\":\"2022-03-06T08:30:00-06:00\""));

    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains("<lastmod>2022-03-06T14:30:00+02:00</lastmod>"),
        "{sitemap}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "data/briefings.json")).expect("JSON");
    let by_id = |id: &str| -> serde_json::Value {
        json.as_array()
            .expect("array")
            .iter()
            .find(|b| b["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
            .clone()
    };
    let day_only = by_id("day-only");
    assert_eq!(
        day_only["updated"],
        serde_json::json!({
            "edtf": "2022-03-06T14:30+02:00",
            "lower": "2022-03-06",
            "upper": "2022-03-06",
            "timestamp": "2022-03-06T14:30:00+02:00",
        })
    );
    // A date without a time keeps the shape it always had.
    assert_eq!(
        day_only["date"],
        serde_json::json!({"edtf": "2022-03-06", "lower": "2022-03-06", "upper": "2022-03-06"})
    );
}

/// The text between `start` and the next `end` after it.
fn between<'a>(haystack: &'a str, start: &str, end: &str) -> &'a str {
    let i = haystack
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}`"));
    let rest = &haystack[i..];
    &rest[..rest.find(end).map_or(rest.len(), |j| j + end.len())]
}

#[test]
fn the_sample_shows_the_desks_update_time() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    // With a base URL, so that there is a feed.
    let settings = std::fs::read_to_string(repo.join("site.yaml")).expect("site.yaml");
    std::fs::write(
        dir.path().join("site.yaml"),
        format!("{settings}base_url: https://example.org/\n"),
    )
    .expect("write site.yaml");
    let out = build(dir.path()).unwrap_or_else(|d| panic!("the sample builds: {d:#?}"));
    let page = read(&out, "briefings/sanctions-oligarch-assets/index.html");
    assert!(
        page.contains("<time datetime=\"2022-03-06T14:30:00Z\">6 March 2022, 14:30 UTC</time>"),
        "{page}"
    );
    assert!(page.contains("\"dateModified\":\"2022-03-06T14:30:00Z\""));
    let feed = read(&out, "atom.xml");
    let entry = between(&feed, "seizing Russian oligarchs", "</entry>");
    assert!(
        entry.contains("<updated>2022-03-06T14:30:00Z</updated>"),
        "{entry}"
    );
}

// ------------------------------------------------------------------ mistakes

fn summary(d: &Diagnostic) -> (Kind, String, String, Option<String>) {
    (d.kind, d.locus(), d.message.clone(), d.hint.clone())
}

fn date_errors(date: &str) -> Vec<(Kind, String, String, Option<String>)> {
    let md = format!("---\ntitle: T\ndate: {date}\n---\n");
    errors(&[ACTOR, ("content/briefings/b.md", &md)])
        .iter()
        .map(summary)
        .collect()
}

#[test]
fn dates_in_words_or_slashes_get_the_edtf_to_write() {
    assert_eq!(
        date_errors("March 2022"),
        vec![(
            Kind::BadDate,
            "content/briefings/b.md:3:7".into(),
            "invalid date `March 2022`: dates are written in digits, year first".into(),
            Some("write `2022-03`".into())
        )]
    );
    assert_eq!(
        date_errors("6 March 2022")[0].3.as_deref(),
        Some("write `2022-03-06`")
    );
    assert_eq!(
        date_errors("\"03/06/2022\"")[0].3.as_deref(),
        Some("write `2022-06-03` for 3 June, or `2022-03-06` for 6 March")
    );
    // Anything else keeps the general hint.
    assert_eq!(
        date_errors("2022-13")[0].3.as_deref(),
        Some("write dates as EDTF: 2022-03-06, 2022-03, 2022, 2022-03~, 2022-03-01/2022-03-05")
    );
}

#[test]
fn a_time_without_a_zone_is_refused_where_it_stands() {
    assert_eq!(
        date_errors("2022-03-06T14:30"),
        vec![(
            Kind::BadDate,
            "content/briefings/b.md:3:18".into(),
            "invalid date `2022-03-06T14:30`: a time needs a zone: Z for UTC or an offset like +02:00"
                .into(),
            Some(
                "add the zone the time was in: `2022-03-06T14:30Z` for UTC, `2022-03-06T14:30+02:00` for two hours ahead of it"
                    .into()
            )
        )]
    );
    assert_eq!(
        date_errors("2022-03-06 14:30Z")[0].3.as_deref(),
        Some("put a `T` between the date and the time: `2022-03-06T14:30Z`")
    );
}

#[test]
fn a_correction_is_after_publication_by_the_instant_when_both_have_a_time() {
    let corrected = |date: &str, on: &str| {
        format!(
            "---\ntitle: T\ndate: {date}\ncorrections:\n  - date: {on}\n    what: Synthetic correction.\n---\n"
        )
    };
    // 01:00+05:00 is 20:00 UTC the day before: a correction at 22:00 UTC comes after.
    let dir = site(&[
        ACTOR,
        (
            "content/briefings/b.md",
            &corrected("2022-03-02T01:00+05:00", "2022-03-01T22:00Z"),
        ),
    ]);
    build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    // An hour before publication, the same day.
    let d = errors(&[
        ACTOR,
        (
            "content/briefings/b.md",
            &corrected("2022-03-02T10:00Z", "2022-03-02T09:00Z"),
        ),
    ]);
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].message.contains("before the briefing's date"),
        "{d:#?}"
    );
    // A day alone may be any time that day.
    let dir = site(&[
        ACTOR,
        (
            "content/briefings/b.md",
            &corrected("2022-03-02T10:00Z", "2022-03-02"),
        ),
    ]);
    build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
}
