//! Page metadata for search engines and link previews: description, canonical URL,
//! Open Graph and JSON-LD (schema.org `NewsArticle`, `Person`/`Organization`,
//! `Quotation`).

use serde::Serialize;

use crate::dates::Moment;
use crate::model::{self, ActorId, ActorKind, AuthorId, BriefingId, Byline, Site};
use crate::url::page_url;

/// What `base.html` puts in `<head>` for one page.
#[derive(Debug, Serialize)]
pub struct PageMeta {
    pub description: Option<String>,
    /// Absolute URL of the page, when `base_url` is known.
    pub canonical: Option<String>,
    /// Open Graph type: `article`, `profile` or `website`.
    pub og_type: &'static str,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub tags: Vec<String>,
    /// JSON-LD, already safe to place inside `<script>`.
    pub jsonld: Option<String>,
    /// The link-card image (`og:image`). Only with a `base_url`: a card's image must
    /// be an absolute URL, and a site without one cannot name its own files so.
    pub image: Option<CardImage>,
    /// `twitter:card`: `summary_large_image` when there is an image, else `summary`.
    pub twitter_card: &'static str,
}

/// An image for link cards: the page's own, else the site's.
#[derive(Debug, Serialize)]
pub struct CardImage {
    /// Absolute.
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

impl CardImage {
    fn of(base: Option<&str>, image: &model::Image) -> Option<CardImage> {
        Some(CardImage {
            url: crate::url::file_url(base?, &image.path),
            width: image.width,
            height: image.height,
            alt: image.alt.clone(),
        })
    }
}

/// What a page is about, as far as its metadata goes: briefings and actors have their
/// own; every other page has the site's.
#[derive(Debug, Clone, Copy)]
pub enum Subject {
    Briefing(BriefingId),
    Actor(ActorId),
    Author(AuthorId),
    Site,
}

pub fn page_meta(site: &Site, subject: Subject, path: &str) -> PageMeta {
    let base = site.config.base_url.as_deref();
    let canonical = base.map(|b| page_url(b, path));
    let mut meta = PageMeta {
        description: site.config.description.clone(),
        canonical: canonical.clone(),
        og_type: "website",
        published: None,
        modified: None,
        tags: Vec::new(),
        jsonld: None,
        image: None,
        twitter_card: "summary",
    };
    let own = match subject {
        Subject::Briefing(id) => {
            let b = &site.briefings[id.index()];
            b.image.as_ref().or(b.figure.as_ref())
        }
        Subject::Actor(id) => site.actors[id.index()].image.as_ref(),
        Subject::Author(_) | Subject::Site => None,
    };
    meta.image = own
        .or(site.image.as_ref())
        .and_then(|i| CardImage::of(site.config.root_url(), i));
    if meta.image.is_some() {
        meta.twitter_card = "summary_large_image";
    }
    match subject {
        Subject::Briefing(id) => briefing(site, id, canonical.as_deref(), &mut meta),
        Subject::Actor(id) => actor(site, id, canonical.as_deref(), &mut meta),
        Subject::Author(id) => author(site, id, canonical.as_deref(), &mut meta),
        Subject::Site => {}
    }
    meta
}

/// A day (`2022-03-06`), or with its time when one is written
/// (`2022-03-06T14:30:00+02:00`).
fn iso(d: Moment) -> String {
    d.iso()
}

// JSON-LD is written from typed values whose fields come in alphabetical order: the
// order `serde_json::Value` maps (B-trees) give, which pages have always had.

#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

#[derive(Serialize)]
struct Work<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Named<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Quotation<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    creator: Named<'a>,
    #[serde(rename = "dateCreated")]
    date_created: &'a str,
    #[serde(rename = "isBasedOn", skip_serializing_if = "Option::is_none")]
    is_based_on: Option<Work<'a>>,
    text: &'a str,
}

#[derive(Serialize)]
struct Article<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    about: &'a [String],
    author: Authors<'a>,
    #[serde(rename = "contentLocation", skip_serializing_if = "Option::is_none")]
    content_location: Option<Named<'a>>,
    #[serde(rename = "dateModified")]
    date_modified: String,
    #[serde(rename = "datePublished")]
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(rename = "hasPart")]
    has_part: Vec<Quotation<'a>>,
    headline: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<Vec<&'a str>>,
    #[serde(rename = "mainEntityOfPage", skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<&'a str>,
    mentions: Vec<Named<'a>>,
    publisher: &'a Named<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

