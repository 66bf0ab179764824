//! Future-dated briefings: left out unless `--future`, with a notice saying how many.
//! `BRIEFING_NOW` fixes the day the build takes as today, so nothing here reads the clock.

use std::path::Path;
use std::time::Duration;

use crate::common::{ACTOR, run_limited, site};

const LIMIT: Duration = Duration::from_secs(60);

fn briefing(date: &str, words: &str, body: &str) -> String {
    format!(
        "---\ntitle: Briefing {words}\ndate: {date}\ntopics: [Topic 0042]\nquotes:\n  - by: A1\n    text: Synthetic words {words}.\n    said: {date}\nevents:\n  - date: {date}\n    what: Synthetic event {words}.\n    actors: [A1]\n---\n{body}\n"
    )
}

/// Every file of the built site that holds `needle`.
fn files_with(out: &Path, needle: &str) -> Vec<String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            std::fs::read(e.path()).is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle))
        })
        .map(|e| e.path().strip_prefix(out).unwrap().display().to_string())
        .collect()
}

fn run(root: &Path, command: &str, extra: &[&str], now: &str) -> crate::common::Run {
    let mut args = vec![command, "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    run_limited(&args, &[("BRIEFING_NOW", now)], LIMIT)
}

#[test]
fn future_dated_briefings_are_left_out_everywhere_unless_asked_for() {
    let past = briefing("2022-03-06", "0001", "Body.");
    let month = briefing("2022-03", "0002", "Known only to the month.");
    let tomorrow = briefing("2022-03-08", "0003", "Scheduled.");
    let next_year = briefing("2023-01-01", "0004", "Much later.");
    let dir = site(&[
        ACTOR,
        ("content/briefings/past.md", &past),
        ("content/briefings/month.md", &month),
        ("content/briefings/tomorrow.md", &tomorrow),
        ("content/briefings/next-year.md", &next_year),
    ]);
    let root = dir.path();
    let out = root.join("public");

    let built = run(
        root,
        "build",
        &["--base-url", "https://example.org/"],
        "2022-03-07",
    );
    assert_eq!(built.code, Some(0), "{}", built.stderr);
    assert!(
        built
            .stderr
            .contains("note: 2 future-dated briefings left out (publish with --future)\n"),
        "{}",
        built.stderr
    );
    // A date known only to the month may fall on today or before: it is published.
    assert!(out.join("briefings/month/index.html").is_file());
    assert!(out.join("briefings/past/index.html").is_file());
    assert!(!out.join("briefings/tomorrow").exists());
    for words in ["0003", "0004"] {
        // Quotes, events, cards, feeds, search and the export alike.
        assert_eq!(
            files_with(&out, &format!("words {words}")),
            Vec::<String>::new()
        );
        assert_eq!(
            files_with(&out, &format!("event {words}")),
            Vec::<String>::new()
        );
        assert_eq!(
            files_with(&out, &format!("Briefing {words}")),
            Vec::<String>::new()
        );
    }
    assert!(!files_with(&out, "words 0001").is_empty());

    let checked = run(root, "check", &[], "2022-03-07");
    assert_eq!(checked.code, Some(0), "{}", checked.stderr);
    assert!(
        checked.stderr.contains("note: 2 future-dated"),
        "{}",
        checked.stderr
    );

    // The day after: one is left.
    let later = run(root, "check", &[], "2022-03-08");
    assert!(
        later
            .stderr
            .contains("note: 1 future-dated briefing left out"),
        "{}",
        later.stderr
    );

    for flag in ["--future", "-F"] {
        let all = run(root, "build", &[flag], "2022-03-07");
        assert_eq!(all.code, Some(0), "{}", all.stderr);
        assert!(!all.stderr.contains("future-dated"), "{}", all.stderr);
        assert!(out.join("briefings/tomorrow/index.html").is_file());
        assert!(!files_with(&out, "words 0004").is_empty());
    }
    // Drafts stay as they are: a future-dated draft is a draft.
    std::fs::write(
        root.join("content/briefings/tomorrow.md"),
        tomorrow.replacen("---\n", "---\ndraft: true\n", 1),
    )
    .unwrap();
    let draft = run(root, "build", &["--future"], "2022-03-07");
    assert_eq!(draft.code, Some(0), "{}", draft.stderr);
    assert!(!out.join("briefings/tomorrow").exists());
}

#[test]
fn a_link_to_a_future_briefing_is_reported_as_one_to_a_draft_is_saying_why() {
    let linking = briefing(
        "2022-03-06",
        "0001",
        "See [the next one](../../briefings/tomorrow/).",
    );
    let tomorrow = briefing("2022-03-08", "0003", "Scheduled.");
    let draft = briefing("2022-03-06", "0005", "Draft.").replacen("---\n", "---\ndraft: true\n", 1);
    let to_draft = briefing(
        "2022-03-06",
        "0006",
        "See [the draft](../../briefings/draft/).",
    );
    let dir = site(&[
        ACTOR,
        ("content/briefings/linking.md", &linking),
        ("content/briefings/tomorrow.md", &tomorrow),
        ("content/briefings/draft.md", &draft),
        ("content/briefings/to-draft.md", &to_draft),
    ]);
    let root = dir.path();
    let failed = run(root, "build", &[], "2022-03-07");
    assert_eq!(failed.code, Some(1), "{}", failed.stderr);
    // Both links are errors at their place, in the same words.
    assert!(
        failed
            .stderr
            .contains("no page or file `briefings/tomorrow/index.html` in the site"),
        "{}",
        failed.stderr
    );
    assert!(
        failed.stderr.contains("content/briefings/linking.md:"),
        "{}",
        failed.stderr
    );
    // Each says why the page is missing.
    for why in [
        "that briefing is dated after today, so it is left out; build with --future",
        "that page is a draft; build with --drafts or publish it",
    ] {
        assert!(failed.stderr.contains(why), "{}", failed.stderr);
    }
    assert!(
        failed
            .stderr
            .contains("no page or file `briefings/draft/index.html` in the site"),
        "{}",
        failed.stderr
    );
    let with = run(root, "build", &["--future", "--drafts"], "2022-03-07");
    assert_eq!(with.code, Some(0), "{}", with.stderr);
}

#[test]
fn a_future_briefing_is_checked_now_though_it_is_left_out() {
    let broken = briefing("2022-03-08", "0003", "Mentions [[Nobody 0404]].").replacen(
        "actors: [A1]",
        "actors: [A1, Nobody 0405]",
        1,
    );
    let linking = briefing("2022-03-06", "0001", "See [the next one](tomorrow.md).");
    let dir = site(&[
        ACTOR,
        ("content/briefings/tomorrow.md", &broken),
        ("content/briefings/linking.md", &linking),
    ]);
    let root = dir.path();
    for command in ["check", "build"] {
        let r = run(root, command, &[], "2022-03-07");
        assert_eq!(r.code, Some(1), "{command}: {}", r.stderr);
        for part in [
            "content/briefings/tomorrow.md:",
            "Nobody 0404",
            "Nobody 0405",
            // The published briefing's link to it, by file, says why it is missing.
            "content/briefings/linking.md:",
            "that briefing is dated after today, so it is left out",
        ] {
            assert!(r.stderr.contains(part), "{command}: {part}\n{}", r.stderr);
        }
    }
    // Fixed, it is left out again, and the site builds.
    let fixed = briefing("2022-03-08", "0003", "Scheduled.");
    std::fs::write(root.join("content/briefings/tomorrow.md"), fixed).unwrap();
    std::fs::write(
        root.join("content/briefings/linking.md"),
        briefing("2022-03-06", "0001", "Body."),
    )
    .unwrap();
    let r = run(root, "check", &[], "2022-03-07");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr.contains("1 future-dated briefing left out"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_now_that_is_not_a_day_is_warned_about() {
    let dir = site(&[
        ACTOR,
        (
            "content/briefings/past.md",
            &briefing("2022-03-06", "0001", "Body."),
        ),
    ]);
    let r = run(dir.path(), "check", &[], "March 2022");
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("warning: BRIEFING_NOW=March 2022 is not a day like 2022-03-06"),
        "{}",
        r.stderr
    );
}
