//! The portal's Leptos application: pages, components and server functions, organised by
//! capability. Compiled with `ssr` for the server (where the domain and its storage live)
//! and with `hydrate` for the browser.

pub mod catalog;
pub mod error;
pub mod forms;
pub mod hydration;
pub mod i18n;
pub mod layout;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod error_page;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod sessions;
#[cfg(feature = "ssr")]
pub mod state;

use crate::i18n::Lang;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The CSP nonce the server chose for this response (a request extension set by middleware).
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// The language the server resolved for this request (query, then session, then Swedish).
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

#[cfg(feature = "ssr")]
fn request_lang() -> Lang {
    use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<Lang>().copied()).unwrap_or_default()
}

#[cfg(not(feature = "ssr"))]
fn request_lang() -> Lang {
    // The browser reads back what the server rendered, so hydration matches.
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| Lang::parse(&code))
        .unwrap_or_default()
}

/// The HTML document around the application; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    #[cfg(feature = "ssr")]
    if let Some(nonce) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned()) {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                // A plain link in the shell: leptos_meta's <Stylesheet> fails to hydrate here.
                <link rel="stylesheet" id="portal" href="/pkg/portal.css"/>
                // Not leptos' <HydrationScripts>: it writes the nonce into `crossorigin` (see hydration.rs).
                <hydration::PortalHydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = request_lang();
    provide_context(lang);

    view! {
        <Title formatter=move |page: String| {
            // leptos_meta writes the title unescaped during SSR: strip what could end the element.
            let page = page.replace(['<', '>'], "");
            if page.is_empty() { lang.t("portal-name") } else { format!("{page} – {}", lang.t("portal-name")) }
        }/>
        <Router>
            <layout::Page>
                <Routes fallback=|| view! { <pages::NotFound/> }>
                    <Route path=path!("/") view=catalog::pages::Home ssr=SsrMode::Async/>
                    <Route path=path!("/sok") view=catalog::pages::Search ssr=SsrMode::Async/>
                    <Route path=path!("/tjanster/:id") view=catalog::pages::ServicePage ssr=SsrMode::Async/>
                    <Route path=path!("/livshandelser") view=catalog::pages::LifeEvents ssr=SsrMode::Async/>
                    <Route path=path!("/livshandelser/:id") view=catalog::pages::LifeEventPage ssr=SsrMode::Async/>
                    <Route path=path!("/organisationer") view=catalog::pages::Organisations ssr=SsrMode::Async/>
                    <Route path=path!("/organisationer/:id") view=catalog::pages::OrganisationPage ssr=SsrMode::Async/>
                    <Route path=path!("/avdelningar/:id") view=catalog::pages::DepartmentPage ssr=SsrMode::Async/>
                    <Route path=path!("/formular/:form") view=forms::pages::FormStartPage ssr=SsrMode::Async/>
                    <Route path=path!("/formular/:form/kontrollera") view=forms::pages::CheckAnswersPage ssr=SsrMode::Async/>
                    <Route path=path!("/formular/:form/utskrift") view=forms::pages::PrintPage ssr=SsrMode::Async/>
                    <Route path=path!("/formular/:form/kvitto/:reference") view=forms::pages::ConfirmationPage ssr=SsrMode::Async/>
                    <Route path=path!("/formular/:form/:step") view=forms::pages::FormStepPage ssr=SsrMode::Async/>
                    <Route path=path!("/tillganglighet") view=pages::Accessibility ssr=SsrMode::Async/>
                    <Route path=path!("/integritet") view=pages::Privacy ssr=SsrMode::Async/>
                    <Route path=path!("/kontakt") view=pages::Contact ssr=SsrMode::Async/>
                </Routes>
            </layout::Page>
        </Router>
    }
}
