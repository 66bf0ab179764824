//! Feeds and crawler files: Atom feeds (RFC 4287), `sitemap.xml` and `robots.txt`.
//!
//! Everything here is a pure function of the [`Site`]: no clock, no I/O, so two builds of
//! the same content are byte-identical. Feeds and sitemaps need absolute URLs, so without
//! a `base_url` only `robots.txt` is written.
//!
//! - `atom.xml`: the newest 50 briefings, full body as `content type="html"`.
//! - `actors/<slug>/atom.xml`: the actor's briefings and statements, newest first, max 50.
//! - `topics/<slug>/atom.xml`: the topic's briefings, newest first, max 50.
//! - `authors/<slug>/atom.xml`: the author's briefings, newest first, max 50.
//!
//! A briefing's entry names the people of its byline as its `<author>`s; without a
//! byline the feed's author (the site's) stands for it, as Atom provides.
//!
//! In the actor and topic feeds a briefing is its title, summary and link, without the
//! body: with hundreds of actors, full bodies would repeat each briefing in every feed of
//! everyone involved (150 MB of feeds for a 10,000-briefing site). A statement entry
//! carries the statement, speaker, date, venue and source as HTML.
//!
//! Page URLs are the canonical ones the theme puts in `<link rel="canonical">`:
//! `base_url` + page path without its trailing `index.html`
//! (`https://example.org/sub/briefings/x/`). Entry ids are those URLs (a statement's is
//! its briefing's URL + `#quote-<n>`), so an entry keeps its id across builds and across
//! feeds. Every `updated` comes from the content: a briefing's `updated` (else `date`)
//! lower bound, a statement's `said` lower bound; a feed's own `updated` is the newest of
//! its entries.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;

use crate::dates::{Day, Moment};
use crate::model::{self, ActorId, AuthorId, Briefing, BriefingId, Byline, QuoteId, Site, TopicId};
use crate::render::{self, OutputFile};
use crate::url::{file_url, page_url};

/// Most entries in one feed.
pub const FEED_LIMIT: usize = 50;
/// Most URLs in one sitemap file (the sitemaps.org limit).
pub const SITEMAP_LIMIT: usize = 50_000;

const GENERATOR: &str = concat!(
    "<generator version=\"",
    env!("CARGO_PKG_VERSION"),
    "\">briefing</generator>"
);

/// Whether `path` is one this module's [`files`] can write, known without making them:
/// `serve` makes them only when one is asked for.
pub fn owns(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name == "atom.xml"
        || path == "robots.txt"
        || path == "sitemap.xml"
        || path
            .strip_prefix("sitemap-")
            .and_then(|rest| rest.strip_suffix(".xml"))
            .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()))
}

/// Atom feeds, sitemap and `robots.txt`; feeds and sitemap only with a `base_url`.
///
/// The site of a language other than the default has its own feeds only: the one
/// sitemap and `robots.txt` at the root cover every language.
pub fn files(site: &Site) -> Vec<OutputFile> {
    let mut out = Vec::new();
    let at_root = site.config.prefix.is_empty();
    if let Some(base) = site.config.base_url.as_deref() {
        out.extend(atom_feeds(site, base));
        if at_root {
            out.extend(sitemaps(site, base));
        }
    }
    if at_root {
        out.push(robots(site));
    }
    out
}

// ------------------------------------------------------------------ escaping & URLs

/// Escapes text for XML 1.0 content and attribute values, dropping characters XML 1.0
/// does not allow (C0 controls other than tab, LF, CR; U+FFFE, U+FFFF) and the C1
/// controls it discourages. CR is kept as a character reference so parsers do not
/// normalise it away.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 => {}
            '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for HTML (used inside HTML that is then XML-escaped as content).
fn html_escape(s: &str) -> String {
    crate::escape::html(s)
}

// ------------------------------------------------------------------ dates

/// The newest change of any briefing; what listing pages and empty feeds are dated by.
fn site_updated(site: &Site) -> Option<Moment> {
    site.briefings.iter().map(|b| b.last_changed()).max()
}

fn fallback_day(site: &Site) -> Moment {
    site_updated(site).unwrap_or(Moment::on(Day {
        year: 1970,
        month: 1,
        day: 1,
    }))
}

// ------------------------------------------------------------------ Atom

/// One entry, ready to write, with what it sorts by.
struct Entry {
    /// Newest first by this, then by `rank` (briefings before statements), then `seq`.
    published: Moment,
    rank: u8,
    seq: usize,
    updated: Moment,
    xml: String,
}

/// What a feed is about.
struct FeedHead<'a> {
    path: String,
    title: String,
    subtitle: Option<&'a str>,
    page: String,
}

