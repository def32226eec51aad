//! Files people attach: streamed to a staging file while their hash, size and first bytes are
//! taken (never held whole in memory), checked by the configured virus scanner, then kept by
//! their contents (`blobs/ab/cd/abcd…`, SHA-256) in a folder outside the web root; the
//! `attachments` rows say whose draft or case each file belongs to, under a random public id.
//! Forms stage and record them; cases register them as documents and serve them to those the
//! policy lets read the case. An object store can take the disk's place behind [`BlobStore`].

use crate::{
    db::{Db, Timestamp, Tx},
    error::AppError,
    on_db, on_tx,
};
use sha2::{Digest, Sha256};
use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

/// Where files are kept, and the check each must pass first.
#[derive(Clone, Debug)]
pub struct BlobStore {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    root: PathBuf,
    /// The virus scanner's command line: the file's path is added as its last argument; exit
    /// status 0 means clean, 1 means found something, anything else that it could not tell.
    scan_command: Option<Vec<String>>,
}

/// What the virus check said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Clean,
    /// The scanner found something: the file is refused.
    Refused,
    /// The scanner could not be run or could not tell: the file waits for another try.
    Unavailable,
    /// No scanner is configured (the portal says so at start and in `/health`).
    NotConfigured,
}

impl BlobStore {
    /// A store under `root` (made if missing), with `scan_command` (split on whitespace) as the
    /// virus check, if any.
    pub fn open(root: &Path, scan_command: Option<&str>) -> std::io::Result<BlobStore> {
        std::fs::create_dir_all(root.join("staging"))?;
        std::fs::create_dir_all(root.join("blobs"))?;
        let scan_command = scan_command
            .map(|c| c.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .filter(|c| !c.is_empty());
        if scan_command.is_none() {
            tracing::warn!("attachments are not checked for viruses: no scan_command is configured");
        }
        Ok(BlobStore { inner: Arc::new(Inner { root: root.to_path_buf(), scan_command }) })
    }

    pub fn scan_configured(&self) -> bool {
        self.inner.scan_command.is_some()
    }

    /// A new staging file for one upload, refusing bytes beyond `limit`.
    pub async fn stage(&self, limit: u64) -> std::io::Result<Staging> {
        let path = self.inner.root.join("staging").join(crate::attachments::random_id());
        let file = tokio::fs::OpenOptions::new().write(true).create_new(true).open(&path).await?.into_std().await;
        let (chunks, received) = tokio::sync::mpsc::channel(STAGING_CHUNKS_IN_FLIGHT);
        Ok(Staging {
            chunks,
            writer: tokio::task::spawn_blocking(move || write_staged(file, received)),
            staged: Staged { path: Some(path), sha256: String::new(), size: 0, head: Vec::new(), over_limit: false },
            limit,
        })
    }

    /// Runs the virus check on a staged file.
    pub async fn scan(&self, staged: &Staged) -> Verdict {
        let (Some(command), Some(path)) = (&self.inner.scan_command, &staged.path) else {
            return Verdict::NotConfigured;
        };
        let run = tokio::process::Command::new(&command[0])
            .args(&command[1..])
            .arg(path)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .status();
        match tokio::time::timeout(std::time::Duration::from_secs(60), run).await {
            Ok(Ok(status)) if status.code() == Some(0) => Verdict::Clean,
            Ok(Ok(status)) if status.code() == Some(1) => Verdict::Refused,
            Ok(Ok(status)) => {
                tracing::error!(code = ?status.code(), "the virus scanner could not tell");
                Verdict::Unavailable
            }
            Ok(Err(error)) => {
                tracing::error!(%error, "the virus scanner could not be started");
                Verdict::Unavailable
            }
            Err(_) => {
                tracing::error!("the virus scanner took longer than a minute");
                Verdict::Unavailable
            }
        }
    }

    /// Keeps a staged file by its contents; a file with the same contents already kept is
    /// kept once. Returns its SHA-256.
    pub async fn keep(&self, mut staged: Staged) -> std::io::Result<String> {
        let path = staged.path.take().ok_or_else(|| std::io::Error::other("staged file already kept"))?;
        let target = self.blob_path(&staged.sha256);
        if let Some(parent) = target.parent() {
            tokio::fs::create_dir_all(parent).await?;
        }
        if tokio::fs::try_exists(&target).await? {
            tokio::fs::remove_file(&path).await?;
            // Touched, so a sweep running before this file's row is written leaves it alone.
            let existing = target.clone();
            tokio::task::spawn_blocking(move || {
                std::fs::File::options().append(true).open(existing)?.set_modified(std::time::SystemTime::now())
            })
            .await
            .map_err(std::io::Error::other)??;
        } else {
            tokio::fs::rename(&path, &target).await?;
        }
        Ok(staged.sha256.clone())
    }

    /// The kept file with this SHA-256, for reading.
    pub async fn read(&self, sha256: &str) -> std::io::Result<tokio::fs::File> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a SHA-256"));
        }
        tokio::fs::File::open(self.blob_path(sha256)).await
    }

    /// The answer that gives `attachment` as a download: streamed from disk, never shown in
    /// the browser (`attachment`, `nosniff`, a sandbox for any document that slips through),
    /// kept by no cache.
    pub async fn download(&self, attachment: &Attachment) -> axum::response::Response {
        use axum::{http::header, response::IntoResponse};
        let file = match self.read(&attachment.sha256).await {
            Ok(file) => file,
            Err(error) => {
                tracing::error!(%error, "an attached file is missing from the store");
                return axum::http::StatusCode::NOT_FOUND.into_response();
            }
        };
        let media_type = match attachment.file_type.as_str() {
            "pdf" => "application/pdf",
            "jpeg" => "image/jpeg",
            "png" => "image/png",
            _ => "application/octet-stream",
        };
        let body = axum::body::Body::from_stream(tokio_util::io::ReaderStream::new(file));
        (
            [
                (header::CONTENT_TYPE, media_type.to_string()),
                (header::CONTENT_LENGTH, attachment.size.to_string()),
                (header::CONTENT_DISPOSITION, content_disposition(&attachment.file_name)),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
                (header::CONTENT_SECURITY_POLICY, "sandbox; default-src 'none'".to_string()),
            ],
            body,
        )
            .into_response()
    }

    fn blob_path(&self, sha256: &str) -> PathBuf {
        self.inner.root.join("blobs").join(&sha256[..2]).join(&sha256[2..4]).join(sha256)
    }

    /// Removes kept files no attachment row names any more, and staging files older than an
    /// hour (an upload cut off mid-way). Returns how many files went.
    pub async fn sweep(&self, db: &Db) -> Result<usize, AppError> {
        let named: std::collections::HashSet<String> = on_db!(db, read, |pool| {
            sqlx::query_scalar::<_, String>("SELECT DISTINCT sha256 FROM attachments").fetch_all(pool).await?
        })
        .into_iter()
        .collect();
        let root = self.inner.root.clone();
        let removed = tokio::task::spawn_blocking(move || sweep_files(&root, &named)).await.map_err(|error| {
            tracing::error!(%error, "the attachment sweep stopped");
            AppError::Internal
        })?;
        Ok(removed)
    }
}

