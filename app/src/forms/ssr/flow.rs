//! The way through a form, decided in one place: what posting a step does to the draft and
//! where the visitor goes next, which step a page may show, and sending (stored exactly once per
//! idempotency key). Handlers and page loaders ask [`Flow`]; it keeps drafts through a
//! [`DraftStore`], submissions through [`store`], and uses [`rules`] as a pure library. Nothing
//! it calls calls back into it, so a step's trip to its SQL is handler → flow → draft store.

use super::{
    draft::{Draft, DraftStore},
    store,
    uploads::{StepPost, Upload},
    FormsState,
};
use crate::{
    error::AppError,
    forms::{
        date::SimpleDate,
        files::FileRef,
        model::{FormDefinition, Question, QuestionKind, Step},
        rules::{self, Answers, HARD_MAX_CHARS},
        CheckView, StepView,
    },
    i18n::Lang,
    routes,
};

/// Largest draft (answers of every step, in bytes) a visitor may hold. The longest legitimate
/// form stays far below it; a script posting the maximum to every step is stopped here.
pub const MAX_DRAFT_BYTES: usize = 256 * 1024;
/// Most values one field name may carry (a multiple choice's options; the demo forms have fewer).
const MAX_VALUES_PER_FIELD: usize = 64;

/// A step page as the visitor gets it: what it shows, and where they are sent instead when the
/// step is not theirs to fill in yet (out of order) or not shown to them (a condition).
#[derive(Debug)]
pub struct StepPage {
    pub view: StepView,
    pub redirect: Option<String>,
}

/// The flow service of one request: the portal's state and the visitor's drafts.
pub struct Flow<'a> {
    state: &'a FormsState,
    drafts: &'a dyn DraftStore,
    /// The signed-in resident sending, if any: their case shows in their My pages.
    person: Option<(i64, String)>,
    /// Whom the person acts for, if someone else.
    acting_for: Option<crate::access::ActingFor>,
    /// The registries, asked for the other guardians of a form that needs both (`consent`).
    registry: Option<&'a crate::registry::api::RegistryState>,
    /// The person's completed e-ID signatures not yet used (a signed form is sent with one).
    signatures: Vec<crate::identity::api::Signature>,
}

/// Where sending leads.
#[derive(Debug, PartialEq)]
pub enum Sending {
    /// To this page: the confirmation, or where the visitor must go first. `spent` is the
    /// digest of the signature this sending used, if any: it signs nothing more.
    Next { path: String, spent: Option<String> },
    /// The form is signed, and this is not signed yet: the sender signs first.
    SignFirst(ToSign),
}

impl Sending {
    fn to(path: String) -> Sending {
        Sending::Next { path, spent: None }
    }
}

/// What a signed form's sender is asked to sign.
#[derive(Debug, PartialEq)]
pub struct ToSign {
    /// SHA-256 of [`Flow::signed_text`], hexadecimal.
    pub digest: String,
    pub what: String,
    /// The service's level of assurance, if it states one.
    pub loa: u8,
}

/// The secrecy ground of a case for someone with protected identity (offentlighets- och
/// sekretesslagen 21 kap. 3 §: a person's whereabouts when they may be harmed).
pub const PROTECTED_SECRECY: &str = "OSL 21 kap. 3 §";

impl<'a> Flow<'a> {
    pub fn new(state: &'a FormsState, drafts: &'a dyn DraftStore) -> Self {
        Flow { state, drafts, person: None, acting_for: None, registry: None, signatures: Vec::new() }
    }

    /// The flow with the sender's completed signatures (`identity::api::signatures`).
    pub fn with_signatures(mut self, signatures: Vec<crate::identity::api::Signature>) -> Self {
        self.signatures = signatures;
        self
    }

    /// The flow with the registries to ask who else must consent (`super::consent`).
    pub fn with_registry(mut self, registry: &'a crate::registry::api::RegistryState) -> Self {
        self.registry = Some(registry);
        self
    }

    /// The flow of a request by `actor`: a signed-in resident's submission becomes their case.
    pub fn acting(mut self, actor: &crate::access::Actor) -> Self {
        self.person = actor.resident().map(|person| (person.person_id, person.name.clone()));
        self.acting_for = actor.resident().and_then(|person| person.acting_for.clone());
        self
    }

    /// Today in Sweden by the portal's clock: what date questions are checked against.
    fn today(&self) -> SimpleDate {
        SimpleDate::in_sweden_at(self.state.clock.now_ms().div_euclid(1000))
    }

    /// Outside the form's application period: nothing is filled in or sent, and the visitor
    /// goes to the start page, which says when it opens (what was saved before stays).
    fn closed(&self, def: &FormDefinition) -> bool {
        def.window.as_ref().is_some_and(|window| window.closed_on(self.today()))
    }

