//! Markdown bodies to HTML: `[[actor]]` links and links to content files resolved,
//! site links made relative, every heading given an id.

mod figures;
mod files;
mod headings;
mod walk;

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::url::scheme::{self as urls, Mode, Refusal, Use};

pub use files::{FileRef, Unreadable, key_of};
pub use headings::Heading;

/// A `[[…]]` link whose target is not a known actor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadWikiLink {
    pub target: String,
    /// Byte range of the whole `[[…]]` in the body.
    pub range: Range<usize>,
}

/// A link to a content file (`[x](other.md)`, `[[briefings/x]]`) that names no
/// published file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadFileLink {
    /// As written.
    pub written: String,
    /// The file it names (`briefings/x`, see [`key_of`]), or why it names none.
    pub key: Result<String, Unreadable>,
    pub range: Range<usize>,
}

/// The page a content file became.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileTarget<A> {
    /// Its site path (`briefings/x/index.html`).
    pub page: String,
    /// What a `[[…]]` link without its own text shows: its title or name.
    pub title: String,
    /// The actor, when the file is an actor's: a link to it is a mention.
    pub actor: Option<A>,
}

/// A link or image in a body that points inside the site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LocalLink {
    /// As written by the editor.
    pub url: String,
    /// As it appears in the page.
    pub href: String,
    pub range: Range<usize>,
}

/// Something in a body that is refused, with the byte range to point at. What it
/// refers to is left out of the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A link or image whose URL may not appear in this mode.
    Url {
        url: String,
        use_: Use,
        why: Refusal,
        range: Range<usize>,
    },
    /// A heading attribute other than `{#id}` and `{.class}`: an event handler or a
    /// style would be written into the page.
    HeadingAttribute { name: String, range: Range<usize> },
    /// The link marker U+E000, written as an entity (`&#xE000;`): the renderer would
    /// turn it into a path.
    Reserved { range: Range<usize> },
    /// A heading id written by hand that the page's template uses or makes
    /// (`{#sources}`, `{#claim-x}`): two elements would share it.
    HeadingId { id: String, range: Range<usize> },
    /// A figure's picture that cannot be published: `file` is its path under
    /// `content/`.
    Picture {
        file: String,
        error: crate::images::Error,
        range: Range<usize>,
    },
    /// A figure without alt text: a screen reader would say nothing of it.
    FigureAlt { range: Range<usize> },
}

impl Problem {
    pub fn message(&self) -> String {
        match self {
            Problem::Url { url, use_, why, .. } => {
                let what = match use_ {
                    Use::Link => "link",
                    Use::Image => "image",
                };
                format!("{what} to `{url}` refused: {why}")
            }
            Problem::HeadingAttribute { name, .. } => {
                format!("heading attribute `{name}` is not allowed")
            }
            Problem::Reserved { .. } => {
                "the private-use character U+E000, which briefing reserves".to_string()
            }
            Problem::HeadingId { id, .. } => {
                format!("heading id `{id}` is one the page itself uses")
            }
            Problem::Picture { file, error, .. } => format!("picture content/{file}: {error}"),
            Problem::FigureAlt { .. } => "figure without alt text".to_string(),
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            Problem::Url { why, .. } => why.hint(),
            Problem::HeadingAttribute { .. } => {
                "headings take only an id and classes: `# Title {#id .class}`"
            }
            Problem::Reserved { .. } => "remove it; it shows as nothing or a box in most fonts",
            Problem::HeadingId { .. } => {
                "choose another id; ids such as `contents`, `sources`, `corrections` and those \
                 starting `claim-`, `source-`, `quote-` or `event-` belong to the page"
            }
            Problem::Picture { error, .. } => error.hint(),
            Problem::FigureAlt { .. } => {
                "say what the picture shows: `![Schematic map of the front](map.png \"Illustration: desk\")`; the text is its caption too"
            }
        }
    }

    pub fn range(&self) -> &Range<usize> {
        match self {
            Problem::Url { range, .. }
            | Problem::HeadingAttribute { range, .. }
            | Problem::Reserved { range }
            | Problem::HeadingId { range, .. }
            | Problem::Picture { range, .. }
            | Problem::FigureAlt { range } => range,
        }
    }
}

