//! The words of the theme in the reader's language: one strings file per language
//! (`i18n/en.yaml`, `uk.yaml`, `ru.yaml` built in), which a site overrides key by key
//! with its own `i18n/<lang>.yaml`, and from which a language with no built-in file
//! (French, Arabic) takes what it does not set from English.
//!
//! Counts follow CLDR's plural rules, from ICU4X's compiled data: a counted string is a
//! mapping of plural categories (`one`, `few`, `many`, `other` for Ukrainian), and
//! [`Locale::count`] (or the `plural` filter in templates) picks the form for a number.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use icu_plurals::{PluralCategory, PluralRules};
use serde::Serialize;

use crate::diag::{Diagnostic, Kind};

mod file;
mod plural;

pub use file::CATEGORIES;
pub use plural::filter as plural_filter;

/// The built-in strings files: (language, contents).
pub const BUILT_IN: [(&str, &str); 3] = [
    ("en", include_str!("../i18n/en.yaml")),
    ("uk", include_str!("../i18n/uk.yaml")),
    ("ru", include_str!("../i18n/ru.yaml")),
];

/// Languages written right to left, by their primary subtag: what `dir` is when the
/// strings file does not say.
pub const RTL: [&str; 9] = ["ar", "he", "fa", "ur", "ps", "sd", "ckb", "yi", "dv"];

/// Which way a language's text runs: `dir` on `<html>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dir {
    Ltr,
    Rtl,
}

impl Dir {
    /// The direction of language `code` (`ar`, `ar-EG`, `uk`) by default.
    pub fn of(code: &str) -> Dir {
        if RTL.contains(&primary(code)) {
            Dir::Rtl
        } else {
            Dir::Ltr
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// A string of the theme: plain, or one form per plural category.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Text {
    Plain(String),
    /// (category, form), `other` always among them.
    Plural(Vec<(&'static str, String)>),
}

impl Text {
    /// The form for `category`, or `other`; a plain string for every count.
    fn form(&self, category: &str) -> &str {
        match self {
            Text::Plain(s) => s,
            Text::Plural(forms) => forms
                .iter()
                .find(|(c, _)| *c == category)
                .or_else(|| forms.iter().find(|(c, _)| *c == "other"))
                .map_or("", |(_, s)| s.as_str()),
        }
    }
}

/// The strings of one language, complete: what its files do not set is English.
pub struct Locale {
    /// The language, as the site names it (`uk`, `ar`).
    pub code: String,
    pub dir: Dir,
    strings: BTreeMap<String, Text>,
    rules: PluralRules,
    /// How dates read: CLDR's names with the patterns of `dates:`.
    pub dates: crate::dates::local::DateFormat,
    /// The site's own `dates:` patterns, which `dates` was made with.
    desk_dates: BTreeMap<String, String>,
    /// `t` as templates receive it, made once.
    value: OnceLock<tera::Value>,
}

impl fmt::Debug for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Locale")
            .field("code", &self.code)
            .field("dir", &self.dir)
            .field("strings", &self.strings.len())
            .finish_non_exhaustive()
    }
}

impl PartialEq for Locale {
    fn eq(&self, other: &Self) -> bool {
        (&self.code, self.dir, &self.strings, &self.desk_dates)
            == (&other.code, other.dir, &other.strings, &other.desk_dates)
    }
}
impl Eq for Locale {}

/// As it is compared: the formatters are made from these.
impl serde::Serialize for Locale {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&(&self.code, self.dir, &self.strings, &self.desk_dates), s)
    }
}

impl Locale {
    fn new(
        code: &str,
        dir: Dir,
        strings: BTreeMap<String, Text>,
        (dates, desk_dates): (crate::dates::local::DateFormat, BTreeMap<String, String>),
    ) -> Locale {
        Locale {
            code: code.to_string(),
            dir,
            rules: plural::rules(code),
            strings,
            dates,
            desk_dates,
            value: OnceLock::new(),
        }
    }

    /// The string `key` (of a count, its `other` form); empty if the theme has no such
    /// string (a test holds every key the theme uses to be in `en.yaml`).
    pub fn text(&self, key: &str) -> &str {
        self.strings.get(key).map_or("", |t| t.form("other"))
    }

