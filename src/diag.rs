//! Diagnostics: typed errors with a position, rendered `path:line:col` with a code frame.
//!
//! Every stage collects these instead of stopping at the first problem, so an editor
//! sees every mistake of a build at once.

use std::fmt::{self, Write as _};
use std::path::{Path, PathBuf};

/// Where in a file something is: 1-based line and column (in characters), counted from
/// the top of the file, with the length of the offending text in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    UnknownSource,
    BadValue,
    DuplicateSlug,
    AmbiguousRef,
    BrokenLink,
    Template,
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
            Kind::UnknownSource => "unknown-source",
            Kind::BadValue => "bad-value",
            Kind::DuplicateSlug => "duplicate-slug",
            Kind::AmbiguousRef => "ambiguous-ref",
            Kind::BrokenLink => "broken-link",
            Kind::Template => "template",
        }
    }
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub kind: Kind,
    pub message: String,
    /// Path as shown to the editor, relative to the site root where possible.
    pub path: PathBuf,
    pub pos: Option<Pos>,
    /// The source line the position points into, for the code frame.
    pub line_text: Option<String>,
    /// Shown under the caret, e.g. "did you mean `title`?".
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(kind: Kind, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            kind,
            message: message.into(),
            path: path.into(),
            pos: None,
            line_text: None,
            hint: None,
        }
    }

    /// Points the diagnostic at `pos` in `source` (the whole file), keeping the line for
    /// the code frame.
    pub fn at(mut self, source: &str, pos: Pos) -> Self {
        self.line_text = source
            .split('\n')
            .nth(pos.line as usize - 1)
            .map(|l| l.trim_end_matches('\r').to_string());
        self.pos = Some(pos);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `path:line:col`, or just the path when there is no position.
    pub fn locus(&self) -> String {
        match self.pos {
            Some(p) => format!("{}:{}:{}", self.path.display(), p.line, p.col),
            None => self.path.display().to_string(),
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
    pub fn render(&self, color: bool) -> String {
        let (red, blue, bold, reset) = if color {
            ("\x1b[1;31m", "\x1b[1;34m", "\x1b[1m", "\x1b[0m")
        } else {
            ("", "", "", "")
        };
        let mut out = format!("{red}error{reset}{bold}: {}{reset}\n", self.message);
        let (Some(pos), Some(line)) = (self.pos, self.line_text.as_deref()) else {
            let _ = writeln!(out, " {blue}-->{reset} {}", self.locus());
            if let Some(hint) = &self.hint {
                let _ = writeln!(out, "  {blue}={reset} hint: {hint}");
            }
            return out;
        };
        let num = pos.line.to_string();
        let pad = " ".repeat(num.len());
        let _ = writeln!(out, "{pad}{blue}-->{reset} {}", self.locus());
        let _ = writeln!(out, "{pad} {blue}|{reset}");
        let shown: String = line
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let _ = writeln!(out, "{blue}{num} |{reset} {shown}");
        let width = line.chars().count();
        let start = (pos.col as usize - 1).min(width);
        let len = (pos.len as usize).min(width.saturating_sub(start)).max(1);
        let _ = write!(
            out,
            "{pad} {blue}|{reset} {}{red}{}{reset}",
            " ".repeat(start),
            "^".repeat(len)
        );
        if let Some(hint) = &self.hint {
            let _ = write!(out, " {red}{hint}{reset}");
        }
        out.push('\n');
        out
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
    fn nearest_finds_typos_but_not_strangers() {
        let keys = ["title", "date", "summary"];
        assert_eq!(nearest("tittle", keys), Some("title"));
        assert_eq!(nearest("location_of_the_thing", keys), None);
    }
}
