//! Believable cases for the demo and for the benchmark: spread over the organisations' services
//! that are handled as cases, received over the last two years, in every state of the lifecycle
//! (some overdue, some confidential, some waiting for the applicant), some of them the demo
//! residents' own. Made through the same storage functions as real cases, so numbers, documents,
//! timelines and audit rows are what the portal itself would have written. Deterministic for a
//! seed. `server cases generate --count N` runs it; demo start-up makes a few hundred.

use app::{
    cases::{
        model::{case_number, ClockRule, HandlingClock, Outcome, Status},
        ssr::store::{self, CaseChange, NewCase, NewDocument},
    },
    db::Db,
    error::AppError,
    on_db,
};
use rand::{rngs::StdRng, Rng, SeedableRng};

const DAY_MS: i64 = 86_400_000;

app::db_row! {
    /// A service handled as a case, as the generator needs it.
    #[derive(Clone, Debug)]
    struct CaseService {
        id: String,
        department_id: String,
        organisation_id: String,
        prefix: String,
        digits: i64,
        days: i64,
        clock: String,
        secrecy: Option<String>,
        name: String,
    }
}

const PARTIES: [&str; 12] = [
    "Anna Berg",
    "Bertil Ek",
    "Cecilia Dahl",
    "David Lund",
    "Eva Strand",
    "Fredrik Holm",
    "Gun Sjö",
    "Hassan Ali",
    "Ingrid Nyberg",
    "Norrviks Bygg AB",
    "Sjöviks Krog AB",
    "Fastighets AB Kusten",
];

/// A case to make: its service, when it came in, whose it is (a demo resident), where it ends.
type Plan = (CaseService, i64, Option<(i64, String)>, Status);

/// What was made.
#[derive(Debug, Default)]
pub struct Generated {
    pub cases: usize,
    pub millis: u128,
}

/// Makes `count` cases ending before `now`, in transactions of `batch`.
pub async fn generate(db: &Db, count: usize, seed: u64, now: i64, batch: usize) -> Result<Generated, AppError> {
    let started = std::time::Instant::now();
    let services: Vec<CaseService> = on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT s.id, d.id AS department_id, d.organisation_id, d.case_prefix AS prefix, \
             d.case_serial_digits AS digits, s.case_handling_days AS days, s.case_clock AS clock, \
             s.case_secrecy AS secrecy, t.name FROM services s JOIN departments d ON d.id = s.department_id \
             JOIN service_texts t ON t.service_id = s.id AND t.lang = 'sv' \
             WHERE s.case_handling_days IS NOT NULL ORDER BY s.id",
        )
        .fetch_all(pool)
        .await?
    });
    if services.is_empty() || count == 0 {
        return Ok(Generated::default());
    }
    let (persons, officers) = demo_people(db, now).await?;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut made = 0;
    while made < count {
        let n = batch.min(count - made);
        let mut tx = db.begin().await?;
        // Received times in order within the batch, so each series grows with time.
        let mut plans: Vec<Plan> = (0..n)
            .map(|_| {
                let service = services[rng.random_range(0..services.len())].clone();
                let received = now - rng.random_range(DAY_MS / 24..730 * DAY_MS);
                let person = (rng.random_range(0..10) < 3 && !persons.is_empty())
                    .then(|| persons[rng.random_range(0..persons.len())].clone());
                let status = pick_status(&mut rng, now - received, service.days * DAY_MS);
                (service, received, person, status)
            })
            .collect();
        plans.sort_by_key(|(_, received, ..)| *received);
        let cases: Vec<NewCase> = plans
            .iter()
            .map(|(service, received, person, status)| {
                let party = match person {
                    Some((_, name)) => name.clone(),
                    None => PARTIES[rng.random_range(0..PARTIES.len())].to_string(),
                };
                NewCase {
                    organisation_id: service.organisation_id.clone(),
                    department_id: service.department_id.clone(),
                    service_id: service.id.clone(),
                    title: service.name.clone(),
                    party: party.clone(),
                    person_id: person.as_ref().map(|(id, _)| *id),
                    on_behalf: None,
                    submission_reference: None,
                    secrecy: service.secrecy.clone(),
                    clock: ClockRule::parse(&service.clock),
                    handling_days: service.days,
                    prefix: service.prefix.clone(),
                    serial_digits: service.digits,
                    received_at: *received,
                    register: *status != Status::Received,
                    first_document: NewDocument {
                        kind: "submission",
                        direction: "in",
                        party,
                        description: service.name.clone(),
                        body: serde_json::json!([["Ärende", [service.name.clone()]]]).to_string(),
                        secrecy: service.secrecy.clone(),
                        for_party: true,
                        dated_at: *received,
                        reply_by: None,
                    },
                    attachments: Vec::new(),
                    actor: "system".into(),
                    actor_name: String::new(),
                    signature: None,
                }
            })
            .collect();
        let opened = store::open(&mut tx, &cases).await?;
        for ((plan, case), opened) in plans.iter().zip(&cases).zip(&opened) {
            let officer = officers
                .iter()
                .filter(|(organisation, _, _)| *organisation == case.organisation_id)
                .nth(rng.random_range(0..2))
                .or_else(|| officers.iter().find(|(organisation, _, _)| *organisation == case.organisation_id))
                .map(|(_, id, name)| (*id, name.clone()));
            progress(&mut tx, opened.id, case, plan.1, plan.3, officer, now, &mut rng).await?;
        }
        tx.commit().await?;
        made += n;
    }
    Ok(Generated { cases: made, millis: started.elapsed().as_millis() })
}

