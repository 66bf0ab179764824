//! Which URLs a body may link to or show, decided on the scheme as a browser reads it.
//!
//! A browser drops leading control characters and spaces and every tab and newline
//! before it looks for the scheme, and compares schemes without case, so
//! `" Java\tScript:"` is `javascript:`. Entities (`jav&#x61;script:`) are already decoded
//! by pulldown-cmark when a destination reaches us; percent-escapes are not a browser's
//! business in a scheme (`jav%61script:` is a relative path), so they need nothing.

use std::fmt;

/// What a URL is for: a link is followed, an image is only fetched and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    Link,
    Image,
}

/// How far bodies are trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The editor's own: any scheme but those that run script.
    Trusted,
    /// `--strip-html`: only http, https, mailto and relative URLs, and raster
    /// `data:image/…` for images.
    Strict,
}

/// Why a URL was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// `javascript:`, `vbscript:` or a `data:` URL that is not a raster image.
    RunsScript { scheme: String },
    /// Outside the allow-list of [`Mode::Strict`].
    NotAllowed { scheme: String },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::RunsScript { scheme } => write!(f, "`{scheme}:` URLs can run script"),
            Refusal::NotAllowed { scheme } => {
                write!(f, "`{scheme}:` URLs are not allowed with --strip-html")
            }
        }
    }
}

impl Refusal {
    pub fn hint(&self) -> &'static str {
        match self {
            Refusal::RunsScript { .. } => {
                "link to an http(s) address or a page of the site; raster images may be data:image/png, jpeg, gif, webp or avif"
            }
            Refusal::NotAllowed { .. } => {
                "with --strip-html, links and images may be http, https, mailto or relative, and images also raster data:image/…"
            }
        }
    }
}

/// Whether `url` may appear as a link (`use_`) in a body trusted as `mode`.
pub fn check(url: &str, use_: Use, mode: Mode) -> Result<(), Refusal> {
    let Some(scheme) = scheme(url) else {
        return Ok(());
    };
    let raster = scheme == "data" && is_raster_image(url);
    if matches!(scheme.as_str(), "javascript" | "vbscript" | "livescript")
        || (scheme == "data" && !raster)
    {
        return Err(Refusal::RunsScript { scheme });
    }
    let allowed = match mode {
        Mode::Trusted => true,
        Mode::Strict => {
            matches!(scheme.as_str(), "http" | "https" | "mailto") || (raster && use_ == Use::Image)
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(Refusal::NotAllowed { scheme })
    }
}

/// The scheme of `url`, lowercased, or `None` for a relative URL.
///
/// Stricter than a browser where that is safer: control characters and spaces anywhere
/// before the colon are dropped (a browser drops only leading ones, and tabs and
/// newlines anywhere), so `javascript\0:` counts as `javascript:` here although a
/// browser would read it as a relative path.
pub fn scheme(url: &str) -> Option<String> {
    // Nearly every URL's, with nothing before the colon to drop or lower: read at a
    // glance (every source URL and body link is looked at, some twice).
    for plain in ["https", "http"] {
        if url
            .strip_prefix(plain)
            .is_some_and(|rest| rest.starts_with(':'))
        {
            return Some(plain.to_owned());
        }
    }
    let (head, _) = url.split_once(':')?;
    let scheme: String = head
        .chars()
        // The link markers too (`url::ROOT`, `url::SITE`): it becomes `` on a page at the root, so
        // it must not hide a scheme.
        .filter(|&c| c > ' ' && c != '\u{7f}' && c != '\u{E000}' && c != '\u{E001}')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let mut chars = scheme.chars();
    let starts_alpha = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (starts_alpha && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)))
        .then_some(scheme)
}

/// `data:image/png…` and the like: formats a browser never runs script from (SVG can).
fn is_raster_image(url: &str) -> bool {
    let Some((_, rest)) = url.split_once(':') else {
        return false;
    };
    let media: String = rest
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|&c| c != ',' && c != ';')
        .collect::<String>()
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .to_ascii_lowercase();
    matches!(
        media.as_str(),
        "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "image/avif"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_a_browser_reads_them_or_stricter() {
        for (url, want) in [
            ("https://e.org/", Some("https")),
            ("http://e.org/", Some("http")),
            ("HTTPS://e.org/", Some("https")),
            ("https\t:x", Some("https")),
            ("httpx:y", Some("httpx")),
            ("https", None),
            ("http/x:y", None),
            (" \u{1}JaVa\tScRipt:x", Some("javascript")),
            ("java\nscript:x", Some("javascript")),
            ("javascript\0:x", Some("javascript")),
            ("/a/b:c", None),
            ("./javascript:x", None),
            ("jav%61script:x", None),
            ("javascript&#58;x", None),
            ("1http:x", None),
            ("map.png", None),
            ("#x:y", None),
        ] {
            assert_eq!(scheme(url).as_deref(), want, "{url:?}");
        }
    }

    #[test]
    fn script_schemes_are_refused_in_either_mode() {
        for mode in [Mode::Trusted, Mode::Strict] {
            for use_ in [Use::Link, Use::Image] {
                for url in [
                    "javascript:alert(1)",
                    "\tJAVASCRIPT:alert(1)",
                    "vbscript:x",
                    "data:text/html,<script>alert(1)</script>",
                    "data:image/svg+xml,<svg onload=alert(1)>",
                    "data: image/svg+xml;base64,PHN2Zz4=",
                    "data:,x",
                ] {
                    assert!(
                        matches!(check(url, use_, mode), Err(Refusal::RunsScript { .. })),
                        "{url:?} {use_:?} {mode:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn strict_mode_allows_only_web_mail_relative_and_raster_images() {
        let strict = |url, use_| check(url, use_, Mode::Strict);
        for url in [
            "https://e.org/",
            "HTTP://e.org",
            "mailto:a@b",
            "/x/",
            "a.png",
            "#top",
            "//e.org/x",
        ] {
            assert_eq!(strict(url, Use::Link), Ok(()), "{url}");
            assert_eq!(strict(url, Use::Image), Ok(()), "{url}");
        }
        assert_eq!(strict("data:image/png;base64,iVBO", Use::Image), Ok(()));
        assert_eq!(strict("DATA:Image/JPEG,x", Use::Image), Ok(()));
        for (url, use_) in [
            ("data:image/png;base64,iVBO", Use::Link),
            ("tel:+1", Use::Link),
            ("ftp://e.org/", Use::Image),
            ("blob:https://e.org/x", Use::Image),
        ] {
            assert!(
                matches!(strict(url, use_), Err(Refusal::NotAllowed { .. })),
                "{url:?} {use_:?}"
            );
        }
        assert_eq!(check("tel:+1", Use::Link, Mode::Trusted), Ok(()));
    }
}
