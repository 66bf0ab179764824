//! An actor's front matter to an [`Actor`]: kind, aliases with their languages,
//! affiliations to other actors.

use super::parse::Parsed;
use super::resolve::Builder;
use super::{Actor, ActorKind, Affiliation, Alias, Slug};
use crate::config::valid_lang;
use crate::content::ActorFm;
use crate::diag::Kind;

impl Builder {
    pub(super) fn actor(&mut self, p: &Parsed<ActorFm>, slug: Slug) -> Actor {
        let kind = match p.fm.kind.as_deref() {
            None => ActorKind::Other,
            Some(k) => ActorKind::parse(k).unwrap_or_else(|| {
                let names = ["person", "organisation", "state", "group"];
                let mut d = p.diag(Kind::BadValue, "kind", format!("unknown actor kind `{k}`"));
                d = match crate::diag::nearest(k, names) {
                    Some(n) => d.hint(format!("did you mean `{n}`?")),
                    None => d.hint("use person, organisation, state or group"),
                };
                self.diags.push(d);
                ActorKind::Other
            }),
        };
        let mut diags = Vec::new();
        let mut affiliations: Vec<Affiliation> = Vec::new();
        for (i, aff) in p.fm.affiliations.iter().enumerate() {
            let path = format!("affiliations[{i}]");
            // The short form's value sits at `affiliations[i]`, the long form's at
            // `affiliations[i].actor`; the span lookup falls back from one to the other.
            let actor = self.actor_ref(p, format_args!("{path}.actor"), &aff.actor);
            let from = aff
                .from
                .as_ref()
                .and_then(|d| p.date(format_args!("{path}.from"), &d.0, &mut diags));
            let until = aff
                .until
                .as_ref()
                .and_then(|d| p.date(format_args!("{path}.until"), &d.0, &mut diags));
            if let (Some(f), Some(u)) = (&from, &until) {
                if u.upper() < f.lower() {
                    diags.push(
                        p.diag(
                            Kind::BadDate,
                            &format!("{path}.until"),
                            format!(
                                "affiliation ends (`{}`) before it begins (`{}`)",
                                u.as_written(),
                                f.as_written()
                            ),
                        )
                        .hint("swap `from` and `until`, or fix one of them"),
                    );
                }
            }
            if let Some(actor) = actor {
                affiliations.push(Affiliation {
                    actor,
                    from,
                    until,
                    role: aff.role.clone(),
                });
            }
        }
        let mut aliases = Vec::new();
        for (i, alias) in p.fm.aliases.iter().enumerate() {
            if let Some(lang) = &alias.lang {
                if !valid_lang(lang) {
                    diags.push(
                        p.diag(
                            Kind::BadValue,
                            &format!("aliases[{i}].lang"),
                            format!("invalid language tag `{lang}`"),
                        )
                        .hint("use a BCP 47 language tag such as uk, ru or sr-Latn"),
                    );
                }
            }
            aliases.push(Alias {
                name: alias.name.clone(),
                lang: alias.lang.clone(),
            });
        }
        self.diags.extend(diags);
        let image = self.image(p, "image", p.fm.image.as_ref());
        Actor {
            slug,
            name: p.fm.name.clone(),
            kind,
            role: p.fm.role.clone(),
            aliases,
            affiliations,
            body_html: "".into(),
            path: p.src.rel.clone(),
            image,
            extra: p.fm.extra.clone(),
            text_lang: None,
        }
    }
}

/// An alias as the model keeps it.
pub(super) fn alias(a: &crate::content::AliasFm) -> Alias {
    Alias {
        name: a.name.clone(),
        lang: a.lang.clone(),
    }
}
