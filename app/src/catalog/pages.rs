//! Catalogue pages: home, search, life events, organisations, departments and services; the
//! units to choose between in `units`. Each page loads its data through a server function and
//! renders fully on the server (`SsrMode::Async`), so it works without JavaScript.

pub mod units;

use super::*;
use crate::{
    layout::{load, param, Breadcrumbs, Paragraphs},
    request::use_lang,
    routes,
};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// [`load`] for a page built from the catalogue alone: once rendered, the server may keep it
/// until the catalogue changes (an error page is never kept).
fn load_catalogue<T, V>(
    resource: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    load(resource, move |data| {
        crate::layout::mark_catalogue_page();
        render(data)
    })
}

#[component]
pub fn SearchForm(#[prop(optional, into)] value: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <form method="get" action=routes::search() role="search" class="search-form" data-test="search-form">
            <label for="search-q" class="label">{lang.t("search-label")}</label>
            <div id="search-hint" class="hint">{lang.t("search-hint")}</div>
            <div class="search-form__row">
                <input id="search-q" name="q" type="search" class="input" value=value
                    maxlength="200" autocomplete="off" aria-describedby="search-hint"/>
                <button type="submit" class="button" data-test="search-submit">{lang.t("search-button")}</button>
            </div>
        </form>
    }
}

/// A list of services. `ordered`: ranked search results, which stand right under the page's `<h1>`,
/// so their names are `<h2>`s; elsewhere the list follows an `<h2>` and the names are `<h3>`s.
#[component]
pub fn ServiceList(services: Vec<ServiceSummary>, #[prop(optional)] ordered: bool) -> impl IntoView {
    let lang = use_lang();
    let items = services
        .into_iter()
        .map(|s| {
            let link = view! { <a href=routes::service(&s.id) data-test="service-link">{s.name}</a> };
            let name = if ordered {
                view! { <h2 class="service-list__name">{link}</h2> }.into_any()
            } else {
                view! { <h3 class="service-list__name">{link}</h3> }.into_any()
            };
            view! {
                <li class="service-list__item">
                    {name}
                    <p>{s.summary}</p>
                    <p class="meta">{s.organisation_name}" · "{lang.t(&s.level.message_id())}</p>
                </li>
            }
        })
        .collect_view();
    if ordered {
        view! { <ol class="service-list" data-test="search-results">{items}</ol> }.into_any()
    } else {
        view! { <ul class="service-list">{items}</ul> }.into_any()
    }
}

#[component]
fn ContactDetails(
    contact: Contact,
    #[prop(optional)] address: Option<String>,
    #[prop(optional)] website: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <dl class="summary-list">
            <div><dt>{lang.t("contact-email")}</dt><dd><a href=format!("mailto:{}", contact.email)>{contact.email.clone()}</a></dd></div>
            <div><dt>{lang.t("contact-phone")}</dt><dd><a href=format!("tel:{}", contact.phone.replace([' ', '-'], ""))>{contact.phone.clone()}</a></dd></div>
            <div><dt>{lang.t("contact-opening-hours")}</dt><dd>{contact.opening_hours}</dd></div>
            {address.map(|a| view! { <div><dt>{lang.t("contact-address")}</dt><dd>{a}</dd></div> })}
            {website.map(|w| view! { <div><dt>{lang.t("contact-website")}</dt><dd><a href=w.clone()>{w.clone()}</a></dd></div> })}
        </dl>
    }
}

#[component]
pub fn Home() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), move |_| fetch_home(lang));
    view! {
        <Title text=""/>
        <h1>{lang.t("home-title")}</h1>
        <p class="lead">{lang.t("home-lead")}</p>
        <SearchForm/>
        {load_catalogue(data, move |home: HomeData| view! {
            <h2>{lang.t("home-life-events")}</h2>
            <ul class="card-grid">
                {home.life_events.into_iter().map(|e| view! {
                    <li class="card">
                        <h3 class="card__title"><a href=routes::life_event(&e.id) data-test="life-event-link">{e.name}</a></h3>
                        <p>{e.description}</p>
                    </li>
                }).collect_view()}
            </ul>
            <h2>{lang.t("home-organisations")}</h2>
            <ul class="link-list">
                {home.organisations.into_iter().map(|o| view! {
                    <li><a href=routes::organisation(&o.id) data-test="organisation-link">{o.name}</a></li>
                }).collect_view()}
            </ul>
            <h2>{lang.t("units-home-heading")}</h2>
            <p>{lang.t("units-home-text")}</p>
            <p><a href=routes::units() data-test="units-link">{lang.t("units-home-link")}</a></p>
        })}
    }
}

