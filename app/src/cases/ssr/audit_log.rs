//! Searching the audit log (server side): only an organisation administrator, and only the
//! events of their own organisation — done by its staff, or to its cases or its staff. The
//! search itself is recorded as an event.

use super::CasesState;
use crate::{
    access::Role,
    audit,
    cases::audit_log::{AuditEntry, AuditPage, AuditSearch, ACTIONS},
    db::{Db, Timestamp},
    domain::date::{stockholm_time, SimpleDate},
    error::AppError,
    i18n::Lang,
    on_db,
};

const PAGE: i64 = 50;

crate::db_row! {
    struct Row {
        id: i64,
        at: Timestamp,
        actor: String,
        action: String,
        object: Option<String>,
        outcome: String,
        details: String,
        actor_name: Option<String>,
        case_id: Option<i64>,
        case_number: Option<String>,
        object_name: Option<String>,
    }
}

pub async fn search(search: AuditSearch, after: Option<String>, _lang: Lang) -> Result<AuditPage, AppError> {
    let state = CasesState::from_context()?;
    let actor = crate::access::current_actor();
    let member = actor.staff().ok_or(AppError::Unauthenticated)?;
    if !member.has_role(&member.organisation, Role::OrganisationAdmin) {
        return Err(AppError::Forbidden);
    }
    let organisation = member.organisation.clone();
    let staff: Vec<(i64, String)> = on_db!(&state.db, read, |pool| {
        sqlx::query_as("SELECT id, name FROM staff WHERE organisation_id = $1 ORDER BY name, id")
            .bind(&organisation)
            .fetch_all(pool)
            .await?
    });
    let mut problems = Vec::new();
    let mut clauses = vec!["(s.organisation_id = $1 OR c.organisation_id = $1 OR os.organisation_id = $1)".to_string()];
    let mut texts: Vec<String> = Vec::new();
    let mut times: Vec<i64> = Vec::new();
    // Text arguments come after $1, then times, then the id of the keyset.
    let number = search.case_number.trim().to_uppercase();
    if number.chars().count() > 30 {
        problems.push(("case_number".to_string(), "cases-problem-too-long".to_string()));
    } else if !number.is_empty() {
        let found: Option<i64> = on_db!(&state.db, read, |pool| {
            sqlx::query_scalar("SELECT id FROM cases WHERE organisation_id = $1 AND case_number = $2")
                .bind(&organisation)
                .bind(&number)
                .fetch_optional(pool)
                .await?
        });
        texts.push(format!("case:{}", found.unwrap_or(0)));
        clauses.push(format!("a.object = ${}", texts.len() + 1));
    }
    if let Some((id, _)) = staff.iter().find(|(id, _)| id.to_string() == search.staff) {
        texts.push(format!("staff:{id}"));
        clauses.push(format!("a.actor = ${}", texts.len() + 1));
    }
    if let Some(action) = ACTIONS.iter().find(|a| **a == search.action) {
        texts.push((*action).to_string());
        clauses.push(format!("a.action = ${}", texts.len() + 1));
    }
    let mut period = Vec::new();
    for (field, value, end) in [("from", &search.from, false), ("until", &search.until, true)] {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match SimpleDate::parse(value) {
            Some(day) => period.push((end, super::pages::day_start(if end { day.add_days(1) } else { day }))),
            None => problems.push((field.to_string(), "cases-problem-date".to_string())),
        }
    }
    let before = after.as_deref().and_then(|a| {
        let (at, id) = a.split_once('-')?;
        Some((at.parse::<i64>().ok()?, id.parse::<i64>().ok()?))
    });
    if !problems.is_empty() {
        return Ok(AuditPage { search, entries: Vec::new(), next: None, staff, problems });
    }
    let first_time = texts.len() + 2;
    for (i, (end, at)) in period.iter().enumerate() {
        times.push(*at);
        clauses.push(format!("a.at {} ${}", if *end { "<" } else { ">=" }, first_time + i));
    }
    if let Some((at, _)) = before {
        times.push(at);
        let at = first_time + times.len() - 1;
        let id_at = first_time + times.len();
        clauses.push(format!("(a.at < ${at} OR (a.at = ${at} AND a.id < ${id_at}))"));
    }
    let sql = format!(
        "SELECT a.id, a.at, a.actor, a.action, a.object, a.outcome, CAST(a.details AS TEXT) AS details, \
         s.name AS actor_name, c.id AS case_id, c.case_number, os.name AS object_name \
         FROM audit_events a \
         LEFT JOIN staff s ON s.id = CASE WHEN a.actor LIKE 'staff:%' THEN CAST(SUBSTR(a.actor, 7) AS BIGINT) END \
         LEFT JOIN cases c ON c.id = CASE WHEN a.object LIKE 'case:%' THEN CAST(SUBSTR(a.object, 6) AS BIGINT) END \
         LEFT JOIN staff os ON os.id = CASE WHEN a.object LIKE 'staff:%' THEN CAST(SUBSTR(a.object, 7) AS BIGINT) END \
         WHERE {} ORDER BY a.at DESC, a.id DESC LIMIT {}",
        clauses.join(" AND "),
        PAGE + 1
    );
    let mut rows: Vec<Row> = query(&state.db, &sql, &organisation, &texts, &times, before.map(|(_, id)| id)).await?;
    let next = (rows.len() as i64 > PAGE).then(|| {
        rows.truncate(PAGE as usize);
        rows.last().map(|r| format!("{}-{}", r.at.0, r.id)).unwrap_or_default()
    });
    let entries = rows
        .into_iter()
        .map(|r| AuditEntry {
            at: stockholm_time(r.at.0),
            actor: r.actor_name.unwrap_or(r.actor),
            step: (r.action == "case-change")
                .then(|| serde_json::from_str::<serde_json::Value>(&r.details).ok())
                .flatten()
                .and_then(|d| d["step"].as_str().map(str::to_string)),
            object: r.case_number.or(r.object_name).or(r.object).unwrap_or_default(),
            case_id: r.case_id,
            action: r.action,
            outcome: r.outcome,
        })
        .collect();
    audit::record_alone(
        &state.db,
        &audit::Event {
            at_ms: state.clock.now_ms(),
            actor: actor.audit_name(),
            action: "audit-search",
            object: None,
            outcome: "ok",
            details: serde_json::json!({}),
        },
    )
    .await?;
    Ok(AuditPage { search, entries, next, staff, problems })
}

async fn query(
    db: &Db,
    sql: &str,
    organisation: &str,
    texts: &[String],
    times: &[i64],
    id: Option<i64>,
) -> Result<Vec<Row>, AppError> {
    Ok(on_db!(db, read, |pool| {
        let mut query = sqlx::query_as::<_, Row>(sql).bind(organisation);
        for text in texts {
            query = query.bind(text);
        }
        for time in times {
            query = query.bind(Timestamp(*time));
        }
        if let Some(id) = id {
            query = query.bind(id);
        }
        query.fetch_all(pool).await?
    }))
}
