//! Pictures that stand alone in their paragraph become figures: `![caption](map.png
//! "credit")` of a JPEG, PNG or WebP file beside the body is a `<figure>` whose image
//! comes in several widths, with the alt text as caption and the title as credit. An
//! image inside text stays an inline `<img>`; so does one elsewhere on the web, or an
//! SVG or GIF, which are not resized.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::images::{self, Size};

/// What [`Lone`] says of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Mark {
    /// Not part of a figure.
    None,
    /// The image that starts a figure: the file under `content/` it names, and its
    /// size or why it has none.
    Start(String, Result<Size, images::Error>),
    /// Inside the figure's image (its alt text) or its end.
    Inside,
}

/// The file under `content/` a URL names and what it holds, if it is a picture beside
/// the body.
pub(super) type Find<'f> = dyn Fn(&str) -> Option<(String, Result<Size, images::Error>)> + 'f;

/// Finds images alone in their paragraph that name a picture beside the body, and
/// drops the paragraph around them: the walk makes them figures.
pub(super) struct Lone<'f, 'a, I> {
    inner: I,
    queue: VecDeque<(Event<'a>, Range<usize>, Mark)>,
    picture: &'f Find<'f>,
}

impl<'f, 'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Lone<'f, 'a, I> {
    pub fn new(inner: I, picture: &'f Find<'f>) -> Self {
        Lone {
            inner,
            queue: VecDeque::new(),
            picture,
        }
    }

    /// Reads a paragraph that starts with an image up to the event after that image's
    /// end, and queues it marked as a figure or as it is.
    fn paragraph(&mut self, start: (Event<'a>, Range<usize>)) {
        let mut buf = vec![start];
        let mut depth = 0usize;
        let mut lone = false;
        while let Some(next) = self.inner.next() {
            let first = buf.len() == 1;
            buf.push(next);
            match &buf[buf.len() - 1].0 {
                Event::Start(Tag::Image { .. }) if first || depth > 0 => depth += 1,
                Event::End(TagEnd::Image) if depth > 0 => {
                    depth -= 1;
                    if depth > 0 {
                        continue;
                    }
                    let after = self.inner.next();
                    lone = matches!(after, Some((Event::End(TagEnd::Paragraph), _)));
                    buf.extend(after);
                    break;
                }
                _ if depth > 0 => {}
                _ => break,
            }
        }
        let found = match (lone, &buf.get(1).map(|b| &b.0)) {
            (true, Some(Event::Start(Tag::Image { dest_url, .. }))) => (self.picture)(dest_url),
            _ => None,
        };
        let Some((key, size)) = found else {
            self.queue
                .extend(buf.into_iter().map(|(e, r)| (e, r, Mark::None)));
            return;
        };
        let last = buf.len() - 1;
        let mut start = Some(Mark::Start(key, size));
        for (i, (e, r)) in buf.into_iter().enumerate() {
            if i == 0 || i == last {
                continue;
            }
            let mark = start.take().unwrap_or(Mark::Inside);
            self.queue.push_back((e, r, mark));
        }
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Lone<'_, 'a, I> {
    type Item = (Event<'a>, Range<usize>, Mark);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(queued) = self.queue.pop_front() {
            return Some(queued);
        }
        let (event, range) = self.inner.next()?;
        if !matches!(event, Event::Start(Tag::Paragraph)) {
            return Some((event, range, Mark::None));
        }
        self.paragraph((event, range));
        self.queue.pop_front()
    }
}

/// A figure being read: its image's start seen, its alt text gathering.
#[derive(Debug)]
pub(super) struct Open {
    /// The `src` as the page gets it.
    pub src: String,
    /// The picture's path under `content/`.
    pub key: String,
    pub credit: String,
    /// `None` when the picture cannot be read (reported): nothing is shown.
    pub size: Option<Size>,
    pub caption: String,
    /// Images nested in the alt text, whose ends are not the figure's.
    pub depth: usize,
    pub range: Range<usize>,
}

/// The figure's markup. The caption is the alt text too: a screen reader hears it
/// with the picture, and a reader sees it under it.
pub(super) fn html(f: &Open, size: Size) -> String {
    let v = images::plan(&f.src, size);
    let e = crate::escape::html;
    let mut out = format!(
        "<figure>\n<img src=\"{}\" srcset=\"{}\" sizes=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">\n<figcaption>{}",
        e(&v.src),
        e(&v.srcset_attr()),
        images::SIZES,
        v.width,
        v.height,
        e(f.caption.trim()),
        e(f.caption.trim()),
    );
    if !f.credit.trim().is_empty() {
        out.push_str(&format!(
            " <small class=\"credit\">{}</small>",
            e(f.credit.trim())
        ));
    }
    out.push_str("</figcaption>\n</figure>\n");
    out
}
