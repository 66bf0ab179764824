//! `briefing`: a static site generator for conflict briefings.
//!
//! The pipeline runs one way: [`discover`] finds and reads files, [`source`] and
//! [`yaml`] parse them, [`model`] builds one validated model, [`render`] turns it into
//! pages through [`views`] and the [`theme`], and [`output`] writes them atomically.

pub mod args;
pub mod charts;
pub mod cli;
pub mod config;
pub mod content;
pub mod dates;
pub mod diag;
pub mod discover;
pub mod escape;
pub mod export;
pub mod feeds;
pub mod grade;
pub mod links;
pub mod markdown;
pub mod meta;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod refs;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod source;
pub mod theme;
pub mod url;
pub mod verify;
pub mod views;
pub mod yaml;
