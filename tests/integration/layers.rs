//! The module map of `src/lib.rs` says imports run one way: no two top-level modules
//! import each other, directly or around a circle. This reads the sources and keeps it
//! so (tests blocks aside, which may borrow fixtures from anywhere).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every top-level module and the top-level modules it names as `crate::x`.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).expect("under src");
        let first = rel.components().next().expect("a name");
        let top = Path::new(first.as_os_str())
            .file_stem()
            .expect("a stem")
            .to_string_lossy()
            .into_owned();
        if top == "lib" || top == "main" {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("read");
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        let named = deps.entry(top.clone()).or_default();
        for line in code.lines().map(|l| l.split("//").next().unwrap_or("")) {
            for (i, _) in line.match_indices("crate::") {
                let rest = &line[i + "crate::".len()..];
                let names: Vec<&str> = match rest.strip_prefix('{') {
                    Some(group) => group
                        .split([',', '}'])
                        .map(|n| n.trim().split("::").next().unwrap_or(""))
                        .collect(),
                    None => vec![
                        rest.split(|c: char| !c.is_alphanumeric() && c != '_')
                            .next()
                            .unwrap_or(""),
                    ],
                };
                named.extend(
                    names
                        .into_iter()
                        .filter(|n| !n.is_empty() && *n != top)
                        .map(String::from),
                );
            }
        }
    }
    let modules: BTreeSet<String> = deps.keys().cloned().collect();
    for named in deps.values_mut() {
        named.retain(|n| modules.contains(n));
    }
    deps
}

/// A module that can reach itself again, and the way round, if there is one.
fn circle(deps: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    for start in deps.keys() {
        let mut path = vec![start.clone()];
        let mut seen = BTreeSet::new();
        if reaches(deps, start, start, &mut path, &mut seen) {
            return Some(path);
        }
    }
    None
}

fn reaches(
    deps: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    goal: &str,
    path: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) -> bool {
    for next in &deps[from] {
        path.push(next.clone());
        if next == goal || (seen.insert(next.clone()) && reaches(deps, next, goal, path, seen)) {
            return true;
        }
        path.pop();
    }
    false
}

#[test]
fn no_two_modules_import_each_other() {
    let deps = imports();
    assert!(deps.len() > 20, "{deps:?}");
    assert!(deps["model"].contains("refs") && deps["pipeline"].contains("model"));
    assert_eq!(circle(&deps), None);
}

#[test]
fn a_circle_is_found_when_there_is_one() {
    let mut deps = BTreeMap::new();
    deps.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    deps.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    deps.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    deps.insert("d".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        circle(&deps),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}
