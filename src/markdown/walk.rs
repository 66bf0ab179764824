//! One pass over a body's events: links resolved (actors, content files, site paths)
//! or refused, heading attributes checked, the first paragraph kept.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::figures::{self, Mark, Open};
use super::files::{self, FileRef, Unreadable};
use super::{
    BadFileLink, BadWikiLink, Env, FileTarget, LocalLink, ParagraphState, Problem, Rendered,
    attribute_range, carries_marker, checked, track_first_paragraph,
};
use crate::url::scheme::{Mode, Use};

/// The text of a `[[…]]` link to a file, written without text of its own: replaced by
/// the file's title.
enum Retitle {
    Off,
    Pending(String),
    Done,
}

/// What rendering keeps from one event of a body to the next.
pub(super) struct Walk<'e, 'a, A> {
    env: &'e Env<'a, A>,
    body: &'e str,
    mode: Mode,
    /// For each open link: whether its start was dropped, so its end is dropped too.
    dropped: Vec<bool>,
    retitle: Retitle,
    paragraph: ParagraphState,
    /// Files already in `Rendered::files`.
    looked_up: HashSet<String>,
    /// The figure being read, between its image's start and end.
    figure: Option<Open>,
}

impl<'e, 'a, A: Copy + PartialEq> Walk<'e, 'a, A> {
    pub fn new(env: &'e Env<'a, A>, body: &'e str) -> Self {
        Walk {
            env,
            body,
            mode: if env.strip_html {
                Mode::Strict
            } else {
                Mode::Trusted
            },
            dropped: Vec::new(),
            retitle: Retitle::Off,
            paragraph: ParagraphState::Before,
            looked_up: HashSet::new(),
            figure: None,
        }
    }

