//! The edits the latency examples make to a briefing, shared by `rebuild` and
//! `serve_latency`.

/// What to change in the briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Append a sentence to the body: serve patches it into the last site.
    Body,
    /// Move the briefing's date: listings reorder, so serve orders the site again.
    Date,
    /// Add a quote on odd runs and take it out on even ones: every later quote moves.
    Quote,
    /// Quote the briefing's first statement a second time on odd runs (the same
    /// speaker, words and date: one statement), with a sentence added to the body, and
    /// take it out on even ones: statements are grouped again.
    Cite,
    /// Give the briefing a new topic on odd runs and its own back on even ones: topics
    /// are made by the briefings that name them, so serve makes them all again.
    Topic,
    /// Append a sentence to the first actor's body instead: serve patches it.
    Actor,
    /// A new briefing (the first one with a sentence added, under a name that sorts
    /// before every other) on odd runs, deleted on even ones: every briefing after it
    /// moves along one.
    New,
    /// Give the first actor a new name each run, every name it had kept as an alias:
    /// refs resolve as they did, so serve patches it.
    ActorName,
    /// Give the first actor a new name each run, giving up the one the run before gave
    /// (its first name is kept as an alias, since refs use it): the files that name the
    /// actor are read again for refs by the name given up.
    NameGivenUp,
    /// Give the first topic file another name each run: which topic each briefing
    /// names may change, so the topics are made again.
    TopicName,
    /// A new actor (named to sort before every other) on odd runs, deleted on even ones:
    /// every other actor's id moves along one.
    NewActor,
    /// A new free page (named to sort before every other) on odd runs, deleted on even
    /// ones: every later page moves along one. Beside the site's first page, or one made
    /// for the runs.
    NewPage,
    /// A new topic file (named to sort before every other) on odd runs, deleted on even
    /// ones: topics with files come first, so every topic's id moves along one, in
    /// every briefing.
    NewTopic,
    /// Rename the last briefing (which no other links to, in a generated site) to a
    /// name that sorts before every other on odd runs, and back on even ones: every
    /// other briefing moves along.
    Rename,
    /// Change the first actor's `role:`: a front-matter edit that keeps its names, which
    /// serve patches.
    ActorRole,
    /// Append a sentence to a free page's body and change its title: the site's first
    /// page, or one made for the runs (a generated site has none).
    Page,
    /// Change the site's title in `site.yaml`: every page shows it.
    Settings,
    /// Change the "skip to content" words in `i18n/en.yaml` (made for the runs if the
    /// site has none): every page shows them.
    Strings,
    /// A new author (named to sort before every other) on odd runs, deleted on even
    /// ones: every later author moves along one. Beside the site's first author, or one
    /// made for the runs.
    NewAuthor,
    /// Put a sentence in the briefing template's main block, in `templates/` (made from
    /// the theme's if the site has none): every page of that kind changes.
    Template,
}

/// The kinds `--change` takes.
pub const KINDS: &str = "body, date, quote, cite, topic, topic-name, actor, actor-role, actor-name, name-given-up, new-actor, page, new-page, new-topic, new-author, new, rename, settings, strings or template";

/// `text` with its line starting with `key` replaced by `new`, or `new` put after line
/// `or_after` (counted from 0) if it has none.
fn replace_line(text: &str, key: &str, new: &str, or_after: usize) -> Result<String, String> {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(String::from).collect();
    match lines.iter().position(|l| l.starts_with(key)) {
        Some(at) => lines[at] = format!("{new}\n"),
        None if or_after < lines.len() => lines.insert(or_after + 1, format!("{new}\n")),
        None => return Err(format!("no `{key}` line to replace")),
    }
    Ok(lines.concat())
}

