//! What other capabilities may ask of the catalogue: a small read API over its storage, so
//! that they never reach into `catalog::ssr`. Forms ask who owns a service and how to reach
//! that organisation; cases will ask the same. Applications that rank preschools or schools
//! offer the units of a kind (`units`) and name the one chosen (`unit`).

use super::{ssr::store, Organisation, Unit, UnitKind};
use crate::{db::Db, error::AppError, i18n::Lang, on_db};

/// A service as another capability needs it: its name, the organisation and department
/// answering for it, and how its cases are handled if what is sent to it becomes one.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceOwner {
    pub service_name: String,
    pub organisation_id: String,
    pub department_id: String,
    pub case_handling: Option<CaseHandling>,
}

/// How a service's cases are handled, from the catalogue.
#[derive(Clone, Debug, PartialEq)]
pub struct CaseHandling {
    pub handling_days: i64,
    /// `standard` or `planning-act`.
    pub clock: String,
    /// The Secrecy Act provision that makes its cases confidential, if any.
    pub secrecy: Option<String>,
    /// The department's case number prefix and serial digits (`BN`, 4).
    pub prefix: String,
    pub serial_digits: i64,
}

/// The organisation with `id`, its name and contact details in `lang`.
pub async fn organisation(db: &Db, id: &str, lang: Lang) -> Result<Organisation, AppError> {
    store::organisation_by_id(db, id, lang).await
}

/// Every unit (preschool or school) of `kind`, in `lang`: by organisation, then by name as
/// Swedish readers sort. A form offering "rank up to three" picks from these (by `id`).
pub async fn units(db: &Db, kind: UnitKind, lang: Lang) -> Result<Vec<Unit>, AppError> {
    Ok(super::ssr::units::all_units(db, lang).await?.into_iter().filter(|unit| unit.kind == kind).collect())
}

/// The unit `id` in `lang`; [`AppError::NotFound`] when there is none (a unit once imported stays).
pub async fn unit(db: &Db, id: &str, lang: Lang) -> Result<Unit, AppError> {
    super::ssr::units::unit_by_id(db, id, lang).await
}

/// Who answers for the service `service_id`: [`AppError::NotFound`] when there is no such service.
pub async fn service_owner(db: &Db, service_id: &str, lang: Lang) -> Result<ServiceOwner, AppError> {
    type Row = (String, String, String, Option<i64>, String, Option<String>, String, i64);
    let row: Option<Row> = on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT t.name, d.organisation_id, d.id, s.case_handling_days, s.case_clock, s.case_secrecy, \
             d.case_prefix, d.case_serial_digits FROM services s JOIN departments d ON d.id = s.department_id \
             JOIN service_texts t ON t.service_id = s.id AND t.lang = $1 WHERE s.id = $2",
        )
        .bind(lang.code())
        .bind(service_id)
        .fetch_optional(pool)
        .await?
    });
    let (service_name, organisation_id, department_id, days, clock, secrecy, prefix, serial_digits) =
        row.ok_or(AppError::NotFound)?;
    let case_handling = days.map(|handling_days| CaseHandling { handling_days, clock, secrecy, prefix, serial_digits });
    Ok(ServiceOwner { service_name, organisation_id, department_id, case_handling })
}

/// The least level of assurance the service behind a page needs, if it states one: the page is
/// a service (`/tjanster/{id}`) or one of its form's pages (`/formular/{form}/…`).
pub async fn assurance_for_page(db: &Db, path: &str) -> Result<Option<u8>, AppError> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path.trim_start_matches('/').split('/');
    let (sql, id) = match (segments.next(), segments.next()) {
        (Some(crate::routes::SERVICES), Some(id)) => ("SELECT min_loa FROM services WHERE id = $1", id),
        (Some(crate::routes::FORMS), Some(form)) => ("SELECT min_loa FROM services WHERE form_id = $1", form),
        _ => return Ok(None),
    };
    let level: Option<Option<i64>> =
        on_db!(db, read, |pool| sqlx::query_scalar(sql).bind(id).fetch_optional(pool).await?);
    Ok(level.flatten().and_then(|level| u8::try_from(level).ok()))
}

/// The departments of organisation `id` in `lang`, as (id, name), by name.
pub async fn departments_of(db: &Db, organisation_id: &str, lang: Lang) -> Result<Vec<(String, String)>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT d.id, t.name FROM departments d JOIN department_texts t ON t.department_id = d.id AND t.lang = $1 \
             WHERE d.organisation_id = $2 ORDER BY t.name",
        )
        .bind(lang.code())
        .bind(organisation_id)
        .fetch_all(pool)
        .await?
    }))
}

/// The services of organisation `id` whose submissions become cases, as (id, name) in `lang`.
pub async fn case_services(db: &Db, organisation_id: &str, lang: Lang) -> Result<Vec<(String, String)>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT s.id, t.name FROM services s JOIN departments d ON d.id = s.department_id \
             JOIN service_texts t ON t.service_id = s.id AND t.lang = $1 \
             WHERE d.organisation_id = $2 AND s.case_handling_days IS NOT NULL ORDER BY t.name",
        )
        .bind(lang.code())
        .bind(organisation_id)
        .fetch_all(pool)
        .await?
    }))
}

/// Every organisation as (id, name) in `lang`, in the catalogue's order.
/// Every department as (id, name, organisation id), in the catalogue's order.
pub async fn department_names(db: &Db, lang: Lang) -> Result<Vec<(String, String, String)>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT d.id, t.name, d.organisation_id FROM departments d \
             JOIN department_texts t ON t.department_id = d.id AND t.lang = $1 \
             JOIN organisations o ON o.id = d.organisation_id ORDER BY o.sort_order, d.sort_order, t.name",
        )
        .bind(lang.code())
        .fetch_all(pool)
        .await?
    }))
}

pub async fn organisation_names(db: &Db, lang: Lang) -> Result<Vec<(String, String)>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT o.id, t.name FROM organisations o JOIN organisation_texts t ON t.organisation_id = o.id AND t.lang = $1 \
             ORDER BY o.sort_order, t.name",
        )
        .bind(lang.code())
        .fetch_all(pool)
        .await?
    }))
}
