//! Catalogue queries. Each runs unchanged on SQLite and PostgreSQL; lists are sorted in Rust
//! so both backends give the same (Swedish) alphabetical order.

use crate::{catalog::*, db::Db, error::AppError, i18n::Lang, on_db};

crate::db_row! {
    struct SummaryRow {
        id: String,
        name: String,
        summary: String,
        level: String,
        organisation_id: String,
        organisation_name: String,
    }
}

impl From<SummaryRow> for ServiceSummary {
    fn from(r: SummaryRow) -> Self {
        ServiceSummary {
            id: r.id,
            name: r.name,
            summary: r.summary,
            level: Level::parse(&r.level).unwrap_or(Level::Information),
            organisation_id: r.organisation_id,
            organisation_name: r.organisation_name,
        }
    }
}

const SUMMARY_SELECT: &str = "SELECT s.id, st.name, st.summary, s.level, d.organisation_id, \
     ot.name AS organisation_name \
     FROM services s \
     JOIN service_texts st ON st.service_id = s.id AND st.lang = $1 \
     JOIN departments d ON d.id = s.department_id \
     JOIN organisation_texts ot ON ot.organisation_id = d.organisation_id AND ot.lang = $1";

/// Sort key that puts å, ä, ö after z as Swedish readers expect, on every backend.
pub fn sort_key(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' => '{',
            'ä' | 'æ' => '|',
            'ö' | 'ø' => '}',
            'é' | 'è' => 'e',
            'ü' => 'y',
            c => c,
        })
        .collect()
}

fn sorted(mut services: Vec<ServiceSummary>) -> Vec<ServiceSummary> {
    services.sort_by_cached_key(|s| sort_key(&s.name));
    services
}

async fn summaries(db: &Db, lang: Lang, filter: &str, arg: Option<&str>) -> Result<Vec<ServiceSummary>, AppError> {
    let sql = format!("{SUMMARY_SELECT} {filter}");
    let rows: Vec<SummaryRow> = on_db!(db, read, |pool| {
        let q = sqlx::query_as::<_, SummaryRow>(&sql).bind(lang.code());
        let q = match arg {
            Some(a) => q.bind(a.to_string()),
            None => q,
        };
        q.fetch_all(pool).await?
    });
    Ok(sorted(rows.into_iter().map(Into::into).collect()))
}

/// Services filtered for the machine-readable catalogue (`/api/v1/services`).
pub async fn services_filtered(
    db: &Db,
    lang: Lang,
    organisation: Option<&str>,
    life_event: Option<&str>,
) -> Result<Vec<ServiceSummary>, AppError> {
    let all = match (organisation, life_event) {
        (_, Some(event)) => {
            summaries(
                db,
                lang,
                "WHERE s.id IN (SELECT service_id FROM service_life_events WHERE life_event_id = $2)",
                Some(event),
            )
            .await?
        }
        (Some(org), None) => summaries(db, lang, "WHERE d.organisation_id = $2", Some(org)).await?,
        (None, None) => summaries(db, lang, "", None).await?,
    };
    Ok(match (organisation, life_event) {
        (Some(org), Some(_)) => all.into_iter().filter(|s| s.organisation_id == org).collect(),
        _ => all,
    })
}

/// Services of the given ids, in the given order (search results, related services).
pub async fn summaries_by_ids(db: &Db, lang: Lang, ids: &[String]) -> Result<Vec<ServiceSummary>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    // One placeholder per id ($2, $3, …): both backends bind them positionally.
    let placeholders: Vec<String> = (0..ids.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!("{SUMMARY_SELECT} WHERE s.id IN ({})", placeholders.join(", "));
    let rows: Vec<SummaryRow> = on_db!(db, read, |pool| {
        let mut q = sqlx::query_as::<_, SummaryRow>(&sql).bind(lang.code());
        for id in ids {
            q = q.bind(id);
        }
        q.fetch_all(pool).await?
    });
    let mut by_id: std::collections::HashMap<String, ServiceSummary> =
        rows.into_iter().map(|r| (r.id.clone(), r.into())).collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

crate::db_row! {
    struct LifeEventRow {
        id: String,
        name: String,
        description: String,
    }
}

impl From<LifeEventRow> for LifeEvent {
    fn from(r: LifeEventRow) -> Self {
        LifeEvent { id: r.id, name: r.name, description: r.description }
    }
}

pub async fn life_events(db: &Db, lang: Lang) -> Result<Vec<LifeEvent>, AppError> {
    let rows: Vec<LifeEventRow> = on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT e.id, t.name, t.description FROM life_events e \
             JOIN life_event_texts t ON t.life_event_id = e.id AND t.lang = $1 \
             ORDER BY e.sort_order, e.id",
        )
        .bind(lang.code())
        .fetch_all(pool)
        .await?
    });
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn life_event_page(db: &Db, id: &str, lang: Lang) -> Result<LifeEventPageData, AppError> {
    let row: Option<LifeEventRow> = on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT e.id, t.name, t.description FROM life_events e \
             JOIN life_event_texts t ON t.life_event_id = e.id AND t.lang = $1 WHERE e.id = $2",
        )
        .bind(lang.code())
        .bind(id)
        .fetch_optional(pool)
        .await?
    });
    let life_event: LifeEvent = row.ok_or(AppError::NotFound)?.into();
    let services = services_filtered(db, lang, None, Some(id)).await?;
    Ok(LifeEventPageData { life_event, services })
}

