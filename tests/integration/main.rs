//! The one integration-test binary: fixture sites built and checked for content.

mod budget;
mod common;
mod diagnostics;
mod external;
mod features;
mod future;
mod hostile;
mod layers;
mod output;
mod pages;
mod serve;
mod statements;
mod trust;
