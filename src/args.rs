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
    /// Include briefings dated after today (left out by default, like drafts).
    #[arg(long, short = 'F')]
    pub future: bool,
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
            clean: false,
            future: self.future,
            today: today_from_env(),
        }
    }
}

/// The day `BRIEFING_NOW` (`2022-03-06`) names, for tests that must not depend on the
/// clock; `None`, so the clock is read, when it is unset. A value that is not a day is
/// warned about, not used.
fn today_from_env() -> Option<crate::dates::Day> {
    let raw = std::env::var("BRIEFING_NOW").ok()?;
    match crate::dates::Edtf::parse(raw.trim()) {
        Ok(d) if d.lower() == d.upper() => Some(d.lower()),
        _ => {
            eprintln!(
                "warning: BRIEFING_NOW={} is not a day like 2022-03-06; using the clock",
                crate::diag::printable(&raw)
            );
            None
        }
    }
}

/// The line saying how many future-dated briefings a build left out, if any.
pub fn future_notice(left_out: usize) -> Option<String> {
    (left_out > 0).then(|| {
        format!(
            "note: {} left out (publish with --future)",
            count(left_out, "future-dated briefing")
        )
    })
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

    #[test]
    fn the_future_notice_counts_briefings() {
        assert_eq!(future_notice(0), None);
        assert_eq!(
            future_notice(1).as_deref(),
            Some("note: 1 future-dated briefing left out (publish with --future)")
        );
        assert_eq!(
            future_notice(2).as_deref(),
            Some("note: 2 future-dated briefings left out (publish with --future)")
        );
    }
}
