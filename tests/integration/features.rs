//! Issue 7: source grades, claims, corrections, names in other scripts, dated
//! affiliations, quote roles, pictures, quote verification and print, on the
//! `features` and `verify` fixtures and on the sample site.

use std::path::{Path, PathBuf};
use std::process::Command;

use briefing::diag::{Diagnostic, Kind};

use crate::common::*;

/// The `features` fixture built into a temp dir: (dir, public/).
fn features() -> (tempfile::TempDir, PathBuf) {
    let dir = copy_of("features");
    let out = build(dir.path()).unwrap_or_else(|d| panic!("features builds: {d:#?}"));
    (dir, out)
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The text between `start` and the next `end` after it.
fn between<'a>(haystack: &'a str, start: &str, end: &str) -> &'a str {
    let i = haystack
        .find(start)
        .unwrap_or_else(|| panic!("no `{start}`"));
    let rest = &haystack[i..];
    &rest[..rest.find(end).map_or(rest.len(), |j| j + end.len())]
}

fn summary(d: &Diagnostic) -> (Kind, String, String, Option<String>) {
    (d.kind, d.locus(), d.message.clone(), d.hint.clone())
}

fn briefing_with(extra: &str) -> Vec<Diagnostic> {
    errors(&[ACTOR, ("content/briefings/b.md", &briefing_md(extra))])
}

// ------------------------------------------------------------------ grades

#[test]
fn grades_show_beside_quotes_and_events_with_their_meaning_and_a_legend() {
    let (_dir, out) = features();
    let page = read(&out, "briefings/ceasefire-talks/index.html");
    let a1 = "<abbr class=\"grade-code\" title=\"Completely reliable source; information confirmed by other sources\" tabindex=\"0\">A1</abbr>";
    let f6 = "<abbr class=\"grade-code\" title=\"Source reliability cannot be judged; truth of the information cannot be judged\" tabindex=\"0\">F6</abbr>";
    // Beside the quotes (1 F6, 2 A1), events (1 A1, 1 F6), claim sources (F6, A1) and in
    // the source list (F6, A1).
    assert_eq!(count(&page, a1), 5, "{page}");
    assert_eq!(count(&page, f6), 4);
    // F6 is drawn neutrally, as "cannot be judged", not as the worst grade.
    assert_eq!(count(&page, "<span class=\"grade grade-unjudged\">"), 4);
    assert_eq!(count(&page, "<span class=\"grade\">"), 5);
    // The meaning is in the text for screen readers (and print), not only in `title`.
    assert!(page.contains(
        "<span class=\"grade-meaning\">: Completely reliable source; information confirmed by other sources</span>"
    ));
    let legend = between(&page, "<section class=\"grade-legend\"", "</section>");
    for line in [
        "<dt>A</dt><dd>Completely reliable</dd>",
        "<dt>F</dt><dd>Reliability cannot be judged</dd>",
        "<dt>1</dt><dd>Confirmed by other sources</dd>",
        "<dt>6</dt><dd>Truth cannot be judged</dd>",
    ] {
        assert!(legend.contains(line), "{line} in {legend}");
    }
    // Grades also show wherever the quote is shown: on the speaker's page.
    let actor = read(&out, "actors/alex-spokes/index.html");
    assert!(actor.contains(f6));
}

#[test]
fn an_invalid_grade_keeps_its_message() {
    let errs = briefing_with("sources:\n  - id: s\n    title: S\n    grade: G7\n");
    assert_eq!(
        summary(&errs[0]),
        (
            Kind::BadValue,
            "content/briefings/b.md:7:12".into(),
            "invalid source grade `G7`".into(),
            Some(
                "an Admiralty grade is a letter A–F (reliability) and a digit 1–6 (credibility), e.g. B2"
                    .into()
            )
        )
    );
}

// ------------------------------------------------------------------ claims

