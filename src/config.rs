//! Site configuration: `site.yaml` merged with command-line overrides.

use std::path::Path;
use std::sync::Arc;

use crate::content::{Extra, SiteFm};
use crate::diag::{Diagnostic, Kind};
use crate::yaml;

mod files;
mod languages;
mod menu;
mod page_sizes;

pub use files::{FaviconFile, SiteImage};
pub use languages::{Language, Untranslated, is_code, valid_lang};
pub use menu::{MenuEntry, MenuTarget, unknown_pages};
pub use page_sizes::{MAX_PAGE_SIZE, PageSizes};

/// The site-wide settings every page sees.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// Absolute URL ending in `/`; only feeds, sitemaps and canonical links need it.
    pub base_url: Option<String>,
    pub language: String,
    pub author: Option<String>,
    /// `menu:`: the main navigation in its place, if given.
    pub menu: Option<Vec<MenuEntry>>,
    pub page_sizes: PageSizes,
    /// Whether briefings and pages show a table of contents unless they say otherwise.
    pub toc: bool,
    /// The site's own fields (`extra:`), for templates as `site.extra`.
    pub extra: Extra,
    /// `image:`, the default link-card image; the model finds the file.
    pub image: Option<SiteImage>,
    /// `favicon:`; without it, the theme's `favicon.svg` is the icon.
    pub favicon: Option<FaviconFile>,
    /// The theme's strings in every language, the site's `i18n/` files over the
    /// built-in ones; a page finds its own with [`Config::locale`].
    pub locales: Arc<crate::i18n::Locales>,
    /// Where this language's pages go under the output folder: empty for the default
    /// language, `uk/` for Ukrainian. `base_url` of a language ends with it.
    pub prefix: String,
    /// `languages:`: the site's other languages, in the order written.
    pub languages: Vec<Language>,
    /// `untranslated:`: what the other languages show of what is not translated.
    pub untranslated: Untranslated,
    /// In the site of a language other than the default: the default's code, the
    /// language of the facts every language shares (events, claims).
    pub facts_lang: Option<String>,
}

impl Config {
    /// The address of the whole output, whatever the language: `base_url` without
    /// the language's `prefix`.
    pub fn root_url(&self) -> Option<&str> {
        let base = self.base_url.as_deref()?;
        Some(base.strip_suffix(self.prefix.as_str()).unwrap_or(base))
    }

    /// The strings of the site's language.
    pub fn locale(&self) -> Arc<crate::i18n::Locale> {
        self.locales.get(&self.language)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Briefings".to_string(),
            description: None,
            base_url: None,
            language: "en".to_string(),
            author: None,
            menu: None,
            page_sizes: PageSizes::default(),
            toc: false,
            extra: Extra::default(),
            image: None,
            favicon: None,
            prefix: String::new(),
            languages: Vec::new(),
            untranslated: Untranslated::Omit,
            facts_lang: None,
            locales: crate::i18n::Locales::built_in(),
        }
    }
}

