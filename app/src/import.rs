//! Loads the catalogue from the content files in the repository (`server/content/`).
//!
//! Every file is parsed and the whole set validated before anything is written; then one
//! transaction upserts it. Importing the same files again changes nothing. A bad file is
//! rejected with its path and the place in it, and the database is left as it was.
//!
//! Form definitions (`forms/*.toml`) come along in the same transaction. A form version,
//! once imported, is never changed: different content under the same version is refused.
//! So do the units to choose between (`units/*.toml`: an organisation's preschools and
//! schools); like services, a unit removed from the files is kept (applications refer to it).

use crate::{
    catalog::{Level, ProviderType, Range, UnitKind},
    db::Db,
    forms::model::FormDefinition,
    i18n::Lang,
};
use serde::Deserialize;
use std::{
    collections::{BTreeMap, BTreeSet},
    fmt,
    path::{Path, PathBuf},
};

#[derive(Debug)]
pub struct ImportError {
    pub file: PathBuf,
    pub place: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.place.is_empty() {
            write!(f, "{}: {}", self.file.display(), self.message)
        } else {
            write!(f, "{}: {}: {}", self.file.display(), self.place, self.message)
        }
    }
}

impl std::error::Error for ImportError {}

#[derive(Debug)]
pub enum ImportFailure {
    Invalid(ImportError),
    Database(sqlx::Error),
}

impl fmt::Display for ImportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportFailure::Invalid(e) => write!(f, "invalid content: {e}"),
            ImportFailure::Database(e) => write!(f, "database error during import: {e}"),
        }
    }
}

impl std::error::Error for ImportFailure {}

