//! All YAML handling: front matter and `site.yaml` into typed structs, with every error
//! pointed at its line and column in the file.
//!
//! serde_yaml (through its maintained continuation) does the typed deserialisation;
//! saphyr-parser's event stream gives the position of every key and value, because
//! serde_yaml keeps positions only for its own errors and we also need them for
//! problems found later (an unknown actor in `quotes[2].by`).

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use saphyr_parser::{Event, Parser};
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, Visitor};

use crate::diag::{self, Diagnostic, Kind, Pos};

/// A scalar kept as the text the editor typed, whatever YAML would make of it: dates
/// such as `2022` or `2022-03-06` must stay strings, not numbers or timestamps.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // As kept between builds (`model::stored`), in a format that only says what
        // it was told.
        if !d.is_human_readable() {
            return String::deserialize(d).map(Text);
        }
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2022-03-06")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Positions of keys and values in one YAML document, by path: `title`,
/// `quotes[2].by`, `actors[0]`.
#[derive(Debug, Default, Clone)]
pub struct Spans {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
    /// The first `*alias`, where an alias bomb is reported.
    first_alias: Option<Pos>,
    /// For a document that parsed cleanly, the walk is put off until a later stage
    /// needs a position (an unknown actor, say): most documents never do.
    later: Option<Arc<Later>>,
}

#[derive(Debug)]
struct Later {
    /// The file, shared with its source where the caller has it that way: a copy of
    /// every front matter held 300 MB of a 100,000-briefing build until its model was
    /// built. Empty where it is read again from `reread`.
    text: Arc<str>,
    /// Where the file is read again from when a position is asked for, in a build that
    /// does not keep files' texts (see [`Spans::reread_from`]).
    reread: Option<std::path::PathBuf>,
    /// Where the YAML is in `text`.
    yaml: std::ops::Range<usize>,
    first_line: usize,
    spans: OnceLock<Spans>,
}

impl Spans {
    fn later(doc: &Doc) -> Spans {
        let (text, yaml) = match doc.shared {
            Some(file) => {
                let start = (doc.yaml.as_ptr() as usize).wrapping_sub(file.as_ptr() as usize);
                match file.get(start..start + doc.yaml.len()) {
                    Some(within) if std::ptr::eq(within, doc.yaml) => {
                        (Arc::clone(file), start..start + doc.yaml.len())
                    }
                    _ => (Arc::from(doc.yaml), 0..doc.yaml.len()),
                }
            }
            None => (Arc::from(doc.yaml), 0..doc.yaml.len()),
        };
        Spans::later_in(text, yaml, doc.first_line)
    }

    /// The positions of the YAML at `yaml` in `file`, which starts on line
    /// `first_line` and parsed cleanly, walked when first asked for.
    pub fn later_in(file: Arc<str>, yaml: std::ops::Range<usize>, first_line: usize) -> Spans {
        Spans {
            later: Some(Arc::new(Later {
                text: file,
                reread: None,
                yaml,
                first_line,
                spans: OnceLock::new(),
            })),
            ..Spans::default()
        }
    }

    /// These positions, walked from the file at `path` when first asked for rather
    /// than from the text they were parsed from, which is let go of: for a build that
    /// does not keep files' texts. Should the file have changed since, positions may
    /// be missing, never wrong in a way that panics.
    pub fn reread_from(mut self, path: std::path::PathBuf) -> Spans {
        if let Some(later) = self.later.as_mut().and_then(Arc::get_mut) {
            later.text = Arc::from("");
            later.reread = Some(path);
        }
        self
    }

    /// The walked positions, walking now if that was put off.
    fn walked(&self) -> &Spans {
        match &self.later {
            Some(l) => l.spans.get_or_init(|| {
                let reread = (l.reread.as_ref()).and_then(|p| std::fs::read_to_string(p).ok());
                let text = reread.as_deref().unwrap_or(&l.text);
                (text.get(l.yaml.clone()))
                    .and_then(|yaml| spans(yaml, l.first_line).ok())
                    .unwrap_or_default()
            }),
            None => self,
        }
    }

    /// Where the value at `path` is; falls back to the nearest enclosing value, then to
    /// the start of the document, so a diagnostic always has a position.
    pub fn value(&self, path: &str) -> Option<Pos> {
        let values = &self.walked().values;
        let mut p = path;
        loop {
            if let Some(pos) = values.get(p) {
                return Some(*pos);
            }
            p = parent(p)?;
        }
    }