/// A body rendered for one page.
#[derive(Debug, Clone, Default)]
pub struct Rendered<A> {
    pub html: String,
    /// Actors linked with `[[…]]`, in order of first mention.
    pub mentions: Vec<A>,
    /// Every `[[…]]` ref that named an actor, as written, with the actor and its site
    /// path: the body as rendered holds while each still names an actor at that path.
    pub actor_refs: Vec<(String, A, String)>,
    /// Plain text of the first paragraph, the fallback summary.
    pub first_paragraph: String,
    pub bad_links: Vec<BadWikiLink>,
    pub problems: Vec<Problem>,
    pub local_links: Vec<LocalLink>,
    pub bad_files: Vec<BadFileLink>,
    /// Every content file the body links to, and what it was when rendered: the body
    /// must be rendered again when one changes.
    pub files: Vec<(String, Option<FileTarget<A>>)>,
    /// Every heading, in order, with the id it got; shared with the model's item,
    /// rather than copied into it on every build.
    pub headings: std::sync::Arc<[Heading]>,
    /// The picture of every figure, by path under `content/`, and the size it had when
    /// rendered: the body must be rendered again when one changes.
    pub images: Vec<(String, Result<crate::images::Size, crate::images::Error>)>,
    /// The first figure shown, for link cards of a page without a lead image.
    pub first_figure: Option<Figure>,
}

/// A figure's picture: its path under `content/` (where it is also published, without
/// its metadata), its size and its alt text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Figure {
    pub path: String,
    pub size: crate::images::Size,
    pub alt: String,
}

/// What a body needs from the rest of the site to be rendered.
pub struct Env<'a, A> {
    /// Relative prefix from the page the body appears on to the site root.
    pub root: &'a str,
    /// Resolves an actor ref to the actor and its site path (`actors/x/index.html`).
    pub actor: &'a (dyn Fn(&str) -> Option<(A, String)> + Sync),
    /// Drop raw HTML from bodies (for sites that take Markdown from untrusted hands).
    pub strip_html: bool,
    /// The folder under `content/` of the body's file (`briefings`), which relative
    /// links to files start from.
    pub dir: &'a str,
    /// Resolves a content file, by [`key_of`] its path, to its page.
    pub file: &'a (dyn Fn(&str) -> Option<FileTarget<A>> + Sync),
    /// The ids the page's template uses, which no heading gets (`sources`).
    pub reserved_ids: &'a [&'a str],
    /// The size of the picture at a path under `content/` (`briefings/map.png`), from
    /// its header; `None` if there is no such file.
    pub image: &'a Picture<'a>,
    /// Set for a body on a page of a language other than the default.
    pub language: Option<Language<'a>>,
}

/// A body on a page of a language other than the default (under `uk/`), whose links
/// to what that language lacks (an untranslated briefing, a picture, the data export)
/// must leave it for the root.
#[derive(Clone, Copy)]
pub struct Language<'a> {
    /// The page's path from the language's root (`briefings/x/index.html`).
    pub page: &'a str,
    /// Whether the language has the page or file at a path from its root.
    pub has: &'a Has<'a>,
}

/// See [`Language::has`].
pub type Has<'a> = dyn Fn(&str) -> bool + Sync + 'a;

