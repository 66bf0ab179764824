//! Pictures named in front matter (a briefing's lead image, an actor's portrait, the
//! site's card image): which file under `content/` each names, and its size in pixels,
//! read from the file's header so that pages can reserve its space before it loads.

use std::path::Path;

use super::Image;
use super::parse::Parsed;
use super::resolve::Builder;
use crate::config::Config;
use crate::content::ImageFm;
use crate::diag::Kind;

/// Formats whose size is read from their header; SVG's from its root element.
const FORMATS: &str = "JPEG, PNG, WebP or SVG";

/// How much of an SVG file is read to find its root element's size.
const SVG_HEAD: u64 = 16 * 1024;

impl Builder {
    /// The image `fm` at `key` of the file `p`, if it names one, its `src` relative to
    /// the file's folder (under `content/`) or, failing that, to `content/`. A missing
    /// `alt` or a missing file is an error; a missing credit, a warning.
    pub(super) fn image<T>(
        &mut self,
        p: &Parsed<T>,
        key: &str,
        fm: Option<&ImageFm>,
    ) -> Option<Image> {
        let fm = fm?;
        let alt = fm.alt.as_deref().map(str::trim).unwrap_or_default();
        if alt.is_empty() {
            self.diags.push(
                p.key_diag(Kind::MissingKey, key, "image has no `alt` text")
                    .hint(
                        "describe what the picture shows, for readers who cannot see it: `alt: …`",
                    ),
            );
        }
        if fm.credit.as_deref().is_none_or(|c| c.trim().is_empty()) {
            self.warnings.push(
                p.key_diag(Kind::MissingKey, key, "image has no `credit`")
                    .hint("say who made the picture: `credit: Photo: Agency / Name`")
                    .warning(),
            );
        }
        // The folder only for a picture: most files have none, and making it was some
        // 9% of converting a briefing.
        let dir = super::files::content_dir(p.src);
        let found = locate(self.content.as_deref(), &dir, &fm.src).map_err(|why| {
            let d = p.diag(Kind::BadValue, &format!("{key}.src"), why);
            self.diags.push(d.hint(
                "give a file beside this one (`map.png`) or a path under content/ (`/images/map.png`)",
            ));
        });
        let (path, (width, height)) = found.ok().filter(|_| !alt.is_empty())?;
        Some(Image {
            path,
            alt: alt.to_string(),
            caption: fm.caption.clone(),
            credit: fm.credit.clone(),
            width,
            height,
        })
    }
}

/// The path under `content/` of the image `src` written in a file in the folder `dir`,
/// and its size; or why there is none. `/images/x.png` is under `content/`; any other
/// path is looked for beside the file first, then under `content/`.
fn locate(content: Option<&Path>, dir: &str, src: &str) -> Result<(String, (u32, u32)), String> {
    let src = src.trim();
    if crate::url::scheme::scheme(src).is_some() || src.starts_with("//") {
        // Its size could only be had by fetching it, and a build reads no network.
        return Err(format!(
            "image `{src}` is a web address; an image here is a file of the site"
        ));
    }
    let missing = || format!("image `{src}` does not exist");
    let candidates = match src.strip_prefix('/') {
        Some(rooted) => vec![normalize("", rooted)],
        None => vec![normalize(dir, src), normalize("", src)],
    };
    let content = content.ok_or_else(missing)?;
    let mut outside = false;
    for rel in candidates {
        let Some(rel) = rel else {
            outside = true;
            continue;
        };
        match locate_file(content, &rel) {
            Some(Ok(path)) => return size(&path, src).map(|size| (rel, size)),
            Some(Err(())) => return Err(format!("image `{src}` leads outside the site")),
            None => {}
        }
    }
    Err(if outside {
        format!("image `{src}` is outside content/")
    } else {
        missing()
    })
}

/// The file at `rel` under `content`: `None` if there is none, an error if it is a
/// link leading out of the site (as for every content file: a link may lead anywhere
/// inside the site, never out of it).
pub(super) fn locate_file(content: &Path, rel: &str) -> Option<Result<std::path::PathBuf, ()>> {
    let rel = normalize("", rel)?;
    let path = content.join(rel);
    if !path.is_file() {
        return None;
    }
    let site = content.parent().unwrap_or(content);
    let inside = match (path.canonicalize(), site.canonicalize()) {
        (Ok(target), Ok(site)) => target.starts_with(site),
        _ => false,
    };
    Some(if inside { Ok(path) } else { Err(()) })
}

/// `src` joined to the folder `dir`, `.` and `..` resolved; `None` if it climbs out of
/// `content/`.
fn normalize(dir: &str, src: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for part in src.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// The size of the image at `path`, from its header (raster) or root element (SVG).
fn size(path: &Path, src: &str) -> Result<(u32, u32), String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("svg") => svg_size(path, src),
        Some("jpg" | "jpeg" | "png" | "webp") => image::ImageReader::open(path)
            .and_then(|r| r.with_guessed_format())
            .map_err(|e| e.to_string())
            .and_then(|r| r.into_dimensions().map_err(|e| e.to_string()))
            .map_err(|e| format!("cannot read the size of image `{src}`: {e}")),
        _ => Err(format!(
            "image `{src}` is not a {FORMATS} file, which every browser shows"
        )),
    }
}

