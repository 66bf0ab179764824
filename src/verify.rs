//! Quote verification: a source may name an archived copy of its text
//! (`archive: sources/report.txt`, a path under `content/`), and every quote citing it
//! must then stand in that text verbatim.
//!
//! The rules are those of the project's `verify-quotes` tool: curly and straight quote
//! marks, dashes and runs of white space count as equal; `…` or `...` inside a quote
//! marks omitted words, and the parts must appear in order; a part may differ in case
//! only (a capital at the start of a sentence). When a quote is not found, the passage
//! of the archive that shares the most words with it is offered as the nearest match.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

/// Where archived sources are read from: the site's `content/` folder, or memory
/// (tests). Paths are relative to `content/`, with `/`.
#[derive(Debug, Clone, Default)]
pub struct Archives {
    dir: Option<PathBuf>,
    memory: BTreeMap<String, String>,
}

impl Archives {
    /// Archives under the folder `content`.
    pub fn in_dir(content: impl Into<PathBuf>) -> Archives {
        Archives {
            dir: Some(content.into()),
            memory: BTreeMap::new(),
        }
    }

    /// Archives given as (path under `content/`, text).
    pub fn in_memory<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Archives {
        Archives {
            dir: None,
            memory: files
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// The text of the archive at `rel`, or why it cannot be had.
    pub fn read(&self, rel: &str) -> Result<String, String> {
        check_path(rel)?;
        if let Some(text) = self.memory.get(rel) {
            return Ok(text.clone());
        }
        let Some(dir) = &self.dir else {
            return Err(format!("archived source `{rel}` does not exist"));
        };
        let path = dir.join(rel);
        // The rule for every content file: a link may lead anywhere inside the site,
        // never out of it (an archive linked to ~/.ssh/id_rsa would be quoted from).
        if let Ok(target) = path.canonicalize() {
            let site = dir.parent().unwrap_or(dir);
            let site = site.canonicalize().unwrap_or_else(|_| site.to_path_buf());
            if !target.starts_with(&site) {
                return Err(format!(
                    "archived source `{rel}` is a symbolic link leading outside the site, \
                     to {}; copy the file in instead",
                    target.display()
                ));
            }
        }
        match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes)
                .map_err(|_| format!("archived source `{rel}` is not UTF-8 text")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
                "archived source `{rel}` does not exist (looked for content/{rel})"
            )),
            Err(e) => Err(format!("cannot read archived source `{rel}`: {e}")),
        }
    }
}

/// An archive path must stay inside `content/`: relative, with no `..`.
pub fn check_path(rel: &str) -> Result<(), String> {
    let path = Path::new(rel);
    let inside = !rel.trim().is_empty()
        && !rel.contains('\\')
        && path
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if inside {
        Ok(())
    } else {
        Err(format!(
            "archive path `{rel}` must be a path inside content/, such as sources/report.txt"
        ))
    }
}

/// The comparison form: typographic quote marks and dashes made plain, runs of white
/// space made one space.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// `normalize`, into `out`, which it empties first.
fn normalize_into(s: &str, out: &mut String) {
    out.clear();
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            '\u{00A0}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
}

/// The form in which two quotes count as the same words, by the rules a quote is
/// found in an archive by: quote marks, dashes and white space made plain, case
/// ignored, the punctuation quoting adds or drops at the edges of each part between
/// omission marks (`…` or `...`) trimmed.
pub fn same_words_key(quote: &str) -> String {
    parts(quote).join(" ... ").to_lowercase()
}

/// Feeds `h` the bytes of `same_words_key(quote)`, without making it: it is taken of
/// every quote of a site, and the key's strings were a tenth of converting briefings.
/// Each part is lowercased alone, which is the key's lowercasing: its joins are
/// spaces, across which no letter's case depends on another's (final sigma).
pub fn hash_same_words(quote: &str, h: &mut impl std::hash::Hasher) {
    let mut part = String::new();
    let mut first = true;
    each_part(quote, &mut part, |p| {
        if !std::mem::take(&mut first) {
            h.write(b" ... ");
        }
        // Lowered in place where it can be: most quotes are ASCII.
        if p.is_ascii() {
            p.make_ascii_lowercase();
            h.write(p.as_bytes());
        } else {
            h.write(p.to_lowercase().as_bytes());
        }
    });
}

/// The parts of a quote between omission marks, normalised and trimmed of the
/// punctuation that quoting adds or drops at their edges.
fn parts(quote: &str) -> Vec<String> {
    let mut parts = Vec::new();
    each_part(quote, &mut String::new(), |p| parts.push(p.to_string()));
    parts
}