    /// Where the key that names `path` is.
    pub fn key(&self, path: &str) -> Option<Pos> {
        self.walked()
            .keys
            .get(path)
            .copied()
            .or_else(|| self.value(path))
    }
}

/// Whether a document is plainly shallow: little indentation and few nested brackets.
/// Such a document can go straight to serde_yaml; anything else first takes the walk
/// that refuses absurd nesting (serde_yaml slows down badly on it).
fn plainly_shallow(yaml: &str) -> bool {
    // A lone `\r` is refused by the thorough path; it must not slip through this one.
    if lone_carriage_return(yaml).is_some() {
        return false;
    }
    let mut depth = 0usize;
    for line in yaml.lines() {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if indent > 2 * MAX_DEPTH {
            return false;
        }
        for b in line.bytes() {
            match b {
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH / 2 {
                        return false;
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    true
}

fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    Some(match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    })
}

fn child(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, index: usize },
}

/// Deepest nesting of lists and mappings accepted. Front matter needs three or four
/// levels; the limit stops hostile input early, before serde_yaml (whose parser slows
/// down quadratically with depth) or the path strings kept here (one per value, as long
/// as its depth) can run away.
pub const MAX_DEPTH: usize = 32;

/// Why the event walk stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep(Pos),
    /// A scalar holds the link marker U+E000 (written as `\uE000`: the raw character is
    /// refused when the file is read), which the renderer would turn into a path.
    Reserved(Pos),
}
use Stop::TooDeep;

