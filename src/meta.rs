//! Page metadata for search engines and link previews: description, canonical URL,
//! Open Graph and JSON-LD (schema.org `NewsArticle`, `Person`/`Organization`,
//! `Quotation`).

use serde::Serialize;
use serde_json::{Value, json};

use crate::dates::Day;
use crate::model::{self, ActorId, ActorKind, BriefingId, Site};
use crate::render::Job;

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
}

/// The absolute URL of the page at `path`, as feeds and the sitemap give it.
pub fn absolute(base: &str, path: &str) -> String {
    format!("{base}{}", path.strip_suffix("index.html").unwrap_or(path))
}

pub fn page_meta(site: &Site, job: &Job, path: &str) -> PageMeta {
    let base = site.config.base_url.as_deref();
    let canonical = base.map(|b| absolute(b, path));
    let mut meta = PageMeta {
        description: site.config.description.clone(),
        canonical: canonical.clone(),
        og_type: "website",
        published: None,
        modified: None,
        tags: Vec::new(),
        jsonld: None,
    };
    match *job {
        Job::Briefing(id) => briefing(site, id, canonical.as_deref(), &mut meta),
        Job::Actor { id, .. } => actor(site, id, canonical.as_deref(), &mut meta),
        _ => {}
    }
    meta
}

fn iso(d: Day) -> String {
    d.iso()
}

fn briefing(site: &Site, id: BriefingId, url: Option<&str>, meta: &mut PageMeta) {
    let b = &site.briefings[id.index()];
    let base = site.config.base_url.as_deref();
    let actor_url = |a: ActorId| {
        base.map(|base| absolute(base, &model::actor_path(&site.actors[a.index()].slug)))
    };
    if !b.summary.is_empty() {
        meta.description = Some(b.summary.clone());
    }
    meta.og_type = "article";
    meta.published = Some(iso(b.date.lower()));
    // Changed after publication: updated, or corrected.
    let changed = crate::feeds::briefing_updated(b);
    meta.modified = (b.updated.is_some() || !b.corrections.is_empty()).then(|| iso(changed));
    meta.tags = b
        .topics
        .iter()
        .map(|t| site.topics[t.index()].name.clone())
        .collect();
    let publisher = json!({"@type": "Organization", "name": site.config.author.as_deref().unwrap_or(&site.config.title)});
    let quotes: Vec<Value> = b
        .quotes
        .iter()
        .map(|&q| {
            let q = &site.quotes[q.index()];
            let speaker = &site.actors[q.by.index()];
            let mut v = json!({
                "@type": "Quotation",
                "text": q.text,
                "creator": {"@type": schema_type(speaker.kind), "name": speaker.name},
                "dateCreated": q.said.as_written(),
            });
            if let Some(u) = actor_url(q.by) {
                v["creator"]["url"] = Value::String(u);
            }
            if let Some(s) = q.source.and_then(|i| b.sources.get(i)) {
                let mut source = json!({"@type": "CreativeWork", "name": s.title});
                if let Some(u) = &s.url {
                    source["url"] = Value::String(u.clone());
                }
                if let Some(p) = &s.publisher {
                    source["publisher"] = json!({"@type": "Organization", "name": p});
                }
                v["isBasedOn"] = source;
            }
            v
        })
        .collect();
    let mentions: Vec<Value> = b
        .actors
        .iter()
        .map(|&a| {
            let actor = &site.actors[a.index()];
            let mut v = json!({"@type": schema_type(actor.kind), "name": actor.name});
            if let Some(u) = actor_url(a) {
                v["url"] = Value::String(u);
            }
            v
        })
        .collect();
    let mut article = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": b.title,
        "datePublished": iso(b.date.lower()),
        "publisher": publisher,
        "author": publisher,
        "about": meta.tags,
        "mentions": mentions,
        "hasPart": quotes,
    });
    if let Some(u) = &meta.modified {
        article["dateModified"] = Value::String(u.clone());
    }
    if !b.summary.is_empty() {
        article["description"] = Value::String(b.summary.clone());
    }
    if let Some(place) = &b.location {
        article["contentLocation"] = json!({"@type": "Place", "name": place});
    }
    if let Some(u) = url {
        article["url"] = Value::String(u.to_string());
        article["mainEntityOfPage"] = Value::String(u.to_string());
    }
    meta.jsonld = Some(script_safe(&article));
}

fn actor(site: &Site, id: ActorId, url: Option<&str>, meta: &mut PageMeta) {
    let a = &site.actors[id.index()];
    meta.og_type = if a.kind == ActorKind::Person {
        "profile"
    } else {
        "website"
    };
    meta.description = Some(match &a.role {
        Some(role) => format!("{}, {role}: statements, events and briefings.", a.name),
        None => format!("{}: statements, events and briefings.", a.name),
    });
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": schema_type(a.kind),
        "name": a.name,
    });
    if !a.aliases.is_empty() {
        let names: Vec<&str> = a.aliases.iter().map(|x| x.name.as_str()).collect();
        v["alternateName"] = json!(names);
    }
    if let Some(role) = &a.role {
        v[if a.kind == ActorKind::Person {
            "jobTitle"
        } else {
            "description"
        }] = Value::String(role.clone());
    }
    if !a.affiliations.is_empty() {
        let names: Vec<Value> = a
            .affiliations
            .iter()
            .map(|x| {
                let other = &site.actors[x.actor.index()];
                json!({"@type": schema_type(other.kind), "name": other.name})
            })
            .collect();
        v[if a.kind == ActorKind::Person {
            "affiliation"
        } else {
            "parentOrganization"
        }] = Value::Array(names);
    }
    if let Some(u) = url {
        v["url"] = Value::String(u.to_string());
    }
    meta.jsonld = Some(script_safe(&v));
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
/// strings in it hold: `<`, `>` and `&` are written as `\u003c` and so on, which JSON
/// parsers read back as the same characters.
pub fn script_safe(v: &Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_else(|_| "{}".to_string())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script() {
        let v = json!({"text": "</script><script>alert(1)</script> & <!--"});
        let s = script_safe(&v);
        assert!(!s.contains('<') && !s.contains('>'));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
