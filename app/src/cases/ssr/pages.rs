//! What the case pages load: the back office's queues and case view, the applicant's cases in My
//! pages, and the public records register. Each asks the policy first; a case the actor may not
//! see is "not found", whoever asks.

use super::{store, CasesState, FLASH_KEY};
use crate::{
    access::{current_actor, Action, Actor, Resource},
    audit,
    cases::{
        model::Status, CaseFlash, CaseSummary, CaseView, DecisionView, DocumentView, EventView, MyCases, QueuePage,
        QueueQuery, ReferralView, RegisterEntry, RegisterPage, RegisterSearch, QUEUES,
    },
    catalog::api as catalog,
    domain::date::{stockholm_time, SimpleDate},
    error::AppError,
    i18n::Lang,
    routes,
};

const PAGE: i64 = 25;
const DAY_MS: i64 = 86_400_000;

fn date(ms: i64) -> String {
    SimpleDate::in_sweden_at(ms.div_euclid(1000)).to_string()
}

fn summary(row: &store::CaseRow, now: i64) -> CaseSummary {
    let clock = row.clock();
    let open = row.status().is_open() && row.status() != Status::Received;
    CaseSummary {
        id: row.id,
        case_number: row.case_number.clone(),
        title: row.title.clone(),
        service_name: row.service_name.clone(),
        department_name: row.department_name.clone(),
        status: row.status.clone(),
        received: date(row.received_at.0),
        due: open.then(|| date(clock.due_at)),
        overdue: open && clock.is_overdue(now),
        paused: open && clock.is_paused(),
        assigned_name: row.assigned_name.clone(),
        party: row.party.clone(),
        confidential: row.secrecy.is_some(),
        version: row.version,
    }
}

/// `1767225600000-42`: a keyset position (time, id).
fn parse_cursor(cursor: Option<&str>) -> Result<Option<(i64, i64)>, AppError> {
    let Some(cursor) = cursor.filter(|c| !c.is_empty()) else { return Ok(None) };
    let (at, id) = cursor.split_once('-').ok_or(AppError::BadRequest)?;
    let at: i64 = at.parse().map_err(|_| AppError::BadRequest)?;
    // A later time than any column can hold would fail as it is bound; it means "from the start".
    Ok(Some((at.min(store::LAST_TIME_MS), id.parse().map_err(|_| AppError::BadRequest)?)))
}

async fn session() -> Result<tower_sessions::Session, AppError> {
    crate::sessions::current().await
}

/// The flash of an action form on case `id`, taken from the session (shown once).
/// A referral's answer form is `remissvar`, with the referral's id.
async fn take_flash(id: i64, referral: bool) -> Result<Option<CaseFlash>, AppError> {
    let session = session().await?;
    let flash: Option<CaseFlash> = session.remove(FLASH_KEY).await.map_err(|_| AppError::Unavailable)?;
    Ok(flash.filter(|f| f.case == id && (f.form == "remissvar") == referral))
}

