//! Answering a request for a file of the site: a page (rendered on first request), an
//! asset from `content/`, a redirect for a bare folder, the 404 page, or the overlay
//! when there is no good site; with ETag and Last-Modified validators (RFC 9110).

use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{SystemTime, UNIX_EPOCH};

use super::http::{Request, Response};
use super::path::{self, Rejected, SitePath};
use super::site::{self, Page, Site, Snapshot};
use super::{Shared, inject};
use crate::args::render_diagnostics;

/// The response to a request for a file of the site.
pub(super) fn respond(request: &Request, shared: &Shared) -> Response {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return Response::text(405, "only GET and HEAD are served").header("Allow", "GET, HEAD");
    }
    let path = match path::parse_target(&request.target) {
        Ok(p) => p,
        Err(Rejected::TooLong) => return Response::text(414, "address too long"),
        Err(Rejected::Malformed) => return Response::text(400, "bad address"),
    };
    let snap = shared.snapshot();
    let Some(site) = snap.site.as_deref() else {
        return no_site_page(&snap, &shared.instance);
    };
    match lookup(site, &path) {
        Found::Page(key, Ok(page)) => page_response(request, &key, &page, &snap, &shared.instance),
        Found::Page(key, Err(e)) => broken_page(&key, &e, &snap, shared),
        Found::Asset(key, file) => asset_response(request, key, file, &shared.root)
            .unwrap_or_else(|| not_found(site, &snap, &shared.instance)),
        Found::Redirect(location) => {
            Response::text(301, &format!("moved to {location}")).header("Location", location)
        }
        Found::Missing => not_found(site, &snap, &shared.instance),
    }
}

/// What a path names in the site.
#[derive(Debug)]
enum Found<'a> {
    Page(String, site::Rendered),
    Asset(&'a str, &'a Path),
    /// `/dir` of a folder with an index: to `/dir/`, so relative links resolve.
    Redirect(String),
    Missing,
}

fn lookup<'a>(site: &'a Site, path: &SitePath) -> Found<'a> {
    let index = if path.key.is_empty() {
        "index.html".to_string()
    } else {
        format!("{}/index.html", path.key)
    };
    let page = |key: &str| site.file(key).map(|r| Found::Page(key.to_string(), r));
    if path.dir {
        return page(&index).unwrap_or(Found::Missing);
    }
    if let Some(found) = page(&path.key) {
        return found;
    }
    if let Some((key, file)) = site.assets.get_key_value(&path.key) {
        return Found::Asset(key, file);
    }
    if site.has_page(&index) {
        let query = path
            .query
            .as_ref()
            .map_or(String::new(), |q| format!("?{q}"));
        return Found::Redirect(format!("{}/{query}", path.raw));
    }
    Found::Missing
}

/// A page a template failed on: its diagnostics in the overlay (and, once, the
/// terminal), over an empty page that reloads once a rebuild fixes it.
fn broken_page(key: &str, e: &site::PageError, snap: &Snapshot, shared: &Shared) -> Response {
    let text = render_diagnostics(std::slice::from_ref(&e.diagnostic), false);
    if !e.reported.swap(true, Ordering::SeqCst) {
        eprint!(
            "{}",
            render_diagnostics(std::slice::from_ref(&e.diagnostic), shared.log.color)
        );
        eprintln!("{key} could not be rendered");
    }
    let shown = Snapshot {
        error: Some(text.into()),
        ..snap.clone()
    };
    overlay_page(
        "This page could not be rendered. It reloads once a rebuild fixes it.",
        &shown,
        &shared.instance,
    )
}

/// A built file, or 304 when the client's copy is current.
fn page_response(
    request: &Request,
    key: &str,
    page: &Page,
    snap: &Snapshot,
    instance: &str,
) -> Response {
    let (etag, modified) = page_validators(key, page, snap, instance);
    if not_modified(request, &etag, modified) {
        let head = Response::new(304, site::content_type(key), Vec::new());
        return validators(head, etag, modified);
    }
    page_reply(key, page, snap, instance, 200)
}

/// A built file in full; HTML gets the overlay and the live-reload script.
fn page_reply(key: &str, page: &Page, snap: &Snapshot, instance: &str, status: u16) -> Response {
    let content_type = site::content_type(key);
    let body = if is_html(key) {
        inject::inject(&page.bytes, snap, instance)
    } else {
        page.bytes.clone()
    };
    let (etag, modified) = page_validators(key, page, snap, instance);
    validators(Response::new(status, content_type, body), etag, modified)
}

fn is_html(key: &str) -> bool {
    site::content_type(key).starts_with("text/html")
}

/// `ETag` and `Last-Modified` of a built file as served. The block injected into HTML
/// changes with each build and error, so it is part of an HTML page's validators.
fn page_validators(
    key: &str,
    page: &Page,
    snap: &Snapshot,
    instance: &str,
) -> (String, SystemTime) {
    if !is_html(key) {
        return (format!("\"{:016x}\"", page.hash()), page.modified);
    }
    let live = format!("{instance}/{}/{:?}", snap.build, snap.error);
    let etag = format!(
        "\"{:016x}-{:016x}\"",
        page.hash(),
        site::hash_bytes(live.as_bytes())
    );
    (etag, page.modified.max(snap.made))
}

/// A file copied from the content folder, read at request time. Only registered asset
/// paths get here; a symbolic link that leads outside the site is refused all the same.
fn asset_response(request: &Request, key: &str, file: &Path, root: &Path) -> Option<Response> {
    let real = file.canonicalize().ok()?;
    if !real.starts_with(root) {
        return None;
    }
    let modified = std::fs::metadata(&real).and_then(|m| m.modified()).ok()?;
    let bytes = std::fs::read(&real).ok()?;
    let etag = format!("\"{:016x}\"", site::hash_bytes(&bytes));
    let content_type = site::content_type(key);
    if not_modified(request, &etag, modified) {
        return Some(validators(
            Response::new(304, content_type, Vec::new()),
            etag,
            modified,
        ));
    }
    Some(validators(
        Response::new(200, content_type, bytes),
        etag,
        modified,
    ))
}

