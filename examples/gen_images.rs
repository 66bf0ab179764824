//! Adds synthetic pictures to a generated site (`gen_corpus`), for `benches/images.sh`:
//! `N` clearly fake pictures (gradients and noise, no real content), every other one a
//! 2,000 × 1,333 JPEG (a camera's photo scaled down) and the rest 1,200 × 800 PNGs, each
//! a figure appended to a briefing in turn.
//!
//! cargo run --release --example gen_images -- --site DIR --images N

use std::path::PathBuf;

use image::{Rgb, RgbImage};

fn main() {
    let mut site = None;
    let mut count = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        match (flag.as_str(), args.next()) {
            ("--site", Some(v)) => site = Some(PathBuf::from(v)),
            ("--images", Some(v)) => count = v.parse::<usize>().ok(),
            _ => {
                eprintln!("usage: gen_images --site DIR --images N");
                std::process::exit(2);
            }
        }
    }
    let (Some(site), Some(count)) = (site, count) else {
        eprintln!("usage: gen_images --site DIR --images N");
        std::process::exit(2);
    };
    let dir = site.join("content/briefings");
    let mut briefings: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("content/briefings")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    briefings.sort();
    assert!(!briefings.is_empty(), "no briefings in {}", dir.display());
    let mut appended = vec![String::new(); briefings.len()];
    for i in 0..count {
        let (name, w, h) = if i % 2 == 0 {
            (format!("synthetic-{i:05}.jpg"), 2000, 1333)
        } else {
            (format!("synthetic-{i:05}.png"), 1200, 800)
        };
        picture(i as u32, w, h)
            .save(dir.join(&name))
            .expect("write picture");
        appended[i % briefings.len()].push_str(&format!(
            "\n![Synthetic figure {i:05} (generated test image)]({name} \"Illustration: generated\")\n"
        ));
    }
    for (path, extra) in briefings.iter().zip(appended) {
        if extra.is_empty() {
            continue;
        }
        let mut text = std::fs::read_to_string(path).expect("read briefing");
        text.push_str(&extra);
        std::fs::write(path, text).expect("write briefing");
    }
    println!("{count} pictures added to {}", dir.display());
}

/// A gradient tinted by `seed`, with a little noise so encoders work as on a photo.
fn picture(seed: u32, w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let mut n = x.wrapping_mul(374_761_393) ^ y.wrapping_mul(668_265_263) ^ seed;
        n = (n ^ (n >> 13)).wrapping_mul(1_274_126_177);
        let noise = (n >> 28) as u8;
        Rgb([
            ((x * 255 / w) as u8).wrapping_add(noise),
            ((y * 255 / h) as u8).wrapping_add(noise),
            ((seed * 37) as u8).wrapping_add(noise),
        ])
    })
}
