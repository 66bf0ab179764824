//! Front matter as the editor writes it: the raw, unvalidated shape of each kind of file.
//!
//! These types only describe what may appear; `model` resolves refs, parses dates and
//! checks everything else. Every struct denies unknown keys so a typo is an error with a
//! suggestion instead of a field silently ignored.

use std::fmt;
use std::sync::Arc;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

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
    #[serde(default)]
    pub extra: Extra,
    /// Whether briefings and pages show a table of contents unless they say otherwise.
    pub toc: Option<bool>,
    /// The main navigation, in order; replaces the built-in one when given.
    pub menu: Option<Vec<MenuFm>>,
    /// How many items a page of each long listing shows.
    pub page_sizes: Option<PageSizesFm>,
    /// The link-card image of pages without one of their own, a path under `content/`.
    pub image: Option<ImageFm>,
    /// The site's icon, a file under `content/` (`favicon.svg`, `.png` or `.ico`).
    pub favicon: Option<String>,
    /// The site's other languages, by code, in the order written.
    pub languages: Option<OrderedMap<LanguageFm>>,
    /// `omit` or `fallback`: what a language shows of what is not translated into it.
    pub untranslated: Option<String>,
}

/// An entry of `languages:` in `site.yaml`: `uk: {title: …, description: …, menu: […]}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageFm {
    pub title: Option<String>,
    pub description: Option<String>,
    pub menu: Option<Vec<MenuFm>>,
}

/// A YAML mapping read in the order written, each key a string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<V: Serialize> Serialize for OrderedMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Ordered<V>(std::marker::PhantomData<fn() -> V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Ordered<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping by language code, such as {uk: …}")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(OrderedMap(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<ExtraKey, V>()? {
                    out.push((k.0, v));
                }
                Ok(OrderedMap(out))
            }
        }
        // Kept between builds (`model::stored`): in a format that says nothing of
        // what a value is, only a mapping can have been written.
        if !d.is_human_readable() {
            return d.deserialize_map(Ordered(std::marker::PhantomData));
        }
        d.deserialize_any(Ordered(std::marker::PhantomData))
    }
}

/// A picture named in front matter (a briefing's lead image, an actor's portrait, the
/// site's card image): `{src, alt, caption?, credit?}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImageFm {
    /// A file beside the Markdown file (`rzeszow.jpg`), or a path under `content/`.
    pub src: String,
    /// What the picture shows, for readers who cannot see it; required, but read as
    /// optional so that its absence is reported in words of our own.
    pub alt: Option<String>,
    pub caption: Option<String>,
    /// Who made it (`Photo: Agency / Name`).
    pub credit: Option<String>,
}

/// An entry of `menu:`: `{title, url}`, or `{page: about}` for a free page (its
/// `title` then defaults to the page's).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MenuFm {
    pub title: Option<String>,
    pub url: Option<String>,
    pub page: Option<String>,
}

/// `page_sizes:` in `site.yaml`; a listing left out keeps its default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSizesFm {
    pub briefings: Option<i64>,
    pub topic: Option<i64>,
    pub quotes: Option<i64>,
    pub timeline: Option<i64>,
    pub actor: Option<i64>,
    pub claims: Option<i64>,
    pub corrections: Option<i64>,
    pub author: Option<i64>,
}

/// `content/briefings/<slug>.md`.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
    /// Who wrote it: author refs, or `{name: …}` for a byline without a page.
    #[serde(default)]
    pub authors: Vec<AuthorRefFm>,
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
    /// Show a table of contents; default: the site's `toc`.
    pub toc: Option<bool>,
    /// The lead image, shown above the body and on link cards.
    pub image: Option<ImageFm>,
    #[serde(default)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
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
    /// The language it was said in (BCP 47); default: the site's `language`.
    pub lang: Option<String>,
    /// The desk's translations of `text`, by language code: never what was said.
    pub translations: Option<OrderedMap<String>>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
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

