//! Issue 15: one site in several languages. Built output of a fake bilingual site:
//! pages under `/<lang>/`, `lang` and `hreflang` both ways, a switcher whose links
//! resolve from disk, dates and strings in the reader's language, quotes with their
//! original and the desk's translation, per-language feeds and search, and the errors
//! of translations that overstep.

use std::path::{Path, PathBuf};

use crate::common::*;

const SITE_YAML: &str = "title: Languages test site\nbase_url: https://example.org/\nlanguage: en\nlanguages:\n  uk: {title: Тестовий сайт мов}\n  ru: {title: Тестовый сайт языков}\n";

const ACTOR: (&str, &str) = (
    "content/actors/actor-0001.md",
    "---\nname: Actor 0001\nkind: person\naliases:\n  - {name: Актор 0001, lang: uk}\n  - {name: Актёр 0001, lang: ru}\n---\n\nA synthetic actor.\n",
);

const FIRST: (&str, &str) = (
    "content/briefings/first.md",
    "---\ntitle: First synthetic briefing\ndate: 2022-03-06\nsummary: An English summary.\nactors: [Actor 0001]\nquotes:\n  - by: Actor 0001\n    text: Synthetic words 0001.\n    said: 2022-03-06\n    translations: {uk: Синтетичні слова 0001.}\nevents:\n  - date: 2022-03~\n    what: Synthetic event 0001\n  - date: 2022-03-01/..\n    what: Synthetic event 0002\nclaims:\n  - id: c1\n    text: Synthetic claim 0001\n    by: [Actor 0001]\n    status: asserted\n---\n\nBody in English.\n",
);

const FIRST_UK: (&str, &str) = (
    "content/briefings/first.uk.md",
    "---\ntitle: Перший синтетичний брифінг\nsummary: Український підсумок.\n---\n\nТекст українською. Пошукове слово: гарбуз.\n",
);

const FIRST_RU: (&str, &str) = (
    "content/briefings/first.ru.md",
    "---\ntitle: Первый синтетический брифинг\nsummary: Русская сводка.\n---\n\nТекст на русском.\n",
);

const SECOND: (&str, &str) = (
    "content/briefings/second.md",
    "---\ntitle: Second synthetic briefing\ndate: 2022-03-01\nactors: [Actor 0001]\n---\n\nOnly in English.\n",
);

fn bilingual() -> (tempfile::TempDir, PathBuf) {
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ACTOR,
        FIRST,
        FIRST_UK,
        FIRST_RU,
        SECOND,
    ]);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("the bilingual site builds: {d:#?}"));
    (dir, out)
}

#[test]
fn each_language_has_its_pages_under_its_code_and_only_what_is_translated() {
    let (_dir, out) = bilingual();
    let uk = read(&out, "uk/briefings/first/index.html");
    assert!(uk.contains("<html lang=\"uk\""), "{uk}");
    assert!(uk.contains("Перший синтетичний брифінг"));
    assert!(uk.contains("Текст українською."));
    assert!(!uk.contains("Body in English."));
    // The stylesheet is the root's, one folder further up.
    assert!(uk.contains("href=\"../../../style.css\""), "{uk}");
    assert!(!out.join("uk/briefings/second").exists());
    assert!(!out.join("uk/style.css").exists());
    let home = read(&out, "uk/index.html");
    assert!(home.contains("Тестовий сайт мов"));
    assert!(!home.contains("Second synthetic briefing"));
    let en = read(&out, "briefings/first/index.html");
    assert!(en.contains("<html lang=\"en\""));
    assert!(en.contains("First synthetic briefing"));
}

#[test]
fn pages_link_their_versions_both_ways_with_hreflang_and_x_default() {
    let (_dir, out) = bilingual();
    let en = read(&out, "briefings/first/index.html");
    let uk = read(&out, "uk/briefings/first/index.html");
    for page in [&en, &uk] {
        for (lang, url) in [
            ("en", "https://example.org/briefings/first/"),
            ("uk", "https://example.org/uk/briefings/first/"),
            ("ru", "https://example.org/ru/briefings/first/"),
            ("x-default", "https://example.org/briefings/first/"),
        ] {
            let link = format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{url}\">");
            assert!(page.contains(&link), "no {link} in\n{page}");
        }
    }
    // A page in one language has no alternates.
    let second = read(&out, "briefings/second/index.html");
    assert!(!second.contains("hreflang=\"uk\" href=\"https"));
    // Open Graph names the page's locale and the others.
    assert!(
        uk.contains("<meta property=\"og:locale\" content=\"uk\">"),
        "{uk}"
    );
    assert!(uk.contains("<meta property=\"og:locale:alternate\" content=\"en\">"));
    let sitemap = read(&out, "sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains("<loc>https://example.org/uk/briefings/first/</loc>"));
    assert!(sitemap.contains(
        "<xhtml:link rel=\"alternate\" hreflang=\"uk\" href=\"https://example.org/uk/briefings/first/\"/>"
    ));
    assert!(!out.join("uk/sitemap.xml").exists());
}