pub async fn queue(asked: QueueQuery, lang: Lang) -> Result<QueuePage, AppError> {
    let state = CasesState::from_context()?;
    let member = crate::access::signed_in_staff()?;
    let departments = member.case_departments();
    if departments.as_ref().is_some_and(Vec::is_empty) {
        return Err(AppError::Forbidden);
    }
    let scope = store::Scope { organisation: member.organisation.clone(), departments };
    let now = state.clock.now_ms();
    let queue_of = |code: &str| match code {
        "nya" => Some(store::Queue::New),
        "otilldelade" => Some(store::Queue::Unassigned),
        "mina" => Some(store::Queue::Mine(member.staff_id)),
        "forsenade" => Some(store::Queue::Overdue(now)),
        "vantar" => Some(store::Queue::Waiting),
        "remiss" => Some(store::Queue::Referred),
        "alla" => Some(store::Queue::All),
        _ => None,
    };
    let queue = queue_of(&asked.queue).ok_or(AppError::NotFound)?;
    let services = catalog::case_services(&state.db, &member.organisation, lang).await?;
    let officers = store::officers(&state.db, &member.organisation).await?;
    // What does not name a known service, status or officer is left out, as if not asked.
    let mut query = QueueQuery {
        queue: asked.queue.clone(),
        service: asked.service.filter(|s| services.iter().any(|(id, _)| id == s)),
        status: asked.status.filter(|s| Status::parse(s).is_some()),
        officer: asked.officer.filter(|o| o == "ingen" || officers.iter().any(|(id, _)| id.to_string() == *o)),
        order: asked.order.filter(|o| o == "aldst"),
        after: None,
        ..Default::default()
    };
    let mut problems = Vec::new();
    let mut received = [None, None];
    for (i, (field, value)) in [("fran", asked.from), ("till", asked.until)].into_iter().enumerate() {
        let Some(value) = value.map(|v| v.trim().chars().take(40).collect::<String>()).filter(|v| !v.is_empty()) else {
            continue;
        };
        match SimpleDate::parse(&value) {
            Some(day) => received[i] = Some(day_start(if i == 0 { day } else { day.add_days(1) })),
            None => problems.push((field.to_string(), "cases-problem-date".to_string())),
        }
        if i == 0 {
            query.from = Some(value)
        } else {
            query.until = Some(value)
        }
    }
    let filter = store::Filter {
        service: query.service.clone(),
        status: query.status.as_deref().and_then(Status::parse),
        officer: query.officer.as_deref().map(|o| match o.parse() {
            Ok(id) => store::Officer::Staff(id),
            Err(_) => store::Officer::Nobody,
        }),
        received_from: received[0],
        received_until: received[1],
        oldest_first: query.order.is_some(),
        before: parse_cursor(asked.after.as_deref())?,
    };
    let mut rows = if problems.is_empty() {
        store::queue(&state.db, &scope, queue, &filter, lang.code(), PAGE + 1).await?
    } else {
        Vec::new()
    };
    let next = (rows.len() as i64 > PAGE).then(|| {
        rows.truncate(PAGE as usize);
        let last = rows.last().map(|r| format!("{}-{}", r.received_at.0, r.id)).unwrap_or_default();
        let filters = query.to_query_string();
        let mut address = format!("{}?efter={last}", routes::staff_queue(&query.queue));
        if !filters.is_empty() {
            address.push('&');
            address.push_str(&filters);
        }
        address
    });
    let key = format!("{}|{:?}|{}", scope.organisation, scope.departments, member.staff_id);
    let counts = match state.counts.get(&key, now) {
        Some(counts) => counts,
        None => {
            let mut counts = Vec::new();
            for other in QUEUES {
                if let Some(q) = queue_of(other) {
                    counts.push((other.to_string(), store::count(&state.db, &scope, q, 1000).await?));
                }
            }
            state.counts.put(key, now, counts.clone());
            counts
        }
    };
    Ok(QueuePage {
        counts,
        cases: rows.iter().map(|r| summary(r, now)).collect(),
        next,
        services,
        can_assign: member
            .roles
            .iter()
            .any(|g| g.organisation == member.organisation && g.role == crate::access::Role::Manager),
        officers,
        query,
        problems,
    })
}

/// The start of a Swedish day in ms (UTC+1: close enough at a day's edge for a search).
pub fn day_start(day: SimpleDate) -> i64 {
    day.to_days() * DAY_MS - 3_600_000
}

/// The case `id` if `actor` may read it; otherwise it is not found (nobody learns that it exists).
async fn readable(state: &CasesState, actor: &Actor, id: i64, lang: Lang) -> Result<store::CaseRow, AppError> {
    if *actor == Actor::Anonymous {
        return Err(AppError::Unauthenticated);
    }
    let case = match store::case(&state.db, id, lang.code()).await {
        Ok(case) => case,
        Err(AppError::NotFound) => return Err(AppError::NotFound),
        Err(error) => return Err(error),
    };
    let resource = Resource::Case {
        organisation: &case.organisation_id,
        department: &case.department_id,
        person: case.person_id,
        on_behalf: case.on_behalf.as_deref(),
    };
    if !crate::access::may(actor, Action::Read, resource) {
        return Err(AppError::NotFound);
    }
    Ok(case)
}

