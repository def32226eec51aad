//! Server side of cases: the service that decides what may be done to a case and does it in
//! one commit (the case row from the version the officer saw, the document, the timeline, the
//! audit row), its storage ([`store`]) and the POST handlers ([`handlers`]).

pub mod audit_log;
pub mod handlers;
pub mod pages;
pub mod stats;
pub mod store;

use crate::{
    access::{Actor, Role, StaffMember},
    audit,
    cases::model::{self, HandlingClock, Outcome, Status, Step},
    clock::Clock,
    db::Db,
    domain::date::SimpleDate,
    error::AppError,
};
use store::{CaseChange, CaseRow, NewDocument};

/// The session key of an action form sent with problems: shown once, as typed, on the case page.
pub const FLASH_KEY: &str = "case_flash";

/// Longest text of a message, note, request or reasons.
pub const MAX_TEXT: usize = 10_000;

#[derive(Clone, Debug)]
pub struct CasesState {
    pub db: Db,
    pub clock: Clock,
    /// The queue pages' tab counts, kept briefly (see [`QueueCounts`]).
    pub counts: std::sync::Arc<QueueCounts>,
    /// Where the cases' attached files are kept (none: they cannot be downloaded).
    pub files: Option<crate::attachments::BlobStore>,
}

impl CasesState {
    pub fn new(db: Db, clock: Clock) -> Self {
        CasesState { db, clock, counts: Default::default(), files: None }
    }
}

/// How many cases each queue holds, per member of staff, kept for [`COUNTS_KEEP_MS`]: seven
/// counts on every queue page cost more than the page itself at a million cases (measured with
/// `.ci/bench-cases`). A change to a case in this process forgets its organisation's counts at
/// once; another instance's changes show within the keeping time. Bounded: when
/// [`COUNTS_MAX`] members are kept, all are forgotten.
#[derive(Debug, Default)]
pub struct QueueCounts(std::sync::Mutex<std::collections::HashMap<String, KeptCounts>>);

/// When the counts were made, and each queue's count.
type KeptCounts = (i64, Vec<(String, i64)>);

pub const COUNTS_KEEP_MS: i64 = 20_000;
const COUNTS_MAX: usize = 10_000;

impl QueueCounts {
    pub fn get(&self, key: &str, now: i64) -> Option<Vec<(String, i64)>> {
        let kept = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        kept.get(key).filter(|(at, _)| now - at < COUNTS_KEEP_MS).map(|(_, counts)| counts.clone())
    }

    pub fn put(&self, key: String, now: i64, counts: Vec<(String, i64)>) {
        let mut kept = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if kept.len() >= COUNTS_MAX {
            kept.clear();
        }
        kept.insert(key, (now, counts));
    }

    /// Forgets the counts of `organisation`'s staff (keys start with the organisation).
    pub fn forget(&self, organisation: &str) {
        let prefix = format!("{organisation}|");
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).retain(|key, _| !key.starts_with(&prefix));
    }
}

impl CasesState {
    pub fn from_context() -> Result<Self, AppError> {
        leptos::prelude::use_context::<Self>().ok_or_else(|| {
            tracing::error!("CasesState missing from context");
            AppError::Internal
        })
    }
}

/// What an officer does to a case, parsed from its form.
#[derive(Clone, Debug, PartialEq)]
pub enum Act {
    Register,
    Take,
    AssignTo(i64),
    Start,
    RequestCompletion {
        text: String,
        reply_by: SimpleDate,
    },
    Communicate {
        text: String,
        reply_by: SimpleDate,
    },
    Resume,
    Note {
        text: String,
    },
    Message {
        text: String,
    },
    Extend {
        weeks: i64,
        reason: String,
    },
    Decide {
        outcome: Outcome,
        reasons: String,
        legal_basis: String,
        without_communication: String,
        without_referral: String,
    },
    Close,
    Appeal {
        received: SimpleDate,
        delivered: SimpleDate,
    },
    AppealHandled {
        forward: bool,
    },
    /// Refer the case to another organisation with a question and a reply date.
    Refer {
        organisation: String,
        text: String,
        reply_by: SimpleDate,
    },
}

