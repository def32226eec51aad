//! Storage of cases, their documents and their timeline, the same SQL on SQLite and PostgreSQL.
//! Reads join the catalogue's tables for names (read only); writes happen inside the caller's
//! transaction, so a case, its number, its first document, its timeline and its audit row are
//! one commit with whatever caused them.

use crate::{
    cases::model::{self, ClockRule, HandlingClock, Status},
    db::{Db, PgBinds, Timestamp, Tx},
    error::AppError,
    on_db, on_tx,
};

/// A document to register in a case.
#[derive(Clone, Debug)]
pub struct NewDocument {
    pub kind: &'static str,
    /// `in`, `out` or `internal`.
    pub direction: &'static str,
    pub party: String,
    pub description: String,
    pub body: String,
    pub secrecy: Option<String>,
    pub for_party: bool,
    pub dated_at: i64,
    pub reply_by: Option<i64>,
}

/// A case to open: registered at once (`register`), or left for a registrar.
#[derive(Clone, Debug)]
pub struct NewCase {
    pub organisation_id: String,
    pub department_id: String,
    pub service_id: String,
    pub title: String,
    pub party: String,
    pub person_id: Option<i64>,
    /// Whom it is for when the applicant acts for someone (`child:…`, `company:…`).
    pub on_behalf: Option<String>,
    pub submission_reference: Option<String>,
    pub secrecy: Option<String>,
    pub clock: ClockRule,
    pub handling_days: i64,
    pub prefix: String,
    pub serial_digits: i64,
    pub received_at: i64,
    pub register: bool,
    pub first_document: NewDocument,
    /// Files attached to the submission: each registered as a document of its own after the
    /// first, and from then on the case's (downloaded by those who may read the case).
    pub attachments: Vec<AttachedFile>,
    /// Who opened it (`person:12`, `anonymous`, `staff:3`) and the name the timeline shows.
    pub actor: String,
    pub actor_name: String,
    /// How the application was signed, when the service asks for a signature.
    pub signature: Option<CaseSignature>,
}

/// How an application was signed with an e-ID, kept with the case it opens: `sha256` is of
/// `text`, exactly the text the signer signed.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CaseSignature {
    pub person_id: i64,
    pub signer_name: String,
    pub signed_at: i64,
    /// The provider's id (`demo` for the demo's test persons) and its name as residents saw it.
    pub provider: String,
    pub e_id: String,
    pub loa: u8,
    pub sha256: String,
    pub text: String,
}

/// A file attached to what opens a case.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AttachedFile {
    /// The attachment's public id (`attachments.public_id`).
    pub public_id: String,
    pub name: String,
    pub size: u64,
    /// `pdf`, `jpeg` or `png`.
    pub file_type: String,
    /// What the form asked for (the question's Swedish label, e.g. "Situationsplan").
    #[serde(default)]
    pub asked_for: String,
}

impl AttachedFile {
    /// The document an attached file is registered as. The register describes it by what the
    /// form asked for, never by the file's name, which the applicant chose and may hold
    /// anything (a name, an address); the name is in the body, for the case's parties.
    fn document(&self, case: &NewCase) -> NewDocument {
        let description = match self.asked_for.trim() {
            "" => "Bilaga".to_string(),
            asked_for => format!("Bilaga: {asked_for}"),
        };
        NewDocument {
            kind: "attachment",
            direction: "in",
            party: case.party.clone(),
            description,
            body: serde_json::json!({
                "attachment": self.public_id, "name": self.name, "size": self.size, "type": self.file_type,
            })
            .to_string(),
            secrecy: case.first_document.secrecy.clone(),
            for_party: true,
            dated_at: case.received_at,
            reply_by: None,
        }
    }
}

/// Opened: the case's id and, when registered, its number.
#[derive(Clone, Debug, PartialEq)]
pub struct Opened {
    pub id: i64,
    pub case_number: Option<String>,
}

/// Takes `count` serials of `department`'s series for `year` and returns the first. The row is
/// locked until the transaction ends, so concurrent registrations queue here and the numbers
/// have no gaps: a registration that rolls back gives its numbers back.
pub async fn take_serials(tx: &mut Tx, department: &str, year: i32, count: i64) -> Result<i64, AppError> {
    let last: i64 = on_tx!(tx, |conn| {
        sqlx::query_scalar(
            "INSERT INTO case_series (department_id, year, last_serial) VALUES ($1, $2, $3) \
             ON CONFLICT (department_id, year) DO UPDATE SET last_serial = case_series.last_serial + excluded.last_serial \
             RETURNING last_serial",
        )
        .bind(department)
        .bind(i64::from(year))
        .bind(count)
        .fetch_one(&mut *conn)
        .await?
    });
    Ok(last - count + 1)
}

/// The statement [`bind_documents`] binds rows for, and its width.
const DOCUMENT_INSERT: &str =
    "INSERT INTO case_documents (case_id, number, kind, direction, party, description, body, \
                               secrecy, for_party, dated_at, registered_at, created_by, reply_by) VALUES";
const DOCUMENT_WIDTH: usize = 13;

/// PostgreSQL's [`DOCUMENT_INSERT`] with the register's words given (see [`register_words`]):
/// its search trigger then has no case to look up for each document.
const PG_DOCUMENT_INSERT: &str =
    "INSERT INTO case_documents (case_id, number, kind, direction, party, description, body, \
                               secrecy, for_party, dated_at, registered_at, created_by, reply_by, search_text) VALUES";

/// The words a register entry can be found by (PostgreSQL's `search_text`): the document's
/// description, its case's title and its party, lower case; none for a confidential case or
/// document, or an internal note, so those can never be found by what they hide. The same rule as
/// the search trigger of migration 13, which fills them for a document inserted without.
pub fn register_words(case_title: &str, case_secrecy: Option<&str>, doc: &NewDocument) -> Option<String> {
    (case_secrecy.is_none() && doc.secrecy.is_none() && doc.direction != "internal")
        .then(|| format!("{} {case_title} {}", doc.description, doc.party).to_lowercase())
}

/// Binds a document's own columns (from `kind` to `reply_by`, after its case and number), by
/// whom and when it is registered.
macro_rules! bind_document {
    ($query:expr, $doc:expr, $by:expr, $now:expr) => {
        $query
            .bind($doc.kind)
            .bind($doc.direction)
            .bind(&$doc.party)
            .bind(&$doc.description)
            .bind(&$doc.body)
            .bind(&$doc.secrecy)
            .bind($doc.for_party)
            .bind(Timestamp($doc.dated_at))
            .bind(Timestamp($now))
            .bind($by)
            .bind($doc.reply_by.map(Timestamp))
    };
}

/// Binds documents (case, number, document, by whom, when) to a query or a
/// [`crate::db::PgBinds`], in [`DOCUMENT_INSERT`]'s order.
macro_rules! bind_documents {
    ($query:expr, $rows:expr) => {{
        let mut query = $query;
        for (case_id, number, doc, by, now) in $rows {
            query = bind_document!(query.bind(*case_id).bind(*number), doc, *by, *now);
        }
        query
    }};
}

/// The statement [`bind_events`] binds rows for, and its width.
const EVENT_INSERT: &str = "INSERT INTO case_events (case_id, at, actor, actor_name, kind, status, for_party) VALUES";
const EVENT_WIDTH: usize = 7;

/// Binds timeline lines to a query or a [`crate::db::PgBinds`], in [`EVENT_INSERT`]'s order.
macro_rules! bind_events {
    ($query:expr, $events:expr) => {{
        let mut query = $query;
        for event in $events {
            query = query
                .bind(event.case_id)
                .bind(Timestamp(event.at))
                .bind(event.actor)
                .bind(event.actor_name)
                .bind(event.kind)
                .bind(event.status.code())
                .bind(event.for_party);
        }
        query
    }};
}

/// The statement [`bind_cases`] binds rows for, and its width.
const CASE_INSERT: &str =
    "INSERT INTO cases (id, organisation_id, department_id, service_id, case_number, status, title, party, \
     person_id, submission_reference, secrecy, received_at, registered_at, clock_rule, handling_days, due_at, \
     updated_at, on_behalf) VALUES";
