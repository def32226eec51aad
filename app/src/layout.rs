//! The frame of every page after the GOV.UK Design System: skip link, header with language
//! switch, breadcrumbs, main landmark and footer, plus small shared components.

use crate::{access::Actor, error::AppError, i18n::Lang, request::use_lang, routes};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};
use serde::Serialize;

#[component]
pub fn Page(children: Children) -> impl IntoView {
    let lang = use_lang();
    view! {
        <a href="#main" class="skip-link">{lang.t("skip-to-content")}</a>
        <header class="header">
            <div class="width-container header__inner">
                <a href=routes::home() class="header__name">{lang.t("portal-name")}</a>
                <nav class="header__nav" aria-label=lang.t("nav-label")>
                    <ul>
                        <li><a href=routes::life_events()>{lang.t("nav-life-events")}</a></li>
                        <li><a href=routes::organisations()>{lang.t("nav-organisations")}</a></li>
                        <li><a href=routes::search()>{lang.t("nav-search")}</a></li>
                        <li><LanguageSwitch/></li>
                    </ul>
                </nav>
                <div id="account" class="header__account" inner_html=account_area()></div>
            </div>
        </header>
        <div class="width-container">
            <p class="phase-banner"><strong class="tag">{lang.t("demo-tag")}</strong>" "{lang.t("demo-banner")}</p>
            <main id="main" class="main" tabindex="-1">{children()}</main>
        </div>
        <footer class="footer">
            <div class="width-container">
                <h2 class="visually-hidden">{lang.t("footer-heading")}</h2>
                <ul class="footer__links">
                    <li><a href=routes::accessibility() data-test="footer-accessibility">{lang.t("footer-accessibility")}</a></li>
                    <li><a href=routes::contact() data-test="footer-contact">{lang.t("footer-contact")}</a></li>
                    <li><a href=routes::privacy() data-test="footer-privacy">{lang.t("footer-privacy")}</a></li>
                    <li><a href=routes::register() data-test="footer-register">{lang.t("footer-register")}</a></li>
                </ul>
                <p>{lang.t("footer-licence")}</p>
            </div>
        </footer>
    }
}

/// The header's account area as HTML: "Sign in", or who is signed in, My pages and "Sign out".
/// Plain HTML so that the server can put the visitor's own into a kept page, which is kept
/// with the anonymous one ([`account_html`] of [`Actor::Anonymous`]) and never with a name.
/// `path` is the page's own address (to come back to after "stay signed in"); `ends_at_ms` when
/// the sign-in ends without activity.
pub fn account_html(lang: Lang, actor: &Actor, path: &str, ends_at_ms: Option<i64>) -> String {
    match actor {
        Actor::Anonymous => format!(
            "<a href=\"{}\" data-test=\"sign-in-link\">{}</a>",
            routes::sign_in(),
            escape(&lang.t("identity-sign-in"))
        ),
        Actor::Resident(_) | Actor::Staff(_) => {
            let (home, label) = match actor {
                Actor::Staff(_) => (routes::staff_home(), "identity-staff-home"),
                _ => (routes::my_pages(), "identity-my-pages"),
            };
            // Whom a resident acts for is on every page, with the way to change it.
            let acting_for = actor.resident().and_then(|me| me.acting_for.as_ref()).map(|someone| {
                format!(
                    "<span class=\"header__acting\" data-test=\"acting-for\">{}</span> <a href=\"{}\" data-test=\"acting-for-change\">{}</a>",
                    escape(&lang.t_args("represent-header", &[("name", someone.name.clone().into())])),
                    routes::my_represent(),
                    escape(&lang.t("represent-change")),
                )
            });
            format!(
                "<span class=\"header__user\" data-test=\"signed-in-as\">{}</span>{}\
                 <a href=\"{home}\" data-test=\"my-pages-link\">{}</a>\
                 <form method=\"post\" action=\"{}\"><button type=\"submit\" class=\"link-button\" data-test=\"sign-out\">{}</button></form>{}",
                escape(actor.display_name().unwrap_or_default()),
                acting_for.unwrap_or_default(),
                escape(&lang.t(label)),
                routes::sign_out(),
                escape(&lang.t("identity-sign-out")),
                ends_at_ms.map(|ends| stay_signed_in(lang, path, ends)).unwrap_or_default(),
            )
        }
    }
}

