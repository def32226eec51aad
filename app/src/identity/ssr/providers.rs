//! The e-ID providers a municipality has configured, and how each one's claims become one
//! internal person. Swedish municipalities reach BankID, Freja eID+ and foreign eIDAS
//! identities through OpenID Connect brokers, which name the same things differently: the
//! Swedish OIDC profile (oidc.se), and two common broker formats (an `ssn` claim with
//! `urn:grn:authn:se:…` levels; a `nin` claim). Pure functions, no network.

use crate::{access::Loa, domain::date::SimpleDate, domain::identity::PersonalIdentityNumber};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The Swedish OIDC profile's claim holding the personal identity number.
pub const SE_PERSONAL_NUMBER_CLAIM: &str = "https://id.oidc.se/claim/personalIdentityNumber";
/// … and the coordination number, for those without a personal identity number.
pub const SE_COORDINATION_NUMBER_CLAIM: &str = "https://id.oidc.se/claim/coordinationNumber";
/// The scope that releases them.
pub const SE_NUMBER_SCOPE: &str = "https://id.oidc.se/scope/naturalPersonNumber";

/// Who signs in through a provider.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// Residents, with a personal identity number and a level of assurance.
    #[default]
    Residents,
    /// An organisation's staff, through its own provider, with multi-factor authentication.
    Staff,
}

/// How a provider names the person and the level of assurance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimFormat {
    /// The Swedish OIDC profile (oidc.se): `https://id.oidc.se/claim/personalIdentityNumber`,
    /// acr `http://id.elegnamnden.se/loa/1.0/loa3` and the eIDAS `eidas-sub`/`eidas-high`.
    #[default]
    SwedishOidc,
    /// A broker's `ssn` claim, with `urn:grn:authn:se:bankid…`-style acr values.
    Ssn,
    /// A broker's `nin` claim (with `nin_issuing_country` = `SE`), `urn:signicat:oidc:method:…`.
    Nin,
}

impl ClaimFormat {
    /// The scopes asked for besides `openid`.
    pub fn scopes(self) -> &'static [&'static str] {
        match self {
            ClaimFormat::SwedishOidc => &["profile", SE_NUMBER_SCOPE],
            ClaimFormat::Ssn => &["profile"],
            ClaimFormat::Nin => &["profile", "nin"],
        }
    }

    /// acr values and the level each means. A key ending in `*` matches every value it begins.
    fn levels(self) -> &'static [(&'static str, u8)] {
        match self {
            ClaimFormat::SwedishOidc => &[
                ("http://id.elegnamnden.se/loa/1.0/loa2", 2),
                ("http://id.elegnamnden.se/loa/1.0/loa3", 3),
                ("http://id.elegnamnden.se/loa/1.0/loa4", 4),
                ("http://id.elegnamnden.se/loa/1.0/eidas-low", 2),
                ("http://id.elegnamnden.se/loa/1.0/eidas-sub", 3),
                ("http://id.elegnamnden.se/loa/1.0/eidas-nf-sub", 3),
                ("http://id.elegnamnden.se/loa/1.0/eidas-high", 4),
                ("http://id.elegnamnden.se/loa/1.0/eidas-nf-high", 4),
            ],
            // BankID is substantial (LoA 3) however it is started.
            ClaimFormat::Ssn => &[("urn:grn:authn:se:bankid*", 3)],
            ClaimFormat::Nin => &[("urn:signicat:oidc:method:sbid*", 3)],
        }
    }
}

/// One configured provider (`[[identity_providers]]` in the configuration).
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    /// Short, for addresses and logs: lower-case letters, digits and `-`.
    pub id: String,
    /// What residents see: "BankID, Freja eID+ (via Svensk e-identitet)".
    pub label: String,
    /// The label in English, if it differs.
    #[serde(default)]
    pub label_en: Option<String>,
    /// The issuer URL; discovery is read from `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// How residents' claims are named (not used for staff).
    #[serde(default)]
    pub claims: ClaimFormat,
    /// Residents (the default) or staff.
    #[serde(default)]
    pub audience: Audience,
    /// Staff only: the organisation (its id in the catalogue) whose staff sign in here.
    #[serde(default)]
    pub organisation: Option<String>,
    /// Staff only: `amr` values that mean multi-factor authentication (default `mfa`).
    #[serde(default = "default_mfa_amr")]
    pub mfa_amr: Vec<String>,
    /// Staff only: `acr` values that mean multi-factor authentication.
    #[serde(default)]
    pub mfa_acr: Vec<String>,
    /// More acr values and their levels (a key ending in `*` is a prefix), beside the format's.
    #[serde(default)]
    pub acr_levels: BTreeMap<String, u8>,
    /// More scopes to ask for, beside the format's.
    #[serde(default)]
    pub extra_scopes: Vec<String>,
}