/// The `href`s of the language switcher of a page.
fn switcher(page: &str) -> Vec<String> {
    let Some(start) = page.find("<nav class=\"languages\"") else {
        return Vec::new();
    };
    let nav = &page[start..start + page[start..].find("</nav>").expect("closed")];
    nav.split("href=\"")
        .skip(1)
        .map(|s| s[..s.find('"').expect("quoted")].to_string())
        .collect()
}

#[test]
fn the_switcher_on_every_page_leads_to_files_that_exist_from_disk() {
    let (_dir, out) = bilingual();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(&out).expect("under out");
        if rel.extension().is_none_or(|e| e != "html") || rel == Path::new("404.html") {
            continue;
        }
        let page = std::fs::read_to_string(entry.path()).expect("read");
        let links = switcher(&page);
        assert_eq!(links.len(), 3, "{}: {links:?}", rel.display());
        for href in links {
            let target = entry.path().parent().expect("dir").join(&href);
            assert!(target.is_file(), "{} links {href}", rel.display());
            checked += 1;
        }
    }
    assert!(checked > 30, "{checked}");
    // The same page where it exists, else that language's home.
    let second = read(&out, "briefings/second/index.html");
    assert_eq!(
        switcher(&second),
        [
            "../../briefings/second/index.html",
            "../../uk/index.html",
            "../../ru/index.html"
        ]
    );
    let first = read(&out, "uk/briefings/first/index.html");
    assert_eq!(
        switcher(&first),
        [
            "../../../briefings/first/index.html",
            "../../../uk/briefings/first/index.html",
            "../../../ru/briefings/first/index.html"
        ]
    );
}

#[test]
fn dates_and_names_are_in_the_reader_s_language() {
    let (_dir, out) = bilingual();
    let uk = read(&out, "uk/briefings/first/index.html");
    assert!(uk.contains("6 березня 2022"), "{uk}");
    assert!(uk.contains("Актор 0001"));
    // Month names in the case the phrase needs: genitive after a day and a
    // preposition, nominative alone (the timeline's month headings).
    assert!(uk.contains("близько березня 2022"), "{uk}");
    assert!(uk.contains("з 1 березня 2022"), "{uk}");
    let timeline = read(&out, "uk/timeline/index.html");
    assert!(timeline.contains("березень 2022"));
    // Its chart too: title, lanes and the count in its description.
    assert!(
        timeline.contains("Події та заяви на часовій осі"),
        "{timeline}"
    );
    assert!(timeline.contains("2 події і 1 заява"), "{timeline}");
    assert!(!timeline.contains("Events and statements"));
    let ru = read(&out, "ru/briefings/first/index.html");
    assert!(ru.contains("6 марта 2022"), "{ru}");
    assert!(ru.contains("около марта 2022"), "{ru}");
    assert!(ru.contains("с 1 марта 2022"), "{ru}");
    assert!(ru.contains("Актёр 0001"));
    let actor = read(&out, "uk/actors/actor-0001/index.html");
    assert!(actor.contains("Актор 0001"));
    // Events are the original's facts, in its language, and say so.
    assert!(
        uk.contains("<p class=\"event-what\" lang=\"en\">Synthetic event 0001"),
        "{uk}"
    );
    assert!(
        uk.contains("class=\"claim-text\" lang=\"en\">Synthetic claim 0001"),
        "{uk}"
    );
    let en = read(&out, "briefings/first/index.html");
    assert!(
        en.contains("class=\"claim-text\">Synthetic claim 0001"),
        "{en}"
    );
    assert!(
        en.contains("<p class=\"event-what\">Synthetic event 0001"),
        "{en}"
    );
}

#[test]
fn a_quote_shows_the_desk_s_translation_beside_its_original() {
    let (_dir, out) = bilingual();
    let uk = read(&out, "uk/briefings/first/index.html");
    assert!(uk.contains("Синтетичні слова 0001."), "{uk}");
    assert!(uk.contains("lang=\"en\">Synthetic words 0001."), "{uk}");
    assert!(uk.contains("переклад редакції"), "{uk}");
    // Without a Russian translation, the Russian page shows the original, marked.
    let ru = read(&out, "ru/briefings/first/index.html");
    assert!(ru.contains("lang=\"en\">Synthetic words 0001."), "{ru}");
    // The English page shows what was said.
    let en = read(&out, "briefings/first/index.html");
    assert!(en.contains("Synthetic words 0001."));
    assert!(!en.contains("Синтетичні"));
    // The export carries both.
    let quotes = read(&out, "data/quotes.json");
    assert!(quotes.contains("Синтетичні слова 0001."), "{quotes}");
}

