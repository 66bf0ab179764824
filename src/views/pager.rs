//! Listings cut into pages: how many items a page holds, the paths of the pages, and
//! the pager under a listing. The pipeline plans pages with these; page views take
//! their share of a listing with `slice`.

use serde::Serialize;

use super::href;

// How many items a listing page shows is the site's setting: `Config::page_sizes`.

/// The path of page `n` (1-based) of the listing whose first page is `first`
/// (`quotes/index.html` → `quotes/page/2/index.html`).
pub fn paged_path(first: &str, n: usize) -> String {
    if n <= 1 {
        return first.to_string();
    }
    let dir = first.strip_suffix("index.html").unwrap_or(first);
    format!("{dir}page/{n}/index.html")
}

/// Number of pages for `len` items, `per` a page; an empty listing still has one page.
pub fn page_count(len: usize, per: usize) -> usize {
    len.div_ceil(per).max(1)
}

/// Page `page` (1-based) of `items`, `per` a page; empty past the end.
pub(super) fn slice<T>(items: &[T], per: usize, page: usize) -> &[T] {
    let start = (page.saturating_sub(1) * per).min(items.len());
    &items[start..(start + per).min(items.len())]
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub href: String,
    pub current: bool,
}

#[derive(Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The first, the last and the pages near the current one; gaps are left to the
    /// template (numbers that do not follow each other).
    pub pages: Vec<PageLink>,
}

pub fn pager(first: &str, current: usize, total: usize) -> Pager {
    let link = |n: usize| href(&paged_path(first, n));
    let near = |n: usize| n == 1 || n == total || n.abs_diff(current) <= 3;
    Pager {
        current,
        total,
        prev: (current > 1).then(|| link(current - 1)),
        next: (current < total).then(|| link(current + 1)),
        pages: (1..=total)
            .filter(|&n| near(n))
            .map(|n| PageLink {
                number: n,
                href: link(n),
                current: n == current,
            })
            .collect(),
    }
}
