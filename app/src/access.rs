//! Who is acting, and what they may do: the one place that says so. The server resolves the
//! [`Actor`] of every request from its session (`server::middleware::actor`) and puts it in the
//! request's extensions, where pages, server functions and handlers all find it
//! ([`current_actor`]). Every read or write of personal data asks [`may`] (or [`require`]).

use crate::error::AppError;
use serde::{Deserialize, Serialize};

/// Level of assurance of an e-ID sign-in, as the Swedish trust framework counts it
/// (tillitsnivå; eIDAS low, substantial, high are 2, 3, 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Loa(pub u8);

impl Loa {
    /// Substantial: what personal e-services need.
    pub const SUBSTANTIAL: Loa = Loa(3);
}

/// The session key under which a signed-in resident is kept.
pub const SIGNED_IN_KEY: &str = "signed_in";

/// A resident signed in with an e-ID, as the session keeps it: the pseudonymous person id and
/// what the header shows, never the whole personal identity number, never a token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignedIn {
    /// `persons.id`: pseudonymous, safe in logs and audit rows.
    pub person_id: i64,
    pub name: String,
    /// The provider's id in the configuration (`demo` for the demo's test persons).
    pub provider: String,
    pub loa: Loa,
    pub signed_in_at_ms: i64,
    /// The last request seen, to end the session after the idle timeout (written at most once
    /// a minute, so that reading pages does not write the session each time).
    pub last_seen_ms: i64,
    /// Whom they act for besides themselves, if they chose someone (a child in their custody, a
    /// company they sign for), as the registries said when they chose.
    #[serde(default)]
    pub acting_for: Option<ActingFor>,
}

/// Someone a resident acts for: chosen at My pages from what the registries answer for the
/// signed-in person, checked again on the server when chosen, shown on every page.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct ActingFor {
    pub kind: Represented,
    /// A child's personal identity number (12 digits) or a company's organisation number (10).
    pub number: String,
    /// The name the pages show.
    pub name: String,
    /// Protected identity (skyddad identitet), as the registry said: what is sent for them is
    /// kept secret and goes to a registrar by hand, never registered automatically.
    #[serde(default)]
    pub protected: bool,
}

impl ActingFor {
    /// How drafts and records name whom they are for: `child:NUMBER` or `company:NUMBER`.
    pub fn key(&self) -> String {
        let kind = match self.kind {
            Represented::Child => "child",
            Represented::Company => "company",
        };
        format!("{kind}:{}", self.number)
    }
}

impl SignedIn {
    /// Whom this person acts for, as drafts name it: empty for themselves.
    pub fn on_behalf(&self) -> String {
        self.acting_for.as_ref().map(ActingFor::key).unwrap_or_default()
    }
}

impl std::fmt::Debug for ActingFor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActingFor").field("kind", &self.kind).finish_non_exhaustive()
    }
}

/// What kind of someone a resident acts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Represented {
    /// A child in the resident's custody (the population registry).
    Child,
    /// A company the resident may sign for (the company registry).
    Company,
}

/// The session key under which a signed-in member of staff is kept.
pub const STAFF_KEY: &str = "staff";
/// In a session whose resident sign-in ended by its time limit: whose it was (a person id), so
/// what they send meanwhile can wait for them to sign in again.
pub const LAPSED_KEY: &str = "lapsed_person";

/// The portal's own roles for staff, per organisation and optionally department.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// Registers incoming cases and documents (registrator).
    Registrar,
    /// Handles cases (handläggare).
    CaseOfficer,
    /// Assigns cases and decides (chef).
    Manager,
    /// Grants and removes the roles of the organisation's staff.
    OrganisationAdmin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Registrar, Role::CaseOfficer, Role::Manager, Role::OrganisationAdmin];

    /// The name stored in `staff_roles.role` and used in forms.
    pub fn code(self) -> &'static str {
        match self {
            Role::Registrar => "registrar",
            Role::CaseOfficer => "case-officer",
            Role::Manager => "manager",
            Role::OrganisationAdmin => "organisation-admin",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.code() == code)
    }
}

/// One role held: in the whole organisation (`department` empty) or one department of it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RoleGrant {
    pub organisation: String,
    /// Empty: the whole organisation.
    pub department: String,
    pub role: Role,
}

