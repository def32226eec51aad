//! Both guardians' consent (föräldrabalken 6 kap. 13 §: under joint custody the guardians decide
//! together). A form with `consent = "both-guardians"` is about a child; when a guardian acting
//! for the child sends it and the population registry names other guardians, the submission is
//! stored exactly once as always, but instead of its case a consent request per other guardian
//! is recorded in the same commit ([`record`], called by the group-commit writer), and each of
//! them with an address gets a notice (a `consent-request` job). The other guardian answers in
//! My pages ([`answer`]); the registry is asked again then, so a guardian whose custody has ended
//! cannot. The last approval opens the case (`cases::api::open`) in the same transaction as the
//! request's update; a decline opens none, and both guardians see that they do not agree.
//!
//! The other guardian is named by [`guardian_key`] (a hash of their number) and the child by
//! `child:NUMBER` as `cases.on_behalf` does; no number ever reaches a log line or an audit row.

use super::FormsState;
use crate::{
    access::{ActingFor, Actor, Represented, SignedIn},
    audit,
    cases::api::{ClockRule, NewCase, NewDocument},
    db::{Db, Timestamp, Tx},
    domain::{date::SimpleDate, identity::PersonalIdentityNumber},
    error::AppError,
    forms::model::FormDefinition,
    on_db, on_tx,
    registry::api::{RegistryError, RegistryState},
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How a guardian is named in `consent_requests`: never their number in clear.
pub fn guardian_key(pin: &str) -> String {
    Sha256::digest(format!("portal-guardian:{pin}").as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The case a held submission opens once every other guardian has approved: [`NewCase`] as
/// stored (its first document is always the submission, received). A copy rather than
/// `NewCase` itself, whose documents name their kind by `&'static str` and so cannot be read
/// back from JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingCase {
    pub organisation_id: String,
    pub department_id: String,
    pub service_id: String,
    pub title: String,
    pub party: String,
    pub person_id: Option<i64>,
    pub on_behalf: Option<String>,
    pub submission_reference: Option<String>,
    pub secrecy: Option<String>,
    pub clock: ClockRule,
    pub handling_days: i64,
    pub prefix: String,
    pub serial_digits: i64,
    pub register: bool,
    pub document_party: String,
    pub document_description: String,
    /// The answers as the sender saw them: `[(label, [lines])]` as JSON.
    pub document_body: String,
    pub document_secrecy: Option<String>,
    pub sent_at: i64,
    pub actor: String,
    pub actor_name: String,
    /// The files attached, registered with the case when it opens.
    #[serde(default)]
    pub attachments: Vec<crate::cases::api::AttachedFile>,
    /// How the sender signed the application, kept with the case when it opens.
    #[serde(default)]
    pub signature: Option<crate::cases::api::CaseSignature>,
}

impl PendingCase {
    pub fn from_case(case: &NewCase) -> PendingCase {
        PendingCase {
            organisation_id: case.organisation_id.clone(),
            department_id: case.department_id.clone(),
            service_id: case.service_id.clone(),
            title: case.title.clone(),
            party: case.party.clone(),
            person_id: case.person_id,
            on_behalf: case.on_behalf.clone(),
            submission_reference: case.submission_reference.clone(),
            secrecy: case.secrecy.clone(),
            clock: case.clock,
            handling_days: case.handling_days,
            prefix: case.prefix.clone(),
            serial_digits: case.serial_digits,
            register: case.register,
            document_party: case.first_document.party.clone(),
            document_description: case.first_document.description.clone(),
            document_body: case.first_document.body.clone(),
            document_secrecy: case.first_document.secrecy.clone(),
            sent_at: case.received_at,
            actor: case.actor.clone(),
            actor_name: case.actor_name.clone(),
            attachments: case.attachments.clone(),
            signature: case.signature.clone(),
        }
    }

    /// The case to open now: received when the last guardian approved (the application counts
    /// from then), its first document dated when it was sent.
    fn to_case(&self, received_at: i64) -> NewCase {
        NewCase {
            organisation_id: self.organisation_id.clone(),
            department_id: self.department_id.clone(),
            service_id: self.service_id.clone(),
            title: self.title.clone(),
            party: self.party.clone(),
            person_id: self.person_id,
            on_behalf: self.on_behalf.clone(),
            submission_reference: self.submission_reference.clone(),
            secrecy: self.secrecy.clone(),
            clock: self.clock,
            handling_days: self.handling_days,
            prefix: self.prefix.clone(),
            serial_digits: self.serial_digits,
            received_at,
            register: self.register,
            first_document: NewDocument {
                kind: "submission",
                direction: "in",
                party: self.document_party.clone(),
                description: self.document_description.clone(),
                body: self.document_body.clone(),
                secrecy: self.document_secrecy.clone(),
                for_party: true,
                dated_at: self.sent_at,
                reply_by: None,
            },
            attachments: self.attachments.clone(),
            actor: self.actor.clone(),
            actor_name: self.actor_name.clone(),
            signature: self.signature.clone(),
        }
    }
}

/// Another guardian whose approval a submission waits for.
#[derive(Clone, Debug, PartialEq)]
pub struct OtherGuardian {
    pub key: String,
    pub name: String,
    /// Their `persons` id, if they have signed in to the portal (then they may get a notice).
    pub person_id: Option<i64>,
}

/// What a held submission records instead of opening its case.
#[derive(Clone, Debug, PartialEq)]
pub struct Hold {
    pub form_id: String,
    pub organisation_id: String,
    pub sender_person_id: i64,
    pub sender_name: String,
    pub on_behalf: String,
    pub child_name: String,
    pub guardians: Vec<OtherGuardian>,
    pub case: PendingCase,
}

/// Whether sending `def` now must wait for other guardians: `None` when the form needs no
/// consent, or the sender is the child's only guardian (the case opens at once, as always).
/// Refuses a form about a child sent while not acting for one, and answers `Unavailable` when
/// the registry cannot be asked (the draft stays; the sender tries again).
pub async fn hold(
    db: &Db,
    registry: Option<&RegistryState>,
    def: &FormDefinition,
    sender: Option<(i64, String)>,
    acting_for: Option<&ActingFor>,
    case: Option<&NewCase>,
) -> Result<Option<Hold>, AppError> {
    if !def.for_a_child() {
        return Ok(None);
    }
    let (Some((sender_id, sender_name)), Some(child)) =
        (sender, acting_for.filter(|someone| someone.kind == Represented::Child))
    else {
        return Err(AppError::Forbidden);
    };
    let registry = registry.ok_or(AppError::Unavailable)?;
    let child_pin =
        PersonalIdentityNumber::parse(&child.number, SimpleDate::today_in_sweden()).ok_or(AppError::Forbidden)?;
    let own = crate::identity::api::personal_number(db, sender_id).await?;
    let guardians = match registry.population.guardians(&child_pin).await {
        Ok(guardians) => guardians,
        Err(RegistryError::NotConfigured) => return Err(AppError::Unavailable),
        Err(_) => return Err(AppError::Unavailable),
    };
    // Custody is checked again at sending: the sender must still be a guardian.
    if !guardians.iter().any(|guardian| guardian.pin == own) {
        tracing::warn!(person = sender_id, "a form about a child was sent by someone the registry does not name");
        return Err(AppError::Forbidden);
    }
    let mut others = Vec::new();
    for guardian in guardians.iter().filter(|guardian| guardian.pin != own) {
        others.push(OtherGuardian {
            key: guardian_key(&guardian.pin),
            name: format!("{} {}", guardian.given_name, guardian.family_name).trim().to_string(),
            person_id: crate::identity::api::person_by_number(db, &guardian.pin).await?,
        });
    }
    let Some(case) = case.filter(|_| !others.is_empty()) else { return Ok(None) };
    Ok(Some(Hold {
        form_id: def.id.clone(),
        organisation_id: case.organisation_id.clone(),
        sender_person_id: sender_id,
        sender_name,
        on_behalf: child.key(),
        child_name: child.name.clone(),
        guardians: others,
        case: PendingCase::from_case(case),
    }))
}

/// Records the consent requests of the submissions stored now (reference, hold), inside the
/// group commit's transaction, with a notice to each other guardian who has an address.
pub async fn record(tx: &mut Tx, held: &[(&str, &Hold)], at: i64) -> Result<(), AppError> {
    let mut notify = Vec::new();
    for (reference, hold) in held {
        let mut case = hold.case.clone();
        case.submission_reference = Some(reference.to_string());
        for guardian in &hold.guardians {
            let id: i64 = on_tx!(&mut *tx, |conn| {
                sqlx::query_scalar(
                    "INSERT INTO consent_requests (submission_reference, form_id, organisation_id, sender_person_id, \
                     sender_name, on_behalf, child_name, guardian_key, guardian_name, status, pending_case, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11) RETURNING id",
                )
                .bind(*reference)
                .bind(&hold.form_id)
                .bind(&hold.organisation_id)
                .bind(hold.sender_person_id)
                .bind(&hold.sender_name)
                .bind(&hold.on_behalf)
                .bind(&hold.child_name)
                .bind(&guardian.key)
                .bind(&guardian.name)
                .bind(sqlx::types::Json(&case))
                .bind(Timestamp(at))
                .fetch_one(&mut *conn)
                .await?
            });
            audit::record(
                tx,
                &audit::Event {
                    at_ms: at,
                    actor: format!("person:{}", hold.sender_person_id),
                    action: "consent-requested",
                    object: Some(format!("consent:{id}")),
                    outcome: "ok",
                    details: serde_json::json!({ "form": hold.form_id }),
                },
            )
            .await?;
            if let Some(person) = guardian.person_id {
                notify.push((person, id));
            }
        }
    }
    let persons: Vec<i64> = notify.iter().map(|(person, _)| *person).collect();
    let addresses = crate::identity::api::notice_addresses(tx, &persons).await?;
    let notices: Vec<crate::jobs::ConsentRequest> = notify
        .iter()
        .filter_map(|(person, id)| {
            Some(crate::jobs::ConsentRequest {
                to: addresses.get(person)?.clone(),
                link: crate::routes::my_consent(*id),
                lang: "sv".into(),
            })
        })
        .collect();
    crate::jobs::enqueue_many(tx, &crate::jobs::CONSENT_REQUEST, &notices, at).await
}

crate::db_row! {
    /// A consent request as stored.
    #[derive(Clone, Debug)]
    pub struct Request {
        pub id: i64,
        pub submission_reference: String,
        pub form_id: String,
        pub sender_person_id: i64,
        pub sender_name: String,
        pub on_behalf: String,
        pub child_name: String,
        pub guardian_key: String,
        pub guardian_name: String,
        pub status: String,
        pub pending_case: sqlx::types::Json<PendingCase>,
        pub created_at: Timestamp,
        pub answered_at: Option<Timestamp>,
        pub case_id: Option<i64>,
    }
}

const COLUMNS: &str = "id, submission_reference, form_id, sender_person_id, sender_name, on_behalf, child_name, \
                       guardian_key, guardian_name, status, pending_case, created_at, answered_at, case_id";

pub async fn request(db: &Db, id: i64) -> Result<Option<Request>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM consent_requests WHERE id = $1");
    Ok(on_db!(db, read, |pool| sqlx::query_as::<_, Request>(&sql).bind(id).fetch_optional(pool).await?))
}

/// The requests a person is named in as the other guardian, or sent, newest first.
pub async fn requests_of(db: &Db, person_id: i64, key: &str, limit: i64) -> Result<Vec<Request>, AppError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM consent_requests WHERE guardian_key = $1 OR sender_person_id = $2 \
         ORDER BY created_at DESC, id DESC LIMIT $3"
    );
    Ok(on_db!(db, read, |pool| sqlx::query_as::<_, Request>(&sql)
        .bind(key)
        .bind(person_id)
        .bind(limit)
        .fetch_all(pool)
        .await?))
}

