//! Interface language: the Fluent bundles from `locales/` and the `Lang` chosen per request.

use fluent_bundle::{concurrent::FluentBundle, FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// A language the portal speaks: an index into [`LOCALES`]. Swedish is index 0 and the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Lang(u8);

impl Lang {
    pub const SV: Lang = Lang(0);

    /// Every supported language, Swedish first.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..LOCALES.len()).map(|i| Lang(i as u8))
    }

    /// Parses a language code such as `sv` or `en`; unknown codes give `None`.
    pub fn parse(code: &str) -> Option<Lang> {
        LOCALES.iter().position(|(c, _)| c.eq_ignore_ascii_case(code.trim())).map(|i| Lang(i as u8))
    }

    pub fn code(self) -> &'static str {
        LOCALES[self.0 as usize].0
    }

    /// Translates a message without arguments.
    pub fn t(self, id: &str) -> String {
        format(self, id, None)
    }

    /// The browser's title for a page titled `page` (the portal's name alone for the home page).
    pub fn document_title(self, page: &str) -> String {
        if page.is_empty() {
            self.t("portal-name")
        } else {
            format!("{page} – {}", self.t("portal-name"))
        }
    }

    /// Translates a message with arguments, e.g. `lang.t_args("results", &[("count", 3.into())])`.
    pub fn t_args(self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (k, v) in args {
            fluent_args.set(*k, v.clone());
        }
        format(self, id, Some(&fluent_args))
    }

    /// Whether the message exists in this language (used by generic text pages).
    pub fn has(self, id: &str) -> bool {
        BUNDLES[self.0 as usize].has_message(id)
    }
}

impl Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Lang::parse(&code).ok_or_else(|| serde::de::Error::custom("unknown language"))
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

static BUNDLES: LazyLock<Vec<FluentBundle<FluentResource>>> = LazyLock::new(|| {
    LOCALES
        .iter()
        .map(|(code, sources)| {
            // build.rs only lists folders whose names are language tags.
            #[allow(clippy::expect_used)]
            let langid = code.parse().expect("locale folder names are language tags");
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Isolation marks help right-to-left scripts only and confuse text comparisons.
            bundle.set_use_isolating(false);
            for source in *sources {
                let resource = FluentResource::try_new(source.to_string())
                    .unwrap_or_else(|(_, errors)| panic!("invalid Fluent in {code}: {errors:?}"));
                bundle
                    .add_resource(resource)
                    .unwrap_or_else(|errors| panic!("duplicate Fluent ids in {code}: {errors:?}"));
            }
            bundle
        })
        .collect()
});

fn format(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    let bundle = &BUNDLES[lang.0 as usize];
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        // A missing message is a bug caught by the locale tests; show the id rather than nothing.
        return id.to_string();
    };
    let mut errors = Vec::new();
    bundle.format_pattern(pattern, args, &mut errors).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::FluentResource;

    fn ids(source: &str) -> std::collections::BTreeSet<String> {
        let resource = FluentResource::try_new(source.to_string()).expect("parses");
        resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_language_has_every_swedish_message_and_no_extra() {
        let all =
            |i: usize| -> std::collections::BTreeSet<String> { LOCALES[i].1.iter().flat_map(|s| ids(s)).collect() };
        let swedish = all(0);
        assert!(swedish.len() > 50, "Swedish messages are loaded");
        for (i, (code, _)) in LOCALES.iter().enumerate().skip(1) {
            let other = all(i);
            let missing: Vec<_> = swedish.difference(&other).collect();
            let extra: Vec<_> = other.difference(&swedish).collect();
            assert!(missing.is_empty(), "{code} lacks {missing:?}");
            assert!(extra.is_empty(), "{code} has ids Swedish lacks: {extra:?}");
        }
    }

    #[test]
    fn swedish_is_default_and_codes_round_trip() {
        assert_eq!(Lang::default(), Lang::SV);
        assert_eq!(Lang::SV.code(), "sv");
        let en = Lang::parse("EN").expect("English exists");
        assert_eq!(en.code(), "en");
        assert_eq!(Lang::parse("xx"), None);
        assert_eq!(serde_json::to_string(&en).unwrap(), "\"en\"");
    }

    #[test]
    fn bundles_format_with_arguments() {
        for lang in Lang::all() {
            let text = lang.t_args("search-result-count", &[("count", 3.into())]);
            assert!(text.contains('3'), "{lang}: {text}");
        }
    }
}