/// The action forms, by the code in their address (`/handlaggare/arenden/{id}/{code}`).
pub const ACTIONS: [&str; 15] = [
    "remiss",
    "registrera",
    "ta",
    "tilldela",
    "paborja",
    "komplettering",
    "kommunicera",
    "ateruppta",
    "anteckning",
    "meddelande",
    "forlang",
    "beslut",
    "avsluta",
    "overklagande",
    "overklagande-hanterat",
];

/// A field's problem: (field name, Fluent message id).
pub type Problems = Vec<(String, String)>;

/// Parses the form of action `code`; the problems name each field that is wrong.
pub fn parse_act(code: &str, form: &[(String, String)], today: SimpleDate) -> Result<Act, Problems> {
    let field =
        |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim().to_string()).unwrap_or_default();
    let mut problems = Problems::new();
    let text = |name: &str, problems: &mut Problems| {
        let value = field(name);
        if value.is_empty() {
            problems.push((name.into(), "cases-problem-empty".into()));
        } else if value.chars().count() > MAX_TEXT {
            problems.push((name.into(), "cases-problem-too-long".into()));
        }
        value
    };
    let date = |name: &str, problems: &mut Problems, future: bool| match SimpleDate::parse(&field(name)) {
        Some(day) if future && day <= today => {
            problems.push((name.into(), "cases-problem-date-future".into()));
            today
        }
        Some(day) if !future && day > today => {
            problems.push((name.into(), "cases-problem-date-past".into()));
            today
        }
        Some(day) => day,
        None => {
            problems.push((name.into(), "cases-problem-date".into()));
            today
        }
    };
    let act = match code {
        "registrera" => Act::Register,
        "ta" => Act::Take,
        "tilldela" => match field("handlaggare").parse() {
            Ok(id) => Act::AssignTo(id),
            Err(_) => return Err(vec![("handlaggare".into(), "cases-problem-choose-officer".into())]),
        },
        "paborja" => Act::Start,
        "komplettering" => Act::RequestCompletion {
            text: text("text", &mut problems),
            reply_by: date("svara_senast", &mut problems, true),
        },
        "kommunicera" => {
            Act::Communicate { text: text("text", &mut problems), reply_by: date("svara_senast", &mut problems, true) }
        }
        "ateruppta" => Act::Resume,
        "remiss" => {
            let organisation = field("mottagare");
            if organisation.is_empty() || organisation.len() > 80 {
                problems.push(("mottagare".into(), "cases-problem-choose".into()));
            }
            Act::Refer {
                organisation,
                text: text("text", &mut problems),
                reply_by: date("svara_senast", &mut problems, true),
            }
        }
        "anteckning" => Act::Note { text: text("text", &mut problems) },
        "meddelande" => Act::Message { text: text("text", &mut problems) },
        "forlang" => {
            let weeks = field("veckor").parse().unwrap_or(0);
            if !(1..=10).contains(&weeks) {
                problems.push(("veckor".into(), "cases-problem-weeks".into()));
            }
            Act::Extend { weeks, reason: text("motivering", &mut problems) }
        }
        "beslut" => {
            let outcome = Outcome::parse(&field("utfall"));
            if outcome.is_none() {
                problems.push(("utfall".into(), "cases-problem-outcome".into()));
            }
            let reasons = text("skal", &mut problems);
            let legal_basis = text("lagrum", &mut problems);
            let without_communication: String = field("utan_kommunicering").chars().take(MAX_TEXT).collect();
            let without_referral: String = field("utan_remissvar").chars().take(MAX_TEXT).collect();
            Act::Decide {
                outcome: outcome.unwrap_or(Outcome::Approved),
                reasons,
                legal_basis,
                without_communication,
                without_referral,
            }
        }
        "avsluta" => Act::Close,
        "overklagande" => {
            let received = date("inkom", &mut problems, false);
            let delivered = date("delgiven", &mut problems, false);
            if problems.is_empty() && delivered > received {
                problems.push(("delgiven".into(), "cases-problem-delivered-after".into()));
            }
            Act::Appeal { received, delivered }
        }
        "overklagande-hanterat" => match field("atgard").as_str() {
            "overlamna" => Act::AppealHandled { forward: true },
            "avvisa" => Act::AppealHandled { forward: false },
            _ => return Err(vec![("atgard".into(), "cases-problem-choose".into())]),
        },
        _ => return Err(vec![(String::new(), "cases-problem-unknown-action".into())]),
    };
    if problems.is_empty() {
        Ok(act)
    } else {
        Err(problems)
    }
}