#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
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
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionFm {
    /// The day of the correction (EDTF, to the day).
    pub date: Text,
    /// What was corrected.
    pub what: String,
}

/// `content/actors/<slug>.md`; the body is the profile.
#[derive(Debug, Deserialize, Serialize)]
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
    /// A portrait or emblem, shown on the actor's page and on link cards.
    pub image: Option<ImageFm>,
    #[serde(default)]
    pub extra: Extra,
}

/// Another name of an actor: `Zelenskyy`, or `{name: Зеленський, lang: uk}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
        if !d.is_human_readable() {
            return AliasMap::deserialize(d).map(AliasFm::from);
        }
        d.deserialize_any(StringOrMap::<AliasMap, AliasFm>::new(
            "a name, or a mapping such as {name: Зеленський, lang: uk}",
        ))
    }
}

/// An actor's tie to another: `united-states`, or
/// `{actor: united-states, from: 2021-01-26, until: 2025-01-20, role: Secretary of State}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
        if !d.is_human_readable() {
            return AffiliationMap::deserialize(d).map(AffiliationFm::from);
        }
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
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TopicFm {
    pub name: String,
    /// Other names: `Deportations`, or `{name: Депортації, lang: uk}`.
    #[serde(default)]
    pub aliases: Vec<AliasFm>,
    pub slug: Option<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// `content/pages/<slug>.md`: free pages such as about or methodology.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageFm {
    pub title: String,
    pub summary: Option<String>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    /// Show a table of contents; default: the site's `toc`.
    pub toc: Option<bool>,
    #[serde(default)]
    pub extra: Extra,
}

/// `content/authors/<slug>.md`: who writes the briefings; the body is the bio.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorFm {
    pub name: String,
    pub role: Option<String>,
    /// Their own page elsewhere (http or https).
    pub url: Option<String>,
    pub email: Option<String>,
    /// A portrait: an http(s) URL, or a path under `content/` (`authors/desk.png`).
    pub image: Option<String>,
    pub slug: Option<String>,
    #[serde(default)]
    pub extra: Extra,
}

/// `content/briefings/<slug>.<lang>.md`: a briefing's translation, only what is
/// translated; the facts belong to the original.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BriefingTrFm {
    pub title: String,
    pub summary: Option<String>,
    /// The lead image's words; the picture is the original's.
    pub image: Option<ImageTrFm>,
    pub toc: Option<bool>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub extra: Extra,
}

/// A translated picture: what it shows and its caption.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageTrFm {
    pub alt: Option<String>,
    pub caption: Option<String>,
}

/// `content/actors/<slug>.<lang>.md`: the body is the translated profile.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorTrFm {
    pub name: Option<String>,
    pub role: Option<String>,
}

/// `content/topics/<slug>.<lang>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicTrFm {
    pub name: Option<String>,
}

/// `content/pages/<slug>.<lang>.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageTrFm {
    pub title: String,
    pub summary: Option<String>,
    pub toc: Option<bool>,
    #[serde(default)]
    pub draft: bool,
}

/// `content/authors/<slug>.<lang>.md`: the body is the translated bio.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorTrFm {
    pub name: Option<String>,
    pub role: Option<String>,
}

/// An entry of a briefing's `authors`: a ref to an author file (slug or name), or
/// `{name: …}`, a byline without a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorRefFm {
    Ref(String),
    Name(String),
}