/// `rel`, a link from the page at `page`, as a path from the root; `None` if it leads
/// above it.
fn join(page: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// See [`Env::image`].
pub type Picture<'a> =
    dyn Fn(&str) -> Option<Result<crate::images::Size, crate::images::Error>> + Sync + 'a;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

pub fn render<A: Copy + PartialEq>(body: &str, env: &Env<A>) -> Rendered<A> {
    let mut out = Rendered {
        html: String::new(),
        mentions: Vec::new(),
        actor_refs: Vec::new(),
        first_paragraph: String::new(),
        bad_links: Vec::new(),
        problems: Vec::new(),
        local_links: Vec::new(),
        bad_files: Vec::new(),
        files: Vec::new(),
        headings: std::sync::Arc::new([]),
        images: Vec::new(),
        first_figure: None,
    };
    let picture = |url: &str| {
        crate::images::Format::of_path(url)?;
        let key = files::colocated(url, env.dir)?;
        let size = (env.image)(&key)?;
        Some((key, size))
    };
    let mut walk = walk::Walk::new(env, body);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    let mut headings = Vec::new();
    let parser = Parser::new_ext(body, options()).into_offset_iter();
    let events = figures::Lone::new(parser, &picture)
        .filter_map(|(event, range, mark)| walk.event(event, range, mark, &mut out));
    let ids = headings::Ids::new(body, env.reserved_ids);
    pulldown_cmark::html::push_html(
        &mut html,
        headings::WithIds::new(events.flat_map(scrolling_table), ids, &mut headings),
    );
    out.html = html;
    out.headings = headings.into();
    out
}

/// Puts each table of a body in a box that scrolls sideways, as the theme's wide
/// tables are (`.scroll-x`): a phone shows that there is more instead of a page wider
/// than the screen. The box is a named group a keyboard can reach to scroll it.
fn scrolling_table(event: Event<'_>) -> impl Iterator<Item = Event<'_>> {
    let (before, after) = match event {
        Event::Start(Tag::Table(_)) => (
            Some(Event::Html(
                "<div class=\"scroll-x\" role=\"group\" tabindex=\"0\" aria-label=\"Table, scrolls sideways\">\n".into(),
            )),
            None,
        ),
        Event::End(TagEnd::Table) => (None, Some(Event::Html("</div>\n".into()))),
        _ => (None, None),
    };
    before.into_iter().chain(Some(event)).chain(after)
}

/// Whether an event's text holds the link marker ([`crate::url::ROOT`]): raw text
/// cannot (files holding it are refused when read), but an entity decodes to it.
fn carries_marker(event: &Event) -> bool {
    let has = |s: &str| s.contains(crate::url::ROOT);
    match event {
        Event::Text(t)
        | Event::Code(t)
        | Event::Html(t)
        | Event::InlineHtml(t)
        | Event::InlineMath(t)
        | Event::DisplayMath(t)
        | Event::FootnoteReference(t) => has(t),
        Event::Start(Tag::Link {
            dest_url, title, ..
        })
        | Event::Start(Tag::Image {
            dest_url, title, ..
        }) => has(dest_url) || has(title),
        Event::Start(Tag::Heading { id, classes, .. }) => {
            id.as_deref().is_some_and(has) || classes.iter().any(|c| has(c))
        }
        _ => false,
    }
}

/// `url` as the page gets it: made relative if it points inside the site, or, if its
/// scheme is refused, recorded as a problem and replaced (by `#` for a link, nothing
/// for an image) so it cannot run even where the problem is not fatal.
fn checked<'a>(
    url: CowStr<'a>,
    use_: Use,
    mode: Mode,
    (root, language): (&str, Option<Language>),
    range: Range<usize>,
    problems: &mut Vec<Problem>,
    links: &mut Vec<LocalLink>,
) -> CowStr<'a> {
    match urls::check(&url, use_, mode) {
        Ok(()) => local(url, (root, language), &range, links),
        Err(why) => {
            problems.push(Problem::Url {
                url: url.to_string(),
                use_,
                why,
                range,
            });
            CowStr::Borrowed(if use_ == Use::Link { "#" } else { "" })
        }
    }
}

/// Where attribute `name` is written in the heading at `heading`: in its last `{…}`,
/// or the whole heading if it cannot be found there.
fn attribute_range(body: &str, heading: &Range<usize>, name: &str) -> Range<usize> {
    let Some(text) = body.get(heading.clone()) else {
        return heading.clone();
    };
    text.rfind('{')
        .and_then(|open| Some(open + text[open..].find(name)?))
        .map(|at| heading.start + at..heading.start + at + name.len())
        .unwrap_or_else(|| heading.clone())
}

enum ParagraphState {
    Before,
    Inside,
    Done,
}

fn track_first_paragraph(event: &Event, state: &mut ParagraphState, text: &mut String) {
    match (event, &state) {
        (Event::Start(Tag::Paragraph), ParagraphState::Before) => *state = ParagraphState::Inside,
        (Event::End(TagEnd::Paragraph), ParagraphState::Inside) => *state = ParagraphState::Done,
        (Event::Text(t) | Event::Code(t), ParagraphState::Inside) => text.push_str(t),
        (Event::SoftBreak | Event::HardBreak, ParagraphState::Inside) => text.push(' '),
        _ => {}
    }
}