fn default_mfa_amr() -> Vec<String> {
    vec!["mfa".into()]
}

impl std::fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("id", &self.id)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("claims", &self.claims)
            .field("audience", &self.audience)
            .field("organisation", &self.organisation)
            .finish_non_exhaustive()
    }
}

impl ProviderConfig {
    /// Refuses a configuration that cannot work, with the reason.
    pub fn check(&self) -> Result<(), String> {
        if self.id.is_empty()
            || self.id.len() > 32
            || !self.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            || self.id == "demo"
        {
            return Err(format!("identity provider id {:?}: 1–32 of a-z, 0-9, '-', not \"demo\"", self.id));
        }
        if (self.audience == Audience::Staff) != self.organisation.is_some() {
            return Err(format!(
                "identity provider {}: an organisation is given for staff providers, and only for them",
                self.id
            ));
        }
        let loopback = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"];
        if !self.issuer.starts_with("https://") && !loopback.iter().any(|p| self.issuer.starts_with(p)) {
            return Err(format!("identity provider {}: the issuer must be an https URL", self.id));
        }
        Ok(())
    }

    pub fn label(&self, lang: crate::i18n::Lang) -> String {
        match (lang.code(), &self.label_en) {
            ("en", Some(label)) => label.clone(),
            _ => self.label.clone(),
        }
    }

    pub fn scopes(&self) -> Vec<String> {
        let base: &[&str] = match self.audience {
            Audience::Residents => self.claims.scopes(),
            Audience::Staff => &["profile", "email"],
        };
        base.iter().map(|s| s.to_string()).chain(self.extra_scopes.iter().cloned()).collect()
    }

    /// The level an acr value means here; `None` for a value this provider's mapping does not know.
    pub fn level_of(&self, acr: &str) -> Option<Loa> {
        let configured = self.acr_levels.iter().map(|(k, v)| (k.as_str(), *v));
        let known = self.claims.levels().iter().copied();
        configured
            .chain(known)
            .find(|(key, _)| match key.strip_suffix('*') {
                Some(prefix) => acr.starts_with(prefix),
                None => acr == *key,
            })
            .map(|(_, level)| Loa(level))
    }
}

/// A person as an e-ID told us, mapped to the portal's one shape.
#[derive(Clone, Debug, PartialEq)]
pub struct MappedPerson {
    pub number: PersonalIdentityNumber,
    pub given_name: String,
    pub family_name: String,
    pub loa: Option<Loa>,
}

/// Why a verified sign-in still cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MappingProblem {
    /// No personal identity or coordination number came, or it is not a valid one.
    NoValidNumber,
}

/// Maps verified ID token claims to a person. `today` bounds the birth date.
pub fn map_person(
    provider: &ProviderConfig,
    claims: &Map<String, Value>,
    acr: Option<&str>,
    today: SimpleDate,
) -> Result<MappedPerson, MappingProblem> {
    let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let number = match provider.claims {
        ClaimFormat::SwedishOidc => text(SE_PERSONAL_NUMBER_CLAIM).or_else(|| text(SE_COORDINATION_NUMBER_CLAIM)),
        ClaimFormat::Ssn => text("ssn"),
        ClaimFormat::Nin => match text("nin_issuing_country") {
            Some(country) if !country.eq_ignore_ascii_case("SE") => None,
            _ => text("nin"),
        },
    };
    // Only the twelve-digit form: a provider that sends ten digits leaves the century to guesswork.
    let number = number
        .filter(|n| n.len() == 12 && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| PersonalIdentityNumber::parse(n, today))
        .ok_or(MappingProblem::NoValidNumber)?;
    let (given_name, family_name) = match (text("given_name"), text("family_name")) {
        (Some(given), Some(family)) => (given.to_string(), family.to_string()),
        _ => {
            let name = text("name").unwrap_or_default();
            match name.rsplit_once(' ') {
                Some((given, family)) => (given.to_string(), family.to_string()),
                None => (name.to_string(), String::new()),
            }
        }
    };
    Ok(MappedPerson {
        number,
        given_name: bounded(&given_name),
        family_name: bounded(&family_name),
        loa: acr.and_then(|acr| provider.level_of(acr)),
    })
}

