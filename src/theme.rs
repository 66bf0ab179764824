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
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // The folder itself may be a link too: held to the same rule as its files.
    if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.file_type().is_symlink()) {
        link_inside(&dir, &real_root, Path::new("templates")).map_err(|d| vec![d])?;
    }
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(templates);
    };
    let mut diags = Vec::new();
    let mut own: Vec<_> = entries.filter_map(Result::ok).collect();
    own.sort_by_key(|e| e.file_name());
    for entry in own {
        let name = entry.file_name().to_string_lossy().into_owned();
        // Editors' lock and swap files (`.#page.html`, a dangling link under Emacs), and
        // the README `briefing new` leaves there for people, not for Tera.
        if name.starts_with('.') || is_readme(&name) {
            continue;
        }
        let origin = PathBuf::from("templates").join(&name);
        let is_link = entry.file_type().is_ok_and(|t| t.is_symlink());
        if is_link {
            if let Err(d) = link_inside(&entry.path(), &real_root, &origin) {
                diags.push(d);
                continue;
            }
        }
        // `metadata` follows a link, so a link to a file inside the site is used.
        if !std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file()) {
            continue;
        }
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

/// Whether `name` is a note for people in `templates/` (`README`, `README.md`), which
/// is not a template.
pub fn is_readme(name: &str) -> bool {
    let stem = name.split_once('.').map_or(name, |(stem, _)| stem);
    stem.eq_ignore_ascii_case("readme")
}

/// The built-in template called `name`.
pub fn built_in(name: &str) -> Option<&'static str> {
    DEFAULT
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// The names of the built-in templates, sorted.
pub fn built_in_names() -> impl Iterator<Item = &'static str> {
    DEFAULT.iter().map(|(name, _)| *name)
}

/// The templates of the site at `root` (file names under `templates/`), sorted: each
/// overrides the built-in one of its name, or adds one.
pub fn site_templates(root: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join("templates")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| std::fs::metadata(e.path()).is_ok_and(|m| m.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.') && !is_readme(n))
        .collect();
    names.sort();
    names
}

/// A template that is a symbolic link must lead to a file inside the site, as content
/// files must: one leading elsewhere would make the site depend on a file that is not
/// in it, and used to be ignored without a word.
fn link_inside(path: &Path, real_root: &Path, origin: &Path) -> Result<(), Diagnostic> {
    match path.canonicalize() {
        Ok(target) if target.starts_with(real_root) => Ok(()),
        Ok(target) => Err(Diagnostic::new(
            Kind::Io,
            origin,
            format!(
                "symbolic link leads outside the site, to {}",
                target.display()
            ),
        )
        .hint("templates must come from inside the site folder: copy the file in instead")),
        Err(e) => Err(
            Diagnostic::new(Kind::Io, origin, format!("broken symbolic link: {e}"))
                .hint("remove the link or restore its target"),
        ),
    }
}
