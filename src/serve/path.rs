//! Turning a request target into a key of the in-memory site.
//!
//! The server never maps a URL onto the disk: it looks the key up in the map of built
//! files (or registered assets). Normalising here is still strict, so that a crafted
//! target is refused outright rather than looked up under a surprising name: dot
//! segments, encoded slashes and backslashes, control characters, NUL and empty segments
//! are all rejected, whether written plainly or percent-encoded.

/// Longest request target accepted; the longest page path of a site is far shorter.
pub const MAX_TARGET: usize = 2048;

/// A request target reduced to a path of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePath {
    /// Decoded segments joined by `/`, without a leading slash; `""` for the root.
    pub key: String,
    /// Whether the target ended in `/`, i.e. names a folder.
    pub dir: bool,
    /// The path as received (still percent-encoded), for redirects.
    pub raw: String,
    /// The query string as received, without the `?`.
    pub query: Option<String>,
}

/// Why a target was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejected {
    /// Longer than [`MAX_TARGET`]: 414.
    TooLong,
    /// Not a path we could ever serve: 400.
    Malformed,
}

/// Parses a request target (origin form `/a/b?q`, or absolute form `http://host/a/b`).
pub fn parse_target(target: &str) -> Result<SitePath, Rejected> {
    if target.len() > MAX_TARGET {
        return Err(Rejected::TooLong);
    }
    if target.bytes().any(|b| b <= b' ' || b == 0x7f || b == b'\\') {
        return Err(Rejected::Malformed);
    }
    let target = strip_authority(target);
    let target = target.split('#').next().unwrap_or_default();
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (target, None),
    };
    let rest = path.strip_prefix('/').ok_or(Rejected::Malformed)?;
    let dir = rest.is_empty() || rest.ends_with('/');
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let mut segments = Vec::new();
    if !rest.is_empty() {
        for raw in rest.split('/') {
            segments.push(decode_segment(raw)?);
        }
    }
    Ok(SitePath {
        key: segments.join("/"),
        dir,
        raw: path.to_string(),
        query,
    })
}

/// `http://host:port/x` → `/x`: clients must send this form to proxies only, but a
/// server has to accept it (RFC 9112 §3.2.2).
fn strip_authority(target: &str) -> &str {
    let Some(rest) = target
        .strip_prefix("http://")
        .or_else(|| target.strip_prefix("https://"))
    else {
        return target;
    };
    match rest.find('/') {
        Some(i) => &rest[i..],
        None => "/",
    }
}

/// Decodes one path segment, refusing anything that could change which file it names
/// (`.`, `..`, an encoded separator) or that no file of a site is called.
fn decode_segment(raw: &str) -> Result<String, Rejected> {
    if raw.is_empty() {
        // `//etc/passwd`, `/a//b`: never produced by the site's own links.
        return Err(Rejected::Malformed);
    }
    let bytes = percent_decode(raw.as_bytes()).ok_or(Rejected::Malformed)?;
    let text = String::from_utf8(bytes).map_err(|_| Rejected::Malformed)?;
    let forbidden = |c: char| c == '/' || c == '\\' || c.is_control();
    if text == "." || text == ".." || text.chars().any(forbidden) {
        return Err(Rejected::Malformed);
    }
    Ok(text)
}

/// `%41` → `A`; `None` for a `%` not followed by two hex digits.
fn percent_decode(input: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        if input[i] == b'%' {
            let hi = hex_value(*input.get(i + 1)?)?;
            let lo = hex_value(*input.get(i + 2)?)?;
            out.push(hi << 4 | lo);
            i += 3;
        } else {
            out.push(input[i]);
            i += 1;
        }
    }
    Some(out)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(target: &str) -> Result<(String, bool), Rejected> {
        parse_target(target).map(|p| (p.key, p.dir))
    }

    #[test]
    fn plain_paths_become_keys() {
        let ok = |k: &str, dir| Ok((k.to_string(), dir));
        assert_eq!(key("/"), ok("", true));
        assert_eq!(key("/style.css"), ok("style.css", false));
        assert_eq!(key("/actors/"), ok("actors", true));
        assert_eq!(key("/actors"), ok("actors", false));
        assert_eq!(
            key("/actors/x/index.html?v=3#top"),
            ok("actors/x/index.html", false)
        );
        assert_eq!(key("/a%20b/c%C3%A9"), ok("a b/cé", false));
        assert_eq!(key("http://127.0.0.1:1111/timeline/"), ok("timeline", true));
        assert_eq!(key("http://127.0.0.1:1111"), ok("", true));
    }

    #[test]
    fn keeps_raw_path_and_query_for_redirects() {
        let p = parse_target("/actors%2Dx?a=1").unwrap();
        assert_eq!(p.key, "actors-x");
        assert_eq!(p.raw, "/actors%2Dx");
        assert_eq!(p.query.as_deref(), Some("a=1"));
    }

    #[test]
    fn refuses_every_traversal_and_oddity() {
        let bad = [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/./index.html",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/.%2e/x",
            "/a%2f..%2f..%2fetc%2fpasswd",
            "/a%2Fb",
            "/..%5c..%5cwindows",
            "/a\\b",
            "//etc/passwd",
            "/a//b",
            "etc/passwd",
            "*",
            "/a%00b",
            "/a\0b",
            "/a%0d%0aSet-Cookie:x",
            "/a b",
            "/%",
            "/%zz",
            "/%c3%28",
        ];
        for target in bad {
            assert_eq!(key(target), Err(Rejected::Malformed), "{target:?}");
        }
    }

    #[test]
    fn refuses_overlong_targets() {
        let long = format!("/{}", "a/".repeat(MAX_TARGET));
        assert_eq!(key(&long), Err(Rejected::TooLong));
        assert!(key(&format!("/{}", "a".repeat(MAX_TARGET - 1))).is_ok());
    }
}
