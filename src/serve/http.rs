//! Just enough HTTP/1.1 for a preview server: `GET` and `HEAD`, keep-alive, fixed-length
//! responses, and a raw stream for Server-Sent Events.
//!
//! Written out rather than taken from a crate because the event stream has to flush
//! each message as it is sent and every socket needs read and write time-outs, which
//! the small synchronous server crates do not offer; the subset needed is small.

use std::io::{self, BufRead, Write};
use std::time::{Duration, Instant, SystemTime};

/// Largest request head (request line and headers) accepted.
pub const MAX_HEAD: usize = 16 * 1024;
/// Most header lines accepted in one request.
const MAX_HEADERS: usize = 100;

/// A parsed request head. Bodies are never read: the server only answers `GET` and
/// `HEAD`, and closes the connection after any request that announces a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
    /// `true` for HTTP/1.0, whose connections close by default.
    pub http10: bool,
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The value of the first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the connection may carry another request after this one.
    pub fn keep_alive(&self) -> bool {
        let connection = self.header("connection").unwrap_or("").to_ascii_lowercase();
        let has = |token: &str| connection.split(',').any(|t| t.trim() == token);
        if has("close") || self.has_body() {
            return false;
        }
        !self.http10 || has("keep-alive")
    }

    /// A request with a body we will not read: the stream is out of step after it.
    fn has_body(&self) -> bool {
        self.header("transfer-encoding").is_some()
            || self
                .header("content-length")
                .is_some_and(|v| v.trim() != "0")
    }
}

/// Why no request could be read.
#[derive(Debug)]
pub enum ReadError {
    /// The client closed the connection, or went quiet, between requests.
    Closed,
    /// The head was larger than [`MAX_HEAD`] or had too many headers: 431.
    TooLarge,
    /// Not HTTP: 400.
    Malformed,
}

/// Reads one request head. `deadline` bounds the whole head, so a client that trickles
/// bytes cannot hold its thread beyond it (the socket's read time-out bounds each read).
pub fn read_request(reader: &mut impl BufRead, deadline: Instant) -> Result<Request, ReadError> {
    let mut budget = MAX_HEAD;
    let mut line = read_line(reader, &mut budget, deadline)?;
    // RFC 9112 §2.2: ignore empty lines before the request line.
    while line.is_empty() {
        line = read_line(reader, &mut budget, deadline)?;
    }
    let (method, target, http10) = parse_request_line(&line)?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader, &mut budget, deadline)?;
        if line.is_empty() {
            break;
        }
        if headers.len() == MAX_HEADERS {
            return Err(ReadError::TooLarge);
        }
        let (name, value) = line.split_once(':').ok_or(ReadError::Malformed)?;
        if name.is_empty() || name.contains(char::is_whitespace) {
            return Err(ReadError::Malformed);
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    Ok(Request {
        method,
        target,
        http10,
        headers,
    })
}

/// `GET /x HTTP/1.1` → its three parts.
fn parse_request_line(line: &str) -> Result<(String, String, bool), ReadError> {
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Malformed);
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(ReadError::Malformed),
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) || target.is_empty() {
        return Err(ReadError::Malformed);
    }
    Ok((method.to_string(), target.to_string(), http10))
}

/// One line without its `\r\n`, drawing on the head's byte budget. Reads chunk by
/// chunk (not `read_until`) so that the deadline is checked between the reads of a line.
fn read_line(
    reader: &mut impl BufRead,
    budget: &mut usize,
    deadline: Instant,
) -> Result<String, ReadError> {
    let mut bytes = Vec::new();
    loop {
        if Instant::now() > deadline {
            return Err(ReadError::Closed);
        }
        let buf = match reader.fill_buf() {
            Ok([]) => return Err(ReadError::Closed),
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(ReadError::Closed),
        };
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if take > *budget {
            return Err(ReadError::TooLarge);
        }
        bytes.extend_from_slice(&buf[..take]);
        reader.consume(take);
        *budget -= take;
        if done {
            break;
        }
    }
    bytes.pop();
    if bytes.ends_with(b"\r") {
        bytes.pop();
    }
    String::from_utf8(bytes).map_err(|_| ReadError::Malformed)
}