/// A member of staff signed in through their organisation's e-ID, as the session keeps them.
/// The roles are read anew for every request (`server::middleware::actor`), so a role removed
/// takes effect at once.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffMember {
    /// `staff.id`: pseudonymous, safe in logs and audit rows.
    pub staff_id: i64,
    pub name: String,
    pub organisation: String,
    pub provider: String,
    pub signed_in_at_ms: i64,
    pub last_seen_ms: i64,
    #[serde(default, skip_serializing)]
    pub roles: Vec<RoleGrant>,
}

impl StaffMember {
    pub fn has_role(&self, organisation: &str, role: Role) -> bool {
        self.roles.iter().any(|grant| grant.organisation == organisation && grant.role == role)
    }

    /// Holds one of `roles` for `department` of `organisation` (or for the whole organisation).
    pub fn has_role_in(&self, organisation: &str, department: &str, roles: &[Role]) -> bool {
        self.member_of(organisation)
            && self.roles.iter().any(|grant| {
                grant.organisation == organisation
                    && (grant.department.is_empty() || grant.department == department)
                    && roles.contains(&grant.role)
            })
    }

    /// Signed in as staff of `organisation` (roles of another organisation count for nothing).
    fn member_of(&self, organisation: &str) -> bool {
        self.organisation == organisation
    }

    /// The departments of their organisation whose cases they work with: `None` for all of them
    /// (a role for the whole organisation), else those their roles name.
    pub fn case_departments(&self) -> Option<Vec<String>> {
        let grants: Vec<&RoleGrant> =
            self.roles.iter().filter(|g| g.organisation == self.organisation && CASE_ROLES.contains(&g.role)).collect();
        if grants.iter().any(|g| g.department.is_empty()) {
            return None;
        }
        let mut departments: Vec<String> = grants.iter().map(|g| g.department.clone()).collect();
        departments.sort();
        departments.dedup();
        Some(departments)
    }
}

/// The roles that work with cases (an organisation administrator only manages roles).
pub const CASE_ROLES: [Role; 3] = [Role::Registrar, Role::CaseOfficer, Role::Manager];

/// When the sign-in of this request ends unless the person does something (milliseconds since
/// the epoch): a request extension beside the [`Actor`], shown in the header with a one-click
/// "stay signed in" (WCAG 2.2.1, without JavaScript).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignInEnds(pub i64);

/// Who is acting in a request.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Actor {
    #[default]
    Anonymous,
    Resident(SignedIn),
    Staff(StaffMember),
}

impl Actor {
    /// The pseudonymous name used in audit rows: `person:12` or `anonymous`.
    pub fn audit_name(&self) -> String {
        match self {
            Actor::Anonymous => "anonymous".into(),
            Actor::Resident(person) => format!("person:{}", person.person_id),
            Actor::Staff(member) => format!("staff:{}", member.staff_id),
        }
    }

    pub fn resident(&self) -> Option<&SignedIn> {
        match self {
            Actor::Resident(person) => Some(person),
            _ => None,
        }
    }

    pub fn staff(&self) -> Option<&StaffMember> {
        match self {
            Actor::Staff(member) => Some(member),
            _ => None,
        }
    }

    /// The name the header shows, if anyone is signed in.
    pub fn display_name(&self) -> Option<&str> {
        match self {
            Actor::Anonymous => None,
            Actor::Resident(person) => Some(&person.name),
            Actor::Staff(member) => Some(&member.name),
        }
    }
}

/// What an actor wants to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Read,
    Change,
}

