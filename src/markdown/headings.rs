//! Heading ids: every heading of a body gets one, so it can be linked to and listed in
//! a table of contents. `{#id}` is kept as written; any other heading gets a slug of
//! its text, unique on its page and clear of the ids the page's template uses.

use std::collections::{HashMap, HashSet, VecDeque};

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

/// A heading of a body, for a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    /// 1 for `#`, 6 for `######`.
    pub level: u8,
    /// Its plain text.
    pub text: String,
    /// Its element id, written or made.
    pub id: String,
}

/// Prefixes of ids the templates make from content (`claim-<id>`, `source-<id>`,
/// `quote-<n>`, `event-<n>`, charts, listings). A made id never starts with one:
/// whatever follows could be a claim's or source's id.
const TEMPLATE_PREFIXES: [&str; 8] = [
    "claim-", "source-", "quote-", "event-", "chart-", "kind-", "month-", "search-",
];

/// Puts the prefix on a made id that would fall among the template's.
const ESCAPE: &str = "section-";

/// The ids taken on one page, and the slugs of headings made unique against them.
pub(super) struct Ids<'a> {
    taken: HashSet<String>,
    /// Ids the page's template uses (`sources`, `corrections`).
    reserved: &'a [&'a str],
    /// Per base id, the suffix to try next: ten thousand headings of the same text
    /// would otherwise try `-1`, `-2`… from the start each time.
    next: HashMap<String, usize>,
}

impl<'a> Ids<'a> {
    /// The ids of `body` written by hand (`{#id}` on headings, footnote labels),
    /// taken before any is made, so a made id never takes one written further down.
    pub fn new(body: &str, reserved: &'a [&'a str]) -> Ids<'a> {
        let mut taken = HashSet::new();
        // A second parse only where there can be something to find: most bodies have
        // neither.
        if body.contains("{#") || body.contains("[^") {
            for event in Parser::new_ext(body, super::options()) {
                match event {
                    Event::Start(Tag::Heading { id: Some(id), .. }) => {
                        taken.insert(id.to_string());
                    }
                    Event::Start(Tag::FootnoteDefinition(label)) => {
                        taken.insert(label.to_string());
                    }
                    _ => {}
                }
            }
        }
        Ids {
            taken,
            reserved,
            next: HashMap::new(),
        }
    }

    fn free(&self, id: &str) -> bool {
        !self.taken.contains(id) && !self.reserved.contains(&id)
    }

    /// A unique id for a heading whose text slugifies to `slug`: the slug itself, or
    /// with `-1`, `-2`… after it.
    pub fn make(&mut self, slug: &str) -> String {
        let mut base = if slug.is_empty() { "section" } else { slug }.to_string();
        if in_template_space(&base) {
            base = format!("{ESCAPE}{base}");
        }
        if !self.free(&base) {
            // `quote` is free but `quote-1` is the template's.
            if in_template_space(&format!("{base}-")) {
                base = format!("{ESCAPE}{base}");
            }
            if !self.free(&base) {
                let from = self.next.get(&base).copied().unwrap_or(1);
                let (n, id) = (from..)
                    .map(|n| (n, format!("{base}-{n}")))
                    .find(|(_, c)| self.free(c))
                    .expect("finitely many ids are taken");
                self.next.insert(base, n + 1);
                base = id;
            }
        }
        self.taken.insert(base.clone());
        base
    }
}

/// The longest slug a made id starts from, in characters: a heading may be a
/// paragraph long, and its id is written twice more (the heading, the contents).
const LONGEST: usize = 80;

/// `slug` cut to [`LONGEST`] characters, at a word where it can be.
fn shortened(slug: &str) -> &str {
    let Some((cut, _)) = slug.char_indices().nth(LONGEST) else {
        return slug;
    };
    let head = &slug[..cut];
    head.rfind('-').map_or(head, |i| &head[..i])
}

/// Whether an id written by hand (`{#sources}`) is one the page's template uses or
/// makes, which would leave two elements with one id.
pub(super) fn clashes_with_template(id: &str, reserved: &[&str]) -> bool {
    reserved.contains(&id) || in_template_space(id)
}

fn in_template_space(id: &str) -> bool {
    TEMPLATE_PREFIXES.iter().any(|p| id.starts_with(p))
}

/// Gives every heading in `inner` an id, and lists the headings in `toc`.
pub(super) struct WithIds<'i, 'a, I> {
    inner: I,
    ids: Ids<'i>,
    pending: VecDeque<Event<'a>>,
    toc: &'i mut Vec<Heading>,
}

impl<'i, 'a, I: Iterator<Item = Event<'a>>> WithIds<'i, 'a, I> {
    pub fn new(inner: I, ids: Ids<'i>, toc: &'i mut Vec<Heading>) -> Self {
        WithIds {
            inner,
            ids,
            pending: VecDeque::new(),
            toc,
        }
    }

    /// Takes a whole heading from `inner`, to name it by its text.
    fn heading(&mut self, start: Event<'a>) {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = start
        else {
            self.pending.push_back(start);
            return;
        };
        let mut text = String::new();
        let mut inside = Vec::new();
        for event in self.inner.by_ref() {
            match &event {
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                _ => {}
            }
            let end = matches!(event, Event::End(TagEnd::Heading(_)));
            inside.push(event);
            if end {
                break;
            }
        }
        let id = match id {
            Some(id) => id,
            None => CowStr::from(self.ids.make(shortened(&crate::refs::slugify(&text)))),
        };
        self.toc.push(Heading {
            level: level as u8,
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
            id: id.to_string(),
        });
        self.pending.push_back(Event::Start(Tag::Heading {
            level,
            id: Some(id),
            classes,
            attrs,
        }));
        self.pending.extend(inside);
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for WithIds<'_, 'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.pending.pop_front() {
            return Some(e);
        }
        match self.inner.next()? {
            start @ Event::Start(Tag::Heading { .. }) => {
                self.heading(start);
                self.pending.pop_front()
            }
            other => Some(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_ids_are_unique_and_clear_of_the_template() {
        let mut ids = Ids::new("", &["sources"]);
        let got: Vec<String> = [
            "background",
            "background",
            "sources",
            "claim-x",
            "quote",
            "quote",
            "",
        ]
        .iter()
        .map(|s| ids.make(s))
        .collect();
        assert_eq!(
            got,
            [
                "background",
                "background-1",
                "sources-1",
                "section-claim-x",
                "quote",
                "section-quote",
                "section"
            ]
        );
    }

    #[test]
    fn long_headings_make_ids_cut_at_a_word() {
        let slug = "word-".repeat(30);
        let id = shortened(&slug);
        assert!(id.len() <= LONGEST && id.ends_with("word"), "{id}");
        assert_eq!(shortened("short-one"), "short-one");
        assert_eq!(shortened(&"ы".repeat(100)).chars().count(), LONGEST);
    }

    #[test]
    fn written_ids_further_down_are_not_taken() {
        let mut ids = Ids::new("# A\n\n# B {#a}\n\n[^a-1]: note\n", &[]);
        assert_eq!(ids.make("a"), "a-2");
    }
}