#[test]
fn claims_show_on_the_briefing_on_each_actor_and_on_the_claims_page() {
    let (_dir, out) = features();
    let page = read(&out, "briefings/ceasefire-talks/index.html");
    let convoy = between(
        &page,
        "<article class=\"claim claim-disputed\" id=\"claim-convoy-at-dawn\">",
        "</article>",
    );
    assert!(convoy.contains("<h3 class=\"claim-text\">The convoy will pass at dawn</h3>"));
    assert!(convoy.contains("<span class=\"claim-status status-disputed\">Disputed</span>"));
    let asserted = between(convoy, "<dt>Asserted by</dt>", "</dd>");
    assert!(
        asserted.contains(">Alex Spokes</a>") && asserted.contains(">Ministry of Examples</a>")
    );
    let denied = between(convoy, "<dt>Denied or disputed by</dt>", "</dd>");
    assert!(denied.contains(">Agency X</a>") && !denied.contains("Alex Spokes"));
    assert!(convoy.contains("href=\"../../briefings/ceasefire-talks/index.html#source-wire\""));
    // Without `status`, a claim nobody denies is asserted; `retracted` is kept.
    assert!(page.contains("<article class=\"claim claim-asserted\" id=\"claim-talks-continue\">"));
    assert!(page.contains("<article class=\"claim claim-retracted\" id=\"claim-old-rumour\">"));

    // On each actor's page, by side.
    let agency = read(&out, "actors/agency-x/index.html");
    let denies = between(&agency, "<h3>Denied or disputed</h3>", "</article>");
    assert!(denies.contains("The convoy will pass at dawn"));
    let asserts = between(&agency, "<h3>Asserted</h3>", "</article>");
    assert!(asserts.contains("A synthetic rumour, since withdrawn"));
    let spokes = read(&out, "actors/alex-spokes/index.html");
    assert!(
        between(&spokes, "<h3>Asserted</h3>", "</article>")
            .contains("The convoy will pass at dawn")
    );
    assert!(!spokes.contains("<h3>Denied or disputed</h3>"));
    // The claimants are actors of the briefing.
    let ministry = read(&out, "actors/ministry-of-examples/index.html");
    assert!(ministry.contains("../../briefings/ceasefire-talks/index.html"));

    // The claims page: all of them, newest first, with links back, and in the nav.
    let claims = read(&out, "claims/index.html");
    assert!(claims.contains("<a href=\"../claims/index.html\" aria-current=\"page\">Claims</a>"));
    let (a, b, c) = (
        claims.find("The convoy will pass at dawn").expect("convoy"),
        claims.find("The talks continue").expect("talks"),
        claims.find("A synthetic rumour").expect("rumour"),
    );
    assert!(a < b && b < c, "newest first, undated last");
    assert!(
        claims.contains("href=\"../briefings/ceasefire-talks/index.html#claim-convoy-at-dawn\"")
    );
    assert!(claims.contains("3 claims:"));
    // Listed in the sitemap, as every page is.
    assert!(read(&out, "sitemap.xml").contains("https://example.org/features/claims/"));
}

