//! Server-Sent Events: every open page holds one stream and is told the state of the
//! site (build number, error) after each rebuild.

use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::serve::site::Snapshot;

/// How often an idle stream sends a comment: a write to a page closed since fails, which
/// ends its thread.
const PING: Duration = Duration::from_secs(15);

/// The open streams.
#[derive(Debug, Default)]
pub struct Hub {
    subscribers: Mutex<Option<Vec<Sender<String>>>>,
}

impl Hub {
    pub fn new() -> Hub {
        Hub {
            subscribers: Mutex::new(Some(Vec::new())),
        }
    }

    /// A new stream's receiving end; `None` once the server is stopping.
    pub fn subscribe(&self) -> Option<Receiver<String>> {
        let (tx, rx) = mpsc::channel();
        let mut subs = self
            .subscribers
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        subs.as_mut()?.push(tx);
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

    /// Ends every stream: their threads see the channel close.
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

/// Writes one event. `data` is JSON on one line, so it needs no splitting.
fn write_event(out: &mut impl Write, data: &str) -> io::Result<()> {
    write!(out, "event: state\ndata: {data}\n\n")?;
    out.flush()
}

/// Runs one stream until the page goes away or the server stops: first the current
/// state, then each new one.
pub fn stream(out: &mut impl Write, first: &str, updates: &Receiver<String>) -> io::Result<()> {
    // Reconnect quickly after a restart of the server, so the page reloads soon.
    out.write_all(b"retry: 1000\n\n")?;
    write_event(out, first)?;
    loop {
        match updates.recv_timeout(PING) {
            Ok(message) => write_event(out, &message)?,
            Err(RecvTimeoutError::Timeout) => {
                out.write_all(b": ping\n\n")?;
                out.flush()?;
            }
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
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
        let mut out = Vec::new();
        stream(&mut out, "{\"build\":1}", &rx).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "retry: 1000\n\nevent: state\ndata: {\"build\":1}\n\nevent: state\ndata: {\"build\":2}\n\n"
        );
        assert!(hub.subscribe().is_none());
    }

    #[test]
    fn broadcast_forgets_closed_streams() {
        let hub = Hub::new();
        drop(hub.subscribe());
        let live = hub.subscribe().unwrap();
        hub.broadcast("x");
        assert_eq!(live.try_recv().as_deref(), Ok("x"));
        let count = hub.subscribers.lock().unwrap().as_ref().map(Vec::len);
        assert_eq!(count, Some(1));
    }
}