/// A complete response with a body of known length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    /// A short plain-text response, for errors with no page of the site to show.
    pub fn text(status: u16, text: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            format!("{text}\n").into_bytes(),
        )
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }

    /// Writes the response; for `HEAD` (or 304) the headers only, with the length the
    /// body would have had.
    pub fn write_to(
        &self,
        out: &mut impl Write,
        head_only: bool,
        keep_alive: bool,
    ) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Date: {}\r\n",
            httpdate::fmt_http_date(SystemTime::now())
        ));
        if self.status != 304 {
            head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        if !keep_alive {
            head.push_str("Connection: close\r\n");
        }
        head.push_str("\r\n");
        out.write_all(head.as_bytes())?;
        if !head_only && self.status != 304 {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

/// The head of an event stream: no length, so it ends when the connection closes.
pub fn write_event_stream_head(out: &mut impl Write) -> io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\n\
          Content-Type: text/event-stream; charset=utf-8\r\n\
          Cache-Control: no-cache\r\n\
          Connection: close\r\n\r\n",
    )?;
    out.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// The socket time-outs: how long a client may stay silent mid-request or idle between
/// keep-alive requests, and how long a write may block on a client that does not read.
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Request, ReadError> {
        let deadline = Instant::now() + Duration::from_secs(5);
        read_request(&mut raw.as_bytes(), deadline)
    }

    #[test]
    fn reads_a_request_head() {
        let r = parse("GET /a?b HTTP/1.1\r\nHost: x\r\nIf-None-Match:  \"e\" \r\n\r\n").unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.target, "/a?b");
        assert_eq!(r.header("if-none-match"), Some("\"e\""));
        assert!(r.keep_alive());
    }

    #[test]
    fn accepts_bare_newlines_and_leading_blank_lines() {
        let r = parse("\r\nHEAD / HTTP/1.0\nConnection: keep-alive\n\n").unwrap();
        assert_eq!(r.method, "HEAD");
        assert!(r.http10 && r.keep_alive());
    }

    #[test]
    fn closes_after_http10_close_or_a_body() {
        assert!(!parse("GET / HTTP/1.0\r\n\r\n").unwrap().keep_alive());
        assert!(
            !parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
                .unwrap()
                .keep_alive()
        );
        assert!(
            !parse("GET / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc")
                .unwrap()
                .keep_alive()
        );
    }

    #[test]
    fn refuses_what_is_not_http() {
        for raw in [
            "GET /\r\n\r\n",
            "GET / HTTP/2\r\n\r\n",
            "get / HTTP/1.1\r\n\r\n",
            "GET  / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nno colon\r\n\r\n",
            "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        ] {
            assert!(matches!(parse(raw), Err(ReadError::Malformed)), "{raw:?}");
        }
        assert!(matches!(parse(""), Err(ReadError::Closed)));
        assert!(matches!(
            parse("GET / HTTP/1.1\r\nHost: x\r\n"),
            Err(ReadError::Closed)
        ));
    }

    #[test]
    fn refuses_oversized_heads() {
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_HEAD));
        assert!(matches!(parse(&long), Err(ReadError::TooLarge)));
        let many = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "A: b\r\n".repeat(MAX_HEADERS + 1)
        );
        assert!(matches!(parse(&many), Err(ReadError::TooLarge)));
    }

    #[test]
    fn head_responses_keep_the_length_but_not_the_body() {
        let mut out = Vec::new();
        Response::text(404, "gone")
            .write_to(&mut out, true, false)
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 404 Not Found\r\n"));
        assert!(text.contains("Content-Length: 5\r\n"));
        assert!(text.contains("Connection: close\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }
}
