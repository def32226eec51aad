//! The rules of a form, one implementation for browser and server: which steps and questions
//! are shown, whether answers are valid, and the answers as structured data.
//!
//! Answers are what the form posted, by field name: `email`, `address.postcode`,
//! `children.0.name`; a multiple choice has several values.

use super::{
    date::SimpleDate,
    files::{human_size, FileRef, FileType},
    identity,
    model::{tr, FormDefinition, Question, QuestionKind, Step},
};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub type Answers = BTreeMap<String, Vec<String>>;

/// Longest text kept from any one field; longer input gets an error, not a failure.
pub const HARD_MAX_CHARS: usize = 10_000;
pub const DEFAULT_SHORT_MAX: u32 = 200;
pub const DEFAULT_LONG_MAX: u32 = 5_000;
/// Items of a repeating group when the definition gives no `max_items`.
pub const DEFAULT_MAX_ITEMS: u32 = 10;

/// Field names of the parts of composite questions.
pub const ADDRESS_PARTS: [&str; 3] = ["street", "postcode", "city"];
pub const LOCATION_PARTS: [&str; 3] = ["place", "lat", "lon"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    ChooseOne,
    ChooseAtLeastOne,
    Confirm,
    TooShort(u32),
    TooLong(u32),
    NotANumber,
    NotAWholeNumber,
    TooSmall(String),
    TooLarge(String),
    NotADate,
    TooEarly(String),
    TooLate(String),
    Email,
    Phone,
    PersonalIdentityNumber,
    OrganisationNumber,
    Postcode,
    Coordinates,
    Pattern,
    UnknownOption,
    TooFewItems(u32),
    /// The same answer as an earlier choice it must differ from (that question's id).
    SameAs(String),
    /// A required file question without a file.
    ChooseFile,
    /// More files than the question takes (its limit).
    TooManyFiles(u32),
    /// A file whose name or contents are not of a type the question accepts (the file's name).
    FileType(String),
    /// A file whose contents are not what its name says, e.g. a web page named `plan.pdf`.
    FileNotWhatItSays(String),
    /// A file larger than the question takes (the file's name).
    FileTooBig(String),
    /// An empty file (the file's name).
    FileEmpty(String),
    /// The question's files together weigh more than [`crate::forms::model::MAX_QUESTION_MB`].
    FilesTooBig,
    /// The virus check refused the file (the file's name).
    FileRefused(String),
    /// The virus check could not be run just now (the file's name): try again later.
    FileNotChecked(String),
}

/// One problem with one field: `field` is the input's name, which also gives its id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    /// The question (or group member) the field belongs to.
    pub question: String,
    pub problem: Problem,
}

/// The HTML id of the input for a field name (`address.postcode` → `f-address-postcode`).
pub fn field_id(name: &str) -> String {
    format!("f-{}", name.replace('.', "-"))
}

pub fn value<'a>(answers: &'a Answers, name: &str) -> &'a str {
    answers.get(name).and_then(|v| v.first()).map(|s| s.trim()).unwrap_or("")
}

pub fn values<'a>(answers: &'a Answers, name: &str) -> Vec<&'a str> {
    answers.get(name).map(|v| v.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect()).unwrap_or_default()
}

/// Number of items in a repeating group, stored in the group's own field.
pub fn item_count(answers: &Answers, q: &Question) -> u32 {
    let max = q.max_items.unwrap_or(DEFAULT_MAX_ITEMS);
    let min = q.min_items.unwrap_or(1).max(1);
    value(answers, &q.id).parse::<u32>().unwrap_or(min).clamp(1, max)
}

/// Whether a question is shown, given the answers so far.
pub fn question_visible(def: &FormDefinition, q: &Question, answers: &Answers) -> bool {
    visible_depth(def, q, answers, 0)
}

