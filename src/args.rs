//! Command-line options that more than one command takes (`build`, `check` and `serve`
//! read a site the same way and report the same way), and how diagnostics are printed
//! for them. Below both `cli` and `serve`, so neither imports the other's options.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::diag::Diagnostic;
use crate::pipeline::BuildOptions;

/// The site to read and how: shared by every command that builds it.
#[derive(Args, Debug, Clone)]
pub struct SiteArgs {
    /// The site's folder (holding site.yaml, content/, templates/).
    #[arg(short, long, default_value = ".")]
    pub root: PathBuf,
    /// Absolute URL the site is served from; needed only for feeds and canonical links.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include drafts.
    #[arg(short = 'D', long)]
    pub drafts: bool,
    /// Drop raw HTML from Markdown bodies.
    #[arg(long)]
    pub strip_html: bool,
}

impl SiteArgs {
    pub fn build_options(&self) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            strip_html: self.strip_html,
            check_all_links: false,
            force: false,
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct Output {
    /// Print errors only.
    #[arg(long, short)]
    pub quiet: bool,
    /// Colour the output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

impl Output {
    /// Whether to colour diagnostics: as asked, or when stderr is a terminal and
    /// NO_COLOR is unset.
    pub fn color(&self) -> bool {
        match self.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        }
    }
}

/// `n` of `thing`, in words a reader expects: "1 briefing", "2 briefings", "0 errors".
/// Every noun the command line counts takes a plain `s`.
pub fn count(n: usize, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

/// Every diagnostic, numbered, separated by blank lines.
pub fn render_diagnostics(diags: &[Diagnostic], color: bool) -> String {
    diags
        .iter()
        .map(|d| d.render(color))
        .collect::<Vec<_>>()
        .join("\n")
        + if diags.is_empty() { "" } else { "\n" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_for_one_only() {
        assert_eq!(count(1, "briefing"), "1 briefing");
        assert_eq!(count(0, "error"), "0 errors");
        assert_eq!(count(2, "page"), "2 pages");
    }
}
