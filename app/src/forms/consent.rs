//! Both guardians' consent, as residents see it: in My pages, the applications waiting for the
//! other guardian (their task, and the sender's view of it) with their state; the task page,
//! where the other guardian reviews the application read-only (the answers as sent) and approves
//! or declines with plain form posts (POST/redirect/GET, no JavaScript needed). The rules are in
//! `ssr::consent`.

use crate::{
    error::AppError,
    i18n::Lang,
    layout::{load, param, set_status, Breadcrumbs},
    request::use_lang,
    routes,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// `pending` (waiting for the other guardian), `approved`, `declined` (the guardians disagree).
pub type ConsentState = String;

/// One application waiting for, or answered by, the other guardian, as My pages list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsentItem {
    pub id: i64,
    /// The form's title.
    pub title: String,
    pub child_name: String,
    pub sender_name: String,
    /// The other guardian(s) asked, by name.
    pub guardian_names: Vec<String>,
    /// The day it was sent (Swedish date).
    pub sent: String,
    /// The state of the whole application.
    pub state: ConsentState,
    /// The person looking is the other guardian and has not answered yet: a task.
    pub to_answer: bool,
    /// The person looking is the one who sent it.
    pub sent_by_me: bool,
    /// The case, once both approved and it was opened (the sender's My cases).
    pub case_link: Option<String>,
}

/// The consent part of My pages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsentOverview {
    pub items: Vec<ConsentItem>,
}

/// One application as its task page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsentTask {
    pub item: ConsentItem,
    /// The answers as sent: (question, lines), in the sender's language.
    pub answers: Vec<(String, Vec<String>)>,
    /// The person looking may answer now (the guardian it names, still pending, still guardian).
    pub may_answer: bool,
    /// The registry no longer names the person looking a guardian of the child.
    pub no_longer_guardian: bool,
    /// The registry could not be asked: answering waits.
    pub registry_problem: bool,
}

#[server(endpoint = "forms/consents")]
pub async fn fetch_consent_overview(lang: Lang) -> Result<ConsentOverview, AppError> {
    ssr::overview(lang).await
}

#[server(endpoint = "forms/consent")]
pub async fn fetch_consent_task(id: i64, lang: Lang) -> Result<ConsentTask, AppError> {
    ssr::task(id, lang).await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::{ConsentItem, ConsentOverview, ConsentTask};
    use crate::{
        access::{current_actor, require, signed_in_resident, Action, Resource},
        domain::date::SimpleDate,
        error::AppError,
        forms::{
            model::tr,
            ssr::{
                consent::{self, Request, Role},
                FormsState,
            },
        },
        i18n::Lang,
        registry::api::RegistryState,
    };

    /// How many applications My pages list.
    const MAX_ITEMS: i64 = 50;

    async fn title(state: &FormsState, form_id: &str, lang: Lang) -> String {
        match state.definitions.get(&state.db, form_id, lang).await {
            Ok(form) => tr(&form.definition.title, lang).to_string(),
            Err(_) => form_id.to_string(),
        }
    }

    fn sent(request: &Request) -> String {
        SimpleDate::in_sweden_at(request.created_at.0.div_euclid(1000)).to_string()
    }

    /// The item for `request` seen by `role`, with the state of its whole submission.
    async fn item(state: &FormsState, request: &Request, role: Role, lang: Lang) -> Result<ConsentItem, AppError> {
        let all = consent::requests_of_submission(&state.db, &request.submission_reference).await?;
        Ok(ConsentItem {
            id: request.id,
            title: title(state, &request.form_id, lang).await,
            child_name: request.child_name.clone(),
            sender_name: request.sender_name.clone(),
            guardian_names: all.iter().map(|r| r.guardian_name.clone()).collect(),
            sent: sent(request),
            state: consent::overall(&all).to_string(),
            to_answer: role == Role::Guardian && request.status == "pending",
            sent_by_me: role == Role::Sender,
            case_link: match role {
                Role::Sender => all.iter().find_map(|r| r.case_id).map(crate::routes::my_case),
                Role::Guardian => None,
            },
        })
    }

    pub async fn overview(lang: Lang) -> Result<ConsentOverview, AppError> {
        let state = FormsState::from_context()?;
        let me = signed_in_resident()?;
        require(&current_actor(), Action::Read, Resource::Person(me.person_id))?;
        let own = crate::identity::api::personal_number(&state.db, me.person_id).await?;
        let key = consent::guardian_key(&own);
        let mut items = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for request in consent::requests_of(&state.db, me.person_id, &key, MAX_ITEMS).await? {
            let role = if request.guardian_key == key { Role::Guardian } else { Role::Sender };
            // The sender sees each application once, however many guardians were asked.
            if role == Role::Sender && !seen.insert(request.submission_reference.clone()) {
                continue;
            }
            items.push(item(&state, &request, role, lang).await?);
        }
        Ok(ConsentOverview { items })
    }

    pub async fn task(id: i64, lang: Lang) -> Result<ConsentTask, AppError> {
        let state = FormsState::from_context()?;
        let registry = leptos::prelude::use_context::<RegistryState>().ok_or(AppError::Internal)?;
        let me = signed_in_resident()?;
        let (request, role) = consent::role(&state.db, &me, id).await?;
        let mut task = ConsentTask {
            item: item(&state, &request, role, lang).await?,
            answers: Vec::new(),
            may_answer: false,
            no_longer_guardian: false,
            registry_problem: false,
        };
        if role == Role::Guardian {
            // The registry is asked again: a guardian whose custody has ended sees nothing of
            // the child's application and cannot answer.
            match consent::still_guardian(&state.db, &registry, &me, &request).await {
                Ok(true) => {}
                Ok(false) => {
                    task.no_longer_guardian = true;
                    return Ok(task);
                }
                Err(_) => task.registry_problem = true,
            }
            task.may_answer = request.status == "pending" && !task.registry_problem;
        }
        task.answers = serde_json::from_str(&request.pending_case.0.document_body).unwrap_or_default();
        Ok(task)
    }
}