fn visible_depth(def: &FormDefinition, q: &Question, answers: &Answers, depth: u8) -> bool {
    let Some(cond) = &q.show_if else { return true };
    if depth > 32 {
        return false; // import refuses cycles; this only guards a corrupted definition
    }
    let Some(target) = def.question(&cond.question) else { return false };
    let target_step = def.steps.iter().find(|s| s.questions.iter().any(|x| x.id == target.id));
    if target_step.is_some_and(|s| !step_visible(def, s, answers)) || !visible_depth(def, target, answers, depth + 1) {
        return false;
    }
    let given = values(answers, &cond.question);
    given.iter().any(|v| cond.equals.as_deref() == Some(*v) || cond.any_of.iter().any(|a| a == v))
}

pub fn step_visible(def: &FormDefinition, step: &Step, answers: &Answers) -> bool {
    let Some(cond) = &step.show_if else { return true };
    let Some(target) = def.question(&cond.question) else { return false };
    if !question_visible(def, target, answers) {
        return false;
    }
    let target_step = def.steps.iter().position(|s| s.questions.iter().any(|x| x.id == target.id));
    let own = def.steps.iter().position(|s| s.id == step.id);
    if target_step >= own {
        return false;
    }
    if target_step.and_then(|i| def.steps.get(i)).is_some_and(|s| !step_visible(def, s, answers)) {
        return false;
    }
    let given = values(answers, &cond.question);
    given.iter().any(|v| cond.equals.as_deref() == Some(*v) || cond.any_of.iter().any(|a| a == v))
}

pub fn visible_steps<'a>(def: &'a FormDefinition, answers: &Answers) -> Vec<&'a Step> {
    def.steps.iter().filter(|s| step_visible(def, s, answers)).collect()
}

/// Only the answers to questions that are shown now: what a check page or a submission uses.
pub fn visible_answers(def: &FormDefinition, answers: &Answers) -> Answers {
    let shown: Vec<&Question> = visible_steps(def, answers)
        .into_iter()
        .flat_map(|s| s.questions.iter())
        .filter(|q| question_visible(def, q, answers))
        .collect();
    answers
        .iter()
        .filter(|(name, _)| shown.iter().any(|q| *name == &q.id || name.starts_with(&format!("{}.", q.id))))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Validates the visible questions of one step.
pub fn validate_step(def: &FormDefinition, step: &Step, answers: &Answers, today: SimpleDate) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for q in &step.questions {
        if question_visible(def, q, answers) {
            validate_question(q, &q.id, &q.id, answers, today, &mut errors);
        }
    }
    errors
}

/// Validates every visible step; the first step with problems comes first.
pub fn validate_form(def: &FormDefinition, answers: &Answers, today: SimpleDate) -> Vec<(String, Vec<FieldError>)> {
    visible_steps(def, answers)
        .into_iter()
        .map(|s| (s.id.clone(), validate_step(def, s, answers, today)))
        .filter(|(_, e)| !e.is_empty())
        .collect()
}

