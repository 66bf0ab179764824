//! A briefing's front matter to a [`Briefing`]: its dates, actors, topics, sources
//! (checked, with their archives read), quotes (verified against those archives),
//! events and corrections. Claims are in `claims`.

use std::collections::HashMap;
use std::sync::Arc;

use super::index::push_unique;
use super::parse::Parsed;
use super::resolve::Builder;
use super::{
    ActorId, Briefing, BriefingId, Citation, Correction, Event, EventItem, Quote, QuoteItem, Slug,
};
use crate::content::BriefingFm;
use crate::dates::Edtf;
use crate::diag::{Diagnostic, Kind};
use crate::verify;

impl Builder {
    /// Converts one briefing, appending its quotes and events to the site's; any problem
    /// goes to the builder's diagnostics.
    pub(super) fn briefing(
        &mut self,
        p: &Parsed<BriefingFm>,
        slug: Slug,
        id: BriefingId,
        words: &[u64],
        quotes: &mut Vec<Quote>,
        events: &mut Vec<Event>,
    ) -> Briefing {
        let fm = &p.fm;
        let mut diags = Vec::new();
        let date = p.date(format_args!("date"), &fm.date.0, &mut diags);
        let updated = fm
            .updated
            .as_ref()
            .and_then(|u| p.date(format_args!("updated"), &u.0, &mut diags));
        let authors = self.bylines(p);
        let mut actors = Vec::new();
        for (i, r) in fm.actors.iter().enumerate() {
            if let Some(a) = self.actor_ref(p, format_args!("actors[{i}]"), r) {
                push_unique(&mut actors, a);
            }
        }
        let topics = fm
            .topics
            .iter()
            .enumerate()
            .filter_map(|(i, t)| self.topic_ref(p, format_args!("topics[{i}]"), t))
            .collect::<Vec<_>>();
        let sources = self.sources(p, &mut diags);
        self.quotes(p, id, &sources, &mut actors, (quotes, words), &mut diags);
        self.events(p, id, &sources, &mut actors, events, &mut diags);
        self.claims(p, id, &mut actors, &mut diags, &|path, r, diags| {
            sources.resolve(p, format_args!("{path}"), r, diags)
        });
        let corrections = corrections(p, date.as_ref(), &mut diags);
        let image = self.image(p, "image", fm.image.as_ref());
        if fm.title.trim().is_empty() {
            diags.push(p.diag(Kind::BadValue, "title", "empty title"));
        }
        self.diags.extend(diags);
        Briefing {
            slug,
            title: fm.title.clone(),
            // A placeholder only when the date is invalid, and then the build fails.
            date: date.unwrap_or_else(|| Edtf::parse("1970").expect("valid")),
            updated,
            summary: fm.summary.clone().unwrap_or_default(),
            location: fm.location.clone(),
            authors,
            topics,
            actors,
            sources: sources.citations.into(),
            corrections,
            body_html: "".into(),
            headings: Arc::from([]),
            figure: None,
            toc: fm.toc,
            path: p.src.rel.clone(),
            image,
            extra: fm.extra.clone(),
            text_lang: None,
        }
    }

