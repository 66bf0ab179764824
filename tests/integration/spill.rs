//! A build keeps bodies' HTML in a file until their pages are rendered (see
//! `briefing::spill`): the pages it writes are the ones a render in memory makes, and
//! the file leaves nothing behind.

use crate::common::*;
use briefing::pipeline::{self, BuildOptions};

#[test]
fn pages_of_spilled_bodies_are_those_rendered_in_memory_and_nothing_is_left_behind() {
    let dir = copy_of("mini");
    let root = dir.path();
    // Long bodies, so every one is spilled (short ones are held), with Markdown that
    // renders to more than it was, and text outside ASCII.
    let paragraph = "Synthetic paragraph, *emphasised* and **strong**, «quoted», ünïcode. ";
    for i in 0..12 {
        let body = format!(
            "Body {i:04}.\n\n{}\n\n## Part two\n\n{}",
            paragraph.repeat(i + 4),
            paragraph.repeat(3)
        );
        std::fs::write(
            root.join(format!("content/briefings/spilled-{i:02}.md")),
            format!("---\ntitle: Spilled {i:02}\ndate: 2022-03-{:02}\nactors: [actor-0001]\n---\n\n{body}\n", i + 1),
        )
        .unwrap();
    }
    let opts = BuildOptions {
        root: root.to_path_buf(),
        base_url: Some("https://example.org/".into()),
        ..Default::default()
    };
    let out = root.join("public");
    if let Err(e) = pipeline::build(&opts, &out) {
        panic!("{e:?}");
    }
    let in_memory = match pipeline::render(&opts) {
        Ok(built) => built.files,
        Err(e) => panic!("{e:?}"),
    };
    assert!(in_memory.len() > 20, "{} files", in_memory.len());
    for f in &in_memory {
        let written =
            std::fs::read(out.join(&f.path)).unwrap_or_else(|e| panic!("{}: {e}", f.path));
        assert!(
            written == f.bytes,
            "{} differs from the page rendered in memory",
            f.path
        );
    }
    let page = std::fs::read_to_string(out.join("briefings/spilled-11/index.html")).unwrap();
    assert!(page.contains("<p>Body 0011.</p>"), "{page}");
    assert!(page.contains("<em>emphasised</em> and <strong>strong</strong>, «quoted», ünïcode."));
    assert!(page.contains("id=\"part-two\""));
    // The cache folder holds the build's record and its bodies, and nothing else.
    let mut cache: Vec<String> = std::fs::read_dir(root.join(".briefing-cache"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cache.sort();
    assert!(
        cache.len() == 2
            && cache.iter().all(|c| c.starts_with("build-"))
            && cache[0].ends_with(".bodies")
            && cache[1].ends_with(".record"),
        "{cache:?}"
    );
}
