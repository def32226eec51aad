//! Background jobs of the server: the dispatch table (a job kind -> its handler) and the worker
//! tasks that lease due jobs from the queue (`app::jobs`), run them, and record the outcome.
//! Several tasks per process and several processes share one queue. On shutdown a worker
//! finishes the job in hand and gives back the ones it leased but did not start, so another
//! process takes them at once.
//!
//! Kinds and their handlers: `receipt` -> [`Mailer`] (a pickup folder of `.eml` files, which a
//! mail server sends on, or — in demo only — the log).

use app::{
    clock::Clock,
    db::Db,
    forms::ssr::pages::mask_email,
    i18n::Lang,
    jobs::{self, EmailConfirmation, Job, Kind, Policy, Receipt},
};
use serde::de::DeserializeOwned;
use std::{collections::HashMap, future::Future, path::PathBuf, pin::Pin, sync::Arc, time::Duration};
use tokio::{sync::watch, task::JoinHandle};

#[derive(Clone, Debug)]
pub enum Mailer {
    /// Demo: the message is written to the log (the address masked, no form contents).
    Log,
    /// One RFC 5322 file per message in `dir`, sent as `from` (`Name <address>`).
    Directory { dir: PathBuf, from: String },
}

impl Mailer {
    /// Delivers the receipt of job `id`. Errors name what failed (a path, an OS error), never
    /// the address or the texts.
    pub async fn deliver(&self, clock: &Clock, id: i64, receipt: &Receipt) -> Result<(), String> {
        let lang = Lang::parse(&receipt.lang).unwrap_or_default();
        let message = Message {
            kind: "receipt",
            to: &receipt.to,
            subject: lang.t_args("receipt-subject", &[("form", receipt.form.clone().into())]),
            body: {
                let body = lang.t_args(
                    "receipt-body",
                    &[
                        ("form", receipt.form.clone().into()),
                        ("service", receipt.service.clone().into()),
                        ("reference", receipt.reference.clone().into()),
                    ],
                );
                match &receipt.case_number {
                    Some(number) => {
                        format!("{body}\n\n{}", lang.t_args("receipt-case", &[("case", number.clone().into())]))
                    }
                    None => body,
                }
            },
            reference: &receipt.reference,
        };
        self.send(clock, id, &message).await
    }

    /// Delivers the case notice of job `id`: the case number and a link to it in My pages.
    pub async fn case_notice(
        &self,
        clock: &Clock,
        id: i64,
        notice: &app::jobs::CaseNotice,
        public_url: &str,
    ) -> Result<(), String> {
        let lang = Lang::parse(&notice.lang).unwrap_or_default();
        let what = lang.t(&format!("cases-notice-{}", notice.event));
        let link = format!("{}{}", public_url.trim_end_matches('/'), notice.link);
        let message = Message {
            kind: "case-notice",
            to: &notice.to,
            subject: lang.t_args("case-notice-subject", &[("case", notice.case_number.clone().into())]),
            body: lang.t_args(
                "case-notice-body",
                &[("case", notice.case_number.clone().into()), ("what", what.into()), ("link", link.into())],
            ),
            reference: "",
        };
        self.send(clock, id, &message).await
    }

    /// Tells a guardian that an application for their child waits for their approval: a link to
    /// the task in My pages, never the child or the service.
    pub async fn consent_request(
        &self,
        clock: &Clock,
        id: i64,
        notice: &app::jobs::ConsentRequest,
        public_url: &str,
    ) -> Result<(), String> {
        let lang = Lang::parse(&notice.lang).unwrap_or_default();
        let link = format!("{}{}", public_url.trim_end_matches('/'), notice.link);
        let message = Message {
            kind: "consent-request",
            to: &notice.to,
            subject: lang.t("consent-notice-subject"),
            body: lang.t_args("consent-notice-body", &[("link", link.into())]),
            reference: "",
        };
        self.send(clock, id, &message).await
    }

