//! Names of things as editors type them: slugs, folding for comparison, and resolving
//! an actor ref (slug, name or alias) to the actor it means.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::diag;

/// The comparison form of a name: case, diacritics, punctuation and the difference
/// between `-`, `_` and spaces do not matter, so `Zelenskyy`, `zelenskyy` and
/// `Zelenskýy` meet, and so do the slug `antony-blinken` and the name `Antony Blinken`.
pub fn fold(s: &str) -> String {
    // Most refs are plain ASCII, for which decomposition changes nothing; it was the
    // largest part of resolving every ref of a 10,000-briefing site.
    if s.is_ascii() {
        fold_chars(s.chars(), s.len())
    } else {
        fold_chars(s.nfkd().filter(|c| !is_combining_mark(*c)), s.len())
    }
}

fn fold_chars(chars: impl Iterator<Item = char>, capacity: usize) -> String {
    let mut out = String::with_capacity(capacity);
    let mut space = false;
    for c in chars {
        // ASCII letters lowered in place: refs are folded for every quote, event and
        // list entry of every build, and `to_lowercase`'s iterator per letter was a
        // twentieth of a `serve` rebuild that converts every briefing.
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '.' || c == '/' {
            space = true;
        }
        // Other punctuation (apostrophes, commas) is dropped: "O'Brien" = "OBrien".
    }
    out
}

/// A URL-safe slug: the folded form with spaces as hyphens. Letters of any script are
/// kept, so a name in Cyrillic gets a Cyrillic slug rather than an empty one.
pub fn slugify(s: &str) -> String {
    fold(s).replace(' ', "-")
}

/// Longest slug accepted, in bytes: a slug is a folder name, and file systems stop at
/// 255 bytes.
pub const MAX_SLUG_BYTES: usize = 200;

/// Why `slug` cannot name a folder on every host the site may be copied to, if it
/// cannot: Windows' reserved device names (`con`, `nul`, `com1`…, whatever the
/// extension), anything over [`MAX_SLUG_BYTES`], and, as a backstop (slugify never makes
/// them), path separators and dot names.
pub fn slug_problem(slug: &str) -> Option<String> {
    if slug.len() > MAX_SLUG_BYTES {
        return Some(format!(
            "is {} bytes long; the longest a slug may be is {MAX_SLUG_BYTES}",
            slug.len()
        ));
    }
    if slug.contains(['/', '\\', '\0']) || slug.starts_with('.') {
        return Some("would be a path, not a name".to_string());
    }
    let stem = slug.split('.').next().unwrap_or(slug).to_ascii_lowercase();
    let device = match stem.as_str() {
        "con" | "prn" | "aux" | "nul" => true,
        s => {
            let b = s.as_bytes();
            b.len() == 4 && (s.starts_with("com") || s.starts_with("lpt")) && b[3].is_ascii_digit()
        }
    };
    device.then(|| format!("`{stem}` is a reserved device name on Windows"))
}

/// Why a ref did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError<Id> {
    /// No actor answers to it; the nearest known name, if any is close.
    Unknown { suggestion: Option<(String, Id)> },
    /// Several actors answer to it (a shared alias).
    Ambiguous(Vec<Id>),
}

/// Looks names up by their folded form.
#[derive(Debug, Clone)]
pub struct Index<Id> {
    by_key: HashMap<String, Vec<Id>>,
    /// Every name as written, for suggestions.
    names: Vec<(String, Id)>,
}

impl<Id> Default for Index<Id> {
    fn default() -> Self {
        Index {
            by_key: HashMap::new(),
            names: Vec::new(),
        }
    }
}

impl<Id: Copy + PartialEq> Index<Id> {
    /// Registers `name` (a slug, name or alias) for `id`.
    pub fn insert(&mut self, name: &str, id: Id) {
        let key = fold(name);
        if key.is_empty() {
            return;
        }
        let ids = self.by_key.entry(key).or_default();
        if !ids.contains(&id) {
            ids.push(id);
        }
        self.names.push((name.to_string(), id));
    }

    /// Every name added, as written, with what it names: all that decides lookups.
    pub fn names(&self) -> impl Iterator<Item = (&str, &Id)> {
        self.names.iter().map(|(n, id)| (n.as_str(), id))
    }

    pub fn resolve(&self, name: &str) -> Result<Id, RefError<Id>> {
        match self.by_key.get(&fold(name)).map(Vec::as_slice) {
            Some([id]) => Ok(*id),
            Some(ids) if ids.len() > 1 => Err(RefError::Ambiguous(ids.to_vec())),
            _ => Err(RefError::Unknown {
                suggestion: self.nearest(name),
            }),
        }
    }

