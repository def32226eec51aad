//! Domain values shared by the browser and the server: each type parses what people type and
//! refuses what is not valid, so code that holds one can trust it (`PersonalIdentityNumber`,
//! `OrganisationNumber`, `SimpleDate`).

pub mod date;
pub mod files;
pub mod identity;
