//! Every integration test of the portal in one test binary (each binary is a separate link,
//! which costs minutes on 2 cores). Each module starts the real portal on 127.0.0.1:0 against a
//! fresh SQLite file or PostgreSQL database (`common`).

#[macro_use]
mod common;

mod api_contract;
mod attachments;
mod case_access;
mod cases;
mod catalog;
mod concurrency;
mod consent;
mod drafts;
mod forms;
mod hardening;
mod identity;
mod jobs;
mod metrics;
mod once_only;
mod registry;
mod represent;
mod resilience;
mod sessions;
mod signing;
mod two_servers;
mod units;