const CASE_WIDTH: usize = 18;

/// Binds the case rows of [`open`] (each with the id and number drawn for it) to a query or a
/// [`crate::db::PgBinds`], in [`CASE_INSERT`]'s order.
macro_rules! bind_cases {
    ($query:expr, $rows:expr) => {
        bind_cases!($query, $rows, true)
    };
    // `$number` false: the case number's place is left to the statement (no argument bound).
    ($query:expr, $rows:expr, $number:expr) => {{
        let mut query = $query;
        for (case, opened) in $rows {
            let status = if case.register { Status::Registered } else { Status::Received };
            let clock = HandlingClock::start(case.clock, case.handling_days, case.received_at);
            query = query.bind(opened.id).bind(&case.organisation_id).bind(&case.department_id).bind(&case.service_id);
            if $number {
                query = query.bind(&opened.case_number);
            }
            query = query
                .bind(status.code())
                .bind(&case.title)
                .bind(&case.party)
                .bind(case.person_id)
                .bind(&case.submission_reference)
                .bind(&case.secrecy)
                .bind(Timestamp(case.received_at))
                .bind(case.register.then_some(Timestamp(case.received_at)))
                .bind(case.clock.code())
                .bind(case.handling_days)
                .bind(Timestamp(clock.due_at))
                .bind(Timestamp(case.received_at))
                .bind(&case.on_behalf);
        }
        query
    }};
}

/// The case rows of [`open`], with the ids and numbers drawn for them.
async fn insert_cases(tx: &mut Tx, rows: &[(&NewCase, &Opened)]) -> Result<(), AppError> {
    for chunk in rows.chunks(crate::db::ROWS_PER_STATEMENT) {
        let sql = format!("{CASE_INSERT} {}", crate::db::placeholders(chunk.len(), CASE_WIDTH));
        on_tx!(&mut *tx, |conn| bind_cases!(sqlx::query(&sql), chunk).execute(&mut *conn).await?.rows_affected());
    }
    Ok(())
}

/// Opens `cases` in the caller's transaction: each with its first document, its timeline and an
/// audit row; the registered ones with numbers from their department's series. A batch (a group
/// commit's cases) costs a fixed number of statements, one per table, not one per case: on
/// PostgreSQL every statement is a round trip while the batch holds the writer.
pub async fn open(tx: &mut Tx, cases: &[NewCase]) -> Result<Vec<Opened>, AppError> {
    use std::collections::BTreeMap;
    if cases.is_empty() {
        return Ok(Vec::new());
    }
    // One draw per department and year for the whole batch, in a fixed order (no deadlock
    // between two batches taking the same series).
    let mut wanted: BTreeMap<(String, i32), i64> = BTreeMap::new();
    for case in cases.iter().filter(|c| c.register) {
        *wanted.entry((case.department_id.clone(), year_of(case.received_at))).or_default() += 1;
    }
    let (mut next_serial, ids) = draw_numbers(tx, wanted, cases.len()).await?;
    let mut opened = Vec::with_capacity(cases.len());
    for (case, &id) in cases.iter().zip(&ids) {
        let case_number = if case.register {
            let key = (case.department_id.clone(), year_of(case.received_at));
            let serial = next_serial.get_mut(&key).ok_or(AppError::Internal)?;
            let number = model::case_number(&case.prefix, key.1, *serial, case.serial_digits.clamp(1, 6) as usize);
            *serial += 1;
            Some(number)
        } else {
            None
        };
        opened.push(Opened { id, case_number });
    }
    let attached: Vec<Vec<NewDocument>> =
        cases.iter().map(|c| c.attachments.iter().map(|file| file.document(c)).collect()).collect();
    let mut documents: Vec<(i64, i64, &NewDocument, &str, i64)> = Vec::with_capacity(cases.len());
    let mut words: Vec<Option<String>> = Vec::with_capacity(cases.len());
    for ((case, &id), files) in cases.iter().zip(&ids).zip(&attached) {
        for (number, doc) in (1_i64..).zip(std::iter::once(&case.first_document).chain(files)) {
            documents.push((id, number, doc, case.actor.as_str(), case.received_at));
            words.push(register_words(&case.title, case.secrecy.as_deref(), doc));
        }
    }
    let events = opening_events(cases, &ids);
    let audit = opening_audit(cases, &ids);
    let rows: Vec<(&NewCase, &Opened)> = cases.iter().zip(&opened).collect();
    insert_records(tx, &rows, &documents, &words, &events, &audit).await?;
    // The rows below refer to the cases, which are in by now.
    for (case, &id) in cases.iter().zip(&ids).filter(|(c, _)| !c.attachments.is_empty()) {
        let public_ids: Vec<String> = case.attachments.iter().map(|f| f.public_id.clone()).collect();
        crate::attachments::belong_to_case(tx, id, &public_ids).await?;
    }
    for (signature, &id) in cases.iter().zip(&ids).filter_map(|(c, id)| c.signature.as_ref().map(|s| (s, id))) {
        on_tx!(&mut *tx, |conn| {
            sqlx::query(
                "INSERT INTO case_signatures (case_id, person_id, signer_name, signed_at, provider, e_id, loa, \
                 sha256, signed_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id)
            .bind(signature.person_id)
            .bind(&signature.signer_name)
            .bind(Timestamp(signature.signed_at))
            .bind(&signature.provider)
            .bind(&signature.e_id)
            .bind(i16::from(signature.loa))
            .bind(&signature.sha256)
            .bind(&signature.text)
            .execute(&mut *conn)
            .await?
            .rows_affected()
        });
    }
    let notices: Vec<Notice> = cases
        .iter()
        .zip(&opened)
        .filter(|(case, _)| case.register)
        .map(|(case, opened)| Notice {
            case_id: opened.id,
            person_id: case.person_id,
            case_number: opened.case_number.clone(),
            event: "registered",
            at: case.received_at,
        })
        .collect();
    notify_many(tx, &notices).await?;
    Ok(opened)
}

/// The first lines of the timelines of cases opened with `ids`: received, and registered.
fn opening_events<'a>(cases: &'a [NewCase], ids: &[i64]) -> Vec<NewEvent<'a>> {
    let mut events = Vec::with_capacity(2 * cases.len());
    for (case, &id) in cases.iter().zip(ids) {
        let event = |kind, status| NewEvent {
            case_id: id,
            at: case.received_at,
            actor: &case.actor,
            actor_name: &case.actor_name,
            kind,
            status,
            for_party: true,
        };
        events.push(event("received", Status::Received));
        if case.register {
            events.push(event("registered", Status::Registered));
        }
    }
    events
}

/// The audit rows of cases opened with `ids`.
fn opening_audit(cases: &[NewCase], ids: &[i64]) -> Vec<crate::audit::Event> {
    cases
        .iter()
        .zip(ids)
        .map(|(case, id)| crate::audit::Event {
            at_ms: case.received_at,
            actor: case.actor.clone(),
            action: if case.register { "case-register" } else { "case-receive" },
            object: Some(format!("case:{id}")),
            outcome: "ok",
            details: serde_json::json!({ "service": case.service_id, "department": case.department_id }),
        })
        .collect()
}

/// Case ids drawn from PostgreSQL's sequence ahead of need, a block at a time, so that the
/// one-statement registration ([`open_in_one_statement`]) knows its cases' ids without a round
/// trip of its own. Ids are not case numbers: those of a failed statement are simply never used.
#[derive(Debug, Default)]
pub struct CaseIds(std::collections::VecDeque<i64>);

impl CaseIds {
    /// Ids drawn at a time (a round trip per this many cases).
    const BLOCK: usize = 64;

    async fn take(&mut self, pool: &sqlx::PgPool, count: usize) -> Result<Vec<i64>, AppError> {
        if self.0.len() < count {
            let more = i64::try_from((count - self.0.len()).max(Self::BLOCK)).map_err(|_| AppError::Internal)?;
            let drawn: Vec<i64> = sqlx::query_scalar(
                "SELECT nextval(pg_get_serial_sequence('cases', 'id')) FROM generate_series(1, $1::bigint)",
            )
            .bind(more)
            .fetch_all(pool)
            .await?;
            self.0.extend(drawn);
        }
        Ok(self.0.drain(..count).collect())
    }
}

