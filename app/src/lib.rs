//! The portal's Leptos application: pages, components and server functions, organised by
//! capability. Compiled with `ssr` for the server (where the domain and its storage live)
//! and with `hydrate` for the browser.

#![forbid(unsafe_code)]

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
pub mod cases;
pub mod catalog;
pub mod forms;
pub mod identity;
pub mod registry;
// The application: site pages, the content import, and the state that joins the capabilities.
pub mod pages;

#[cfg(feature = "ssr")]
pub mod attachments;
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
    // Erased here, so the server crate's handlers (leptos_axum's renderer and its fallback) are
    // generated for one `AnyView` rather than for the whole document's nested type: the release
    // build of app and server 363 s → 341 s on two cores (CPU time 639 s → 589 s), the pages as
    // fast and byte for byte the same.
    .into_any()
}

/// A page the browser build leaves out. The browser runs islands only (the form step's form,
/// `forms::pages::StepForm`), never this route table, so no page needs compiling for it; the
/// stand-in keeps the table the same in both builds.
macro_rules! server_page {
    ($page:path) => {{
        // Each page's view is erased into one type at its route, so the route table's type does
        // not nest every page's: its render code is generated once per page instead of through
        // the whole table (this crate's release build: 302 s instead of 325 s; one allocation per
        // page rendered, not measurable in the page benchmark).
        #[cfg(feature = "ssr")]
        let page = || $page().into_any();
        #[cfg(not(feature = "ssr"))]
        let page = ServerRendered;
        page
    }};
}

/// Stands in, in the browser build, for a page only the server renders (never rendered there:
/// the browser hydrates islands, not routes); should it ever be, it loads the page from the server.
#[cfg(not(feature = "ssr"))]
#[component]
fn ServerRendered() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().reload();
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
            lang.document_title(&page)
        }/>
        <Router>
            <layout::Page>
                <Routes fallback=|| view! { <pages::NotFound/> }>
                    <Route path=() view=server_page!(catalog::pages::Home) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::SEARCH) view=server_page!(catalog::pages::Search) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::SERVICES), ParamSegment("id")) view=server_page!(catalog::pages::ServicePage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::LIFE_EVENTS) view=server_page!(catalog::pages::LifeEvents) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::LIFE_EVENTS), ParamSegment("id")) view=server_page!(catalog::pages::LifeEventPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::ORGANISATIONS) view=server_page!(catalog::pages::Organisations) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::ORGANISATIONS), ParamSegment("id")) view=server_page!(catalog::pages::OrganisationPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::DEPARTMENTS), ParamSegment("id")) view=server_page!(catalog::pages::DepartmentPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::UNITS) view=server_page!(catalog::pages::units::UnitsPage) ssr=SsrMode::Async/>
                    // Before the unit's own page: `jamfor` is never a unit's id.
                    <Route path=(StaticSegment(routes::UNITS), StaticSegment(routes::UNITS_COMPARE)) view=server_page!(catalog::pages::units::CompareUnitsPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::UNITS), ParamSegment("id")) view=server_page!(catalog::pages::units::UnitPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::FORMS), ParamSegment("form")) view=server_page!(forms::pages::FormStartPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::FORMS), ParamSegment("form"), StaticSegment(routes::FORM_CHECK)) view=server_page!(forms::pages::CheckAnswersPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::FORMS), ParamSegment("form"), StaticSegment(routes::FORM_PRINT)) view=server_page!(forms::pages::PrintPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::FORMS), ParamSegment("form"), StaticSegment(routes::FORM_RECEIPT), ParamSegment("reference")) view=server_page!(forms::pages::ConfirmationPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::FORMS), ParamSegment("form"), ParamSegment("step")) view=|| forms::pages::FormStepPage().into_any() ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::SIGN_IN) view=server_page!(identity::pages::SignInPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::SIGN_IN), StaticSegment(routes::SIGN_IN_PROBLEM)) view=server_page!(identity::pages::SignInProblemPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::SIGNED_OUT) view=server_page!(identity::pages::SignedOutPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::MY_PAGES) view=server_page!(pages::MyPages) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::MY_PAGES), StaticSegment(routes::MY_CONSENTS), ParamSegment("id")) view=server_page!(forms::consent::ConsentTaskPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::MY_PAGES), StaticSegment(routes::MY_DATA)) view=server_page!(identity::pages::MyDataPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::STAFF) view=server_page!(identity::pages::StaffSignInPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::STAFF), StaticSegment(routes::STAFF_HOME)) view=server_page!(identity::pages::StaffHomePage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::STAFF), StaticSegment(routes::STAFF_ROLES)) view=server_page!(identity::pages::StaffRolesPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::MY_PAGES), StaticSegment(routes::PROFILE)) view=server_page!(identity::pages::ProfilePage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::MY_PAGES), StaticSegment(routes::MY_REPRESENT)) view=server_page!(identity::pages::RepresentPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::CONFIRM_EMAIL) view=server_page!(identity::pages::ConfirmEmailPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::DEMO_SIGN_IN) view=server_page!(identity::pages::DemoSignInPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::DEMO_SIGNING) view=server_page!(identity::pages::DemoSigningPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::STAFF), StaticSegment(routes::STAFF_QUEUE), ParamSegment("queue")) view=server_page!(cases::pages::StaffQueuePage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::STAFF), StaticSegment(routes::STAFF_CASES), ParamSegment("id")) view=server_page!(cases::pages::StaffCasePage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::STAFF), StaticSegment(routes::STAFF_CASES), ParamSegment("id"), StaticSegment(routes::DECISION_DOCUMENT)) view=server_page!(cases::pages::StaffDecisionDocumentPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::STAFF), StaticSegment(routes::STAFF_STATISTICS)) view=server_page!(cases::statistics::StatisticsPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::STAFF), StaticSegment(routes::STAFF_AUDIT)) view=server_page!(cases::audit_log::AuditLogPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::STAFF), StaticSegment(routes::STAFF_REFERRALS)) view=server_page!(cases::pages::StaffReferralsPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::STAFF), StaticSegment(routes::STAFF_REFERRALS), ParamSegment("id")) view=server_page!(cases::pages::StaffReferralPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::MY_PAGES), StaticSegment(routes::MY_DRAFTS)) view=server_page!(forms::pages::MyDraftsPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::MY_PAGES), StaticSegment(routes::MY_CASES)) view=server_page!(cases::pages::MyCasesPage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::MY_PAGES), StaticSegment(routes::MY_CASES), ParamSegment("id")) view=server_page!(cases::pages::MyCasePage) ssr=SsrMode::Async/>
                    <Route path=(StaticSegment(routes::MY_PAGES), StaticSegment(routes::MY_CASES), ParamSegment("id"), StaticSegment(routes::DECISION_DOCUMENT)) view=server_page!(cases::pages::MyDecisionDocumentPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::REGISTER) view=server_page!(cases::pages::RegisterSearchPage) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::ACCESSIBILITY) view=server_page!(pages::Accessibility) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::PRIVACY) view=server_page!(pages::Privacy) ssr=SsrMode::Async/>
                    <Route path=StaticSegment(routes::CONTACT) view=server_page!(pages::Contact) ssr=SsrMode::Async/>
                </Routes>
            </layout::Page>
        </Router>
    }
    // Erased for the same reason as `shell`: the route list is generated from it in the server.
    .into_any()
}
