//! Level 1 of the ladder: the public service catalogue — organisations, departments, life
//! events, services and the units (preschools, schools) to choose between — with its pages and
//! the server functions that feed them.

#[cfg(feature = "ssr")]
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod units;

pub use units::{ProviderType, Range, Unit, UnitKind};

use crate::{error::AppError, i18n::Lang};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Which step of the 24-hour authority ladder a service offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Information,
    Form,
    EService,
    CrossAgency,
}

impl Level {
    pub fn code(self) -> &'static str {
        match self {
            Level::Information => "information",
            Level::Form => "form",
            Level::EService => "e_service",
            Level::CrossAgency => "cross_agency",
        }
    }

    pub fn parse(code: &str) -> Option<Level> {
        [Level::Information, Level::Form, Level::EService, Level::CrossAgency].into_iter().find(|l| l.code() == code)
    }

    /// The Fluent id naming this level, e.g. `level-e_service`.
    pub fn message_id(self) -> String {
        format!("level-{}", self.code())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub level: Level,
    pub organisation_id: String,
    pub organisation_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LifeEvent {
    pub id: String,
    pub name: String,
    pub description: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub email: String,
    pub phone: String,
    pub opening_hours: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: String,
    pub kind: String,
    pub name: String,
    pub description: String,
    pub website: String,
    pub address: String,
    pub contact: Contact,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Department {
    pub id: String,
    pub organisation_id: String,
    pub organisation_name: String,
    pub name: String,
    pub description: String,
    pub contact: Contact,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LegalBasis {
    pub title: String,
    pub url: String,
}

/// Another authority involved in a service: one in the portal (with a page) or outside it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuthorityLink {
    pub name: String,
    /// The portal page of an organisation in the portal, or the outside authority's website.
    pub url: String,
    pub internal: bool,
    pub role: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceDetail {
    pub id: String,
    pub level: Level,
    pub name: String,
    pub summary: String,
    pub description: String,
    pub audience: String,
    pub how_to_apply: String,
    pub requirements: String,
    pub fees: String,
    pub handling_time: String,
    pub organisation: Organisation,
    pub department: Department,
    pub life_events: Vec<LifeEvent>,
    pub legal_basis: Vec<LegalBasis>,
    pub authorities: Vec<AuthorityLink>,
    pub related: Vec<ServiceSummary>,
    /// The form that carries this service online, if it has one.
    pub form: Option<String>,
    /// The kind of units (preschools, schools) the service is about, if any: its page links to
    /// them.
    pub units: Option<UnitKind>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub life_events: Vec<LifeEvent>,
    pub organisations: Vec<Organisation>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LifeEventPageData {
    pub life_event: LifeEvent,
    pub services: Vec<ServiceSummary>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganisationPageData {
    pub organisation: Organisation,
    pub departments: Vec<(Department, Vec<ServiceSummary>)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DepartmentPageData {
    pub department: Department,
    pub services: Vec<ServiceSummary>,
}

/// What a search found; `query` is the cleaned query the page shows back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: String,
    pub outcome: SearchOutcome,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SearchOutcome {
    /// Nothing searchable was typed.
    Empty,
    Found(Vec<ServiceSummary>),
}

#[cfg(feature = "ssr")]
fn state() -> Result<ssr::CatalogState, AppError> {
    ssr::CatalogState::from_context()
}

#[server(endpoint = "catalog/home")]
pub async fn fetch_home(lang: Lang) -> Result<HomeData, AppError> {
    let state = state()?;
    Ok(HomeData {
        life_events: ssr::store::life_events(&state.db, lang).await?,
        organisations: ssr::store::organisations(&state.db, lang).await?,
    })
}

#[server(endpoint = "catalog/life-events")]
pub async fn fetch_life_events(lang: Lang) -> Result<Vec<LifeEvent>, AppError> {
    ssr::store::life_events(&state()?.db, lang).await
}

#[server(endpoint = "catalog/life-event")]
pub async fn fetch_life_event(id: String, lang: Lang) -> Result<LifeEventPageData, AppError> {
    ssr::store::life_event_page(&state()?.db, &id, lang).await
}

#[server(endpoint = "catalog/organisations")]
pub async fn fetch_organisations(lang: Lang) -> Result<Vec<Organisation>, AppError> {
    ssr::store::organisations(&state()?.db, lang).await
}

#[server(endpoint = "catalog/organisation")]
pub async fn fetch_organisation(id: String, lang: Lang) -> Result<OrganisationPageData, AppError> {
    ssr::store::organisation_page(&state()?.db, &id, lang).await
}

#[server(endpoint = "catalog/department")]
pub async fn fetch_department(id: String, lang: Lang) -> Result<DepartmentPageData, AppError> {
    ssr::store::department_page(&state()?.db, &id, lang).await
}

#[server(endpoint = "catalog/service")]
pub async fn fetch_service(id: String, lang: Lang) -> Result<ServiceDetail, AppError> {
    let state = state()?;
    let detail =
        state.cache.services.get_or_load(&state.db, &id, lang, || ssr::store::service_detail(&state.db, &id, lang));
    Ok(ServiceDetail::clone(&*detail.await?))
}

#[server(endpoint = "catalog/search")]
pub async fn run_search(query: String, lang: Lang) -> Result<SearchResults, AppError> {
    let state = state()?;
    ssr::search::search(&state.db, &state.vocabulary, &query, lang).await
}