/// When the sign-in ends, and a button that keeps it going (any request does; this one returns
/// to the page).
fn stay_signed_in(lang: Lang, path: &str, ends_at_ms: i64) -> String {
    let time = crate::domain::date::stockholm_time(ends_at_ms);
    let time = time.split(' ').nth(1).unwrap_or(&time).to_string();
    format!(
        "<form method=\"post\" action=\"{}\" class=\"header__stay\"><input type=\"hidden\" name=\"till\" value=\"{}\">\
         <span data-test=\"sign-in-ends\">{}</span> <button type=\"submit\" class=\"link-button\" data-test=\"stay-signed-in\">{}</button></form>",
        routes::stay_signed_in(),
        escape(path),
        escape(&lang.t_args("identity-ends-at", &[("time", time.into())])),
        escape(&lang.t("identity-stay-signed-in")),
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The account area of this request: on the server from its actor; in the browser, what the
/// server rendered (so hydration leaves it as it is).
fn account_area() -> String {
    #[cfg(feature = "ssr")]
    return account_html(
        use_lang(),
        &crate::access::current_actor(),
        &crate::request::path_and_query().unwrap_or_default(),
        crate::access::current_sign_in_ends(),
    );
    #[cfg(not(feature = "ssr"))]
    document().get_element_by_id("account").map(|element| element.inner_html()).unwrap_or_default()
}

/// Links to the same page in the other language(s); a full page load, so the server
/// remembers the choice in its cookie and renders `<html lang>` anew.
/// The query parameters a page understands, kept when the language is switched: the search
/// words, "changing an answer", and the units list's filters and choice.
const KEPT_QUERY_PARAMETERS: [&str; 8] = ["q", "andra", "typ", "huvudman", "arskurs", "namn", "kommun", "enhet"];
/// A longer parameter is dropped from the switch link (search words are at most 200 characters,
/// each at most 9 once percent-encoded).
const MAX_KEPT_PARAMETER: usize = 2_000;
/// At most this many parameters are kept (the units list's filters and a choice of a few units).
const MAX_KEPT_PARAMETERS: usize = 16;

#[component]
fn LanguageSwitch() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let others: Vec<_> = crate::i18n::Lang::all().filter(|l| *l != lang).collect();
    others
        .into_iter()
        .map(|other| {
            let href = move || {
                let query: Vec<String> = location
                    .search
                    .get()
                    .trim_start_matches('?')
                    .split('&')
                    // Only the portal's own parameters (the search words, "changing an answer")
                    // carry over, and not without bound: the link never echoes whatever
                    // someone put in the address.
                    .filter(|p| {
                        KEPT_QUERY_PARAMETERS.iter().any(|k| p.strip_prefix(k).is_some_and(|v| v.starts_with('=')))
                    })
                    .filter(|p| p.len() <= MAX_KEPT_PARAMETER)
                    .take(MAX_KEPT_PARAMETERS)
                    .map(str::to_string)
                    .chain(std::iter::once(format!("lang={}", other.code())))
                    .collect();
                format!("{}?{}", location.pathname.get(), query.join("&"))
            };
            view! {
                <a href=href rel="external" hreflang=other.code() lang=other.code() data-test="lang-switch">
                    {other.t("language-name")}
                </a>
            }
        })
        .collect_view()
}

#[component]
pub fn Breadcrumbs(items: Vec<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="breadcrumbs" aria-label=lang.t("breadcrumbs-label") data-test="breadcrumbs">
            <ol>
                <li><a href=routes::home()>{lang.t("breadcrumbs-home")}</a></li>
                {items.into_iter().map(|(href, label)| view! { <li><a href=href>{label}</a></li> }).collect_view()}
            </ol>
        </nav>
    }
}