    /// What the person acting must do before using the form ([`unusable`]), if anything: its
    /// steps are not filled in and it is not sent meanwhile, and its start page says what to do.
    pub fn unusable(&self, def: &FormDefinition) -> Option<&'static str> {
        unusable(def, self.person.is_some(), self.acting_for.as_ref())
    }

    /// The draft still being filled in: one that was sent (its key has a submission) counts as
    /// none, even if emptying it after sending failed, so the next visit starts afresh.
    async fn open_draft(&self, form_id: &str) -> Result<Option<Draft>, AppError> {
        match self.drafts.load(form_id).await? {
            Some(draft) if store::submission_by_key(&self.state.db, &draft.key).await?.is_none() => Ok(Some(draft)),
            _ => Ok(None),
        }
    }

    /// Posting a step: keeps what it asks (cut near each question's limit), records its problems
    /// or clears them, and returns where the visitor goes next (the same step, the next visible
    /// one, or the check page). A repeating group's "add another" and "remove" come back to the
    /// same step.
    pub async fn apply_step(
        &self,
        form_id: &str,
        step_id: &str,
        posted: Vec<(String, String)>,
    ) -> Result<String, AppError> {
        self.apply_post(form_id, step_id, StepPost { fields: posted, uploads: Vec::new() }, "").await
    }

    /// Posting a step with files (a step with a file question posts as multipart): the files
    /// are checked and attached, or refused with a problem naming each file and the rule; the
    /// rest of the step is kept either way. "Upload" and "remove" come back to the same step.
    pub async fn apply_post(
        &self,
        form_id: &str,
        step_id: &str,
        post: StepPost,
        client: &str,
    ) -> Result<String, AppError> {
        let StepPost { fields: posted, uploads } = post;
        let form = self.state.definitions.get(&self.state.db, form_id, Lang::SV).await?;
        let def = &form.definition;
        let index = def.steps.iter().position(|s| s.id == step_id).ok_or(AppError::NotFound)?;
        if self.closed(def) || self.unusable(def).is_some() {
            return Ok(routes::form(form_id));
        }
        let step = &def.steps[index];
        let mut draft = self.open_draft(form_id).await?.unwrap_or_else(Draft::fresh);
        let today = self.today();
        let changing = posted.iter().any(|(k, v)| k == "_return" && v == "check");
        let action = posted.iter().find(|(k, _)| k == "_action").map(|(_, v)| v.clone()).unwrap_or_default();

        // Posting to a step out of order: send the visitor to the first step still to be done.
        if let Some(first) = first_incomplete(def, &draft.answers, today, index) {
            return Ok(routes::form_step(form_id, &first));
        }
        let starting = draft.answers.is_empty();
        keep_posted(step, &mut draft.answers, posted);
        // A company's name and number are the company's as the server knows it, whatever was posted.
        for q in &step.questions {
            if let Some(value) = q.prefill.and_then(|what| super::company_answer(what, def, self.acting_for.as_ref())) {
                draft.answers.insert(q.id.clone(), vec![value]);
            }
        }
        if draft_bytes(&draft.answers) > MAX_DRAFT_BYTES {
            return Err(AppError::TooLarge);
        }
        if starting {
            self.drafts.begin().await?;
        }
        let here = routes::form_step(form_id, &step.id);
        let here = if changing { format!("{here}?andra=1") } else { here };
        if let Some(rest) = action.strip_prefix("remove-file:") {
            let (question, file) = rest.split_once(':').ok_or(AppError::BadRequest)?;
            if !step.questions.iter().any(|q| q.kind == QuestionKind::File && q.id == question) {
                return Err(AppError::BadRequest);
            }
            if let Some(values) = draft.answers.get_mut(question) {
                values.retain(|v| FileRef::decode(v).is_none_or(|f| f.id != file));
            }
            crate::attachments::forget(&self.state.db, file, &draft.key).await?;
            draft.errors = None;
            self.drafts.save(form_id, &draft).await?;
            return Ok(here);
        }
        let file_problems = self.attach(form_id, step, &mut draft, uploads, client).await?;
        let next = if !file_problems.is_empty() || action.starts_with("upload:") {
            // Back to the step: the files' problems, and (on "continue") the step's own.
            let mut problems = file_problems;
            if !action.starts_with("upload:") {
                let named: Vec<String> = problems.iter().map(|p| p.field.clone()).collect();
                problems.extend(
                    rules::validate_step(def, step, &draft.answers, today)
                        .into_iter()
                        .filter(|e| !named.contains(&e.field)),
                );
            }
            draft.errors = (!problems.is_empty()).then(|| (step.id.clone(), problems));
            here
        } else {
            after_posting(def, index, &mut draft, &action, changing, today, form_id)?
        };
        self.drafts.save(form_id, &draft).await?;
        Ok(next)
    }

    /// Attaches the files posted to `step`'s file questions, each checked by its name and by
    /// its first bytes, its size and the question's limits, then by the virus check; returns
    /// the problems of those refused (each naming its file and the rule).
    async fn attach(
        &self,
        form_id: &str,
        step: &Step,
        draft: &mut Draft,
        uploads: Vec<Upload>,
        client: &str,
    ) -> Result<Vec<rules::FieldError>, AppError> {
        use crate::domain::files::FileType;
        use rules::Problem;
        let mut problems: Vec<rules::FieldError> = Vec::new();
        if uploads.is_empty() {
            return Ok(problems);
        }
        let Some(files) = self.state.files.as_ref() else {
            tracing::error!("a file was posted but the portal keeps no attachments");
            return Err(AppError::Internal);
        };
        for Upload { question, name, staged } in uploads {
            let Some(q) = step.questions.iter().find(|q| q.kind == QuestionKind::File && q.id == question) else {
                continue;
            };
            let attached: Vec<FileRef> =
                rules::values(&draft.answers, &q.id).into_iter().filter_map(FileRef::decode).collect();
            let claimed = FileType::by_name(&name);
            let problem = if staged.over_limit {
                Some(Problem::FileTooBig(name.clone()))
            } else if staged.size == 0 {
                Some(Problem::FileEmpty(name.clone()))
            } else if claimed.is_none_or(|t| !q.accepted_types().contains(&t)) {
                Some(Problem::FileType(name.clone()))
            } else if FileType::by_content(&staged.head) != claimed {
                Some(Problem::FileNotWhatItSays(name.clone()))
            } else if attached.len() as u32 >= q.max_files() {
                Some(Problem::TooManyFiles(q.max_files()))
            } else if attached.iter().map(|f| f.size).sum::<u64>() + staged.size
                > u64::from(crate::forms::model::MAX_QUESTION_MB) * 1_000_000
            {
                Some(Problem::FilesTooBig)
            } else if !self.state.limits.uploads.allow_n(client, staged.size.div_ceil(1_000_000).max(1) as u32) {
                tracing::warn!(form = form_id, "upload refused: too many megabytes from one client address");
                return Err(AppError::TooManyRequests);
            } else {
                match files.scan(&staged).await {
                    crate::attachments::Verdict::Refused => Some(Problem::FileRefused(name.clone())),
                    crate::attachments::Verdict::Unavailable => Some(Problem::FileNotChecked(name.clone())),
                    crate::attachments::Verdict::Clean | crate::attachments::Verdict::NotConfigured => None,
                }
            };
            if let Some(problem) = problem {
                let error = rules::FieldError { field: q.id.clone(), question: q.id.clone(), problem };
                if !problems.contains(&error) {
                    problems.push(error);
                }
                continue;
            }
            let size = staged.size;
            let sha256 = files.keep(staged).await.map_err(|error| {
                tracing::error!(%error, "an attached file could not be kept");
                AppError::Internal
            })?;
            let file = FileRef {
                id: crate::attachments::random_id(),
                size,
                file_type: claimed.unwrap_or(FileType::Pdf),
                name,
            };
            let row = crate::attachments::Attachment {
                public_id: file.id.clone(),
                sha256,
                size: size as i64,
                file_type: file.file_type.code().to_string(),
                file_name: file.name.clone(),
                draft_key: draft.key.clone(),
                form_id: form_id.to_string(),
                question_id: q.id.clone(),
                case_id: None,
            };
            crate::attachments::record(&self.state.db, &row, self.state.clock.now_ms()).await?;
            tracing::info!(form = form_id, question = %q.id, size, "file attached");
            draft.answers.entry(q.id.clone()).or_default().push(file.encode());
        }
        Ok(problems)
    }

    /// A file attached to this visitor's draft of `form_id`, for downloading: only the draft
    /// that holds it gives it (anyone else, and anything sent, gets "not found").
    pub async fn attachment(&self, form_id: &str, public_id: &str) -> Result<crate::attachments::Attachment, AppError> {
        let draft = self.open_draft(form_id).await?.ok_or(AppError::NotFound)?;
        let held = draft.answers.values().flatten().filter_map(|v| FileRef::decode(v)).any(|f| f.id == public_id);
        let row = crate::attachments::by_public_id(&self.state.db, public_id).await?.ok_or(AppError::NotFound)?;
        if !held || row.draft_key != draft.key || row.form_id != form_id {
            return Err(AppError::NotFound);
        }
        Ok(row)
    }

    /// Sending the draft whose idempotency key the check page carried. Returns the confirmation
    /// (of this send or of an earlier one with the same key), or where the visitor must go
    /// first: a step still incomplete, the check page of a newer draft, or the form's start.
    pub async fn send(&self, form_id: &str, key: &str, client: &str, lang: Lang) -> Result<Sending, AppError> {
        if key.len() != 32 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AppError::BadRequest);
        }
        let db = &self.state.db;
        let draft = match self.drafts.load(form_id).await? {
            // Sent already from this browser (a retry, a second click): the draft kept only its
            // spent key, and the same reference answers.
            Some(draft) if draft.key == key && draft.answers.is_empty() => {
                if let Some(reference) = store::submission_by_key(db, key).await? {
                    return Ok(Sending::to(routes::form_receipt(form_id, &reference)));
                }
                return Ok(Sending::to(routes::form(form_id)));
            }
            Some(draft) if draft.key == key => draft,
            stale => {
                // Sent already from elsewhere (a retry from a browser that lost its session): the
                // same reference. Otherwise a stale tab: check the current answers again, or start anew.
                if let Some(reference) = store::submission_by_key(db, key).await? {
                    return Ok(Sending::to(routes::form_receipt(form_id, &reference)));
                }
                return Ok(Sending::to(if stale.is_some() {
                    routes::form_check(form_id)
                } else {
                    routes::form(form_id)
                }));
            }
        };
        let form = self.state.definitions.get(db, form_id, lang).await?;
        let def = &form.definition;
        if self.closed(def) {
            return Ok(Sending::to(routes::form(form_id)));
        }
        if self.unusable(def).is_some() {
            // A form about a child or a company's, sent while not acting for one, or a signed
            // form while not signed in: its start page says what to do.
            return Ok(Sending::to(routes::form(form_id)));
        }
        let today = self.today();
        if let Some((first, _)) = rules::validate_form(def, &draft.answers, today).into_iter().next() {
            return Ok(Sending::to(routes::form_step(form_id, &first)));
        }
        // A signed form: sent only with the sender's signature of exactly this sending.
        let signature = match (def.signed, &self.person) {
            (false, _) => None,
            // Not reached (`unusable` above): nobody to sign.
            (true, None) => return Ok(Sending::to(routes::form(form_id))),
            (true, Some((person_id, name))) => {
                let text = self.signed_text(&form, key, &draft.answers, lang).await?;
                let digest = crate::attachments::sha256_hex(text.as_bytes());
                let Some(signed) = self.signatures.iter().find(|s| s.person_id == *person_id && s.digest == digest)
                else {
                    let loa = crate::catalog::api::assurance_for_page(db, &routes::form(form_id)).await?.unwrap_or(0);
                    let what = crate::forms::model::tr(&def.title, lang).to_string();
                    return Ok(Sending::SignFirst(ToSign { digest, what, loa }));
                };
                Some(crate::cases::api::CaseSignature {
                    person_id: *person_id,
                    signer_name: name.clone(),
                    signed_at: signed.signed_at_ms,
                    provider: signed.provider.clone(),
                    e_id: signed.e_id.clone(),
                    loa: signed.loa,
                    sha256: digest,
                    text,
                })
            }
        };
        let spent = signature.as_ref().map(|s| s.sha256.clone());
        let answers = rules::structured(def, &draft.answers, today);
        let receipt = receipt(def, &answers, &form.service_name, lang);
        // A script sending thousands of reports, or branded receipts to a victim's address, is
        // stopped here (and told to come back later); the draft stays, so nothing typed is lost.
        if !self.state.limits.submissions.allow(client) {
            tracing::warn!(form = form_id, "submission refused: too many from one client address");
            return Err(AppError::TooManyRequests);
        }
        if let Some(to) = receipt.as_ref().and_then(|r| r.get("to")).and_then(|to| to.as_str()) {
            if !self.state.limits.receipts.allow(&to.to_lowercase()) {
                tracing::warn!(form = form_id, "submission refused: too many receipts to one recipient");
                return Err(AppError::TooManyRequests);
            }
        }
        let case = form.case_handling.as_ref().map(|handling| crate::cases::api::NewCase {
            signature,
            ..self.new_case(&form, handling, &draft.answers, lang)
        });
        // Both guardians' consent: the case waits for the other guardian(s) instead of opening.
        let consent =
            super::consent::hold(db, self.registry, def, self.person.clone(), self.acting_for.as_ref(), case.as_ref())
                .await?;
        let case = if consent.is_some() { None } else { case };
        // A double click arrives here twice; the second insert finds the key taken and returns
        // the first one's reference.
        let new = store::NewSubmission {
            key,
            organisation_id: &form.organisation_id,
            definition: def,
            lang,
            answers: &answers,
            receipt,
            submitted_at: self.state.clock.now_ms(),
            case,
            consent,
        };
        let reference = store::insert_submission(&self.state.submissions, new).await?;
        tracing::info!(form = form_id, version = def.version, reference, "submission stored");
        // The draft keeps only the spent key: it shows this browser the confirmation, and the
        // next visit starts afresh. The answers leave it (a shared computer's next user must not
        // find them); if that write fails the submission stands, and the idle timeout removes
        // the answers.
        if let Err(error) = self.drafts.save(form_id, &Draft::spent(key)).await {
            tracing::warn!(?error, "the sent draft could not be emptied");
        }
        Ok(Sending::Next { path: routes::form_receipt(form_id, &reference), spent })
    }

    /// The text a signed form's sender signs: what the form is and its version, who sends it and
    /// for whom, this sending's idempotency key (so that a signature signs one sending and no
    /// other), every answer shown as on the check page, and each attached file by its SHA-256.
    async fn signed_text(
        &self,
        form: &store::CachedForm,
        key: &str,
        answers: &Answers,
        lang: Lang,
    ) -> Result<String, AppError> {
        use std::fmt::Write;
        let def = &form.definition;
        let tr = |text| crate::forms::model::tr(text, lang).to_string();
        let mut text = String::new();
        let _ = writeln!(text, "{}", tr(&def.title));
        let _ = writeln!(text, "{}: {} ({}, {})", lang.t("signed-text-form"), form.service_name, def.id, def.version);
        if let Some((_, name)) = &self.person {
            let _ = writeln!(text, "{}: {name}", lang.t("signed-text-sender"));
        }
        if let Some(someone) = &self.acting_for {
            let _ = writeln!(text, "{}: {}", lang.t("signed-text-for"), someone.name);
        }
        let _ = writeln!(text, "{}: {key}", lang.t("signed-text-key"));
        let shown = rules::visible_answers(def, answers);
        for q in def.steps.iter().flat_map(|step| step.questions.iter()) {
            if q.kind == QuestionKind::File {
                for file in rules::values(&shown, &q.id).into_iter().filter_map(FileRef::decode) {
                    let row = crate::attachments::by_public_id(&self.state.db, &file.id).await?;
                    let sha256 = row.map(|row| row.sha256).unwrap_or_default();
                    let _ = writeln!(text, "\n{}\n  {} ({} B, SHA-256 {sha256})", tr(&q.label), file.name, file.size);
                }
                continue;
            }
            let lines = rules::answer_lines(q, &shown, lang);
            if !lines.is_empty() {
                let _ = writeln!(text, "\n{}", tr(&q.label));
                for line in lines {
                    let _ = writeln!(text, "  {line}");
                }
            }
        }
        Ok(text)
    }

    /// The case a submission to `form` opens: registered at once in the department that owns
    /// the service, its first document the answers as the sender saw them.
    fn new_case(
        &self,
        form: &store::CachedForm,
        handling: &crate::catalog::api::CaseHandling,
        answers: &Answers,
        lang: Lang,
    ) -> crate::cases::api::NewCase {
        use crate::cases::api::{ClockRule, NewCase, NewDocument};
        let def = &form.definition;
        let now = self.state.clock.now_ms();
        let title = crate::forms::model::tr(&def.title, Lang::default()).to_string();
        let shown = rules::visible_answers(def, answers);
        // The party: whom the person acts for, else the signed-in person, else the name the
        // form asked for (a form sent anonymously has none).
        let party = self.acting_for.as_ref().map(|someone| someone.name.clone());
        let party = party.or_else(|| self.person.as_ref().map(|(_, name)| name.clone())).unwrap_or_else(|| {
            shown.get("namn").and_then(|v| v.first()).map(|n| n.trim().chars().take(100).collect()).unwrap_or_default()
        });
        let lines: Vec<(String, Vec<String>)> = def
            .steps
            .iter()
            .flat_map(|step| step.questions.iter())
            .filter_map(|q| {
                let lines = rules::answer_lines(q, &shown, lang);
                (!lines.is_empty()).then(|| (crate::forms::model::tr(&q.label, lang).to_string(), lines))
            })
            .collect();
        // The files of the questions shown: each becomes a document of the case.
        let attachments = def
            .questions()
            .filter(|(_, q)| q.kind == QuestionKind::File)
            .flat_map(|(_, q)| {
                let asked_for = crate::forms::model::tr(&q.label, Lang::SV).to_string();
                rules::values(&shown, &q.id).into_iter().filter_map(FileRef::decode).map(move |file| {
                    crate::cases::api::AttachedFile {
                        public_id: file.id,
                        name: file.name,
                        size: file.size,
                        file_type: file.file_type.code().to_string(),
                        asked_for: asked_for.clone(),
                    }
                })
            })
            .collect();
        // Protected identity (skyddad identitet): the case is secret (OSL 21 kap. 3 §) and waits
        // for a registrar, who handles it by the routine for protected persons, instead of being
        // registered and numbered automatically.
        let protected = self.acting_for.as_ref().is_some_and(|someone| someone.protected);
        let secrecy = if protected { Some(PROTECTED_SECRECY.to_string()) } else { handling.secrecy.clone() };
        NewCase {
            organisation_id: form.organisation_id.clone(),
            department_id: form.department_id.clone(),
            service_id: def.service.clone(),
            title: title.clone(),
            party: party.clone(),
            person_id: self.person.as_ref().map(|(id, _)| *id),
            on_behalf: self.acting_for.as_ref().map(crate::access::ActingFor::key),
            submission_reference: None,
            secrecy: secrecy.clone(),
            clock: ClockRule::parse(&handling.clock),
            handling_days: handling.handling_days,
            prefix: handling.prefix.clone(),
            serial_digits: handling.serial_digits,
            received_at: now,
            register: !protected,
            first_document: NewDocument {
                kind: "submission",
                direction: "in",
                party,
                description: title,
                body: serde_json::to_string(&lines).unwrap_or_default(),
                secrecy,
                for_party: true,
                dated_at: now,
                reply_by: None,
            },
            attachments,
            actor: self.person.as_ref().map_or_else(|| "anonymous".to_string(), |(id, _)| format!("person:{id}")),
            actor_name: self.person.as_ref().map(|(_, name)| name.clone()).unwrap_or_default(),
            signature: None,
        }
    }

    /// "Clear the form": the draft is forgotten; returns the form's start page.
    pub async fn clear(&self, form_id: &str) -> Result<String, AppError> {
        self.drafts.clear(form_id).await?;
        Ok(routes::form(form_id))
    }

    /// Whether the visitor has answers in progress (the start page offers to continue or clear).
    pub async fn has_answers(&self, form_id: &str) -> Result<bool, AppError> {
        Ok(self.open_draft(form_id).await?.is_some_and(|d| !d.answers.is_empty()))
    }

    /// A step page with the answers so far and the problems found when it was last posted.
    pub async fn step_page(&self, form_id: &str, step_id: &str, changing: bool) -> Result<StepPage, AppError> {
        let definition = store::current_definition(&self.state.db, form_id).await?;
        let step_index = definition.steps.iter().position(|s| s.id == step_id).ok_or(AppError::NotFound)?;
        let draft = self.open_draft(form_id).await?.unwrap_or_default();
        let today = self.today();
        // Out of order (a bookmark, a tampered URL): go to the first step still to be done.
        let redirect = if self.closed(&definition) {
            Some(routes::form(form_id))
        } else if let Some(first) = first_incomplete(&definition, &draft.answers, today, step_index) {
            Some(routes::form_step(form_id, &first))
        } else if !rules::step_visible(&definition, &definition.steps[step_index], &draft.answers) {
            let next = next_visible(&definition, &draft.answers, step_index);
            Some(next.map(|n| routes::form_step(form_id, &n)).unwrap_or_else(|| routes::form_check(form_id)))
        } else {
            None
        };
        let errors = match draft.errors {
            Some((step, errors)) if step == step_id => errors,
            _ => Vec::new(),
        };
        let back = if changing {
            routes::form_check(form_id)
        } else {
            definition.steps[..step_index]
                .iter()
                .rev()
                .find(|s| rules::step_visible(&definition, s, &draft.answers))
                .map(|s| routes::form_step(form_id, &s.id))
                .unwrap_or_else(|| routes::form(form_id))
        };
        let view =
            StepView { definition, step_index, answers: draft.answers, errors, today, back, changing, fetched: None };
        Ok(StepPage { view, redirect })
    }

    /// "Check your answers", or `None` when there is nothing to check (nothing filled in, or
    /// sent already): the visitor then starts from the beginning.
    pub async fn check_page(&self, form_id: &str) -> Result<Option<CheckView>, AppError> {
        let definition = store::current_definition(&self.state.db, form_id).await?;
        if self.closed(&definition) {
            return Ok(None);
        }
        let Some(draft) = self.open_draft(form_id).await? else { return Ok(None) };
        let today = self.today();
        let incomplete = rules::validate_form(&definition, &draft.answers, today).into_iter().map(|(s, _)| s).collect();
        let answers = rules::visible_answers(&definition, &draft.answers);
        Ok(Some(CheckView { definition, answers, key: draft.key, incomplete, offer_by: None }))
    }

    /// Whether this visitor sent the submission `reference`: only the browser that sent it sees
    /// its confirmation (its draft still holds the key the submission was sent with); to anyone
    /// else it does not exist.
    pub async fn sent_here(&self, form_id: &str, reference: &str) -> Result<bool, AppError> {
        let key = self.drafts.load(form_id).await?.map(|d| d.key).unwrap_or_default();
        Ok(store::submission_by_key(&self.state.db, &key).await?.as_deref() == Some(reference))
    }
}