/// After a bulk load, what the database's own upkeep would do in time: PostgreSQL's autovacuum
/// (the generator updates rows as cases move on, leaving dead index entries) and both planners'
/// statistics. Without it the first minutes after a large load are measured, not the portal.
pub async fn tidy(db: &Db) -> Result<(), AppError> {
    let sql = if db.backend() == "postgres" {
        "VACUUM ANALYZE cases, case_documents, case_events, case_referrals, audit_events"
    } else {
        "ANALYZE"
    };
    on_db!(db, write, |pool| sqlx::query(sql).execute(pool).await?.rows_affected());
    Ok(())
}

/// Where a case received `age` ago with a handling time of `limit` is now.
fn pick_status(rng: &mut StdRng, age: i64, limit: i64) -> Status {
    let roll = rng.random_range(0..100);
    if age < 2 * DAY_MS && roll < 30 {
        return Status::Received;
    }
    if age > limit {
        // Old cases are mostly decided; a few are overdue, a few were appealed.
        return match roll {
            0..=54 => Status::Closed,
            55..=79 => Status::Decided,
            80..=83 => Status::Appealed,
            84..=91 => Status::InProgress,
            92..=95 => Status::Assigned,
            _ => Status::CompletionRequested,
        };
    }
    match roll {
        0..=14 => Status::Registered,
        15..=34 => Status::Assigned,
        35..=64 => Status::InProgress,
        65..=79 => Status::CompletionRequested,
        80..=87 => Status::Communicated,
        _ => Status::Decided,
    }
}