crate::db_row! {
    struct OrganisationRow {
        id: String,
        kind: String,
        name: String,
        description: String,
        website: String,
        address: String,
        email: String,
        phone: String,
        opening_hours: String,
    }
}

impl From<OrganisationRow> for Organisation {
    fn from(r: OrganisationRow) -> Self {
        Organisation {
            id: r.id,
            kind: r.kind,
            name: r.name,
            description: r.description,
            website: r.website,
            address: r.address,
            contact: Contact { email: r.email, phone: r.phone, opening_hours: r.opening_hours },
        }
    }
}

const ORGANISATION_SELECT: &str = "SELECT o.id, o.kind, t.name, t.description, o.website, o.address, \
     o.email, o.phone, t.opening_hours FROM organisations o \
     JOIN organisation_texts t ON t.organisation_id = o.id AND t.lang = $1";

pub async fn organisations(db: &Db, lang: Lang) -> Result<Vec<Organisation>, AppError> {
    let sql = format!("{ORGANISATION_SELECT} ORDER BY o.sort_order, o.id");
    let rows: Vec<OrganisationRow> =
        on_db!(db, read, |pool| sqlx::query_as(&sql).bind(lang.code()).fetch_all(pool).await?);
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn organisation_by_id(db: &Db, id: &str, lang: Lang) -> Result<Organisation, AppError> {
    let sql = format!("{ORGANISATION_SELECT} WHERE o.id = $2");
    let row: Option<OrganisationRow> =
        on_db!(db, read, |pool| { sqlx::query_as(&sql).bind(lang.code()).bind(id).fetch_optional(pool).await? });
    Ok(row.ok_or(AppError::NotFound)?.into())
}

crate::db_row! {
    struct DepartmentRow {
        id: String,
        organisation_id: String,
        organisation_name: String,
        name: String,
        description: String,
        email: String,
        phone: String,
        opening_hours: String,
    }
}

impl From<DepartmentRow> for Department {
    fn from(r: DepartmentRow) -> Self {
        Department {
            id: r.id,
            organisation_id: r.organisation_id,
            organisation_name: r.organisation_name,
            name: r.name,
            description: r.description,
            contact: Contact { email: r.email, phone: r.phone, opening_hours: r.opening_hours },
        }
    }
}

const DEPARTMENT_SELECT: &str = "SELECT d.id, d.organisation_id, ot.name AS organisation_name, \
     t.name, t.description, d.email, d.phone, t.opening_hours FROM departments d \
     JOIN department_texts t ON t.department_id = d.id AND t.lang = $1 \
     JOIN organisation_texts ot ON ot.organisation_id = d.organisation_id AND ot.lang = $1";

async fn department_by_id(db: &Db, id: &str, lang: Lang) -> Result<Department, AppError> {
    let sql = format!("{DEPARTMENT_SELECT} WHERE d.id = $2");
    let row: Option<DepartmentRow> =
        on_db!(db, read, |pool| { sqlx::query_as(&sql).bind(lang.code()).bind(id).fetch_optional(pool).await? });
    Ok(row.ok_or(AppError::NotFound)?.into())
}

pub async fn organisation_page(db: &Db, id: &str, lang: Lang) -> Result<OrganisationPageData, AppError> {
    let organisation = organisation_by_id(db, id, lang).await?;
    let sql = format!("{DEPARTMENT_SELECT} WHERE d.organisation_id = $2 ORDER BY d.sort_order, d.id");
    let rows: Vec<DepartmentRow> =
        on_db!(db, read, |pool| { sqlx::query_as(&sql).bind(lang.code()).bind(id).fetch_all(pool).await? });
    let services = summaries(db, lang, "WHERE d.organisation_id = $2", Some(id)).await?;
    let department_ids = department_of_services(db, id).await?;
    let departments = rows
        .into_iter()
        .map(|row| {
            let department: Department = row.into();
            let own = services.iter().filter(|s| department_ids.get(&s.id) == Some(&department.id)).cloned().collect();
            (department, own)
        })
        .collect();
    Ok(OrganisationPageData { organisation, departments })
}

async fn department_of_services(
    db: &Db,
    organisation_id: &str,
) -> Result<std::collections::HashMap<String, String>, AppError> {
    let rows: Vec<(String, String)> = on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT s.id, s.department_id FROM services s JOIN departments d ON d.id = s.department_id \
             WHERE d.organisation_id = $1",
        )
        .bind(organisation_id)
        .fetch_all(pool)
        .await?
    });
    Ok(rows.into_iter().collect())
}

