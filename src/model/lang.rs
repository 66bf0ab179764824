//! The site in its other languages (`languages:` of `site.yaml`): translation files
//! (`x.uk.md`) read and checked, and each language's `Site` made by the same build as
//! the default one, with the translated fields in place of the original's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::Site;
use crate::config::{Config, Untranslated};
use crate::content::{
    ActorTrFm, AuthorTrFm, BriefingFm, BriefingTrFm, PageFm, PageTrFm, TopicTrFm,
};
use crate::diag::{Diagnostic, Kind};
use crate::discover::{Section, Source};
use crate::source;
use crate::yaml;

/// A translation file, read.
pub(super) struct Tr<'s> {
    pub src: &'s Source,
    pub fm: TrFm,
    pub body_offset: usize,
}

pub(super) enum TrFm {
    Briefing(BriefingTrFm),
    Actor(ActorTrFm),
    Topic(TopicTrFm),
    Page(PageTrFm),
    Author(AuthorTrFm),
}

/// One language's translations, by the path of their original.
pub(super) struct Translations<'s> {
    pub code: String,
    pub by_original: HashMap<PathBuf, Tr<'s>>,
}

/// Whether the site is in one language: it names no other, and no source is a
/// translation. Such a site pays nothing for languages.
pub(super) fn in_one_language(config: &crate::config::Config, sources: &[Source]) -> bool {
    config.languages.is_empty() && !sources.iter().any(|s| s.lang().is_some())
}

/// The path of the original of a translation: `x.uk.md` → `x.md`.
fn original_of(src: &Source, code: &str) -> PathBuf {
    let name = src.rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let base = &name[..name.len() - code.len() - 4];
    src.rel
        .with_file_name(format!("{base}{}", &name[name.len() - 3..]))
}

/// What each section's translation may say, for the hint.
fn translated_keys(section: Section) -> &'static str {
    match section {
        Section::Briefing => "title, summary, image (alt, caption), toc, extra, draft and the body",
        Section::Actor => "name, role and the body",
        Section::Topic => "name and the body",
        Section::Page => "title, summary, toc, draft and the body",
        Section::Author => "name, role and the body",
    }
}

/// The keys of the original that a translation may not set.
fn shared_keys(section: Section) -> &'static [&'static str] {
    match section {
        Section::Briefing => &[
            "date",
            "updated",
            "topics",
            "location",
            "authors",
            "actors",
            "quotes",
            "events",
            "sources",
            "claims",
            "corrections",
            "slug",
            "grades",
            "aliases",
            "kind",
        ],
        Section::Actor => &[
            "kind",
            "affiliations",
            "aliases",
            "draft",
            "slug",
            "image",
            "extra",
            "date",
        ],
        Section::Topic => &["aliases", "slug", "extra", "date"],
        Section::Page => &["slug", "extra", "date", "aliases"],
        Section::Author => &["url", "email", "image", "slug", "extra", "date"],
    }
}

/// Reads every translation, per configured language in config order, and reports
/// those in no configured language, those without an original, and those that set
/// what belongs to the original.
pub(super) fn read<'s>(
    config: &Config,
    sources: &'s [Source],
) -> (Vec<Translations<'s>>, Vec<Diagnostic>) {
    let mut out: Vec<Translations> = (config.languages.iter())
        .map(|l| Translations {
            code: l.code.clone(),
            by_original: HashMap::new(),
        })
        .collect();
    let mut diags = Vec::new();
    let originals: HashMap<&Path, ()> = (sources.iter())
        .filter(|s| s.lang().is_none())
        .map(|s| (s.rel.as_path(), ()))
        .collect();
    for src in sources {
        let Some(code) = src.lang() else { continue };
        let Some(lang) = out.iter_mut().find(|l| l.code == code) else {
            let hint = if code == config.language {
                format!("`{code}` is the site's default language: its files have no suffix")
            } else {
                format!(
                    "add it to `languages:` in site.yaml, e.g. `languages: {{{code}: {{title: …}}}}`"
                )
            };
            diags.push(
                Diagnostic::new(
                    Kind::BadValue,
                    &src.rel,
                    format!("translation into `{code}`, which is not one of the site's languages"),
                )
                .hint(hint),
            );
            continue;
        };
        let original = original_of(src, code);
        if !originals.contains_key(original.as_path()) {
            diags.push(
                Diagnostic::new(
                    Kind::BadValue,
                    &src.rel,
                    "translation of a file that does not exist",
                )
                .hint(format!(
                    "its original would be {}; a translation sits beside the file it translates",
                    original.display()
                )),
            );
            continue;
        }
        if let Some(tr) = parse(src, &original, &mut diags) {
            lang.by_original.insert(original, tr);
        }
    }
    (out, diags)
}

