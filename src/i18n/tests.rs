use super::*;

fn site(files: &[(&str, &str)]) -> Result<Locales, Vec<Diagnostic>> {
    let files: Vec<SiteFile> = files
        .iter()
        .map(|(path, text)| SiteFile {
            path: PathBuf::from(path),
            text: text.to_string(),
        })
        .collect();
    Locales::read(&files)
}

#[test]
fn the_built_in_files_read_cleanly_and_know_only_english_keys() {
    let built = Locales::read(&[]).expect("built-in files have no errors");
    assert!(built.warnings.is_empty(), "{:#?}", built.warnings);
    // Every key of each built-in language is its own, not English left over.
    let en = built.get("en");
    for code in ["uk", "ru"] {
        let l = built.get(code);
        let same: Vec<&String> = Locales::keys()
            .iter()
            .filter(|k| {
                l.text(k) == en.text(k)
                    && !matches!(
                        k.as_str(),
                        "list_separator" | "grade_label" | "page_pager" | "original_lang"
                    )
            })
            .collect();
        assert!(same.is_empty(), "{code} leaves these in English: {same:?}");
    }
}

#[test]
fn english_is_the_reference() {
    let en = Locales::built_in().get("en");
    assert_eq!(en.text("skip_to_content"), "Skip to content");
    assert_eq!(en.count("briefings_count", 1), "1 briefing");
    assert_eq!(en.count("briefings_count", 3), "3 briefings");
    assert_eq!(en.dir, Dir::Ltr);
    assert_eq!(en.name(), "English");
}

#[test]
fn ukrainian_counts_follow_cldr_one_few_many() {
    let uk = Locales::built_in().get("uk");
    assert_eq!(uk.category(1), "one");
    assert_eq!(uk.category(2), "few");
    assert_eq!(uk.category(5), "many");
    assert_eq!(uk.category(21), "one");
    assert_eq!(uk.category(11), "many");
    assert_eq!(uk.count("briefings_count", 1), "1 брифінг");
    assert_eq!(uk.count("briefings_count", 2), "2 брифінги");
    assert_eq!(uk.count("briefings_count", 5), "5 брифінгів");
    assert_eq!(uk.count("briefings_count", 21), "21 брифінг");
    assert_eq!(uk.count("statements_count", 22), "22 заяви");
    let ru = Locales::built_in().get("ru");
    assert_eq!(ru.count("statements_count", 5), "5 заявлений");
    assert_eq!(ru.count("statements_count", 101), "101 заявление");
}

#[test]
fn lists_take_the_languages_conjunction() {
    let en = Locales::built_in().get("en");
    assert_eq!(en.list(&["A"]), "A");
    assert_eq!(en.list(&["A", "B"]), "A and B");
    assert_eq!(en.list(&["A", "B", "C"]), "A, B and C");
    assert_eq!(Locales::built_in().get("uk").list(&["А", "Б"]), "А і Б");
}

#[test]
fn a_site_file_overrides_only_the_keys_it_sets() {
    let l = site(&[("i18n/uk.yaml", "briefings: Огляди\n")]).expect("reads");
    let uk = l.get("uk");
    assert_eq!(uk.text("briefings"), "Огляди");
    assert_eq!(uk.text("actors"), "Учасники");
    assert!(l.warnings.is_empty());
}

#[test]
fn a_language_without_a_built_in_file_falls_back_to_english_key_by_key() {
    let l = site(&[(
        "i18n/fr.yaml",
        "briefings: Notes\nbriefings_count:\n  one: \"{n} note\"\n  other: \"{n} notes\"\n",
    )])
    .expect("reads");
    let fr = l.get("fr");
    assert_eq!(fr.text("briefings"), "Notes");
    assert_eq!(fr.text("actors"), "Actors");
    // French counts 0 and 1 as `one`.
    assert_eq!(fr.count("briefings_count", 0), "0 note");
    assert_eq!(fr.count("briefings_count", 2), "2 notes");
    assert_eq!(fr.dir, Dir::Ltr);
    // A site's English changes the fallback of every language.
    let l = site(&[("i18n/en.yaml", "actors: People\n")]).expect("reads");
    assert_eq!(l.get("de").text("actors"), "People");
    assert_eq!(l.get("uk").text("actors"), "Учасники");
}