/// Every request of one submission (one per other guardian).
pub async fn requests_of_submission(db: &Db, reference: &str) -> Result<Vec<Request>, AppError> {
    let sql = format!("SELECT {COLUMNS} FROM consent_requests WHERE submission_reference = $1 ORDER BY id");
    Ok(on_db!(db, read, |pool| sqlx::query_as::<_, Request>(&sql).bind(reference).fetch_all(pool).await?))
}

/// The state of a submission's consent, from its requests: declined if any guardian declined,
/// approved when all have, else waiting.
pub fn overall(requests: &[Request]) -> &'static str {
    if requests.iter().any(|r| r.status == "declined") {
        "declined"
    } else if requests.iter().all(|r| r.status == "approved") {
        "approved"
    } else {
        "pending"
    }
}

/// How the person asking stands to a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The other guardian it names: may answer.
    Guardian,
    /// The guardian who sent it: may follow it.
    Sender,
}

/// Whom `me` is to request `id`; `NotFound` for anyone else (nobody learns it exists).
pub async fn role(db: &Db, me: &SignedIn, id: i64) -> Result<(Request, Role), AppError> {
    let request = request(db, id).await?.ok_or(AppError::NotFound)?;
    let own = crate::identity::api::personal_number(db, me.person_id).await?;
    if request.guardian_key == guardian_key(&own) {
        Ok((request, Role::Guardian))
    } else if request.sender_person_id == me.person_id {
        Ok((request, Role::Sender))
    } else {
        Err(AppError::NotFound)
    }
}

