//! The answers so far and where they are kept between requests. [`DraftStore`] is the seam the
//! flow service ([`super::flow`]) works through. An anonymous visitor's drafts live in their
//! session ([`SessionDrafts`], stored in the database), so reload, back and forward never lose
//! input, with or without JavaScript; a signed-in person's live in `person_drafts`
//! ([`PersonDrafts`]), to be continued days later from any device. [`RequestDrafts`] picks the
//! one for who is asking.

use crate::{
    access::Actor,
    clock::Clock,
    db::{Db, Timestamp},
    error::AppError,
    forms::rules::{Answers, FieldError},
    on_db,
};
use axum::extract::FromRequestParts;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The idempotency key of the submission this draft becomes.
    pub key: String,
    pub answers: Answers,
    /// Problems found when a step was last sent: (step id, errors).
    pub errors: Option<(String, Vec<FieldError>)>,
}

impl Draft {
    /// An empty draft with a fresh idempotency key (128 random bits, hex encoded): the key is
    /// what makes its sending happen once, so it must not be guessable or shared.
    pub fn fresh() -> Draft {
        use rand::Rng;
        let bytes: [u8; 16] = rand::rng().random();
        Draft { key: bytes.iter().map(|b| format!("{b:02x}")).collect(), ..Draft::default() }
    }

    /// What is left of a draft once sent: its spent key alone, which shows the sender (and
    /// nobody else) the confirmation.
    pub fn spent(key: &str) -> Draft {
        Draft { key: key.to_string(), ..Draft::default() }
    }
}

/// Where one visitor's drafts are kept, one per form. It only keeps them: whether a draft was
/// sent, and what a step does to it, is the flow service's business.
#[async_trait::async_trait]
pub trait DraftStore: Send + Sync {
    /// The draft of `form_id` as stored, even one already sent (then only its spent key is left).
    async fn load(&self, form_id: &str) -> Result<Option<Draft>, AppError>;

    /// Keeps `draft` as the draft of `form_id`, replacing what was there.
    async fn save(&self, form_id: &str, draft: &Draft) -> Result<(), AppError>;

    /// Forgets the draft of `form_id` (the visitor asked to clear the form).
    async fn clear(&self, form_id: &str) -> Result<(), AppError>;

    /// A new draft is about to hold personal data: whatever identified the visitor before must
    /// not come to see it (against session fixation, an id planted in the browser).
    async fn begin(&self) -> Result<(), AppError>;
}

/// Drafts kept in the visitor's session; the session layer writes them to the database
/// (`crate::sessions`) before the response leaves.
#[derive(Clone, Debug)]
pub struct SessionDrafts {
    session: Session,
}

impl SessionDrafts {
    pub fn new(session: Session) -> Self {
        SessionDrafts { session }
    }

    /// The drafts of the request being rendered (inside a server function).
    pub async fn current() -> Result<Self, AppError> {
        let session = crate::sessions::current().await?;
        Ok(SessionDrafts::new(session))
    }
}

/// A handler takes the visitor's drafts straight from the request, as it would the session.
impl<S: Send + Sync> FromRequestParts<S> for SessionDrafts {
    type Rejection = <Session as FromRequestParts<S>>::Rejection;

    async fn from_request_parts(parts: &mut http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        Session::from_request_parts(parts, state).await.map(SessionDrafts::new)
    }
}

fn key(form_id: &str) -> String {
    format!("forms.draft.{form_id}")
}

fn unavailable(error: impl std::fmt::Display) -> AppError {
    tracing::warn!(%error, "session store unavailable");
    AppError::Unavailable
}

#[async_trait::async_trait]
impl DraftStore for SessionDrafts {
    async fn load(&self, form_id: &str) -> Result<Option<Draft>, AppError> {
        self.session.get::<Draft>(&key(form_id)).await.map_err(unavailable)
    }

    async fn save(&self, form_id: &str, draft: &Draft) -> Result<(), AppError> {
        self.session.insert(&key(form_id), draft).await.map_err(unavailable)
    }

    async fn clear(&self, form_id: &str) -> Result<(), AppError> {
        self.session.remove_value(&key(form_id)).await.map(|_| ()).map_err(unavailable)
    }

    async fn begin(&self) -> Result<(), AppError> {
        // A new session id: an id planted before never comes to hold personal data.
        self.session.cycle_id().await.map_err(unavailable)
    }
}

