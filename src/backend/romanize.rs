//! Revised Romanization of Korean, from jamo: what the pseudo backend writes for Hangul, so
//! an offline "translation" is readable and obviously not English (에이전트 → eijeonteu).
//!
//! Implements the sound changes across syllables that matter most for reading: liaison of
//! a final consonant into a following silent ㅇ, nasalisation (ㄱ/ㄷ/ㅂ before ㄴ/ㅁ),
//! ㄹ-assimilation (ㄴ+ㄹ, ㄹ+ㄴ → ll), ㄹ → n after other consonants, and aspiration
//! with ㅎ. Names and the 'l'/'r' choice at a word start follow the 2000 rules.

const INITIALS: [&str; 19] = [
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
    "h",
];
const VOWELS: [&str; 21] = [
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
    "wi", "yu", "eu", "ui", "i",
];
/// Finals before a consonant or at a word end (their representative sounds).
const FINALS: [&str; 28] = [
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
    "t", "t", "ng", "t", "t", "k", "t", "p", "t",
];
/// A final that moves into a following ㅇ: (what stays, initial index it becomes).
const LIAISON: [(usize, Option<usize>); 28] = [
    (0, None),
    (0, Some(0)),  // ㄱ
    (0, Some(1)),  // ㄲ
    (1, Some(9)),  // ㄳ → ㄱ + ㅅ
    (0, Some(2)),  // ㄴ
    (4, Some(12)), // ㄵ → ㄴ + ㅈ
    (4, None),     // ㄶ → ㄴ (ㅎ drops)
    (0, Some(3)),  // ㄷ
    (0, Some(5)),  // ㄹ
    (8, Some(0)),  // ㄺ
    (8, Some(6)),  // ㄻ
    (8, Some(7)),  // ㄼ
    (8, Some(9)),  // ㄽ
    (8, Some(16)), // ㄾ
    (8, Some(17)), // ㄿ
    (8, None),     // ㅀ → ㄹ (ㅎ drops)
    (0, Some(6)),  // ㅁ
    (0, Some(7)),  // ㅂ
    (17, Some(9)), // ㅄ → ㅂ + ㅅ
    (0, Some(9)),  // ㅅ
    (0, Some(10)), // ㅆ
    (21, None),    // ㅇ stays
    (0, Some(12)), // ㅈ
    (0, Some(14)), // ㅊ
    (0, Some(15)), // ㅋ
    (0, Some(16)), // ㅌ
    (0, Some(17)), // ㅍ
    (0, None),     // ㅎ drops before a vowel
];

#[derive(Clone, Copy)]
struct Syllable {
    l: usize,
    v: usize,
    t: usize,
}

fn decompose(c: char) -> Option<Syllable> {
    let n = (c as u32).checked_sub(0xAC00)?;
    if n >= 11172 {
        return None;
    }
    let n = n as usize;
    Some(Syllable {
        l: n / 588,
        v: (n % 588) / 28,
        t: n % 28,
    })
}

/// Sound class of a final for assimilation: k, t, p, or the final's own letter.
fn final_class(t: usize) -> char {
    match FINALS[t] {
        "k" => 'k',
        "t" => 't',
        "p" => 'p',
        "n" => 'n',
        "l" => 'l',
        "m" => 'm',
        "ng" => 'g',
        _ => ' ',
    }
}

/// Romanizes Hangul syllables in `text`; everything else passes through.
pub fn romanize(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    // The initial of the current syllable as changed by the previous final.
    let mut carried: Option<String> = None;
    for (i, &c) in chars.iter().enumerate() {
        let Some(s) = decompose(c) else {
            out.push(c);
            carried = None;
            continue;
        };
        let initial = carried.take().unwrap_or_else(|| INITIALS[s.l].to_owned());
        out.push_str(&initial);
        out.push_str(VOWELS[s.v]);
        let next = chars.get(i + 1).copied().and_then(decompose);
        let Some(n) = next else {
            out.push_str(FINALS[s.t]);
            continue;
        };
        if s.t == 0 {
            continue;
        }
        let (fin, next_initial) = match (n.l, final_class(s.t), s.t) {
            // Liaison into a silent ㅇ.
            (11, _, t) => {
                let (stay, moved) = LIAISON[t];
                (
                    FINALS[stay].to_owned(),
                    moved.map(|m| INITIALS[m].to_owned()).unwrap_or_default(),
                )
            }
            // ㅎ final aspirates the next ㄱ/ㄷ/ㅈ.
            (0, _, 27) => (String::new(), "k".into()),
            (3, _, 27) => (String::new(), "t".into()),
            (12, _, 27) => (String::new(), "ch".into()),
            // ㄴ + ㄹ and ㄹ + ㄹ → ll; ㄹ + ㄴ → ll.
            (5, 'n' | 'l', _) => ("l".into(), "l".into()),
            (2, 'l', _) => ("l".into(), "l".into()),
            // ㄹ after other consonants is pronounced ㄴ, then nasalises the final.
            (5, 'k', _) => ("ng".into(), "n".into()),
            (5, 'p', _) => ("m".into(), "n".into()),
            (5, 'm' | 'g', _) => (FINALS[s.t].into(), "n".into()),
            // Nasalisation before ㄴ/ㅁ.
            (2 | 6, 'k', _) => ("ng".into(), INITIALS[n.l].into()),
            (2 | 6, 't', _) => ("n".into(), INITIALS[n.l].into()),
            (2 | 6, 'p', _) => ("m".into(), INITIALS[n.l].into()),
            _ => (FINALS[s.t].into(), INITIALS[n.l].into()),
        };
        out.push_str(&fin);
        carried = Some(next_initial);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::romanize;

    #[test]
    fn revised_romanization_examples() {
        for (ko, rr) in [
            ("에이전트", "eijeonteu"),
            ("한국어", "hangugeo"),
            ("서울", "seoul"),
            ("부산", "busan"),
            ("대한민국", "daehanminguk"),
            ("신라", "silla"),
            ("종로", "jongno"),
            ("백마", "baengma"),
            ("독립", "dongnip"),
            ("좋고", "joko"),
            ("폭스콘", "pokseukon"),
            ("발행일", "balhaengil"),
            ("요약", "yoyak"),
            ("피지컬", "pijikeol"),
            ("닭을", "dalgeul"),
            ("값이", "gapsi"),
            ("설날", "seollal"),
            ("라디오", "radio"),
            ("의사", "uisa"),
            ("왜", "wae"),
        ] {
            assert_eq!(romanize(ko), rr, "{ko}");
        }
    }

    #[test]
    fn non_hangul_passes_through() {
        assert_eq!(
            romanize("OpenAI가 <g1>폭스콘</g1>(Foxconn)"),
            "OpenAIga <g1>pokseukon</g1>(Foxconn)"
        );
        assert_eq!(romanize("2026년 1월"), "2026nyeon 1wol");
    }
}