/// The file the runs of `change` edit in the site at `root`, and whether it was made for
/// them (and is to be removed after them): the first of its section by name (the last
/// for a rename), `site.yaml`, or a free page made if the site has none.
pub fn edited_file(
    change: Change,
    root: &std::path::Path,
) -> Result<(std::path::PathBuf, bool), String> {
    if change == Change::Settings {
        return Ok((root.join("site.yaml"), false));
    }
    if change == Change::Strings {
        let file = root.join("i18n").join("en.yaml");
        if file.is_file() {
            return Ok((file, false));
        }
        std::fs::create_dir_all(root.join("i18n")).map_err(|e| e.to_string())?;
        std::fs::write(&file, "skip_to_content: \"Skip to content\"\n")
            .map_err(|e| e.to_string())?;
        return Ok((file, true));
    }
    let dir = root.join("content").join(change.section());
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    names.retain(|p| p.extension().is_some_and(|e| e == "md"));
    names.sort();
    if change.takes_last() {
        names.reverse();
    }
    match names.into_iter().next() {
        Some(first) => Ok((first, false)),
        None => {
            // A generated site has no free pages and no authors: one is made.
            let (name, text) = match change {
                Change::Page | Change::NewPage => (
                    "latency-page.md",
                    "---\ntitle: Latency page\n---\n\nA page made for timing saves.\n",
                ),
                Change::NewAuthor => (
                    "latency-author.md",
                    "---\nname: Latency author\n---\n\nAn author made for timing saves.\n",
                ),
                _ => return Err(format!("no file in {}", dir.display())),
            };
            let made = dir.join(name);
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            std::fs::write(&made, text).map_err(|e| e.to_string())?;
            Ok((made, true))
        }
    }
}

impl Change {
    pub fn parse(s: &str) -> Result<Change, String> {
        match s {
            "body" => Ok(Change::Body),
            "date" => Ok(Change::Date),
            "quote" => Ok(Change::Quote),
            "topic" => Ok(Change::Topic),
            "actor" => Ok(Change::Actor),
            "new" => Ok(Change::New),
            "template" => Ok(Change::Template),
            "rename" => Ok(Change::Rename),
            "actor-role" => Ok(Change::ActorRole),
            "page" => Ok(Change::Page),
            "cite" => Ok(Change::Cite),
            "new-actor" => Ok(Change::NewActor),
            "actor-name" => Ok(Change::ActorName),
            "settings" => Ok(Change::Settings),
            "new-page" => Ok(Change::NewPage),
            "new-topic" => Ok(Change::NewTopic),
            "new-author" => Ok(Change::NewAuthor),
            "name-given-up" => Ok(Change::NameGivenUp),
            "topic-name" => Ok(Change::TopicName),
            "strings" => Ok(Change::Strings),
            _ => Err(format!("--change: `{s}` is not one of {KINDS}")),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Change::Body => "body",
            Change::Date => "date",
            Change::Quote => "quote",
            Change::Topic => "topic",
            Change::Actor => "actor",
            Change::New => "new",
            Change::Template => "template",
            Change::Rename => "rename",
            Change::ActorRole => "actor-role",
            Change::Page => "page",
            Change::Cite => "cite",
            Change::NewActor => "new-actor",
            Change::ActorName => "actor-name",
            Change::Settings => "settings",
            Change::NewPage => "new-page",
            Change::NewTopic => "new-topic",
            Change::NewAuthor => "new-author",
            Change::NameGivenUp => "name-given-up",
            Change::TopicName => "topic-name",
            Change::Strings => "strings",
        }
    }

    /// The file run `run` changes, given the first file of the section, and whether
    /// the run deletes it rather than writing it.
    pub fn file(self, first: &std::path::Path, run: usize) -> (std::path::PathBuf, bool) {
        // A file added beside the first is added on odd runs and deleted on even ones,
        // but for a rename, which renames the first to it and back.
        match (self, self.added(first)) {
            (Change::Rename, Some(added)) if run % 2 == 1 => (added, false),
            (Change::Rename, _) | (_, None) => (first.to_path_buf(), false),
            (_, Some(added)) => (added, run % 2 == 0),
        }
    }

