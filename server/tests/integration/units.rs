//! Units to choose between (preschools and schools): the list with its filters, the comparison
//! of two to four side by side, a page per unit, the read API other capabilities use, and the
//! import's checks. Run against both SQLite and PostgreSQL with the demo content.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and tools: a panic is a failure report

use crate::common::{count, links, TestApp};
use app::{
    catalog::{api, UnitKind},
    error::AppError,
    i18n::Lang,
};

/// The ids of the units listed (`data-unit` of each list item), in order.
fn listed(html: &str) -> Vec<String> {
    html.split("data-test=\"unit\" data-unit=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(String::from)
        .collect()
}

/// The ids of the units compared (the table's column headers), in order.
fn compared(html: &str) -> Vec<String> {
    html.split("data-test=\"compared-unit\" data-unit=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(String::from)
        .collect()
}

/// The ids whose "compare" box is ticked.
fn ticked(html: &str) -> Vec<String> {
    html.split("<input")
        .skip(1)
        .filter_map(|rest| rest.split('>').next())
        .filter(|tag| tag.contains("data-test=\"compare-box\"") && tag.contains(" checked"))
        .filter_map(|tag| tag.split("value=\"").nth(1).and_then(|v| v.split('"').next()).map(String::from))
        .collect()
}

const ALL_UNITS: usize = 9;

async fn the_list_shows_every_unit_and_filters_by_kind_provider_year_and_name(app: TestApp) {
    let (status, html) = app.get("/enheter").await;
    assert_eq!(status, 200);
    assert_eq!(count(&html, "<h1"), 1);
    assert_eq!(listed(&html).len(), ALL_UNITS, "{html}");
    assert!(html.contains("data-test=\"units-filter\"") && html.contains("method=\"get\""));
    assert!(html.contains("Förskolan Ateljén") && html.contains("Ateljén Förskolor AB"));
    assert!(!html.contains("data-test=\"error-summary\""));
    assert!(ticked(&html).is_empty());

    let ids = |html: &str| {
        listed(html).into_iter().map(|id| id.trim_start_matches("norrvik-").to_string()).collect::<Vec<_>>()
    };
    let (_, html) = app.get("/enheter?typ=forskola").await;
    assert_eq!(ids(&html), ["forskolan-ateljen", "forskolan-hamnen", "forskolan-solrosen", "forskolan-granen"]);
    assert!(html.contains("<option value=\"forskola\" selected"), "the filter is kept");
    let (_, html) = app.get("/enheter?typ=skola&huvudman=fristaende").await;
    assert_eq!(ids(&html), ["montessori-lotsen", "tonen"]);
    let (_, html) = app.get("/enheter?arskurs=8").await;
    assert_eq!(ids(&html), ["centralskolan", "tonen"]);
    let (_, html) = app.get("/enheter?arskurs=f&huvudman=kommunal").await;
    assert_eq!(ids(&html), ["hamnskolan", "vikhamns-skola"]);
    assert!(html.contains("<option value=\"F\" selected"), "F as the select offers it");
    // The name filter ignores case, Swedish letters too, and keeps what was typed.
    let (_, html) = app.get("/enheter?namn=hAmN").await;
    assert_eq!(ids(&html), ["forskolan-hamnen", "hamnskolan", "vikhamns-skola"]);
    assert!(html.contains("value=\"hAmN\""));
    let (_, html) = app.get("/enheter?namn=ATELJ%C3%89N+f%C3%B6rskolan").await;
    assert_eq!(ids(&html), ["forskolan-ateljen"]);
    // Nothing found is said, with a way back.
    let (status, html) = app.get("/enheter?namn=qxzqxz").await;
    assert_eq!(status, 200);
    assert!(listed(&html).is_empty() && html.contains("data-test=\"units-none\""));
    // A value the form never offers, or a name too long, is a problem named at its field.
    let (status, html) = app.get("/enheter?typ=gymnasium").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-test=\"error-summary\"") && html.contains("href=\"#units-typ\""), "{html}");
    assert!(html.contains("<title>Fel: Förskolor och skolor"));
    let long = "å".repeat(101);
    let (_, html) = app.get(&format!("/enheter?namn={}", app::routes::percent_encode(&long))).await;
    assert!(html.contains("Namnet får vara högst 100 tecken") && html.contains(&format!("value=\"{long}\"")));
    let (_, html) = app.get(&format!("/enheter?namn={}", "x".repeat(5000))).await;
    assert!(html.contains("data-test=\"error-summary\"") && !html.contains(&"x".repeat(201)), "shown back, bounded");
}

