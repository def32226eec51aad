//! The registries the portal asks instead of the applicant (once-only): the population registry
//! (a person's name and address, the children in their custody, protected identity) and the
//! company registry (a company's name and status, who may sign for it). What they answer, shared
//! by browser and server; the adapters that ask them are in `ssr`.

use serde::{Deserialize, Serialize};

/// A person as the population registry knows them. `address` is `None` for a person with
/// protected identity (skyddad identitet): the registry never gives it out, and the portal never
/// shows or stores one for them.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonRecord {
    /// Twelve digits, `YYYYMMDDNNNC`.
    pub pin: String,
    pub given_name: String,
    pub family_name: String,
    #[serde(default)]
    pub address: Option<Address>,
    /// Protected identity: the case goes to a manual route and no address is kept.
    #[serde(default)]
    pub protected: bool,
}

impl std::fmt::Debug for PersonRecord {
    // Never a number or an address in a log line, even by a careless `{:?}`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonRecord").field("protected", &self.protected).finish_non_exhaustive()
    }
}

/// A registered address (folkbokföringsadress).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Address {
    pub street: String,
    pub postal_code: String,
    pub town: String,
}

/// A child in a guardian's custody.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct ChildRecord {
    pub pin: String,
    pub given_name: String,
    pub family_name: String,
    /// Protected identity: see [`PersonRecord::protected`].
    #[serde(default)]
    pub protected: bool,
}

impl std::fmt::Debug for ChildRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChildRecord").field("protected", &self.protected).finish_non_exhaustive()
    }
}

/// A guardian of a child (vårdnadshavare), as the population registry names them: whoever has
/// custody today. Two under joint custody, one under sole custody.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct GuardianRecord {
    pub pin: String,
    pub given_name: String,
    pub family_name: String,
}

impl std::fmt::Debug for GuardianRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuardianRecord").finish_non_exhaustive()
    }
}

/// Whether a company may still act (only an active one may apply for a licence).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompanyStatus {
    Active,
    InLiquidation,
    Deregistered,
}

/// A company as the company registry knows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanyRecord {
    /// Ten digits, `NNNNNNNNNC`.
    pub org_no: String,
    pub name: String,
    pub status: CompanyStatus,
    #[serde(default)]
    pub address: Option<Address>,
    /// Who may sign for the company (firmatecknare).
    #[serde(default)]
    pub signatories: Vec<Signatory>,
}

/// One who may sign for a company.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Signatory {
    pub pin: String,
    pub name: String,
}

impl std::fmt::Debug for Signatory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signatory").finish_non_exhaustive()
    }
}

/// A company a person may sign for, as a list shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompanySummary {
    pub org_no: String,
    pub name: String,
    pub status: CompanyStatus,
}

/// What a registry is asked, as the body of a POST: numbers travel in bodies, never in paths or
/// query strings, so no access log along the way records them.
#[derive(Clone, Serialize, Deserialize)]
pub struct Lookup {
    /// A personal identity number (12 digits) or an organisation number (10 digits).
    pub number: String,
}

impl std::fmt::Debug for Lookup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Lookup(…)")
    }
}

/// The registry API's paths under its base address (the contract the demo registry serves and
/// the HTTP adapter calls).
pub mod paths {
    pub const PERSON: &str = "/v1/person";
    pub const CHILDREN: &str = "/v1/person/children";
    /// The guardians of a child (the number asked about is the child's).
    pub const GUARDIANS: &str = "/v1/person/guardians";
    pub const COMPANY: &str = "/v1/company";
    pub const COMPANIES_SIGNED_BY: &str = "/v1/person/companies";
}

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod ssr;
