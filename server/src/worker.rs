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
    /// One RFC 5322 file per message in this folder.
    Directory(PathBuf),
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
            Mailer::Directory(dir) => {
                // Header injection: addresses were validated, but never trust a line break.
                if receipt.to.contains(['\r', '\n']) {
                    return Err("address contains a line break".into());
                }
                let text = format!(
                    "To: {}\r\nSubject: {}\r\nContent-Type: text/plain; charset=utf-8\r\nX-Portal-Outbox-Id: {}\r\n\r\n{}\r\n",
                    receipt.to,
                    subject.replace(['\r', '\n'], " "),
                    message.id,
                    body.replace('\n', "\r\n")
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
