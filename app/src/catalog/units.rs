//! Units to choose between: the preschools and schools of an organisation, municipal and
//! independent, as catalogue entries. The public pages list them with filters and compare two to
//! four side by side (`pages::units`); other capabilities read them through `catalog::api`
//! (`units`, `unit`), so that an application can rank them.
//!
//! Everything here is shared by browser and server: the unit's type, the filter and choice as
//! they come in the address (bounded), and the pure rules that check them.

use crate::{error::AppError, i18n::Lang};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A preschool (`forskola`) or a school (`skola`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum UnitKind {
    Preschool,
    School,
}

impl UnitKind {
    pub const ALL: [UnitKind; 2] = [UnitKind::Preschool, UnitKind::School];

    /// The code in the content, the database and the address (`?typ=forskola`).
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Preschool => "forskola",
            UnitKind::School => "skola",
        }
    }

    pub fn parse(code: &str) -> Option<UnitKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Fluent id naming this kind, e.g. `units-kind-forskola`.
    pub fn message_id(self) -> String {
        format!("units-kind-{}", self.code())
    }
}

/// Who runs a unit: the municipality itself, or an independent provider (a company, a
/// foundation, a parents' cooperative) approved by the Schools Inspectorate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProviderType {
    Municipal,
    Independent,
}

impl ProviderType {
    pub const ALL: [ProviderType; 2] = [ProviderType::Municipal, ProviderType::Independent];

    /// The code in the content, the database and the address (`?huvudman=fristaende`).
    pub fn code(self) -> &'static str {
        match self {
            ProviderType::Municipal => "kommunal",
            ProviderType::Independent => "fristaende",
        }
    }

    pub fn parse(code: &str) -> Option<ProviderType> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// The Fluent id naming this provider type, e.g. `units-provider-kommunal`.
    pub fn message_id(self) -> String {
        format!("units-provider-{}", self.code())
    }
}

/// The oldest age a preschool may state (children start school the year they turn six).
pub const MAX_AGE: u8 = 6;
/// The last school year of compulsory school; 0 is the preschool class (förskoleklass, "F").
pub const LAST_YEAR: u8 = 9;

/// A range of ages or school years, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub from: u8,
    pub to: u8,
}

impl Range {
    /// Ages as in the content, `1-5` (or with an en dash): whole years 0–6, the first no
    /// greater than the last.
    pub fn parse_ages(text: &str) -> Option<Range> {
        Self::parse(text, |part| part.parse::<u8>().ok().filter(|age| *age <= MAX_AGE))
    }

    /// School years as in the content, `F-6`, `7-9` (or with an en dash): `F` is the preschool
    /// class, then years 1–9; the first no later than the last.
    pub fn parse_years(text: &str) -> Option<Range> {
        Self::parse(text, parse_year)
    }

    fn parse(text: &str, part: impl Fn(&str) -> Option<u8>) -> Option<Range> {
        let (from, to) = text.split_once(['-', '–'])?;
        let (from, to) = (part(from.trim())?, part(to.trim())?);
        (from <= to).then_some(Range { from, to })
    }

    pub fn contains(self, value: u8) -> bool {
        (self.from..=self.to).contains(&value)
    }
}

/// A school year as written in the address and the content: `F` (or `f`, or `0`) for the
/// preschool class, `1`–`9` for the years.
pub fn parse_year(text: &str) -> Option<u8> {
    match text {
        "F" | "f" => Some(0),
        _ if text.len() == 1 => text.parse::<u8>().ok().filter(|year| *year <= LAST_YEAR),
        _ => None,
    }
}

/// A school year as written: `F` or `1`–`9`.
pub fn year_code(year: u8) -> String {
    if year == 0 {
        "F".into()
    } else {
        year.to_string()
    }
}

/// A preschool or school, in one language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub id: String,
    pub kind: UnitKind,
    pub name: String,
    pub provider: ProviderType,
    /// The independent provider's name, or the organisation's for a municipal unit.
    pub provider_name: String,
    pub address: String,
    pub postal_code: String,
    pub postal_town: String,
    /// A preschool's ages.
    pub ages: Option<Range>,
    /// A school's years.
    pub years: Option<Range>,
    /// A preschool's opening hours (e.g. `06.30–18.30`).
    pub opening_hours: Option<String>,
    /// A short text on what the unit stands for (e.g. Reggio Emilia, music).
    pub profile: String,
    pub places: i64,
    pub phone: String,
    pub email: String,
    pub website: Option<String>,
    pub organisation_id: String,
    pub organisation_name: String,
}