fn validate_question(
    q: &Question,
    name: &str,
    question: &str,
    answers: &Answers,
    today: SimpleDate,
    errors: &mut Vec<FieldError>,
) {
    use QuestionKind::*;
    let mut fail =
        |field: String, problem: Problem| errors.push(FieldError { field, question: question.into(), problem });
    let text = value(answers, name);
    match q.kind {
        Information => {}
        RepeatingGroup => {
            let count = item_count(answers, q);
            if let Some(min) = q.min_items {
                let filled = (0..count)
                    .filter(|i| {
                        q.questions.iter().any(|sub| item_has_answer(sub, &format!("{name}.{i}.{}", sub.id), answers))
                    })
                    .count() as u32;
                if filled < min {
                    fail(
                        field_id_of(&q.questions[0], &format!("{name}.0.{}", q.questions[0].id)),
                        Problem::TooFewItems(min),
                    );
                    if filled == 0 {
                        // Nothing filled in at all: one message for the group, not one per field.
                        return;
                    }
                }
            }
            for i in 0..count {
                for sub in &q.questions {
                    validate_question(sub, &format!("{name}.{i}.{}", sub.id), question, answers, today, errors);
                }
            }
            return;
        }
        PostalAddress => {
            let parts: Vec<&str> = ADDRESS_PARTS.iter().map(|p| value(answers, &format!("{name}.{p}"))).collect();
            let any = parts.iter().any(|p| !p.is_empty());
            if q.required || any {
                for (part, given) in ADDRESS_PARTS.iter().zip(&parts) {
                    if given.is_empty() {
                        fail(format!("{name}.{part}"), Problem::Required);
                    } else if given.chars().count() > DEFAULT_SHORT_MAX as usize {
                        fail(format!("{name}.{part}"), Problem::TooLong(DEFAULT_SHORT_MAX));
                    }
                }
                let postcode: String = parts[1].chars().filter(|c| !c.is_whitespace()).collect();
                if !parts[1].is_empty() && (postcode.len() != 5 || !postcode.bytes().all(|b| b.is_ascii_digit())) {
                    fail(format!("{name}.postcode"), Problem::Postcode);
                }
            }
            return;
        }
        Location => {
            let place = value(answers, &format!("{name}.place"));
            if place.is_empty() && q.required {
                fail(format!("{name}.place"), Problem::Required);
            } else if place.chars().count() > DEFAULT_SHORT_MAX as usize {
                fail(format!("{name}.place"), Problem::TooLong(DEFAULT_SHORT_MAX));
            }
            let (lat, lon) = (value(answers, &format!("{name}.lat")), value(answers, &format!("{name}.lon")));
            if !lat.is_empty() || !lon.is_empty() {
                let ok = |s: &str, limit: f64| s.parse::<f64>().is_ok_and(|v| v.is_finite() && v.abs() <= limit);
                if !ok(lat, 90.0) || !ok(lon, 180.0) {
                    fail(format!("{name}.lat"), Problem::Coordinates);
                }
            }
            return;
        }
        MultipleChoice => {
            let chosen = values(answers, name);
            if chosen.is_empty() && q.required {
                fail(first_option_field(q, name), Problem::ChooseAtLeastOne);
            } else if chosen.iter().any(|c| !q.options.iter().any(|o| o.id == *c)) {
                fail(first_option_field(q, name), Problem::UnknownOption);
            }
            return;
        }
        SingleChoice | YesNo => {
            let allowed = |v: &str| match q.kind {
                YesNo => v == "yes" || v == "no",
                _ => q.options.iter().any(|o| o.id == v),
            };
            if text.is_empty() {
                if q.required {
                    fail(first_option_field(q, name), Problem::ChooseOne);
                }
            } else if !allowed(text) || values(answers, name).len() > 1 {
                fail(first_option_field(q, name), Problem::UnknownOption);
            } else if let Some(other) = q.differs_from.iter().find(|other| value(answers, other) == text) {
                fail(first_option_field(q, name), Problem::SameAs(other.clone()));
            }
            return;
        }
        Declaration => {
            if text != "yes" {
                fail(name.into(), Problem::Confirm);
            }
            return;
        }
        File => {
            // Files the server noted, and (in the browser) files chosen but not yet sent.
            let given = values(answers, name);
            if given.is_empty() {
                if q.required {
                    fail(name.into(), Problem::ChooseFile);
                }
            } else if given.len() as u32 > q.max_files() {
                fail(name.into(), Problem::TooManyFiles(q.max_files()));
            } else {
                let accepted = q.accepted_types();
                for file in given.iter().filter_map(|v| FileRef::decode(v)) {
                    if !accepted.contains(&file.file_type) {
                        fail(name.into(), Problem::FileType(file.name.clone()));
                    }
                }
            }
            return;
        }
        _ => {}
    }
    if text.is_empty() {
        if q.required {
            fail(name.into(), Problem::Required);
        }
        return;
    }
    let chars = text.chars().count() as u32;
    let max_length = q.max_length.unwrap_or(if q.kind == LongText { DEFAULT_LONG_MAX } else { DEFAULT_SHORT_MAX });
    if chars > max_length {
        return fail(name.into(), Problem::TooLong(max_length));
    }
    match q.kind {
        ShortText | LongText => {
            if let Some(min) = q.min_length.filter(|m| chars < *m) {
                fail(name.into(), Problem::TooShort(min));
            } else if let Some(pattern) = &q.pattern {
                // Definitions are checked on import, so the pattern compiles.
                let whole = format!("^(?:{pattern})$");
                if regex_lite::Regex::new(&whole).is_ok_and(|re| !re.is_match(text)) {
                    fail(name.into(), Problem::Pattern);
                }
            }
        }
        Number => match parse_number(text) {
            None => fail(name.into(), Problem::NotANumber),
            Some(n) if q.integer && n.fract() != 0.0 => fail(name.into(), Problem::NotAWholeNumber),
            Some(n) if q.min.is_some_and(|m| n < m) => fail(name.into(), Problem::TooSmall(show_number(q.min))),
            Some(n) if q.max.is_some_and(|m| n > m) => fail(name.into(), Problem::TooLarge(show_number(q.max))),
            Some(_) => {}
        },
        Date => match SimpleDate::parse(text) {
            None => fail(name.into(), Problem::NotADate),
            Some(d) => {
                if let Some(min) = q.not_before.map(|b| b.resolve(today)).filter(|min| d < *min) {
                    fail(name.into(), Problem::TooEarly(min.to_string()));
                } else if let Some(max) = q.not_after.map(|b| b.resolve(today)).filter(|max| d > *max) {
                    fail(name.into(), Problem::TooLate(max.to_string()));
                }
            }
        },
        Email if !email_ok(text) => fail(name.into(), Problem::Email),
        Phone if !phone_ok(text) => fail(name.into(), Problem::Phone),
        PersonalIdentityNumber if identity::PersonalIdentityNumber::parse(text, today).is_none() => {
            fail(name.into(), Problem::PersonalIdentityNumber)
        }
        OrganisationNumber if identity::OrganisationNumber::parse(text).is_none() => {
            fail(name.into(), Problem::OrganisationNumber)
        }
        _ => {}
    }
}

