#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report
use super::*;
use crate::forms::model::FormDefinition;
use proptest::prelude::*;

fn today() -> SimpleDate {
    SimpleDate::new(2026, 11, 22).unwrap()
}

fn form(toml_text: &str) -> FormDefinition {
    let def: FormDefinition = toml::from_str(toml_text).expect("definition parses");
    def.check(&["sv", "en"]).expect("definition is valid");
    def
}

const HEADER: &str = r#"
id = "test"
version = 1
service = "s"
reference_prefix = "TST"
title = { sv = "T", en = "T" }
intro = { sv = "I", en = "I" }
confirmation = { sv = "C", en = "C" }
"#;

fn one_question(question: &str) -> FormDefinition {
    form(&format!(
        "{HEADER}\n[[step]]\nid = \"s1\"\ntitle = {{ sv = \"S\", en = \"S\" }}\n[[step.question]]\n{question}\nlabel = {{ sv = \"Fråga\", en = \"Question\" }}\n"
    ))
}

fn answers(pairs: &[(&str, &str)]) -> Answers {
    let mut a = Answers::new();
    for (k, v) in pairs {
        a.entry(k.to_string()).or_default().push(v.to_string());
    }
    a
}

fn problems(def: &FormDefinition, pairs: &[(&str, &str)]) -> Vec<(String, Problem)> {
    validate_step(def, &def.steps[0], &answers(pairs), today()).into_iter().map(|e| (e.field, e.problem)).collect()
}

#[test]
fn required_text_and_length_limits() {
    let def = one_question("id = \"q\"\ntype = \"short_text\"\nrequired = true\nmin_length = 3\nmax_length = 5");
    assert_eq!(problems(&def, &[]), vec![("q".into(), Problem::Required)]);
    assert_eq!(problems(&def, &[("q", "   ")]), vec![("q".into(), Problem::Required)]);
    assert_eq!(problems(&def, &[("q", "ab")]), vec![("q".into(), Problem::TooShort(3))]);
    assert_eq!(problems(&def, &[("q", "abcdef")]), vec![("q".into(), Problem::TooLong(5))]);
    assert!(problems(&def, &[("q", "åäö")]).is_empty(), "length counts characters, not bytes");
}

#[test]
fn numbers_accept_swedish_decimal_comma_and_respect_bounds() {
    let def = one_question("id = \"q\"\ntype = \"number\"\nmin = 1\nmax = 50\ninteger = true");
    assert!(problems(&def, &[("q", "12")]).is_empty());
    assert!(problems(&def, &[]).is_empty(), "optional");
    assert_eq!(problems(&def, &[("q", "tolv")]), vec![("q".into(), Problem::NotANumber)]);
    assert_eq!(problems(&def, &[("q", "2,5")]), vec![("q".into(), Problem::NotAWholeNumber)]);
    assert_eq!(problems(&def, &[("q", "0")]), vec![("q".into(), Problem::TooSmall("1".into()))]);
    assert_eq!(problems(&def, &[("q", "51")]), vec![("q".into(), Problem::TooLarge("50".into()))]);
    assert_eq!(problems(&def, &[("q", "1e400")]), vec![("q".into(), Problem::NotANumber)]);
}

#[test]
fn dates_must_be_real_and_within_relative_limits() {
    let def = one_question("id = \"q\"\ntype = \"date\"\nnot_before = \"today\"\nnot_after = \"today+30\"");
    assert!(problems(&def, &[("q", "2026-11-22")]).is_empty());
    assert_eq!(problems(&def, &[("q", "2026-02-30")]), vec![("q".into(), Problem::NotADate)]);
    assert_eq!(problems(&def, &[("q", "2026-11-21")]), vec![("q".into(), Problem::TooEarly("2026-11-22".into()))]);
    assert_eq!(problems(&def, &[("q", "2026-12-23")]), vec![("q".into(), Problem::TooLate("2026-12-22".into()))]);
}