fn sweep_files(root: &Path, named: &std::collections::HashSet<String>) -> usize {
    let mut removed = 0;
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    if let Ok(entries) = std::fs::read_dir(root.join("staging")) {
        for entry in entries.flatten() {
            let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|t| t < hour_ago);
            if old && std::fs::remove_file(entry.path()).is_ok() {
                removed += 1;
            }
        }
    }
    let walk =
        |dir: &Path| std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()).collect::<Vec<_>>();
    for first in walk(&root.join("blobs")) {
        for second in walk(&first) {
            for blob in walk(&second) {
                let name = blob.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
                // A file kept in the last hour may be waiting for its row to be written.
                let recent = blob.metadata().and_then(|m| m.modified()).map_or(true, |t| t >= hour_ago);
                if !recent && !named.contains(&name) && std::fs::remove_file(&blob).is_ok() {
                    removed += 1;
                }
            }
        }
    }
    removed
}

/// How many received chunks may wait for one upload's writer: the memory an upload holds is
/// bounded by this and the writer's buffer, however fast the sender is.
const STAGING_CHUNKS_IN_FLIGHT: usize = 2;
/// The writer's buffer: a few large writes instead of one per network chunk.
const STAGING_WRITE_BUFFER: usize = 64 * 1024;

/// What an upload's writer is sent: the next bytes, or that all of them came.
enum ToWriter {
    Chunk(axum::body::Bytes),
    Finish,
}

