//! Identity's pages: choosing an e-ID, why a sign-in did not go through, signed out, My pages
//! (overview and "my data"), and the demo's test persons. Every page is complete as HTML: the
//! sign-in buttons are form posts, so nothing here needs JavaScript.

use super::{
    fetch_demo_persons, fetch_demo_signing, fetch_my_data, fetch_my_overview, fetch_profile, fetch_represent,
    fetch_sign_in_options, fetch_staff_home, fetch_staff_roles, fetch_staff_sign_in_options, DemoPerson, DemoSigning,
    MyData, Overview, ProfileData, RepresentChoice, RepresentPage, SignInEntry, SignInOptions, StaffHome, StaffRoles,
};
use crate::{
    i18n::Lang,
    layout::{load, set_status, Breadcrumbs},
    request::use_lang,
    routes,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The `till` query parameter: where to go after signing in.
fn return_to() -> String {
    use_query_map().read_untracked().get("till").unwrap_or_default()
}

/// One form per e-ID: a button that begins the sign-in.
#[component]
fn ProviderButtons(options: SignInOptions, till: String) -> impl IntoView {
    let lang = use_lang();
    view! {
        <ul class="sign-in-choices" data-test="providers">
            {options.providers.into_iter().map(|p| view! {
                <li>
                    <form method="post" action=routes::sign_in_with(&p.id)>
                        <input type="hidden" name="till" value=till.clone()/>
                        <button type="submit" class="button" data-test=format!("sign-in-{}", p.id)>
                            {lang.t_args("identity-sign-in-with", &[("provider", p.label.clone().into())])}
                        </button>
                    </form>
                </li>
            }).collect_view()}
        </ul>
        {options.demo.then(|| {
            let href = if till.is_empty() { routes::demo_sign_in() } else { format!("{}?till={}", routes::demo_sign_in(), routes::percent_encode(&till)) };
            view! {
                <div class="inset demo-notice" data-test="demo-sign-in">
                    <p><strong class="tag">{lang.t("demo-tag")}</strong>" "{lang.t("identity-demo-intro")}</p>
                    <p><a href=href data-test="demo-sign-in-link">{lang.t("identity-demo-link")}</a></p>
                </div>
            }
        })}
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let lang = use_lang();
    let till = return_to();
    let options = Resource::new(|| (), move |_| fetch_sign_in_options(lang));
    view! {
        <Title text=lang.t("identity-sign-in-title")/>
        <Breadcrumbs items=vec![]/>
        <h1>{lang.t("identity-sign-in-title")}</h1>
        <p class="lead">{lang.t("identity-sign-in-lead")}</p>
        {load(options, move |options: SignInOptions| {
            let none = options.providers.is_empty() && !options.demo;
            view! {
                {none.then(|| view! { <p data-test="no-providers">{lang.t("identity-no-providers")}</p> })}
                <ProviderButtons options till=till.clone()/>
                <p class="hint">{lang.t("identity-sign-in-privacy")}" "<a href=routes::privacy()>{lang.t("footer-privacy")}</a></p>
            }
        })}
    }
}

/// The HTTP status a problem page answers with.
fn problem_status(reason: &str) -> http::StatusCode {
    match reason {
        routes::PROBLEM_UNAVAILABLE => http::StatusCode::SERVICE_UNAVAILABLE,
        routes::PROBLEM_LEVEL | routes::PROBLEM_NUMBER | routes::PROBLEM_MFA => http::StatusCode::FORBIDDEN,
        routes::PROBLEM_CANCELLED => http::StatusCode::OK,
        _ => http::StatusCode::BAD_REQUEST,
    }
}

#[component]
pub fn SignInProblemPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let known = [
        routes::PROBLEM_EXPIRED,
        routes::PROBLEM_CANCELLED,
        routes::PROBLEM_FAILED,
        routes::PROBLEM_NUMBER,
        routes::PROBLEM_LEVEL,
        routes::PROBLEM_UNAVAILABLE,
        routes::PROBLEM_MFA,
    ];
    let reason = query
        .read_untracked()
        .get("orsak")
        .filter(|r| known.contains(&r.as_str()))
        .unwrap_or(routes::PROBLEM_FAILED.into());
    let provider = query.read_untracked().get("eid").unwrap_or_default();
    // The level a service needed, when it asked more than the portal's minimum.
    let level: Option<u8> =
        query.read_untracked().get("niva").and_then(|l| l.parse().ok()).filter(|l| (2..=4).contains(l));
    set_status(problem_status(&reason));
    let for_staff = reason == routes::PROBLEM_MFA;
    let options = Resource::new(
        || (),
        move |_| async move {
            if for_staff {
                fetch_staff_sign_in_options(lang).await
            } else {
                fetch_sign_in_options(lang).await
            }
        },
    );
    view! {
        {load(options, move |options: SignInOptions| {
            let label = options.providers.iter().find(|p| p.id == provider).map(|p| p.label.clone()).unwrap_or_else(|| lang.t("identity-your-eid"));
            let args = [("provider", label.into()), ("level", level.unwrap_or(options.min_loa).into())];
            let title = lang.t_args(&format!("identity-problem-{reason}"), &args);
            let body = lang.t_args(&format!("identity-problem-{reason}-body"), &args);
            // Another e-ID may work where this one did not: every other one is offered (staff
            // go back to their own organisation's sign-in).
            let staff = reason == routes::PROBLEM_MFA;
            let others = if staff {
                SignInOptions { providers: vec![], demo: false, ..options }
            } else {
                SignInOptions { providers: options.providers.iter().filter(|p| p.id != provider).cloned().collect(), ..options }
            };
            view! {
                <Title text=title.clone()/>
                <div data-test=format!("sign-in-problem-{reason}")>
                    <h1>{title}</h1>
                    <p>{body}</p>
                    {(!others.providers.is_empty() || others.demo).then(|| view! { <h2>{lang.t("identity-try-another")}</h2> })}
                    <ProviderButtons options=others till=String::new()/>
                    {staff.then(|| view! { <p><a href=routes::staff_sign_in()>{lang.t("identity-staff-sign-in-again")}</a></p> })}
                    <p><a href=routes::home()>{lang.t("error-go-home")}</a></p>
                </div>
            }
        })}
    }
}

#[component]
pub fn SignedOutPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Title text=lang.t("identity-signed-out")/>
        <div class="panel" data-test="signed-out">
            <h1>{lang.t("identity-signed-out")}</h1>
        </div>
        <p>{lang.t("identity-signed-out-body")}</p>
        <p><a href=routes::home()>{lang.t("error-go-home")}</a>" · "<a href=routes::sign_in()>{lang.t("identity-sign-in-again")}</a></p>
    }
}

