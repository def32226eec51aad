//! The pages of a form, in GOV.UK Design System patterns: start page, one step at a time
//! with a back link and an error summary, check your answers, confirmation, and a print view.
//! Every step is a plain `<form method="post">`; with JavaScript the same rules run first.

use super::{
    date::SimpleDate,
    fetch_confirmation, fetch_form_check, fetch_form_start, fetch_form_step, fetch_my_drafts, fetch_print_view,
    model::{tr, FormDefinition, Question, QuestionKind},
    rules::{self, field_id, Answers, FieldError},
    DraftSummary, MyDrafts, StepView, WindowNotice,
};
use crate::{
    i18n::Lang,
    layout::{load, param, Breadcrumbs, Paragraphs},
    request::use_lang,
    routes,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// How to write an answer of this kind, if it has a format: a date (with an example near
/// `example`, or in general words on paper), an identity or organisation number.
fn format_hint(kind: QuestionKind, lang: Lang, example: Option<SimpleDate>) -> Option<String> {
    match (kind, example) {
        (QuestionKind::Date, Some(example)) => {
            Some(lang.t_args("form-date-format", &[("example", example.to_string().into())]))
        }
        (QuestionKind::Date, None) => Some(lang.t("form-date-format-print")),
        (QuestionKind::PersonalIdentityNumber, _) => Some(lang.t("form-personal-number-format")),
        (QuestionKind::OrganisationNumber, _) => Some(lang.t("form-organisation-number-format")),
        _ => None,
    }
}

#[component]
pub fn FormStartPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(param("form"), move |id| fetch_form_start(id, lang));
    load(data, move |start| {
        let def = start.definition;
        let title = tr(&def.title, lang).to_string();
        let first = routes::form_step(&def.id, &start.first_step);
        view! {
            <Title text=title.clone()/>
            <Breadcrumbs items=vec![(routes::service(&def.service), start.service_name.clone())]/>
            <h1 data-test="form-title">{title}</h1>
            <p class="meta">{start.organisation_name}</p>
            <Paragraphs text=tr(&def.intro, lang).to_string()/>
            {match (start.window.clone(), start.needs.as_deref()) {
                // Outside its application period: when it opens, and nothing to start.
                (Some(WindowNotice::OpensOn(date)), _) => view! {
                    <div class="inset" data-test="form-closed">
                        <h2 class="heading-m">{lang.t("form-window-closed-title")}</h2>
                        <p>{lang.t_args("form-window-closed-body", &[("date", date.into())])}</p>
                    </div>
                }.into_any(),
                // A signed form: only signed in, to sign it when sending.
                (_, Some("sign-in-to-sign")) => view! { <SignInFirst form_id=def.id.clone()/> }.into_any(),
                // A form about a child: only while acting for one (both guardians' consent).
                (_, Some(needs)) => view! {
                    <ForSomeoneFirst form_id=def.id.clone() needs=needs.to_string() company=def.for_a_company()/>
                }.into_any(),
                (window, None) => view! {
                    {window.and_then(|notice| match notice {
                        WindowNotice::LastDay(date) => Some(date),
                        WindowNotice::OpensOn(_) => None,
                    }).map(|date| view! {
                        <p class="inset" data-test="form-last-day">{lang.t_args("form-window-last-day", &[("date", date.into())])}</p>
                    })}
                    {start.child.clone().map(|child| view! {
                        <p class="inset" data-test="form-for-child">{
                            if def.for_a_company() {
                                lang.t_args("form-for-company-acting", &[("company", child.into())])
                            } else {
                                lang.t_args("form-for-child-acting", &[("child", child.into())])
                            }
                        }</p>
                    })}
                    {start.has_draft.then(|| view! { <div class="inset" data-test="draft-notice"><p>{lang.t("form-draft-kept")}</p></div> })}
                    <a href=first.clone() class="button button--start" role="button" draggable="false" data-test="start-button">
                        {lang.t(if start.has_draft { "form-continue-draft" } else { "form-start" })}
                    </a>
                    {start.has_draft.then(|| view! { <ClearForm form_id=def.id.clone()/> })}
                }.into_any(),
            }}
            <p><a href=routes::form_print(&def.id) data-test="print-link">{lang.t("form-print-link")}</a></p>
        }
    })
}

/// A form about a child, or a company's form, opened while not acting for one: what to do
/// first (sign in, or choose the child or company), with the link there.
#[component]
fn ForSomeoneFirst(form_id: String, needs: String, company: bool) -> impl IntoView {
    let lang = use_lang();
    let whom = if company { "company" } else { "child" };
    let (href, link) = if needs == "sign-in" {
        (routes::sign_in_and_return(&routes::form(&form_id)), lang.t("form-for-child-sign-in"))
    } else {
        (routes::my_represent(), lang.t(&format!("form-for-{whom}-link")))
    };
    view! {
        <div class="inset" data-test="form-for-someone-first">
            <h2 class="heading-m">{lang.t(&format!("form-for-{whom}-title"))}</h2>
            <p>{lang.t(&format!("form-for-{whom}-body"))}</p>
            <p><a href=href class="button" data-test="form-for-child-link">{link}</a></p>
        </div>
    }
}

/// A signed form opened while not signed in: it is signed with an e-ID when sent, so the
/// visitor signs in first, and comes back here.
#[component]
fn SignInFirst(form_id: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="inset" data-test="form-sign-in-first">
            <h2 class="heading-m">{lang.t("form-sign-in-first-title")}</h2>
            <p>{lang.t("form-sign-in-first-body")}</p>
            <p><a href=routes::sign_in_and_return(&routes::form(&form_id)) class="button" data-test="form-sign-in-link">{lang.t("form-sign-in-first-link")}</a></p>
        </div>
    }
}

