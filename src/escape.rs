//! Escaping text for HTML and XML written by hand (feeds, SVG, the serve overlay), and
//! JSON for scripts and data files; templates get Tera's autoescape instead.

/// Escapes text for an element's content or a quoted attribute value, in HTML or XML.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Writes JSON with `<`, `>` and `&` as `\u003c`, `\u003e` and `\u0026`, and the line
/// separators U+2028 and U+2029 as `\u2028` and `\u2029`: the same strings to any JSON
/// parser and to JavaScript engines older than ES2019, but nothing a `<script>`, or a
/// host that sniffs a file as markup, could read as `</script>` or `<!--`. (They can
/// only occur inside strings.) Escaping as the bytes are written keeps a large file in
/// one buffer.
pub struct ScriptSafe<'a>(pub &'a mut Vec<u8>);

impl ScriptSafe<'_> {
    /// `value` as script-safe JSON, appended.
    pub fn json(&mut self, value: &(impl serde::Serialize + ?Sized)) {
        serde_json::to_writer(&mut *self, value).expect("plain data serialises");
    }
}

impl std::io::Write for ScriptSafe<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut rest = bytes;
        // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
        while let Some(at) = rest
            .iter()
            .position(|b| matches!(b, b'<' | b'>' | b'&' | 0xE2))
        {
            self.0.extend_from_slice(&rest[..at]);
            let (escape, len): (&[u8], usize) = match rest[at] {
                b'<' => (b"\\u003c", 1),
                b'>' => (b"\\u003e", 1),
                b'&' => (b"\\u0026", 1),
                _ => match rest.get(at + 1..at + 3) {
                    Some([0x80, 0xA8]) => (b"\\u2028", 3),
                    Some([0x80, 0xA9]) => (b"\\u2029", 3),
                    _ => (&rest[at..=at], 1),
                },
            };
            self.0.extend_from_slice(escape);
            rest = &rest[at + len..];
        }
        self.0.extend_from_slice(rest);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn script_safe_json_escapes_markup_and_line_separators_only() {
        let mut out = Vec::new();
        super::ScriptSafe(&mut out).json(&["</script><!-- & \u{2028}\u{2029} é €", "plain"]);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            r#"["\u003c/script\u003e\u003c!-- \u0026 \u2028\u2029 é €","plain"]"#
        );
        let back: Vec<String> = serde_json::from_str(&text).unwrap();
        assert_eq!(back[0], "</script><!-- & \u{2028}\u{2029} é €");
    }

    #[test]
    fn escapes_markup_and_both_quotes() {
        assert_eq!(
            super::html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
