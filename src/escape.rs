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
        use std::io::Write;
        // serde_json writes each quote, colon and comma on its own: gathered first, the
        // text is scanned in runs of a few kilobytes rather than a few bytes (the data
        // export spent a third of its time here).
        let mut gathered = std::io::BufWriter::with_capacity(4 << 10, &mut *self);
        serde_json::to_writer(&mut gathered, value).expect("plain data serialises");
        gathered.flush().expect("a Vec takes every byte");
    }
}

impl std::io::Write for ScriptSafe<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        // The next markup byte and the next 0xE2 (U+2028 and U+2029 are E2 80 A8 and
        // E2 80 A9), each searched for again only once passed, so the text is scanned
        // with memchr a constant number of times.
        let find_markup =
            |from: usize| memchr::memchr3(b'<', b'>', b'&', &bytes[from..]).map(|i| i + from);
        let find_e2 = |from: usize| memchr::memchr(0xE2, &bytes[from..]).map(|i| i + from);
        let (mut markup, mut e2) = (find_markup(0), find_e2(0));
        let mut done = 0;
        loop {
            let at = match (markup, e2) {
                (Some(m), Some(e)) => m.min(e),
                (Some(m), None) => m,
                (None, Some(e)) => e,
                (None, None) => break,
            };
            self.0.extend_from_slice(&bytes[done..at]);
            let (escape, len): (&[u8], usize) = match bytes[at] {
                b'<' => (b"\\u003c", 1),
                b'>' => (b"\\u003e", 1),
                b'&' => (b"\\u0026", 1),
                _ => match bytes.get(at + 1..at + 3) {
                    Some([0x80, 0xA8]) => (b"\\u2028", 3),
                    Some([0x80, 0xA9]) => (b"\\u2029", 3),
                    _ => (&bytes[at..=at], 1),
                },
            };
            self.0.extend_from_slice(escape);
            done = at + len;
            if markup.is_some_and(|m| m < done) {
                markup = find_markup(done);
            }
            if e2.is_some_and(|e| e < done) {
                e2 = find_e2(done);
            }
        }
        self.0.extend_from_slice(&bytes[done..]);
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
        // Runs of both kinds, side by side and at the ends.
        let mut out = Vec::new();
        let text = "\u{2028}<&’\u{2029}\u{2029}>>€";
        super::ScriptSafe(&mut out).json(text);
        let json = String::from_utf8(out).unwrap();
        assert_eq!(json, r#""\u2028\u003c\u0026’\u2029\u2029\u003e\u003e€""#);
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
    }

    #[test]
    fn escapes_markup_and_both_quotes() {
        assert_eq!(
            super::html("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
