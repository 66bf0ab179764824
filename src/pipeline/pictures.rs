//! The pictures bodies show, published as [`images`] makes them: every copy of a JPEG,
//! PNG or WebP file a body shows or links to is re-encoded without metadata, and each
//! copy beside a page also comes in the widths a figure's `srcset` names. The files
//! are made in the cache folder and copied from there like any other file, so `build`
//! and `serve` both find them by their site path.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Kind};
use crate::discover::Asset;
use crate::images::{self, Cache, Format, Output};
use crate::links::source_and_target;
use crate::model::Site;

/// Replaces, in `assets`, every picture a body uses by its re-encoded copy, and adds
/// its resized copies; a picture that cannot be read or decoded is an error naming
/// its file.
pub(super) fn publish(root: &Path, site: &Site, assets: &mut Vec<Asset>) -> Vec<Diagnostic> {
    let used = used(site, assets);
    if used.is_empty() {
        return Vec::new();
    }
    let cache = Cache::of_site(root);
    let made: Vec<Result<Vec<Asset>, Diagnostic>> = used
        .par_iter()
        .map(|(source, (rel, targets))| made(source, rel, targets, &cache))
        .collect();
    let mut diags = Vec::new();
    let mut new = Vec::new();
    for m in made {
        match m {
            Ok(files) => new.extend(files),
            Err(d) => diags.push(d),
        }
    }
    let replaced: BTreeSet<&Path> = new.iter().map(|a| a.rel.as_path()).collect();
    assets.retain(|a| !replaced.contains(a.rel.as_path()));
    assets.extend(new);
    diags
}

/// Each picture a body uses, by its file: its path under `content/` and the site paths
/// pages use it at.
type Used = BTreeMap<PathBuf, (String, BTreeSet<String>)>;

fn used(site: &Site, assets: &[Asset]) -> Used {
    let by_rel: BTreeMap<&str, &Asset> = assets
        .iter()
        .filter(|a| a.rel.to_str().and_then(Format::of_path).is_some())
        .filter_map(|a| Some((a.rel.to_str()?, a)))
        .collect();
    let mut used = Used::new();
    if by_rel.is_empty() {
        return used;
    }
    // Lead images, portraits and the site's card image, at their own paths: a
    // photographer's GPS must not ride along on those either.
    let front_matter = (site.briefings.iter().filter_map(|b| b.image.as_ref()))
        .chain(site.actors.iter().filter_map(|a| a.image.as_ref()))
        .chain(site.image.as_ref());
    for image in front_matter {
        if let Some(a) = by_rel.get(image.path.as_str()) {
            let entry = used
                .entry(a.path.clone())
                .or_insert_with(|| (image.path.clone(), BTreeSet::new()));
            entry.1.insert(image.path.clone());
        }
    }
    for l in &site.body_links {
        if l.url.starts_with('#')
            || Format::of_path(l.url.split(['?', '#']).next().unwrap_or("")).is_none()
        {
            continue;
        }
        let Some((source, target)) = source_and_target(l) else {
            continue;
        };
        if let Some(a) = by_rel.get(source.as_str()) {
            let entry = used
                .entry(a.path.clone())
                .or_insert_with(|| (source.clone(), BTreeSet::new()));
            entry.1.insert(target);
        }
    }
    used
}

/// The files one picture is published as: itself at every site path it is used at,
/// and, beside pages, in each width [`images::plan`] names.
fn made(
    source: &Path,
    rel: &str,
    targets: &BTreeSet<String>,
    cache: &Cache,
) -> Result<Vec<Asset>, Diagnostic> {
    let _at = crate::panics::working_on(Path::new(rel));
    let fail = |e: images::Error| {
        Diagnostic::new(
            Kind::BadValue,
            Path::new("content").join(rel),
            format!("cannot publish this picture: {e}"),
        )
        .hint(e.hint())
    };
    let format = Format::of_path(rel)
        .ok_or(images::Error::Unsupported)
        .map_err(fail)?;
    let size = images::probe_file(source).map_err(fail)?;
    // The picture at its own path, which is copied there like any file of content/.
    let mut outputs: Vec<Output> = Vec::new();
    if !targets.contains(rel) {
        outputs.push(Output {
            site_path: rel.to_string(),
            width: None,
        });
    }
    for t in targets {
        outputs.push(Output {
            site_path: t.clone(),
            width: None,
        });
        let variants = images::plan(t, size).srcset.into_iter();
        outputs.extend(variants.filter(|(p, _)| p != t).map(|(p, w)| Output {
            site_path: p,
            width: Some(w),
        }));
    }
    let files = images::publish(source, format, &outputs, cache).map_err(fail)?;
    Ok(outputs
        .into_iter()
        .zip(files)
        .map(|(o, path)| Asset {
            path,
            rel: PathBuf::from(o.site_path),
        })
        .collect())
}