/// How long a signed-in person's draft is kept after its last change, unless the configuration
/// says otherwise (`draft_keep_days`).
pub const DEFAULT_KEEP_DAYS: u32 = 30;
/// The person is told this many days before a draft is deleted.
pub const WARN_DAYS_BEFORE: i64 = 7;
pub const DAY_MS: i64 = 86_400_000;

/// A signed-in person's drafts, in `person_drafts`: one per form and per whom they act for
/// (`on_behalf`: empty for themselves, `child:…` or `company:…`), so a guardian's application
/// for one child never mixes with one for the other, or with their own. A draft begun before signing in, or typed while a sign-in had lapsed, is in the session;
/// the first time the form is opened signed in, it moves here, so no typing is lost.
pub struct PersonDrafts {
    db: Db,
    clock: Clock,
    person_id: i64,
    on_behalf: String,
    keep_days: u32,
    session: Option<Session>,
}

impl PersonDrafts {
    pub fn new(
        db: Db,
        clock: Clock,
        person_id: i64,
        on_behalf: String,
        keep_days: u32,
        session: Option<Session>,
    ) -> Self {
        PersonDrafts { db, clock, person_id, on_behalf, keep_days, session }
    }

    async fn stored(&self, form_id: &str) -> Result<Option<Draft>, AppError> {
        let row: Option<sqlx::types::Json<Draft>> = on_db!(&self.db, read, |pool| {
            sqlx::query_scalar(
                "SELECT draft FROM person_drafts WHERE person_id = $1 AND form_id = $2 AND on_behalf = $3",
            )
            .bind(self.person_id)
            .bind(form_id)
            .bind(&self.on_behalf)
            .fetch_optional(pool)
            .await?
        });
        Ok(row.map(|json| json.0))
    }
}

#[async_trait::async_trait]
impl DraftStore for PersonDrafts {
    async fn load(&self, form_id: &str) -> Result<Option<Draft>, AppError> {
        if let Some(draft) = self.stored(form_id).await? {
            return Ok(Some(draft));
        }
        let Some(session) = &self.session else { return Ok(None) };
        match session.get::<Draft>(&key(form_id)).await.map_err(unavailable)? {
            Some(draft) if !draft.answers.is_empty() => {
                self.save(form_id, &draft).await?;
                session.remove_value(&key(form_id)).await.map_err(unavailable)?;
                Ok(Some(draft))
            }
            _ => Ok(None),
        }
    }

    async fn save(&self, form_id: &str, draft: &Draft) -> Result<(), AppError> {
        let now = self.clock.now_ms();
        // A sent draft keeps only its spent key (for the confirmation page) for a day, and its
        // deletion is nothing to tell anyone about.
        let (expires, warned) = if draft.answers.is_empty() {
            (now + DAY_MS, Some(Timestamp(now)))
        } else {
            (now + i64::from(self.keep_days) * DAY_MS, None)
        };
        on_db!(&self.db, write, |pool| {
            sqlx::query(
                "INSERT INTO person_drafts \
                 (person_id, form_id, on_behalf, draft, created_at, updated_at, expires_at, warned_at) \
                 VALUES ($1, $2, $7, $3, $4, $4, $5, $6) \
                 ON CONFLICT (person_id, form_id, on_behalf) DO UPDATE \
                 SET draft = excluded.draft, updated_at = excluded.updated_at, expires_at = excluded.expires_at, \
                 warned_at = excluded.warned_at",
            )
            .bind(self.person_id)
            .bind(form_id)
            .bind(sqlx::types::Json(draft))
            .bind(Timestamp(now))
            .bind(Timestamp(expires))
            .bind(warned)
            .bind(&self.on_behalf)
            .execute(pool)
            .await?
            .rows_affected()
        });
        Ok(())
    }

    async fn clear(&self, form_id: &str) -> Result<(), AppError> {
        delete_person_draft(&self.db, self.person_id, form_id, &self.on_behalf).await?;
        if let Some(session) = &self.session {
            session.remove_value(&key(form_id)).await.map_err(unavailable)?;
        }
        Ok(())
    }

    async fn begin(&self) -> Result<(), AppError> {
        // The session was given a new id when the person signed in.
        Ok(())
    }
}