#[component]
fn History(entries: Vec<SignInEntry>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <table class="table" data-test="sign-in-history">
            <caption class="visually-hidden">{lang.t("identity-history")}</caption>
            <thead><tr>
                <th scope="col">{lang.t("identity-history-when")}</th>
                <th scope="col">{lang.t("identity-history-eid")}</th>
                <th scope="col">{lang.t("identity-history-level")}</th>
            </tr></thead>
            <tbody>
                {entries.into_iter().map(|e| view! { <tr><td>{e.at}</td><td>{e.provider}</td><td>{e.loa}</td></tr> }).collect_view()}
            </tbody>
        </table>
    }
}

/// My pages. `tasks`: what other capabilities ask the person to do, shown after the summary
/// (the application layer fills it: applications waiting for the other guardian's consent).
#[component]
pub fn MyPagesPage(#[prop(optional)] tasks: Option<ViewFn>) -> impl IntoView {
    let lang = use_lang();
    let overview = Resource::new(|| (), move |_| fetch_my_overview(lang));
    view! {
        {load(overview, move |o: Overview| view! {
            <Title text=lang.t("identity-my-pages")/>
            <span class="caption">{lang.t("identity-my-pages")}</span>
            <h1 data-test="my-pages-name">{o.name.clone()}</h1>
            <dl class="summary-list" data-test="my-pages-person">
                <div><dt>{lang.t("identity-number")}</dt><dd data-test="masked-number">{o.masked_number.clone()}</dd></div>
                <div><dt>{lang.t("identity-signed-in-with")}</dt><dd>{o.provider.clone()}" ("{lang.t_args("identity-level", &[("level", o.loa.into())])}")"</dd></div>
                <div><dt>{lang.t("identity-signed-in-at")}</dt><dd>{o.signed_in_at.clone()}</dd></div>
            </dl>
            {tasks.as_ref().map(ViewFn::run)}
            <h2>{lang.t("represent-title")}</h2>
            <p><a href=routes::my_represent() data-test="represent-link">{lang.t("represent-link")}</a></p>
            <h2>{lang.t("drafts-title")}</h2>
            <p><a href=routes::my_drafts() data-test="my-drafts-link">{lang.t("drafts-link")}</a></p>
            <h2>{lang.t("cases-my-cases")}</h2>
            <p><a href=routes::my_cases() data-test="my-cases-link">{lang.t("cases-my-cases-lead")}</a></p>
            <h2>{lang.t("profile-title")}</h2>
            <p><a href=routes::profile() data-test="profile-link">{lang.t("profile-link")}</a></p>
            <h2>{lang.t("identity-my-data")}</h2>
            <p>{lang.t("identity-my-data-intro")}</p>
            <ul class="list">
                <li><a href=routes::my_data() data-test="my-data-link">{lang.t("identity-my-data-read")}</a></li>
                <li><a href=routes::my_data_json() download="mina-uppgifter.json" data-test="my-data-download">{lang.t("identity-my-data-download")}</a></li>
            </ul>
            <h2>{lang.t("identity-history")}</h2>
            <History entries=o.history/>
        })}
    }
}