/// Headers every file response carries. `no-cache` makes the browser revalidate each
/// time, so it never shows a page older than the latest build.
fn validators(response: Response, etag: String, modified: SystemTime) -> Response {
    response
        .header("ETag", etag)
        .header("Last-Modified", httpdate::fmt_http_date(modified))
        .header("Cache-Control", "no-cache")
        .header("X-Content-Type-Options", "nosniff")
}

/// Whether the client's copy is current: `If-None-Match` decides when present
/// (RFC 9110 §13.2.2), else `If-Modified-Since`, to the second.
fn not_modified(request: &Request, etag: &str, modified: SystemTime) -> bool {
    if let Some(tags) = request.header("if-none-match") {
        return tags
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == "*" || t == etag);
    }
    let Some(since) = request
        .header("if-modified-since")
        .and_then(|v| httpdate::parse_http_date(v).ok())
    else {
        return false;
    };
    let secs = |t: SystemTime| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    secs(modified) <= secs(since)
}

/// The site's own 404 page, with status 404.
fn not_found(site: &Site, snap: &Snapshot, instance: &str) -> Response {
    match site.file("404.html") {
        Some(Ok(page)) => page_reply("404.html", &page, snap, instance, 404),
        _ => Response::text(404, "not found"),
    }
}

/// Served for every path while no build has succeeded yet: the overlay on an empty
/// page, which reloads itself once the site builds.
fn no_site_page(snap: &Snapshot, instance: &str) -> Response {
    overlay_page(
        "The site has not built yet. This page reloads once it does.",
        snap,
        instance,
    )
}

/// An empty page with `message` under the overlay, status 500.
fn overlay_page(message: &str, snap: &Snapshot, instance: &str) -> Response {
    let page = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
<title>Build failed · briefing</title></head>\n<body>\n<p>{message}</p>\n</body>\n</html>\n"
    );
    let body = inject::inject(page.as_bytes(), snap, instance);
    Response::new(500, "text/html; charset=utf-8", body).header("Cache-Control", "no-store")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline;
    use crate::serve::mini_opts;
    use std::time::Duration;

    fn mini() -> Site {
        let mut cache = pipeline::Cache::default();
        let prepared = pipeline::prepare(&mini_opts(), &mut cache, &[]).expect("mini builds");
        Site::new(prepared, None, UNIX_EPOCH)
    }

    fn find(site: &Site, target: &str) -> String {
        let path = path::parse_target(target).unwrap();
        match lookup(site, &path) {
            Found::Page(k, _) => format!("page {k}"),
            Found::Asset(k, _) => format!("asset {k}"),
            Found::Redirect(to) => format!("redirect {to}"),
            Found::Missing => "missing".to_string(),
        }
    }

    #[test]
    fn folders_serve_their_index_and_bare_folders_redirect() {
        let s = mini();
        let x = "actors/actor-0001";
        assert_eq!(find(&s, "/"), "page index.html");
        assert_eq!(find(&s, "/actors/"), "page actors/index.html");
        assert_eq!(
            find(&s, &format!("/{x}/index.html")),
            format!("page {x}/index.html")
        );
        assert_eq!(find(&s, "/actors"), "redirect /actors/");
        assert_eq!(
            find(&s, &format!("/{x}?a=1")),
            format!("redirect /{x}/?a=1")
        );
        assert_eq!(find(&s, "/robots.txt"), "page robots.txt");
        assert_eq!(find(&s, "/favicon.ico"), "missing");
        assert_eq!(find(&s, "/style.css"), "page style.css");
        assert_eq!(find(&s, "/style.css/"), "missing");
        assert_eq!(find(&s, "/nope/"), "missing");
    }

    fn request(headers: &[(&str, &str)]) -> Request {
        Request {
            method: "GET".to_string(),
            target: "/".to_string(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_string(), (*v).to_string()))
                .collect(),
        }
    }

    #[test]
    fn conditional_requests_follow_rfc_9110() {
        let t = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let date = httpdate::fmt_http_date(t);
        let later = httpdate::fmt_http_date(t + Duration::from_secs(5));
        let earlier = httpdate::fmt_http_date(t - Duration::from_secs(5));
        assert!(not_modified(
            &request(&[("If-None-Match", "\"a\", W/\"b\"")]),
            "\"b\"",
            t
        ));
        assert!(!not_modified(
            &request(&[("If-None-Match", "\"a\"")]),
            "\"b\"",
            t
        ));
        assert!(not_modified(
            &request(&[("If-None-Match", "*")]),
            "\"b\"",
            t
        ));
        assert!(not_modified(
            &request(&[("If-Modified-Since", &date)]),
            "\"b\"",
            t
        ));
        assert!(not_modified(
            &request(&[("If-Modified-Since", &later)]),
            "\"b\"",
            t
        ));
        assert!(!not_modified(
            &request(&[("If-Modified-Since", &earlier)]),
            "\"b\"",
            t
        ));
        assert!(!not_modified(
            &request(&[("If-Modified-Since", "garbage")]),
            "\"b\"",
            t
        ));
        // If-None-Match wins over a matching date.
        let both = [
            ("If-None-Match", "\"a\""),
            ("If-Modified-Since", later.as_str()),
        ];
        assert!(!not_modified(&request(&both), "\"b\"", t));
    }
}
