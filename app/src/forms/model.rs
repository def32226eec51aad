//! A form definition: the versioned, data-driven description of what a service asks — steps,
//! questions, help texts, rules, conditions and the texts of the confirmation, in every
//! language. Read from TOML files, stored as JSON, sent to the browser for instant checks.

use super::{date::SimpleDate, files::FileType};
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A text in every language: `{ sv = "…", en = "…" }`.
pub type Text = BTreeMap<String, String>;

/// The text in `lang`, falling back to Swedish.
pub fn tr(text: &Text, lang: Lang) -> &str {
    text.get(lang.code()).or_else(|| text.get("sv")).map(String::as_str).unwrap_or("")
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDefinition {
    pub id: String,
    pub version: u32,
    /// The catalogue service this form belongs to.
    pub service: String,
    /// Two to five capital letters that start every reference number, e.g. `FEL`.
    pub reference_prefix: String,
    pub title: Text,
    /// The start page: what the form is for and what you need before you begin.
    pub intro: Text,
    /// The confirmation page: what happens next.
    pub confirmation: Text,
    /// The email question whose answer gets a receipt, if any.
    #[serde(default)]
    pub receipt_to: Option<String>,
    /// Whose consent the form needs besides the sender's: `both-guardians` makes it a form
    /// about a child (only usable while acting for one), and what is sent waits for the other
    /// guardian(s) the population registry names before it becomes a case (`forms::consent`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<Consent>,
    /// Who applies, when not the person themselves: `company` makes it a form a company sends
    /// (only usable while acting for one the company registry says the person signs for); the
    /// case is the company's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applicant: Option<Applicant>,
    /// Months within which a place must be offered after the application, shown on the check
    /// and confirmation pages as a date (preschool: 4, skollagen 8 kap. 14 §).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offer_within_months: Option<u8>,
    /// Each year's application period (school choice: 10–31 January), both days included;
    /// it may run over the new year. Outside it the form can be neither filled in nor sent,
    /// and its start page says when it opens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// Sending is signed with the sender's e-ID (a personal e-service): only a signed-in person
    /// can send it, and the case keeps who signed, when, how, and exactly what.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub signed: bool,
    #[serde(rename = "step")]
    pub steps: Vec<Step>,
}

/// A yearly application period: `opens` and `closes` as `MM-DD`, both days included.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub opens: String,
    pub closes: String,
}

/// Where a day falls in a form's application period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowState {
    /// Open; the last day to send is `last_day`.
    Open { last_day: SimpleDate },
    /// Closed until `opens`.
    Closed { opens: SimpleDate },
}

impl Window {
    /// `MM-DD` of a day every year has (so never 29 February).
    fn month_day(text: &str) -> Option<(u8, u8)> {
        let (month, day) = text.split_once('-')?;
        if month.len() != 2 || day.len() != 2 {
            return None;
        }
        let (month, day): (u8, u8) = (month.parse().ok()?, day.parse().ok()?);
        ((1..=12).contains(&month) && day >= 1 && day <= super::date::days_in_month(2023, month))
            .then_some((month, day))
    }

    /// Where `today` falls; `None` if the period is malformed (the importer refuses those).
    pub fn on(&self, today: SimpleDate) -> Option<WindowState> {
        let (opens, closes) = (Self::month_day(&self.opens)?, Self::month_day(&self.closes)?);
        let date = |year: i32, (month, day): (u8, u8)| SimpleDate::new(year, month, day);
        let (year, now) = (today.year, (today.month, today.day));
        Some(if opens <= closes {
            if (opens..=closes).contains(&now) {
                WindowState::Open { last_day: date(year, closes)? }
            } else {
                WindowState::Closed { opens: date(if now < opens { year } else { year + 1 }, opens)? }
            }
        } else if now >= opens {
            // Over the new year: open from `opens` to `closes` of the next year.
            WindowState::Open { last_day: date(year + 1, closes)? }
        } else if now <= closes {
            WindowState::Open { last_day: date(year, closes)? }
        } else {
            WindowState::Closed { opens: date(year, opens)? }
        })
    }

    /// Whether the form is closed on `today`.
    pub fn closed_on(&self, today: SimpleDate) -> bool {
        matches!(self.on(today), Some(WindowState::Closed { .. }))
    }
}

