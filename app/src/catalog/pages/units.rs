//! The units pages: the list of preschools and schools with its filters (a GET form), the
//! comparison of two to four side by side (a second GET form: the list's boxes), and a page per
//! unit. All plain HTML: nothing here hydrates (`routes::is_interactive`).

use super::load_catalogue;
use crate::{
    catalog::units::*,
    i18n::Lang,
    layout::{load, param, Breadcrumbs, ErrorSummary},
    request::use_lang,
    routes,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The query of this address, bounded (see [`UnitQuery::bounded`]).
fn query_from_address() -> UnitQuery {
    let map = use_query_map().read_untracked();
    let one = |key: &str| map.get(key).unwrap_or_default();
    UnitQuery {
        kind: one(PARAM_KIND),
        provider: one(PARAM_PROVIDER),
        year: one(PARAM_YEAR),
        name: one(PARAM_NAME),
        organisation: one(PARAM_ORGANISATION),
        chosen: map.get_all(PARAM_CHOSEN).unwrap_or_default().into_iter().take(MAX_CHOSEN_READ).collect(),
    }
    .bounded()
}

/// The element id a problem with `field` links to: the field itself, or the first box.
fn field_id(field: &str) -> String {
    format!("units-{field}")
}

/// `/enheter`: the units with the list's filters.
#[component]
pub fn UnitsPage() -> impl IntoView {
    let lang = use_lang();
    let query = query_from_address();
    let data = Resource::new(|| (), move |_| fetch_units(query.clone(), false, lang));
    load_catalogue(data, move |page: UnitsPage| view! { <UnitList page/> })
}

/// `/enheter/jamfor?enhet=…`: the chosen units side by side, or the list again with the problem.
#[component]
pub fn CompareUnitsPage() -> impl IntoView {
    let lang = use_lang();
    let query = query_from_address();
    let data = Resource::new(|| (), move |_| fetch_units(query.clone(), true, lang));
    load(data, move |page: UnitsPage| {
        if page.compared.is_empty() {
            view! { <UnitList page/> }.into_any()
        } else {
            view! { <Comparison page/> }.into_any()
        }
    })
}

/// A note that some chosen units do not exist (they are left out).
fn unknown_note(lang: Lang, unknown: usize) -> Option<impl IntoView> {
    (unknown > 0).then(|| {
        view! { <p class="warning-text" data-test="units-unknown">{lang.t_args("units-unknown", &[("count", unknown.into())])}</p> }
    })
}

#[component]
fn UnitList(page: UnitsPage) -> impl IntoView {
    let lang = use_lang();
    let q = page.query.clone();
    let problem = |field: &str| page.problems.iter().find(|(f, _)| f == field).map(|(_, id)| lang.t(id));
    let title = if page.problems.is_empty() {
        lang.t("units-title")
    } else {
        format!("{}: {}", lang.t("form-error-prefix"), lang.t("units-title"))
    };
    let summary = (!page.problems.is_empty()).then(|| {
        let problems = page.problems.iter().map(|(field, id)| (field_id(field), lang.t(id))).collect();
        view! { <ErrorSummary problems/> }
    });
    let group_class = |field: &str| {
        if problem(field).is_some() {
            "form-group form-group--inline form-group--error"
        } else {
            "form-group form-group--inline"
        }
    };
    // A select of the filter: its options as (value, label); the value kept chosen.
    let select = |field: &'static str,
                  label: String,
                  hint: Option<String>,
                  options: Vec<(String, String)>,
                  value: String| {
        let id = field_id(field);
        let p = problem(field);
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let described = [hint.as_ref().map(|_| hint_id.clone()), p.as_ref().map(|_| error_id.clone())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        view! {
            <div class=group_class(field)>
                <label class="label" for=id.clone()>{label}</label>
                {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
                {p.map(|p| view! { <p class="error-message" id=error_id.clone() data-test="field-error">{p}</p> })}
                <select class="input" id=id name=field data-test=format!("units-filter-{field}")
                    aria-describedby=(!described.is_empty()).then_some(described)>
                    <option value="">{lang.t("units-filter-all")}</option>
                    {options.into_iter().map(|(v, l)| view! { <option value=v.clone() selected=v == value>{l}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    let kinds = UnitKind::ALL.iter().map(|k| (k.code().to_string(), lang.t(&k.message_id()))).collect();
    let providers = ProviderType::ALL.iter().map(|p| (p.code().to_string(), lang.t(&p.message_id()))).collect();
    let years = (0..=LAST_YEAR)
        .map(|y| {
            let label = if y == 0 { lang.t("units-year-f") } else { lang.t_args("units-year", &[("year", y.into())]) };
            (year_code(y), label)
        })
        .collect();
    // The year as it was asked (`f` and `F` alike), for the select.
    let year_value = parse_year(&q.year).map(year_code).unwrap_or_else(|| q.year.clone());
    let organisation_filter = (page.organisations.len() > 1).then(|| {
        select(
            PARAM_ORGANISATION,
            lang.t("units-filter-organisation"),
            None,
            page.organisations.clone(),
            q.organisation.clone(),
        )
    });
    let name_problem = problem(PARAM_NAME);
    let name_id = field_id(PARAM_NAME);
    let name_described =
        if name_problem.is_some() { format!("{name_id}-hint {name_id}-error") } else { format!("{name_id}-hint") };
    let hidden_filters = q
        .filter_pairs()
        .into_iter()
        .map(|(key, value)| view! { <input type="hidden" name=key value=value/> })
        .collect_view();
    let chosen_problem = problem(PARAM_CHOSEN);
    let count = if page.problems.iter().any(|(field, _)| field != PARAM_CHOSEN) {
        None
    } else {
        Some(lang.t_args("units-count", &[("count", page.matching.into())]))
    };
    let boxes = page
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            // The first box is what the error summary's link for the choice leads to.
            let id = if i == 0 { field_id(PARAM_CHOSEN) } else { format!("{}-{}", field_id(PARAM_CHOSEN), u.id) };
            let chosen = q.chosen.contains(&u.id);
            let facts = [
                Some(lang.t(&u.kind.message_id())),
                Some(format!("{}: {}", lang.t(&u.provider.message_id()), u.provider_name)),
                u.ages_or_years(lang),
                Some(u.postal_town.clone()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
            view! {
                <li class="unit-list__item" data-test="unit" data-unit=u.id.clone()>
                    <h3 class="unit-list__name"><a href=routes::unit(&u.id) data-test="unit-link">{u.name.clone()}</a></h3>
                    <p class="meta">{facts}</p>
                    <p>{u.profile.clone()}</p>
                    <div class="choice">
                        <input class="choice__input" type="checkbox" id=id.clone() name=PARAM_CHOSEN value=u.id.clone()
                            checked=chosen data-test="compare-box"/>
                        <label class="label choice__label" for=id>
                            {lang.t("units-compare-checkbox")}<span class="visually-hidden">{format!(" {}", u.name)}</span>
                        </label>
                    </div>
                </li>
            }
        })
        .collect_view();
    let has_units = !page.units.is_empty();
    let chosen_id = field_id(PARAM_CHOSEN);
    let chosen_class = if chosen_problem.is_some() { "form-group form-group--error" } else { "form-group" };
    let chosen_described = if chosen_problem.is_some() {
        format!("{chosen_id}-hint {chosen_id}-error")
    } else {
        format!("{chosen_id}-hint")
    };
    view! {
        <Title text=title/>
        <Breadcrumbs items=vec![]/>
        {summary}
        <h1>{lang.t("units-title")}</h1>
        <p class="lead">{lang.t("units-lead")}</p>
        <form method="get" action=routes::units() class="filter" novalidate data-test="units-filter" aria-labelledby="units-filter-heading">
            <h2 class="visually-hidden" id="units-filter-heading">{lang.t("units-filter-heading")}</h2>
            {select(PARAM_KIND, lang.t("units-filter-kind"), None, kinds, q.kind.clone())}
            {select(PARAM_PROVIDER, lang.t("units-filter-provider"), None, providers, q.provider.clone())}
            {select(PARAM_YEAR, lang.t("units-filter-year"), Some(lang.t("units-filter-year-hint")), years, year_value)}
            {organisation_filter}
            <div class=group_class(PARAM_NAME)>
                <label class="label" for=name_id.clone()>{lang.t("units-filter-name")}</label>
                <p class="hint" id=format!("{name_id}-hint")>{lang.t("units-filter-name-hint")}</p>
                {name_problem.map(|p| view! { <p class="error-message" id=format!("{name_id}-error") data-test="field-error">{p}</p> })}
                <input class="input input--width-10" type="text" id=name_id.clone() name=PARAM_NAME value=q.name.clone()
                    maxlength=MAX_NAME_CHARS.to_string() autocomplete="off" spellcheck="false"
                    aria-describedby=name_described data-test="units-filter-namn"/>
            </div>
            <div class="form-group form-group--inline">
                <button type="submit" class="button" data-test="units-filter-submit">{lang.t("units-filter-submit")}</button>
            </div>
        </form>
        {unknown_note(lang, page.unknown)}
        {count.map(|count| view! { <h2 data-test="units-count">{count}</h2> })}
        {(!has_units && page.problems.is_empty()).then(|| view! {
            <p data-test="units-none">{lang.t("units-none")}</p>
            <p><a href=routes::units()>{lang.t("units-show-all")}</a></p>
        })}
        {has_units.then(|| view! {
            <form method="get" action=routes::units_compare() novalidate data-test="units-compare-form">
                {hidden_filters}
                <div class=chosen_class>
                    <fieldset class="fieldset" aria-describedby=chosen_described>
                        <legend class="fieldset__legend fieldset__legend--s">{lang.t("units-choose-legend")}</legend>
                        <p class="hint" id=format!("{chosen_id}-hint")>{lang.t("units-choose-hint")}</p>
                        {chosen_problem.map(|p| view! { <p class="error-message" id=format!("{chosen_id}-error") data-test="field-error">{p}</p> })}
                        <ul class="unit-list" data-test="units-list">{boxes}</ul>
                    </fieldset>
                </div>
                <button type="submit" class="button" data-test="compare-submit">{lang.t("units-compare-submit")}</button>
            </form>
        })}
    }
}

/// A row of the comparison: the attribute's name as the row header, then each unit's value.
fn row(label: String, values: Vec<AnyView>) -> impl IntoView {
    view! {
        <tr>
            <th scope="row">{label}</th>
            {values.into_iter().map(|v| view! { <td>{v}</td> }).collect_view()}
        </tr>
    }
}

#[component]
fn Comparison(page: UnitsPage) -> impl IntoView {
    let lang = use_lang();
    let units = page.compared.clone();
    let text = |f: &dyn Fn(&Unit) -> String| units.iter().map(|u| f(u).into_any()).collect::<Vec<_>>();
    let not_applicable = lang.t("units-not-applicable");
    let not_given = lang.t("units-not-given");
    let caption = lang.t_args("units-compare-caption", &[("count", units.len().into())]);
    let change = routes::units_with(&page.query.pairs());
    let rows = view! {
        {row(lang.t("units-attr-kind"), text(&|u| lang.t(&u.kind.message_id())))}
        {row(lang.t("units-attr-provider"), units.iter().map(|u| view! {
            {lang.t(&u.provider.message_id())}<br/>{u.provider_name.clone()}
        }.into_any()).collect())}
        {row(lang.t("units-attr-ages-years"), text(&|u| u.ages_or_years(lang).unwrap_or_else(|| not_applicable.clone())))}
        {row(lang.t("units-attr-opening-hours"), text(&|u| u.opening_hours.clone().unwrap_or_else(|| not_applicable.clone())))}
        {row(lang.t("units-attr-profile"), text(&|u| u.profile.clone()))}
        {row(lang.t("units-attr-places"), text(&|u| u.places.to_string()))}
        {row(lang.t("units-attr-address"), units.iter().map(|u| view! {
            {u.address.clone()}<br/>{format!("{} {}", u.postal_code, u.postal_town)}
        }.into_any()).collect())}
        {row(lang.t("units-attr-phone"), units.iter().map(|u| view! {
            <a href=format!("tel:{}", u.phone.replace([' ', '-'], ""))>{u.phone.clone()}</a>
        }.into_any()).collect())}
        {row(lang.t("units-attr-email"), units.iter().map(|u| view! {
            <a href=format!("mailto:{}", u.email)>{u.email.clone()}</a>
        }.into_any()).collect())}
        {row(lang.t("units-attr-website"), units.iter().map(|u| match u.website.clone() {
            Some(w) => view! { <a href=w.clone()>{w.trim_start_matches("https://").to_string()}</a> }.into_any(),
            None => not_given.clone().into_any(),
        }).collect())}
        {row(lang.t("units-attr-organisation"), text(&|u| u.organisation_name.clone()))}
    };
    view! {
        <Title text=lang.t("units-compare-title")/>
        <Breadcrumbs items=vec![(routes::units(), lang.t("units-title"))]/>
        <h1>{lang.t("units-compare-title")}</h1>
        {unknown_note(lang, page.unknown)}
        <div class="table-scroll" role="region" aria-labelledby="units-compare-caption" tabindex="0">
            <table class="table table--compare" data-test="compare-table">
                <caption id="units-compare-caption" class="table__caption">{caption}</caption>
                <thead>
                    <tr>
                        <td></td>
                        {units.iter().map(|u| view! {
                            <th scope="col" data-test="compared-unit" data-unit=u.id.clone()>
                                <a href=routes::unit(&u.id)>{u.name.clone()}</a>
                            </th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p><a href=change data-test="change-choice">{lang.t("units-change-choice")}</a></p>
        <p><a href=routes::units()>{lang.t("units-show-all")}</a></p>
    }
}

/// `/enheter/{id}`: everything about one unit.
#[component]
pub fn UnitPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(param("id"), move |id| fetch_unit(id, lang));
    load_catalogue(data, move |u: Unit| {
        let not_applicable = lang.t("units-not-applicable");
        let others =
            routes::units_with(&[(PARAM_KIND, u.kind.code()), (PARAM_ORGANISATION, u.organisation_id.as_str())]);
        view! {
            <Title text=u.name.clone()/>
            <Breadcrumbs items=vec![(routes::units(), lang.t("units-title"))]/>
            <span class="caption">{lang.t(&u.kind.message_id())}", "{u.organisation_name.clone()}</span>
            <h1>{u.name.clone()}</h1>
            <p class="lead" data-test="unit-profile">{u.profile.clone()}</p>
            <h2>{lang.t("units-about-heading")}</h2>
            <dl class="summary-list" data-test="unit-details">
                <div><dt>{lang.t("units-attr-kind")}</dt><dd>{lang.t(&u.kind.message_id())}</dd></div>
                <div><dt>{lang.t("units-attr-provider")}</dt><dd>{format!("{}: {}", lang.t(&u.provider.message_id()), u.provider_name)}</dd></div>
                <div><dt>{lang.t("units-attr-ages-years")}</dt><dd>{u.ages_or_years(lang).unwrap_or_else(|| not_applicable.clone())}</dd></div>
                <div><dt>{lang.t("units-attr-opening-hours")}</dt><dd>{u.opening_hours.clone().unwrap_or_else(|| not_applicable.clone())}</dd></div>
                <div><dt>{lang.t("units-attr-places")}</dt><dd>{u.places.to_string()}</dd></div>
                <div><dt>{lang.t("units-attr-address")}</dt><dd>{format!("{}, {} {}", u.address, u.postal_code, u.postal_town)}</dd></div>
                <div><dt>{lang.t("units-attr-organisation")}</dt><dd><a href=routes::organisation(&u.organisation_id)>{u.organisation_name.clone()}</a></dd></div>
            </dl>
            <h2>{lang.t("units-contact-heading")}</h2>
            <dl class="summary-list" data-test="unit-contact">
                <div><dt>{lang.t("units-attr-phone")}</dt><dd><a href=format!("tel:{}", u.phone.replace([' ', '-'], ""))>{u.phone.clone()}</a></dd></div>
                <div><dt>{lang.t("units-attr-email")}</dt><dd><a href=format!("mailto:{}", u.email)>{u.email.clone()}</a></dd></div>
                {u.website.clone().map(|w| view! {
                    <div><dt>{lang.t("units-attr-website")}</dt><dd><a href=w.clone()>{w.clone()}</a></dd></div>
                })}
            </dl>
            <p><a href=others data-test="unit-others">{lang.t(&format!("units-others-{}", u.kind.code()))}</a></p>
        }
    })
}

/// A link to the units of `kind` of `organisation` (on a service's page); marks no error.
pub fn service_units_link(lang: Lang, kind: UnitKind, organisation: &str) -> impl IntoView {
    let href = routes::units_with(&[(PARAM_KIND, kind.code()), (PARAM_ORGANISATION, organisation)]);
    view! { <p><a href=href data-test="service-units-link">{lang.t(&format!("units-service-link-{}", kind.code()))}</a></p> }
}