async fn two_to_four_units_compare_side_by_side_in_a_table(app: TestApp) {
    let (status, html) =
        app.get("/enheter/jamfor?enhet=norrvik-forskolan-granen&enhet=norrvik-forskolan-ateljen").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-test=\"compare-table\"") && html.contains("<caption"), "{html}");
    assert_eq!(compared(&html), ["norrvik-forskolan-granen", "norrvik-forskolan-ateljen"], "in the order chosen");
    assert_eq!(count(&html, "<th scope=\"col\""), 2);
    assert_eq!(count(&html, "<th scope=\"row\""), 11, "a row header for each attribute");
    for fact in
        ["Föräldrakooperativet Granen ekonomisk förening", "Reggio Emilia", "2–5 år", "07.00–17.30", "24", "Vikhamn"]
    {
        assert!(html.contains(fact), "{fact}");
    }
    assert!(!html.contains("data-test=\"error-summary\""));
    // "Change the choice" goes back to the list with both ticked.
    let change = links(&html).into_iter().find(|l| l.starts_with("/enheter?")).expect("a link back to the list");
    let (_, list) = app.get(&change).await;
    assert_eq!(ticked(&list), ["norrvik-forskolan-ateljen", "norrvik-forskolan-granen"], "in the list's order");

    let four =
        "enhet=norrvik-hamnskolan&enhet=norrvik-tonen&enhet=norrvik-centralskolan&enhet=norrvik-forskolan-hamnen";
    let (status, html) = app.get(&format!("/enheter/jamfor?typ=skola&{four}")).await;
    assert_eq!(status, 200);
    assert_eq!(compared(&html).len(), 4, "a chosen preschool is compared even with the schools filter");
    assert!(html.contains("Norrvik kommun"), "a municipal unit's provider is its municipality");
    assert!(html.contains("Gäller inte"), "schools have no opening hours, preschools no years");
}

async fn one_or_five_units_get_the_error_summary_with_the_choice_kept(app: TestApp) {
    for (query, chosen, message) in [
        ("", vec![], "Välj minst två enheter att jämföra"),
        ("?enhet=norrvik-hamnskolan", vec!["norrvik-hamnskolan"], "Välj minst två enheter att jämföra"),
        (
            "?enhet=norrvik-hamnskolan&enhet=norrvik-tonen&enhet=norrvik-centralskolan&enhet=norrvik-vikhamns-skola&enhet=norrvik-montessori-lotsen",
            vec!["norrvik-hamnskolan", "norrvik-tonen", "norrvik-centralskolan", "norrvik-vikhamns-skola", "norrvik-montessori-lotsen"],
            "Välj högst fyra enheter att jämföra",
        ),
    ] {
        let (status, html) = app.get(&format!("/enheter/jamfor{query}")).await;
        assert_eq!(status, 200, "{query}");
        assert!(html.contains("data-test=\"error-summary\"") && html.contains(message), "{query}: {html}");
        assert!(html.contains("href=\"#units-enhet\"") && html.contains("id=\"units-enhet\""), "the link leads to the first box");
        assert!(html.contains("data-test=\"field-error\""), "the message stands at the boxes too");
        assert!(!html.contains("data-test=\"compare-table\""));
        let mut got = ticked(&html);
        got.sort();
        let mut want: Vec<String> = chosen.iter().map(|id| id.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{query}: the choice is kept");
    }
    // The list's filter comes along (hidden in the comparison's form) and is kept.
    let (_, html) = app.get("/enheter/jamfor?typ=skola&enhet=norrvik-hamnskolan").await;
    assert_eq!(listed(&html).len(), 5, "the schools");
    assert!(html.contains("<input type=\"hidden\" name=\"typ\" value=\"skola\""), "{html}");
    // A unit named twice is one unit.
    let (_, html) = app.get("/enheter/jamfor?enhet=norrvik-tonen&enhet=norrvik-tonen").await;
    assert!(html.contains("Välj minst två enheter att jämföra"));
}

async fn unknown_and_odd_choices_are_left_out_with_a_message_never_a_500(app: TestApp) {
    let (status, html) = app.get("/enheter/jamfor?enhet=norrvik-hamnskolan&enhet=finns-inte&enhet=norrvik-tonen").await;
    assert_eq!(status, 200);
    assert_eq!(compared(&html), ["norrvik-hamnskolan", "norrvik-tonen"]);
    assert!(html.contains("data-test=\"units-unknown\"") && html.contains("En av enheterna du valde finns inte"));

    let (status, html) = app
        .get("/enheter/jamfor?enhet=%3Cscript%3Ealert(1)%3C%2Fscript%3E&enhet=..%2F..%2Fetc&enhet=norrvik-tonen")
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("2 av enheterna du valde finns inte") && html.contains("data-test=\"error-summary\""));
    assert!(!html.contains("<script>alert"), "nothing of an unknown id is shown back");
    assert_eq!(ticked(&html), ["norrvik-tonen"]);

    // Hundreds of choices cost no more than fifty.
    let many: Vec<String> = (0..300).map(|i| format!("enhet=x{i}")).collect();
    let (status, html) = app.get(&format!("/enheter/jamfor?{}", many.join("&"))).await;
    assert_eq!(status, 200);
    assert!(html.contains("50 av enheterna du valde finns inte"), "{html}");
    let (status, _) = app.get("/enheter/jamfor?enhet=&enhet=%00&enhet=%FF").await;
    assert_eq!(status, 200);
}

