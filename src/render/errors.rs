//! Tera's errors as diagnostics pointing into the templates that caused them.

use crate::diag::{Diagnostic, Kind, Pos};
use crate::theme::Template;

/// A Tera error as diagnostics pointing into the templates that caused it.
pub(super) fn template_diags(templates: &[Template], e: &tera::Error) -> Vec<Diagnostic> {
    use tera::ErrorKind;
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            let len = if span.end_line == span.start_line {
                span.end_col.saturating_sub(span.start_col)
            } else {
                1
            };
            vec![located(
                templates,
                r.filename(),
                r.message(),
                Pos::new(span.start_line, span.start_col + 1, len),
            )]
        }
        _ => {
            // Reference checks (unknown filters, includes…) arrive as rendered reports.
            let text = e.to_string();
            let parsed = parse_reports(templates, &text);
            if parsed.is_empty() {
                vec![Diagnostic::new(
                    Kind::Template,
                    "templates",
                    format!("template error: {}", first_line(&text)),
                )]
            } else {
                parsed
            }
        }
    }
}

pub(super) fn template_diag(templates: &[Template], e: &tera::Error) -> Diagnostic {
    template_diags(templates, e).remove(0)
}

pub(super) fn located(templates: &[Template], name: &str, message: &str, pos: Pos) -> Diagnostic {
    let t = templates.iter().find(|t| t.name == name);
    let origin = t.map_or_else(|| std::path::PathBuf::from(name), |t| t.origin.clone());
    let d = Diagnostic::new(Kind::Template, origin, format!("template error: {message}"));
    match t {
        Some(t) => d.at(&t.text, pos),
        None => d,
    }
}

/// Reads Tera's `error: …\n --> name:line:col … ^^^` reports back into diagnostics.
pub(super) fn parse_reports(templates: &[Template], text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error: ") else {
            continue;
        };
        let Some(locus) = lines
            .next()
            .and_then(|l| l.trim_start().strip_prefix("--> "))
        else {
            continue;
        };
        let mut parts = locus.rsplitn(3, ':');
        let (Some(col), Some(line_no), Some(name)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (Ok(col), Ok(line_no)) = (col.parse::<usize>(), line_no.parse::<usize>()) else {
            continue;
        };
        let mut len = 1;
        while let Some(l) = lines.peek() {
            if l.starts_with("error: ") {
                break;
            }
            if let Some(n) = l
                .split('|')
                .nth(1)
                .map(|c| c.matches('^').count())
                .filter(|&n| n > 0)
            {
                len = n;
            }
            lines.next();
        }
        out.push(located(
            templates,
            name,
            message,
            Pos::new(line_no, col, len),
        ));
    }
    out
}

pub(super) fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s)
}
