//! The edits the latency examples make to a briefing, shared by `rebuild` and
//! `serve_latency`.

/// What to change in the briefing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Append a sentence to the body: serve patches it into the last site.
    Body,
    /// Move the briefing's date: listings reorder, so serve orders the site again.
    Date,
}

impl Change {
    pub fn parse(s: &str) -> Result<Change, String> {
        match s {
            "body" => Ok(Change::Body),
            "date" => Ok(Change::Date),
            _ => Err(format!("--change: `{s}` is neither body nor date")),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Change::Body => "body",
            Change::Date => "date",
        }
    }

    /// `original` changed for run `run`, and a piece of text the page then shows.
    pub fn apply(self, original: &str, run: usize) -> Result<(String, String), String> {
        match self {
            Change::Body => {
                let sentence = format!("Latency run {run}.");
                Ok((format!("{}\n\n{sentence}\n", original.trim_end()), sentence))
            }
            Change::Date => {
                // A day in January 1999, which no generated briefing uses.
                let day = run % 28 + 1;
                let line = format!("date: 1999-01-{day:02}\n");
                let mut lines: Vec<&str> = original.split_inclusive('\n').collect();
                let at = lines
                    .iter()
                    .position(|l| l.starts_with("date:"))
                    .ok_or("the briefing has no `date:` line")?;
                lines[at] = &line;
                Ok((lines.concat(), format!("{day} January 1999")))
            }
        }
    }
}