    /// The file run `run` renames to [`Change::file`]'s, if it renames one.
    pub fn renamed_from(self, first: &std::path::Path, run: usize) -> Option<std::path::PathBuf> {
        match self {
            Change::Rename if run % 2 == 1 => Some(first.to_path_buf()),
            Change::Rename => self.added(first),
            _ => None,
        }
    }

    /// The file the change adds beside `first`, if it adds one: removed once the
    /// runs are over, whichever run came last.
    pub fn added(self, first: &std::path::Path) -> Option<std::path::PathBuf> {
        match self {
            Change::New
            | Change::NewActor
            | Change::NewPage
            | Change::NewTopic
            | Change::NewAuthor => Some(first.with_file_name("0000-latency-new.md")),
            Change::Rename => Some(first.with_file_name("0000-latency-renamed.md")),
            _ => None,
        }
    }

    /// Whether the change takes the last file of the section (by name) rather than the
    /// first: a rename of the first would break the links of later briefings to it.
    pub fn takes_last(self) -> bool {
        matches!(self, Change::Rename)
    }

    /// The section whose first file (by name) the change edits.
    pub fn section(self) -> &'static str {
        match self {
            Change::Actor
            | Change::ActorRole
            | Change::ActorName
            | Change::NameGivenUp
            | Change::NewActor => "actors",
            Change::Page | Change::NewPage => "pages",
            Change::NewTopic | Change::TopicName => "topics",
            Change::NewAuthor => "authors",
            _ => "briefings",
        }
    }

    /// `original` changed for run `run`, and a piece of text the page then shows.
    pub fn apply(self, original: &str, run: usize) -> Result<(String, String), String> {
        // The line starting with `key` replaced (put after the one at `or_after` if
        // there is none), and the new value shown.
        let line = |key: &str, new: &str, or_after: usize| {
            let shown = new[key.len()..].trim().trim_matches('"').to_string();
            Ok((replace_line(original, key, new, or_after)?, shown))
        };
        match self {
            Change::Body | Change::Actor | Change::New => {
                let sentence = format!("Latency run {run}.");
                Ok((format!("{}\n\n{sentence}\n", original.trim_end()), sentence))
            }
            Change::Date => {
                // A day in January 1999, which no generated briefing uses.
                let day = run % 28 + 1;
                let line = format!("date: 1999-01-{day:02}\n");
                let mut lines: Vec<&str> = original.split_inclusive('\n').collect();
                let at = lines
                    .iter()
                    .position(|l| l.starts_with("date:"))
                    .ok_or("the briefing has no `date:` line")?;
                lines[at] = &line;
                Ok((lines.concat(), format!("{day} January 1999")))
            }
            Change::Rename => {
                // Its page, under the new name or the old, shows its title.
                let title = (original.lines())
                    .find_map(|l| l.strip_prefix("title:"))
                    .ok_or("the briefing has no `title:` line")?;
                let title = title.trim().trim_matches('"').to_string();
                Ok((original.to_string(), title))
            }
            Change::Template => {
                let sentence = format!("Latency run {run}.");
                let block = "{% block main %}";
                if !original.contains(block) {
                    return Err("the briefing template has no main block".to_string());
                }
                let edited = original.replacen(block, &format!("{block}<p>{sentence}</p>"), 1);
                Ok((edited, sentence))
            }
            Change::NewActor => {
                let sentence = format!("Latency run {run}.");
                let text =
                    format!("---\nname: Latency actor {run}\nkind: person\n---\n\n{sentence}\n");
                Ok((text, sentence))
            }
            Change::ActorName | Change::NameGivenUp => {
                let old = (original.lines())
                    .find_map(|l| l.strip_prefix("name:"))
                    .ok_or("the actor has no `name:` line")?
                    .trim();
                let name = format!("Latency name {run}");
                let text = replace_line(original, "name:", &format!("name: \"{name}\""), 0)?;
                // Every name it had is kept, or (`NameGivenUp`) its first, which refs use.
                let earlier = match self {
                    Change::ActorName => 0..run,
                    _ => 0..0,
                };
                let had: Vec<String> = (std::iter::once(old.to_string()))
                    .chain(earlier.map(|r| format!("\"Latency name {r}\"")))
                    .collect();
                let had = had.join(", ");
                let aliases = match (original.lines()).find_map(|l| l.strip_prefix("aliases: [")) {
                    Some(rest) => format!("aliases: [{had}, {rest}"),
                    None => format!("aliases: [{had}]"),
                };
                Ok((replace_line(&text, "aliases:", &aliases, 1)?, name))
            }
            Change::NewPage => {
                let sentence = format!("Latency run {run}.");
                let text = format!("---\ntitle: Latency page {run}\n---\n\n{sentence}\n");
                Ok((text, sentence))
            }
            Change::NewTopic => {
                let sentence = format!("Latency run {run}.");
                let text = format!("---\nname: Latency topic {run}\n---\n\n{sentence}\n");
                Ok((text, sentence))
            }
            Change::NewAuthor => {
                let sentence = format!("Latency run {run}.");
                let text = format!("---\nname: Latency author {run}\n---\n\n{sentence}\n");
                Ok((text, sentence))
            }
            Change::Strings => {
                let words = format!("Latency words {run}");
                let new = format!("skip_to_content: \"{words}\"");
                Ok((replace_line(original, "skip_to_content:", &new, 0)?, words))
            }
            Change::TopicName => line("name:", &format!("name: \"Latency topic {run}\""), 0),
            Change::ActorRole => line("role:", &format!("role: \"Latency role {run}\""), 1),
            Change::Settings => line("title:", &format!("title: \"Latency title {run}\""), 0),
            Change::Page => {
                let (text, sentence) = Change::Body.apply(original, run)?;
                let title = format!("title: \"Latency page {run}\"");
                Ok((replace_line(&text, "title:", &title, 1)?, sentence))
            }
            Change::Quote | Change::Topic | Change::Cite if run % 2 == 0 => {
                Change::Body.apply(original, run)
            }
            Change::Cite => {
                let (text, sentence) = Change::Body.apply(original, run)?;
                let start = text
                    .find("\nquotes:\n")
                    .ok_or("the briefing has no quotes")?
                    + "\nquotes:\n".len();
                let rest = &text[start..];
                // The first quote: its `- ` line and the lines indented under it.
                let end = (rest.char_indices().skip(1))
                    .find(|&(i, _)| {
                        rest[i..].starts_with("\n") && !rest[i + 1..].starts_with("    ")
                    })
                    .map_or(rest.len(), |(i, _)| i + 1);
                let quote = &rest[..end];
                Ok((format!("{}{quote}{rest}", &text[..start]), sentence))
            }
            Change::Topic => {
                let topic = format!("Latency topic {run}");
                let mut lines: Vec<String> =
                    original.split_inclusive('\n').map(String::from).collect();
                let at = lines
                    .iter()
                    .position(|l| l.starts_with("topics:"))
                    .ok_or("the briefing has no `topics:` line")?;
                lines[at] = format!("topics: [\"{topic}\"]\n");
                Ok((lines.concat(), topic))
            }
            Change::Quote => {
                // Said by whoever said the first quote, when they said it.
                let sentence = format!("Latency run {run}.");
                let start = original
                    .find("\nquotes:\n")
                    .ok_or("the briefing has no quotes")?;
                let first = &original[start + "\nquotes:\n".len()..];
                let field = |key: &str| {
                    first
                        .lines()
                        .find_map(|l| l.trim_start().trim_start_matches("- ").strip_prefix(key))
                        .map(str::trim)
                        .ok_or(format!("the first quote has no `{key}`"))
                };
                let quote = format!(
                    "  - by: {}\n    text: \"{sentence}\"\n    said: {}\n",
                    field("by:")?,
                    field("said:")?
                );
                let at = start + "\nquotes:\n".len();
                Ok((
                    format!("{}{quote}{}", &original[..at], &original[at..]),
                    sentence,
                ))
            }
        }
    }
}