fn atom_feeds(site: &Site, base: &str) -> Vec<OutputFile> {
    let mut out = Vec::new();
    let latest: Vec<Entry> = site
        .briefings_by_date
        .iter()
        .take(FEED_LIMIT)
        .enumerate()
        .map(|(seq, &b)| briefing_entry(site, base, b, seq, true))
        .collect();
    out.push(feed(
        site,
        base,
        &FeedHead {
            path: "atom.xml".into(),
            title: site.config.title.clone(),
            subtitle: site.config.description.as_deref(),
            page: "index.html".into(),
        },
        latest,
    ));
    let actors: Vec<OutputFile> = (0..site.actors.len())
        .into_par_iter()
        .map(|i| actor_feed(site, base, ActorId(i as u32)))
        .collect();
    out.extend(actors);
    let topics: Vec<OutputFile> = (0..site.topics.len())
        .into_par_iter()
        .map(|i| topic_feed(site, base, TopicId(i as u32)))
        .collect();
    out.extend(topics);
    out.extend((0..site.authors.len()).map(|i| author_feed(site, base, AuthorId(i as u32))));
    out
}

fn actor_feed(site: &Site, base: &str, id: ActorId) -> OutputFile {
    let actor = &site.actors[id.index()];
    // Order everything first, then render only the entries that make the cut.
    enum Item {
        Briefing(BriefingId),
        Quote(QuoteId),
    }
    let mut items: Vec<(Moment, u8, usize, Item)> = Vec::new();
    for (seq, &b) in site.actor_briefings[id.index()].iter().enumerate() {
        let day = site.briefings[b.index()].date.start();
        items.push((day, 0, seq, Item::Briefing(b)));
    }
    // Statements come oldest first; number them newest first so ties keep that order.
    let quotes = &site.actor_quotes[id.index()];
    for (seq, &q) in quotes.iter().rev().enumerate() {
        let day = site.quotes[q.index()].said.start();
        items.push((day, 1, seq, Item::Quote(q)));
    }
    items.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    items.truncate(FEED_LIMIT);
    let entries = items
        .into_iter()
        .map(|(_, _, seq, item)| match item {
            Item::Briefing(b) => briefing_entry(site, base, b, seq, false),
            Item::Quote(q) => quote_entry(site, base, q, seq),
        })
        .collect();
    let slug = actor.slug.as_str();
    feed(
        site,
        base,
        &FeedHead {
            path: format!("actors/{slug}/atom.xml"),
            title: format!("{} · {}", actor.name, site.config.title),
            subtitle: actor.role.as_deref(),
            page: model::actor_path(&actor.slug),
        },
        entries,
    )
}

fn topic_feed(site: &Site, base: &str, id: TopicId) -> OutputFile {
    let topic = &site.topics[id.index()];
    let head = FeedHead {
        path: format!("topics/{}/atom.xml", topic.slug.as_str()),
        title: format!("{} · {}", topic.name, site.config.title),
        subtitle: None,
        page: model::topic_path(&topic.slug),
    };
    briefings_feed(site, base, &site.topic_briefings[id.index()], &head)
}

fn author_feed(site: &Site, base: &str, id: AuthorId) -> OutputFile {
    let author = &site.authors[id.index()];
    let head = FeedHead {
        path: format!("authors/{}/atom.xml", author.slug.as_str()),
        title: format!("{} · {}", author.name, site.config.title),
        subtitle: author.role.as_deref(),
        page: model::author_path(&author.slug),
    };
    briefings_feed(site, base, &site.author_briefings[id.index()], &head)
}

/// A feed of `briefings` (newest first), the latest [`FEED_LIMIT`] of them.
fn briefings_feed(
    site: &Site,
    base: &str,
    briefings: &[BriefingId],
    head: &FeedHead,
) -> OutputFile {
    let entries = briefings
        .iter()
        .take(FEED_LIMIT)
        .enumerate()
        .map(|(seq, &b)| briefing_entry(site, base, b, seq, false))
        .collect();
    feed(site, base, head, entries)
}

/// The `<author>` elements of a briefing's entry: one per name of its byline.
fn entry_authors(site: &Site, base: &str, b: &Briefing, x: &mut String) {
    for by in &b.authors {
        let (name, uri) = match by {
            Byline::Name(name) => (name.as_str(), None),
            Byline::Author(a) => {
                let a = &site.authors[a.index()];
                (
                    a.name.as_str(),
                    Some(page_url(base, &model::author_path(&a.slug))),
                )
            }
        };
        let _ = write!(x, "    <author><name>{}</name>", xml_escape(name));
        if let Some(uri) = uri {
            let _ = write!(x, "<uri>{}</uri>", xml_escape(&uri));
        }
        x.push_str("</author>\n");
    }
}

