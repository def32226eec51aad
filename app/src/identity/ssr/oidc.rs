//! The OpenID Connect relying party: the authorization code flow with PKCE (S256), `state` and
//! `nonce`, the `iss` response parameter checked against the issuer the flow began with
//! (RFC 9207, against mix-up attacks), and the ID token's signature, audience, expiry and nonce
//! verified by the `openidconnect` crate. Discovery is read from the issuer and kept for a
//! while; the HTTP client follows no redirects and gives up after a few seconds.

use super::providers::ProviderConfig;
use crate::clock::Clock;
use openidconnect::{
    core::{
        CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreClaimName, CoreClaimType, CoreClient,
        CoreClientAuthMethod, CoreGrantType, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm,
        CoreJweKeyManagementAlgorithm, CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType,
    },
    reqwest, AdditionalProviderMetadata, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndSessionUrl,
    IssuerUrl, LogoutRequest, Nonce, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl, ProviderMetadata,
    RedirectUrl, Scope, TokenResponse,
};
use serde::{Deserialize, Serialize};
use std::{sync::Arc, time::Duration};
use tokio::sync::RwLock;

/// How long a provider's discovery document (and keys) are trusted before they are read again.
const METADATA_TTL_MS: i64 = 15 * 60 * 1000;
/// A flow not finished within this time is refused (the person is asked to start again).
pub const FLOW_TTL_MS: i64 = 10 * 60 * 1000;

/// What discovery says beyond the core fields: the end-session endpoint (RP-initiated logout)
/// and whether authorization responses carry `iss`.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ExtraMetadata {
    pub end_session_endpoint: Option<EndSessionUrl>,
    pub authorization_response_iss_parameter_supported: Option<bool>,
}
impl AdditionalProviderMetadata for ExtraMetadata {}

type Metadata = ProviderMetadata<
    ExtraMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// A flow begun and not yet finished, kept in the visitor's session until the provider sends
/// them back. Single use: it is removed when the answer comes, whatever the answer.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pending {
    pub provider: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// Where to go once signed in (a path on this portal).
    pub return_to: String,
    pub started_at_ms: i64,
    /// Set when the flow signs something instead of signing in ([`super::signing`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing: Option<super::signing::Signing>,
}

/// What the provider's redirect back carries.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct Callback {
    pub code: Option<String>,
    pub state: Option<String>,
    pub iss: Option<String>,
    pub error: Option<String>,
}

/// Why a flow did not end in a verified sign-in. The cause is logged by the caller once;
/// the person sees a page per case.
#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    /// Discovery, keys or the token endpoint could not be reached.
    #[error("the provider is unreachable: {0}")]
    Unreachable(String),
    /// The person cancelled at the provider (`error=access_denied`).
    #[error("cancelled at the provider")]
    Cancelled,
    /// The provider answered with another error.
    #[error("the provider answered with an error: {0}")]
    ProviderError(String),
    /// The answer came from, or names, another issuer than the flow began with.
    #[error("the response names another issuer")]
    WrongIssuer,
    /// The code was refused, or the ID token did not verify (signature, audience, expiry, nonce).
    #[error("the sign-in could not be verified: {0}")]
    Invalid(String),
}

/// A sign-in the provider vouched for, verified.
#[derive(Debug)]
pub struct Verified {
    /// Every claim of the verified ID token.
    pub claims: serde_json::Map<String, serde_json::Value>,
    pub acr: Option<String>,
    pub amr: Vec<String>,
    /// When the person authenticated at the provider (`auth_time`), in milliseconds.
    pub auth_time_ms: Option<i64>,
    /// The ID token, for the provider's sign-out (`id_token_hint`). Never logged.
    pub id_token: String,
}

/// One configured provider and what discovery told about it.
#[derive(Debug)]
pub struct Provider {
    pub config: ProviderConfig,
    metadata: RwLock<Option<(Arc<Metadata>, i64)>>,
}

/// The configured providers, in the order residents see them.
#[derive(Debug)]
pub struct Providers {
    list: Vec<Provider>,
    http: reqwest::Client,
}