fn item_has_answer(q: &Question, name: &str, answers: &Answers) -> bool {
    match q.kind {
        QuestionKind::PostalAddress => ADDRESS_PARTS.iter().any(|p| !value(answers, &format!("{name}.{p}")).is_empty()),
        QuestionKind::Location => !value(answers, &format!("{name}.place")).is_empty(),
        _ => !values(answers, name).is_empty(),
    }
}

/// The field an error about this question links to (its first input).
pub fn field_id_of(q: &Question, name: &str) -> String {
    match q.kind {
        QuestionKind::PostalAddress => format!("{name}.street"),
        QuestionKind::Location => format!("{name}.place"),
        QuestionKind::SingleChoice | QuestionKind::MultipleChoice | QuestionKind::YesNo => first_option_field(q, name),
        _ => name.into(),
    }
}

/// Choices are linked to their first option: `kategori` → field `kategori.gatubelysning`.
fn first_option_field(q: &Question, name: &str) -> String {
    let first =
        if q.kind == QuestionKind::YesNo { "yes" } else { q.options.first().map(|o| o.id.as_str()).unwrap_or("") };
    format!("{name}.{first}")
}

pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String =
        text.chars().filter(|c| !c.is_whitespace() && *c != '\u{a0}').collect::<String>().replace(',', ".");
    if cleaned.is_empty()
        || cleaned.len() > 30
        || !cleaned.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn show_number(n: Option<f64>) -> String {
    let n = n.unwrap_or_default();
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}").replace('.', ",")
    }
}

pub fn email_ok(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else { return false };
    text.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"".contains(c))
        && !local.contains('@')
}