/// Deletes `person_id`'s draft of `form_id` for `on_behalf`; whether there was one.
pub async fn delete_person_draft(db: &Db, person_id: i64, form_id: &str, on_behalf: &str) -> Result<bool, AppError> {
    let deleted = on_db!(db, write, |pool| {
        sqlx::query("DELETE FROM person_drafts WHERE person_id = $1 AND form_id = $2 AND on_behalf = $3")
            .bind(person_id)
            .bind(form_id)
            .bind(on_behalf)
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(deleted > 0)
}

crate::db_row! {
    /// A signed-in person's draft as listed in My pages.
    #[derive(Debug)]
    pub struct PersonDraftRow {
        pub form_id: String,
        pub draft: sqlx::types::Json<Draft>,
        pub updated_at: Timestamp,
        pub expires_at: Timestamp,
    }
}

/// `person_id`'s drafts for `on_behalf`, last changed first (at most `limit`: one per form, so few).
pub async fn person_drafts(
    db: &Db,
    person_id: i64,
    on_behalf: &str,
    limit: i64,
) -> Result<Vec<PersonDraftRow>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT form_id, draft, updated_at, expires_at FROM person_drafts WHERE person_id = $1 AND on_behalf = $3 \
             ORDER BY updated_at DESC LIMIT $2",
        )
        .bind(person_id)
        .bind(limit)
        .bind(on_behalf)
        .fetch_all(pool)
        .await?
    }))
}

/// Drafts due to be deleted within [`WARN_DAYS_BEFORE`] days whose person has not been told yet:
/// marked as told in the caller's transaction; returns (person, form, expires).
pub async fn take_drafts_to_warn(
    tx: &mut crate::db::Tx,
    now: i64,
    limit: i64,
) -> Result<Vec<(i64, String, Timestamp)>, AppError> {
    let due: Vec<(i64, String, String, Timestamp)> = crate::on_tx!(tx, |conn| {
        sqlx::query_as(
            "SELECT person_id, form_id, on_behalf, expires_at FROM person_drafts \
             WHERE expires_at <= $1 AND warned_at IS NULL ORDER BY expires_at LIMIT $2",
        )
        .bind(Timestamp(now + WARN_DAYS_BEFORE * DAY_MS))
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?
    });
    for (person, form, on_behalf, _) in &due {
        crate::on_tx!(tx, |conn| {
            sqlx::query(
                "UPDATE person_drafts SET warned_at = $3 WHERE person_id = $1 AND form_id = $2 AND on_behalf = $4",
            )
            .bind(person)
            .bind(form)
            .bind(Timestamp(now))
            .bind(on_behalf)
            .execute(&mut *conn)
            .await?
            .rows_affected()
        });
    }
    Ok(due.into_iter().map(|(person, form, _, expires)| (person, form, expires)).collect())
}

/// At most this many drafts are warned about in one sweep (the next sweep takes the rest).
const WARN_BATCH: i64 = 500;

/// The periodic care of drafts: tells each person whose draft is deleted within
/// [`WARN_DAYS_BEFORE`] days (by e-mail, if they gave and confirmed an address and asked for
/// notices; the list in My pages shows it either way), then deletes those whose time is up.
/// Returns (warned, deleted).
pub async fn sweep(db: &Db, now: i64) -> Result<(usize, u64), AppError> {
    let mut tx = db.begin().await?;
    let due = take_drafts_to_warn(&mut tx, now, WARN_BATCH).await?;
    let mut warned = 0;
    for (person, _form, expires) in &due {
        let Some(to) = crate::identity::api::notice_address(&mut tx, *person).await? else { continue };
        let notice = crate::jobs::DraftExpiry {
            to,
            expires: crate::domain::date::SimpleDate::in_sweden_at(expires.0.div_euclid(1000)).to_string(),
            link: crate::routes::my_drafts(),
            lang: "sv".into(),
        };
        crate::jobs::enqueue(&mut tx, &crate::jobs::DRAFT_EXPIRY, &notice, now).await?;
        warned += 1;
    }
    tx.commit().await?;
    Ok((warned, delete_expired_drafts(db, now).await?))
}

/// Deletes the drafts whose time is up; how many.
pub async fn delete_expired_drafts(db: &Db, now: i64) -> Result<u64, AppError> {
    Ok(on_db!(db, write, |pool| {
        sqlx::query("DELETE FROM person_drafts WHERE expires_at <= $1")
            .bind(Timestamp(now))
            .execute(pool)
            .await?
            .rows_affected()
    }))
}

/// Where a step posted after a sign-in lapsed waits in the session.
const LAPSED_POST_KEY: &str = "forms.lapsed_post";

#[derive(Serialize, Deserialize)]
struct LapsedPost {
    person_id: i64,
    form_id: String,
    step_id: String,
    posted: Vec<(String, String)>,
}

/// The drafts of the one asking: a signed-in resident's in the database, anyone else's in the
/// session.
pub enum RequestDrafts {
    Session(SessionDrafts),
    Person(PersonDrafts),
}