/// Whether a form may be used now by whoever is acting (`signed_in`, acting for someone or not):
/// `Some(reason)` when not, for its start page to explain, and its steps, check page and
/// sending to lead back there. A form about a child, or a company's form: `sign-in` while not
/// signed in, `choose-child` or `choose-company` while not acting for one. A signed form:
/// `sign-in-to-sign` while not signed in, since only a signed-in person can sign it.
pub fn unusable(
    def: &FormDefinition,
    signed_in: bool,
    acting_for: Option<&crate::access::ActingFor>,
) -> Option<&'static str> {
    use crate::access::Represented;
    match def.acting_for_needed() {
        Some(_) if !signed_in => Some("sign-in"),
        Some(needed) if acting_for.is_none_or(|someone| someone.kind != needed) => Some(match needed {
            Represented::Child => "choose-child",
            Represented::Company => "choose-company",
        }),
        Some(_) => None,
        None if def.signed && !signed_in => Some("sign-in-to-sign"),
        None => None,
    }
}

/// The first visible step before `index` whose answers are not yet valid.
pub fn first_incomplete(def: &FormDefinition, answers: &Answers, today: SimpleDate, before: usize) -> Option<String> {
    def.steps
        .iter()
        .take(before)
        .filter(|s| rules::step_visible(def, s, answers))
        .find(|s| !rules::validate_step(def, s, answers, today).is_empty())
        .map(|s| s.id.clone())
}

