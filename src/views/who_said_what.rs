//! "Who said what" on a topic: one lane per speaker with a dot for each period they
//! spoke in, and the speakers with their latest statements. Called by the topic view.

use serde::Serialize;

use super::charts::{period_word, plural};
use super::{ActorLink, Catalog, DateView, Fragment, Fragments, QuoteView, Shared};
use crate::charts;
use crate::dates::Day;
use crate::diag::Diagnostic;
use crate::model::{ActorId, QuoteId, Site, TopicId};

/// At most this many speakers in "who said what", and periods along its axis.
pub const WHO_SAID_WHAT_ROWS: usize = 12;
pub const WHO_SAID_WHAT_COLUMNS: usize = 36;

/// One speaker on a topic: how often and when they spoke, and their latest words.
#[derive(Serialize)]
pub struct SpeakerRow<'a> {
    pub actor: Shared<ActorLink<'a>>,
    pub count: usize,
    pub first: Shared<DateView<'a>>,
    pub last: Shared<DateView<'a>>,
    /// Their latest statements on the topic, newest first (at most 3).
    pub quotes: Vec<Shared<QuoteView<'a>>>,
}

#[derive(Serialize)]
pub struct WhoSaidWhat<'a> {
    /// One lane per speaker, a dot per day they spoke (HTML, `| safe`).
    pub svg: String,
    /// The speakers drawn, most statements first.
    pub speakers: Vec<SpeakerRow<'a>>,
    /// Speakers on the topic not shown, beyond the most quoted.
    pub more: usize,
}

/// A speaker on a topic and their statements on it, oldest first.
type Speaker = (ActorId, Vec<QuoteId>);

/// Every statement in the topic's briefings, by speaker.
pub fn who_said_what<'a>(
    c: &Catalog<'a>,
    r: &dyn Fragments,
    id: TopicId,
) -> Result<Option<WhoSaidWhat<'a>>, Diagnostic> {
    let s = c.site;
    let mut speakers = speakers(s, id);
    if speakers.is_empty() {
        return Ok(None);
    }
    let more = speakers.len().saturating_sub(WHO_SAID_WHAT_ROWS);
    speakers.truncate(WHO_SAID_WHAT_ROWS);
    let svg = chart(s, id, &speakers);
    let speakers = speakers
        .iter()
        .map(|(a, qs)| speaker_row(c, r, *a, qs))
        .collect::<Result<_, Diagnostic>>()?;
    Ok(Some(WhoSaidWhat {
        svg,
        speakers,
        more,
    }))
}

/// Everyone quoted in the topic's briefings, with their statements there: most
/// statements first, then by name.
fn speakers(s: &Site, id: TopicId) -> Vec<Speaker> {
    let mut by: std::collections::BTreeMap<ActorId, Vec<QuoteId>> = Default::default();
    for &b in &s.topic_briefings[id.index()] {
        // A statement quoted in two of the topic's briefings is one statement.
        for q in s.quotes_of(b) {
            let q = s.first_citation(q);
            by.entry(s.quotes[q.index()].by).or_default().push(q);
        }
    }
    let order = |q: &QuoteId| (&s.quotes[q.index()].said, *q);
    let mut speakers: Vec<Speaker> = by.into_iter().collect();
    for (_, qs) in &mut speakers {
        qs.sort_by(|a, b| order(a).cmp(&order(b)));
        qs.dedup();
    }
    speakers.sort_by(|a, b| {
        b.1.len().cmp(&a.1.len()).then_with(|| {
            crate::refs::fold(&s.actors[a.0.index()].name)
                .cmp(&crate::refs::fold(&s.actors[b.0.index()].name))
        })
    });
    speakers
}

/// The earliest day statement `q` may have been made on.
fn said(s: &Site, q: &QuoteId) -> Day {
    s.quotes[q.index()].said.lower()
}

/// The chart of the speakers shown: a lane each, with a dot per period they spoke in.
fn chart(s: &Site, id: TopicId, speakers: &[Speaker]) -> String {
    let period = period(s, speakers);
    let rows: Vec<charts::Row> = speakers
        .iter()
        .map(|(a, qs)| row(s, period, *a, qs))
        .collect();
    let t = &s.topics[id.index()];
    let l = &*s.config.locale();
    let total: usize = speakers.iter().map(|x| x.1.len()).sum();
    let desc = l.format(
        "chart_who_desc",
        &[
            ("statements", &plural(total, "statements_count", l)),
            ("speakers", &plural(rows.len(), "speakers_count", l)),
            ("topic", &t.name),
            ("period", period_word(period, l)),
        ],
    );
    charts::who_said_what(
        &format!("chart-who-{}", t.slug.as_str()),
        &l.format("chart_who_title", &[("name", &t.name)]),
        &desc,
        period,
        &rows,
        l,
    )
}

/// Days, or months or years on a long topic, so a row has at most so many dots.
fn period(s: &Site, speakers: &[Speaker]) -> charts::Period {
    let all = speakers.iter().flat_map(|x| x.1.iter().map(|q| said(s, q)));
    let (first, last) = all.fold((None, None), |(a, b): (Option<_>, Option<_>), d| {
        (
            Some(a.map_or(d, |a: Day| a.min(d))),
            Some(b.map_or(d, |b: Day| b.max(d))),
        )
    });
    match (first, last) {
        (Some(f), Some(l)) => charts::Period::fitting(f, l, WHO_SAID_WHAT_COLUMNS),
        _ => charts::Period::Day,
    }
}

/// A speaker's lane: how many statements they made in each period they spoke in.
fn row(s: &Site, period: charts::Period, a: ActorId, qs: &[QuoteId]) -> charts::Row {
    let mut days: Vec<(Day, usize)> = Vec::new();
    for q in qs {
        let d = period.start(said(s, q));
        match days.last_mut() {
            Some((last, n)) if *last == d => *n += 1,
            _ => days.push((d, 1)),
        }
    }
    charts::Row {
        name: s.actors[a.index()].name.clone(),
        days,
    }
}

/// A speaker as listed under the chart, with their latest statements.
fn speaker_row<'a>(
    c: &Catalog<'a>,
    r: &dyn Fragments,
    a: ActorId,
    qs: &[QuoteId],
) -> Result<SpeakerRow<'a>, Diagnostic> {
    let s = c.site;
    Ok(SpeakerRow {
        actor: c.actor(a),
        count: qs.len(),
        first: c.date(&s.quotes[qs[0].index()].said),
        last: c.date(&s.quotes[qs[qs.len() - 1].index()].said),
        quotes: qs
            .iter()
            .rev()
            .take(3)
            .map(|&q| c.quote_card(r, q, Fragment::QuoteBySpeaker))
            .collect::<Result<_, _>>()?,
    })
}