fn feed(site: &Site, base: &str, head: &FeedHead, mut entries: Vec<Entry>) -> OutputFile {
    entries.sort_by(|a, b| {
        b.published
            .cmp(&a.published)
            .then(a.rank.cmp(&b.rank))
            .then(a.seq.cmp(&b.seq))
    });
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_else(|| fallback_day(site));
    let self_url = file_url(base, &head.path);
    let author = site.config.author.as_deref().unwrap_or(&site.config.title);
    let mut x = String::with_capacity(1024 + entries.iter().map(|e| e.xml.len()).sum::<usize>());
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml_escape(&site.config.language)
    );
    let _ = writeln!(x, "  <id>{}</id>", xml_escape(&self_url));
    let _ = writeln!(x, "  <title>{}</title>", xml_escape(&head.title));
    if let Some(s) = head.subtitle.filter(|s| !s.trim().is_empty()) {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", xml_escape(s));
    }
    let _ = writeln!(x, "  <updated>{}</updated>", updated.rfc3339());
    let _ = writeln!(x, "  <author><name>{}</name></author>", xml_escape(author));
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&page_url(base, &head.page))
    );
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(&self_url)
    );
    let _ = writeln!(x, "  {GENERATOR}");
    for e in &entries {
        x.push_str(&e.xml);
    }
    x.push_str("</feed>\n");
    OutputFile {
        path: head.path.clone(),
        bytes: x.into_bytes(),
    }
}

/// A briefing as an entry; `full`: with its body as content.
fn briefing_entry(site: &Site, base: &str, id: BriefingId, seq: usize, full: bool) -> Entry {
    let b = &site.briefings[id.index()];
    let url = page_url(base, &model::briefing_path(&b.slug));
    let published = b.date.start();
    let updated = b.last_changed();
    let body = if full { b.body_html.text() } else { "".into() };
    let mut x = String::with_capacity(body.len() * 6 / 5 + 512);
    x.push_str("  <entry>\n");
    let _ = writeln!(x, "    <id>{}</id>", xml_escape(&url));
    let _ = writeln!(x, "    <title>{}</title>", xml_escape(&b.title));
    let _ = writeln!(
        x,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&url)
    );
    let _ = writeln!(x, "    <published>{}</published>", published.rfc3339());
    let _ = writeln!(x, "    <updated>{}</updated>", updated.rfc3339());
    entry_authors(site, base, b, &mut x);
    for &t in &b.topics {
        let topic = &site.topics[t.index()];
        let _ = writeln!(
            x,
            "    <category term=\"{}\" label=\"{}\"/>",
            xml_escape(topic.slug.as_str()),
            xml_escape(&topic.name)
        );
    }
    if !b.summary.trim().is_empty() {
        let _ = writeln!(x, "    <summary>{}</summary>", xml_escape(&b.summary));
    }
    if !body.trim().is_empty() {
        // The body's links are relative to the briefing page; xml:base resolves them.
        let _ = writeln!(
            x,
            "    <content type=\"html\" xml:base=\"{}\">{}</content>",
            xml_escape(&url),
            xml_escape(&body)
        );
    }
    x.push_str("  </entry>\n");
    Entry {
        published,
        rank: 0,
        seq,
        updated,
        xml: x,
    }
}

/// Up to `max` characters of `s`, cut at a word boundary, with an ellipsis if cut.
pub fn shorten(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => &cut[..],
    };
    format!("{}…", cut.trim_end())
}

