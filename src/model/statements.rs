//! Statements: the quotes, in any briefings, that are one thing said. Two quotes are
//! one statement when they have the same speaker, the same words (compared as quote
//! verification compares them: quote marks, dashes, white space and case aside) and
//! the same date as written, or the same speaker and the same editor's `id`. Run by
//! the listings index, so that a full build and a patch group alike.

use std::collections::HashMap;
use std::sync::Arc;

use super::parse::Parsed;
use super::{ActorId, Briefing, BriefingId, Quote, QuoteId, Site, Statement, StatementId, TopicId};
use crate::content::{BriefingFm, QuoteFm};
use crate::diag::{Diagnostic, Kind};
use crate::refs;
use crate::verify;

/// The statements of `quotes`, and the statement of each quote. The first quote of a
/// statement is the one in the oldest briefing (by date, then slug), so that it does not
/// depend on the order files were read in.
pub(super) fn group(
    quotes: &[Quote],
    briefings: &[Arc<Briefing>],
) -> (Vec<Statement>, Vec<StatementId>) {
    let all: Vec<usize> = (0..quotes.len()).collect();
    let statements = group_among(quotes, briefings, &all);
    let statement_of = statement_of(quotes.len(), &statements);
    (statements, statement_of)
}

/// The statement of each of `n` quotes, which `statements` group.
pub(super) fn statement_of(n: usize, statements: &[Statement]) -> Vec<StatementId> {
    let mut statement_of = vec![StatementId(0); n];
    for (i, s) in statements.iter().enumerate() {
        for q in &s.quotes {
            statement_of[q.index()] = StatementId::of(i);
        }
    }
    statement_of
}

/// The statements of the quotes at positions `among` (in increasing order), in the
/// order of their earliest quotes, as [`group`] makes them of all quotes: a statement
/// is one speaker's, so those of some speakers' quotes are grouped alone.
pub(super) fn group_among(
    quotes: &[Quote],
    briefings: &[Arc<Briefing>],
    among: &[usize],
) -> Vec<Statement> {
    let n = among.len();
    let quote = |k: usize| &quotes[among[k]];
    let mut sets = Sets {
        parent: (0..n).collect(),
        id: (0..n).map(|k| quote(k).statement_id.as_deref()).collect(),
    };
    // The first quote of each wording; a hash shared by other words (never seen, but
    // possible) adds a second.
    let mut by_words: HashMap<(ActorId, &str, u64), Vec<usize>> = HashMap::with_capacity(n);
    let mut by_id: HashMap<(ActorId, &str), usize> = HashMap::new();
    let oldest = |i: usize| {
        let b = &briefings[quote(i).briefing.index()];
        (
            b.date.start(),
            b.date.upper(),
            b.date.as_written(),
            &b.slug,
            i,
        )
    };
    // Oldest first, so that a quote whose words match two statements the editor told
    // apart by id joins the older one, whatever the files are called.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_cached_key(|&i| oldest(i));
    for i in order {
        let q = quote(i);
        // The editor's id first: it says which statement this is, and words alone
        // never join two statements the editor told apart by their ids.
        if let Some(id) = q.statement_id.as_deref() {
            match by_id.get(&(q.by, id)) {
                Some(&j) => {
                    sets.join(i, j);
                }
                None => {
                    by_id.insert((q.by, id), i);
                }
            }
        }
        let firsts = by_words
            .entry((q.by, q.said.as_written(), q.words))
            .or_default();
        let joined = firsts
            .iter()
            .any(|&j| same_words(q, quote(j)) && sets.join(i, j));
        if !joined {
            firsts.push(i);
        }
    }
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        let root = sets.root(i);
        members[root].push(i);
    }
    let mut statements = Vec::with_capacity(n);
    for mut m in members.into_iter().filter(|m| !m.is_empty()) {
        if m.len() > 1 {
            m.sort_by(|&a, &b| oldest(a).cmp(&oldest(b)));
        }
        statements.push(Statement {
            quotes: m.into_iter().map(|k| QuoteId::of(among[k])).collect(),
        });
    }
    statements
}