#[test]
fn each_language_has_its_own_feed_and_search_index() {
    let (_dir, out) = bilingual();
    let feed = read(&out, "uk/atom.xml");
    assert!(feed.contains("Перший синтетичний брифінг"), "{feed}");
    assert!(feed.contains("https://example.org/uk/briefings/first/"));
    assert!(!feed.contains("Second synthetic briefing"));
    // An actor's feed in Ukrainian gives the quote as its page does.
    let actor = read(&out, "uk/actors/actor-0001/atom.xml");
    assert!(actor.contains("Синтетичні слова 0001."), "{actor}");
    assert!(actor.contains("переклад редакції"), "{actor}");
    // Words of the translation and of the quote as the desk translated it, folded as
    // refs are (й → и).
    let index = read(&out, "uk/search/index.js");
    for word in ["\"підсумок\"", "\"синтетичнии\"", "\"слова\""] {
        assert!(index.contains(word), "{word} in {index}");
    }
    assert!(!read(&out, "search/index.js").contains("підсумок"));
}

#[test]
fn a_translation_may_not_set_what_the_original_says() {
    let errors = errors(&[
        ("site.yaml", SITE_YAML),
        ACTOR,
        FIRST,
        (
            "content/briefings/first.uk.md",
            "---\ntitle: Перший\ndate: 2022-03-07\n---\n\nТекст.\n",
        ),
    ]);
    let e = errors
        .iter()
        .find(|d| d.path.ends_with("first.uk.md"))
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert!(e.message.contains("date"), "{e:?}");
    assert_eq!(e.pos.map(|p| p.line), Some(3), "{e:?}");
}

#[test]
fn a_translation_without_its_original_or_language_is_an_error() {
    let errors = errors(&[
        ("site.yaml", SITE_YAML),
        ACTOR,
        FIRST,
        (
            "content/briefings/orphan.uk.md",
            "---\ntitle: Сирота\n---\n\nТекст.\n",
        ),
        (
            "content/briefings/first.fr.md",
            "---\ntitle: Premier\n---\n\nTexte.\n",
        ),
    ]);
    assert!(
        errors.iter().any(|d| d.path.ends_with("orphan.uk.md")),
        "{errors:#?}"
    );
    assert!(
        errors.iter().any(|d| d.path.ends_with("first.fr.md")),
        "{errors:#?}"
    );
}

#[test]
fn with_fallback_an_untranslated_briefing_is_shown_in_the_default_language_with_a_notice() {
    let yaml = SITE_YAML.replace("language: en\n", "language: en\nuntranslated: fallback\n");
    let dir = site(&[("site.yaml", &yaml), ACTOR, FIRST, FIRST_UK, SECOND]);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    let page = read(&out, "uk/briefings/second/index.html");
    assert!(
        page.contains("<p class=\"notice untranslated\">Цю сторінку не перекладено; вона показана мовою: English.</p>"),
        "{page}"
    );
    assert!(page.contains("<div class=\"prose\" lang=\"en\">"), "{page}");
    assert!(page.contains("Only in English."));
    // A translated one has no notice.
    let first = read(&out, "uk/briefings/first/index.html");
    assert!(!first.contains("notice untranslated"));
    // Without fallback, the same site leaves it out (see above).
}

#[test]
fn a_desk_changes_how_dates_read_and_a_bad_pattern_is_an_error_at_its_key() {
    let files = [
        ("site.yaml", SITE_YAML),
        ACTOR,
        FIRST,
        FIRST_UK,
        (
            "i18n/uk.yaml",
            "dates:\n  day: \"{day}.{month_number}.{year}\"\n",
        ),
    ];
    let errors = errors(&files);
    let e = errors
        .iter()
        .find(|d| d.path.ends_with("uk.yaml"))
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert!(e.message.contains("dates.day"), "{e:?}");
    assert_eq!(e.pos.map(|p| p.line), Some(2), "{e:?}");
    let dir = site(&[
        ("site.yaml", SITE_YAML),
        ACTOR,
        FIRST,
        FIRST_UK,
        ("i18n/uk.yaml", "dates:\n  around: \"десь {date}\"\n"),
    ]);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    let uk = read(&out, "uk/briefings/first/index.html");
    assert!(uk.contains("десь березня 2022"), "{uk}");
}
