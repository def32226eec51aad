//! Cases (ärenden): what a submission to a service handled as a case becomes. Registered with a
//! case number per department and year, handled in the back office (queues, assignment,
//! completion requests, communication, decision with reasons and appeal instructions, appeals),
//! followed by the applicant in My pages, and listed in the public records register (diarium)
//! with confidential entries masked. `model.rs` holds the rules; `ssr/` the service and storage.

#[cfg(feature = "ssr")]
pub mod api;
pub mod audit_log;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod statistics;

use crate::{error::AppError, i18n::Lang};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A case in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub id: i64,
    pub case_number: Option<String>,
    pub title: String,
    pub service_name: String,
    pub department_name: String,
    /// A status code (`in-progress`).
    pub status: String,
    pub received: String,
    /// The expected decision date, while the case is open.
    pub due: Option<String>,
    pub overdue: bool,
    /// Waiting for the applicant: the clock does not run.
    pub paused: bool,
    pub assigned_name: Option<String>,
    pub party: String,
    pub confidential: bool,
    /// What a form acting on the case sends, so a change in between is noticed.
    pub version: i64,
}

/// What a queue page was asked for: the queue and its filters, as in the address.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QueueQuery {
    pub queue: String,
    /// A service id (`tjanst`).
    pub service: Option<String>,
    /// A status code.
    pub status: Option<String>,
    /// An officer's staff id (`handlaggare`); `ingen` for cases nobody has.
    pub officer: Option<String>,
    /// Received from and until (`fran`, `till`), as typed.
    pub from: Option<String>,
    pub until: Option<String>,
    /// `aldst` for oldest first; newest first otherwise.
    pub order: Option<String>,
    /// The keyset position of the next page (`efter`).
    pub after: Option<String>,
}

impl QueueQuery {
    /// The query string that asks for this again (without the page position), `&`-joined.
    pub fn to_query_string(&self) -> String {
        let pairs = [
            ("tjanst", &self.service),
            ("status", &self.status),
            ("handlaggare", &self.officer),
            ("fran", &self.from),
            ("till", &self.until),
            ("ordning", &self.order),
        ];
        pairs
            .iter()
            .filter_map(|(name, value)| {
                value
                    .as_deref()
                    .filter(|v| !v.is_empty())
                    .map(|v| format!("{name}={}", crate::routes::percent_encode(v)))
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// What became of assigning several cases at once, as the queue page's address says it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub assigned: i64,
    /// Changed by someone else meanwhile, or not the manager's to assign.
    pub refused: i64,
    /// Sent without a case or without an officer (a Fluent id).
    pub problem: Option<String>,
}

/// A page of a resident's own cases, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyCases {
    pub cases: Vec<CaseSummary>,
    /// The address of the next (older) page, if there is one.
    pub next: Option<String>,
}

/// A back-office queue page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueuePage {
    /// Each queue and how many it holds (counted up to a cap).
    pub counts: Vec<(String, i64)>,
    pub cases: Vec<CaseSummary>,
    /// The address of the next page, if there is one.
    pub next: Option<String>,
    /// The services of the organisation to filter by (id, name).
    pub services: Vec<(String, String)>,
    /// What was asked for, with what did not parse left out.
    pub query: QueueQuery,
    /// The organisation's officers (id, name): to filter by and to assign to.
    pub officers: Vec<(i64, String)>,
    /// Whether the member may assign cases to others (a manager): the page offers bulk assign.
    pub can_assign: bool,
    /// (field, Fluent id) for filters that did not parse (a date).
    pub problems: Vec<(String, String)>,
}

/// A decision as shown: what was decided and why, by whom, and how to appeal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionView {
    pub outcome: String,
    pub reasons: String,
    pub legal_basis: String,
    pub decided_by: String,
    pub decided_on: String,
    /// The deciding body, to which an appeal is handed in.
    pub department: String,
    /// `standard` or `planning-act`: which appeal body the instructions name.
    pub clock: String,
    /// Decided past the time limit (the planning act's fee reduction applies).
    pub weeks_late: i64,
}

/// A document of a case as shown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentView {
    pub number: i64,
    pub kind: String,
    pub direction: String,
    pub party: String,
    pub description: String,
    /// The text of a message, note or request.
    pub text: String,
    /// A submission's answers as the applicant saw them: (question, answer lines).
    pub answers: Vec<(String, Vec<String>)>,
    pub decision: Option<DecisionView>,
    /// An appeal: (delivered, received, deadline, in time).
    pub appeal: Option<(String, String, String, bool)>,
    pub dated: String,
    pub reply_by: Option<String>,
    pub for_party: bool,
    /// An attached file: its public id, its name and its size for people.
    #[serde(default)]
    pub file: Option<(String, String, String)>,
}

/// A line of the timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventView {
    pub at: String,
    pub actor_name: String,
    pub kind: String,
    pub status: String,
}

/// An action form sent with problems, or overtaken by someone else's change: shown once.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseFlash {
    pub case: i64,
    pub form: String,
    pub values: Vec<(String, String)>,
    /// (field, Fluent id); the field is empty for a problem of the whole form.
    pub problems: Vec<(String, String)>,
}

