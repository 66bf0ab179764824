//! The pages of a site: each page to render (a [`Job`]), its path and template, and how
//! the long listings are cut into pages (the [`Plan`]).

use std::path::Path;
use std::sync::Arc;

use crate::model::{self, ActorId, AuthorId, BriefingId, Site, TopicId};
use crate::views;

pub(super) const BRIEFINGS: &str = "briefings/index.html";
pub(super) const TIMELINE: &str = "timeline/index.html";
pub(super) const QUOTES: &str = "quotes/index.html";
pub(super) const CLAIMS: &str = "claims/index.html";
pub(super) const CORRECTIONS: &str = "corrections/index.html";
pub(super) const NOT_FOUND: &str = "404.html";

/// One page to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    Briefings {
        page: usize,
    },
    Briefing(BriefingId),
    Actors,
    Actor {
        id: ActorId,
        page: usize,
    },
    Timeline {
        page: usize,
    },
    Quotes {
        page: usize,
    },
    Topics,
    Topic {
        id: TopicId,
        page: usize,
    },
    Authors,
    Author {
        id: AuthorId,
        page: usize,
    },
    Page(usize),
    Claims {
        page: usize,
    },
    Corrections {
        page: usize,
    },
    Search,
    NotFound,
    Style,
    /// The theme's icon, written when `site.yaml` names no `favicon:`.
    Favicon,
}

impl Job {
    /// The variant's name (`Briefing`, `Actor`), for timings.
    pub(super) fn kind(&self) -> String {
        format!("{self:?}")
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect()
    }

    /// What the page's metadata (description, JSON-LD) is about.
    pub(super) fn subject(&self) -> crate::meta::Subject {
        match *self {
            Job::Briefing(id) => crate::meta::Subject::Briefing(id),
            Job::Actor { id, .. } => crate::meta::Subject::Actor(id),
            Job::Author { id, .. } => crate::meta::Subject::Author(id),
            _ => crate::meta::Subject::Site,
        }
    }

    /// The template the page is rendered with.
    pub fn template(&self) -> &'static str {
        match self {
            Job::Home => "index.html",
            Job::Briefings { .. } => "briefings.html",
            Job::Briefing(_) => "briefing.html",
            Job::Actors => "actors.html",
            Job::Actor { .. } => "actor.html",
            Job::Timeline { .. } => "timeline.html",
            Job::Quotes { .. } => "quotes.html",
            Job::Topics => "topics.html",
            Job::Topic { .. } => "topic.html",
            Job::Authors => "authors.html",
            Job::Author { .. } => "author.html",
            Job::Page(_) => "page.html",
            Job::Claims { .. } => "claims.html",
            Job::Corrections { .. } => "corrections.html",
            Job::Search => "search.html",
            Job::NotFound => "404.html",
            Job::Style => "style.css",
            Job::Favicon => views::DEFAULT_FAVICON,
        }
    }

    /// The content file the page shows, if it shows one.
    pub fn source<'s>(&self, site: &'s Site) -> Option<&'s Path> {
        match *self {
            Job::Briefing(id) => Some(&site.briefings[id.index()].path),
            Job::Actor { id, .. } => Some(&site.actors[id.index()].path),
            Job::Topic { id, .. } => site.topics[id.index()].path.as_deref(),
            Job::Author { id, .. } => Some(&site.authors[id.index()].path),
            Job::Page(i) => Some(&site.pages[i].path),
            _ => None,
        }
    }

    pub fn path(&self, site: &Site) -> String {
        match *self {
            Job::Home => "index.html".into(),
            Job::Briefings { page } => views::paged_path(BRIEFINGS, page),
            Job::Briefing(id) => model::briefing_path(&site.briefings[id.index()].slug),
            Job::Actors => "actors/index.html".into(),
            Job::Actor { id, page } => {
                paged(model::actor_path(&site.actors[id.index()].slug), page)
            }
            Job::Timeline { page } => views::paged_path(TIMELINE, page),
            Job::Quotes { page } => views::paged_path(QUOTES, page),
            Job::Topics => "topics/index.html".into(),
            Job::Topic { id, page } => {
                paged(model::topic_path(&site.topics[id.index()].slug), page)
            }
            Job::Authors => "authors/index.html".into(),
            Job::Author { id, page } => {
                paged(model::author_path(&site.authors[id.index()].slug), page)
            }
            Job::Page(i) => model::page_path(&site.pages[i].slug),
            Job::Claims { page } => views::paged_path(CLAIMS, page),
            Job::Corrections { page } => views::paged_path(CORRECTIONS, page),
            Job::Search => "search/index.html".into(),
            Job::NotFound => NOT_FOUND.into(),
            Job::Style => "style.css".into(),
            Job::Favicon => views::DEFAULT_FAVICON.into(),
        }
    }
}