impl RequestDrafts {
    pub fn of(state: &super::FormsState, actor: &Actor, session: Session) -> Self {
        match actor.resident() {
            Some(person) => RequestDrafts::Person(PersonDrafts::new(
                state.db.clone(),
                state.clock.clone(),
                person.person_id,
                person.on_behalf(),
                state.draft_keep_days,
                Some(session),
            )),
            None => RequestDrafts::Session(SessionDrafts::new(session)),
        }
    }

    /// The drafts of the request being rendered (inside a server function).
    pub async fn current(state: &super::FormsState) -> Result<Self, AppError> {
        let session = SessionDrafts::current().await?.session;
        Ok(RequestDrafts::of(state, &crate::access::current_actor(), session))
    }

    /// Whether this is a visitor whose sign-in ran out by its time limit (in this browser).
    pub async fn sign_in_lapsed(&self) -> Result<bool, AppError> {
        let RequestDrafts::Session(drafts) = self else { return Ok(false) };
        Ok(drafts.session.get::<i64>(crate::access::LAPSED_KEY).await.map_err(unavailable)?.is_some())
    }

    /// For a step posted anonymously from a session whose sign-in lapsed by time, to a form the
    /// person has a draft of: keeps what was posted for when they sign in again (see
    /// [`Self::take_lapsed_post`]). Whether it did. Only once: if they go on without signing in,
    /// their next step is an anonymous visitor's like any other.
    pub async fn keep_lapsed_post(
        &self,
        state: &super::FormsState,
        form_id: &str,
        step_id: &str,
        posted: &[(String, String)],
    ) -> Result<bool, AppError> {
        let RequestDrafts::Session(drafts) = self else { return Ok(false) };
        let session = &drafts.session;
        let Some(person_id) = session.get::<i64>(crate::access::LAPSED_KEY).await.map_err(unavailable)? else {
            return Ok(false);
        };
        // A lapsed sign-in comes back acting for the person themselves.
        let theirs = PersonDrafts::new(
            state.db.clone(),
            state.clock.clone(),
            person_id,
            String::new(),
            state.draft_keep_days,
            None,
        );
        if theirs.stored(form_id).await?.is_none_or(|draft| draft.answers.is_empty()) {
            return Ok(false);
        }
        session.remove_value(crate::access::LAPSED_KEY).await.map_err(unavailable)?;
        let post = LapsedPost {
            person_id,
            form_id: form_id.to_string(),
            step_id: step_id.to_string(),
            posted: posted.to_vec(),
        };
        session.insert(LAPSED_POST_KEY, post).await.map_err(unavailable)?;
        Ok(true)
    }

    /// The step this person posted while their sign-in had lapsed, if it was `step_id` of
    /// `form_id`: taken out of the session, for the flow to apply as if just posted. Anyone else
    /// signing in in that browser never gets it (it is dropped).
    pub async fn take_lapsed_post(
        &self,
        form_id: &str,
        step_id: &str,
    ) -> Result<Option<Vec<(String, String)>>, AppError> {
        let RequestDrafts::Person(drafts) = self else { return Ok(None) };
        let Some(session) = &drafts.session else { return Ok(None) };
        let Some(post) = session.get::<LapsedPost>(LAPSED_POST_KEY).await.map_err(unavailable)? else {
            return Ok(None);
        };
        let theirs = post.person_id == drafts.person_id;
        if theirs && (post.form_id != form_id || post.step_id != step_id) {
            return Ok(None);
        }
        session.remove_value(LAPSED_POST_KEY).await.map_err(unavailable)?;
        session.remove_value(crate::access::LAPSED_KEY).await.map_err(unavailable)?;
        Ok(theirs.then_some(post.posted))
    }

    pub fn store(&self) -> &dyn DraftStore {
        match self {
            RequestDrafts::Session(drafts) => drafts,
            RequestDrafts::Person(drafts) => drafts,
        }
    }
}

/// A handler takes the drafts of whoever is asking straight from the request.
impl<S> FromRequestParts<S> for RequestDrafts
where
    S: Send + Sync,
    super::FormsState: axum::extract::FromRef<S>,
{
    type Rejection = <Session as FromRequestParts<S>>::Rejection;

    async fn from_request_parts(parts: &mut http::request::Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state).await?;
        let actor = parts.extensions.get::<Actor>().cloned().unwrap_or_default();
        let forms = <super::FormsState as axum::extract::FromRef<S>>::from_ref(state);
        Ok(RequestDrafts::of(&forms, &actor, session))
    }
}