    /// The event as the page gets it, or `None` to leave it out.
    pub fn event<'b>(
        &mut self,
        event: Event<'b>,
        range: Range<usize>,
        mark: Mark,
        out: &mut Rendered<A>,
    ) -> Option<Event<'b>> {
        track_first_paragraph(&event, &mut self.paragraph, &mut out.first_paragraph);
        if carries_marker(&event) {
            out.problems.push(Problem::Reserved {
                range: range.clone(),
            });
        }
        if mark != Mark::None {
            return self.figure(event, range, mark, out);
        }
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                title,
                id,
            }) => match files::from_wiki(&dest_url) {
                Some(file) => {
                    let written = dest_url.to_string();
                    self.file_link(file, written, range, !has_pothole, (title, id), out)
                }
                None => self.actor_link(dest_url, range, (title, id), out),
            },
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(file) = files::from_url(&dest_url, self.env.dir) {
                    let written = dest_url.to_string();
                    return self.file_link(file, written, range, false, (title, id), out);
                }
                self.dropped.push(false);
                let dest_url = self.checked(dest_url, Use::Link, range, out);
                Some(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let dest_url = self.checked(dest_url, Use::Image, range, out);
                Some(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                let refused = attrs.iter().map(|(name, _)| Problem::HeadingAttribute {
                    name: name.to_string(),
                    range: attribute_range(self.body, &range, name),
                });
                out.problems.extend(refused);
                if let Some(written) = id.as_deref()
                    && super::headings::clashes_with_template(written, self.env.reserved_ids)
                {
                    out.problems.push(Problem::HeadingId {
                        id: written.to_string(),
                        range: range.clone(),
                    });
                }
                Some(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs: Vec::new(),
                }))
            }
            Event::Text(_) if !matches!(self.retitle, Retitle::Off) => {
                match std::mem::replace(&mut self.retitle, Retitle::Done) {
                    Retitle::Pending(title) => Some(Event::Text(title.into())),
                    _ => None,
                }
            }
            Event::End(TagEnd::Link) => {
                self.retitle = Retitle::Off;
                match self.dropped.pop() {
                    Some(true) => None,
                    _ => Some(Event::End(TagEnd::Link)),
                }
            }
            Event::Html(_) | Event::InlineHtml(_) if self.env.strip_html => None,
            other => Some(other),
        }
    }

    /// An event of a figure (see [`figures`]): nothing until its image ends, then the
    /// whole figure.
    fn figure<'b>(
        &mut self,
        event: Event<'b>,
        range: Range<usize>,
        mark: Mark,
        out: &mut Rendered<A>,
    ) -> Option<Event<'b>> {
        if let (
            Mark::Start(key, size),
            Event::Start(Tag::Image {
                dest_url, title, ..
            }),
        ) = (mark, &event)
        {
            out.images.push((key.clone(), size.clone()));
            let picture = key.clone();
            let src = self.checked(dest_url.clone(), Use::Image, range.clone(), out);
            if let Err(error) = &size {
                out.problems.push(Problem::Picture {
                    file: key,
                    error: error.clone(),
                    range: range.clone(),
                });
            }
            self.figure = Some(Open {
                src: src.to_string(),
                key: picture,
                credit: title.to_string(),
                size: size.ok(),
                caption: String::new(),
                depth: 0,
                range,
            });
            return None;
        }
        let f = self.figure.as_mut()?;
        match event {
            Event::Start(Tag::Image { .. }) => f.depth += 1,
            Event::End(TagEnd::Image) if f.depth > 0 => f.depth -= 1,
            Event::End(TagEnd::Image) => {
                let f = self.figure.take()?;
                if f.caption.trim().is_empty() {
                    out.problems.push(Problem::FigureAlt {
                        range: f.range.clone(),
                    });
                } else if let (None, Some(size)) = (&out.first_figure, f.size) {
                    out.first_figure = Some(super::Figure {
                        path: f.key.clone(),
                        size,
                        alt: f.caption.trim().to_string(),
                    });
                }
                return f
                    .size
                    .map(|size| Event::Html(figures::html(&f, size).into()));
            }
            Event::Text(t) | Event::Code(t) => f.caption.push_str(&t),
            Event::SoftBreak | Event::HardBreak => f.caption.push(' '),
            _ => {}
        }
        None
    }

    /// A `[[…]]` link to an actor, or its text alone if the actor is unknown.
    fn actor_link<'b>(
        &mut self,
        dest_url: CowStr<'b>,
        range: Range<usize>,
        (title, id): (CowStr<'b>, CowStr<'b>),
        out: &mut Rendered<A>,
    ) -> Option<Event<'b>> {
        match (self.env.actor)(&dest_url) {
            Some((actor, path)) => {
                if !out.mentions.contains(&actor) {
                    out.mentions.push(actor);
                }
                self.dropped.push(false);
                let href = format!("{}{}", self.env.root, path);
                if !out.actor_refs.iter().any(|(r, _, _)| **r == *dest_url) {
                    out.actor_refs.push((dest_url.to_string(), actor, path));
                }
                Some(Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: href.into(),
                    title,
                    id,
                }))
            }
            None => {
                out.bad_links.push(BadWikiLink {
                    target: dest_url.to_string(),
                    range,
                });
                self.dropped.push(true);
                None
            }
        }
    }

    /// A link to a content file, made a link to its page; or its text alone if no
    /// published file is there.
    fn file_link<'b>(
        &mut self,
        file: Result<FileRef, Unreadable>,
        written: String,
        range: Range<usize>,
        retitle: bool,
        (title, id): (CowStr<'b>, CowStr<'b>),
        out: &mut Rendered<A>,
    ) -> Option<Event<'b>> {
        let target = match &file {
            Ok(f) => self.lookup(&f.key, out),
            Err(_) => None,
        };
        let (Ok(file), Some(target)) = (&file, target) else {
            out.bad_files.push(BadFileLink {
                written,
                key: file.map(|f| f.key),
                range,
            });
            self.dropped.push(true);
            return None;
        };
        if let Some(actor) = target.actor {
            if !out.mentions.contains(&actor) {
                out.mentions.push(actor);
            }
        }
        if retitle {
            self.retitle = Retitle::Pending(target.title);
        }
        let href = format!("{}{}{}", self.env.root, target.page, file.suffix);
        out.local_links.push(LocalLink {
            url: written,
            href: href.clone(),
            range,
        });
        self.dropped.push(false);
        Some(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: href.into(),
            title,
            id,
        }))
    }

    /// The page of the file at `key`, noted in `out.files`.
    fn lookup(&mut self, key: &str, out: &mut Rendered<A>) -> Option<FileTarget<A>> {
        let target = (self.env.file)(key);
        if self.looked_up.insert(key.to_string()) {
            out.files.push((key.to_string(), target.clone()));
        }
        target
    }

    fn checked<'b>(
        &self,
        url: CowStr<'b>,
        use_: Use,
        range: Range<usize>,
        out: &mut Rendered<A>,
    ) -> CowStr<'b> {
        checked(
            url,
            use_,
            self.mode,
            (self.env.root, self.env.language),
            range,
            &mut out.problems,
            &mut out.local_links,
        )
    }
}