fn briefing(site: &Site, id: BriefingId, url: Option<&str>, meta: &mut PageMeta) {
    let b = &site.briefings[id.index()];
    let base = site.config.base_url.as_deref();
    let actor_url = |a: ActorId| {
        base.map(|base| page_url(base, &model::actor_path(&site.actors[a.index()].slug)))
    };
    if !b.summary.is_empty() {
        meta.description = Some(b.summary.clone());
    }
    meta.og_type = "article";
    meta.published = Some(iso(b.date.start()));
    // Changed after publication: updated, or corrected.
    let changed = b.last_changed();
    meta.modified = (b.updated.is_some() || !b.corrections.is_empty()).then(|| iso(changed));
    meta.tags = b
        .topics
        .iter()
        .map(|t| site.topics[t.index()].name.clone())
        .collect();
    // Also the author of a briefing without a byline, which needs a `url` (search
    // engines ask for one): the site's home page.
    let publisher = Named {
        kind: "Organization",
        name: site.config.author.as_deref().unwrap_or(&site.config.title),
        url: base.map(|b| page_url(b, "index.html")),
    };
    let has_part = site
        .quotes_of(id)
        .map(|q| {
            let q = &site.quotes[q.index()];
            let speaker = &site.actors[q.by.index()];
            Quotation {
                kind: "Quotation",
                creator: Named {
                    kind: schema_type(speaker.kind),
                    name: &speaker.name,
                    url: actor_url(q.by),
                },
                date_created: q.said.as_written(),
                is_based_on: q.source.and_then(|i| b.sources.get(i)).map(|s| Work {
                    kind: "CreativeWork",
                    name: &s.title,
                    publisher: s.publisher.as_deref().map(|p| Named {
                        kind: "Organization",
                        name: p,
                        url: None,
                    }),
                    url: s.url.as_deref(),
                }),
                text: &q.text,
            }
        })
        .collect();
    let mentions = b
        .actors
        .iter()
        .map(|&a| {
            let actor = &site.actors[a.index()];
            Named {
                kind: schema_type(actor.kind),
                name: &actor.name,
                url: actor_url(a),
            }
        })
        .collect();
    let article = Article {
        context: "https://schema.org",
        kind: "NewsArticle",
        about: &meta.tags,
        author: bylines(site, b, &publisher),
        content_location: b.location.as_deref().map(|place| Named {
            kind: "Place",
            name: place,
            url: None,
        }),
        // Search engines want it even when the briefing never changed.
        date_modified: iso(changed),
        date_published: iso(b.date.start()),
        description: (!b.summary.is_empty()).then_some(b.summary.as_str()),
        has_part,
        headline: &b.title,
        image: meta.image.as_ref().map(|i| vec![i.url.as_str()]),
        main_entity_of_page: url,
        mentions,
        publisher: &publisher,
        url,
    };
    let jsonld = script_safe(&article);
    meta.jsonld = Some(jsonld);
}

/// A person who wrote a briefing, in JSON-LD.
#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    name: &'a str,
    /// Their own page elsewhere, when `url` is their page here.
    #[serde(rename = "sameAs", skip_serializing_if = "Option::is_none")]
    same_as: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

/// A briefing's `author`: the people of its byline, or, without one, the site's author
/// as before bylines existed.
#[derive(Serialize)]
#[serde(untagged)]
enum Authors<'a> {
    Site(&'a Named<'a>),
    Byline(Vec<Person<'a>>),
}

fn bylines<'a>(site: &'a Site, b: &'a model::Briefing, publisher: &'a Named<'a>) -> Authors<'a> {
    if b.authors.is_empty() {
        return Authors::Site(publisher);
    }
    let base = site.config.base_url.as_deref();
    let person = |name| Person {
        kind: "Person",
        email: None,
        image: None,
        job_title: None,
        name,
        same_as: None,
        url: None,
    };
    Authors::Byline(
        b.authors
            .iter()
            .map(|by| match by {
                Byline::Name(name) => person(name),
                Byline::Author(id) => {
                    let a = &site.authors[id.index()];
                    let page = base.map(|base| page_url(base, &model::author_path(&a.slug)));
                    Person {
                        same_as: page.as_ref().and(a.url.as_deref()),
                        url: page.or_else(|| a.url.clone()),
                        ..person(&a.name)
                    }
                }
            })
            .collect(),
    )
}

