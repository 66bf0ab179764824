//! Reading one strings file (`i18n/<lang>.yaml`): a mapping of keys to a string, or to
//! a mapping of CLDR plural categories to strings, with `dir:` and `dates:` beside them.
//! Every problem is placed at its line and column; reading goes on past each.

use std::collections::BTreeMap;
use std::path::Path;

use saphyr_parser::{Event, Parser, Span};

use super::{Dir, Text};
use crate::diag::{Diagnostic, Kind, Pos};

/// The plural categories of CLDR, in its order.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// What one file says: its strings by key, and `dir:` if it sets one.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct File {
    pub strings: BTreeMap<String, Text>,
    pub dir: Option<Dir>,
    /// `dates:`, the date patterns, each with where its key is (for the errors of
    /// [`crate::dates::local::DateFormat::new`]).
    pub dates: BTreeMap<String, (String, Pos)>,
}

/// Reads `text` (the file at `path`, as shown in diagnostics). `known` are the keys the
/// theme knows (`None`: any key, for the English file that defines them): another is a
/// warning naming the nearest. Errors and warnings both go
/// to `diags`; what could be read is returned all the same.
pub fn read(
    path: &Path,
    text: &str,
    known: Option<&[String]>,
    diags: &mut Vec<Diagnostic>,
) -> File {
    let mut out = File::default();
    let mut events = Vec::new();
    for item in Parser::new_from_str(text) {
        match item {
            Ok(e) => events.push(e),
            Err(e) => {
                let m = e.marker();
                diags.push(
                    Diagnostic::new(Kind::Yaml, path, format!("malformed YAML: {}", e.info()))
                        .at(text, Pos::new(m.line(), m.col() + 1, 1)),
                );
                return out;
            }
        }
    }
    let pos = |span: &Span| Pos::new(span.start.line(), span.start.col() + 1, span.len().max(1));
    let err = |kind: Kind, span: &Span, message: String| {
        Diagnostic::new(kind, path, message).at(text, pos(span))
    };
    let mut i = events
        .iter()
        .position(|(e, _)| !matches!(e, Event::StreamStart | Event::DocumentStart(_)))
        .unwrap_or(events.len());
    match events.get(i) {
        Some((Event::MappingStart(..), _)) => i += 1,
        // An empty file (or one of comments only) says nothing.
        Some((Event::StreamEnd | Event::DocumentEnd, _)) | None => return out,
        Some((Event::Scalar(s, ..), _)) if s.is_empty() || s == "~" || s == "null" => {
            return out;
        }
        Some((_, span)) => {
            diags.push(
                err(
                    Kind::WrongType,
                    span,
                    "a strings file is a mapping of keys to strings".into(),
                )
                .hint("write `key: text`, one a line"),
            );
            return out;
        }
    }
    let mut seen: BTreeMap<String, Pos> = BTreeMap::new();
    while let Some((event, span)) = events.get(i) {
        i += 1;
        let key = match event {
            Event::MappingEnd => break,
            Event::Scalar(k, ..) => k.to_string(),
            _ => {
                diags.push(err(Kind::Yaml, span, "a key must be plain text".into()));
                i = skip(&events, i - 1);
                continue;
            }
        };
        let key_span = *span;
        let Some((value, value_span)) = events.get(i) else {
            break;
        };
        let value_end = skip(&events, i);
        let value_events = &events[i..value_end];
        i = value_end;
        if let Some(first) = seen.get(&key) {
            diags.push(
                err(Kind::BadValue, &key_span, format!("`{key}` is set twice")).hint(format!(
                    "first set on line {}; the second is ignored",
                    first.line
                )),
            );
            continue;
        }
        seen.insert(key.clone(), pos(&key_span));
        match key.as_str() {
            // Date patterns: checked when the language's dates are made.
            "dates" => {
                read_dates(value_events, &err, &pos, &mut out.dates, diags);
                continue;
            }
            "dir" => {
                match value {
                    Event::Scalar(v, ..) if v.trim() == "rtl" => out.dir = Some(Dir::Rtl),
                    Event::Scalar(v, ..) if v.trim() == "ltr" => out.dir = Some(Dir::Ltr),
                    _ => diags.push(
                        err(
                            Kind::BadValue,
                            value_span,
                            "`dir` must be `rtl` or `ltr`".into(),
                        )
                        .hint("`rtl` for a language written right to left"),
                    ),
                }
                continue;
            }
            _ => {}
        }
        if let Some(known) = known.filter(|k| !k.contains(&key)) {
            let mut d = err(
                Kind::UnknownKey,
                &key_span,
                format!("unknown key `{key}` in strings file"),
            )
            .warning();
            d = match crate::diag::nearest(&key, known.iter().map(String::as_str)) {
                Some(near) => d.hint(format!("did you mean `{near}`?")),
                None => d.hint("the theme does not use it; en.yaml lists every key"),
            };
            diags.push(d);
            continue;
        }
        match text_of(&key, value_events, &err) {
            Ok(t) => {
                out.strings.insert(key, t);
            }
            Err(d) => diags.push(*d),
        }
    }
    out
}

