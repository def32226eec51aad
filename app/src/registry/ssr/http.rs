//! The registries over HTTP: the contract in [`crate::registry::paths`], numbers in POST bodies,
//! JSON answers, 404 for "no such person or company". Every call has a deadline, follows no
//! redirect and reads at most [`MAX_ANSWER_BYTES`]; an answer about someone other than the one
//! asked for is refused. Failures are logged here (kind and status, never a number or a body)
//! and reach the caller as a [`RegistryError`].

use super::{CompanyRegistry, PopulationRegistry, RegistryError};
use crate::{
    domain::identity::{OrganisationNumber, PersonalIdentityNumber},
    registry::{paths, ChildRecord, CompanyRecord, CompanySummary, GuardianRecord, Lookup, PersonRecord},
};
use serde::de::DeserializeOwned;
use std::time::Duration;

/// How long a question may take, connection included: an applicant waits for it.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);
/// The largest answer read: a person, a family or a company's board is far smaller.
pub const MAX_ANSWER_BYTES: usize = 256 * 1024;
/// The most children or companies kept from one answer.
const MAX_ITEMS: usize = 100;
/// The most guardians one child may have in an answer (two parents, or specially appointed ones).
const MAX_GUARDIANS: usize = 4;
/// The longest name kept.
const MAX_NAME_CHARS: usize = 200;

#[derive(Debug)]
pub struct HttpRegistry {
    base: String,
    client: reqwest::Client,
}

impl HttpRegistry {
    /// A client for the registry at `base` (`http://…` or `https://…`, no trailing slash needed).
    pub fn new(base: &str, timeout: Duration) -> Result<HttpRegistry, RegistryError> {
        let base = base.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            tracing::error!("the registry address must start with http:// or https://");
            return Err(RegistryError::NotConfigured);
        }
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|error| {
                tracing::error!(%error, "the registry client could not be built");
                RegistryError::NotConfigured
            })?;
        Ok(HttpRegistry { base, client })
    }

    /// Asks `path` about `number`: `None` on 404.
    async fn ask<T: DeserializeOwned>(&self, path: &'static str, number: &str) -> Result<Option<T>, RegistryError> {
        let body = serde_json::to_vec(&Lookup { number: number.to_string() }).map_err(|_| RegistryError::BadAnswer)?;
        let failed = |error: reqwest::Error| {
            let kind = if error.is_timeout() { RegistryError::TimedOut } else { RegistryError::Unavailable };
            tracing::warn!(path, ?kind, "a registry question failed");
            kind
        };
        let mut response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::ACCEPT, "application/json")
            .body(body)
            .send()
            .await
            .map_err(failed)?;
        let status = response.status();
        if status == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !status.is_success() {
            tracing::warn!(path, status = status.as_u16(), "a registry answered with an error");
            return Err(RegistryError::Unavailable);
        }
        if response.content_length().is_some_and(|length| length > MAX_ANSWER_BYTES as u64) {
            tracing::warn!(path, "a registry's answer was too large");
            return Err(RegistryError::BadAnswer);
        }
        let mut answer = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(failed)? {
            if answer.len() + chunk.len() > MAX_ANSWER_BYTES {
                tracing::warn!(path, "a registry's answer was too large");
                return Err(RegistryError::BadAnswer);
            }
            answer.extend_from_slice(&chunk);
        }
        serde_json::from_slice(&answer).map(Some).map_err(|error| {
            // serde's message may quote the answer; only where it broke is logged.
            tracing::warn!(
                path,
                line = error.line(),
                column = error.column(),
                "a registry's answer is not its contract"
            );
            RegistryError::BadAnswer
        })
    }
}

/// A name as kept: trimmed, at most [`MAX_NAME_CHARS`], without control characters.
fn clean(name: &str) -> String {
    name.trim().chars().filter(|c| !c.is_control()).take(MAX_NAME_CHARS).collect()
}

fn is_pin(digits: &str) -> bool {
    digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit())
}

#[async_trait::async_trait]
impl PopulationRegistry for HttpRegistry {
    async fn person(&self, pin: &PersonalIdentityNumber) -> Result<Option<PersonRecord>, RegistryError> {
        let Some(mut person) = self.ask::<PersonRecord>(paths::PERSON, pin.digits()).await? else { return Ok(None) };
        if person.pin != pin.digits() {
            tracing::warn!("a registry answered about someone other than the person asked for");
            return Err(RegistryError::BadAnswer);
        }
        person.given_name = clean(&person.given_name);
        person.family_name = clean(&person.family_name);
        if person.protected {
            // Whatever the registry sent, a protected person's address never enters the portal.
            person.address = None;
        }
        Ok(Some(person))
    }

    async fn children(&self, guardian: &PersonalIdentityNumber) -> Result<Vec<ChildRecord>, RegistryError> {
        let children: Vec<ChildRecord> = self.ask(paths::CHILDREN, guardian.digits()).await?.unwrap_or_default();
        if children.len() > MAX_ITEMS || children.iter().any(|child| !is_pin(&child.pin)) {
            tracing::warn!("a registry's list of children is not its contract");
            return Err(RegistryError::BadAnswer);
        }
        Ok(children
            .into_iter()
            .map(|child| ChildRecord {
                given_name: clean(&child.given_name),
                family_name: clean(&child.family_name),
                ..child
            })
            .collect())
    }

    async fn guardians(&self, child: &PersonalIdentityNumber) -> Result<Vec<GuardianRecord>, RegistryError> {
        let guardians: Vec<GuardianRecord> = self.ask(paths::GUARDIANS, child.digits()).await?.unwrap_or_default();
        // A child has at most a few guardians; more, or one without a number, is not the contract.
        if guardians.len() > MAX_GUARDIANS || guardians.iter().any(|guardian| !is_pin(&guardian.pin)) {
            tracing::warn!("a registry's list of guardians is not its contract");
            return Err(RegistryError::BadAnswer);
        }
        Ok(guardians
            .into_iter()
            .map(|guardian| GuardianRecord {
                given_name: clean(&guardian.given_name),
                family_name: clean(&guardian.family_name),
                ..guardian
            })
            .collect())
    }
}

#[async_trait::async_trait]
impl CompanyRegistry for HttpRegistry {
    async fn company(&self, number: &OrganisationNumber) -> Result<Option<CompanyRecord>, RegistryError> {
        let Some(mut company) = self.ask::<CompanyRecord>(paths::COMPANY, number.digits()).await? else {
            return Ok(None);
        };
        if company.org_no != number.digits()
            || company.signatories.len() > MAX_ITEMS
            || company.signatories.iter().any(|s| !is_pin(&s.pin))
        {
            tracing::warn!("a registry's company is not its contract");
            return Err(RegistryError::BadAnswer);
        }
        company.name = clean(&company.name);
        for signatory in &mut company.signatories {
            signatory.name = clean(&signatory.name);
        }
        Ok(Some(company))
    }

    async fn companies_signed_by(&self, pin: &PersonalIdentityNumber) -> Result<Vec<CompanySummary>, RegistryError> {
        let companies: Vec<CompanySummary> =
            self.ask(paths::COMPANIES_SIGNED_BY, pin.digits()).await?.unwrap_or_default();
        if companies.len() > MAX_ITEMS {
            tracing::warn!("a registry's list of companies is not its contract");
            return Err(RegistryError::BadAnswer);
        }
        Ok(companies.into_iter().map(|company| CompanySummary { name: clean(&company.name), ..company }).collect())
    }
}
