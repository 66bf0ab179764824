//! Data export for researchers: the site's actors, briefings, statements and events as
//! JSON and CSV under `data/`.
//!
//! ## Files
//!
//! | file | what |
//! |---|---|
//! | `data/actors.json` | every actor, by `id` |
//! | `data/briefings.json` | every briefing, oldest first |
//! | `data/quotes.json` | every statement once, in the order they were said |
//! | `data/events.json` | every event, in date order |
//! | `data/quotes.csv` | the statements, one row each |
//! | `data/events.csv` | the events, one row each |
//!
//! Each JSON file is an array of objects, one to a line (UTF-8; `<`, `>`, `&`, U+2028 and
//! U+2029 in strings written as `\u003c`, `\u003e`, `\u0026`, `\u2028` and `\u2029`,
//! which parsers read back as is). Every key is always present; a value nobody wrote is
//! `null` (or `[]` for lists). Dates sort by their lower bound, then upper bound, then
//! text; ties are broken by briefing id and then by `n` (below), so the files only
//! change when the content does.
//!
//! ## Ids
//!
//! Ids are stable as long as the slugs are: an actor's `id` is its slug
//! (`antony-blinken`), a briefing's is its slug, a statement's is
//! `<briefing-slug>#quote-<n>` and an event's `<briefing-slug>#event-<n>`, where `n`
//! counts the briefing's quotes (events) from 1 in the order they are written. Wherever
//! an actor is referred to, it is by `id`. `page` is the path of the HTML page (with the
//! anchor of the item) relative to the site root.
//!
//! A statement quoted in several briefings (the same speaker, words and date, or the
//! same editor's `id:`) is one row. Its id is the editor's `id` when one of its quotes
//! has one (the first, in the order below), else `<briefing-slug>#quote-<n>` of its quote
//! in the oldest briefing quoting it (by date, then slug): the same from build to build
//! and whatever order the files are read in, and unchanged for a statement quoted once.
//! `briefing`, `page` and `source` are those of that first quote; `briefings` lists
//! every briefing quoting it, oldest first.
//!
//! ## Shapes
//!
//! - **Date** `{edtf, lower, upper}`: `edtf` as the editor wrote it (EDTF, ISO 8601-2,
//!   e.g. `2022-03~`, `2022-03-01/2022-03-05`), `lower` and `upper` the first and last
//!   ISO days (`YYYY-MM-DD`) it can mean.
//! - **Source** `{id, title, publisher, date: Date|null, url, grade}`; `grade` is an
//!   Admiralty grading such as `B2`. Sources are given inline wherever they are cited.
//! - **actors.json** `{id, name, kind, role, aliases: [string], affiliations: [actor id],
//!   briefings: [briefing id] (newest first), quotes: [quote id] (date order), page}`;
//!   `kind` is `person`, `organisation`, `state`, `group` or `other`.
//! - **briefings.json** `{id, title, date: Date, updated: Date|null, summary, location,
//!   authors: [{id, name}], topics: [{id, name}], actors: [actor id], quotes: [quote id],
//!   events: [event id], sources: [Source], page}`; `authors` is the byline in order, `id`
//!   the author's slug, or `null` for a name without an author file; `actors` is
//!   everyone involved (listed, quoted, in events or linked from the body). The body
//!   itself is on the page.
//! - **quotes.json** `{id, briefing, briefings: [briefing id], by: actor id, text,
//!   said: Date, venue, topics: [topic id], source: Source|null, page}`; `text` is
//!   verbatim; `topics` are those of every briefing quoting it.
//! - **events.json** `{id, briefing, date: Date, what, place, actors: [actor id],
//!   source: Source|null, page}`.
//!
//! ## CSV
//!
//! RFC 4180: UTF-8 without a byte-order mark, CRLF line ends, a header row, every field
//! in double quotes with `"` doubled (so no separator of any locale splits one). Lists (`topics`,
//! `actors`) are ids joined by `;`. To keep spreadsheets from running a field as a
//! formula, a field starting with `=` `+` `-` `@`, tab or CR gets a leading `'`; the
//! JSON files always have the exact text.
//!
//! - `quotes.csv`: `id, briefing, by, by_name, text, said, said_lower, said_upper, venue,
//!   topics, source_title, source_publisher, source_date, source_url, source_grade, page,
//!   briefings` (`briefings` last, so that columns read by position keep their place)
//! - `events.csv`: `id, briefing, date, date_lower, date_upper, what, place, actors,
//!   source_title, source_publisher, source_date, source_url, source_grade, page`

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::dates::Edtf;
use crate::model::{self, ActorId, Briefing, BriefingId, Byline, Citation, EventId, QuoteId, Site};
use crate::render::OutputFile;

