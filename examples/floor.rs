//! The floor a build cannot beat: read every Markdown file of a site, render its body
//! with pulldown-cmark and write it out, with no model, no templates and no listings,
//! on the same thread pool as `briefing build`. `benches/build.sh` times it beside
//! the real build and reports build/floor.
//!
//!     cargo run --release --example floor -- --root SITE --out DIR

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut root, mut out) = (None, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--root" => root = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            _ => usage(),
        }
    }
    let (Some(root), Some(out)) = (root, out) else {
        usage()
    };
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    let content = root.join("content");
    let bytes: usize = files
        .par_iter()
        .map(|path| write_one(&content, path, &out))
        .sum();
    eprintln!("floor: {} files, {bytes} bytes", files.len());
}

fn write_one(content: &Path, path: &Path, out: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    // The body starts after the second `---` line.
    let body = text.splitn(3, "\n---\n").nth(2).unwrap_or(&text);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    let parser = pulldown_cmark::Parser::new_ext(body, pulldown_cmark::Options::all());
    pulldown_cmark::html::push_html(&mut html, parser);
    let rel = path
        .strip_prefix(content)
        .unwrap_or(path)
        .with_extension("");
    let dest = out.join(rel).join("index.html");
    if let Some(dir) = dest.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(&dest, &html);
    html.len()
}

fn usage() -> ! {
    eprintln!("usage: floor --root SITE --out DIR");
    std::process::exit(2)
}
