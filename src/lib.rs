//! l10n: Korean Markdown posts into English twins that stay true.
//!
//! The core (`document`, `exchange`) does no IO; `cli` is the shell around it.

pub mod atomic;
pub mod backend;
pub mod batch;
pub mod carry;
pub mod check;
pub mod ci;
pub mod cli;
pub mod config;
pub mod cost;
pub mod diag;
pub mod document;
pub mod exchange;
pub mod finding;
pub mod forge;
pub mod git;
pub mod glossary;
pub mod i18n;
pub mod merge;
pub mod plan;
pub mod qa;
pub mod report;
pub mod review;
pub mod run;
pub mod site;
pub mod state;