impl CaseFlash {
    pub fn value(&self, name: &str) -> String {
        self.values.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

/// A case as its page shows it, to staff or to the applicant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    pub id: i64,
    pub case_number: Option<String>,
    pub title: String,
    pub service_name: String,
    pub department_name: String,
    pub organisation_name: String,
    pub status: String,
    pub party: String,
    pub received: String,
    pub due: Option<String>,
    pub paused: bool,
    pub overdue: bool,
    pub extended: bool,
    /// FL 12 §: six months without a decision.
    pub may_ask_for_decision: bool,
    pub assigned_name: Option<String>,
    pub version: i64,
    pub secrecy: Option<String>,
    pub documents: Vec<DocumentView>,
    pub events: Vec<EventView>,
    /// Action codes offered to this member of staff (empty for the applicant).
    pub actions: Vec<String>,
    /// Officers a manager may assign the case to.
    pub officers: Vec<(i64, String)>,
    /// Who of the staff has read the case, and when (shown to the applicant).
    pub readers: Vec<(String, String)>,
    /// The applicant may answer (completion requested or communicated).
    pub awaiting_answer: bool,
    /// The case's referrals (staff only).
    pub referrals: Vec<ReferralView>,
    /// Notices by e-mail to the applicant: (when, event, delivery state) — staff only.
    pub notices: Vec<(String, String, String)>,
    /// The organisations a case may be referred to (id, name).
    pub organisations: Vec<(String, String)>,
    /// The provisions the service's decisions usually rest on: the decision form starts from
    /// them (staff only).
    pub decision_template: Option<String>,
    pub flash: Option<CaseFlash>,
    /// How the application was signed, if the service asks for a signature.
    pub signature: Option<SignatureView>,
}

/// An application's e-ID signature as the case page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignatureView {
    pub signer: String,
    /// Swedish local time.
    pub at: String,
    pub e_id: String,
    pub loa: u8,
    pub sha256: String,
    /// Exactly what was signed.
    pub text: String,
    /// Whether the text kept still has the checksum recorded when it was signed.
    pub intact: bool,
}

/// A referral as the referred organisation (and the referring officer) sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReferralView {
    pub id: i64,
    /// Referred to.
    pub organisation: String,
    /// Referred by.
    pub from: String,
    pub case_number: Option<String>,
    pub title: String,
    pub service: String,
    pub question: String,
    /// The application as sent: (question, answer lines).
    pub answers: Vec<(String, Vec<String>)>,
    pub sent: String,
    pub reply_by: String,
    pub overdue: bool,
    pub answer: Option<String>,
    pub answered: Option<String>,
    pub answered_name: Option<String>,
    pub flash: Option<CaseFlash>,
}

/// One entry of the public records register.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegisterEntry {
    pub registered: String,
    pub case_number: String,
    pub document_number: i64,
    /// `in` or `out`.
    pub direction: String,
    /// Left out (`None`) when confidential.
    pub party: Option<String>,
    pub description: Option<String>,
    pub case_title: Option<String>,
    pub confidential: bool,
    pub organisation: String,
    pub department: String,
}

/// The register's search form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegisterSearch {
    pub q: String,
    pub number: String,
    pub organisation: String,
    pub department: String,
    pub from: String,
    pub until: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegisterPage {
    pub search: RegisterSearch,
    pub entries: Vec<RegisterEntry>,
    pub next: Option<String>,
    pub organisations: Vec<(String, String)>,
    /// (id, name, organisation id).
    pub departments: Vec<(String, String, String)>,
    /// (field, Fluent id).
    pub problems: Vec<(String, String)>,
}

/// The back office's queues, by their code in the address.
pub const QUEUES: [&str; 7] = ["nya", "otilldelade", "mina", "forsenade", "vantar", "remiss", "alla"];

#[server(endpoint = "cases/queue")]
pub async fn fetch_queue(query: QueueQuery, lang: Lang) -> Result<QueuePage, AppError> {
    ssr::pages::queue(query, lang).await
}

#[server(endpoint = "cases/staff-case")]
pub async fn fetch_staff_case(id: i64, lang: Lang) -> Result<CaseView, AppError> {
    ssr::pages::staff_case(id, lang).await
}

#[server(endpoint = "cases/my-cases")]
pub async fn fetch_my_cases(after: Option<String>, lang: Lang) -> Result<MyCases, AppError> {
    ssr::pages::my_cases(after, lang).await
}

#[server(endpoint = "cases/my-case")]
pub async fn fetch_my_case(id: i64, lang: Lang) -> Result<CaseView, AppError> {
    ssr::pages::my_case(id, lang).await
}

#[server(endpoint = "cases/referrals")]
pub async fn fetch_referrals(lang: Lang) -> Result<Vec<ReferralView>, AppError> {
    ssr::pages::referrals(lang).await
}

#[server(endpoint = "cases/referral")]
pub async fn fetch_referral(id: i64, lang: Lang) -> Result<ReferralView, AppError> {
    ssr::pages::referral(id, lang).await
}

#[server(endpoint = "cases/register")]
pub async fn fetch_register(
    search: RegisterSearch,
    after: Option<String>,
    lang: Lang,
) -> Result<RegisterPage, AppError> {
    ssr::pages::register(search, after, lang).await
}