#[test]
fn claim_mistakes_are_reported_with_hints() {
    let errs = briefing_with(
        "sources:\n  - id: s\n    title: S\nclaims:\n  - id: one\n    text: X\n    by: [A1]\n    status: disputd\n    sources: [t]\n  - id: one\n    text: Y\n    by: [Actor 0001]\n    denied_by: [A1]\n    date: 2022-13\n  - id: Not A Slug\n    text: Z\n",
    );
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert_eq!(
        got,
        vec![
            (
                Kind::BadValue,
                "content/briefings/b.md:11:13".into(),
                "unknown claim status `disputd`".into(),
                Some("did you mean `disputed`?".into())
            ),
            (
                Kind::UnknownSource,
                "content/briefings/b.md:12:15".into(),
                "unknown source `t`".into(),
                Some("did you mean `s`?".into())
            ),
            (
                Kind::DuplicateSlug,
                "content/briefings/b.md:13:9".into(),
                "claim id `one` is used twice in this briefing".into(),
                None
            ),
            (
                Kind::BadValue,
                "content/briefings/b.md:15:10".into(),
                "`Actor 0001` both asserts and denies this claim".into(),
                Some(
                    "split it into two claims, or record the change with `status: retracted`"
                        .into()
                )
            ),
            (
                Kind::BadDate,
                "content/briefings/b.md:17:16".into(),
                "invalid date `2022-13`: month 13 is out of range (01–12)".into(),
                Some(
                    "write dates as EDTF: 2022-03-06, 2022-03, 2022, 2022-03~, 2022-03-01/2022-03-05"
                        .into()
                )
            ),
            (
                Kind::MissingKey,
                "content/briefings/b.md:18:5".into(),
                "a claim needs `by` or `denied_by`".into(),
                Some(
                    "name who asserts it in `by:` and who disputes it in `denied_by:`".into()
                )
            ),
            (
                Kind::BadValue,
                "content/briefings/b.md:18:9".into(),
                "invalid claim id `Not A Slug`".into(),
                Some("claim ids are lowercase words joined by hyphens, e.g. `not-a-slug`".into())
            ),
        ]
    );
}

#[test]
fn an_unknown_actor_in_a_claim_is_pointed_at() {
    let errs = briefing_with("claims:\n  - id: c\n    text: X\n    denied_by: [Actor 0002]\n");
    assert_eq!(
        summary(&errs[0]),
        (
            Kind::UnknownActor,
            "content/briefings/b.md:7:17".into(),
            "unknown actor `Actor 0002`".into(),
            Some("did you mean `Actor 0001`?".into())
        )
    );
}

// ------------------------------------------------------------------ corrections

#[test]
fn corrections_are_at_the_foot_on_their_page_and_date_the_feed_entry() {
    let (_dir, out) = features();
    let page = read(&out, "briefings/ceasefire-talks/index.html");
    let foot = between(
        &page,
        "<section class=\"briefing-corrections\" id=\"corrections\">",
        "</section>",
    );
    let first = foot
        .find("The convoy&#39;s route was misnamed")
        .expect("first");
    let second = foot
        .find("The spokesperson&#39;s ministry")
        .expect("second");
    assert!(first < second, "oldest first at the foot");
    assert!(foot.contains("<time datetime=\"2022-03-09\">9 March 2022</time>"));
    assert!(page.ends_with("</html>\n") || page.ends_with("</html>"));
    assert!(page.contains("<a class=\"corrected\" href=\"#corrections\">(corrected <time datetime=\"2022-03-09\">9 March 2022</time>)</a>"));
    // After every other section of the article.
    assert!(page.find("id=\"corrections\"") > page.find("id=\"sources\""));

    let all = read(&out, "corrections/index.html");
    let (a, b) = (
        all.find("The spokesperson&#39;s ministry").expect("newest"),
        all.find("The convoy&#39;s route").expect("oldest"),
    );
    assert!(a < b, "newest first on the corrections page");
    assert!(all.contains("href=\"../briefings/ceasefire-talks/index.html#corrections\""));
    // Every page links to it.
    assert!(read(&out, "index.html").contains("href=\"corrections/index.html\">Corrections</a>"));

    // The feed entry is updated on the day of the latest correction.
    let feed = read(&out, "atom.xml");
    let entry = between(
        &feed,
        "<title>Synthetic ceasefire talks</title>",
        "</entry>",
    );
    assert!(
        entry.contains("<published>2022-03-03T00:00:00Z</published>"),
        "{entry}"
    );
    assert!(
        entry.contains("<updated>2022-03-09T00:00:00Z</updated>"),
        "{entry}"
    );
    // And the page says when it was modified.
    assert!(page.contains("<meta property=\"article:modified_time\" content=\"2022-03-09\">"));
}

