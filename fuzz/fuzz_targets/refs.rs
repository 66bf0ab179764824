//! Names: folding and slugs are idempotent and safe; every name put in an index
//! resolves to its id (or is reported as shared), never as unknown.
#![no_main]

use briefing::refs::{self, Index, RefError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let names: Vec<&str> = text.split('\n').take(64).collect();
    let mut index = Index::default();
    for (i, name) in names.iter().enumerate() {
        let folded = refs::fold(name);
        assert_eq!(refs::fold(&folded), folded, "fold({name:?})");
        let slug = refs::slugify(name);
        assert_eq!(refs::slugify(&slug), slug, "slugify({name:?})");
        assert!(!slug.contains(['/', '\\', '\0', ' ']) && !slug.starts_with('.'));
        let _ = refs::slug_problem(&slug);
        index.insert(name, i);
    }
    for (i, name) in names.iter().enumerate() {
        if refs::fold(name).is_empty() {
            continue;
        }
        match index.resolve(name) {
            Ok(id) => assert_eq!(refs::fold(names[id]), refs::fold(name)),
            Err(RefError::Ambiguous(ids)) => assert!(ids.contains(&i)),
            Err(RefError::Unknown { .. }) => panic!("{name:?} was inserted"),
        }
    }
    // Lookups of anything else never panic, suggestions included.
    let _ = index.resolve(text);
});