fn author(site: &Site, id: AuthorId, url: Option<&str>, meta: &mut PageMeta) {
    let a = &site.authors[id.index()];
    meta.og_type = "profile";
    meta.description = Some(match &a.role {
        Some(role) => format!("{}, {role}: briefings.", a.name),
        None => format!("{}: briefings.", a.name),
    });
    // An image in the site is only addressable with a base URL; every language shares
    // it, at the root.
    let base = site.config.root_url();
    let image = a.image.as_deref().and_then(|i| {
        if crate::url::scheme::scheme(i).is_some() {
            Some(i.to_string())
        } else {
            base.map(|b| crate::url::file_url(b, i))
        }
    });
    let person = Person {
        kind: "Person",
        email: a.email.as_deref(),
        image,
        job_title: a.role.as_deref(),
        name: &a.name,
        same_as: url.and(a.url.as_deref()),
        url: url.map(str::to_string).or_else(|| a.url.clone()),
    };
    #[derive(Serialize)]
    struct WithContext<'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        #[serde(flatten)]
        person: Person<'a>,
    }
    meta.jsonld = Some(script_safe(&WithContext {
        context: "https://schema.org",
        person,
    }));
}

#[derive(Serialize)]
struct Profile<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    affiliation: Option<Vec<Named<'a>>>,
    #[serde(rename = "alternateName", skip_serializing_if = "Option::is_none")]
    alternate_name: Option<Vec<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(rename = "jobTitle", skip_serializing_if = "Option::is_none")]
    job_title: Option<&'a str>,
    name: &'a str,
    #[serde(rename = "parentOrganization", skip_serializing_if = "Option::is_none")]
    parent_organization: Option<Vec<Named<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

fn actor(site: &Site, id: ActorId, url: Option<&str>, meta: &mut PageMeta) {
    let a = &site.actors[id.index()];
    let person = a.kind == ActorKind::Person;
    meta.og_type = if person { "profile" } else { "website" };
    meta.description = Some(match &a.role {
        Some(role) => format!("{}, {role}: statements, events and briefings.", a.name),
        None => format!("{}: statements, events and briefings.", a.name),
    });
    let ties = (!a.affiliations.is_empty()).then(|| {
        a.affiliations
            .iter()
            .map(|x| {
                let other = &site.actors[x.actor.index()];
                Named {
                    kind: schema_type(other.kind),
                    name: &other.name,
                    url: None,
                }
            })
            .collect::<Vec<_>>()
    });
    let (affiliation, parent_organization) = if person { (ties, None) } else { (None, ties) };
    let role = a.role.as_deref();
    let profile = Profile {
        context: "https://schema.org",
        kind: schema_type(a.kind),
        affiliation,
        alternate_name: (!a.aliases.is_empty())
            .then(|| a.aliases.iter().map(|x| x.name.as_str()).collect()),
        description: role.filter(|_| !person),
        // Their own picture, not the site's card.
        image: a
            .image
            .as_ref()
            .and(meta.image.as_ref())
            .map(|i| i.url.as_str()),
        job_title: role.filter(|_| person),
        name: &a.name,
        parent_organization,
        url,
    };
    meta.jsonld = Some(script_safe(&profile));
}

/// schema.org has no type for an armed group or a state as a speaker; `Organization`
/// is the closest for everything but a person.
fn schema_type(kind: ActorKind) -> &'static str {
    match kind {
        ActorKind::Person => "Person",
        _ => "Organization",
    }
}

/// JSON that cannot end its `<script>` element or open a comment, whatever the
/// strings in it hold (see [`ScriptSafe`](crate::escape::ScriptSafe)).
pub fn script_safe(v: &impl Serialize) -> String {
    let mut out = Vec::new();
    crate::escape::ScriptSafe(&mut out).json(v);
    String::from_utf8(out).expect("JSON is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn json_ld_cannot_close_its_script() {
        let v = json!({"text": "</script><script>alert(1)</script> & <!--"});
        let s = script_safe(&v);
        assert!(!s.contains('<') && !s.contains('>'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