#[test]
fn a_site_without_corrections_says_so() {
    let dir = copy_of("mini");
    let out = build(dir.path()).expect("mini builds");
    let all = read(&out, "corrections/index.html");
    assert!(all.contains("No corrections have been made."));
    assert!(!read(&out, "briefings/first/index.html").contains("id=\"corrections\""));
}

#[test]
fn corrections_are_dated_to_the_day_after_publication() {
    let errs = briefing_with(
        "corrections:\n  - date: 2022-03\n    what: X\n  - date: 2022-03-01\n    what: Y\n  - date: 2022-03-07\n    what: ' '\n",
    );
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert_eq!(
        got,
        vec![
            (
                Kind::BadDate,
                "content/briefings/b.md:5:11".into(),
                "a correction is dated to the day, not `2022-03`".into(),
                Some("write the day the correction was made, e.g. 2022-03-07".into())
            ),
            (
                Kind::BadDate,
                "content/briefings/b.md:7:11".into(),
                "correction dated `2022-03-01`, before the briefing's date".into(),
                Some("a correction comes after publication".into())
            ),
            (
                Kind::BadValue,
                "content/briefings/b.md:10:11".into(),
                "empty correction".into(),
                None
            ),
        ]
    );
}

// ------------------------------------------------------------------ names, ties, roles

#[test]
fn cyrillic_aliases_resolve_as_refs_and_carry_their_language() {
    let (_dir, out) = features();
    let page = read(&out, "briefings/ceasefire-talks/index.html");
    // `by: Зеленський` in a quote, `[[Зеленський|the president]]` in the body.
    assert!(page.contains("<a class=\"speaker\" href=\"../../actors/volodymyr-zelenskyy/index.html\">Volodymyr Zelenskyy</a>"));
    assert!(
        page.contains("<a href=\"../../actors/volodymyr-zelenskyy/index.html\">the president</a>")
    );
    let actor = read(&out, "actors/volodymyr-zelenskyy/index.html");
    assert!(actor.contains("<li lang=\"uk\">Зеленський</li>"));
    assert!(actor.contains("<li lang=\"ru\">Зеленский</li>"));
    assert!(actor.contains("<li>Zelenskyy</li>"));
    // Search folds the names as the search script folds a query.
    let index = read(&out, "search/index.js");
    assert!(index.contains("\"зеленськии\"") && index.contains("\"зеленскии\""));
    // The export keeps the names as strings.
    let actors = read(&out, "data/actors.json");
    assert!(actors.contains("\"Зеленський\""));
}

#[test]
fn affiliations_show_their_role_and_dates_on_both_sides() {
    let (_dir, out) = features();
    let spokes = read(&out, "actors/alex-spokes/index.html");
    let ties = between(&spokes, "<dt>Affiliated with</dt>", "</dd>");
    assert!(ties.contains(">Ministry of Examples</a></li>"), "{ties}");
    assert!(ties.contains(">Ukraine</a>, <span class=\"role\">Envoy</span> <span class=\"period\">(January 2020 – 30 June 2021)</span></li>"), "{ties}");
    assert!(
        ties.contains(
            ">Ministry of Samples</a> <span class=\"period\">(until around 2019)</span></li>"
        ),
        "{ties}"
    );
    let ukraine = read(&out, "actors/ukraine/index.html");
    let members = between(&ukraine, "<dt>Members</dt>", "</dd>");
    assert!(members.contains(">Volodymyr Zelenskyy</a>, <span class=\"role\">President</span> <span class=\"period\">(since 20 May 2019)</span>"), "{members}");
    assert!(members.contains(">Alex Spokes</a>, <span class=\"role\">Envoy</span>"));
    // JSON-LD and the export still name the affiliations.
    assert!(spokes.contains(
        "\"affiliation\":[{\"@type\":\"Organization\",\"name\":\"Ministry of Examples\"}"
    ));
}

