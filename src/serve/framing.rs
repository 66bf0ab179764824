//! A request head with two `Content-Length` fields is ambiguous framing (RFC 9112
//! §6.3): a proxy in front may read one length and the server another, which is how
//! requests are smuggled. hyper refuses two different values but merges equal ones
//! before a service sees the request, so the raw bytes are watched here as they are
//! read, and a connection that sent such a head is answered 400 and closed. The watch
//! stops at a head that announces a body (the server answers only `GET` and `HEAD`, so
//! it does not follow bodies to the next head); such a connection is closed after its
//! answer, so no byte goes unwatched.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The longest start of a header line kept: enough for the field name and a length.
const KEPT: usize = 40;

/// What the watch found on one connection, read by the requests it carries.
#[derive(Debug, Default)]
pub struct Framing {
    ambiguous: AtomicBool,
    unwatched: AtomicBool,
}

/// What a request on a watched connection gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Fine,
    /// Answer, then close: bytes after a body are not watched.
    CloseAfter,
    /// 400 and close: a head repeated `Content-Length`.
    Ambiguous,
}

impl Framing {
    pub fn verdict(&self) -> Verdict {
        if self.ambiguous.load(Ordering::SeqCst) {
            Verdict::Ambiguous
        } else if self.unwatched.load(Ordering::SeqCst) {
            Verdict::CloseAfter
        } else {
            Verdict::Fine
        }
    }
}

/// Watches the bytes a client sends for request heads that repeat `Content-Length`.
pub struct HeadScan {
    framing: Arc<Framing>,
    /// The start of the line being read, lowercased.
    line: [u8; KEPT],
    line_len: usize,
    /// Lines of the current head so far (the request line included).
    lines: usize,
    content_lengths: usize,
    /// Whether the current head announces a body.
    body: bool,
    /// Past a head announcing a body: the server answers only `GET` and `HEAD`, so it
    /// does not follow bodies to find the next head, and stops watching.
    stopped: bool,
}

impl HeadScan {
    /// A scan that records what it finds in `framing`.
    pub fn new(framing: Arc<Framing>) -> HeadScan {
        HeadScan {
            framing,
            line: [0; KEPT],
            line_len: 0,
            lines: 0,
            content_lengths: 0,
            body: false,
            stopped: false,
        }
    }

    /// Reads the next bytes the client sent.
    pub fn feed(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.stopped {
                return;
            }
            if b == b'\n' {
                self.end_line();
            } else if self.line_len < KEPT {
                self.line[self.line_len] = b.to_ascii_lowercase();
                self.line_len += 1;
            }
        }
    }

    fn end_line(&mut self) {
        let line = self.line[..self.line_len]
            .strip_suffix(b"\r")
            .unwrap_or(&self.line[..self.line_len]);
        self.line_len = 0;
        if line.is_empty() {
            // Empty lines before a request line are allowed; one after it ends the head.
            if self.lines > 0 {
                self.end_head();
            }
            return;
        }
        if self.lines > 0 {
            if let Some(value) = line.strip_prefix(b"content-length:") {
                self.content_lengths += 1;
                self.body |= value.trim_ascii() != b"0";
            } else if line.starts_with(b"transfer-encoding:") {
                self.body = true;
            }
        }
        self.lines += 1;
    }

    fn end_head(&mut self) {
        if self.content_lengths > 1 {
            self.framing.ambiguous.store(true, Ordering::SeqCst);
        }
        if self.body {
            self.framing.unwatched.store(true, Ordering::SeqCst);
            self.stopped = true;
        }
        self.lines = 0;
        self.content_lengths = 0;
        self.body = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(chunks: &[&str]) -> Verdict {
        let framing = Arc::new(Framing::default());
        let mut s = HeadScan::new(Arc::clone(&framing));
        for c in chunks {
            s.feed(c.as_bytes());
        }
        framing.verdict()
    }

    fn scan(chunks: &[&str]) -> bool {
        verdict(chunks) == Verdict::Ambiguous
    }

    #[test]
    fn two_content_lengths_in_one_head_are_ambiguous_however_the_bytes_arrive() {
        let head = "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\ncontent-LENGTH: 0\r\n\r\n";
        assert!(scan(&[head]));
        let bytes: Vec<String> = head.chars().map(String::from).collect();
        assert!(scan(&bytes.iter().map(String::as_str).collect::<Vec<_>>()));
        // In the second request of a connection too.
        assert!(scan(&["GET / HTTP/1.1\r\nHost: a\r\n\r\n", head]));
    }

    #[test]
    fn one_content_length_per_head_is_fine() {
        assert!(!scan(&[
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
            "\r\nGET /b HTTP/1.1\r\nHost: a\r\ncontent-length: 0\r\n\r\n",
        ]));
        // A length named in the request line or a value is not a field.
        assert!(!scan(&[
            "GET /content-length: HTTP/1.1\r\nX-A: content-length: 1\r\nContent-Length: 0\r\n\r\n"
        ]));
    }

    #[test]
    fn after_a_head_announcing_a_body_the_connection_closes() {
        // The bytes after are the body's, not watched: the connection must end.
        for head in [
            "POST / HTTP/1.1\r\nContent-Length: 40\r\n\r\n",
            "GET / HTTP/1.1\r\nContent-Length: 00\r\n\r\n",
            "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        ] {
            let after = "GET / HTTP/1.1\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n";
            assert_eq!(verdict(&[head, after]), Verdict::CloseAfter, "{head}");
        }
        assert_eq!(
            verdict(&["GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"]),
            Verdict::Fine
        );
    }
}