impl From<String> for AuthorRefFm {
    fn from(r: String) -> Self {
        AuthorRefFm::Ref(r)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthorNameMap {
    name: String,
}

impl From<AuthorNameMap> for AuthorRefFm {
    fn from(m: AuthorNameMap) -> Self {
        AuthorRefFm::Name(m.name)
    }
}

/// As kept between builds (`model::stored`) in a format that says nothing of what a
/// value is: which of the two it is, then its text.
#[derive(Serialize, Deserialize)]
enum AuthorRefKept {
    Ref(String),
    Name(String),
}

/// As read: the short form for a ref, the long one for a name.
impl Serialize for AuthorRefFm {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !s.is_human_readable() {
            return match self {
                AuthorRefFm::Ref(r) => AuthorRefKept::Ref(r.clone()),
                AuthorRefFm::Name(n) => AuthorRefKept::Name(n.clone()),
            }
            .serialize(s);
        }
        match self {
            AuthorRefFm::Ref(r) => s.serialize_str(r),
            AuthorRefFm::Name(name) => {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("name", name)?;
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for AuthorRefFm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !d.is_human_readable() {
            return Ok(match AuthorRefKept::deserialize(d)? {
                AuthorRefKept::Ref(r) => AuthorRefFm::Ref(r),
                AuthorRefKept::Name(n) => AuthorRefFm::Name(n),
            });
        }
        d.deserialize_any(StringOrMap::<AuthorNameMap, AuthorRefFm>::new(
            "an author ref, or a mapping such as {name: Guest Writer} for a byline without a page",
        ))
    }
}

/// `extra:`: fields of the site's own, any YAML mapping, handed to templates as they
/// are (Zola's `[extra]`, Hugo's `.Params`), so a theme can add a field without a
/// change to briefing. Shared: the model clones its items, and a mapping can be large.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extra(Arc<serde_json::Map<String, serde_json::Value>>);

impl Extra {
    pub fn map(&self) -> &serde_json::Map<String, serde_json::Value> {
        &self.0
    }
}

impl Serialize for Extra {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Kept between builds (`model::stored`) in a format that says nothing of what
        // a value is, which any value here may be: as its JSON.
        if !s.is_human_readable() {
            let json = serde_json::to_string(&*self.0).map_err(serde::ser::Error::custom)?;
            return s.serialize_str(&json);
        }
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !d.is_human_readable() {
            let json = String::deserialize(d)?;
            return (serde_json::from_str(&json).map(|m| Extra(Arc::new(m))))
                .map_err(de::Error::custom);
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Extra;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of your own fields, such as {desk: Europe}")
            }
            // `extra:` with nothing after it is an empty mapping, as it reads.
            fn visit_unit<E: de::Error>(self) -> Result<Extra, E> {
                Ok(Extra::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<Extra, E> {
                Ok(Extra::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Extra, A::Error> {
                let mut out = serde_json::Map::new();
                while let Some((k, v)) = map.next_entry::<ExtraKey, serde_json::Value>()? {
                    out.insert(k.0, v);
                }
                Ok(Extra(Arc::new(out)))
            }
        }
        d.deserialize_any(V)
    }
}

/// A key of `extra`: YAML allows `2022: …` or `true: …`, templates see strings.
struct ExtraKey(String);

impl<'de> Deserialize<'de> for ExtraKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if !d.is_human_readable() {
            return String::deserialize(d).map(ExtraKey);
        }
        struct V;
        impl Visitor<'_> for V {
            type Value = ExtraKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key such as `desk`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ExtraKey, E> {
                Ok(ExtraKey(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ExtraKey, E> {
                Ok(ExtraKey(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ExtraKey, E> {
                Ok(ExtraKey(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ExtraKey, E> {
                Ok(ExtraKey(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<ExtraKey, E> {
                Ok(ExtraKey(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn extra(yaml: &str) -> Result<Extra, String> {
        serde_yaml::from_str::<PageFm>(&format!("title: T\n{yaml}"))
            .map(|p| p.extra)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn extra_is_any_mapping_and_only_a_mapping() {
        assert_eq!(extra("").unwrap(), Extra::default());
        assert_eq!(extra("extra:\n").unwrap(), Extra::default());
        let e = extra("extra: {2022: a, true: b, desk: {x: [1, 2.5, null]}}").unwrap();
        // Keys come sorted, whatever order they were written in.
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"2022":"a","desk":{"x":[1,2.5,null]},"true":"b"}"#
        );
        for bad in ["extra: [a]", "extra: text", "extra: 3"] {
            let err = extra(bad).unwrap_err();
            assert!(err.contains("a mapping of your own fields"), "{bad}: {err}");
        }
    }
}