/// Whether `path` is one this module's [`files`] can write, known without making them.
pub fn owns(path: &str) -> bool {
    path.starts_with("data/")
}

/// The data files of `site`.
pub fn files(site: &Site) -> Vec<OutputFile> {
    files_into(site, gathered)
}

/// The data files of `site`, each handed to `sink` piece by piece as it is made: at
/// 100,000 briefings `quotes.json` alone is some 200 MB, which is written as it comes
/// rather than held.
pub fn files_into<T>(
    site: &Site,
    sink: impl Fn(&str, &mut dyn Iterator<Item = Vec<u8>>) -> T,
) -> Vec<T> {
    let briefing_order = briefing_order(site);
    let quote_order = quote_order(site);
    let event_order = event_order(site);
    // One after the other, beside the pages, which keep the other cores busy.
    vec![
        sink(
            "data/actors.json",
            &mut pieces(json(actors(site).into_iter())),
        ),
        sink(
            "data/briefings.json",
            &mut pieces(json(briefings(site, &briefing_order))),
        ),
        sink(
            "data/quotes.json",
            &mut pieces(json(quotes(site, &quote_order))),
        ),
        sink(
            "data/events.json",
            &mut pieces(json(events(site, &event_order))),
        ),
        sink(
            "data/quotes.csv",
            &mut pieces(quotes_csv(site, &quote_order)),
        ),
        sink(
            "data/events.csv",
            &mut pieces(events_csv(site, &event_order)),
        ),
    ]
}

/// A file of `path` whose bytes came in `pieces`, whole.
pub fn gathered(path: &str, pieces: &mut dyn Iterator<Item = Vec<u8>>) -> OutputFile {
    let mut bytes = Vec::new();
    for piece in pieces {
        bytes.extend_from_slice(&piece);
    }
    OutputFile {
        path: path.to_string(),
        bytes,
    }
}

/// `parts` joined into pieces of at least a mebibyte (the last excepted): few enough
/// writes, and little held at a time.
fn pieces(parts: impl Iterator<Item = Vec<u8>>) -> impl Iterator<Item = Vec<u8>> {
    const PIECE: usize = 1 << 20;
    let mut parts = parts.peekable();
    std::iter::from_fn(move || {
        let mut piece = parts.next()?;
        while piece.len() < PIECE {
            match parts.next() {
                Some(part) => piece.extend_from_slice(&part),
                None => break,
            }
        }
        Some(piece)
    })
}

/// A JSON array with one object on each line: as easy to read, diff and `grep` as
/// pretty-printed JSON, at two thirds of its size, escaped as
/// [`ScriptSafe`](crate::escape::ScriptSafe) says so that no browser or host sniffing a
/// `.json` file as HTML finds markup in it. In parts: the opening, each item, the end.
fn json<T: Serialize>(items: impl ExactSizeIterator<Item = T>) -> impl Iterator<Item = Vec<u8>> {
    let end: &[u8] = if items.len() == 0 { b"]\n" } else { b"\n]\n" };
    let items = items.enumerate().map(|(i, item)| {
        let mut bytes = Vec::with_capacity(1024);
        bytes.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
        crate::escape::ScriptSafe(&mut bytes).json(&item);
        bytes
    });
    std::iter::once(b"[".to_vec())
        .chain(items)
        .chain(std::iter::once(end.to_vec()))
}

// ------------------------------------------------------------------ ids & orders

/// The id of the statement quote `q` cites (see *Ids*).
fn quote_id(site: &Site, q: QuoteId) -> String {
    let citations = site.citations(q);
    if let Some(id) = citations
        .iter()
        .find_map(|c| site.quotes[c.index()].statement_id.as_deref())
    {
        return id.to_string();
    }
    let q = &site.quotes[citations[0].index()];
    format!(
        "{}#quote-{}",
        site.briefings[q.briefing.index()].slug.as_str(),
        q.ordinal
    )
}

fn event_id(site: &Site, e: EventId) -> String {
    let e = &site.events[e.index()];
    format!(
        "{}#event-{}",
        site.briefings[e.briefing.index()].slug.as_str(),
        e.ordinal
    )
}

fn actor_id(site: &Site, a: ActorId) -> &str {
    site.actors[a.index()].slug.as_str()
}

fn briefing_page(b: &Briefing) -> String {
    model::briefing_path(&b.slug)
}