    /// Tells a person that a draft of theirs is deleted on a date unless they continue it.
    pub async fn draft_expiry(
        &self,
        clock: &Clock,
        id: i64,
        notice: &app::jobs::DraftExpiry,
        public_url: &str,
    ) -> Result<(), String> {
        let lang = Lang::parse(&notice.lang).unwrap_or_default();
        let link = format!("{}{}", public_url.trim_end_matches('/'), notice.link);
        let message = Message {
            kind: "draft-expiry",
            to: &notice.to,
            subject: lang.t("draft-expiry-subject"),
            body: lang.t_args("draft-expiry-body", &[("date", notice.expires.clone().into()), ("link", link.into())]),
            reference: "",
        };
        self.send(clock, id, &message).await
    }

    /// Delivers the referral reminder of job `id`, if the referral still waits for an answer:
    /// one message to the referred organisation's case staff.
    pub async fn referral_reminder(
        &self,
        db: &app::db::Db,
        clock: &Clock,
        id: i64,
        reminder: &app::jobs::ReferralReminder,
        public_url: &str,
    ) -> Result<(), String> {
        let mail = app::cases::api::referral_reminder(db, reminder.referral_id)
            .await
            .map_err(|error| format!("the referral could not be read: {error:?}"))?;
        let Some(mail) = mail.filter(|m| !m.to.is_empty()) else { return Ok(()) };
        let lang = Lang::default();
        let args = [
            ("case", mail.case_number.clone().into()),
            ("from", mail.from.clone().into()),
            ("date", mail.reply_by.clone().into()),
            ("link", format!("{}{}", public_url.trim_end_matches('/'), mail.link).into()),
        ];
        let (subject, body) = if reminder.overdue {
            ("referral-reminder-overdue-subject", "referral-reminder-overdue-body")
        } else {
            ("referral-reminder-subject", "referral-reminder-body")
        };
        let to = mail.to.join(", ");
        let message = Message {
            kind: "referral-reminder",
            to: &to,
            subject: lang.t_args(subject, &args),
            body: lang.t_args(body, &args),
            reference: "",
        };
        self.send(clock, id, &message).await
    }

    /// Delivers the e-mail confirmation link of job `id`.
    pub async fn confirm_email(&self, clock: &Clock, id: i64, confirmation: &EmailConfirmation) -> Result<(), String> {
        let lang = Lang::parse(&confirmation.lang).unwrap_or_default();
        let message = Message {
            kind: "confirm-email",
            to: &confirmation.to,
            subject: lang.t("confirm-email-subject"),
            body: lang.t_args("confirm-email-body", &[("link", confirmation.link.clone().into())]),
            reference: "",
        };
        self.send(clock, id, &message).await
    }

    async fn send(&self, clock: &Clock, id: i64, message: &Message<'_>) -> Result<(), String> {
        let kind = message.kind;
        match self {
            Mailer::Log => {
                tracing::info!(
                    job_id = id,
                    kind,
                    to = %mask_email(message.to),
                    subject = %message.subject,
                    "message delivered to the log (demo: no mail is sent)"
                );
                Ok(())
            }
            Mailer::Directory { dir, from } => {
                // Header injection: addresses were validated, but never trust a line break.
                if message.to.contains(['\r', '\n']) || from.contains(['\r', '\n']) {
                    return Err("address contains a line break".into());
                }
                let reference = message.reference.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "");
                let text = format!(
                    "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {date}\r\n\
                     Message-ID: <{kind}-{id}{dot}{reference}@{domain}>\r\nMIME-Version: 1.0\r\n\
                     Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\
                     Auto-Submitted: auto-generated\r\nX-Portal-Job-Id: {id}\r\n\r\n{body}\r\n",
                    to = message.to,
                    subject = encoded_word(&message.subject.replace(['\r', '\n'], " ")),
                    date = rfc5322_date(clock.now_ms().div_euclid(1000)),
                    dot = if reference.is_empty() { "" } else { "." },
                    domain = from.rsplit('@').next().unwrap_or("localhost").trim_end_matches('>'),
                    body = message.body.replace('\n', "\r\n"),
                );
                let path = dir.join(format!("{kind}-{id}.eml"));
                // Delivered before, but not marked done (the process stopped in between, or the
                // database was away): the message is in the pickup folder already.
                if tokio::fs::try_exists(&path).await.unwrap_or(false) {
                    tracing::info!(job_id = id, kind, "message already in the pickup folder; not written again");
                    return Ok(());
                }
                let partial = dir.join(format!(".{kind}-{id}.eml.part"));
                write_durably(&partial, text.as_bytes())
                    .await
                    .map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
                tokio::fs::rename(&partial, &path).await.map_err(|e| format!("cannot move {}: {e}", path.display()))?;
                // The job is marked done only after the rename is on disk too: a machine that
                // stops after the commit must not lose a message it counts as delivered.
                sync_directory(dir).await.map_err(|e| format!("cannot sync {}: {e}", dir.display()))
            }
        }
    }
}

