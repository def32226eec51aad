//! The audit log for an organisation's administrators: every change and every read of a case,
//! and every sign-in and role change of the organisation's staff, searchable by case number,
//! member of staff, kind of event and date. Actors are shown by name for staff and as a
//! pseudonym for residents (`person:12`); no row holds a personal identity number.

use crate::{
    error::AppError,
    i18n::Lang,
    layout::{load, Breadcrumbs, ErrorSummary},
    request::use_lang,
    routes,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// The search form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditSearch {
    pub case_number: String,
    /// A staff id, or empty for anyone.
    pub staff: String,
    /// An action code, or empty for every kind.
    pub action: String,
    pub from: String,
    pub until: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// `2026-11-30 14:05`, Swedish time.
    pub at: String,
    /// A member of staff's name, or the pseudonym (`person:12`, `system`).
    pub actor: String,
    pub action: String,
    /// A case's number, a member of staff's name, or the object as stored.
    pub object: String,
    /// The case's page when the object is a case.
    pub case_id: Option<i64>,
    /// For a change of a case: the step (`assigned`).
    pub step: Option<String>,
    pub outcome: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub search: AuditSearch,
    pub entries: Vec<AuditEntry>,
    /// The next page's position (`efter`).
    pub next: Option<String>,
    /// The organisation's staff (id, name), to search by.
    pub staff: Vec<(i64, String)>,
    /// (field, Fluent id).
    pub problems: Vec<(String, String)>,
}

/// The kinds of event one may search for.
pub const ACTIONS: [&str; 10] = [
    "case-register",
    "case-receive",
    "case-read",
    "case-change",
    "case-answer",
    "referral-answer",
    "staff-sign-in",
    "role-grant",
    "role-remove",
    "audit-search",
];

#[server(endpoint = "cases/audit")]
pub async fn fetch_audit(search: AuditSearch, after: Option<String>, lang: Lang) -> Result<AuditPage, AppError> {
    super::ssr::audit_log::search(search, after, lang).await
}

fn query(name: &str) -> String {
    use_query_map().read_untracked().get(name).unwrap_or_default()
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let lang = use_lang();
    let search = AuditSearch {
        case_number: query("diarienummer"),
        staff: query("handlaggare"),
        action: query("handelse"),
        from: query("fran"),
        until: query("till"),
    };
    let after = Some(query("efter")).filter(|a| !a.is_empty());
    let data = Resource::new(|| (), move |_| fetch_audit(search.clone(), after.clone(), lang));
    view! {
        <Breadcrumbs items=vec![(routes::staff_home(), lang.t("identity-staff-home"))]/>
        {load(data, move |page: AuditPage| view! { <AuditLog page/> })}
    }
}