/// Whose consent a form needs besides the sender's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Consent {
    /// Every guardian of the child (föräldrabalken 6 kap. 11 och 13 §§: under joint custody the
    /// guardians decide together).
    BothGuardians,
}

/// Who applies with a form, when not the person themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicant {
    /// A company, by a person who signs for it.
    Company,
}

impl FormDefinition {
    /// Whether the form is about a child: only usable while acting for one.
    pub fn for_a_child(&self) -> bool {
        self.consent == Some(Consent::BothGuardians)
    }

    /// Whether a company applies with the form: only usable while acting for one.
    pub fn for_a_company(&self) -> bool {
        self.applicant == Some(Applicant::Company)
    }

    /// Whom the sender must be acting for to use the form: a child (a form about one) or a
    /// company (a company's form); `None` for a form anyone may use as themselves.
    pub fn acting_for_needed(&self) -> Option<crate::access::Represented> {
        if self.for_a_child() {
            Some(crate::access::Represented::Child)
        } else if self.for_a_company() {
            Some(crate::access::Represented::Company)
        } else {
            None
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub intro: Option<Text>,
    /// Shown only when an answer on an earlier step matches.
    #[serde(default)]
    pub show_if: Option<Condition>,
    #[serde(rename = "question")]
    pub questions: Vec<Question>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    ShortText,
    LongText,
    Number,
    Date,
    Email,
    Phone,
    PersonalIdentityNumber,
    OrganisationNumber,
    PostalAddress,
    SingleChoice,
    MultipleChoice,
    YesNo,
    Location,
    RepeatingGroup,
    Information,
    Declaration,
    /// Files attached (drawings, certificates): see [`crate::forms::files`].
    File,
}

impl QuestionKind {
    /// Whether the question collects an answer (information text does not).
    pub fn takes_answer(self) -> bool {
        self != QuestionKind::Information
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionKind,
    pub label: Text,
    #[serde(default)]
    pub hint: Option<Text>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub min_length: Option<u32>,
    #[serde(default)]
    pub max_length: Option<u32>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub integer: bool,
    #[serde(default)]
    pub not_before: Option<DateBound>,
    #[serde(default)]
    pub not_after: Option<DateBound>,
    /// A regular expression the whole answer must match (regex-lite syntax).
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub pattern_message: Option<Text>,
    #[serde(default, rename = "option")]
    pub options: Vec<ChoiceOption>,
    #[serde(default)]
    pub show_if: Option<Condition>,
    /// The questions of one item of a repeating group.
    #[serde(default, rename = "question")]
    pub questions: Vec<Question>,
    #[serde(default)]
    pub min_items: Option<u32>,
    #[serde(default)]
    pub max_items: Option<u32>,
    /// What one item of a repeating group is called, e.g. "Barn" / "Child".
    #[serde(default)]
    pub item_label: Option<Text>,
    /// The file types a file question accepts (default: PDF, JPEG and PNG).
    #[serde(default)]
    pub accept: Vec<FileType>,
    /// Most files a file question takes (default 1).
    #[serde(default)]
    pub max_files: Option<u32>,
    /// Largest file a file question takes, in megabytes (default [`DEFAULT_MAX_FILE_MB`]).
    #[serde(default)]
    pub max_file_mb: Option<u32>,
    /// What the population registry may fill in for a signed-in applicant (once-only): their
    /// name (a short text) or their registered address (a postal address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<Prefill>,
    /// Earlier choice questions whose answer this one must not repeat: a ranking's second and
    /// third choices (the same preschool twice ranks nothing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differs_from: Vec<String>,
}

/// What a question may have filled in: from the population registry, or of the company the
/// person acts for (as the company registry named it when they chose it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Prefill {
    Name,
    Address,
    /// The name of the company the person acts for (a company's form).
    CompanyName,
    /// The organisation number of the company the person acts for.
    OrganisationNumber,
}

/// Largest file a file question takes unless it says otherwise, in megabytes.
pub const DEFAULT_MAX_FILE_MB: u32 = 10;
/// Most a file question's files may weigh together, in megabytes.
pub const MAX_QUESTION_MB: u32 = 50;
/// Most files one question may take.
pub const MAX_FILES_LIMIT: u32 = 20;

impl Question {
    /// The file types this file question accepts.
    pub fn accepted_types(&self) -> Vec<FileType> {
        if self.accept.is_empty() {
            FileType::ALL.to_vec()
        } else {
            self.accept.clone()
        }
    }

    pub fn max_files(&self) -> u32 {
        self.max_files.unwrap_or(1)
    }

    pub fn max_file_bytes(&self) -> u64 {
        u64::from(self.max_file_mb.unwrap_or(DEFAULT_MAX_FILE_MB)) * 1_000_000
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub id: String,
    pub label: Text,
}

/// Show a question or step only when another question's answer is (one of) some value(s).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub question: String,
    #[serde(default)]
    pub equals: Option<String>,
    #[serde(default)]
    pub any_of: Vec<String>,
}

/// A limit for a date answer: `today`, `today+14`, `today-365` or a fixed `2027-06-30`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DateBound {
    Today(i64),
    Fixed(SimpleDate),
}

impl DateBound {
    pub fn resolve(self, today: SimpleDate) -> SimpleDate {
        match self {
            DateBound::Today(offset) => today.add_days(offset),
            DateBound::Fixed(date) => date,
        }
    }
}

impl TryFrom<String> for DateBound {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let t = s.trim();
        if let Some(rest) = t.strip_prefix("today") {
            let offset = match rest.chars().next() {
                None => 0,
                Some('+') => rest[1..].parse::<i64>().map_err(|_| format!("bad date limit '{s}'"))?,
                Some('-') => -rest[1..].parse::<i64>().map_err(|_| format!("bad date limit '{s}'"))?,
                _ => return Err(format!("bad date limit '{s}'")),
            };
            return Ok(DateBound::Today(offset));
        }
        SimpleDate::parse(t).map(DateBound::Fixed).ok_or_else(|| format!("bad date limit '{s}'"))
    }
}