impl Act {
    fn step(&self) -> Option<Step> {
        Some(match self {
            Act::Register => Step::Register,
            Act::Take | Act::AssignTo(_) => Step::Assign,
            Act::Start => Step::Start,
            Act::RequestCompletion { .. } => Step::RequestCompletion,
            Act::Communicate { .. } => Step::Communicate,
            Act::Resume => Step::Resume,
            Act::Decide { .. } => Step::Decide,
            Act::Close => Step::Close,
            Act::Appeal { .. } => Step::Appeal,
            Act::AppealHandled { .. } => Step::AppealHandled,
            Act::Note { .. } | Act::Message { .. } | Act::Extend { .. } | Act::Refer { .. } => return None,
        })
    }

    /// The timeline's name for it (a Fluent id's tail).
    fn event(&self) -> &'static str {
        match self {
            Act::Register => "registered",
            Act::Take | Act::AssignTo(_) => "assigned",
            Act::Start => "started",
            Act::RequestCompletion { .. } => "completion-requested",
            Act::Communicate { .. } => "communicated",
            Act::Resume => "resumed",
            Act::Note { .. } => "note",
            Act::Message { .. } => "message-out",
            Act::Extend { .. } => "extended",
            Act::Decide { .. } => "decided",
            Act::Close => "closed",
            Act::Appeal { .. } => "appealed",
            Act::AppealHandled { forward: true } => "appeal-forwarded",
            Act::AppealHandled { forward: false } => "appeal-dismissed",
            Act::Refer { .. } => "referred",
        }
    }
}

/// Whether `member` may do `act` to `case` (beyond reaching the case at all): registrars
/// register, officers take cases, managers assign them to others; the officer the case is
/// assigned to (or a manager) handles and decides it.
pub fn may_act(member: &StaffMember, case: &CaseRow, act: &Act) -> bool {
    let has = |roles: &[Role]| member.has_role_in(&case.organisation_id, &case.department_id, roles);
    let handler = case.assigned_to == Some(member.staff_id) || has(&[Role::Manager]);
    match act {
        Act::Register => has(&[Role::Registrar, Role::Manager]),
        Act::Take => has(&[Role::CaseOfficer, Role::Manager]),
        Act::AssignTo(_) => has(&[Role::Manager]),
        Act::Note { .. } => has(&crate::access::CASE_ROLES),
        Act::Close | Act::Appeal { .. } | Act::AppealHandled { .. } => handler || has(&[Role::Registrar]),
        _ => handler,
    }
}

/// The action forms the case page offers `member` now.
pub fn offered(member: &StaffMember, case: &CaseRow) -> Vec<String> {
    let today = SimpleDate::from_days(0);
    let status = case.status();
    let samples = [
        ("registrera", Act::Register),
        ("ta", Act::Take),
        ("tilldela", Act::AssignTo(0)),
        ("paborja", Act::Start),
        ("komplettering", Act::RequestCompletion { text: String::new(), reply_by: today }),
        ("kommunicera", Act::Communicate { text: String::new(), reply_by: today }),
        ("ateruppta", Act::Resume),
        ("meddelande", Act::Message { text: String::new() }),
        ("forlang", Act::Extend { weeks: 1, reason: String::new() }),
        (
            "beslut",
            Act::Decide {
                outcome: Outcome::Approved,
                reasons: String::new(),
                legal_basis: String::new(),
                without_communication: String::new(),
                without_referral: String::new(),
            },
        ),
        ("remiss", Act::Refer { organisation: String::new(), text: String::new(), reply_by: today }),
        ("avsluta", Act::Close),
        ("overklagande", Act::Appeal { received: today, delivered: today }),
        ("overklagande-hanterat", Act::AppealHandled { forward: true }),
        ("anteckning", Act::Note { text: String::new() }),
    ];
    samples
        .into_iter()
        .filter(|(_, act)| may_act(member, case, act) && allowed_now(case, status, act))
        .filter(|(code, _)| *code != "ta" || case.assigned_to != Some(member.staff_id))
        .map(|(code, _)| code.to_string())
        .collect()
}

