//! The languages a site is published in, and which pages each of them has: what
//! `<link rel="alternate" hreflang>`, the language switcher and the sitemap's
//! alternates are made from. The default language is at the root of the output, each
//! other under its code (`uk/`); a page has the same path under each root.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::model::Site;

/// A site's languages, the default first, and the pages of each.
pub struct Editions {
    pub sites: Vec<Arc<Site>>,
    /// Per page path under a language's root (`briefings/x/index.html`): which
    /// languages have it, one bit per index into `sites`. Empty for a site in one
    /// language, which has no alternates to show.
    pages: HashMap<String, u64>,
}

/// Most languages a site can have: one bit each in [`Editions::pages`] (`site.yaml`
/// refuses more).
pub const MAX_LANGUAGES: usize = 64;

/// Another language's version of the page, for the switcher.
#[derive(Debug, Serialize)]
pub struct LanguageLink<'a> {
    /// BCP 47 code (`uk`).
    pub code: &'a str,
    /// The language's name in itself (`Українська`).
    pub name: String,
    /// As Open Graph writes locales (`uk`, `pt_BR`).
    pub locale: String,
    /// The page in that language, or that language's home page when it has no such page.
    pub href: String,
    /// Whether the link leads to this page's own version, not to a home page.
    pub same_page: bool,
    /// Whether it is the language of the page showing it.
    pub current: bool,
}

/// A version of the page in a language, for `<link rel="alternate" hreflang>`.
#[derive(Debug, Serialize)]
pub struct Alternate<'a> {
    /// BCP 47 code, or `x-default` for the default language's page.
    pub hreflang: &'a str,
    pub href: String,
}

impl Editions {
    /// The editions of `site`, the default-language site, and its `languages`, each
    /// with the paths of its pages as `pages` lists them.
    pub fn of(site: &Arc<Site>, pages_of: impl Fn(&Site) -> Vec<String>) -> Editions {
        let sites: Vec<Arc<Site>> = std::iter::once(site)
            .chain(&site.languages)
            .take(MAX_LANGUAGES)
            .cloned()
            .collect();
        let mut pages: HashMap<String, u64> = HashMap::new();
        if sites.len() > 1 {
            for (i, s) in sites.iter().enumerate() {
                for path in pages_of(s) {
                    *pages.entry(path).or_default() |= 1 << i;
                }
            }
        }
        Editions { sites, pages }
    }

    /// Which languages have the page at `path` (under a language's root).
    fn having(&self, path: &str) -> u64 {
        self.pages.get(path).copied().unwrap_or(0)
    }

    /// The language switcher of the page at `path` in language `lang` (an index into
    /// `sites`): every language, each linking its version of the page or its home.
    /// Links start from [`SITE`](crate::url::SITE), the root of the output. Empty for a
    /// site in one language.
    pub fn switcher(&self, lang: usize, path: &str) -> Vec<LanguageLink<'_>> {
        if self.sites.len() < 2 || !path.ends_with(".html") {
            return Vec::new();
        }
        let having = self.having(path);
        (self.sites.iter().enumerate())
            .map(|(i, s)| {
                let same_page = having & (1 << i) != 0;
                let target = if same_page { path } else { "index.html" };
                LanguageLink {
                    code: &s.config.language,
                    name: language_name(s),
                    locale: s.config.language.replace('-', "_"),
                    href: format!("{}{}{target}", crate::url::SITE, s.config.prefix),
                    same_page,
                    current: i == lang,
                }
            })
            .collect()
    }

    /// The versions of the page at `path` in every language that has it, itself
    /// included, and `x-default` for the default language's: absolute URLs with a
    /// `base_url`, else links from [`SITE`](crate::url::SITE). Empty when only one
    /// language has the page.
    pub fn alternates(&self, path: &str) -> Vec<Alternate<'_>> {
        let having = self.having(path);
        if having.count_ones() < 2 || !path.ends_with(".html") {
            return Vec::new();
        }
        let href = |s: &Site| match s.config.base_url.as_deref() {
            Some(base) => crate::url::page_url(base, path),
            None => format!("{}{}{path}", crate::url::SITE, s.config.prefix),
        };
        let mut out: Vec<Alternate> = (self.sites.iter().enumerate())
            .filter(|(i, _)| having & (1 << i) != 0)
            .map(|(_, s)| Alternate {
                hreflang: &s.config.language,
                href: href(s),
            })
            .collect();
        if having & 1 != 0 {
            out.push(Alternate {
                hreflang: "x-default",
                href: href(&self.sites[0]),
            });
        }
        out
    }
}

/// The name of a site's language in that language, as its strings file gives it.
pub fn language_name(site: &Site) -> String {
    site.config.locale().name().to_string()
}

/// Whether `segment` of a path could be a language's folder: a language code is
/// letters, digits and hyphens, as BCP 47 writes it.
pub fn may_be_code(segment: &str) -> bool {
    (2..=35).contains(&segment.len())
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}
