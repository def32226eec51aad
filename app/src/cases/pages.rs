//! The case pages: the back office's queues and case view (staff), My cases and a case in My
//! pages (the applicant), and the public records register (anyone). All are complete as HTML:
//! every action is a plain form post answered with a redirect.

use super::{
    fetch_my_case, fetch_my_cases, fetch_queue, fetch_referral, fetch_referrals, fetch_register, fetch_staff_case,
    CaseFlash, CaseSummary, CaseView, DecisionView, DocumentView, QueuePage, ReferralView, RegisterPage,
    RegisterSearch,
};
use crate::{
    i18n::Lang,
    layout::{load, param, Breadcrumbs},
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
    let (service, status, after) = (query("tjanst"), query("status"), query("efter"));
    let data =
        Resource::new(queue, move |queue| fetch_queue(queue, service.clone(), status.clone(), after.clone(), lang));
    view! {
        <Breadcrumbs items=vec![(routes::staff_home(), lang.t("identity-staff-home"))]/>
        {load(data, move |page: QueuePage| view! { <Queue page/> })}
    }
}

#[component]
fn Queue(page: QueuePage) -> impl IntoView {
    let lang = use_lang();
    let title = lang.t(&format!("cases-queue-{}", page.queue));
    let tabs = page
        .counts
        .iter()
        .map(|(code, count)| {
            let current = (*code == page.queue).then_some("page");
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
    let service_options = page
        .services
        .iter()
        .map(|(id, name)| {
            let selected = page.service.as_deref() == Some(id.as_str());
            view! { <option value=id.clone() selected=selected>{name.clone()}</option> }
        })
        .collect_view();
    let status_options = crate::cases::model::Status::ALL
        .iter()
        .map(|s| {
            let selected = page.status.as_deref() == Some(s.code());
            view! { <option value=s.code() selected=selected>{status_label(lang, s.code())}</option> }
        })
        .collect_view();
    let empty = page.cases.is_empty().then(|| view! { <p data-test="queue-empty">{lang.t("cases-queue-empty")}</p> });
    let table = (!page.cases.is_empty())
        .then(|| view! { <CaseTable cases=page.cases.clone() staff=true caption=title.clone()/> });
    view! {
        <Title text=title.clone()/>
        <h1>{lang.t("cases-back-office")}</h1>
        <ul class="list list--inline">
            <li><a href=routes::staff_referrals() data-test="referrals-link">{lang.t("cases-referrals-to-us")}</a></li>
            <li><a href=routes::staff_statistics() data-test="statistics-link">{lang.t("stats-title")}</a></li>
        </ul>
        <nav aria-label=lang.t("cases-queues")>
            <ul class="tabs" data-test="queues">{tabs}</ul>
        </nav>
        <h2>{title.clone()}</h2>
        <form method="get" action=routes::staff_queue(&page.queue) class="filter" data-test="queue-filter">
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
            <button type="submit" class="button button--secondary">{lang.t("cases-filter-apply")}</button>
        </form>
        {empty}
        {table}
        {page.next.map(|next| view! { <p><a href=next rel="next" data-test="queue-next">{lang.t("cases-next-page")}</a></p> })}
    }
}

/// Cases as a table: the number links to the case (staff) or to the applicant's view.
#[component]
fn CaseTable(cases: Vec<CaseSummary>, staff: bool, caption: String) -> impl IntoView {
    let lang = use_lang();
    let rows = cases
        .into_iter()
        .map(|c| {
            let href = if staff { routes::staff_case(c.id) } else { routes::my_case(c.id) };
            let label = c.case_number.clone().unwrap_or_else(|| lang.t("cases-not-registered"));
            let officer = staff.then(|| view! { <td>{c.assigned_name.clone().unwrap_or_else(|| "–".into())}</td> });
            view! {
                <tr data-test=format!("case-row-{}", c.id)>
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
    let data = Resource::new(|| (), move |_| fetch_my_cases(lang));
    view! {
        <Breadcrumbs items=vec![(routes::my_pages(), lang.t("identity-my-pages"))]/>
        {load(data, move |cases: Vec<CaseSummary>| {
            let title = lang.t("cases-my-cases");
            view! {
                <Title text=title.clone()/>
                <h1>{title.clone()}</h1>
                <p class="lead">{lang.t("cases-my-cases-lead")}</p>
                {if cases.is_empty() {
                    view! { <p data-test="my-cases-empty">{lang.t("cases-my-cases-empty")}</p> }.into_any()
                } else {
                    view! { <CaseTable cases staff=false caption=title/> }.into_any()
                }}
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
    let items = flash
        .problems
        .iter()
        .map(|(field, id)| {
            let target =
                if field.is_empty() { format!("form-{}", flash.form) } else { format!("{}-{}", flash.form, field) };
            view! { <li><a href=format!("#{target}")>{lang.t(id)}</a></li> }
        })
        .collect_view();
    view! {
        <div class="error-summary" role="alert" tabindex="-1" id="fel" data-test="error-summary" aria-labelledby="error-summary-title">
            <h2 class="error-summary__title" id="error-summary-title">{lang.t("form-error-summary")}</h2>
            <ul class="error-summary__list">{items}</ul>
        </div>
    }
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
        {answer}
        {(staff && !case.referrals.is_empty()).then(|| view! { <Referrals referrals=case.referrals.clone()/> })}
        {actions}
        <h2 id="handlingar">{lang.t("cases-documents")}</h2>
        <Documents documents=case.documents.clone() staff/>
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

#[component]
fn Documents(documents: Vec<DocumentView>, staff: bool) -> impl IntoView {
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
            let decision = d.decision.clone().map(|decision| view! { <Decision decision/> });
            view! {
                <section class="document" data-test="case-document" data-kind=d.kind.clone()>
                    <h3>{heading}{internal}</h3>
                    <p class="hint">{d.dated.clone()}{(!d.party.is_empty()).then(|| format!(" · {}", d.party))}</p>
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
fn Decision(decision: DecisionView) -> impl IntoView {
    let lang = use_lang();
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
            <h4>{lang.t("cases-decision-reasons")}</h4>
            <p class="preserve-lines" data-test="decision-reasons">{decision.reasons.clone()}</p>
            <h4>{lang.t("cases-decision-legal-basis")}</h4>
            <p class="preserve-lines">{decision.legal_basis.clone()}</p>
            <p>{lang.t_args("cases-decision-by", &[("name", decision.decided_by.clone().into()), ("date", decision.decided_on.clone().into())])}</p>
            {late}
            <h4>{lang.t("cases-appeal-how")}</h4>
            <div data-test="appeal-instructions">
                <p>{lang.t_args("cases-appeal-instructions", &[("body", appeal_body.into()), ("department", decision.department.clone().into())])}</p>
                <p>{lang.t("cases-appeal-contents")}</p>
            </div>
        </div>
    }
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
    let textarea = |field: &'static str, label: String| {
        let p = problem(field);
        let fid = id(field);
        let err = format!("{fid}-error");
        view! {
            <div class=if p.is_some() { "form-group form-group--error" } else { "form-group" }>
                <label class="label" for=fid.clone()>{label}</label>
                {p.clone().map(|p| view! { <p class="error-message" id=err.clone() data-test="field-error">{p}</p> })}
                <textarea class="input textarea" id=fid name=field rows="4" maxlength="10000"
                    aria-describedby=p.as_ref().map(|_| err.clone()) data-test=format!("{code}-{field}")>{flash.value(field)}</textarea>
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
        let items = page
            .problems
            .iter()
            .map(|(field, id)| view! { <li><a href=format!("#register-{field}")>{lang.t(id)}</a></li> })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" tabindex="-1" id="fel" data-test="error-summary" aria-labelledby="error-summary-title">
                <h2 class="error-summary__title" id="error-summary-title">{lang.t("form-error-summary")}</h2>
                <ul class="error-summary__list">{items}</ul>
            </div>
        }
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
            {input("q", "q", lang.t("register-text"), s.q.clone(), None)}
            {input("number", "diarienummer", lang.t("register-number"), s.number.clone(), Some(lang.t("register-number-hint")))}
            <div class=if problem("organisation").is_some() { "form-group form-group--error" } else { "form-group" }>
                <label class="label" for="register-organisation">{lang.t("register-organisation")}</label>
                <select class="input" id="register-organisation" name="organisation">
                    <option value="">{lang.t("cases-filter-all")}</option>
                    {organisations}
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
