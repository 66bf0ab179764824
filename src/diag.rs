//! Diagnostics: typed errors with a position, rendered `path:line:col` with a code frame.
//!
//! Every stage collects these instead of stopping at the first problem, so an editor
//! sees every mistake of a build at once.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

use annotate_snippets::renderer::{AnsiColor, Effects, Style};
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

/// Where in a file something is: 1-based line and column (in characters), counted from
/// the top of the file, with the length of the offending text in characters.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
    pub len: u32,
}

impl Pos {
    pub fn new(line: usize, col: usize, len: usize) -> Pos {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Pos {
            line: clamp(line.max(1)),
            col: clamp(col.max(1)),
            len: clamp(len.max(1)),
        }
    }

    /// The position of byte `offset` of `source`, `len` bytes long.
    pub fn at_byte(source: &str, offset: usize, len: usize) -> Pos {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let end = floor_char_boundary(source, (offset + len).min(source.len()));
        let before = &source[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = source[line_start..offset].chars().count() + 1;
        let len = source[offset..end].chars().count();
        Pos::new(line, col, len)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// What went wrong, as a kind a test or a tool can match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Kind {
    Io,
    Encoding,
    FrontMatter,
    Yaml,
    UnknownKey,
    MissingKey,
    WrongType,
    BadDate,
    UnknownActor,
    UnknownAuthor,
    UnknownSource,
    BadValue,
    DuplicateSlug,
    AmbiguousRef,
    BrokenLink,
    Template,
    /// A panic caught: a bug in briefing, reported against the file it worked on.
    Bug,
}

impl Kind {
    /// A stable short name, shown in the browser overlay and usable by tools.
    pub fn code(self) -> &'static str {
        match self {
            Kind::Io => "io",
            Kind::Encoding => "encoding",
            Kind::FrontMatter => "front-matter",
            Kind::Yaml => "yaml",
            Kind::UnknownKey => "unknown-key",
            Kind::MissingKey => "missing-key",
            Kind::WrongType => "wrong-type",
            Kind::BadDate => "bad-date",
            Kind::UnknownActor => "unknown-actor",
            Kind::UnknownAuthor => "unknown-author",
            Kind::UnknownSource => "unknown-source",
            Kind::BadValue => "bad-value",
            Kind::DuplicateSlug => "duplicate-slug",
            Kind::AmbiguousRef => "ambiguous-ref",
            Kind::BrokenLink => "broken-link",
            Kind::Template => "template",
            Kind::Bug => "bug",
        }
    }
}

/// Whether a diagnostic stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize)]
pub enum Severity {
    /// The build fails and writes nothing.
    #[default]
    Error,
    /// Worth fixing (a photo without a credit), but the site is still written.
    Warning,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub kind: Kind,
    pub severity: Severity,
    pub message: String,
    /// Path as shown to the editor, relative to the site root where possible.
    pub path: PathBuf,
    pub pos: Option<Pos>,
    /// The source line the position points into, for the code frame; of a very long
    /// line, only a window around the position.
    pub line_text: Option<String>,
    /// Characters of the line cut off before `line_text` begins (0: it is the whole
    /// line from its start).
    pub line_from: u32,
    /// Shown under the caret, e.g. "did you mean `title`?".
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(kind: Kind, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            kind,
            severity: Severity::Error,
            message: message.into(),
            path: path.into(),
            pos: None,
            line_text: None,
            line_from: 0,
            hint: None,
        }
    }

    /// Points the diagnostic at `pos` in `source` (the whole file), keeping the line for
    /// the code frame.
    pub fn at(mut self, source: &str, pos: Pos) -> Self {
        if let Some(line) = source
            .split('\n')
            .nth((pos.line as usize).saturating_sub(1))
        {
            let line = line.trim_end_matches('\r');
            let col = (pos.col as usize).saturating_sub(1);
            let skip = col.saturating_sub(FRAME_WIDTH);
            let start = line.char_indices().nth(skip).map_or(line.len(), |(i, _)| i);
            let (text, from) = window(line, start);
            self.line_text = Some(text);
            self.line_from = if from == 0 { 0 } else { clamp(skip) };
        }
        self.pos = Some(pos);
        self
    }