/// Rewrites a link inside the site so it works from any host path and from disk:
/// root-relative paths become relative to the page, and a path naming a directory
/// names its `index.html`, because `file://` shows a listing for a directory.
fn local<'a>(
    url: CowStr<'a>,
    (root, language): (&str, Option<Language>),
    range: &Range<usize>,
    links: &mut Vec<LocalLink>,
) -> CowStr<'a> {
    if is_external(&url) {
        return url;
    }
    if url.starts_with('#') {
        links.push(LocalLink {
            url: url.to_string(),
            href: url.to_string(),
            range: range.clone(),
        });
        return url;
    }
    let (path, suffix) = match url.find(['#', '?']) {
        Some(i) => url.split_at(i),
        None => (&url[..], ""),
    };
    let mut out = match path.strip_prefix('/') {
        Some(rest) => format!("{root}{rest}"),
        None => path.to_string(),
    };
    if out.is_empty() || out.ends_with('/') {
        out.push_str("index.html");
    }
    if let Some(l) = language {
        if let Some(target) = join(l.page, &out).filter(|t| !(l.has)(t)) {
            out = format!("{root}../{target}");
        }
    }
    out.push_str(suffix);
    links.push(LocalLink {
        url: url.to_string(),
        href: out.clone(),
        range: range.clone(),
    });
    out.into()
}