fn allowed_now(case: &CaseRow, status: Status, act: &Act) -> bool {
    match act.step() {
        Some(step) => model::next(status, step).is_some(),
        None => match act {
            Act::Extend { .. } => status.is_open() && case.clock().extend(1).is_some() && status != Status::Received,
            Act::Message { .. } => case.person_id.is_some() && status != Status::Received,
            Act::Refer { .. } => status.is_open() && !matches!(status, Status::Received | Status::Registered),
            _ => true,
        },
    }
}

/// Does `act` to case `id` as `member`, from `version` of it. `Conflict` when the case changed
/// since (nothing is written) or the step is not allowed in the case's state now.
/// Case `id` if `actor` is staff who may change it: a case they may not read is not found, one
/// they may read but not change is forbidden.
pub async fn changeable<'a>(
    state: &CasesState,
    actor: &'a Actor,
    id: i64,
) -> Result<(&'a StaffMember, store::CaseRow), AppError> {
    let member = actor.staff().ok_or(AppError::Unauthenticated)?;
    let case = store::case(&state.db, id, "sv").await?;
    let resource = crate::access::Resource::Case {
        organisation: &case.organisation_id,
        department: &case.department_id,
        person: case.person_id,
        on_behalf: case.on_behalf.as_deref(),
    };
    if !crate::access::may(actor, crate::access::Action::Read, resource) {
        return Err(AppError::NotFound);
    }
    crate::access::require(actor, crate::access::Action::Change, resource)?;
    Ok((member, case))
}