pub async fn staff_case(id: i64, lang: Lang) -> Result<CaseView, AppError> {
    let state = CasesState::from_context()?;
    let actor = current_actor();
    let member = actor.staff().cloned().ok_or(AppError::Unauthenticated)?;
    let case = readable(&state, &actor, id, lang).await?;
    // Every read of a case by staff is in the audit log, and the applicant sees who read it.
    let event = audit::Event {
        at_ms: state.clock.now_ms(),
        actor: actor.audit_name(),
        action: "case-read",
        object: Some(format!("case:{id}")),
        outcome: "ok",
        details: serde_json::json!({}),
    };
    audit::record_alone(&state.db, &event).await?;
    let actions = super::offered(&member, &case);
    let officers = if actions.iter().any(|a| a == "tilldela") {
        store::officers(&state.db, &case.organisation_id).await?
    } else {
        Vec::new()
    };
    let mut view = view(&state, &case, false, lang).await?;
    view.referrals = store::referrals_of_case(&state.db, id, lang.code())
        .await?
        .into_iter()
        .map(|r| referral_view(r, state.clock.now_ms()))
        .collect();
    if actions.iter().any(|a| a == "beslut") {
        view.decision_template = store::decision_provisions(&state.db, &case.service_id).await?;
    }
    if actions.iter().any(|a| a == "remiss") {
        view.organisations = catalog::organisation_names(&state.db, lang)
            .await?
            .into_iter()
            .filter(|(id, _)| *id != case.organisation_id)
            .collect();
    }
    view.notices = store::notices(&state.db, id)
        .await?
        .into_iter()
        .map(|(at, event, state)| (stockholm_time(at.0), event, state))
        .collect();
    view.actions = actions;
    view.officers = officers;
    view.flash = take_flash(id, false).await?;
    Ok(view)
}

pub async fn my_cases(after: Option<String>, lang: Lang) -> Result<MyCases, AppError> {
    let state = CasesState::from_context()?;
    let me = crate::access::signed_in_resident()?;
    crate::access::require(&current_actor(), Action::Read, Resource::Person(me.person_id))?;
    let now = state.clock.now_ms();
    let before = parse_cursor(after.as_deref())?;
    let whose = match &me.acting_for {
        Some(someone) => store::Whose::OnBehalf(someone.key()),
        None => store::Whose::Person(me.person_id),
    };
    let mut rows = store::cases_of(&state.db, &whose, before, lang.code(), PAGE + 1).await?;
    let next = (rows.len() as i64 > PAGE).then(|| {
        rows.truncate(PAGE as usize);
        let last = rows.last().map(|r| format!("{}-{}", r.received_at.0, r.id)).unwrap_or_default();
        format!("{}?efter={last}", routes::my_cases())
    });
    Ok(MyCases { cases: rows.iter().map(|r| summary(r, now)).collect(), next })
}

pub async fn my_case(id: i64, lang: Lang) -> Result<CaseView, AppError> {
    let state = CasesState::from_context()?;
    let actor = current_actor();
    let case = readable(&state, &actor, id, lang).await?;
    let mut view = view(&state, &case, true, lang).await?;
    view.readers =
        store::readers(&state.db, id, 20).await?.into_iter().map(|(at, name)| (stockholm_time(at.0), name)).collect();
    view.awaiting_answer = matches!(case.status(), Status::CompletionRequested | Status::Communicated);
    view.flash = take_flash(id, false).await?;
    Ok(view)
}

/// The case page's content: for the applicant (`for_party`) only what they may see.
async fn view(state: &CasesState, case: &store::CaseRow, for_party: bool, _lang: Lang) -> Result<CaseView, AppError> {
    let now = state.clock.now_ms();
    let documents = store::documents(&state.db, case.id, for_party).await?;
    let events = store::events(&state.db, case.id, for_party).await?;
    let signature = store::signature_of(&state.db, case.id).await?.map(|s| crate::cases::SignatureView {
        intact: crate::attachments::sha256_hex(s.text.as_bytes()) == s.sha256,
        signer: s.signer_name,
        at: stockholm_time(s.signed_at),
        e_id: s.e_id,
        loa: s.loa,
        sha256: s.sha256,
        text: s.text,
    });
    let s = summary(case, now);
    Ok(CaseView {
        id: case.id,
        case_number: case.case_number.clone(),
        title: case.title.clone(),
        service_name: case.service_name.clone(),
        department_name: case.department_name.clone(),
        organisation_name: case.organisation_name.clone(),
        status: case.status.clone(),
        party: case.party.clone(),
        received: s.received,
        due: s.due,
        paused: s.paused,
        overdue: s.overdue,
        extended: case.extended,
        may_ask_for_decision: case.status().is_open()
            && crate::cases::model::may_ask_for_decision(case.received_at.0, now),
        assigned_name: case.assigned_name.clone(),
        version: case.version,
        secrecy: case.secrecy.clone(),
        documents: documents.iter().map(document_view).collect(),
        events: events
            .into_iter()
            .map(|e| EventView { at: stockholm_time(e.at.0), actor_name: e.actor_name, kind: e.kind, status: e.status })
            .collect(),
        actions: Vec::new(),
        officers: Vec::new(),
        readers: Vec::new(),
        awaiting_answer: false,
        notices: Vec::new(),
        referrals: Vec::new(),
        organisations: Vec::new(),
        decision_template: None,
        flash: None,
        signature,
    })
}

