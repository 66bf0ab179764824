//! The command line: parses arguments, runs a command, reports, and picks the exit code
//! (0 ok, 1 content or template errors, 2 usage or I/O errors).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::args::{Output, SiteArgs, count, future_notice, render_diagnostics};
use crate::inspect::{self, ContextError};
use crate::pipeline::{self, BuildOptions, Failure};
use crate::scaffold;

#[derive(Parser, Debug)]
#[command(
    name = "briefing",
    version,
    about = "A static site generator for conflict briefings"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scaffold a working site (site.yaml, content/, templates/) in DIR.
    New {
        /// Folder to create the site in; it must not exist or must be empty.
        dir: PathBuf,
        #[command(flatten)]
        out: Output,
    },
    /// Build the site into ./public (atomic: a failed build leaves public/ as it was).
    Build(BuildArgs),
    /// Validate everything and write nothing; exit 1 on any error.
    Check(CheckArgs),
    /// Build into memory, serve on 127.0.0.1:1111, rebuild on change and reload the browser.
    Serve(crate::serve::ServeArgs),
    /// List the built-in templates and which of them the site overrides.
    Templates(TemplatesArgs),
    /// Print as JSON the context the template of one page receives.
    Context(ContextArgs),
}

/// Options of `templates`.
#[derive(Args, Debug, Clone)]
pub struct TemplatesArgs {
    /// The site's folder (holding site.yaml, content/, templates/).
    #[arg(short, long, default_value = ".", global = true)]
    pub root: PathBuf,
    #[command(subcommand)]
    pub action: Option<TemplatesAction>,
}

#[derive(Subcommand, Debug, Clone)]
pub enum TemplatesAction {
    /// Copy built-in templates into the site's templates/ to edit them there.
    Eject {
        /// Names of built-in templates, as `briefing templates` lists them (page.html).
        #[arg(required = true)]
        names: Vec<String>,
        /// Replace a template the site already overrides with the built-in one.
        #[arg(long)]
        force: bool,
    },
}

/// Options of `context`.
#[derive(Args, Debug, Clone)]
pub struct ContextArgs {
    /// Site path of the page: `briefings/x/`, `/actors/nato/`, `briefings/x/index.html`,
    /// or `/` for the home page.
    pub path: String,
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub output: Output,
}

/// Options of `build`.
#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site [default: ROOT/public]. A build replaces the folder whole,
    /// so one with files that briefing did not write is refused.
    #[arg(short, long)]
    pub out: Option<PathBuf>,
    /// Replace the --out folder even if briefing did not write it, deleting what is in it.
    #[arg(long)]
    pub force: bool,
    /// Build everything and replace the output whole, rather than render and write only
    /// what changed since the last build (recorded in .briefing-cache/).
    #[arg(long)]
    pub clean: bool,
    #[command(flatten)]
    pub output: Output,
}

/// Options of `check`, which writes nothing and so has no output folder.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    #[command(flatten)]
    pub output: Output,
}

/// How the process ends: 0 done, 1 the site has problems, 2 it could not be done.
pub type Status = u8;

pub fn main() -> ! {
    let status = match Cli::try_parse() {
        Ok(cli) => run(cli),
        Err(e) => {
            let _ = e.print();
            if e.use_stderr() { 2 } else { 0 }
        }
    };
    exit(status)
}

/// Ends the process as soon as what it printed is out. An orderly exit spent some 25 ms
/// of a 0.4 s build after a one-line edit at 10,000 briefings on work the kernel does
/// anyway when the process goes: mimalloc collecting and purging its arenas, and the
/// model still being let go of on its thread. Everything that leaves a trace (staging
/// folders, temporary files, the record) is settled before `run` returns.
fn exit(status: Status) -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    // SAFETY: `_exit` only ends the process; no Rust code runs after it.
    unsafe { libc::_exit(i32::from(status)) }
}

