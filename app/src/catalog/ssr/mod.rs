//! Server side of the catalogue: storage queries, search and the content importer.

pub mod import;
pub mod search;
pub mod store;
