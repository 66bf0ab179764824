//! Front matter as the editor writes it: the raw, unvalidated shape of each kind of file.
//!
//! These types only describe what may appear; `model` resolves refs, parses dates and
//! checks everything else. Every struct denies unknown keys so a typo is an error with a
//! suggestion instead of a field silently ignored.

use serde::Deserialize;

use crate::yaml::Text;

/// `site.yaml`; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFm {
    pub title: Option<String>,
    pub description: Option<String>,
    pub base_url: Option<String>,
    pub language: Option<String>,
    pub author: Option<String>,
}

/// `content/briefings/<slug>.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefingFm {
    pub title: String,
    /// Publication date (EDTF).
    pub date: Text,
    pub updated: Option<Text>,
    pub summary: Option<String>,
    #[serde(default)]
    pub topics: Vec<String>,
    pub location: Option<String>,
    /// Actor refs: slug, name or alias.
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(default)]
    pub quotes: Vec<QuoteFm>,
    #[serde(default)]
    pub events: Vec<EventFm>,
    #[serde(default)]
    pub sources: Vec<SourceFm>,
    #[serde(default)]
    pub draft: bool,
    /// Overrides the slug taken from the file name.
    pub slug: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteFm {
    /// Actor ref of the speaker.
    pub by: String,
    /// Verbatim words; never edited.
    pub text: String,
    /// When it was said (EDTF).
    pub said: Text,
    pub venue: Option<String>,
    /// Id of an entry in the briefing's `sources`.
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventFm {
    pub date: Text,
    pub what: String,
    #[serde(default)]
    pub actors: Vec<String>,
    #[serde(rename = "where")]
    pub place: Option<String>,
    pub source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceFm {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    pub date: Option<Text>,
    pub url: Option<String>,
    /// Admiralty grading, e.g. `B2`.
    pub grade: Option<String>,
}

/// `content/actors/<slug>.md`; the body is the profile.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorFm {
    pub name: String,
    #[serde(default)]
    pub kind: Option<String>,
    pub role: Option<String>,
    #[serde(default)]
    pub affiliations: Vec<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
}

/// `content/topics/<slug>.md`; the body describes the topic.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicFm {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub slug: Option<String>,
}

/// `content/pages/<slug>.md`: free pages such as about or methodology.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFm {
    pub title: String,
    pub summary: Option<String>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
}