pub async fn act(
    state: &CasesState,
    actor: &Actor,
    id: i64,
    version: i64,
    act: Act,
) -> Result<Result<(), Problems>, AppError> {
    let (member, case) = changeable(state, actor, id).await?;
    if !may_act(member, &case, &act) {
        return Err(AppError::Forbidden);
    }
    if case.version != version {
        return Err(AppError::Conflict);
    }
    let now = state.clock.now_ms();
    let status = case.status();
    let next = match act.step() {
        Some(step) => model::next(status, step).ok_or(AppError::Conflict)?,
        None => status,
    };
    let mut clock = case.clock();
    let mut assigned = case.assigned_to;
    let mut decided = None;
    let mut outcome = None;
    let mut registered = None;
    let mut document = None;
    let doc =
        |kind: &'static str, direction: &'static str, description: String, body: String, for_party: bool| NewDocument {
            kind,
            direction,
            party: if direction == "out" { case.party.clone() } else { String::new() },
            description,
            body,
            secrecy: case.secrecy.clone(),
            for_party,
            dated_at: now,
            reply_by: None,
        };
    // The end of a reply day: 23:59:59 Swedish time is close enough to the day's end in UTC+1/+2.
    let end_of = |day: SimpleDate| (day.to_days() + 1) * 86_400_000 - 2 * 3_600_000;
    let mut tx = state.db.begin().await?;
    match &act {
        Act::Register => {
            let year = store::year_of(now);
            let serial = store::take_serials(&mut tx, &case.department_id, year, 1).await?;
            let (prefix, digits) = prefix_of(&state.db, &case.department_id).await?;
            registered = Some((model::case_number(&prefix, year, serial, digits), now));
        }
        Act::Take => assigned = Some(member.staff_id),
        Act::AssignTo(officer) => {
            let officers = store::officers(&state.db, &case.organisation_id).await?;
            if !officers.iter().any(|(id, _)| id == officer) {
                return Ok(Err(vec![("handlaggare".into(), "cases-problem-choose-officer".into())]));
            }
            assigned = Some(*officer);
        }
        Act::Start | Act::Resume | Act::Close => {
            if act == Act::Resume {
                clock = clock.completion_answered(now);
            }
        }
        Act::RequestCompletion { text, reply_by } => {
            clock = clock.completion_requested(now);
            let mut d = doc("completion-request", "out", "Begäran om komplettering".into(), text.clone(), true);
            d.reply_by = Some(end_of(*reply_by));
            document = Some(d);
        }
        Act::Communicate { text, reply_by } => {
            let mut d = doc("communication", "out", "Kommunicering inför beslut".into(), text.clone(), true);
            d.reply_by = Some(end_of(*reply_by));
            document = Some(d);
        }
        Act::Note { text } => document = Some(doc("note", "internal", "Tjänsteanteckning".into(), text.clone(), false)),
        Act::Message { text } => document = Some(doc("message-out", "out", "Meddelande".into(), text.clone(), true)),
        Act::Extend { weeks, reason } => {
            clock = clock.extend(*weeks).ok_or(AppError::Conflict)?;
            let body = format!("{weeks}\n{reason}");
            document = Some(doc("extension", "out", "Beslut om förlängd handläggningstid".into(), body, true));
        }
        Act::Refer { organisation, text, reply_by } => {
            let organisations =
                crate::catalog::api::organisation_names(&state.db, crate::i18n::Lang::default()).await?;
            let Some((_, name)) =
                organisations.iter().find(|(id, _)| id == organisation && *id != case.organisation_id)
            else {
                return Ok(Err(vec![("mottagare".into(), "cases-problem-choose".into())]));
            };
            let submission = store::documents(&state.db, id, false).await?.into_iter().find(|d| d.kind == "submission");
            let answers: serde_json::Value =
                submission.and_then(|d| serde_json::from_str(&d.body).ok()).unwrap_or_else(|| serde_json::json!([]));
            let material = serde_json::json!({
                "case_number": case.case_number,
                "title": case.title,
                "service": case.service_name,
                "answers": answers,
            });
            let by = end_of(*reply_by);
            let referral = store::add_referral(
                &mut tx,
                id,
                organisation,
                text,
                &material.to_string(),
                by,
                now,
                &actor.audit_name(),
            )
            .await?;
            // Reminders: two days before the reply date (at once if that is sooner), and the day
            // after it. Each looks at the referral when it runs.
            for (overdue, at) in [(false, (by - 2 * 86_400_000).max(now)), (true, by + 86_400_000)] {
                let reminder = crate::jobs::ReferralReminder { referral_id: referral, overdue };
                crate::jobs::enqueue(&mut tx, &crate::jobs::REFERRAL_REMINDER, &reminder, at).await?;
            }
            let mut d = doc("referral", "out", format!("Remiss till {name}"), text.clone(), true);
            d.party = name.clone();
            d.reply_by = Some(by);
            document = Some(d);
        }
        Act::Decide { outcome: result, reasons, legal_basis, without_communication, without_referral } => {
            if without_referral.is_empty() {
                let referrals = store::referrals_of_case(&state.db, id, "sv").await?;
                if referrals.iter().any(|r| r.answer.is_none()) {
                    return Ok(Err(vec![("utan_remissvar".into(), "cases-problem-referral-open".into())]));
                }
            }
            if result.is_adverse() && without_communication.is_empty() {
                let communications = store::documents(&state.db, id, false).await?;
                let last = communications.iter().rfind(|d| d.kind == "communication");
                let problem = match last {
                    None => Some("cases-problem-communicate-first"),
                    Some(d) if d.reply_by.is_some_and(|by| by.0 > now) => Some("cases-problem-reply-time-running"),
                    Some(_) => None,
                };
                if let Some(problem) = problem {
                    return Ok(Err(vec![("utan_kommunicering".into(), problem.into())]));
                }
            }
            decided = Some(now);
            outcome = Some(result.code());
            let body = serde_json::json!({
                "outcome": result.code(),
                "reasons": reasons,
                "legal_basis": legal_basis,
                "without_communication": without_communication,
                "without_referral": without_referral,
                "decided_by": member.name,
                "department": case.department_name,
                "clock": case.clock_rule,
                "due_at": clock.due_at,
            });
            document = Some(doc("decision", "out", "Beslut".into(), body.to_string(), true));
        }
        Act::Appeal { received, delivered } => {
            let in_time = model::appeal_in_time(*delivered, *received);
            let body = serde_json::json!({
                "received": received.to_string(),
                "delivered": delivered.to_string(),
                "deadline": model::appeal_deadline(*delivered).to_string(),
                "in_time": in_time,
            });
            let mut d = doc("appeal", "in", "Överklagande".into(), body.to_string(), true);
            d.party = case.party.clone();
            d.dated_at = received.to_days() * 86_400_000 + 12 * 3_600_000;
            document = Some(d);
        }
        Act::AppealHandled { forward } => {
            let description =
                if *forward { "Överklagande överlämnat" } else { "Beslut om avvisning av överklagande" };
            document = Some(doc("appeal-decision", "out", description.into(), forward.to_string(), true));
        }
    }
    let outcome = outcome.or(case.outcome.as_deref());
    let change = CaseChange {
        status: next,
        clock: &clock,
        assigned_to: assigned,
        decided_at: decided.or(case.decided_at.map(|t| t.0)),
        outcome,
        registered: registered.as_ref().map(|(number, at)| (number.as_str(), *at)),
    };
    if !store::change(&mut tx, id, version, now, &change).await? {
        return Err(AppError::Conflict);
    }
    let who = actor.audit_name();
    if let Some(document) = &document {
        store::add_document(&mut tx, id, document, &who, now).await?;
    }
    // The applicant is told by e-mail (if they asked) of what asks something of them or ends it.
    let notice = match &act {
        Act::Register => Some("registered"),
        Act::RequestCompletion { .. } => Some("completion-requested"),
        Act::Communicate { .. } => Some("communicated"),
        Act::Message { .. } => Some("message"),
        Act::Decide { .. } => Some("decided"),
        _ => None,
    };
    if let Some(event) = notice {
        let number = registered.as_ref().map(|(n, _)| n.clone()).or_else(|| case.case_number.clone());
        store::notify(&mut tx, id, case.person_id, number.as_deref(), event, now).await?;
    }
    let for_party = !matches!(act, Act::Note { .. });
    store::add_event(&mut tx, id, now, &who, &member.name, act.event(), next, for_party).await?;
    audit::record(
        &mut tx,
        &audit::Event {
            at_ms: now,
            actor: who,
            action: "case-change",
            object: Some(format!("case:{id}")),
            outcome: "ok",
            details: serde_json::json!({ "step": act.event(), "status": next.code() }),
        },
    )
    .await?;
    tx.commit().await?;
    state.counts.forget(&case.organisation_id);
    Ok(Ok(()))
}