/// The visible step after `index`, if any.
pub fn next_visible(def: &FormDefinition, answers: &Answers, index: usize) -> Option<String> {
    def.steps.iter().skip(index + 1).find(|s| rules::step_visible(def, s, answers)).map(|s| s.id.clone())
}

/// This step's answers replace what the draft held for it; fields the step does not ask for are
/// dropped, and each value is cut near its question's limit.
fn keep_posted(step: &Step, answers: &mut Answers, posted: Vec<(String, String)>) {
    // A file question's answer is the files the server attached; nothing posted replaces it.
    let file_question = |name: &str| step.questions.iter().any(|q| q.kind == QuestionKind::File && q.id == name);
    answers.retain(|name, _| !belongs_to(step, name) || file_question(name));
    for (name, value) in posted {
        if let Some(limit) = field_limit(step, &name) {
            let values = answers.entry(name).or_default();
            // A choice posts one value per option at most; a text field posts one.
            if values.len() < MAX_VALUES_PER_FIELD {
                values.push(clean(&value, limit));
            }
        }
    }
}

/// What a posted step does once its answers are kept: a group action, or the verdict on the
/// step (its problems recorded, or cleared). Returns where the visitor goes next.
fn after_posting(
    def: &FormDefinition,
    index: usize,
    draft: &mut Draft,
    action: &str,
    changing: bool,
    today: SimpleDate,
    form_id: &str,
) -> Result<String, AppError> {
    let step = &def.steps[index];
    let with_return = |path: String| if changing { format!("{path}?andra=1") } else { path };
    let here = with_return(routes::form_step(form_id, &step.id));
    if let Some(group_id) = action.strip_prefix("add:") {
        let q = group(step, group_id).ok_or(AppError::BadRequest)?;
        let count = rules::item_count(&draft.answers, q);
        let max = q.max_items.unwrap_or(rules::DEFAULT_MAX_ITEMS);
        draft.answers.insert(q.id.clone(), vec![(count + 1).min(max).to_string()]);
        draft.errors = None;
        // The new item's first field, so the visitor lands where they type next.
        let first = q.questions.first().map(|m| m.id.as_str()).unwrap_or_default();
        let anchor = rules::field_id(&format!("{}.{}.{first}", q.id, count.min(max - 1)));
        return Ok(format!("{here}#{anchor}"));
    }
    if let Some(rest) = action.strip_prefix("remove:") {
        let (group_id, item) = rest.rsplit_once(':').ok_or(AppError::BadRequest)?;
        let q = group(step, group_id).ok_or(AppError::BadRequest)?;
        let item: u32 = item.parse().map_err(|_| AppError::BadRequest)?;
        remove_item(&mut draft.answers, q, item);
        draft.errors = None;
        return Ok(here);
    }
    let errors = rules::validate_step(def, step, &draft.answers, today);
    if !errors.is_empty() {
        draft.errors = Some((step.id.clone(), errors));
        return Ok(here);
    }
    draft.errors = None;
    let next = if changing {
        // After a change, only steps that became necessary (and are not done) come before the check.
        rules::validate_form(def, &draft.answers, today).first().map(|(s, _)| s.clone())
    } else {
        next_visible(def, &draft.answers, index)
    };
    Ok(match next {
        Some(next) => with_return(routes::form_step(form_id, &next)),
        None => routes::form_check(form_id),
    })
}