    /// Points the diagnostic at `located` (see [`Lines::locate`]).
    pub fn at_located(mut self, located: Located) -> Self {
        self.pos = Some(located.pos);
        self.line_text = Some(located.line);
        self.line_from = located.line_from;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Makes it a warning: printed, but the site is still written.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    fn level(&self) -> Level<'static> {
        match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        }
    }

    /// `path:line:col`, or just the path when there is no position; the path made
    /// [`printable`], since a file name is input too.
    pub fn locus(&self) -> String {
        let path = self.path.display().to_string();
        let path = printable(&path);
        match self.pos {
            Some(p) => format!("{path}:{}:{}", p.line, p.col),
            None => path.into_owned(),
        }
    }

    /// The rendering shown in the terminal and the browser overlay:
    ///
    /// ```text
    /// error: unknown actor `Antony Blinkn` in quote
    ///  --> content/briefings/war-crimes.md:9:9
    ///   |
    /// 9 |   - by: Antony Blinkn
    ///   |         ^^^^^^^^^^^^^ did you mean `Antony Blinken` (antony-blinken)?
    /// ```
    ///
    /// The frame is drawn by `annotate-snippets` (rustc's renderer), which replaces
    /// control and bidi characters of the line with visible symbols and places the caret
    /// by display width; message, hint and path are made [`printable`] first, so no
    /// character of the input reaches the terminal as a control.
    pub fn render(&self, color: bool) -> String {
        let renderer = renderer(color);
        let message = printable(&self.message);
        let title = Group::with_title(self.level().primary_title(message));
        let mut out = renderer.render(&[title]);
        let (gutter, frame) = self.frame(&renderer);
        // The `-->` line is ours rather than the renderer's so that it always reads
        // exactly as `locus()`: the renderer would count the column within the window of
        // a long line, or clamp it to the line's end.
        let arrow = if color { LINE_NUM } else { Style::new() };
        let _ = writeln!(
            out,
            "\n{}{}-->{} {}",
            " ".repeat(gutter),
            arrow.render(),
            arrow.render_reset(),
            self.locus()
        );
        if !frame.is_empty() {
            out.push_str(&frame);
            out.push('\n');
        }
        out
    }

    /// The code frame with the caret and hint (or, without a position, the hint
    /// alone), and the width of its line-number gutter.
    fn frame(&self, renderer: &Renderer) -> (usize, String) {
        let hint = self.hint.as_deref().map(printable);
        let group = Group::with_level(self.level());
        match (self.pos, self.line_text.as_deref()) {
            (Some(pos), Some(line)) => {
                let (source, span) = frame_source(line, self.line_from, pos);
                let annotation = AnnotationKind::Primary.span(span).label(hint);
                let snippet = Snippet::source(source)
                    .line_start(pos.line as usize)
                    .annotation(annotation);
                let gutter = pos.line.to_string().len();
                (gutter, renderer.render(&[group.element(snippet)]))
            }
            _ => match hint {
                Some(hint) => {
                    let note = Level::NOTE.with_name("hint").message(hint);
                    (1, renderer.render(&[group.element(note)]))
                }
                None => (1, String::new()),
            },
        }
    }
}

/// The colours diagnostics have always had: red errors and carets, blue gutter.
const ERROR: Style = AnsiColor::Red.on_default().effects(Effects::BOLD);
const LINE_NUM: Style = AnsiColor::Blue.on_default().effects(Effects::BOLD);

fn renderer(color: bool) -> Renderer {
    let renderer = if color {
        Renderer::styled()
            .error(ERROR)
            .line_num(LINE_NUM)
            .note(Style::new())
            .emphasis(Style::new().effects(Effects::BOLD))
    } else {
        Renderer::plain()
    };
    renderer.term_width(FRAME_WIDTH)
}