async fn a_unit_page_shows_everything_and_unknown_units_are_not_found(app: TestApp) {
    let (status, html) = app.get("/enheter/norrvik-forskolan-ateljen").await;
    assert_eq!(status, 200);
    assert_eq!(count(&html, "<h1"), 1);
    for fact in [
        "<h1>Förskolan Ateljén</h1>",
        "Fristående: Ateljén Förskolor AB",
        "1–5 år",
        "07.00–17.30",
        "Reggio Emilia",
        "Lärkstigen 2, 123 48 Norrvik",
        "href=\"tel:0101234230\"",
        "mailto:info@ateljen-forskolor.example",
        "https://www.ateljen-forskolor.example",
        "href=\"/organisationer/norrvik\"",
        "data-test=\"breadcrumbs\"",
    ] {
        assert!(html.contains(fact), "{fact}: {html}");
    }
    assert!(html.contains(">40<"), "the number of places");
    let (_, school) = app.get("/enheter/norrvik-centralskolan").await;
    assert!(school.contains("Årskurs 7–9") && school.contains("Kommunal: Norrvik kommun"));
    for path in ["/enheter/finns-inte", "/enheter/FINNS", "/enheter/%3Cx%3E"] {
        let (status, html) = app.get(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("data-test=\"not-found\""), "{path}");
    }
    let (status, html) = app.get("/enheter/finns-inte?lang=en").await;
    assert_eq!(status, 404);
    assert!(html.contains("Page not found"));
}

async fn english_pages_have_english_strings(app: TestApp) {
    let (_, html) = app.get("/enheter?lang=en").await;
    assert!(html.contains("<html lang=\"en\""));
    for text in [
        "<h1>Preschools and schools</h1>",
        "Independent: Ateljén Förskolor AB",
        "Outdoor learning",
        "Compare the chosen units",
    ] {
        assert!(html.contains(text), "{text}");
    }
    assert!(!html.contains("Förskolor och skolor"), "no Swedish heading");
    let (_, html) = app.get("/enheter/jamfor?enhet=norrvik-hamnskolan&enhet=norrvik-tonen&lang=en").await;
    for text in
        ["<h1>Compare units</h1>", "Number of places", "Municipal", "Norrvik Municipality", "Preschool class to year 6"]
    {
        assert!(html.contains(text), "{text}: {html}");
    }
    let (_, html) = app.get("/enheter/jamfor?enhet=norrvik-hamnskolan&lang=en").await;
    assert!(html.contains("Choose at least two units to compare") && html.contains("There is a problem"), "{html}");
    let (_, html) = app.get("/enheter/norrvik-tonen?lang=en").await;
    assert!(html.contains("Music: choir every week") && html.contains("Independent: Stiftelsen Tonen"));
    // The language switch keeps the filter and the choice.
    let (_, html) = app.get("/enheter?typ=skola&enhet=norrvik-tonen&lang=sv").await;
    let switch = links(&html).into_iter().find(|l| l.contains("lang=en")).unwrap();
    assert_eq!(switch, "/enheter?typ=skola&enhet=norrvik-tonen&lang=en");
}