/// Briefings oldest first, ties by slug.
fn briefing_order(site: &Site) -> Vec<BriefingId> {
    let mut v: Vec<BriefingId> = (0..site.briefings.len())
        .map(|i| BriefingId(i as u32))
        .collect();
    v.sort_by(|a, b| {
        let (x, y) = (&site.briefings[a.index()], &site.briefings[b.index()]);
        x.date.cmp(&y.date).then_with(|| x.slug.cmp(&y.slug))
    });
    v
}

/// Statements, each by its first quote, in date order, ties by briefing slug and
/// position.
fn quote_order(site: &Site) -> Vec<QuoteId> {
    let mut v: Vec<QuoteId> = site.quotes_by_date.to_vec();
    v.sort_by(|a, b| {
        let (x, y) = (&site.quotes[a.index()], &site.quotes[b.index()]);
        x.said
            .cmp(&y.said)
            .then_with(|| {
                site.briefings[x.briefing.index()]
                    .slug
                    .cmp(&site.briefings[y.briefing.index()].slug)
            })
            .then(x.ordinal.cmp(&y.ordinal))
    });
    v
}

/// Events in date order, ties by briefing slug and position.
fn event_order(site: &Site) -> Vec<EventId> {
    let mut v: Vec<EventId> = (0..site.events.len()).map(|i| EventId(i as u32)).collect();
    v.sort_by(|a, b| {
        let (x, y) = (&site.events[a.index()], &site.events[b.index()]);
        x.date
            .cmp(&y.date)
            .then_with(|| {
                site.briefings[x.briefing.index()]
                    .slug
                    .cmp(&site.briefings[y.briefing.index()].slug)
            })
            .then(x.ordinal.cmp(&y.ordinal))
    });
    v
}

// ------------------------------------------------------------------ JSON shapes

#[derive(Serialize)]
struct DateOut<'a> {
    edtf: &'a str,
    lower: String,
    upper: String,
    /// The full RFC 3339 timestamp, only when a time of day is written: date-only
    /// values keep the shape they always had.
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<String>,
}

fn date(d: &Edtf) -> DateOut<'_> {
    DateOut {
        edtf: d.as_written(),
        lower: d.lower().iso(),
        upper: d.upper().iso(),
        timestamp: Some(d.start())
            .filter(|s| s.has_time())
            .map(|s| s.rfc3339()),
    }
}

#[derive(Serialize)]
struct SourceOut<'a> {
    id: &'a str,
    title: &'a str,
    publisher: Option<&'a str>,
    date: Option<DateOut<'a>>,
    url: Option<&'a str>,
    grade: Option<&'a str>,
}

fn source(s: &Citation) -> SourceOut<'_> {
    SourceOut {
        id: &s.id,
        title: &s.title,
        publisher: s.publisher.as_deref(),
        date: s.date.as_ref().map(date),
        url: s.url.as_deref(),
        grade: s.grade.as_deref(),
    }
}

fn cited(b: &Briefing, i: Option<usize>) -> Option<&Citation> {
    i.and_then(|i| b.sources.get(i))
}

#[derive(Serialize)]
struct ActorOut<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    role: Option<&'a str>,
    aliases: Vec<&'a str>,
    affiliations: Vec<&'a str>,
    briefings: Vec<&'a str>,
    quotes: Vec<String>,
    page: String,
}

fn actors(site: &Site) -> Vec<ActorOut<'_>> {
    let mut v: Vec<ActorOut> = site
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| ActorOut {
            id: a.slug.as_str(),
            name: &a.name,
            kind: a.kind.code(),
            role: a.role.as_deref(),
            aliases: a.aliases.iter().map(|x| x.name.as_str()).collect(),
            affiliations: a
                .affiliations
                .iter()
                .map(|x| actor_id(site, x.actor))
                .collect(),
            briefings: site.actor_briefings[i]
                .iter()
                .map(|b| site.briefings[b.index()].slug.as_str())
                .collect(),
            quotes: site.actor_quotes[i]
                .iter()
                .map(|&q| quote_id(site, q))
                .collect(),
            page: model::actor_path(&a.slug),
        })
        .collect();
    v.sort_by(|a, b| a.id.cmp(b.id));
    v
}

#[derive(Serialize)]
struct TopicOut<'a> {
    id: &'a str,
    name: &'a str,
}

/// A name of a byline: `id` is the author's slug, `null` for a name without a file.
#[derive(Serialize)]
struct AuthorOut<'a> {
    id: Option<&'a str>,
    name: &'a str,
}