/// Whether the population registry names `me` a guardian of the request's child today.
pub async fn still_guardian(
    db: &Db,
    registry: &RegistryState,
    me: &SignedIn,
    request: &Request,
) -> Result<bool, AppError> {
    let Some(child) = request.on_behalf.strip_prefix("child:") else { return Ok(false) };
    let child = PersonalIdentityNumber::parse(child, SimpleDate::today_in_sweden()).ok_or(AppError::Internal)?;
    let own = crate::identity::api::personal_number(db, me.person_id).await?;
    let guardians = registry.population.guardians(&child).await.map_err(|_| AppError::Unavailable)?;
    Ok(guardians.iter().any(|guardian| guardian.pin == own))
}

/// What answering did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answered {
    /// Recorded now; with the case opened if this was the last approval.
    Recorded,
    /// Answered before (a double click, a retry): nothing changed.
    AlreadyAnswered,
    /// The registry no longer names this person a guardian of the child: refused.
    NoLongerGuardian,
}

/// The other guardian's answer to request `id`: `approve` or not. Checks who asks (only the
/// guardian the request names; anyone else gets `NotFound`), asks the registry again, and
/// records the answer exactly once; the last approval opens the case in the same commit.
pub async fn answer(
    state: &FormsState,
    registry: &RegistryState,
    actor: &Actor,
    id: i64,
    approve: bool,
) -> Result<Answered, AppError> {
    let me = actor.resident().ok_or(AppError::Unauthenticated)?;
    let (request, role) = role(&state.db, me, id).await?;
    if role != Role::Guardian {
        return Err(AppError::Forbidden);
    }
    if request.status != "pending" {
        return Ok(Answered::AlreadyAnswered);
    }
    let now = state.clock.now_ms();
    let actor_name = format!("person:{}", me.person_id);
    if !still_guardian(&state.db, registry, me, &request).await? {
        audit::record_alone(
            &state.db,
            &audit::Event {
                at_ms: now,
                actor: actor_name,
                action: "consent-answer",
                object: Some(format!("consent:{id}")),
                outcome: "not-guardian",
                details: serde_json::json!({ "form": request.form_id }),
            },
        )
        .await?;
        return Ok(Answered::NoLongerGuardian);
    }
    let status = if approve { "approved" } else { "declined" };
    let mut tx = state.db.begin().await?;
    // Only a request still pending changes: a second click finds it answered and changes nothing.
    let changed = on_tx!(&mut tx, |conn| {
        sqlx::query("UPDATE consent_requests SET status = $1, answered_at = $2 WHERE id = $3 AND status = 'pending'")
            .bind(status)
            .bind(Timestamp(now))
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected()
    });
    if changed == 0 {
        tx.rollback().await?;
        return Ok(Answered::AlreadyAnswered);
    }
    audit::record(
        &mut tx,
        &audit::Event {
            at_ms: now,
            actor: actor_name,
            action: if approve { "consent-approve" } else { "consent-decline" },
            object: Some(format!("consent:{id}")),
            outcome: "ok",
            details: serde_json::json!({ "form": request.form_id }),
        },
    )
    .await?;
    if approve {
        // Every request of the submission, locked (PostgreSQL) by touching them, so two guardians
        // approving at once cannot both see the other still pending, nor both open the case.
        let open: Vec<(String, Option<i64>)> = on_tx!(&mut tx, |conn| {
            sqlx::query("UPDATE consent_requests SET status = status WHERE submission_reference = $1")
                .bind(&request.submission_reference)
                .execute(&mut *conn)
                .await?;
            sqlx::query_as("SELECT status, case_id FROM consent_requests WHERE submission_reference = $1")
                .bind(&request.submission_reference)
                .fetch_all(&mut *conn)
                .await?
        });
        if open.iter().all(|(status, case)| status == "approved" && case.is_none()) {
            let case = request.pending_case.0.to_case(now);
            let opened = crate::cases::api::open(&mut tx, std::slice::from_ref(&case)).await?;
            let case_id = opened.first().map(|o| o.id).ok_or(AppError::Internal)?;
            on_tx!(&mut tx, |conn| {
                sqlx::query("UPDATE consent_requests SET case_id = $1 WHERE submission_reference = $2")
                    .bind(case_id)
                    .bind(&request.submission_reference)
                    .execute(&mut *conn)
                    .await?
                    .rows_affected()
            });
            tracing::info!(consent = id, case = case_id, "both guardians approved: case opened");
        }
    }
    tx.commit().await?;
    Ok(Answered::Recorded)
}