/// The error summary atop a form sent with problems (GOV.UK pattern): each problem links to its
/// field. `problems` are (the field's element id, the message already in the page's language).
#[component]
pub fn ErrorSummary(problems: Vec<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let items = problems
        .into_iter()
        .map(|(target, message)| view! { <li><a href=format!("#{target}")>{message}</a></li> })
        .collect_view();
    view! {
        <div class="error-summary" role="alert" tabindex="-1" id="fel" data-test="error-summary" aria-labelledby="error-summary-title">
            <h2 class="error-summary__title" id="error-summary-title">{lang.t("form-error-summary")}</h2>
            <ul class="error-summary__list">{items}</ul>
        </div>
    }
}

/// Splits plain text into paragraphs at blank lines.
#[component]
pub fn Paragraphs(text: String) -> impl IntoView {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(|p| view! { <p>{p.to_string()}</p> }).collect_view()
}

/// Sets the HTTP status of the page being rendered on the server; nothing in the browser.
pub fn set_status(status: http::StatusCode) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = status;
}

/// Whether something rendering this page has already answered with a redirect.
fn redirecting() -> bool {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        return response.0.read().is_ok_and(|parts| parts.headers.contains_key(http::header::LOCATION));
    }
    false
}

/// The response header by which a page says it depends on nothing but the catalogue, its path
/// and the language, so the server may keep the rendered page until the catalogue changes. The
/// server removes it before the response leaves.
pub const CATALOGUE_PAGE_HEADER: &str = "x-portal-catalogue-page";

/// Marks the page being rendered on the server as a pure catalogue page (see
/// [`CATALOGUE_PAGE_HEADER`]); nothing in the browser. Never call it on a page that shows
/// anything from the session or the time of day.
pub fn mark_catalogue_page() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response
            .insert_header(http::HeaderName::from_static(CATALOGUE_PAGE_HEADER), http::HeaderValue::from_static("1"));
    }
}

/// The page shown for an error: a heading, what to do, and the right status code.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let lang = use_lang();
    // A loader that sent the person elsewhere (a form's step opened before its start) and then
    // gave up keeps its redirect: the browser follows it and this page is never seen.
    if !redirecting() {
        set_status(error.status());
    }
    // Only a signed-in person may see this page: sign in, and come back here.
    #[cfg(feature = "ssr")]
    if error == AppError::Unauthenticated {
        if let Some(path) = crate::request::path_and_query() {
            // Staff pages send staff to their own sign-in; everything else to the residents'.
            if path == routes::staff_sign_in() || path.starts_with(&format!("{}/", routes::staff_sign_in())) {
                leptos_axum::redirect(&routes::staff_sign_in());
            } else {
                leptos_axum::redirect(&routes::sign_in_and_return(&path));
            }
        }
    }
    let id = error.message_id();
    let not_found = error == AppError::NotFound;
    view! {
        <leptos_meta::Title text=lang.t(id)/>
        <div data-test=if not_found { "not-found" } else { "error" }>
            <h1>{lang.t(id)}</h1>
            <p>{lang.t(&format!("{id}-body"))}</p>
            <p><a href=routes::home()>{lang.t("error-go-home")}</a></p>
        </div>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let lang = use_lang();
    view! { <p class="loading" role="status">{lang.t("loading")}</p> }
}

/// Renders a resource: a loading note, then either the page or the error page.
pub fn load<T, V>(
    resource: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => render(data).into_any(),
                        Err(error) => view! { <ErrorPage error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The route parameter `name` of the current page, as a reactive getter.
pub fn param(name: &'static str) -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let params = use_params_map();
    move || params.read().get(name).unwrap_or_default()
}