/// Reads `site.yaml` text (absent file = all defaults).
pub fn parse(path: &Path, text: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let Some(text) = text else {
        return Ok(Config::default());
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let parsed = yaml::parse::<SiteFm>(&yaml::Doc {
        path,
        file: text,
        shared: None,
        yaml: text,
        first_line: 1,
        what: "site.yaml",
    });
    if !parsed.diagnostics.is_empty() {
        return Err(parsed.diagnostics);
    }
    let fm = parsed.value.unwrap_or_default();
    let mut config = Config::default();
    if let Some(t) = fm.title {
        config.title = t;
    }
    if let Some(l) = fm.language {
        config.language = l;
    }
    config.description = fm.description;
    config.author = fm.author;
    // Menu and page sizes are reported together: an editor fixes both in one go.
    let mut diags = Vec::new();
    if let Some(entries) = &fm.menu {
        match menu::read(entries, "menu", path, text, &parsed.spans) {
            Ok(m) => config.menu = Some(m),
            Err(d) => diags.extend(d),
        }
    }
    if let Some(sizes) = &fm.page_sizes {
        match PageSizes::read(sizes, path, text, &parsed.spans) {
            Ok(s) => config.page_sizes = s,
            Err(d) => diags.extend(d),
        }
    }
    config.image = (fm.image.as_ref()).map(|i| files::image(i, path, text, &parsed.spans));
    if let Some(favicon) = &fm.favicon {
        match files::favicon(favicon, path, text, &parsed.spans) {
            Ok(f) => config.favicon = Some(f),
            Err(d) => diags.push(d),
        }
    }
    if let Some(entries) = &fm.languages {
        match languages::read(&entries.0, &config.language, path, text, &parsed.spans) {
            Ok(l) => config.languages = l,
            Err(d) => diags.extend(d),
        }
    }
    if let Some(u) = &fm.untranslated {
        match languages::untranslated(u, path, text, &parsed.spans) {
            Ok(u) => config.untranslated = u,
            Err(d) => diags.push(d),
        }
    }
    config.toc = fm.toc.unwrap_or(false);
    config.extra = fm.extra;
    if let Some(url) = fm.base_url {
        match normalize_base_url(&url) {
            Ok(url) => config.base_url = Some(url),
            Err(m) => {
                let mut d = Diagnostic::new(Kind::BadValue, path, m);
                if let Some(pos) = parsed.spans.value("base_url") {
                    d = d.at(text, pos);
                }
                diags.push(d);
            }
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(config)
}

/// Checks that `url` is an absolute http(s) URL and gives it a trailing slash.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with https:// or http://"))?;
    if rest.is_empty() || rest.starts_with('/') || rest.contains(char::is_whitespace) {
        return Err(format!("base_url `{url}` has no host"));
    }
    // Every absolute URL is the base with a path appended: after a query or fragment
    // the path would land inside it.
    if let Some(i) = rest.find(['?', '#']) {
        let what = if rest[i..].starts_with('?') {
            "a query"
        } else {
            "a fragment"
        };
        let scheme = &url[..url.len() - rest.len()];
        return Err(format!(
            "base_url `{url}` has {what}, and every page's URL is made by adding to it; \
             give the address the site is served from, e.g. `{scheme}{}/`",
            rest[..i].trim_end_matches('/')
        ));
    }
    let mut out = url.to_string();
    if !out.ends_with('/') {
        out.push('/');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_three_other_languages_are_the_most() {
        let yaml = |n: usize| {
            // Two-letter codes, fake and all different: aa, ab, … (en is the default).
            let letter = |i: usize| char::from(b'a' + (i % 26) as u8);
            let codes = (0..n).map(|i| format!("  {}{}: {{}}\n", letter(i / 26 + 20), letter(i)));
            format!("language: en\nlanguages:\n{}", codes.collect::<String>())
        };
        let path = Path::new("site.yaml");
        assert_eq!(parse(path, Some(&yaml(63))).unwrap().languages.len(), 63);
        let errs = parse(path, Some(&yaml(64))).unwrap_err();
        assert_eq!(errs.len(), 1, "{errs:#?}");
        assert!(errs[0].message.contains("at most 63"), "{errs:#?}");
        assert_eq!(errs[0].pos.map(|p| p.line), Some(2));
    }

    #[test]
    fn base_url_gets_a_trailing_slash_and_must_be_absolute() {
        assert_eq!(
            normalize_base_url("https://example.org/sub").unwrap(),
            "https://example.org/sub/"
        );
        assert!(normalize_base_url("example.org").is_err());
        assert!(normalize_base_url("javascript:alert(1)").is_err());
        assert_eq!(
            normalize_base_url("https://x.org/?q=1").unwrap_err(),
            "base_url `https://x.org/?q=1` has a query, and every page's URL is made by \
             adding to it; give the address the site is served from, e.g. `https://x.org/`"
        );
        let e = normalize_base_url("https://x.org/news#top").unwrap_err();
        assert!(
            e.contains("has a fragment") && e.ends_with("`https://x.org/news/`"),
            "{e}"
        );
    }

    #[test]
    fn missing_site_yaml_means_defaults_and_typos_are_errors() {
        assert_eq!(
            parse(Path::new("site.yaml"), None).unwrap(),
            Config::default()
        );
        let errs = parse(Path::new("site.yaml"), Some("titel: x\n")).unwrap_err();
        assert_eq!(errs[0].hint.as_deref(), Some("did you mean `title`?"));
    }
}