#[derive(Serialize)]
struct BriefingOut<'a> {
    id: &'a str,
    title: &'a str,
    date: DateOut<'a>,
    updated: Option<DateOut<'a>>,
    summary: &'a str,
    location: Option<&'a str>,
    authors: Vec<AuthorOut<'a>>,
    topics: Vec<TopicOut<'a>>,
    actors: Vec<&'a str>,
    quotes: Vec<String>,
    events: Vec<String>,
    sources: Vec<SourceOut<'a>>,
    page: String,
    /// Its translations, by language code.
    translations: BTreeMap<&'a str, TranslationOut<'a>>,
}

/// A briefing in another language of the site.
#[derive(Serialize)]
struct TranslationOut<'a> {
    title: &'a str,
    summary: &'a str,
    page: String,
}

fn briefings<'a>(
    site: &'a Site,
    order: &[BriefingId],
) -> impl ExactSizeIterator<Item = BriefingOut<'a>> {
    // Per language, its translated briefings by slug.
    let translated: Vec<(&str, HashMap<&str, &Briefing>)> = (site.languages.iter())
        .map(|l| {
            let by_slug = (l.briefings.iter())
                .filter(|b| b.text_lang.is_none())
                .map(|b| (b.slug.as_str(), &**b))
                .collect();
            (l.config.language.as_str(), by_slug)
        })
        .collect();
    let prefixes: Vec<&str> = site
        .languages
        .iter()
        .map(|l| l.config.prefix.as_str())
        .collect();
    order.iter().map(move |&id| {
        let b = &site.briefings[id.index()];
        let translations = (translated.iter().zip(&prefixes))
            .filter_map(|((code, by_slug), prefix)| {
                let t = by_slug.get(b.slug.as_str())?;
                Some((
                    *code,
                    TranslationOut {
                        title: &t.title,
                        summary: &t.summary,
                        page: format!("{prefix}{}", briefing_page(t)),
                    },
                ))
            })
            .collect();
        BriefingOut {
            translations,
            id: b.slug.as_str(),
            title: &b.title,
            date: date(&b.date),
            updated: b.updated.as_ref().map(date),
            summary: &b.summary,
            location: b.location.as_deref(),
            authors: b
                .authors
                .iter()
                .map(|by| match by {
                    Byline::Author(a) => {
                        let a = &site.authors[a.index()];
                        AuthorOut {
                            id: Some(a.slug.as_str()),
                            name: &a.name,
                        }
                    }
                    Byline::Name(name) => AuthorOut { id: None, name },
                })
                .collect(),
            topics: b
                .topics
                .iter()
                .map(|t| {
                    let t = &site.topics[t.index()];
                    TopicOut {
                        id: t.slug.as_str(),
                        name: &t.name,
                    }
                })
                .collect(),
            actors: b.actors.iter().map(|&a| actor_id(site, a)).collect(),
            quotes: {
                // Two quotes of one briefing may be one statement.
                let quotes = site.quotes_of(id);
                let mut ids: Vec<String> = Vec::with_capacity(quotes.len());
                for id in quotes.map(|q| quote_id(site, q)) {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
                ids
            },
            events: site.events_of(id).map(|e| event_id(site, e)).collect(),
            sources: b.sources.iter().map(source).collect(),
            page: briefing_page(b),
        }
    })
}

#[derive(Serialize)]
struct QuoteOut<'a> {
    id: String,
    briefing: &'a str,
    briefings: Vec<&'a str>,
    by: &'a str,
    /// As said, in `lang`.
    text: &'a str,
    lang: &'a str,
    /// The desk's translations, by language code.
    translations: BTreeMap<&'a str, &'a str>,
    said: DateOut<'a>,
    venue: Option<&'a str>,
    topics: Vec<&'a str>,
    source: Option<SourceOut<'a>>,
    page: String,
}

fn quotes<'a>(site: &'a Site, order: &[QuoteId]) -> impl ExactSizeIterator<Item = QuoteOut<'a>> {
    order.iter().map(move |&id| {
        let q = &site.quotes[id.index()];
        let b = &site.briefings[q.briefing.index()];
        QuoteOut {
            id: quote_id(site, id),
            briefing: b.slug.as_str(),
            briefings: statement_briefings(site, id),
            by: actor_id(site, q.by),
            text: &q.text,
            lang: q.lang.as_deref().unwrap_or(&site.config.language),
            translations: (q.translations.iter())
                .map(|(code, text)| (code.as_str(), text.as_str()))
                .collect(),
            said: date(&q.said),
            venue: q.venue.as_deref(),
            topics: statement_topics(site, id),
            source: cited(b, q.source).map(source),
            page: format!("{}#quote-{}", briefing_page(b), q.ordinal),
        }
    })
}