#[test]
fn the_long_forms_of_aliases_and_affiliations_report_mistakes_clearly() {
    let actor = |fm: &str| {
        errors(&[
            ACTOR,
            ("content/actors/x.md", &format!("---\nname: X\n{fm}---\n")),
        ])
    };
    // The misspelt key, and then the key it should have been.
    let errs = actor("aliases:\n  - {nam: Х, lang: uk}\n");
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert_eq!(
        got,
        vec![
            (
                Kind::MissingKey,
                "content/actors/x.md:4:5".into(),
                "missing required key `name` in actor".into(),
                Some("add `name:`".into())
            ),
            (
                Kind::UnknownKey,
                "content/actors/x.md:4:6".into(),
                "unknown key `nam` in actor".into(),
                Some("did you mean `name`?".into())
            ),
        ]
    );
    let errs = actor("affiliations:\n  - {actor: A1, form: 2020}\n");
    assert_eq!(
        summary(&errs[0]),
        (
            Kind::UnknownKey,
            "content/actors/x.md:4:17".into(),
            "unknown key `form` in actor".into(),
            Some("did you mean `from`?".into())
        )
    );
    let errs = actor("aliases:\n  - [X1]\n");
    assert_eq!(errs[0].kind, Kind::WrongType);
    assert_eq!(
        errs[0].message,
        "wrong type for `aliases[0]`: found a list, expected a name, or a mapping such as {name: Зеленський, lang: uk}"
    );
    let errs = actor(
        "affiliations:\n  - {actor: A1, from: 2021-02, until: 2020}\n  - {actor: A2}\naliases: [{name: Ikс, lang: 'u k'}]\n",
    );
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert_eq!(
        got,
        vec![
            (
                Kind::BadDate,
                "content/actors/x.md:4:39".into(),
                "affiliation ends (`2020`) before it begins (`2021-02`)".into(),
                Some("swap `from` and `until`, or fix one of them".into())
            ),
            (
                Kind::UnknownActor,
                "content/actors/x.md:5:13".into(),
                "unknown actor `A2`".into(),
                Some("did you mean `A1`?".into())
            ),
            (
                Kind::BadValue,
                "content/actors/x.md:6:29".into(),
                "invalid language tag `u k`".into(),
                Some("use a BCP 47 language tag such as uk, ru or sr-Latn".into())
            ),
        ]
    );
}

#[test]
fn a_quote_shows_the_role_its_speaker_held() {
    let (_dir, out) = features();
    let page = read(&out, "briefings/ceasefire-talks/index.html");
    assert!(page.contains("<a class=\"speaker\" href=\"../../actors/alex-spokes/index.html\">Alex Spokes</a>, <span class=\"speaker-role\">Spokesperson of the Ministry of Examples</span>, <time datetime=\"2022-03-03\">3 March 2022</time>, <span class=\"venue\">Synthetic press conference</span>"));
    // On the speaker's own page too, without the name.
    let actor = read(&out, "actors/alex-spokes/index.html");
    assert!(actor.contains("<span class=\"said\"><span class=\"speaker-role\">Spokesperson of the Ministry of Examples</span>, <time"));
}

// ------------------------------------------------------------------ pictures

/// The `<title>`s of the elements of `svg` that start with `open`.
fn titles(svg: &str, open: &str) -> Vec<String> {
    svg.split(open)
        .skip(1)
        .map(|s| {
            between(s, "<title>", "</title>")
                .trim_start_matches("<title>")
                .trim_end_matches("</title>")
                .to_string()
        })
        .collect()
}

fn svg<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("aria-labelledby=\"{id}-title {id}-desc\""))
        .unwrap_or_else(|| panic!("no chart {id}"));
    let open = page[..start].rfind("<svg").expect("<svg");
    between(&page[open..], "<svg", "</svg>")
}