/// Keeps what people typed, cut a little beyond what the question allows (so the "too long"
/// message still shows most of it), without control characters (a NUL cannot be stored).
fn clean(value: &str, max_chars: usize) -> String {
    value
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .take(max_chars)
        .collect::<String>()
        .replace("\r\n", "\n")
}

/// The most characters kept of a field `name` posted to `step`, or `None` when the step does
/// not ask for that exact field (anything else a client posts is dropped).
fn field_limit(step: &Step, name: &str) -> Option<usize> {
    step.questions
        .iter()
        .filter(|q| q.kind.takes_answer() && q.kind != QuestionKind::File)
        .find_map(|q| question_field_limit(q, &q.id, name))
}

fn question_field_limit(q: &Question, prefix: &str, name: &str) -> Option<usize> {
    let rest = name.strip_prefix(prefix)?;
    let near = |max: u32| (max as usize + max as usize / 10 + 20).min(HARD_MAX_CHARS + 1);
    match q.kind {
        QuestionKind::PostalAddress | QuestionKind::Location => {
            let parts: &[&str] =
                if q.kind == QuestionKind::PostalAddress { &rules::ADDRESS_PARTS } else { &rules::LOCATION_PARTS };
            let part = rest.strip_prefix('.')?;
            parts.contains(&part).then(|| near(rules::DEFAULT_SHORT_MAX))
        }
        QuestionKind::RepeatingGroup => {
            if rest.is_empty() {
                return Some(4); // the item count
            }
            let (item, _) = rest.strip_prefix('.')?.split_once('.')?;
            let index: u32 = item.parse().ok()?;
            // Only the plain spelling of an index ("3", not "03" or "+3") within the group's maximum.
            if index.to_string() != item || index >= q.max_items.unwrap_or(rules::DEFAULT_MAX_ITEMS) {
                return None;
            }
            q.questions
                .iter()
                .filter(|member| member.kind.takes_answer())
                .find_map(|member| question_field_limit(member, &format!("{prefix}.{item}.{}", member.id), name))
        }
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::YesNo | QuestionKind::Declaration => {
            rest.is_empty().then(|| q.options.iter().map(|o| o.id.len()).max().unwrap_or(0).max(8))
        }
        QuestionKind::LongText => rest.is_empty().then(|| near(q.max_length.unwrap_or(rules::DEFAULT_LONG_MAX))),
        _ => rest.is_empty().then(|| near(q.max_length.unwrap_or(rules::DEFAULT_SHORT_MAX))),
    }
}

