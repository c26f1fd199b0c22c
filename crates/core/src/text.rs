//! Bilingual text: a label the core shows a user, in both of its languages, written once.

use serde::Serialize;

use crate::case::letter::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    pub const fn new(en: &'static str, zh: &'static str) -> Text {
        Text { en, zh }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::case::timeline::TimelineKind;
    use crate::case::{Category, Step};
    use crate::extract::FactKind;
    use crate::ingest::chat::dates::DateOrder;
    use crate::ingest::chat::Media;
    use crate::ingest::format::Format;
    use crate::ingest::source_time::TimeSource;

    /// The value of `'key': '...'` in one of the UI's dictionaries.
    fn ui_string(file: &str, key: &str) -> Option<String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../ui/src/lib/i18n")
            .join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("'{key}':")))?;
        let value = line.split_once(':')?.1.trim().trim_end_matches(',');
        Some(value.trim_matches('\'').to_string())
    }

    /// The app shows categories and escalation steps from its own dictionaries: they must say
    /// what the CLI and the report say (one English name per category, not three).
    #[test]
    fn the_app_names_categories_and_steps_as_the_core_does() {
        let mut labels: Vec<(String, Text)> = Category::ALL
            .into_iter()
            .map(|c| (format!("category.{}", c.as_str()), c.label()))
            .collect();
        labels.extend(
            Step::ALL
                .into_iter()
                .map(|s| (format!("contacts.step.{}", s.as_str()), s.label())),
        );
        labels.extend(
            TimelineKind::ALL
                .into_iter()
                .map(|k| (format!("timeline.kind.{}", k.as_str()), k.label())),
        );
        labels.extend(
            Format::ALL
                .into_iter()
                .map(|f| (format!("format.{}", f.as_str()), f.label())),
        );
        labels.extend(
            Media::ALL
                .into_iter()
                .map(|m| (format!("media.{}", m.as_str()), m.label())),
        );
        labels.extend(
            DateOrder::ALL
                .into_iter()
                .map(|o| (format!("dateOrder.{}", o.as_str()), o.label())),
        );
        labels.extend(
            TimeSource::ALL
                .into_iter()
                .map(|s| (format!("timeSource.{}", s.as_str()), s.label())),
        );
        assert_eq!(labels.len(), 11 + 7 + 12 + 9 + 2 + 2);
        for (key, text) in labels {
            assert_eq!(
                ui_string("en.ts", &key).as_deref(),
                Some(text.en),
                "{key} in en.ts"
            );
            assert_eq!(
                ui_string("zh-CN.ts", &key).as_deref(),
                Some(text.zh),
                "{key} in zh-CN.ts"
            );
        }
    }

    /// Fact kinds are written mid-sentence by the core ("order number X read from…") and as a
    /// heading by the app: the same words, capitalised there.
    #[test]
    fn the_app_names_fact_kinds_as_the_core_does() {
        for kind in FactKind::ALL {
            let key = format!("fact.kindOne.{}", kind.as_str());
            let Text { en, zh } = kind.label();
            let capital = en[..1].to_uppercase() + &en[1..];
            assert_eq!(ui_string("en.ts", &key), Some(capital), "{key} in en.ts");
            assert_eq!(
                ui_string("zh-CN.ts", &key).as_deref(),
                Some(zh),
                "{key} in zh-CN.ts"
            );
        }
    }

    #[test]
    fn get_picks_the_language() {
        let t = Text::new("Court", "法院");
        assert_eq!(t.get(Lang::En), "Court");
        assert_eq!(t.get(Lang::Zh), "法院");
    }
}