#[component]
pub fn Search() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let results = Resource::new(q, move |q| run_search(q, lang));
    view! {
        <Breadcrumbs items=vec![]/>
        {load(results, move |r: SearchResults| {
            let title = match &r.outcome {
                SearchOutcome::Empty => lang.t("search-title"),
                SearchOutcome::Found(_) => lang.t_args("search-title-query", &[("query", r.query.clone().into())]),
            };
            view! {
                <Title text=title.clone()/>
                <h1>{title}</h1>
                <SearchForm value=r.query.clone()/>
                {match r.outcome {
                    SearchOutcome::Empty => view! {
                        <div data-test="empty-query">
                            <p>{lang.t("search-empty")}</p>
                            <p><a href=routes::life_events()>{lang.t("search-browse-life-events")}</a></p>
                        </div>
                    }.into_any(),
                    SearchOutcome::Found(services) if services.is_empty() => view! {
                        <div data-test="no-results">
                            <p role="status">{lang.t_args("search-no-results", &[("query", r.query.clone().into())])}</p>
                            <p>{lang.t("search-no-results-help")}</p>
                            <ul class="list">
                                <li>{lang.t("search-tip-spelling")}</li>
                                <li>{lang.t("search-tip-fewer-words")}</li>
                                <li><a href=routes::life_events()>{lang.t("search-browse-life-events")}</a></li>
                            </ul>
                        </div>
                    }.into_any(),
                    SearchOutcome::Found(services) => view! {
                        <p role="status" data-test="result-count">{lang.t_args("search-result-count", &[("count", services.len().into())])}</p>
                        <ServiceList services ordered=true/>
                    }.into_any(),
                }}
            }
        })}
    }
}

