//! The HTTP front of the preview server: hyper 1.x over tokio, with the limits a local
//! preview needs set as hyper configuration rather than written out by hand.
//!
//! What hyper does for us: parsing (RFC 9112, so a bare CR, a request line with a NUL
//! or two different `Content-Length`s get 400 before we see them), the request-head
//! deadline (`header_read_timeout`, which also ends idle keep-alive connections), head
//! size and header count limits (431), `HEAD` and 304 bodies. What stays ours: the
//! `Host` check against DNS rebinding, the connection and event-stream caps, a write
//! deadline, and the headers every response carries.

use std::collections::BTreeSet;
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::{Either, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderName, HeaderValue};
use hyper::{StatusCode, Version};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Sleep;

use super::framing::{Framing, HeadScan};

/// Largest request head (request line and headers) accepted: 431 beyond.
pub const MAX_HEAD: usize = 16 * 1024;
/// Most header lines accepted in one request: 431 beyond.
const MAX_HEADERS: usize = 100;
/// How long a client may take to send a request head, counted from when the server
/// starts waiting for it: a slow client, or an idle keep-alive connection, is closed
/// after this.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a write may make no progress before the connection is dropped: a client
/// that stops reading must not hold its connection for ever.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// A request head as the site's responder sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
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

    pub fn from_hyper(req: &hyper::Request<Incoming>) -> Request {
        let headers = req
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect();
        Request {
            method: req.method().as_str().to_string(),
            target: req.uri().to_string(),
            headers,
        }
    }
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

    /// hyper leaves out the body of `HEAD` and 304 replies, keeping the length a `HEAD`
    /// reply's body would have had.
    pub fn into_hyper(self) -> hyper::Response<ServeBody> {
        let mut reply = hyper::Response::new(Either::Left(Full::new(Bytes::from(self.body))));
        *reply.status_mut() =
            StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let headers = reply.headers_mut();
        for (name, value) in self.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::try_from(value),
            ) {
                headers.append(name, value);
            }
        }
        with_common_headers(reply)
    }
}

/// What every response carries: the preview must not be framed by another site, and
/// must not leak its addresses (drafts' slugs) to the sites it links to.
fn with_common_headers<B>(mut reply: hyper::Response<B>) -> hyper::Response<B> {
    let headers = reply.headers_mut();
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    reply
}

/// A response body: a page (left), or an event stream that ends when the server stops
/// (right).
pub type ServeBody = Either<Full<Bytes>, crate::serve::events::Stream>;

/// The `Host` values that name this server. A page on another site that rebinds its
/// own name to 127.0.0.1 sends its own name here, and is refused.
#[derive(Debug, Clone)]
pub struct Hosts {
    port: u16,
    names: BTreeSet<String>,
    /// Listening on every interface: any address of the machine may be used, and an
    /// address (unlike a name) cannot be rebound.
    any_address: bool,
}

impl Hosts {
    pub fn new(addr: SocketAddr) -> Hosts {
        let mut names: BTreeSet<String> = ["127.0.0.1", "localhost", "[::1]"]
            .into_iter()
            .map(str::to_string)
            .collect();
        names.insert(host_of(addr.ip()));
        Hosts {
            port: addr.port(),
            names,
            any_address: addr.ip().is_unspecified(),
        }
    }

    /// Whether `authority` (`host[:port]`, as in a `Host` header) names this server.
    pub fn allows(&self, authority: &str) -> bool {
        let authority = authority.to_ascii_lowercase();
        let (host, port) = match authority.rsplit_once(':') {
            // Digits only: `u16::from_str` also takes `+1111`, which no client sends.
            Some((h, p)) if !p.contains(']') => (
                h,
                p.bytes()
                    .all(|b| b.is_ascii_digit())
                    .then(|| p.parse::<u16>().ok())
                    .flatten(),
            ),
            _ => (authority.as_str(), Some(80)),
        };
        if port != Some(self.port) {
            return false;
        }
        if self.names.contains(host) {
            return true;
        }
        let literal = host.trim_start_matches('[').trim_end_matches(']');
        self.any_address && literal.parse::<IpAddr>().is_ok()
    }
}

fn host_of(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    }
}

/// Why a request is refused before the site is asked: RFC 9112 §3.2 (exactly one
/// `Host` in HTTP/1.1) and the rebinding check.
pub fn check_host(req: &hyper::Request<Incoming>, hosts: &Hosts) -> Result<(), Response> {
    let values: Vec<&HeaderValue> = req.headers().get_all(header::HOST).iter().collect();
    if values.len() > 1 {
        return Err(Response::text(400, "more than one Host header"));
    }
    let host = match values.first() {
        Some(v) => Some(
            v.to_str()
                .map_err(|_| Response::text(400, "bad Host header"))?,
        ),
        None if req.version() == Version::HTTP_11 => {
            return Err(Response::text(
                400,
                "an HTTP/1.1 request needs a Host header",
            ));
        }
        None => None,
    };
    let named = host
        .into_iter()
        .chain(req.uri().authority().map(|a| a.as_str()));
    for authority in named {
        if !hosts.allows(authority) {
            return Err(Response::text(
                403,
                &format!("{authority} is not this preview server; open it by its own address"),
            ));
        }
    }
    Ok(())
}

/// The caps on what clients may hold open. Page connections and event streams are
/// counted apart, so that open tabs never take the slots pages are served from.
#[derive(Debug, Clone)]
pub struct Limits {
    pub connections: Arc<Semaphore>,
    pub streams: Arc<Semaphore>,
}

impl Limits {
    pub fn new(connections: usize, streams: usize) -> Limits {
        Limits {
            connections: Arc::new(Semaphore::new(connections)),
            streams: Arc::new(Semaphore::new(streams)),
        }
    }
}