impl Unit {
    /// Ages or school years in `lang`: "1–5 år", "Förskoleklass–årskurs 6", "Årskurs 7–9".
    pub fn ages_or_years(&self, lang: Lang) -> Option<String> {
        if let Some(ages) = self.ages {
            return Some(lang.t_args("units-ages-range", &[("from", ages.from.into()), ("to", ages.to.into())]));
        }
        self.years.map(|years| {
            if years.from == 0 {
                lang.t_args("units-years-from-f", &[("to", years.to.into())])
            } else {
                lang.t_args("units-years-range", &[("from", years.from.into()), ("to", years.to.into())])
            }
        })
    }
}

/// The address's parameter names (Swedish, like the paths).
pub const PARAM_KIND: &str = "typ";
pub const PARAM_PROVIDER: &str = "huvudman";
pub const PARAM_YEAR: &str = "arskurs";
pub const PARAM_NAME: &str = "namn";
pub const PARAM_ORGANISATION: &str = "kommun";
pub const PARAM_CHOSEN: &str = "enhet";

/// The longest name filter searched for; a longer one is a problem shown to the visitor.
pub const MAX_NAME_CHARS: usize = 100;
/// What is kept of a longer value to show back (the field allows [`MAX_NAME_CHARS`]).
const MAX_KEPT_CHARS: usize = 200;
/// The fewest and most units compared side by side.
pub const MIN_COMPARED: usize = 2;
pub const MAX_COMPARED: usize = 4;
/// At most this many chosen units are read from an address: a visitor may tick every unit on the
/// list (and is then told to choose at most four), but an address with thousands of choices
/// costs no more than this.
pub const MAX_CHOSEN_READ: usize = 50;
/// The longest unit id (as the content import allows).
const MAX_ID_LEN: usize = 80;

/// The list's filters and the units chosen to compare, as they came in the address: what was
/// typed is shown back as it was (cut to a bound).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitQuery {
    pub kind: String,
    pub provider: String,
    pub year: String,
    pub name: String,
    pub organisation: String,
    /// The ids ticked to compare, in order, without repeats.
    pub chosen: Vec<String>,
}

fn cut(text: &str) -> String {
    text.chars().take(MAX_KEPT_CHARS).collect()
}

impl UnitQuery {
    /// The query with every value bounded: texts cut, at most [`MAX_CHOSEN_READ`] choices, each
    /// shaped like an id and named once. Applied where the address is read and again by the
    /// server, which cannot trust its callers.
    pub fn bounded(self) -> UnitQuery {
        let mut chosen: Vec<String> = Vec::new();
        for id in self.chosen.into_iter().take(MAX_CHOSEN_READ) {
            let id = id.trim().to_string();
            if !id.is_empty() && !chosen.contains(&id) {
                chosen.push(cut(&id));
            }
        }
        UnitQuery {
            kind: cut(self.kind.trim()),
            provider: cut(self.provider.trim()),
            year: cut(self.year.trim()),
            name: cut(&self.name),
            organisation: cut(self.organisation.trim()),
            chosen,
        }
    }

    /// The filters as address parameters (only those set), for links and hidden fields.
    pub fn filter_pairs(&self) -> Vec<(&'static str, String)> {
        [
            (PARAM_KIND, &self.kind),
            (PARAM_PROVIDER, &self.provider),
            (PARAM_YEAR, &self.year),
            (PARAM_NAME, &self.name),
            (PARAM_ORGANISATION, &self.organisation),
        ]
        .into_iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(key, value)| (key, value.clone()))
        .collect()
    }

    /// The filters and the choice as address parameters.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = self.filter_pairs();
        pairs.extend(self.chosen.iter().map(|id| (PARAM_CHOSEN, id.clone())));
        pairs
    }
}

/// Whether `id` could be a unit's id (lowercase letters, digits and `-`): anything else is not
/// looked up.
pub fn looks_like_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The list's filter once checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitFilter {
    pub kind: Option<UnitKind>,
    pub provider: Option<ProviderType>,
    pub year: Option<u8>,
    /// Lower-case words the name must contain.
    pub name: Option<String>,
    pub organisation: Option<String>,
}