impl From<DateBound> for String {
    fn from(b: DateBound) -> String {
        match b {
            DateBound::Today(0) => "today".into(),
            DateBound::Today(n) if n > 0 => format!("today+{n}"),
            DateBound::Today(n) => format!("today{n}"),
            DateBound::Fixed(d) => d.to_string(),
        }
    }
}

impl FormDefinition {
    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// Every top-level question with the index of its step.
    pub fn questions(&self) -> impl Iterator<Item = (usize, &Question)> {
        self.steps.iter().enumerate().flat_map(|(i, s)| s.questions.iter().map(move |q| (i, q)))
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions().map(|(_, q)| q).find(|q| q.id == id)
    }

    /// Checks everything the importer must refuse; each message names the place, e.g.
    /// `step[1] 'plats'.question[0] 'adress': unknown question 'x' in show_if`.
    pub fn check(&self, languages: &[&str]) -> Result<(), String> {
        let id_ok = |id: &str| {
            !id.is_empty()
                && id.len() <= 40
                && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        };
        if !id_ok(&self.id) {
            return Err(format!("id '{}' must be lower-case letters, digits and '-'", self.id));
        }
        if self.version == 0 {
            return Err("version must be 1 or more".into());
        }
        if !(2..=5).contains(&self.reference_prefix.len())
            || !self.reference_prefix.bytes().all(|b| b.is_ascii_uppercase())
        {
            return Err("reference_prefix must be 2 to 5 capital letters A-Z".into());
        }
        let texts = |place: &str, text: &Text| -> Result<(), String> {
            for lang in languages {
                if text.get(*lang).is_none_or(|t| t.trim().is_empty()) {
                    return Err(format!("{place}: missing text in '{lang}'"));
                }
            }
            if let Some(extra) = text.keys().find(|k| !languages.contains(&k.as_str())) {
                return Err(format!("{place}: unknown language '{extra}'"));
            }
            Ok(())
        };
        texts("title", &self.title)?;
        texts("intro", &self.intro)?;
        texts("confirmation", &self.confirmation)?;
        if self.for_a_child() && self.for_a_company() {
            return Err("a form is about a child (consent) or a company's (applicant), not both".into());
        }
        if let Some(window) = &self.window {
            if Window::month_day(&window.opens).is_none() || Window::month_day(&window.closes).is_none() {
                return Err("window: opens and closes must be days of the year as MM-DD (never 02-29)".into());
            }
        }
        if self.steps.is_empty() {
            return Err("a form needs at least one step".into());
        }
        let mut step_ids = BTreeSet::new();
        // question id -> index of its step
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for (si, step) in self.steps.iter().enumerate() {
            let sp = format!("step[{si}] '{}'", step.id);
            if !id_ok(&step.id) || matches!(step.id.as_str(), "kontrollera" | "skicka" | "kvitto" | "utskrift") {
                return Err(format!("{sp}: id must be lower-case letters, digits and '-', and not a reserved word"));
            }
            if !step_ids.insert(step.id.as_str()) {
                return Err(format!("{sp}: step id used twice"));
            }
            texts(&format!("{sp}.title"), &step.title)?;
            if let Some(intro) = &step.intro {
                texts(&format!("{sp}.intro"), intro)?;
            }
            if let Some(cond) = &step.show_if {
                match seen.get(cond.question.as_str()) {
                    Some(_) => {}
                    None => {
                        return Err(format!(
                            "{sp}.show_if: unknown question '{}' (a step can depend only on earlier steps)",
                            cond.question
                        ))
                    }
                }
                self.check_condition(&sp, cond)?;
            }
            if step.questions.is_empty() {
                return Err(format!("{sp}: a step needs at least one question"));
            }
            for (qi, q) in step.questions.iter().enumerate() {
                let qp = format!("{sp}.question[{qi}] '{}'", q.id);
                if !id_ok(&q.id) || q.id.contains('.') {
                    return Err(format!("{qp}: id must be lower-case letters, digits, '-' and '_'"));
                }
                if seen.insert(q.id.as_str(), si).is_some() {
                    return Err(format!("{qp}: question id used twice in the form"));
                }
                check_question(&qp, q, &texts, false)?;
            }
            // Conditions may point back within the step (revealed in place) or to earlier steps.
            for (qi, q) in step.questions.iter().enumerate() {
                for other in &q.differs_from {
                    let qp = format!("{sp}.question[{qi}] '{}'", q.id);
                    if q.kind != QuestionKind::SingleChoice {
                        return Err(format!(
                            "{qp}.differs_from: only a single choice question can differ from another"
                        ));
                    }
                    let earlier = match seen.get(other.as_str()) {
                        Some(&at) if at == si => step.questions[..qi].iter().any(|o| &o.id == other),
                        Some(&at) => at < si,
                        None => false,
                    };
                    if !earlier || self.question(other).is_none_or(|o| o.kind != QuestionKind::SingleChoice) {
                        return Err(format!(
                            "{qp}.differs_from: '{other}' is not an earlier single choice question of this form"
                        ));
                    }
                }
                if let Some(cond) = &q.show_if {
                    let qp = format!("{sp}.question[{qi}] '{}'", q.id);
                    if !seen.contains_key(cond.question.as_str()) {
                        return Err(format!("{qp}.show_if: unknown question '{}'", cond.question));
                    }
                    if cond.question == q.id {
                        return Err(format!("{qp}.show_if: a question cannot depend on itself"));
                    }
                    self.check_condition(&qp, cond)?;
                }
            }
        }
        self.check_cycles()?;
        if let Some(receipt) = &self.receipt_to {
            if self.question(receipt).is_none_or(|q| q.kind != QuestionKind::Email) {
                return Err(format!("receipt_to: '{receipt}' is not an email question of this form"));
            }
        }
        Ok(())
    }