#[test]
fn email_phone_and_identity_numbers() {
    let email = one_question("id = \"q\"\ntype = \"email\"");
    assert!(problems(&email, &[("q", "anna.svensson@example.se")]).is_empty());
    for bad in ["anna", "anna@", "@example.se", "anna@example", "an na@example.se", "<a>@example.se"] {
        assert_eq!(problems(&email, &[("q", bad)]), vec![("q".into(), Problem::Email)], "{bad}");
    }
    let phone = one_question("id = \"q\"\ntype = \"phone\"");
    assert!(problems(&phone, &[("q", "+46 70-123 45 67")]).is_empty());
    assert_eq!(problems(&phone, &[("q", "123")]), vec![("q".into(), Problem::Phone)]);
    let pin = one_question("id = \"q\"\ntype = \"personal_identity_number\"");
    assert!(problems(&pin, &[("q", "19121212-1212")]).is_empty());
    assert_eq!(problems(&pin, &[("q", "19121212-1213")]), vec![("q".into(), Problem::PersonalIdentityNumber)]);
    let org = one_question("id = \"q\"\ntype = \"organisation_number\"");
    assert!(problems(&org, &[("q", "556016-0680")]).is_empty());
    assert_eq!(problems(&org, &[("q", "556016-0681")]), vec![("q".into(), Problem::OrganisationNumber)]);
}

#[test]
fn patterns_match_the_whole_answer() {
    let def = one_question(
        "id = \"q\"\ntype = \"short_text\"\npattern = \"[A-Z]{3} [0-9]{3}\"\npattern_message = { sv = \"Skriv som ABC 123\", en = \"Write like ABC 123\" }",
    );
    assert!(problems(&def, &[("q", "ABC 123")]).is_empty());
    assert_eq!(problems(&def, &[("q", "xABC 1234")]), vec![("q".into(), Problem::Pattern)]);
    let error = &validate_step(&def, &def.steps[0], &answers(&[("q", "nej")]), today())[0];
    assert_eq!(message(error, &def, Lang::parse("en").unwrap()), "Write like ABC 123");
}

#[test]
fn choices_reject_tampered_values() {
    let def = one_question(
        "id = \"q\"\ntype = \"single_choice\"\nrequired = true\noption = [{ id = \"a\", label = { sv = \"A\", en = \"A\" } }, { id = \"b\", label = { sv = \"B\", en = \"B\" } }]",
    );
    assert_eq!(problems(&def, &[]), vec![("q.a".into(), Problem::ChooseOne)]);
    assert!(problems(&def, &[("q", "b")]).is_empty());
    assert_eq!(problems(&def, &[("q", "c")]), vec![("q.a".into(), Problem::UnknownOption)]);
    assert_eq!(problems(&def, &[("q", "a"), ("q", "b")]), vec![("q.a".into(), Problem::UnknownOption)]);
    let yes_no = one_question("id = \"q\"\ntype = \"yes_no\"\nrequired = true");
    assert!(problems(&yes_no, &[("q", "no")]).is_empty());
    assert_eq!(problems(&yes_no, &[("q", "maybe")]), vec![("q.yes".into(), Problem::UnknownOption)]);
    let declaration = one_question("id = \"q\"\ntype = \"declaration\"");
    assert_eq!(problems(&declaration, &[]), vec![("q".into(), Problem::Confirm)]);
    assert!(problems(&declaration, &[("q", "yes")]).is_empty());
}

#[test]
fn postal_addresses_need_every_part_and_a_five_digit_postcode() {
    let def = one_question("id = \"a\"\ntype = \"postal_address\"\nrequired = true");
    assert_eq!(problems(&def, &[]).len(), 3);
    assert!(problems(&def, &[("a.street", "Storgatan 1"), ("a.postcode", "123 45"), ("a.city", "Norrvik")]).is_empty());
    assert_eq!(
        problems(&def, &[("a.street", "Storgatan 1"), ("a.postcode", "1234"), ("a.city", "Norrvik")]),
        vec![("a.postcode".into(), Problem::Postcode)]
    );
}