pub fn phone_ok(text: &str) -> bool {
    let digits = text.chars().filter(|c| c.is_ascii_digit()).count();
    (7..=15).contains(&digits) && text.chars().all(|c| c.is_ascii_digit() || " -+()".contains(c))
}

/// The message for a problem, in the user's language, naming the question.
pub fn message(error: &FieldError, def: &FormDefinition, lang: Lang) -> String {
    let label = match error.problem {
        // Too few items is about the group as a whole, though it points at its first field.
        Problem::TooFewItems(_) => {
            def.question(&error.question).map(|q| tr(&q.label, lang).to_string()).unwrap_or_default()
        }
        _ => label_of(def, &error.question, &error.field, lang),
    };
    let id = match &error.problem {
        Problem::Required => "form-error-required",
        Problem::ChooseOne => "form-error-choose-one",
        Problem::ChooseAtLeastOne => "form-error-choose-at-least-one",
        Problem::Confirm => "form-error-confirm",
        Problem::TooShort(_) => "form-error-too-short",
        Problem::TooLong(_) => "form-error-too-long",
        Problem::NotANumber => "form-error-number",
        Problem::NotAWholeNumber => "form-error-whole-number",
        Problem::TooSmall(_) => "form-error-too-small",
        Problem::TooLarge(_) => "form-error-too-large",
        Problem::NotADate => "form-error-date",
        Problem::TooEarly(_) => "form-error-too-early",
        Problem::TooLate(_) => "form-error-too-late",
        Problem::Email => "form-error-email",
        Problem::Phone => "form-error-phone",
        Problem::PersonalIdentityNumber => "form-error-personal-number",
        Problem::OrganisationNumber => "form-error-organisation-number",
        Problem::Postcode => "form-error-postcode",
        Problem::Coordinates => "form-error-coordinates",
        Problem::UnknownOption => "form-error-unknown-option",
        Problem::TooFewItems(_) => "form-error-too-few-items",
        Problem::ChooseFile => "form-error-choose-file",
        Problem::SameAs(other) => {
            let other = def.question(other).map(|q| tr(&q.label, lang).to_string()).unwrap_or_default();
            return lang.t_args("form-error-same-as", &[("label", label.into()), ("other", other.into())]);
        }
        // A number, so the message can say "one file" or "at most 3 files".
        Problem::TooManyFiles(n) => {
            return lang.t_args("form-error-too-many-files", &[("label", label.into()), ("limit", (*n).into())])
        }
        Problem::FilesTooBig => "form-error-files-too-big",
        Problem::FileType(_)
        | Problem::FileNotWhatItSays(_)
        | Problem::FileTooBig(_)
        | Problem::FileEmpty(_)
        | Problem::FileRefused(_)
        | Problem::FileNotChecked(_) => return file_message(error, def, lang),
        Problem::Pattern => {
            let custom = def
                .question(&error.question)
                .and_then(|q| find_member(q, &error.field))
                .and_then(|q| q.pattern_message.as_ref());
            return custom
                .map(|m| tr(m, lang).to_string())
                .unwrap_or_else(|| lang.t_args("form-error-pattern", &[("label", label.into())]));
        }
    };
    let limit = match &error.problem {
        Problem::TooShort(n) | Problem::TooLong(n) | Problem::TooFewItems(n) => n.to_string(),
        Problem::FilesTooBig => crate::forms::model::MAX_QUESTION_MB.to_string(),
        Problem::TooSmall(s) | Problem::TooLarge(s) | Problem::TooEarly(s) | Problem::TooLate(s) => s.clone(),
        _ => String::new(),
    };
    lang.t_args(id, &[("label", label.into()), ("limit", limit.into())])
}

