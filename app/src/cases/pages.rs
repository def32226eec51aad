//! The case pages: the back office's queues and case view (staff), My cases and a case in My
//! pages (the applicant), and the public records register (anyone). All are complete as HTML:
//! every action is a plain form post answered with a redirect.

use super::{
    fetch_my_case, fetch_my_cases, fetch_queue, fetch_referral, fetch_referrals, fetch_register, fetch_staff_case,
    BulkOutcome, CaseFlash, CaseSummary, CaseView, DecisionView, DocumentView, MyCases, QueuePage, QueueQuery,
    ReferralView, RegisterPage, RegisterSearch, SignatureView,
};
use crate::{
    i18n::Lang,
    layout::{load, param, Breadcrumbs, ErrorSummary},
    request::use_lang,
    routes,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn query(name: &str) -> Option<String> {
    use_query_map().read_untracked().get(name).filter(|v| !v.is_empty())
}

fn status_label(lang: Lang, status: &str) -> String {
    lang.t(&format!("cases-status-{status}"))
}

/// The status as a tag, with "overdue" or "waiting" beside it where that applies.
#[component]
fn StatusTag(status: String, #[prop(optional)] overdue: bool, #[prop(optional)] paused: bool) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class="tag" data-test="case-status" data-status=status.clone()>{status_label(lang, &status)}</span>
        {overdue.then(|| view! { " " <span class="tag tag--red" data-test="overdue">{lang.t("cases-overdue")}</span> })}
        {paused.then(|| view! { " " <span class="tag tag--grey">{lang.t("cases-paused")}</span> })}
    }
}

#[component]
pub fn StaffQueuePage() -> impl IntoView {
    let lang = use_lang();
    let queue = param("queue");
    let asked = QueueQuery {
        queue: String::new(),
        service: query("tjanst"),
        status: query("status"),
        officer: query("handlaggare"),
        from: query("fran"),
        until: query("till"),
        order: query("ordning"),
        after: query("efter"),
    };
    let bulk = BulkOutcome {
        assigned: query("tilldelade").and_then(|n| n.parse().ok()).unwrap_or(0),
        refused: query("ej").and_then(|n| n.parse().ok()).unwrap_or(0),
        problem: query("fel").and_then(|f| match f.as_str() {
            "arende" => Some("cases-bulk-no-case".to_string()),
            "handlaggare" => Some("cases-bulk-no-officer".to_string()),
            _ => None,
        }),
    };
    let data = Resource::new(queue, move |queue| fetch_queue(QueueQuery { queue, ..asked.clone() }, lang));
    view! {
        <Breadcrumbs items=vec![(routes::staff_home(), lang.t("identity-staff-home"))]/>
        {load(data, move |page: QueuePage| view! { <Queue page bulk=bulk.clone()/> })}
    }
}