/// One message to deliver: its kind names its file (`receipt-12.eml`).
struct Message<'a> {
    kind: &'static str,
    to: &'a str,
    subject: String,
    body: String,
    /// Goes into the Message-ID (a receipt's reference); may be empty.
    reference: &'a str,
}

/// A header text as RFC 2047 encoded words when it is not plain ASCII (Swedish subjects are
/// not), each word at most 75 characters and never splitting a character.
fn encoded_word(text: &str) -> String {
    use base64::Engine;
    if text.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) {
        return text.to_string();
    }
    let mut words = Vec::new();
    let mut chunk = String::new();
    for c in text.chars() {
        // 45 bytes encode to 60 characters, plus the 12 of `=?utf-8?B??=`.
        if chunk.len() + c.len_utf8() > 45 {
            words.push(std::mem::take(&mut chunk));
        }
        chunk.push(c);
    }
    words.push(chunk);
    words
        .iter()
        .map(|w| format!("=?utf-8?B?{}?=", base64::engine::general_purpose::STANDARD.encode(w)))
        .collect::<Vec<_>>()
        .join("\r\n ")
}

/// `Mon, 30 Nov 2026 09:05:01 +0000` for a time in seconds since 1970.
fn rfc5322_date(unix_seconds: i64) -> String {
    let days = unix_seconds.div_euclid(86_400);
    let seconds = unix_seconds.rem_euclid(86_400);
    let date = app::domain::date::SimpleDate::from_days(days);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        [usize::from(date.month.clamp(1, 12)) - 1];
    format!(
        "{weekday}, {:02} {month} {} {:02}:{:02}:{:02} +0000",
        date.day,
        date.year,
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// Writes `bytes` to a new file and waits until they are on disk.
async fn write_durably(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut file = tokio::fs::File::create(path).await?;
    file.write_all(bytes).await?;
    file.sync_all().await
}

/// Makes the names in `dir` (a rename) durable.
async fn sync_directory(dir: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    tokio::fs::File::open(dir).await?.sync_all().await?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// What a handler returns: `Err` says briefly what failed (a path, an OS error, a status), never
/// payload contents; it is kept as the job's last error (masked and cut by `app::jobs`).
pub type Outcome = Result<(), String>;

type Handler = Arc<dyn Fn(Job) -> Pin<Box<dyn Future<Output = Outcome> + Send>> + Send + Sync>;

#[derive(Clone)]
struct Entry {
    policy: Policy,
    run: Handler,
}

/// The dispatch table: the handler of each kind of job this process runs. A worker leases only
/// the kinds in its table, so a kind another version added waits for a process that knows it.
#[derive(Clone, Default)]
pub struct Dispatch {
    entries: HashMap<&'static str, Entry>,
}

impl std::fmt::Debug for Dispatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatch").field("kinds", &self.kinds()).finish()
    }
}

impl Dispatch {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs jobs of `kind` with `handler(job id, payload)`, retried by the kind's policy. A
    /// payload that is not the kind's type fails the job like any other error.
    pub fn on<P, F, Fut>(mut self, kind: &Kind<P>, handler: F) -> Self
    where
        P: DeserializeOwned + Send + 'static,
        F: Fn(i64, P) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Outcome> + Send + 'static,
    {
        let kind = *kind;
        let run: Handler = Arc::new(move |job: Job| match job.payload(&kind) {
            Ok(payload) => Box::pin(handler(job.id, payload)),
            Err(error) => Box::pin(std::future::ready(Err(error))),
        });
        self.entries.insert(kind.name, Entry { policy: kind.policy, run });
        self
    }

    /// The kinds this table runs, by name.
    pub fn kinds(&self) -> Vec<&'static str> {
        let mut kinds: Vec<&'static str> = self.entries.keys().copied().collect();
        kinds.sort_unstable();
        kinds
    }
}

