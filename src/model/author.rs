//! Authors: an author file's front matter to an [`Author`] (its links checked), the
//! names bylines resolve by, and a briefing's `authors:` to its [`Byline`]s.

use super::parse::Parsed;
use super::resolve::Builder;
use super::{Author, AuthorId, Byline, Slug};
use crate::content::{AuthorFm, AuthorRefFm, BriefingFm};
use crate::diag::Kind;
use crate::refs::RefError;

impl Builder {
    /// Lets bylines find each author by slug or name (folded as actor refs are), and
    /// reports a name two authors share.
    pub(super) fn index_authors(&mut self, authors: &[Parsed<AuthorFm>], slugs: &[Slug]) {
        for (i, (a, slug)) in authors.iter().zip(slugs).enumerate() {
            let id = AuthorId::of(i);
            self.author_index.insert(slug.as_str(), id);
            self.author_index.insert(&a.fm.name, id);
        }
        let mut clashes: Vec<(String, AuthorId)> = self
            .author_index
            .clashes()
            .map(|(k, ids)| (k.to_string(), ids[ids.len() - 1]))
            .collect();
        clashes.sort();
        for (key, last) in clashes {
            self.diags.push(
                authors[last.index()]
                    .diag(
                        Kind::AmbiguousRef,
                        "name",
                        format!("`{key}` names more than one author"),
                    )
                    .hint("author names and slugs must be unique"),
            );
        }
    }

    pub(super) fn author(&mut self, p: &Parsed<AuthorFm>, slug: Slug) -> Author {
        let fm = &p.fm;
        if fm.name.trim().is_empty() {
            self.diags
                .push(p.diag(Kind::BadValue, "name", "empty author name"));
        }
        if let Some(url) = &fm.url {
            if !is_web_url(url) {
                self.diags.push(
                    p.diag(
                        Kind::BadValue,
                        "url",
                        format!("author url `{url}` is not a web address"),
                    )
                    .hint("give the full address of their page, e.g. https://example.org/desk"),
                );
            }
        }
        if let Some(email) = &fm.email {
            if !plausible_email(email) {
                self.diags.push(
                    p.diag(
                        Kind::BadValue,
                        "email",
                        format!("invalid email address `{email}`"),
                    )
                    .hint("write it as name@example.org"),
                );
            }
        }
        let image = fm
            .image
            .as_deref()
            .and_then(|image| match image_path(image) {
                Ok(path) if is_web_url(&path) => Some(path),
                // Checked now, as a lead image is: else the page shows a broken image
                // that only `check` finds, and not at this line.
                Ok(path) => match self.content.as_deref().map(|c| super::image::locate_file(c, &path)) {
                    Some(Some(Ok(_))) => Some(path),
                    Some(Some(Err(()))) => {
                        self.diags.push(p.diag(Kind::BadValue, "image", format!("author image `{image}` leads outside the site")));
                        None
                    }
                    Some(None) => {
                        self.diags.push(
                            p.diag(Kind::BadValue, "image", format!("author image `{image}` does not exist"))
                                .hint("give a path under content/, such as authors/desk.png, or an http(s) URL"),
                        );
                        None
                    }
                    None => Some(path),
                },
                Err(why) => {
                    self.diags.push(p.diag(Kind::BadValue, "image", why).hint(
                        "use an http(s) URL, or a path under content/ such as authors/desk.png",
                    ));
                    None
                }
            });
        Author {
            slug,
            name: fm.name.clone(),
            role: fm.role.clone(),
            url: fm.url.clone(),
            email: fm.email.clone(),
            image,
            body_html: "".into(),
            path: p.src.rel.clone(),
            extra: fm.extra.clone(),
            text_lang: None,
        }
    }

