//! The registry adapters: one trait per registry, an HTTP client that implements both
//! ([`http::HttpRegistry`]), and the state the capabilities reach them through. A registry that
//! is slow, down or answers nonsense gives [`RegistryError`], which pages turn into "the registry
//! could not be reached; type it yourself", never a failure of the whole application.

pub mod http;

use super::{ChildRecord, CompanyRecord, CompanySummary, GuardianRecord, PersonRecord};
use crate::domain::identity::{OrganisationNumber, PersonalIdentityNumber};
use std::sync::Arc;

/// Why a registry gave no answer. Carries no text: the cause is logged where it happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegistryError {
    /// No registry is configured (a portal without one asks the applicant instead).
    #[error("no registry configured")]
    NotConfigured,
    /// The registry did not answer in time.
    #[error("the registry did not answer in time")]
    TimedOut,
    /// The registry could not be reached or answered with an error.
    #[error("the registry is unavailable")]
    Unavailable,
    /// The registry answered something that is not its contract (or too much of it).
    #[error("the registry's answer was not understood")]
    BadAnswer,
}

impl From<RegistryError> for crate::error::AppError {
    fn from(_: RegistryError) -> Self {
        crate::error::AppError::Unavailable
    }
}

/// The population registry (folkbokföringen): persons, their custody of children, protected
/// identity.
#[async_trait::async_trait]
pub trait PopulationRegistry: Send + Sync + std::fmt::Debug {
    /// The person, or `None` if the registry knows no one by that number.
    async fn person(&self, pin: &PersonalIdentityNumber) -> Result<Option<PersonRecord>, RegistryError>;
    /// The children in `guardian`'s custody today.
    async fn children(&self, guardian: &PersonalIdentityNumber) -> Result<Vec<ChildRecord>, RegistryError>;
    /// The guardians of `child` today (empty for a child the registry does not know).
    async fn guardians(&self, child: &PersonalIdentityNumber) -> Result<Vec<GuardianRecord>, RegistryError>;
}

/// The company registry (Bolagsverket's näringslivsregister): companies and their signatories.
#[async_trait::async_trait]
pub trait CompanyRegistry: Send + Sync + std::fmt::Debug {
    async fn company(&self, number: &OrganisationNumber) -> Result<Option<CompanyRecord>, RegistryError>;
    /// The companies `pin` may sign for.
    async fn companies_signed_by(&self, pin: &PersonalIdentityNumber) -> Result<Vec<CompanySummary>, RegistryError>;
}

/// The registries as configured: both behind one HTTP base address today, each replaceable.
#[derive(Clone, Debug)]
pub struct RegistryState {
    pub population: Arc<dyn PopulationRegistry>,
    pub companies: Arc<dyn CompanyRegistry>,
    /// Whether any registry is configured (the health output says so).
    pub configured: bool,
}

impl RegistryState {
    /// Registries at `base` (e.g. `http://127.0.0.1:3000/demo/register`), or none.
    pub fn new(base: Option<&str>) -> Result<RegistryState, RegistryError> {
        Ok(match base {
            Some(base) => {
                let registry = Arc::new(http::HttpRegistry::new(base, http::DEFAULT_TIMEOUT)?);
                RegistryState { population: registry.clone(), companies: registry, configured: true }
            }
            None => RegistryState::default(),
        })
    }
}

impl Default for RegistryState {
    fn default() -> Self {
        RegistryState { population: Arc::new(NoRegistry), companies: Arc::new(NoRegistry), configured: false }
    }
}

/// No registry: every question is answered [`RegistryError::NotConfigured`].
#[derive(Debug)]
pub struct NoRegistry;

#[async_trait::async_trait]
impl PopulationRegistry for NoRegistry {
    async fn person(&self, _: &PersonalIdentityNumber) -> Result<Option<PersonRecord>, RegistryError> {
        Err(RegistryError::NotConfigured)
    }
    async fn children(&self, _: &PersonalIdentityNumber) -> Result<Vec<ChildRecord>, RegistryError> {
        Err(RegistryError::NotConfigured)
    }
    async fn guardians(&self, _: &PersonalIdentityNumber) -> Result<Vec<GuardianRecord>, RegistryError> {
        Err(RegistryError::NotConfigured)
    }
}

#[async_trait::async_trait]
impl CompanyRegistry for NoRegistry {
    async fn company(&self, _: &OrganisationNumber) -> Result<Option<CompanyRecord>, RegistryError> {
        Err(RegistryError::NotConfigured)
    }
    async fn companies_signed_by(&self, _: &PersonalIdentityNumber) -> Result<Vec<CompanySummary>, RegistryError> {
        Err(RegistryError::NotConfigured)
    }
}