impl UnitFilter {
    /// Whether `unit` passes the filter. A school year filter passes schools teaching that year
    /// only; the name filter ignores case (Swedish letters included).
    pub fn matches(&self, unit: &Unit) -> bool {
        self.kind.is_none_or(|kind| unit.kind == kind)
            && self.provider.is_none_or(|provider| unit.provider == provider)
            && self.year.is_none_or(|year| unit.years.is_some_and(|years| years.contains(year)))
            && self.organisation.as_ref().is_none_or(|organisation| unit.organisation_id == *organisation)
            && self.name.as_ref().is_none_or(|name| {
                let haystack = unit.name.to_lowercase();
                name.split_whitespace().all(|word| haystack.contains(word))
            })
    }
}

/// A problem with what was asked: the field (`typ`, `enhet`, …) and the Fluent id of the message.
pub type Problem = (String, String);

/// Checks the filter part of `query` against the organisations that have units: the filter, and
/// a problem for each value that is not one the form offers.
pub fn check_filter(query: &UnitQuery, organisations: &[(String, String)]) -> (UnitFilter, Vec<Problem>) {
    let mut filter = UnitFilter::default();
    let mut problems = Vec::new();
    let mut problem = |field: &str, id: &str| problems.push((field.to_string(), id.to_string()));
    if !query.kind.is_empty() {
        match UnitKind::parse(&query.kind) {
            Some(kind) => filter.kind = Some(kind),
            None => problem(PARAM_KIND, "units-problem-choose"),
        }
    }
    if !query.provider.is_empty() {
        match ProviderType::parse(&query.provider) {
            Some(provider) => filter.provider = Some(provider),
            None => problem(PARAM_PROVIDER, "units-problem-choose"),
        }
    }
    if !query.year.is_empty() {
        match parse_year(&query.year) {
            Some(year) => filter.year = Some(year),
            None => problem(PARAM_YEAR, "units-problem-choose"),
        }
    }
    if !query.organisation.is_empty() {
        if organisations.iter().any(|(id, _)| *id == query.organisation) {
            filter.organisation = Some(query.organisation.clone());
        } else {
            problem(PARAM_ORGANISATION, "units-problem-choose");
        }
    }
    let name = query.name.trim();
    if name.chars().count() > MAX_NAME_CHARS {
        problem(PARAM_NAME, "units-problem-name-too-long");
    } else if !name.is_empty() {
        filter.name = Some(name.to_lowercase());
    }
    (filter, problems)
}

/// Checks how many units are chosen to compare: the problem, if not two to four.
pub fn check_choice(known: usize) -> Option<Problem> {
    let id = if known < MIN_COMPARED {
        "units-problem-too-few"
    } else if known > MAX_COMPARED {
        "units-problem-too-many"
    } else {
        return None;
    };
    Some((PARAM_CHOSEN.to_string(), id.to_string()))
}

/// What the list (and the comparison) pages show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitsPage {
    /// What was asked, bounded, as it is shown back.
    pub query: UnitQuery,
    /// The units passing the filter, then any chosen unit the filter leaves out (a choice is
    /// never hidden); empty when the filter has problems.
    pub units: Vec<Unit>,
    /// How many units pass the filter.
    pub matching: usize,
    /// How many chosen ids name no unit: left out, with a message.
    pub unknown: usize,
    /// The organisations that have units, as (id, name), for the filter.
    pub organisations: Vec<(String, String)>,
    pub problems: Vec<Problem>,
    /// The units compared, in the order chosen, when a comparison of two to four was asked for.
    pub compared: Vec<Unit>,
}

/// The list of units with `query`'s filter; with `compare`, also the comparison of the chosen
/// units (or the problem with the choice).
#[server(endpoint = "catalog/units")]
pub async fn fetch_units(query: UnitQuery, compare: bool, lang: Lang) -> Result<UnitsPage, AppError> {
    let state = super::ssr::CatalogState::from_context()?;
    super::ssr::units::page(&state, query, compare, lang).await
}

