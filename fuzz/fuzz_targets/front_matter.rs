//! Front matter: `source::split`, then `yaml::parse` into every kind of front matter,
//! then the diagnostics rendered. Nothing may panic; every position must lie in the file.
#![no_main]

use std::path::Path;

use briefing::content::{ActorFm, AuthorFm, BriefingFm, PageFm, SiteFm, TopicFm};
use briefing::diag::Diagnostic;
use briefing::{source, yaml};
use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;

fn check<T: DeserializeOwned>(text: &str, yaml_text: &str, first_line: usize) {
    let parsed = yaml::parse::<T>(&yaml::Doc {
        path: Path::new("content/briefings/fuzz.md"),
        file: text,
        yaml: yaml_text,
        first_line,
        what: "briefing",
    });
    let lines = text.split('\n').count();
    for d in &parsed.diagnostics {
        positioned_in(d, lines);
    }
}

fn positioned_in(d: &Diagnostic, lines: usize) {
    if let Some(pos) = d.pos {
        assert!(pos.line as usize <= lines, "{d:?} beyond {lines} lines");
    }
    let _ = d.render(true);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match source::split(text) {
        Ok(split) => {
            assert!(split.body_offset <= text.len());
            assert_eq!(&text[split.body_offset..], split.body);
            check::<BriefingFm>(text, split.yaml, split.yaml_line);
            check::<ActorFm>(text, split.yaml, split.yaml_line);
            check::<TopicFm>(text, split.yaml, split.yaml_line);
            check::<PageFm>(text, split.yaml, split.yaml_line);
            check::<AuthorFm>(text, split.yaml, split.yaml_line);
        }
        Err(e) => {
            let d = Diagnostic::new(briefing::diag::Kind::FrontMatter, "x.md", e.message)
                .at(text, e.pos);
            positioned_in(&d, text.split('\n').count());
        }
    }
    // `site.yaml` is read whole.
    check::<SiteFm>(text, text, 1);
});
