//! Full-text search over services in every language, ranked by each backend's own engine
//! (SQLite FTS5 with bm25, PostgreSQL tsvector with ts_rank). One-letter typos are forgiven by
//! expanding each query word with the catalogue's own words at edit distance one.

use crate::{
    catalog::{
        ssr::{cache::VersionedCache, store},
        SearchOutcome, SearchResults,
    },
    db::Db,
    error::AppError,
    i18n::Lang,
};
use std::{collections::BTreeSet, sync::Arc};

/// At most this many words of a query are used; the rest is ignored, not an error.
const MAX_WORDS: usize = 8;
/// Longer words are cut; no real Swedish compound in the catalogue is this long.
const MAX_WORD_CHARS: usize = 40;
/// Expansions per word, so a short word cannot fan out into a huge query.
const MAX_ALTERNATIVES: usize = 6;
const MAX_RESULTS: i64 = 50;
/// The distinct words of all service texts, used to correct typos; kept per catalogue version.
#[derive(Debug, Default)]
pub struct Vocabulary {
    cache: VersionedCache<BTreeSet<String>>,
}

impl Vocabulary {
    async fn words(&self, db: &Db) -> Result<Arc<BTreeSet<String>>, AppError> {
        self.cache
            .get_or_load(db, "vocabulary", Lang::SV, || async {
                let texts: Vec<(String, String, String)> = crate::on_db!(db, read, |pool| {
                    sqlx::query_as("SELECT name, summary, description FROM service_texts").fetch_all(pool).await?
                });
                Ok(texts
                    .iter()
                    .flat_map(|(a, b, c)| [a, b, c])
                    .flat_map(|text| words_of(text))
                    .filter(|w| w.chars().count() >= 3)
                    .collect())
            })
            .await
    }
}

/// Lower-cased words of letters and digits; everything else separates words.
pub fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().chars().take(MAX_WORD_CHARS).collect())
}

/// Damerau–Levenshtein distance (optimal string alignment), stopping early above `limit`.
pub fn edit_distance_within(a: &str, b: &str, limit: usize) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    let width = b.len() + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut current = vec![0usize; width];
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = current[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (prev[j] + 1).min(current[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(prev2[j - 2] + 1);
            }
            current[j] = value;
            row_min = row_min.min(value);
        }
        if row_min > limit {
            return false;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut current);
    }
    prev[b.len()] <= limit
}

/// Each query word with the catalogue words it may have been meant as (itself first).
pub fn expand(query_words: &[String], vocabulary: &BTreeSet<String>) -> Vec<Vec<String>> {
    query_words
        .iter()
        .map(|word| {
            let mut alternatives = vec![word.clone()];
            if word.chars().count() >= 4 && !vocabulary.contains(word) {
                alternatives.extend(
                    vocabulary
                        .iter()
                        .filter(|candidate| edit_distance_within(word, candidate, 1))
                        .take(MAX_ALTERNATIVES - 1)
                        .cloned(),
                );
            }
            alternatives
        })
        .collect()
}

/// FTS5 query: words joined by `AND` (or `OR`), each an `OR` of quoted prefix terms.
fn fts5_query(groups: &[Vec<String>], joiner: &str) -> String {
    groups
        .iter()
        .map(|alts| {
            let terms: Vec<String> = alts.iter().map(|w| format!("\"{w}\"*")).collect();
            format!("({})", terms.join(" OR "))
        })
        .collect::<Vec<_>>()
        .join(&format!(" {joiner} "))
}

/// PostgreSQL tsquery text; words contain only letters and digits, so nothing needs escaping.
fn tsquery(groups: &[Vec<String>], joiner: &str) -> String {
    groups
        .iter()
        .map(|alts| {
            let terms: Vec<String> = alts.iter().map(|w| format!("{w}:*")).collect();
            format!("({})", terms.join(" | "))
        })
        .collect::<Vec<_>>()
        .join(&format!(" {joiner} "))
}