    /// A briefing's byline: each entry an author of the site, or a plain `{name: …}`.
    pub(super) fn bylines(&mut self, p: &Parsed<BriefingFm>) -> Vec<Byline> {
        let mut out: Vec<Byline> = Vec::new();
        // A byline pasted from a list of 20,000 names must not cost their square.
        let mut seen = std::collections::HashSet::new();
        for (i, entry) in p.fm.authors.iter().enumerate() {
            let path = format!("authors[{i}]");
            let byline = match entry {
                AuthorRefFm::Name(name) if name.trim().is_empty() => {
                    let at = format!("{path}.name");
                    self.diags
                        .push(p.diag(Kind::BadValue, &at, "empty author name"));
                    continue;
                }
                AuthorRefFm::Name(name) => Byline::Name(name.trim().to_string()),
                AuthorRefFm::Ref(r) => match self.author_ref(p, &path, r) {
                    Some(id) => Byline::Author(id),
                    None => continue,
                },
            };
            if !seen.insert(byline.clone()) {
                self.diags.push(
                    p.diag(Kind::BadValue, &path, "author named twice in this byline")
                        .hint("remove one of the two"),
                );
                continue;
            }
            out.push(byline);
        }
        out
    }

    fn author_ref(&mut self, p: &Parsed<BriefingFm>, path: &str, name: &str) -> Option<AuthorId> {
        let d = match self.author_index.resolve(name) {
            Ok(id) => return Some(id),
            Err(RefError::Unknown { suggestion }) => {
                let d = p.diag(
                    Kind::UnknownAuthor,
                    path,
                    format!("unknown author `{name}`"),
                );
                match suggestion {
                    Some((near, _)) => d.hint(format!("did you mean `{near}`?")),
                    None => d.hint(format!(
                        "add the author in content/authors/, or write `{{name: {name}}}` for a byline without a page"
                    )),
                }
            }
            Err(RefError::Ambiguous(_)) => p
                .diag(
                    Kind::AmbiguousRef,
                    path,
                    format!("`{name}` names more than one author"),
                )
                .hint("use the author's slug"),
        };
        self.diags.push(d);
        None
    }
}

fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    ["https://", "http://"]
        .iter()
        .any(|s| lower.strip_prefix(s).is_some_and(|rest| !rest.is_empty()))
}

fn plausible_email(email: &str) -> bool {
    let mut parts = email.split('@');
    let (Some(user), Some(host), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !user.is_empty()
        && host.contains('.')
        && !email.contains(|c: char| c.is_whitespace() || c.is_control() || "<>\"':".contains(c))
}

/// An author's image as the page will link it: a web address as it is, or a path
/// under `content/` without its leading `/`.
fn image_path(image: &str) -> Result<String, String> {
    let image = image.trim();
    if crate::url::scheme::scheme(image).is_some() || image.starts_with("//") {
        return if is_web_url(image) {
            Ok(image.to_string())
        } else {
            Err(format!(
                "author image `{image}` is neither a web address nor a path"
            ))
        };
    }
    let path = image.trim_start_matches('/');
    let bad =
        path.is_empty() || path.contains('\\') || path.split('/').any(|s| s == ".." || s == ".");
    if bad {
        return Err(format!(
            "author image `{image}` is not a path under content/"
        ));
    }
    Ok(path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_images_and_urls_are_checked() {
        assert!(plausible_email("desk@example.org"));
        for bad in ["desk", "a@b", "a@@b.org", "a b@c.org", "x@y.org\"onclick"] {
            assert!(!plausible_email(bad), "{bad}");
        }
        assert!(is_web_url("https://example.org/desk"));
        assert!(!is_web_url("javascript:alert(1)") && !is_web_url("https://"));
        assert_eq!(image_path("/authors/d.png").as_deref(), Ok("authors/d.png"));
        assert_eq!(
            image_path("https://x.org/d.png").as_deref(),
            Ok("https://x.org/d.png")
        );
        for bad in [
            "javascript:alert(1)",
            "../secret.png",
            "a/./b.png",
            "",
            "data:image/png;base64,AA",
        ] {
            assert!(image_path(bad).is_err(), "{bad}");
        }
    }
}