/// Has a scheme (`https:`, `mailto:`) or is protocol-relative (`//host`).
pub fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !url[..i].contains('/')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actors(r: &str) -> Option<(u32, String)> {
        match crate::refs::fold(r).as_str() {
            "antony blinken" | "blinken" => Some((7, "actors/antony-blinken/index.html".into())),
            _ => None,
        }
    }

    fn files(key: &str) -> Option<FileTarget<u32>> {
        let (page, title, actor) = match key {
            "briefings/other" => ("briefings/other/index.html", "Other briefing", None),
            "pages/about" => ("about/index.html", "About", None),
            "actors/antony-blinken" => (
                "actors/antony-blinken/index.html",
                "Antony Blinken",
                Some(7),
            ),
            _ => return None,
        };
        Some(FileTarget {
            page: page.into(),
            title: title.into(),
            actor,
        })
    }

    fn no_images(_: &str) -> Option<Result<crate::images::Size, crate::images::Error>> {
        None
    }

    fn env() -> Env<'static, u32> {
        Env {
            root: "../../",
            actor: &actors,
            strip_html: false,
            dir: "briefings",
            file: &files,
            reserved_ids: &["sources"],
            image: &no_images,
            language: None,
        }
    }

    #[test]
    fn a_language_s_body_links_the_root_for_what_the_language_lacks() {
        let has = |p: &str| p == "briefings/y/index.html";
        let mut e = env();
        e.language = Some(Language {
            page: "briefings/x/index.html",
            has: &has,
        });
        let r = render(
            "[in](/briefings/y/) [out](../z/) [data](/data/quotes.json) ![map](map.png)",
            &e,
        );
        assert!(
            r.html.contains("href=\"../../briefings/y/index.html\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"../../../briefings/z/index.html\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("href=\"../../../data/quotes.json\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("src=\"../../../briefings/x/map.png\""),
            "{}",
            r.html
        );
        // Without a language, as before.
        let r = render("[out](../z/) ![map](map.png)", &env());
        assert!(r.html.contains("href=\"../z/index.html\""), "{}", r.html);
        assert!(r.html.contains("src=\"map.png\""), "{}", r.html);
    }

    #[test]
    fn tables_scroll_in_a_named_box_a_keyboard_reaches() {
        let r = render(
            "Before.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.",
            &env(),
        );
        assert!(
            r.html.starts_with(
                "<p>Before.</p>\n<div class=\"scroll-x\" role=\"group\" tabindex=\"0\" \
                 aria-label=\"Table, scrolls sideways\">\n<table>"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html.ends_with("</table>\n</div>\n<p>After.</p>\n"),
            "{}",
            r.html
        );
        // Raw HTML tables are the editor's own, left as written.
        let raw = render("<table><tr><td>x</td></tr></table>", &env());
        assert!(!raw.html.contains("scroll-x"), "{}", raw.html);
    }

    #[test]
    fn wiki_links_resolve_to_relative_actor_pages() {
        let r = render(
            "Said [[Antony Blinken]] and [[blinken|Mr Blinken]].",
            &env(),
        );
        assert_eq!(
            r.html,
            "<p>Said <a href=\"../../actors/antony-blinken/index.html\">Antony Blinken</a> and \
             <a href=\"../../actors/antony-blinken/index.html\">Mr Blinken</a>.</p>\n"
        );
        assert_eq!(r.mentions, vec![7]);
        assert_eq!(r.first_paragraph, "Said Antony Blinken and Mr Blinken.");
    }

    #[test]
    fn unknown_wiki_links_are_reported_with_their_range_and_kept_as_text() {
        let body = "x [[Blinkn]] y";
        let r = render(body, &env());
        assert_eq!(r.html, "<p>x Blinkn y</p>\n");
        assert_eq!(r.bad_links[0].target, "Blinkn");
        assert_eq!(&body[r.bad_links[0].range.clone()], "[[Blinkn]]");
    }

    #[test]
    fn site_links_become_relative_file_links() {
        let r = render(
            "[a](/briefings/x/) [b](../y/#q) [c](https://e.org/) [d](#top)",
            &env(),
        );
        assert!(r.html.contains("href=\"../../briefings/x/index.html\""));
        assert!(r.html.contains("href=\"../y/index.html#q\""));
        assert!(r.html.contains("href=\"https://e.org/\""));
        assert!(r.html.contains("href=\"#top\""));
        assert_eq!(r.local_links.len(), 3);
    }

    #[test]
    fn links_to_content_files_resolve_to_their_pages_relative_to_the_page() {
        let body = "[a](other.md#sources) [b](@/pages/about.md) [c](../actors/antony-blinken.md) \
                    [[briefings/other]] [[briefings/other|the other]] [[pages/about.md#team]]";
        let r = render(body, &env());
        assert!(r.bad_files.is_empty(), "{:?}", r.bad_files);
        assert_eq!(
            r.html,
            "<p><a href=\"../../briefings/other/index.html#sources\">a</a> \
             <a href=\"../../about/index.html\">b</a> \
             <a href=\"../../actors/antony-blinken/index.html\">c</a> \
             <a href=\"../../briefings/other/index.html\">Other briefing</a> \
             <a href=\"../../briefings/other/index.html\">the other</a> \
             <a href=\"../../about/index.html#team\">About</a></p>\n"
        );
        // A link to an actor's file is a mention, like `[[…]]`.
        assert_eq!(r.mentions, vec![7]);
        // Kept for the link check, which sees the fragment; every file looked up once.
        assert_eq!(r.local_links[0].url, "other.md#sources");
        assert_eq!(
            r.local_links[0].href,
            "../../briefings/other/index.html#sources"
        );
        let keys: Vec<&str> = r.files.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["briefings/other", "pages/about", "actors/antony-blinken"]
        );
    }

    #[test]
    fn unknown_files_are_reported_with_their_range_and_kept_as_text() {
        let body = "x [a](othr.md) [[briefings/gone]] [c](../../up.md) y";
        let r = render(body, &env());
        assert_eq!(r.html, "<p>x a briefings/gone c y</p>\n");
        let got: Vec<(&str, Result<&str, Unreadable>, &str)> = r
            .bad_files
            .iter()
            .map(|b| {
                let key = b.key.as_deref().map_err(Clone::clone);
                (b.written.as_str(), key, &body[b.range.clone()])
            })
            .collect();
        assert_eq!(
            got,
            [
                ("othr.md", Ok("briefings/othr"), "[a](othr.md)"),
                ("briefings/gone", Ok("briefings/gone"), "[[briefings/gone]]"),
                (
                    "../../up.md",
                    Err(Unreadable::OutsideContent),
                    "[c](../../up.md)"
                ),
            ]
        );
        // What they were is kept, so a body is rendered again once they exist.
        assert_eq!(r.files.len(), 2);
        assert!(r.files.iter().all(|(_, t)| t.is_none()));
    }

    #[test]
    fn headings_get_unique_ids_clear_of_the_template_and_are_listed() {
        let body = "## Background\n\n## Background\n\n### Sources\n\n## Own {#mine}\n\n\
                    ## Claim: `x` and [[Antony Blinken]]\n";
        let r = render(body, &env());
        assert_eq!(
            r.html,
            "<h2 id=\"background\">Background</h2>\n\
             <h2 id=\"background-1\">Background</h2>\n\
             <h3 id=\"sources-1\">Sources</h3>\n\
             <h2 id=\"mine\">Own</h2>\n\
             <h2 id=\"section-claim-x-and-antony-blinken\">Claim: <code>x</code> and \
             <a href=\"../../actors/antony-blinken/index.html\">Antony Blinken</a></h2>\n"
        );
        let toc: Vec<(u8, &str, &str)> = r
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str(), h.id.as_str()))
            .collect();
        assert_eq!(
            toc,
            [
                (2, "Background", "background"),
                (2, "Background", "background-1"),
                (3, "Sources", "sources-1"),
                (2, "Own", "mine"),
                (
                    2,
                    "Claim: x and Antony Blinken",
                    "section-claim-x-and-antony-blinken"
                ),
            ]
        );
    }

    #[test]
    fn raw_html_can_be_stripped() {
        let mut e = env();
        e.strip_html = true;
        let r = render("a <script>x</script> b\n\n<div>y</div>\n", &e);
        assert!(
            !r.html.contains("<script>") && !r.html.contains("<div>"),
            "{}",
            r.html
        );
    }

    fn strict() -> Env<'static, u32> {
        Env {
            strip_html: true,
            ..env()
        }
    }

    #[test]
    fn heading_attributes_other_than_id_and_class_are_dropped_and_reported() {
        for e in [env(), strict()] {
            let body = "# H {onclick=alert(1) #top .wide style=\"x\" hidden}\n";
            let r = render(body, &e);
            assert_eq!(r.html, "<h1 id=\"top\" class=\"wide\">H</h1>\n");
            let names: Vec<(&str, &str)> = r
                .problems
                .iter()
                .map(|p| match p {
                    Problem::HeadingAttribute { name, range } => {
                        (name.as_str(), &body[range.clone()])
                    }
                    other => panic!("{other:?}"),
                })
                .collect();
            assert_eq!(
                names,
                [
                    ("onclick", "onclick"),
                    ("style", "style"),
                    ("hidden", "hidden")
                ]
            );
        }
    }

    #[test]
    fn heading_ids_written_by_hand_may_not_take_the_pages_own() {
        let body = "## Who {#sources}\n\n## What {#claim-x}\n\n## Why {#mine}\n";
        let r = render(body, &env());
        let ids: Vec<(&str, &str)> = r
            .problems
            .iter()
            .map(|p| match p {
                Problem::HeadingId { id, range } => (id.as_str(), &body[range.clone()]),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            ids,
            [
                ("sources", "## Who {#sources}\n"),
                ("claim-x", "## What {#claim-x}\n")
            ]
        );
    }

    #[test]
    fn ten_thousand_headings_of_one_text_get_ten_thousand_ids() {
        let body = "## Same\n\n".repeat(10_000);
        let r = render(&body, &env());
        assert_eq!(r.headings.len(), 10_000);
        let ids: std::collections::HashSet<&str> =
            r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(ids.contains("same") && ids.contains("same-9999"));
    }

    #[test]
    fn heading_ids_and_classes_cannot_break_out_of_their_attribute() {
        let r = render("# H {#a\"onmouseover=alert(1) .b'&x}\n", &env());
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        assert_eq!(
            r.html,
            "<h1 id=\"a&quot;onmouseover=alert(1)\" class=\"b&#39;&amp;x\">H</h1>\n"
        );
    }

    fn refused_urls(body: &str, e: &Env<u32>) -> Vec<(String, String)> {
        render(body, e)
            .problems
            .iter()
            .map(|p| match p {
                Problem::Url { url, range, .. } => (url.clone(), body[range.clone()].to_string()),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn script_links_and_images_are_refused_with_their_place_in_either_mode() {
        let body = "[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](jav&#x61;script:x) \
                    [d](<java\tscript:x>) <javascript:alert(1)> ![e](data:text/html,x) \
                    [f][r]\n\n[r]: vbscript:x\n";
        for e in [env(), strict()] {
            let r = render(body, &e);
            // The autolink's text stays as text; no URL stays in an attribute.
            assert_eq!(r.html.matches("href=\"#\"").count(), 6, "{}", r.html);
            assert_eq!(r.html.matches("src=\"\"").count(), 1, "{}", r.html);
            assert!(!r.html.contains("=\"javascript"), "{}", r.html);
            assert_eq!(
                refused_urls(body, &e),
                [
                    ("javascript:alert(1)", "[a](javascript:alert(1))"),
                    ("JaVaScRiPt:x", "[b](JaVaScRiPt:x)"),
                    ("javascript:x", "[c](jav&#x61;script:x)"),
                    ("java\tscript:x", "[d](<java\tscript:x>)"),
                    ("javascript:alert(1)", "<javascript:alert(1)>"),
                    ("data:text/html,x", "![e](data:text/html,x)"),
                    ("vbscript:x", "[f][r]"),
                ]
                .map(|(u, at)| (u.to_string(), at.to_string()))
            );
        }
    }

    #[test]
    fn strip_html_allows_only_web_mail_relative_and_raster_data_images() {
        let body = "[a](tel:1) ![b](ftp://e.org/b.png) ![c](data:image/png;base64,iVBO) \
                    [d](https://e.org/) [e](mailto:a@b) [f](/x/) ![g](g.png)";
        let refused: Vec<String> = refused_urls(body, &strict())
            .into_iter()
            .map(|u| u.0)
            .collect();
        assert_eq!(refused, ["tel:1", "ftp://e.org/b.png"]);
        let r = render(body, &strict());
        assert!(
            r.html.contains("src=\"data:image/png;base64,iVBO\""),
            "{}",
            r.html
        );
        assert!(
            !r.html.contains("tel:") && !r.html.contains("ftp:"),
            "{}",
            r.html
        );
        assert_eq!(refused_urls(body, &env()), Vec::<(String, String)>::new());
    }

    fn pictures(key: &str) -> Option<Result<crate::images::Size, crate::images::Error>> {
        use crate::images::{Error, Size};
        match key {
            "briefings/map.png" => Some(Ok(Size {
                width: 1200,
                height: 800,
            })),
            "briefings/bad.jpg" => Some(Err(Error::Corrupt("no end".into()))),
            _ => None,
        }
    }

    fn with_pictures() -> Env<'static, u32> {
        Env {
            image: &pictures,
            ..env()
        }
    }

    #[test]
    fn a_picture_alone_in_its_paragraph_is_a_figure_with_caption_credit_and_widths() {
        let body = "Before.\n\n![Schematic *map* of `x` & y](map.png \"Illustration: desk <b>\")\n\nAfter.";
        for e in [
            with_pictures(),
            Env {
                strip_html: true,
                ..with_pictures()
            },
        ] {
            let r = render(body, &e);
            assert_eq!(
                r.html,
                "<p>Before.</p>\n<figure>\n<img src=\"map.png\" \
                 srcset=\"map-480w.png 480w, map-960w.png 960w, map.png 1200w\" \
                 sizes=\"(max-width: 40rem) 100vw, 40rem\" width=\"1200\" height=\"800\" \
                 alt=\"Schematic map of x &amp; y\" loading=\"lazy\" decoding=\"async\">\n\
                 <figcaption>Schematic map of x &amp; y <small class=\"credit\">Illustration: desk \
                 &lt;b&gt;</small></figcaption>\n</figure>\n<p>After.</p>\n"
            );
            assert!(r.problems.is_empty(), "{:?}", r.problems);
            assert_eq!(r.local_links[0].url, "map.png");
            assert_eq!(r.images.len(), 1);
            assert_eq!(r.first_paragraph, "Before.");
        }
    }

    #[test]
    fn pictures_inside_text_on_the_web_or_unknown_stay_images() {
        let r = render(
            "See ![a](map.png) here.\n\n![b](https://e.org/map.png)\n\n![c](gone.png)\n\n\
             ![d](map.svg)\n\n![e](map.png) ![f](map.png)\n",
            &with_pictures(),
        );
        assert!(!r.html.contains("<figure"), "{}", r.html);
        assert_eq!(r.html.matches("<img").count(), 6, "{}", r.html);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn figures_without_alt_text_or_with_a_broken_picture_are_problems_at_their_place() {
        let body = "x\n\n![](map.png \"credit\")\n\n![Broken](bad.jpg)\n";
        let r = render(body, &with_pictures());
        let got: Vec<(String, &str)> = r
            .problems
            .iter()
            .map(|p| (p.message(), &body[p.range().clone()]))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "figure without alt text".to_string(),
                    "![](map.png \"credit\")"
                ),
                (
                    "picture content/briefings/bad.jpg: corrupt picture: no end".to_string(),
                    "![Broken](bad.jpg)"
                ),
            ]
        );
        assert!(!r.html.contains("bad.jpg"), "{}", r.html);
    }

    #[test]
    fn schemes_are_told_from_paths() {
        assert!(is_external("javascript:alert(1)"));
        assert!(is_external("mailto:a@b"));
        assert!(!is_external("/a/b:c"));
        assert!(!is_external("a/b"));
    }
}
