//! Front matter parsed per file, and the typed handle the model's builders work from:
//! a file's parsed front matter with the spans that point diagnostics into it.
//! Used by the model's builders and by `patch`; nothing outside `model` sees it.

use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::cache::{FrontMatter, Parse};
use super::stored::{Keeper, Kept, KeptFront};
use crate::content::{ActorFm, AuthorFm, BriefingFm, PageFm, TopicFm};
use crate::dates::Edtf;
use crate::diag::{Diagnostic, Kind, Pos};
use crate::discover::{Section, Source};
use crate::fingerprint::Fingerprint;
use crate::source;
use crate::yaml::{self, Spans};

/// One file's front matter, parsed, with what is needed to point into it later.
pub(super) struct Parsed<'s, T> {
    pub src: &'s Source,
    /// The file the body is read from: `src`, or in a language site its translation.
    pub body_src: &'s Source,
    pub fm: Arc<T>,
    pub spans: Spans,
    pub body_offset: usize,
}

impl<'s, T> Parsed<'s, T> {
    /// What rendering the body needs, for the page it goes on.
    pub fn body_job(&self, page: Option<String>) -> (&'s Source, usize, Option<String>) {
        (self.body_src, self.body_offset, page)
    }

    pub fn diag(&self, kind: Kind, path: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::new(kind, &self.src.rel, message);
        match self.spans.value(path) {
            Some(pos) => d.at(&self.src.text_now().unwrap_or_default(), pos),
            None => d,
        }
    }

    pub fn key_diag(&self, kind: Kind, path: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::new(kind, &self.src.rel, message);
        match self.spans.key(path) {
            Some(pos) => d.at(&self.src.text_now().unwrap_or_default(), pos),
            None => d,
        }
    }

    /// Parses the date at `path`, pointing any error at the bad characters.
    pub fn date(
        &self,
        path: std::fmt::Arguments<'_>,
        text: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Edtf> {
        match Edtf::parse(text) {
            Ok(d) => Some(d),
            Err(e) => {
                let mut d = Diagnostic::new(
                    Kind::BadDate,
                    &self.src.rel,
                    format!("invalid date `{text}`: {}", e.message),
                );
                if let Some(pos) = self.spans.value(&path.to_string()) {
                    let file = self.src.text_now().unwrap_or_default();
                    let quoted = line_char(&file, pos).is_some_and(|c| c == '"' || c == '\'');
                    let col = pos.col as usize
                        + usize::from(quoted)
                        + text[..e.offset.min(text.len())].chars().count();
                    d = d.at(&file, Pos::new(pos.line as usize, col, e.len));
                }
                let hint = e.hint.unwrap_or_else(|| {
                    "write dates as EDTF: 2022-03-06, 2022-03, 2022, 2022-03~, 2022-03-01/2022-03-05"
                        .to_owned()
                });
                diags.push(d.hint(hint));
                None
            }
        }
    }
}

fn line_char(text: &str, pos: Pos) -> Option<char> {
    text.split('\n')
        .nth(pos.line as usize - 1)?
        .chars()
        .nth(pos.col as usize - 1)
}

/// Splits the front matter of `text`, the file of `src`, from its body, or says where
/// and why it cannot.
pub(super) fn split<'t>(src: &Source, text: &'t str) -> Result<source::Split<'t>, Diagnostic> {
    source::split(text).map_err(|e| {
        Diagnostic::new(Kind::FrontMatter, &src.rel, e.message)
            .at(text, e.pos)
            .hint(e.hint)
    })
}

/// The front matter the last `build` kept (see [`super::stored`]), and the keeper of
/// this build's; neither in `serve`, which keeps its parses in memory.
#[derive(Clone, Copy, Default)]
pub(super) struct Fronts<'a> {
    pub kept: Option<&'a Kept>,
    pub keeper: Option<&'a Keeper>,
}