fn statement_briefings(site: &Site, q: QuoteId) -> Vec<&str> {
    site.statement_briefings(q)
        .into_iter()
        .map(|b| site.briefings[b.index()].slug.as_str())
        .collect()
}

fn statement_topics(site: &Site, q: QuoteId) -> Vec<&str> {
    site.statement_topics(q)
        .into_iter()
        .map(|t| site.topics[t.index()].slug.as_str())
        .collect()
}

#[derive(Serialize)]
struct EventOut<'a> {
    id: String,
    briefing: &'a str,
    date: DateOut<'a>,
    what: &'a str,
    place: Option<&'a str>,
    actors: Vec<&'a str>,
    source: Option<SourceOut<'a>>,
    page: String,
}

fn events<'a>(site: &'a Site, order: &[EventId]) -> impl ExactSizeIterator<Item = EventOut<'a>> {
    order.iter().map(move |&id| {
        let e = &site.events[id.index()];
        let b = &site.briefings[e.briefing.index()];
        EventOut {
            id: event_id(site, id),
            briefing: b.slug.as_str(),
            date: date(&e.date),
            what: &e.what,
            place: e.place.as_deref(),
            actors: e.actors.iter().map(|&a| actor_id(site, a)).collect(),
            source: cited(b, e.source).map(source),
            page: format!("{}#event-{}", briefing_page(b), e.ordinal),
        }
    })
}

// ------------------------------------------------------------------ CSV

/// One CSV field per RFC 4180, always in double quotes, defused against spreadsheet
/// formula injection. Always quoted because spreadsheets in locales that separate by
/// `;` split an unquoted `x;=HYPERLINK(…)` into a formula cell.
pub fn csv_field(s: &str) -> String {
    let guarded = matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let mut out = String::with_capacity(s.len() + 3);
    out.push('"');
    if guarded {
        out.push('\'');
    }
    for c in s.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    out
}

fn csv_row(fields: &[&str]) -> Vec<u8> {
    let mut out = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(f));
    }
    out.push_str("\r\n");
    out.into_bytes()
}

/// The source columns: title, publisher, date, url, grade.
fn source_cols(s: Option<&Citation>) -> [String; 5] {
    match s {
        None => Default::default(),
        Some(s) => [
            s.title.clone(),
            s.publisher.clone().unwrap_or_default(),
            s.date
                .as_ref()
                .map(|d| d.as_written().to_string())
                .unwrap_or_default(),
            s.url.clone().unwrap_or_default(),
            s.grade.clone().unwrap_or_default(),
        ],
    }
}

/// The rows of the file, the header first.
fn quotes_csv(site: &Site, order: &[QuoteId]) -> impl Iterator<Item = Vec<u8>> {
    let header = csv_row(&[
        "id",
        "briefing",
        "by",
        "by_name",
        "text",
        "said",
        "said_lower",
        "said_upper",
        "venue",
        "topics",
        "source_title",
        "source_publisher",
        "source_date",
        "source_url",
        "source_grade",
        "page",
        "briefings",
    ]);
    let rows = order.iter().map(move |&id| {
        let q = &site.quotes[id.index()];
        let b = &site.briefings[q.briefing.index()];
        let actor = &site.actors[q.by.index()];
        let [st, sp, sd, su, sg] = source_cols(cited(b, q.source));
        csv_row(&[
            &quote_id(site, id),
            b.slug.as_str(),
            actor.slug.as_str(),
            &actor.name,
            &q.text,
            q.said.as_written(),
            &q.said.lower().iso(),
            &q.said.upper().iso(),
            q.venue.as_deref().unwrap_or(""),
            &statement_topics(site, id).join(";"),
            &st,
            &sp,
            &sd,
            &su,
            &sg,
            &format!("{}#quote-{}", briefing_page(b), q.ordinal),
            &statement_briefings(site, id).join(";"),
        ])
    });
    std::iter::once(header).chain(rows)
}