#[component]
pub fn LifeEvents() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), move |_| fetch_life_events(lang));
    view! {
        <Title text=lang.t("life-events-title")/>
        <Breadcrumbs items=vec![]/>
        <h1>{lang.t("life-events-title")}</h1>
        <p class="lead">{lang.t("life-events-lead")}</p>
        {load_catalogue(data, move |events: Vec<LifeEvent>| view! {
            <ul class="card-grid">
                {events.into_iter().map(|e| view! {
                    <li class="card">
                        <h2 class="card__title"><a href=routes::life_event(&e.id) data-test="life-event-link">{e.name}</a></h2>
                        <p>{e.description}</p>
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
pub fn LifeEventPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(param("id"), move |id| fetch_life_event(id, lang));
    load_catalogue(data, move |page: LifeEventPageData| {
        view! {
            <Title text=page.life_event.name.clone()/>
            <Breadcrumbs items=vec![(routes::life_events(), lang.t("life-events-title"))]/>
            <h1>{page.life_event.name}</h1>
            <p class="lead">{page.life_event.description}</p>
            <h2>{lang.t_args("services-count", &[("count", page.services.len().into())])}</h2>
            <ServiceList services=page.services/>
        }
    })
}

#[component]
pub fn Organisations() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), move |_| fetch_organisations(lang));
    view! {
        <Title text=lang.t("organisations-title")/>
        <Breadcrumbs items=vec![]/>
        <h1>{lang.t("organisations-title")}</h1>
        <p class="lead">{lang.t("organisations-lead")}</p>
        {load_catalogue(data, move |orgs: Vec<Organisation>| view! {
            <ul class="card-grid">
                {orgs.into_iter().map(|o| view! {
                    <li class="card">
                        <h2 class="card__title"><a href=routes::organisation(&o.id) data-test="organisation-link">{o.name}</a></h2>
                        <p class="meta">{lang.t(&format!("kind-{}", o.kind))}</p>
                        <p>{o.description}</p>
                    </li>
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(param("id"), move |id| fetch_organisation(id, lang));
    load_catalogue(data, move |page: OrganisationPageData| {
        let o = page.organisation;
        view! {
            <Title text=o.name.clone()/>
            <Breadcrumbs items=vec![(routes::organisations(), lang.t("organisations-title"))]/>
            <span class="caption">{lang.t(&format!("kind-{}", o.kind))}</span>
            <h1>{o.name.clone()}</h1>
            <Paragraphs text=o.description/>
            <h2>{lang.t("contact-heading")}</h2>
            <ContactDetails contact=o.contact address=o.address website=o.website/>
            <h2>{lang.t("organisation-departments")}</h2>
            {page.departments.into_iter().map(|(d, services)| view! {
                <section class="department" aria-labelledby=format!("dept-{}", d.id)>
                    <h3 id=format!("dept-{}", d.id)><a href=routes::department(&d.id) data-test="department-link">{d.name}</a></h3>
                    <p>{d.description}</p>
                    <ServiceList services/>
                </section>
            }).collect_view()}
        }
    })
}

#[component]
pub fn DepartmentPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(param("id"), move |id| fetch_department(id, lang));
    load_catalogue(data, move |page: DepartmentPageData| {
        let d = page.department;
        view! {
            <Title text=d.name.clone()/>
            <Breadcrumbs items=vec![
                (routes::organisations(), lang.t("organisations-title")),
                (routes::organisation(&d.organisation_id), d.organisation_name.clone()),
            ]/>
            <span class="caption">{d.organisation_name.clone()}</span>
            <h1>{d.name.clone()}</h1>
            <Paragraphs text=d.description/>
            <h2>{lang.t("contact-heading")}</h2>
            <ContactDetails contact=d.contact/>
            <h2>{lang.t_args("services-count", &[("count", page.services.len().into())])}</h2>
            <ServiceList services=page.services/>
        }
    })
}

/// schema.org `GovernmentService` for search engines; `<` is escaped so text cannot end the script.
fn json_ld(s: &ServiceDetail, lang: Lang) -> String {
    let value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": s.name,
        "description": s.summary,
        "url": routes::service(&s.id),
        "inLanguage": lang.code(),
        "serviceType": lang.t(&s.level.message_id()),
        "provider": {
            "@type": "GovernmentOrganization",
            "name": s.organisation.name,
            "url": s.organisation.website,
            "email": s.organisation.contact.email,
            "telephone": s.organisation.contact.phone,
        },
        "areaServed": s.organisation.name,
        "termsOfService": s.legal_basis.iter().map(|l| l.url.clone()).collect::<Vec<_>>(),
    });
    value.to_string().replace('<', "\\u003c")
}

#[component]
pub fn ServicePage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(param("id"), move |id| fetch_service(id, lang));
    load_catalogue(data, move |s: ServiceDetail| {
        let ld = json_ld(&s, lang);
        let level = s.level;
        view! {
            <Title text=s.name.clone()/>
            <script type="application/ld+json" inner_html=ld></script>
            <Breadcrumbs items=vec![
                (routes::organisation(&s.organisation.id), s.organisation.name.clone()),
                (routes::department(&s.department.id), s.department.name.clone()),
            ]/>
            <span class="caption">{s.department.name.clone()}", "{s.organisation.name.clone()}</span>
            <h1>{s.name.clone()}</h1>
            <p class="lead">{s.summary.clone()}</p>
            <p><strong class="tag" data-test="service-level">{lang.t(&level.message_id())}</strong></p>
            <div class="inset call-to-action" data-test="call-to-action">
                <h2>{lang.t("cta-heading")}</h2>
                {match s.form.clone() {
                    Some(form) => view! {
                        // A personal (or cross-agency) e-service is used signed in; a level-2
                        // form needs no sign-in.
                        <p>{lang.t(if matches!(level, Level::EService | Level::CrossAgency) { "cta-online-e-service" } else { "cta-online-form" })}</p>
                        <p><a href=routes::form(&form) class="button button--start" role="button" data-test="form-link">{lang.t("cta-form-button")}</a></p>
                        <p><a href=routes::form_print(&form) data-test="print-form-link">{lang.t("cta-form-print")}</a></p>
                    }.into_any(),
                    None => view! { <p>{lang.t(&format!("cta-{}", level.code()))}</p> }.into_any(),
                }}
                {s.units.map(|kind| units::service_units_link(lang, kind, &s.organisation.id))}
                <p>
                    {lang.t("cta-contact")}" "
                    <a href=format!("mailto:{}", s.department.contact.email)>{s.department.contact.email.clone()}</a>
                    ", "
                    <a href=format!("tel:{}", s.department.contact.phone.replace([' ', '-'], ""))>{s.department.contact.phone.clone()}</a>
                </p>
            </div>
            <div class="service-sections">
                <h2>{lang.t("service-about")}</h2>
                <Paragraphs text=s.description/>
                <h2>{lang.t("service-audience")}</h2>
                <Paragraphs text=s.audience/>
                <h2>{lang.t("service-how")}</h2>
                <Paragraphs text=s.how_to_apply/>
                <h2>{lang.t("service-requirements")}</h2>
                <Paragraphs text=s.requirements/>
                <h2>{lang.t("service-fees")}</h2>
                <Paragraphs text=s.fees/>
                <h2>{lang.t("service-handling-time")}</h2>
                <Paragraphs text=s.handling_time/>
                {(!s.legal_basis.is_empty()).then(|| view! {
                    <h2>{lang.t("service-legal-basis")}</h2>
                    <ul class="list">
                        {s.legal_basis.into_iter().map(|l| view! { <li><a href=l.url>{l.title}</a></li> }).collect_view()}
                    </ul>
                })}
                {(!s.authorities.is_empty()).then(|| view! {
                    <h2>{lang.t("service-authorities")}</h2>
                    <ul class="list">
                        {s.authorities.into_iter().map(|a| view! {
                            <li><a href=a.url>{a.name}</a>": "{a.role}</li>
                        }).collect_view()}
                    </ul>
                })}
                <h2>{lang.t("service-responsible")}</h2>
                <p>
                    <a href=routes::department(&s.department.id)>{s.department.name.clone()}</a>", "
                    <a href=routes::organisation(&s.organisation.id)>{s.organisation.name.clone()}</a>
                </p>
                <ContactDetails contact=s.department.contact address=s.organisation.address/>
                {(!s.life_events.is_empty()).then(|| view! {
                    <h2>{lang.t("service-life-events")}</h2>
                    <ul class="list">
                        {s.life_events.into_iter().map(|e| view! {
                            <li><a href=routes::life_event(&e.id)>{e.name}</a></li>
                        }).collect_view()}
                    </ul>
                })}
                {(!s.related.is_empty()).then(|| view! {
                    <h2>{lang.t("service-related")}</h2>
                    <ServiceList services=s.related/>
                })}
            </div>
        }
    })
}
