//! The operator's side of staff roles: naming an organisation's first administrator (after
//! that, administrators grant roles in the back office). Audited like any other grant.

use app::{
    access::{roles, Role, RoleGrant},
    audit,
    error::AppError,
    identity::ssr::store,
    state::AppState,
};

/// Grants `role` in `organisation` to the member of staff `provider` knows as `subject`,
/// creating them (not yet signed in) if need be. `Ok(false)` if they held it already;
/// `BadRequest` if they belong to another organisation.
pub async fn grant(
    state: &AppState,
    organisation: &str,
    provider: &str,
    subject: &str,
    name: &str,
    role: Role,
) -> Result<bool, AppError> {
    let now = state.clock.now_ms();
    let mut tx = state.db.begin().await?;
    let staff_id =
        store::ensure_staff(&mut tx, provider, subject, organisation, name, now).await?.ok_or(AppError::BadRequest)?;
    let grant = RoleGrant { organisation: organisation.into(), department: String::new(), role };
    let granted = roles::grant(&mut tx, staff_id, &grant, "operator", now).await?;
    if granted {
        let event = audit::Event {
            at_ms: now,
            actor: "operator".into(),
            action: "role-grant",
            object: Some(format!("staff:{staff_id}")),
            outcome: "ok",
            details: serde_json::json!({ "organisation": organisation, "role": role.code() }),
        };
        audit::record(&mut tx, &event).await?;
    }
    tx.commit().await?;
    Ok(granted)
}