async fn home_and_service_pages_link_to_the_units(app: TestApp) {
    let (_, home) = app.get("/").await;
    assert!(links(&home).contains(&"/enheter".to_string()));
    let (_, service) = app.get("/tjanster/norrvik-forskola").await;
    let link =
        links(&service).into_iter().find(|l| l.starts_with("/enheter?")).expect("the preschool service links to units");
    assert_eq!(link, "/enheter?typ=forskola&kommun=norrvik");
    let (_, list) = app.get(&link).await;
    assert_eq!(listed(&list).len(), 4);
    let (_, school_choice) = app.get("/tjanster/norrvik-skolval").await;
    assert!(links(&school_choice).contains(&"/enheter?typ=skola&kommun=norrvik".to_string()));
    let (_, other) = app.get("/tjanster/norrvik-bygglov").await;
    assert!(!other.contains("data-test=\"service-units-link\""));
}

async fn only_the_plain_list_and_unit_pages_are_kept_and_queries_never_fill_the_memory(app: TestApp) {
    let kept = || app.state.catalog.cache.pages.kept_bytes();
    let before = kept();
    assert_eq!(app.get("/enheter").await.0, 200);
    assert_eq!(app.get("/enheter/norrvik-tonen").await.0, 200);
    let plain = kept();
    assert!(plain > before, "the plain list and a unit's page are kept");
    for i in 0..40 {
        for path in [
            format!("/enheter?namn=n{i}"),
            format!("/enheter/jamfor?enhet=norrvik-tonen&enhet=norrvik-hamnskolan&x={i}"),
            format!("/enheter?enhet=u{i}"),
            format!("/enheter/u{i}"),
        ] {
            let status = app.get(&path).await.0;
            assert!(status == 200 || status == 404, "{path}: {status}");
        }
    }
    assert_eq!(kept(), plain, "addresses with a query (or unknown units) are rendered, not kept");
}

async fn the_read_api_lists_units_by_kind_for_other_capabilities(app: TestApp) {
    let db = &app.state.db;
    let schools = api::units(db, UnitKind::School, Lang::SV).await.unwrap();
    let ids: Vec<&str> = schools.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "norrvik-centralskolan",
            "norrvik-hamnskolan",
            "norrvik-montessori-lotsen",
            "norrvik-tonen",
            "norrvik-vikhamns-skola"
        ]
    );
    assert!(schools.iter().all(|u| u.kind == UnitKind::School && u.years.is_some() && u.ages.is_none()));
    assert_eq!(api::units(db, UnitKind::Preschool, Lang::SV).await.unwrap().len(), 4);
    let en = Lang::parse("en").unwrap();
    let tonen = api::unit(db, "norrvik-tonen", en).await.unwrap();
    assert!(tonen.profile.starts_with("Music"));
    assert_eq!(tonen.years.map(|y| (y.from, y.to)), Some((0, 9)));
    let hamnskolan = api::unit(db, "norrvik-hamnskolan", en).await.unwrap();
    assert_eq!(hamnskolan.provider_name, "Norrvik Municipality");
    assert_eq!(api::unit(db, "finns-inte", Lang::SV).await, Err(AppError::NotFound));
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

async fn unit_count(app: &TestApp) -> i64 {
    app::on_db!(&app.state.db, read, |pool| sqlx::query_scalar("SELECT COUNT(*) FROM units")
        .fetch_one(pool)
        .await
        .unwrap())
}

