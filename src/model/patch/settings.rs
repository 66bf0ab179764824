//! A save of `site.yaml` or of a strings file (`i18n/`, read into the settings) alone,
//! patched into the last site. The model keeps the settings for the pages to show, and
//! takes from them only what is checked here again: the pages the menu names, the favicon and the card image, and the size of
//! the timeline's pages, which cuts it. Languages change what is built, so a change
//! of them, like any problem, takes the full build, which reports it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Cache, Options, Patched, Reindexed, Site, finish};
use crate::config::Config;

/// The last site with `config` for its settings, if nothing else need change.
pub(super) fn patch(config: &Config, opts: &Options, cache: &mut Cache) -> Option<Arc<Site>> {
    let last = cache.last.as_ref()?;
    let old = &last.site.config;
    if (&config.languages, config.untranslated) != (&old.languages, old.untranslated) {
        return None;
    }
    let pages: Vec<&str> = (last.site.pages.iter()).map(|p| p.slug.as_str()).collect();
    let menu = config.menu.as_deref().unwrap_or_default();
    if !crate::config::unknown_pages(menu, &pages).is_empty() {
        return None;
    }
    let mut b = super::builder(opts, None);
    let image = crate::model::image::site_files(config, &mut b);
    if !b.diags.is_empty() {
        return None;
    }
    let recut = config.page_sizes.timeline != old.page_sizes.timeline;
    let mut site = Site::clone(&last.site);
    site.config = config.clone();
    site.image = image;
    if recut {
        site.timeline = crate::model::timeline::pages(&site);
    }
    // The card image's warning is the settings' own; the files' stay.
    site.warnings.retain(|w| w.path != Path::new(SETTINGS));
    site.warnings.append(&mut b.warnings);
    crate::diag::sort(&mut site.warnings);
    // Listings cut into pages of another size put pages elsewhere, and the theme's
    // icon is a page of its own only while no favicon is set.
    let paged =
        config.page_sizes != old.page_sizes || config.favicon.is_none() != old.favicon.is_none();
    let patched = Patched {
        file: PathBuf::from(SETTINGS),
        reindexed: if paged {
            Reindexed::Layout
        } else {
            Reindexed::Nothing
        },
        topics: false,
        menu: config.menu != old.menu,
    };
    finish(cache, site, patched)
}

/// Where the settings are read from, as diagnostics name it.
const SETTINGS: &str = "site.yaml";