#[test]
fn repeating_groups_validate_each_item_and_count_filled_items() {
    let def = form(&format!(
        "{HEADER}\n[[step]]\nid = \"s1\"\ntitle = {{ sv = \"S\", en = \"S\" }}\n[[step.question]]\nid = \"barn\"\n\
         type = \"repeating_group\"\nmin_items = 2\nmax_items = 3\nlabel = {{ sv = \"Barn\", en = \"Children\" }}\n\
         item_label = {{ sv = \"Barn\", en = \"Child\" }}\n[[step.question.question]]\nid = \"namn\"\ntype = \"short_text\"\n\
         required = true\nlabel = {{ sv = \"Namn\", en = \"Name\" }}"
    ));
    let errors = problems(&def, &[("barn", "2"), ("barn.0.namn", "Alva")]);
    assert_eq!(
        errors,
        vec![("barn.0.namn".into(), Problem::TooFewItems(2)), ("barn.1.namn".into(), Problem::Required)]
    );
    assert!(problems(&def, &[("barn", "2"), ("barn.0.namn", "Alva"), ("barn.1.namn", "Ebbe")]).is_empty());
    // Nothing filled in: one message for the group instead of one per empty field.
    assert_eq!(problems(&def, &[("barn", "2")]), vec![("barn.0.namn".into(), Problem::TooFewItems(2))]);
    // A tampered count is clamped to max_items.
    assert_eq!(item_count(&answers(&[("barn", "999999")]), &def.steps[0].questions[0]), 3);
    let en = Lang::parse("en").unwrap();
    let error = &validate_step(&def, &def.steps[0], &answers(&[("barn", "2"), ("barn.0.namn", "A")]), today())[1];
    assert_eq!(message(error, &def, en), "Answer “Name (Child 2)”");
    // Too few items names the group, not its first field.
    let error = &validate_step(&def, &def.steps[0], &answers(&[("barn", "1")]), today())[0];
    assert_eq!(message(error, &def, en), "Fill in at least 2 for “Children”");
}

fn conditional_form() -> FormDefinition {
    form(&format!(
        r#"{HEADER}
[[step]]
id = "first"
title = {{ sv = "1", en = "1" }}
[[step.question]]
id = "reply"
type = "yes_no"
required = true
label = {{ sv = "Svar?", en = "Reply?" }}
[[step.question]]
id = "email"
type = "email"
required = true
label = {{ sv = "E-post", en = "Email" }}
show_if = {{ question = "reply", equals = "yes" }}
[[step]]
id = "second"
title = {{ sv = "2", en = "2" }}
show_if = {{ question = "reply", equals = "yes" }}
[[step.question]]
id = "when"
type = "short_text"
required = true
label = {{ sv = "När", en = "When" }}
"#
    ))
}

#[test]
fn conditions_show_and_skip_questions_and_steps() {
    let def = conditional_form();
    let no = answers(&[("reply", "no")]);
    assert!(validate_form(&def, &no, today()).is_empty(), "hidden questions and steps are not required");
    assert_eq!(visible_steps(&def, &no).len(), 1);
    let yes = answers(&[("reply", "yes")]);
    let errors = validate_form(&def, &yes, today());
    assert_eq!(errors.len(), 2, "{errors:?}");
    // What a hidden question holds never reaches the submission.
    let data = structured(&def, &answers(&[("reply", "no"), ("email", "a@b.se"), ("when", "x")]), today());
    assert_eq!(data, serde_json::json!({ "reply": false }));
}

fn broken(with: &str) -> String {
    let def: Result<FormDefinition, _> = toml::from_str(&format!("{HEADER}\n{with}"));
    match def {
        Err(e) => e.to_string(),
        Ok(def) => def.check(&["sv", "en"]).expect_err("must be refused"),
    }
}