#[server(endpoint = "catalog/unit")]
pub async fn fetch_unit(id: String, lang: Lang) -> Result<Unit, AppError> {
    let state = super::ssr::CatalogState::from_context()?;
    super::ssr::units::unit(&state, &id, lang).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, kind: UnitKind, provider: ProviderType, name: &str, years: Option<Range>) -> Unit {
        Unit {
            id: id.into(),
            kind,
            name: name.into(),
            provider,
            provider_name: "P".into(),
            address: "Gatan 1".into(),
            postal_code: "123 45".into(),
            postal_town: "Norrvik".into(),
            ages: (kind == UnitKind::Preschool).then_some(Range { from: 1, to: 5 }),
            years,
            opening_hours: None,
            profile: "Profil".into(),
            places: 10,
            phone: "010-1".into(),
            email: "a@b.example".into(),
            website: None,
            organisation_id: "norrvik".into(),
            organisation_name: "Norrvik kommun".into(),
        }
    }

    #[test]
    fn ranges_parse_ages_and_years_and_refuse_the_rest() {
        assert_eq!(Range::parse_ages("1-5"), Some(Range { from: 1, to: 5 }));
        assert_eq!(Range::parse_ages("1–5"), Some(Range { from: 1, to: 5 }));
        assert_eq!(Range::parse_years("F-6"), Some(Range { from: 0, to: 6 }));
        assert_eq!(Range::parse_years("7 – 9"), Some(Range { from: 7, to: 9 }));
        for bad in ["", "5", "5-1", "1-7", "a-b", "-"] {
            assert_eq!(Range::parse_ages(bad), None, "{bad}");
        }
        for bad in ["", "F", "6-F", "F-10", "0-9x", "1-2-3", "x-9"] {
            assert_eq!(Range::parse_years(bad), None, "{bad}");
        }
        assert_eq!(parse_year("f"), Some(0));
        assert_eq!(parse_year("10"), None);
        assert_eq!(year_code(0), "F");
        assert_eq!(year_code(7), "7");
    }

    #[test]
    fn the_query_is_bounded_and_choices_named_once() {
        let query = UnitQuery {
            name: "x".repeat(10_000),
            chosen: (0..1000).map(|i| format!("u{}", i % 60)).chain(["a".into()]).collect(),
            ..UnitQuery::default()
        }
        .bounded();
        assert_eq!(query.name.chars().count(), MAX_KEPT_CHARS);
        assert_eq!(query.chosen.len(), MAX_CHOSEN_READ);
        let query = UnitQuery { chosen: vec!["a".into(), " a ".into(), "".into(), "b".into()], ..Default::default() };
        assert_eq!(query.bounded().chosen, vec!["a", "b"]);
        assert!(looks_like_id("norrvik-hamnskolan") && !looks_like_id("Hamn skolan") && !looks_like_id(""));
    }

    #[test]
    fn filters_pass_what_they_say_and_name_bad_values() {
        let orgs = vec![("norrvik".to_string(), "Norrvik kommun".to_string())];
        let school =
            unit("s", UnitKind::School, ProviderType::Independent, "Tonen musikgrundskola", Range::parse_years("F-9"));
        let upper = unit("c", UnitKind::School, ProviderType::Municipal, "Centralskolan", Range::parse_years("7-9"));
        let preschool = unit("p", UnitKind::Preschool, ProviderType::Municipal, "Förskolan Ängen", None);
        let check = |query: UnitQuery| check_filter(&query, &orgs);

        let (filter, problems) = check(UnitQuery { kind: "skola".into(), year: "F".into(), ..Default::default() });
        assert!(problems.is_empty());
        assert!(filter.matches(&school) && !filter.matches(&upper) && !filter.matches(&preschool));

        let (filter, _) = check(UnitQuery { provider: "kommunal".into(), ..Default::default() });
        assert!(!filter.matches(&school) && filter.matches(&upper) && filter.matches(&preschool));

        let (filter, _) = check(UnitQuery { name: "  ÄNGEN förskolan ".into(), ..Default::default() });
        assert!(filter.matches(&preschool) && !filter.matches(&school), "any case, any order");

        let (_, problems) = check(UnitQuery {
            kind: "gymnasium".into(),
            provider: "privat".into(),
            year: "10".into(),
            organisation: "sjovik".into(),
            name: "n".repeat(MAX_NAME_CHARS + 1),
            chosen: vec![],
        });
        let fields: Vec<&str> = problems.iter().map(|(field, _)| field.as_str()).collect();
        assert_eq!(fields, vec![PARAM_KIND, PARAM_PROVIDER, PARAM_YEAR, PARAM_ORGANISATION, PARAM_NAME]);
        let (_, problems) = check(UnitQuery { name: "n".repeat(MAX_NAME_CHARS), ..Default::default() });
        assert!(problems.is_empty(), "exactly the limit is fine");
    }

    #[test]
    fn two_to_four_units_may_be_compared() {
        assert_eq!(check_choice(0).map(|p| p.1).as_deref(), Some("units-problem-too-few"));
        assert_eq!(check_choice(1).map(|p| p.1).as_deref(), Some("units-problem-too-few"));
        assert_eq!(check_choice(2), None);
        assert_eq!(check_choice(4), None);
        assert_eq!(check_choice(5).map(|p| p.1).as_deref(), Some("units-problem-too-many"));
    }
}
