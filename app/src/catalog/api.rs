//! What other capabilities may ask of the catalogue: a small read API over its storage, so
//! that they never reach into `catalog::ssr`. Forms ask who owns a service and how to reach
//! that organisation; cases will ask the same.

use super::{ssr::store, Organisation};
use crate::{db::Db, error::AppError, i18n::Lang, on_db};

/// A service as another capability needs it: its name and the organisation answering for it.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceOwner {
    pub service_name: String,
    pub organisation_id: String,
}

/// The organisation with `id`, its name and contact details in `lang`.
pub async fn organisation(db: &Db, id: &str, lang: Lang) -> Result<Organisation, AppError> {
    store::organisation_by_id(db, id, lang).await
}

/// Who answers for the service `service_id`: [`AppError::NotFound`] when there is no such service.
pub async fn service_owner(db: &Db, service_id: &str, lang: Lang) -> Result<ServiceOwner, AppError> {
    let row: Option<(String, String)> = on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT t.name, d.organisation_id FROM services s JOIN departments d ON d.id = s.department_id \
             JOIN service_texts t ON t.service_id = s.id AND t.lang = $1 WHERE s.id = $2",
        )
        .bind(lang.code())
        .bind(service_id)
        .fetch_optional(pool)
        .await?
    });
    let (service_name, organisation_id) = row.ok_or(AppError::NotFound)?;
    Ok(ServiceOwner { service_name, organisation_id })
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