    /// The string `key` with each `{name}` of `args` filled in.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.text(key), args)
    }

    /// The CLDR plural category of `n` in this language (`one`, `few`, `many`, `other`).
    pub fn category(&self, n: u64) -> &'static str {
        plural::name(self.rules.category_for(n))
    }

    /// The counted string `key` for `n`, `{n}` filled in: "3 briefings", "21 брифінг".
    pub fn count(&self, key: &str, n: u64) -> String {
        let form = (self.strings.get(key)).map_or("", |t| t.form(self.category(n)));
        fill(form, &[("n", &n.to_string())])
    }

    /// "A, B and C" from `items`, with this language's separators.
    pub fn list(&self, items: &[&str]) -> String {
        let mut out = String::new();
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(if i + 1 == items.len() {
                    self.text("list_last_separator")
                } else {
                    self.text("list_separator")
                });
            }
            out.push_str(item);
        }
        out
    }

    /// The language's name in itself ("Українська").
    pub fn name(&self) -> &str {
        self.text("language_name")
    }

    /// `t`, as every template receives it: each plain string by its key, each count as
    /// a map of its forms with `lang`, which the `plural` filter reads.
    pub fn template_value(&self) -> tera::Value {
        self.value
            .get_or_init(|| {
                let mut map = tera::value::Map::new();
                for (k, t) in &self.strings {
                    let v = match t {
                        Text::Plain(s) => tera::Value::from(s.as_str()),
                        Text::Plural(forms) => {
                            let mut m = tera::value::Map::new();
                            for (c, s) in forms {
                                m.insert(tera::value::Key::Str(c), tera::Value::from(s.as_str()));
                            }
                            m.insert(
                                tera::value::Key::Str("lang"),
                                tera::Value::from(self.code.as_str()),
                            );
                            tera::Value::from(m)
                        }
                    };
                    map.insert(tera::value::Key::from(k.clone()), v);
                }
                tera::Value::from(map)
            })
            .clone()
    }
}

/// `text` with each `{name}` of `args` replaced by its value.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in args {
        let pattern = format!("{{{name}}}");
        if out.contains(&pattern) {
            out = out.replace(&pattern, value);
        }
    }
    out
}

/// The primary language subtag of `code`: `uk` of `uk-UA`.
fn primary(code: &str) -> &str {
    code.split(['-', '_']).next().unwrap_or(code)
}

/// The strings of every language a site may show: the built-in files with the site's
/// own `i18n/` files over them.
#[derive(Debug, PartialEq, Eq, serde::Serialize)]
pub struct Locales {
    /// The site's English (the fallback of every language).
    english: BTreeMap<String, Text>,
    by_code: BTreeMap<String, Arc<Locale>>,
    /// What the site's files set without effect (unknown keys): shown, not fatal.
    pub warnings: Vec<Diagnostic>,
}

/// A site's own strings file: its path as diagnostics show it, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    pub path: PathBuf,
    pub text: String,
}

impl Locales {
    /// The built-in strings alone, read once per process.
    pub fn built_in() -> Arc<Locales> {
        static BUILT: OnceLock<Arc<Locales>> = OnceLock::new();
        Arc::clone(BUILT.get_or_init(|| {
            let built = Locales::read(&[]).unwrap_or_else(|d| {
                unreachable!("the built-in strings files are checked by the tests: {d:?}")
            });
            Arc::new(built)
        }))
    }

