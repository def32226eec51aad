//! Server side of the catalogue: storage queries, search and the content importer.

pub mod cache;
pub mod import;
pub mod search;
pub mod store;