/// `POST /mina-sidor/samtycken/{id}/svar` (`svar=ja|nej`): the other guardian's answer, then back
/// to the task page (POST/redirect/GET), which shows what was recorded, or why not.
pub async fn post_answer(
    axum::extract::State(state): axum::extract::State<FormsState>,
    axum::extract::State(registry): axum::extract::State<RegistryState>,
    axum::Extension(lang): axum::Extension<crate::i18n::Lang>,
    actor: Option<axum::Extension<Actor>>,
    axum::extract::Path(id): axum::extract::Path<String>,
    axum::Form(posted): axum::Form<Vec<(String, String)>>,
) -> axum::response::Response {
    use axum::response::{IntoResponse, Redirect};
    let refuse = |error: AppError| crate::error_page::response(&error, lang);
    let Ok(id) = id.parse::<i64>() else { return refuse(AppError::NotFound) };
    let actor = actor.map(|axum::Extension(actor)| actor).unwrap_or_default();
    if actor.resident().is_none() {
        return Redirect::to(&crate::routes::sign_in_and_return(&crate::routes::my_consent(id))).into_response();
    }
    let approve = match posted.iter().find(|(k, _)| k == "svar").map(|(_, v)| v.as_str()) {
        Some("ja") => true,
        Some("nej") => false,
        _ => return refuse(AppError::BadRequest),
    };
    let page = crate::routes::my_consent(id);
    match answer(&state, &registry, &actor, id, approve).await {
        Ok(Answered::Recorded) => {
            Redirect::to(&format!("{page}?besvarad={}", if approve { "ja" } else { "nej" })).into_response()
        }
        // Answered before, or refused because custody has ended: the page shows which.
        Ok(Answered::AlreadyAnswered | Answered::NoLongerGuardian) => Redirect::to(&page).into_response(),
        Err(AppError::Unavailable) => Redirect::to(&format!("{page}?fel=registret")).into_response(),
        Err(error) => refuse(error),
    }
}