#[test]
fn the_actor_page_draws_statements_over_time_with_a_table() {
    let (_dir, out) = features();
    let page = read(&out, "actors/alex-spokes/index.html");
    let strip = svg(&page, "chart-statements-alex-spokes");
    assert!(strip.contains("role=\"img\""));
    assert!(strip.contains("<title id=\"chart-statements-alex-spokes-title\">Statements by Alex Spokes over time</title>"));
    assert!(strip.contains("<desc id=\"chart-statements-alex-spokes-desc\">3 statements from March 2022 to June 2022, counted by month."));
    // March, April, May (empty, no bar), June.
    assert_eq!(
        titles(strip, "<rect class=\"bar"),
        ["March 2022: 1 statement", "June 2022: 2 statements"]
    );
    let table = between(&page, "<table class=\"chart-table\">", "</table>");
    assert!(table.contains("<caption>Statements by Alex Spokes per month</caption>"));
    assert!(table.contains("<tr><th scope=\"row\">March 2022</th><td>1</td></tr>"));
    assert!(table.contains("<tr><th scope=\"row\">June 2022</th><td>2</td></tr>"));
    assert_eq!(count(table, "<tr><th scope=\"row\">"), 2);
}

#[test]
fn the_actor_page_draws_the_network_of_the_twelve_most_shared_actors() {
    let (_dir, out) = features();
    let page = read(&out, "actors/ukraine/index.html");
    let net = svg(&page, "chart-network-ukraine");
    assert_eq!(count(net, "<circle class=\"centre\""), 1);
    let nodes = titles(net, "<circle class=\"node\"");
    assert_eq!(nodes.len(), 12, "capped at 12: {nodes:?}");
    // Two briefings with Alex Spokes, one with everyone else; ties by name.
    assert_eq!(nodes[0], "Alex Spokes: 2 shared briefings");
    assert_eq!(nodes[1], "Agency X: 1 shared briefing");
    // The figures are the page's "Appears with" list, which has them all.
    let list = between(&page, "<ul class=\"inline-list co-actors\">", "</ul>");
    assert_eq!(count(list, "<li>"), 17, "{list}");
}

#[test]
fn the_timeline_draws_days_as_points_and_uncertain_dates_as_ranges() {
    let (_dir, out) = features();
    let page = read(&out, "timeline/index.html");
    let axis = svg(&page, "chart-timeline");
    // Events: an interval, an uncertain day, a month known only roughly. Statements:
    // an approximate month, an uncertain day, three days.
    let ranges = titles(axis, "<rect class=\"mark range");
    assert_eq!(
        ranges,
        [
            "around January 2022 · Agency X: “Synthetic words from the agency.”",
            "27 February – 1 March 2022 · A synthetic round of talks",
            "around March 2022 · A synthetic month of waiting",
        ]
    );
    assert_eq!(count(axis, "<rect class=\"mark range series-event\""), 1);
    assert_eq!(
        count(axis, "<rect class=\"mark range series-event uncertain\""),
        1
    );
    assert_eq!(
        count(
            axis,
            "<rect class=\"mark range series-statement uncertain\""
        ),
        1
    );
    assert_eq!(count(axis, "<circle class=\"mark series-statement\""), 3);
    assert_eq!(
        count(axis, "<circle class=\"mark series-statement uncertain\""),
        1
    );
    assert_eq!(
        count(axis, "<circle class=\"mark series-event uncertain\""),
        1
    );
    assert!(
        axis.contains("<title>2 March 2022 (uncertain) · A synthetic convoy is announced</title>"),
        "{axis}"
    );
}

#[test]
fn a_long_timeline_page_is_drawn_as_counts_per_period() {
    let mut quotes = String::from("quotes:\n");
    for i in 0..70 {
        quotes.push_str(&format!(
            "  - by: A1\n    text: Words {i}.\n    said: 2022-{:02}-0{}\n",
            1 + i % 6,
            1 + i % 9
        ));
    }
    let dir = site(&[ACTOR, ("content/briefings/b.md", &briefing_md(&quotes))]);
    let out = build(dir.path()).expect("builds");
    let page = read(&out, "timeline/index.html");
    let bars = svg(&page, "chart-timeline");
    assert_eq!(count(bars, "<circle"), 0);
    let months = titles(bars, "<rect class=\"bar");
    assert_eq!(months.len(), 6, "{months:?}");
    assert_eq!(months[0], "January 2022: 12 statements");
    let table = between(&page, "<table class=\"chart-table\">", "</table>");
    assert!(
        table.contains("<tr><th scope=\"row\">June 2022</th><td>0</td><td>11</td></tr>"),
        "{table}"
    );
}

