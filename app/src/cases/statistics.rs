//! Statistics of cases for staff: per service and department, over a period — received,
//! decided, median handling time, the share decided within the handling time, the backlog and
//! the overdue cases now — as a table, a bar chart drawn on the server as SVG (with the same
//! figures in the table beside it, so nothing depends on seeing the chart), and a CSV download.

use crate::{
    error::AppError,
    i18n::Lang,
    layout::{load, Breadcrumbs},
    request::use_lang,
    routes,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// One service's figures.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatRow {
    pub service: String,
    pub department: String,
    pub received: i64,
    pub decided: i64,
    /// Median days from received to decided, of those decided in the period.
    pub median_days: Option<f64>,
    /// Per cent of those decided in the period that were decided within the handling time.
    pub within_target: Option<f64>,
    pub backlog: i64,
    pub overdue: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    /// The period as typed (`2026-01-01`).
    pub from: String,
    pub until: String,
    pub rows: Vec<StatRow>,
    /// (field, Fluent id).
    pub problems: Vec<(String, String)>,
}

#[server(endpoint = "cases/statistics")]
pub async fn fetch_statistics(from: String, until: String, lang: Lang) -> Result<Statistics, AppError> {
    super::ssr::stats::statistics(from, until, lang).await
}

/// The median of `values` (sorted here), or `None` when there are none.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[middle - 1] + values[middle]) / 2.0 } else { values[middle] })
}

/// `12.5` → `12,5` in Swedish, `12.5` in English; one decimal.
pub fn decimal(value: f64, lang: Lang) -> String {
    let text = format!("{value:.1}");
    if lang.code() == "sv" {
        text.replace('.', ",")
    } else {
        text
    }
}

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked().clone();
    let from = query.get("fran").unwrap_or_default();
    let until = query.get("till").unwrap_or_default();
    let data = Resource::new(|| (), move |_| fetch_statistics(from.clone(), until.clone(), lang));
    view! {
        <Breadcrumbs items=vec![
            (routes::staff_home(), lang.t("identity-staff-home")),
            (routes::staff_queue("mina"), lang.t("cases-back-office")),
        ]/>
        {load(data, move |stats: Statistics| view! { <StatisticsView stats/> })}
    }
}