/// Calls `f` with each non-empty part of `quote` (see `parts`) in turn, made in `buf`.
fn each_part(quote: &str, buf: &mut String, mut f: impl FnMut(&mut str)) {
    let edge = |c| matches!(c, ' ' | '.' | ',' | '\'' | '"');
    for p in quote.split("...").flat_map(|p| p.split('\u{2026}')) {
        normalize_into(p, buf);
        let start = buf.len() - buf.trim_start_matches(edge).len();
        let end = buf.trim_end_matches(edge).len().max(start);
        if start < end {
            f(&mut buf[start..end]);
        }
    }
}

fn in_order(haystack: &str, parts: &[String]) -> bool {
    let mut pos = 0;
    for p in parts {
        match haystack[pos..].find(p.as_str()) {
            Some(i) => pos += i + p.len(),
            None => return false,
        }
    }
    true
}

/// An archived source text, prepared for many look-ups.
#[derive(Debug, Clone)]
pub struct Archive {
    text: String,
    lower: String,
}

impl Archive {
    pub fn new(text: &str) -> Archive {
        let text = normalize(text);
        let lower = text.to_lowercase();
        Archive { text, lower }
    }

    /// Whether `quote` stands in the archive verbatim (under the rules above).
    pub fn contains(&self, quote: &str) -> bool {
        let parts = parts(quote);
        if parts.is_empty() {
            return false;
        }
        in_order(&self.text, &parts) || {
            let lower: Vec<String> = parts.iter().map(|p| p.to_lowercase()).collect();
            in_order(&self.lower, &lower)
        }
    }

    /// Why `quote` is not in the archive, as a hint for the editor: the nearest passage
    /// to the first part not found, or that the parts are there but in another order.
    pub fn hint(&self, quote: &str) -> String {
        let parts = parts(quote);
        let missing = parts
            .iter()
            .find(|p| !self.text.contains(p.as_str()) && !self.lower.contains(&p.to_lowercase()));
        match missing {
            None if parts.len() > 1 => {
                "each part between the omission marks is in the archive, but not in this order"
                    .to_string()
            }
            None => "the archive has it only with other words between".to_string(),
            Some(p) => match self.nearest(p) {
                Some(near) if parts.len() > 1 => {
                    format!("`{p}` is not in the archive; nearest passage: \"{near}\"")
                }
                Some(near) => format!("nearest passage in the archive: \"{near}\""),
                None => "no passage of the archive shares a word with it; is it the right source?"
                    .to_string(),
            },
        }
    }

    /// The passage of the archive sharing the most words with `quote`, as long as the
    /// quote (in words), if any word is shared at all.
    pub fn nearest(&self, quote: &str) -> Option<String> {
        let wanted: Vec<String> = words(&normalize(quote))
            .map(|(_, w)| w.to_lowercase())
            .collect();
        let spans: Vec<(usize, usize)> = words(&self.text)
            .map(|(start, w)| (start, start + w.len()))
            .collect();
        if wanted.is_empty() || spans.is_empty() {
            return None;
        }
        let k = wanted.len().min(spans.len());
        // Each distinct wanted word gets a number; archive words map to it or to none.
        let mut number: HashMap<&str, usize> = HashMap::new();
        let mut need: Vec<i64> = Vec::new();
        for w in &wanted {
            let n = *number.entry(w.as_str()).or_insert_with(|| {
                need.push(0);
                need.len() - 1
            });
            need[n] += 1;
        }
        let ids: Vec<Option<usize>> = spans
            .iter()
            .map(|&(s, e)| number.get(self.text[s..e].to_lowercase().as_str()).copied())
            .collect();
        // A window of k words slides along; `score` counts the wanted words in it.
        let mut have = vec![0i64; need.len()];
        let mut score: i64 = 0;
        let step = |id: Option<usize>, delta: i64, have: &mut Vec<i64>| -> i64 {
            let Some(n) = id else { return 0 };
            let before = have[n].min(need[n]);
            have[n] += delta;
            have[n].min(need[n]) - before
        };
        let mut best = (0i64, 0usize);
        for i in 0..ids.len() {
            score += step(ids[i], 1, &mut have);
            if i >= k {
                score += step(ids[i - k], -1, &mut have);
            }
            if i + 1 >= k && score > best.0 {
                best = (score, i + 1 - k);
            }
        }
        if best.0 == 0 {
            return None;
        }
        let (s, e) = (spans[best.1].0, spans[best.1 + k - 1].1);
        Some(shorten(&self.text[s..e], 160))
    }
}