/// Walks the event stream once, recording where every value and key starts. Positions
/// are shifted by `first_line` so they count from the top of the file. Stops at the
/// first value nested deeper than [`MAX_DEPTH`].
fn spans(yaml: &str, first_line: usize) -> Result<Spans, Stop> {
    let mut out = Spans::default();
    let mut stack: Vec<Frame> = Vec::new();
    let shift = |m: saphyr_parser::Marker, len: usize| {
        Pos::new(m.line() + first_line - 1, m.col() + 1, len)
    };
    for item in Parser::new_from_str(yaml) {
        let (event, span) = match item {
            Ok(x) => x,
            // saphyr scans ahead through flow collections (`[[[[…`) and gives up at 255
            // levels; serde_yaml would crawl through all of them.
            Err(e) if e.info().contains("recursion limit") => {
                return Err(TooDeep(shift(*e.marker(), 1)));
            }
            // Syntax errors are serde_yaml's to report.
            Err(_) => break,
        };
        let len = span.len().max(1);
        let pos = shift(span.start, len);
        if stack.len() >= MAX_DEPTH
            && matches!(event, Event::MappingStart(..) | Event::SequenceStart(..))
        {
            return Err(TooDeep(pos));
        }
        if let Event::Scalar(s, ..) = &event {
            if s.contains(crate::url::ROOT) {
                return Err(Stop::Reserved(pos));
            }
        }
        // A scalar in key position names the next value; anything else is a value.
        if let (
            Event::Scalar(s, ..),
            Some(Frame::Map {
                path,
                key: key @ None,
            }),
        ) = (&event, stack.last_mut())
        {
            let full = child(path, s);
            out.keys.insert(full, pos);
            *key = Some(s.to_string());
            continue;
        }
        let here = match stack.last_mut() {
            None => String::new(),
            Some(Frame::Map { path, key }) => match key.take() {
                Some(k) => child(path, &k),
                // A complex key (a mapping used as a key); rare, and never ours.
                None => child(path, "?"),
            },
            Some(Frame::Seq { path, index }) => {
                *index += 1;
                format!("{path}[{}]", *index - 1)
            }
        };
        match event {
            Event::Scalar(..) => {
                out.values.insert(here, pos);
            }
            Event::Alias(_) => {
                out.first_alias.get_or_insert(pos);
                out.values.insert(here, pos);
            }
            Event::MappingStart(..) => {
                out.values.entry(here.clone()).or_insert(pos);
                stack.push(Frame::Map {
                    path: here,
                    key: None,
                });
            }
            Event::SequenceStart(..) => {
                out.values.entry(here.clone()).or_insert(pos);
                stack.push(Frame::Seq {
                    path: here,
                    index: 0,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
            }
            _ => {}
        }
    }
    Ok(out)
}

/// One front-matter (or `site.yaml`) document to be read into `T`.
pub struct Doc<'a> {
    /// Path shown in diagnostics.
    pub path: &'a Path,
    /// The whole file, for code frames.
    pub file: &'a str,
    /// The same file where the caller shares it: positions put off until needed keep
    /// it rather than a copy of the YAML (`yaml` must lie within it to be shared).
    pub shared: Option<&'a Arc<str>>,
    /// The YAML text itself.
    pub yaml: &'a str,
    /// The 1-based line of the file on which `yaml` starts.
    pub first_line: usize,
    /// What the document describes, for messages ("briefing", "actor").
    pub what: &'a str,
}

/// The outcome of reading a document: the value if it could be built, the positions
/// of everything in it, and every problem found (unknown keys do not stop the read).
pub struct Parsed<T> {
    pub value: Option<T>,
    pub spans: Spans,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses `doc.yaml` into `T`, reporting every unknown key and the first type error.
pub fn parse<T: DeserializeOwned>(doc: &Doc) -> Parsed<T> {
    // Most documents are fine: one serde_yaml pass, and positions only if asked for.
    // Anything that fails takes the thorough path below for its diagnostics.
    // A `\u` escape may spell the reserved link marker, which only the walk below finds.
    if plainly_shallow(doc.yaml) && !doc.yaml.contains("\\u") && !doc.yaml.contains("\\U") {
        if let Ok(Some(value)) = serde_yaml::from_str::<Option<T>>(doc.yaml) {
            return Parsed {
                value: Some(value),
                spans: Spans::later(doc),
                diagnostics: Vec::new(),
            };
        }
    }
    let spans = match walk(doc) {
        Ok(s) => s,
        Err(d) => return Parsed::refused(d),
    };
    let mut value: serde_yaml::Value = match serde_yaml::from_str(doc.yaml) {
        Ok(v) => v,
        Err(e) => return Parsed::refused(syntax_error(doc, &e, &spans)),
    };
    if value.is_null() {
        // `---\n---` is an empty mapping, so the report is "missing key `title`".
        value = serde_yaml::Value::Mapping(Default::default());
    }
    typed(doc, value, spans)
}

impl<T> Parsed<T> {
    /// A document that could not be read at all, for the one reason `d` gives.
    fn refused(d: Diagnostic) -> Parsed<T> {
        Parsed {
            value: None,
            spans: Spans::default(),
            diagnostics: vec![d],
        }
    }
}

/// The positions of everything in the document, or why it is refused before serde_yaml
/// sees it: a lone carriage return, absurd nesting, or the reserved link marker.
fn walk(doc: &Doc) -> Result<Spans, Diagnostic> {
    // YAML ends a line at a lone `\r` too; every position here counts `\n` only, as
    // editors do since classic Mac OS. A lone `\r` is refused rather than mislocated.
    if let Some(i) = lone_carriage_return(doc.yaml) {
        let before = &doc.yaml[..i];
        let line = doc.first_line + before.matches('\n').count();
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        return Err(Diagnostic::new(
            Kind::Yaml,
            doc.path,
            "carriage return without a line feed in YAML",
        )
        .at(doc.file, Pos::new(line, col, 1))
        .hint("save the file with LF or CRLF line endings"));
    }
    spans(doc.yaml, doc.first_line).map_err(|stop| match stop {
        TooDeep(pos) => Diagnostic::new(
            Kind::Yaml,
            doc.path,
            format!("malformed YAML: nested more than {MAX_DEPTH} levels deep"),
        )
        .at(doc.file, pos)
        .hint("front matter needs only a few levels of lists and mappings"),
        Stop::Reserved(pos) => Diagnostic::new(
            Kind::Encoding,
            doc.path,
            "value holds the private-use character U+E000, which briefing reserves",
        )
        .at(doc.file, pos)
        .hint("remove the `\\uE000` escape"),
    })
}

/// serde_yaml's syntax error, placed in the file; an alias bomb, which it does not
/// place, at the first alias.
fn syntax_error(doc: &Doc, e: &serde_yaml::Error, spans: &Spans) -> Diagnostic {
    let raw = e.to_string();
    let bomb = raw.starts_with("repetition limit exceeded");
    let pos = e
        .location()
        .map(|l| {
            within(
                doc.file,
                Pos::new(l.line() + doc.first_line - 1, l.column(), 1),
            )
        })
        .or(if bomb { spans.first_alias } else { None });
    let mut d = Diagnostic::new(Kind::Yaml, doc.path, syntax_message(&raw));
    if let Some(pos) = pos {
        d = d.at(doc.file, pos);
    }
    if let Some(bad) = e
        .location()
        .and_then(|l| misindented(doc.yaml, &raw, l.line(), l.column()))
    {
        let line = bad.line + doc.first_line - 1;
        d.message = format!("malformed YAML: the indentation of `{}` is off", bad.key);
        d = d.at(doc.file, Pos::new(line, bad.col, bad.key.chars().count()));
        d = d.hint(format!(
            "`{}` starts at column {} but `{}` on line {} at column {}: keys of one mapping line up exactly",
            bad.key,
            bad.col,
            bad.above,
            bad.above_line + doc.first_line - 1,
            bad.above_col
        ));
    }
    if bomb {
        d = d.hint("aliases (`*name`) here expand to too much data; write the values out");
    }
    d
}

/// `value` as a `T`, reporting every unknown key (each removed so the next pass finds
/// the next) and then the first missing key or wrong type.
fn typed<T: DeserializeOwned>(doc: &Doc, mut value: serde_yaml::Value, spans: Spans) -> Parsed<T> {
    let mut diagnostics = Vec::new();
    // Each pass removes one unknown key, so the loop ends; the bound keeps a file full
    // of unknown keys from costing one full pass over the document per key.
    for _ in 0..MAX_UNKNOWN_KEYS {
        let e = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(v) => {
                return Parsed {
                    value: Some(v),
                    spans,
                    diagnostics,
                };
            }
            Err(e) => e,
        };
        let path = path_string(e.path());
        match classify(&e.inner().to_string()) {
            Problem::UnknownKey { key, expected } => {
                let parent = match path.strip_suffix(key.as_str()) {
                    Some(p) => p.trim_end_matches('.').to_string(),
                    None => path.clone(),
                };
                diagnostics.push(unknown_key(doc, &spans, &parent, &key, &expected));
                if !remove(&mut value, &parent, &key) {
                    break;
                }
            }
            Problem::MissingKey(key) => {
                let d = Diagnostic::new(
                    Kind::MissingKey,
                    doc.path,
                    format!("missing required key `{key}` in {}", doc.what),
                );
                let at = spans.value(&path).filter(|_| !path.is_empty());
                let pos = at.unwrap_or(Pos::new(doc.first_line.saturating_sub(1), 1, 3));
                diagnostics.push(d.at(doc.file, pos).hint(format!("add `{key}:`")));
                break;
            }
            Problem::Other(msg) => {
                let shown = if path.is_empty() {
                    doc.what.to_string()
                } else {
                    format!("`{path}`")
                };
                let mut d = Diagnostic::new(
                    Kind::WrongType,
                    doc.path,
                    format!("wrong type for {shown}: {msg}"),
                );
                if let Some(pos) = spans.value(&path) {
                    d = d.at(doc.file, pos);
                }
                diagnostics.push(d);
                break;
            }
        }
    }
    Parsed {
        value: None,
        spans,
        diagnostics,
    }
}

/// `key` under `parent` is not one of `expected`: at the key, with the nearest as hint.
fn unknown_key(
    doc: &Doc,
    spans: &Spans,
    parent: &str,
    key: &str,
    expected: &[String],
) -> Diagnostic {
    let mut d = Diagnostic::new(
        Kind::UnknownKey,
        doc.path,
        format!("unknown key `{key}` in {}", doc.what),
    );
    if let Some(pos) = spans.key(&child(parent, key)) {
        d = d.at(doc.file, pos);
    }
    match diag::nearest(key, expected.iter().map(String::as_str)) {
        Some(near) => d.hint(format!("did you mean `{near}`?")),
        None => d.hint(format!("expected one of {}", list(expected))),
    }
}

/// Unknown keys reported per document before giving up on it.
const MAX_UNKNOWN_KEYS: usize = 50;

enum Problem {
    UnknownKey { key: String, expected: Vec<String> },
    MissingKey(String),
    Other(String),
}

/// Reads serde's messages back into structure; serde offers no typed error for these.
fn classify(message: &str) -> Problem {
    let ticked = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let mut names = ticked(rest);
        if !names.is_empty() {
            let key = names.remove(0);
            return Problem::UnknownKey {
                key,
                expected: names,
            };
        }
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        if let Some(key) = ticked(rest).into_iter().next() {
            return Problem::MissingKey(key);
        }
    }
    Problem::Other(plain(
        &message
            .replace("invalid type: ", "found ")
            .replace("a sequence", "a list")
            .replace("sequence", "a list")
            .replace("map,", "a mapping,")
            .replace("unit value", "nothing"),
    ))
}