#[test]
fn the_topic_page_draws_who_said_what() {
    let (_dir, out) = features();
    let page = read(&out, "topics/talks/index.html");
    let chart = svg(&page, "chart-who-talks");
    assert_eq!(
        titles(chart, "<circle class=\"dot\""),
        // January to June is more than 36 days: a dot per month.
        [
            "Alex Spokes, March 2022: 1 statement",
            "Alex Spokes, June 2022: 2 statements",
            "Agency X, January 2022: 1 statement",
            "Volodymyr Zelenskyy, March 2022: 1 statement",
        ]
    );
    assert!(chart.contains(">January 2022</text>") && chart.contains(">June 2022</text>"));
    let table = between(&page, "<table class=\"speaker-table\">", "</table>");
    assert_eq!(count(table, "<th scope=\"row\">"), 3);
    assert!(table.contains(">Alex Spokes</a></th><td>3</td><td><time datetime=\"2022-03-03\">3 March 2022</time></td><td><time datetime=\"2022-06-11\">11 June 2022</time></td>"), "{table}");
    // Each speaker's latest words side by side.
    let speakers = between(&page, "<div class=\"speakers\">", "</div>\n    </section>");
    assert_eq!(count(speakers, "<section class=\"speaker\">"), 3);
    assert!(speakers.contains("More synthetic words said in June."));
}

// ------------------------------------------------------------------ verification

#[test]
fn a_quote_found_in_its_archived_source_is_marked_verified() {
    let (_dir, out) = features();
    let page = read(&out, "briefings/ceasefire-talks/index.html");
    let quote = between(
        &page,
        "<figure class=\"quote\" id=\"quote-1\">",
        "</figure>",
    );
    assert!(quote.contains("<span class=\"verified\">Verified against the archived source (<a href=\"../../sources/synthetic-statement.txt\">archived text</a>)</span>"), "{quote}");
    // Quotes from a source with no archive are not.
    assert_eq!(count(&page, "class=\"verified\""), 1);
    // The archive is published beside the site's other files.
    assert!(out.join("sources/synthetic-statement.txt").is_file());
}

#[test]
fn a_quote_missing_from_its_archived_source_points_at_the_nearest_passage() {
    let dir = copy_of("verify");
    let errs = build(dir.path()).expect_err("the verify fixture has two wrong quotes");
    let got: Vec<_> = errs.iter().map(summary).collect();
    assert_eq!(
        got,
        vec![
            (
                Kind::BadValue,
                "content/briefings/checked.md:10:11".into(),
                "quote not found verbatim in the archived source `sources/statement.txt`".into(),
                Some("nearest passage in the archive: \"We have seen no evidence of that\"".into())
            ),
            (
                Kind::BadValue,
                "content/briefings/checked.md:14:11".into(),
                "quote not found verbatim in the archived source `sources/statement.txt`".into(),
                Some(
                    "each part between the omission marks is in the archive, but not in this order"
                        .into()
                )
            ),
        ]
    );
}

#[test]
fn archive_paths_stay_inside_content_and_must_exist() {
    let errs = briefing_with(
        "sources:\n  - id: s\n    title: S\n    archive: ../secret.txt\n  - id: t\n    title: T\n    archive: sources/none.txt\n",
    );
    let got: Vec<_> = errs.iter().map(summary).collect();
    let hint = Some(
        "archive paths are relative to the content/ folder, e.g. sources/report.txt".to_string(),
    );
    assert_eq!(
        got,
        vec![
            (
                Kind::BadValue,
                "content/briefings/b.md:7:14".into(),
                "archive path `../secret.txt` must be a path inside content/, such as sources/report.txt".into(),
                hint.clone()
            ),
            (
                Kind::BadValue,
                "content/briefings/b.md:10:14".into(),
                "archived source `sources/none.txt` does not exist (looked for content/sources/none.txt)".into(),
                hint
            ),
        ]
    );
}

