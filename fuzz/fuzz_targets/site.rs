//! A whole site from fuzzed files: the input is cut at `\x00` into a briefing, an actor,
//! a topic, a page, `site.yaml` and an author (last, so older seeds keep their meaning),
//! written into a site folder, and rendered. Any result
//! is fine, except a panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use briefing::pipeline::{self, BuildOptions};
use libfuzzer_sys::fuzz_target;

const FILES: [&str; 6] = [
    "content/briefings/fuzz.md",
    "content/actors/fuzz.md",
    "content/topics/fuzz.md",
    "content/pages/fuzz.md",
    "site.yaml",
    "content/authors/fuzz.md",
];

fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("briefing-fuzz-site-{}", std::process::id()));
        for f in FILES {
            std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
        }
        root
    })
}

fuzz_target!(|data: &[u8]| {
    let root = root();
    let mut parts = data.split(|&b| b == 0);
    for f in FILES {
        let path = root.join(f);
        match parts.next() {
            Some(bytes) => std::fs::write(&path, bytes).unwrap(),
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    let opts = BuildOptions {
        root: root.clone(),
        base_url: Some("https://example.org/".into()),
        check_all_links: true,
        ..Default::default()
    };
    let _ = pipeline::render(&opts);
});