/// One upload being written. The bytes go to a writer on a blocking thread that hashes and
/// writes them (plain blocking writes, not one hand-over to the blocking pool per chunk),
/// through a short bounded queue: a sender faster than the disk waits, and memory stays flat.
pub struct Staging {
    chunks: tokio::sync::mpsc::Sender<ToWriter>,
    writer: tokio::task::JoinHandle<std::io::Result<Option<String>>>,
    staged: Staged,
    limit: u64,
}

/// The writer of one upload: hashes and writes each chunk; at `Finish` syncs the file to disk
/// and returns its SHA-256. A queue closed without `Finish` (the upload failed) ends it early.
fn write_staged(
    file: std::fs::File,
    mut received: tokio::sync::mpsc::Receiver<ToWriter>,
) -> std::io::Result<Option<String>> {
    use std::io::Write;
    let mut hasher = Sha256::new();
    let mut out = std::io::BufWriter::with_capacity(STAGING_WRITE_BUFFER, file);
    while let Some(message) = received.blocking_recv() {
        match message {
            ToWriter::Chunk(chunk) => {
                hasher.update(&chunk);
                out.write_all(&chunk)?;
            }
            ToWriter::Finish => {
                out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
                return Ok(Some(hex(&hasher.finalize())));
            }
        }
    }
    Ok(None)
}

impl Staging {
    /// Writes the next chunk; beyond the limit nothing more is written (the rest of the upload
    /// is only counted, so the person can be told which file was too large).
    pub async fn write(&mut self, chunk: axum::body::Bytes) -> std::io::Result<()> {
        let staged = &mut self.staged;
        if staged.head.len() < 16 {
            let take = (16 - staged.head.len()).min(chunk.len());
            staged.head.extend_from_slice(&chunk[..take]);
        }
        staged.size += chunk.len() as u64;
        if staged.size > self.limit {
            staged.over_limit = true;
            return Ok(());
        }
        if self.chunks.send(ToWriter::Chunk(chunk)).await.is_err() {
            // The writer stopped: its error says why.
            return Err(self.writer_error().await);
        }
        Ok(())
    }

    /// The staged file, on disk and synced.
    pub async fn finish(mut self) -> std::io::Result<Staged> {
        if self.chunks.send(ToWriter::Finish).await.is_err() {
            return Err(self.writer_error().await);
        }
        let sha256 = (&mut self.writer)
            .await
            .map_err(std::io::Error::other)??
            .ok_or_else(|| std::io::Error::other("the upload's writer ended early"))?;
        let mut staged = std::mem::take(&mut self.staged);
        staged.sha256 = sha256;
        Ok(staged)
    }

    async fn writer_error(&mut self) -> std::io::Error {
        match (&mut self.writer).await {
            Ok(Err(error)) => error,
            Ok(Ok(_)) => std::io::Error::other("the upload's writer ended early"),
            Err(error) => std::io::Error::other(error),
        }
    }
}