#[component]
fn Queue(page: QueuePage, bulk: BulkOutcome) -> impl IntoView {
    let lang = use_lang();
    let title = lang.t(&format!("cases-queue-{}", page.query.queue));
    let q = page.query.clone();
    let tabs = page
        .counts
        .iter()
        .map(|(code, count)| {
            let current = (*code == q.queue).then_some("page");
            view! {
                <li class="tabs__item">
                    <a class="tabs__link" href=routes::staff_queue(code) aria-current=current data-test=format!("queue-{code}")>
                        {lang.t(&format!("cases-queue-{code}"))}" "
                        <span class="tag tag--grey" data-test="queue-count">{if *count >= 1000 { "1000+".to_string() } else { count.to_string() }}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let options = |items: Vec<(String, String)>, chosen: Option<String>| {
        items
            .into_iter()
            .map(|(value, label)| {
                let selected = chosen.as_deref() == Some(value.as_str());
                view! { <option value=value selected=selected>{label}</option> }
            })
            .collect_view()
    };
    let service_options = options(page.services.clone(), q.service.clone());
    let status_options = options(
        crate::cases::model::Status::ALL.iter().map(|s| (s.code().to_string(), status_label(lang, s.code()))).collect(),
        q.status.clone(),
    );
    let mut officer_list = vec![("ingen".to_string(), lang.t("cases-filter-nobody"))];
    officer_list.extend(page.officers.iter().map(|(id, name)| (id.to_string(), name.clone())));
    let officer_options = options(officer_list, q.officer.clone());
    let order_options = options(vec![("aldst".to_string(), lang.t("cases-order-oldest"))], q.order.clone());
    let problem = |field: &str| page.problems.iter().find(|(f, _)| f == field).map(|(_, id)| lang.t(id));
    let date_input = |field: &'static str, label: String, value: Option<String>| {
        let p = problem(field);
        let id = format!("queue-{field}");
        let error = format!("{id}-error");
        view! {
            <div class=if p.is_some() { "form-group form-group--inline form-group--error" } else { "form-group form-group--inline" }>
                <label class="label" for=id.clone()>{label}</label>
                {p.clone().map(|p| view! { <p class="error-message" id=error.clone() data-test="field-error">{p}</p> })}
                <input class="input input--width-10" id=id name=field type="text" inputmode="numeric" placeholder="ÅÅÅÅ-MM-DD"
                    value=value.unwrap_or_default() aria-describedby=p.as_ref().map(|_| error.clone())/>
            </div>
        }
    };
    let summary = (!page.problems.is_empty()).then(|| {
        let problems = page.problems.iter().map(|(field, id)| (format!("queue-{field}"), lang.t(id))).collect();
        view! { <ErrorSummary problems/> }
    });
    let told = (bulk.assigned > 0 || bulk.refused > 0).then(|| {
        view! {
            <div class="panel panel--small" role="status" data-test="bulk-outcome">
                <p>{lang.t_args("cases-bulk-assigned", &[("count", bulk.assigned.into())])}</p>
                {(bulk.refused > 0).then(|| view! { <p>{lang.t_args("cases-bulk-refused", &[("count", bulk.refused.into())])}</p> })}
            </div>
        }
    });
    let bulk_problem = bulk.problem.clone().map(|id| {
        view! { <ErrorSummary problems=vec![("bulk-officer".to_string(), lang.t(&id))]/> }
    });
    let empty = page.cases.is_empty().then(|| view! { <p data-test="queue-empty">{lang.t("cases-queue-empty")}</p> });
    let can_assign = page.can_assign;
    let table = (!page.cases.is_empty()).then(|| {
        let table = view! { <CaseTable cases=page.cases.clone() staff=true caption=title.clone() select=can_assign/> };
        if !can_assign {
            return table.into_any();
        }
        // The filters come back with the answer, so the manager stays where they were.
        let kept = [
            ("tjanst", q.service.clone()),
            ("status", q.status.clone()),
            ("handlaggare_filter", q.officer.clone()),
            ("fran", q.from.clone()),
            ("till", q.until.clone()),
            ("ordning", q.order.clone()),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|value| view! { <input type="hidden" name=name value=value/> }))
        .collect_view();
        let assignees = page
            .officers
            .iter()
            .map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> })
            .collect_view();
        view! {
            <form method="post" action=routes::staff_bulk_assign(&q.queue) data-test="bulk-assign">
                {kept}
                {table}
                <fieldset class="fieldset action-form">
                    <legend class="fieldset__legend">{lang.t("cases-bulk-legend")}</legend>
                    <div class=if bulk.problem.is_some() { "form-group form-group--inline form-group--error" } else { "form-group form-group--inline" }>
                        <label class="label" for="bulk-officer">{lang.t("cases-bulk-officer")}</label>
                        <select class="input" id="bulk-officer" name="handlaggare" data-test="bulk-officer">
                            <option value="">{lang.t("cases-bulk-choose")}</option>
                            {assignees}
                        </select>
                    </div>
                    <button type="submit" class="button" data-test="bulk-submit">{lang.t("cases-bulk-submit")}</button>
                </fieldset>
            </form>
        }
        .into_any()
    });
    let page_title = if page.problems.is_empty() && bulk.problem.is_none() {
        title.clone()
    } else {
        format!("{}: {}", lang.t("form-error-prefix"), title)
    };
    view! {
        <Title text=page_title/>
        {summary}
        {bulk_problem}
        <h1>{lang.t("cases-back-office")}</h1>
        <ul class="list list--inline">
            <li><a href=routes::staff_referrals() data-test="referrals-link">{lang.t("cases-referrals-to-us")}</a></li>
            <li><a href=routes::staff_statistics() data-test="statistics-link">{lang.t("stats-title")}</a></li>
        </ul>
        <nav aria-label=lang.t("cases-queues")>
            <ul class="tabs" data-test="queues">{tabs}</ul>
        </nav>
        <h2>{title.clone()}</h2>
        {told}
        <form method="get" action=routes::staff_queue(&q.queue) class="filter" novalidate data-test="queue-filter">
            <div class="form-group form-group--inline">
                <label class="label" for="tjanst">{lang.t("cases-filter-service")}</label>
                <select class="input" id="tjanst" name="tjanst">
                    <option value="">{lang.t("cases-filter-all")}</option>
                    {service_options}
                </select>
            </div>
            <div class="form-group form-group--inline">
                <label class="label" for="status">{lang.t("cases-filter-status")}</label>
                <select class="input" id="status" name="status">
                    <option value="">{lang.t("cases-filter-all")}</option>
                    {status_options}
                </select>
            </div>
            <div class="form-group form-group--inline">
                <label class="label" for="handlaggare">{lang.t("cases-filter-officer")}</label>
                <select class="input" id="handlaggare" name="handlaggare" data-test="filter-officer">
                    <option value="">{lang.t("cases-filter-all")}</option>
                    {officer_options}
                </select>
            </div>
            {date_input("fran", lang.t("cases-filter-from"), q.from.clone())}
            {date_input("till", lang.t("cases-filter-until"), q.until.clone())}
            <div class="form-group form-group--inline">
                <label class="label" for="ordning">{lang.t("cases-filter-order")}</label>
                <select class="input" id="ordning" name="ordning" data-test="filter-order">
                    <option value="">{lang.t("cases-order-newest")}</option>
                    {order_options}
                </select>
            </div>
            <button type="submit" class="button button--secondary" data-test="filter-apply">{lang.t("cases-filter-apply")}</button>
        </form>
        {empty}
        {table}
        {page.next.map(|next| view! { <p><a href=next rel="next" data-test="queue-next">{lang.t("cases-next-page")}</a></p> })}
    }
}