fn parse<'s>(src: &'s Source, original: &Path, diags: &mut Vec<Diagnostic>) -> Option<Tr<'s>> {
    let split = match super::parse::split(src, &src.text) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    fn typed<T: DeserializeOwned>(
        src: &Source,
        split: &source::Split,
        what: &str,
        original: &Path,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let parsed = yaml::parse::<T>(&yaml::Doc {
            path: &src.rel,
            file: &src.text,
            shared: Some(&src.text),
            yaml: split.yaml,
            first_line: split.yaml_line,
            what,
        });
        for mut d in parsed.diagnostics {
            let shared = (shared_keys(src.section).iter())
                .find(|k| d.message == format!("unknown key `{k}` in {what}"));
            if let Some(key) = shared {
                d.message = format!("a translation cannot set `{key}`");
                d.hint = Some(format!(
                    "`{key}` belongs to the original, {}; a translation carries only {}",
                    original.display(),
                    translated_keys(src.section)
                ));
            }
            diags.push(d);
        }
        parsed.value
    }
    let fm = match src.section {
        Section::Briefing => {
            TrFm::Briefing(typed(src, &split, "briefing translation", original, diags)?)
        }
        Section::Actor => TrFm::Actor(typed(src, &split, "actor translation", original, diags)?),
        Section::Topic => TrFm::Topic(typed(src, &split, "topic translation", original, diags)?),
        Section::Page => TrFm::Page(typed(src, &split, "page translation", original, diags)?),
        Section::Author => TrFm::Author(typed(src, &split, "author translation", original, diags)?),
    };
    Some(Tr {
        src,
        fm,
        body_offset: split.body_offset,
    })
}

/// A briefing's front matter with a translation's fields in place.
pub(super) fn briefing(fm: &BriefingFm, tr: &BriefingTrFm) -> BriefingFm {
    let mut out = fm.clone();
    out.title.clone_from(&tr.title);
    if tr.summary.is_some() {
        out.summary.clone_from(&tr.summary);
    }
    if let (Some(image), Some(t)) = (&mut out.image, &tr.image) {
        if t.alt.is_some() {
            image.alt.clone_from(&t.alt);
        }
        if t.caption.is_some() {
            image.caption.clone_from(&t.caption);
        }
    }
    if tr.toc.is_some() {
        out.toc = tr.toc;
    }
    if !tr.extra.map().is_empty() {
        out.extra = tr.extra.clone();
    }
    out
}

/// A page's front matter with a translation's fields in place.
pub(super) fn page(fm: &PageFm, tr: &PageTrFm) -> PageFm {
    let mut out = fm.clone();
    out.title.clone_from(&tr.title);
    if tr.summary.is_some() {
        out.summary.clone_from(&tr.summary);
    }
    if tr.toc.is_some() {
        out.toc = tr.toc;
    }
    out
}

/// The display name in language `code`: the translation's, else the alias in that
/// language, else the default.
fn name_in(
    code: &str,
    translated: Option<&str>,
    aliases: &[super::Alias],
    default: &str,
) -> String {
    translated
        .or_else(|| {
            (aliases.iter())
                .find(|a| a.lang.as_deref() == Some(code))
                .map(|a| a.name.as_str())
        })
        .unwrap_or(default)
        .to_string()
}