#[test]
fn arabic_is_right_to_left_unless_its_file_says_otherwise() {
    let l = site(&[("i18n/ar.yaml", "briefings: إحاطات\n")]).expect("reads");
    let ar = l.get("ar");
    assert_eq!(ar.dir, Dir::Rtl);
    assert_eq!(ar.text("briefings"), "إحاطات");
    assert_eq!(ar.text("actors"), "Actors");
    assert_eq!(l.get("he").dir, Dir::Rtl);
    assert_eq!(l.get("fa-IR").dir, Dir::Rtl);
    assert_eq!(l.get("uk-UA").text("actors"), "Учасники");
    let l = site(&[("i18n/ar.yaml", "dir: ltr\n")]).expect("reads");
    assert_eq!(l.get("ar").dir, Dir::Ltr);
    let l = site(&[("i18n/xx.yaml", "dir: rtl\n")]).expect("reads");
    assert_eq!(l.get("xx").dir, Dir::Rtl);
}

#[test]
fn an_unknown_key_is_a_warning_at_its_place_with_the_nearest_key() {
    let l = site(&[("i18n/fr.yaml", "briefings: Notes\nbriefngs: x\n")]).expect("reads");
    let [w] = &l.warnings[..] else {
        panic!("{:#?}", l.warnings)
    };
    assert!(w.is_warning());
    assert_eq!(w.kind, Kind::UnknownKey);
    assert_eq!(w.locus(), "i18n/fr.yaml:2:1");
    assert_eq!(w.hint.as_deref(), Some("did you mean `briefings`?"));
    // The rest of the file still counts.
    assert_eq!(l.get("fr").text("briefings"), "Notes");
}

#[test]
fn a_value_that_is_not_a_string_is_an_error_at_its_place() {
    let e = site(&[("i18n/fr.yaml", "briefings: Notes\nactors:\n  - a\n  - b\n")]).unwrap_err();
    let [d] = &e[..] else { panic!("{e:#?}") };
    assert_eq!(d.kind, Kind::WrongType);
    assert_eq!(d.locus(), "i18n/fr.yaml:3:3");
    assert!(
        d.message.contains("`actors` must be a string"),
        "{}",
        d.message
    );

    let e = site(&[("i18n/fr.yaml", "briefings_count:\n  one: x\n  lots: y\n")]).unwrap_err();
    assert_eq!(e[0].locus(), "i18n/fr.yaml:3:3");
    assert!(e[0].message.contains("`lots` is not a plural category"));

    let e = site(&[("i18n/fr.yaml", "briefings_count:\n  one: x\n")]).unwrap_err();
    assert_eq!(e[0].kind, Kind::MissingKey);
    assert_eq!(e[0].locus(), "i18n/fr.yaml:2:3");

    let e = site(&[("i18n/fr.yaml", "dir: up\n")]).unwrap_err();
    assert_eq!(e[0].locus(), "i18n/fr.yaml:1:6");

    let e = site(&[("i18n/fr.yaml", "actors:\n")]).unwrap_err();
    assert!(e[0].message.contains("not empty") || e[0].message.contains("empty"));

    let e = site(&[("i18n/fr.yaml", "a: [b\n")]).unwrap_err();
    assert_eq!(e[0].kind, Kind::Yaml);
    assert!(e[0].pos.is_some());
}

#[test]
fn every_problem_of_a_file_is_reported() {
    let e = site(&[("i18n/fr.yaml", "actors: [x]\nbriefings: [y]\ndir: up\n")]).unwrap_err();
    assert_eq!(e.len(), 3, "{e:#?}");
}

#[test]
fn dates_belong_to_the_dates_and_are_not_strings() {
    let l = site(&[("i18n/uk.yaml", "dates:\n  day: \"d MMMM y\"\n")]).expect("reads");
    assert!(l.warnings.is_empty());
}

#[test]
fn templates_get_plain_strings_and_counts_the_plural_filter_reads() {
    let uk = Locales::built_in().get("uk");
    let t = uk.template_value();
    let map = t.as_map().expect("a map");
    assert_eq!(
        map.get(&tera::value::Key::Str("briefings"))
            .and_then(|v| v.as_str()),
        Some("Брифінги")
    );
    let mut tera = tera::Tera::new();
    tera.register_filter("plural", plural_filter);
    tera.add_raw_template("t", "{{ t.briefings_count | plural(n=n) }}")
        .expect("compiles");
    for (n, want) in [(1, "1 брифінг"), (3, "3 брифінги"), (11, "11 брифінгів")]
    {
        let mut ctx = tera::Context::new();
        ctx.insert_value("t", t.clone());
        ctx.insert("n", &n);
        assert_eq!(tera.render("t", &ctx).expect("renders"), want);
    }
}

#[test]
fn every_word_the_theme_shows_is_a_key_of_english() {
    let known = Locales::keys();
    let mut missing = Vec::new();
    for (name, text) in crate::theme::DEFAULT {
        let mut rest = *text;
        while let Some(i) = rest.find("t.") {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + 2..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            let key: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !key.is_empty() && !known.contains(&key) {
                missing.push(format!("{name}: {key}"));
            }
        }
    }
    assert!(missing.is_empty(), "not in en.yaml: {missing:?}");
}