/// How the workers of a process run.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Worker tasks in this process (each leases and runs its own jobs).
    pub workers: usize,
    /// How long an idle worker waits before it looks for due jobs again.
    pub poll: Duration,
    /// Overrides every kind's first retry delay (tests; an operator slowing retries down).
    pub retry_base_ms: Option<i64>,
    /// How long a leased job is left to its worker before another may take it (a worker that
    /// died); longer than any handler takes.
    pub lease_ms: i64,
    /// Jobs leased at once by one worker.
    pub batch: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { workers: 2, poll: Duration::from_secs(1), retry_base_ms: None, lease_ms: 60_000, batch: 10 }
    }
}

/// The running workers of a process. [`Workers::stop`] ends them gracefully; dropping the value
/// without it aborts them at once, as a crash would (a job in hand keeps its lease until it ends).
#[derive(Debug)]
pub struct Workers {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Workers {
    /// Starts `settings.workers` tasks running `dispatch` (none when the table is empty).
    pub fn start(db: Db, clock: Clock, dispatch: Dispatch, settings: Settings) -> Workers {
        let (stop, stopped) = watch::channel(false);
        let dispatch = Arc::new(dispatch);
        let count = if dispatch.entries.is_empty() { 0 } else { settings.workers.max(1) };
        let tasks = (0..count)
            .map(|_| tokio::spawn(work(db.clone(), clock.clone(), dispatch.clone(), settings.clone(), stopped.clone())))
            .collect();
        Workers { stop, tasks }
    }

    /// No workers (a second view of a portal whose workers run elsewhere).
    pub fn none() -> Workers {
        Workers { stop: watch::channel(false).0, tasks: Vec::new() }
    }

