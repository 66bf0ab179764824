//! Links that name a content file rather than a page: `[x](../other.md)` (from the
//! body's own folder), `[x](@/briefings/other.md#sources)` (from `content/`, as in
//! Zola) and `[[briefings/other]]`. Here they are only read; the model says which page
//! each file became.

use super::is_external;

/// The folders of `content/` a wiki link may name a file in; any other `[[…]]` is an
/// actor ref.
const SECTIONS: [&str; 4] = ["briefings/", "topics/", "pages/", "actors/"];

/// A content file a link names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    /// Its path under `content/` without `.md` (`briefings/other`): how the model
    /// knows it.
    pub key: String,
    /// What follows the path (`#sources`), kept on the link.
    pub suffix: String,
}

/// Why a link that names a file names none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// `../../x.md` from `content/briefings/`.
    OutsideContent,
}

/// The file a Markdown link's `url` names, written in the body of a file in folder
/// `dir` of `content/`; `None` when it is not a link to a file.
pub fn from_url(url: &str, dir: &str) -> Option<Result<FileRef, Unreadable>> {
    if is_external(url) || url.starts_with('#') {
        return None;
    }
    let (path, suffix) = split_suffix(url);
    let path = decode(path);
    let (base, path) = match path.strip_prefix("@/") {
        Some(rest) => ("", rest),
        None if ends_with_md(&path) && !path.starts_with('/') => (dir, path.as_str()),
        None => return None,
    };
    Some(
        join(base, path)
            .map(|p| FileRef {
                key: key_of(&p),
                suffix: suffix.to_string(),
            })
            .ok_or(Unreadable::OutsideContent),
    )
}

/// The file under `content/` a relative URL without query or fragment (`map.png`,
/// `../photos/a%20b.jpg`) names, written in the body of a file in folder `dir`.
pub fn colocated(url: &str, dir: &str) -> Option<String> {
    if is_external(url) || url.starts_with(['/', '#', '@']) || url.contains(['?', '#']) {
        return None;
    }
    join(dir, &decode(url))
}

/// The file a `[[…]]` target names, if it starts with a section folder
/// (`briefings/other`, `briefings/other.md#sources`).
pub fn from_wiki(target: &str) -> Option<Result<FileRef, Unreadable>> {
    let target = target.trim();
    if !SECTIONS.iter().any(|s| target.starts_with(s)) {
        return None;
    }
    let (path, suffix) = split_suffix(target);
    Some(
        join("", path)
            .map(|p| FileRef {
                key: key_of(&p),
                suffix: suffix.to_string(),
            })
            .ok_or(Unreadable::OutsideContent),
    )
}

/// The content path of a file (`briefings/x.md`, `briefings/x/index.MD`) as a key:
/// without its extension, whatever its case.
pub fn key_of(path: &str) -> String {
    if ends_with_md(path) {
        path[..path.len() - 3].to_string()
    } else {
        path.to_string()
    }
}

fn ends_with_md(path: &str) -> bool {
    path.len() >= 3
        && path.is_char_boundary(path.len() - 3)
        && path[path.len() - 3..].eq_ignore_ascii_case(".md")
}

fn split_suffix(url: &str) -> (&str, &str) {
    match url.find(['#', '?']) {
        Some(i) => url.split_at(i),
        None => (url, ""),
    }
}

fn decode(path: &str) -> String {
    percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned()
}

/// `path` read from folder `base`, `.` and `..` worked out; `None` if it climbs out.
fn join(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(url: &str) -> Option<Result<(String, String), Unreadable>> {
        from_url(url, "briefings").map(|r| r.map(|f| (f.key, f.suffix)))
    }

    fn ok(k: &str, s: &str) -> Option<Result<(String, String), Unreadable>> {
        Some(Ok((k.to_string(), s.to_string())))
    }

    #[test]
    fn file_links_are_read_from_the_folder_or_from_content() {
        assert_eq!(key("other.md"), ok("briefings/other", ""));
        assert_eq!(key("./other.MD#q"), ok("briefings/other", "#q"));
        assert_eq!(key("../pages/about.md"), ok("pages/about", ""));
        assert_eq!(
            key("@/briefings/x.md#sources"),
            ok("briefings/x", "#sources")
        );
        assert_eq!(key("@/topics/a%20b.md"), ok("topics/a b", ""));
        assert_eq!(key("../../x.md"), Some(Err(Unreadable::OutsideContent)));
    }

    #[test]
    fn other_links_are_not_file_links() {
        for url in [
            "/briefings/x/",
            "x.png",
            "https://e.org/x.md",
            "#top",
            "/x.md",
            "mdx",
        ] {
            assert_eq!(key(url), None, "{url}");
        }
    }

    #[test]
    fn wiki_links_with_a_section_name_files() {
        let wiki = |t: &str| from_wiki(t).map(|r| r.map(|f| (f.key, f.suffix)));
        assert_eq!(wiki("briefings/other"), ok("briefings/other", ""));
        assert_eq!(wiki("pages/about.md#team"), ok("pages/about", "#team"));
        assert_eq!(wiki("Antony Blinken"), None);
        assert_eq!(
            wiki("briefings/../../x"),
            Some(Err(Unreadable::OutsideContent))
        );
    }
}