/// Page `page` of the listing whose first page is `first`, which it is for page 1.
fn paged(first: String, page: usize) -> String {
    match page {
        ..=1 => first,
        _ => views::paged_path(&first, page),
    }
}

/// The pages of a site and how its long listings are cut.
pub struct Plan {
    pub jobs: Vec<Job>,
    pub(super) briefing_pages: usize,
    pub(super) quote_pages: usize,
    pub(super) claim_pages: usize,
    pub(super) correction_pages: usize,
    pub(super) timeline: Arc<[Vec<views::MonthEntries>]>,
}

impl Plan {
    pub fn new(site: &Site) -> Plan {
        let sizes = &site.config.page_sizes;
        let briefing_pages = views::page_count(site.briefings.len(), sizes.briefings);
        let quote_pages = views::page_count(site.quotes_by_date.len(), sizes.quotes);
        let timeline = Arc::clone(&site.timeline);
        let mut jobs = vec![Job::Home, Job::Actors, Job::Topics, Job::Search];
        // One stylesheet and icon serve every language, and hosts serve the root's
        // `404.html` for a missing address at any depth.
        if site.config.prefix.is_empty() {
            jobs.extend([Job::NotFound, Job::Style]);
            if site.config.favicon.is_none() {
                jobs.push(Job::Favicon);
            }
        }
        jobs.extend((1..=briefing_pages).map(|page| Job::Briefings { page }));
        jobs.extend((1..=quote_pages).map(|page| Job::Quotes { page }));
        jobs.extend((1..=timeline.len()).map(|page| Job::Timeline { page }));
        let claim_pages = views::page_count(site.claims.len(), sizes.claims);
        jobs.extend((1..=claim_pages).map(|page| Job::Claims { page }));
        let correction_pages = views::page_count(site.corrections_by_date.len(), sizes.corrections);
        jobs.extend((1..=correction_pages).map(|page| Job::Corrections { page }));
        // Pages of prolific actors and big topics first: they take longest, and
        // starting them early keeps both cores busy to the end.
        let mut big: Vec<(usize, Job)> = Vec::new();
        for i in 0..site.actors.len() {
            let id = ActorId(i as u32);
            for page in 1..=views::actor_pages(site, id) {
                big.push((site.actor_quotes[i].len(), Job::Actor { id, page }));
            }
        }
        for i in 0..site.topics.len() {
            let id = TopicId(i as u32);
            for page in 1..=views::topic_pages(site, id) {
                big.push((site.topic_briefings[i].len(), Job::Topic { id, page }));
            }
        }
        big.sort_by_key(|b| std::cmp::Reverse(b.0));
        jobs.splice(0..0, big.into_iter().map(|(_, j)| j));
        jobs.extend((0..site.briefings.len()).map(|i| Job::Briefing(BriefingId(i as u32))));
        jobs.extend((0..site.pages.len()).map(Job::Page));
        if !site.authors.is_empty() {
            jobs.push(Job::Authors);
        }
        for i in 0..site.authors.len() {
            let id = AuthorId(i as u32);
            jobs.extend((1..=views::author_pages(site, id)).map(|page| Job::Author { id, page }));
        }
        Plan {
            jobs,
            briefing_pages,
            quote_pages,
            claim_pages,
            correction_pages,
            timeline,
        }
    }
}

/// Every page of the site.
pub fn jobs(site: &Site) -> Vec<Job> {
    Plan::new(site).jobs
}

/// The path of every page of the site.
pub fn page_paths(site: &Site) -> Vec<String> {
    jobs(site).iter().map(|j| j.path(site)).collect()
}