/// The applicant answers in their case: a message, which also answers a completion request or
/// comments on what was communicated.
pub async fn answer(state: &CasesState, actor: &Actor, id: i64, text: &str) -> Result<Result<(), Problems>, AppError> {
    let me = actor.resident().ok_or(AppError::Unauthenticated)?;
    let case = store::case(&state.db, id, "sv").await?;
    let resource = crate::access::Resource::Case {
        organisation: &case.organisation_id,
        department: &case.department_id,
        person: case.person_id,
        on_behalf: case.on_behalf.as_deref(),
    };
    if !crate::access::may(actor, crate::access::Action::Change, resource) {
        return Err(AppError::NotFound);
    }
    let text = text.trim();
    if text.is_empty() {
        return Ok(Err(vec![("text".into(), "cases-problem-empty".into())]));
    }
    if text.chars().count() > MAX_TEXT {
        return Ok(Err(vec![("text".into(), "cases-problem-too-long".into())]));
    }
    let status = case.status();
    if matches!(status, Status::Closed) {
        return Err(AppError::Conflict);
    }
    let now = state.clock.now_ms();
    let (next, event) = match status {
        Status::CompletionRequested => (Status::InProgress, "completion-answered"),
        Status::Communicated => (Status::InProgress, "commented"),
        other => (other, "message-in"),
    };
    let clock: HandlingClock =
        if status == Status::CompletionRequested { case.clock().completion_answered(now) } else { case.clock() };
    let who = actor.audit_name();
    let mut tx = state.db.begin().await?;
    // Messages from the applicant never conflict with an officer's work: the latest version is used.
    let change = CaseChange {
        status: next,
        clock: &clock,
        assigned_to: case.assigned_to,
        decided_at: case.decided_at.map(|t| t.0),
        outcome: case.outcome.as_deref(),
        registered: None,
    };
    if !store::change(&mut tx, id, case.version, now, &change).await? {
        return Err(AppError::Conflict);
    }
    let document = NewDocument {
        kind: "message-in",
        direction: "in",
        party: me.name.clone(),
        description: if event == "message-in" { "Meddelande".into() } else { "Komplettering".into() },
        body: text.to_string(),
        secrecy: case.secrecy.clone(),
        for_party: true,
        dated_at: now,
        reply_by: None,
    };
    store::add_document(&mut tx, id, &document, &who, now).await?;
    store::add_event(&mut tx, id, now, &who, &me.name, event, next, true).await?;
    audit::record(
        &mut tx,
        &audit::Event {
            at_ms: now,
            actor: who,
            action: "case-answer",
            object: Some(format!("case:{id}")),
            outcome: "ok",
            details: serde_json::json!({ "step": event }),
        },
    )
    .await?;
    tx.commit().await?;
    state.counts.forget(&case.organisation_id);
    Ok(Ok(()))
}