pub fn run(cli: Cli) -> Status {
    match cli.command {
        Command::New { dir, out } => match scaffold::new_site(&dir) {
            Ok(()) => {
                if !out.quiet {
                    eprintln!(
                        "created a new site in {}; build it with `briefing build --root {}`",
                        dir.display(),
                        dir.display()
                    );
                }
                0
            }
            Err(e) => {
                eprintln!("error: {e}");
                2
            }
        },
        Command::Build(common) => {
            let out = common
                .out
                .clone()
                .unwrap_or_else(|| common.site.root.join("public"));
            let opts = BuildOptions {
                force: common.force,
                clean: common.clean,
                ..common.site.build_options()
            };
            match pipeline::build(&opts, &out) {
                Ok(s) => {
                    eprint!("{}", render_diagnostics(&s.warnings, common.output.color()));
                    if !common.output.quiet && !s.has_base_url {
                        eprintln!(
                            "note: no base_url, so no Atom feeds or sitemap.xml (set base_url in site.yaml or pass --base-url)"
                        );
                    }
                    if let Some(note) = future_notice(s.future_left_out)
                        && !common.output.quiet
                    {
                        eprintln!("{note}");
                    }
                    if let Some(why) = s.distrust
                        && !common.output.quiet
                    {
                        eprintln!("note: {why}, so this build made everything again");
                    }
                    if s.bodies_damaged && !common.output.quiet {
                        eprintln!(
                            "note: the bodies kept by the last build were damaged, so this \
                             build rendered them again"
                        );
                    }
                    if !common.output.quiet {
                        eprintln!(
                            "built {} ({}, {:.1} KiB) from {}, {}, {} into {} in {} ms{}",
                            count(s.pages, "page"),
                            count(s.files, "file"),
                            s.bytes as f64 / 1024.0,
                            count(s.briefings, "briefing"),
                            count(s.actors, "actor"),
                            count(s.statements, "statement"),
                            out.display(),
                            s.elapsed.as_millis(),
                            s.changed.map_or(String::new(), |c| format!(
                                "; {} rendered, {} written, {} removed, the rest unchanged",
                                count(c.rendered, "page"),
                                count(c.written, "file"),
                                c.removed
                            ))
                        );
                    }
                    0
                }
                Err(f) => report_failure(&f, &common.output, "build"),
            }
        }
        Command::Check(common) => match pipeline::render(&BuildOptions {
            check_all_links: true,
            ..common.site.build_options()
        }) {
            Ok(built) => {
                eprint!(
                    "{}",
                    render_diagnostics(&built.site.warnings, common.output.color())
                );
                if let Some(note) = future_notice(built.site.future_left_out)
                    && !common.output.quiet
                {
                    eprintln!("{note}");
                }
                if !common.output.quiet {
                    eprintln!(
                        "ok: {}, {}, {}, {}; {}",
                        count(built.site.briefings.len(), "briefing"),
                        count(built.site.actors.len(), "actor"),
                        count(built.site.statements.len(), "statement"),
                        count(built.files.len(), "page"),
                        match built.site.warnings.len() {
                            0 => "no problems found".to_string(),
                            n => format!("no errors, {}", count(n, "warning")),
                        }
                    );
                }
                0
            }
            Err(f) => report_failure(&f, &common.output, "check"),
        },
        Command::Serve(args) => crate::serve::run(&args),
        Command::Templates(args) => templates(&args),
        Command::Context(args) => context(&args),
    }
}

fn templates(args: &TemplatesArgs) -> Status {
    match &args.action {
        None => {
            print!("{}", inspect::template_list(&args.root));
            0
        }
        Some(TemplatesAction::Eject { names, force }) => {
            match scaffold::eject(&args.root, names, *force) {
                Ok(written) => {
                    for path in written {
                        eprintln!("wrote {}", path.display());
                    }
                    0
                }
                Err(e) => {
                    eprintln!("error: {}", crate::diag::printable(&e));
                    2
                }
            }
        }
    }
}

fn context(args: &ContextArgs) -> Status {
    match inspect::context(&args.site.build_options(), &args.path) {
        Ok(json) => {
            print!("{json}");
            0
        }
        Err(ContextError::Failure(f)) => report_failure(&f, &args.output, "context"),
        Err(ContextError::Page(d)) => {
            report_failure(&Failure::Content(vec![d]), &args.output, "context")
        }
        Err(ContextError::NoPage(message)) => {
            eprintln!("error: {message}");
            2
        }
    }
}

fn report_failure(f: &Failure, out: &Output, what: &str) -> Status {
    match f {
        Failure::Content(diags) => {
            eprint!("{}", render_diagnostics(diags, out.color()));
            // `check` never writes, so saying it wrote nothing would suggest it might.
            let written = if what == "build" {
                "; nothing was written"
            } else {
                ""
            };
            let errors = diags.iter().filter(|d| !d.is_warning()).count();
            eprintln!("{what} failed: {}{written}", count(errors, "error"));
            1
        }
        Failure::Io(msg) => {
            eprintln!("error: {}", crate::diag::printable(msg));
            2
        }
    }
}