/// Whether a stored answer belongs to `step` (and is replaced when the step is posted again).
fn belongs_to(step: &Step, name: &str) -> bool {
    step.questions.iter().any(|q| q.kind.takes_answer() && (name == q.id || name.starts_with(&format!("{}.", q.id))))
}

fn draft_bytes(answers: &Answers) -> usize {
    answers.iter().map(|(name, values)| name.len() + values.iter().map(String::len).sum::<usize>()).sum()
}

fn group<'a>(step: &'a Step, id: &str) -> Option<&'a Question> {
    step.questions.iter().find(|q| q.id == id && q.kind == QuestionKind::RepeatingGroup)
}

/// Removes item `index` of a repeating group and moves the later items up.
fn remove_item(answers: &mut Answers, q: &Question, index: u32) {
    let count = rules::item_count(answers, q);
    if index >= count || count <= 1 {
        // The only item is emptied instead of removed.
        answers.retain(|name, _| !name.starts_with(&format!("{}.{index}.", q.id)));
        return;
    }
    for i in index..count {
        answers.retain(|name, _| !name.starts_with(&format!("{}.{i}.", q.id)));
        let from = format!("{}.{}.", q.id, i + 1);
        let moved: Vec<(String, Vec<String>)> = answers
            .iter()
            .filter(|(name, _)| name.starts_with(&from))
            .map(|(name, v)| (format!("{}.{i}.{}", q.id, &name[from.len()..]), v.clone()))
            .collect();
        answers.extend(moved);
    }
    answers.retain(|name, _| !name.starts_with(&format!("{}.{count}.", q.id)));
    answers.insert(q.id.clone(), vec![(count - 1).to_string()]);
}