async fn ranked_ids(db: &Db, groups: &[Vec<String>], all_words: bool) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String,)> = match db {
        Db::Sqlite { read, .. } => {
            let query = fts5_query(groups, if all_words { "AND" } else { "OR" });
            sqlx::query_as(
                // bm25() cannot sit inside an aggregate, so rank first, then keep each service's best row.
                "WITH hits AS MATERIALIZED ( \
                   SELECT service_id, bm25(service_search, 0, 0, 10.0, 4.0, 1.0) AS rank \
                   FROM service_search WHERE service_search MATCH $1) \
                 SELECT service_id FROM hits GROUP BY service_id ORDER BY MIN(rank), service_id LIMIT $2",
            )
            .bind(query)
            .bind(MAX_RESULTS)
            .fetch_all(read)
            .await?
        }
        Db::Postgres(pool, _) => {
            let query = tsquery(groups, if all_words { "&" } else { "|" });
            sqlx::query_as(
                "SELECT service_id FROM ( \
                   SELECT service_id, ts_rank(search_vector, to_tsquery( \
                     CASE lang WHEN 'sv' THEN 'swedish'::regconfig WHEN 'en' THEN 'english'::regconfig \
                     ELSE 'simple'::regconfig END, $1)) AS rank \
                   FROM service_texts WHERE search_vector @@ to_tsquery( \
                     CASE lang WHEN 'sv' THEN 'swedish'::regconfig WHEN 'en' THEN 'english'::regconfig \
                     ELSE 'simple'::regconfig END, $1) \
                 ) hits GROUP BY service_id ORDER BY MAX(rank) DESC, service_id LIMIT $2",
            )
            .bind(query)
            .bind(MAX_RESULTS)
            .fetch_all(pool)
            .await?
        }
    };
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

pub async fn search(db: &Db, vocabulary: &Vocabulary, raw: &str, lang: Lang) -> Result<SearchResults, AppError> {
    let query: String = raw.chars().filter(|c| !c.is_control()).take(200).collect::<String>().trim().to_string();
    let words: Vec<String> = words_of(&query).take(MAX_WORDS).collect();
    if words.is_empty() {
        return Ok(SearchResults { query, outcome: SearchOutcome::Empty });
    }
    let vocabulary = vocabulary.words(db).await?;
    let groups = expand(&words, &vocabulary);
    let mut ids = ranked_ids(db, &groups, true).await?;
    if ids.is_empty() && groups.len() > 1 {
        ids = ranked_ids(db, &groups, false).await?;
    }
    let services = store::summaries_by_ids(db, lang, &ids).await?;
    Ok(SearchResults { query, outcome: SearchOutcome::Found(services) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_letter_typos_are_within_distance_one() {
        assert!(edit_distance_within("förskla", "förskola", 1));
        assert!(edit_distance_within("bygglv", "bygglov", 1));
        assert!(edit_distance_within("bygglvo", "bygglov", 1), "transposition");
        assert!(edit_distance_within("byggloc", "bygglov", 1), "substitution");
        assert!(!edit_distance_within("förskla", "skola", 1));
        assert!(!edit_distance_within("abc", "xyz", 1));
    }

    #[test]
    fn expansion_keeps_the_word_and_adds_close_catalogue_words() {
        let vocabulary: BTreeSet<String> =
            ["förskola", "förskolor", "bygglov", "skola"].into_iter().map(String::from).collect();
        let groups = expand(&["förskla".to_string()], &vocabulary);
        assert_eq!(groups, vec![vec!["förskla".to_string(), "förskola".to_string()]]);
        let known = expand(&["skola".to_string()], &vocabulary);
        assert_eq!(known, vec![vec!["skola".to_string()]], "known words are not expanded");
    }

    #[test]
    fn words_are_cleaned_of_markup_and_operators() {
        let words: Vec<String> = words_of("<script>alert(1)</script> ' OR 1=1 -- \"*:()^ Bygglov").collect();
        assert_eq!(words, vec!["script", "alert", "1", "script", "or", "1", "1", "bygglov"]);
        assert_eq!(fts5_query(&[vec!["a".into(), "b".into()]], "AND"), "(\"a\"* OR \"b\"*)");
        assert_eq!(tsquery(&[vec!["a".into()], vec!["b".into()]], "&"), "(a:*) & (b:*)");
    }
}
