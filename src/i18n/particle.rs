//! Korean particles chosen by the sound a word ends on: 을/를, 이/가, 은/는, 과/와 and
//! (으)로 depend on whether the last syllable has a final consonant (받침), and (으)로 also
//! on whether that consonant is ㄹ. Words in Latin letters or digits end on the Korean
//! reading of their last letter or digit (`[backend.nope]` → 이 → 를, `v1` → 일 → 을).

/// What a word ends on, as far as a particle cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    Vowel,
    /// ㄹ: takes 로 like a vowel, 을/이/은/과 like a consonant.
    Rieul,
    Consonant,
}

/// Hangul syllables U+AC00..=U+D7A3: 28 final-consonant slots per vowel, slot 0 none.
fn hangul(c: char) -> Option<Ending> {
    let code = u32::from(c)
        .checked_sub(0xAC00)
        .filter(|d| *d <= 0xD7A3 - 0xAC00)?;
    Some(match code % 28 {
        0 => Ending::Vowel,
        8 => Ending::Rieul,
        _ => Ending::Consonant,
    })
}

/// The Korean reading of a Latin letter: 엘, 엠, 엔 end on a consonant; the rest
/// (에이, 비, 씨, …, 제트 read as 지) on a vowel.
fn latin(c: char) -> Option<Ending> {
    c.is_ascii_alphabetic()
        .then(|| match c.to_ascii_lowercase() {
            'l' => Ending::Rieul,
            'm' | 'n' => Ending::Consonant,
            _ => Ending::Vowel,
        })
}

/// The Korean reading of a number's last word: 영 일 이 삼 사 오 육 칠 팔 구, and a round
/// number by its trailing zeros (십, 백, 천, 만).
fn number(digits: &str) -> Option<Ending> {
    let last = digits.chars().next_back()?;
    let zeros = digits.chars().rev().take_while(|&c| c == '0').count();
    if last == '0' && zeros < digits.len() {
        return Some(Ending::Consonant);
    }
    Some(match last {
        '1' | '7' | '8' => Ending::Rieul,
        '0' | '3' | '6' => Ending::Consonant,
        _ => Ending::Vowel,
    })
}

/// What `word` ends on, skipping trailing punctuation, brackets and quotes; `None` when
/// nothing readable is left (the caller then writes both forms).
fn ending(word: &str) -> Option<Ending> {
    // Full-width Latin letters and digits (ＡＩ, ２０２６) read as their ASCII forms.
    let folded: String = word
        .chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect();
    let mut word = folded.as_str();
    // A closing tag is not read aloud: `<b>400</b>` ends on 백.
    while let Some(open) = word.strip_suffix('>').and_then(|w| w.rfind("</")) {
        word = &word[..open];
    }
    let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    let last = word.chars().next_back()?;
    if last.is_ascii_digit() {
        let start = word
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_digit())
            .last()
            .map_or(0, |(i, _)| i);
        return number(&word[start..]);
    }
    hangul(last).or_else(|| latin(last))
}

/// The particle of the pair `particle` names (either form: 을 or 를, 이 or 가, 은 or 는,
/// 과 or 와, 으로 or 로, 이라는 or 라는) that fits after `word`; both forms, `을(를)` style, when the
/// word's ending cannot be read, and `particle` itself when it names no pair.
pub fn particle(word: &str, particle: &str) -> String {
    let (after_consonant, after_vowel) = match particle {
        "을" | "를" => ("을", "를"),
        "이" | "가" => ("이", "가"),
        "은" | "는" => ("은", "는"),
        "과" | "와" => ("과", "와"),
        "으로" | "로" => ("으로", "로"),
        "이라는" | "라는" => ("이라는", "라는"),
        other => return other.to_owned(),
    };
    let ro = after_vowel == "로";
    match ending(word) {
        Some(Ending::Consonant) => after_consonant.to_owned(),
        Some(Ending::Rieul) if !ro => after_consonant.to_owned(),
        Some(_) => after_vowel.to_owned(),
        None if ro => "(으)로".to_owned(),
        None if after_vowel == "라는" => "(이)라는".to_owned(),
        None => format!("{after_consonant}({after_vowel})"),
    }
}

#[cfg(test)]
mod tests {
    use super::particle;

    #[test]
    fn hangul_final_consonants() {
        assert_eq!(particle("용어집", "을"), "을");
        assert_eq!(particle("파일", "를"), "을");
        assert_eq!(particle("영어판", "는"), "은");
        assert_eq!(particle("백엔드", "은"), "는");
        assert_eq!(particle("키", "이"), "가");
        assert_eq!(particle("상태", "과"), "와");
        assert_eq!(particle("번역본", "과"), "과");
    }

    #[test]
    fn ro_after_a_vowel_or_rieul_euro_after_other_consonants() {
        assert_eq!(particle("서울", "으로"), "로");
        assert_eq!(particle("파일", "로"), "로");
        assert_eq!(particle("부산", "로"), "으로");
        assert_eq!(particle("바다", "으로"), "로");
        assert_eq!(particle("URL", "으로"), "로");
        assert_eq!(particle("HTML", "을"), "을");
    }

    #[test]
    fn latin_words_end_on_the_reading_of_their_last_letter() {
        assert_eq!(particle("[backend.nope]", "을"), "를");
        assert_eq!(particle("Jony Ive", "을"), "를");
        assert_eq!(particle("OpenAI", "은"), "는");
        assert_eq!(particle("ChatGPT", "이"), "가");
        assert_eq!(particle("glossary.toml", "은"), "은");
        assert_eq!(particle("`posts/a.md`", "이"), "가");
        assert_eq!(particle("l10n", "은"), "은");
        assert_eq!(particle("<b>400</b>", "으로"), "으로");
        assert_eq!(particle("<g1>", "이"), "이");
        assert_eq!(particle("「에이전트」", "은"), "는");
        assert_eq!(particle("ＡＩ", "을"), "를");
        assert_eq!(particle("２０２６", "이"), "이");
        assert_eq!(particle("team", "이"), "이");
    }

    #[test]
    fn numbers_end_on_their_korean_reading() {
        assert_eq!(particle("v1", "을"), "을");
        assert_eq!(particle("1", "로"), "로");
        assert_eq!(particle("2", "이"), "가");
        assert_eq!(particle("3", "으로"), "으로");
        assert_eq!(particle("6", "은"), "은");
        assert_eq!(particle("9", "을"), "를");
        assert_eq!(particle("10", "이"), "이");
        assert_eq!(particle("2026", "은"), "은");
        assert_eq!(particle("2025", "는"), "는");
        assert_eq!(particle("0", "가"), "이");
    }

    #[test]
    fn unreadable_endings_write_both_forms() {
        assert_eq!(particle("→", "을"), "을(를)");
        assert_eq!(particle("", "이"), "이(가)");
        assert_eq!(particle("日本", "로"), "(으)로");
        assert_eq!(particle("x", "의"), "의");
        assert_eq!(particle("→", "라는"), "(이)라는");
        assert_eq!(particle("nope", "이라는"), "라는");
        assert_eq!(particle("openai", "이라는"), "라는");
        assert_eq!(particle("deepl", "이라는"), "이라는");
    }
}