/// What it wants to do it to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource<'a> {
    /// A person's own records: profile, sign-in history, everything kept about them.
    Person(i64),
    /// The staff of an organisation and their roles.
    OrganisationStaff(&'a str),
    /// A case: who it belongs to (organisation, department), whose it is (the applicant) and
    /// whom it is for when the applicant acted for someone (`child:…`, `company:…`).
    Case { organisation: &'a str, department: &'a str, person: Option<i64>, on_behalf: Option<&'a str> },
}

/// The authorization policy. A resident reads and changes their own records and nobody else's;
/// staff reach no resident's records through My pages (cases will grant them their own); an
/// organisation's administrators read and change its staff's roles, nobody else; an anonymous
/// visitor nothing.
pub fn may(actor: &Actor, action: Action, resource: Resource) -> bool {
    match (actor, action, resource) {
        (Actor::Resident(person), Action::Read | Action::Change, Resource::Person(id)) => person.person_id == id,
        (Actor::Staff(member), Action::Read | Action::Change, Resource::OrganisationStaff(organisation)) => {
            member.organisation == organisation && member.has_role(organisation, Role::OrganisationAdmin)
        }
        // The applicant reads their case and answers in it, and so does whoever acts for the one
        // it is for (the other guardian of the child, another signatory of the company: the
        // registries said so when they chose); staff work with their organisation's cases in the
        // departments their case roles cover.
        (Actor::Resident(me), _, Resource::Case { person, on_behalf, .. }) => {
            person == Some(me.person_id)
                || on_behalf.is_some_and(|key| me.acting_for.as_ref().is_some_and(|a| a.key() == key))
        }
        (Actor::Staff(member), _, Resource::Case { organisation, department, .. }) => {
            member.has_role_in(organisation, department, &CASE_ROLES)
        }
        (Actor::Resident(_), _, Resource::OrganisationStaff(_)) | (Actor::Staff(_), _, Resource::Person(_)) => false,
        (Actor::Anonymous, _, _) => false,
    }
}

/// [`may`] as an error: `Unauthenticated` for an anonymous actor (who is sent to sign in and
/// back), `Forbidden` for anyone else.
pub fn require(actor: &Actor, action: Action, resource: Resource) -> Result<(), AppError> {
    if may(actor, action, resource) {
        Ok(())
    } else if *actor == Actor::Anonymous {
        Err(AppError::Unauthenticated)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The actor of the request being rendered or answered (on the server); anonymous in the browser.
pub fn current_actor() -> Actor {
    #[cfg(feature = "ssr")]
    return leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Actor>().cloned())
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    Actor::Anonymous
}

/// When the sign-in of the request being rendered ends, if anyone is signed in (server only).
pub fn current_sign_in_ends() -> Option<i64> {
    #[cfg(feature = "ssr")]
    return leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<SignInEnds>().map(|ends| ends.0));
    #[cfg(not(feature = "ssr"))]
    None
}

/// The signed-in resident, or `Unauthenticated`.
pub fn signed_in_resident() -> Result<SignedIn, AppError> {
    current_actor().resident().cloned().ok_or(AppError::Unauthenticated)
}

/// The signed-in member of staff, or `Unauthenticated`.
pub fn signed_in_staff() -> Result<StaffMember, AppError> {
    current_actor().staff().cloned().ok_or(AppError::Unauthenticated)
}

/// Storage of roles: read for every staff request, changed by an organisation's administrators
/// (each change audited in the same commit by the caller).
#[cfg(feature = "ssr")]
pub mod roles {
    use super::{Role, RoleGrant};
    use crate::{
        db::{Db, Timestamp, Tx},
        error::AppError,
        on_db, on_tx,
    };

    /// The roles `staff_id` holds.
    pub async fn of(db: &Db, staff_id: i64) -> Result<Vec<RoleGrant>, AppError> {
        let rows: Vec<(String, String, String)> = on_db!(db, read, |pool| {
            sqlx::query_as(
                "SELECT organisation_id, department_id, role FROM staff_roles WHERE staff_id = $1 \
                 ORDER BY organisation_id, department_id, role",
            )
            .bind(staff_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .filter_map(|(organisation, department, role)| {
                Role::parse(&role).map(|role| RoleGrant { organisation, department, role })
            })
            .collect())
    }

    /// Grants a role; `false` if it was held already.
    pub async fn grant(tx: &mut Tx, staff_id: i64, grant: &RoleGrant, by: &str, now_ms: i64) -> Result<bool, AppError> {
        let inserted = on_tx!(tx, |conn| {
            sqlx::query(
                "INSERT INTO staff_roles (staff_id, organisation_id, department_id, role, granted_by, granted_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            )
            .bind(staff_id)
            .bind(&grant.organisation)
            .bind(&grant.department)
            .bind(grant.role.code())
            .bind(by)
            .bind(Timestamp(now_ms))
            .execute(&mut *conn)
            .await?
            .rows_affected()
        });
        Ok(inserted == 1)
    }

    /// Removes a role; `false` if it was not held.
    pub async fn remove(tx: &mut Tx, staff_id: i64, grant: &RoleGrant) -> Result<bool, AppError> {
        let deleted = on_tx!(tx, |conn| {
            sqlx::query(
                "DELETE FROM staff_roles WHERE staff_id = $1 AND organisation_id = $2 AND department_id = $3 AND role = $4",
            )
            .bind(staff_id)
            .bind(&grant.organisation)
            .bind(&grant.department)
            .bind(grant.role.code())
            .execute(&mut *conn)
            .await?
            .rows_affected()
        });
        Ok(deleted == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resident(id: i64) -> Actor {
        Actor::Resident(SignedIn {
            person_id: id,
            name: "Tolvan Tolvansson".into(),
            provider: "se".into(),
            loa: Loa(3),
            signed_in_at_ms: 0,
            last_seen_ms: 0,
            acting_for: None,
        })
    }

    #[test]
    fn a_resident_reaches_their_own_records_only() {
        assert!(may(&resident(1), Action::Read, Resource::Person(1)));
        assert!(may(&resident(1), Action::Change, Resource::Person(1)));
        assert!(!may(&resident(1), Action::Read, Resource::Person(2)));
        assert!(!may(&Actor::Anonymous, Action::Read, Resource::Person(1)));
        assert_eq!(require(&Actor::Anonymous, Action::Read, Resource::Person(1)), Err(AppError::Unauthenticated));
        assert_eq!(require(&resident(2), Action::Read, Resource::Person(1)), Err(AppError::Forbidden));
        assert_eq!(resident(7).audit_name(), "person:7");
    }

    fn staff(organisation: &str, roles: &[Role]) -> Actor {
        Actor::Staff(StaffMember {
            staff_id: 9,
            name: "Stina Ståhl".into(),
            organisation: organisation.into(),
            provider: "staff".into(),
            signed_in_at_ms: 0,
            last_seen_ms: 0,
            roles: roles
                .iter()
                .map(|role| RoleGrant { organisation: organisation.into(), department: String::new(), role: *role })
                .collect(),
        })
    }

    #[test]
    fn only_an_organisations_administrators_reach_its_staff() {
        let norrvik = Resource::OrganisationStaff("norrvik");
        assert!(may(&staff("norrvik", &[Role::OrganisationAdmin]), Action::Change, norrvik));
        assert!(!may(&staff("norrvik", &[Role::Manager, Role::CaseOfficer]), Action::Read, norrvik));
        assert!(!may(&staff("sodervik", &[Role::OrganisationAdmin]), Action::Read, norrvik));
        assert!(!may(&resident(1), Action::Read, norrvik));
        assert!(!may(&staff("norrvik", &[Role::OrganisationAdmin]), Action::Read, Resource::Person(1)));
        assert_eq!(require(&staff("norrvik", &[]), Action::Read, norrvik), Err(AppError::Forbidden));
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
    }

    #[test]
    fn cases_are_reached_by_their_applicant_and_their_departments_staff() {
        let case =
            Resource::Case { organisation: "norrvik", department: "norrvik-bygg", person: Some(1), on_behalf: None };
        assert!(may(&resident(1), Action::Read, case));
        assert!(!may(&resident(2), Action::Read, case));
        assert!(!may(&Actor::Anonymous, Action::Read, case));
        assert!(may(&staff("norrvik", &[Role::CaseOfficer]), Action::Change, case));
        assert!(!may(&staff("norrvik", &[Role::OrganisationAdmin]), Action::Read, case));
        assert!(!may(&staff("sjovik", &[Role::Manager]), Action::Read, case));
        let mut one_department = staff("norrvik", &[]);
        if let Actor::Staff(member) = &mut one_department {
            member.roles.push(RoleGrant {
                organisation: "norrvik".into(),
                department: "norrvik-kultur".into(),
                role: Role::CaseOfficer,
            });
            assert_eq!(member.case_departments(), Some(vec!["norrvik-kultur".to_string()]));
        }
        assert!(!may(&one_department, Action::Read, case));
        // A role in another organisation's department does not reach this one's cases.
        let mut elsewhere = staff("sjovik", &[]);
        if let Actor::Staff(member) = &mut elsewhere {
            member.roles.push(RoleGrant {
                organisation: "norrvik".into(),
                department: String::new(),
                role: Role::Manager,
            });
        }
        assert!(!may(&elsewhere, Action::Read, case));
    }
}