/// A problem with one file names the file and the rule it broke.
fn file_message(error: &FieldError, def: &FormDefinition, lang: Lang) -> String {
    let q = def.question(&error.question);
    let types = q.map(|q| q.accepted_types()).unwrap_or_default();
    let (id, file) = match &error.problem {
        Problem::FileType(file) => ("form-error-file-type", file),
        Problem::FileNotWhatItSays(file) => ("form-error-file-content", file),
        Problem::FileTooBig(file) => ("form-error-file-too-big", file),
        Problem::FileEmpty(file) => ("form-error-file-empty", file),
        Problem::FileRefused(file) => ("form-error-file-refused", file),
        Problem::FileNotChecked(file) => ("form-error-file-not-checked", file),
        _ => return String::new(),
    };
    let limit = q.map(|q| q.max_file_bytes() / 1_000_000).unwrap_or_default();
    lang.t_args(
        id,
        &[
            ("file", file.clone().into()),
            ("types", FileType::list(&types, &lang.t("form-or")).into()),
            ("limit", limit.to_string().into()),
        ],
    )
}

/// The question a field belongs to, looking inside repeating groups (`children.0.name`).
pub fn find_member<'a>(q: &'a Question, field: &str) -> Option<&'a Question> {
    if q.kind != QuestionKind::RepeatingGroup {
        return Some(q);
    }
    let member = field.split('.').nth(2)?;
    q.questions.iter().find(|s| s.id == member)
}

fn label_of(def: &FormDefinition, question: &str, field: &str, lang: Lang) -> String {
    let Some(q) = def.question(question) else { return String::new() };
    let Some(member) = find_member(q, field) else { return tr(&q.label, lang).to_string() };
    let mut label = tr(&member.label, lang).to_string();
    if q.kind == QuestionKind::RepeatingGroup {
        if let (Some(item), Some(i)) = (&q.item_label, field.split('.').nth(1).and_then(|i| i.parse::<u32>().ok())) {
            label = format!("{label} ({} {})", tr(item, lang), i + 1);
        }
    }
    match (member.kind, field.rsplit('.').next()) {
        (QuestionKind::PostalAddress, Some(part)) if ADDRESS_PARTS.contains(&part) => {
            format!("{label}: {}", lang.t(&format!("form-address-{part}")))
        }
        _ => label,
    }
}

/// The visible answers as structured data for the stored submission and its export.
pub fn structured(def: &FormDefinition, answers: &Answers, today: SimpleDate) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for step in visible_steps(def, answers) {
        for q in &step.questions {
            if question_visible(def, q, answers) {
                if let Some(v) = structured_value(q, &q.id, answers, today) {
                    out.insert(q.id.clone(), v);
                }
            }
        }
    }
    serde_json::Value::Object(out)
}

fn structured_value(q: &Question, name: &str, answers: &Answers, today: SimpleDate) -> Option<serde_json::Value> {
    use serde_json::{json, Value};
    use QuestionKind::*;
    let text = value(answers, name);
    let v = match q.kind {
        Information => return None,
        RepeatingGroup => Value::Array(
            (0..item_count(answers, q))
                .map(|i| {
                    let mut item = serde_json::Map::new();
                    for sub in &q.questions {
                        if let Some(v) = structured_value(sub, &format!("{name}.{i}.{}", sub.id), answers, today) {
                            item.insert(sub.id.clone(), v);
                        }
                    }
                    Value::Object(item)
                })
                .filter(|item| item.as_object().is_some_and(|o| !o.is_empty()))
                .collect(),
        ),
        PostalAddress => {
            let parts: Vec<&str> = ADDRESS_PARTS.iter().map(|p| value(answers, &format!("{name}.{p}"))).collect();
            if parts.iter().all(|p| p.is_empty()) {
                return None;
            }
            json!({ "street": parts[0], "postcode": parts[1].replace(' ', ""), "city": parts[2] })
        }
        Location => {
            let place = value(answers, &format!("{name}.place"));
            let lat = parse_number(value(answers, &format!("{name}.lat")));
            let lon = parse_number(value(answers, &format!("{name}.lon")));
            if place.is_empty() && lat.is_none() {
                return None;
            }
            json!({ "place": place, "lat": lat, "lon": lon })
        }
        MultipleChoice => Value::Array(values(answers, name).into_iter().map(|v| Value::String(v.into())).collect()),
        File => {
            let files: Vec<Value> = values(answers, name)
                .into_iter()
                .filter_map(FileRef::decode)
                .map(|f| json!({ "id": f.id, "name": f.name, "size": f.size, "type": f.file_type.code() }))
                .collect();
            if files.is_empty() {
                return None;
            }
            Value::Array(files)
        }
        Declaration => Value::Bool(text == "yes"),
        YesNo if !text.is_empty() => Value::Bool(text == "yes"),
        Number if !text.is_empty() => parse_number(text).map(|n| json!(n)).unwrap_or(Value::Null),
        Date if !text.is_empty() => SimpleDate::parse(text).map(|d| json!(d.to_string())).unwrap_or(Value::Null),
        PersonalIdentityNumber if !text.is_empty() => {
            identity::PersonalIdentityNumber::parse(text, today).map(|p| json!(p.to_string())).unwrap_or(Value::Null)
        }
        OrganisationNumber if !text.is_empty() => {
            identity::OrganisationNumber::parse(text).map(|o| json!(o.to_string())).unwrap_or(Value::Null)
        }
        _ if text.is_empty() => return None,
        _ => Value::String(text.into()),
    };
    Some(v)
}