    fn nearest(&self, name: &str) -> Option<(String, Id)> {
        let best = diag::nearest(name, self.names.iter().map(|(n, _)| n.as_str()))?;
        self.names.iter().find(|(n, _)| n == best).cloned()
    }

    /// Keys that more than one id answers to, for reporting clashes.
    pub fn clashes(&self) -> impl Iterator<Item = (&str, &[Id])> {
        self.by_key
            .iter()
            .filter(|(_, ids)| ids.len() > 1)
            .map(|(k, ids)| (k.as_str(), ids.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_diacritics_and_separators() {
        assert_eq!(fold("Zelenskýy"), "zelenskyy");
        assert_eq!(fold("antony-blinken"), fold("Antony  Blinken"));
        assert_eq!(fold("  Mr. Blinken "), "mr blinken");
        assert_eq!(slugify("Jens Stoltenberg"), "jens-stoltenberg");
        assert_eq!(slugify("Зеленський"), "зеленськии");
    }

    #[test]
    fn slugs_that_cannot_be_folder_names_everywhere_are_problems() {
        for bad in [
            "con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt0", "nul.txt", "CON",
        ] {
            assert!(slug_problem(bad).is_some(), "{bad}");
        }
        for bad in [
            "..",
            ".x",
            "a/b",
            "a\\b",
            "a\0b",
            &"x".repeat(MAX_SLUG_BYTES + 1),
        ] {
            assert!(slug_problem(bad).is_some(), "{bad}");
        }
        for good in [
            "console", "con-air", "com", "com10", "lpt", "nulla", "aux-1", "x",
        ] {
            assert_eq!(slug_problem(good), None, "{good}");
        }
        // Superscript digits fold to plain ones, so `COM¹` is caught too.
        assert!(slug_problem(&slugify("COM¹")).is_some());
    }

    #[test]
    fn resolves_by_any_name_and_suggests_the_nearest() {
        let mut idx = Index::default();
        idx.insert("antony-blinken", 0u32);
        idx.insert("Antony Blinken", 0);
        idx.insert("Blinken", 0);
        idx.insert("nato", 1);
        assert_eq!(idx.resolve("BLINKEN"), Ok(0));
        assert_eq!(idx.resolve("Antóny Blinken"), Ok(0));
        assert_eq!(
            idx.resolve("Antony Blinkn"),
            Err(RefError::Unknown {
                suggestion: Some(("Antony Blinken".into(), 0))
            })
        );
        idx.insert("Blinken", 1);
        assert_eq!(idx.resolve("blinken"), Err(RefError::Ambiguous(vec![0, 1])));
    }
}

/// Property tests: folding and slugs are idempotent and safe for paths; every name put
/// in an index resolves (or is reported as shared).
#[cfg(test)]
mod props {
    use proptest::prelude::*;

    use super::*;

    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[A-Za-zÀ-ÿ .'_/\\\\-]{0,20}",
            prop::sample::select(vec![
                "con",
                "..",
                "../../x",
                "/etc/x",
                "İstanbul",
                "ǅemal",
                "ﬁle",
                "COM¹",
                "Zoë",
                "Zoe\u{308}",
                "\u{200b}",
                "ß",
                "ΣΑΣ",
            ])
            .prop_map(str::to_string),
        ]
    }

    proptest! {
        #[test]
        fn fold_and_slugify_are_idempotent_and_make_names_not_paths(s in name()) {
            let folded = fold(&s);
            prop_assert_eq!(fold(&folded), folded.clone());
            let slug = slugify(&s);
            prop_assert_eq!(slugify(&slug), slug.clone());
            prop_assert!(!slug.contains(['/', '\\', '\0', ' ']));
            prop_assert!(!slug.starts_with('.') && !slug.starts_with('-'));
            let _ = slug_problem(&slug);
        }

        #[test]
        fn plain_ascii_folds_as_decomposed_text_does(s in "[ -~\t\n\x0b\x0c\r]{0,40}") {
            let decomposed = fold_chars(s.nfkd().filter(|c| !is_combining_mark(*c)), 0);
            prop_assert_eq!(fold(&s), decomposed);
        }

        #[test]
        fn every_inserted_name_resolves(names in prop::collection::vec(name(), 1..12)) {
            let mut index = Index::default();
            for (i, n) in names.iter().enumerate() {
                index.insert(n, i);
            }
            for (i, n) in names.iter().enumerate() {
                if fold(n).is_empty() {
                    continue;
                }
                match index.resolve(n) {
                    Ok(id) => prop_assert_eq!(fold(&names[id]), fold(n)),
                    Err(RefError::Ambiguous(ids)) => prop_assert!(ids.contains(&i)),
                    Err(RefError::Unknown { .. }) => prop_assert!(false, "{n:?} was inserted"),
                }
            }
        }
    }
}