#[component]
fn AuditLog(page: AuditPage) -> impl IntoView {
    let lang = use_lang();
    let s = page.search.clone();
    let problem = |field: &str| page.problems.iter().find(|(f, _)| f == field).map(|(_, id)| lang.t(id));
    let title = if page.problems.is_empty() {
        lang.t("audit-title")
    } else {
        format!("{}: {}", lang.t("form-error-prefix"), lang.t("audit-title"))
    };
    let summary = (!page.problems.is_empty()).then(|| {
        let problems = page.problems.iter().map(|(field, id)| (format!("audit-{field}"), lang.t(id))).collect();
        view! { <ErrorSummary problems/> }
    });
    let input = |field: &'static str, name: &'static str, label: String, value: String| {
        let p = problem(field);
        let id = format!("audit-{field}");
        let error = format!("{id}-error");
        view! {
            <div class=if p.is_some() { "form-group form-group--error" } else { "form-group" }>
                <label class="label" for=id.clone()>{label}</label>
                {p.clone().map(|p| view! { <p class="error-message" id=error.clone() data-test="field-error">{p}</p> })}
                <input class="input input--width-10" id=id name=name type="text" value=value
                    aria-describedby=p.as_ref().map(|_| error.clone()) data-test=format!("audit-{field}")/>
            </div>
        }
    };
    let staff_options = page
        .staff
        .iter()
        .map(|(id, name)| view! { <option value=id.to_string() selected=s.staff == id.to_string()>{name.clone()}</option> })
        .collect_view();
    let action_options = ACTIONS
        .iter()
        .map(|a| view! { <option value=*a selected=s.action == *a>{lang.t(&format!("audit-action-{a}"))}</option> })
        .collect_view();
    let rows = page
        .entries
        .iter()
        .map(|e| {
            let object = match e.case_id {
                Some(id) => view! { <a href=routes::staff_case(id)>{e.object.clone()}</a> }.into_any(),
                None => view! { {e.object.clone()} }.into_any(),
            };
            let step = e
                .step
                .clone()
                .map(|step| view! { <br/><span class="hint">{lang.t(&format!("cases-event-{step}"))}</span> });
            view! {
                <tr data-test="audit-entry">
                    <td>{e.at.clone()}</td>
                    <td>{e.actor.clone()}</td>
                    <td>{lang.t(&format!("audit-action-{}", e.action))}{step}</td>
                    <td>{object}</td>
                    <td>{if e.outcome == "ok" { lang.t("audit-outcome-ok") } else { e.outcome.clone() }}</td>
                </tr>
            }
        })
        .collect_view();
    let next = page.next.clone().map(|cursor| {
        let mut address = format!("{}?efter={cursor}", routes::staff_audit());
        for (key, value) in [
            ("diarienummer", &s.case_number),
            ("handlaggare", &s.staff),
            ("handelse", &s.action),
            ("fran", &s.from),
            ("till", &s.until),
        ] {
            if !value.is_empty() {
                address.push_str(&format!("&{key}={}", routes::percent_encode(value)));
            }
        }
        view! { <p><a href=address rel="next" data-test="audit-next">{lang.t("cases-next-page")}</a></p> }
    });
    let empty = (page.entries.is_empty() && page.problems.is_empty())
        .then(|| view! { <p data-test="audit-empty">{lang.t("audit-empty")}</p> });
    let table = (!page.entries.is_empty()).then(|| {
        view! {
            <table class="table" data-test="audit-table">
                <caption class="visually-hidden">{lang.t("audit-title")}</caption>
                <thead><tr>
                    <th scope="col">{lang.t("audit-when")}</th>
                    <th scope="col">{lang.t("audit-who")}</th>
                    <th scope="col">{lang.t("audit-what")}</th>
                    <th scope="col">{lang.t("audit-object")}</th>
                    <th scope="col">{lang.t("audit-outcome")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    view! {
        <Title text=title/>
        {summary}
        <h1>{lang.t("audit-title")}</h1>
        <p class="lead">{lang.t("audit-lead")}</p>
        <form method="get" action=routes::staff_audit() class="filter" novalidate data-test="audit-search">
            {input("case_number", "diarienummer", lang.t("cases-number"), s.case_number.clone())}
            <div class="form-group">
                <label class="label" for="audit-staff">{lang.t("audit-who")}</label>
                <select class="input" id="audit-staff" name="handlaggare" data-test="audit-staff">
                    <option value="">{lang.t("cases-filter-all")}</option>
                    {staff_options}
                </select>
            </div>
            <div class="form-group">
                <label class="label" for="audit-action">{lang.t("audit-what")}</label>
                <select class="input" id="audit-action" name="handelse" data-test="audit-action">
                    <option value="">{lang.t("cases-filter-all")}</option>
                    {action_options}
                </select>
            </div>
            {input("from", "fran", lang.t("audit-from"), s.from.clone())}
            {input("until", "till", lang.t("audit-until"), s.until.clone())}
            <button type="submit" class="button button--secondary" data-test="audit-submit">{lang.t("audit-submit")}</button>
        </form>
        {empty}
        {table}
        {next}
    }
}
