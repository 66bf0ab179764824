//! The command line itself: flags, help, and the words of its messages.

use crate::common::{ACTOR, briefing, briefing_md, copy_of, site};

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A site of one briefing quoting one actor once: every count in a summary is 1.
fn one_of_each() -> tempfile::TempDir {
    site(&[
        ACTOR,
        (
            "content/briefings/b.md",
            &briefing_md("quotes:\n  - by: A1\n    text: Words.\n    said: 2022-03-06\n"),
        ),
    ])
}

#[test]
fn short_flags_stand_for_root_out_and_drafts() {
    let dir = site(&[
        ACTOR,
        ("content/briefings/b.md", &briefing_md("")),
        ("content/briefings/d.md", &briefing_md("draft: true\n")),
    ]);
    let root = dir.path().to_str().unwrap();
    let out = dir.path().join("elsewhere");
    let run = briefing(&["build", "-r", root, "-o", out.to_str().unwrap(), "-D"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(
        out.join("briefings/d/index.html").is_file(),
        "-D took drafts"
    );
    assert!(!dir.path().join("public").exists(), "-o chose the folder");
    let check = briefing(&["check", "-r", root, "-D", "-q"]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn serve_takes_its_port_as_p() {
    let run = briefing(&["serve", "-p", "not-a-port"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("--port <PORT>"), "{}", stderr(&run));
}

#[test]
fn check_has_no_output_folder_to_offer() {
    let help = stdout(&briefing(&["check", "--help"]));
    assert!(!help.contains("--out"), "{help}");
    assert!(!help.contains("--force"), "{help}");
    let dir = one_of_each();
    let root = dir.path().to_str().unwrap();
    let run = briefing(&["check", "--root", root, "--out", "x"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("unexpected argument '--out'"));
}

#[test]
fn every_argument_of_every_command_has_help() {
    let commands: &[&[&str]] = &[
        &[],
        &["new"],
        &["build"],
        &["check"],
        &["serve"],
        &["templates"],
        &["templates", "eject"],
        &["context"],
    ];
    for args in commands {
        let mut args = args.to_vec();
        args.push("--help");
        let help = stdout(&briefing(&args));
        let mut listed = 0;
        for line in help.lines() {
            let item = line.trim_start();
            // An argument or option line: its name, then two spaces or more, then help.
            if line.starts_with("  ") && (item.starts_with('-') || item.starts_with('<')) {
                listed += 1;
                let text = item.split_once("  ").map_or("", |(_, t)| t.trim());
                assert!(
                    !text.is_empty(),
                    "`{}`: no help for `{item}`",
                    args.join(" ")
                );
            }
        }
        assert!(listed > 0, "`{}` lists nothing:\n{help}", args.join(" "));
    }
}

#[test]
fn summaries_count_one_thing_in_the_singular() {
    let dir = one_of_each();
    let root = dir.path().to_str().unwrap();
    let built = stderr(&briefing(&["build", "--root", root]));
    assert!(
        built.contains("from 1 briefing, 1 actor, 1 statement into"),
        "{built}"
    );
    let checked = stderr(&briefing(&["check", "--root", root]));
    assert!(
        checked.starts_with("ok: 1 briefing, 1 actor, 1 statement, "),
        "{checked}"
    );
    let mini = copy_of("mini");
    let many = stderr(&briefing(&[
        "check",
        "--root",
        mini.path().to_str().unwrap(),
    ]));
    assert!(many.starts_with("ok: 2 briefings, 3 actors, "), "{many}");
}

#[test]
fn one_error_is_one_error_and_check_does_not_speak_of_writing() {
    let dir = site(&[("content/briefings/b.md", &briefing_md("actors: [Nobody]\n"))]);
    let root = dir.path().to_str().unwrap();
    let built = stderr(&briefing(&["build", "--root", root]));
    assert!(
        built.ends_with("build failed: 1 error; nothing was written\n"),
        "{built}"
    );
    let checked = stderr(&briefing(&["check", "--root", root]));
    assert!(checked.ends_with("check failed: 1 error\n"), "{checked}");
}

#[test]
fn a_new_site_keeps_the_theme_in_the_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("desk");
    let d = dir.to_str().unwrap();
    assert!(briefing(&["new", d, "-q"]).status.success());
    let ignored = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert_eq!(ignored, "/public/\n/.briefing-cache/\n");
    let templates: Vec<String> = std::fs::read_dir(dir.join("templates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(templates, ["README.md"]);
    // The README is for people: Tera never reads it, whatever it holds.
    let readme = dir.join("templates/README.md");
    let text = std::fs::read_to_string(&readme).unwrap();
    assert!(text.contains("briefing context PATH"), "{text}");
    std::fs::write(&readme, format!("{text}\n{{{{ not a template")).unwrap();
    let run = briefing(&["build", "-r", d, "-q"]);
    assert!(run.status.success(), "{}", stderr(&run));
    let listed = stdout(&briefing(&["templates", "-r", d]));
    assert!(listed.contains("\n  briefing.html\n"), "{listed}");
    assert!(!listed.contains("overridden"), "{listed}");
    assert!(!listed.contains("README"), "{listed}");
}

#[test]
fn ejected_templates_are_the_built_in_ones_and_are_not_overwritten_without_force() {
    let dir = copy_of("mini");
    let root = dir.path().to_str().unwrap();
    let run = briefing(&["templates", "eject", "page.html", "_quote.html", "-r", root]);
    assert!(run.status.success(), "{}", stderr(&run));
    let page = dir.path().join("templates/page.html");
    let built_in = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/page.html"),
    )
    .unwrap();
    assert_eq!(std::fs::read_to_string(&page).unwrap(), built_in);
    std::fs::write(&page, "MINE {{ page.title }}").unwrap();
    std::fs::write(dir.path().join("templates/extra.html"), "x").unwrap();
    let listed = stdout(&briefing(&["templates", "--root", root]));
    assert!(
        listed.contains("  page.html            overridden by templates/page.html\n"),
        "{listed}"
    );
    assert!(listed.contains("\n  actor.html\n"), "{listed}");
    assert!(
        listed.contains("overriding none:\n  templates/extra.html\n"),
        "{listed}"
    );

    let again = briefing(&["templates", "eject", "page.html", "-r", root]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already overrides `page.html`"),
        "{}",
        stderr(&again)
    );
    assert!(stderr(&again).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&page).unwrap(),
        "MINE {{ page.title }}"
    );
    let forced = briefing(&["templates", "eject", "--force", "page.html", "-r", root]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_eq!(std::fs::read_to_string(&page).unwrap(), built_in);

    let unknown = briefing(&["templates", "eject", "pages.html", "-r", root]);
    assert_eq!(unknown.status.code(), Some(2));
    let e = stderr(&unknown);
    assert!(e.contains("no built-in template `pages.html`"), "{e}");
    assert!(e.contains("actor.html, actors.html, author.html"), "{e}");
}

#[test]
fn context_prints_what_the_template_of_a_page_receives() {
    let dir = copy_of("mini");
    let root = dir.path().to_str().unwrap();
    for path in [
        "briefings/first/",
        "/briefings/first",
        "briefings/first/index.html",
    ] {
        let run = briefing(&["context", path, "-r", root]);
        assert!(run.status.success(), "{path}: {}", stderr(&run));
        let ctx: serde_json::Value = serde_json::from_slice(&run.stdout).expect("JSON");
        assert_eq!(ctx["page_path"], "briefings/first/index.html");
        assert_eq!(ctx["root"], "../../");
        assert_eq!(ctx["briefing"]["title"], "First synthetic briefing");
        // Links as the page has them, relative to it.
        assert_eq!(
            ctx["briefing"]["actors"][0]["href"],
            "../../actors/actor-0002/index.html"
        );
        assert!(!stdout(&run).contains('\u{e000}'));
    }
    let home: serde_json::Value =
        serde_json::from_slice(&briefing(&["context", "/", "-r", root]).stdout).unwrap();
    assert_eq!(home["page_path"], "index.html");
    assert_eq!(home["latest"].as_array().map(Vec::len), Some(2));
    let empty: serde_json::Value =
        serde_json::from_slice(&briefing(&["context", "", "-r", root]).stdout).unwrap();
    assert_eq!(empty, home);

    let missing = briefing(&["context", "briefings/frist/", "-r", root]);
    assert_eq!(missing.status.code(), Some(2));
    let e = stderr(&missing);
    assert!(
        e.contains("no page at `briefings/frist/` in the site; nearest: `/briefings/first/`"),
        "{e}"
    );
}

#[test]
fn context_of_a_broken_site_reports_its_errors() {
    let dir = site(&[("content/briefings/b.md", &briefing_md("actors: [Nobody]\n"))]);
    let run = briefing(&["context", "/", "-r", dir.path().to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("unknown actor `Nobody`"),
        "{}",
        stderr(&run)
    );
    assert!(run.stdout.is_empty());
}

/// The release workflow builds what the README says it does, and the Pages recipe
/// downloads an asset it makes.
#[test]
fn the_release_workflow_builds_the_binaries_the_readme_offers() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(".github/workflows/release.yml")).unwrap();
    let flow: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    assert_eq!(flow["on"]["push"]["tags"][0].as_str(), Some("v*"));
    let targets: Vec<&str> = flow["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("a matrix")
        .iter()
        .map(|t| t["target"].as_str().expect("a target"))
        .collect();
    assert_eq!(
        targets,
        [
            "x86_64-unknown-linux-musl",
            "aarch64-apple-darwin",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc"
        ]
    );
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    for t in &targets {
        assert!(
            readme.contains(&format!("`{t}`")),
            "README does not name {t}"
        );
    }
    assert!(readme.contains(
        "- run: curl -fsSL https://github.com/ORG/briefing/releases/latest/download/briefing-x86_64-unknown-linux-musl.tar.gz | tar -xz briefing"
    ));
    let docker = std::fs::read_to_string(root.join("Dockerfile")).unwrap();
    assert_eq!(
        docker.matches("\nFROM ").count(),
        2,
        "a builder and a final stage"
    );
    assert!(docker.contains("CMD [\"build\", \"--root\", \"/site\"]"));
}
