//! A content file as read from disk, split into its front matter and Markdown body.

use crate::diag::Pos;

/// The parts of a content file. Offsets are bytes into the whole file, so positions in
/// either part can be reported from the top of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Why a file could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    pub message: String,
    pub hint: String,
    pub pos: Pos,
}

/// Splits `---\n<yaml>\n---\n<body>`. A UTF-8 byte-order mark and CRLF line endings are
/// accepted, since editors on Windows produce both.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[start..];
    let first_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if !is_fence(&rest[..first_end]) {
        let shown = rest[..first_end].trim_end().chars().count();
        return Err(SplitError {
            message: if text.trim().is_empty() {
                "empty file: front matter is required".to_string()
            } else {
                "missing front matter: the file must start with a `---` line".to_string()
            },
            hint: "start the file with `---`, the YAML keys, then `---`".to_string(),
            pos: Pos::new(1, 1, shown),
        });
    }
    let yaml_start = start + first_end;
    let mut line_start = yaml_start;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i + 1);
        if is_fence(&text[line_start..line_end]) {
            let yaml_line = 2;
            return Ok(Split {
                yaml: &text[yaml_start..line_start],
                yaml_line,
                body: &text[line_end..],
                body_offset: line_end,
            });
        }
        line_start = line_end;
    }
    Err(SplitError {
        message: "front matter is not closed".to_string(),
        hint: "add a `---` line after the front matter".to_string(),
        pos: Pos::new(1, 1, 3),
    })
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\n', '\r'])
        .trim_end_matches([' ', '\t'])
        == "---"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_with_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: x\r\n---\r\nbody\r\n";
        let s = split(text).unwrap();
        assert_eq!(s.yaml, "title: x\r\n");
        assert_eq!(s.body, "body\r\n");
        assert_eq!(&text[s.body_offset..], "body\r\n");
    }

    #[test]
    fn only_front_matter_has_an_empty_body() {
        let s = split("---\na: 1\n---").unwrap();
        assert_eq!((s.yaml, s.body), ("a: 1\n", ""));
    }

    #[test]
    fn unclosed_and_missing_front_matter_are_errors() {
        assert_eq!(
            split("---\na: 1\n").unwrap_err().message,
            "front matter is not closed"
        );
        assert!(
            split("# just markdown\n")
                .unwrap_err()
                .message
                .starts_with("missing front matter")
        );
        assert!(split("").unwrap_err().message.starts_with("empty file"));
    }
}

/// Property tests: any text splits or fails cleanly, and whatever splits parses (or
/// fails with positioned diagnostics) as every kind of front matter.
#[cfg(test)]
mod props {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::content::{ActorFm, BriefingFm, PageFm, TopicFm};
    use crate::yaml;

    /// Lines that look like front matter, hostile ones included.
    fn yamlish() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec![
            "title", "date", "actors", "quotes", "by", "text", "said", "slug", "topics", "sources",
            "url", "name", "aliases", "- by", "-", "? ", "x",
        ]);
        let value = prop_oneof![
            prop::sample::select(vec![
                "",
                "T",
                "2022",
                "2022-13-06",
                "[a, b",
                "{a: 1}",
                "&a [x, x]",
                "*a",
                "- x",
                "\"unterminated",
                "'it''s'",
                "~",
                "|",
                ">",
                "[[[[[[",
                "]]",
                "!!binary x",
                "javascript:alert(1)",
                "\u{feff}",
                "é\u{301}",
                "\t",
                "---",
                "...",
                "%YAML 1.2",
            ])
            .prop_map(str::to_string),
            "\\PC{0,12}",
        ];
        let line = (0..6usize, key, value)
            .prop_map(|(indent, k, v)| format!("{}{k}: {v}", " ".repeat(indent)));
        prop::collection::vec(line, 0..12).prop_map(|lines| lines.join("\n"))
    }

    fn file() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            (yamlish(), any::<String>(), any::<bool>(), any::<bool>()).prop_map(
                |(yaml, body, crlf, bom)| {
                    let text = format!("---\n{yaml}\n---\n{body}");
                    let text = if crlf {
                        text.replace('\n', "\r\n")
                    } else {
                        text
                    };
                    if bom { format!("\u{feff}{text}") } else { text }
                }
            ),
        ]
    }

    fn parse_all(text: &str, yaml_text: &str, first_line: usize) {
        fn one<T: serde::de::DeserializeOwned>(text: &str, yaml_text: &str, first_line: usize) {
            let p = yaml::parse::<T>(&yaml::Doc {
                path: Path::new("b.md"),
                file: text,
                shared: None,
                yaml: yaml_text,
                first_line,
                what: "briefing",
            });
            let lines = text.split('\n').count() as u32;
            for d in &p.diagnostics {
                if let Some(pos) = d.pos {
                    assert!(pos.line <= lines, "{d:?}");
                }
                let _ = d.render(false);
            }
            assert!(p.value.is_some() || !p.diagnostics.is_empty());
        }
        one::<BriefingFm>(text, yaml_text, first_line);
        one::<ActorFm>(text, yaml_text, first_line);
        one::<TopicFm>(text, yaml_text, first_line);
        one::<PageFm>(text, yaml_text, first_line);
    }

    proptest! {
        #[test]
        fn any_text_splits_or_fails_cleanly_and_parses_without_panicking(text in file()) {
            match split(&text) {
                Ok(s) => {
                    prop_assert_eq!(&text[s.body_offset..], s.body);
                    parse_all(&text, s.yaml, s.yaml_line);
                }
                Err(e) => {
                    prop_assert!(e.pos.line as usize <= text.split('\n').count());
                }
            }
        }
    }
}