    fn check_condition(&self, place: &str, cond: &Condition) -> Result<(), String> {
        let target = self.question(&cond.question).ok_or_else(|| format!("{place}.show_if: unknown question"))?;
        let values: Vec<&String> = cond.equals.iter().chain(cond.any_of.iter()).collect();
        if values.is_empty() {
            return Err(format!("{place}.show_if: give 'equals' or 'any_of'"));
        }
        let allowed: Vec<&str> = match target.kind {
            QuestionKind::YesNo => vec!["yes", "no"],
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                target.options.iter().map(|o| o.id.as_str()).collect()
            }
            _ => return Err(format!("{place}.show_if: '{}' must be a choice or yes/no question", cond.question)),
        };
        if let Some(bad) = values.iter().find(|v| !allowed.contains(&v.as_str())) {
            return Err(format!("{place}.show_if: '{bad}' is not an option of '{}'", cond.question));
        }
        Ok(())
    }

    /// Conditions must not form a loop (a shows if b, b shows if a).
    fn check_cycles(&self) -> Result<(), String> {
        let depends_on: BTreeMap<&str, &str> = self
            .questions()
            .filter_map(|(_, q)| q.show_if.as_ref().map(|c| (q.id.as_str(), c.question.as_str())))
            .collect();
        for start in depends_on.keys() {
            let mut at = *start;
            let mut path = vec![at];
            while let Some(next) = depends_on.get(at) {
                if path.contains(next) {
                    path.push(next);
                    return Err(format!("show_if conditions form a cycle: {}", path.join(" -> ")));
                }
                path.push(next);
                at = next;
            }
        }
        Ok(())
    }
}