/// Takes a freshly opened case to `status`, with the documents and timeline that got it there.
#[allow(clippy::too_many_arguments)]
async fn progress(
    tx: &mut app::db::Tx,
    id: i64,
    case: &NewCase,
    received: i64,
    status: Status,
    officer: Option<(i64, String)>,
    now: i64,
    rng: &mut StdRng,
) -> Result<(), AppError> {
    if matches!(status, Status::Received | Status::Registered) {
        return Ok(());
    }
    let Some((officer_id, officer_name)) = officer else { return Ok(()) };
    let who = format!("staff:{officer_id}");
    let mut clock = HandlingClock::start(case.clock, case.handling_days, received);
    let mut at = received + rng.random_range(DAY_MS / 4..3 * DAY_MS).min((now - received).max(1) / 2);
    store::add_event(tx, id, at, &who, &officer_name, "assigned", Status::Assigned, true).await?;
    let mut documents: Vec<NewDocument> = Vec::new();
    let doc = |kind: &'static str, direction: &'static str, description: &str, body: String, at: i64| NewDocument {
        kind,
        direction,
        party: if direction == "out" { case.party.clone() } else { String::new() },
        description: description.into(),
        body,
        secrecy: case.secrecy.clone(),
        for_party: direction != "internal",
        dated_at: at,
        reply_by: None,
    };
    let later = |at: i64, rng: &mut StdRng| (at + rng.random_range(DAY_MS / 2..6 * DAY_MS)).min(now - 1);
    if status != Status::Assigned {
        at = later(at, rng);
        store::add_event(tx, id, at, &who, &officer_name, "started", Status::InProgress, true).await?;
    }
    let (mut decided_at, mut outcome) = (None, None);
    match status {
        Status::CompletionRequested => {
            at = later(at, rng);
            clock = clock.completion_requested(at);
            let mut request =
                doc("completion-request", "out", "Begäran om komplettering", "Bifoga en situationsplan.".into(), at);
            request.reply_by = Some(at + 14 * DAY_MS);
            documents.push(request);
            store::add_event(tx, id, at, &who, &officer_name, "completion-requested", status, true).await?;
        }
        Status::Communicated => {
            at = later(at, rng);
            let mut material =
                doc("communication", "out", "Kommunicering inför beslut", "Yttrande från grannar.".into(), at);
            material.reply_by = Some(at + 14 * DAY_MS);
            documents.push(material);
            store::add_event(tx, id, at, &who, &officer_name, "communicated", status, true).await?;
        }
        Status::Decided | Status::Closed | Status::Appealed => {
            // Most decisions come within the handling time, some after it.
            let spread = (clock.due_at - at).max(DAY_MS) + 14 * DAY_MS;
            at = (at + rng.random_range(DAY_MS..spread)).min(now - 1);
            let result = [Outcome::Approved, Outcome::Approved, Outcome::ApprovedWithConditions, Outcome::Rejected]
                [rng.random_range(0..4)];
            let body = serde_json::json!({
                "outcome": result.code(), "reasons": "Ansökan uppfyller de krav som gäller.",
                "legal_basis": "Förvaltningslagen 32 §", "without_communication": "Sökanden har själv lämnat underlaget.",
                "decided_by": officer_name, "department": "", "clock": case.clock.code(), "due_at": clock.due_at,
            });
            documents.push(doc("decision", "out", "Beslut", body.to_string(), at));
            store::add_event(tx, id, at, &who, &officer_name, "decided", Status::Decided, true).await?;
            decided_at = Some(at);
            outcome = Some(result.code());
            if status == Status::Closed {
                at = later(at, rng);
                store::add_event(tx, id, at, &who, &officer_name, "closed", status, true).await?;
            }
            if status == Status::Appealed {
                at = later(at, rng);
                let received_on = app::domain::date::SimpleDate::in_sweden_at(at / 1000);
                let decided_on = app::domain::date::SimpleDate::in_sweden_at(decided_at.unwrap_or(at) / 1000);
                let body = serde_json::json!({
                    "received": received_on.to_string(), "delivered": decided_on.to_string(),
                    "deadline": app::cases::model::appeal_deadline(decided_on).to_string(),
                    "in_time": app::cases::model::appeal_in_time(decided_on, received_on),
                });
                let mut appeal = doc("appeal", "in", "Överklagande", body.to_string(), at);
                appeal.party = case.party.clone();
                documents.push(appeal);
                store::add_event(tx, id, at, &who, &officer_name, "appealed", status, true).await?;
            }
        }
        _ => {}
    }
    if rng.random_range(0..4) == 0 {
        documents.push(doc("note", "internal", "Tjänsteanteckning", "Platsbesök bokat.".into(), at));
    }
    for document in &documents {
        store::add_document(tx, id, document, &who, document.dated_at).await?;
    }
    let change =
        CaseChange { status, clock: &clock, assigned_to: Some(officer_id), decided_at, outcome, registered: None };
    store::change(tx, id, 1, at, &change).await?;
    Ok(())
}

/// The demo residents (made persons if they are not yet) and the demo staff who handle cases,
/// as (organisation, staff id, name).
type People = (Vec<(i64, String)>, Vec<(String, i64, String)>);

async fn demo_people(db: &Db, now: i64) -> Result<People, AppError> {
    use app::identity::ssr::{demo, store as identity};
    let mut tx = db.begin().await?;
    let mut persons = Vec::new();
    for (_, given, family, number) in demo::RESIDENTS {
        let id = identity::ensure_person(&mut tx, number, given, family, now).await?;
        persons.push((id, format!("{given} {family}")));
    }
    let mut officers = Vec::new();
    for (subject, name, _, organisation, roles) in demo::STAFF {
        if !roles.iter().any(|r| matches!(r, app::access::Role::CaseOfficer | app::access::Role::Manager)) {
            continue;
        }
        if let Some(id) =
            identity::ensure_staff(&mut tx, demo::STAFF_PROVIDER, subject, organisation, name, now).await?
        {
            for role in roles {
                let grant = app::access::RoleGrant {
                    organisation: organisation.into(),
                    department: String::new(),
                    role: *role,
                };
                app::access::roles::grant(&mut tx, id, &grant, "demo", now).await?;
            }
            officers.push((organisation.to_string(), id, name.to_string()));
        }
    }
    tx.commit().await?;
    Ok((persons, officers))
}

/// A case number as the generator's series would give it (for the benchmark's lookups).
pub fn number(prefix: &str, year: i32, serial: i64) -> String {
    case_number(prefix, year, serial, 4)
}
