//! `languages:` and `untranslated:` of `site.yaml`: the site's languages besides its
//! default one, each with its own title, description and menu.

use std::path::Path;

use super::menu::{self, MenuEntry};
use crate::content::LanguageFm;
use crate::diag::{Diagnostic, Kind};
use crate::yaml::Spans;

/// A language of the site other than its default (`languages:` of `site.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Language {
    /// BCP 47 tag (`uk`): the suffix of its translations (`x.uk.md`) and its folder in
    /// the output (`uk/`).
    pub code: String,
    /// The site's title in this language; `None` keeps the default's.
    pub title: Option<String>,
    pub description: Option<String>,
    /// The main navigation in this language; `None` keeps the default's.
    pub menu: Option<Vec<MenuEntry>>,
}

/// What a language shows of a briefing or page with no translation into it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub enum Untranslated {
    /// Absent in that language: its listings show what is translated.
    #[default]
    Omit,
    /// Shown in that language in the default language's words, marked as such.
    Fallback,
}

/// Reads `languages:`, reporting every bad code and menu at its place.
pub(super) fn read(
    entries: &[(String, LanguageFm)],
    default: &str,
    path: &Path,
    text: &str,
    spans: &Spans,
) -> Result<Vec<Language>, Vec<Diagnostic>> {
    let mut out: Vec<Language> = Vec::new();
    let mut diags = Vec::new();
    // One bit per language marks which of them have a page (`editions`).
    const MOST: usize = 63;
    if entries.len() > MOST {
        let d = Diagnostic::new(
            Kind::BadValue,
            path,
            format!(
                "{} languages besides the default; at most {MOST}",
                entries.len()
            ),
        );
        diags.push(match spans.key("languages") {
            Some(pos) => d.at(text, pos),
            None => d,
        });
    }
    for (code, fm) in entries {
        let key = format!("languages.{code}");
        let at = |message: String, hint: &str| {
            let d = Diagnostic::new(Kind::BadValue, path, message).hint(hint);
            match spans.key(&key) {
                Some(pos) => d.at(text, pos),
                None => d,
            }
        };
        if !is_code(code) {
            diags.push(at(
                format!("invalid language code `{code}`"),
                "use a BCP 47 language tag in lowercase, such as uk, ru or sr-latn",
            ));
            continue;
        }
        if code == default {
            diags.push(at(
                format!("`{code}` is the site's default `language`"),
                "list only the other languages under `languages:`",
            ));
            continue;
        }
        if out.iter().any(|l| l.code == *code) {
            diags.push(at(
                format!("language `{code}` is listed twice"),
                "list each language once",
            ));
            continue;
        }
        let menu = match &fm.menu {
            Some(entries) => match menu::read(entries, &format!("{key}.menu"), path, text, spans) {
                Ok(m) => Some(m),
                Err(d) => {
                    diags.extend(d);
                    None
                }
            },
            None => None,
        };
        out.push(Language {
            code: code.clone(),
            title: fm.title.clone(),
            description: fm.description.clone(),
            menu,
        });
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

/// Reads `untranslated:`.
pub(super) fn untranslated(
    value: &str,
    path: &Path,
    text: &str,
    spans: &Spans,
) -> Result<Untranslated, Diagnostic> {
    match value.trim() {
        "omit" => Ok(Untranslated::Omit),
        "fallback" => Ok(Untranslated::Fallback),
        other => {
            let d = Diagnostic::new(
                Kind::BadValue,
                path,
                format!("unknown `untranslated` setting `{other}`"),
            )
            .hint("write `omit` (leave untranslated pages out of a language) or `fallback` (show them in the default language)");
            Err(match spans.value("untranslated") {
                Some(pos) => d.at(text, pos),
                None => d,
            })
        }
    }
}

/// A language code as `languages:` and translation files use it: a BCP 47 tag, in
/// lowercase so that it is also the folder and file suffix (`uk`, `sr-latn`).
pub fn is_code(code: &str) -> bool {
    valid_lang(code) && !code.chars().any(|c| c.is_ascii_uppercase())
}

/// A BCP 47 language tag, loosely: `uk`, `ru`, `zh-Hant`, `sr-Latn-RS`.
pub fn valid_lang(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=8).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}
