//! Times what `briefing serve` does after one briefing is saved, without the server:
//! `pipeline::prepare` with a warm cache, after rewriting the first briefing. For
//! profiling the rebuild (`perf record`), which the end-to-end `serve_latency` cannot
//! isolate.
//!
//! ```text
//! cargo run --release --example rebuild -- --root SITE [--runs 20] [--change KIND]
//! ```
//!
//! `--change body` (the default) appends a sentence, which serve patches into the last
//! site; `--change date` moves the briefing's date, which reorders listings; `--change
//! quote` adds a quote and takes it out again, which moves every later quote; `--change
//! topic` changes its topics, which makes every topic again; `--change actor` edits the
//! first actor instead; `--change new` adds a briefing that sorts first and deletes it
//! again, which moves every other briefing along; `--change rename` renames the last
//! briefing to sort first and back; `--change actor-role`, `page` and `settings` change
//! the first actor's role, a free page (made for the runs if the site has none) and the
//! site's title.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use briefing::pipeline::{self, BuildOptions};

#[path = "common/edit.rs"]
mod edit;
use edit::Change;

// As the binary does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut root, mut runs, mut change) = (PathBuf::new(), 20usize, Change::Body);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--root" => root = PathBuf::from(value),
            "--runs" => runs = value.parse().map_err(|e| format!("--runs: {e}"))?,
            "--change" => change = Change::parse(&value)?,
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    if change == Change::Template {
        // A template is read when the theme is; its pages are rendered by serve.
        return Err("--change template: measure it with the serve_latency example".to_string());
    }
    let root = root.canonicalize().map_err(|e| format!("--root: {e}"))?;
    let opts = BuildOptions {
        root: root.clone(),
        ..Default::default()
    };
    let mut cache = pipeline::Cache::default();
    let fail = |_| "the site does not build".to_string();
    pipeline::prepare(&opts, &mut cache, &[]).map_err(fail)?;
    let (file, made) = edit::edited_file(change, &root)?;
    if made {
        // The page made for the runs is in the site the runs start from.
        pipeline::prepare(&opts, &mut cache, std::slice::from_ref(&file)).map_err(fail)?;
    }
    let original = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    let mut times: Vec<Duration> = Vec::new();
    for run in 0..runs {
        let (text, _) = change.apply(&original, run)?;
        let (target, delete) = change.file(&file, run + 1);
        let from = change.renamed_from(&file, run + 1);
        match (delete, &from) {
            (_, Some(from)) => std::fs::rename(from, &target),
            (true, None) => std::fs::remove_file(&target),
            (false, None) => std::fs::write(&target, text),
        }
        .map_err(|e| e.to_string())?;
        // What the watcher reports: both names of a renamed file.
        let changed: Vec<PathBuf> = from.into_iter().chain([target]).collect();
        let start = Instant::now();
        pipeline::prepare(&opts, &mut cache, &changed).map_err(fail)?;
        times.push(start.elapsed());
    }
    if let Some(added) = change.added(&file) {
        let _ = std::fs::remove_file(added);
    }
    match made {
        true => std::fs::remove_file(&file).and_then(|()| match file.parent() {
            Some(dir) => std::fs::remove_dir(dir),
            None => Ok(()),
        }),
        false => std::fs::write(&file, &original),
    }
    .map_err(|e| e.to_string())?;
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "prepare after one {} edit, {runs} runs: median {:.1} ms, min {:.1} ms, max {:.1} ms",
        change.name(),
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1])
    );
    Ok(())
}
