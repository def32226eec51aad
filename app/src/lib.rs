//! The portal's Leptos application: pages, components and server functions, organised by
//! capability. Compiled with `ssr` for the server (where the domain and its storage live)
//! and with `hydrate` for the browser.

// Base: what every layer above may use (see ARCHITECTURE.md, "Layers").
pub mod access;
pub mod error;
pub mod hydration;
pub mod i18n;
pub mod request;
pub mod routes;
// Domain values shared by browser and server.
pub mod domain;
// Shared UI: the frame of every page and the components pages share.
pub mod layout;
// Capabilities.
pub mod catalog;
pub mod forms;
pub mod identity;
// The application: site pages, the content import, and the state that joins the capabilities.
pub mod pages;

#[cfg(feature = "ssr")]
pub mod audit;
#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod error_page;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(feature = "ssr")]
pub mod metrics;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod sessions;
#[cfg(feature = "ssr")]
pub mod state;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    ParamSegment, SsrMode, StaticSegment,
};
use request::request_lang;

/// The HTML document around the application; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = request_lang();
    request::provide_nonce();
    let hydrate = request::path().is_none_or(|path| routes::is_interactive(&path));
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
                // Only pages with something to do in the browser load the application: the
                // others are complete as HTML and cost a first visit no WebAssembly.
                {hydrate.then(|| view! { <hydration::PortalHydrationScripts options/> })}
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
                    <Route path=() view=catalog::pages::Home ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::SEARCH) view=catalog::pages::Search ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::SERVICES), ParamSegment("id")) view=catalog::pages::ServicePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::LIFE_EVENTS) view=catalog::pages::LifeEvents ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::LIFE_EVENTS), ParamSegment("id")) view=catalog::pages::LifeEventPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::ORGANISATIONS) view=catalog::pages::Organisations ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::ORGANISATIONS), ParamSegment("id")) view=catalog::pages::OrganisationPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::DEPARTMENTS), ParamSegment("id")) view=catalog::pages::DepartmentPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::FORMS), ParamSegment("form")) view=forms::pages::FormStartPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::FORMS), ParamSegment("form"), StaticSegment(routes::FORM_CHECK)) view=forms::pages::CheckAnswersPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::FORMS), ParamSegment("form"), StaticSegment(routes::FORM_PRINT)) view=forms::pages::PrintPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::FORMS), ParamSegment("form"), StaticSegment(routes::FORM_RECEIPT), ParamSegment("reference")) view=forms::pages::ConfirmationPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::FORMS), ParamSegment("form"), ParamSegment("step")) view=forms::pages::FormStepPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::SIGN_IN) view=identity::pages::SignInPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::SIGN_IN), StaticSegment(routes::SIGN_IN_PROBLEM)) view=identity::pages::SignInProblemPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::SIGNED_OUT) view=identity::pages::SignedOutPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::MY_PAGES) view=identity::pages::MyPagesPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::MY_PAGES), StaticSegment(routes::MY_DATA)) view=identity::pages::MyDataPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::STAFF) view=identity::pages::StaffSignInPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::STAFF), StaticSegment(routes::STAFF_HOME)) view=identity::pages::StaffHomePage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::STAFF), StaticSegment(routes::STAFF_ROLES)) view=identity::pages::StaffRolesPage ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::MY_PAGES), StaticSegment(routes::PROFILE)) view=identity::pages::ProfilePage ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::CONFIRM_EMAIL) view=identity::pages::ConfirmEmailPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::DEMO_SIGN_IN) view=identity::pages::DemoSignInPage ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::ACCESSIBILITY) view=pages::Accessibility ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::PRIVACY) view=pages::Privacy ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::CONTACT) view=pages::Contact ssr=SsrMode::Async/>
                </Routes>
            </layout::Page>
        </Router>
    }
}
