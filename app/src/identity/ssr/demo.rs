//! The demo's test persons: signing in as one of them needs no e-ID. Only with demo
//! configuration (which the configuration allows on a loopback address only); outside it the
//! page answers 404 and the sign-in route is not mounted. Personal identity numbers are
//! Skatteverket's published test numbers (and its long-printed example 19121212-1212), never a
//! made-up number that could belong to a real person.

/// id, given name, family name, personal identity number.
pub const RESIDENTS: [(&str, &str, &str, &str); 3] = [
    ("tolvan", "Tolvan", "Tolvansson", "191212121212"),
    ("agda", "Agda", "Andersson", "189001019802"),
    ("lisa", "Lisa", "Lindqvist", "201701012393"),
];

/// The provider id recorded for a demo sign-in.
pub const PROVIDER: &str = "demo";

pub fn resident(id: &str) -> Option<(&'static str, &'static str, &'static str, &'static str)> {
    RESIDENTS.iter().copied().find(|(person, ..)| *person == id)
}