/// serde's names for what it expected (`struct PageSizesFm`, `i64`) in an editor's
/// words: they name our types, not what to write.
fn plain(message: &str) -> String {
    let Some((before, expected)) = message.split_once("expected ") else {
        return message.to_string();
    };
    let (what, after) = expected
        .find(|c: char| !(c.is_alphanumeric() || c == ' ' || c == '_'))
        .map_or((expected, ""), |i| expected.split_at(i));
    let words = match what.trim_end() {
        w if w.starts_with("struct ") => "a mapping",
        "i8" | "i16" | "i32" | "i64" | "i128" | "u8" | "u16" | "u32" | "u64" | "u128" | "usize"
        | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        _ => return message.to_string(),
    };
    format!("{before}expected {words}{after}")
}

/// The byte offset of the first `\r` not followed by `\n`.
fn lone_carriage_return(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    b.iter()
        .enumerate()
        .position(|(i, &c)| c == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

/// `pos`, moved back onto the last line of `file` if it lies beyond it: at the end of
/// the input, serde_yaml can report the line after the last.
fn within(file: &str, pos: Pos) -> Pos {
    let lines = file.split('\n').count();
    if (pos.line as usize) <= lines {
        return pos;
    }
    let last = file.rsplit('\n').next().unwrap_or("");
    Pos::new(lines, last.trim_end_matches('\r').chars().count() + 1, 1)
}

/// A key whose indentation broke the YAML, and the key above it that it should line
/// up with. Lines and columns count from 1, in the YAML text.
#[derive(Debug, PartialEq, Eq)]
struct Misindented<'a> {
    key: &'a str,
    line: usize,
    col: usize,
    above: &'a str,
    above_line: usize,
    above_col: usize,
}

/// Whether the parser's error `raw` at `line`:`col` comes of a key indented wrongly:
/// libyaml reports it as a missing key or `-`, or, for a key indented deeper than the
/// one above it, as a mapping value where none may be (it reads the key as part of the
/// value above).
fn misindented<'a>(yaml: &'a str, raw: &str, line: usize, col: usize) -> Option<Misindented<'a>> {
    let lines: Vec<&str> = yaml.split('\n').collect();
    let (key_col, key) = key_of(lines.get(line.checked_sub(1)?)?)?;
    let (above_line, (above_col, above)) = (1..line)
        .rev()
        .find_map(|n| Some((n, key_of(lines[n - 1])?)))?;
    let deeper_than_a_value = raw.starts_with("mapping values are not allowed")
        // The colon of the key itself, not one inside its value (`title: a: b`).
        && col == key_col + key.len()
        && key_col > above_col;
    let missing = raw.starts_with("did not find expected key")
        || raw.starts_with("did not find expected '-' indicator");
    (deeper_than_a_value || missing).then_some(Misindented {
        key,
        line,
        col: key_col,
        above,
        above_line,
        above_col,
    })
}

