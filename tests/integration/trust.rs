//! Inputs that used to vanish or be misread without a word: each is now used or reported
//! (issue 12, "silent drops").

use crate::common::*;

#[test]
fn topics_that_slug_to_nothing_are_errors_at_their_place() {
    let md = briefing_md("topics: [\"!!!\", \"   \", \"\", Real topic]\n");
    let errs = errors(&[("content/briefings/b.md", &md)]);
    let ours: Vec<_> = errs
        .iter()
        .filter(|d| d.message.contains("no letters or digits"))
        .collect();
    assert_eq!(ours.len(), 3, "{errs:#?}");
    assert_eq!(
        ours[0].message,
        "topic `!!!` has no letters or digits to name its page by"
    );
    assert_eq!(ours[0].locus(), "content/briefings/b.md:4:10");
    assert_eq!(errs.len(), 3, "{errs:#?}");
}

#[test]
fn markdown_files_with_an_upper_case_extension_are_rendered_not_copied() {
    let dir = site(&[("content/briefings/u.MD", &briefing_md(""))]);
    let out = build(dir.path()).expect("builds");
    assert!(read(&out, "briefings/u/index.html").contains("<h1"));
    assert!(!out.join("briefings/u.MD").exists());
}
