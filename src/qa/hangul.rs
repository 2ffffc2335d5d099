//! hangul: Korean left in an English translation, outside `keep` terms and quoted or
//! parenthesised original names (Samsung (삼성), "배민").

use super::{Check, Problem};
use crate::document::is_hangul;
use crate::document::tags::strip_tags;
use crate::glossary::TermIndex;

pub fn check(glossary: &TermIndex, translation: &str) -> Option<Problem> {
    let mut text = strip_tags(translation);
    for t in glossary.terms().iter().filter(|t| t.keep) {
        for form in t.forms.values() {
            text = text.replace(form.as_str(), " ");
        }
    }
    let mut depth = 0i32;
    let mut quote = false;
    let mut run = String::new();
    let mut found: Option<String> = None;
    for c in text.chars() {
        match c {
            '(' | '（' | '「' | '『' | '“' | '‘' => depth += 1,
            ')' | '）' | '」' | '』' | '”' | '’' => depth -= 1,
            '"' => quote = !quote,
            _ => {}
        }
        if is_hangul(c) && depth <= 0 && !quote {
            run.push(c);
        } else if !run.is_empty() {
            found.get_or_insert_with(|| run.clone());
            run.clear();
        }
    }
    if !run.is_empty() {
        found.get_or_insert(run);
    }
    found.map(|h| Problem::localized(Check::Hangul, "qa-hangul", vec![("text", h)]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::glossary::Glossary;

    #[test]
    fn fires_and_stays_silent() {
        let g = Glossary::parse("g", "[[term]]\nko = \"카카오\"\nkeep = true\n").unwrap();
        let ix = TermIndex::new(&g, "ko", "en", true);
        assert!(check(&ix, "Samsung (삼성) and \"배민\" and 카카오 grew").is_none());
        let p = check(&ix, "The agent는 grew").unwrap();
        assert!(p.english().contains("는"), "{}", p.english());
    }
}
