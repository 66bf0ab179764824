//! The command line: parses arguments, runs a command, reports, and picks the exit code
//! (0 ok, 1 content or template errors, 2 usage or I/O errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::args::{Output, SiteArgs, future_notice, render_diagnostics};
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
        dir: PathBuf,
        #[command(flatten)]
        out: Output,
    },
    /// Build the site into ./public (atomic: a failed build leaves public/ as it was).
    Build(Common),
    /// Validate everything and write nothing; exit 1 on any error.
    Check(Common),
    /// Build into memory, serve on 127.0.0.1:1111, rebuild on change and reload the browser.
    Serve(crate::serve::ServeArgs),
}

/// Options of `build` and `check`.
#[derive(Args, Debug, Clone)]
pub struct Common {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site [default: ROOT/public]. A build replaces the folder whole,
    /// so one with files that briefing did not write is refused.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace the --out folder even if briefing did not write it, deleting what is in it.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub output: Output,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    run(cli)
}

pub fn run(cli: Cli) -> ExitCode {
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
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(2)
            }
        },
        Command::Build(common) => {
            let out = common
                .out
                .clone()
                .unwrap_or_else(|| common.site.root.join("public"));
            let opts = BuildOptions {
                force: common.force,
                ..common.site.build_options()
            };
            match pipeline::build(&opts, &out) {
                Ok(s) => {
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
                    if !common.output.quiet {
                        eprintln!(
                            "built {} pages ({} files, {:.1} KiB) from {} briefings, {} actors, {} quotes into {} in {} ms",
                            s.pages,
                            s.files,
                            s.bytes as f64 / 1024.0,
                            s.briefings,
                            s.actors,
                            s.quotes,
                            out.display(),
                            s.elapsed.as_millis()
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(f) => report_failure(&f, &common.output, "build"),
            }
        }
        Command::Check(common) => match pipeline::render(&BuildOptions {
            check_all_links: true,
            ..common.site.build_options()
        }) {
            Ok(built) => {
                if let Some(note) = future_notice(built.site.future_left_out)
                    && !common.output.quiet
                {
                    eprintln!("{note}");
                }
                if !common.output.quiet {
                    eprintln!(
                        "ok: {} briefings, {} actors, {} quotes, {} pages; no problems found",
                        built.site.briefings.len(),
                        built.site.actors.len(),
                        built.site.quotes.len(),
                        built.files.len()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(f) => report_failure(&f, &common.output, "check"),
        },
        Command::Serve(args) => crate::serve::run(&args),
    }
}

fn report_failure(f: &Failure, out: &Output, what: &str) -> ExitCode {
    match f {
        Failure::Content(diags) => {
            eprint!("{}", render_diagnostics(diags, out.color()));
            let n = diags.len();
            eprintln!(
                "{what} failed: {n} error{}; nothing was written",
                if n == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
        Failure::Io(msg) => {
            eprintln!("error: {}", crate::diag::printable(msg));
            ExitCode::from(2)
        }
    }
}