pub async fn department_page(db: &Db, id: &str, lang: Lang) -> Result<DepartmentPageData, AppError> {
    let department = department_by_id(db, id, lang).await?;
    let services = summaries(db, lang, "WHERE s.department_id = $2", Some(id)).await?;
    Ok(DepartmentPageData { department, services })
}

crate::db_row! {
    struct ServiceRow {
        id: String,
        department_id: String,
        organisation_id: String,
        level: String,
        name: String,
        summary: String,
        description: String,
        audience: String,
        how_to_apply: String,
        requirements: String,
        fees: String,
        handling_time: String,
        form_id: Option<String>,
        unit_kind: Option<String>,
    }
}

crate::db_row! {
    struct AuthorityRow {
        organisation_id: Option<String>,
        organisation_name: Option<String>,
        name: Option<String>,
        url: Option<String>,
        role: String,
    }
}

pub async fn service_detail(db: &Db, id: &str, lang: Lang) -> Result<ServiceDetail, AppError> {
    let l = lang.code();
    let row: Option<ServiceRow> = on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT s.id, s.department_id, d.organisation_id, s.level, t.name, t.summary, t.description, \
             t.audience, t.how_to_apply, t.requirements, t.fees, t.handling_time, s.form_id, s.unit_kind \
             FROM services s JOIN service_texts t ON t.service_id = s.id AND t.lang = $1 \
             JOIN departments d ON d.id = s.department_id WHERE s.id = $2",
        )
        .bind(l)
        .bind(id)
        .fetch_optional(pool)
        .await?
    });
    let row = row.ok_or(AppError::NotFound)?;
    let organisation = organisation_by_id(db, &row.organisation_id, lang).await?;
    let department = department_by_id(db, &row.department_id, lang).await?;
    let life_event_rows: Vec<LifeEventRow> = on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT e.id, t.name, t.description FROM service_life_events se \
             JOIN life_events e ON e.id = se.life_event_id \
             JOIN life_event_texts t ON t.life_event_id = e.id AND t.lang = $1 \
             WHERE se.service_id = $2 ORDER BY e.sort_order",
        )
        .bind(l)
        .bind(id)
        .fetch_all(pool)
        .await?
    });
    let legal_basis: Vec<(String, String)> = on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT title, url FROM service_legal_basis WHERE service_id = $2 AND lang = $1 ORDER BY position",
        )
        .bind(l)
        .bind(id)
        .fetch_all(pool)
        .await?
    });
    let authority_rows: Vec<AuthorityRow> = on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT a.organisation_id, ot.name AS organisation_name, a.name, a.url, a.role \
             FROM service_authorities a \
             LEFT JOIN organisation_texts ot ON ot.organisation_id = a.organisation_id AND ot.lang = $1 \
             WHERE a.service_id = $2 AND a.lang = $1 ORDER BY a.position",
        )
        .bind(l)
        .bind(id)
        .fetch_all(pool)
        .await?
    });
    let related_ids: Vec<(String,)> = on_db!(db, read, |pool| {
        sqlx::query_as("SELECT related_id FROM service_related WHERE service_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(pool)
            .await?
    });
    let related_ids: Vec<String> = related_ids.into_iter().map(|(r,)| r).collect();
    let related = summaries_by_ids(db, lang, &related_ids).await?;
    Ok(ServiceDetail {
        form: row.form_id,
        units: row.unit_kind.as_deref().and_then(UnitKind::parse),
        id: row.id,
        level: Level::parse(&row.level).unwrap_or(Level::Information),
        name: row.name,
        summary: row.summary,
        description: row.description,
        audience: row.audience,
        how_to_apply: row.how_to_apply,
        requirements: row.requirements,
        fees: row.fees,
        handling_time: row.handling_time,
        organisation,
        department,
        life_events: life_event_rows.into_iter().map(Into::into).collect(),
        legal_basis: legal_basis.into_iter().map(|(title, url)| LegalBasis { title, url }).collect(),
        authorities: authority_rows
            .into_iter()
            .map(|a| match a.organisation_id {
                Some(org) => AuthorityLink {
                    name: a.organisation_name.unwrap_or_else(|| org.clone()),
                    url: crate::routes::organisation(&org),
                    internal: true,
                    role: a.role,
                },
                None => AuthorityLink {
                    name: a.name.unwrap_or_default(),
                    url: a.url.unwrap_or_default(),
                    internal: false,
                    role: a.role,
                },
            })
            .collect(),
        related,
    })
}

/// The current catalogue version; bumped by every import.
pub async fn catalog_version(db: &Db) -> Result<i64, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_scalar("SELECT version FROM catalog_meta WHERE id = 1").fetch_one(pool).await?
    }))
}

#[cfg(test)]
mod tests {
    use super::sort_key;

    #[test]
    fn swedish_letters_sort_after_z() {
        let mut names = vec!["Öppen förskola", "Avfall", "Ängsskötsel", "Zon", "Åtgärd"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, vec!["Avfall", "Zon", "Åtgärd", "Ängsskötsel", "Öppen förskola"]);
    }
}