/// The text handed to the renderer for `line` (a window of its line starting
/// `line_from` characters in) and the byte range of `pos` in it.
fn frame_source(line: &str, line_from: u32, pos: Pos) -> (String, std::ops::Range<usize>) {
    // A window that does not start the line is marked as the renderer marks the lines
    // it cuts, since it cannot know.
    let mut source = String::from(if line_from > 0 { "..." } else { "" });
    let cut = source.len();
    // One character for one, so columns counted in the input still fit the source.
    source.extend(line.chars().map(frame_char));
    let chars = line.chars().count();
    let start = (pos.col as usize)
        .saturating_sub(1 + line_from as usize)
        .min(chars);
    let end = start.saturating_add(pos.len as usize).min(chars);
    // Count bytes in `source`: a replaced character may differ in length from the
    // original.
    let shown = &source[cut..];
    let byte = |i: usize| cut + shown.char_indices().nth(i).map_or(shown.len(), |(b, _)| b);
    let span = byte(start)..byte(end);
    (source, span)
}

/// A line character as given to the renderer. `annotate-snippets` itself replaces C0
/// controls, DEL and the bidi embeddings, overrides and isolates with visible symbols;
/// these are the ones it lets through that a terminal may still obey (C1 controls such
/// as the one-byte CSI, bidi marks, line separators).
fn frame_char(c: char) -> char {
    match c {
        '\n' => '\u{240a}',
        '\u{80}'..='\u{9f}' | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' => {
            '\u{fffd}'
        }
        c => c,
    }
}

/// Whether `c` must not be printed to a terminal as it is: a control character (it
/// could move the cursor, clear the screen or retitle the window) or a bidi control or
/// line separator (it could make shown text read differently from the file).
fn is_unprintable(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{61c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `text` with every character a terminal could obey written out visibly, the way Rust
/// writes it in a string literal (`\u{1b}`, `\u{202e}`, `\n`), for input quoted in a
/// message, a hint or a path.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.contains(is_unprintable) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unprintable(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Widest source line shown in a code frame, in characters.
const FRAME_WIDTH: usize = 120;

fn clamp(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The part of `line` kept for a code frame, from byte `start` (a char boundary): all of
/// it if the line is short, else enough for [`FRAME_WIDTH`] characters either side.
/// Returns the text and its first byte.
fn window(line: &str, start: usize) -> (String, usize) {
    const KEEP: usize = FRAME_WIDTH * 2;
    if line.len() <= KEEP * 2 {
        return (line.to_string(), 0);
    }
    let end = line[start..]
        .char_indices()
        .nth(KEEP)
        .map_or(line.len(), |(i, _)| start + i);
    (line[start..end].to_string(), start)
}

/// A position found through [`Lines`], with its line (or a window of it) for the frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub pos: Pos,
    pub line: String,
    /// Characters of the line before `line` begins.
    pub line_from: u32,
}

/// Where each line of a text starts, so that many byte offsets into one file (every
/// link of a long body) become positions without rescanning the file for each: a scan
/// per offset made a body with many links quadratic.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last offset located and its column, since offsets usually come in order
    /// along one (possibly very long) line.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines {
            text,
            starts,
            last: std::cell::Cell::new((0, 1)),
        }
    }

    /// The position of byte `offset`, `len` bytes long, and its line for the frame.
    pub fn locate(&self, offset: usize, len: usize) -> Located {
        let text = self.text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let end = floor_char_boundary(text, (offset + len).min(text.len()));
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        let line_start = self.starts[line];
        let (last_offset, last_col) = self.last.get();
        let col = if last_offset >= line_start && last_offset <= offset {
            last_col + text[last_offset..offset].chars().count()
        } else {
            text[line_start..offset].chars().count() + 1
        };
        self.last.set((offset, col));
        let line_end = self.starts.get(line + 1).map_or(text.len(), |&s| s - 1);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        // Start the window up to FRAME_WIDTH characters before the offset.
        let mut start = offset.min(line_text.len() + line_start);
        let mut before = 0;
        while start > line_start && before < FRAME_WIDTH {
            start -= 1;
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            before += 1;
        }
        let (shown, from_byte) = window(line_text, start - line_start);
        let line_from = if from_byte == 0 {
            0
        } else {
            clamp(col - 1 - before)
        };
        Located {
            pos: Pos::new(line + 1, col, text[offset..end].chars().count()),
            line: shown,
            line_from,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Sorts diagnostics into a stable order (by file, then position) so that output and
/// tests do not depend on thread scheduling.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.path, a.pos, a.kind, &a.message).cmp(&(&b.path, b.pos, b.kind, &b.message))
    });
}

