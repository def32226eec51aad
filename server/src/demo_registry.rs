//! The demo registry: a small population registry and company registry that answer the
//! registry contract (`app::registry::paths`) from `content/demo-registry.toml`, mounted under
//! `/demo/register` only in demo configuration, outside the portal's own middleware (no session,
//! no page cache, no request log: it stands for a service of another authority). The portal's
//! HTTP adapter talks to it exactly as it would to a real registry; the contract tests run
//! against it.

use app::registry::{
    paths, Address, ChildRecord, CompanyRecord, CompanyStatus, CompanySummary, GuardianRecord, Lookup, PersonRecord,
    Signatory,
};
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
    Json, Router,
};
use serde::Deserialize;
use std::{collections::HashMap, path::Path, sync::Arc};

/// Where the demo registry is mounted.
pub const PREFIX: &str = "/demo/register";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    #[serde(default)]
    person: Vec<FixturePerson>,
    #[serde(default)]
    company: Vec<FixtureCompany>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixturePerson {
    pin: String,
    given_name: String,
    family_name: String,
    #[serde(default)]
    address: Option<Address>,
    #[serde(default)]
    protected: bool,
    /// The children in this person's custody.
    #[serde(default)]
    children: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureCompany {
    org_no: String,
    name: String,
    status: CompanyStatus,
    #[serde(default)]
    address: Option<Address>,
    #[serde(default)]
    signatories: Vec<String>,
}

/// The registry's data, indexed.
#[derive(Debug, Default)]
pub struct DemoRegistry {
    persons: HashMap<String, FixturePerson>,
    companies: Vec<FixtureCompany>,
}

impl DemoRegistry {
    /// Reads and checks `demo-registry.toml` in `content_dir`: every number parses, every child
    /// and signatory is a person of the file.
    pub fn load(content_dir: &Path) -> Result<DemoRegistry, String> {
        let path = content_dir.join("demo-registry.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let fixture: Fixture = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let today = app::domain::date::SimpleDate::today_in_sweden();
        let mut persons = HashMap::new();
        for person in fixture.person {
            if app::domain::identity::PersonalIdentityNumber::parse(&person.pin, today).is_none() {
                return Err(format!(
                    "{}: person {}… is not a personal identity number",
                    path.display(),
                    &person.pin[..8.min(person.pin.len())]
                ));
            }
            persons.insert(person.pin.clone(), person);
        }
        for person in persons.values() {
            if let Some(child) = person.children.iter().find(|child| !persons.contains_key(*child)) {
                return Err(format!(
                    "{}: a child of {} is not a person of the file ({}…)",
                    path.display(),
                    person.given_name,
                    &child[..8.min(child.len())]
                ));
            }
        }
        for company in &fixture.company {
            if app::domain::identity::OrganisationNumber::parse(&company.org_no).is_none() {
                return Err(format!("{}: {} is not an organisation number", path.display(), company.org_no));
            }
            if company.signatories.iter().any(|pin| !persons.contains_key(pin)) {
                return Err(format!("{}: a signatory of {} is not a person of the file", path.display(), company.name));
            }
        }
        Ok(DemoRegistry { persons, companies: fixture.company })
    }

    fn person(&self, pin: &str) -> Option<PersonRecord> {
        let person = self.persons.get(pin)?;
        Some(PersonRecord {
            pin: person.pin.clone(),
            given_name: person.given_name.clone(),
            family_name: person.family_name.clone(),
            address: if person.protected { None } else { person.address.clone() },
            protected: person.protected,
        })
    }

    fn children(&self, pin: &str) -> Option<Vec<ChildRecord>> {
        let person = self.persons.get(pin)?;
        Some(
            person
                .children
                .iter()
                .filter_map(|child| self.persons.get(child))
                .map(|child| ChildRecord {
                    pin: child.pin.clone(),
                    given_name: child.given_name.clone(),
                    family_name: child.family_name.clone(),
                    protected: child.protected,
                })
                .collect(),
        )
    }

    /// The persons of the file who list `pin` among their children, in number order.
    fn guardians(&self, pin: &str) -> Option<Vec<GuardianRecord>> {
        self.persons.get(pin)?;
        let mut guardians: Vec<GuardianRecord> = self
            .persons
            .values()
            .filter(|person| person.children.iter().any(|child| child == pin))
            .map(|person| GuardianRecord {
                pin: person.pin.clone(),
                given_name: person.given_name.clone(),
                family_name: person.family_name.clone(),
            })
            .collect();
        guardians.sort_by(|a, b| a.pin.cmp(&b.pin));
        Some(guardians)
    }

    fn company(&self, org_no: &str) -> Option<CompanyRecord> {
        let company = self.companies.iter().find(|company| company.org_no == org_no)?;
        Some(CompanyRecord {
            org_no: company.org_no.clone(),
            name: company.name.clone(),
            status: company.status,
            address: company.address.clone(),
            signatories: company
                .signatories
                .iter()
                .filter_map(|pin| self.persons.get(pin))
                .map(|person| Signatory {
                    pin: person.pin.clone(),
                    name: format!("{} {}", person.given_name, person.family_name),
                })
                .collect(),
        })
    }

    fn companies_signed_by(&self, pin: &str) -> Option<Vec<CompanySummary>> {
        self.persons.get(pin)?;
        Some(
            self.companies
                .iter()
                .filter(|company| company.signatories.iter().any(|signatory| signatory == pin))
                .map(|company| CompanySummary {
                    org_no: company.org_no.clone(),
                    name: company.name.clone(),
                    status: company.status,
                })
                .collect(),
        )
    }
}

/// The demo registry's routes, under [`PREFIX`].
pub fn router(registry: DemoRegistry) -> Router {
    let registry = Arc::new(registry);
    let answer = |found: Option<Response>| found.unwrap_or_else(|| StatusCode::NOT_FOUND.into_response());
    Router::new()
        .route(
            &format!("{PREFIX}{}", paths::PERSON),
            post(move |State(r): State<Arc<DemoRegistry>>, Json(q): Json<Lookup>| async move {
                answer(r.person(&q.number).map(|p| Json(p).into_response()))
            }),
        )
        .route(
            &format!("{PREFIX}{}", paths::CHILDREN),
            post(move |State(r): State<Arc<DemoRegistry>>, Json(q): Json<Lookup>| async move {
                answer(r.children(&q.number).map(|c| Json(c).into_response()))
            }),
        )
        .route(
            &format!("{PREFIX}{}", paths::GUARDIANS),
            post(move |State(r): State<Arc<DemoRegistry>>, Json(q): Json<Lookup>| async move {
                answer(r.guardians(&q.number).map(|g| Json(g).into_response()))
            }),
        )
        .route(
            &format!("{PREFIX}{}", paths::COMPANY),
            post(move |State(r): State<Arc<DemoRegistry>>, Json(q): Json<Lookup>| async move {
                answer(r.company(&q.number).map(|c| Json(c).into_response()))
            }),
        )
        .route(
            &format!("{PREFIX}{}", paths::COMPANIES_SIGNED_BY),
            post(move |State(r): State<Arc<DemoRegistry>>, Json(q): Json<Lookup>| async move {
                answer(r.companies_signed_by(&q.number).map(|c| Json(c).into_response()))
            }),
        )
        // A question is a number; anything bigger is refused unread.
        .layer(axum::extract::DefaultBodyLimit::max(1024))
        .with_state(registry)
}