/// The value that starts at `events[0]`: a string, or a mapping of plural categories.
fn text_of(
    key: &str,
    events: &[(Event, Span)],
    err: &dyn Fn(Kind, &Span, String) -> Diagnostic,
) -> Result<Text, Box<Diagnostic>> {
    let not_text = |span: &Span, what: &str| {
        Box::new(
            err(
                Kind::WrongType,
                span,
                format!("`{key}` must be a string, not {what}"),
            )
            .hint("write the text after the colon, in quotes if it holds `:` or `#`"),
        )
    };
    let (first, span) = &events[0];
    match first {
        Event::Scalar(s, style, ..) => {
            if *style == saphyr_parser::ScalarStyle::Plain
                && (s.is_empty() || s == "~" || s == "null")
            {
                return Err(not_text(span, "empty"));
            }
            Ok(Text::Plain(s.to_string()))
        }
        Event::SequenceStart(..) => Err(not_text(span, "a list")),
        Event::Alias(_) => Err(not_text(span, "an alias")),
        Event::MappingStart(..) => {
            let mut forms = BTreeMap::new();
            let mut j = 1;
            while let Some((e, s)) = events.get(j) {
                let category = match e {
                    Event::MappingEnd => break,
                    Event::Scalar(c, ..) => c.to_string(),
                    _ => return Err(not_text(s, "a nested value")),
                };
                let Some(known) = CATEGORIES.iter().find(|&&c| c == category) else {
                    let mut d = err(
                        Kind::UnknownKey,
                        s,
                        format!("`{category}` is not a plural category"),
                    );
                    d = d.hint(match crate::diag::nearest(&category, CATEGORIES) {
                        Some(near) => {
                            format!("did you mean `{near}`? (zero, one, two, few, many, other)")
                        }
                        None => "the categories are zero, one, two, few, many and other".into(),
                    });
                    return Err(Box::new(d));
                };
                match events.get(j + 1) {
                    Some((Event::Scalar(v, ..), _)) => {
                        forms.insert(*known, v.to_string());
                        j += 2;
                    }
                    Some((_, s)) => {
                        return Err(Box::new(err(
                            Kind::WrongType,
                            s,
                            format!("`{key}.{category}` must be a string"),
                        )));
                    }
                    None => break,
                }
            }
            if !forms.contains_key("other") {
                return Err(Box::new(
                    err(
                        Kind::MissingKey,
                        span,
                        format!("`{key}` has no `other` form"),
                    )
                    .hint("every count needs `other`, the form used when no other fits"),
                ));
            }
            Ok(Text::Plural(forms.into_iter().collect()))
        }
        _ => Err(not_text(span, "this")),
    }
}

/// The index just past the value that starts at `events[i]`.
/// The `dates:` mapping, pattern key to pattern, into `dates`.
fn read_dates(
    events: &[(Event, Span)],
    err: &dyn Fn(Kind, &Span, String) -> Diagnostic,
    pos: &dyn Fn(&Span) -> Pos,
    dates: &mut BTreeMap<String, (String, Pos)>,
    diags: &mut Vec<Diagnostic>,
) {
    let Some((Event::MappingStart(..), span)) = events.first() else {
        if let Some((_, span)) = events.first() {
            diags.push(err(
                Kind::WrongType,
                span,
                "`dates` is a mapping of date patterns".into(),
            ));
        }
        return;
    };
    let _ = span;
    let mut i = 1;
    while let Some((event, span)) = events.get(i) {
        let Event::Scalar(key, ..) = event else { break };
        match events.get(i + 1) {
            Some((Event::Scalar(value, ..), _)) => {
                dates.insert(key.to_string(), (value.to_string(), pos(span)));
                i += 2;
            }
            Some((_, value_span)) => {
                diags.push(err(
                    Kind::WrongType,
                    value_span,
                    format!("`dates.{key}` must be a pattern, text with `{{…}}` slots"),
                ));
                i = skip(events, i + 1);
            }
            None => break,
        }
    }
}

fn skip(events: &[(Event, Span)], i: usize) -> usize {
    let mut depth = 0usize;
    let mut j = i;
    while let Some((e, _)) = events.get(j) {
        j += 1;
        match e {
            Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            break;
        }
    }
    j
}