    /// How many worker tasks run.
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Stops every worker: each finishes the job in hand and gives back the jobs it leased but
    /// did not start (their lease cleared, so another process takes them at once). Waits at
    /// most `grace`; a worker still busy then is abandoned, and its job's lease ends on its own.
    pub async fn stop(mut self, grace: Duration) {
        let _ = self.stop.send(true);
        let deadline = tokio::time::Instant::now() + grace;
        for mut task in std::mem::take(&mut self.tasks) {
            if tokio::time::timeout_at(deadline, &mut task).await.is_err() {
                tracing::warn!("a job worker was still busy at shutdown; its job's lease will end on its own");
                task.abort();
            }
        }
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// One worker: lease due jobs, run them one after the other, sleep when there is nothing to do.
async fn work(db: Db, clock: Clock, dispatch: Arc<Dispatch>, settings: Settings, mut stop: watch::Receiver<bool>) {
    let kinds = dispatch.kinds();
    loop {
        if *stop.borrow() {
            return;
        }
        let leased = match jobs::lease(&db, &clock, &kinds, settings.batch, settings.lease_ms).await {
            Ok(leased) => leased,
            Err(error) => {
                tracing::warn!(%error, "the jobs queue is unavailable");
                Vec::new()
            }
        };
        let backlog = leased.len() as i64 >= settings.batch;
        let mut leased = leased.into_iter();
        while let Some(job) = leased.next() {
            if *stop.borrow() {
                let ids: Vec<i64> = std::iter::once(job.id).chain(leased.map(|job| job.id)).collect();
                if let Err(error) = jobs::release(&db, &ids).await {
                    tracing::warn!(%error, jobs = ids.len(), "could not give back leased jobs; their leases will end");
                }
                return;
            }
            run_one(&db, &clock, &dispatch, &settings, job).await;
        }
        if backlog {
            continue;
        }
        tokio::select! {
            changed = stop.changed() => if changed.is_err() { return },
            _ = tokio::time::sleep(settings.poll) => {}
        }
    }
}

/// Runs one leased job and records how it went.
async fn run_one(db: &Db, clock: &Clock, dispatch: &Dispatch, settings: &Settings, job: Job) {
    let Some(entry) = dispatch.entries.get(job.kind.as_str()) else {
        // Not leased unless in the table; give it back rather than fail it.
        let _ = jobs::release(db, &[job.id]).await;
        return;
    };
    // Its own task, so that a handler that panics fails its job instead of ending the worker.
    let outcome = match tokio::spawn((entry.run)(job.clone())).await {
        Ok(outcome) => outcome,
        Err(error) if error.is_panic() => Err("the handler panicked".into()),
        Err(_) => Err("the handler was cancelled".into()),
    };
    match outcome {
        Ok(()) => {
            let done = async {
                let mut tx = db.begin().await?;
                jobs::complete(&mut tx, clock, job.id).await?;
                tx.commit().await
            };
            if let Err(error) = done.await {
                // Done but not recorded: it runs again when the lease ends (handlers are
                // idempotent: the mailer finds its file).
                tracing::warn!(%error, job_id = job.id, kind = %job.kind, "could not mark a job done");
            }
        }
        Err(error) => {
            let mut policy = entry.policy;
            if let Some(base) = settings.retry_base_ms {
                policy.base_delay_ms = base;
            }
            let error = jobs::redact_error(&error);
            match jobs::fail(db, clock, &job, policy, &error).await {
                Ok(jobs::Failed::RetryAt(_)) => tracing::warn!(
                    %error, job_id = job.id, kind = %job.kind, attempts = job.attempts + 1, "a job failed; will retry"
                ),
                Ok(jobs::Failed::Dead) => tracing::error!(
                    %error, job_id = job.id, kind = %job.kind, attempts = job.attempts + 1,
                    "a job failed for the last time and is dead (`server jobs dead`, `server jobs retry`)"
                ),
                Err(record) => tracing::warn!(%record, %error, job_id = job.id, "could not record a job's failure"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_in_rfc_5322_form() {
        assert_eq!(rfc5322_date(0), "Thu, 01 Jan 1970 00:00:00 +0000");
        assert_eq!(rfc5322_date(1_796_029_501), "Mon, 30 Nov 2026 09:05:01 +0000");
    }

    #[test]
    fn swedish_subjects_are_encoded_words_that_decode_back() {
        use base64::Engine;
        assert_eq!(encoded_word("Receipt"), "Receipt");
        let subject = "Kvittens: Felanmälan – gator, parker och belysning i Norrvik kommun, ärende";
        let encoded = encoded_word(subject);
        assert!(encoded.is_ascii());
        let mut decoded = Vec::new();
        for word in encoded.split("\r\n ") {
            assert!(word.len() <= 75, "{word}");
            let inner = word.strip_prefix("=?utf-8?B?").unwrap().strip_suffix("?=").unwrap();
            decoded.extend(base64::engine::general_purpose::STANDARD.decode(inner).unwrap());
        }
        assert_eq!(String::from_utf8(decoded).unwrap(), subject);
    }
}