/// PostgreSQL: registers `cases` and whatever `lead` writes (the submissions they come from) in
/// one statement, which is its own transaction: one round trip instead of five (BEGIN, the
/// submissions, the number draw, the records, COMMIT). On two cores a round trip costs more than
/// most of these statements' work, and the writer's batch waits through every one of them.
///
/// `lead` is the statement's first WITH part (`name AS (…)`), its arguments bound first in
/// `binds`, and `lead_holds` a condition on it (SQL, reading a subquery) without which the whole
/// statement fails and writes nothing; `trail` may add WITH parts after the cases' (their
/// arguments bound after all others), given the SQL expression of `cases[i]`'s number. The
/// numbers are drawn inside the statement and formatted there the way [`model::case_number`]
/// does (tested against it). Only for cases that need nothing more in the commit: registered at
/// once, of one department's series for one year, without attachments, signature or person to
/// notify; `Ok(None)` (nothing done) otherwise. An error writes nothing.
pub async fn open_in_one_statement(
    pool: &sqlx::PgPool,
    lead: &str,
    lead_holds: &str,
    binds: PgBinds,
    cases: &[NewCase],
    ids: &mut CaseIds,
    trail: impl FnOnce(PgBinds, &dyn Fn(usize) -> String) -> (Vec<String>, PgBinds),
) -> Result<Option<Vec<Opened>>, AppError> {
    let Some(first) = cases.first() else { return Ok(None) };
    let year = year_of(first.received_at);
    let one_series = |c: &NewCase| {
        c.register
            && c.department_id == first.department_id
            && c.prefix == first.prefix
            && c.serial_digits == first.serial_digits
            && year_of(c.received_at) == year
    };
    let plain = |c: &NewCase| c.attachments.is_empty() && c.signature.is_none() && c.person_id.is_none();
    let parameters = CASE_WIDTH + DOCUMENT_WIDTH + 1 + 2 * EVENT_WIDTH + crate::audit::WIDTH + 4;
    if !cases.iter().all(|c| one_series(c) && plain(c))
        || binds.bound() + 5 + cases.len() * parameters > PG_MAX_PARAMETERS
    {
        return Ok(None);
    }
    let ids = ids.take(pool, cases.len()).await?;
    let count = i64::try_from(cases.len()).map_err(|_| AppError::Internal)?;
    let digits = first.serial_digits.clamp(1, 6);
    // The draw: `count` serials of the series, the last returned.
    let at = binds.bound();
    let draw = format!(
        "series AS (INSERT INTO case_series (department_id, year, last_serial) VALUES (${}, ${}, ${}) \
         ON CONFLICT (department_id, year) DO UPDATE SET last_serial = case_series.last_serial + excluded.last_serial \
         RETURNING last_serial)",
        at + 1,
        at + 2,
        at + 3
    );
    // The number of the `index`th case: the prefix and year, then its serial (the draw's last
    // minus the cases after it) zero-padded to at least `digits`, as `format!("{serial:0digits$}")`
    // pads. (An expression per case: cheaper to plan than a table of the batch's numbers.)
    let (stem, width) = (at + 4, at + 5);
    let number = |index: usize| {
        format!(
            "(SELECT ${stem} || lpad(serial, greatest(${width}, length(serial)), '0') \
             FROM (SELECT (last_serial - {})::text AS serial FROM series) AS drawn)",
            cases.len() - 1 - index
        )
    };
    let mut binds = binds
        .bind(&first.department_id)
        .bind(i64::from(year))
        .bind(count)
        .bind(model::case_number_stem(&first.prefix, year))
        .bind(i32::try_from(digits).map_err(|_| AppError::Internal)?);
    let rows: Vec<String> = (0..cases.len())
        .map(|row| {
            let before = binds.bound() + row * (CASE_WIDTH - 1);
            let columns: Vec<String> = (1..CASE_WIDTH)
                .map(|column| format!("${}", before + column))
                .enumerate()
                .flat_map(|(index, column)| match index {
                    // The number's place (the fifth column).
                    4 => vec![number(row), column],
                    _ => vec![column],
                })
                .collect();
            format!("({})", columns.join(", "))
        })
        .collect();
    let opened: Vec<Opened> = ids.iter().map(|&id| Opened { id, case_number: None }).collect();
    let rows_and_opened: Vec<(&NewCase, &Opened)> = cases.iter().zip(&opened).collect();
    binds = bind_cases!(binds, &rows_and_opened, false);
    let mut parts = vec![lead.to_string(), draw, format!("cases_in AS ({CASE_INSERT} {})", rows.join(", "))];
    let documents: Vec<(i64, i64, &NewDocument, &str, i64)> =
        cases.iter().zip(&ids).map(|(c, &id)| (id, 1, &c.first_document, c.actor.as_str(), c.received_at)).collect();
    let words: Vec<Option<String>> =
        cases.iter().map(|c| register_words(&c.title, c.secrecy.as_deref(), &c.first_document)).collect();
    let events = opening_events(cases, &ids);
    let audit = opening_audit(cases, &ids);
    binds = pg_record_parts(&mut parts, binds, &documents, &words, &events, &audit);
    let (more, binds) = trail(binds, &number);
    parts.extend(more);
    // Every part has run when the final SELECT does. Without `lead_holds` it fails the statement
    // with a message of its own (a text that is not a number: the condition reads a table, so the
    // planner cannot fold the cast away beforehand), and PostgreSQL's log names no row.
    let sql = format!(
        "WITH {} SELECT CASE WHEN {lead_holds} THEN last_serial \
         ELSE ('one-statement registration refused: ' || ({lead_holds})::text)::bigint END FROM series",
        parts.join(", ")
    );
    let last: i64 = sqlx::query_scalar_with(&sql, binds.finish()?).fetch_one(pool).await?;
    Ok(Some(
        cases
            .iter()
            .zip(opened)
            .enumerate()
            .map(|(index, (case, mut opened))| {
                let serial = last - count + 1 + index as i64;
                opened.case_number = Some(model::case_number(&case.prefix, year, serial, digits as usize));
                opened
            })
            .collect(),
    ))
}

/// The first serial of each department's and year's series (`wanted` of each) and `cases` fresh
/// case ids. On PostgreSQL a batch of one series (the usual one) draws both in one statement.
async fn draw_numbers(
    tx: &mut Tx,
    wanted: std::collections::BTreeMap<(String, i32), i64>,
    cases: usize,
) -> Result<(std::collections::BTreeMap<(String, i32), i64>, Vec<i64>), AppError> {
    let mut next_serial = std::collections::BTreeMap::new();
    if let (Tx::Postgres(pg), [((department, year), count)]) = (&mut *tx, &wanted.iter().collect::<Vec<_>>()[..]) {
        let drawn: Vec<(i64, i64)> = sqlx::query_as(
            "WITH series AS (INSERT INTO case_series (department_id, year, last_serial) VALUES ($1, $2, $3) \
             ON CONFLICT (department_id, year) DO UPDATE SET last_serial = case_series.last_serial + excluded.last_serial \
             RETURNING last_serial) \
             SELECT (SELECT last_serial FROM series), nextval(pg_get_serial_sequence('cases', 'id')) \
             FROM generate_series(1, $4::bigint)",
        )
        .bind(department)
        .bind(i64::from(*year))
        .bind(**count)
        .bind(i64::try_from(cases).map_err(|_| AppError::Internal)?)
        .fetch_all(&mut **pg)
        .await?;
        let last = drawn.first().map(|(last, _)| *last).ok_or(AppError::Internal)?;
        next_serial.insert((department.clone(), *year), last - **count + 1);
        return Ok((next_serial, drawn.into_iter().map(|(_, id)| id).collect()));
    }
    for ((department, year), count) in wanted {
        let first = take_serials(tx, &department, year, count).await?;
        next_serial.insert((department, year), first);
    }
    Ok((next_serial, tx.reserve_ids("cases", cases).await?))
}

