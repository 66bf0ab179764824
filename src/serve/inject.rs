//! What `serve` adds to each HTML page it serves: the error overlay (hidden while the
//! site builds) and the live-reload script, in one block placed before `</body>`, so that
//! the page is otherwise byte for byte the page `build` writes.

use crate::serve::site::Snapshot;

/// First line of the injected block.
pub const START: &str = "<!-- briefing serve: live reload -->";
/// Last line of the injected block.
pub const END: &str = "<!-- /briefing serve -->";

const SCRIPT: &str = include_str!("live_reload.js");

/// `html` with the block for `snap` added before the last `</body>` (or at the end, for
/// a page without one).
pub fn inject(html: &[u8], snap: &Snapshot, instance: &str) -> Vec<u8> {
    let block = block(snap, instance);
    let at = find_body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + block.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(block.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// `html` without the injected block: what `build` would have written.
pub fn strip(html: &str) -> String {
    match (html.find(START), html.find(END)) {
        (Some(s), Some(e)) if e > s => format!("{}{}", &html[..s], &html[e + END.len()..]),
        _ => html.to_string(),
    }
}

fn block(snap: &Snapshot, instance: &str) -> String {
    let page = serde_json::json!({ "instance": instance, "build": snap.build });
    let script = SCRIPT.replace("__BRIEFING_PAGE__", &page.to_string());
    format!(
        "{START}\n{}<script>\n{script}</script>\n{END}",
        overlay(snap.error.as_deref())
    )
}

/// The error panel. Always present so that the script can show it without a reload;
/// `hidden` while the latest build succeeded.
fn overlay(error: Option<&str>) -> String {
    let hidden = if error.is_some() { "" } else { " hidden" };
    let text = escape_html(error.unwrap_or(""));
    format!(
        "<div id=\"__briefing_overlay\" role=\"alert\"{hidden} style=\"position:fixed;left:0;right:0;bottom:0;\
max-height:70vh;overflow:auto;z-index:2147483647;margin:0;padding:1em 1.5em;background:#1e1e1e;\
color:#f0f0f0;border-top:4px solid #d33;font:14px/1.4 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.4)\">\
<p style=\"margin:0 0 .5em;font-weight:bold;color:#ff8080\">The last change did not build; \
this is the last good version of the site. Fix the file and save to update.</p>\
<pre style=\"margin:0;white-space:pre-wrap;font:13px/1.45 ui-monospace,monospace;color:inherit;\
background:none\">{text}</pre></div>\n"
    )
}

/// Escapes text for an HTML element's content or a quoted attribute.
pub fn escape_html(text: &str) -> String {
    crate::escape::html(text)
}

/// Byte offset of the last `</body>` (any case).
fn find_body_end(html: &[u8]) -> Option<usize> {
    const TAG: &[u8] = b"</body";
    html.windows(TAG.len())
        .rposition(|w| w.eq_ignore_ascii_case(TAG))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::SystemTime;

    fn snap(error: Option<&str>) -> Snapshot {
        Snapshot {
            build: 7,
            site: None,
            error: error.map(Arc::from),
            made: SystemTime::UNIX_EPOCH,
            css_only: false,
        }
    }

    #[test]
    fn injects_before_the_last_body_end_and_strips_back() {
        let page = "<html><body><p>&lt;/body&gt;</p>\n</BODY>\n</html>\n";
        let served = String::from_utf8(inject(page.as_bytes(), &snap(None), "i")).unwrap();
        let at = served.find(START).unwrap();
        assert!(served[at..].contains("</script>\n<!-- /briefing serve --></BODY>"));
        assert!(served.contains(r#"var page = {"build":7,"instance":"i"};"#));
        assert!(served.contains("role=\"alert\" hidden"));
        assert_eq!(strip(&served), page);
    }

    #[test]
    fn appends_to_a_page_without_body() {
        let served = inject(b"<p>x", &snap(None), "i");
        assert!(served.starts_with(b"<p>x<!-- briefing serve"));
    }

    #[test]
    fn overlay_shows_escaped_diagnostics() {
        let served = inject(
            b"</body>",
            &snap(Some("error: <bad> & \"x\"\n --> a.md:1:2")),
            "i",
        );
        let served = String::from_utf8(served).unwrap();
        assert!(!served.contains(" hidden style"));
        assert!(served.contains("error: &lt;bad&gt; &amp; &quot;x&quot;\n --&gt; a.md:1:2</pre>"));
    }
}
