//! Background work: the outbox worker that delivers receipts. Delivery goes to a pickup folder
//! of `.eml` files (which a mail server sends on), or — in demo only — to the log.

use app::{
    db::Db,
    forms::ssr::{outbox, pages::mask_email},
    i18n::Lang,
};
use std::{path::PathBuf, time::Duration};

#[derive(Clone, Debug)]
pub enum Mailer {
    /// Demo: the message is written to the log (the address masked, no form contents).
    Log,
    /// One RFC 5322 file per message in `dir`, sent as `from` (`Name <address>`).
    Directory { dir: PathBuf, from: String },
}

#[derive(serde::Deserialize)]
struct Receipt {
    to: String,
    lang: String,
    form: String,
    service: String,
    reference: String,
}

impl Mailer {
    async fn deliver(&self, message: &outbox::Message) -> Result<(), String> {
        if message.kind != "receipt" {
            return Err(format!("unknown message kind '{}'", message.kind));
        }
        let receipt: Receipt = serde_json::from_str(&message.payload).map_err(|e| format!("bad payload: {e}"))?;
        let lang = Lang::parse(&receipt.lang).unwrap_or_default();
        let subject = lang.t_args("receipt-subject", &[("form", receipt.form.clone().into())]);
        let body = lang.t_args(
            "receipt-body",
            &[
                ("form", receipt.form.clone().into()),
                ("service", receipt.service.clone().into()),
                ("reference", receipt.reference.clone().into()),
            ],
        );
        match self {
            Mailer::Log => {
                tracing::info!(
                    outbox_id = message.id,
                    to = %mask_email(&receipt.to),
                    reference = %receipt.reference,
                    %subject,
                    "receipt delivered to the log (demo: no mail is sent)"
                );
                Ok(())
            }
            Mailer::Directory { dir, from } => {
                // Header injection: addresses were validated, but never trust a line break.
                if receipt.to.contains(['\r', '\n']) || from.contains(['\r', '\n']) {
                    return Err("address contains a line break".into());
                }
                let now = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0);
                let text = format!(
                    "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: {date}\r\n\
                     Message-ID: <receipt-{id}.{reference}@{domain}>\r\nMIME-Version: 1.0\r\n\
                     Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\
                     Auto-Submitted: auto-generated\r\nX-Portal-Outbox-Id: {id}\r\n\r\n{body}\r\n",
                    to = receipt.to,
                    subject = encoded_word(&subject.replace(['\r', '\n'], " ")),
                    date = rfc5322_date(now),
                    id = message.id,
                    reference = receipt.reference.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', ""),
                    domain = from.rsplit('@').next().unwrap_or("localhost").trim_end_matches('>'),
                    body = body.replace('\n', "\r\n"),
                );
                let path = dir.join(format!("receipt-{}.eml", message.id));
                // Delivered before, but not marked sent (the process stopped in between, or the
                // database was away): the message is in the pickup folder already.
                if tokio::fs::try_exists(&path).await.unwrap_or(false) {
                    tracing::info!(outbox_id = message.id, "receipt already in the pickup folder; not written again");
                    return Ok(());
                }
                let partial = dir.join(format!(".receipt-{}.eml.part", message.id));
                write_durably(&partial, text.as_bytes())
                    .await
                    .map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
                tokio::fs::rename(&partial, &path).await.map_err(|e| format!("cannot move {}: {e}", path.display()))?;
                // The message is marked sent only after the rename is on disk too: a machine
                // that stops after the commit must not lose a receipt it counts as delivered.
                sync_directory(dir).await.map_err(|e| format!("cannot sync {}: {e}", dir.display()))
            }
        }
    }
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
    let date = app::forms::date::SimpleDate::from_days(days);
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

/// Runs for as long as the process: delivers due messages, retries failures with backoff.
pub fn spawn_outbox_worker(db: Db, mailer: Mailer, poll: Duration, retry_base_ms: i64) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match outbox::claim_due(&db, 20).await {
                Ok(messages) => {
                    for message in messages {
                        match mailer.deliver(&message).await {
                            Ok(()) => {
                                if let Err(error) = outbox::mark_sent(&db, message.id).await {
                                    tracing::warn!(%error, outbox_id = message.id, "could not mark message sent");
                                }
                            }
                            Err(error) => {
                                tracing::warn!(%error, outbox_id = message.id, attempts = message.attempts + 1, "delivery failed; will retry");
                                if let Err(error) = outbox::mark_failed(&db, &message, &error, retry_base_ms).await {
                                    tracing::warn!(%error, outbox_id = message.id, "could not record the failure");
                                }
                            }
                        }
                    }
                }
                Err(error) => tracing::warn!(%error, "outbox unavailable"),
            }
            tokio::time::sleep(poll).await;
        }
    })
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