/// PostgreSQL's limit on a statement's bound parameters.
const PG_MAX_PARAMETERS: usize = 65_535;

/// Newly opened cases with their documents (and each one's register words, for PostgreSQL),
/// timeline lines and audit rows. On PostgreSQL one statement carries all four (a data-modifying
/// WITH chain): every statement is a round trip while a group commit's batch holds the writer.
/// SQLite's search trigger reads a document's case, so there the cases go in first.
async fn insert_records(
    tx: &mut Tx,
    cases: &[(&NewCase, &Opened)],
    documents: &[(i64, i64, &NewDocument, &str, i64)],
    words: &[Option<String>],
    events: &[NewEvent<'_>],
    audit: &[crate::audit::Event],
) -> Result<(), AppError> {
    use crate::db::{placeholders_after, PgBinds};
    let parameters = cases.len() * CASE_WIDTH
        + documents.len() * (DOCUMENT_WIDTH + 1)
        + events.len() * EVENT_WIDTH
        + audit.len() * crate::audit::WIDTH;
    match &mut *tx {
        Tx::Postgres(pg) if parameters <= PG_MAX_PARAMETERS && words.len() == documents.len() => {
            let mut parts = Vec::with_capacity(4);
            let mut binds = PgBinds::default();
            if !cases.is_empty() {
                let values = placeholders_after(binds.bound(), cases.len(), CASE_WIDTH);
                parts.push(format!("cases_in AS ({CASE_INSERT} {values})"));
                binds = bind_cases!(binds, cases);
            }
            binds = pg_record_parts(&mut parts, binds, documents, words, events, audit);
            if parts.is_empty() {
                return Ok(());
            }
            // Data-modifying WITH parts run to completion whether or not the query reads them;
            // the foreign keys are checked at the statement's end, when all of them are in.
            let sql = format!("WITH {} SELECT 1", parts.join(", "));
            sqlx::query_with(&sql, binds.finish()?).execute(&mut **pg).await?;
        }
        _ => {
            insert_cases(tx, cases).await?;
            insert_first_documents(tx, documents).await?;
            add_events(tx, events).await?;
            crate::audit::record_many(tx, audit).await?;
        }
    }
    Ok(())
}

/// PostgreSQL's WITH parts inserting the documents (with their register words), timeline lines
/// and audit rows of newly opened cases, their arguments bound after those in `binds`.
fn pg_record_parts(
    parts: &mut Vec<String>,
    mut binds: crate::db::PgBinds,
    documents: &[(i64, i64, &NewDocument, &str, i64)],
    words: &[Option<String>],
    events: &[NewEvent<'_>],
    audit: &[crate::audit::Event],
) -> crate::db::PgBinds {
    use crate::db::placeholders_after;
    if !documents.is_empty() {
        let values = placeholders_after(binds.bound(), documents.len(), DOCUMENT_WIDTH + 1);
        parts.push(format!("documents AS ({PG_DOCUMENT_INSERT} {values})"));
        for ((case_id, number, doc, by, now), words) in documents.iter().zip(words) {
            binds = bind_document!(binds.bind(*case_id).bind(*number), doc, *by, *now).bind(words.as_deref());
        }
    }
    if !events.is_empty() {
        let values = placeholders_after(binds.bound(), events.len(), EVENT_WIDTH);
        parts.push(format!("events AS ({EVENT_INSERT} {values})"));
        binds = bind_events!(binds, events);
    }
    if !audit.is_empty() {
        let values = placeholders_after(binds.bound(), audit.len(), crate::audit::WIDTH);
        parts.push(format!("audit AS ({} {values})", crate::audit::INSERT));
        binds = crate::audit::bind_audit_events!(binds, audit);
    }
    binds
}

/// The documents of newly opened cases: (case, number within it, document, by whom, when).
async fn insert_first_documents(
    tx: &mut Tx,
    documents: &[(i64, i64, &NewDocument, &str, i64)],
) -> Result<(), AppError> {
    for chunk in documents.chunks(crate::db::ROWS_PER_STATEMENT) {
        let sql = format!("{DOCUMENT_INSERT} {}", crate::db::placeholders(chunk.len(), DOCUMENT_WIDTH));
        on_tx!(&mut *tx, |conn| bind_documents!(sqlx::query(&sql), chunk).execute(&mut *conn).await?.rows_affected());
    }
    Ok(())
}

/// The year (in Sweden) a time falls in.
pub fn year_of(ms: i64) -> i32 {
    crate::domain::date::SimpleDate::in_sweden_at(ms.div_euclid(1000)).year
}

/// Registers a document in case `case_id`, numbered next in the case. The caller has already
/// changed the case row in this transaction (which locks it), so numbers never collide.
pub async fn add_document(tx: &mut Tx, case_id: i64, doc: &NewDocument, by: &str, now: i64) -> Result<i64, AppError> {
    Ok(on_tx!(tx, |conn| {
        bind_document!(sqlx::query_scalar(
            "INSERT INTO case_documents (case_id, number, kind, direction, party, description, body, secrecy, for_party, \
             dated_at, registered_at, created_by, reply_by) \
             VALUES ($1, (SELECT COALESCE(MAX(number), 0) + 1 FROM case_documents WHERE case_id = $1), $2, $3, $4, $5, \
             $6, $7, $8, $9, $10, $11, $12) RETURNING number",
        )
        .bind(case_id), doc, by, now)
        .fetch_one(&mut *conn)
        .await?
    }))
}

/// A line of a case's timeline, to add.
#[derive(Clone, Debug)]
pub struct NewEvent<'a> {
    pub case_id: i64,
    pub at: i64,
    pub actor: &'a str,
    pub actor_name: &'a str,
    pub kind: &'a str,
    pub status: Status,
    pub for_party: bool,
}

/// Adds a line to the case's timeline.
#[allow(clippy::too_many_arguments)]
pub async fn add_event(
    tx: &mut Tx,
    case_id: i64,
    at: i64,
    actor: &str,
    actor_name: &str,
    kind: &str,
    status: Status,
    for_party: bool,
) -> Result<(), AppError> {
    add_events(tx, &[NewEvent { case_id, at, actor, actor_name, kind, status, for_party }]).await
}

/// Adds lines to timelines, a statement per [`crate::db::ROWS_PER_STATEMENT`] lines.
pub async fn add_events(tx: &mut Tx, events: &[NewEvent<'_>]) -> Result<(), AppError> {
    for chunk in events.chunks(crate::db::ROWS_PER_STATEMENT) {
        let sql = format!("{EVENT_INSERT} {}", crate::db::placeholders(chunk.len(), EVENT_WIDTH));
        on_tx!(&mut *tx, |conn| bind_events!(sqlx::query(&sql), chunk).execute(&mut *conn).await?.rows_affected());
    }
    Ok(())
}

crate::db_row! {
    /// A case as stored, with the names the pages show.
    #[derive(Clone, Debug)]
    pub struct CaseRow {
        pub id: i64,
        pub organisation_id: String,
        pub department_id: String,
        pub service_id: String,
        pub case_number: Option<String>,
        pub status: String,
        pub title: String,
        pub party: String,
        pub person_id: Option<i64>,
        pub on_behalf: Option<String>,
        pub secrecy: Option<String>,
        pub assigned_to: Option<i64>,
        pub assigned_name: Option<String>,
        pub received_at: Timestamp,
        pub registered_at: Option<Timestamp>,
        pub clock_rule: String,
        pub handling_days: i64,
        pub due_at: Option<Timestamp>,
        pub paused_at: Option<Timestamp>,
        pub restart_on_answer: bool,
        pub extended: bool,
        pub decided_at: Option<Timestamp>,
        pub outcome: Option<String>,
        pub version: i64,
        pub service_name: String,
        pub department_name: String,
        pub organisation_name: String,
    }
}

impl CaseRow {
    pub fn status(&self) -> Status {
        Status::parse(&self.status).unwrap_or(Status::Received)
    }

    pub fn clock(&self) -> HandlingClock {
        HandlingClock {
            rule: ClockRule::parse(&self.clock_rule),
            handling_days: self.handling_days,
            received_at: self.received_at.0,
            due_at: self.due_at.map_or(self.received_at.0, |t| t.0),
            paused_at: self.paused_at.map(|t| t.0),
            restart_on_answer: self.restart_on_answer,
            extended: self.extended,
        }
    }
}

/// The columns of [`CaseRow`], for `FROM cases c` with the texts in language `$1`.
const CASE_COLUMNS: &str = "c.id, c.organisation_id, c.department_id, c.service_id, c.case_number, c.status, c.title, \
     c.party, c.person_id, c.on_behalf, c.secrecy, c.assigned_to, s.name AS assigned_name, c.received_at, c.registered_at, \
     c.clock_rule, c.handling_days, c.due_at, c.paused_at, c.restart_on_answer, c.extended, c.decided_at, c.outcome, \
     c.version, COALESCE(st.name, c.service_id) AS service_name, COALESCE(dt.name, c.department_id) AS department_name, \
     COALESCE(ot.name, c.organisation_id) AS organisation_name";

const CASE_JOINS: &str = "LEFT JOIN staff s ON s.id = c.assigned_to \
     LEFT JOIN service_texts st ON st.service_id = c.service_id AND st.lang = $1 \
     LEFT JOIN department_texts dt ON dt.department_id = c.department_id AND dt.lang = $1 \
     LEFT JOIN organisation_texts ot ON ot.organisation_id = c.organisation_id AND ot.lang = $1";

pub async fn case(db: &Db, id: i64, lang: &str) -> Result<CaseRow, AppError> {
    let sql = format!("SELECT {CASE_COLUMNS} FROM cases c {CASE_JOINS} WHERE c.id = $2");
    let row: Option<CaseRow> =
        on_db!(db, read, |pool| sqlx::query_as(&sql).bind(lang).bind(id).fetch_optional(pool).await?);
    row.ok_or(AppError::NotFound)
}

/// The case opened for a submission, if any: its number (once registered).
pub async fn case_number_for_submission(db: &Db, reference: &str) -> Result<Option<String>, AppError> {
    let number: Option<Option<String>> = on_db!(db, read, |pool| {
        sqlx::query_scalar("SELECT case_number FROM cases WHERE submission_reference = $1")
            .bind(reference)
            .fetch_optional(pool)
            .await?
    });
    Ok(number.flatten())
}

crate::db_row! {
    /// A document as stored.
    #[derive(Clone, Debug)]
    pub struct DocumentRow {
        pub number: i64,
        pub kind: String,
        pub direction: String,
        pub party: String,
        pub description: String,
        pub body: String,
        pub secrecy: Option<String>,
        pub for_party: bool,
        pub dated_at: Timestamp,
        pub reply_by: Option<Timestamp>,
    }
}

/// The documents of a case in order; only those meant for the party when `for_party`.
pub async fn documents(db: &Db, case_id: i64, for_party: bool) -> Result<Vec<DocumentRow>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT number, kind, direction, party, description, body, secrecy, for_party, dated_at, reply_by \
             FROM case_documents WHERE case_id = $1 AND (for_party OR NOT $2) ORDER BY number",
        )
        .bind(case_id)
        .bind(for_party)
        .fetch_all(pool)
        .await?
    }))
}

