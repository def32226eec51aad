//! The units (preschools and schools): their queries, and what the list, comparison and unit
//! pages load. The list is filtered in Rust over every unit of the language (a municipality has
//! tens of units, kept in memory per catalogue version), so the name filter ignores case in
//! Swedish letters on both backends alike.

use super::{store::sort_key, CatalogState};
use crate::{
    catalog::units::{
        check_choice, check_filter, looks_like_id, ProviderType, Range, Unit, UnitKind, UnitQuery, UnitsPage,
    },
    db::Db,
    error::AppError,
    i18n::Lang,
    on_db,
};

crate::db_row! {
    struct UnitRow {
        id: String,
        kind: String,
        name: String,
        provider_type: String,
        provider_name: String,
        address: String,
        postal_code: String,
        postal_town: String,
        age_from: Option<i64>,
        age_to: Option<i64>,
        year_from: Option<i64>,
        year_to: Option<i64>,
        opening_hours: Option<String>,
        places: i64,
        phone: String,
        email: String,
        website: Option<String>,
        organisation_id: String,
        organisation_name: String,
        profile: String,
        organisation_order: i64,
    }
}

fn range(from: Option<i64>, to: Option<i64>) -> Option<Range> {
    Some(Range { from: u8::try_from(from?).ok()?, to: u8::try_from(to?).ok()? })
}

impl UnitRow {
    /// The unit, unless a row holds what the import never writes (then it is left out, logged).
    fn into_unit(self) -> Option<(i64, Unit)> {
        let (Some(kind), Some(provider)) = (UnitKind::parse(&self.kind), ProviderType::parse(&self.provider_type))
        else {
            tracing::error!(unit = %self.id, "a unit with an unknown kind or provider type is left out");
            return None;
        };
        Some((
            self.organisation_order,
            Unit {
                id: self.id,
                kind,
                name: self.name,
                provider,
                provider_name: self.provider_name,
                address: self.address,
                postal_code: self.postal_code,
                postal_town: self.postal_town,
                ages: range(self.age_from, self.age_to),
                years: range(self.year_from, self.year_to),
                opening_hours: self.opening_hours,
                profile: self.profile,
                places: self.places,
                phone: self.phone,
                email: self.email,
                website: self.website,
                organisation_id: self.organisation_id,
                organisation_name: self.organisation_name,
            },
        ))
    }
}

/// A municipal unit's provider is its organisation, named in the reader's language.
const UNIT_SELECT: &str = "SELECT u.id, u.kind, u.name, u.provider_type, \
     COALESCE(u.provider_name, ot.name) AS provider_name, u.address, u.postal_code, u.postal_town, \
     u.age_from, u.age_to, u.year_from, u.year_to, u.opening_hours, u.places, u.phone, u.email, u.website, \
     u.organisation_id, ot.name AS organisation_name, t.profile, o.sort_order AS organisation_order \
     FROM units u \
     JOIN unit_texts t ON t.unit_id = u.id AND t.lang = $1 \
     JOIN organisations o ON o.id = u.organisation_id \
     JOIN organisation_texts ot ON ot.organisation_id = u.organisation_id AND ot.lang = $1";

/// Every unit in `lang`: by organisation, preschools before schools, then by name as Swedish
/// readers sort.
pub async fn all_units(db: &Db, lang: Lang) -> Result<Vec<Unit>, AppError> {
    let rows: Vec<UnitRow> =
        on_db!(db, read, |pool| sqlx::query_as(UNIT_SELECT).bind(lang.code()).fetch_all(pool).await?);
    let mut units: Vec<(i64, Unit)> = rows.into_iter().filter_map(UnitRow::into_unit).collect();
    units.sort_by_cached_key(|(order, unit)| (*order, unit.kind, sort_key(&unit.name), unit.id.clone()));
    Ok(units.into_iter().map(|(_, unit)| unit).collect())
}

/// The unit `id` in `lang`; [`AppError::NotFound`] when there is none.
pub async fn unit_by_id(db: &Db, id: &str, lang: Lang) -> Result<Unit, AppError> {
    let sql = format!("{UNIT_SELECT} WHERE u.id = $2");
    let row: Option<UnitRow> =
        on_db!(db, read, |pool| sqlx::query_as(&sql).bind(lang.code()).bind(id).fetch_optional(pool).await?);
    row.and_then(UnitRow::into_unit).map(|(_, unit)| unit).ok_or(AppError::NotFound)
}

/// Every unit in `lang`, from memory while the catalogue version stands.
async fn cached_units(state: &CatalogState, lang: Lang) -> Result<std::sync::Arc<Vec<Unit>>, AppError> {
    state.cache.units.get_or_load(&state.db, "units", lang, || all_units(&state.db, lang)).await
}

/// What the unit page shows: the unit `id`, or [`AppError::NotFound`].
pub async fn unit(state: &CatalogState, id: &str, lang: Lang) -> Result<Unit, AppError> {
    if !looks_like_id(id) {
        return Err(AppError::NotFound);
    }
    cached_units(state, lang).await?.iter().find(|unit| unit.id == id).cloned().ok_or(AppError::NotFound)
}

/// What the list and comparison pages show for `query` (see [`UnitsPage`]).
pub async fn page(state: &CatalogState, query: UnitQuery, compare: bool, lang: Lang) -> Result<UnitsPage, AppError> {
    let query = query.bounded();
    let all = cached_units(state, lang).await?;
    let mut organisations: Vec<(String, String)> = Vec::new();
    for unit in all.iter() {
        if !organisations.iter().any(|(id, _)| *id == unit.organisation_id) {
            organisations.push((unit.organisation_id.clone(), unit.organisation_name.clone()));
        }
    }
    let (filter, mut problems) = check_filter(&query, &organisations);
    let chosen: Vec<&Unit> = query.chosen.iter().filter_map(|id| all.iter().find(|unit| unit.id == *id)).collect();
    let unknown = query.chosen.len() - chosen.len();
    let mut units = Vec::new();
    let mut matching = 0;
    if problems.is_empty() {
        units = all.iter().filter(|unit| filter.matches(unit)).cloned().collect();
        matching = units.len();
    }
    // A choice is never hidden: a chosen unit the filter leaves out (or a filter with problems
    // shows no list at all) still shows, ticked.
    for unit in &chosen {
        if !units.iter().any(|listed| listed.id == unit.id) {
            units.push(Unit::clone(unit));
        }
    }
    let mut compared = Vec::new();
    if compare {
        match check_choice(chosen.len()) {
            Some(problem) => problems.push(problem),
            None if problems.is_empty() => compared = chosen.iter().copied().cloned().collect(),
            None => {}
        }
    }
    // Only the ids of units that exist are shown back (in the list's boxes and its links).
    let query = UnitQuery { chosen: chosen.iter().map(|unit| unit.id.clone()).collect(), ..query };
    Ok(UnitsPage { query, units, matching, unknown, organisations, problems, compared })
}