/// When submission `reference` was sent (milliseconds), if it exists.
pub async fn submitted_at(db: &Db, reference: &str) -> Result<Option<i64>, AppError> {
    let at: Option<Timestamp> = on_db!(db, read, |pool| {
        sqlx::query_scalar("SELECT submitted_at FROM submissions WHERE reference = $1")
            .bind(reference)
            .fetch_optional(pool)
            .await?
    });
    Ok(at.map(|at| at.0))
}

/// Whether submission `reference` waits for another guardian's consent.
pub async fn waiting(db: &Db, reference: &str) -> Result<bool, AppError> {
    let requests = requests_of_submission(db, reference).await?;
    Ok(!requests.is_empty() && overall(&requests) == "pending")
}

/// The date by which a place must be offered, `months` after the application (preschool: four,
/// skollagen 8 kap. 14 §); the last day of a shorter month if it has no such day.
pub fn offer_by(sent: SimpleDate, months: u8) -> SimpleDate {
    let months = i32::from(sent.month) - 1 + i32::from(months);
    let (year, month) = (sent.year + months / 12, (months % 12) as u8 + 1);
    let day = sent.day.min(crate::domain::date::days_in_month(year, month));
    SimpleDate { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_offered_within_four_months() {
        let date = |y, m, d| SimpleDate::new(y, m, d).unwrap_or_else(|| panic!("{y}-{m}-{d}"));
        assert_eq!(offer_by(date(2026, 12, 1), 4), date(2027, 4, 1));
        assert_eq!(offer_by(date(2026, 10, 31), 4), date(2027, 2, 28), "no 31 February: its last day");
        assert_eq!(offer_by(date(2027, 10, 31), 4), date(2028, 2, 29), "a leap year");
        assert_eq!(offer_by(date(2026, 6, 15), 4), date(2026, 10, 15));
    }

    #[test]
    fn a_guardian_key_is_stable_and_holds_no_number() {
        let key = guardian_key("199010212380");
        assert_eq!(key, guardian_key("199010212380"));
        assert_ne!(key, guardian_key("199010202381"));
        assert!(!key.contains("19901021") && key.len() == 64);
    }
}
