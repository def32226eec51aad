//! Pages every public authority must have (accessibility statement, privacy, contact) and
//! the not-found page. Their texts are Fluent messages following one pattern, see `TextPage`.

use crate::{
    catalog::{fetch_organisations, Organisation},
    error::AppError,
    layout::{Breadcrumbs, ErrorPage, Loading},
    request::use_lang,
    routes,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// My pages: identity's overview, with the applications waiting for the other guardian's
/// consent (forms) shown after the person's summary. Joined here, as identity may not use forms.
#[component]
pub fn MyPages() -> impl IntoView {
    let tasks = ViewFn::from(|| view! { <crate::forms::consent::ConsentSection/> });
    view! { <crate::identity::pages::MyPagesPage tasks/> }
}

#[component]
pub fn NotFound() -> impl IntoView {
    view! { <ErrorPage error=AppError::NotFound/> }
}

/// Renders the messages `{prefix}-title`, `{prefix}-lead` and sections n = 1, 2, … with
/// `-heading`, paragraphs `-body-m`, list items `-item-m` and an optional `-link-text`/`-link-url`.
#[component]
fn TextPage(prefix: &'static str, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let lang = use_lang();
    let id = |rest: &str| format!("{prefix}-{rest}");
    let numbered = move |base: String| {
        (1..).map(move |m| format!("{base}-{m}")).take_while(move |id| lang.has(id)).collect::<Vec<_>>()
    };
    let sections = (1..)
        .map(|n| id(&format!("section-{n}")))
        .take_while(|s| lang.has(&format!("{s}-heading")))
        .map(|s| {
            let paragraphs = numbered(format!("{s}-body"));
            let items = numbered(format!("{s}-item"));
            let link = lang
                .has(&format!("{s}-link-text"))
                .then(|| (lang.t(&format!("{s}-link-url")), lang.t(&format!("{s}-link-text"))));
            view! {
                <h2>{lang.t(&format!("{s}-heading"))}</h2>
                {paragraphs.into_iter().map(|p| view! { <p>{lang.t(&p)}</p> }).collect_view()}
                {(!items.is_empty()).then(|| view! {
                    <ul class="list">{items.into_iter().map(|i| view! { <li>{lang.t(&i)}</li> }).collect_view()}</ul>
                })}
                {link.map(|(href, text)| view! { <p><a href=href>{text}</a></p> })}
            }
        })
        .collect_view();
    let lead = lang.has(&id("lead")).then(|| view! { <p class="lead">{lang.t(&id("lead"))}</p> });
    view! {
        <Title text=lang.t(&id("title"))/>
        <Breadcrumbs items=vec![]/>
        <h1>{lang.t(&id("title"))}</h1>
        {lead}
        {children.map(|c| c())}
        {sections}
    }
}

#[component]
pub fn Accessibility() -> impl IntoView {
    view! { <TextPage prefix="a11y"/> }
}

#[component]
pub fn Privacy() -> impl IntoView {
    view! { <TextPage prefix="privacy"/> }
}

#[component]
pub fn Contact() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), move |_| fetch_organisations(lang));
    view! {
        <TextPage prefix="contact">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(orgs) => view! { <OrganisationContacts orgs/> }.into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })}
            </Suspense>
        </TextPage>
    }
}

#[component]
fn OrganisationContacts(orgs: Vec<Organisation>) -> impl IntoView {
    let lang = use_lang();
    orgs.into_iter()
        .map(|o| view! {
            <section class="contact-card" aria-labelledby=format!("org-{}", o.id)>
                <h2 id=format!("org-{}", o.id)><a href=routes::organisation(&o.id)>{o.name}</a></h2>
                <dl class="summary-list">
                    <div><dt>{lang.t("contact-email")}</dt><dd><a href=format!("mailto:{}", o.contact.email)>{o.contact.email.clone()}</a></dd></div>
                    <div><dt>{lang.t("contact-phone")}</dt><dd>{o.contact.phone}</dd></div>
                    <div><dt>{lang.t("contact-opening-hours")}</dt><dd>{o.contact.opening_hours}</dd></div>
                    <div><dt>{lang.t("contact-address")}</dt><dd>{o.address}</dd></div>
                </dl>
            </section>
        })
        .collect_view()
}
