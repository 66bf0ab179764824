//! Renders a site in memory, for profiling the render stage alone (callgrind):
//! reads and models the site, then renders every page and throws it away, printing
//! the pages and bytes rendered.
//!
//!     cargo run --release --example prof_render -- SITE [KIND]
//!     valgrind --tool=callgrind target/release/examples/prof_render SITE [KIND]
//!
//! With KIND (`Briefing`, `Actor`, `Topic`, `Timeline`, `Quotes`…), renders only the
//! pages of that kind, one after another, so a profile shows what that kind costs
//! (fragments shared with other kinds included).

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use briefing::{config, discover, model, render, theme, verify, views};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).expect("usage: prof_render SITE"));
    let text = std::fs::read_to_string(root.join("site.yaml")).ok();
    let config = config::parse(&root.join("site.yaml"), text.as_deref()).expect("site.yaml");
    let found = discover::discover(&root);
    let opts = model::Options {
        drafts: false,
        publish_until: None,
        strip_html: false,
        archives: verify::Archives::in_dir(root.join("content")),
        content: Some(root.join("content")),
        spill: None,
    };
    let site = model::build(config, &found.sources, &opts).expect("model");
    let renderer = render::Renderer::new(theme::load(&root).expect("templates")).expect("compile");
    let (pages, bytes) = (AtomicUsize::new(0), AtomicUsize::new(0));
    if let Some(kind) = std::env::args().nth(2) {
        let plan = render::Plan::new(&site);
        let catalog = views::Catalog::new(&site);
        for job in &plan.jobs {
            let name = format!("{job:?}");
            if name.split([' ', '(', '{']).next() != Some(kind.as_str()) {
                continue;
            }
            let f = renderer.render_job(&catalog, &plan, job).expect("render");
            pages.fetch_add(1, Ordering::Relaxed);
            bytes.fetch_add(f.bytes.len(), Ordering::Relaxed);
        }
        println!(
            "{} {kind} pages, {} bytes",
            pages.into_inner(),
            bytes.into_inner()
        );
        return;
    }
    renderer
        .render_into(&site, |f| {
            pages.fetch_add(1, Ordering::Relaxed);
            bytes.fetch_add(f.bytes.len(), Ordering::Relaxed);
            None::<()>
        })
        .expect("render");
    println!("{} pages, {} bytes", pages.into_inner(), bytes.into_inner());
}
