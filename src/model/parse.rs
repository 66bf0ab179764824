//! Front matter parsed per file, and the typed handle the model's builders work from:
//! a file's parsed front matter with the spans that point diagnostics into it.
//! Used by the model's builders and by `patch`; nothing outside `model` sees it.

use std::sync::Arc;

use super::cache::{FrontMatter, Parse};
use crate::content::{ActorFm, AuthorFm, BriefingFm, PageFm, TopicFm};
use crate::dates::Edtf;
use crate::diag::{Diagnostic, Kind, Pos};
use crate::discover::{Section, Source};
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
    pub fn date(&self, path: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Edtf> {
        match Edtf::parse(text) {
            Ok(d) => Some(d),
            Err(e) => {
                let mut d = Diagnostic::new(
                    Kind::BadDate,
                    &self.src.rel,
                    format!("invalid date `{text}`: {}", e.message),
                );
                if let Some(pos) = self.spans.value(path) {
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

/// Splits and parses one file.
fn parse_file<T: FrontMatter>(src: &Source, what: &str) -> Parse {
    let text = match src.text_now() {
        Ok(text) => text,
        Err(d) => return Parse::new(src, None, Spans::default(), vec![d], 0),
    };
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
    let front = parsed.value.map(|fm| T::wrap(Arc::new(fm)));
    // A text let go of stays let go of: positions are read from the file again.
    let spans = match &src.reread {
        Some(path) => parsed.spans.reread_from(path.clone()),
        None => parsed.spans,
    };
    Parse::new(src, front, spans, parsed.diagnostics, split.body_offset)
}

pub(super) fn parse_any(src: &Source) -> Parse {
    match src.section {
        Section::Briefing => parse_file::<BriefingFm>(src, "briefing"),
        Section::Actor => parse_file::<ActorFm>(src, "actor"),
        Section::Topic => parse_file::<TopicFm>(src, "topic"),
        Section::Page => parse_file::<PageFm>(src, "page"),
        Section::Author => parse_file::<AuthorFm>(src, "author"),
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
