//! Acting for someone: a signed-in person acts for themselves, for a child in their custody (the
//! population registry) or for a company they may sign for (the company registry). The lists come
//! from the registries when the page is shown, and a choice is checked against them again when it
//! is made: a number posted that the registries do not give this person is refused, so nobody can
//! act for someone else's child or a company they do not sign for. The choice lives in the
//! person's session (`SignedIn::acting_for`), is shown on every page and is audited (kind only).

use super::{store, IdentityState};
use crate::{
    access::{ActingFor, Represented, SignedIn},
    domain::{
        date::SimpleDate,
        identity::{OrganisationNumber, PersonalIdentityNumber},
    },
    error::AppError,
    identity::{RepresentChoice, RepresentPage},
    registry::{api::RegistryError, ChildRecord, CompanyStatus, CompanySummary},
};

/// Why a choice was not taken.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// The registries do not give this person that child or company (or it cannot act).
    NotTheirs,
    /// A registry could not be asked; nothing changed.
    RegistryDown,
    Failed(AppError),
}

async fn own_number(state: &IdentityState, me: &SignedIn) -> Result<PersonalIdentityNumber, AppError> {
    let person = store::person(&state.db, me.person_id).await?;
    PersonalIdentityNumber::parse(&person.personal_number, SimpleDate::today_in_sweden()).ok_or_else(|| {
        tracing::error!(person = me.person_id, "a stored personal number does not parse");
        AppError::Internal
    })
}

fn child_name(child: &ChildRecord) -> String {
    format!("{} {}", child.given_name, child.family_name).trim().to_string()
}

/// `YYYY-MM-DD` from a personal identity number (a coordination number's day less 60).
fn born(pin: &str) -> String {
    let day: u32 = pin.get(6..8).and_then(|d| d.parse().ok()).unwrap_or(0);
    format!("{}-{}-{:02}", pin.get(0..4).unwrap_or(""), pin.get(4..6).unwrap_or(""), day % 60)
}

fn company_detail(company: &CompanySummary) -> String {
    OrganisationNumber::parse(&company.org_no).map(|n| n.to_string()).unwrap_or_default()
}

/// What the page shows: the person, and whom they may act for as the registries say now.
pub async fn page(state: &IdentityState, me: &SignedIn) -> Result<RepresentPage, AppError> {
    let pin = own_number(state, me).await?;
    let current = me.acting_for.as_ref().map(|a| (a.kind, a.name.clone()));
    let is_current =
        |kind: Represented, number: &str| me.acting_for.as_ref().is_some_and(|a| a.kind == kind && a.number == number);
    let mut registry_problem = false;
    let children = match state.registry.population.children(&pin).await {
        Ok(children) => children,
        Err(RegistryError::NotConfigured) => Vec::new(),
        Err(_) => {
            registry_problem = true;
            Vec::new()
        }
    };
    let companies = match state.registry.companies.companies_signed_by(&pin).await {
        Ok(companies) => companies,
        Err(RegistryError::NotConfigured) => Vec::new(),
        Err(_) => {
            registry_problem = true;
            Vec::new()
        }
    };
    Ok(RepresentPage {
        name: me.name.clone(),
        current,
        children: children
            .iter()
            .map(|child| RepresentChoice {
                value: format!("child:{}", child.pin),
                name: child_name(child),
                detail: born(&child.pin),
                selectable: true,
                current: is_current(Represented::Child, &child.pin),
            })
            .collect(),
        companies: companies
            .iter()
            .map(|company| RepresentChoice {
                value: format!("company:{}", company.org_no),
                name: company.name.clone(),
                detail: company_detail(company),
                selectable: company.status == CompanyStatus::Active,
                current: is_current(Represented::Company, &company.org_no),
            })
            .collect(),
        registry_problem,
        refused: false,
    })
}

/// Checks `value` (`myself`, `child:…`, `company:…`) against the registries' answer for this
/// person now: whom they will act for (`None`: themselves).
pub async fn choose(state: &IdentityState, me: &SignedIn, value: &str) -> Result<Option<ActingFor>, Refusal> {
    let registry = |error: RegistryError| match error {
        RegistryError::NotConfigured => Refusal::NotTheirs,
        _ => Refusal::RegistryDown,
    };
    if value == "myself" {
        return Ok(None);
    }
    let pin = own_number(state, me).await.map_err(Refusal::Failed)?;
    if let Some(number) = value.strip_prefix("child:") {
        let children = state.registry.population.children(&pin).await.map_err(registry)?;
        let child = children.iter().find(|child| child.pin == number).ok_or(Refusal::NotTheirs)?;
        return Ok(Some(ActingFor {
            kind: Represented::Child,
            number: child.pin.clone(),
            name: child_name(child),
            protected: child.protected,
        }));
    }
    if let Some(number) = value.strip_prefix("company:") {
        let companies = state.registry.companies.companies_signed_by(&pin).await.map_err(registry)?;
        let company = companies
            .iter()
            .find(|company| company.org_no == number && company.status == CompanyStatus::Active)
            .ok_or(Refusal::NotTheirs)?;
        return Ok(Some(ActingFor {
            kind: Represented::Company,
            number: company.org_no.clone(),
            name: company.name.clone(),
            protected: false,
        }));
    }
    Err(Refusal::NotTheirs)
}