/// The path shown for `path`: relative to `root` when it lies inside it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// The nearest candidate to `wanted` by edit distance, if it is close enough to be a
/// plausible typo rather than a different word.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_l = wanted.to_lowercase();
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    // An abbreviation (`rep` for `report`) is as likely as a typo.
    if wanted_l.chars().count() >= 3 {
        if let Some(c) = candidates
            .iter()
            .find(|c| c.to_lowercase().starts_with(&wanted_l))
        {
            return Some(c);
        }
    }
    let limit = (wanted.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(&wanted_l, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_offsets_become_lines_and_char_columns() {
        let src = "---\ntitle: Zürich x\n";
        let off = src.find('x').unwrap();
        assert_eq!(Pos::at_byte(src, off, 1), Pos::new(2, 15, 1));
    }

    #[test]
    fn renders_a_code_frame_with_caret_and_hint() {
        let src = "a\n  - by: Antony Blinkn\n";
        let d = Diagnostic::new(Kind::UnknownActor, "x.md", "unknown actor `Antony Blinkn`")
            .at(src, Pos::new(2, 9, 13))
            .hint("did you mean `Antony Blinken`?");
        assert_eq!(
            d.render(false),
            "error: unknown actor `Antony Blinkn`\n --> x.md:2:9\n  |\n2 |   - by: Antony Blinkn\n  |         ^^^^^^^^^^^^^ did you mean `Antony Blinken`?\n"
        );
    }

    #[test]
    fn lines_locate_like_at_byte_in_any_order() {
        let src = "---\ntitle: Zürich x\r\nb\n\nlast ü line";
        let lines = Lines::new(src);
        let mut offsets: Vec<usize> = (0..=src.len()).collect();
        offsets.extend((0..=src.len()).rev());
        for off in offsets {
            let got = lines.locate(off, 2);
            assert_eq!(got.pos, Pos::at_byte(src, off, 2), "offset {off}");
            let d = Diagnostic::new(Kind::Yaml, "x", "m").at(src, got.pos);
            assert_eq!(Some(got.line), d.line_text, "offset {off}");
        }
    }

    #[test]
    fn a_long_line_keeps_only_a_window_and_frames_it_the_same() {
        let line = format!("{}[[x]]{}", "é".repeat(50_000), "a".repeat(50_000));
        let src = format!("---\n{line}\n");
        let off = src.find("[[").unwrap();
        let located = Lines::new(&src).locate(off, 5);
        assert!(located.line.len() < 2000);
        let via_lines = Diagnostic::new(Kind::Yaml, "x", "m").at_located(located.clone());
        let via_at = Diagnostic::new(Kind::Yaml, "x", "m").at(&src, located.pos);
        assert!(via_at.line_text.as_ref().unwrap().len() < 2000);
        assert_eq!(via_lines.render(false), via_at.render(false));
        assert!(via_at.render(false).contains("| ...éé"));
        let shown = via_at.render(false);
        let lines: Vec<&str> = shown.lines().collect();
        let code: Vec<char> = lines[3].chars().collect();
        let caret = lines[4].find('^').unwrap();
        assert_eq!(code[caret..caret + 5].iter().collect::<String>(), "[[x]]");
    }

    #[test]
    fn long_lines_are_shown_as_a_window_around_the_caret() {
        let line = format!("x: {}BAD{}", "[".repeat(5000), "]".repeat(5000));
        let d = Diagnostic::new(Kind::Yaml, "x.md", "too deep").at(&line, Pos::new(1, 5004, 3));
        let shown = d.render(false);
        let lines: Vec<&str> = shown.lines().collect();
        assert!(lines[3].chars().count() < FRAME_WIDTH + 10, "{}", lines[3]);
        let code = lines[3].split_once("| ").unwrap().1;
        let caret = lines[4].split_once("| ").unwrap().1;
        let at = caret.find('^').unwrap();
        assert_eq!(code.chars().skip(at).take(3).collect::<String>(), "BAD");
        assert!(code.starts_with("...") && code.ends_with("..."), "{code}");
    }

    /// Characters a content file may carry that must not reach a terminal as they are:
    /// they could rewrite the screen, retitle the window or reorder what is shown.
    const HOSTILE: [char; 6] = [
        '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{200f}',
    ];

    fn hostile_free(shown: &str) -> bool {
        !shown.contains(HOSTILE)
    }

    #[test]
    fn an_escape_sequence_in_the_line_does_not_reach_the_terminal() {
        let src = "---\ntitle: \u{1b}[2J\u{1b}]0;pwned\u{7} \u{9b}31mx\n";
        let x = src.find('x').unwrap();
        let d = Diagnostic::new(Kind::BadValue, "b.md", "bad").at(src, Pos::at_byte(src, x, 1));
        let plain = d.render(false);
        assert!(hostile_free(&plain), "{plain:?}");
        // Colour adds our own escapes, never the file's.
        let coloured = d.render(true);
        assert!(!coloured.contains("\u{1b}[2J"), "{coloured:?}");
        assert!(!coloured.contains("\u{1b}]0;"), "{coloured:?}");
        assert!(!coloured.contains(['\u{7}', '\u{9b}']), "{coloured:?}");
        assert!(plain.contains(" --> b.md:2:"), "{plain}");
    }

    #[test]
    fn a_bidi_override_in_line_message_hint_or_path_is_shown_escaped() {
        let src = "---\nactors: [ab\u{202e}cd]\n";
        let at = src.find("ab").unwrap();
        let d = Diagnostic::new(
            Kind::UnknownActor,
            "content/b\u{2066}.md",
            "unknown actor `ab\u{202e}cd`",
        )
        .at(src, Pos::at_byte(src, at, 7))
        .hint("did you mean `ab\u{200f}`?\u{1b}[8m");
        for color in [false, true] {
            let shown = d.render(color);
            assert!(
                !shown.contains(['\u{202e}', '\u{2066}', '\u{200f}']),
                "{shown:?}"
            );
            assert!(shown.contains(r"unknown actor `ab\u{202e}cd`"), "{shown}");
            assert!(
                shown.contains(r"did you mean `ab\u{200f}`?\u{1b}[8m"),
                "{shown}"
            );
            assert!(shown.contains(r"content/b\u{2066}.md:2:10"), "{shown}");
        }
        assert_eq!(d.locus(), r"content/b\u{2066}.md:2:10");
        // The message itself stays as written, for tools and tests.
        assert_eq!(d.message, "unknown actor `ab\u{202e}cd`");
    }

    #[test]
    fn the_caret_is_placed_by_display_width_under_cjk_and_emoji() {
        let src = "---\ntitle: 東京😀 x\n";
        let x = src.find('x').unwrap();
        let d = Diagnostic::new(Kind::BadValue, "b.md", "bad")
            .at(src, Pos::at_byte(src, x, 1))
            .hint("here");
        // Two columns for each ideograph and the emoji: the caret sits under the `x`.
        assert_eq!(
            d.render(false),
            "error: bad\n --> b.md:2:12\n  |\n2 | title: 東京😀 x\n  |               ^ here\n"
        );
    }

    proptest::proptest! {
        #[test]
        fn no_rendering_panics_or_lets_a_control_through(
            line in "[a\\t\\r\\x00-\\x1f\\x7f-\\u{9f}\\u{61c}\\u{200b}-\\u{200f}\\u{2028}-\\u{202e}\\u{2066}-\\u{2069}東😀é ]{0,60}",
            message in "[a\\x00-\\x1f\\u{80}-\\u{9f}\\u{202a}-\\u{202e}东]{0,8}",
            col in 1usize..80,
            len in 0usize..80,
        ) {
            let src = format!("---\n{line}\n");
            let d = Diagnostic::new(Kind::Yaml, format!("{message}.md"), message.clone())
                .at(&src, Pos::new(2, col, len))
                .hint(message);
            let shown = d.render(false);
            proptest::prop_assert!(
                !shown.split('\n').any(|l| l.contains(is_unprintable)),
                "{:?}", shown
            );
            let _ = d.render(true);
        }
    }

    #[test]
    fn nearest_finds_typos_but_not_strangers() {
        let keys = ["title", "date", "summary"];
        assert_eq!(nearest("tittle", keys), Some("title"));
        assert_eq!(nearest("location_of_the_thing", keys), None);
    }
}