/// A question's whole answer as lines of text, as "check your answers" shows it: a repeating
/// group's items as "Label: answer" lines, item after item. What the case keeps and what a
/// signer signs read the same.
pub fn answer_lines(q: &Question, answers: &Answers, lang: Lang) -> Vec<String> {
    if q.kind != QuestionKind::RepeatingGroup {
        return display_answer(q, &q.id, answers, lang);
    }
    (0..item_count(answers, q))
        .flat_map(|i| {
            q.questions.iter().flat_map(move |sub| {
                display_answer(sub, &format!("{}.{i}.{}", q.id, sub.id), answers, lang)
                    .into_iter()
                    .map(move |line| format!("{}: {line}", tr(&sub.label, lang)))
            })
        })
        .collect()
}

/// One answer as lines of text for the "check your answers" page and the print-out.
pub fn display_answer(q: &Question, name: &str, answers: &Answers, lang: Lang) -> Vec<String> {
    use QuestionKind::*;
    let text = value(answers, name);
    let option_label = |id: &str| q.options.iter().find(|o| o.id == id).map(|o| tr(&o.label, lang).to_string());
    match q.kind {
        Information => vec![],
        PostalAddress => {
            let parts: Vec<&str> = ADDRESS_PARTS.iter().map(|p| value(answers, &format!("{name}.{p}"))).collect();
            if parts.iter().all(|p| p.is_empty()) {
                vec![]
            } else {
                vec![parts[0].to_string(), format!("{} {}", parts[1], parts[2])]
            }
        }
        Location => {
            let mut lines = vec![value(answers, &format!("{name}.place")).to_string()];
            let (lat, lon) = (value(answers, &format!("{name}.lat")), value(answers, &format!("{name}.lon")));
            if !lat.is_empty() && !lon.is_empty() {
                lines.push(format!("{lat}, {lon}"));
            }
            lines.retain(|l| !l.is_empty());
            lines
        }
        MultipleChoice => values(answers, name).into_iter().filter_map(option_label).collect(),
        File => values(answers, name)
            .into_iter()
            .filter_map(FileRef::decode)
            .map(|f| format!("{} ({})", f.name, human_size(f.size, lang == Lang::SV)))
            .collect(),
        SingleChoice => option_label(text).into_iter().collect(),
        YesNo if text == "yes" => vec![lang.t("form-yes")],
        YesNo if text == "no" => vec![lang.t("form-no")],
        Declaration if text == "yes" => vec![lang.t("form-confirmed")],
        _ if text.is_empty() => vec![],
        _ => text.lines().map(str::to_string).collect(),
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests;