fn check_question(
    qp: &str,
    q: &Question,
    texts: &dyn Fn(&str, &Text) -> Result<(), String>,
    in_group: bool,
) -> Result<(), String> {
    use QuestionKind::*;
    texts(&format!("{qp}.label"), &q.label)?;
    if let Some(hint) = &q.hint {
        texts(&format!("{qp}.hint"), hint)?;
    }
    let choice = matches!(q.kind, SingleChoice | MultipleChoice);
    if choice && q.options.len() < 2 {
        return Err(format!("{qp}: a choice needs at least two options"));
    }
    if !choice && !q.options.is_empty() {
        return Err(format!("{qp}: only choice questions have options"));
    }
    let mut option_ids = BTreeSet::new();
    for (oi, o) in q.options.iter().enumerate() {
        if o.id.is_empty() || !option_ids.insert(o.id.as_str()) {
            return Err(format!("{qp}.option[{oi}]: option id empty or used twice"));
        }
        texts(&format!("{qp}.option[{oi}] '{}'.label", o.id), &o.label)?;
    }
    if let (Some(min), Some(max)) = (q.min_length, q.max_length) {
        if min > max {
            return Err(format!("{qp}: min_length is larger than max_length"));
        }
    }
    if let (Some(min), Some(max)) = (q.min, q.max) {
        if min > max {
            return Err(format!("{qp}: min is larger than max"));
        }
    }
    if (q.min.is_some() || q.max.is_some() || q.integer) && q.kind != Number {
        return Err(format!("{qp}: min, max and integer apply to number questions only"));
    }
    if (q.not_before.is_some() || q.not_after.is_some()) && q.kind != Date {
        return Err(format!("{qp}: not_before and not_after apply to date questions only"));
    }
    if let Some(pattern) = &q.pattern {
        if !matches!(q.kind, ShortText | LongText) {
            return Err(format!("{qp}: pattern applies to text questions only"));
        }
        regex_lite::Regex::new(pattern).map_err(|e| format!("{qp}.pattern: {e}"))?;
        match &q.pattern_message {
            Some(m) => texts(&format!("{qp}.pattern_message"), m)?,
            None => return Err(format!("{qp}: a pattern needs a pattern_message")),
        }
    }
    let prefill_fits = match (q.prefill, q.kind) {
        (None, _) => true,
        (Some(Prefill::Name | Prefill::CompanyName), ShortText)
        | (Some(Prefill::Address), PostalAddress)
        | (Some(Prefill::OrganisationNumber), OrganisationNumber) => !in_group,
        _ => false,
    };
    if !prefill_fits {
        return Err(format!(
            "{qp}: prefill is 'name' or 'company-name' on a short text, 'address' on a postal address, \
             'organisation-number' on an organisation number, outside groups"
        ));
    }
    if q.kind == File {
        if in_group {
            return Err(format!("{qp}: file questions cannot be inside a repeating group"));
        }
        if !(1..=MAX_FILES_LIMIT).contains(&q.max_files()) {
            return Err(format!("{qp}: max_files must be 1 to {MAX_FILES_LIMIT}"));
        }
        if q.max_file_mb.is_some_and(|mb| mb == 0 || mb > MAX_QUESTION_MB) {
            return Err(format!("{qp}: max_file_mb must be 1 to {MAX_QUESTION_MB}"));
        }
    } else if !q.accept.is_empty() || q.max_files.is_some() || q.max_file_mb.is_some() {
        return Err(format!("{qp}: accept, max_files and max_file_mb apply to file questions only"));
    }
    if q.kind == RepeatingGroup {
        if in_group {
            return Err(format!("{qp}: repeating groups cannot be nested"));
        }
        if q.questions.is_empty() {
            return Err(format!("{qp}: a repeating group needs questions"));
        }
        if q.max_items == Some(0) {
            return Err(format!("{qp}: max_items must be at least 1"));
        }
        if q.max_items.is_some_and(|max| max > 100) {
            return Err(format!("{qp}: max_items may be at most 100"));
        }
        if let (Some(min), Some(max)) = (q.min_items, q.max_items.or(Some(crate::forms::rules::DEFAULT_MAX_ITEMS))) {
            if min > max {
                return Err(format!("{qp}: min_items is larger than max_items"));
            }
        }
        match &q.item_label {
            Some(l) => texts(&format!("{qp}.item_label"), l)?,
            None => return Err(format!("{qp}: a repeating group needs an item_label")),
        }
        let mut ids = BTreeSet::new();
        for (i, sub) in q.questions.iter().enumerate() {
            let sp = format!("{qp}.question[{i}] '{}'", sub.id);
            if sub.id.is_empty() || sub.id.contains('.') || !ids.insert(sub.id.as_str()) {
                return Err(format!("{sp}: id empty, with '.', or used twice"));
            }
            if sub.show_if.is_some() {
                return Err(format!("{sp}: questions inside a repeating group cannot have show_if"));
            }
            check_question(&sp, sub, texts, true)?;
        }
    } else if !q.questions.is_empty() {
        return Err(format!("{qp}: only repeating groups contain questions"));
    } else if q.min_items.is_some() || q.max_items.is_some() {
        return Err(format!("{qp}: min_items and max_items apply to repeating groups only"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> SimpleDate {
        SimpleDate::parse(text).unwrap_or_else(|| panic!("{text} is a date"))
    }

    fn window(opens: &str, closes: &str) -> Window {
        Window { opens: opens.into(), closes: closes.into() }
    }

    #[test]
    fn a_period_within_a_year_is_open_on_its_first_and_last_day_and_says_when_it_opens_next() {
        let january = window("01-10", "01-31");
        let open = Some(WindowState::Open { last_day: day("2027-01-31") });
        assert_eq!(january.on(day("2027-01-10")), open);
        assert_eq!(january.on(day("2027-01-31")), open);
        assert_eq!(january.on(day("2027-01-09")), Some(WindowState::Closed { opens: day("2027-01-10") }));
        assert_eq!(january.on(day("2027-02-01")), Some(WindowState::Closed { opens: day("2028-01-10") }));
        assert_eq!(january.on(day("2026-12-01")), Some(WindowState::Closed { opens: day("2027-01-10") }));
        assert!(january.closed_on(day("2026-12-01")) && !january.closed_on(day("2027-01-20")));
    }

    #[test]
    fn a_period_over_the_new_year_ends_in_the_next_year() {
        let winter = window("12-01", "02-28");
        assert_eq!(winter.on(day("2026-12-01")), Some(WindowState::Open { last_day: day("2027-02-28") }));
        assert_eq!(winter.on(day("2027-01-15")), Some(WindowState::Open { last_day: day("2027-02-28") }));
        assert_eq!(winter.on(day("2027-03-01")), Some(WindowState::Closed { opens: day("2027-12-01") }));
        assert_eq!(winter.on(day("2026-11-30")), Some(WindowState::Closed { opens: day("2026-12-01") }));
    }

    #[test]
    fn a_malformed_period_is_no_period() {
        for (opens, closes) in [("02-29", "03-10"), ("1-10", "01-31"), ("13-01", "01-31"), ("01-10", "01-32"), ("", "")]
        {
            assert_eq!(window(opens, closes).on(day("2027-01-15")), None, "{opens} {closes}");
        }
    }
}