fn svg_size(path: &Path, src: &str) -> Result<(u32, u32), String> {
    use std::io::Read as _;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(SVG_HEAD).read_to_end(&mut head))
        .map_err(|e| format!("cannot read image `{src}`: {e}"))?;
    svg_dimensions(&String::from_utf8_lossy(&head)).ok_or_else(|| {
        format!(
            "cannot tell the size of SVG image `{src}`: its <svg> element needs `width` and \
             `height` in pixels, or a `viewBox`"
        )
    })
}

/// The size an SVG's root element declares: `width` and `height` in pixels (bare or
/// `px`), else the last two numbers of its `viewBox`. Other units (`em`, `%`) say
/// nothing about pixels, so they fall back to the `viewBox`.
fn svg_dimensions(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..];
    let tag = &tag[..tag.find('>')?];
    let attr = |name: &str| -> Option<&str> {
        let mut rest = tag;
        loop {
            let i = rest.find(name)?;
            let before = rest[..i].chars().last();
            let after = rest[i + name.len()..].trim_start();
            rest = &rest[i + name.len()..];
            if !before.is_some_and(char::is_whitespace) {
                continue;
            }
            let Some(value) = after.strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start();
            let quote = value.chars().next().filter(|q| *q == '"' || *q == '\'')?;
            let value = &value[1..];
            return Some(&value[..value.find(quote)?]);
        }
    };
    let pixels = |v: &str| -> Option<u32> {
        let v = v.trim();
        let n: f64 = v.strip_suffix("px").unwrap_or(v).trim().parse().ok()?;
        (n.is_finite() && n >= 1.0 && n <= f64::from(u32::MAX)).then(|| n.round() as u32)
    };
    if let (Some(w), Some(h)) = (
        attr("width").and_then(pixels),
        attr("height").and_then(pixels),
    ) {
        return Some((w, h));
    }
    let view_box: Vec<&str> = attr("viewBox")?
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .collect();
    match view_box.as_slice() {
        [_, _, w, h] => Some((pixels(w)?, pixels(h)?)),
        _ => None,
    }
}

/// The files `site.yaml` names: the card image, found and measured (returned), and
/// the favicon, checked present. Problems go to the builder, at their place in
/// `site.yaml`.
pub(super) fn site_files(config: &Config, b: &mut Builder) -> Option<Image> {
    let content = b.content.as_deref();
    if let Some(f) = &config.favicon {
        let found = content.is_some_and(|c| matches!(locate_file(c, &f.path), Some(Ok(_))));
        if !found {
            let mut d = f.at.clone();
            d.message = format!("favicon `{}` does not exist", f.path);
            b.diags
                .push(d.hint("favicon is a path under content/, e.g. `favicon: favicon.svg`"));
        }
    }
    let image = config.image.as_ref()?;
    let at = |message: &str, hint: &str| {
        let mut d = image.at.clone();
        d.message = message.to_string();
        d.hint(hint)
    };
    let alt = image.fm.alt.as_deref().map(str::trim).unwrap_or_default();
    if alt.is_empty() {
        b.diags.push(at(
            "image has no `alt` text",
            "describe what the picture shows, for readers who cannot see it: `alt: …`",
        ));
    }
    if image
        .fm
        .credit
        .as_deref()
        .is_none_or(|c| c.trim().is_empty())
    {
        let hint = "say who made the picture: `credit: …`";
        b.warnings.push(at("image has no `credit`", hint).warning());
    }
    let found = locate(content, "", &image.fm.src).map_err(|why| {
        let mut d = image.src_at.clone();
        d.message = why;
        b.diags
            .push(d.hint("the site's image is a path under content/, e.g. `card.png`"));
    });
    let (path, (width, height)) = found.ok().filter(|_| !alt.is_empty())?;
    Some(Image {
        path,
        alt: alt.to_string(),
        caption: image.fm.caption.clone(),
        credit: image.fm.credit.clone(),
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_beside_the_file_then_under_content_never_above_it() {
        assert_eq!(
            normalize("briefings", "map.png").as_deref(),
            Some("briefings/map.png")
        );
        assert_eq!(
            normalize("briefings/x", "../y.png").as_deref(),
            Some("briefings/y.png")
        );
        assert_eq!(normalize("briefings", "../../etc/passwd"), None);
        assert_eq!(normalize("", ".."), None);
    }

    #[test]
    fn svg_size_comes_from_width_and_height_else_the_view_box() {
        let size = svg_dimensions;
        assert_eq!(
            size(r#"<?xml?><svg xmlns="x" width="640" height="360">"#),
            Some((640, 360))
        );
        assert_eq!(size(r#"<svg width='64px' height='32px'>"#), Some((64, 32)));
        assert_eq!(
            size(r#"<svg width="100%" viewBox="0 0 1200 630">"#),
            Some((1200, 630))
        );
        assert_eq!(size(r#"<svg viewBox="0,0,10.4,20">"#), Some((10, 20)));
        // `stroke-width` is not `width`.
        assert_eq!(
            size(r#"<svg stroke-width="3" viewBox="0 0 8 9">"#),
            Some((8, 9))
        );
        assert_eq!(size(r#"<svg width="2em" height="1em">"#), None);
        assert_eq!(size("<svg>"), None);
        assert_eq!(size("no svg here"), None);
        assert_eq!(size(r#"<svg viewBox="0 0 -5 nan">"#), None);
    }
}