fn quote_entry(site: &Site, base: &str, id: QuoteId, seq: usize) -> Entry {
    let q = &site.quotes[id.index()];
    let b = &site.briefings[q.briefing.index()];
    let actor = &site.actors[q.by.index()];
    let briefing_url = page_url(base, &model::briefing_path(&b.slug));
    let url = format!("{briefing_url}#quote-{}", q.ordinal);
    let day = q.said.start();
    let l = site.config.locale();
    // As its page shows it: in the feed's language where the desk translated it.
    let said = q.lang.as_deref().unwrap_or(&site.config.language);
    let translated = q.translation(&site.config.language);
    let shown = translated.unwrap_or(&q.text);
    let title = format!("{}: “{}”", actor.name, shorten(shown, 100));
    let mut html = String::new();
    let _ = write!(
        html,
        "<blockquote><p>{}</p></blockquote>",
        html_escape(shown)
    );
    if translated.is_some() {
        let _ = write!(
            html,
            "<p>{}: <q lang=\"{}\">{}</q> ({})</p>",
            html_escape(l.text("original")),
            html_escape(said),
            html_escape(&q.text),
            html_escape(l.text("translated_by_desk"))
        );
    }
    let _ = write!(
        html,
        "<p>— <a href=\"{}\">{}</a>, {}",
        html_escape(&page_url(base, &model::actor_path(&actor.slug))),
        html_escape(&actor.name),
        html_escape(&l.dates.edtf(&q.said))
    );
    if let Some(v) = &q.venue {
        let _ = write!(html, ", {}", html_escape(v));
    }
    html.push_str("</p>");
    if let Some(s) = q.source.and_then(|i| b.sources.get(i)) {
        let _ = write!(html, "<p>{}: ", html_escape(l.text("source")));
        match &s.url {
            Some(u) => {
                let _ = write!(
                    html,
                    "<a href=\"{}\">{}</a>",
                    html_escape(u),
                    html_escape(&s.title)
                );
            }
            None => html.push_str(&html_escape(&s.title)),
        }
        if let Some(p) = &s.publisher {
            let _ = write!(html, " ({})", html_escape(p));
        }
        html.push_str("</p>");
    }
    let _ = write!(
        html,
        "<p>{} <a href=\"{}\">{}</a></p>",
        html_escape(l.text("in_briefing")),
        html_escape(&briefing_url),
        html_escape(&b.title)
    );
    let mut x = String::with_capacity(html.len() * 6 / 5 + 512);
    x.push_str("  <entry>\n");
    let _ = writeln!(x, "    <id>{}</id>", xml_escape(&url));
    let _ = writeln!(x, "    <title>{}</title>", xml_escape(&title));
    let _ = writeln!(
        x,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&url)
    );
    let _ = writeln!(x, "    <published>{}</published>", day.rfc3339());
    let _ = writeln!(x, "    <updated>{}</updated>", day.rfc3339());
    let _ = writeln!(x, "    <summary>{}</summary>", xml_escape(&q.text));
    let _ = writeln!(
        x,
        "    <content type=\"html\">{}</content>",
        xml_escape(&html)
    );
    x.push_str("  </entry>\n");
    Entry {
        published: day,
        rank: 1,
        seq,
        updated: day,
        xml: x,
    }
}

// ------------------------------------------------------------------ sitemap & robots

/// One URL of a sitemap: its page, its last change, and its versions in every language
/// that has the page (itself included), for `xhtml:link`.
struct SitemapUrl {
    loc: String,
    lastmod: Option<Moment>,
    alternates: Vec<(String, String)>,
}

/// Every HTML page worth listing, by path, sorted, with its last change where one is
/// known: a briefing's own; an actor's or topic's newest briefing (on each of its pages);
/// the site's newest briefing for the home page and the listings; none for free pages.
fn sitemap_pages(site: &Site) -> Vec<(String, Option<Moment>)> {
    let newest = site_updated(site);
    let newest_of = |ids: &[BriefingId]| {
        ids.iter()
            .map(|b| site.briefings[b.index()].last_changed())
            .max()
    };
    let briefings: BTreeMap<&str, &Briefing> = site
        .briefings
        .iter()
        .map(|b| (b.slug.as_str(), &**b))
        .collect();
    let actors: BTreeMap<&str, usize> = site
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.slug.as_str(), i))
        .collect();
    let authors: BTreeMap<&str, usize> = site
        .authors
        .iter()
        .enumerate()
        .map(|(i, a)| (a.slug.as_str(), i))
        .collect();
    let topics: BTreeMap<&str, usize> = site
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| (t.slug.as_str(), i))
        .collect();
    // Dated by path, so this does not depend on how the renderer splits its work.
    let lastmod = |path: &str| -> Option<Moment> {
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            ["index.html"] => newest,
            ["briefings", slug, "index.html"] if briefings.contains_key(slug) => {
                Some(briefings[slug].last_changed())
            }
            ["actors", slug, _, ..] if actors.contains_key(slug) => {
                newest_of(&site.actor_briefings[actors[slug]])
            }
            ["topics", slug, _, ..] if topics.contains_key(slug) => {
                newest_of(&site.topic_briefings[topics[slug]])
            }
            ["authors", slug, _, ..] if authors.contains_key(slug) => {
                newest_of(&site.author_briefings[authors[slug]])
            }
            [
                "briefings" | "actors" | "topics" | "authors" | "timeline" | "quotes",
                ..,
            ] => newest,
            _ => None,
        }
    };
    let mut paths: Vec<String> = render::jobs(site)
        .iter()
        .map(|job| job.path(site))
        // The search page has no content of its own; 404 and assets are not pages.
        .filter(|p| p.ends_with(".html") && p != "404.html" && p != "search/index.html")
        .collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .map(|p| {
            let m = lastmod(&p);
            (p, m)
        })
        .collect()
}

