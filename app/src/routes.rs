//! The route table: every address the portal answers, in one place. The Leptos `App` builds its
//! routes from these segments, the axum router mounts its handlers on [`axum_path`]s made from
//! them, and every link is made by a function here, so a renamed address changes in one line.
//!
//! Addresses are Swedish (the portal's first language) and stay the same in English: a link
//! shared between languages still works.

/// `/sok`: searching the catalogue.
pub const SEARCH: &str = "sok";
/// `/tjanster/{id}`: a service.
pub const SERVICES: &str = "tjanster";
/// `/livshandelser` and `/livshandelser/{id}`: life events.
pub const LIFE_EVENTS: &str = "livshandelser";
/// `/organisationer` and `/organisationer/{id}`.
pub const ORGANISATIONS: &str = "organisationer";
/// `/avdelningar/{id}`: a department of an organisation.
pub const DEPARTMENTS: &str = "avdelningar";
/// `/enheter` and `/enheter/{id}`: the preschools and schools to choose between (filtered by a
/// GET form), and one of them.
pub const UNITS: &str = "enheter";
/// `/enheter/jamfor?enhet=a&enhet=b`: two to four units side by side. Never a unit's id.
pub const UNITS_COMPARE: &str = "jamfor";
/// `/formular/{form}`: a form's start page; its steps and other pages are below it.
pub const FORMS: &str = "formular";
/// `/formular/{form}/kontrollera`: check your answers.
pub const FORM_CHECK: &str = "kontrollera";
/// `/formular/{form}/utskrift`: the whole form on paper.
pub const FORM_PRINT: &str = "utskrift";
/// `/formular/{form}/kvitto/{reference}`: the confirmation after sending.
pub const FORM_RECEIPT: &str = "kvitto";
/// `POST /formular/{form}/skicka`: sending.
pub const FORM_SEND: &str = "skicka";
/// `POST /formular/{form}/rensa`: clearing the draft.
pub const FORM_CLEAR: &str = "rensa";
/// `/formular/{form}/bilagor/{id}`: a file attached to the visitor's draft, downloaded;
/// `…/arenden/{case}/bilagor/{id}` the same once it belongs to a case.
pub const ATTACHMENTS: &str = "bilagor";
/// `/tillganglighet`: the accessibility statement.
pub const ACCESSIBILITY: &str = "tillganglighet";
/// `/integritet`: how personal data is handled.
pub const PRIVACY: &str = "integritet";
/// `/kontakt`: contact details.
pub const CONTACT: &str = "kontakt";
/// `/logga-in`: choosing an e-ID; `POST /logga-in/{provider}` begins a sign-in with it.
pub const SIGN_IN: &str = "logga-in";
/// `/logga-in/retur`: where e-ID providers send people back (the OpenID Connect redirect URI).
pub const SIGN_IN_RETURN: &str = "retur";
/// `/logga-in/problem?orsak=…&eid=…`: why a sign-in did not go through, and what to do.
pub const SIGN_IN_PROBLEM: &str = "problem";
/// `POST /logga-ut`: signing out.
pub const SIGN_OUT: &str = "logga-ut";
/// `POST /forbli-inloggad`: "stay signed in" (any request counts as activity; this one returns).
pub const STAY_SIGNED_IN: &str = "forbli-inloggad";
/// `/utloggad`: "you are signed out".
pub const SIGNED_OUT: &str = "utloggad";
/// `/mina-sidor`: My pages, for a signed-in resident.
pub const MY_PAGES: &str = "mina-sidor";
/// `/mina-sidor/mina-uppgifter`: everything kept about me; `….json` as a download.
pub const MY_DATA: &str = "mina-uppgifter";
pub const MY_DATA_JSON: &str = "mina-uppgifter.json";
/// `/mina-sidor/paborjade`: a signed-in person's drafts, to continue or delete
/// (`POST …/paborjade/{form}/ta-bort`).
pub const MY_DRAFTS: &str = "paborjade";
pub const MY_DRAFT_DELETE: &str = "ta-bort";
/// `/mina-sidor/profil`: contact details and notifications.
pub const PROFILE: &str = "profil";
/// `/mina-sidor/foretrada`: whom the signed-in person acts for (themselves, a child, a company).
pub const MY_REPRESENT: &str = "foretrada";
/// `/mina-sidor/samtycken/{id}`: an application waiting for the other guardian's consent (their
/// task, or the sender's view of it), with `POST …/samtycken/{id}/svar` for the answer.
pub const MY_CONSENTS: &str = "samtycken";
pub const MY_CONSENT_ANSWER: &str = "svar";
/// `/bekrafta-epost?kod=…`: the page an e-mail confirmation link opens (a button confirms).
pub const CONFIRM_EMAIL: &str = "bekrafta-epost";
/// `/demo-inloggning`: the demo's test persons (demo configuration only).
pub const DEMO_SIGN_IN: &str = "demo-inloggning";
/// `/demo-signering?flode=…`: the demo's signing page for a demo sign-in (demo configuration only).
pub const DEMO_SIGNING: &str = "demo-signering";