/// The receipt to queue with the submission, if the form sends one and the address was given.
fn receipt(
    def: &FormDefinition,
    answers: &serde_json::Value,
    service_name: &str,
    lang: Lang,
) -> Option<serde_json::Value> {
    let question = def.receipt_to.as_ref()?;
    let to = answers.get(question)?.as_str()?;
    Some(serde_json::json!({
        "to": to,
        "lang": lang.code(),
        "form": crate::forms::model::tr(&def.title, lang),
        "service": service_name,
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failure report
    use super::*;
    use crate::{clock::Clock, db::Db};
    use std::{
        collections::HashMap,
        path::PathBuf,
        sync::{
            atomic::{AtomicUsize, Ordering},
            Mutex,
        },
    };

    /// One visitor's drafts in memory: the flow's view of a draft store, without a session.
    #[derive(Default)]
    struct MemoryDrafts {
        drafts: Mutex<HashMap<String, Draft>>,
        begun: AtomicUsize,
    }

    impl MemoryDrafts {
        fn get(&self, form_id: &str) -> Option<Draft> {
            self.drafts.lock().unwrap().get(form_id).cloned()
        }
    }

    #[async_trait::async_trait]
    impl DraftStore for MemoryDrafts {
        async fn load(&self, form_id: &str) -> Result<Option<Draft>, AppError> {
            Ok(self.get(form_id))
        }
        async fn save(&self, form_id: &str, draft: &Draft) -> Result<(), AppError> {
            self.drafts.lock().unwrap().insert(form_id.to_string(), draft.clone());
            Ok(())
        }
        async fn clear(&self, form_id: &str) -> Result<(), AppError> {
            self.drafts.lock().unwrap().remove(form_id);
            Ok(())
        }
        async fn begin(&self) -> Result<(), AppError> {
            self.begun.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
    }

    /// A form whose second step is shown only to those who answer yes on the first.
    const FORM: &str = r#"
id = "test-villkor"
version = 1
service = "lan-jakt"
reference_prefix = "TST"
receipt_to = "epost"
title = { sv = "Test", en = "Test" }
intro = { sv = "Inledning", en = "Introduction" }
confirmation = { sv = "Tack", en = "Thanks" }

[[step]]
id = "forsta"
title = { sv = "Först", en = "First" }
[[step.question]]
id = "svar"
type = "yes_no"
required = true
label = { sv = "Har du tillstånd?", en = "Do you have a permit?" }

[[step]]
id = "villkor"
title = { sv = "Tillståndet", en = "The permit" }
show_if = { question = "svar", equals = "yes" }
[[step.question]]
id = "nar"
type = "short_text"
required = true
label = { sv = "När fick du det?", en = "When did you get it?" }

[[step]]
id = "kontakt"
title = { sv = "Kontakt", en = "Contact" }
[[step.question]]
id = "epost"
type = "email"
required = true
label = { sv = "E-post", en = "Email" }
"#;

    const ID: &str = "test-villkor";

    /// A portal on a fresh SQLite file holding [`FORM`] and the service it belongs to; the
    /// file is removed when dropped.
    struct Portal {
        state: FormsState,
        dir: PathBuf,
    }

    impl Drop for Portal {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    async fn portal() -> Portal {
        let dir = std::env::temp_dir().join(format!("flow-{}-{}", std::process::id(), Draft::fresh().key));
        std::fs::create_dir_all(&dir).unwrap();
        let db = Db::connect(&format!("sqlite://{}/portal.db", dir.display()), 4).await.unwrap();
        db.migrate().await.unwrap();
        let def: FormDefinition = toml::from_str(FORM).unwrap();
        def.check(&["sv", "en"]).unwrap();
        let definition = serde_json::to_string(&def).unwrap();
        let rows = [
            "INSERT INTO organisations (id, kind, website, email, phone, address) \
             VALUES ('lan', 'county_board', 'https://lan.example', 'lan@example.se', '010', 'Box 1')",
            "INSERT INTO departments (id, organisation_id, case_prefix, email, phone) \
             VALUES ('lan-natur', 'lan', 'N', 'natur@example.se', '010')",
            "INSERT INTO services (id, department_id, level) VALUES ('lan-jakt', 'lan-natur', 'form')",
            "INSERT INTO service_texts (service_id, lang, name, summary, description, audience, how_to_apply, \
             requirements, fees, handling_time) VALUES ('lan-jakt', 'sv', 'Skyddsjakt', '', '', '', '', '', '', '')",
            "INSERT INTO forms (id, service_id, current_version) VALUES ('test-villkor', 'lan-jakt', 1)",
        ];
        crate::on_db!(&db, write, |pool| {
            for row in rows {
                sqlx::query(row).execute(pool).await.unwrap();
            }
            sqlx::query("INSERT INTO form_versions (form_id, version, definition, imported_at) VALUES ($1, 1, $2, 0)")
                .bind(ID)
                .bind(&definition)
                .execute(pool)
                .await
                .unwrap();
        });
        // Noon on 30 November 2026, Swedish time.
        let noon = Clock::fixed_at(SimpleDate::new(2026, 11, 30).unwrap().to_days() * 86_400_000 + 11 * 3_600_000);
        let state = FormsState::new(db, noon);
        Portal { state, dir }
    }

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_signed_form_waits_for_a_sign_in_and_a_form_for_someone_for_them() {
        use crate::access::{ActingFor, Represented};
        let mut def: FormDefinition = toml::from_str(FORM).unwrap();
        assert_eq!(unusable(&def, false, None), None, "anyone may use an unsigned form");
        def.signed = true;
        assert_eq!(unusable(&def, false, None), Some("sign-in-to-sign"));
        assert_eq!(unusable(&def, true, None), None, "a signed-in person signs it");
        // A company's form says what it needs first, signed or not.
        def.applicant = Some(crate::forms::model::Applicant::Company);
        assert_eq!(unusable(&def, false, None), Some("sign-in"));
        assert_eq!(unusable(&def, true, None), Some("choose-company"));
        let company = ActingFor {
            kind: Represented::Company,
            number: "5599000014".into(),
            name: "Hamnkrogen i Norrvik AB".into(),
            protected: false,
        };
        assert_eq!(unusable(&def, true, Some(&company)), None);
        let child = ActingFor { kind: Represented::Child, ..company };
        assert_eq!(unusable(&def, true, Some(&child)), Some("choose-company"), "a child is not a company");
    }

    #[tokio::test]
    async fn a_step_shown_only_on_a_condition_is_skipped_when_the_condition_fails() {
        let portal = portal().await;
        let drafts = MemoryDrafts::default();
        let flow = Flow::new(&portal.state, &drafts);
        let next = flow.apply_step(ID, "forsta", fields(&[("svar", "no")])).await.unwrap();
        assert_eq!(next, "/formular/test-villkor/kontakt", "the permit step is skipped");
        // Opening the hidden step (a bookmark) sends the visitor on to the next one shown.
        let page = flow.step_page(ID, "villkor", false).await.unwrap();
        assert_eq!(page.redirect.as_deref(), Some("/formular/test-villkor/kontakt"));
        // The contact step's back link skips the hidden step too.
        let page = flow.step_page(ID, "kontakt", false).await.unwrap();
        assert_eq!((page.redirect, page.view.back.as_str()), (None, "/formular/test-villkor/forsta"));
        // Answering yes makes the step necessary.
        let next = flow.apply_step(ID, "forsta", fields(&[("svar", "yes")])).await.unwrap();
        assert_eq!(next, "/formular/test-villkor/villkor");
        let check = flow.check_page(ID).await.unwrap().expect("a draft to check");
        assert_eq!(check.incomplete, ["villkor", "kontakt"]);
    }

    #[tokio::test]
    async fn a_step_out_of_order_leads_to_the_first_incomplete_step_and_keeps_nothing() {
        let portal = portal().await;
        let drafts = MemoryDrafts::default();
        let flow = Flow::new(&portal.state, &drafts);
        let next = flow.apply_step(ID, "kontakt", fields(&[("epost", "anna@example.se")])).await.unwrap();
        assert_eq!(next, "/formular/test-villkor/forsta");
        assert_eq!(drafts.get(ID), None, "nothing was kept");
        assert_eq!(drafts.begun.load(Ordering::Relaxed), 0, "no draft was begun");
        let page = flow.step_page(ID, "kontakt", false).await.unwrap();
        assert_eq!(page.redirect.as_deref(), Some("/formular/test-villkor/forsta"));
        assert!(matches!(flow.apply_step(ID, "nope", Vec::new()).await, Err(AppError::NotFound)));
        assert_eq!(flow.check_page(ID).await.unwrap(), None, "nothing to check yet");
    }

    #[tokio::test]
    async fn an_invalid_step_comes_back_with_what_was_typed_and_its_problems() {
        let portal = portal().await;
        let drafts = MemoryDrafts::default();
        let flow = Flow::new(&portal.state, &drafts);
        flow.apply_step(ID, "forsta", fields(&[("svar", "yes")])).await.unwrap();
        let posted = fields(&[("nar", ""), ("smuggled", "x"), ("_return", "check")]);
        let next = flow.apply_step(ID, "villkor", posted).await.unwrap();
        assert_eq!(next, "/formular/test-villkor/villkor?andra=1", "back to the same step, still changing");
        let page = flow.step_page(ID, "villkor", true).await.unwrap();
        assert_eq!(page.view.errors.len(), 1, "{:?}", page.view.errors);
        assert_eq!(page.view.back, "/formular/test-villkor/kontrollera");
        let draft = drafts.get(ID).unwrap();
        assert!(!draft.answers.contains_key("smuggled"), "fields the step does not ask for are dropped");
        assert_eq!(drafts.begun.load(Ordering::Relaxed), 1, "a draft begins once");
        // Fixed, the problems are gone and the visitor goes on.
        let next = flow.apply_step(ID, "villkor", fields(&[("nar", "I maj")])).await.unwrap();
        assert_eq!(next, "/formular/test-villkor/kontakt");
        assert_eq!(drafts.get(ID).unwrap().errors, None);
    }

    #[tokio::test]
    async fn sending_twice_with_the_same_key_lands_on_the_same_confirmation() {
        let portal = portal().await;
        let drafts = MemoryDrafts::default();
        let flow = Flow::new(&portal.state, &drafts);
        flow.apply_step(ID, "forsta", fields(&[("svar", "no")])).await.unwrap();
        let next = flow.apply_step(ID, "kontakt", fields(&[("epost", "anna@example.se")])).await.unwrap();
        assert_eq!(next, "/formular/test-villkor/kontrollera");
        let key = flow.check_page(ID).await.unwrap().expect("a draft to check").key;
        assert!(matches!(flow.send(ID, "not-a-key", "client", Lang::SV).await, Err(AppError::BadRequest)));

        let Sending::Next { path: confirmation, spent: None } = flow.send(ID, &key, "client", Lang::SV).await.unwrap()
        else {
            panic!("an unsigned form is sent at once")
        };
        assert!(confirmation.starts_with("/formular/test-villkor/kvitto/TST-2026-"), "{confirmation}");
        let reference = confirmation.rsplit('/').next().unwrap();
        // Only the spent key is left: the answers have left the draft.
        assert_eq!(drafts.get(ID), Some(Draft::spent(&key)));
        assert!(flow.sent_here(ID, reference).await.unwrap());
        assert!(!flow.has_answers(ID).await.unwrap(), "the start page offers no draft");

        // A retry from the same browser (the answer was lost on the way).
        assert_eq!(flow.send(ID, &key, "client", Lang::SV).await.unwrap(), Sending::to(confirmation.clone()));
        // A retry from a browser that lost its draft gets the same reference, yet may not see
        // the confirmation page.
        let elsewhere = MemoryDrafts::default();
        let other = Flow::new(&portal.state, &elsewhere);
        assert_eq!(other.send(ID, &key, "client", Lang::SV).await.unwrap(), Sending::to(confirmation.clone()));
        assert!(!other.sent_here(ID, reference).await.unwrap());
        let stored: i64 = crate::on_db!(&portal.state.db, read, |pool| sqlx::query_scalar(
            "SELECT COUNT(*) FROM submissions WHERE idempotency_key = $1"
        )
        .bind(&key)
        .fetch_one(pool)
        .await
        .unwrap());
        assert_eq!(stored, 1, "stored once");
        // The next post starts a new draft with a new key.
        flow.apply_step(ID, "forsta", fields(&[("svar", "no")])).await.unwrap();
        assert_ne!(drafts.get(ID).unwrap().key, key);
    }

    #[tokio::test]
    async fn a_draft_over_its_limit_is_refused_and_clearing_forgets_it() {
        let portal = portal().await;
        let drafts = MemoryDrafts::default();
        let flow = Flow::new(&portal.state, &drafts);
        flow.apply_step(ID, "forsta", fields(&[("svar", "no")])).await.unwrap();
        // A draft already near its limit (as a script posting the maximum everywhere leaves it).
        let mut draft = drafts.get(ID).unwrap();
        draft.answers.insert("nar".into(), vec!["x".repeat(MAX_DRAFT_BYTES)]);
        drafts.save(ID, &draft).await.unwrap();
        let refused = flow.apply_step(ID, "kontakt", fields(&[("epost", "anna@example.se")])).await;
        assert!(matches!(refused, Err(AppError::TooLarge)), "{refused:?}");
        assert_eq!(drafts.get(ID).unwrap(), draft, "the refused post changed nothing");
        assert_eq!(flow.clear(ID).await.unwrap(), "/formular/test-villkor");
        assert_eq!(drafts.get(ID), None);
    }
}