crate::db_row! {
    /// A line of the timeline as stored.
    #[derive(Clone, Debug)]
    pub struct EventRow {
        pub at: Timestamp,
        pub actor_name: String,
        pub kind: String,
        pub status: String,
    }
}

pub async fn events(db: &Db, case_id: i64, for_party: bool) -> Result<Vec<EventRow>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT at, actor_name, kind, status FROM case_events WHERE case_id = $1 AND (for_party OR NOT $2) \
             ORDER BY id",
        )
        .bind(case_id)
        .bind(for_party)
        .fetch_all(pool)
        .await?
    }))
}

/// Changes the case row from `version` on: its status, clock, officer and decision. `false`
/// when the case is no longer at `version` (someone else changed it first): nothing changed.
pub struct CaseChange<'a> {
    pub status: Status,
    pub clock: &'a HandlingClock,
    pub assigned_to: Option<i64>,
    pub decided_at: Option<i64>,
    pub outcome: Option<&'a str>,
    pub registered: Option<(&'a str, i64)>,
}

pub async fn change(tx: &mut Tx, id: i64, version: i64, now: i64, c: &CaseChange<'_>) -> Result<bool, AppError> {
    let changed = on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE cases SET status = $3, due_at = $4, paused_at = $5, restart_on_answer = $6, extended = $7, \
             assigned_to = $8, decided_at = $9, outcome = $10, case_number = COALESCE($11, case_number), \
             registered_at = COALESCE($12, registered_at), version = version + 1, updated_at = $13 \
             WHERE id = $1 AND version = $2",
        )
        .bind(id)
        .bind(version)
        .bind(c.status.code())
        .bind(Timestamp(c.clock.due_at))
        .bind(c.clock.paused_at.map(Timestamp))
        .bind(c.clock.restart_on_answer)
        .bind(c.clock.extended)
        .bind(c.assigned_to)
        .bind(c.decided_at.map(Timestamp))
        .bind(c.outcome)
        .bind(c.registered.map(|(number, _)| number))
        .bind(c.registered.map(|(_, at)| Timestamp(at)))
        .bind(Timestamp(now))
        .execute(&mut *conn)
        .await?
        .rows_affected()
    });
    Ok(changed == 1)
}

/// 9999-12-31T23:59:59.999Z: the last time a keyset position may name (PostgreSQL's
/// `timestamptz` reaches further, but nothing the portal keeps is dated beyond it).
pub const LAST_TIME_MS: i64 = 253_402_300_799_999;

/// Which cases a queue shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Queue {
    /// Come in, to be registered.
    New,
    Unassigned,
    Mine(i64),
    Overdue(i64),
    /// Waiting for the applicant (completion, comments).
    Waiting,
    /// Waiting for an answer to a referral.
    Referred,
    All,
}

/// What a member of staff may see: their organisation, in all its departments or some.
#[derive(Clone, Debug)]
pub struct Scope {
    pub organisation: String,
    /// `None`: every department.
    pub departments: Option<Vec<String>>,
}

/// Narrowing a queue.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub service: Option<String>,
    pub status: Option<Status>,
    pub officer: Option<Officer>,
    /// Received at or after / before (ms).
    pub received_from: Option<i64>,
    pub received_until: Option<i64>,
    /// Oldest first (the keyset then counts forward).
    pub oldest_first: bool,
    /// Keyset: cases received before (after, when oldest first) this (time, id): the next page.
    pub before: Option<(i64, i64)>,
}

/// Whose cases a queue is narrowed to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Officer {
    Staff(i64),
    Nobody,
}

