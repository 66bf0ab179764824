//! `briefing new`: a small working site to start from.

use std::path::Path;

use crate::theme;

const SITE: &str =
    "title: My briefings\nlanguage: en\n# base_url: https://example.org/briefings/\n";

const ACTOR: &str = "---\nname: Example Actor\nkind: person\nrole: Spokesperson of an example ministry\naliases: [Example]\n---\n\nA placeholder actor. Replace this profile with who they are and why they matter.\n";

const BRIEFING: &str = "---\ntitle: First briefing\ndate: 2026-01-15\nsummary: What happened, in one or two sentences.\ntopics: [example topic]\nactors: [example-actor]\nquotes:\n  - by: Example Actor\n    text: This is where a verbatim quote goes.\n    said: 2026-01-14\n    venue: Press conference\n    source: notes\nevents:\n  - date: 2026-01-14\n    what: The example ministry held a press conference\n    actors: [Example Actor]\nsources:\n  - id: notes\n    title: Example source\n    publisher: Example publisher\n    date: 2026-01-14\n---\n\nWrite the briefing here. Link to an actor with [[Example Actor]] or [[example-actor|a label]].\n";

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
    for (name, text) in theme::DEFAULT {
        write(&format!("templates/{name}"), text)?;
    }
    write(".gitignore", "/public/\n")?;
    Ok(())
}