/// The rows of the file, the header first.
fn events_csv(site: &Site, order: &[EventId]) -> impl Iterator<Item = Vec<u8>> {
    let header = csv_row(&[
        "id",
        "briefing",
        "date",
        "date_lower",
        "date_upper",
        "what",
        "place",
        "actors",
        "source_title",
        "source_publisher",
        "source_date",
        "source_url",
        "source_grade",
        "page",
    ]);
    let rows = order.iter().map(move |&id| {
        let e = &site.events[id.index()];
        let b = &site.briefings[e.briefing.index()];
        let actors: Vec<&str> = e.actors.iter().map(|&a| actor_id(site, a)).collect();
        let [st, sp, sd, su, sg] = source_cols(cited(b, e.source));
        csv_row(&[
            &event_id(site, id),
            b.slug.as_str(),
            e.date.as_written(),
            &e.date.lower().iso(),
            &e.date.upper().iso(),
            &e.what,
            e.place.as_deref().unwrap_or(""),
            &actors.join(";"),
            &st,
            &sp,
            &sd,
            &su,
            &sg,
            &format!("{}#event-{}", briefing_page(b), e.ordinal),
        ])
    });
    std::iter::once(header).chain(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::testing::sample;
    use serde_json::Value;

    fn get(files: &[OutputFile], path: &str) -> String {
        let f = files.iter().find(|f| f.path == path).expect(path);
        String::from_utf8(f.bytes.clone()).unwrap()
    }

    fn json_of(files: &[OutputFile], path: &str) -> Value {
        serde_json::from_str(&get(files, path)).unwrap()
    }

    /// Splits RFC 4180 text into rows of fields (a tiny reader for the tests).
    fn parse_csv(s: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut field = String::new();
        let mut chars = s.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            if quoted {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        field.push('"');
                        chars.next();
                    } else {
                        quoted = false;
                    }
                } else {
                    field.push(c);
                }
            } else if c == '"' {
                quoted = true;
            } else if c == ',' {
                row.push(std::mem::take(&mut field));
            } else if c == '\r' {
                assert_eq!(chars.next(), Some('\n'), "bare CR in {s:?}");
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            } else {
                assert_ne!(c, '\n', "bare LF outside quotes");
                field.push(c);
            }
        }
        assert!(row.is_empty() && field.is_empty(), "last row unterminated");
        rows
    }

    #[test]
    fn writes_the_six_files() {
        let files = files(&sample(None));
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "data/actors.json",
                "data/briefings.json",
                "data/quotes.json",
                "data/events.json",
                "data/quotes.csv",
                "data/events.csv"
            ]
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        let q = |s: &str| format!("\"{s}\"");
        assert_eq!(csv_field("plain"), q("plain"));
        assert_eq!(csv_field("a,b"), q("a,b"));
        assert_eq!(csv_field("say \"hi\""), q("say \"\"hi\"\""));
        assert_eq!(csv_field("two\nlines"), q("two\nlines"));
        assert_eq!(csv_field("cr\r"), q("cr\r"));
        assert_eq!(csv_field("=1+1"), q("'=1+1"));
        assert_eq!(csv_field("+1"), q("'+1"));
        assert_eq!(csv_field("-1"), q("'-1"));
        assert_eq!(csv_field("@SUM(A1)"), q("'@SUM(A1)"));
        assert_eq!(csv_field("\tx"), q("'\tx"));
        assert_eq!(csv_field("\rx"), q("'\rx"));
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), q("'=HYPERLINK(\"\"x\"\")"));
        assert_eq!(csv_field("a=b"), q("a=b"));
        assert_eq!(csv_field(""), q(""));
        // In quotes, a `;` separator cannot split it into a cell that starts with `=`.
        let field = csv_field("x;=HYPERLINK(\"http://evil\")");
        assert_eq!(field, q("x;=HYPERLINK(\"\"http://evil\"\")"));
    }

    #[test]
    fn actors_json_by_slug_with_refs() {
        let v = json_of(&files(&sample(None)), "data/actors.json");
        let ids: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            ["antony-blinken", "united-states", "volodymyr-zelenskyy"]
        );
        let a = &v[0];
        assert_eq!(a["name"], "Antony Blinken");
        assert_eq!(a["kind"], "person");
        assert_eq!(a["role"], "US Secretary of State");
        assert_eq!(a["aliases"], serde_json::json!(["Blinken", "Tony Blinken"]));
        assert_eq!(a["affiliations"], serde_json::json!(["united-states"]));
        assert_eq!(
            a["briefings"],
            serde_json::json!(["very-credible", "older"])
        );
        assert_eq!(
            a["quotes"],
            serde_json::json!(["older#quote-1", "very-credible#quote-1"])
        );
        assert_eq!(a["page"], "actors/antony-blinken/index.html");
        assert_eq!(v[1]["role"], Value::Null);
    }

    #[test]
    fn briefings_json_oldest_first_with_inline_sources() {
        let v = json_of(&files(&sample(None)), "data/briefings.json");
        assert_eq!(v[0]["id"], "older");
        assert_eq!(
            v[0]["date"],
            serde_json::json!({"edtf": "2022-02", "lower": "2022-02-01", "upper": "2022-02-28"})
        );
        assert_eq!(v[0]["updated"], Value::Null);
        assert_eq!(v[0]["summary"], "First paragraph.");
        let b = &v[1];
        assert_eq!(b["id"], "very-credible");
        assert_eq!(b["updated"]["edtf"], "2022-03-08");
        assert_eq!(b["location"], "Rzeszów");
        assert_eq!(
            b["topics"],
            serde_json::json!([{"id": "war-crimes", "name": "war crimes"}])
        );
        assert_eq!(
            b["actors"],
            serde_json::json!(["antony-blinken", "volodymyr-zelenskyy", "united-states"])
        );
        assert_eq!(
            b["quotes"],
            serde_json::json!(["very-credible#quote-1", "very-credible#quote-2"])
        );
        assert_eq!(b["events"], serde_json::json!(["very-credible#event-1"]));
        assert_eq!(
            b["sources"][0],
            serde_json::json!({
                "id": "report",
                "title": "A report, \"quoted\"",
                "publisher": "The Paper",
                "date": {"edtf": "2022-03-06", "lower": "2022-03-06", "upper": "2022-03-06"},
                "url": "https://example.com/a?b=1&c=2",
                "grade": "B2"
            })
        );
        assert_eq!(b["page"], "briefings/very-credible/index.html");
        assert_eq!(b["authors"], serde_json::json!([]));
        assert_eq!(b["translations"], serde_json::json!({}));
        assert_eq!(b.as_object().unwrap().len(), 14);
    }

    #[test]
    fn quotes_and_events_json() {
        let files = files(&sample(None));
        let q = json_of(&files, "data/quotes.json");
        let ids: Vec<&str> = q
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap())
            .collect();
        // Date order: 2022-02-20, 2022-03~ (from 1 March), 2022-03-06.
        assert_eq!(
            ids,
            [
                "older#quote-1",
                "very-credible#quote-2",
                "very-credible#quote-1"
            ]
        );
        // One object to a line, so a line-based tool sees one statement per line.
        let text = get(&files, "data/quotes.json");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2 + ids.len(), "{text}");
        assert_eq!((lines[0], lines[lines.len() - 1]), ("[", "]"));
        for (line, id) in lines[1..].iter().zip(&ids) {
            assert!(line.starts_with(&format!("{{\"id\":\"{id}\"")), "{line}");
        }
        let empty = json(std::iter::empty::<u8>());
        assert_eq!(gathered("empty.json", &mut pieces(empty)).bytes, b"[]\n");
        let q1 = &q[2];
        assert_eq!(q1["by"], "antony-blinken");
        assert_eq!(q1["text"], "very credible, \"deliberate\"");
        assert_eq!(q1["venue"], "CNN, State of the Union");
        assert_eq!(q1["topics"], serde_json::json!(["war-crimes"]));
        assert_eq!(q1["source"]["id"], "report");
        assert_eq!(q1["page"], "briefings/very-credible/index.html#quote-1");
        assert_eq!(
            q[1]["said"],
            serde_json::json!({"edtf": "2022-03~", "lower": "2022-03-01", "upper": "2022-03-31"})
        );
        assert_eq!(q[1]["source"], Value::Null);
        let e = json_of(&files, "data/events.json");
        assert_eq!(e[0]["id"], "very-credible#event-1");
        assert_eq!(e[0]["date"]["lower"], "2022-03-04");
        assert_eq!(e[0]["date"]["upper"], "2022-03-05");
        assert_eq!(e[0]["what"], "Talks, \"round two\"");
        assert_eq!(e[0]["place"], "Brussels");
        assert_eq!(
            e[0]["actors"],
            serde_json::json!(["antony-blinken", "united-states"])
        );
        assert_eq!(e[0]["page"], "briefings/very-credible/index.html#event-1");
    }

    #[test]
    fn quotes_csv_round_trips() {
        let text = get(&files(&sample(None)), "data/quotes.csv");
        assert!(text.ends_with("\r\n"));
        let rows = parse_csv(&text);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0][0], "id");
        assert!(rows.iter().all(|r| r.len() == rows[0].len()));
        let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
        assert_eq!(rows[1][col("id")], "older#quote-1");
        // Formula-looking text is defused; the rest is exact.
        assert_eq!(rows[1][col("text")], "'-we will respond");
        assert_eq!(
            rows[2][col("text")],
            "'=HYPERLINK(\"x\") we need planes\u{7}"
        );
        assert_eq!(rows[2][col("said")], "2022-03~");
        assert_eq!(rows[2][col("said_upper")], "2022-03-31");
        assert_eq!(rows[3][col("text")], "very credible, \"deliberate\"");
        assert_eq!(rows[3][col("by")], "antony-blinken");
        assert_eq!(rows[3][col("by_name")], "Antony Blinken");
        assert_eq!(rows[3][col("venue")], "CNN, State of the Union");
        assert_eq!(rows[3][col("source_title")], "A report, \"quoted\"");
        assert_eq!(rows[3][col("source_url")], "https://example.com/a?b=1&c=2");
        assert_eq!(rows[3][col("source_grade")], "B2");
        assert_eq!(rows[3][col("topics")], "war-crimes");
    }

    #[test]
    fn events_csv_round_trips() {
        let rows = parse_csv(&get(&files(&sample(None)), "data/events.csv"));
        assert_eq!(rows.len(), 2);
        assert_eq!(
            rows[1],
            [
                "very-credible#event-1",
                "very-credible",
                "2022-03-04/2022-03-05",
                "2022-03-04",
                "2022-03-05",
                "Talks, \"round two\"",
                "Brussels",
                "antony-blinken;united-states",
                "A report, \"quoted\"",
                "The Paper",
                "2022-03-06",
                "https://example.com/a?b=1&c=2",
                "B2",
                "briefings/very-credible/index.html#event-1",
            ]
        );
    }

    #[test]
    fn same_day_items_sort_by_briefing_then_position() {
        use crate::discover::Section;
        use crate::feeds::testing::{site, source};
        let brief = |title: &str| {
            format!(
                "---\ntitle: {title}\ndate: 2022-03-06\nquotes:\n  - by: x\n    text: one\n    said: 2022-03-01\n  - by: x\n    text: two {title}\n    said: 2022-03-01\nevents:\n  - date: 2022-03\n    what: e\n---\n"
            )
        };
        // Files given in the opposite order to their slugs.
        let s = site(
            None,
            &[
                source(Section::Actor, "x", "---\nname: X\n---\n"),
                source(Section::Briefing, "zeta", &brief("Z")),
                source(Section::Briefing, "alpha", &brief("A")),
            ],
        );
        let files = files(&s);
        let ids = |path: &str| -> Vec<String> {
            json_of(&files, path)
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["id"].as_str().unwrap().to_string())
                .collect()
        };
        // `one` is one statement, quoted by both: named by its quote in alpha, the
        // first by slug on the same day, though zeta was read first.
        assert_eq!(
            ids("data/quotes.json"),
            ["alpha#quote-1", "alpha#quote-2", "zeta#quote-2"]
        );
        assert_eq!(
            json_of(&files, "data/quotes.json")[0]["briefings"],
            serde_json::json!(["alpha", "zeta"])
        );
        let zeta = &json_of(&files, "data/briefings.json")[1];
        assert_eq!(
            zeta["quotes"],
            serde_json::json!(["alpha#quote-1", "zeta#quote-2"])
        );
        assert_eq!(ids("data/events.json"), ["alpha#event-1", "zeta#event-1"]);
        assert_eq!(ids("data/briefings.json"), ["alpha", "zeta"]);
        let csv = parse_csv(&get(&files, "data/quotes.csv"));
        assert_eq!(csv[1][0], "alpha#quote-1");
        assert_eq!(csv[1].last().map(String::as_str), Some("alpha;zeta"));
        assert_eq!(csv[3][0], "zeta#quote-2");
        assert_eq!(csv.len(), 4);
    }

    #[test]
    fn export_is_deterministic() {
        assert_eq!(files(&sample(None)), files(&sample(None)));
    }

    /// A file is handed over in pieces of at least a mebibyte, which make it whole.
    #[test]
    fn pieces_are_at_least_a_mebibyte_and_make_the_file() {
        let parts = (0..5000).map(|i| format!("part {i:04} {}\n", "x".repeat(500)).into_bytes());
        let whole: Vec<u8> = parts.clone().flatten().collect();
        let cut: Vec<Vec<u8>> = pieces(parts).collect();
        assert!(cut.len() > 1, "{}", cut.len());
        assert!(cut[..cut.len() - 1].iter().all(|p| p.len() >= 1 << 20));
        assert_eq!(cut.concat(), whole);
        let bytes: Vec<u8> = cut.concat();
        let mut hash = crate::fingerprint::OfPieces::default();
        cut.iter().for_each(|p| hash.update(p));
        assert_eq!(
            hash.finish(),
            crate::fingerprint::Fingerprint::of_bytes(&bytes)
        );
    }
}