/// A file written to staging, not yet kept. Dropped without [`BlobStore::keep`], it is removed.
#[derive(Debug, Default)]
pub struct Staged {
    path: Option<PathBuf>,
    pub sha256: String,
    pub size: u64,
    /// The first bytes, for telling its type.
    pub head: Vec<u8>,
    /// More bytes came than the limit allowed.
    pub over_limit: bool,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// `attachment; filename="…"; filename*=UTF-8''…`: an ASCII name for old clients and the real
/// one percent-encoded (RFC 6266), so no name can break out of the header.
fn content_disposition(name: &str) -> String {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || " .-_()".contains(c) { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// The SHA-256 of `bytes`, as 64 hexadecimal characters.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random id of 32 hexadecimal characters (128 bits): unguessable.
pub fn random_id() -> String {
    use rand::Rng;
    let bytes: [u8; 16] = rand::rng().random();
    hex(&bytes)
}

crate::db_row! {
    /// A kept file as its row tells: whose it is and what it is.
    #[derive(Clone, Debug)]
    pub struct Attachment {
        pub public_id: String,
        pub sha256: String,
        pub size: i64,
        pub file_type: String,
        pub file_name: String,
        /// The draft's idempotency key while the file belongs to a draft.
        pub draft_key: String,
        pub form_id: String,
        pub question_id: String,
        pub case_id: Option<i64>,
    }
}

/// Records a kept file as attached to the draft with key `draft_key`.
pub async fn record(db: &Db, attachment: &Attachment, now_ms: i64) -> Result<(), AppError> {
    on_db!(db, write, |pool| {
        sqlx::query(
            "INSERT INTO attachments (public_id, sha256, size, file_type, file_name, draft_key, form_id, question_id, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&attachment.public_id)
        .bind(&attachment.sha256)
        .bind(attachment.size)
        .bind(&attachment.file_type)
        .bind(&attachment.file_name)
        .bind(&attachment.draft_key)
        .bind(&attachment.form_id)
        .bind(&attachment.question_id)
        .bind(Timestamp(now_ms))
        .execute(pool)
        .await?
        .rows_affected()
    });
    Ok(())
}

/// The attachment with this public id.
pub async fn by_public_id(db: &Db, public_id: &str) -> Result<Option<Attachment>, AppError> {
    if public_id.len() != 32 || !public_id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    Ok(on_db!(db, read, |pool| {
        sqlx::query_as::<_, Attachment>(
            "SELECT public_id, sha256, size, file_type, file_name, draft_key, form_id, question_id, case_id \
             FROM attachments WHERE public_id = $1",
        )
        .bind(public_id)
        .fetch_optional(pool)
        .await?
    }))
}

/// Forgets a draft's attachment (the person removed it); its file goes at the next sweep if no
/// other row names the same contents. A file that already belongs to a case is never forgotten.
pub async fn forget(db: &Db, public_id: &str, draft_key: &str) -> Result<(), AppError> {
    on_db!(db, write, |pool| {
        sqlx::query("DELETE FROM attachments WHERE public_id = $1 AND draft_key = $2 AND case_id IS NULL")
            .bind(public_id)
            .bind(draft_key)
            .execute(pool)
            .await?
            .rows_affected()
    });
    Ok(())
}

/// Gives attachments to case `case_id`, in the transaction that opens it.
pub async fn belong_to_case(tx: &mut Tx, case_id: i64, public_ids: &[String]) -> Result<(), AppError> {
    for public_id in public_ids {
        on_tx!(&mut *tx, |conn| {
            sqlx::query("UPDATE attachments SET case_id = $1 WHERE public_id = $2 AND case_id IS NULL")
                .bind(case_id)
                .bind(public_id)
                .execute(&mut *conn)
                .await?
                .rows_affected()
        });
    }
    Ok(())
}

/// Forgets attachments of drafts that were never sent and are gone: older than `before_ms`,
/// not a submission's, and held by no signed-in person's draft still kept (a person's draft
/// keeps its files for as long as it is kept; an anonymous visitor's session ends after two idle
/// hours). Their files go at the next [`BlobStore::sweep`].
pub async fn forget_abandoned(db: &Db, before_ms: i64) -> Result<u64, AppError> {
    // The draft's key appears in its JSON; `CAST` makes PostgreSQL's jsonb text for the match.
    Ok(on_db!(db, write, |pool| {
        sqlx::query(
            "DELETE FROM attachments WHERE case_id IS NULL AND created_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.idempotency_key = attachments.draft_key) \
             AND NOT EXISTS (SELECT 1 FROM person_drafts d \
                             WHERE CAST(d.draft AS TEXT) LIKE '%' || attachments.draft_key || '%')",
        )
        .bind(Timestamp(before_ms))
        .execute(pool)
        .await?
        .rows_affected()
    }))
}