    /// The briefing's sources, checked, with their archives read.
    fn sources<'p>(
        &mut self,
        p: &'p Parsed<BriefingFm>,
        diags: &mut Vec<Diagnostic>,
    ) -> Sources<'p> {
        let mut sources = Sources {
            citations: Vec::new(),
            archives: Vec::new(),
            ids: HashMap::new(),
            names: p.fm.sources.iter().map(|s| s.id.as_str()).collect(),
        };
        for (i, s) in p.fm.sources.iter().enumerate() {
            // Spelled out only for a problem: most values have none.
            let path = format_args!("sources[{i}]");
            if sources.ids.insert(s.id.as_str(), i).is_some() {
                diags.push(p.diag(
                    Kind::DuplicateSlug,
                    &format!("{path}.id"),
                    format!("source id `{}` is used twice in this briefing", s.id),
                ));
            }
            if let Some(url) = &s.url {
                if let Err(why) = crate::url::check_source_url(url) {
                    diags.push(
                        p.diag(Kind::BadValue, &format!("{path}.url"), why)
                            .hint("use an http(s) URL"),
                    );
                }
            }
            if let Some(g) = &s.grade {
                if !valid_grade(g) {
                    diags.push(
                        p.diag(Kind::BadValue, &format!("{path}.grade"), format!("invalid source grade `{g}`"))
                            .hint("an Admiralty grade is a letter A–F (reliability) and a digit 1–6 (credibility), e.g. B2"),
                    );
                }
            }
            sources.archives.push(s.archive.as_ref().and_then(|rel| {
                let (archive, error) = self.archive(rel);
                if let Some(why) = error {
                    diags.push(
                        p.diag(Kind::BadValue, &format!("{path}.archive"), why)
                            .hint("archive paths are relative to the content/ folder, e.g. sources/report.txt"),
                    );
                }
                archive
            }));
            sources.citations.push(Citation {
                id: s.id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                date: s
                    .date
                    .as_ref()
                    .and_then(|d| p.date(format_args!("{path}.date"), &d.0, diags)),
                url: s.url.clone(),
                grade: s.grade.clone(),
                archive: s.archive.clone(),
            });
        }
        sources
    }

    /// The briefing's quotes, verified against their sources' archives; the speakers
    /// join the briefing's `actors`.
    fn quotes(
        &mut self,
        p: &Parsed<BriefingFm>,
        id: BriefingId,
        sources: &Sources,
        actors: &mut Vec<ActorId>,
        (quotes, words): (&mut Vec<Quote>, &[u64]),
        diags: &mut Vec<Diagnostic>,
    ) {
        for (i, q) in p.fm.quotes.iter().enumerate() {
            let path = format_args!("quotes[{i}]");
            let by = self.actor_ref(p, format_args!("{path}.by"), &q.by);
            let said = p.date(format_args!("{path}.said"), &q.said.0, diags);
            let source = q
                .source
                .as_deref()
                .and_then(|r| sources.resolve(p, format_args!("{path}.source"), r, diags));
            if q.text.trim().is_empty() {
                diags.push(p.diag(Kind::BadValue, &format!("{path}.text"), "empty quote text"));
            }
            let archive = source.and_then(|i| sources.archives.get(i).cloned().flatten());
            let verified = match &archive {
                Some(a) if !q.text.trim().is_empty() => {
                    let found = a.contains(&q.text);
                    if !found {
                        let at = format!("{path}.text");
                        diags.push(unverified(p, &at, q, &p.fm.sources, source, a));
                    }
                    found
                }
                _ => false,
            };
            if let (Some(by), Some(said)) = (by, said) {
                push_unique(actors, by);
                let quote = QuoteItem {
                    ordinal: i + 1,
                    by,
                    text: q.text.clone(),
                    said,
                    venue: q.venue.clone(),
                    role: q.role.clone(),
                    source,
                    verified,
                    statement_id: self.statement_id(p, path, q, by, diags),
                    words: (words.get(i).copied())
                        .unwrap_or_else(|| super::statements::words(&q.text)),
                    lang: self.quote_lang(p, path, q, diags),
                    translations: self.quote_translations(p, path, q, diags),
                };
                quotes.push(Quote::new(id, quote));
            }
        }
    }

    /// The briefing's events; everyone in them joins the briefing's `actors`.
    fn events(
        &mut self,
        p: &Parsed<BriefingFm>,
        id: BriefingId,
        sources: &Sources,
        actors: &mut Vec<ActorId>,
        events: &mut Vec<Event>,
        diags: &mut Vec<Diagnostic>,
    ) {
        for (i, e) in p.fm.events.iter().enumerate() {
            let path = format_args!("events[{i}]");
            let date = p.date(format_args!("{path}.date"), &e.date.0, diags);
            let ev_actors: Vec<ActorId> = e
                .actors
                .iter()
                .enumerate()
                .filter_map(|(j, r)| self.actor_ref(p, format_args!("{path}.actors[{j}]"), r))
                .collect();
            let source = e
                .source
                .as_deref()
                .and_then(|r| sources.resolve(p, format_args!("{path}.source"), r, diags));
            for &a in &ev_actors {
                push_unique(actors, a);
            }
            if let Some(date) = date {
                let event = EventItem {
                    ordinal: i + 1,
                    date,
                    what: e.what.clone(),
                    actors: ev_actors,
                    place: e.place.clone(),
                    source,
                };
                events.push(Event::new(id, event));
            }
        }
    }

    /// The archived source at `rel`, read once per build, or why it cannot be read.
    fn archive(&mut self, rel: &str) -> (Option<std::sync::Arc<verify::Archive>>, Option<String>) {
        let archives = &self.archives;
        let cached = self
            .archive_cache
            .entry(rel.to_string())
            .or_insert_with(|| {
                archives
                    .read(rel)
                    .map(|text| std::sync::Arc::new(verify::Archive::new(&text)))
            });
        match cached {
            Ok(a) => (Some(a.clone()), None),
            Err(why) => (None, Some(why.clone())),
        }
    }
}

/// Resolves a source id at a path of a briefing to its index, reporting unknown ones.
/// A briefing's sources, as cited by its quotes, events and claims.
struct Sources<'p> {
    citations: Vec<Citation>,
    /// Per source, its archived text if it has one that could be read.
    archives: Vec<Option<std::sync::Arc<verify::Archive>>>,
    ids: HashMap<&'p str, usize>,
    names: Vec<&'p str>,
}

impl Sources<'_> {
    /// The source `r` names, cited at `path`, or a diagnostic with the nearest id.
    fn resolve(
        &self,
        p: &Parsed<BriefingFm>,
        path: std::fmt::Arguments<'_>,
        r: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        if let Some(&i) = self.ids.get(r) {
            return Some(i);
        }
        let ids = &self.names;
        let d = p.diag(
            Kind::UnknownSource,
            &path.to_string(),
            format!("unknown source `{r}`"),
        );
        diags.push(match crate::diag::nearest(r, ids.iter().copied()) {
            Some(n) => d.hint(format!("did you mean `{n}`?")),
            None if ids.is_empty() => d.hint("add it under `sources:` with this `id:`"),
            None => d.hint(format!("sources of this briefing: {}", ids.join(", "))),
        });
        None
    }
}

