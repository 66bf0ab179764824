//! The one integration-test binary: fixture sites built and checked for content.

mod authors;
mod body_links;
mod budget;
mod cards;
mod cli;
mod common;
mod diagnostics;
mod external;
mod features;
mod figures;
mod future;
mod hostile;
mod incremental;
mod languages;
mod layers;
mod lean;
mod output;
mod pages;
mod serve;
mod shape;
mod spill;
mod statements;
mod strings;
mod times;
mod trust;
