//! The same statement quoted in several briefings is one statement: listed, counted,
//! exported and fed once, naming every briefing that quotes it.

use std::path::Path;

use crate::common::{ACTOR, briefing, build, copy_dir, errors, read, site};

const PMQS: &str = "already fully qualifies as a war crime";

fn json(out: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(out, rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_sample_lists_johnsons_pmqs_sentence_once_citing_both_briefings() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &dir.path().join("content"));
    std::fs::copy(repo.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    let out = dir.path().join("public");
    let run = briefing(&[
        "build",
        "--root",
        dir.path().to_str().unwrap(),
        "--base-url",
        "https://example.org/",
        "--quiet",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let actor = read(&out, "actors/boris-johnson/index.html");
    assert!(actor.contains(r#"Statements <span class="count">(1)</span>"#));
    assert_eq!(actor.matches(PMQS).count(), 1);
    // "In A, B": both briefings named on the one statement.
    let cluster = "briefings/cluster-bomb-reports/index.html";
    let blinken = "briefings/blinken-war-crimes-very-credible/index.html";
    let in_line = actor
        .split("class=\"in-briefing\"")
        .nth(1)
        .and_then(|s| s.split("</span>").next())
        .unwrap();
    assert!(
        in_line.contains(cluster) && in_line.contains(blinken),
        "{in_line}"
    );

    for page in ["quotes/index.html", "timeline/index.html", "index.html"] {
        assert_eq!(read(&out, page).matches(PMQS).count(), 1, "{page}");
    }
    let home = read(&out, "index.html");
    assert!(
        home.contains(r#"Boris Johnson</a> <span class="count">1 statement</span>"#),
        "most quoted"
    );
    let quotes = read(&out, "quotes/index.html");
    assert!(quotes.contains("Boris Johnson"));
    let feed = read(&out, "actors/boris-johnson/atom.xml");
    // Its briefings, and the statement once.
    assert_eq!(feed.matches("#quote-3</id>").count(), 1, "{feed}");
    assert_eq!(feed.matches("<entry>").count(), 3, "{feed}");
    assert!(feed.contains(
        "<id>https://example.org/briefings/blinken-war-crimes-very-credible/#quote-3</id>"
    ));

    // Each briefing page still shows its own quote, naming the other briefing.
    for (page, other) in [(cluster, blinken), (blinken, cluster)] {
        let html = read(&out, page);
        // (Besides the page's JSON-LD.)
        assert_eq!(html.matches(&format!("{PMQS}</p>")).count(), 1, "{page}");
        let other_href = format!("../../{other}");
        assert!(
            html.contains(&format!("Also in <a href=\"{other_href}\"")),
            "{page}"
        );
    }

    let data = json(&out, "data/quotes.json");
    let johnson: Vec<&serde_json::Value> = data
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["by"] == "boris-johnson")
        .collect();
    assert_eq!(johnson.len(), 1);
    // Both briefings are dated 2022-03-06: the first by slug names the statement.
    assert_eq!(johnson[0]["id"], "blinken-war-crimes-very-credible#quote-3");
    assert_eq!(
        johnson[0]["briefings"],
        serde_json::json!(["blinken-war-crimes-very-credible", "cluster-bomb-reports"])
    );
    let actors = json(&out, "data/actors.json");
    let boris = actors
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "boris-johnson")
        .unwrap();
    assert_eq!(
        boris["quotes"],
        serde_json::json!([johnson[0]["id"].clone()])
    );
    let csv = read(&out, "data/quotes.csv");
    assert_eq!(csv.matches(PMQS).count(), 1);
}

fn quoting(title: &str, date: &str, text: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: {date}\ntopics: [Topic 0042]\nquotes:\n  - by: A1\n    text: \"{text}\"\n    said: 2022-03-01\n{extra}---\nBody.\n"
    )
}

#[test]
fn quotes_are_one_statement_by_speaker_words_and_date_or_by_id() {
    let dir = site(&[
        ACTOR,
        (
            "content/actors/actor-0002.md",
            "---\nname: Actor 0002\nkind: person\n---\n",
        ),
        // The same words, but for quote marks, dashes, spaces and case.
        (
            "content/briefings/one.md",
            &quoting(
                "Briefing 0001",
                "2022-03-02",
                "Synthetic words \u{2014} \u{201c}one\u{201d}.",
                "",
            ),
        ),
        (
            "content/briefings/two.md",
            &quoting(
                "Briefing 0002",
                "2022-03-03",
                "synthetic  words - \\\"one\\\"",
                "",
            ),
        ),
        // Another date: another statement.
        (
            "content/briefings/three.md",
            "---\ntitle: Briefing 0003\ndate: 2022-03-04\nquotes:\n  - by: A1\n    text: Synthetic words - \"one\".\n    said: 2022-03-02\n  - by: Actor 0002\n    text: Synthetic words - \"one\".\n    said: 2022-03-01\n---\n",
        ),
        // Merged by the editor's id, though worded otherwise.
        (
            "content/briefings/four.md",
            &quoting(
                "Briefing 0004",
                "2022-03-05",
                "Synthetic variant 0004.",
                "    id: variant\n",
            ),
        ),
        (
            "content/briefings/five.md",
            &quoting(
                "Briefing 0005",
                "2022-03-06",
                "Synthetic variant 0005.",
                "    id: variant\n",
            ),
        ),
    ]);
    let out = build(dir.path()).expect("builds");
    let data = json(&out, "data/quotes.json");
    let rows = data.as_array().unwrap();
    let summary: Vec<(String, String, String)> = rows
        .iter()
        .map(|q| {
            (
                q["id"].as_str().unwrap().to_string(),
                q["by"].as_str().unwrap().to_string(),
                q["briefings"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| b.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join(","),
            )
        })
        .collect();
    let row = |id: &str, by: &str, briefings: &str| (id.into(), by.into(), briefings.into());
    assert_eq!(
        summary,
        [
            // Said on the same day: by the slug of the briefing first quoting them.
            row("variant", "actor-0001", "four,five"),
            row("one#quote-1", "actor-0001", "one,two"),
            row("three#quote-2", "actor-0002", "three"),
            row("three#quote-1", "actor-0001", "three"),
        ]
    );
    // The actor's page and the topic count statements.
    let actor = read(&out, "actors/actor-0001/index.html");
    assert!(actor.contains(r#"Statements <span class="count">(3)</span>"#));
    let quotes = read(&out, "quotes/index.html");
    assert_eq!(quotes.matches("<figure class=\"quote\"").count(), 4);
    let topic = read(&out, "topics/topic-0042/index.html");
    assert_eq!(
        topic.matches("Synthetic variant").count(),
        1,
        "who said what"
    );
}

#[test]
fn the_oldest_briefing_is_the_earliest_instant_and_ids_keep_statements_apart() {
    let dir = site(&[
        ACTOR,
        // 14:00 UTC, written before 10:00 UTC as text and by day.
        (
            "content/briefings/late.md",
            &quoting(
                "Briefing 0001",
                "2022-03-02T09:00-05:00",
                "Synthetic words.",
                "",
            ),
        ),
        (
            "content/briefings/early.md",
            &quoting("Briefing 0002", "2022-03-02T10:00Z", "Synthetic words.", ""),
        ),
        // The same words under two ids the editor chose: two statements.
        (
            "content/briefings/six.md",
            &quoting(
                "Briefing 0006",
                "2022-03-06",
                "Synthetic twin.",
                "    id: x-one\n",
            ),
        ),
        (
            "content/briefings/seven.md",
            &quoting(
                "Briefing 0007",
                "2022-03-07",
                "Synthetic twin.",
                "    id: y-two\n",
            ),
        ),
        (
            "content/briefings/eight.md",
            &quoting("Briefing 0008", "2022-03-08", "Synthetic twin.", ""),
        ),
    ]);
    let out = build(dir.path()).expect("builds");
    let data = json(&out, "data/quotes.json");
    let mut rows: Vec<(String, String)> = data
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let briefings: Vec<&str> = q["briefings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| b.as_str().unwrap())
                .collect();
            (q["id"].as_str().unwrap().to_string(), briefings.join(","))
        })
        .collect();
    rows.sort();
    let row = |id: &str, briefings: &str| (id.to_string(), briefings.to_string());
    assert_eq!(
        rows,
        [
            row("early#quote-1", "early,late"),
            // A quote without an id joins the first statement its words match.
            row("x-one", "six,eight"),
            row("y-two", "seven"),
        ]
    );
}

#[test]
fn one_id_for_two_speakers_is_an_error_at_the_second() {
    let d = errors(&[
        ACTOR,
        (
            "content/actors/actor-0002.md",
            "---\nname: Actor 0002\nkind: person\n---\n",
        ),
        (
            "content/briefings/a.md",
            &quoting(
                "Briefing 0001",
                "2022-03-02",
                "Words 0001.",
                "    id: shared\n",
            ),
        ),
        (
            "content/briefings/b.md",
            &quoting(
                "Briefing 0002",
                "2022-03-03",
                "Words 0002.",
                "    id: shared\n",
            )
            .replace("by: A1", "by: Actor 0002"),
        ),
        (
            "content/briefings/c.md",
            &quoting(
                "Briefing 0003",
                "2022-03-03",
                "Words 0003.",
                "    id: Not An Id\n",
            ),
        ),
    ]);
    let text: Vec<String> = d.iter().map(|d| d.render(false)).collect();
    let all = text.join("\n");
    assert_eq!(d.len(), 2, "{all}");
    assert!(
        all.contains(
            "statement id `shared` is already a statement by `A1` (content/briefings/a.md)"
        ),
        "{all}"
    );
    assert!(all.contains("content/briefings/b.md:9:9"), "{all}");
    assert!(all.contains("invalid statement id `Not An Id`"), "{all}");
    assert!(all.contains("e.g. `not-an-id`"), "{all}");
}
