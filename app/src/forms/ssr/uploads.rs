//! Reading a step posted as `multipart/form-data` (a step with a file question): the text
//! fields as a plain post would give them, and each file streamed into staging as it arrives
//! (never whole in memory), bounded per file by its question's limit. What the files are, and
//! whether they may be attached, is the flow's business ([`super::flow`]).

use crate::{
    attachments::{BlobStore, Staged},
    domain::files::safe_name,
    error::AppError,
    forms::model::{QuestionKind, Step},
};
use axum::extract::Multipart;

/// Most text the fields of one post may carry together (as a plain post may).
pub const MAX_TEXT_BYTES: usize = 64 * 1024;
/// Most parts (fields and files) one post may have.
const MAX_PARTS: usize = 500;

/// One file as it arrived, staged.
#[derive(Debug)]
pub struct Upload {
    /// The file question it was posted for.
    pub question: String,
    /// Its name, made safe (see [`safe_name`]).
    pub name: String,
    pub staged: Staged,
}

/// A step post: its text fields, and the files posted for the step's file questions.
#[derive(Debug, Default)]
pub struct StepPost {
    pub fields: Vec<(String, String)>,
    pub uploads: Vec<Upload>,
}

/// Whether a request's body is `multipart/form-data` (a step with files posts so).
pub fn is_multipart(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// Reads a multipart post to `step`. A file for anything but one of the step's file
/// questions is read past and dropped; beyond a question's own count, extra files are dropped
/// too (the flow tells the person how many it takes).
pub async fn read(mut multipart: Multipart, step: &Step, files: &BlobStore) -> Result<StepPost, AppError> {
    let mut post = StepPost::default();
    let mut text_bytes = 0;
    let mut parts = 0;
    while let Some(mut field) = multipart.next_field().await.map_err(too_large_or_bad)? {
        parts += 1;
        if parts > MAX_PARTS {
            return Err(AppError::TooLarge);
        }
        let name = field.name().unwrap_or_default().to_string();
        let Some(file_name) = field.file_name().map(str::to_string) else {
            let text = field.text().await.map_err(too_large_or_bad)?;
            text_bytes += name.len() + text.len();
            if text_bytes > MAX_TEXT_BYTES {
                return Err(AppError::TooLarge);
            }
            post.fields.push((name, text));
            continue;
        };
        let question = step.questions.iter().find(|q| q.kind == QuestionKind::File && q.id == name);
        let taken = post.uploads.iter().filter(|u| u.question == name).count() as u32;
        let wanted = question.filter(|q| taken < q.max_files()).map(|q| q.max_file_bytes());
        // An empty file input posts a part with no name and no bytes: nothing was chosen.
        let chosen = safe_name(&file_name);
        let (Some(limit), Some(chosen)) = (wanted, chosen) else {
            while field.chunk().await.map_err(too_large_or_bad)?.is_some() {}
            continue;
        };
        let mut staging = files.stage(limit).await.map_err(|error| {
            tracing::error!(%error, "an upload could not be staged");
            AppError::Internal
        })?;
        while let Some(chunk) = field.chunk().await.map_err(too_large_or_bad)? {
            staging.write(chunk).await.map_err(|error| {
                tracing::error!(%error, "an upload could not be written");
                AppError::Internal
            })?;
        }
        let staged = staging.finish().await.map_err(|error| {
            tracing::error!(%error, "an upload could not be synced");
            AppError::Internal
        })?;
        post.uploads.push(Upload { question: name, name: chosen, staged });
    }
    Ok(post)
}

/// A body cut off by the size limit is "too large"; anything else malformed is a bad request.
fn too_large_or_bad(error: axum::extract::multipart::MultipartError) -> AppError {
    if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        AppError::TooLarge
    } else {
        tracing::info!(%error, "a multipart post could not be read");
        AppError::BadRequest
    }
}