/// Staff of the organisation a case was referred to answer the referral: the answer is
/// registered in the case as a document that came in, and the case's officer sees it.
pub async fn answer_referral(
    state: &CasesState,
    actor: &Actor,
    referral_id: i64,
    text: &str,
) -> Result<Result<i64, Problems>, AppError> {
    let member = actor.staff().ok_or(AppError::Unauthenticated)?;
    let referral = store::referral(&state.db, referral_id, "sv").await?;
    if !may_see_referral(member, &referral) {
        return Err(AppError::NotFound);
    }
    let text = text.trim();
    if text.is_empty() {
        return Ok(Err(vec![("text".into(), "cases-problem-empty".into())]));
    }
    if text.chars().count() > MAX_TEXT {
        return Ok(Err(vec![("text".into(), "cases-problem-too-long".into())]));
    }
    let now = state.clock.now_ms();
    let who = actor.audit_name();
    let case = store::case(&state.db, referral.case_id, "sv").await?;
    let mut tx = state.db.begin().await?;
    if !store::answer_referral(&mut tx, referral_id, text, now, &who, &member.name).await? {
        return Err(AppError::Conflict);
    }
    store::touch(&mut tx, case.id, now).await?;
    let document = NewDocument {
        kind: "referral-answer",
        direction: "in",
        party: referral.organisation_name.clone(),
        description: format!("Remissvar från {}", referral.organisation_name),
        body: text.to_string(),
        secrecy: case.secrecy.clone(),
        for_party: true,
        dated_at: now,
        reply_by: None,
    };
    store::add_document(&mut tx, case.id, &document, &who, now).await?;
    let name = format!("{}, {}", member.name, referral.organisation_name);
    store::add_event(&mut tx, case.id, now, &who, &name, "referral-answered", case.status(), true).await?;
    audit::record(
        &mut tx,
        &audit::Event {
            at_ms: now,
            actor: who,
            action: "referral-answer",
            object: Some(format!("case:{}", case.id)),
            outcome: "ok",
            details: serde_json::json!({ "referral": referral_id, "organisation": referral.organisation_id }),
        },
    )
    .await?;
    tx.commit().await?;
    state.counts.forget(&case.organisation_id);
    Ok(Ok(referral_id))
}

/// A referral is seen by the staff of the organisation it was sent to who work with cases, and
/// by nobody else there (the referring organisation sees it in its own case).
pub fn may_see_referral(member: &StaffMember, referral: &store::ReferralRow) -> bool {
    member.organisation == referral.organisation_id && member.case_departments().is_none_or(|d| !d.is_empty())
}

/// A department's case number prefix and serial digits.
async fn prefix_of(db: &Db, department: &str) -> Result<(String, usize), AppError> {
    let row: Option<(String, i64)> = crate::on_db!(db, read, |pool| {
        sqlx::query_as("SELECT case_prefix, case_serial_digits FROM departments WHERE id = $1")
            .bind(department)
            .fetch_optional(pool)
            .await?
    });
    let (prefix, digits) = row.ok_or(AppError::NotFound)?;
    Ok((prefix, digits.clamp(1, 6) as usize))
}
