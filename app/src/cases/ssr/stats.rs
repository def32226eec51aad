//! What the statistics page and its CSV download load: per service, within the member's
//! organisation and departments, over a period. The same SQL on both backends.

use super::CasesState;
use crate::{
    access::Actor,
    cases::statistics::{median, StatRow, Statistics},
    db::{Db, Timestamp},
    domain::date::SimpleDate,
    error::AppError,
    i18n::Lang,
    on_db,
};
use axum::{
    extract::{Query, State},
    http::header,
    response::{IntoResponse, Redirect, Response},
    Extension,
};

const DAY_MS: i64 = 86_400_000;
const OPEN: &str = "('registered', 'assigned', 'in-progress', 'completion-requested', 'communicated')";

/// The period from what was typed: (from, until exclusive) in milliseconds, and the problems.
/// Empty: the last twelve months up to today.
fn period(from: &str, until: &str, today: SimpleDate) -> (i64, i64, String, String, Vec<(String, String)>) {
    let mut problems = Vec::new();
    let mut parse = |field: &str, text: &str, default: SimpleDate| match text.trim() {
        "" => default,
        typed => SimpleDate::parse(typed).unwrap_or_else(|| {
            problems.push((field.to_string(), "cases-problem-date".to_string()));
            default
        }),
    };
    let start = parse("from", from, today.add_days(-365));
    let end = parse("until", until, today);
    if problems.is_empty() && start > end {
        problems.push(("until".into(), "cases-problem-date-order".into()));
    }
    let shown = |text: &str, day: SimpleDate| {
        if text.trim().is_empty() {
            day.to_string()
        } else {
            text.trim().chars().take(30).collect()
        }
    };
    // Swedish days, near enough: an hour's difference at a day's edge does not move a statistic.
    let at = |day: SimpleDate| day.to_days() * DAY_MS - 3_600_000;
    (at(start), at(end.add_days(1)), shown(from, start), shown(until, end), problems)
}

/// The figures per service for `member`'s scope.
async fn figures(
    db: &Db,
    organisation: &str,
    departments: &Option<Vec<String>>,
    from: i64,
    until: i64,
    now: i64,
    lang: Lang,
) -> Result<Vec<StatRow>, AppError> {
    // $1 language, $2 organisation, $3 from, $4 until, $5 now, then the departments.
    let scope = match departments {
        None => String::new(),
        Some(list) if list.is_empty() => " AND 1 = 0".into(),
        Some(list) => {
            let marks: Vec<String> = (0..list.len()).map(|i| format!("${}", i + 6)).collect();
            format!(" AND c.department_id IN ({})", marks.join(", "))
        }
    };
    let sql = format!(
        "SELECT c.service_id, COALESCE(MAX(st.name), c.service_id), COALESCE(MAX(dt.name), c.department_id), \
         SUM(CASE WHEN c.received_at >= $3 AND c.received_at < $4 THEN 1 ELSE 0 END), \
         SUM(CASE WHEN c.decided_at >= $3 AND c.decided_at < $4 THEN 1 ELSE 0 END), \
         SUM(CASE WHEN c.decided_at >= $3 AND c.decided_at < $4 AND c.decided_at <= c.due_at THEN 1 ELSE 0 END), \
         SUM(CASE WHEN c.status IN {OPEN} THEN 1 ELSE 0 END), \
         SUM(CASE WHEN c.status IN {OPEN} AND c.paused_at IS NULL AND c.due_at < $5 THEN 1 ELSE 0 END) \
         FROM cases c \
         LEFT JOIN service_texts st ON st.service_id = c.service_id AND st.lang = $1 \
         LEFT JOIN department_texts dt ON dt.department_id = c.department_id AND dt.lang = $1 \
         WHERE c.organisation_id = $2{scope} GROUP BY c.service_id, c.department_id ORDER BY 2"
    );
    let durations_sql = format!(
        "SELECT c.service_id, c.received_at, c.decided_at FROM cases c WHERE c.organisation_id = $2{scope} \
         AND c.decided_at >= $3 AND c.decided_at < $4 AND $1 = $1 AND $5 = $5 LIMIT 500000"
    );
    type Figures = (String, String, String, i64, i64, i64, i64, i64);
    macro_rules! bound {
        ($query:expr) => {{
            let mut query = $query
                .bind(lang.code())
                .bind(organisation)
                .bind(Timestamp(from))
                .bind(Timestamp(until))
                .bind(Timestamp(now));
            for department in departments.iter().flatten() {
                query = query.bind(department.clone());
            }
            query
        }};
    }
    let rows: Vec<Figures> =
        on_db!(db, read, |pool| bound!(sqlx::query_as::<_, Figures>(&sql)).fetch_all(pool).await?);
    let durations: Vec<(String, Timestamp, Timestamp)> =
        on_db!(db, read, |pool| bound!(sqlx::query_as::<_, (String, Timestamp, Timestamp)>(&durations_sql))
            .fetch_all(pool)
            .await?);
    let mut days: std::collections::HashMap<String, Vec<f64>> = std::collections::HashMap::new();
    for (service, received, decided) in durations {
        days.entry(service).or_default().push((decided.0 - received.0) as f64 / DAY_MS as f64);
    }
    Ok(rows
        .into_iter()
        .map(|(id, service, department, received, decided, in_time, backlog, overdue)| StatRow {
            median_days: days.get_mut(&id).and_then(|d| median(d)),
            within_target: (decided > 0).then(|| 100.0 * in_time as f64 / decided as f64),
            service,
            department,
            received,
            decided,
            backlog,
            overdue,
        })
        .collect())
}