#[component]
fn StatisticsView(stats: Statistics) -> impl IntoView {
    let lang = use_lang();
    let problem = |field: &str| stats.problems.iter().find(|(f, _)| f == field).map(|(_, id)| lang.t(id));
    let title = if stats.problems.is_empty() {
        lang.t("stats-title")
    } else {
        format!("{}: {}", lang.t("form-error-prefix"), lang.t("stats-title"))
    };
    let summary = (!stats.problems.is_empty()).then(|| {
        let problems = stats.problems.iter().map(|(field, id)| (format!("stats-{field}"), lang.t(id))).collect();
        view! { <crate::layout::ErrorSummary problems/> }
    });
    let field = |name: &'static str, value: String, label: String| {
        let p = problem(name);
        let id = format!("stats-{name}");
        let err = format!("{id}-error");
        view! {
            <div class=if p.is_some() { "form-group form-group--error" } else { "form-group" }>
                <label class="label" for=id.clone()>{label}</label>
                <p class="hint">{lang.t("cases-date-hint")}</p>
                {p.clone().map(|p| view! { <p class="error-message" id=err.clone() data-test="field-error">{p}</p> })}
                <input class="input input--width-10" id=id name=if name == "from" { "fran" } else { "till" } type="text"
                    inputmode="numeric" value=value aria-describedby=p.as_ref().map(|_| err.clone())/>
            </div>
        }
    };
    let csv = format!(
        "{}?fran={}&till={}",
        routes::staff_statistics_csv(),
        routes::percent_encode(&stats.from),
        routes::percent_encode(&stats.until)
    );
    let totals = stats
        .rows
        .iter()
        .fold((0, 0, 0, 0), |t, r| (t.0 + r.received, t.1 + r.decided, t.2 + r.backlog, t.3 + r.overdue));
    let rows = stats
        .rows
        .iter()
        .map(|r| {
            let dash = || "–".to_string();
            view! {
                <tr data-test="stats-row">
                    <th scope="row">{r.service.clone()}<br/><span class="hint">{r.department.clone()}</span></th>
                    <td class="numeric">{r.received}</td>
                    <td class="numeric">{r.decided}</td>
                    <td class="numeric">{r.median_days.map(|d| decimal(d, lang)).unwrap_or_else(dash)}</td>
                    <td class="numeric">{r.within_target.map(|p| format!("{} %", decimal(p, lang))).unwrap_or_else(dash)}</td>
                    <td class="numeric">{r.backlog}</td>
                    <td class="numeric">{r.overdue}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=title/>
        {summary}
        <h1>{lang.t("stats-title")}</h1>
        <p class="lead">{lang.t("stats-lead")}</p>
        <form method="get" action=routes::staff_statistics() novalidate data-test="stats-form">
            {field("from", stats.from.clone(), lang.t("stats-from"))}
            {field("until", stats.until.clone(), lang.t("stats-until"))}
            <button type="submit" class="button button--secondary" data-test="stats-submit">{lang.t("cases-filter-apply")}</button>
        </form>
        <dl class="summary-list" data-test="stats-totals">
            <div><dt>{lang.t("stats-received")}</dt><dd>{totals.0}</dd></div>
            <div><dt>{lang.t("stats-decided")}</dt><dd>{totals.1}</dd></div>
            <div><dt>{lang.t("stats-backlog")}</dt><dd>{totals.2}</dd></div>
            <div><dt>{lang.t("stats-overdue")}</dt><dd>{totals.3}</dd></div>
        </dl>
        {(!stats.rows.is_empty()).then(|| view! { <Chart rows=stats.rows.clone()/> })}
        <table class="table" data-test="stats-table">
            <caption>{lang.t("stats-table-caption")}</caption>
            <thead><tr>
                <th scope="col">{lang.t("stats-service")}</th>
                <th scope="col" class="numeric">{lang.t("stats-received")}</th>
                <th scope="col" class="numeric">{lang.t("stats-decided")}</th>
                <th scope="col" class="numeric">{lang.t("stats-median")}</th>
                <th scope="col" class="numeric">{lang.t("stats-within-target")}</th>
                <th scope="col" class="numeric">{lang.t("stats-backlog")}</th>
                <th scope="col" class="numeric">{lang.t("stats-overdue")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <p><a href=csv download="statistik.csv" data-test="stats-csv">{lang.t("stats-csv")}</a></p>
    }
}

/// Received and decided per service as horizontal bars, drawn as SVG on the server. The chart is
/// an image with a text alternative; the table below it holds the same figures.
#[component]
fn Chart(rows: Vec<StatRow>) -> impl IntoView {
    let lang = use_lang();
    const LABEL: i64 = 300;
    const WIDTH: i64 = 760;
    const BAR: i64 = 12;
    const ROW: i64 = 34;
    let shown: Vec<StatRow> = rows.into_iter().take(20).collect();
    let max = shown.iter().map(|r| r.received.max(r.decided)).max().unwrap_or(1).max(1);
    let scale = |value: i64| (value * (WIDTH - LABEL - 60)) / max;
    let height = 40 + ROW * shown.len() as i64;
    let bars = shown
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = 30 + ROW * i as i64;
            let name: String = r.service.chars().take(40).collect();
            view! {
                <g>
                    <text x="0" y=(y + 16).to_string() font-size="13" fill="#0b0c0c">{name}</text>
                    <rect x=LABEL.to_string() y=y.to_string() width=scale(r.received).max(1).to_string() height=BAR.to_string() fill="#1d70b8"/>
                    <text x=(LABEL + scale(r.received) + 6).to_string() y=(y + 10).to_string() font-size="11" fill="#0b0c0c">{r.received}</text>
                    <rect x=LABEL.to_string() y=(y + BAR + 2).to_string() width=scale(r.decided).max(1).to_string() height=BAR.to_string() fill="#00703c"/>
                    <text x=(LABEL + scale(r.decided) + 6).to_string() y=(y + 2 * BAR + 1).to_string() font-size="11" fill="#0b0c0c">{r.decided}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" data-test="stats-chart">
            <svg role="img" aria-labelledby="stats-chart-title stats-chart-desc" viewBox=format!("0 0 {WIDTH} {height}") width="100%" xmlns="http://www.w3.org/2000/svg">
                <title id="stats-chart-title">{lang.t("stats-chart-title")}</title>
                <desc id="stats-chart-desc">{lang.t("stats-chart-desc")}</desc>
                <rect x=LABEL.to_string() y="4" width="12" height="12" fill="#1d70b8"/>
                <text x=(LABEL + 18).to_string() y="14" font-size="12" fill="#0b0c0c">{lang.t("stats-received")}</text>
                <rect x=(LABEL + 140).to_string() y="4" width="12" height="12" fill="#00703c"/>
                <text x=(LABEL + 158).to_string() y="14" font-size="12" fill="#0b0c0c">{lang.t("stats-decided")}</text>
                {bars}
            </svg>
            <figcaption class="hint">{lang.t("stats-chart-desc")}</figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_value_or_the_mean_of_the_two_middle_ones() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [5.0]), Some(5.0));
        assert_eq!(median(&mut [9.0, 1.0, 5.0]), Some(5.0));
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(decimal(2.5, Lang::default()), "2,5");
    }
}