/// `WHERE` for a queue in a scope, and its arguments after `$1` (the language): text, then the
/// numbers (`Mine`'s officer, `Overdue`'s time).
fn queue_where(scope: &Scope, queue: Queue, filter: &Filter, args: &mut Vec<Arg>) -> String {
    let push = |arg: Arg, args: &mut Vec<Arg>| {
        args.push(arg);
        format!("${}", args.len() + 1)
    };
    let mut clauses = vec![format!("c.organisation_id = {}", push(Arg::Text(scope.organisation.clone()), args))];
    if let Some(departments) = &scope.departments {
        if departments.is_empty() {
            clauses.push("1 = 0".into());
        } else {
            let list: Vec<String> = departments.iter().map(|d| push(Arg::Text(d.clone()), args)).collect();
            clauses.push(format!("c.department_id IN ({})", list.join(", ")));
        }
    }
    let open = "c.status IN ('registered', 'assigned', 'in-progress', 'completion-requested', 'communicated')";
    match queue {
        Queue::New => clauses.push("c.status = 'received'".into()),
        Queue::Unassigned => clauses.push("c.status = 'registered'".into()),
        Queue::Mine(staff) => {
            clauses.push(format!("c.assigned_to = {}", push(Arg::Int(staff), args)));
            clauses.push("c.status NOT IN ('closed')".into());
        }
        Queue::Overdue(now) => {
            clauses.push(open.into());
            clauses.push("c.paused_at IS NULL".into());
            clauses.push(format!("c.due_at < {}", push(Arg::Time(now), args)));
        }
        Queue::Waiting => clauses.push("c.status IN ('completion-requested', 'communicated')".into()),
        Queue::Referred => {
            clauses.push("c.id IN (SELECT r.case_id FROM case_referrals r WHERE r.answer IS NULL)".into())
        }
        Queue::All => {}
    }
    if let Some(service) = &filter.service {
        clauses.push(format!("c.service_id = {}", push(Arg::Text(service.clone()), args)));
    }
    if let Some(status) = filter.status {
        clauses.push(format!("c.status = {}", push(Arg::Text(status.code().into()), args)));
    }
    match filter.officer {
        Some(Officer::Staff(staff)) => clauses.push(format!("c.assigned_to = {}", push(Arg::Int(staff), args))),
        Some(Officer::Nobody) => clauses.push("c.assigned_to IS NULL".into()),
        None => {}
    }
    if let Some(from) = filter.received_from {
        clauses.push(format!("c.received_at >= {}", push(Arg::Time(from), args)));
    }
    if let Some(until) = filter.received_until {
        clauses.push(format!("c.received_at < {}", push(Arg::Time(until), args)));
    }
    if let Some((at, id)) = filter.before {
        let at = push(Arg::Time(at), args);
        let id = push(Arg::Int(id), args);
        let beyond = if filter.oldest_first { ">" } else { "<" };
        clauses.push(format!("(c.received_at {beyond} {at} OR (c.received_at = {at} AND c.id {beyond} {id}))"));
    }
    clauses.join(" AND ")
}

/// A bound argument of a query built at run time.
#[derive(Clone, Debug)]
enum Arg {
    Text(String),
    Int(i64),
    Time(i64),
}

macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match arg {
                Arg::Text(text) => query.bind(text.clone()),
                Arg::Int(int) => query.bind(*int),
                Arg::Time(ms) => query.bind(Timestamp(*ms)),
            };
        }
        query
    }};
}

/// One page of a queue, newest first: at most `limit` cases.
pub async fn queue(
    db: &Db,
    scope: &Scope,
    queue: Queue,
    filter: &Filter,
    lang: &str,
    limit: i64,
) -> Result<Vec<CaseRow>, AppError> {
    let mut args = Vec::new();
    let clauses = queue_where(scope, queue, filter, &mut args);
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases c {CASE_JOINS} WHERE {clauses} ORDER BY c.received_at {order}, c.id {order} \
         LIMIT {}",
        limit.clamp(1, 200),
        order = if filter.oldest_first { "ASC" } else { "DESC" }
    );
    Ok(on_db!(db, read, |pool| {
        bind_all!(sqlx::query_as::<_, CaseRow>(&sql).bind(lang), &args).fetch_all(pool).await?
    }))
}

/// How many cases a queue holds (counted up to `cap`, so a huge queue costs no more than that).
pub async fn count(db: &Db, scope: &Scope, queue: Queue, cap: i64) -> Result<i64, AppError> {
    let mut args = Vec::new();
    let clauses = queue_where(scope, queue, &Filter::default(), &mut args);
    let sql = format!("SELECT COUNT(*) FROM (SELECT 1 FROM cases c WHERE {clauses} LIMIT {}) AS q", cap.max(1));
    Ok(on_db!(db, read, |pool| {
        bind_all!(sqlx::query_scalar::<_, i64>(&sql).bind("sv"), &args).fetch_one(pool).await?
    }))
}

/// Whose cases My cases lists: the person's own, or those for whom they act.
#[derive(Clone, Debug)]
pub enum Whose {
    Person(i64),
    /// `child:…` or `company:…`: every case for them, whichever guardian or signatory sent it.
    OnBehalf(String),
}

/// The cases of `whose`, newest first: at most `limit`, received before `before` (time, id) if given.
pub async fn cases_of(
    db: &Db,
    whose: &Whose,
    before: Option<(i64, i64)>,
    lang: &str,
    limit: i64,
) -> Result<Vec<CaseRow>, AppError> {
    // The keyset starts past every case when no page position is given.
    let (at, id) = before.unwrap_or((LAST_TIME_MS, i64::MAX));
    let column = match whose {
        Whose::Person(_) => "c.person_id",
        Whose::OnBehalf(_) => "c.on_behalf",
    };
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases c {CASE_JOINS} WHERE {column} = $2 \
         AND (c.received_at < $3 OR (c.received_at = $3 AND c.id < $4)) ORDER BY c.received_at DESC, c.id DESC LIMIT $5"
    );
    macro_rules! bind_whose {
        ($query:expr) => {
            match whose {
                Whose::Person(person) => $query.bind(*person),
                Whose::OnBehalf(key) => $query.bind(key.as_str()),
            }
        };
    }
    Ok(on_db!(db, read, |pool| {
        bind_whose!(sqlx::query_as(&sql).bind(lang))
            .bind(Timestamp(at))
            .bind(id)
            .bind(limit.clamp(1, 200))
            .fetch_all(pool)
            .await?
    }))
}

/// The staff of an organisation who may handle cases (for assigning), as (id, name).
pub async fn officers(db: &Db, organisation: &str) -> Result<Vec<(i64, String)>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT DISTINCT s.id, s.name FROM staff s JOIN staff_roles r ON r.staff_id = s.id \
             WHERE r.organisation_id = $1 AND r.role IN ('case-officer', 'manager') ORDER BY s.name",
        )
        .bind(organisation)
        .fetch_all(pool)
        .await?
    }))
}

/// Who has read case `id` (staff names and when), newest first: shown to the applicant.
pub async fn readers(db: &Db, id: i64, limit: i64) -> Result<Vec<(Timestamp, String)>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT a.at, COALESCE(s.name, '') FROM audit_events a \
             LEFT JOIN staff s ON a.actor = 'staff:' || CAST(s.id AS TEXT) \
             WHERE a.object = $1 AND a.action = 'case-read' ORDER BY a.at DESC, a.id DESC LIMIT $2",
        )
        .bind(format!("case:{id}"))
        .bind(limit)
        .fetch_all(pool)
        .await?
    }))
}

crate::db_row! {
    /// One entry of the public records register, with what secrecy hides already left out here.
    #[derive(Clone, Debug)]
    pub struct RegisterRow {
        pub document_id: i64,
        pub registered_at: Timestamp,
        pub case_number: String,
        pub document_number: i64,
        pub direction: String,
        /// `None` when confidential.
        pub party: Option<String>,
        pub description: Option<String>,
        pub case_title: Option<String>,
        pub confidential: bool,
        pub organisation_id: String,
        pub organisation_name: String,
        pub department_name: String,
    }
}

/// Searching the register.
#[derive(Clone, Debug, Default)]
pub struct RegisterQuery {
    pub case_number: Option<String>,
    pub organisation: Option<String>,
    pub department: Option<String>,
    pub from: Option<i64>,
    /// Exclusive.
    pub until: Option<i64>,
    /// Words that must appear in the description, the case title or the party (never matching a
    /// confidential entry).
    pub text: Option<String>,
    /// Keyset: entries registered before this (time, id).
    pub before: Option<(i64, i64)>,
}

/// The words of a register search: up to five, lower case, letters, digits and hyphens only, each
/// of at least three characters (the trigram indexes find nothing shorter; see
/// `register-text-hint`).
pub fn search_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|word| word.chars().filter(|c| c.is_alphanumeric() || *c == '-').collect::<String>().to_lowercase())
        .filter(|word| word.chars().count() >= 3)
        .take(5)
        .collect()
}