/// Splits and parses one file, or takes its front matter from `fronts` where the last
/// build parsed the same text.
fn parse_file<T>(src: &Source, what: &str, fronts: Fronts) -> Parse
where
    T: FrontMatter + Serialize + DeserializeOwned,
{
    // A file discovery knows the text of is read only if its parse was not kept.
    let known = src.seen.and_then(|seen| seen.print);
    if let Some(parse) = known.and_then(|print| kept::<T>(src, None, print, fronts)) {
        return parse;
    }
    let text = match src.text_now() {
        Ok(text) => text,
        Err(d) => return Parse::new(src, None, Spans::default(), vec![d], 0),
    };
    let print = (fronts.kept.is_some() || fronts.keeper.is_some())
        .then(|| Fingerprint::of_bytes(text.as_bytes()));
    let unknown = print.filter(|_| known.is_none());
    if let Some(parse) = unknown.and_then(|print| kept::<T>(src, Some(&text), print, fronts)) {
        return parse;
    }
    let split = match split(src, &text) {
        Ok(s) => s,
        Err(d) => return Parse::new(src, None, Spans::default(), vec![d], 0),
    };
    let parsed = yaml::parse::<T>(&yaml::Doc {
        path: &src.rel,
        file: &text,
        shared: Some(&text),
        yaml: split.yaml,
        first_line: split.yaml_line,
        what,
    });
    let fm = parsed.value.map(Arc::new);
    if let (Some(fm), Some(keeper), Some(print), true) =
        (&fm, fronts.keeper, print, parsed.diagnostics.is_empty())
    {
        let at = (split.yaml.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
        if let Ok(value) = postcard::to_stdvec(&**fm) {
            let front = KeptFront {
                text: print,
                yaml: (at, split.yaml.len()),
                first_line: split.yaml_line,
                body_offset: split.body_offset,
                value,
            };
            keeper.keep_front(&src.rel, &front, None);
        }
    }
    if let Some(print) = print {
        saw(src, print, fronts);
    }
    Parse::new(
        src,
        fm.map(T::wrap),
        lean(src, parsed.spans),
        parsed.diagnostics,
        split.body_offset,
    )
}

/// The parse of `src`, whose text has fingerprint `print` (and is `text`, if it was
/// read), as the last build kept it, kept again for the next; none if it kept none of
/// this text.
fn kept<T>(
    src: &Source,
    text: Option<&Arc<str>>,
    print: Fingerprint,
    fronts: Fronts,
) -> Option<Parse>
where
    T: FrontMatter + DeserializeOwned,
{
    let kept = fronts.kept?;
    let (front, stored) = kept.front(&src.rel).filter(|(f, _)| f.text == print)?;
    let fm: T = kept.checked(postcard::from_bytes(&front.value).ok())?;
    let (at, len) = front.yaml;
    // A text not read is read from the file should a position be asked for (`lean`).
    let text = text.map_or_else(|| Arc::from(""), Arc::clone);
    let spans = Spans::later_in(text, at..at + len, front.first_line);
    if let Some(keeper) = fronts.keeper {
        keeper.keep_front(&src.rel, &front, Some(&stored));
    }
    saw(src, print, fronts);
    let fm = T::wrap(Arc::new(fm));
    Some(Parse::new(
        src,
        Some(fm),
        lean(src, spans),
        Vec::new(),
        front.body_offset,
    ))
}

/// Notes for the next build that the file of `src`, as discovery found it, holds the
/// text with fingerprint `print` (see [`crate::discover::Known`]).
fn saw(src: &Source, print: Fingerprint, fronts: Fronts) {
    if let (Some(keeper), Some(seen)) = (fronts.keeper, src.seen) {
        keeper.saw(&src.rel, seen.stat, print);
    }
}

/// `spans`, read again from the file where the build let go of its text: a text let go
/// of stays let go of.
fn lean(src: &Source, spans: Spans) -> Spans {
    match &src.reread {
        Some(path) => spans.reread_from(path.clone()),
        None => spans,
    }
}

/// Parses one file of any section.
pub(super) fn parse_any(src: &Source) -> Parse {
    parse_keeping(src, Fronts::default())
}

/// [`parse_any`], taking the front matter from and keeping it in `fronts`.
pub(super) fn parse_keeping(src: &Source, fronts: Fronts) -> Parse {
    match src.section {
        Section::Briefing => parse_file::<BriefingFm>(src, "briefing", fronts),
        Section::Actor => parse_file::<ActorFm>(src, "actor", fronts),
        Section::Topic => parse_file::<TopicFm>(src, "topic", fronts),
        Section::Page => parse_file::<PageFm>(src, "page", fronts),
        Section::Author => parse_file::<AuthorFm>(src, "author", fronts),
    }
}

impl<'s, T> Parsed<'s, T> {
    /// The file without its front matter: what reporting its body's problems needs.
    pub fn bare(&self) -> Parsed<'s, ()> {
        Parsed {
            src: self.src,
            body_src: self.body_src,
            fm: Arc::new(()),
            spans: self.spans.clone(),
            body_offset: self.body_offset,
        }
    }
}

impl<'s, T: FrontMatter> Parsed<'s, T> {
    pub fn of(src: &'s Source, parse: &Parse) -> Option<Self> {
        Some(Parsed {
            src,
            body_src: src,
            fm: Arc::clone(T::unwrap(parse.front.as_ref()?)?),
            spans: parse.spans.clone(),
            body_offset: parse.body_offset,
        })
    }
}