#[test]
fn broken_definitions_are_refused_with_the_place() {
    let q = "[[step]]\nid = \"s\"\ntitle = { sv = \"S\", en = \"S\" }\n[[step.question]]\nid = \"a\"\nlabel = { sv = \"A\", en = \"A\" }\n";
    assert!(broken(&format!("{q}type = \"hologram\"")).contains("hologram"));
    assert!(broken(&format!("{q}type = \"short_text\"\nshow_if = {{ question = \"nope\", equals = \"x\" }}"))
        .contains("unknown question 'nope'"));
    let missing_en = "[[step]]\nid = \"s\"\ntitle = { sv = \"S\" }\n[[step.question]]\nid = \"a\"\ntype = \"short_text\"\nlabel = { sv = \"A\", en = \"A\" }";
    assert!(broken(missing_en).contains("step[0] 's'.title: missing text in 'en'"));
    let cycle = "[[step]]\nid = \"s\"\ntitle = { sv = \"S\", en = \"S\" }\n\
        [[step.question]]\nid = \"a\"\ntype = \"yes_no\"\nlabel = { sv = \"A\", en = \"A\" }\nshow_if = { question = \"b\", equals = \"yes\" }\n\
        [[step.question]]\nid = \"b\"\ntype = \"yes_no\"\nlabel = { sv = \"B\", en = \"B\" }\nshow_if = { question = \"a\", equals = \"yes\" }";
    assert!(broken(cycle).contains("cycle"), "{}", broken(cycle));
    assert!(broken(&format!(
        "{q}type = \"short_text\"\npattern = \"(\"\npattern_message = {{ sv = \"x\", en = \"x\" }}"
    ))
    .contains("pattern"));
    assert!(broken(&format!("{q}type = \"short_text\"\nunknown_rule = 1")).contains("unknown_rule"));
    // A repeating group that could hold no item, or must hold more than it may, is refused at
    // import instead of failing when someone fills it in.
    let group = |limits: &str| {
        broken(&format!(
            "{q}type = \"repeating_group\"\nitem_label = {{ sv = \"B\", en = \"C\" }}\n{limits}\n\
             [[step.question.question]]\nid = \"n\"\ntype = \"short_text\"\nlabel = {{ sv = \"N\", en = \"N\" }}"
        ))
    };
    assert!(group("max_items = 0").contains("max_items must be at least 1"), "{}", group("max_items = 0"));
    assert!(group("min_items = 3\nmax_items = 2").contains("min_items is larger than max_items"));
    assert!(group("min_items = 11").contains("min_items is larger than max_items"), "the default maximum is 10");
    assert!(broken(&format!("{q}type = \"short_text\"\nmax_items = 2")).contains("repeating groups only"));
}