/// The register's entries matching `query`, newest first. Confidential entries stay in the list
/// with the party and the descriptions left out; they never match on text.
pub async fn register(db: &Db, query: &RegisterQuery, lang: &str, limit: i64) -> Result<Vec<RegisterRow>, AppError> {
    let mut args: Vec<Arg> = Vec::new();
    let push = |arg: Arg, args: &mut Vec<Arg>| {
        args.push(arg);
        format!("${}", args.len() + 1)
    };
    let words = search_words(query.text.as_deref().unwrap_or_default());
    // SQLite, listing by date: walk the documents' date index newest first and check each one's
    // case as a correlated lookup. Written as a join, SQLite's planner (which does not count on
    // the LIMIT) builds a Bloom filter over the whole cases table on every request, or sorts
    // every case of an organisation: seconds at a million cases.
    let walk_dates = db.backend() == "sqlite" && words.is_empty() && query.case_number.is_none();
    let case_alias = if walk_dates { "r" } else { "c" };
    // Internal notes are working material, not documents of the register.
    let mut clauses = vec!["d.direction <> 'internal'".to_string()];
    let mut case_terms = vec![format!("{case_alias}.case_number IS NOT NULL")];
    if let Some(number) = &query.case_number {
        case_terms.push(format!("{case_alias}.case_number = {}", push(Arg::Text(number.clone()), &mut args)));
    }
    if let Some(organisation) = &query.organisation {
        case_terms.push(format!("{case_alias}.organisation_id = {}", push(Arg::Text(organisation.clone()), &mut args)));
    }
    if let Some(department) = &query.department {
        case_terms.push(format!("{case_alias}.department_id = {}", push(Arg::Text(department.clone()), &mut args)));
    }
    if walk_dates {
        clauses.push(format!("EXISTS (SELECT 1 FROM cases r WHERE r.id = d.case_id AND {})", case_terms.join(" AND ")));
    } else {
        clauses.extend(case_terms);
    }
    if let Some(from) = query.from {
        clauses.push(format!("d.registered_at >= {}", push(Arg::Time(from), &mut args)));
    }
    if let Some(until) = query.until {
        clauses.push(format!("d.registered_at < {}", push(Arg::Time(until), &mut args)));
    }
    // Only entries that may be searched have words (never a confidential one or a note):
    // PostgreSQL keeps them in `search_text` (trigram index, the planner picks between it and the
    // date order), SQLite in `register_search` (FTS5 trigram), both filled at registration.
    // SQLite's planner cannot weigh the two, so there the search is driven by the index, newest
    // registration first (the document's id: documents are numbered as they are registered), and
    // stops as soon as a page is full, whether the words are common or found nowhere.
    let by_index = !words.is_empty() && db.backend() == "sqlite";
    let from = if by_index {
        "register_search s JOIN case_documents d ON d.id = s.rowid"
    } else if walk_dates {
        "case_documents d INDEXED BY case_documents_registered"
    } else {
        "case_documents d"
    };
    if by_index {
        let phrases: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
        let matched = push(Arg::Text(phrases.join(" ")), &mut args);
        clauses.push(format!("s.register_search MATCH {matched}"));
    } else {
        for word in &words {
            let like = push(Arg::Text(format!("%{word}%")), &mut args);
            clauses.push(format!("d.search_text LIKE {like}"));
        }
    }
    if let Some((at, id)) = query.before {
        if by_index {
            clauses.push(format!("d.id < {}", push(Arg::Int(id), &mut args)));
        } else {
            let at = push(Arg::Time(at), &mut args);
            let id = push(Arg::Int(id), &mut args);
            clauses.push(format!("(d.registered_at < {at} OR (d.registered_at = {at} AND d.id < {id}))"));
        }
    }
    let order = if by_index { "s.rowid DESC" } else { "d.registered_at DESC, d.id DESC" };
    let hidden = "c.secrecy IS NOT NULL OR d.secrecy IS NOT NULL";
    let sql = format!(
        "SELECT d.id AS document_id, d.registered_at, c.case_number, d.number AS document_number, d.direction, \
         CASE WHEN {hidden} THEN NULL ELSE d.party END AS party, \
         CASE WHEN {hidden} THEN NULL ELSE d.description END AS description, \
         CASE WHEN c.secrecy IS NOT NULL THEN NULL ELSE c.title END AS case_title, \
         ({hidden}) AS confidential, c.organisation_id, COALESCE(ot.name, c.organisation_id) AS organisation_name, \
         COALESCE(dt.name, c.department_id) AS department_name \
         FROM {from} JOIN cases c ON c.id = d.case_id \
         LEFT JOIN organisation_texts ot ON ot.organisation_id = c.organisation_id AND ot.lang = $1 \
         LEFT JOIN department_texts dt ON dt.department_id = c.department_id AND dt.lang = $1 \
         WHERE {} ORDER BY {order} LIMIT {}",
        clauses.join(" AND "),
        limit.clamp(1, 100)
    );
    Ok(on_db!(db, read, |pool| {
        bind_all!(sqlx::query_as::<_, RegisterRow>(&sql).bind(lang), &args).fetch_all(pool).await?
    }))
}

crate::db_row! {
    /// A referral as stored, with the names the pages show.
    #[derive(Clone, Debug)]
    pub struct ReferralRow {
        pub id: i64,
        pub case_id: i64,
        /// Referred to.
        pub organisation_id: String,
        pub organisation_name: String,
        /// The case's own organisation (who referred it).
        pub from_organisation: String,
        pub from_name: String,
        pub question: String,
        /// What was referred, as JSON: `{"case_number", "title", "answers"}`.
        pub material: String,
        pub reply_by: Timestamp,
        pub sent_at: Timestamp,
        pub answer: Option<String>,
        pub answered_at: Option<Timestamp>,
        pub answered_name: Option<String>,
    }
}

const REFERRAL_SELECT: &str =
    "SELECT r.id, r.case_id, r.organisation_id, COALESCE(t.name, r.organisation_id) AS organisation_name, \
     c.organisation_id AS from_organisation, COALESCE(f.name, c.organisation_id) AS from_name, r.question, r.material, \
     r.reply_by, r.sent_at, r.answer, r.answered_at, r.answered_name \
     FROM case_referrals r JOIN cases c ON c.id = r.case_id \
     LEFT JOIN organisation_texts t ON t.organisation_id = r.organisation_id AND t.lang = $1 \
     LEFT JOIN organisation_texts f ON f.organisation_id = c.organisation_id AND f.lang = $1";

/// Refers case `case_id` to `organisation`; returns the referral's id.
#[allow(clippy::too_many_arguments)]
pub async fn add_referral(
    tx: &mut Tx,
    case_id: i64,
    organisation: &str,
    question: &str,
    material: &str,
    reply_by: i64,
    now: i64,
    by: &str,
) -> Result<i64, AppError> {
    Ok(on_tx!(tx, |conn| {
        sqlx::query_scalar(
            "INSERT INTO case_referrals (case_id, organisation_id, question, material, reply_by, sent_at, sent_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(case_id)
        .bind(organisation)
        .bind(question)
        .bind(material)
        .bind(Timestamp(reply_by))
        .bind(Timestamp(now))
        .bind(by)
        .fetch_one(&mut *conn)
        .await?
    }))
}

/// The provisions decisions of `service` usually rest on (the content's `decision_provisions`).
pub async fn decision_provisions(db: &Db, service: &str) -> Result<Option<String>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_scalar::<_, Option<String>>("SELECT case_decision_provisions FROM services WHERE id = $1")
            .bind(service)
            .fetch_optional(pool)
            .await?
            .flatten()
    }))
}

/// Who is told about a referral to `organisation`: its case officers' and managers' addresses
/// (at most 20, so one message stays one message).
pub async fn referral_recipients(db: &Db, organisation: &str) -> Result<Vec<String>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_scalar(
            "SELECT DISTINCT s.email FROM staff s JOIN staff_roles r ON r.staff_id = s.id \
             WHERE r.organisation_id = $1 AND s.organisation_id = $1 AND r.role IN ('case-officer', 'manager') \
             AND s.email <> '' ORDER BY s.email LIMIT 20",
        )
        .bind(organisation)
        .fetch_all(pool)
        .await?
    }))
}

