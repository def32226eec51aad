//! Forms: the portal's one way of asking the public for information. Definitions are data
//! (`model`), their rules run in browser and server alike (`rules`), pages walk a person
//! through them one step at a time, and — behind `ssr` — drafts live in the session (anonymous
//! visitors) or the database (signed-in persons, listed in My pages), and submissions are stored
//! durably, exactly once.

/// The domain values forms ask for, under the names forms have always used.
pub use crate::domain::{date, files, identity};
pub mod consent;
pub mod model;
pub mod pages;
pub mod rules;
pub mod uploader;

#[cfg(feature = "ssr")]
pub mod ssr;

use crate::{error::AppError, i18n::Lang};
use date::SimpleDate;
use leptos::prelude::*;
use model::FormDefinition;
use rules::{Answers, FieldError};
use serde::{Deserialize, Serialize};

/// What the start page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormStart {
    pub definition: FormDefinition,
    pub service_name: String,
    pub organisation_name: String,
    pub first_step: String,
    pub has_draft: bool,
    /// What must come first when the form cannot be used yet (the page says what to do instead
    /// of offering to start): a form about a child or a company's, `sign-in`, `choose-child` or
    /// `choose-company`; a signed form, `sign-in-to-sign`.
    #[serde(default)]
    pub needs: Option<String>,
    /// The child it is for, while acting for one.
    #[serde(default)]
    pub child: Option<String>,
    /// A form with an application period: the day it opens while closed (the page says so
    /// instead of offering to start), or the last day to send while open.
    #[serde(default)]
    pub window: Option<WindowNotice>,
}

/// What a start page says of the form's application period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WindowNotice {
    OpensOn(String),
    LastDay(String),
}

/// One step to fill in, with what was typed before and the problems found when it was sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub definition: FormDefinition,
    pub step_index: usize,
    pub answers: Answers,
    pub errors: Vec<FieldError>,
    pub today: SimpleDate,
    /// Where the back link goes.
    pub back: String,
    /// Came from "check your answers": after this step, return there.
    pub changing: bool,
    /// What the population registry filled in, told above the questions (a Fluent id:
    /// fetched, could not be asked, or an address left out for a protected identity).
    #[serde(default)]
    pub fetched: Option<String>,
}

/// What a step's post answers when the browser sent it in place (an upload with its progress
/// shown, a removal, "continue" with files chosen; header [`IN_PLACE_HEADER`]): go elsewhere,
/// or stay with the step's files and problems as they are now. Without JavaScript the same
/// post answers with a redirect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InPlace {
    Go(String),
    Stay {
        /// Each file question of the step: the files attached (as [`files::FileRef`] encodes them).
        files: Answers,
        errors: Vec<FieldError>,
    },
}

/// The request header by which the step's script asks for an [`InPlace`] answer.
pub const IN_PLACE_HEADER: &str = "x-portal-in-place";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckView {
    pub definition: FormDefinition,
    pub answers: Answers,
    /// The key that makes sending idempotent; posted back with the form.
    pub key: String,
    /// Steps still incomplete (first one first); sending is refused until they are done.
    pub incomplete: Vec<String>,
    /// The day by which a place must be offered if sent today (`offer_within_months`).
    #[serde(default)]
    pub offer_by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Confirmation {
    pub definition: FormDefinition,
    pub reference: String,
    /// The case number, when what was sent became a registered case.
    pub case_number: Option<String>,
    pub organisation_name: String,
    pub receipt_to: Option<String>,
    /// It waits for the other guardian's consent before it becomes a case.
    #[serde(default)]
    pub consent_waiting: bool,
    /// The day by which a place must be offered (`offer_within_months` after it was sent).
    #[serde(default)]
    pub offer_by: Option<String>,
}

/// A signed-in person's draft as My pages list it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub form_id: String,
    pub title: String,
    pub service_name: String,
    /// Last changed (Swedish time).
    pub updated: String,
    /// The day it is deleted unless changed again.
    pub expires: String,
    /// Whether that day is near: the list says so.
    pub expires_soon: bool,
    /// Steps done of those the answers so far make visible.
    pub steps_done: usize,
    pub steps_total: usize,
    /// The title of the step to do next; `None` when only checking and sending are left.
    pub next_step: Option<String>,
    /// Where "continue" goes: that step, or "check your answers".
    pub continue_to: String,
}

/// The page of a signed-in person's drafts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyDrafts {
    pub drafts: Vec<DraftSummary>,
    /// Days a draft is kept after its last change.
    pub keep_days: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PrintView {
    pub definition: FormDefinition,
    pub organisation_name: String,
    pub organisation_address: String,
    pub organisation_email: String,
}

#[server(endpoint = "forms/start")]
pub async fn fetch_form_start(form_id: String, lang: Lang) -> Result<FormStart, AppError> {
    ssr::pages::start(&form_id, lang).await
}

#[server(endpoint = "forms/step")]
pub async fn fetch_form_step(form_id: String, step_id: String, changing: bool) -> Result<StepView, AppError> {
    ssr::pages::step(&form_id, &step_id, changing).await
}

#[server(endpoint = "forms/check")]
pub async fn fetch_form_check(form_id: String) -> Result<CheckView, AppError> {
    ssr::pages::check(&form_id).await
}

#[server(endpoint = "forms/confirmation")]
pub async fn fetch_confirmation(form_id: String, reference: String, lang: Lang) -> Result<Confirmation, AppError> {
    ssr::pages::confirmation(&form_id, &reference, lang).await
}

#[server(endpoint = "forms/my-drafts")]
pub async fn fetch_my_drafts(lang: Lang) -> Result<MyDrafts, AppError> {
    ssr::pages::my_drafts(lang).await
}

#[server(endpoint = "forms/print")]
pub async fn fetch_print_view(form_id: String, lang: Lang) -> Result<PrintView, AppError> {
    ssr::pages::print(&form_id, lang).await
}
