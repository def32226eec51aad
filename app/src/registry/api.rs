//! What other capabilities may use of the registries: the state that holds the adapters, their
//! traits and their error (the HTTP adapter itself stays inside).

pub use super::ssr::{CompanyRegistry, PopulationRegistry, RegistryError, RegistryState};
