//! Front matter as the editor writes it: the raw, unvalidated shape of each kind of file.
//!
//! These types only describe what may appear; `model` resolves refs, parses dates and
//! checks everything else. Every struct denies unknown keys so a typo is an error with a
//! suggestion instead of a field silently ignored.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

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
    /// Claims made about the events, and who asserts or disputes them.
    #[serde(default)]
    pub claims: Vec<ClaimFm>,
    /// Corrections to the briefing after publication, kept in the open.
    #[serde(default)]
    pub corrections: Vec<CorrectionFm>,
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
    /// The office or role the speaker held when speaking (`US Secretary of State`).
    pub role: Option<String>,
    /// Id of an entry in the briefing's `sources`.
    pub source: Option<String>,
    /// The statement this quote is, across briefings: quotes with the same `id` are one
    /// statement even where their wording differs.
    pub id: Option<String>,
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
    /// An archived copy of the source's text, as a path under `content/`
    /// (`sources/report.txt`); quotes citing the source are checked against it.
    pub archive: Option<String>,
}

/// A claim: something asserted about the conflict, by whom, and who disputes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimFm {
    /// Unique within the briefing; the claim's anchor is `claim-<id>`.
    pub id: String,
    /// The claim in the editor's words.
    pub text: String,
    /// Actor refs of those asserting it.
    #[serde(default)]
    pub by: Vec<String>,
    /// Actor refs of those denying or disputing it.
    #[serde(default)]
    pub denied_by: Vec<String>,
    /// `asserted`, `disputed`, `confirmed` or `retracted`.
    pub status: Option<String>,
    /// When it was made (EDTF).
    pub date: Option<Text>,
    /// Ids of entries in the briefing's `sources`.
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A correction made to a briefing after publication.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionFm {
    /// The day of the correction (EDTF, to the day).
    pub date: Text,
    /// What was corrected.
    pub what: String,
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
    pub affiliations: Vec<AffiliationFm>,
    #[serde(default)]
    pub aliases: Vec<AliasFm>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
}

/// Another name of an actor: `Zelenskyy`, or `{name: Зеленський, lang: uk}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasFm {
    pub name: String,
    /// BCP 47 language tag of the name (`uk`, `ru`, `ar`).
    pub lang: Option<String>,
}

impl From<String> for AliasFm {
    fn from(name: String) -> Self {
        AliasFm { name, lang: None }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasMap {
    name: String,
    lang: Option<String>,
}

impl From<AliasMap> for AliasFm {
    fn from(m: AliasMap) -> Self {
        AliasFm {
            name: m.name,
            lang: m.lang,
        }
    }
}

impl<'de> Deserialize<'de> for AliasFm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StringOrMap::<AliasMap, AliasFm>::new(
            "a name, or a mapping such as {name: Зеленський, lang: uk}",
        ))
    }
}

/// An actor's tie to another: `united-states`, or
/// `{actor: united-states, from: 2021-01-26, until: 2025-01-20, role: Secretary of State}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliationFm {
    /// Actor ref.
    pub actor: String,
    /// EDTF dates the tie began and ended.
    pub from: Option<Text>,
    pub until: Option<Text>,
    pub role: Option<String>,
}

impl From<String> for AffiliationFm {
    fn from(actor: String) -> Self {
        AffiliationFm {
            actor,
            from: None,
            until: None,
            role: None,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AffiliationMap {
    actor: String,
    from: Option<Text>,
    until: Option<Text>,
    role: Option<String>,
}

impl From<AffiliationMap> for AffiliationFm {
    fn from(m: AffiliationMap) -> Self {
        AffiliationFm {
            actor: m.actor,
            from: m.from,
            until: m.until,
            role: m.role,
        }
    }
}

impl<'de> Deserialize<'de> for AffiliationFm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StringOrMap::<AffiliationMap, AffiliationFm>::new(
            "an actor ref, or a mapping such as {actor: nato, from: 2014-10-01, role: Secretary General}",
        ))
    }
}

/// Reads either a plain scalar (the short form) or a mapping (the long form, read as
/// `M`, so its unknown and missing keys are reported like any other). Like
/// `#[serde(untagged)]`, but an error in the long form says what is wrong with it
/// instead of "data did not match any variant".
struct StringOrMap<M, T> {
    expecting: &'static str,
    _types: std::marker::PhantomData<fn() -> (M, T)>,
}

impl<M, T> StringOrMap<M, T> {
    fn new(expecting: &'static str) -> Self {
        StringOrMap {
            expecting,
            _types: std::marker::PhantomData,
        }
    }
}

impl<'de, M: Deserialize<'de>, T: From<String> + From<M>> Visitor<'de> for StringOrMap<M, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::from(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<T, E> {
        Ok(T::from(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<T, E> {
        Ok(T::from(v.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        M::deserialize(de::value::MapAccessDeserializer::new(map)).map(T::from)
    }
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