proptest! {
    #[test]
    fn validation_never_panics_and_names_only_real_fields(
        pairs in proptest::collection::vec(("(reply|email|when|x|reply\\.yes)", "\\PC{0,40}"), 0..8)
    ) {
        let def = conditional_form();
        let mut a = Answers::new();
        for (k, v) in &pairs {
            a.entry(k.clone()).or_default().push(v.clone());
        }
        for (_, errors) in validate_form(&def, &a, today()) {
            for e in errors {
                prop_assert!(["reply.yes", "email", "when"].contains(&e.field.as_str()), "{:?}", e);
                prop_assert!(!message(&e, &def, Lang::SV).is_empty());
            }
        }
        let _ = structured(&def, &a, today());
    }

    #[test]
    fn any_luhn_completed_number_is_an_organisation_number_or_a_dated_one(nine in "[0-9]{2}[2-9][0-9]{6}") {
        let digits: Vec<u8> = nine.bytes().map(|b| b - b'0').collect();
        let check = (0..10u8).find(|c| { let mut d = digits.clone(); d.push(*c); crate::forms::identity::luhn_valid(&d) }).unwrap();
        let number = format!("{nine}{check}");
        prop_assert!(crate::forms::identity::OrganisationNumber::parse(&number).is_some());
        let wrong = format!("{nine}{}", (check + 1) % 10);
        prop_assert!(crate::forms::identity::OrganisationNumber::parse(&wrong).is_none());
    }

    #[test]
    fn personal_numbers_of_real_birth_dates_round_trip(days in -36_000i64..20_000, serial in 0u16..1000) {
        let born = SimpleDate::from_days(days);
        prop_assume!(born <= today());
        let nine = format!("{:02}{:02}{:02}{:03}", born.year % 100, born.month, born.day, serial);
        let digits: Vec<u8> = nine.bytes().map(|b| b - b'0').collect();
        let check = (0..10u8).find(|c| { let mut d = digits.clone(); d.push(*c); crate::forms::identity::luhn_valid(&d) }).unwrap();
        let full = format!("{:04}{:02}{:02}-{:03}{check}", born.year, born.month, born.day, serial);
        let parsed = crate::forms::identity::PersonalIdentityNumber::parse(&full, today()).expect("valid");
        prop_assert_eq!(parsed.to_string(), full.clone());
        prop_assert_eq!(crate::forms::identity::PersonalIdentityNumber::parse(&parsed.to_string(), today()), Some(parsed));
    }
}

#[test]
fn a_ranking_names_each_unit_once() {
    let choice = |id: &str, differs: &str| {
        format!(
            "[[step.question]]\nid = \"{id}\"\ntype = \"single_choice\"\n{differs}\nlabel = {{ sv = \"{id}\", en = \"{id}\" }}\n\
             option = [{{ id = \"solrosen\", label = {{ sv = \"S\", en = \"S\" }} }}, {{ id = \"hamnen\", label = {{ sv = \"H\", en = \"H\" }} }}]\n"
        )
    };
    let step = "[[step]]\nid = \"s\"\ntitle = { sv = \"S\", en = \"S\" }\n";
    let def = form(&format!(
        "{HEADER}\n{step}{}{}{}",
        choice("first", ""),
        choice("second", "differs_from = [\"first\"]"),
        choice("third", "differs_from = [\"first\", \"second\"]")
    ));
    assert!(problems(&def, &[("first", "solrosen"), ("second", "hamnen")]).is_empty());
    assert!(problems(&def, &[("first", "solrosen")]).is_empty(), "later choices are optional");
    assert_eq!(
        problems(&def, &[("first", "solrosen"), ("second", "solrosen")]),
        vec![("second.solrosen".into(), Problem::SameAs("first".into()))]
    );
    assert_eq!(
        problems(&def, &[("first", "solrosen"), ("second", "hamnen"), ("third", "hamnen")]),
        vec![("third.solrosen".into(), Problem::SameAs("second".into()))]
    );
    let error = validate_step(&def, &def.steps[0], &answers(&[("first", "hamnen"), ("second", "hamnen")]), today());
    assert_eq!(message(&error[0], &def, Lang::SV), "Välj något annat för ”second” än för ”first”");
    assert_eq!(
        message(&error[0], &def, Lang::parse("en").unwrap()),
        "Choose something different for “second” than for “first”"
    );

    // Only an earlier single choice can be named.
    let later = format!("{step}{}{}", choice("first", "differs_from = [\"second\"]"), choice("second", ""));
    assert!(broken(&later).contains("'second' is not an earlier single choice question"), "{}", broken(&later));
    let text = format!(
        "{step}{}[[step.question]]\nid = \"t\"\ntype = \"short_text\"\ndiffers_from = [\"first\"]\nlabel = {{ sv = \"T\", en = \"T\" }}\n",
        choice("first", "")
    );
    assert!(broken(&text).contains("only a single choice question"), "{}", broken(&text));
}