pub async fn referrals_of_case(db: &Db, case_id: i64, lang: &str) -> Result<Vec<ReferralRow>, AppError> {
    let sql = format!("{REFERRAL_SELECT} WHERE r.case_id = $2 ORDER BY r.id");
    Ok(on_db!(db, read, |pool| sqlx::query_as(&sql).bind(lang).bind(case_id).fetch_all(pool).await?))
}

/// The referrals to `organisation`, unanswered first, then newest first.
pub async fn referrals_to(db: &Db, organisation: &str, lang: &str, limit: i64) -> Result<Vec<ReferralRow>, AppError> {
    let sql = format!(
        "{REFERRAL_SELECT} WHERE r.organisation_id = $2 ORDER BY (r.answer IS NULL) DESC, r.sent_at DESC, r.id DESC LIMIT $3"
    );
    Ok(on_db!(db, read, |pool| sqlx::query_as(&sql).bind(lang).bind(organisation).bind(limit).fetch_all(pool).await?))
}

pub async fn referral(db: &Db, id: i64, lang: &str) -> Result<ReferralRow, AppError> {
    let sql = format!("{REFERRAL_SELECT} WHERE r.id = $2");
    let row: Option<ReferralRow> =
        on_db!(db, read, |pool| sqlx::query_as(&sql).bind(lang).bind(id).fetch_optional(pool).await?);
    row.ok_or(AppError::NotFound)
}

/// Records the answer to referral `id`; `false` if it was answered already.
pub async fn answer_referral(
    tx: &mut Tx,
    id: i64,
    answer: &str,
    now: i64,
    by: &str,
    name: &str,
) -> Result<bool, AppError> {
    let changed = on_tx!(tx, |conn| {
        sqlx::query(
            "UPDATE case_referrals SET answer = $2, answered_at = $3, answered_by = $4, answered_name = $5 \
             WHERE id = $1 AND answer IS NULL",
        )
        .bind(id)
        .bind(answer)
        .bind(Timestamp(now))
        .bind(by)
        .bind(name)
        .execute(&mut *conn)
        .await?
        .rows_affected()
    });
    Ok(changed == 1)
}

/// Marks case `id` changed (new material came in) and locks its row for this transaction.
pub async fn touch(tx: &mut Tx, id: i64, now: i64) -> Result<(), AppError> {
    on_tx!(tx, |conn| {
        sqlx::query("UPDATE cases SET version = version + 1, updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(Timestamp(now))
            .execute(&mut *conn)
            .await?
            .rows_affected()
    });
    Ok(())
}

/// Tells the applicant of case `case_id` by e-mail that `event` happened, if they asked for
/// notices and confirmed their address: a `case-notice` job and its record, in the caller's
/// transaction. The mail holds the case number and a link, nothing of the case itself.
pub async fn notify(
    tx: &mut Tx,
    case_id: i64,
    person_id: Option<i64>,
    case_number: Option<&str>,
    event: &'static str,
    now: i64,
) -> Result<(), AppError> {
    let notice = Notice { case_id, person_id, case_number: case_number.map(str::to_string), event, at: now };
    notify_many(tx, std::slice::from_ref(&notice)).await
}

/// News of a case for its applicant.
#[derive(Clone, Debug)]
pub struct Notice {
    pub case_id: i64,
    pub person_id: Option<i64>,
    pub case_number: Option<String>,
    pub event: &'static str,
    pub at: i64,
}

/// [`notify`] for several cases: the addresses in one query, the jobs and the notice rows in one
/// statement each.
pub async fn notify_many(tx: &mut Tx, notices: &[Notice]) -> Result<(), AppError> {
    let wanted: Vec<(&Notice, i64, &str)> =
        notices.iter().filter_map(|n| Some((n, n.person_id?, n.case_number.as_deref()?))).collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let persons: Vec<i64> = wanted.iter().map(|(_, person, _)| *person).collect();
    let addresses = crate::identity::api::notice_addresses(tx, &persons).await?;
    let sent: Vec<(&Notice, crate::jobs::CaseNotice)> = wanted
        .into_iter()
        .filter_map(|(notice, person, number)| {
            let to = addresses.get(&person)?.clone();
            let link = crate::routes::my_case(notice.case_id);
            let job = crate::jobs::CaseNotice {
                to,
                case_number: number.to_string(),
                event: notice.event.to_string(),
                link,
                lang: "sv".into(),
            };
            Some((notice, job))
        })
        .collect();
    // Notices of one batch share a time (the earliest): the jobs are due at once either way.
    let Some(at) = sent.iter().map(|(n, _)| n.at).min() else { return Ok(()) };
    let jobs: Vec<crate::jobs::CaseNotice> = sent.iter().map(|(_, job)| job.clone()).collect();
    let job_ids = crate::jobs::enqueue_each(tx, &crate::jobs::CASE_NOTICE, &jobs, at).await?;
    let rows: Vec<(&Notice, i64)> = sent.iter().map(|(n, _)| *n).zip(job_ids).collect();
    for chunk in rows.chunks(crate::db::ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO case_notices (case_id, job_id, event, created_at) VALUES {}",
            crate::db::placeholders(chunk.len(), 4)
        );
        on_tx!(&mut *tx, |conn| {
            let mut query = sqlx::query(&sql);
            for (notice, job) in chunk {
                query = query.bind(notice.case_id).bind(job).bind(notice.event).bind(Timestamp(notice.at));
            }
            query.execute(&mut *conn).await?.rows_affected()
        });
    }
    Ok(())
}

/// The notices of a case: when, what, and the delivery's state (`waiting`, `done`, `dead`).
pub async fn notices(db: &Db, case_id: i64) -> Result<Vec<(Timestamp, String, String)>, AppError> {
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT n.created_at, n.event, COALESCE(j.state, 'done') FROM case_notices n \
             LEFT JOIN jobs j ON j.id = n.job_id WHERE n.case_id = $1 ORDER BY n.id",
        )
        .bind(case_id)
        .fetch_all(pool)
        .await?
    }))
}

/// How the application that opened case `case_id` was signed, if it was.
pub async fn signature_of(db: &Db, case_id: i64) -> Result<Option<CaseSignature>, AppError> {
    crate::db_row! {
        struct Row {
            person_id: i64,
            signer_name: String,
            signed_at: Timestamp,
            provider: String,
            e_id: String,
            loa: i16,
            sha256: String,
            signed_text: String,
        }
    }
    let row: Option<Row> = on_db!(db, read, |pool| {
        sqlx::query_as(
            "SELECT person_id, signer_name, signed_at, provider, e_id, loa, sha256, signed_text \
             FROM case_signatures WHERE case_id = $1",
        )
        .bind(case_id)
        .fetch_optional(pool)
        .await?
    });
    Ok(row.map(|row| CaseSignature {
        person_id: row.person_id,
        signer_name: row.signer_name,
        signed_at: row.signed_at.0,
        provider: row.provider,
        e_id: row.e_id,
        loa: u8::try_from(row.loa).unwrap_or(0),
        sha256: row.sha256,
        text: row.signed_text,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(direction: &'static str, secrecy: Option<&str>) -> NewDocument {
        NewDocument {
            kind: "submission",
            direction,
            party: "Åsa Öberg".into(),
            description: "Ansökan om BYGGLOV".into(),
            body: String::new(),
            secrecy: secrecy.map(str::to_string),
            for_party: true,
            dated_at: 0,
            reply_by: None,
        }
    }

    #[test]
    fn register_words_are_those_of_an_open_entry_in_lower_case() {
        assert_eq!(
            register_words("Nybyggnad av Garage", None, &document("in", None)).as_deref(),
            Some("ansökan om bygglov nybyggnad av garage åsa öberg")
        );
    }

    #[test]
    fn what_is_confidential_or_internal_has_no_register_words() {
        let secret = Some("OSL 26 kap. 1 §");
        assert_eq!(register_words("Ekonomiskt bistånd", secret, &document("in", None)), None);
        assert_eq!(register_words("Bygglov", None, &document("in", secret)), None);
        assert_eq!(register_words("Bygglov", None, &document("internal", None)), None);
    }
}