pub(super) enum AnyParsed<'s> {
    Briefing(Parsed<'s, BriefingFm>),
    Actor(Parsed<'s, ActorFm>),
    Topic(Parsed<'s, TopicFm>),
    Page(Parsed<'s, PageFm>),
    Author(Parsed<'s, AuthorFm>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::stored;

    /// What a parse gives the model, written out.
    fn shown(p: &Parse) -> String {
        let title = p.spans.value("title").or(p.spans.value("name"));
        format!("{:?} {:?} {title:?}", p.front, p.body_offset)
    }

    #[test]
    fn front_matter_kept_by_one_build_reads_back_as_it_was_parsed() {
        let dir = tempfile::tempdir().unwrap();
        let kept_at = dir.path().join("build.bodies");
        let fixtures = std::path::Path::new("tests/fixtures");
        let mut roots = vec![std::path::PathBuf::from(".")];
        for e in walkdir::WalkDir::new(fixtures).into_iter().flatten() {
            if e.file_name() == "content" {
                roots.extend(e.path().parent().map(Into::into));
            }
        }
        let mut taken = 0;
        for root in roots {
            let found = crate::discover::discover(&root);
            let spill = crate::spill::Spill::named_in(dir.path(), stored::UNFINISHED).unwrap();
            let keeper = Keeper::new(spill, dir.path(), None).unwrap();
            let keeping = Fronts {
                kept: None,
                keeper: Some(&keeper),
            };
            let first: Vec<Parse> = found
                .sources
                .iter()
                .map(|s| parse_keeping(s, keeping))
                .collect();
            keeper.save(&kept_at).unwrap();
            let kept = stored::load(&kept_at);
            for (src, parse) in found.sources.iter().zip(&first) {
                let again = parse_keeping(
                    src,
                    Fronts {
                        kept: Some(&kept),
                        keeper: None,
                    },
                );
                assert_eq!(shown(&again), shown(parse), "{}", src.rel.display());
                // Only what parsed without a problem is kept.
                let clean = parse.diagnostics.is_empty() && parse.front.is_some();
                assert_eq!(
                    kept.front(&src.rel).is_some(),
                    clean,
                    "{}",
                    src.rel.display()
                );
                taken += usize::from(clean);
            }
            assert!(!kept.damaged(), "{}", root.display());
        }
        assert!(taken > 50, "only {taken} files parsed cleanly");
    }

    #[test]
    fn every_form_of_a_field_reads_back_as_written() {
        let text: Arc<str> = Arc::from(
            "---\ntitle: 2022\ndate: 2022\nauthors: [desk, {name: Guest}]\n\
             actors: [a]\nquotes:\n  - {by: a, text: \"x\", said: 2022-03, translations: {uk: y, en: z}}\n\
             events:\n  - {date: 2022~, what: w, where: Kyiv}\n\
             extra: {2022: a, true: b, n: 0.1, big: 12345678901234567890, deep: {x: [1, 2.5, null]}}\n---\nBody\n",
        );
        let dir = tempfile::tempdir().unwrap();
        let briefings = dir.path().join("content/briefings");
        std::fs::create_dir_all(&briefings).unwrap();
        std::fs::write(briefings.join("b.md"), &*text).unwrap();
        let actor = "---\nname: A\naliases: [Ay, {name: Ей, lang: uk}]\naffiliations: [b, {actor: c, from: 2020, role: r}]\n---\n";
        std::fs::create_dir_all(dir.path().join("content/actors")).unwrap();
        std::fs::write(dir.path().join("content/actors/a.md"), actor).unwrap();
        let found = crate::discover::discover(dir.path());
        let spill = crate::spill::Spill::named_in(dir.path(), stored::UNFINISHED).unwrap();
        let keeper = Keeper::new(spill, dir.path(), None).unwrap();
        let first: Vec<Parse> = (found.sources.iter())
            .map(|s| {
                parse_keeping(
                    s,
                    Fronts {
                        kept: None,
                        keeper: Some(&keeper),
                    },
                )
            })
            .collect();
        let at = dir.path().join("b.bodies");
        keeper.save(&at).unwrap();
        let kept = stored::load(&at);
        for (src, parse) in found.sources.iter().zip(&first) {
            assert!(parse.diagnostics.is_empty(), "{:?}", parse.diagnostics);
            let again = parse_keeping(
                src,
                Fronts {
                    kept: Some(&kept),
                    keeper: None,
                },
            );
            assert!(kept.front(&src.rel).is_some());
            assert_eq!(shown(&again), shown(parse));
        }
    }
}