// ------------------------------------------------------------------ the sample

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The sample site (`content/`, `site.yaml`) built through the library.
fn sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).expect("copy");
    let out = build(dir.path()).unwrap_or_else(|d| panic!("the sample builds: {d:#?}"));
    (dir, out)
}

#[test]
fn the_sample_records_blinken_disputing_moscow_and_grades_its_source() {
    let (_dir, out) = sample();
    let briefing = read(
        &out,
        "briefings/blinken-war-crimes-very-credible/index.html",
    );
    let claim = between(
        &briefing,
        "<article class=\"claim claim-disputed\" id=\"claim-deliberate-targeting-of-civilians\">",
        "</article>",
    );
    assert!(claim.contains("Russian forces are deliberately targeting civilians in Ukraine"));
    assert!(between(claim, "<dt>Asserted by</dt>", "</dd>").contains(">Antony Blinken</a>"));
    assert!(between(claim, "<dt>Denied or disputed by</dt>", "</dd>").contains(">Russia</a>"));
    assert!(briefing.contains(
        "title=\"Usually reliable source; information probably true\" tabindex=\"0\">B2</abbr>"
    ));
    assert!(briefing.contains("<section class=\"grade-legend\""));
    let russia = read(&out, "actors/russia/index.html");
    assert!(
        between(&russia, "<h3>Denied or disputed</h3>", "</article>")
            .contains("Russian forces are deliberately targeting civilians in Ukraine")
    );
    assert!(russia.contains("<li lang=\"ru\">Россия</li>"));
    let claims = read(&out, "claims/index.html");
    assert_eq!(count(&claims, "<article class=\"claim "), 3);
    // No correction has been made to the sample.
    assert!(read(&out, "corrections/index.html").contains("No corrections have been made."));
}

// ------------------------------------------------------------------ print

/// Runs a tool, panicking with its output if it fails.
fn run(command: &mut Command) -> String {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[ignore = "needs chromium; run by .ci/run"]
fn a_briefing_prints_as_a_paginated_document_with_footnoted_sources() {
    let (dir, out) = features();
    let pdf = dir.path().join("briefing.pdf");
    let profile = dir.path().join("chromium-profile");
    let page = out.join("briefings/ceasefire-talks/index.html");
    run(
        Command::new(std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into()))
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", page.display())),
    );
    let info = run(Command::new("pdfinfo").arg(&pdf));
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in\n{info}"));
    assert!((2..=6).contains(&pages), "{pages} pages\n{info}");
    let text = run(Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-"));
    // One line of running text wherever it wraps.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for wanted in [
        "Synthetic ceasefire talks",
        "The convoy will pass at dawn... nobody is leaving the table",
        // Sources as footnotes: a number beside the quote, the full URL in the list.
        "Source [1]:",
        "Source [2]:",
        "https://example.org/wire/report",
        "How sources are graded",
        "Reliability cannot be judged",
        "Completely reliable source; information confirmed by other sources",
        "Corrections",
        "The spokesperson's ministry was given wrongly.",
    ] {
        assert!(
            flat.contains(wanted),
            "`{wanted}` is not in the PDF:\n{text}"
        );
    }
    // Page numbers from the print stylesheet ("1 / 3"; pdftotext may drop the spaces).
    let packed: String = text.split_whitespace().collect();
    for n in 1..=pages {
        assert!(
            packed.contains(&format!("{n}/{pages}")),
            "no page number {n}:\n{text}"
        );
    }
    for unwanted in ["Skip to content", "Search", "Timeline"] {
        assert!(
            !flat.contains(unwanted),
            "`{unwanted}` (navigation) is in the PDF:\n{text}"
        );
    }
}