/// A member of staff as their organisation's provider told us.
#[derive(Clone, Debug, PartialEq)]
pub struct MappedStaff {
    pub subject: String,
    pub name: String,
    pub email: String,
}

/// Why a verified staff sign-in still cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffProblem {
    /// The provider did not report multi-factor authentication.
    NoMfa,
    /// No subject or name came.
    Incomplete,
}

/// Maps a staff member's verified claims, refusing a sign-in without multi-factor authentication.
pub fn map_staff(
    provider: &ProviderConfig,
    claims: &Map<String, Value>,
    acr: Option<&str>,
    amr: &[String],
) -> Result<MappedStaff, StaffProblem> {
    let mfa = amr.iter().any(|m| provider.mfa_amr.contains(m))
        || acr.is_some_and(|acr| provider.mfa_acr.iter().any(|a| a == acr));
    if !mfa {
        return Err(StaffProblem::NoMfa);
    }
    let text = |name: &str| claims.get(name).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
    let subject = text("sub").filter(|s| s.len() <= 255).ok_or(StaffProblem::Incomplete)?;
    let name = text("name")
        .map(str::to_string)
        .or_else(|| Some(format!("{} {}", text("given_name")?, text("family_name")?)))
        .ok_or(StaffProblem::Incomplete)?;
    Ok(MappedStaff {
        subject: subject.to_string(),
        name: bounded(&name),
        email: text("email").map(bounded).unwrap_or_default(),
    })
}

