//! What briefing writes into a site for its editors to start from: `briefing new` (a
//! small working site) and `briefing templates eject` (built-in templates to edit).

use std::path::{Path, PathBuf};

use crate::theme;

const SITE: &str =
    "title: My briefings\nlanguage: en\n# base_url: https://example.org/briefings/\n";

const ACTOR: &str = "---\nname: Example Actor\nkind: person\nrole: Spokesperson of an example ministry\naliases: [Example]\n---\n\nA placeholder actor. Replace this profile with who they are and why they matter.\n";

const BRIEFING: &str = "---\ntitle: First briefing\ndate: 2026-01-15\nsummary: What happened, in one or two sentences.\ntopics: [example topic]\nactors: [example-actor]\nquotes:\n  - by: Example Actor\n    text: This is where a verbatim quote goes.\n    said: 2026-01-14\n    venue: Press conference\n    source: notes\nevents:\n  - date: 2026-01-14\n    what: The example ministry held a press conference\n    actors: [Example Actor]\nsources:\n  - id: notes\n    title: Example source\n    publisher: Example publisher\n    date: 2026-01-14\n---\n\nWrite the briefing here. Link to an actor with [[Example Actor]] or [[example-actor|a label]].\n";

/// The note left in a new site's empty `templates/`: the theme stays in the binary, so
/// a site gets its fixes, and only what the desk changes lives here.
const TEMPLATES_README: &str = "\
# templates/

This site renders with the theme built into `briefing`. A file here replaces the
built-in template of the same name, and only that one, so keep here only the
templates you change: the rest follow the theme as `briefing` is updated.

    briefing templates               list the built-in templates, marking those
                                     this site overrides
    briefing templates eject NAME    copy built-in templates here to edit
                                     (`--force` replaces a copy already here)
    briefing context PATH            print as JSON what the template of the page
                                     at PATH receives, e.g.
                                     `briefing context briefings/first-briefing/`

Templates are Tera 2: shared pieces are components (`{% component %}`, called as
`{{<name ... />}}`), not macros. The README of briefing lists every template and
the context it receives. This README is not a template.
";

/// Creates a site in `dir`, which must not exist or be empty.
pub fn new_site(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let mut entries =
            std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} exists and is not empty; choose a new folder",
                dir.display()
            ));
        }
    }
    let write = |rel: &str, text: &str| -> Result<(), String> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write("site.yaml", SITE)?;
    write("content/actors/example-actor.md", ACTOR)?;
    write("content/briefings/first-briefing.md", BRIEFING)?;
    write("templates/README.md", TEMPLATES_README)?;
    // The cache of resized pictures is made again from content/ when missing.
    write(".gitignore", "/public/\n/.briefing-cache/\n")?;
    Ok(())
}

/// Copies the built-in templates `names` into the site's `templates/` for editing, and
/// returns the paths written. Nothing is written unless every name is a built-in
/// template and, without `force`, none is overridden already.
pub fn eject(root: &Path, names: &[String], force: bool) -> Result<Vec<PathBuf>, String> {
    if !root.join("content").is_dir() {
        return Err(format!(
            "no content/ folder in {}: is this a briefing site? (pass its folder with --root)",
            root.display()
        ));
    }
    let unknown: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| theme::built_in(n).is_none())
        .collect();
    if let Some(first) = unknown.first() {
        let near = crate::diag::nearest(first, theme::built_in_names())
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        return Err(format!(
            "no built-in template {}; {near}the built-in templates are: {}",
            quoted(&unknown),
            theme::built_in_names().collect::<Vec<_>>().join(", ")
        ));
    }
    let dir = root.join("templates");
    let present: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| std::fs::symlink_metadata(dir.join(n)).is_ok())
        .collect();
    if !force && !present.is_empty() {
        return Err(format!(
            "the site already overrides {} in {}; pass --force to replace it with the built-in one",
            quoted(&present),
            dir.display()
        ));
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut written = Vec::new();
    for name in names {
        let path = dir.join(name);
        if written.contains(&path) {
            continue;
        }
        let text = theme::built_in(name).unwrap_or_default();
        // A link replaced by --force is replaced, not written through to its target.
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot replace {}: {e}", path.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// `a`, or `a`, `b`: names as messages show them.
fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("content")).expect("content");
        dir
    }

    #[test]
    fn eject_copies_the_built_in_text_and_refuses_to_overwrite_without_force() {
        let dir = site();
        let names = vec!["page.html".to_string()];
        let written = eject(dir.path(), &names, false).expect("ejects");
        assert_eq!(written, vec![dir.path().join("templates/page.html")]);
        let text = std::fs::read_to_string(&written[0]).expect("written");
        assert_eq!(Some(text.as_str()), theme::built_in("page.html"));
        std::fs::write(&written[0], "MINE").expect("edit");
        let refused = eject(dir.path(), &names, false).expect_err("refuses");
        assert!(
            refused.contains("already overrides `page.html`"),
            "{refused}"
        );
        assert!(refused.contains("--force"), "{refused}");
        assert_eq!(std::fs::read_to_string(&written[0]).unwrap(), "MINE");
        eject(dir.path(), &names, true).expect("forced");
        assert_ne!(std::fs::read_to_string(&written[0]).unwrap(), "MINE");
    }

    #[test]
    fn eject_of_an_unknown_name_lists_the_names_and_writes_nothing() {
        let dir = site();
        let names = vec!["page.html".to_string(), "pgae.html".to_string()];
        let e = eject(dir.path(), &names, false).expect_err("unknown");
        assert!(
            e.starts_with("no built-in template `pgae.html`; did you mean `page.html`?"),
            "{e}"
        );
        assert!(e.contains("404.html, _briefing_card.html"), "{e}");
        assert!(!dir.path().join("templates").exists());
    }

    #[test]
    fn a_new_site_holds_no_copy_of_the_theme() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let dir = tmp.path().join("site");
        new_site(&dir).expect("made");
        assert_eq!(theme::site_templates(&dir), Vec::<String>::new());
        let readme = std::fs::read_to_string(dir.join("templates/README.md")).expect("readme");
        assert!(readme.contains("briefing templates eject NAME"), "{readme}");
    }
}
