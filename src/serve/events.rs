//! Server-Sent Events: every open page holds one stream and is told the state of the
//! site (build number, error) after each rebuild.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Body, Bytes, Frame};
use tokio::sync::OwnedSemaphorePermit;
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::time::{Instant, Interval};

use crate::serve::site::Snapshot;

/// How often an idle stream sends a comment: proxies keep the stream open, and a write
/// to a page that went away without closing its connection fails, which ends it.
const PING: Duration = Duration::from_secs(15);

/// The open streams.
#[derive(Debug, Default)]
pub struct Hub {
    subscribers: Mutex<Option<Vec<UnboundedSender<String>>>>,
}

impl Hub {
    pub fn new() -> Hub {
        Hub {
            subscribers: Mutex::new(Some(Vec::new())),
        }
    }

    /// A new stream's receiving end; `None` once the server is stopping.
    pub fn subscribe(&self) -> Option<UnboundedReceiver<String>> {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut subs = self
            .subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let subs = subs.as_mut()?;
        // Pages come and go between rebuilds: the closed streams go here too, or a
        // session without edits would keep every page ever opened.
        subs.retain(|tx| !tx.is_closed());
        subs.push(tx);
        Some(rx)
    }

    /// Sends `message` to every stream, forgetting those whose page has gone.
    pub fn broadcast(&self, message: &str) {
        let mut subs = self
            .subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(subs) = subs.as_mut() {
            subs.retain(|tx| tx.send(message.to_string()).is_ok());
        }
    }

    /// Ends every stream: their bodies see the channel close.
    pub fn close(&self) {
        let mut subs = self
            .subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *subs = None;
    }
}

/// The `data` of a state event: what an open page needs to decide whether to reload,
/// swap its stylesheets, or show or hide the overlay.
pub fn state_message(snap: &Snapshot, instance: &str) -> String {
    serde_json::json!({
        "instance": instance,
        "build": snap.build,
        "prev": snap.build.saturating_sub(1),
        "css": snap.css_only,
        "error": snap.error.as_deref(),
    })
    .to_string()
}

/// One event. `data` is JSON on one line, so it needs no splitting.
fn event(data: &str) -> Bytes {
    Bytes::from(format!("event: state\ndata: {data}\n\n"))
}

/// The body of one stream, until the page goes away or the server stops: first the
/// current state, then each new one. Holds its stream slot while open.
pub struct Stream {
    first: Option<Bytes>,
    updates: UnboundedReceiver<String>,
    ping: Interval,
    _slot: Option<OwnedSemaphorePermit>,
}

impl Stream {
    pub fn new(
        first: &str,
        updates: UnboundedReceiver<String>,
        slot: Option<OwnedSemaphorePermit>,
    ) -> Stream {
        // `retry`: reconnect quickly after a restart of the server, so the page reloads
        // soon.
        let mut head = b"retry: 1000\n\n".to_vec();
        head.extend_from_slice(&event(first));
        Stream {
            first: Some(Bytes::from(head)),
            updates,
            ping: tokio::time::interval_at(Instant::now() + PING, PING),
            _slot: slot,
        }
    }
}

impl Body for Stream {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        if let Some(first) = this.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        match this.updates.poll_recv(cx) {
            Poll::Ready(Some(message)) => {
                return Poll::Ready(Some(Ok(Frame::data(event(&message)))));
            }
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => {}
        }
        match this.ping.poll_tick(cx) {
            Poll::Ready(_) => Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b": ping\n\n"))))),
            Poll::Pending => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_gets_the_current_state_then_updates_until_closed() {
        let hub = Hub::new();
        let rx = hub.subscribe().unwrap();
        hub.broadcast("{\"build\":2}");
        hub.close();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        // The ping timer needs the runtime, as it has in the server.
        let out = runtime
            .block_on(async {
                http_body_util::BodyExt::collect(Stream::new("{\"build\":1}", rx, None)).await
            })
            .unwrap()
            .to_bytes();
        assert_eq!(
            String::from_utf8(out.to_vec()).unwrap(),
            "retry: 1000\n\nevent: state\ndata: {\"build\":1}\n\nevent: state\ndata: {\"build\":2}\n\n"
        );
        assert!(hub.subscribe().is_none());
    }

    #[test]
    fn broadcast_forgets_closed_streams() {
        let hub = Hub::new();
        drop(hub.subscribe());
        let mut live = hub.subscribe().unwrap();
        hub.broadcast("x");
        assert_eq!(live.try_recv().as_deref(), Ok("x"));
        let count = hub.subscribers.lock().unwrap().as_ref().map(Vec::len);
        assert_eq!(count, Some(1));
    }

    #[test]
    fn closed_streams_are_let_go_without_waiting_for_a_rebuild() {
        let hub = Hub::new();
        for _ in 0..100 {
            drop(hub.subscribe());
        }
        let _live = hub.subscribe().unwrap();
        let count = hub.subscribers.lock().unwrap().as_ref().map(Vec::len);
        assert_eq!(count, Some(1));
    }
}