/// Names are kept to 100 characters: a provider's claim is input like any other.
fn bounded(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(100).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn provider(claims: ClaimFormat) -> ProviderConfig {
        ProviderConfig {
            id: "p".into(),
            label: "P".into(),
            label_en: None,
            issuer: "https://idp.example".into(),
            client_id: "c".into(),
            client_secret: "s".into(),
            claims,
            audience: Audience::Residents,
            organisation: None,
            mfa_amr: default_mfa_amr(),
            mfa_acr: vec![],
            acr_levels: BTreeMap::new(),
            extra_scopes: vec![],
        }
    }

    #[test]
    fn staff_need_multi_factor_authentication() {
        let mut staff = provider(ClaimFormat::SwedishOidc);
        staff.audience = Audience::Staff;
        staff.organisation = Some("norrvik".into());
        assert!(staff.check().is_ok());
        staff.mfa_acr = vec!["http://schemas.openid.net/pape/policies/2007/06/multi-factor".into()];
        let claims = json!({"sub": "stina", "name": "Stina Ståhl", "email": "stina@norrvik.example"});
        let claims = claims.as_object().unwrap();
        let mfa = ["pwd".to_string(), "mfa".to_string()];
        assert_eq!(map_staff(&staff, claims, None, &mfa).unwrap().name, "Stina Ståhl");
        assert_eq!(map_staff(&staff, claims, None, &["pwd".into()]), Err(StaffProblem::NoMfa));
        let by_acr =
            map_staff(&staff, claims, Some("http://schemas.openid.net/pape/policies/2007/06/multi-factor"), &[]);
        assert!(by_acr.is_ok());
        assert_eq!(
            map_staff(&staff, json!({"sub": "x"}).as_object().unwrap(), None, &mfa),
            Err(StaffProblem::Incomplete)
        );
        staff.organisation = None;
        assert!(staff.check().is_err(), "a staff provider names its organisation");
    }

    fn today() -> SimpleDate {
        SimpleDate::new(2026, 11, 30).unwrap()
    }

    fn map(format: ClaimFormat, claims: Value, acr: &str) -> Result<MappedPerson, MappingProblem> {
        map_person(&provider(format), claims.as_object().unwrap(), Some(acr), today())
    }

    #[test]
    fn three_claim_formats_map_to_one_person() {
        let se = map(
            ClaimFormat::SwedishOidc,
            json!({SE_PERSONAL_NUMBER_CLAIM: "201701012393", "given_name": "Lisa", "family_name": "Lindqvist"}),
            "http://id.elegnamnden.se/loa/1.0/loa3",
        )
        .unwrap();
        let ssn = map(
            ClaimFormat::Ssn,
            json!({"ssn": "201701012393", "name": "Lisa Lindqvist"}),
            "urn:grn:authn:se:bankid:same-device",
        )
        .unwrap();
        let nin = map(
            ClaimFormat::Nin,
            json!({"nin": "201701012393", "nin_issuing_country": "SE", "given_name": "Lisa", "family_name": "Lindqvist"}),
            "urn:signicat:oidc:method:sbid",
        )
        .unwrap();
        assert_eq!(se, ssn);
        assert_eq!(se, nin);
        assert_eq!(se.number.digits(), "201701012393");
        assert_eq!(se.loa, Some(Loa(3)));
    }

    #[test]
    fn levels_follow_each_format_and_unknown_values_have_none() {
        let se = provider(ClaimFormat::SwedishOidc);
        assert_eq!(se.level_of("http://id.elegnamnden.se/loa/1.0/loa2"), Some(Loa(2)));
        assert_eq!(se.level_of("http://id.elegnamnden.se/loa/1.0/eidas-high"), Some(Loa(4)));
        assert_eq!(se.level_of("http://id.elegnamnden.se/loa/1.0/eidas-sub"), Some(Loa(3)));
        assert_eq!(se.level_of("urn:grn:authn:se:bankid"), None);
        let ssn = provider(ClaimFormat::Ssn);
        assert_eq!(ssn.level_of("urn:grn:authn:se:bankid:another-device:qr"), Some(Loa(3)));
        assert_eq!(ssn.level_of("urn:grn:authn:se:frejaeid:basic"), None);
        let mut configured = provider(ClaimFormat::Ssn);
        configured.acr_levels.insert("urn:grn:authn:se:frejaeid:plus*".into(), 3);
        assert_eq!(configured.level_of("urn:grn:authn:se:frejaeid:plus"), Some(Loa(3)));
    }

    #[test]
    fn a_missing_short_foreign_or_invalid_number_is_refused() {
        let acr = "http://id.elegnamnden.se/loa/1.0/loa3";
        for claims in [
            json!({"given_name": "Nils"}),
            json!({SE_PERSONAL_NUMBER_CLAIM: "191212121213"}),
            json!({SE_PERSONAL_NUMBER_CLAIM: "1212121212"}),
            json!({SE_PERSONAL_NUMBER_CLAIM: 191212121212_i64}),
            json!({SE_PERSONAL_NUMBER_CLAIM: "19121212-1212"}),
        ] {
            assert_eq!(
                map(ClaimFormat::SwedishOidc, claims.clone(), acr),
                Err(MappingProblem::NoValidNumber),
                "{claims}"
            );
        }
        let foreign = json!({"nin": "201701012393", "nin_issuing_country": "NO"});
        assert_eq!(map(ClaimFormat::Nin, foreign, "urn:signicat:oidc:method:sbid"), Err(MappingProblem::NoValidNumber));
    }

    #[test]
    fn configurations_that_cannot_work_are_refused() {
        let mut p = provider(ClaimFormat::Ssn);
        assert!(p.check().is_ok());
        p.issuer = "http://idp.example".into();
        assert!(p.check().unwrap_err().contains("https"));
        p.issuer = "http://127.0.0.1:4000".into();
        assert!(p.check().is_ok(), "a loopback provider is for tests and the demo");
        p.id = "Demo".into();
        assert!(p.check().is_err());
        assert!(!format!("{p:?}").contains("\"s\""), "the client secret is never printed");
    }
}
