//! `site.yaml` and the strings files read into the settings a build uses.

use super::*;

/// The strings a build made, and the strings files and languages it made them for: a
/// save in `serve` that changes neither keeps them, where reading the built-in strings
/// again took milliseconds of every rebuild.
pub(crate) struct Strings {
    files: Vec<crate::i18n::SiteFile>,
    codes: Vec<String>,
    locales: Arc<crate::i18n::Locales>,
}

pub(super) fn load_config(
    root: &Path,
    base_url: Option<&str>,
    strings: &mut Option<Strings>,
) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join("site.yaml");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(vec![Diagnostic::new(
                Kind::Io,
                "site.yaml",
                format!("cannot read: {e}"),
            )]);
        }
    };
    if let Some(i) = text.as_deref().and_then(crate::url::has_marker) {
        let t = text.as_deref().unwrap_or_default();
        return Err(vec![
            Diagnostic::new(Kind::Encoding, "site.yaml", crate::url::MARKER_MESSAGE)
                .at(t, crate::diag::Pos::at_byte(t, i, 3)),
        ]);
    }
    // The strings files' errors are reported with those of `site.yaml`.
    let config = config::parse(Path::new("site.yaml"), text.as_deref());
    let codes: Vec<String> = match &config {
        Ok(c) => std::iter::once(&c.language)
            .chain(c.languages.iter().map(|l| &l.code))
            .cloned()
            .collect(),
        Err(_) => Vec::new(),
    };
    let (files, mut errors) = crate::i18n::Locales::files(root);
    let locales = match strings {
        Some(last) if errors.is_empty() && last.files == files && last.codes == codes => {
            Ok(Arc::clone(&last.locales))
        }
        _ => match (crate::i18n::Locales::read(&files), errors.is_empty()) {
            (Ok(mut locales), true) => {
                locales.prepare(codes.iter().map(String::as_str));
                let locales = Arc::new(locales);
                *strings = Some(Strings {
                    files,
                    codes,
                    locales: Arc::clone(&locales),
                });
                Ok(locales)
            }
            (Ok(_), false) => Err(errors),
            (Err(mut e), _) => {
                errors.append(&mut e);
                Err(errors)
            }
        },
    };
    let mut config = match (config, locales) {
        (Ok(config), Ok(locales)) => Config { locales, ..config },
        (config, locales) => {
            let mut diags = config.err().unwrap_or_default();
            diags.extend(locales.err().unwrap_or_default());
            return Err(diags);
        }
    };
    if let Some(url) = base_url {
        let url = config::normalize_base_url(url)
            .map_err(|m| vec![Diagnostic::new(Kind::BadValue, "--base-url", m)])?;
        config.base_url = Some(url);
    }
    Ok(config)
}