impl Site {
    /// The quotes citing the statement quote `q` cites, its first quote first.
    pub fn citations(&self, q: QuoteId) -> &[QuoteId] {
        &self.statements[self.statement_of[q.index()].index()].quotes
    }

    /// The quote listings show for the statement `q` cites.
    pub fn first_citation(&self, q: QuoteId) -> QuoteId {
        self.citations(q)[0]
    }

    /// The briefings quoting the statement `q` cites, the oldest first, each once.
    pub fn statement_briefings(&self, q: QuoteId) -> Vec<BriefingId> {
        let mut out: Vec<BriefingId> = Vec::with_capacity(1);
        for &c in self.citations(q) {
            let b = self.quotes[c.index()].briefing;
            if !out.contains(&b) {
                out.push(b);
            }
        }
        out
    }

    /// The topics of the briefings quoting the statement `q` cites, each once.
    pub fn statement_topics(&self, q: QuoteId) -> Vec<TopicId> {
        let mut out: Vec<TopicId> = Vec::new();
        for b in self.statement_briefings(q) {
            for &t in &self.briefings[b.index()].topics {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        out
    }
}

/// The hash of `text` in the form statements compare words in.
pub(super) fn words(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = std::hash::DefaultHasher::new();
    verify::hash_same_words(text, &mut h);
    h.finish()
}

/// `words` of each of the quotes of `fm`, in order.
pub(super) fn quote_words(fm: &BriefingFm) -> Vec<u64> {
    fm.quotes.iter().map(|q| words(&q.text)).collect()
}

/// Whether two quotes have the same words, as statements compare them.
pub(super) fn same_words(a: &Quote, b: &Quote) -> bool {
    a.words == b.words
        && (a.text == b.text || verify::same_words_key(&a.text) == verify::same_words_key(&b.text))
}

/// Disjoint sets of quote positions, each named by its smallest member, with the
/// editor's statement id of each set, if one of its quotes has one.
struct Sets<'q> {
    parent: Vec<usize>,
    /// Meaningful at roots.
    id: Vec<Option<&'q str>>,
}

impl Sets<'_> {
    fn root(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Puts `a` and `b` in one set, unless their sets carry different ids; whether
    /// they are in one set now.
    fn join(&mut self, a: usize, b: usize) -> bool {
        let (a, b) = (self.root(a), self.root(b));
        if a == b {
            return true;
        }
        let id = match (self.id[a], self.id[b]) {
            (Some(x), Some(y)) if x != y => return false,
            (x, y) => x.or(y),
        };
        let (root, child) = (a.min(b), a.max(b));
        self.parent[child] = root;
        self.id[root] = id;
        true
    }
}

impl super::resolve::Builder {
    /// The editor's statement id of quote `q` (at `path`, by `by`), if it has a valid
    /// one; one id names one statement, so it may not be given to two speakers.
    pub(super) fn statement_id(
        &mut self,
        p: &Parsed<BriefingFm>,
        path: std::fmt::Arguments<'_>,
        q: &QuoteFm,
        by: ActorId,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<String> {
        let id = q.id.as_deref()?;
        let at = format!("{path}.id");
        let slug = refs::slugify(id);
        if id.is_empty() || slug != id {
            let example = if slug.is_empty() {
                "pmqs-war-crime"
            } else {
                &slug
            };
            diags.push(
                p.diag(Kind::BadValue, &at, format!("invalid statement id `{id}`"))
                    .hint(format!(
                        "statement ids are lowercase words joined by hyphens, e.g. `{example}`"
                    )),
            );
            return None;
        }
        match self.statement_ids.get(id) {
            Some((first, name, file)) if *first != by => {
                diags.push(
                    p.diag(
                        Kind::BadValue,
                        &at,
                        format!(
                            "statement id `{id}` is already a statement by `{name}` ({})",
                            file.display()
                        ),
                    )
                    .hint("quotes with the same id are one statement, by one speaker; give this one another id"),
                );
                None
            }
            Some(_) => Some(id.to_string()),
            None => {
                self.statement_ids
                    .insert(id.to_string(), (by, q.by.clone(), p.src.rel.clone()));
                Some(id.to_string())
            }
        }
    }
}