/// The key a line of YAML starts (after any `- `), and its column counting from 1.
fn key_of(line: &str) -> Option<(usize, &str)> {
    let mut col = 1;
    let mut rest = line.trim_end_matches('\r');
    loop {
        let trimmed = rest.trim_start_matches(' ');
        col += rest.len() - trimmed.len();
        match trimmed.strip_prefix("- ") {
            Some(after) => {
                col += 2;
                rest = after;
            }
            None => {
                rest = trimmed;
                break;
            }
        }
    }
    let end = rest.find(':')?;
    let key = &rest[..end];
    let after = &rest[end + 1..];
    let plain = !key.is_empty() && !key.contains([' ', '#', '"', '\'', '{', '[']);
    (plain && (after.is_empty() || after.starts_with(' '))).then_some((col, key))
}

fn syntax_message(raw: &str) -> String {
    // serde_yaml appends " at line L column C"; we show the position ourselves.
    let msg = match raw.find(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    format!("malformed YAML: {msg}")
}

fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn path_string(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { variant } => out.push_str(variant),
            Segment::Unknown => {}
        }
    }
    out
}

/// Removes `key` from the mapping at `parent`; false if there was nothing to remove.
fn remove(value: &mut serde_yaml::Value, parent: &str, key: &str) -> bool {
    let Some(target) = lookup_mut(value, parent) else {
        return false;
    };
    match target.as_mapping_mut() {
        Some(m) => m.remove(key).is_some(),
        None => false,
    }
}

