//! CLDR plural rules (ICU4X, compiled data) and the `plural` filter of templates.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use icu_locale_core::LanguageIdentifier;
use icu_plurals::{PluralCategory, PluralRules, PluralRulesPreferences};

/// The cardinal rules of language `code`; CLDR's root rules (every number `other`)
/// for a code ICU4X cannot read.
pub fn rules(code: &str) -> PluralRules {
    let id: LanguageIdentifier = code
        .replace('_', "-")
        .parse()
        .unwrap_or(LanguageIdentifier::UNKNOWN);
    let prefs = PluralRulesPreferences::from(&id);
    PluralRules::try_new_cardinal(prefs).unwrap_or_else(|_| {
        PluralRules::try_new_cardinal(PluralRulesPreferences::from(&LanguageIdentifier::UNKNOWN))
            .expect("compiled data has the root rules")
    })
}

pub fn name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The rules of `code`, made once per language for the whole process.
fn cached(code: &str) -> Arc<PluralRules> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<PluralRules>>>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    Arc::clone(
        cache
            .entry(code.to_string())
            .or_insert_with(|| Arc::new(rules(code))),
    )
}

/// `{{ t.briefings_count | plural(n=3) }}`: the form of a counted string of `t` for
/// `n`, with `{n}` filled in. A plain string is the same for every count.
pub fn filter(
    value: &tera::Value,
    kwargs: tera::Kwargs,
    _: &tera::State,
) -> tera::TeraResult<String> {
    let n: i64 = kwargs.must_get("n")?;
    let form = match value.as_map() {
        Some(map) => {
            let get = |k: &'static str| {
                map.get(&tera::value::Key::Str(k))
                    .and_then(|v| v.as_str().map(str::to_string))
            };
            let lang = get("lang").unwrap_or_else(|| "en".into());
            let category = name(cached(&lang).category_for(n.unsigned_abs()));
            get(category).or_else(|| get("other")).ok_or_else(|| {
                tera::Error::message("`plural` needs a count of `t`, with an `other` form")
            })?
        }
        None => match value.as_str() {
            Some(s) => s.to_string(),
            None => {
                return Err(tera::Error::message(
                    "`plural` applies to a string of `t`, such as `t.briefings_count`",
                ));
            }
        },
    };
    Ok(form.replace("{n}", &n.to_string()))
}