fn referral_view(r: store::ReferralRow, now: i64) -> ReferralView {
    let material: serde_json::Value = serde_json::from_str(&r.material).unwrap_or_default();
    let text = |key: &str| material.get(key).and_then(|v| v.as_str()).map(str::to_string);
    ReferralView {
        id: r.id,
        organisation: r.organisation_name,
        from: r.from_name,
        case_number: text("case_number"),
        title: text("title").unwrap_or_default(),
        service: text("service").unwrap_or_default(),
        question: r.question,
        answers: material.get("answers").and_then(|a| serde_json::from_value(a.clone()).ok()).unwrap_or_default(),
        sent: date(r.sent_at.0),
        reply_by: date(r.reply_by.0),
        overdue: r.answer.is_none() && now > r.reply_by.0,
        answer: r.answer,
        answered: r.answered_at.map(|t| stockholm_time(t.0)),
        answered_name: r.answered_name,
        flash: None,
    }
}

/// The referrals to the signed-in member's organisation.
pub async fn referrals(lang: Lang) -> Result<Vec<ReferralView>, AppError> {
    let state = CasesState::from_context()?;
    let member = crate::access::signed_in_staff()?;
    if member.case_departments().is_some_and(|d| d.is_empty()) {
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now_ms();
    Ok(store::referrals_to(&state.db, &member.organisation, lang.code(), 200)
        .await?
        .into_iter()
        .map(|r| referral_view(r, now))
        .collect())
}

/// One referral to the member's organisation: only what was referred.
pub async fn referral(id: i64, lang: Lang) -> Result<ReferralView, AppError> {
    let state = CasesState::from_context()?;
    let actor = current_actor();
    let member = actor.staff().cloned().ok_or(AppError::Unauthenticated)?;
    let row = store::referral(&state.db, id, lang.code()).await?;
    if !super::may_see_referral(&member, &row) {
        return Err(AppError::NotFound);
    }
    let event = audit::Event {
        at_ms: state.clock.now_ms(),
        actor: actor.audit_name(),
        action: "case-read",
        object: Some(format!("case:{}", row.case_id)),
        outcome: "ok",
        details: serde_json::json!({ "referral": id }),
    };
    audit::record_alone(&state.db, &event).await?;
    let mut view = referral_view(row, state.clock.now_ms());
    view.flash = take_flash(id, true).await?;
    Ok(view)
}

fn document_view(d: &store::DocumentRow) -> DocumentView {
    let json = || serde_json::from_str::<serde_json::Value>(&d.body).unwrap_or_default();
    let mut view = DocumentView {
        number: d.number,
        kind: d.kind.clone(),
        direction: d.direction.clone(),
        party: d.party.clone(),
        description: d.description.clone(),
        text: String::new(),
        answers: Vec::new(),
        decision: None,
        appeal: None,
        dated: stockholm_time(d.dated_at.0),
        reply_by: d.reply_by.map(|t| date(t.0)),
        for_party: d.for_party,
        file: None,
    };
    match d.kind.as_str() {
        "submission" => view.answers = serde_json::from_str(&d.body).unwrap_or_default(),
        "decision" => {
            let body = json();
            let text = |key: &str| body.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let due = body.get("due_at").and_then(|v| v.as_i64()).unwrap_or(i64::MAX);
            let late = d.dated_at.0.saturating_sub(due);
            view.decision = Some(DecisionView {
                outcome: text("outcome"),
                reasons: text("reasons"),
                legal_basis: text("legal_basis"),
                decided_by: text("decided_by"),
                decided_on: date(d.dated_at.0),
                department: text("department"),
                clock: text("clock"),
                weeks_late: if late > 0 { (late + 7 * DAY_MS - 1) / (7 * DAY_MS) } else { 0 },
            });
        }
        "attachment" => {
            let body = json();
            let id = body.get("attachment").and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let name = body.get("name").and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let size = body.get("size").and_then(|v| v.as_u64()).unwrap_or_default();
            view.file = Some((id, name, crate::domain::files::human_size(size, true)));
        }
        "appeal" => {
            let body = json();
            let text = |key: &str| body.get(key).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let in_time = body.get("in_time").and_then(|v| v.as_bool()).unwrap_or(false);
            view.appeal = Some((text("delivered"), text("received"), text("deadline"), in_time));
        }
        _ => view.text = d.body.clone(),
    }
    view
}

pub async fn register(search: RegisterSearch, after: Option<String>, lang: Lang) -> Result<RegisterPage, AppError> {
    let state = CasesState::from_context()?;
    let organisations = catalog::organisation_names(&state.db, lang).await?;
    let departments = catalog::department_names(&state.db, lang).await?;
    let (query, problems) = register_query(&search, &organisations, &departments);
    let mut query = query;
    query.before = parse_cursor(after.as_deref())?;
    let mut entries = Vec::new();
    let mut next = None;
    if problems.is_empty() {
        let mut rows = store::register(&state.db, &query, lang.code(), PAGE + 1).await?;
        if rows.len() as i64 > PAGE {
            rows.truncate(PAGE as usize);
            next = rows.last().map(|r| format!("{}-{}", r.registered_at.0, r.document_id));
        }
        entries = rows.into_iter().map(register_entry).collect();
    }
    Ok(RegisterPage { search, entries, next, organisations, departments, problems })
}

pub fn register_entry(r: store::RegisterRow) -> RegisterEntry {
    RegisterEntry {
        registered: date(r.registered_at.0),
        case_number: r.case_number,
        document_number: r.document_number,
        direction: r.direction,
        party: r.party,
        description: r.description,
        case_title: r.case_title,
        confidential: r.confidential,
        organisation: r.organisation_name,
        department: r.department_name,
    }
}

/// The register's query from the search form, and the problems of what was typed.
pub fn register_query(
    search: &RegisterSearch,
    organisations: &[(String, String)],
    departments: &[(String, String, String)],
) -> (store::RegisterQuery, Vec<(String, String)>) {
    let mut problems = Vec::new();
    let mut query = store::RegisterQuery::default();
    let q = search.q.trim();
    if q.chars().count() > 100 {
        problems.push(("q".into(), "cases-problem-too-long".into()));
    } else if !q.is_empty() {
        query.text = Some(q.to_string());
    }
    let number = search.number.trim();
    if number.chars().count() > 30 {
        problems.push(("number".into(), "cases-problem-too-long".into()));
    } else if !number.is_empty() {
        query.case_number = Some(number.to_uppercase());
    }
    let organisation = search.organisation.trim();
    if !organisation.is_empty() {
        if organisations.iter().any(|(id, _)| id == organisation) {
            query.organisation = Some(organisation.to_string());
        } else {
            problems.push(("organisation".into(), "cases-problem-choose".into()));
        }
    }
    let department = search.department.trim();
    if !department.is_empty() {
        if departments.iter().any(|(id, ..)| id == department) {
            query.department = Some(department.to_string());
        } else {
            problems.push(("department".into(), "cases-problem-choose".into()));
        }
    }
    // Dates are Swedish days: from the start of `from` to the end of `until` (UTC+1 is close
    // enough for a day's edge in a register search).
    for (field, value, target) in [("from", &search.from, 0), ("until", &search.until, 1)] {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        match SimpleDate::parse(value) {
            Some(day) if target == 0 => query.from = Some(day_start(day)),
            Some(day) => query.until = Some(day_start(day.add_days(1))),
            None => problems.push((field.into(), "cases-problem-date".into())),
        }
    }
    if let (Some(from), Some(until)) = (query.from, query.until) {
        if from >= until {
            problems.push(("until".into(), "cases-problem-date-order".into()));
        }
    }
    (query, problems)
}

/// A file of case `id`, for `actor` to download: only where they may read the case (staff
/// through the back office, the applicant through My pages), and only a file of that case.
/// Every download is in the audit log.
pub async fn attachment(
    state: &CasesState,
    actor: &Actor,
    id: i64,
    public_id: &str,
    staff: bool,
) -> Result<crate::attachments::Attachment, AppError> {
    if staff && actor.staff().is_none() || !staff && actor.resident().is_none() {
        return Err(AppError::Unauthenticated);
    }
    readable(state, actor, id, Lang::default()).await?;
    let file = crate::attachments::by_public_id(&state.db, public_id).await?.ok_or(AppError::NotFound)?;
    if file.case_id != Some(id) {
        return Err(AppError::NotFound);
    }
    let event = audit::Event {
        at_ms: state.clock.now_ms(),
        actor: actor.audit_name(),
        action: "attachment-download",
        object: Some(format!("case:{id}")),
        outcome: "ok",
        details: serde_json::json!({ "attachment": public_id }),
    };
    audit::record_alone(&state.db, &event).await?;
    Ok(file)
}
