//! A briefing's claims to [`Claim`]s: ids, sides, status and the sources they cite.

use std::collections::HashSet;

use super::briefing::SourceRef;
use super::index::push_unique;
use super::parse::Parsed;
use super::resolve::Builder;
use super::{ActorId, BriefingId, Claim, ClaimItem, ClaimStatus};
use crate::content::BriefingFm;
use crate::diag::{Diagnostic, Kind};
use crate::refs;

impl Builder {
    /// Reads the briefing's claims into `self.claims`; actors on
    /// either side join the briefing's `actors`.
    pub(super) fn claims(
        &mut self,
        p: &Parsed<BriefingFm>,
        id: BriefingId,
        actors: &mut Vec<ActorId>,
        diags: &mut Vec<Diagnostic>,
        source_ref: &SourceRef,
    ) {
        let mut seen: HashSet<&str> = HashSet::new();
        for (i, c) in p.fm.claims.iter().enumerate() {
            let path = format!("claims[{i}]");
            if c.id.is_empty() || refs::slugify(&c.id) != c.id {
                let slug = refs::slugify(&c.id);
                diags.push(
                    p.diag(
                        Kind::BadValue,
                        &format!("{path}.id"),
                        format!("invalid claim id `{}`", c.id),
                    )
                    .hint(format!(
                        "claim ids are lowercase words joined by hyphens, e.g. `{}`",
                        if slug.is_empty() {
                            "deliberate-targeting"
                        } else {
                            &slug
                        }
                    )),
                );
            } else if !seen.insert(c.id.as_str()) {
                diags.push(p.diag(
                    Kind::DuplicateSlug,
                    &format!("{path}.id"),
                    format!("claim id `{}` is used twice in this briefing", c.id),
                ));
            }
            if c.text.trim().is_empty() {
                diags.push(p.diag(Kind::BadValue, &format!("{path}.text"), "empty claim text"));
            }
            let side = |key: &str, refs: &[String], this: &mut Self| -> Vec<ActorId> {
                let mut out = Vec::new();
                for (j, r) in refs.iter().enumerate() {
                    if let Some(a) = this.actor_ref(p, format_args!("{path}.{key}[{j}]"), r) {
                        push_unique(&mut out, a);
                    }
                }
                out
            };
            let by = side("by", &c.by, self);
            let denied_by = side("denied_by", &c.denied_by, self);
            if c.by.is_empty() && c.denied_by.is_empty() {
                diags.push(
                    p.diag(Kind::MissingKey, &path, "a claim needs `by` or `denied_by`")
                        .hint("name who asserts it in `by:` and who disputes it in `denied_by:`"),
                );
            }
            for (j, a) in by.iter().enumerate() {
                if denied_by.contains(a) {
                    diags.push(p.diag(
                        Kind::BadValue,
                        &format!("{path}.by[{j}]"),
                        format!(
                            "`{}` both asserts and denies this claim",
                            c.by.get(j).map_or("", String::as_str)
                        ),
                    ).hint("split it into two claims, or record the change with `status: retracted`"));
                }
            }
            let status = match c.status.as_deref() {
                None if denied_by.is_empty() && c.denied_by.is_empty() => ClaimStatus::Asserted,
                None => ClaimStatus::Disputed,
                Some(s) => ClaimStatus::parse(s).unwrap_or_else(|| {
                    let names = ClaimStatus::ALL.map(ClaimStatus::code);
                    let d = p.diag(
                        Kind::BadValue,
                        &format!("{path}.status"),
                        format!("unknown claim status `{s}`"),
                    );
                    diags.push(match crate::diag::nearest(s, names) {
                        Some(n) => d.hint(format!("did you mean `{n}`?")),
                        None => d.hint("use asserted, disputed, confirmed or retracted"),
                    });
                    ClaimStatus::Asserted
                }),
            };
            let date = c
                .date
                .as_ref()
                .and_then(|d| p.date(format_args!("{path}.date"), &d.0, diags));
            let sources = c
                .sources
                .iter()
                .enumerate()
                .filter_map(|(j, s)| source_ref(format!("{path}.sources[{j}]"), s, diags))
                .collect();
            for &a in by.iter().chain(&denied_by) {
                push_unique(actors, a);
            }
            let claim = ClaimItem {
                id: c.id.clone(),
                text: c.text.clone(),
                by,
                denied_by,
                status,
                date,
                sources,
            };
            self.claims.push(Claim::new(id, claim));
        }
    }
}