/// Words (runs of letters and digits) with their byte offsets.
fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                out.push((st, &s[st..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out.into_iter()
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "The minister said on Tuesday: \u{201C}We will not\u{00A0}retreat \u{2013} not one step.\u{201D}\n\nLater she added that the talks were \u{2018}over\u{2019} and that \u{201C}nobody   is coming back to the table\u{201D}.";

    #[test]
    fn same_words_ignore_marks_dashes_spaces_case_and_the_ellipsis_form() {
        let key = same_words_key;
        assert_eq!(
            key("\u{201C}We will not\u{00A0}retreat \u{2013} not one step.\u{201D}"),
            key("\"we will  not retreat - not one step\"")
        );
        assert_eq!(
            key("We will\u{2026} one step"),
            key("we will ... one step.")
        );
        assert_ne!(key("We will not retreat"), key("We will retreat"));
        assert_ne!(key("We will ... retreat"), key("We will retreat"));
    }

    /// Hands a hasher's input back, to compare with the key it stands for.
    #[derive(Default)]
    struct Bytes(Vec<u8>);

    impl std::hash::Hasher for Bytes {
        fn write(&mut self, bytes: &[u8]) {
            self.0.extend_from_slice(bytes);
        }
        fn finish(&self) -> u64 {
            0
        }
    }

    #[test]
    fn the_words_hash_is_fed_exactly_the_key() {
        let quotes = [
            "",
            "...",
            " \u{2026} . , ",
            "\u{201C}We will not\u{00A0}retreat \u{2013} not one step.\u{201D}",
            "We will\u{2026} one step ... , or two.",
            "ΟΔΟΣ ... ΣΑΣ.",
            "Ο ΣΑΣ ΟΔΟΣ\u{2026}Σ",
            "İstanbul  ŞEHRİ ... DİYOR",
            "'Already...'",
            "ẞ and ǅ, not ASCII",
        ];
        for q in quotes {
            let mut fed = Bytes::default();
            hash_same_words(q, &mut fed);
            assert_eq!(
                String::from_utf8(fed.0).unwrap(),
                same_words_key(q),
                "{q:?}"
            );
        }
    }

    #[test]
    fn typographic_marks_dashes_and_spaces_do_not_matter() {
        let a = Archive::new(REPORT);
        assert!(a.contains("We will not retreat - not one step"));
        assert!(a.contains("We will not retreat \u{2014} not one step."));
        assert!(a.contains("the talks were 'over'"));
        assert!(a.contains("nobody is coming back to the table"));
        // A capital at the start of the quoted sentence.
        assert!(a.contains("Nobody is coming back"));
    }

    #[test]
    fn omission_marks_split_parts_that_must_come_in_order() {
        let a = Archive::new(REPORT);
        assert!(a.contains("We will not retreat … nobody is coming back"));
        assert!(a.contains("We will not retreat... to the table"));
        assert!(!a.contains("nobody is coming back … We will not retreat"));
    }

    #[test]
    fn changed_words_are_not_found_and_the_nearest_passage_is_offered() {
        let a = Archive::new(REPORT);
        assert!(!a.contains("We shall not retreat, not one step"));
        assert_eq!(
            a.nearest("We shall not retreat, not one step").as_deref(),
            Some("We will not retreat - not one step")
        );
        assert_eq!(a.nearest("zzz qqq"), None);
        assert!(!a.contains(" … "));
    }

    #[test]
    fn hints_name_the_missing_part_or_the_order() {
        let a = Archive::new(REPORT);
        assert_eq!(
            a.hint("nobody is coming back … We will not retreat"),
            "each part between the omission marks is in the archive, but not in this order"
        );
        assert_eq!(
            a.hint("We will not retreat … nobody is going back"),
            "`nobody is going back` is not in the archive; nearest passage: \"nobody is coming back\""
        );
    }

    #[test]
    fn archive_paths_stay_inside_content() {
        assert!(check_path("sources/report.txt").is_ok());
        assert!(check_path("./report.txt").is_ok());
        for bad in [
            "../secret.txt",
            "/etc/passwd",
            "sources/../../x",
            "",
            "a\\b.txt",
        ] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
        let mem = Archives::in_memory([("sources/a.txt", "text")]);
        assert_eq!(mem.read("sources/a.txt").as_deref(), Ok("text"));
        assert!(
            mem.read("sources/b.txt")
                .unwrap_err()
                .contains("does not exist")
        );
    }
}