fn lookup_mut<'v>(
    value: &'v mut serde_yaml::Value,
    path: &str,
) -> Option<&'v mut serde_yaml::Value> {
    let mut cur = value;
    for part in split_path(path) {
        cur = match part {
            PathPart::Key(k) => cur.as_mapping_mut()?.get_mut(k)?,
            PathPart::Index(i) => cur.as_sequence_mut()?.get_mut(i)?,
        };
    }
    Some(cur)
}

enum PathPart<'a> {
    Key(&'a str),
    Index(usize),
}

fn split_path(path: &str) -> Vec<PathPart<'_>> {
    let mut parts = Vec::new();
    for piece in path.split('.').filter(|p| !p.is_empty()) {
        let mut rest = piece;
        if let Some(i) = rest.find('[') {
            if i > 0 {
                parts.push(PathPart::Key(&rest[..i]));
            }
            rest = &rest[i..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let end = stripped.find(']').unwrap_or(stripped.len());
                if let Ok(n) = stripped[..end].parse() {
                    parts.push(PathPart::Index(n));
                }
                rest = stripped.get(end + 1..).unwrap_or("");
            }
        } else {
            parts.push(PathPart::Key(rest));
        }
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_serde_expected_is_said_in_an_editors_words() {
        for (serde, said) in [
            (
                "invalid type: integer `5`, expected struct PageSizesFm",
                "found integer `5`, expected a mapping",
            ),
            (
                "invalid type: string \"x\", expected i64",
                "found string \"x\", expected a whole number",
            ),
            (
                "invalid type: map, expected a sequence",
                "found a mapping, expected a list",
            ),
            (
                "invalid type: boolean `true`, expected a string",
                "found boolean `true`, expected a string",
            ),
        ] {
            let Problem::Other(got) = classify(serde) else {
                panic!("{serde}")
            };
            assert_eq!(got, said);
        }
    }
    use crate::content::{BriefingFm, SiteFm};

    fn doc<'a>(file: &'a str, yaml: &'a str) -> Doc<'a> {
        Doc {
            path: Path::new("b.md"),
            file,
            shared: None,
            yaml,
            first_line: 2,
            what: "briefing",
        }
    }

    /// The one diagnostic of a briefing whose front matter is `yaml`.
    fn refusal(yaml: &str) -> Diagnostic {
        let file = format!("---\n{yaml}---\n");
        let p: Parsed<BriefingFm> = parse(&doc(&file, yaml));
        assert_eq!(p.diagnostics.len(), 1, "{:#?}", p.diagnostics);
        p.diagnostics.into_iter().next().unwrap()
    }

    #[test]
    fn a_key_indented_wrongly_is_named_with_the_key_to_line_up_with() {
        // Less than its siblings, inside a list item.
        let d = refusal("title: T\ndate: 2022\nquotes:\n  - by: X\n    text: Y\n   said: 2022\n");
        assert_eq!(
            d.message,
            "malformed YAML: the indentation of `said` is off"
        );
        assert_eq!(d.pos, Some(Pos::new(7, 4, 4)));
        assert_eq!(
            d.hint.as_deref(),
            Some(
                "`said` starts at column 4 but `text` on line 6 at column 5: keys of one mapping line up exactly"
            )
        );
        // Less than the first key after `- `.
        let d = refusal("title: T\ndate: 2022\nquotes:\n  - by: X\n   text: Y\n");
        assert_eq!(d.pos, Some(Pos::new(6, 4, 4)));
        assert!(d.hint.unwrap().contains("but `by` on line 5 at column 5"));
        // "did not find expected key": between a mapping and its parent.
        let d = refusal("title: T\ndate: 2022\nlocation: x\nactors:\n  - a\n b: 1\n");
        assert_eq!(d.message, "malformed YAML: the indentation of `b` is off");
        assert_eq!(d.pos, Some(Pos::new(7, 2, 1)));
        // Deeper than the key above, which already has a value.
        let d = refusal("title: T\n  date: 2022\n");
        assert_eq!(
            d.message,
            "malformed YAML: the indentation of `date` is off"
        );
        assert_eq!(d.pos, Some(Pos::new(3, 3, 4)));
        assert_eq!(
            d.hint.as_deref(),
            Some(
                "`date` starts at column 3 but `title` on line 2 at column 1: keys of one mapping line up exactly"
            )
        );
    }

    #[test]
    fn a_colon_inside_a_value_is_not_called_an_indentation_error() {
        let d = refusal("title: T: U\ndate: 2022\n");
        assert!(
            d.message
                .starts_with("malformed YAML: mapping values are not allowed"),
            "{}",
            d.message
        );
        assert_eq!(d.hint, None);
    }

    #[test]
    fn spans_point_at_nested_values_from_the_top_of_the_file() {
        let yaml = "title: T\nquotes:\n  - by: Antony Blinkn\n    text: x\nactors: [a, bb]\n";
        let s = spans(yaml, 2).unwrap();
        assert_eq!(s.value("title"), Some(Pos::new(2, 8, 1)));
        assert_eq!(s.value("quotes[0].by"), Some(Pos::new(4, 9, 13)));
        assert_eq!(s.key("quotes[0].text"), Some(Pos::new(5, 5, 4)));
        assert_eq!(s.value("actors[1]"), Some(Pos::new(6, 13, 2)));
        // A missing path falls back to its parent.
        assert_eq!(s.value("quotes[0].said"), s.value("quotes[0]"));
    }

    #[test]
    fn every_unknown_key_is_reported_with_a_suggestion() {
        let yaml =
            "title: T\ndate: 2022\ntittle: x\nquotes:\n  - by: a\n    txt: b\n    said: 2022\n";
        let file = format!("---\n{yaml}---\n");
        let p: Parsed<BriefingFm> = parse(&doc(&file, yaml));
        let msgs: Vec<_> = p
            .diagnostics
            .iter()
            .map(|d| (d.message.clone(), d.pos, d.hint.clone()))
            .collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert_eq!(msgs[0].0, "unknown key `tittle` in briefing");
        assert_eq!(msgs[0].1, Some(Pos::new(4, 1, 6)));
        assert_eq!(msgs[0].2.as_deref(), Some("did you mean `title`?"));
        assert_eq!(msgs[1].0, "unknown key `txt` in briefing");
        assert_eq!(msgs[1].1, Some(Pos::new(7, 5, 3)));
        // With `txt` gone, `text` is missing: reported at the quote, and the read stops.
        assert_eq!(msgs[2].0, "missing required key `text` in briefing");
        assert_eq!(msgs[2].1, Some(Pos::new(6, 5, 1)));
    }

    #[test]
    fn dates_stay_text_even_when_yaml_sees_numbers() {
        let yaml = "title: T\ndate: 2022\n";
        let file = format!("---\n{yaml}---\n");
        let p: Parsed<BriefingFm> = parse(&doc(&file, yaml));
        assert_eq!(p.value.unwrap().date, Text("2022".into()));
    }

    #[test]
    fn wrong_types_and_syntax_errors_have_positions() {
        let yaml = "title: T\ndate: [1]\n";
        let file = format!("---\n{yaml}---\n");
        let p: Parsed<BriefingFm> = parse(&doc(&file, yaml));
        assert_eq!(p.diagnostics[0].kind, Kind::WrongType);
        assert_eq!(p.diagnostics[0].pos, Some(Pos::new(3, 7, 1)));

        let yaml = "title: [unclosed\n";
        let file = format!("---\n{yaml}---\n");
        let p: Parsed<SiteFm> = parse(&doc(&file, yaml));
        assert_eq!(p.diagnostics[0].kind, Kind::Yaml);
        assert!(p.diagnostics[0].pos.is_some());
    }

    fn briefing(yaml: &str) -> Parsed<BriefingFm> {
        let file = format!("---\n{yaml}---\n");
        let p = parse(&doc(&file, yaml));
        // The diagnostics borrow nothing from `file`.
        p
    }

    #[test]
    fn deep_nesting_is_refused_at_the_first_level_too_many() {
        let started = std::time::Instant::now();
        for yaml in [
            format!(
                "title: T\ndate: 2022\nx: {}{}\n",
                "[".repeat(200_000),
                "]".repeat(200_000)
            ),
            format!(
                "title: T\ndate: 2022\nx: {}1{}\n",
                "{a: ".repeat(100_000),
                "}".repeat(100_000)
            ),
            format!(
                "title: T\ndate: 2022\nx:\n{}",
                (1..5000)
                    .map(|i| format!("{}a:\n", " ".repeat(i)))
                    .collect::<String>()
            ),
            format!("title: T\ndate: 2022\nx: {}1\n", "- ".repeat(100_000)),
        ] {
            let p = briefing(&yaml);
            assert!(p.value.is_none());
            let d = &p.diagnostics[0];
            assert_eq!(d.kind, Kind::Yaml, "{d:?}");
            assert!(d.pos.is_some(), "{d:?}");
        }
        let p = briefing(&format!(
            "title: T\ndate: 2022\nx: {}{}\n",
            "[".repeat(40),
            "]".repeat(40)
        ));
        let d = &p.diagnostics[0];
        assert_eq!(
            d.message,
            format!("malformed YAML: nested more than {MAX_DEPTH} levels deep")
        );
        // `x: ` then 32 brackets open: the 33rd is the one too many.
        assert_eq!(d.pos, Some(Pos::new(4, 4 + MAX_DEPTH - 1, 1)));
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
    }

    #[test]
    fn alias_bombs_are_refused_at_the_first_alias() {
        let mut yaml = String::from("title: T\ndate: 2022\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 9].join(", ");
            yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let p = briefing(&yaml);
        assert!(started.elapsed() < std::time::Duration::from_secs(10));
        let d = &p.diagnostics[0];
        assert_eq!(d.kind, Kind::Yaml);
        assert!(d.message.contains("repetition limit"), "{d:?}");
        assert_eq!(d.pos.map(|p| (p.line, p.col)), Some((5, 10)));
        assert!(d.hint.as_deref().is_some_and(|h| h.contains("aliases")));
    }

    /// Found by `cargo fuzz run front_matter`: an error at the end of the input was put
    /// on the line after the last.
    #[test]
    fn syntax_errors_at_the_end_are_placed_inside_the_file() {
        let text = "---\ntitle: T\ndate: 2022\nslug: /etc/x\n---J";
        let p: Parsed<SiteFm> = parse(&Doc {
            path: Path::new("site.yaml"),
            file: text,
            shared: None,
            yaml: text,
            first_line: 1,
            what: "site.yaml",
        });
        let d = &p.diagnostics[0];
        assert_eq!(d.kind, Kind::Yaml);
        assert_eq!(d.pos, Some(Pos::new(5, 5, 1)));
        assert_eq!(d.line_text.as_deref(), Some("---J"));
    }

    /// Found by `cargo fuzz run front_matter`: YAML (and so both parsers) ends lines at
    /// a lone `\r`, which put positions lines past where an editor shows them.
    #[test]
    fn a_lone_carriage_return_is_refused_where_it_is() {
        let yaml = "title: T\ndate: 2022\rsummary: x\n";
        let p = briefing(yaml);
        let d = &p.diagnostics[0];
        assert_eq!(d.message, "carriage return without a line feed in YAML");
        assert_eq!(d.pos, Some(Pos::new(3, 11, 1)));
        // CRLF is fine.
        let p = briefing("title: T\r\ndate: 2022\r\n");
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn a_flood_of_unknown_keys_is_cut_short() {
        let yaml: String = (0..5000).map(|i| format!("k{i}: x\n")).collect();
        let p = briefing(&format!("title: T\ndate: 2022\n{yaml}"));
        assert_eq!(p.diagnostics.len(), MAX_UNKNOWN_KEYS);
        assert!(p.diagnostics.iter().all(|d| d.kind == Kind::UnknownKey));
    }

    #[test]
    fn empty_front_matter_reports_the_missing_key() {
        let file = "---\n---\n";
        let p: Parsed<BriefingFm> = parse(&doc(file, ""));
        assert_eq!(
            p.diagnostics[0].message,
            "missing required key `title` in briefing"
        );
        assert_eq!(p.diagnostics[0].pos.map(|p| p.line), Some(1));
    }
}