/// Makes a language's site of what its build made: its config, names, and the marks
/// on what is shown untranslated.
pub(super) fn finish(site: &mut Site, default: &Config, tr: &Translations) {
    let code = tr.code.as_str();
    let lang = default.languages.iter().find(|l| l.code == code);
    site.config.language = code.to_string();
    if let Some(l) = lang {
        if let Some(t) = &l.title {
            site.config.title.clone_from(t);
        }
        if l.description.is_some() {
            site.config.description.clone_from(&l.description);
        }
        if l.menu.is_some() {
            site.config.menu.clone_from(&l.menu);
        }
    }
    if lang.is_none_or(|l| l.menu.is_none()) {
        // The default language's menu, without the pages this language lacks.
        if let Some(menu) = &mut site.config.menu {
            let pages = &site.pages;
            menu.retain(|e| match &e.target {
                crate::config::MenuTarget::Page(slug) => {
                    pages.iter().any(|p| p.slug.as_str() == slug)
                }
                _ => true,
            });
        }
    }
    site.config.languages = Vec::new();
    site.config.facts_lang = Some(default.language.clone());
    site.config.prefix = format!("{code}/");
    if let Some(base) = &default.base_url {
        site.config.base_url = Some(format!("{base}{code}/"));
    }
    let untranslated = Some(default.language.clone());
    // A quote without `lang:` was said in the default language, which this site's
    // `language` no longer names.
    for q in &mut site.quotes {
        if q.lang.is_none() {
            q.item_mut().lang.clone_from(&untranslated);
        }
    }
    let get = |path: &Path| tr.by_original.get(path).map(|t| &t.fm);
    for b in &mut site.briefings {
        if !matches!(get(&b.path), Some(TrFm::Briefing(t)) if !t.draft) {
            std::sync::Arc::make_mut(b)
                .text_lang
                .clone_from(&untranslated);
        }
    }
    for p in &mut site.pages {
        if !matches!(get(&p.path), Some(TrFm::Page(t)) if !t.draft) {
            p.text_lang.clone_from(&untranslated);
        }
    }
    for a in &mut site.actors {
        let t = match get(&a.path) {
            Some(TrFm::Actor(t)) => Some(t),
            _ => None,
        };
        a.name = name_in(code, t.and_then(|t| t.name.as_deref()), &a.aliases, &a.name);
        if let Some(role) = t.and_then(|t| t.role.clone()) {
            a.role = Some(role);
        }
        if t.is_none() {
            a.text_lang.clone_from(&untranslated);
        }
    }
    for topic in &mut site.topics {
        let t = match topic.path.as_deref().and_then(get) {
            Some(TrFm::Topic(t)) => Some(t),
            _ => None,
        };
        topic.name = name_in(
            code,
            t.and_then(|t| t.name.as_deref()),
            &topic.aliases,
            &topic.name,
        );
        if t.is_none() && topic.path.is_some() {
            topic.text_lang.clone_from(&untranslated);
        }
    }
    for a in &mut site.authors {
        let t = match get(&a.path) {
            Some(TrFm::Author(t)) => Some(t),
            _ => None,
        };
        if let Some(name) = t.and_then(|t| t.name.clone()) {
            a.name = name;
        }
        if let Some(role) = t.and_then(|t| t.role.clone()) {
            a.role = Some(role);
        }
        if t.is_none() {
            a.text_lang.clone_from(&untranslated);
        }
    }
}

/// Whether a language whose own briefings and free pages are at `own` has the page or
/// file at `path` (from its root): the site's other pages and its feeds and search
/// index are in every language; pictures, other files and the data export only at the
/// root.
pub(super) fn has(own: &std::collections::HashSet<String>, path: &str) -> bool {
    const EVERYWHERE: [&str; 8] = [
        "actors/",
        "topics/",
        "authors/",
        "timeline/",
        "quotes/",
        "claims/",
        "corrections/",
        "search/",
    ];
    if own.contains(path) || path == "index.html" || path.ends_with("atom.xml") {
        return true;
    }
    path.ends_with(".html")
        && (EVERYWHERE.iter().any(|s| path.starts_with(s))
            || path == "briefings/index.html"
            || path.starts_with("briefings/page/"))
}

/// Whether an item with this translation is shown in the language.
pub(super) fn shown(untranslated: Untranslated, translated: bool) -> bool {
    translated || untranslated == Untranslated::Fallback
}

