//! The demo's test persons: signing in as one of them needs no e-ID. Only with demo
//! configuration (which the configuration allows on a loopback address only); outside it the
//! page answers 404 and the sign-in route is not mounted. Personal identity numbers are
//! Skatteverket's published test numbers (and its long-printed example 19121212-1212), never a
//! made-up number that could belong to a real person.

/// id, given name, family name, personal identity number.
/// Anna and Erik Berg share custody of two children, and Anna signs for a company; Sara Ek signs
/// for two companies; Kim has protected identity (the demo registry, `demo-registry.toml`).
pub const RESIDENTS: [(&str, &str, &str, &str); 7] = [
    ("tolvan", "Tolvan", "Tolvansson", "191212121212"),
    ("agda", "Agda", "Andersson", "189001019802"),
    ("lisa", "Lisa", "Lindqvist", "201701012393"),
    ("anna", "Anna", "Berg", "199010202381"),
    ("erik", "Erik", "Berg", "199010212380"),
    ("sara-ek", "Sara", "Ek", "198605119885"),
    ("kim", "Kim", "Skyddad", "198606129990"),
];

/// The provider id recorded for a demo sign-in.
pub const PROVIDER: &str = "demo";

pub fn resident(id: &str) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
    RESIDENTS.iter().copied().find(|(person, ..)| *person == id)
}

/// Demo staff: id, name, e-mail, organisation, and the roles the demo gives them there (for the
/// whole organisation): an administrator and manager, a case officer and a registrar at
/// Norrvik, the same at Sjövik, and a case officer each at the fire service, the county board,
/// the police and the tax agency (who answer referrals).
pub const STAFF: [(&str, &str, &str, &str, &[crate::access::Role]); 10] = [
    ("stina", "Stina Ståhl", "stina.stahl@norrvik.example", "norrvik", &[Role::OrganisationAdmin, Role::Manager]),
    ("olle", "Olle Olsson", "olle.olsson@norrvik.example", "norrvik", &[Role::CaseOfficer]),
    ("rut", "Rut Registrator", "rut.registrator@norrvik.example", "norrvik", &[Role::Registrar]),
    ("sara", "Sara Sjöberg", "sara.sjoberg@sjovik.example", "sjovik", &[Role::OrganisationAdmin, Role::Manager]),
    ("sven", "Sven Sjöman", "sven.sjoman@sjovik.example", "sjovik", &[Role::CaseOfficer, Role::Registrar]),
    (
        "frida",
        "Frida Brandt",
        "frida.brandt@raddning.example",
        "raddningstjansten",
        &[Role::CaseOfficer, Role::Manager],
    ),
    (
        "lars",
        "Lars Länsman",
        "lars.lansman@lansstyrelsen.example",
        "lansstyrelsen",
        &[Role::CaseOfficer, Role::Manager],
    ),
    ("maja", "Maja Chef", "maja.chef@norrvik.example", "norrvik", &[Role::Manager, Role::Registrar]),
    ("paula", "Paula Polhem", "paula.polhem@polisen.example", "polisen", &[Role::CaseOfficer, Role::Manager]),
    (
        "sixten",
        "Sixten Skattberg",
        "sixten.skattberg@skatteverket.example",
        "skatteverket",
        &[Role::CaseOfficer, Role::Manager],
    ),
];

use crate::access::Role;

/// The provider id recorded for a demo staff sign-in.
pub const STAFF_PROVIDER: &str = "demo-staff";

pub fn staff(
    id: &str,
) -> Option<(&'static str, &'static str, &'static str, &'static str, &'static [crate::access::Role])> {
    STAFF.iter().copied().find(|(member, ..)| *member == id)
}