/// Cases as a table: the number links to the case (staff) or to the applicant's view.
#[component]
fn CaseTable(
    cases: Vec<CaseSummary>,
    staff: bool,
    caption: String,
    /// A box to tick on each row, for acting on several cases at once (`arende` = `id:version`).
    #[prop(optional)]
    select: bool,
) -> impl IntoView {
    let lang = use_lang();
    let rows = cases
        .into_iter()
        .map(|c| {
            let tick = select.then(|| {
                let id = format!("valj-{}", c.id);
                let label = format!(
                    "{} {}",
                    lang.t("cases-bulk-select"),
                    c.case_number.clone().unwrap_or_else(|| lang.t("cases-not-registered"))
                );
                view! {
                    <td class="table__select">
                        <input class="checkbox" type="checkbox" id=id.clone() name="arende" value=format!("{}:{}", c.id, c.version) data-test="bulk-select"/>
                        <label class="visually-hidden" for=id>{label}</label>
                    </td>
                }
            });
            let href = if staff { routes::staff_case(c.id) } else { routes::my_case(c.id) };
            let label = c.case_number.clone().unwrap_or_else(|| lang.t("cases-not-registered"));
            let officer = staff.then(|| view! { <td>{c.assigned_name.clone().unwrap_or_else(|| "–".into())}</td> });
            view! {
                <tr data-test=format!("case-row-{}", c.id)>
                    {tick}
                    <td><a href=href data-test="case-link">{label}</a></td>
                    <td>{c.title.clone()}<br/><span class="hint">{c.service_name.clone()}</span>
                        {c.confidential.then(|| view! { " " <span class="tag tag--grey">{lang.t("cases-confidential")}</span> })}
                    </td>
                    <td><StatusTag status=c.status.clone() overdue=c.overdue paused=c.paused/></td>
                    <td>{c.received.clone()}</td>
                    <td>{c.due.clone().unwrap_or_else(|| "–".into())}</td>
                    {officer}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table" data-test="case-table">
            <caption class="visually-hidden">{caption}</caption>
            <thead><tr>
                {select.then(|| view! { <th scope="col"><span class="visually-hidden">{lang.t("cases-bulk-select-column")}</span></th> })}
                <th scope="col">{lang.t("cases-number")}</th>
                <th scope="col">{lang.t("cases-title")}</th>
                <th scope="col">{lang.t("cases-status")}</th>
                <th scope="col">{lang.t("cases-received")}</th>
                <th scope="col">{lang.t("cases-due")}</th>
                {staff.then(|| view! { <th scope="col">{lang.t("cases-officer")}</th> })}
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

#[component]
pub fn StaffCasePage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let done = query("klart");
    let data = Resource::new(id, move |id| async move {
        match id.parse::<i64>() {
            Ok(id) => fetch_staff_case(id, lang).await,
            Err(_) => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Breadcrumbs items=vec![
            (routes::staff_home(), lang.t("identity-staff-home")),
            (routes::staff_queue("mina"), lang.t("cases-back-office")),
        ]/>
        {load(data, move |case: CaseView| view! { <CasePage case staff=true done=done.clone()/> })}
    }
}

#[component]
pub fn MyCasesPage() -> impl IntoView {
    let lang = use_lang();
    let after = query("efter");
    let data = Resource::new(move || after.clone(), move |after| fetch_my_cases(after, lang));
    view! {
        <Breadcrumbs items=vec![(routes::my_pages(), lang.t("identity-my-pages"))]/>
        {load(data, move |page: MyCases| {
            let title = lang.t("cases-my-cases");
            let cases = page.cases;
            view! {
                <Title text=title.clone()/>
                <h1>{title.clone()}</h1>
                <p class="lead">{lang.t("cases-my-cases-lead")}</p>
                {if cases.is_empty() {
                    view! { <p data-test="my-cases-empty">{lang.t("cases-my-cases-empty")}</p> }.into_any()
                } else {
                    view! { <CaseTable cases staff=false caption=title/> }.into_any()
                }}
                {page.next.map(|next| view! {
                    <p><a href=next rel="next" data-test="my-cases-next">{lang.t("cases-older-cases")}</a></p>
                })}
            }
        })}
    }
}

#[component]
pub fn MyCasePage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let done = query("klart");
    let data = Resource::new(id, move |id| async move {
        match id.parse::<i64>() {
            Ok(id) => fetch_my_case(id, lang).await,
            Err(_) => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Breadcrumbs items=vec![
            (routes::my_pages(), lang.t("identity-my-pages")),
            (routes::my_cases(), lang.t("cases-my-cases")),
        ]/>
        {load(data, move |case: CaseView| view! { <CasePage case staff=false done=done.clone()/> })}
    }
}

/// The error summary of an action form sent with problems (or overtaken by another change).
#[component]
fn FlashSummary(flash: CaseFlash) -> impl IntoView {
    let lang = use_lang();
    let problems = flash
        .problems
        .iter()
        .map(|(field, id)| {
            let target =
                if field.is_empty() { format!("form-{}", flash.form) } else { format!("{}-{}", flash.form, field) };
            (target, lang.t(id))
        })
        .collect();
    view! { <ErrorSummary problems/> }
}

#[component]
fn CasePage(case: CaseView, staff: bool, done: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let heading = case.case_number.clone().unwrap_or_else(|| lang.t("cases-not-registered"));
    let title = match &case.flash {
        Some(_) => format!("{}: {heading}", lang.t("form-error-prefix")),
        None => heading.clone(),
    };
    let summary = case.flash.clone().map(|flash| view! { <FlashSummary flash/> });
    let done = done.filter(|_| case.flash.is_none()).map(|code| {
        view! { <div class="panel panel--small" role="status" data-test="case-done"><p>{lang.t(&format!("cases-done-{code}"))}</p></div> }
    });
    let due = case.due.clone().map(|due| {
        let note = if case.paused { Some(lang.t("cases-due-paused")) } else { None };
        view! { <div><dt>{lang.t("cases-due")}</dt><dd data-test="case-due">{due}{note.map(|n| view! { <br/><span class="hint">{n}</span> })}</dd></div> }
    });
    let ask = case.may_ask_for_decision.then(|| {
        view! { <div class="inset" data-test="may-ask-for-decision"><p>{lang.t("cases-may-ask-for-decision")}</p></div> }
    });
    let actions = (staff && !case.actions.is_empty()).then(|| view! { <Actions case=case.clone()/> });
    let answer = (!staff).then(|| view! { <Answer case=case.clone()/> });
    let readers = (!staff && !case.readers.is_empty()).then(|| {
        let items = case.readers.iter().map(|(at, name)| view! { <li>{format!("{at}: {name}")}</li> }).collect_view();
        view! {
            <h2>{lang.t("cases-readers")}</h2>
            <p>{lang.t("cases-readers-lead")}</p>
            <ul class="list" data-test="case-readers">{items}</ul>
        }
    });
    view! {
        <Title text=title/>
        {summary}
        {done}
        <span class="caption">{case.service_name.clone()}</span>
        <h1 data-test="case-number">{heading}</h1>
        <p class="lead" data-test="case-title">{case.title.clone()}</p>
        {ask}
        <dl class="summary-list" data-test="case-facts">
            <div><dt>{lang.t("cases-status")}</dt><dd><StatusTag status=case.status.clone() overdue=case.overdue paused=case.paused/></dd></div>
            <div><dt>{lang.t("cases-department")}</dt><dd>{case.department_name.clone()}</dd></div>
            <div><dt>{lang.t("cases-received")}</dt><dd>{case.received.clone()}</dd></div>
            {due}
            <div><dt>{lang.t("cases-officer")}</dt><dd data-test="case-officer">{case.assigned_name.clone().unwrap_or_else(|| lang.t("cases-no-officer"))}</dd></div>
            {staff.then(|| view! { <div><dt>{lang.t("cases-party")}</dt><dd>{if case.party.is_empty() { lang.t("cases-party-unknown") } else { case.party.clone() }}</dd></div> })}
            {case.secrecy.clone().map(|s| view! { <div><dt>{lang.t("cases-confidential")}</dt><dd>{s}</dd></div> })}
        </dl>
        {case.signature.clone().map(|signature| view! { <Signature signature/> })}
        {answer}
        {(staff && !case.referrals.is_empty()).then(|| view! { <Referrals referrals=case.referrals.clone()/> })}
        {actions}
        <h2 id="handlingar">{lang.t("cases-documents")}</h2>
        <Documents documents=case.documents.clone() staff case=case.id/>
        <h2 id="handelser">{lang.t("cases-timeline")}</h2>
        <ol class="timeline" data-test="case-timeline">
            {case.events.iter().map(|e| view! {
                <li data-test="case-event" data-kind=e.kind.clone()>
                    <span class="timeline__when">{e.at.clone()}</span>" "
                    {lang.t(&format!("cases-event-{}", e.kind))}
                    {(!e.actor_name.is_empty()).then(|| format!(" ({})", e.actor_name))}
                </li>
            }).collect_view()}
        </ol>
        {readers}
        {(staff && !case.notices.is_empty()).then(|| view! {
            <h2>{lang.t("cases-notices")}</h2>
            <ul class="list" data-test="case-notices">
                {case.notices.iter().map(|(at, event, state)| view! {
                    <li data-test="case-notice" data-state=state.clone()>
                        {format!("{at}: {} – {}", lang.t(&format!("cases-notice-{event}")), lang.t(&format!("cases-notice-state-{state}")))}
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}

/// Who signed the application, when, with which e-ID and level, and exactly what: the text,
/// with its checksum and whether the text kept still matches it.
#[component]
fn Signature(signature: SignatureView) -> impl IntoView {
    let lang = use_lang();
    let intact = if signature.intact { lang.t("cases-signature-intact") } else { lang.t("cases-signature-broken") };
    view! {
        <h2 id="underskrift">{lang.t("cases-signature")}</h2>
        <dl class="summary-list" data-test="case-signature">
            <div><dt>{lang.t("cases-signature-signer")}</dt><dd data-test="signature-signer">{signature.signer.clone()}</dd></div>
            <div><dt>{lang.t("cases-signature-at")}</dt><dd>{signature.at.clone()}</dd></div>
            <div><dt>{lang.t("cases-signature-e-id")}</dt><dd data-test="signature-e-id">{lang.t_args("cases-signature-e-id-level", &[("e_id", signature.e_id.clone().into()), ("level", signature.loa.into())])}</dd></div>
            <div><dt>{lang.t("signature-sha256")}</dt><dd class="checksum" data-test="signature-sha256">{signature.sha256.clone()}</dd></div>
            <div><dt>{lang.t("cases-signature-check")}</dt><dd data-test="signature-intact" data-intact=signature.intact.to_string()>{intact}</dd></div>
        </dl>
        <details class="details" data-test="signature-text">
            <summary class="details__summary">{lang.t("cases-signature-text")}</summary>
            <pre class="details__text signed-text">{signature.text.clone()}</pre>
        </details>
    }
}

#[component]
fn Documents(documents: Vec<DocumentView>, staff: bool, case: i64) -> impl IntoView {
    let lang = use_lang();
    documents
        .into_iter()
        .map(|d| {
            let heading = format!("{}. {}", d.number, lang.t(&format!("cases-doc-{}", d.kind)));
            let internal = (staff && !d.for_party).then(|| view! { " " <span class="tag tag--grey">{lang.t("cases-internal")}</span> });
            let answers = (!d.answers.is_empty()).then(|| {
                view! {
                    <dl class="summary-list">
                        {d.answers.iter().map(|(q, lines)| view! {
                            <div><dt>{q.clone()}</dt><dd>{lines.iter().map(|l| view! { {l.clone()}<br/> }).collect_view()}</dd></div>
                        }).collect_view()}
                    </dl>
                }
            });
            let text = (!d.text.is_empty()).then(|| view! { <p class="preserve-lines">{d.text.clone()}</p> });
            let reply_by = d.reply_by.clone().map(|by| view! { <p data-test="reply-by"><strong>{lang.t_args("cases-reply-by", &[("date", by.into())])}</strong></p> });
            let appeal = d.appeal.clone().map(|(delivered, received, deadline, in_time)| {
                let verdict = if in_time { lang.t("cases-appeal-in-time") } else { lang.t("cases-appeal-late") };
                view! {
                    <dl class="summary-list" data-test="appeal">
                        <div><dt>{lang.t("cases-appeal-delivered")}</dt><dd>{delivered}</dd></div>
                        <div><dt>{lang.t("cases-appeal-received")}</dt><dd>{received}</dd></div>
                        <div><dt>{lang.t("cases-appeal-deadline")}</dt><dd>{deadline}</dd></div>
                    </dl>
                    <p data-test="appeal-verdict" data-in-time=in_time.to_string()><strong>{verdict}</strong></p>
                }
            });
            let decision = d.decision.clone().map(|decision| {
                let document = if staff { routes::staff_decision_document(case) } else { routes::my_decision_document(case) };
                view! {
                    <Decision decision/>
                    <p><a href=document data-test="decision-document-link">{lang.t("cases-decision-document-link")}</a></p>
                }
            });
            let file = d.file.clone().map(|(id, name, size)| {
                let link = if staff { routes::staff_case_attachment(case, &id) } else { routes::my_case_attachment(case, &id) };
                view! {
                    <p data-test="attachment">
                        <a href=link download="">{name}</a>" ("{size}")"
                    </p>
                }
            });
            view! {
                <section class="document" data-test="case-document" data-kind=d.kind.clone()>
                    <h3>{heading}{internal}</h3>
                    <p class="hint">{d.dated.clone()}{(!d.party.is_empty()).then(|| format!(" · {}", d.party))}</p>
                    {file}
                    {answers}
                    {text}
                    {reply_by}
                    {decision}
                    {appeal}
                </section>
            }
        })
        .collect_view()
}

/// A decision: outcome, reasons (FL 32 §), who decided, and how to appeal (FL 33 §).
#[component]
fn Decision(
    decision: DecisionView,
    /// Whether the decision is the page's main content (its headings then follow the page's h1).
    #[prop(optional)]
    top: bool,
) -> impl IntoView {
    let lang = use_lang();
    let heading = move |id: &str| {
        let text = lang.t(id);
        if top {
            view! { <h2>{text}</h2> }.into_any()
        } else {
            view! { <h4>{text}</h4> }.into_any()
        }
    };
    let appeal_body = lang.t(&format!(
        "cases-appeal-body-{}",
        if decision.clock == "planning-act" { "planning-act" } else { "standard" }
    ));
    let late = (decision.weeks_late > 0 && decision.clock == "planning-act").then(|| {
        let fifths = decision.weeks_late.min(5);
        view! { <p data-test="fee-reduction">{lang.t_args("cases-fee-reduction", &[("weeks", decision.weeks_late.into()), ("fifths", fifths.into())])}</p> }
    });
    view! {
        <div class="decision" data-test="decision">
            <p><strong data-test="decision-outcome">{lang.t(&format!("cases-outcome-{}", decision.outcome))}</strong></p>
            {heading("cases-decision-reasons")}
            <p class="preserve-lines" data-test="decision-reasons">{decision.reasons.clone()}</p>
            {heading("cases-decision-legal-basis")}
            <p class="preserve-lines">{decision.legal_basis.clone()}</p>
            <p>{lang.t_args("cases-decision-by", &[("name", decision.decided_by.clone().into()), ("date", decision.decided_on.clone().into())])}</p>
            {late}
            {heading("cases-appeal-how")}
            <div data-test="appeal-instructions">
                <p>{lang.t_args("cases-appeal-instructions", &[("body", appeal_body.into()), ("department", decision.department.clone().into())])}</p>
                <p>{lang.t("cases-appeal-contents")}</p>
            </div>
        </div>
    }
}

/// The decision as a document (staff): `/handlaggare/arenden/{id}/beslutsdokument`.
#[component]
pub fn StaffDecisionDocumentPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let data = Resource::new(id, move |id| async move {
        match id.parse::<i64>() {
            Ok(id) => fetch_staff_case(id, lang).await,
            Err(_) => Err(crate::error::AppError::NotFound),
        }
    });
    view! { {load(data, move |case: CaseView| view! { <DecisionDocument case staff=true/> })} }
}

/// The decision as a document (the applicant): `/mina-sidor/arenden/{id}/beslutsdokument`.
#[component]
pub fn MyDecisionDocumentPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let data = Resource::new(id, move |id| async move {
        match id.parse::<i64>() {
            Ok(id) => fetch_my_case(id, lang).await,
            Err(_) => Err(crate::error::AppError::NotFound),
        }
    });
    view! { {load(data, move |case: CaseView| view! { <DecisionDocument case staff=false/> })} }
}

/// A decision laid out as the authority's document: who decided, the case number and date, the
/// addressee, the outcome, the reasons (FL 32 §), the provisions applied, and how to appeal
/// (FL 33 §) — made to be printed or saved as PDF from the browser (the page's print style leaves
/// out the portal's header and footer). A case without a decision has no such document.
#[component]
fn DecisionDocument(case: CaseView, staff: bool) -> impl IntoView {
    let lang = use_lang();
    let Some(decision) = case.documents.iter().rev().find_map(|d| d.decision.clone()) else {
        return view! { <crate::layout::ErrorPage error=crate::error::AppError::NotFound/> }.into_any();
    };
    let back = if staff { routes::staff_case(case.id) } else { routes::my_case(case.id) };
    let number = case.case_number.clone().unwrap_or_default();
    let title = format!("{} {}", lang.t("cases-decision-document"), number);
    view! {
        <Title text=title/>
        <p class="no-print"><a href=back class="back-link" data-test="decision-back">{lang.t("cases-decision-back")}</a></p>
        <article class="decision-document" data-test="decision-document">
            <header class="decision-document__header">
                <p class="decision-document__authority">
                    <strong>{case.organisation_name.clone()}</strong><br/>{decision.department.clone()}
                </p>
                <dl class="decision-document__facts">
                    <dt>{lang.t("cases-decision-document-date")}</dt><dd data-test="decision-date">{decision.decided_on.clone()}</dd>
                    <dt>{lang.t("cases-number")}</dt><dd data-test="decision-case-number">{number.clone()}</dd>
                </dl>
            </header>
            <p>{lang.t("cases-decision-document-to")}" "{case.party.clone()}</p>
            <h1>{lang.t("cases-decision-document")}<span class="visually-hidden">" "{number.clone()}</span></h1>
            <p class="lead">{case.title.clone()}</p>
            <Decision decision top=true/>
        </article>
        <p class="no-print hint">{lang.t("cases-decision-print")}</p>
    }
    .into_any()
}

/// The applicant's answer form, when the case waits for them (or a message at any time).
#[component]
fn Answer(case: CaseView) -> impl IntoView {
    let lang = use_lang();
    if case.status == "closed" {
        return ().into_any();
    }
    let flash = case.flash.clone().filter(|f| f.form == "svar").unwrap_or_default();
    let problem = flash.problems.iter().find(|(f, _)| f == "text").map(|(_, id)| lang.t(id));
    let (heading, button) = if case.awaiting_answer {
        (lang.t("cases-answer-title"), lang.t("cases-answer-send"))
    } else {
        (lang.t("cases-message-title"), lang.t("cases-message-send"))
    };
    view! {
        <section id="form-svar" class="action-form" data-test="answer">
            <h2>{heading}</h2>
            {case.awaiting_answer.then(|| view! { <p>{lang.t("cases-answer-lead")}</p> })}
            <form method="post" action=routes::my_case_answer(case.id) novalidate>
                <div class=if problem.is_some() { "form-group form-group--error" } else { "form-group" }>
                    <label class="label" for="svar-text">{lang.t("cases-answer-text")}</label>
                    {problem.clone().map(|p| view! { <p class="error-message" id="svar-text-error" data-test="field-error">{p}</p> })}
                    <textarea class="input textarea" id="svar-text" name="text" rows="6" maxlength="10000"
                        aria-describedby=problem.as_ref().map(|_| "svar-text-error") data-test="answer-text">{flash.value("text")}</textarea>
                </div>
                <button type="submit" class="button" data-test="answer-send">{button}</button>
            </form>
        </section>
    }
    .into_any()
}

/// The action forms an officer is offered, each a plain form with the case's version.
#[component]
fn Actions(case: CaseView) -> impl IntoView {
    let lang = use_lang();
    let forms = case
        .actions
        .iter()
        .map(|code| {
            let flash = case.flash.clone().filter(|f| f.form == *code).unwrap_or_default();
            view! { <ActionForm code=code.clone() case=case.clone() flash/> }
        })
        .collect_view();
    view! {
        <h2 id="atgarder">{lang.t("cases-actions")}</h2>
        <div class="actions" data-test="case-actions">{forms}</div>
    }
}

#[component]
fn ActionForm(code: String, case: CaseView, flash: CaseFlash) -> impl IntoView {
    let lang = use_lang();
    let problem = |field: &str| flash.problems.iter().find(|(f, _)| f == field).map(|(_, id)| lang.t(id));
    let form_problem = problem("");
    let id = |field: &str| format!("{code}-{field}");
    // A text area, a date, a choice: each with its label, its problem and what was typed.
    // The decision form starts from the service's usual provisions, until the officer has typed.
    let typed = |field: &str| match (field, flash.form.is_empty(), &case.decision_template) {
        ("lagrum", true, Some(template)) => template.clone(),
        _ => flash.value(field),
    };
    let textarea = |field: &'static str, label: String| {
        let p = problem(field);
        let fid = id(field);
        let err = format!("{fid}-error");
        view! {
            <div class=if p.is_some() { "form-group form-group--error" } else { "form-group" }>
                <label class="label" for=fid.clone()>{label}</label>
                {p.clone().map(|p| view! { <p class="error-message" id=err.clone() data-test="field-error">{p}</p> })}
                <textarea class="input textarea" id=fid name=field rows="4" maxlength="10000"
                    aria-describedby=p.as_ref().map(|_| err.clone()) data-test=format!("{code}-{field}")>{typed(field)}</textarea>
            </div>
        }
    };
    let date = |field: &'static str, label: String| {
        let p = problem(field);
        let fid = id(field);
        let err = format!("{fid}-error");
        view! {
            <div class=if p.is_some() { "form-group form-group--error" } else { "form-group" }>
                <label class="label" for=fid.clone()>{label}</label>
                <p class="hint">{lang.t("cases-date-hint")}</p>
                {p.clone().map(|p| view! { <p class="error-message" id=err.clone() data-test="field-error">{p}</p> })}
                <input class="input input--width-10" id=fid name=field type="text" inputmode="numeric" value=flash.value(field)
                    aria-describedby=p.as_ref().map(|_| err.clone()) data-test=format!("{code}-{field}")/>
            </div>
        }
    };
    let fields = match code.as_str() {
        "tilldela" => {
            let p = problem("handlaggare");
            let group = if p.is_some() { "form-group form-group--error" } else { "form-group" };
            let options = case
                .officers
                .iter()
                .map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> })
                .collect_view();
            view! {
                <div class=group>
                    <label class="label" for=id("handlaggare")>{lang.t("cases-assign-to")}</label>
                    {p.map(|p| view! { <p class="error-message" data-test="field-error">{p}</p> })}
                    <select class="input" id=id("handlaggare") name="handlaggare" data-test="tilldela-handlaggare">
                        <option value="">{lang.t("cases-choose")}</option>
                        {options}
                    </select>
                </div>
            }
            .into_any()
        }
        "komplettering" | "kommunicera" => view! {
            {textarea("text", lang.t(&format!("cases-form-{code}-text")))}
            {date("svara_senast", lang.t("cases-form-reply-by"))}
        }
        .into_any(),
        "anteckning" | "meddelande" => textarea("text", lang.t(&format!("cases-form-{code}-text"))).into_any(),
        "remiss" => {
            let p = problem("mottagare");
            let group = if p.is_some() { "form-group form-group--error" } else { "form-group" };
            let chosen = flash.value("mottagare");
            let options = case
                .organisations
                .iter()
                .map(|(id, name)| view! { <option value=id.clone() selected=chosen == *id>{name.clone()}</option> })
                .collect_view();
            view! {
                <div class=group>
                    <label class="label" for=id("mottagare")>{lang.t("cases-form-referral-to")}</label>
                    {p.map(|p| view! { <p class="error-message" data-test="field-error">{p}</p> })}
                    <select class="input" id=id("mottagare") name="mottagare" data-test="remiss-mottagare">
                        <option value="">{lang.t("cases-choose")}</option>
                        {options}
                    </select>
                </div>
                {textarea("text", lang.t("cases-form-remiss-text"))}
                {date("svara_senast", lang.t("cases-form-reply-by"))}
            }
            .into_any()
        }
        "forlang" => {
            let p = problem("veckor");
            let group = if p.is_some() { "form-group form-group--error" } else { "form-group" };
            view! {
                <div class=group>
                    <label class="label" for=id("veckor")>{lang.t("cases-form-weeks")}</label>
                    {p.map(|p| view! { <p class="error-message" data-test="field-error">{p}</p> })}
                    <input class="input input--width-3" id=id("veckor") name="veckor" type="text" inputmode="numeric" value=flash.value("veckor")/>
                </div>
                {textarea("motivering", lang.t("cases-form-extension-reason"))}
            }
            .into_any()
        }
        "beslut" => {
            let open_referral = case.referrals.iter().any(|r| r.answer.is_none());
            let p = problem("utfall");
            let group = if p.is_some() { "form-group form-group--error" } else { "form-group" };
            let chosen = flash.value("utfall");
            let options = crate::cases::model::Outcome::ALL
                .iter()
                .map(|o| {
                    let oid = format!("beslut-utfall-{}", o.code());
                    view! {
                        <div class="choice">
                            <input class="choice__input" type="radio" id=oid.clone() name="utfall" value=o.code() checked=chosen == o.code() data-test=oid.clone()/>
                            <label class="label choice__label" for=oid>{lang.t(&format!("cases-outcome-{}", o.code()))}</label>
                        </div>
                    }
                })
                .collect_view();
            view! {
                <div class=group>
                    <fieldset class="fieldset" id=id("utfall")>
                        <legend class="fieldset__legend">{lang.t("cases-form-outcome")}</legend>
                        {p.map(|p| view! { <p class="error-message" data-test="field-error">{p}</p> })}
                        {options}
                    </fieldset>
                </div>
                {textarea("skal", lang.t("cases-form-reasons"))}
                {textarea("lagrum", lang.t("cases-form-legal-basis"))}
                {textarea("utan_kommunicering", lang.t("cases-form-without-communication"))}
                {open_referral.then(|| textarea("utan_remissvar", lang.t("cases-form-without-referral")))}
            }
            .into_any()
        }
        "overklagande" => view! {
            {date("inkom", lang.t("cases-form-appeal-received"))}
            {date("delgiven", lang.t("cases-form-appeal-delivered"))}
        }
        .into_any(),
        "overklagande-hanterat" => {
            let p = problem("atgard");
            let group = if p.is_some() { "form-group form-group--error" } else { "form-group" };
            view! {
                <div class=group>
                    <fieldset class="fieldset" id=id("atgard")>
                        <legend class="fieldset__legend">{lang.t("cases-form-appeal-action")}</legend>
                        {p.map(|p| view! { <p class="error-message" data-test="field-error">{p}</p> })}
                        <div class="choice">
                            <input class="choice__input" type="radio" id="atgard-overlamna" name="atgard" value="overlamna"/>
                            <label class="label choice__label" for="atgard-overlamna">{lang.t("cases-form-appeal-forward")}</label>
                        </div>
                        <div class="choice">
                            <input class="choice__input" type="radio" id="atgard-avvisa" name="atgard" value="avvisa"/>
                            <label class="label choice__label" for="atgard-avvisa">{lang.t("cases-form-appeal-dismiss")}</label>
                        </div>
                    </fieldset>
                </div>
            }
            .into_any()
        }
        _ => ().into_any(),
    };
    view! {
        <section id=format!("form-{code}") class="action-form" data-test=format!("action-{code}")>
            <h3>{lang.t(&format!("cases-action-{code}"))}</h3>
            {form_problem.map(|p| view! { <p class="error-message" data-test="form-error">{p}</p> })}
            <form method="post" action=routes::staff_case_action(case.id, &code) novalidate>
                <input type="hidden" name="version" value=case.version.to_string()/>
                {fields}
                <button type="submit" class="button" data-test=format!("submit-{code}")>{lang.t(&format!("cases-action-{code}"))}</button>
            </form>
        </section>
    }
}

#[component]
pub fn RegisterSearchPage() -> impl IntoView {
    let lang = use_lang();
    let search = RegisterSearch {
        q: query("q").unwrap_or_default(),
        number: query("diarienummer").unwrap_or_default(),
        organisation: query("organisation").unwrap_or_default(),
        department: query("avdelning").unwrap_or_default(),
        from: query("fran").unwrap_or_default(),
        until: query("till").unwrap_or_default(),
    };
    let after = query("efter");
    let data = Resource::new(|| (), move |_| fetch_register(search.clone(), after.clone(), lang));
    view! {
        <Breadcrumbs items=vec![]/>
        {load(data, move |page: RegisterPage| view! { <Register page/> })}
    }
}

#[component]
fn Register(page: RegisterPage) -> impl IntoView {
    let lang = use_lang();
    let problem = |field: &str| page.problems.iter().find(|(f, _)| f == field).map(|(_, id)| lang.t(id));
    let title = if page.problems.is_empty() {
        lang.t("register-title")
    } else {
        format!("{}: {}", lang.t("form-error-prefix"), lang.t("register-title"))
    };
    let summary = (!page.problems.is_empty()).then(|| {
        let problems = page.problems.iter().map(|(field, id)| (format!("register-{field}"), lang.t(id))).collect();
        view! { <ErrorSummary problems/> }
    });
    let s = page.search.clone();
    let input = |field: &'static str, name: &'static str, label: String, value: String, hint: Option<String>| {
        let p = problem(field);
        let fid = format!("register-{field}");
        let err = format!("{fid}-error");
        view! {
            <div class=if p.is_some() { "form-group form-group--error" } else { "form-group" }>
                <label class="label" for=fid.clone()>{label}</label>
                {hint.map(|h| view! { <p class="hint">{h}</p> })}
                {p.clone().map(|p| view! { <p class="error-message" id=err.clone() data-test="field-error">{p}</p> })}
                <input class="input" id=fid name=name type="text" value=value aria-describedby=p.as_ref().map(|_| err.clone()) data-test=format!("register-{field}")/>
            </div>
        }
    };
    let departments = page
        .departments
        .iter()
        .map(|(id, name, organisation)| {
            let owner =
                page.organisations.iter().find(|(o, _)| o == organisation).map(|(_, n)| n.clone()).unwrap_or_default();
            view! { <option value=id.clone() selected=s.department == *id>{format!("{name} ({owner})")}</option> }
        })
        .collect_view();
    let organisations = page
        .organisations
        .iter()
        .map(|(id, name)| view! { <option value=id.clone() selected=s.organisation == *id>{name.clone()}</option> })
        .collect_view();
    let rows = page
        .entries
        .iter()
        .map(|e| {
            let hidden = lang.t("register-confidential");
            view! {
                <tr data-test="register-entry" data-confidential=e.confidential.to_string()>
                    <td>{e.registered.clone()}</td>
                    <td>{format!("{}-{}", e.case_number, e.document_number)}</td>
                    <td>{lang.t(&format!("register-direction-{}", e.direction))}</td>
                    <td data-test="register-party">{e.party.clone().filter(|p| !p.is_empty()).unwrap_or_else(|| if e.confidential { hidden.clone() } else { "–".into() })}</td>
                    <td data-test="register-description">
                        {e.description.clone().unwrap_or_else(|| hidden.clone())}
                        {e.case_title.clone().map(|t| view! { <br/><span class="hint">{t}</span> })}
                    </td>
                    <td>{e.organisation.clone()}<br/><span class="hint">{e.department.clone()}</span></td>
                </tr>
            }
        })
        .collect_view();
    let next = page.next.clone().map(|cursor| {
        let mut address = format!("{}?efter={cursor}", routes::register());
        for (key, value) in [
            ("q", &s.q),
            ("diarienummer", &s.number),
            ("organisation", &s.organisation),
            ("avdelning", &s.department),
            ("fran", &s.from),
            ("till", &s.until),
        ] {
            if !value.is_empty() {
                address.push_str(&format!("&{key}={}", routes::percent_encode(value)));
            }
        }
        view! { <p><a href=address rel="next" data-test="register-next">{lang.t("cases-next-page")}</a></p> }
    });
    let empty = page.entries.is_empty() && page.problems.is_empty();
    view! {
        <Title text=title/>
        {summary}
        <h1>{lang.t("register-title")}</h1>
        <p class="lead">{lang.t("register-lead")}</p>
        <form method="get" action=routes::register() novalidate data-test="register-search">
            {input("q", "q", lang.t("register-text"), s.q.clone(), Some(lang.t("register-text-hint")))}
            {input("number", "diarienummer", lang.t("register-number"), s.number.clone(), Some(lang.t("register-number-hint")))}
            <div class=if problem("organisation").is_some() { "form-group form-group--error" } else { "form-group" }>
                <label class="label" for="register-organisation">{lang.t("register-organisation")}</label>
                <select class="input" id="register-organisation" name="organisation">
                    <option value="">{lang.t("cases-filter-all")}</option>
                    {organisations}
                </select>
            </div>
            <div class=if problem("department").is_some() { "form-group form-group--error" } else { "form-group" }>
                <label class="label" for="register-department">{lang.t("register-department")}</label>
                <select class="input" id="register-department" name="avdelning" data-test="register-department">
                    <option value="">{lang.t("cases-filter-all")}</option>
                    {departments}
                </select>
            </div>
            {input("from", "fran", lang.t("register-from"), s.from.clone(), Some(lang.t("cases-date-hint")))}
            {input("until", "till", lang.t("register-until"), s.until.clone(), Some(lang.t("cases-date-hint")))}
            <button type="submit" class="button" data-test="register-submit">{lang.t("register-search")}</button>
        </form>
        <p class="hint">{lang.t("register-masking")}</p>
        {empty.then(|| view! { <p data-test="register-empty">{lang.t("register-empty")}</p> })}
        {(!page.entries.is_empty()).then(|| view! {
            <table class="table" data-test="register-table">
                <caption class="visually-hidden">{lang.t("register-title")}</caption>
                <thead><tr>
                    <th scope="col">{lang.t("register-date")}</th>
                    <th scope="col">{lang.t("register-number")}</th>
                    <th scope="col">{lang.t("register-direction")}</th>
                    <th scope="col">{lang.t("register-party")}</th>
                    <th scope="col">{lang.t("register-description")}</th>
                    <th scope="col">{lang.t("register-organisation")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        })}
        {next}
    }
}

/// The referrals of a case, as its officer sees them.
#[component]
fn Referrals(referrals: Vec<ReferralView>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <h2 id="remisser">{lang.t("cases-referrals")}</h2>
        <ul class="list" data-test="case-referrals">
            {referrals.into_iter().map(|r| {
                let state = match &r.answer {
                    Some(_) => lang.t_args("cases-referral-answered", &[("name", r.answered_name.clone().unwrap_or_default().into()), ("at", r.answered.clone().unwrap_or_default().into())]),
                    None => lang.t_args("cases-referral-open", &[("date", r.reply_by.clone().into())]),
                };
                view! {
                    <li data-test="case-referral" data-answered=r.answer.is_some().to_string()>
                        <strong>{r.organisation.clone()}</strong>": "{state}
                        {r.answer.clone().map(|a| view! { <p class="preserve-lines">{a}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn StaffReferralsPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), move |_| fetch_referrals(lang));
    view! {
        <Breadcrumbs items=vec![(routes::staff_home(), lang.t("identity-staff-home"))]/>
        {load(data, move |referrals: Vec<ReferralView>| {
            let title = lang.t("cases-referrals-to-us");
            let rows = referrals.iter().map(|r| view! {
                <tr data-test="referral-row">
                    <td><a href=routes::staff_referral(r.id) data-test="referral-link">{r.case_number.clone().unwrap_or_default()}</a></td>
                    <td>{r.title.clone()}<br/><span class="hint">{r.from.clone()}</span></td>
                    <td>{r.sent.clone()}</td>
                    <td>{r.reply_by.clone()}{r.overdue.then(|| view! { " " <span class="tag tag--red">{lang.t("cases-overdue")}</span> })}</td>
                    <td>{if r.answer.is_some() { lang.t("cases-referral-done") } else { lang.t("cases-referral-waiting") }}</td>
                </tr>
            }).collect_view();
            view! {
                <Title text=title.clone()/>
                <h1>{title.clone()}</h1>
                <p class="lead">{lang.t("cases-referrals-lead")}</p>
                {if referrals.is_empty() {
                    view! { <p data-test="referrals-empty">{lang.t("cases-referrals-empty")}</p> }.into_any()
                } else {
                    view! {
                        <table class="table" data-test="referral-table">
                            <caption class="visually-hidden">{title.clone()}</caption>
                            <thead><tr>
                                <th scope="col">{lang.t("cases-number")}</th>
                                <th scope="col">{lang.t("cases-title")}</th>
                                <th scope="col">{lang.t("cases-referral-sent")}</th>
                                <th scope="col">{lang.t("cases-form-reply-by")}</th>
                                <th scope="col">{lang.t("cases-status")}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }.into_any()
                }}
            }
        })}
    }
}

#[component]
pub fn StaffReferralPage() -> impl IntoView {
    let lang = use_lang();
    let id = param("id");
    let done = query("klart");
    let data = Resource::new(id, move |id| async move {
        match id.parse::<i64>() {
            Ok(id) => fetch_referral(id, lang).await,
            Err(_) => Err(crate::error::AppError::NotFound),
        }
    });
    view! {
        <Breadcrumbs items=vec![
            (routes::staff_home(), lang.t("identity-staff-home")),
            (routes::staff_referrals(), lang.t("cases-referrals-to-us")),
        ]/>
        {load(data, move |r: ReferralView| {
            let flash = r.flash.clone().unwrap_or_default();
            let problem = flash.problems.iter().find(|(f, _)| f == "text").map(|(_, id)| lang.t(id));
            let heading = format!("{} {}", lang.t("cases-referral"), r.case_number.clone().unwrap_or_default());
            let title = if r.flash.is_some() { format!("{}: {heading}", lang.t("form-error-prefix")) } else { heading.clone() };
            let summary = r.flash.clone().map(|flash| view! { <FlashSummary flash/> });
            let done = done.clone().filter(|_| r.flash.is_none()).map(|_| view! {
                <div class="panel panel--small" role="status" data-test="case-done"><p>{lang.t("cases-done-remissvar")}</p></div>
            });
            let answer = match r.answer.clone() {
                Some(answer) => view! {
                    <h2>{lang.t("cases-referral-answer-title")}</h2>
                    <p class="preserve-lines" data-test="referral-answer">{answer}</p>
                    <p class="hint">{lang.t_args("cases-referral-answered", &[("name", r.answered_name.clone().unwrap_or_default().into()), ("at", r.answered.clone().unwrap_or_default().into())])}</p>
                }.into_any(),
                None => view! {
                    <section id="form-remissvar" class="action-form">
                        <h2>{lang.t("cases-referral-answer-title")}</h2>
                        <form method="post" action=routes::staff_referral_answer(r.id) novalidate>
                            <div class=if problem.is_some() { "form-group form-group--error" } else { "form-group" }>
                                <label class="label" for="remissvar-text">{lang.t("cases-referral-answer-text")}</label>
                                {problem.clone().map(|p| view! { <p class="error-message" id="remissvar-text-error" data-test="field-error">{p}</p> })}
                                <textarea class="input textarea" id="remissvar-text" name="text" rows="6" maxlength="10000"
                                    aria-describedby=problem.as_ref().map(|_| "remissvar-text-error") data-test="referral-answer-text">{flash.value("text")}</textarea>
                            </div>
                            <button type="submit" class="button" data-test="referral-answer-send">{lang.t("cases-referral-answer-send")}</button>
                        </form>
                    </section>
                }.into_any(),
            };
            view! {
                <Title text=title/>
                {summary}
                {done}
                <span class="caption">{r.from.clone()}</span>
                <h1 data-test="referral-heading">{heading}</h1>
                <p class="lead">{r.title.clone()}</p>
                <dl class="summary-list">
                    <div><dt>{lang.t("cases-referral-from")}</dt><dd>{r.from.clone()}</dd></div>
                    <div><dt>{lang.t("cases-referral-sent")}</dt><dd>{r.sent.clone()}</dd></div>
                    <div><dt>{lang.t("cases-form-reply-by")}</dt><dd>{r.reply_by.clone()}</dd></div>
                </dl>
                <h2>{lang.t("cases-referral-question")}</h2>
                <p class="preserve-lines" data-test="referral-question">{r.question.clone()}</p>
                {answer}
                <h2>{lang.t("cases-referral-material")}</h2>
                <dl class="summary-list" data-test="referral-material">
                    {r.answers.iter().map(|(q, lines)| view! {
                        <div><dt>{q.clone()}</dt><dd>{lines.iter().map(|l| view! { {l.clone()}<br/> }).collect_view()}</dd></div>
                    }).collect_view()}
                </dl>
            }
        })}
    }
}