async fn bad_unit_content_is_refused_naming_the_place(app: TestApp) {
    let before = unit_count(&app).await;
    assert_eq!(before, ALL_UNITS as i64);
    let dir = std::env::temp_dir().join(crate::common::unique("units_content"));
    copy_dir(&crate::common::content_dir(), &dir);
    let file = dir.join("units/norrvik.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let added = text.clone() + "\n[[unit]]\nid = \"norrvik-ny\"\nkind = \"skola\"\nname = \"Ny skola\"\nprovider = \"kommunal\"\n\
        address = \"Nygatan 1\"\npostal_code = \"123 45\"\npostal_town = \"Norrvik\"\nyears = \"F-3\"\nplaces = 20\n\
        phone = \"010-123 45 00\"\nemail = \"ny@norrvik.example\"\n[unit.text.sv]\nprofile = \"Ny.\"\n[unit.text.en]\nprofile = \"New.\"\n";
    for (broken, place, words) in [
        (text.replacen("kind = \"forskola\"", "kind = \"gymnasium\"", 1), "unit[0].kind", "gymnasium"),
        (text.replacen("name = \"Förskolan Solrosen\"", "name = \"  \"", 1), "unit[0].name", "empty"),
        (text.replacen("years = \"F-6\"", "years = \"F-10\"", 1), "unit[4].years", "F-10"),
        (text.replacen("years = \"7-9\"", "years = \"9-7\"", 1), "unit[6].years", "9-7"),
        (text.replacen("ages = \"1-5\"", "years = \"1-5\"", 1), "unit[0].years", "ages"),
        (text.replacen("provider_name = \"Ateljén Förskolor AB\"\n", "", 1), "unit[2].provider_name", "provider"),
        (
            text.replacen("id = \"norrvik-forskolan-hamnen\"", "id = \"norrvik-forskolan-solrosen\"", 1),
            "unit[1].id",
            "duplicate",
        ),
        (text.replacen("id = \"norrvik-forskolan-hamnen\"", "id = \"jamfor\"", 1), "unit[1].id", "jamfor"),
        (text.replacen("[unit.text.en]", "[unit.text.xx]", 1), "unit[0].text", "translation"),
        (text.replacen("organisation = \"norrvik\"", "organisation = \"atlantis\"", 1), "organisation", "atlantis"),
        (
            text.replacen("skola = \"norrvik-skolval\"", "skola = \"sjovik-skolval\"", 1),
            "services.skola",
            "sjovik-skolval",
        ),
        (added.replacen("years = \"F-3\"\nplaces = 20", "years = \"F-3\"\nplaces = 0", 1), "unit[9].places", "places"),
    ] {
        std::fs::write(&file, &broken).unwrap();
        let error = app::import::import(&app.state.db, &dir).await.unwrap_err().to_string();
        assert!(
            error.contains("units/norrvik.toml") && error.contains(place) && error.contains(words),
            "{place}: {error}"
        );
    }
    assert_eq!(unit_count(&app).await, before, "nothing half-imported");
    // A new unit is imported, and the list shows it (the catalogue version moved on).
    std::fs::write(&file, &added).unwrap();
    app::import::import(&app.state.db, &dir).await.expect("a good file imports");
    assert_eq!(unit_count(&app).await, before + 1);
    let started = std::time::Instant::now();
    while !app.get("/enheter?typ=skola").await.1.contains("Ny skola") {
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "the new unit never showed");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = std::fs::remove_dir_all(&dir);
}

both_backends!(
    the_list_shows_every_unit_and_filters_by_kind_provider_year_and_name,
    two_to_four_units_compare_side_by_side_in_a_table,
    one_or_five_units_get_the_error_summary_with_the_choice_kept,
    unknown_and_odd_choices_are_left_out_with_a_message_never_a_500,
    a_unit_page_shows_everything_and_unknown_units_are_not_found,
    english_pages_have_english_strings,
    home_and_service_pages_link_to_the_units,
    only_the_plain_list_and_unit_pages_are_kept_and_queries_never_fill_the_memory,
    the_read_api_lists_units_by_kind_for_other_capabilities,
    bad_unit_content_is_refused_naming_the_place,
);