impl From<sqlx::Error> for ImportFailure {
    fn from(e: sqlx::Error) -> Self {
        ImportFailure::Database(e)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LifeEventsFile {
    life_event: Vec<LifeEventEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LifeEventEntry {
    id: String,
    sort: i64,
    text: BTreeMap<String, LifeEventText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LifeEventText {
    name: String,
    description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganisationFile {
    organisation: OrganisationEntry,
    #[serde(default)]
    department: Vec<DepartmentEntry>,
    #[serde(default)]
    service: Vec<ServiceEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganisationEntry {
    id: String,
    kind: String,
    website: String,
    email: String,
    phone: String,
    address: String,
    text: BTreeMap<String, UnitText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitText {
    name: String,
    description: String,
    opening_hours: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DepartmentEntry {
    id: String,
    case_prefix: String,
    /// Digits of the case serial (`BN 2026/0123`: 4); 4 when left out.
    #[serde(default = "default_serial_digits")]
    case_serial_digits: u8,
    email: String,
    phone: String,
    text: BTreeMap<String, UnitText>,
}

fn default_serial_digits() -> u8 {
    4
}

/// How a service's cases are handled.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseEntry {
    /// The handling time, in days, within which a decision is expected.
    handling_days: u16,
    /// `standard` (the Administrative Procedure Act) or `planning-act` (building permits).
    #[serde(default = "standard_clock")]
    clock: String,
    /// The provision of the Secrecy Act that makes the service's cases confidential, if any.
    #[serde(default)]
    secrecy: Option<String>,
    /// The provisions decisions usually rest on: the decision form starts from them.
    #[serde(default)]
    decision_provisions: Option<String>,
}

fn standard_clock() -> String {
    "standard".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceEntry {
    id: String,
    department: String,
    level: String,
    /// The least level of assurance of an e-ID for its personal e-services (2–4).
    #[serde(default)]
    assurance: Option<u8>,
    /// Set when what is sent to the service becomes a case.
    #[serde(default)]
    case: Option<CaseEntry>,
    life_events: Vec<String>,
    #[serde(default)]
    related: Vec<String>,
    text: BTreeMap<String, ServiceText>,
    #[serde(default)]
    legal_basis: Vec<BTreeMap<String, String>>,
    #[serde(default)]
    authority: Vec<BTreeMap<String, String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceText {
    name: String,
    summary: String,
    description: String,
    audience: String,
    how_to_apply: String,
    requirements: String,
    fees: String,
    handling_time: String,
}

impl ServiceText {
    fn fields(&self) -> [(&'static str, &str); 8] {
        [
            ("name", &self.name),
            ("summary", &self.summary),
            ("description", &self.description),
            ("audience", &self.audience),
            ("how_to_apply", &self.how_to_apply),
            ("requirements", &self.requirements),
            ("fees", &self.fees),
            ("handling_time", &self.handling_time),
        ]
    }
}

/// `units/*.toml`: an organisation's units (preschools, schools) to choose between.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitsFile {
    organisation: String,
    /// The services whose pages link to these units, by kind (`forskola = "norrvik-forskola"`).
    #[serde(default)]
    services: BTreeMap<String, String>,
    #[serde(default)]
    unit: Vec<UnitEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitEntry {
    id: String,
    /// `forskola` or `skola`.
    kind: String,
    name: String,
    /// `kommunal` or `fristaende`.
    provider: String,
    /// An independent unit's provider; a municipal unit's is its organisation.
    #[serde(default)]
    provider_name: Option<String>,
    address: String,
    postal_code: String,
    postal_town: String,
    /// A preschool's ages, `1-5`.
    #[serde(default)]
    ages: Option<String>,
    /// A school's years, `F-6`.
    #[serde(default)]
    years: Option<String>,
    /// A preschool's opening hours, `06.30–18.30`.
    #[serde(default)]
    opening_hours: Option<String>,
    places: i64,
    phone: String,
    email: String,
    #[serde(default)]
    website: Option<String>,
    text: BTreeMap<String, UnitEntryText>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitEntryText {
    profile: String,
}

/// A unit that passed the checks, with its ranges read.
#[derive(Debug)]
struct CheckedUnit {
    organisation: String,
    entry: UnitEntry,
    ages: Option<Range>,
    years: Option<Range>,
}

/// A validated catalogue, ready to write.
#[derive(Debug)]
pub struct Catalog {
    life_events: Vec<LifeEventEntry>,
    organisations: Vec<OrganisationFile>,
    forms: Vec<(PathBuf, FormDefinition)>,
    units: Vec<CheckedUnit>,
    /// (service id, unit kind): the services whose pages link to units of a kind.
    unit_services: Vec<(String, UnitKind)>,
}

impl Catalog {
    pub fn service_count(&self) -> usize {
        self.organisations.iter().map(|o| o.service.len()).sum()
    }
    pub fn organisation_count(&self) -> usize {
        self.organisations.len()
    }
    pub fn form_count(&self) -> usize {
        self.forms.len()
    }
    pub fn unit_count(&self) -> usize {
        self.units.len()
    }
}

fn invalid(file: &Path, place: impl Into<String>, message: impl Into<String>) -> ImportError {
    ImportError { file: file.to_path_buf(), place: place.into(), message: message.into() }
}

fn parse_toml<T: serde::de::DeserializeOwned>(file: &Path) -> Result<T, ImportError> {
    let text = std::fs::read_to_string(file).map_err(|e| invalid(file, "", format!("cannot read: {e}")))?;
    toml::from_str(&text).map_err(|e| {
        let place = match e.span() {
            Some(span) => {
                let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
                format!("line {line}")
            }
            None => String::new(),
        };
        invalid(file, place, e.message().to_string())
    })
}

fn check_id(file: &Path, place: &str, id: &str) -> Result<(), ImportError> {
    let ok = !id.is_empty()
        && id.len() <= 80
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(invalid(file, format!("{place}.id"), format!("'{id}' must be lowercase a-z, 0-9 and '-'")))
    }
}

fn check_url(file: &Path, place: &str, url: &str) -> Result<(), ImportError> {
    if url.starts_with("https://") && !url.contains(char::is_whitespace) {
        Ok(())
    } else {
        Err(invalid(file, place, format!("'{url}' must be an https:// address")))
    }
}

/// Every language of the portal must be present, with every field filled in.
fn check_texts<T>(
    file: &Path,
    place: &str,
    texts: &BTreeMap<String, T>,
    fields: impl Fn(&T) -> Vec<(&'static str, &str)>,
) -> Result<(), ImportError> {
    for lang in Lang::all() {
        let Some(text) = texts.get(lang.code()) else {
            return Err(invalid(file, format!("{place}.text.{lang}"), "missing translation"));
        };
        for (field, value) in fields(text) {
            if value.trim().is_empty() {
                return Err(invalid(file, format!("{place}.text.{lang}.{field}"), "must not be empty"));
            }
        }
    }
    if let Some(extra) = texts.keys().find(|code| Lang::parse(code).is_none()) {
        return Err(invalid(file, format!("{place}.text.{extra}"), "unknown language"));
    }
    Ok(())
}

/// A per-language key such as `title_sv`, required for every language.
fn localized<'a>(
    file: &Path,
    place: &str,
    map: &'a BTreeMap<String, String>,
    key: &str,
) -> Result<Vec<(Lang, &'a str)>, ImportError> {
    Lang::all()
        .map(|lang| {
            let name = format!("{key}_{lang}");
            match map.get(&name).map(|v| v.trim()) {
                Some(v) if !v.is_empty() => Ok((lang, v)),
                _ => Err(invalid(file, format!("{place}.{name}"), "missing or empty")),
            }
        })
        .collect()
}

/// Reads and validates `dir/life-events.toml` and `dir/organisations/*.toml`.
pub fn load(dir: &Path) -> Result<Catalog, ImportError> {
    let events_file = dir.join("life-events.toml");
    let events: LifeEventsFile = parse_toml(&events_file)?;
    let mut event_ids = BTreeSet::new();
    for (i, event) in events.life_event.iter().enumerate() {
        let place = format!("life_event[{i}]");
        check_id(&events_file, &place, &event.id)?;
        if !event_ids.insert(event.id.clone()) {
            return Err(invalid(&events_file, format!("{place}.id"), format!("duplicate id '{}'", event.id)));
        }
        check_texts(&events_file, &place, &event.text, |t| vec![("name", &t.name), ("description", &t.description)])?;
    }

    let org_dir = dir.join("organisations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&org_dir)
        .map_err(|e| invalid(&org_dir, "", format!("cannot read folder: {e}")))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut organisations = Vec::new();
    for file in &files {
        organisations.push((file.clone(), parse_toml::<OrganisationFile>(file)?));
    }

    // Ids are global: collect them all before checking references across files.
    let mut org_ids = BTreeSet::new();
    let mut unit_ids = BTreeSet::new();
    let mut service_ids = BTreeSet::new();
    for (file, org) in &organisations {
        check_id(file, "organisation", &org.organisation.id)?;
        if !org_ids.insert(org.organisation.id.clone()) {
            return Err(invalid(file, "organisation.id", format!("duplicate id '{}'", org.organisation.id)));
        }
        for (i, d) in org.department.iter().enumerate() {
            check_id(file, &format!("department[{i}]"), &d.id)?;
            if !unit_ids.insert(d.id.clone()) {
                return Err(invalid(file, format!("department[{i}].id"), format!("duplicate id '{}'", d.id)));
            }
        }
        for (i, s) in org.service.iter().enumerate() {
            check_id(file, &format!("service[{i}]"), &s.id)?;
            if !service_ids.insert(s.id.clone()) {
                return Err(invalid(file, format!("service[{i}].id"), format!("duplicate id '{}'", s.id)));
            }
        }
    }

    for (file, org) in &organisations {
        let o = &org.organisation;
        if !["municipality", "joint_authority", "county_board", "government_agency"].contains(&o.kind.as_str()) {
            return Err(invalid(file, "organisation.kind", format!("unknown kind '{}'", o.kind)));
        }
        check_url(file, "organisation.website", &o.website)?;
        check_texts(file, "organisation", &o.text, |t| {
            vec![("name", &t.name), ("description", &t.description), ("opening_hours", &t.opening_hours)]
        })?;
        let mut prefixes = BTreeSet::new();
        let own_departments: BTreeSet<&str> = org.department.iter().map(|d| d.id.as_str()).collect();
        for (i, d) in org.department.iter().enumerate() {
            let place = format!("department[{i}]");
            let prefix_ok =
                (2..=4).contains(&d.case_prefix.len()) && d.case_prefix.chars().all(|c| c.is_ascii_uppercase());
            if !prefix_ok || !prefixes.insert(d.case_prefix.clone()) {
                return Err(invalid(
                    file,
                    format!("{place}.case_prefix"),
                    "2-4 capital letters, unique within the organisation",
                ));
            }
            if !(1..=6).contains(&d.case_serial_digits) {
                return Err(invalid(file, format!("{place}.case_serial_digits"), "1 to 6 digits"));
            }
            check_texts(file, &place, &d.text, |t| {
                vec![("name", &t.name), ("description", &t.description), ("opening_hours", &t.opening_hours)]
            })?;
        }
        for (i, s) in org.service.iter().enumerate() {
            let place = format!("service[{i}]");
            if !own_departments.contains(s.department.as_str()) {
                return Err(invalid(
                    file,
                    format!("{place}.department"),
                    format!("no department '{}' in this file", s.department),
                ));
            }
            if Level::parse(&s.level).is_none() {
                return Err(invalid(file, format!("{place}.level"), format!("unknown level '{}'", s.level)));
            }
            if s.assurance.is_some_and(|level| !(2..=4).contains(&level)) {
                return Err(invalid(file, format!("{place}.assurance"), "a level of assurance is 2, 3 or 4"));
            }
            if let Some(case) = &s.case {
                if !(1..=730).contains(&case.handling_days) {
                    return Err(invalid(file, format!("{place}.case.handling_days"), "1 to 730 days"));
                }
                if !["standard", "planning-act"].contains(&case.clock.as_str()) {
                    return Err(invalid(file, format!("{place}.case.clock"), "'standard' or 'planning-act'"));
                }
                if case.decision_provisions.as_deref().is_some_and(|r| r.trim().is_empty() || r.chars().count() > 500) {
                    return Err(invalid(
                        file,
                        format!("{place}.case.decision_provisions"),
                        "the provisions applied, at most 500 characters",
                    ));
                }
                if case.secrecy.as_deref().is_some_and(|r| r.trim().is_empty() || r.len() > 100) {
                    return Err(invalid(file, format!("{place}.case.secrecy"), "a provision of the Secrecy Act (OSL)"));
                }
            }
            if s.life_events.is_empty() {
                return Err(invalid(file, format!("{place}.life_events"), "at least one life event"));
            }
            if let Some(unknown) = s.life_events.iter().find(|e| !event_ids.contains(*e)) {
                return Err(invalid(file, format!("{place}.life_events"), format!("unknown life event '{unknown}'")));
            }
            if let Some(unknown) = s.related.iter().find(|r| !service_ids.contains(*r)) {
                return Err(invalid(file, format!("{place}.related"), format!("unknown service '{unknown}'")));
            }
            check_texts(file, &place, &s.text, |t| t.fields().to_vec())?;
            for (j, basis) in s.legal_basis.iter().enumerate() {
                let place = format!("{place}.legal_basis[{j}]");
                let url = basis.get("url").ok_or_else(|| invalid(file, format!("{place}.url"), "missing"))?;
                check_url(file, &format!("{place}.url"), url)?;
                localized(file, &place, basis, "title")?;
            }
            for (j, authority) in s.authority.iter().enumerate() {
                let place = format!("{place}.authority[{j}]");
                localized(file, &place, authority, "role")?;
                match authority.get("organisation") {
                    Some(id) if !org_ids.contains(id) => {
                        return Err(invalid(
                            file,
                            format!("{place}.organisation"),
                            format!("unknown organisation '{id}'"),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        let url = authority
                            .get("url")
                            .ok_or_else(|| invalid(file, format!("{place}.url"), "missing (or give organisation)"))?;
                        check_url(file, &format!("{place}.url"), url)?;
                        localized(file, &place, authority, "name")?;
                    }
                }
            }
        }
    }
    let forms = load_forms(&dir.join("forms"), &service_ids)?;
    let service_organisations: BTreeMap<&str, &str> = organisations
        .iter()
        .flat_map(|(_, org)| org.service.iter().map(|s| (s.id.as_str(), org.organisation.id.as_str())))
        .collect();
    let (units, unit_services) = load_units(&dir.join("units"), &org_ids, &service_organisations)?;
    Ok(Catalog {
        life_events: events.life_event,
        organisations: organisations.into_iter().map(|(_, o)| o).collect(),
        forms,
        units,
        unit_services,
    })
}

/// The most places a unit may state, and the longest name and profile.
const MAX_UNIT_PLACES: i64 = 5_000;
const MAX_UNIT_NAME_CHARS: usize = 120;
const MAX_UNIT_PROFILE_CHARS: usize = 300;

/// Reads and checks every `units/*.toml` (the folder is optional): each file names one of the
/// `organisations`; `service_organisations` maps each service to its organisation.
#[allow(clippy::type_complexity)]
fn load_units(
    dir: &Path,
    organisations: &BTreeSet<String>,
    service_organisations: &BTreeMap<&str, &str>,
) -> Result<(Vec<CheckedUnit>, Vec<(String, UnitKind)>), ImportError> {
    if !dir.exists() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| invalid(dir, "", format!("cannot read folder: {e}")))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut ids = BTreeSet::new();
    let mut units = Vec::new();
    let mut services = Vec::new();
    for file in &files {
        let content: UnitsFile = parse_toml(file)?;
        let organisation = content.organisation.as_str();
        if !organisations.contains(organisation) {
            return Err(invalid(file, "organisation", format!("unknown organisation '{organisation}'")));
        }
        for (kind, service) in &content.services {
            let place = format!("services.{kind}");
            let Some(kind) = UnitKind::parse(kind) else {
                return Err(invalid(file, place, format!("unknown kind '{kind}' (forskola or skola)")));
            };
            if service_organisations.get(service.as_str()) != Some(&organisation) {
                return Err(invalid(file, place, format!("no service '{service}' of organisation '{organisation}'")));
            }
            services.push((service.clone(), kind));
        }
        for (i, unit) in content.unit.into_iter().enumerate() {
            let place = format!("unit[{i}]");
            let (ages, years) = check_unit(file, &place, &unit)?;
            if unit.id == crate::routes::UNITS_COMPARE {
                return Err(invalid(file, format!("{place}.id"), format!("'{}' is the comparison's address", unit.id)));
            }
            if !ids.insert(unit.id.clone()) {
                return Err(invalid(file, format!("{place}.id"), format!("duplicate id '{}'", unit.id)));
            }
            units.push(CheckedUnit { organisation: organisation.to_string(), entry: unit, ages, years });
        }
    }
    Ok((units, services))
}

/// Checks one unit, naming the field of the first problem; gives its ages or years.
fn check_unit(file: &Path, place: &str, unit: &UnitEntry) -> Result<(Option<Range>, Option<Range>), ImportError> {
    let field = |name: &str| format!("{place}.{name}");
    check_id(file, place, &unit.id)?;
    let Some(kind) = UnitKind::parse(&unit.kind) else {
        return Err(invalid(file, field("kind"), format!("unknown kind '{}' (forskola or skola)", unit.kind)));
    };
    let name = unit.name.trim();
    if name.is_empty() || name.chars().count() > MAX_UNIT_NAME_CHARS {
        return Err(invalid(
            file,
            field("name"),
            format!("must not be empty, at most {MAX_UNIT_NAME_CHARS} characters"),
        ));
    }
    let provider_name = unit.provider_name.as_deref().map(str::trim);
    match ProviderType::parse(&unit.provider) {
        None => {
            return Err(invalid(
                file,
                field("provider"),
                format!("unknown provider '{}' (kommunal or fristaende)", unit.provider),
            ));
        }
        Some(ProviderType::Independent) if provider_name.is_none_or(str::is_empty) => {
            return Err(invalid(file, field("provider_name"), "an independent unit names its provider"));
        }
        Some(ProviderType::Municipal) if provider_name.is_some() => {
            return Err(invalid(file, field("provider_name"), "a municipal unit's provider is its organisation"));
        }
        Some(_) => {}
    }
    for (name, value) in
        [("address", &unit.address), ("postal_town", &unit.postal_town), ("phone", &unit.phone), ("email", &unit.email)]
    {
        if value.trim().is_empty() {
            return Err(invalid(file, field(name), "must not be empty"));
        }
    }
    let digits: String = unit.postal_code.chars().filter(|c| *c != ' ').collect();
    if digits.len() != 5 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid(file, field("postal_code"), format!("'{}' must be five digits, 123 45", unit.postal_code)));
    }
    if !unit.email.contains('@') || unit.email.contains(char::is_whitespace) {
        return Err(invalid(file, field("email"), format!("'{}' is not an e-mail address", unit.email)));
    }
    if let Some(website) = &unit.website {
        check_url(file, &field("website"), website)?;
    }
    if !(1..=MAX_UNIT_PLACES).contains(&unit.places) {
        return Err(invalid(file, field("places"), format!("1 to {MAX_UNIT_PLACES} places")));
    }
    let ranges = match kind {
        UnitKind::Preschool => {
            if unit.years.is_some() {
                return Err(invalid(file, field("years"), "a preschool states ages, not school years"));
            }
            if unit.opening_hours.as_deref().is_none_or(|hours| hours.trim().is_empty()) {
                return Err(invalid(file, field("opening_hours"), "a preschool states its opening hours"));
            }
            let ages = unit.ages.as_deref().unwrap_or_default();
            let Some(range) = Range::parse_ages(ages) else {
                return Err(invalid(
                    file,
                    field("ages"),
                    format!("'{ages}' must be ages like 1-5 (0 to 6, the first no greater than the last)"),
                ));
            };
            (Some(range), None)
        }
        UnitKind::School => {
            if unit.ages.is_some() {
                return Err(invalid(file, field("ages"), "a school states school years, not ages"));
            }
            if unit.opening_hours.as_deref().is_some_and(|hours| hours.trim().is_empty()) {
                return Err(invalid(file, field("opening_hours"), "must not be empty (or left out)"));
            }
            let years = unit.years.as_deref().unwrap_or_default();
            let Some(range) = Range::parse_years(years) else {
                return Err(invalid(
                    file,
                    field("years"),
                    format!(
                        "'{years}' must be school years like F-6 or 7-9 (F, 1 to 9, the first no later than the last)"
                    ),
                ));
            };
            (None, Some(range))
        }
    };
    check_texts(file, place, &unit.text, |t| vec![("profile", &t.profile)])?;
    if let Some((lang, _)) = unit.text.iter().find(|(_, t)| t.profile.trim().chars().count() > MAX_UNIT_PROFILE_CHARS) {
        return Err(invalid(
            file,
            format!("{place}.text.{lang}.profile"),
            format!("at most {MAX_UNIT_PROFILE_CHARS} characters"),
        ));
    }
    Ok(ranges)
}

/// Reads and checks every `forms/*.toml` (the folder is optional).
fn load_forms(dir: &Path, service_ids: &BTreeSet<String>) -> Result<Vec<(PathBuf, FormDefinition)>, ImportError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| invalid(dir, "", format!("cannot read folder: {e}")))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let languages: Vec<&str> = Lang::all().map(Lang::code).collect();
    let mut ids = BTreeSet::new();
    let mut forms = Vec::new();
    for file in files {
        let def: FormDefinition = parse_toml(&file)?;
        def.check(&languages).map_err(|message| invalid(&file, "", message))?;
        if !service_ids.contains(&def.service) {
            return Err(invalid(&file, "service", format!("unknown service '{}'", def.service)));
        }
        if !ids.insert(def.id.clone()) {
            return Err(invalid(&file, "id", format!("duplicate form id '{}'", def.id)));
        }
        forms.push((file, def));
    }
    Ok(forms)
}

/// Validates the content in `dir` and writes it in one transaction.
pub async fn import(db: &Db, dir: &Path) -> Result<Catalog, ImportFailure> {
    let catalog = load(dir).map_err(ImportFailure::Invalid)?;
    check_form_versions(db, &catalog).await?;
    write(db, &catalog).await?;
    Ok(catalog)
}

/// A version already imported must come back unchanged; new content needs a new version.
async fn check_form_versions(db: &Db, catalog: &Catalog) -> Result<(), ImportFailure> {
    for (file, def) in &catalog.forms {
        let stored: Option<String> = crate::on_db!(db, read, |pool| {
            sqlx::query_scalar("SELECT definition FROM form_versions WHERE form_id = $1 AND version = $2")
                .bind(&def.id)
                .bind(i64::from(def.version))
                .fetch_optional(pool)
                .await?
        });
        if let Some(stored) = stored {
            let same = serde_json::from_str::<FormDefinition>(&stored).is_ok_and(|s| &s == def);
            if !same {
                return Err(ImportFailure::Invalid(invalid(
                    file,
                    "version",
                    format!(
                        "version {} of form '{}' was imported with other content; raise the version",
                        def.version, def.id
                    ),
                )));
            }
        }
    }
    Ok(())
}

macro_rules! exec {
    ($tx:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        sqlx::query($sql)$(.bind($arg))*.execute(&mut *$tx).await?
    };
}

async fn write(db: &Db, catalog: &Catalog) -> Result<(), sqlx::Error> {
    crate::on_db!(db, write, |pool| {
        let mut tx = pool.begin().await?;
        for (position, event) in catalog.life_events.iter().enumerate() {
            exec!(
                tx,
                "INSERT INTO life_events (id, sort_order) VALUES ($1, $2) \
                       ON CONFLICT (id) DO UPDATE SET sort_order = excluded.sort_order",
                &event.id,
                event.sort * 1000 + position as i64
            );
            exec!(tx, "DELETE FROM life_event_texts WHERE life_event_id = $1", &event.id);
            for (lang, text) in &event.text {
                exec!(
                    tx,
                    "INSERT INTO life_event_texts (life_event_id, lang, name, description) VALUES ($1, $2, $3, $4)",
                    &event.id,
                    lang,
                    text.name.trim(),
                    text.description.trim()
                );
            }
        }
        for (org_position, file) in catalog.organisations.iter().enumerate() {
            let o = &file.organisation;
            exec!(
                tx,
                "INSERT INTO organisations (id, kind, website, email, phone, address, sort_order) \
                       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, \
                       website = excluded.website, email = excluded.email, phone = excluded.phone, \
                       address = excluded.address, sort_order = excluded.sort_order",
                &o.id,
                &o.kind,
                &o.website,
                &o.email,
                &o.phone,
                &o.address,
                org_position as i64
            );
            exec!(tx, "DELETE FROM organisation_texts WHERE organisation_id = $1", &o.id);
            for (lang, t) in &o.text {
                exec!(
                    tx,
                    "INSERT INTO organisation_texts (organisation_id, lang, name, description, opening_hours) \
                           VALUES ($1, $2, $3, $4, $5)",
                    &o.id,
                    lang,
                    t.name.trim(),
                    t.description.trim(),
                    t.opening_hours.trim()
                );
            }
            for (position, d) in file.department.iter().enumerate() {
                exec!(
                    tx,
                    "INSERT INTO departments (id, organisation_id, case_prefix, email, phone, sort_order, case_serial_digits) \
                           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET \
                           organisation_id = excluded.organisation_id, case_prefix = excluded.case_prefix, \
                           email = excluded.email, phone = excluded.phone, sort_order = excluded.sort_order, \
                           case_serial_digits = excluded.case_serial_digits",
                    &d.id,
                    &o.id,
                    &d.case_prefix,
                    &d.email,
                    &d.phone,
                    position as i64,
                    i64::from(d.case_serial_digits)
                );
                exec!(tx, "DELETE FROM department_texts WHERE department_id = $1", &d.id);
                for (lang, t) in &d.text {
                    exec!(
                        tx,
                        "INSERT INTO department_texts (department_id, lang, name, description, opening_hours) \
                               VALUES ($1, $2, $3, $4, $5)",
                        &d.id,
                        lang,
                        t.name.trim(),
                        t.description.trim(),
                        t.opening_hours.trim()
                    );
                }
            }
        }
        // Services first without their links, so links may point at services in any file.
        for file in &catalog.organisations {
            for (position, s) in file.service.iter().enumerate() {
                exec!(
                    tx,
                    "INSERT INTO services (id, department_id, level, sort_order, min_loa, case_handling_days, case_clock, \
                           case_secrecy, case_decision_provisions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                           ON CONFLICT (id) DO UPDATE SET department_id = excluded.department_id, \
                           level = excluded.level, sort_order = excluded.sort_order, min_loa = excluded.min_loa, \
                           case_handling_days = excluded.case_handling_days, case_clock = excluded.case_clock, \
                           case_secrecy = excluded.case_secrecy, case_decision_provisions = excluded.case_decision_provisions",
                    &s.id,
                    &s.department,
                    &s.level,
                    position as i64,
                    s.assurance.map(i64::from),
                    s.case.as_ref().map(|c| i64::from(c.handling_days)),
                    s.case.as_ref().map_or("standard", |c| c.clock.as_str()),
                    s.case.as_ref().and_then(|c| c.secrecy.as_deref()),
                    s.case.as_ref().and_then(|c| c.decision_provisions.as_deref())
                );
                exec!(tx, "DELETE FROM service_texts WHERE service_id = $1", &s.id);
                for (lang, t) in &s.text {
                    exec!(tx, "INSERT INTO service_texts (service_id, lang, name, summary, description, audience, \
                               how_to_apply, requirements, fees, handling_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                          &s.id, lang, t.name.trim(), t.summary.trim(), t.description.trim(), t.audience.trim(),
                          t.how_to_apply.trim(), t.requirements.trim(), t.fees.trim(), t.handling_time.trim());
                }
            }
        }
        for file in &catalog.organisations {
            for s in &file.service {
                exec!(tx, "DELETE FROM service_life_events WHERE service_id = $1", &s.id);
                for event in s.life_events.iter().collect::<BTreeSet<_>>() {
                    exec!(
                        tx,
                        "INSERT INTO service_life_events (service_id, life_event_id) VALUES ($1, $2)",
                        &s.id,
                        event
                    );
                }
                exec!(tx, "DELETE FROM service_related WHERE service_id = $1", &s.id);
                let mut seen = BTreeSet::new();
                for (position, related) in s.related.iter().enumerate() {
                    if related != &s.id && seen.insert(related) {
                        exec!(
                            tx,
                            "INSERT INTO service_related (service_id, related_id, position) VALUES ($1, $2, $3)",
                            &s.id,
                            related,
                            position as i64
                        );
                    }
                }
                exec!(tx, "DELETE FROM service_legal_basis WHERE service_id = $1", &s.id);
                for (position, basis) in s.legal_basis.iter().enumerate() {
                    for lang in Lang::all() {
                        exec!(tx, "INSERT INTO service_legal_basis (service_id, position, lang, title, url) VALUES ($1, $2, $3, $4, $5)",
                              &s.id, position as i64, lang.code(), basis[&format!("title_{lang}")].trim(), &basis["url"]);
                    }
                }
                exec!(tx, "DELETE FROM service_authorities WHERE service_id = $1", &s.id);
                for (position, a) in s.authority.iter().enumerate() {
                    for lang in Lang::all() {
                        exec!(tx, "INSERT INTO service_authorities (service_id, position, lang, organisation_id, name, url, role) \
                                   VALUES ($1, $2, $3, $4, $5, $6, $7)",
                              &s.id, position as i64, lang.code(), a.get("organisation"),
                              a.get(&format!("name_{lang}")), a.get("url"), a[&format!("role_{lang}")].trim());
                    }
                }
            }
        }
        if matches!(db, Db::Sqlite { .. }) {
            // FTS5 is refilled in the same transaction; PostgreSQL keeps a generated column.
            exec!(tx, "DELETE FROM service_search");
            exec!(
                tx,
                "INSERT INTO service_search (service_id, lang, name, summary, body) \
                       SELECT service_id, lang, name, summary, \
                       description || ' ' || audience || ' ' || how_to_apply || ' ' || requirements FROM service_texts"
            );
        }
        let imported_at = crate::clock::Clock::system().now_ms();
        for (_, def) in &catalog.forms {
            let json = serde_json::to_string(def).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
            let version = i64::from(def.version);
            exec!(
                tx,
                "INSERT INTO forms (id, service_id, current_version) VALUES ($1, $2, $3) \
                       ON CONFLICT (id) DO UPDATE SET service_id = excluded.service_id, \
                       current_version = excluded.current_version",
                &def.id,
                &def.service,
                version
            );
            exec!(
                tx,
                "INSERT INTO form_versions (form_id, version, definition, imported_at) VALUES ($1, $2, $3, $4) \
                       ON CONFLICT (form_id, version) DO NOTHING",
                &def.id,
                version,
                json,
                crate::db::Timestamp(imported_at)
            );
        }
        for (position, unit) in catalog.units.iter().enumerate() {
            let u = &unit.entry;
            exec!(
                tx,
                "INSERT INTO units (id, organisation_id, kind, name, provider_type, provider_name, address, postal_code, \
                       postal_town, age_from, age_to, year_from, year_to, opening_hours, places, phone, email, website, \
                       sort_order) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) \
                       ON CONFLICT (id) DO UPDATE SET organisation_id = excluded.organisation_id, kind = excluded.kind, \
                       name = excluded.name, provider_type = excluded.provider_type, provider_name = excluded.provider_name, \
                       address = excluded.address, postal_code = excluded.postal_code, postal_town = excluded.postal_town, \
                       age_from = excluded.age_from, age_to = excluded.age_to, year_from = excluded.year_from, \
                       year_to = excluded.year_to, opening_hours = excluded.opening_hours, places = excluded.places, \
                       phone = excluded.phone, email = excluded.email, website = excluded.website, \
                       sort_order = excluded.sort_order",
                &u.id,
                &unit.organisation,
                &u.kind,
                u.name.trim(),
                &u.provider,
                u.provider_name.as_deref().map(str::trim),
                u.address.trim(),
                u.postal_code.trim(),
                u.postal_town.trim(),
                unit.ages.map(|r| i64::from(r.from)),
                unit.ages.map(|r| i64::from(r.to)),
                unit.years.map(|r| i64::from(r.from)),
                unit.years.map(|r| i64::from(r.to)),
                u.opening_hours.as_deref().map(str::trim),
                u.places,
                u.phone.trim(),
                u.email.trim(),
                u.website.as_deref(),
                position as i64
            );
            exec!(tx, "DELETE FROM unit_texts WHERE unit_id = $1", &u.id);
            for (lang, t) in &u.text {
                exec!(
                    tx,
                    "INSERT INTO unit_texts (unit_id, lang, profile) VALUES ($1, $2, $3)",
                    &u.id,
                    lang,
                    t.profile.trim()
                );
            }
        }
        // A service's page links to the units of its kind through this column.
        exec!(tx, "UPDATE services SET unit_kind = NULL WHERE unit_kind IS NOT NULL");
        for (service, kind) in &catalog.unit_services {
            exec!(tx, "UPDATE services SET unit_kind = $1 WHERE id = $2", kind.code(), service);
        }
        // The catalogue links a service to its form through this column (it never reads the
        // forms' tables); a form removed from the content stays, as submissions refer to it.
        exec!(
            tx,
            "UPDATE services SET form_id = (SELECT f.id FROM forms f WHERE f.service_id = services.id \
                   ORDER BY f.id LIMIT 1)"
        );
        exec!(tx, "UPDATE catalog_meta SET version = version + 1 WHERE id = 1");
        tx.commit().await?;
    });
    Ok(())
}