impl Providers {
    pub fn new(configs: Vec<ProviderConfig>) -> Result<Providers, String> {
        for config in &configs {
            config.check()?;
        }
        let http = reqwest::ClientBuilder::new()
            // Never follow a redirect: an endpoint answering with one is an error, not a hop (SSRF).
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(3))
            .timeout(Duration::from_secs(8))
            .build()
            .map_err(|e| format!("HTTP client: {e}"))?;
        Ok(Providers {
            list: configs.into_iter().map(|config| Provider { config, metadata: RwLock::new(None) }).collect(),
            http,
        })
    }

    /// No providers (sign-in is then offered by the demo's test persons only, if at all).
    pub fn empty() -> Providers {
        #[allow(clippy::expect_used)] // no configuration to get wrong
        Providers::new(Vec::new()).expect("an empty provider list")
    }

    pub fn get(&self, id: &str) -> Option<&Provider> {
        self.list.iter().find(|p| p.config.id == id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Provider> {
        self.list.iter()
    }

    /// The provider's discovery document, read anew once it is older than [`METADATA_TTL_MS`].
    async fn metadata(&self, provider: &Provider, now_ms: i64) -> Result<Arc<Metadata>, FlowError> {
        if let Some((metadata, at)) = provider.metadata.read().await.as_ref() {
            if now_ms - at < METADATA_TTL_MS && now_ms >= *at {
                return Ok(metadata.clone());
            }
        }
        let issuer =
            IssuerUrl::new(provider.config.issuer.clone()).map_err(|e| FlowError::Unreachable(e.to_string()))?;
        let metadata = Metadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| FlowError::Unreachable(format!("discovery: {e}")))?;
        let metadata = Arc::new(metadata);
        *provider.metadata.write().await = Some((metadata.clone(), now_ms));
        Ok(metadata)
    }

    /// Begins a flow: the address to send the person to, and what to keep until they return.
    /// `fresh` asks the provider to authenticate the person anew, whatever session it has with
    /// them (`prompt=login`, `max_age=0`): signing needs that, a sign-in does not.
    pub async fn start(
        &self,
        provider: &Provider,
        redirect_url: &str,
        return_to: &str,
        ui_locale: &str,
        clock: &Clock,
        fresh: bool,
    ) -> Result<(String, Pending), FlowError> {
        let metadata = self.metadata(provider, clock.now_ms()).await?;
        let client = client(provider, &metadata, redirect_url)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
            .set_pkce_challenge(challenge)
            .add_extra_param("ui_locales", ui_locale.to_string());
        for scope in provider.config.scopes() {
            request = request.add_scope(Scope::new(scope));
        }
        if fresh {
            request = request.add_prompt(CoreAuthPrompt::Login).set_max_age(Duration::ZERO);
        }
        let (url, state, nonce) = request.url();
        let pending = Pending {
            provider: provider.config.id.clone(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
            return_to: return_to.to_string(),
            started_at_ms: clock.now_ms(),
            signing: None,
        };
        Ok((url.to_string(), pending))
    }

    /// Finishes a flow whose `state` matched `pending`: checks the issuer, redeems the code
    /// and verifies the ID token.
    pub async fn finish(
        &self,
        provider: &Provider,
        pending: &Pending,
        callback: &Callback,
        redirect_url: &str,
        clock: &Clock,
    ) -> Result<Verified, FlowError> {
        let metadata = self.metadata(provider, clock.now_ms()).await?;
        // RFC 9207: an `iss` that is not this flow's issuer means the answer is meant for
        // another flow (a mix-up attack); a provider that promises `iss` must send it.
        match &callback.iss {
            Some(iss) if iss != metadata.issuer().as_str() => return Err(FlowError::WrongIssuer),
            None if metadata.additional_metadata().authorization_response_iss_parameter_supported == Some(true) => {
                return Err(FlowError::WrongIssuer)
            }
            _ => {}
        }
        if let Some(error) = &callback.error {
            return Err(match error.as_str() {
                "access_denied" => FlowError::Cancelled,
                other => FlowError::ProviderError(other.chars().take(64).collect()),
            });
        }
        let code = callback.code.clone().ok_or_else(|| FlowError::Invalid("no code".into()))?;
        let client = client(provider, &metadata, redirect_url)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| FlowError::Invalid(format!("token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|e| match e {
                openidconnect::RequestTokenError::Request(e) => FlowError::Unreachable(format!("token endpoint: {e}")),
                other => FlowError::Invalid(format!("code refused: {other}")),
            })?;
        let id_token = response.id_token().ok_or_else(|| FlowError::Invalid("no ID token".into()))?;
        let now = clock.now_ms();
        let verifier = client
            .id_token_verifier()
            .set_time_fn(move || chrono::DateTime::from_timestamp_millis(now).unwrap_or_default());
        let claims = id_token
            .claims(&verifier, &Nonce::new(pending.nonce.clone()))
            .map_err(|e| FlowError::Invalid(format!("ID token: {e}")))?;
        let acr = claims.auth_context_ref().map(|acr| acr.as_str().to_string());
        let amr = claims
            .auth_method_refs()
            .map(|amr| amr.iter().map(|m| m.as_str().to_string()).collect())
            .unwrap_or_default();
        let auth_time_ms = claims.auth_time().map(|at| at.timestamp_millis());
        let id_token = id_token.to_string();
        // The verified token's own payload, for the claims the crate's types do not name
        // (the Swedish profile's number, `ssn`, `nin`): the signature covered exactly these bytes.
        let claims = payload_of(&id_token).ok_or_else(|| FlowError::Invalid("ID token payload".into()))?;
        Ok(Verified { claims, acr, amr, auth_time_ms, id_token })
    }

    /// Where to send a signed-out person so the provider ends its session too, if it can.
    pub async fn end_session_url(
        &self,
        provider: &Provider,
        id_token: &str,
        after: &str,
        clock: &Clock,
    ) -> Option<String> {
        let metadata = self.metadata(provider, clock.now_ms()).await.ok()?;
        let endpoint = metadata.additional_metadata().end_session_endpoint.clone()?;
        let id_token: openidconnect::core::CoreIdToken = id_token.parse().ok()?;
        let mut request = LogoutRequest::from(endpoint)
            .set_id_token_hint(&id_token)
            .set_client_id(ClientId::new(provider.config.client_id.clone()));
        if let Ok(after) = PostLogoutRedirectUrl::new(after.to_string()) {
            request = request.set_post_logout_redirect_uri(after);
        }
        Some(request.http_get_url().to_string())
    }
}

fn client(
    provider: &Provider,
    metadata: &Metadata,
    redirect_url: &str,
) -> Result<
    CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    FlowError,
> {
    let redirect =
        RedirectUrl::new(redirect_url.to_string()).map_err(|e| FlowError::Invalid(format!("redirect URL: {e}")))?;
    Ok(CoreClient::from_provider_metadata(
        metadata.clone(),
        ClientId::new(provider.config.client_id.clone()),
        Some(ClientSecret::new(provider.config.client_secret.clone())),
    )
    .set_redirect_uri(redirect))
}

/// The JSON payload of a compact JWS (its middle part).
fn payload_of(jwt: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    use base64::Engine;
    let payload = jwt.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}