/// The state as a tag: waiting, approved, or the guardians disagree.
#[component]
fn StateTag(state: ConsentState) -> impl IntoView {
    let lang = use_lang();
    let class = match state.as_str() {
        "approved" => "tag",
        "declined" => "tag tag--red",
        _ => "tag tag--grey",
    };
    view! { <strong class=class data-test="consent-state">{lang.t(&format!("consent-state-{state}"))}</strong> }
}

/// What happens when the guardians do not agree.
#[component]
fn Disagreement() -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="inset" data-test="consent-disagree">
            <p><strong>{lang.t("consent-disagree-title")}</strong></p>
            <p>{lang.t("consent-disagree-body")}</p>
            <p>{lang.t("consent-disagree-next")}</p>
        </div>
    }
}

/// The applications waiting for the other guardian: a section of My pages.
#[component]
pub fn ConsentSection() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), move |_| fetch_consent_overview(lang));
    load(data, move |overview: ConsentOverview| {
        let (tasks, others): (Vec<ConsentItem>, Vec<ConsentItem>) =
            overview.items.into_iter().partition(|item| item.to_answer);
        view! {
            {(!tasks.is_empty()).then(|| view! {
                <h2 data-test="consent-tasks-title">{lang.t("consent-tasks-title")}</h2>
                <ul class="draft-list" data-test="consent-tasks">
                    {tasks.into_iter().map(|item| {
                        let args = [("sender", item.sender_name.clone().into()), ("child", item.child_name.clone().into())];
                        view! {
                            <li class="draft-list__item">
                                <a class="draft-list__title" href=routes::my_consent(item.id) data-test="consent-task">
                                    {lang.t_args("consent-task-link", &args)}
                                </a>
                                <p class="meta">{item.title.clone()}" · "{lang.t_args("consent-sent-on", &[("date", item.sent.clone().into())])}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {(!others.is_empty()).then(|| view! {
                <h2>{lang.t("consent-applications-title")}</h2>
                <ul class="draft-list" data-test="consent-applications">
                    {others.into_iter().map(|item| {
                        let args = [("child", item.child_name.clone().into()), ("title", item.title.clone().into())];
                        view! {
                            <li class="draft-list__item" data-test="consent-application">
                                <a class="draft-list__title" href=routes::my_consent(item.id)>{lang.t_args("consent-application-link", &args)}</a>
                                <p><StateTag state=item.state.clone()/></p>
                                <p class="meta">{lang.t_args("consent-sent-by", &[("sender", item.sender_name.clone().into()), ("date", item.sent.clone().into())])}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        }
    })
}

/// One application waiting for the other guardian: read-only, with approve and decline.
#[component]
pub fn ConsentTaskPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let answered = query.read_untracked().get("besvarad").unwrap_or_default();
    let refused = query.read_untracked().get("fel").unwrap_or_default();
    let id = param("id");
    let data = Resource::new(id, move |id| async move {
        match id.parse::<i64>() {
            Ok(id) => fetch_consent_task(id, lang).await,
            Err(_) => Err(AppError::NotFound),
        }
    });
    view! {
        <Breadcrumbs items=vec![(routes::my_pages(), lang.t("identity-my-pages"))]/>
        {load(data, move |task: ConsentTask| {
            let item = task.item.clone();
            let args = [("sender", item.sender_name.clone().into()), ("child", item.child_name.clone().into())];
            // A task while it waits for this guardian's answer; otherwise the application itself.
            let heading = if !item.to_answer {
                lang.t_args("consent-application-link", &[("child", item.child_name.clone().into()), ("title", item.title.clone().into())])
            } else {
                lang.t_args("consent-task-link", &args)
            };
            if task.no_longer_guardian {
                set_status(http::StatusCode::FORBIDDEN);
                return view! {
                    <Title text=lang.t("consent-no-longer-guardian")/>
                    <div data-test="consent-no-longer-guardian">
                        <h1>{lang.t("consent-no-longer-guardian")}</h1>
                        <p>{lang.t("consent-no-longer-guardian-body")}</p>
                        <p><a href=routes::my_pages()>{lang.t("consent-back")}</a></p>
                    </div>
                }.into_any();
            }
            let declined = item.state == "declined";
            view! {
                <Title text=heading.clone()/>
                {(!answered.is_empty()).then(|| view! {
                    <div class="panel" data-test="consent-answered" role="status">
                        <h2 class="panel__title">{lang.t(if answered == "ja" { "consent-answered-approved" } else { "consent-answered-declined" })}</h2>
                    </div>
                })}
                {(refused == "registret").then(|| view! {
                    <div class="error-summary" role="alert" tabindex="-1" data-test="consent-registry-problem">
                        <h2 class="error-summary__title">{lang.t("consent-registry-problem")}</h2>
                    </div>
                })}
                <span class="caption">{item.title.clone()}</span>
                <h1 data-test="consent-title">{heading}</h1>
                <p><StateTag state=item.state.clone()/></p>
                <dl class="summary-list">
                    <div class="summary-list__row"><dt class="summary-list__key">{lang.t("consent-child")}</dt><dd class="summary-list__value">{item.child_name.clone()}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">{lang.t("consent-sender")}</dt><dd class="summary-list__value">{item.sender_name.clone()}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">{lang.t("consent-guardians")}</dt><dd class="summary-list__value">{item.guardian_names.join(", ")}</dd></div>
                    <div class="summary-list__row"><dt class="summary-list__key">{lang.t("consent-sent")}</dt><dd class="summary-list__value">{item.sent.clone()}</dd></div>
                </dl>
                {(item.state == "pending").then(|| view! {
                    <p data-test="consent-waiting">{lang.t(if item.sent_by_me { "consent-waiting-sender" } else { "consent-waiting-guardian" })}</p>
                })}
                {declined.then(|| view! { <Disagreement/> })}
                {item.case_link.clone().map(|link| view! {
                    <p><a href=link data-test="consent-case-link">{lang.t("consent-case-link")}</a></p>
                })}
                <h2>{lang.t("consent-answers-title")}</h2>
                <dl class="summary-list summary-list--answers" data-test="consent-answers">
                    {task.answers.iter().map(|(label, lines)| view! {
                        <div class="summary-list__row">
                            <dt class="summary-list__key">{label.clone()}</dt>
                            <dd class="summary-list__value">{lines.iter().map(|line| view! { <span class="line">{line.clone()}</span> }).collect_view()}</dd>
                        </div>
                    }).collect_view()}
                </dl>
                {task.registry_problem.then(|| view! { <p class="warning-text" data-test="consent-registry-down">{lang.t("consent-registry-problem")}</p> })}
                {task.may_answer.then(|| view! {
                    <h2>{lang.t("consent-decide-title")}</h2>
                    <p>{lang.t_args("consent-decide-body", &args)}</p>
                    <form method="post" action=routes::my_consent_answer(item.id) class="inline-form" data-test="consent-approve-form">
                        <input type="hidden" name="svar" value="ja"/>
                        <button type="submit" class="button" data-test="consent-approve">{lang.t("consent-approve")}</button>
                    </form>
                    <form method="post" action=routes::my_consent_answer(item.id) class="inline-form" data-test="consent-decline-form">
                        <input type="hidden" name="svar" value="nej"/>
                        <button type="submit" class="button button--secondary" data-test="consent-decline">{lang.t("consent-decline")}</button>
                    </form>
                })}
                <p><a href=routes::my_pages()>{lang.t("consent-back")}</a></p>
            }.into_any()
        })}
    }
}