    /// The keys the theme knows: those of the English file.
    pub fn keys() -> &'static [String] {
        static KEYS: OnceLock<Vec<String>> = OnceLock::new();
        KEYS.get_or_init(|| {
            let mut diags = Vec::new();
            let en = file::read(Path::new("i18n/en.yaml"), BUILT_IN[0].1, None, &mut diags);
            en.strings.into_keys().collect()
        })
    }

    /// The built-in files with the site's `files` over them. Errors stop the build;
    /// warnings come back in [`Locales::warnings`].
    pub fn read(files: &[SiteFile]) -> Result<Locales, Vec<Diagnostic>> {
        let known = Locales::keys();
        let mut diags = Vec::new();
        let built: BTreeMap<&str, file::File> = BUILT_IN
            .iter()
            .map(|&(code, text)| {
                let path = PathBuf::from(format!("(built-in) i18n/{code}.yaml"));
                (code, file::read(&path, text, Some(known), &mut diags))
            })
            .collect();
        let mut site: BTreeMap<String, file::File> = BTreeMap::new();
        let mut paths: BTreeMap<String, (&Path, &str)> = BTreeMap::new();
        for f in files {
            let code = f
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            paths.insert(code.clone(), (&f.path, &f.text));
            site.insert(code, file::read(&f.path, &f.text, Some(known), &mut diags));
        }
        let (warnings, errors): (Vec<_>, Vec<_>) =
            diags.into_iter().partition(Diagnostic::is_warning);
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut english = built["en"].strings.clone();
        if let Some(en) = site.get("en") {
            english.extend(en.strings.clone());
        }
        let mut codes: Vec<&str> = built.keys().copied().collect();
        codes.extend(site.keys().map(String::as_str));
        codes.sort_unstable();
        codes.dedup();
        let mut date_errors = Vec::new();
        let by_code = codes
            .into_iter()
            .map(|code| {
                let mut strings = english.clone();
                let ours = built.get(code);
                let theirs = site.get(code);
                if primary(code) != "en" {
                    // Shown in the language switcher: a language no file names is
                    // better called by its code than "English".
                    strings.insert("language_name".to_string(), Text::Plain(code.to_string()));
                }
                if code != "en" {
                    if let Some(f) = ours {
                        strings.extend(f.strings.clone());
                    }
                    if let Some(f) = theirs {
                        strings.extend(f.strings.clone());
                    }
                }
                let dir = (theirs.and_then(|f| f.dir))
                    .or(ours.and_then(|f| f.dir))
                    .unwrap_or(Dir::of(code));
                let desk = theirs.map(|f| &f.dates);
                let dates = dates_of(code, desk, paths.get(code), &mut date_errors);
                (
                    code.to_string(),
                    Arc::new(Locale::new(code, dir, strings, dates)),
                )
            })
            .collect();
        if !date_errors.is_empty() {
            return Err(date_errors);
        }
        Ok(Locales {
            english,
            by_code,
            warnings,
        })
    }

    /// The built-in files with those of `<root>/i18n/` over them (`*.yaml`, named by
    /// language). Paths in diagnostics are relative to `root`.
    pub fn load(root: &Path) -> Result<Locales, Vec<Diagnostic>> {
        let (files, mut errors) = Locales::files(root);
        let read = Locales::read(&files);
        match (read, errors.is_empty()) {
            (Ok(l), true) => Ok(l),
            (Ok(_), false) => Err(errors),
            (Err(mut e), _) => {
                errors.append(&mut e);
                Err(errors)
            }
        }
    }

    /// The site's strings files in `<root>/i18n/`, in name order, and the errors of
    /// those that cannot be read.
    pub fn files(root: &Path) -> (Vec<SiteFile>, Vec<Diagnostic>) {
        let dir = root.join("i18n");
        let mut files = Vec::new();
        let mut errors = Vec::new();
        if let Ok(entries) = std::fs::read_dir(&dir) {
            let mut paths: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "yaml" || e == "yml")
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect();
            paths.sort();
            for path in paths {
                let shown = crate::diag::display_path(root, &path);
                match std::fs::read_to_string(&path) {
                    Ok(text) => files.push(SiteFile {
                        path: shown,
                        text: text.strip_prefix('\u{feff}').unwrap_or(&text).to_string(),
                    }),
                    Err(e) => errors.push(Diagnostic::new(
                        Kind::Io,
                        shown,
                        format!("cannot read: {e}"),
                    )),
                }
            }
        }
        (files, errors)
    }

    /// The strings of language `code`: its own, else those of its primary language
    /// (`uk` for `uk-UA`), else English under its code and direction.
    pub fn get(&self, code: &str) -> Arc<Locale> {
        if let Some(l) = self.by_code.get(code) {
            return Arc::clone(l);
        }
        if let Some(l) = self.by_code.get(primary(code)) {
            let dates = (l.dates.clone(), l.desk_dates.clone());
            return Arc::new(Locale::new(code, l.dir, l.strings.clone(), dates));
        }
        let mut strings = self.english.clone();
        strings.insert("language_name".to_string(), Text::Plain(code.to_string()));
        let dates = dates_of(code, None, None, &mut Vec::new());
        Arc::new(Locale::new(code, Dir::of(code), strings, dates))
    }

    /// Makes the languages of `codes` that have no strings file of their own now, so
    /// that [`get`](Self::get) finds them made (its fallback makes one per call).
    pub fn prepare<'a>(&mut self, codes: impl IntoIterator<Item = &'a str>) {
        for code in codes {
            if !self.by_code.contains_key(code) {
                let made = self.get(code);
                self.by_code.insert(code.to_string(), made);
            }
        }
    }
}

/// How dates read in `code`, with the site's `dates:` patterns (`desk`) over the
/// built-in ones; a pattern that cannot be used is an error at its key in the site's
/// file (`at`: its path and text).
fn dates_of(
    code: &str,
    desk: Option<&BTreeMap<String, (String, crate::diag::Pos)>>,
    at: Option<&(&Path, &str)>,
    errors: &mut Vec<Diagnostic>,
) -> (crate::dates::local::DateFormat, BTreeMap<String, String>) {
    use crate::dates::local::DateFormat;
    let patterns: BTreeMap<String, String> = desk
        .map(|d| d.iter().map(|(k, (v, _))| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    if code == "en" && patterns.is_empty() {
        return (DateFormat::english().clone(), patterns);
    }
    match DateFormat::new(code, &patterns) {
        Ok(f) => (f, patterns),
        Err(problems) => {
            for p in problems {
                let (path, text) = at.copied().unwrap_or((Path::new("site.yaml"), ""));
                let mut d = Diagnostic::new(Kind::BadValue, path, p.to_string());
                if let Some((_, pos)) = desk.and_then(|d| d.get(&p.key)) {
                    d = d.at(text, *pos);
                }
                errors.push(d);
            }
            (DateFormat::english().clone(), patterns)
        }
    }
}

/// The name of a plural category as strings files write it.
pub fn category_name(c: PluralCategory) -> &'static str {
    plural::name(c)
}

#[cfg(test)]
mod tests;