fn urlset(urls: &[SitemapUrl]) -> Vec<u8> {
    let mut x = String::with_capacity(urls.len() * 100 + 200);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if urls.iter().any(|u| !u.alternates.is_empty()) {
        x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    } else {
        x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    }
    for u in urls {
        let _ = write!(x, "  <url><loc>{}</loc>", xml_escape(&u.loc));
        if let Some(d) = u.lastmod {
            let _ = write!(x, "<lastmod>{}</lastmod>", d.iso());
        }
        for (lang, href) in &u.alternates {
            let _ = write!(
                x,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                xml_escape(lang),
                xml_escape(href)
            );
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x.into_bytes()
}

/// The sitemap of the site and its other languages: every page of each, those that
/// exist in several languages with their alternates.
fn sitemaps(site: &Site, base: &str) -> Vec<OutputFile> {
    let editions: Vec<&Site> = std::iter::once(site)
        .chain(site.languages.iter().map(|s| &**s))
        .collect();
    let pages: Vec<Vec<(String, Option<Moment>)>> =
        editions.iter().map(|s| sitemap_pages(s)).collect();
    let base_of = |s: &Site| {
        s.config
            .base_url
            .clone()
            .unwrap_or_else(|| base.to_string())
    };
    // Per path, the languages that have it and its URL in each.
    let mut versions: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    if editions.len() > 1 {
        for (s, ps) in editions.iter().zip(&pages) {
            for (p, _) in ps {
                let url = page_url(&base_of(s), p);
                versions
                    .entry(p)
                    .or_default()
                    .push((s.config.language.clone(), url));
            }
        }
    }
    let mut urls: Vec<SitemapUrl> = Vec::new();
    for (s, ps) in editions.iter().zip(&pages) {
        let base = base_of(s);
        for (p, lastmod) in ps {
            let alternates = match versions.get(p.as_str()) {
                Some(v) if v.len() > 1 => {
                    let mut v = v.clone();
                    if v[0].0 == site.config.language {
                        v.push(("x-default".to_string(), v[0].1.clone()));
                    }
                    v
                }
                _ => Vec::new(),
            };
            urls.push(SitemapUrl {
                loc: page_url(&base, p),
                lastmod: *lastmod,
                alternates,
            });
        }
    }
    if editions.len() > 1 {
        urls.sort_by(|a, b| a.loc.cmp(&b.loc));
    }
    sitemap_files(&urls, base, SITEMAP_LIMIT)
}

/// One `sitemap.xml`, or, past `limit` URLs, `sitemap-1.xml`… and an index at
/// `sitemap.xml`.
fn sitemap_files(urls: &[SitemapUrl], base: &str, limit: usize) -> Vec<OutputFile> {
    if urls.len() <= limit {
        return vec![OutputFile {
            path: "sitemap.xml".into(),
            bytes: urlset(urls),
        }];
    }
    let mut out = Vec::new();
    let mut index = String::new();
    index.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    index.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (i, chunk) in urls.chunks(limit).enumerate() {
        let path = format!("sitemap-{}.xml", i + 1);
        let _ = write!(
            index,
            "  <sitemap><loc>{}</loc>",
            xml_escape(&file_url(base, &path))
        );
        if let Some(d) = chunk.iter().filter_map(|u| u.lastmod).max() {
            let _ = write!(index, "<lastmod>{}</lastmod>", d.iso());
        }
        index.push_str("</sitemap>\n");
        out.push(OutputFile {
            path,
            bytes: urlset(chunk),
        });
    }
    index.push_str("</sitemapindex>\n");
    out.insert(
        0,
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: index.into_bytes(),
        },
    );
    out
}

fn robots(site: &Site) -> OutputFile {
    let mut s = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &site.config.base_url {
        let _ = writeln!(s, "Sitemap: {base}sitemap.xml");
    }
    OutputFile {
        path: "robots.txt".into(),
        bytes: s.into_bytes(),
    }
}

/// Building small sites from literal files, for the tests of this and sibling modules.
#[cfg(test)]
pub(crate) mod testing {
    use std::path::PathBuf;

    use crate::config::Config;
    use crate::discover::{Section, Source};
    use crate::model::{self, Options, Site};

    /// A source file of `section` named `stem` with `text` (front matter and body).
    pub fn source(section: Section, stem: &str, text: &str) -> Source {
        let dir = match section {
            Section::Briefing => "briefings",
            Section::Actor => "actors",
            Section::Topic => "topics",
            Section::Page => "pages",
            Section::Author => "authors",
        };
        Source {
            section,
            rel: PathBuf::from(format!("content/{dir}/{stem}.md")),
            stem: stem.to_string(),
            text: text.into(),
            reread: None,
            seen: None,
        }
    }

    /// Builds a site, panicking with the diagnostics if it does not validate.
    pub fn site(base_url: Option<&str>, sources: &[Source]) -> Site {
        let config = Config {
            title: "Test & <Briefings>".into(),
            base_url: base_url.map(str::to_string),
            ..Config::default()
        };
        match model::build(config, sources, &Options::default()) {
            Ok(s) => s,
            Err(d) => panic!("test site does not build: {d:#?}"),
        }
    }

    /// A small site: two actors, two briefings with quotes, events and sources.
    pub fn sample(base_url: Option<&str>) -> Site {
        site(
            base_url,
            &[
                source(
                    Section::Actor,
                    "antony-blinken",
                    "---\nname: Antony Blinken\nkind: person\nrole: US Secretary of State\naliases: [Blinken, Tony Blinken]\naffiliations: [united-states]\n---\nTop diplomat.\n",
                ),
                source(
                    Section::Actor,
                    "united-states",
                    "---\nname: United States\nkind: state\n---\n",
                ),
                source(
                    Section::Actor,
                    "volodymyr-zelenskyy",
                    "---\nname: Volodymyr Zelenskyy\nkind: person\naliases: [Zelenskyy, Зеленський]\n---\n",
                ),
                source(
                    Section::Briefing,
                    "very-credible",
                    concat!(
                        "---\n",
                        "title: \"Blinken: reports are 'very credible' & <serious>\"\n",
                        "date: 2022-03-06\n",
                        "updated: 2022-03-08\n",
                        "summary: \"Blinken calls reports very credible. Zelenskýy asks for more, ]]> =1+1\"\n",
                        "topics: [war crimes]\n",
                        "location: Rzeszów\n",
                        "actors: [antony-blinken]\n",
                        "quotes:\n",
                        "  - by: Blinken\n",
                        "    text: \"very credible, \\\"deliberate\\\"\"\n",
                        "    said: 2022-03-06\n",
                        "    venue: CNN, State of the Union\n",
                        "    source: report\n",
                        "  - by: Zelenskyy\n",
                        "    text: \"=HYPERLINK(\\\"x\\\") we need planes\\u0007\"\n",
                        "    said: 2022-03~\n",
                        "events:\n",
                        "  - date: 2022-03-04/2022-03-05\n",
                        "    what: Talks, \"round two\"\n",
                        "    actors: [Blinken, united-states]\n",
                        "    where: Brussels\n",
                        "    source: report\n",
                        "sources:\n",
                        "  - id: report\n",
                        "    title: A report, \"quoted\"\n",
                        "    publisher: The Paper\n",
                        "    date: 2022-03-06\n",
                        "    url: https://example.com/a?b=1&c=2\n",
                        "    grade: B2\n",
                        "---\n",
                        "Body with a [[united-states|link]] and <b>html</b> ]]> end.\n",
                    ),
                ),
                source(
                    Section::Briefing,
                    "older",
                    concat!(
                        "---\n",
                        "title: Older briefing\n",
                        "date: 2022-02\n",
                        "topics: [War Crimes, sanctions]\n",
                        "quotes:\n",
                        "  - by: antony-blinken\n",
                        "    text: \"-we will respond\"\n",
                        "    said: 2022-02-20\n",
                        "---\n",
                        "First paragraph.\n",
                    ),
                ),
                source(
                    Section::Page,
                    "about",
                    "---\ntitle: About\n---\nAbout us.\n",
                ),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::testing::sample;
    use super::*;

    fn file<'a>(files: &'a [OutputFile], path: &str) -> &'a str {
        let f = files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path} among {:?}", paths(files)));
        std::str::from_utf8(&f.bytes).unwrap()
    }

    fn paths(files: &[OutputFile]) -> Vec<&str> {
        files.iter().map(|f| f.path.as_str()).collect()
    }

    const BASE: &str = "https://example.org/sub/";

    #[test]
    fn escape_covers_markup_quotes_and_forbidden_chars() {
        assert_eq!(
            xml_escape("a&b<c>d\"e'f]]>g\u{0}\u{7}\u{1b}h\ti\nj\rk\u{85}\u{fffe}l€😀"),
            "a&amp;b&lt;c&gt;d&quot;e&apos;f]]&gt;gh\ti\nj&#13;kl€😀"
        );
    }

    #[test]
    fn without_base_url_only_robots_is_written() {
        let files = files(&sample(None));
        assert_eq!(paths(&files), ["robots.txt"]);
        assert_eq!(file(&files, "robots.txt"), "User-agent: *\nAllow: /\n");
    }

    #[test]
    fn robots_names_the_sitemap() {
        let files = files(&sample(Some(BASE)));
        assert_eq!(
            file(&files, "robots.txt"),
            "User-agent: *\nAllow: /\nSitemap: https://example.org/sub/sitemap.xml\n"
        );
    }

    #[test]
    fn feeds_exist_for_site_actors_and_topics() {
        let files = files(&sample(Some(BASE)));
        let p = paths(&files);
        for want in [
            "atom.xml",
            "actors/antony-blinken/atom.xml",
            "actors/united-states/atom.xml",
            "actors/volodymyr-zelenskyy/atom.xml",
            "topics/war-crimes/atom.xml",
            "topics/sanctions/atom.xml",
            "sitemap.xml",
            "robots.txt",
        ] {
            assert!(p.contains(&want), "{want} missing from {p:?}");
        }
    }

    #[test]
    fn site_feed_is_well_formed_atom() {
        let files = files(&sample(Some(BASE)));
        let x = file(&files, "atom.xml");
        assert!(x.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
        assert!(x.contains("<id>https://example.org/sub/atom.xml</id>"));
        assert!(x.contains("<title>Test &amp; &lt;Briefings&gt;</title>"));
        // No author configured: the site title stands in.
        assert!(x.contains("<author><name>Test &amp; &lt;Briefings&gt;</name></author>"));
        assert!(x.contains(
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/sub/atom.xml\"/>"
        ));
        assert!(x.contains(
            "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/sub/\"/>"
        ));
        // Feed updated = newest entry updated, from content, not the clock.
        assert!(x.contains("  <updated>2022-03-08T00:00:00Z</updated>"));
        assert!(x.contains("<id>https://example.org/sub/briefings/very-credible/</id>"));
        assert!(x.contains("<published>2022-03-06T00:00:00Z</published>"));
        assert!(x.contains("<updated>2022-02-01T00:00:00Z</updated>"));
        assert!(x.contains("<category term=\"war-crimes\" label=\"war crimes\"/>"));
        assert!(x.contains(
            "<title>Blinken: reports are &apos;very credible&apos; &amp; &lt;serious&gt;</title>"
        ));
        assert!(x.contains("<summary>Blinken calls reports very credible. Zelenskýy asks for more, ]]&gt; =1+1</summary>"));
        assert!(x.contains(
            "<content type=\"html\" xml:base=\"https://example.org/sub/briefings/very-credible/\">&lt;p&gt;Body with a &lt;a"
        ));
        assert!(!x.contains("]]>"));
        // Newest first.
        let newer = x.find("briefings/very-credible/").unwrap();
        let older = x.find("briefings/older/").unwrap();
        assert!(newer < older);
        assert_eq!(x.matches("<entry>").count(), 2);
        assert!(x.ends_with("</feed>\n"));
    }

    #[test]
    fn actor_feed_mixes_briefings_and_statements_newest_first() {
        let files = files(&sample(Some(BASE)));
        let x = file(&files, "actors/antony-blinken/atom.xml");
        assert!(x.contains("<id>https://example.org/sub/actors/antony-blinken/atom.xml</id>"));
        assert!(x.contains("<title>Antony Blinken · Test &amp; &lt;Briefings&gt;</title>"));
        assert!(x.contains("<subtitle>US Secretary of State</subtitle>"));
        assert!(x.contains("href=\"https://example.org/sub/actors/antony-blinken/\"/>"));
        let ids: Vec<&str> = x
            .match_indices("<id>")
            .map(|(i, _)| &x[i + 4..i + 4 + x[i + 4..].find('<').unwrap()])
            .collect();
        assert_eq!(
            ids,
            [
                "https://example.org/sub/actors/antony-blinken/atom.xml",
                "https://example.org/sub/briefings/very-credible/",
                "https://example.org/sub/briefings/very-credible/#quote-1",
                "https://example.org/sub/briefings/older/#quote-1",
                "https://example.org/sub/briefings/older/",
            ]
        );
        assert!(
            x.contains("<title>Antony Blinken: “very credible, &quot;deliberate&quot;”</title>")
        );
        // The statement as HTML, escaped once for HTML and once for XML.
        assert!(x.contains(
            "&lt;blockquote&gt;&lt;p&gt;very credible, &amp;quot;deliberate&amp;quot;&lt;/p&gt;"
        ));
        assert!(x.contains("https://example.com/a?b=1&amp;amp;c=2"));
        // Briefings without their body: only the two statements have content.
        assert_eq!(x.matches("<content").count(), 2);
        assert!(!x.contains("xml:base"));
        assert!(x.contains("  <updated>2022-03-08T00:00:00Z</updated>"));
    }

    #[test]
    fn control_characters_never_reach_the_feed() {
        let files = files(&sample(Some(BASE)));
        let x = file(&files, "actors/volodymyr-zelenskyy/atom.xml");
        assert!(x.contains("we need planes"));
        assert!(!x.contains('\u{7}'));
        for f in &files {
            let s = std::str::from_utf8(&f.bytes).unwrap();
            assert!(
                !s.chars().any(|c| (c as u32) < 0x20 && c != '\n'),
                "{}",
                f.path
            );
        }
    }

    #[test]
    fn topic_feed_lists_its_briefings() {
        let files = files(&sample(Some(BASE)));
        let x = file(&files, "topics/sanctions/atom.xml");
        assert!(x.contains("<title>sanctions · Test &amp; &lt;Briefings&gt;</title>"));
        assert_eq!(x.matches("<entry>").count(), 1);
        assert!(x.contains("<id>https://example.org/sub/briefings/older/</id>"));
        let x = file(&files, "topics/war-crimes/atom.xml");
        assert_eq!(x.matches("<entry>").count(), 2);
        // Title, summary and link; the body is in the site feed and on the page.
        assert!(x.contains("<summary>Blinken calls reports"));
        assert!(!x.contains("<content"));
    }

    #[test]
    fn empty_feed_is_dated_by_the_site_not_the_clock() {
        let files = files(&sample(Some(BASE)));
        let x = file(&files, "actors/united-states/atom.xml");
        // Appears in a briefing (event, body link), says nothing.
        assert_eq!(x.matches("<entry>").count(), 1);
        assert!(x.contains("  <updated>2022-03-08T00:00:00Z</updated>"));
    }

    #[test]
    fn builds_are_byte_identical() {
        assert_eq!(files(&sample(Some(BASE))), files(&sample(Some(BASE))));
    }

    #[test]
    fn sitemap_lists_every_page_with_lastmod() {
        let files = files(&sample(Some(BASE)));
        let x = file(&files, "sitemap.xml");
        assert!(x.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"));
        assert!(x.contains(
            "<url><loc>https://example.org/sub/</loc><lastmod>2022-03-08</lastmod></url>"
        ));
        assert!(x.contains("<url><loc>https://example.org/sub/briefings/older/</loc><lastmod>2022-02-01</lastmod></url>"));
        assert!(x.contains("<url><loc>https://example.org/sub/actors/antony-blinken/</loc><lastmod>2022-03-08</lastmod></url>"));
        assert!(x.contains("<url><loc>https://example.org/sub/topics/sanctions/</loc><lastmod>2022-02-01</lastmod></url>"));
        assert!(x.contains("<url><loc>https://example.org/sub/about/</loc></url>"));
        assert!(!x.contains("404"));
        assert!(!x.contains("style.css"));
        let site = sample(Some(BASE));
        let pages = render::jobs(&site)
            .iter()
            .filter(|j| j.path(&site).ends_with(".html"))
            .count();
        // Every page but 404.html and the search page.
        assert_eq!(x.matches("<url>").count(), pages - 2);
    }

    #[test]
    fn large_sitemaps_are_split_under_an_index() {
        let urls: Vec<SitemapUrl> = (0..5)
            .map(|i| {
                let d = Day {
                    year: 2022,
                    month: 3,
                    day: i + 1,
                };
                SitemapUrl {
                    loc: format!("{BASE}p{i}/"),
                    lastmod: (i != 4).then_some(Moment::on(d)),
                    alternates: Vec::new(),
                }
            })
            .collect();
        let files = sitemap_files(&urls, BASE, 2);
        assert_eq!(
            paths(&files),
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let index = file(&files, "sitemap.xml");
        assert!(
            index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
        );
        assert!(index.contains("<sitemap><loc>https://example.org/sub/sitemap-1.xml</loc><lastmod>2022-03-02</lastmod></sitemap>"));
        assert!(
            index.contains("<sitemap><loc>https://example.org/sub/sitemap-3.xml</loc></sitemap>")
        );
        assert_eq!(file(&files, "sitemap-2.xml").matches("<url>").count(), 2);
        assert_eq!(sitemap_files(&urls, BASE, 5).len(), 1);
    }

    #[test]
    fn feeds_keep_at_most_fifty_entries() {
        use crate::discover::Section;
        let mut sources = vec![super::testing::source(
            Section::Actor,
            "a",
            "---\nname: A\n---\n",
        )];
        for i in 0..60 {
            sources.push(super::testing::source(
                Section::Briefing,
                &format!("b{i:02}"),
                &format!(
                    "---\ntitle: B{i}\ndate: 2020-01-{:02}\ntopics: [t]\nactors: [a]\nquotes:\n  - by: a\n    text: q{i}\n    said: 2020-02-{:02}\n---\nx\n",
                    i % 28 + 1,
                    i % 28 + 1
                ),
            ));
        }
        let site = super::testing::site(Some(BASE), &sources);
        let files = files(&site);
        for p in ["atom.xml", "actors/a/atom.xml", "topics/t/atom.xml"] {
            assert_eq!(
                file(&files, p).matches("<entry>").count(),
                FEED_LIMIT,
                "{p}"
            );
        }
        // The actor's newest items are the statements (February), briefings are older.
        let x = file(&files, "actors/a/atom.xml");
        assert!(x.contains("#quote-1</id>"));
        assert!(x.contains("<updated>2020-02-28T00:00:00Z</updated>"));
    }

    #[test]
    fn shorten_cuts_at_words() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 10), "one two…");
        assert_eq!(shorten("abcdefghijklmnop", 5), "abcd…");
    }
}
