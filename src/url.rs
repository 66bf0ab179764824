//! The site's URL rules, below everything that makes or reads links: the [`ROOT`]
//! marker that relative links are written with, and absolute URLs of the site's files,
//! built one way for every place that prints them (canonical links, JSON-LD, feeds, the
//! sitemap), so a page has one URL everywhere.

pub mod scheme;

/// Stands for the relative path from the page being rendered to the site root in every
/// `href` of a view. Views are built once per site and shared by every page that shows
/// them; each rendered page then replaces the marker with its own prefix (`../../`).
/// A private-use character, which no escaping touches: content may not hold it, raw
/// (`discover`), as a YAML escape (`yaml`) or as an entity (`markdown`).
pub const ROOT: &str = "\u{E000}";

/// Like [`ROOT`], but the prefix to the root of the whole output, whatever language
/// the page is in: for what every language shares (the stylesheet, pictures, the data
/// export) and for links from one language to another. On a page of the default
/// language the two are the same; on `uk/briefings/x/index.html`, `ROOT` is `../../`
/// (the Ukrainian root) and `SITE` is `../../../`.
pub const SITE: &str = "\u{E001}";

/// Where `text` holds either link marker, which content may not.
pub fn has_marker(text: &str) -> Option<usize> {
    text.find(['\u{E000}', '\u{E001}'])
}

/// What is said of a file holding a link marker.
pub const MARKER_MESSAGE: &str =
    "file contains a private-use character (U+E000 or U+E001) that briefing reserves";

/// The relative prefix from the page at `path` to the site root.
pub fn root_of(path: &str) -> &'static str {
    const ROOTS: [&str; 6] = [
        "",
        "../",
        "../../",
        "../../../",
        "../../../../",
        "../../../../../",
    ];
    ROOTS[path.matches('/').count().min(ROOTS.len() - 1)]
}

/// What stays as written in a site path: unreserved ASCII (RFC 3986) and `/`.
const PATH_KEEPS: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes a site path for use in a URL: unreserved ASCII and `/` stay, every
/// other byte (non-ASCII slugs, spaces) becomes `%XX`.
pub fn encode_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH_KEEPS).to_string()
}

/// The canonical absolute URL of the page at `path` (`briefings/x/index.html`): the same
/// URL the theme's `<link rel="canonical">` gives, with `index.html` dropped.
pub fn page_url(base: &str, path: &str) -> String {
    let path = if path == "index.html" {
        ""
    } else {
        path.strip_suffix("/index.html")
            .map_or(path, |dir| &path[..dir.len() + 1])
    };
    format!("{base}{}", encode_path(path))
}

/// The absolute URL of a non-page file (`atom.xml`, `actors/x/atom.xml`).
pub fn file_url(base: &str, path: &str) -> String {
    format!("{base}{}", encode_path(path))
}

/// Refuses a source's `url` if it would run script when clicked. A source is a
/// document to read, so no `data:` URL at all, image or not.
pub fn check_source_url(url: &str) -> Result<(), String> {
    let Some(name) = scheme::scheme(url) else {
        return Ok(());
    };
    let refused =
        name == "data" || scheme::check(url, scheme::Use::Link, scheme::Mode::Trusted).is_err();
    if refused {
        Err(format!("`{name}:` URLs are not allowed"))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.org/sub/";

    #[test]
    fn urls_are_canonical_and_encoded() {
        assert_eq!(page_url(BASE, "index.html"), BASE);
        assert_eq!(
            page_url(BASE, "briefings/x/index.html"),
            "https://example.org/sub/briefings/x/"
        );
        assert_eq!(
            page_url(BASE, "actors/зеленський/index.html"),
            "https://example.org/sub/actors/%D0%B7%D0%B5%D0%BB%D0%B5%D0%BD%D1%81%D1%8C%D0%BA%D0%B8%D0%B9/"
        );
        assert_eq!(encode_path("a b&c"), "a%20b%26c");
    }
}
