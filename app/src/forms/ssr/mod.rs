//! Server side of forms: the flow service, drafts behind a store (today the session), storage,
//! and the POST handlers (receipts go to the jobs queue).

pub mod consent;
pub mod draft;
pub mod flow;
pub mod group_commit;
pub mod handlers;
pub mod pages;
pub mod store;
pub mod uploads;

use crate::{clock::Clock, db::Db, error::AppError, rate_limit::Limits};
use std::sync::Arc;

/// What the forms' server side needs. Handlers get it by `FromRef` from the application's
/// state, server functions as a context of its own ([`FormsState::from_context`]).
#[derive(Clone, Debug)]
pub struct FormsState {
    pub db: Db,
    /// Form definitions, read from the database at most every few seconds.
    pub definitions: Arc<store::FormCache>,
    /// Stores submissions, sharing one durable commit among those sent at the same moment.
    pub submissions: group_commit::SubmissionWriter,
    /// Rate limits on anonymous submissions and receipts.
    pub limits: Arc<Limits>,
    /// The time as the portal sees it (tests set it).
    pub clock: Clock,
    /// Days a signed-in person's draft is kept after its last change.
    pub draft_keep_days: u32,
    /// Where attached files are kept (none: file questions cannot take files).
    pub files: Option<crate::attachments::BlobStore>,
}

impl FormsState {
    pub fn new(db: Db, clock: Clock) -> Self {
        FormsState {
            submissions: group_commit::SubmissionWriter::new(db.clone()),
            db,
            definitions: Arc::default(),
            limits: Arc::default(),
            clock,
            draft_keep_days: draft::DEFAULT_KEEP_DAYS,
            files: None,
        }
    }

    /// The forms' state, as the server provided it to this request.
    pub fn from_context() -> Result<Self, AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::error!("FormsState missing from context");
            AppError::Internal
        })
    }
}

/// What a question marked `prefill = "company-name"` or `"organisation-number"` holds on a
/// company's form: the company the person acts for, as the company registry named it when they
/// chose it (and the server checked they sign for it). `None` for any other prefill, or when
/// not acting for a company.
pub fn company_answer(
    what: crate::forms::model::Prefill,
    def: &crate::forms::model::FormDefinition,
    acting_for: Option<&crate::access::ActingFor>,
) -> Option<String> {
    use crate::forms::model::Prefill;
    let company =
        acting_for.filter(|someone| def.for_a_company() && someone.kind == crate::access::Represented::Company)?;
    match what {
        Prefill::CompanyName => Some(company.name.clone()),
        Prefill::OrganisationNumber if company.number.len() == 10 => {
            Some(format!("{}-{}", &company.number[..6], &company.number[6..]))
        }
        Prefill::OrganisationNumber => Some(company.number.clone()),
        _ => None,
    }
}
