//! The templates a site renders with: the built-in theme, overridden file by file by
//! the site's own `templates/`.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Kind};

include!(concat!(env!("OUT_DIR"), "/theme.rs"));

/// One template and where it came from, for error messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub name: String,
    pub text: String,
    /// Shown in diagnostics: `templates/actor.html` for the site's own file, or
    /// `(built-in) actor.html`.
    pub origin: PathBuf,
}

/// The built-in theme with the site's `templates/` laid over it.
pub fn load(root: &Path) -> Result<Vec<Template>, Vec<Diagnostic>> {
    let mut templates: Vec<Template> = DEFAULT
        .iter()
        .map(|(name, text)| Template {
            name: (*name).to_string(),
            text: (*text).to_string(),
            origin: PathBuf::from(format!("(built-in) {name}")),
        })
        .collect();
    let dir = root.join("templates");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(templates);
    };
    let mut diags = Vec::new();
    let mut own: Vec<_> = entries.filter_map(Result::ok).collect();
    own.sort_by_key(|e| e.file_name());
    for entry in own {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let origin = PathBuf::from("templates").join(&name);
        match std::fs::read_to_string(entry.path()) {
            Ok(text) => {
                let t = Template {
                    name: name.clone(),
                    text,
                    origin,
                };
                match templates.iter_mut().find(|t| t.name == name) {
                    Some(slot) => *slot = t,
                    None => templates.push(t),
                }
            }
            Err(e) => diags.push(Diagnostic::new(
                Kind::Io,
                origin,
                format!("cannot read template: {e}"),
            )),
        }
    }
    if diags.is_empty() {
        Ok(templates)
    } else {
        Err(diags)
    }
}
