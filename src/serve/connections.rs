//! The connections of `serve`: accepted on the tokio runtime, each served by hyper as
//! its own task, refused with 503 past the cap; a request is checked for its host and
//! framing, then answered with an event stream or handed to [`respond`](super::respond).

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use http_body_util::Either;

use super::framing::{Framing, Verdict};
use super::http::{self, Request, Response};
use super::respond::respond;
use super::{EVENTS_PATH, Shared, events, path};

/// Accepts connections until the server stops; each is served by its own task, or
/// answered 503 at once when the connection cap is reached.
pub(super) async fn accept_loop(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors, say: pause rather than spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(permit) = Arc::clone(&shared.limits.connections).try_acquire_owned() else {
            tokio::spawn(refuse(stream));
            continue;
        };
        let slot = http::Slot::new(permit);
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let framing = Arc::new(Framing::default());
            let service = {
                let slot = slot.clone();
                let framing = Arc::clone(&framing);
                move |req| handle(req, Arc::clone(&shared), slot.clone(), Arc::clone(&framing))
            };
            http::serve_connection(stream, framing, service).await;
            slot.release();
        });
    }
}

/// Answers a connection over the cap without parsing it. What the client sent is
/// drained first where it has arrived, so that closing does not reset the connection
/// before the client reads the answer.
async fn refuse(stream: tokio::net::TcpStream) {
    let answer = async {
        let _ = stream.writable().await;
        let _ = stream.try_write(http::BUSY);
        let _ = stream.readable().await;
        let mut sink = [0u8; 4096];
        let _ = stream.try_read(&mut sink);
    };
    let _ = tokio::time::timeout(Duration::from_millis(500), answer).await;
}

/// One request: refused if it does not name this server, else an event stream or a
/// file of the site.
async fn handle(
    req: hyper::Request<hyper::body::Incoming>,
    shared: Arc<Shared>,
    slot: http::Slot,
    framing: Arc<Framing>,
) -> Result<hyper::Response<http::ServeBody>, std::convert::Infallible> {
    let close = match framing.verdict() {
        Verdict::Ambiguous => {
            let reply = Response::text(400, "bad request: more than one Content-Length")
                .header("Connection", "close");
            return Ok(reply.into_hyper());
        }
        Verdict::CloseAfter => true,
        Verdict::Fine => false,
    };
    let mut reply = answer(req, &shared, &slot).await;
    if close {
        reply.headers_mut().insert(
            hyper::header::CONNECTION,
            hyper::header::HeaderValue::from_static("close"),
        );
    }
    Ok(reply)
}

/// The answer to a request on a connection whose framing is sound.
async fn answer(
    req: hyper::Request<hyper::body::Incoming>,
    shared: &Arc<Shared>,
    slot: &http::Slot,
) -> hyper::Response<http::ServeBody> {
    if let Err(refused) = http::check_host(&req, &shared.hosts) {
        return refused.into_hyper();
    }
    let request = Request::from_hyper(&req);
    if is_event_stream(&request) {
        return serve_events(&request, shared, slot);
    }
    // Rendering a page the first time runs templates: off the threads that move bytes.
    let shared = Arc::clone(shared);
    let response = tokio::task::spawn_blocking(move || {
        // Site-wide files (feeds, exports, search) are made here on first request: a
        // panic making one is a bug reported like any other, not a backtrace.
        let target = std::path::PathBuf::from(request.target.trim_start_matches('/'));
        crate::panics::catching(&target, || {
            let _at = crate::panics::working_on(&target);
            respond(&request, &shared)
        })
        .unwrap_or_else(|d| {
            let text = crate::args::render_diagnostics(std::slice::from_ref(&d), false);
            eprint!("{text}");
            Response::text(500, &text)
        })
    })
    .await
    .unwrap_or_else(|_| Response::text(500, "the server failed on this request"));
    response.into_hyper()
}

fn is_event_stream(request: &Request) -> bool {
    matches!(request.method.as_str(), "GET" | "HEAD")
        && path::parse_target(&request.target)
            .is_ok_and(|p| format!("/{}", p.key) == EVENTS_PATH && !p.dir)
}

/// Holds the connection open, sending the site's state after every rebuild. The stream
/// trades its connection's slot for a stream slot.
fn serve_events(
    request: &Request,
    shared: &Shared,
    slot: &http::Slot,
) -> hyper::Response<http::ServeBody> {
    if request.method == "HEAD" {
        return http::event_stream(Either::Left(http_body_util::Full::default()));
    }
    let Ok(stream_slot) = Arc::clone(&shared.limits.streams).try_acquire_owned() else {
        return Response::text(503, "too many open pages")
            .header("Retry-After", "1")
            .into_hyper();
    };
    // Subscribe before reading the state, so that no rebuild falls between the two.
    let Some(updates) = shared.hub.subscribe() else {
        return Response::text(503, "the server is stopping").into_hyper();
    };
    slot.release();
    let first = events::state_message(&shared.snapshot(), &shared.instance);
    let body = events::Stream::new(&first, updates, Some(stream_slot));
    http::event_stream(Either::Right(body))
}
