//! Whole briefing bodies: the input is a Markdown body (links, images, `[[wiki]]` links,
//! heading attributes, raw HTML), put under valid front matter in a briefing or a page
//! of a small site, and the site rendered with every link checked. Any result is fine
//! except a panic; with `--strip-html`, a page that builds must carry no heading
//! attribute but `id`/`class` and no link or image outside the allowed schemes.
//!
//! The first byte chooses the options: bit 0 `--strip-html`, bit 1 a page instead of a
//! briefing. Seeds are in `fuzz/seeds/body/`, Markdown tokens in `fuzz/body.dict`:
//!   RUSTC_BOOTSTRAP=1 cargo fuzz run body fuzz/corpus/body fuzz/seeds/body -- \
//!     -dict=fuzz/body.dict -max_total_time=600
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use briefing::url::scheme::{self as urls, Mode, Use};
use briefing::pipeline::{self, BuildOptions};
use libfuzzer_sys::fuzz_target;

const BRIEFING: &str = "content/briefings/fuzz.md";
const PAGE: &str = "content/pages/fuzz.md";

const BRIEFING_FRONT_MATTER: &str = "---\ntitle: Fuzz\ndate: 2022-03-01\n\
     actors: [antony-blinken]\nsources:\n  - id: s1\n    title: S\n    url: https://example.org/\n---\n";
const PAGE_FRONT_MATTER: &str = "---\ntitle: Fuzz\n---\n";

fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("briefing-fuzz-body-{}", std::process::id()));
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write(
            "content/actors/antony-blinken.md",
            "---\nname: Antony Blinken\naliases: [Blinken]\n---\nSecretary of State.\n",
        );
        write("content/briefings/map.png", "not really a PNG");
        std::fs::create_dir_all(root.join("content/pages")).unwrap();
        root
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    let strip_html = flags & 1 != 0;
    let (file, front_matter, other, page) = if flags & 2 == 0 {
        (BRIEFING, BRIEFING_FRONT_MATTER, PAGE, "briefings/fuzz/index.html")
    } else {
        (PAGE, PAGE_FRONT_MATTER, BRIEFING, "fuzz/index.html")
    };
    let root = root();
    let text = format!("{front_matter}{}", String::from_utf8_lossy(body));
    std::fs::write(root.join(file), text).unwrap();
    let _ = std::fs::remove_file(root.join(other));
    let opts = BuildOptions {
        root: root.clone(),
        base_url: Some("https://example.org/".into()),
        strip_html,
        check_all_links: true,
        ..Default::default()
    };
    let Ok(built) = pipeline::render(&opts) else {
        return;
    };
    if !strip_html {
        return;
    }
    let html = built
        .files
        .iter()
        .find(|f| f.path == page)
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
        .expect("the fuzzed page is rendered");
    for (attr, use_) in [(" href=\"", Use::Link), (" src=\"", Use::Image)] {
        for value in html.split(attr).skip(1) {
            let value = value.split('"').next().unwrap_or("");
            let url = value.replace("&amp;", "&").replace("&#x27;", "'");
            assert!(
                urls::check(&url, use_, Mode::Strict).is_ok(),
                "{attr}{value}\" in a page built with --strip-html"
            );
        }
    }
    for level in 1..=6 {
        for tag in html.split(&format!("<h{level} ")).skip(1) {
            let attrs = tag.split('>').next().unwrap_or("");
            let rest: String = attrs
                .split('"')
                .step_by(2)
                .map(|name| name.trim().trim_end_matches('='))
                .filter(|name| !name.is_empty())
                .filter(|name| *name != "id" && *name != "class")
                .collect();
            assert!(rest.is_empty(), "<h{level} {attrs}> with --strip-html");
        }
    }
});