fn scope_of(actor: &Actor) -> Result<(String, Option<Vec<String>>), AppError> {
    let member = actor.staff().ok_or(AppError::Unauthenticated)?;
    let departments = member.case_departments();
    if departments.as_ref().is_some_and(Vec::is_empty) {
        return Err(AppError::Forbidden);
    }
    Ok((member.organisation.clone(), departments))
}

pub async fn statistics(from: String, until: String, lang: Lang) -> Result<Statistics, AppError> {
    let state = CasesState::from_context()?;
    let (organisation, departments) = scope_of(&crate::access::current_actor())?;
    let now = state.clock.now_ms();
    let today = SimpleDate::in_sweden_at(now.div_euclid(1000));
    let (start, end, from, until, problems) = period(&from, &until, today);
    let rows = if problems.is_empty() {
        figures(&state.db, &organisation, &departments, start, end, now, lang).await?
    } else {
        Vec::new()
    };
    Ok(Statistics { from, until, rows, problems })
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct PeriodQuery {
    #[serde(default)]
    fran: String,
    #[serde(default)]
    till: String,
}

/// `GET /handlaggare/statistik.csv?fran=…&till=…`: the same figures as a spreadsheet.
pub async fn get_statistics_csv(
    State(state): State<CasesState>,
    Extension(lang): Extension<Lang>,
    Extension(actor): Extension<Actor>,
    Query(query): Query<PeriodQuery>,
) -> Response {
    let (organisation, departments) = match scope_of(&actor) {
        Ok(scope) => scope,
        Err(AppError::Unauthenticated) => return Redirect::to(&crate::routes::staff_sign_in()).into_response(),
        Err(error) => return crate::error_page::response(&error, lang),
    };
    let now = state.clock.now_ms();
    let today = SimpleDate::in_sweden_at(now.div_euclid(1000));
    let (start, end, from, until, problems) = period(&query.fran, &query.till, today);
    if !problems.is_empty() {
        return crate::error_page::response(&AppError::BadRequest, lang);
    }
    let rows = match figures(&state.db, &organisation, &departments, start, end, now, lang).await {
        Ok(rows) => rows,
        Err(error) => return crate::error_page::response(&error, lang),
    };
    let mut csv = String::new();
    let header = [
        "stats-service",
        "stats-department",
        "stats-received",
        "stats-decided",
        "stats-median",
        "stats-within-target",
        "stats-backlog",
        "stats-overdue",
    ];
    csv.push_str(&header.iter().map(|id| cell(&lang.t(id))).collect::<Vec<_>>().join(";"));
    csv.push_str("\r\n");
    for r in rows {
        let line = [
            cell(&r.service),
            cell(&r.department),
            r.received.to_string(),
            r.decided.to_string(),
            r.median_days.map(|d| format!("{d:.1}")).unwrap_or_default(),
            r.within_target.map(|p| format!("{p:.1}")).unwrap_or_default(),
            r.backlog.to_string(),
            r.overdue.to_string(),
        ];
        csv.push_str(&line.join(";"));
        csv.push_str("\r\n");
    }
    let name = format!("attachment; filename=\"statistik-{}-{}.csv\"", safe(&from), safe(&until));
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, name),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        csv,
    )
        .into_response()
}

/// A CSV cell: quoted, quotes doubled, and a leading `=`, `+`, `-` or `@` defused (a
/// spreadsheet would take it for a formula).
fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text.to_string() };
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn safe(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_digit() || *c == '-').take(10).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(cell("Bygglov"), "\"Bygglov\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }

    #[test]
    fn the_period_defaults_to_the_last_year_and_names_a_bad_date() {
        let today = SimpleDate::new(2026, 11, 30).unwrap_or(SimpleDate::from_days(0));
        let (start, end, from, until, problems) = period("", "", today);
        assert!(problems.is_empty() && start < end);
        assert_eq!((from.as_str(), until.as_str()), ("2025-11-30", "2026-11-30"));
        let (_, _, from, _, problems) = period("i fjol", "", today);
        assert_eq!(problems, vec![("from".to_string(), "cases-problem-date".to_string())]);
        assert_eq!(from, "i fjol", "what was typed is kept");
        assert_eq!(period("2026-12-01", "2026-01-01", today).4.len(), 1);
    }
}