/// The path of a page in a language site: `uk/briefings/x/index.html`.
pub(super) fn prefixed(code: Option<&str>, page: String) -> String {
    match code {
        Some(c) => format!("{c}/{page}"),
        None => page,
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{Config, Language, Untranslated};
    use crate::discover::Section;
    use crate::feeds::testing::source;
    use crate::model::{Options, build};

    fn config(untranslated: Untranslated) -> Config {
        Config {
            languages: vec![Language {
                code: "uk".into(),
                title: Some("Брифінги".into()),
                description: None,
                menu: None,
            }],
            untranslated,
            ..Config::default()
        }
    }

    fn sources(extra: &[(Section, &str, &str)]) -> Vec<crate::discover::Source> {
        let mut s = vec![
            source(
                Section::Actor,
                "zelensky",
                "---\nname: Volodymyr Zelenskyy\naliases: [{name: Володимир Зеленський, lang: uk}]\n---\nBio.\n",
            ),
            source(
                Section::Briefing,
                "a",
                "---\ntitle: A\ndate: 2022-03-01\nactors: [zelensky]\nquotes:\n  - by: zelensky\n    text: We are here.\n    said: 2022-02-25\n    translations: {uk: Ми тут.}\n---\nBody of A.\n",
            ),
            source(
                Section::Briefing,
                "b",
                "---\ntitle: B\ndate: 2022-03-02\n---\nBody of B.\n",
            ),
        ];
        s.extend(
            extra
                .iter()
                .map(|(sec, stem, text)| source(*sec, stem, text)),
        );
        s
    }

    const A_UK: &str = "---\ntitle: А українською\nsummary: Коротко.\n---\nТіло А, див. [[briefings/b]] і [[zelensky]].\n";

    #[test]
    fn a_language_site_holds_the_translated_briefings_or_all_with_fallback() {
        let src = sources(&[(Section::Briefing, "a.uk", A_UK)]);
        let site = build(config(Untranslated::Omit), &src, &Options::default()).unwrap();
        assert_eq!(site.briefings.len(), 2);
        assert_eq!(site.languages.len(), 1);
        let uk = &site.languages[0];
        assert_eq!(uk.config.language, "uk");
        assert_eq!(uk.config.title, "Брифінги");
        assert!(uk.languages.is_empty());
        let titles: Vec<&str> = uk.briefings.iter().map(|b| b.title.as_str()).collect();
        assert_eq!(titles, ["А українською"]);
        let a = &uk.briefings[0];
        assert_eq!(a.text_lang, None);
        assert_eq!(a.summary, "Коротко.");
        assert!(a.body_html.text().contains("Тіло А"), "{:?}", a.body_html);
        // B is not in Ukrainian: the link leads to the English page, one folder up.
        assert!(
            a.body_html
                .text()
                .contains("href=\"../../../briefings/b/index.html\""),
            "{:?}",
            a.body_html
        );
        assert!(uk.body_links.iter().all(|l| l.page.starts_with("uk/")));
        // Actors are in every language, named by their alias in it.
        assert_eq!(uk.actors[0].name, "Володимир Зеленський");
        assert_eq!(uk.actors[0].text_lang.as_deref(), Some("en"));
        assert_eq!(site.actors[0].name, "Volodymyr Zelenskyy");
        assert_eq!(
            uk.quotes[0].translations,
            [("uk".to_string(), "Ми тут.".to_string())]
        );

        let site = build(config(Untranslated::Fallback), &src, &Options::default()).unwrap();
        let uk = &site.languages[0];
        let shown: Vec<(&str, Option<&str>)> = (uk.briefings.iter())
            .map(|b| (b.title.as_str(), b.text_lang.as_deref()))
            .collect();
        assert_eq!(shown, [("А українською", None), ("B", Some("en"))]);
    }

    #[test]
    fn no_languages_means_no_language_sites() {
        let site = build(Config::default(), &sources(&[]), &Options::default()).unwrap();
        assert!(site.languages.is_empty());
    }

    fn errors(untranslated: Untranslated, extra: &[(Section, &str, &str)]) -> Vec<String> {
        let diags = build(config(untranslated), &sources(extra), &Options::default()).unwrap_err();
        diags
            .iter()
            .map(|d| {
                let at = d
                    .pos
                    .map(|p| format!(":{}:{}", p.line, p.col))
                    .unwrap_or_default();
                format!(
                    "{}{at}: {} ({})",
                    d.path.display(),
                    d.message,
                    d.hint.as_deref().unwrap_or("")
                )
            })
            .collect()
    }

    #[test]
    fn a_translation_that_sets_a_shared_field_is_an_error_at_the_key() {
        let e = errors(
            Untranslated::Omit,
            &[(
                Section::Briefing,
                "a.uk",
                "---\ntitle: А\ndate: 2022-03-01\n---\nТіло.\n",
            )],
        );
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].starts_with("content/briefings/a.uk.md:3:1: a translation cannot set `date`"),
            "{e:?}"
        );
        assert!(
            e[0].contains("belongs to the original, content/briefings/a.md"),
            "{e:?}"
        );
    }

    #[test]
    fn a_translation_without_original_or_language_is_an_error() {
        let e = errors(
            Untranslated::Omit,
            &[
                (Section::Briefing, "gone.uk", "---\ntitle: Г\n---\n"),
                (Section::Briefing, "a.fr", "---\ntitle: A\n---\n"),
            ],
        );
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(
            e[0].starts_with("content/briefings/a.fr.md: translation into `fr`"),
            "{e:?}"
        );
        assert!(
            e[0].contains("add it to `languages:` in site.yaml"),
            "{e:?}"
        );
        assert!(
            e[1].starts_with(
                "content/briefings/gone.uk.md: translation of a file that does not exist"
            ),
            "{e:?}"
        );
        assert!(e[1].contains("content/briefings/gone.md"), "{e:?}");
    }

    #[test]
    fn a_quote_translation_into_a_bad_code_is_an_error_at_its_place() {
        let text = "---\ntitle: C\ndate: 2022-03-01\nquotes:\n  - by: zelensky\n    text: Words.\n    said: 2022-02-25\n    lang: en\n    translations: {UK!: Слова., ru: ''}\n---\n";
        let diags = build(
            Config::default(),
            &sources(&[(Section::Briefing, "c", text)]),
            &Options::default(),
        )
        .unwrap_err();
        let got: Vec<(String, u32)> = (diags.iter())
            .map(|d| (d.message.clone(), d.pos.map_or(0, |p| p.line)))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "invalid language code `UK!` of a quote's translation".to_string(),
                    9
                ),
                ("empty `ru` translation of the quote".to_string(), 9)
            ]
        );
    }
}