/// "Clear the form": deletes the answers kept so far (a shared computer's next user sees none).
#[component]
fn ClearForm(form_id: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form method="post" action=routes::form_clear(&form_id) data-test="clear-form">
            <p class="hint">{lang.t("form-clear-hint")}</p>
            <button type="submit" class="button button--secondary" data-test="clear">{lang.t("form-clear")}</button>
        </form>
    }
}

/// Messages for the errors of one field, or of all fields of a question.
fn messages_for(errors: &[FieldError], def: &FormDefinition, lang: Lang, field: &str) -> Option<String> {
    let found: Vec<String> = errors.iter().filter(|e| e.field == field).map(|e| rules::message(e, def, lang)).collect();
    (!found.is_empty()).then(|| found.join(" "))
}

#[component]
pub fn FormStepPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || (param("form")(), param("step")(), query.read().get("andra").is_some()),
        move |(form, step, changing)| fetch_form_step(form, step, changing),
    );
    let lang = use_lang();
    load(data, move |view_data| {
        let step = &view_data.definition.steps[view_data.step_index];
        let title = step_page_title(
            tr(&step.title, lang),
            tr(&view_data.definition.title, lang),
            !view_data.errors.is_empty(),
            lang,
        );
        view! { <Title text=title/> <StepForm data=view_data lang/> }
    })
}

/// A step page's title: the step, the form and, after a failed post, the error prefix. The
/// server writes it with the page; in the browser the form's island rewrites it as errors change.
fn step_page_title(step_title: &str, form_title: &str, has_errors: bool, lang: Lang) -> String {
    let base = format!("{step_title} – {form_title}");
    if has_errors {
        format!("{}: {base}", lang.t("form-error-prefix"))
    } else {
        base
    }
}