/// A connection's slot, given back when the connection closes or turns into an event
/// stream (which holds a stream slot instead).
#[derive(Debug, Clone, Default)]
pub struct Slot(Arc<Mutex<Option<OwnedSemaphorePermit>>>);

impl Slot {
    pub fn new(permit: OwnedSemaphorePermit) -> Slot {
        Slot(Arc::new(Mutex::new(Some(permit))))
    }

    pub fn release(&self) {
        drop(self.0.lock().unwrap_or_else(PoisonError::into_inner).take());
    }
}

/// The answer to a connection over the cap, written without parsing anything.
pub const BUSY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Length: 21\r\n\
Retry-After: 1\r\n\
Referrer-Policy: no-referrer\r\n\
X-Frame-Options: DENY\r\n\
Connection: close\r\n\r\n\
too many connections\n";

/// The hyper connection settings: RFC 9112 parsing with our limits.
pub fn http1() -> hyper::server::conn::http1::Builder {
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_header_size(MAX_HEAD)
        .max_headers(MAX_HEADERS)
        // A client that shuts its side is gone: its connection (an event stream, say)
        // is let go at once rather than at the next failed write.
        .half_close(false);
    builder
}

/// Serves one connection with `service` until it closes or stalls, recording in
/// `framing` what the watch of its bytes finds.
pub async fn serve_connection<F, Fut>(
    stream: tokio::net::TcpStream,
    framing: Arc<Framing>,
    service: F,
) where
    F: Fn(hyper::Request<Incoming>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<hyper::Response<ServeBody>, Infallible>> + Send + 'static,
{
    // Responses are written whole; holding them back to coalesce only adds latency.
    let _ = stream.set_nodelay(true);
    let io = TokioIo::new(WriteDeadline::new(
        stream,
        WRITE_TIMEOUT,
        HeadScan::new(framing),
    ));
    let service = hyper::service::service_fn(service);
    let _ = http1().serve_connection(io, service).await;
}

/// The head of an event stream's response.
pub fn event_stream(body: ServeBody) -> hyper::Response<ServeBody> {
    let mut reply = hyper::Response::new(body);
    let headers = reply.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    with_common_headers(reply)
}

/// Lifts the soft limit on open files towards what the caps need: many systems start
/// processes at 1024, below [`MAX_CONNECTIONS`](crate::serve::MAX_CONNECTIONS) plus
/// [`MAX_EVENT_STREAMS`](crate::serve::MAX_EVENT_STREAMS), and a server out of file
/// descriptors cannot accept even the connection that would get a 503.
#[cfg(unix)]
pub fn raise_open_file_limit(wanted: u64) {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 || limit.rlim_cur >= wanted {
            return;
        }
        limit.rlim_cur = limit.rlim_max.min(wanted);
        let _ = libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
    }
}

#[cfg(not(unix))]
pub fn raise_open_file_limit(_wanted: u64) {}

/// A socket whose writes fail once they have made no progress for `limit`, and whose
/// reads are watched for ambiguous heads.
struct WriteDeadline {
    inner: tokio::net::TcpStream,
    limit: Duration,
    stalled: Option<Pin<Box<Sleep>>>,
    scan: HeadScan,
}

impl WriteDeadline {
    fn new(inner: tokio::net::TcpStream, limit: Duration, scan: HeadScan) -> WriteDeadline {
        WriteDeadline {
            inner,
            limit,
            stalled: None,
            scan,
        }
    }

    /// Passes a write's result on, arming the deadline while it is pending.
    fn watch<T>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if poll.is_ready() {
            self.stalled = None;
            return poll;
        }
        let limit = self.limit;
        let sleep = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match sleep.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for WriteDeadline {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let poll = Pin::new(&mut this.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = poll {
            this.scan.feed(&buf.filled()[before..]);
        }
        poll
    }
}

impl AsyncWrite for WriteDeadline {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_write(cx, buf);
        this.watch(cx, poll)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_write_vectored(cx, bufs);
        this.watch(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.inner).poll_flush(cx);
        this.watch(cx, poll)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_the_served_address_and_its_loopback_names() {
        let hosts = Hosts::new("127.0.0.1:1111".parse().unwrap());
        for ok in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LOCALHOST:1111",
            "[::1]:1111",
        ] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "localhost:1112",
            "localhost",
            "127.0.0.1",
            "10.0.0.2:1111",
            "localhost.evil.example:1111",
            "",
            ":1111",
            "localhost:+1111",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
        let lan = Hosts::new("192.168.1.5:80".parse().unwrap());
        assert!(lan.allows("192.168.1.5") && lan.allows("192.168.1.5:80"));
        assert!(!lan.allows("10.0.0.2:80"));
        let any = Hosts::new("0.0.0.0:1111".parse().unwrap());
        assert!(any.allows("10.0.0.2:1111") && any.allows("[fe80::1]:1111"));
        assert!(!any.allows("evil.example:1111"));
    }

    #[test]
    fn every_response_forbids_framing_and_referrers() {
        let reply = Response::text(404, "gone")
            .header("ETag", "\"x\"")
            .into_hyper();
        assert_eq!(reply.status(), 404);
        assert_eq!(reply.headers()["referrer-policy"], "no-referrer");
        assert_eq!(reply.headers()["x-frame-options"], "DENY");
        assert_eq!(reply.headers()["etag"], "\"x\"");
        let busy = String::from_utf8_lossy(BUSY);
        let (head, body) = busy.split_once("\r\n\r\n").unwrap();
        assert!(head.contains(&format!("Content-Length: {}", body.len())));
    }
}