/// A briefing's corrections, each dated to a day no earlier than the briefing's.
fn corrections(
    p: &Parsed<BriefingFm>,
    date: Option<&Edtf>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Correction> {
    let mut corrections = Vec::new();
    for (i, c) in p.fm.corrections.iter().enumerate() {
        let path = format!("corrections[{i}]");
        let Some(day) = p.date(format_args!("{path}.date"), &c.date.0, diags) else {
            continue;
        };
        let exact = !day.is_interval()
            && day.precision() == crate::dates::Precision::Day
            && !day.is_uncertain()
            && !day.is_approximate();
        if !exact {
            diags.push(
                p.diag(
                    Kind::BadDate,
                    &format!("{path}.date"),
                    format!("a correction is dated to the day, not `{}`", c.date.0),
                )
                .hint("write the day the correction was made, e.g. 2022-03-07"),
            );
        } else if date.is_some_and(|d| corrected_before(&day, d)) {
            diags.push(
                p.diag(
                    Kind::BadDate,
                    &format!("{path}.date"),
                    format!(
                        "correction dated `{}`, before the briefing's date",
                        c.date.0
                    ),
                )
                .hint("a correction comes after publication"),
            );
        }
        if c.what.trim().is_empty() {
            diags.push(p.diag(Kind::BadValue, &format!("{path}.what"), "empty correction"));
        }
        corrections.push(Correction {
            date: day,
            what: c.what.clone(),
        });
    }
    corrections
}

pub(super) type SourceRef<'a> = dyn Fn(String, &str, &mut Vec<Diagnostic>) -> Option<usize> + 'a;

/// A quote that its source's archived text does not contain, pointed at, with the
/// nearest passage of the archive as the hint.
fn unverified(
    p: &Parsed<BriefingFm>,
    path: &str,
    q: &crate::content::QuoteFm,
    sources: &[crate::content::SourceFm],
    source: Option<usize>,
    archive: &verify::Archive,
) -> Diagnostic {
    let file = source
        .and_then(|i| sources.get(i))
        .and_then(|s| s.archive.as_deref())
        .unwrap_or("");
    let d = p.diag(
        Kind::BadValue,
        path,
        format!("quote not found verbatim in the archived source `{file}`"),
    );
    d.hint(archive.hint(&q.text))
}

fn valid_grade(g: &str) -> bool {
    crate::grade::Grade::parse(g).is_some()
}

/// Whether a correction dated `day` comes before the briefing it corrects, dated
/// `published`: by the instant when both have a time of day (zones may differ), else
/// by the days as written, a day alone being any time that day.
fn corrected_before(day: &crate::dates::Edtf, published: &crate::dates::Edtf) -> bool {
    let (at, from) = (day.start(), published.start());
    if at.has_time() && from.has_time() {
        at < from
    } else {
        day.upper() < published.lower()
    }
}

impl Builder {
    /// A quote's `lang:`, checked; `None` when it is left out.
    fn quote_lang(
        &self,
        p: &Parsed<BriefingFm>,
        path: std::fmt::Arguments<'_>,
        q: &crate::content::QuoteFm,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let lang = q.lang.as_deref()?;
        if !super::valid_lang(lang) {
            diags.push(
                p.diag(
                    Kind::BadValue,
                    &format!("{path}.lang"),
                    format!("invalid language tag `{lang}` of the quote"),
                )
                .hint("the language it was said in, as a BCP 47 tag such as uk, ru or en"),
            );
        }
        Some(lang.to_string())
    }

    /// A quote's `translations:`, checked, sorted by language code.
    fn quote_translations(
        &self,
        p: &Parsed<BriefingFm>,
        path: std::fmt::Arguments<'_>,
        q: &crate::content::QuoteFm,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(String, String)> {
        let Some(map) = &q.translations else {
            return Vec::new();
        };
        let mut out: Vec<(String, String)> = Vec::new();
        for (code, text) in &map.0 {
            let at = format!("{path}.translations.{code}");
            if !crate::config::is_code(code) {
                diags.push(
                    p.key_diag(
                        Kind::BadValue,
                        &at,
                        format!("invalid language code `{code}` of a quote's translation"),
                    )
                    .hint("use a BCP 47 language tag in lowercase, such as uk, ru or en"),
                );
            } else if text.trim().is_empty() {
                diags.push(
                    p.diag(
                        Kind::BadValue,
                        &at,
                        format!("empty `{code}` translation of the quote"),
                    )
                    .hint("write the desk's translation, or leave the language out"),
                );
            } else if out.iter().any(|(c, _)| c == code) {
                diags.push(p.key_diag(
                    Kind::BadValue,
                    &at,
                    format!("two `{code}` translations of the quote"),
                ));
            } else {
                out.push((code.clone(), text.clone()));
            }
        }
        out.sort();
        out
    }
}