/// `/handlaggare`: staff sign-in; `/handlaggare/start` their start page; `/handlaggare/roller`
/// the organisation's staff and roles (administrators), with `POST …/roller/{tilldela|ta-bort}`.
pub const STAFF: &str = "handlaggare";
pub const STAFF_HOME: &str = "start";
pub const STAFF_ROLES: &str = "roller";
pub const STAFF_ROLES_GRANT: &str = "tilldela";
pub const STAFF_ROLES_REMOVE: &str = "ta-bort";

/// `/handlaggare/ko/{queue}`: a back-office queue; `/handlaggare/arenden/{id}` a case, with
/// `POST …/arenden/{id}/{action}` for what an officer does to it.
pub const STAFF_QUEUE: &str = "ko";
/// `/handlaggare/remisser`: referrals to the member's organisation; `/handlaggare/remisser/{id}`
/// one of them, with `POST …/remisser/{id}/svar` for the answer.
pub const STAFF_REFERRALS: &str = "remisser";
/// `/handlaggare/statistik`: statistics of the member's cases; `….csv` as a download.
pub const STAFF_STATISTICS: &str = "statistik";
pub const STAFF_STATISTICS_CSV: &str = "statistik.csv";
pub const REFERRAL_ANSWER: &str = "svar";
pub const STAFF_CASES: &str = "arenden";
/// `/mina-sidor/arenden` and `/mina-sidor/arenden/{id}`: the applicant's cases;
/// `POST …/arenden/{id}/svar` their answer.
pub const MY_CASES: &str = "arenden";
pub const MY_CASE_ANSWER: &str = "svar";
/// `/diarium`: the public records register (anyone may search it).
pub const REGISTER: &str = "diarium";

/// Reasons on the sign-in problem page (`orsak=`).
pub const PROBLEM_EXPIRED: &str = "utgangen";
pub const PROBLEM_CANCELLED: &str = "avbruten";
pub const PROBLEM_FAILED: &str = "misslyckad";
pub const PROBLEM_NUMBER: &str = "personnummer";
pub const PROBLEM_LEVEL: &str = "tillitsniva";
pub const PROBLEM_UNAVAILABLE: &str = "otillganglig";
pub const PROBLEM_MFA: &str = "tvafaktor";

/// `/health`: liveness and database reachability, for load balancers.
pub const HEALTH: &str = "/health";
/// `/api/v1/…`: the machine API.
pub const API_V1: &str = "/api/v1";

/// Query parameter on a step link: the person came from the check page to change an answer.
pub const CHANGE_QUERY: &str = "andra=1";

pub fn home() -> String {
    "/".into()
}

pub fn search() -> String {
    format!("/{SEARCH}")
}

pub fn service(id: &str) -> String {
    format!("/{SERVICES}/{id}")
}

pub fn life_events() -> String {
    format!("/{LIFE_EVENTS}")
}

pub fn life_event(id: &str) -> String {
    format!("/{LIFE_EVENTS}/{id}")
}

pub fn organisations() -> String {
    format!("/{ORGANISATIONS}")
}

pub fn organisation(id: &str) -> String {
    format!("/{ORGANISATIONS}/{id}")
}

pub fn department(id: &str) -> String {
    format!("/{DEPARTMENTS}/{id}")
}

pub fn units() -> String {
    format!("/{UNITS}")
}

pub fn unit(id: &str) -> String {
    format!("/{UNITS}/{id}")
}

