//! Issue 15, item 5: the theme's words in the site's language (`i18n/<lang>.yaml`,
//! built in for en, uk and ru, overridable per site) and right-to-left languages.

use briefing::diag::Kind;
use briefing::pipeline::{self, BuildOptions};

use crate::common::*;

const QUOTED: (&str, &str) = (
    "content/briefings/b.md",
    "---\ntitle: T\ndate: 2022-03-06\nactors: [Actor 0001]\nquotes:\n  - by: Actor 0001\n    text: Words said.\n    said: 2022-03-05\n---\n\nBody.\n",
);

fn built(language: &str, extra: &[(&str, &str)]) -> (tempfile::TempDir, std::path::PathBuf) {
    let yaml = format!("title: Site\nlanguage: {language}\n");
    let mut files = vec![ACTOR, QUOTED, ("site.yaml", yaml.as_str())];
    files.extend_from_slice(extra);
    let dir = site(&files);
    let out = build(dir.path()).unwrap_or_else(|d| panic!("{d:#?}"));
    (dir, out)
}

#[test]
fn a_ukrainian_site_speaks_ukrainian_on_every_page() {
    let (_dir, out) = built("uk", &[]);
    let home = read(&out, "index.html");
    assert!(home.contains("<html lang=\"uk\" dir=\"ltr\">"), "{home}");
    for words in [
        "Перейти до змісту",
        "<h2>Останні брифінги</h2>",
        "<h2>Кого цитують найчастіше</h2>",
        "1 заява</span>",
        ">Брифінги</a>",
        ">Виправлення</a>",
    ] {
        assert!(home.contains(words), "home lacks {words}");
    }
    assert!(!home.contains("Skip to content"));
    let b = read(&out, "briefings/b/index.html");
    for words in [
        "<dt>Учасники</dt>",
        "<h2>Що було сказано</h2>",
        "aria-label=\"Учасники\"",
    ] {
        assert!(b.contains(words), "briefing lacks {words}");
    }
    let a = read(&out, "actors/actor-0001/index.html");
    for words in [
        "<p class=\"kicker\">Особа</p>",
        "<h2>Заяви <span class=\"count\">(1)</span></h2>",
        "<h2>Брифінги <span",
    ] {
        assert!(a.contains(words), "actor page lacks {words}");
    }
    let actors = read(&out, "actors/index.html");
    assert!(
        actors.contains("<title>Учасники · Site</title>"),
        "{actors}"
    );
    assert!(actors.contains("1 заява · 1 брифінг"), "{actors}");
}

#[test]
fn a_russian_site_speaks_russian() {
    let (_dir, out) = built("ru", &[]);
    let home = read(&out, "index.html");
    assert!(home.contains("Перейти к содержанию"));
    assert!(home.contains("<h2>Последние брифинги</h2>"));
    assert!(read(&out, "actors/index.html").contains("1 заявление · 1 брифинг"));
}

#[test]
fn a_site_file_overrides_a_built_in_word_and_is_reread() {
    let (_dir, out) = built("uk", &[("i18n/uk.yaml", "latest_briefings: Свіже\n")]);
    let home = read(&out, "index.html");
    assert!(home.contains("<h2>Свіже</h2>"));
    assert!(home.contains("<h2>Кого цитують найчастіше</h2>"));
}

#[test]
fn an_arabic_site_is_right_to_left_with_english_where_its_file_says_nothing() {
    let (_dir, out) = built(
        "ar",
        &[("i18n/ar.yaml", "latest_briefings: أحدث الإحاطات\n")],
    );
    let home = read(&out, "index.html");
    assert!(home.contains("<html lang=\"ar\" dir=\"rtl\">"), "{home}");
    assert!(home.contains("<h2>أحدث الإحاطات</h2>"));
    assert!(home.contains("<h2>Most-quoted actors</h2>"));
    let css = read(&out, "style.css");
    assert!(css.contains("padding-inline-start"));
    assert!(!css.contains("padding-left"));
}

#[test]
fn an_unknown_key_warns_and_a_bad_value_fails_the_build_at_its_place() {
    let dir = site(&[
        ACTOR,
        QUOTED,
        ("site.yaml", "title: Site\nlanguage: fr\n"),
        ("i18n/fr.yaml", "briefings: Notes\nbriefngs: x\n"),
    ]);
    let opts = BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let summary = pipeline::build(&opts, &dir.path().join("public")).expect("builds");
    let [w] = &summary.warnings[..] else {
        panic!("{:#?}", summary.warnings)
    };
    assert_eq!(
        (w.kind, w.locus(), w.hint.as_deref()),
        (
            Kind::UnknownKey,
            "i18n/fr.yaml:2:1".to_string(),
            Some("did you mean `briefings`?")
        )
    );
    assert!(read(&dir.path().join("public"), "index.html").contains(">Notes</a>"));

    let e = errors(&[
        ACTOR,
        ("site.yaml", "title: Site\nlanguage: fr\n"),
        ("i18n/fr.yaml", "actors: [a, b]\n"),
    ]);
    assert_eq!(
        e.iter().map(|d| (d.kind, d.locus())).collect::<Vec<_>>(),
        [(Kind::WrongType, "i18n/fr.yaml:1:9".to_string())]
    );
}

#[test]
fn a_strings_file_saved_while_serving_is_read_again_and_kept_while_unchanged() {
    let yaml = "title: Site\nlanguage: uk\n";
    let file = ("i18n/uk.yaml", "latest_briefings: Свіже\n");
    let dir = site(&[ACTOR, QUOTED, ("site.yaml", yaml), file]);
    let opts = BuildOptions {
        root: dir.path().to_path_buf(),
        ..Default::default()
    };
    let mut cache = pipeline::Cache::default();
    let word = |cache: &mut pipeline::Cache, changed: &[std::path::PathBuf]| {
        let prepared = pipeline::prepare(&opts, cache, changed).unwrap_or_else(|_| panic!());
        let locale = prepared.site.config.locale();
        (locale.text("latest_briefings").to_string(), locale)
    };
    let (first, kept) = word(&mut cache, &[]);
    assert_eq!(first, "Свіже");
    // A briefing saved: the strings are those made before.
    let briefing = dir.path().join(QUOTED.0);
    std::fs::write(&briefing, QUOTED.1.replace("Body.", "Body, edited.")).unwrap();
    let (same, again) = word(&mut cache, std::slice::from_ref(&briefing));
    assert_eq!(same, "Свіже");
    assert!(std::sync::Arc::ptr_eq(&kept, &again));
    // The strings file saved: read again.
    let strings = dir.path().join(file.0);
    std::fs::write(&strings, "latest_briefings: Найновіше\n").unwrap();
    let (changed, _) = word(&mut cache, std::slice::from_ref(&strings));
    assert_eq!(changed, "Найновіше");
}