/// The one part of the portal that runs in the browser (an island: the rest of the page stays
/// server HTML and ships no WebAssembly). With JavaScript the step's rules run before the post,
/// questions are revealed as answers change, and files upload in place.
#[island]
fn StepForm(data: StepView, lang: Lang) -> impl IntoView {
    // Islands see no context from the page around them.
    provide_context(lang);
    let StepView { definition, step_index, answers, errors, today, back, changing, fetched } = data;
    let def = StoredValue::new(definition);
    let step = def.with_value(|d| d.steps[step_index].clone());
    let errors = RwSignal::new(errors);
    // What the form holds now; in the browser it follows every change, for revealing questions.
    let current = RwSignal::new(answers.clone());
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let summary_ref = NodeRef::<leptos::html::Div>::new();
    let files = super::uploader::FileState::new(&answers);
    provide_context(files);
    let form_title = def.with_value(|d| tr(&d.title, lang).to_string());
    let step_title = tr(&step.title, lang).to_string();
    // The server writes the title from the page around the island; the browser follows the
    // errors as they change.
    #[cfg(feature = "hydrate")]
    {
        let (form_title, step_title) = (form_title.clone(), step_title.clone());
        Effect::new(move |_| {
            let page = step_page_title(&step_title, &form_title, !errors.with(|e| e.is_empty()), lang);
            document().set_title(&lang.document_title(&page));
        });
    }
    let form_id = def.with_value(|d| d.id.clone());
    let action = routes::form_step(&form_id, &step.id);
    let step_for_submit = step.clone();
    // The rules in the browser see the answers saved on the other steps besides this step's
    // fields as they are now: a question shown by an earlier answer (the drawings a new building
    // needs) stays shown when something on this page changes.
    let (saved_for_submit, saved_for_change, step_for_change) = (answers.clone(), answers.clone(), step.clone());
    // A step that takes files posts them with the rest, as one multipart form.
    let has_files = step.questions.iter().any(|q| q.kind == QuestionKind::File);

    #[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, &step_for_submit, &saved_for_submit, today, summary_ref, files, has_files);
        #[cfg(feature = "hydrate")]
        {
            use super::uploader::{self, Sending, StepParts};
            use wasm_bindgen::JsCast;
            // The in-place post failed: the browser posts the form itself.
            if files.plain.get_value() {
                return;
            }
            // One post at a time: a second click while one is under way does nothing.
            if files.busy.get_value() {
                ev.prevent_default();
                return;
            }
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
            let submitter = ev.submitter().and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
            let action = submitter
                .as_ref()
                .filter(|b| b.get_attribute("name").as_deref() == Some("_action"))
                .and_then(|b| b.get_attribute("value"));
            let parts = StepParts { files, errors, current, summary: summary_ref, lang };
            if let Some(action) = action {
                // Uploading and removing a file happen in place; a group's "add another" and
                // "remove" go to the server and back.
                if let Some(sending) = Sending::of(&action) {
                    if has_files && uploader::send(parts, &form, submitter, sending) {
                        ev.prevent_default();
                    }
                }
                return;
            }
            let answers = answers_now(&saved_for_submit, &step_for_submit, &form);
            let found = def.with_value(|d| rules::validate_step(d, &step_for_submit, &answers, today));
            if !found.is_empty() {
                ev.prevent_default();
                errors.set(found);
                if let Some(summary) = summary_ref.get() {
                    let _ = summary.focus();
                }
            } else if uploader::files_chosen(&form) && uploader::send(parts, &form, submitter, Sending::Continue) {
                // Files go with "continue": their progress is shown.
                ev.prevent_default();
            }
        }
    };
    #[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, current, &saved_for_change, &step_for_change);
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(form) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) {
                current.set(answers_now(&saved_for_change, &step_for_change, &form));
            }
        }
    };

    let questions = step
        .questions
        .iter()
        .filter(|q| {
            // Questions that depend on earlier steps are decided by the saved answers.
            def.with_value(|d| {
                let same_step = q.show_if.as_ref().is_some_and(|c| step.questions.iter().any(|o| o.id == c.question));
                same_step || rules::question_visible(d, q, &answers)
            })
        })
        .cloned()
        .collect::<Vec<_>>();

    view! {
        <a href=back class="back-link" data-test="back-link">{lang.t("form-back")}</a>
        <Show when=move || errors.with(|e| !e.is_empty())>
            <div class="error-summary" role="alert" tabindex="-1" node_ref=summary_ref data-test="error-summary"
                aria-labelledby="error-summary-title">
                <h2 class="error-summary__title" id="error-summary-title">{lang.t("form-error-summary")}</h2>
                <ul class="error-summary__list">
                    {move || errors.get().into_iter().map(|e| {
                        let text = def.with_value(|d| rules::message(&e, d, lang));
                        view! { <li><a href=format!("#{}", field_id(&e.field))>{text}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        </Show>
        <span class="caption">{form_title}</span>
        <h1 data-test="step-title">{step_title}</h1>
        {step.intro.as_ref().map(|i| view! { <Paragraphs text=tr(i, lang).to_string()/> })}
        {fetched.map(|id| view! { <div class="inset" data-test="fetched" data-fetched=id.clone()><p>{lang.t(&id)}</p></div> })}
        <form method="post" action=action novalidate on:submit=on_submit on:change=on_change data-test="step-form"
            enctype=has_files.then_some("multipart/form-data")>
            {changing.then(|| view! { <input type="hidden" name="_return" value="check"/> })}
            {questions.into_iter().map(|q| {
                let revealed = {
                    let q = q.clone();
                    move || !hydrated.get() || def.with_value(|d| current.with(|a| rules::question_visible(d, &q, a)))
                };
                let conditional = q.show_if.is_some();
                view! {
                    <div class:conditional=conditional hidden=move || !revealed() data-test=format!("question-{}", q.id)>
                        <QuestionField def=def q=q.clone() name=q.id.clone() answers=answers.clone() errors=errors today=today/>
                    </div>
                }
            }).collect_view()}
            {has_files.then(|| view! { <UploadProgress question=String::new()/> })}
            <button type="submit" class="button" data-test="continue">{lang.t("form-continue")}</button>
        </form>
    }
}

/// A file question's hint, files attached (each with "remove"), file input and "upload"; with
/// JavaScript the list follows the in-place posts ([`super::uploader`]) and the upload's
/// progress and outcome are shown beside it.
#[component]
fn FileQuestion(
    def: StoredValue<FormDefinition>,
    q: Question,
    name: String,
    hint: Option<String>,
    answers: Answers,
    has_error: Signal<bool>,
    error: AnyView,
) -> impl IntoView {
    use super::files::{human_size, FileRef, FileType};
    let lang = use_lang();
    let files =
        use_context::<super::uploader::FileState>().unwrap_or_else(|| super::uploader::FileState::new(&answers));
    let id = field_id(&name);
    // The input is described by its rules (types, size, count), always shown, and its problem.
    let describedby = {
        let id = id.clone();
        Signal::derive(move || if has_error.get() { format!("{id}-hint {id}-error") } else { format!("{id}-hint") })
    };
    let types = q.accepted_types();
    let rules_hint = format!(
        "{} {}",
        lang.t_args(
            "form-file-types",
            &[
                ("types", FileType::list(&types, &lang.t("form-or")).into()),
                ("limit", (q.max_file_bytes() / 1_000_000).to_string().into()),
            ],
        ),
        lang.t_args("form-file-count", &[("count", q.max_files().into())]),
    );
    let attached = {
        let name = name.clone();
        Memo::new(move |_| {
            files.attached.with(|a| rules::values(a, &name).into_iter().filter_map(FileRef::decode).collect::<Vec<_>>())
        })
    };
    let max_files = q.max_files();
    // A memo, so the input and its button are drawn again only when room comes or goes (the
    // focus stays on "upload" after an upload that leaves room).
    let room = Memo::new(move |_| attached.with(|a| (a.len() as u32) < max_files));
    let several = max_files > 1;
    let form_id = def.with_value(|d| d.id.clone());
    let list = {
        let (name, id) = (name.clone(), id.clone());
        move || {
            let attached = attached.get();
            let rows = (!attached.is_empty()).then(|| {
                let rows = attached
                    .iter()
                    .map(|file| {
                        let download = routes::form_attachment(&form_id, &file.id);
                        view! {
                            <div class="summary-list__row" data-test="attached-file">
                                <dt class="summary-list__key">
                                    <a href=download download="">{file.name.clone()}</a>
                                </dt>
                                <dd class="summary-list__value">{human_size(file.size, lang == Lang::SV)}</dd>
                                <dd class="summary-list__actions">
                                    <button type="submit" name="_action" value=format!("remove-file:{name}:{}", file.id)
                                        class="button button--secondary" formnovalidate data-test="remove-file">
                                        {lang.t("form-file-remove")}<span class="visually-hidden">" "{file.name.clone()}</span>
                                    </button>
                                </dd>
                            </div>
                        }
                    })
                    .collect_view();
                view! {
                    <h3 class="heading-s" id=format!("{id}-attached") tabindex="-1">{lang.t("form-files-attached")}</h3>
                    <dl class="summary-list" data-test="attached-files">{rows}</dl>
                }
                .into_any()
            });
            let kept = attached
                .iter()
                .map(|file| view! { <input type="hidden" name=name.clone() value=file.encode()/> })
                .collect_view();
            (rows, kept)
        }
    };
    let input = {
        let (name, id) = (name.clone(), id.clone());
        move || {
            room.get().then(|| {
                view! {
                    <input class="file-upload" id=id.clone() name=name.clone() type="file"
                        accept=FileType::accept_attribute(&types) multiple=several
                        aria-describedby=describedby aria-invalid=move || has_error.get().then_some("true")/>
                    <button type="submit" name="_action" value=format!("upload:{name}")
                        class="button button--secondary" formnovalidate data-test="upload-file">
                        {lang.t("form-file-upload")}
                    </button>
                }
            })
        }
    };
    let status = {
        let name = name.clone();
        move || files.status.with(|s| s.get(&name).cloned())
    };
    view! {
        <div class="hint" id=format!("{id}-hint")>{hint.map(|h| view! { {h}" " })}{rules_hint}</div>
        {error}
        {list}
        {input}
        <UploadProgress question=name.clone()/>
        <div role="status" class="upload-status" data-test="upload-status">{status}</div>
    }
    .into_any()
}

/// The progress of an upload for `question` (empty: the files sent with "continue"), while it
/// goes; drawn only with JavaScript.
#[component]
fn UploadProgress(question: String) -> impl IntoView {
    let files = use_context::<super::uploader::FileState>();
    move || {
        let progress = files?.progress.get().filter(|p| p.question == question)?;
        Some(view! {
            <div class="upload-progress" data-test="upload-progress">
                <p class="upload-progress__label" id="upload-progress-label">{progress.label}</p>
                <progress max="100" value=progress.percent aria-labelledby="upload-progress-label">
                    {progress.percent}" %"
                </progress>
            </div>
        })
    }
}

/// Text for inside a `<textarea>`. Leptos writes a textarea's children unescaped when it renders
/// on the server (its raw-text rule), so what someone typed — `</textarea><img …>` — is escaped
/// here; the browser gets the text as it is.
/// A date for the format hint that the question would accept: a past date where only past
/// dates are allowed ("when did you notice the fault?"), a coming one where only those are.
fn example_date(q: &Question, today: SimpleDate) -> SimpleDate {
    let after = q.not_before.map(|b| b.resolve(today));
    let before = q.not_after.map(|b| b.resolve(today));
    match (after, before) {
        (_, Some(before)) => {
            let example = before.add_days(-30);
            match after {
                Some(after) if example.to_days() < after.to_days() => after,
                _ => example,
            }
        }
        (Some(after), None) => after.add_days(30),
        (None, None) => today.add_days(30),
    }
}

fn textarea_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

/// The answers the rules see on a step in the browser: those saved on the other steps, and this
/// step's fields as the form holds them now (an unticked box or a removed file is gone).
#[cfg(feature = "hydrate")]
fn answers_now(saved: &Answers, step: &super::model::Step, form: &web_sys::HtmlFormElement) -> Answers {
    let mut answers = saved.clone();
    for q in &step.questions {
        answers.remove(&q.id);
    }
    answers.extend(read_form(form));
    answers
}

/// The answers a form holds now (browser only).
#[cfg(feature = "hydrate")]
fn read_form(form: &web_sys::HtmlFormElement) -> Answers {
    let mut answers = Answers::new();
    for (name, value) in super::uploader::entries(form) {
        if let Some(text) = value.as_string() {
            answers.entry(name).or_default().push(text);
        } else if wasm_bindgen::JsCast::dyn_into::<web_sys::File>(value).is_ok_and(|file| !file.name().is_empty()) {
            // A file chosen but not yet sent: it counts, its checks are the server's.
            answers.entry(name).or_default().push(String::from("chosen"));
        }
    }
    answers
}

#[component]
fn QuestionField(
    def: StoredValue<FormDefinition>,
    q: Question,
    name: String,
    answers: Answers,
    errors: RwSignal<Vec<FieldError>>,
    today: SimpleDate,
) -> impl IntoView {
    let lang = use_lang();
    let label = tr(&q.label, lang).to_string();
    let hint = q.hint.as_ref().map(|h| tr(h, lang).to_string());
    let id = field_id(&name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let error_for = {
        let name = name.clone();
        move |field: String| {
            let _ = &name;
            def.with_value(|d| errors.with(|e| messages_for(e, d, lang, &field)))
        }
    };
    let has_error = {
        let name = name.clone();
        Signal::derive(move || {
            errors.with(|e| e.iter().any(|x| x.field == name || x.field.starts_with(&format!("{name}."))))
        })
    };
    let error_line = {
        let error_for = error_for.clone();
        let error_id = error_id.clone();
        move |field: String| {
            let error_for = error_for.clone();
            let error_id = error_id.clone();
            move || {
                error_for(field.clone()).map(|m| {
                    view! {
                        <p class="error-message" id=error_id.clone() data-test="field-error">
                            <span class="visually-hidden">{lang.t("form-error-prefix")}": "</span>{m}
                        </p>
                    }
                })
            }
        }
    };
    let describedby = {
        let has_hint = hint.is_some();
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if has_error.get() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let hint_view = hint.clone().map(|h| view! { <div class="hint" id=hint_id.clone()>{h}</div> });
    let text_value = rules::value(&answers, &name).to_string();
    let raw_value = answers.get(&name).and_then(|v| v.first()).cloned().unwrap_or_default();
    let group_class = move || if has_error.get() { "form-group form-group--error" } else { "form-group" };

    match q.kind {
        QuestionKind::Information => view! {
            <div class="inset">
                <h2 class="heading-m">{label}</h2>
                {hint.map(|h| view! { <Paragraphs text=h/> })}
            </div>
        }
        .into_any(),
        QuestionKind::ShortText
        | QuestionKind::Number
        | QuestionKind::Date
        | QuestionKind::Email
        | QuestionKind::Phone
        | QuestionKind::PersonalIdentityNumber
        | QuestionKind::OrganisationNumber => {
            let (input_type, autocomplete, inputmode, width) = match q.kind {
                QuestionKind::Email => ("email", "email", None, "input"),
                QuestionKind::Phone => ("tel", "tel", None, "input input--w20"),
                QuestionKind::Number => ("text", "off", Some("decimal"), "input input--w10"),
                QuestionKind::Date => ("text", "off", Some("numeric"), "input input--w10"),
                QuestionKind::PersonalIdentityNumber | QuestionKind::OrganisationNumber => {
                    ("text", "off", Some("numeric"), "input input--w20")
                }
                _ => ("text", "on", None, "input"),
            };
            let format_hint = format_hint(q.kind, lang, Some(example_date(&q, today)));
            // A company's name and number come from the company the person acts for: shown, not
            // changed here (the server writes them whatever is posted).
            let locked = matches!(
                q.prefill,
                Some(crate::forms::model::Prefill::CompanyName | crate::forms::model::Prefill::OrganisationNumber)
            );
            let hint_view = match (hint_view, format_hint) {
                (None, None) => None,
                (h, f) => Some(view! {
                    <div class="hint" id=hint_id.clone()>{h.map(|_| hint.clone().unwrap_or_default())}{f.map(|f| view! { " " {f} })}</div>
                }),
            };
            let describedby = {
                let hint_id = hint_id.clone();
                let error_id = error_id.clone();
                let has_hint = hint_view.is_some();
                move || {
                    let mut ids = Vec::new();
                    if has_hint {
                        ids.push(hint_id.clone());
                    }
                    if has_error.get() {
                        ids.push(error_id.clone());
                    }
                    (!ids.is_empty()).then(|| ids.join(" "))
                }
            };
            view! {
                <div class=group_class>
                    <label class="label" for=id.clone()>{label}</label>
                    {hint_view}
                    {error_line(name.clone())}
                    <input class=width id=id.clone() name=name.clone() type=input_type value=raw_value readonly=locked
                        autocomplete=autocomplete inputmode=inputmode spellcheck="false"
                        aria-describedby=describedby aria-invalid=move || has_error.get().then_some("true")/>
                </div>
            }
            .into_any()
        }
        QuestionKind::File => {
            let error = error_line(name.clone());
            view! {
                <div class=group_class data-test=format!("files-{}", q.id)>
                    <label class="label" for=id.clone()>{label}</label>
                    <FileQuestion def=def q=q.clone() name=name.clone() hint=hint answers=answers
                        has_error=has_error error=error.into_any()/>
                </div>
            }
            .into_any()
        }
        QuestionKind::LongText => view! {
            <div class=group_class>
                <label class="label" for=id.clone()>{label}</label>
                {hint_view}
                {error_line(name.clone())}
                <textarea class="textarea" id=id.clone() name=name.clone() rows="6"
                    aria-describedby=describedby aria-invalid=move || has_error.get().then_some("true")>{textarea_text(raw_value)}</textarea>
            </div>
        }
        .into_any(),
        QuestionKind::SingleChoice | QuestionKind::YesNo | QuestionKind::MultipleChoice => {
            let multiple = q.kind == QuestionKind::MultipleChoice;
            let options: Vec<(String, String)> = if q.kind == QuestionKind::YesNo {
                vec![("yes".into(), lang.t("form-yes")), ("no".into(), lang.t("form-no"))]
            } else {
                q.options.iter().map(|o| (o.id.clone(), tr(&o.label, lang).to_string())).collect()
            };
            let chosen = rules::values(&answers, &name).into_iter().map(str::to_string).collect::<Vec<_>>();
            let first_field = rules::field_id_of(&q, &name);
            view! {
                <div class=group_class>
                    <fieldset class="fieldset" aria-describedby=describedby>
                        <legend class="fieldset__legend">{label}</legend>
                        {hint_view}
                        {error_line(first_field)}
                        <div class=if multiple { "checkboxes" } else if q.kind == QuestionKind::YesNo { "radios radios--inline" } else { "radios" }>
                            {options.into_iter().map(|(value, text)| {
                                let option_id = field_id(&format!("{name}.{value}"));
                                let checked = chosen.contains(&value);
                                view! {
                                    <div class="choice">
                                        <input class="choice__input" id=option_id.clone() name=name.clone()
                                            type=if multiple { "checkbox" } else { "radio" } value=value checked=checked/>
                                        <label class="label choice__label" for=option_id>{text}</label>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </fieldset>
                </div>
            }
            .into_any()
        }
        QuestionKind::Declaration => view! {
            <div class=group_class>
                {hint_view}
                {error_line(name.clone())}
                <div class="choice">
                    <input class="choice__input" id=id.clone() name=name.clone() type="checkbox" value="yes"
                        checked=text_value == "yes" aria-describedby=describedby/>
                    <label class="label choice__label" for=id.clone()>{label}</label>
                </div>
            </div>
        }
        .into_any(),
        QuestionKind::PostalAddress | QuestionKind::Location => {
            let parts: Vec<(&'static str, String, &'static str, &'static str)> = if q.kind == QuestionKind::PostalAddress {
                vec![
                    ("street", lang.t("form-address-street"), "address-line1", "input"),
                    ("postcode", lang.t("form-address-postcode"), "postal-code", "input input--w10"),
                    ("city", lang.t("form-address-city"), "address-level2", "input input--w20"),
                ]
            } else {
                vec![
                    ("place", lang.t("form-location-place"), "street-address", "input"),
                    ("lat", lang.t("form-location-lat"), "off", "input input--w10"),
                    ("lon", lang.t("form-location-lon"), "off", "input input--w10"),
                ]
            };
            view! {
                <div class=group_class>
                    <fieldset class="fieldset" aria-describedby=describedby>
                        <legend class="fieldset__legend">{label}</legend>
                        {hint_view}
                        {parts.into_iter().map(|(part, part_label, autocomplete, width)| {
                            let field = format!("{name}.{part}");
                            let part_id = field_id(&field);
                            let value = answers.get(&field).and_then(|v| v.first()).cloned().unwrap_or_default();
                            let part_error = error_for.clone();
                            let invalid = {
                                let field = field.clone();
                                let part_error = part_error.clone();
                                move || part_error(field.clone()).is_some().then_some("true")
                            };
                            // The part's message is linked to its input, so a screen reader
                            // says what is wrong when the input gets focus.
                            let part_error_id = format!("{part_id}-error");
                            let described = {
                                let field = field.clone();
                                let part_error = part_error.clone();
                                let part_error_id = part_error_id.clone();
                                move || part_error(field.clone()).is_some().then(|| part_error_id.clone())
                            };
                            view! {
                                <div class="form-group form-group--nested">
                                    <label class="label" for=part_id.clone()>{part_label}</label>
                                    {move || part_error(field.clone()).map(|m| view! {
                                        <p class="error-message" id=part_error_id.clone() data-test="field-error">
                                            <span class="visually-hidden">{lang.t("form-error-prefix")}": "</span>{m}
                                        </p>
                                    })}
                                    <input class=width id=part_id name=format!("{name}.{part}") type="text" value=value
                                        autocomplete=autocomplete aria-invalid=invalid aria-describedby=described/>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                </div>
            }
            .into_any()
        }
        QuestionKind::RepeatingGroup => {
            let count = rules::item_count(&answers, &q);
            let max = q.max_items.unwrap_or(rules::DEFAULT_MAX_ITEMS);
            let item_label = q.item_label.as_ref().map(|l| tr(l, lang).to_string()).unwrap_or_default();
            view! {
                <div class=group_class data-test=format!("group-{}", q.id)>
                    <h2 class="heading-m">{label}</h2>
                    {hint_view}
                    <input type="hidden" name=name.clone() value=count.to_string()/>
                    {(0..count).map(|i| {
                        let item_name = format!("{item_label} {}", i + 1);
                        view! {
                            <fieldset class="fieldset group-item" data-test="group-item">
                                <legend class="fieldset__legend fieldset__legend--s">{item_name.clone()}</legend>
                                {q.questions.iter().map(|sub| view! {
                                    <QuestionField def=def q=sub.clone() name=format!("{name}.{i}.{}", sub.id)
                                        answers=answers.clone() errors=errors today=today/>
                                }).collect_view()}
                                {(count > 1).then(|| view! {
                                    <button type="submit" name="_action" value=format!("remove:{name}:{i}")
                                        class="button button--secondary" formnovalidate data-test="remove-item">
                                        {lang.t("form-remove")}<span class="visually-hidden">" "{item_name.clone()}</span>
                                    </button>
                                })}
                            </fieldset>
                        }
                    }).collect_view()}
                    {(count < max).then(|| view! {
                        <button type="submit" name="_action" value=format!("add:{name}")
                            class="button button--secondary" formnovalidate data-test="add-item">
                            {lang.t_args("form-add-another", &[("item", item_label.to_lowercase().into())])}
                        </button>
                    })}
                </div>
            }
            .into_any()
        }
    }
}

#[component]
pub fn CheckAnswersPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(param("form"), fetch_form_check);
    load(data, move |check| {
        let def = check.definition;
        let answers = check.answers;
        let title = lang.t("form-check-title");
        let form_title = tr(&def.title, lang).to_string();
        let steps = rules::visible_steps(&def, &answers).into_iter().cloned().collect::<Vec<_>>();
        let answers = &answers;
        let first_incomplete = check.incomplete.first().cloned();
        // Back from a signing that did not complete: why, and that nothing was sent.
        let signing = use_query_map().read_untracked().get("signering").filter(|reason| {
            ["avbruten", "misslyckad", "annan-person", "niva", "andrad", "utgangen"].contains(&reason.as_str())
        });
        let signed = def.signed;
        view! {
            <Title text=format!("{title} – {form_title}")/>
            <span class="caption">{form_title}</span>
            {signing.map(|reason| view! {
                <div class="error-summary" role="alert" tabindex="-1" aria-labelledby="signing-problem-title" data-test="signing-problem">
                    <h2 class="error-summary__title" id="signing-problem-title">{lang.t("form-signing-not-done")}</h2>
                    <p>{lang.t(&format!("form-signing-{reason}"))}</p>
                </div>
            })}
            <h1 data-test="check-title">{title}</h1>
            {steps.into_iter().map(|step| {
                let rows = step.questions.iter()
                    .filter(|q| q.kind.takes_answer() && rules::question_visible(&def, q, answers))
                    .map(|q| {
                        let lines = rules::answer_lines(q, answers, lang);
                        let change = routes::form_step_change(&def.id, &step.id, &field_id(&rules::field_id_of(q, &q.id)));
                        let label = tr(&q.label, lang).to_string();
                        view! {
                            <div class="summary-list__row" data-test=format!("answer-{}", q.id)>
                                <dt class="summary-list__key">{label.clone()}</dt>
                                <dd class="summary-list__value">
                                    {if lines.is_empty() {
                                        view! { <span class="meta">{lang.t("form-not-answered")}</span> }.into_any()
                                    } else {
                                        lines.into_iter().map(|l| view! { <span class="line">{l}</span> }).collect_view().into_any()
                                    }}
                                </dd>
                                <dd class="summary-list__actions">
                                    <a href=change data-test="change-link">{lang.t("form-change")}<span class="visually-hidden">" "{label}</span></a>
                                </dd>
                            </div>
                        }
                    }).collect_view();
                view! {
                    <h2 class="heading-m">{tr(&step.title, lang).to_string()}</h2>
                    <dl class="summary-list summary-list--answers">{rows}</dl>
                }
            }).collect_view()}
            {check.offer_by.map(|date| view! {
                <div class="inset" data-test="offer-by"><p>{lang.t_args("form-offer-by", &[("date", date.into())])}</p></div>
            })}
            {match first_incomplete {
                Some(step) => view! {
                    <div class="inset" data-test="incomplete">
                        <p>{lang.t("form-incomplete")}</p>
                        <p><a href=routes::form_step(&def.id, &step)>{lang.t("form-incomplete-link")}</a></p>
                    </div>
                }.into_any(),
                None => {
                    // A signed form's sending is signing, and says so.
                    let (heading, text, button) = if signed {
                        ("form-sign-heading", "form-sign-text", "form-sign-and-send")
                    } else {
                        ("form-send-heading", "form-send-text", "form-send")
                    };
                    view! {
                        <h2 class="heading-m">{lang.t(heading)}</h2>
                        <p>{lang.t(text)}</p>
                        <form method="post" action=routes::form_send(&def.id) data-test="send-form">
                            <input type="hidden" name="key" value=check.key/>
                            <button type="submit" class="button" data-test="send">{lang.t(button)}</button>
                        </form>
                    }.into_any()
                }
            }}
            <ClearForm form_id=def.id.clone()/>
        }
    })
}

#[component]
pub fn ConfirmationPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(
        move || (param("form")(), param("reference")()),
        move |(form, reference)| fetch_confirmation(form, reference, lang),
    );
    load(data, move |c| {
        let def = c.definition;
        view! {
            <Title text=lang.t("form-confirmation-title")/>
            <div class="panel" data-test="confirmation">
                <h1 class="panel__title">{lang.t("form-confirmation-title")}</h1>
                <div class="panel__body">
                    {lang.t("form-your-reference")}<br/>
                    <strong data-test="reference">{c.reference}</strong>
                    {c.case_number.map(|number| view! {
                        <br/>{lang.t("form-your-case-number")}<br/>
                        <strong data-test="case-number">{number}</strong>
                    })}
                </div>
            </div>
            {c.consent_waiting.then(|| view! {
                <div class="inset" data-test="consent-waiting">
                    <h2 class="heading-m">{lang.t("form-consent-waiting-title")}</h2>
                    <p>{lang.t("form-consent-waiting")}</p>
                    <p><a href=routes::my_pages()>{lang.t("identity-my-pages")}</a></p>
                </div>
            })}
            {c.offer_by.map(|date| view! {
                <p data-test="offer-by">{lang.t_args("form-offer-by", &[("date", date.into())])}</p>
            })}
            {c.receipt_to.map(|to| view! {
                <p data-test="receipt-note">{lang.t_args("form-receipt-sent", &[("address", to.into())])}</p>
            })}
            <h2 class="heading-m">{lang.t("form-what-next")}</h2>
            <Paragraphs text=tr(&def.confirmation, lang).to_string()/>
            <p>{lang.t_args("form-sent-to", &[("organisation", c.organisation_name.into())])}</p>
            <p><a href=routes::service(&def.service)>{lang.t("form-back-to-service")}</a></p>
        }
    })
}

#[component]
pub fn PrintPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(param("form"), move |form| fetch_print_view(form, lang));
    load(data, move |p| {
        let def = p.definition;
        let title = tr(&def.title, lang).to_string();
        view! {
            <Title text=format!("{title} – {}", lang.t("form-print-title"))/>
            <div class="print-form" data-test="print-form">
                <p class="no-print"><a href=routes::form(&def.id)>{lang.t("form-print-online-instead")}</a></p>
                <span class="caption">{p.organisation_name.clone()}</span>
                <h1>{title}</h1>
                <Paragraphs text=tr(&def.intro, lang).to_string()/>
                <div class="inset">
                    <p>{lang.t("form-print-instructions")}</p>
                    <p><strong>{p.organisation_name}</strong><br/>{p.organisation_address}<br/>{p.organisation_email}</p>
                </div>
                {def.steps.iter().map(|step| view! {
                    <section class="print-step">
                        <h2 class="heading-m">{tr(&step.title, lang).to_string()}</h2>
                        {step.show_if.as_ref().map(|c| condition_note(&def, c, lang))}
                        {step.questions.iter().map(|q| print_question(&def, q, lang)).collect_view()}
                    </section>
                }).collect_view()}
            </div>
        }
    })
}

fn condition_note(def: &FormDefinition, cond: &super::model::Condition, lang: Lang) -> impl IntoView {
    let question = def.question(&cond.question);
    let label = question.map(|q| tr(&q.label, lang).to_string()).unwrap_or_default();
    let values: Vec<String> = cond
        .equals
        .iter()
        .chain(cond.any_of.iter())
        .map(|v| match (question.map(|q| q.kind), v.as_str()) {
            (Some(QuestionKind::YesNo), "yes") => lang.t("form-yes"),
            (Some(QuestionKind::YesNo), _) => lang.t("form-no"),
            _ => question
                .and_then(|q| q.options.iter().find(|o| &o.id == v))
                .map(|o| tr(&o.label, lang).to_string())
                .unwrap_or_else(|| v.clone()),
        })
        .collect();
    view! { <p class="hint">{lang.t_args("form-print-only-if", &[("question", label.into()), ("answer", values.join(" / ").into())])}</p> }
}

fn print_question(def: &FormDefinition, q: &Question, lang: Lang) -> AnyView {
    let label = tr(&q.label, lang).to_string();
    let hint = q.hint.as_ref().map(|h| tr(h, lang).to_string());
    let note = q.show_if.as_ref().map(|c| condition_note(def, c, lang));
    let required = (q.required && q.kind.takes_answer())
        .then(|| view! { <span class="meta">" ("{lang.t("form-print-required")}")"</span> });
    let body = match q.kind {
        QuestionKind::Information => return view! { <div class="inset"><h3>{label}</h3>{hint.map(|h| view! { <Paragraphs text=h/> })}</div> }.into_any(),
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::YesNo => {
            let options: Vec<String> = if q.kind == QuestionKind::YesNo {
                vec![lang.t("form-yes"), lang.t("form-no")]
            } else {
                q.options.iter().map(|o| tr(&o.label, lang).to_string()).collect()
            };
            view! { <ul class="print-choices">{options.into_iter().map(|o| view! { <li>"☐ "{o}</li> }).collect_view()}</ul> }.into_any()
        }
        QuestionKind::Declaration => view! { <p>"☐ "{lang.t("form-print-tick")}</p> }.into_any(),
        QuestionKind::LongText => view! { <div class="print-box print-box--tall"></div> }.into_any(),
        QuestionKind::File => view! { <p>"☐ "{lang.t("form-print-attach")}</p> }.into_any(),
        QuestionKind::PostalAddress => view! {
            <p class="print-line-label">{lang.t("form-address-street")}</p><div class="print-box"></div>
            <p class="print-line-label">{lang.t("form-address-postcode")}" / "{lang.t("form-address-city")}</p><div class="print-box"></div>
        }.into_any(),
        QuestionKind::RepeatingGroup => {
            let copies = q.max_items.unwrap_or(rules::DEFAULT_MAX_ITEMS).min(3);
            let item = q.item_label.as_ref().map(|l| tr(l, lang).to_string()).unwrap_or_default();
            view! {
                {(0..copies).map(|i| view! {
                    <fieldset class="print-group"><legend>{format!("{item} {}", i + 1)}</legend>
                        {q.questions.iter().map(|sub| print_question(def, sub, lang)).collect_view()}
                    </fieldset>
                }).collect_view()}
            }.into_any()
        }
        _ => {
            // On paper there is no "today" to give an example from.
            let format_hint = format_hint(q.kind, lang, None);
            view! { {format_hint.map(|f| view! { <p class="hint">{f}</p> })}<div class="print-box"></div> }.into_any()
        }
    };
    view! {
        <div class="print-question">
            <h3 class="print-question__label">{label}{required}</h3>
            {note}
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {body}
        </div>
    }
    .into_any()
}

/// A signed-in person's drafts: what each is, when it was last changed and when it goes, what is
/// left, with "continue" and "delete". Plain links and forms: works without JavaScript.
#[component]
pub fn MyDraftsPage() -> impl IntoView {
    let lang = use_lang();
    let deleted = use_query_map().read_untracked().get("borttaget").is_some();
    let data = Resource::new(|| (), move |_| fetch_my_drafts(lang));
    view! {
        <Breadcrumbs items=vec![(routes::my_pages(), lang.t("identity-my-pages"))]/>
        {load(data, move |page: MyDrafts| {
            let title = lang.t("drafts-title");
            view! {
                <Title text=title.clone()/>
                {deleted.then(|| view! {
                    <div class="panel panel--small" role="status" data-test="draft-deleted"><p>{lang.t("drafts-deleted")}</p></div>
                })}
                <h1>{title}</h1>
                <p class="lead">{lang.t_args("drafts-lead", &[("days", page.keep_days.into())])}</p>
                {if page.drafts.is_empty() {
                    view! { <p data-test="drafts-empty">{lang.t("drafts-empty")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="draft-list" data-test="drafts">
                            {page.drafts.into_iter().map(|d| view! { <DraftItem draft=d/> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            }
        })}
    }
}

#[component]
fn DraftItem(draft: DraftSummary) -> impl IntoView {
    let lang = use_lang();
    let left = match &draft.next_step {
        Some(step) => lang.t_args(
            "drafts-next-step",
            &[("step", step.clone().into()), ("done", draft.steps_done.into()), ("total", draft.steps_total.into())],
        ),
        None => lang.t("drafts-ready"),
    };
    let expires = lang.t_args("drafts-expires", &[("date", draft.expires.clone().into())]);
    view! {
        <li class="draft-list__item" data-test=format!("draft-{}", draft.form_id)>
            <h2 class="draft-list__title">{draft.title.clone()}</h2>
            <p class="hint">{draft.service_name.clone()}</p>
            <dl class="summary-list">
                <div><dt>{lang.t("drafts-updated")}</dt><dd>{draft.updated.clone()}</dd></div>
                <div><dt>{lang.t("drafts-left")}</dt><dd data-test="draft-left">{left}</dd></div>
                <div><dt>{lang.t("drafts-kept-until")}</dt>
                    <dd data-test="draft-expires">
                        {if draft.expires_soon { view! { <strong>{expires}</strong> }.into_any() } else { expires.into_any() }}
                    </dd>
                </div>
            </dl>
            <p>
                <a class="button" href=draft.continue_to.clone() data-test="draft-continue">
                    {lang.t("drafts-continue")}<span class="visually-hidden">": "{draft.title.clone()}</span>
                </a>
            </p>
            <form method="post" action=routes::my_draft_delete(&draft.form_id) data-test="draft-delete">
                <button type="submit" class="button button--secondary">
                    {lang.t("drafts-delete")}<span class="visually-hidden">": "{draft.title.clone()}</span>
                </button>
            </form>
        </li>
    }
}