pub fn units_compare() -> String {
    format!("/{UNITS}/{UNITS_COMPARE}")
}

/// The units page with a query, e.g. `units_with(&[("typ", "skola")])`: `/enheter?typ=skola`.
pub fn units_with<V: AsRef<str>>(pairs: &[(&str, V)]) -> String {
    with_query(units(), pairs)
}

/// The comparison of the units chosen in `pairs` (`enhet=…`), with the list's filters.
pub fn units_compare_with<V: AsRef<str>>(pairs: &[(&str, V)]) -> String {
    with_query(units_compare(), pairs)
}

fn with_query<V: AsRef<str>>(path: String, pairs: &[(&str, V)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{}={}", percent_encode(key), percent_encode(value.as_ref())))
        .collect();
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

pub fn form(form_id: &str) -> String {
    format!("/{FORMS}/{form_id}")
}

pub fn form_step(form_id: &str, step_id: &str) -> String {
    format!("/{FORMS}/{form_id}/{step_id}")
}

/// A step opened from the check page, scrolled to the answer being changed.
pub fn form_step_change(form_id: &str, step_id: &str, field: &str) -> String {
    format!("/{FORMS}/{form_id}/{step_id}?{CHANGE_QUERY}#{field}")
}

pub fn form_check(form_id: &str) -> String {
    format!("/{FORMS}/{form_id}/{FORM_CHECK}")
}

pub fn form_print(form_id: &str) -> String {
    format!("/{FORMS}/{form_id}/{FORM_PRINT}")
}

pub fn form_receipt(form_id: &str, reference: &str) -> String {
    format!("/{FORMS}/{form_id}/{FORM_RECEIPT}/{reference}")
}

pub fn form_send(form_id: &str) -> String {
    format!("/{FORMS}/{form_id}/{FORM_SEND}")
}

/// Where signing returns to: sending the draft with idempotency key `key`, now signed.
pub fn form_signed_send(form_id: &str, key: &str) -> String {
    format!("/{FORMS}/{form_id}/{FORM_SEND}?nyckel={key}")
}

pub fn form_clear(form_id: &str) -> String {
    format!("/{FORMS}/{form_id}/{FORM_CLEAR}")
}

pub fn form_attachment(form_id: &str, attachment: &str) -> String {
    format!("/{FORMS}/{form_id}/{ATTACHMENTS}/{attachment}")
}

pub fn accessibility() -> String {
    format!("/{ACCESSIBILITY}")
}

pub fn privacy() -> String {
    format!("/{PRIVACY}")
}

pub fn contact() -> String {
    format!("/{CONTACT}")
}

pub fn sign_in() -> String {
    format!("/{SIGN_IN}")
}

/// The sign-in page, returning to `path` afterwards.
pub fn sign_in_and_return(path: &str) -> String {
    format!("/{SIGN_IN}?till={}", percent_encode(path))
}

pub fn sign_in_with(provider: &str) -> String {
    format!("/{SIGN_IN}/{provider}")
}

pub fn sign_in_return() -> String {
    format!("/{SIGN_IN}/{SIGN_IN_RETURN}")
}

pub fn sign_in_problem(reason: &str, provider: &str) -> String {
    format!("/{SIGN_IN}/{SIGN_IN_PROBLEM}?orsak={}&eid={}", percent_encode(reason), percent_encode(provider))
}

pub fn sign_out() -> String {
    format!("/{SIGN_OUT}")
}

pub fn stay_signed_in() -> String {
    format!("/{STAY_SIGNED_IN}")
}

pub fn signed_out() -> String {
    format!("/{SIGNED_OUT}")
}

pub fn my_pages() -> String {
    format!("/{MY_PAGES}")
}

pub fn my_data() -> String {
    format!("/{MY_PAGES}/{MY_DATA}")
}

pub fn my_data_json() -> String {
    format!("/{MY_PAGES}/{MY_DATA_JSON}")
}

pub fn staff_sign_in() -> String {
    format!("/{STAFF}")
}

pub fn staff_home() -> String {
    format!("/{STAFF}/{STAFF_HOME}")
}

pub fn staff_roles() -> String {
    format!("/{STAFF}/{STAFF_ROLES}")
}

pub fn staff_role_change(change: &str) -> String {
    format!("/{STAFF}/{STAFF_ROLES}/{change}")
}

pub fn staff_queue(queue: &str) -> String {
    format!("/{STAFF}/{STAFF_QUEUE}/{queue}")
}

/// `POST`: a manager assigns the cases ticked on a queue page to one officer.
pub const BULK_ASSIGN: &str = "tilldela";

pub fn staff_bulk_assign(queue: &str) -> String {
    format!("{}/{BULK_ASSIGN}", staff_queue(queue))
}

/// `GET …/arenden/{id}/beslutsdokument`: the decision as a document to print or save (staff
/// and applicant alike). Not `beslut`: that is the officer's decide action (a POST).
pub const DECISION_DOCUMENT: &str = "beslutsdokument";

pub fn staff_decision_document(id: i64) -> String {
    format!("{}/{DECISION_DOCUMENT}", staff_case(id))
}

pub fn my_decision_document(id: i64) -> String {
    format!("{}/{DECISION_DOCUMENT}", my_case(id))
}

/// `/handlaggare/granskning`: the audit log, for an organisation's administrators.
pub const STAFF_AUDIT: &str = "granskning";

pub fn staff_audit() -> String {
    format!("/{STAFF}/{STAFF_AUDIT}")
}

pub fn staff_case(id: i64) -> String {
    format!("/{STAFF}/{STAFF_CASES}/{id}")
}

pub fn staff_case_action(id: i64, action: &str) -> String {
    format!("/{STAFF}/{STAFF_CASES}/{id}/{action}")
}

pub fn staff_statistics() -> String {
    format!("/{STAFF}/{STAFF_STATISTICS}")
}

pub fn staff_statistics_csv() -> String {
    format!("/{STAFF}/{STAFF_STATISTICS_CSV}")
}

pub fn staff_referrals() -> String {
    format!("/{STAFF}/{STAFF_REFERRALS}")
}

pub fn staff_referral(id: i64) -> String {
    format!("/{STAFF}/{STAFF_REFERRALS}/{id}")
}

pub fn staff_referral_answer(id: i64) -> String {
    format!("/{STAFF}/{STAFF_REFERRALS}/{id}/{REFERRAL_ANSWER}")
}

pub fn my_drafts() -> String {
    format!("/{MY_PAGES}/{MY_DRAFTS}")
}

pub fn my_draft_delete(form_id: &str) -> String {
    format!("/{MY_PAGES}/{MY_DRAFTS}/{form_id}/{MY_DRAFT_DELETE}")
}

pub fn my_cases() -> String {
    format!("/{MY_PAGES}/{MY_CASES}")
}

pub fn my_case(id: i64) -> String {
    format!("/{MY_PAGES}/{MY_CASES}/{id}")
}

pub fn my_case_attachment(id: i64, file: &str) -> String {
    format!("/{MY_PAGES}/{MY_CASES}/{id}/{ATTACHMENTS}/{file}")
}

pub fn staff_case_attachment(id: i64, file: &str) -> String {
    format!("/{STAFF}/{STAFF_CASES}/{id}/{ATTACHMENTS}/{file}")
}

pub fn my_consent(id: i64) -> String {
    format!("/{MY_PAGES}/{MY_CONSENTS}/{id}")
}

pub fn my_consent_answer(id: i64) -> String {
    format!("/{MY_PAGES}/{MY_CONSENTS}/{id}/{MY_CONSENT_ANSWER}")
}

pub fn my_case_answer(id: i64) -> String {
    format!("/{MY_PAGES}/{MY_CASES}/{id}/{MY_CASE_ANSWER}")
}

pub fn register() -> String {
    format!("/{REGISTER}")
}

pub fn profile() -> String {
    format!("/{MY_PAGES}/{PROFILE}")
}

pub fn my_represent() -> String {
    format!("/{MY_PAGES}/{MY_REPRESENT}")
}

pub fn confirm_email() -> String {
    format!("/{CONFIRM_EMAIL}")
}

pub fn demo_sign_in() -> String {
    format!("/{DEMO_SIGN_IN}")
}

pub fn demo_signing_action() -> String {
    format!("/{DEMO_SIGNING}")
}

pub fn demo_signing(flow: &str) -> String {
    format!("/{DEMO_SIGNING}?flode={}", percent_encode(flow))
}

/// Percent-encodes everything but unreserved characters and `/` (for a path in a query).
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Where server functions are answered: `/api/{capability}/{name}` (leptos' default prefix).
pub const SERVER_FNS: &str = "/api";

/// Pages and server functions that show answers, which are personal: never stored by a
/// browser or a shared cache.
pub fn is_personal(path: &str) -> bool {
    let under = |prefix: &str| path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'));
    let is = |page: &str| path == page || under(page);
    under(&format!("/{FORMS}"))
        || under(&format!("{SERVER_FNS}/forms"))
        || under(&format!("{SERVER_FNS}/identity"))
        || under(&format!("{SERVER_FNS}/cases"))
        || is(&format!("/{MY_PAGES}"))
        || is(&format!("/{SIGN_IN}"))
        || is(&format!("/{SIGN_OUT}"))
        || is(&format!("/{DEMO_SIGN_IN}"))
        || is(&format!("/{DEMO_SIGNING}"))
        || is(&format!("/{STAFF}"))
        || is(&format!("/{CONFIRM_EMAIL}"))
}

/// Whether `path` is a form step's address (`/formular/{form}/{step}`), where a step with
/// files posts them.
pub fn is_form_step(path: &str) -> bool {
    path.strip_prefix(&format!("/{FORMS}/"))
        .is_some_and(|rest| rest.split('/').count() == 2 && rest.split('/').all(|segment| !segment.is_empty()))
}

/// Whether the page at `path` has something to do in the browser, and so loads the application
/// (WebAssembly) to hydrate: a form step checks answers and shows follow-up questions as they
/// are given. Every other page is complete as HTML, links and plain forms.
pub fn is_interactive(path: &str) -> bool {
    let mut segments = path.trim_start_matches('/').split('/');
    segments.next() == Some(FORMS)
        && segments.next().is_some_and(|form| !form.is_empty())
        && segments.next().is_some_and(|step| ![FORM_CHECK, FORM_PRINT, FORM_RECEIPT, ""].contains(&step))
        && segments.next().is_none()
}

/// An axum route pattern from segments, `{name}` for a parameter: `axum_path(&[FORMS, "{form}", FORM_SEND])`.
pub fn axum_path(segments: &[&str]) -> String {
    segments.iter().fold(String::new(), |path, segment| path + "/" + segment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_patterns_spell_the_same_addresses() {
        assert_eq!(service("bygglov"), "/tjanster/bygglov");
        assert_eq!(form_step("f", "s"), "/formular/f/s");
        assert_eq!(form_step_change("f", "s", "q-name"), "/formular/f/s?andra=1#q-name");
        assert_eq!(form_receipt("f", "R-1"), "/formular/f/kvitto/R-1");
        assert_eq!(axum_path(&[FORMS, "{form}", FORM_SEND]), "/formular/{form}/skicka");
        assert_eq!(unit("norrvik-tonen"), "/enheter/norrvik-tonen");
        assert_eq!(units_with(&[("typ", "skola"), ("namn", "Tonen & co")]), "/enheter?typ=skola&namn=Tonen%20%26%20co");
        assert_eq!(units_with::<&str>(&[]), "/enheter");
        assert_eq!(units_compare_with(&[("enhet", "a"), ("enhet", "b")]), "/enheter/jamfor?enhet=a&enhet=b");
        assert!(is_personal("/formular/f/s"));
        assert!(!is_personal("/formularx"));
        assert!(!is_personal("/tjanster/x"));
        assert!(is_personal("/mina-sidor") && is_personal("/mina-sidor/mina-uppgifter.json"));
        assert!(is_personal("/logga-in/retur") && !is_personal("/logga-inx"));
        assert_eq!(sign_in_and_return("/formular/a b?x=1"), "/logga-in?till=/formular/a%20b%3Fx%3D1");
        assert!(is_interactive("/formular/f/steg"));
        for page in [
            "/",
            "/tjanster/x",
            "/sok",
            "/enheter",
            "/enheter/jamfor",
            "/enheter/x",
            "/formular/f",
            "/formular/f/kontrollera",
            "/formular/f/kvitto/R-1",
        ] {
            assert!(!is_interactive(page), "{page}");
        }
    }
}