#[component]
pub fn MyDataPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), move |_| fetch_my_data(lang));
    view! {
        <Breadcrumbs items=vec![(routes::my_pages(), lang.t("identity-my-pages"))]/>
        {load(data, move |d: MyData| view! {
            <Title text=lang.t("identity-my-data")/>
            <h1>{lang.t("identity-my-data")}</h1>
            <p class="lead">{lang.t("identity-my-data-intro")}</p>
            <p><a href=routes::my_data_json() download="mina-uppgifter.json" data-test="my-data-download">{lang.t("identity-my-data-download")}</a></p>
            <h2>{lang.t("identity-my-data-person")}</h2>
            <dl class="summary-list" data-test="my-data-person">
                <div><dt>{lang.t("identity-number")}</dt><dd>{d.personal_identity_number.clone()}</dd></div>
                <div><dt>{lang.t("identity-given-name")}</dt><dd>{d.given_name.clone()}</dd></div>
                <div><dt>{lang.t("identity-family-name")}</dt><dd>{d.family_name.clone()}</dd></div>
                <div><dt>{lang.t("identity-first-signed-in")}</dt><dd>{d.first_signed_in.clone()}</dd></div>
            </dl>
            <h2>{lang.t("identity-history")}</h2>
            <History entries=d.sign_ins/>
            <h2>{lang.t("identity-my-data-cases")}</h2>
            <p data-test="my-data-cases">
                {lang.t_args("identity-my-data-cases-count", &[("count", d.cases.len().into())])}
                {(!d.cases.is_empty()).then(|| view! { " " <a href=routes::my_cases()>{lang.t("cases-my-cases")}</a> "." })}
            </p>
            <h2>{lang.t("identity-my-data-drafts")}</h2>
            <p data-test="my-data-drafts">
                {lang.t_args("identity-my-data-drafts-count", &[("count", d.drafts.len().into())])}
                {(!d.drafts.is_empty()).then(|| view! { " " <a href=routes::my_drafts()>{lang.t("drafts-title")}</a> "." })}
            </p>
            <h2>{lang.t("identity-events")}</h2>
            <table class="table" data-test="my-data-events">
                <caption class="visually-hidden">{lang.t("identity-events")}</caption>
                <thead><tr>
                    <th scope="col">{lang.t("identity-history-when")}</th>
                    <th scope="col">{lang.t("identity-event-action")}</th>
                </tr></thead>
                <tbody>
                    {d.events.into_iter().map(|e| {
                        let action = event_label(lang, &e.action);
                        view! { <tr><td>{e.at}</td><td>{action}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}

fn event_label(lang: Lang, action: &str) -> String {
    let id = format!("identity-event-{action}");
    if lang.has(&id) {
        lang.t(&id)
    } else {
        action.to_string()
    }
}

#[component]
pub fn DemoSignInPage() -> impl IntoView {
    let lang = use_lang();
    let till = return_to();
    let persons = Resource::new(|| (), move |_| fetch_demo_persons());
    view! {
        {load(persons, move |persons: Vec<DemoPerson>| view! {
            <Title text=lang.t("identity-demo-title")/>
            <h1><strong class="tag">{lang.t("demo-tag")}</strong>" "{lang.t("identity-demo-title")}</h1>
            <div class="warning-text" data-test="demo-warning"><p><strong>{lang.t("identity-demo-warning")}</strong></p></div>
            <form method="post" action=routes::demo_sign_in() data-test="demo-persons">
                <input type="hidden" name="till" value=till.clone()/>
                <DemoGroup legend=lang.t("identity-demo-choose") persons=persons.iter().filter(|p| !p.staff).cloned().collect() first=true/>
                <DemoGroup legend=lang.t("identity-demo-choose-staff") persons=persons.iter().filter(|p| p.staff).cloned().collect() first=false/>
                <button type="submit" class="button" data-test="demo-sign-in-submit">{lang.t("identity-demo-submit")}</button>
            </form>
        })}
    }
}

/// The demo's signing page: in place of an e-ID's signing, the signed-in demo person sees what
/// they sign (its title and checksum) and signs or cancels. Clearly marked as a demo.
#[component]
pub fn DemoSigningPage() -> impl IntoView {
    let lang = use_lang();
    let flow = use_query_map().read_untracked().get("flode").unwrap_or_default();
    let signing = Resource::new(move || flow.clone(), fetch_demo_signing);
    view! {
        {load(signing, move |signing: DemoSigning| view! {
            <Title text=lang.t("identity-demo-signing-title")/>
            <h1><strong class="tag">{lang.t("demo-tag")}</strong>" "{lang.t("identity-demo-signing-title")}</h1>
            <div class="warning-text" data-test="demo-warning"><p><strong>{lang.t("identity-demo-signing-warning")}</strong></p></div>
            <dl class="summary-list" data-test="demo-signing">
                <div>
                    <dt>{lang.t("identity-demo-signing-signer")}</dt>
                    <dd data-test="signer">{signing.signer.clone()}</dd>
                </div>
                <div>
                    <dt>{lang.t("identity-demo-signing-what")}</dt>
                    <dd data-test="what">{signing.what.clone()}</dd>
                </div>
                <div>
                    <dt>{lang.t("signature-sha256")}</dt>
                    <dd class="checksum" data-test="digest">{signing.digest.clone()}</dd>
                </div>
            </dl>
            <p>{lang.t("identity-demo-signing-text")}</p>
            <form method="post" action=routes::demo_signing_action() class="button-group">
                <input type="hidden" name="flode" value=signing.flow.clone()/>
                <button type="submit" class="button" data-test="demo-sign">{lang.t("identity-demo-signing-sign")}</button>
                <button type="submit" class="button button--secondary" name="avbryt" value="1" data-test="demo-sign-cancel">{lang.t("identity-demo-signing-cancel")}</button>
            </form>
        })}
    }
}

/// One group of demo persons: radio buttons sharing the name `person` with the other group.
#[component]
fn DemoGroup(legend: String, persons: Vec<DemoPerson>, first: bool) -> impl IntoView {
    view! {
        <fieldset class="fieldset">
            <legend class="fieldset__legend">{legend}</legend>
            {persons.into_iter().enumerate().map(|(i, p)| {
                let id = format!("demo-person-{}", p.id);
                view! {
                    <div class="choice">
                        <input class="choice__input" type="radio" name="person" id=id.clone() value=p.id.clone() checked={first && i == 0} data-test=id.clone()/>
                        <label class="label choice__label" for=id>{p.name}" ("{p.detail}")"</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// A role's name as staff read it (`case-officer:norrvik-bygg`: limited to that department).
fn role_label(lang: Lang, code: &str) -> String {
    match code.split_once(':') {
        Some((role, department)) => format!("{} ({department})", lang.t(&format!("role-{role}"))),
        None => lang.t(&format!("role-{code}")),
    }
}

#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let lang = use_lang();
    let options = Resource::new(|| (), move |_| fetch_staff_sign_in_options(lang));
    view! {
        <Title text=lang.t("identity-staff-sign-in-title")/>
        <Breadcrumbs items=vec![]/>
        <h1>{lang.t("identity-staff-sign-in-title")}</h1>
        <p class="lead">{lang.t("identity-staff-sign-in-lead")}</p>
        {load(options, move |options: SignInOptions| {
            let none = options.providers.is_empty() && !options.demo;
            view! {
                {none.then(|| view! { <p data-test="no-providers">{lang.t("identity-no-providers")}</p> })}
                <ProviderButtons options till=String::new()/>
            }
        })}
    }
}

#[component]
pub fn StaffHomePage() -> impl IntoView {
    let lang = use_lang();
    let home = Resource::new(|| (), move |_| fetch_staff_home());
    view! {
        {load(home, move |home: StaffHome| view! {
            <Title text=lang.t("identity-staff-home")/>
            <span class="caption">{lang.t("identity-staff-home")}</span>
            <h1 data-test="staff-name">{home.name.clone()}</h1>
            <dl class="summary-list" data-test="staff-person">
                <div><dt>{lang.t("identity-staff-organisation")}</dt><dd>{home.organisation.clone()}</dd></div>
                <div><dt>{lang.t("identity-staff-roles")}</dt><dd data-test="staff-roles">{
                    if home.roles.is_empty() { lang.t("identity-staff-no-roles") } else { home.roles.iter().map(|r| role_label(lang, r)).collect::<Vec<_>>().join(", ") }
                }</dd></div>
            </dl>
            {home.roles.iter().any(|r| !r.starts_with("organisation-admin")).then(|| view! {
                <p><a href=routes::staff_queue("mina") data-test="staff-cases-link">{lang.t("cases-back-office")}</a></p>
            })}
            {home.is_admin.then(|| view! { <p><a href=routes::staff_roles() data-test="staff-roles-link">{lang.t("identity-staff-roles-manage")}</a></p> })}
            {home.is_admin.then(|| view! { <p><a href=routes::staff_audit() data-test="staff-audit-link">{lang.t("audit-title")}</a></p> })}
        })}
    }
}

#[component]
pub fn StaffRolesPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), move |_| fetch_staff_roles(lang));
    view! {
        <Breadcrumbs items=vec![(routes::staff_home(), lang.t("identity-staff-home"))]/>
        {load(data, move |data: StaffRoles| view! {
            <Title text=lang.t("identity-staff-roles-manage")/>
            <h1>{lang.t("identity-staff-roles-manage")}</h1>
            <p class="lead">{lang.t_args("identity-staff-roles-lead", &[("organisation", data.organisation.clone().into())])}</p>
            <table class="table" data-test="staff-list">
                <caption class="visually-hidden">{lang.t("identity-staff-roles-manage")}</caption>
                <thead><tr>
                    <th scope="col">{lang.t("identity-staff-name")}</th>
                    <th scope="col">{lang.t("identity-staff-roles")}</th>
                    <th scope="col">{lang.t("identity-staff-grant")}</th>
                </tr></thead>
                <tbody>
                    {data.members.into_iter().map(|m| {
                        let me = m.id == data.me;
                        view! { <StaffRow member=m me departments=data.departments.clone()/> }.into_any()
                    }).collect_view()}
                </tbody>
            </table>
        })}
    }
}

/// One member of staff on the roles page: the roles held (each removable, but not one's own
/// administrator role for the whole organisation) and a form to give another, for the whole
/// organisation or one department.
#[component]
fn StaffRow(member: super::StaffEntry, me: bool, departments: Vec<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let id = member.id;
    let name = member.name.clone();
    let department_name = |department: &str| departments.iter().find(|(d, _)| d == department).map(|(_, n)| n.clone());
    let roles = member
        .roles
        .iter()
        .map(|(code, department)| {
            let removable = !(me && code == "organisation-admin" && department.is_empty());
            let label = match department_name(department) {
                Some(unit) => format!("{} ({unit})", role_label(lang, code)),
                None => role_label(lang, code),
            };
            view! { <RoleItem staff=id staff_name=name.clone() code=code.clone() department=department.clone() label removable/> }.into_any()
        })
        .collect_view();
    let (role_id, unit_id) = (format!("role-for-{id}"), format!("unit-for-{id}"));
    let none = member.roles.is_empty().then(|| lang.t("identity-staff-no-roles"));
    view! {
        <tr data-test=format!("staff-{id}")>
            <td>{member.name.clone()}<br/><span class="hint">{member.email.clone()}</span></td>
            <td>{none}<ul class="list">{roles}</ul></td>
            <td>
                <form method="post" action=routes::staff_role_change(routes::STAFF_ROLES_GRANT)>
                    <input type="hidden" name="staff" value=id.to_string()/>
                    <label class="label" for=role_id.clone()>{lang.t_args("identity-staff-grant-to", &[("name", member.name.clone().into())])}</label>
                    <select class="input" id=role_id name="role" data-test=format!("grant-role-{id}")>
                        {crate::access::Role::ALL.iter().map(|r| view! { <option value=r.code()>{role_label(lang, r.code())}</option> }).collect_view()}
                    </select>
                    <label class="label" for=unit_id.clone()>{lang.t("identity-staff-grant-where")}</label>
                    <select class="input" id=unit_id name="department" data-test=format!("grant-department-{id}")>
                        <option value="">{lang.t("identity-staff-whole-organisation")}</option>
                        {departments.iter().map(|(d, n)| view! { <option value=d.clone()>{n.clone()}</option> }).collect_view()}
                    </select>
                    " "
                    <button type="submit" class="button button--secondary" data-test=format!("grant-{id}")>{lang.t("identity-staff-grant")}</button>
                </form>
            </td>
        </tr>
    }
}

/// A role held, with its "remove" button where it may be removed.
#[component]
fn RoleItem(
    staff: i64,
    staff_name: String,
    code: String,
    department: String,
    label: String,
    removable: bool,
) -> impl IntoView {
    let lang = use_lang();
    let test = if department.is_empty() {
        format!("remove-{staff}-{code}")
    } else {
        format!("remove-{staff}-{code}-{department}")
    };
    let remove = removable.then(|| {
        view! {
            <form method="post" action=routes::staff_role_change(routes::STAFF_ROLES_REMOVE) class="inline-form">
                <input type="hidden" name="staff" value=staff.to_string()/>
                <input type="hidden" name="role" value=code.clone()/>
                <input type="hidden" name="department" value=department.clone()/>
                <button type="submit" class="link-button link-button--dark" data-test=test>
                    {lang.t("identity-staff-remove")}<span class="visually-hidden">{format!(": {label}, {staff_name}")}</span>
                </button>
            </form>
        }
        .into_any()
    });
    view! { <li>{label.clone()}{remove}</li> }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let lang = use_lang();
    let saved = use_query_map().read_untracked().get("sparad").is_some();
    let data = Resource::new(|| (), move |_| fetch_profile());
    view! {
        <Breadcrumbs items=vec![(routes::my_pages(), lang.t("identity-my-pages"))]/>
        {load(data, move |d: ProfileData| view! { <ProfileForm data=d saved/> })}
    }
}

/// The profile form, with an error summary and each field's problem next to it when the form
/// just sent had any (what was typed is kept).
#[component]
fn ProfileForm(data: ProfileData, saved: bool) -> impl IntoView {
    let lang = use_lang();
    let problem = |field: &str| data.problems.iter().find(|(f, _)| f == field).map(|(_, id)| lang.t(id));
    let (email_problem, phone_problem) = (problem("email"), problem("phone"));
    let notify_problem = problem("notify_email").or_else(|| problem("notify_sms"));
    let has_problems = !data.problems.is_empty();
    let title = if has_problems {
        format!("{}: {}", lang.t("form-error-prefix"), lang.t("profile-title"))
    } else {
        lang.t("profile-title")
    };
    let summary = has_problems.then(|| {
        let problems = data
            .problems
            .iter()
            .map(|(field, id)| {
                let target = if field.starts_with("notify") { "notify-email".to_string() } else { field.clone() };
                (target, lang.t(id))
            })
            .collect();
        view! { <crate::layout::ErrorSummary problems/> }.into_any()
    });
    let confirmed = if data.email.is_empty() {
        None
    } else if data.email_confirmed {
        Some(view! { <p class="hint" data-test="email-confirmed">{lang.t("profile-email-confirmed")}</p> }.into_any())
    } else if !has_problems {
        Some(
            view! { <p class="hint" data-test="email-unconfirmed">{lang.t("profile-email-unconfirmed")}</p> }
                .into_any(),
        )
    } else {
        None
    };
    let group =
        |problem: &Option<String>| if problem.is_some() { "form-group form-group--error" } else { "form-group" };
    view! {
        <Title text=title/>
        {summary}
        {saved.then(|| view! { <div class="panel panel--small" role="status" data-test="profile-saved"><p>{lang.t("profile-saved")}</p></div> }.into_any())}
        <h1>{lang.t("profile-title")}</h1>
        <p class="lead">{lang.t("profile-lead")}</p>
        <form method="post" action=routes::profile() novalidate data-test="profile-form">
            <div class=group(&email_problem)>
                <label class="label" for="email">{lang.t("profile-email")}</label>
                {email_problem.clone().map(|p| view! { <p class="error-message" id="email-error" data-test="field-error">{p}</p> })}
                <input class="input" id="email" name="email" type="email" autocomplete="email" spellcheck="false"
                    value=data.email.clone() aria-describedby=email_problem.as_ref().map(|_| "email-error")/>
                {confirmed}
            </div>
            <div class=group(&phone_problem)>
                <label class="label" for="phone">{lang.t("profile-phone")}</label>
                <p class="hint" id="phone-hint">{lang.t("profile-phone-hint")}</p>
                {phone_problem.clone().map(|p| view! { <p class="error-message" id="phone-error" data-test="field-error">{p}</p> })}
                <input class="input" id="phone" name="phone" type="tel" autocomplete="tel"
                    value=data.phone.clone() aria-describedby=if phone_problem.is_some() { "phone-hint phone-error" } else { "phone-hint" }/>
            </div>
            <div class=group(&notify_problem)>
                <fieldset class="fieldset">
                    <legend class="fieldset__legend">{lang.t("profile-notify")}</legend>
                    {notify_problem.clone().map(|p| view! { <p class="error-message" id="notify-error" data-test="field-error">{p}</p> })}
                    <div class="choice">
                        <input class="choice__input" id="notify-email" name="notify_email" type="checkbox" value="on" checked=data.notify_email/>
                        <label class="label choice__label" for="notify-email">{lang.t("profile-notify-email")}</label>
                    </div>
                    <div class="choice">
                        <input class="choice__input" id="notify-sms" name="notify_sms" type="checkbox" value="on" checked=data.notify_sms/>
                        <label class="label choice__label" for="notify-sms">{lang.t("profile-notify-sms")}</label>
                    </div>
                </fieldset>
            </div>
            <button type="submit" class="button" data-test="profile-save">{lang.t("profile-save")}</button>
        </form>
    }
}

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let code = query.read_untracked().get("kod").unwrap_or_default();
    let result = query.read_untracked().get("resultat");
    let (title, body, test) = match result.as_deref() {
        Some("klar") => ("confirm-email-done", "confirm-email-done-body", "email-confirmed"),
        Some(_) => {
            set_status(http::StatusCode::BAD_REQUEST);
            ("confirm-email-invalid", "confirm-email-invalid-body", "email-confirm-invalid")
        }
        None => ("confirm-email-title", "confirm-email-lead", "email-confirm"),
    };
    view! {
        <Title text=lang.t(title)/>
        <h1>{lang.t(title)}</h1>
        <p data-test=test>{lang.t(body)}</p>
        {result.is_none().then(|| view! {
            <form method="post" action=routes::confirm_email()>
                <input type="hidden" name="kod" value=code.clone()/>
                <button type="submit" class="button" data-test="confirm-email">{lang.t("confirm-email-button")}</button>
            </form>
        })}
        {result.is_some().then(|| view! { <p><a href=routes::profile()>{lang.t("profile-title")}</a></p> })}
    }
}

/// Whom the signed-in person acts for: themselves, a child in their custody, a company they sign
/// for — radio buttons in one plain form (works without JavaScript).
#[component]
pub fn RepresentPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map().read_untracked();
    let (refused, registry_problem) = (query.get("fel").is_some(), query.get("registret").is_some());
    let data = Resource::new(|| (), move |_| fetch_represent(refused, registry_problem));
    view! {
        <Breadcrumbs items=vec![(routes::my_pages(), lang.t("identity-my-pages"))]/>
        {load(data, move |page: RepresentPage| view! { <RepresentForm page/> })}
    }
}

#[component]
fn RepresentForm(page: RepresentPage) -> impl IntoView {
    let lang = use_lang();
    let title = if page.refused {
        format!("{}: {}", lang.t("form-error-prefix"), lang.t("represent-title"))
    } else {
        lang.t("represent-title")
    };
    let summary = page.refused.then(|| {
        let problems = vec![("vem-myself".to_string(), lang.t("represent-refused"))];
        view! { <crate::layout::ErrorSummary problems/> }.into_any()
    });
    let registry_note = page.registry_problem.then(|| {
        view! { <div class="warning-text" role="status" data-test="represent-registry-problem"><p>{lang.t("represent-registry-problem")}</p></div> }
    });
    let myself_checked = page.current.is_none();
    let option = move |choice: RepresentChoice| {
        let id = format!("vem-{}", choice.value.replace(':', "-"));
        let hint_id = format!("{id}-hint");
        let test = format!("represent-{}", choice.value.split(':').next().unwrap_or_default());
        view! {
            <div class="choice">
                <input class="choice__input" type="radio" name="vem" id=id.clone() value=choice.value.clone()
                    checked=choice.current disabled=!choice.selectable aria-describedby=hint_id.clone() data-test=test/>
                <div>
                    <label class="label choice__label" for=id>{choice.name.clone()}</label>
                    <div class="hint" id=hint_id>{choice.detail.clone()}{(!choice.selectable).then(|| format!(" — {}", lang.t("represent-not-active")))}</div>
                </div>
            </div>
        }
    };
    let children = page.children.clone();
    let companies = page.companies.clone();
    let nobody = children.is_empty() && companies.is_empty();
    view! {
        <Title text=title/>
        {summary}
        <h1>{lang.t("represent-title")}</h1>
        <p>{lang.t("represent-intro")}</p>
        {registry_note}
        <form method="post" action=routes::my_represent() novalidate>
            <div class=if page.refused { "form-group form-group--error" } else { "form-group" }>
                <fieldset class="fieldset" aria-describedby=if page.refused { "vem-error" } else { "" }>
                    <legend class="fieldset__legend">{lang.t("represent-legend")}</legend>
                    {page.refused.then(|| view! { <p class="error-message" id="vem-error"><span class="visually-hidden">{lang.t("form-error-prefix")}": "</span>{lang.t("represent-refused")}</p> })}
                    <div class="choice">
                        <input class="choice__input" type="radio" name="vem" id="vem-myself" value="myself" checked=myself_checked data-test="represent-myself"/>
                        <label class="label choice__label" for="vem-myself">{lang.t_args("represent-myself", &[("name", page.name.clone().into())])}</label>
                    </div>
                    {(!children.is_empty()).then(|| view! { <p class="label">{lang.t("represent-children")}</p> })}
                    {children.into_iter().map(option).collect_view()}
                    {(!companies.is_empty()).then(|| view! { <p class="label">{lang.t("represent-companies")}</p> })}
                    {companies.into_iter().map(option).collect_view()}
                </fieldset>
            </div>
            {nobody.then(|| view! { <p data-test="represent-nobody">{lang.t("represent-nobody")}</p> })}
            <button type="submit" class="button" data-test="represent-submit">{lang.t("represent-submit")}</button>
        </form>
    }
}
