use super::*;

const TERMS: &[&str] = &[
    "에이전트",
    "AI 에이전트",
    "피지컬 AI",
    "폭스콘",
    "럭스쉐어",
    "소프트뱅크",
    "메타",
    "거대언어모델",
    "LLM",
    "범용인공지능",
    "AGI",
    "바이오 보안",
    "엣지 AI",
    "OpenAI",
    "ChatGPT",
    "구글",
    "딥마인드",
];

fn matcher() -> KoreanMatcher {
    let pats: Vec<(String, bool)> = TERMS
        .iter()
        .map(|t| (t.to_string(), *t == "OpenAI" || *t == "ChatGPT"))
        .collect();
    KoreanMatcher::new(&pats)
}

fn found(m: &KoreanMatcher, text: &str) -> Vec<&'static str> {
    m.find(text).into_iter().map(|f| TERMS[f.pattern]).collect()
}

/// Real digest phrasing: (sentence, terms that must be found, in order).
const KOREAN: &[(&str, &[&str])] = &[
    // Particles.
    ("에이전트가 부상했습니다.", &["에이전트"]),
    ("에이전트를 도입했습니다.", &["에이전트"]),
    ("에이전트는 업무를 수행합니다.", &["에이전트"]),
    ("에이전트의 역할이 커졌다.", &["에이전트"]),
    ("에이전트에 대한 관심", &["에이전트"]),
    ("에이전트에서 발생한 오류", &["에이전트"]),
    ("에이전트에게 권한을 준다", &["에이전트"]),
    ("에이전트로 업무를 자동화", &["에이전트"]),
    ("에이전트와 사람이 협업", &["에이전트"]),
    ("에이전트도 실수를 한다", &["에이전트"]),
    ("에이전트만 남았다", &["에이전트"]),
    ("에이전트까지 포함된다", &["에이전트"]),
    ("에이전트부터 시작한다", &["에이전트"]),
    ("에이전트보다 빠르다", &["에이전트"]),
    ("에이전트처럼 동작한다", &["에이전트"]),
    ("에이전트들이 늘어난다", &["에이전트"]),
    ("에이전트들은 협업한다", &["에이전트"]),
    ("에이전트에서는 로그를 남긴다", &["에이전트"]),
    ("핵심은 에이전트이다.", &["에이전트"]),
    ("이것은 에이전트입니다.", &["에이전트"]),
    ("에이전트인 동시에 도구다", &["에이전트"]),
    ("'에이전트'라는 개념", &["에이전트"]),
    ("에이전트라는 말", &["에이전트"]),
    ("폭스콘이 수주했다", &["폭스콘"]),
    ("폭스콘은 대만 기업이다", &["폭스콘"]),
    ("폭스콘과 럭스쉐어가 경쟁한다", &["폭스콘", "럭스쉐어"]),
    (
        "럭스쉐어에서 폭스콘으로 변경했습니다.",
        &["럭스쉐어", "폭스콘"],
    ),
    ("소프트뱅크 그룹이 투자를 완료했습니다.", &["소프트뱅크"]),
    ("소프트뱅크의 'AI 올인' 전략", &["소프트뱅크"]),
    ("메타가 스타트업을 인수했습니다.", &["메타"]),
    ("메타의 인수는 단순 챗봇을 넘어선다", &["메타"]),
    // Multi-word terms and variants: leftmost-longest.
    ("AI 에이전트 스타트업 'Manus'", &["AI 에이전트"]),
    ("AI 에이전트 허브 조성", &["AI 에이전트"]),
    ("피지컬 AI가 새로운 트렌드로 부상", &["피지컬 AI"]),
    ("'피지컬 AI(Physical AI)'가 부상", &["피지컬 AI"]),
    ("엣지 AI 디바이스 시장", &["엣지 AI"]),
    ("바이오 보안 스크리닝을 우회", &["바이오 보안"]),
    ("바이오 보안(Biosecurity) 위협", &["바이오 보안"]),
    // Compounds written together, with Latin text around.
    (
        "거대언어모델(LLM)을 학습시킬 수 있다",
        &["거대언어모델", "LLM"],
    ),
    ("AGI(범용인공지능) 개발에 필요한", &["AGI", "범용인공지능"]),
    ("OpenAI가 첫 AI 하드웨어를 만든다", &["OpenAI"]),
    ("OpenAI에 대한 총 400억 달러", &["OpenAI"]),
    ("ChatGPT 기능을 통합한 장치", &["ChatGPT"]),
    ("LLM의 학습 비용", &["LLM"]),
    ("LLM들은 크다", &["LLM"]),
    // Start and end of a segment, inside tags, next to punctuation.
    ("에이전트", &["에이전트"]),
    ("결국 에이전트", &["에이전트"]),
    ("<g1>에이전트</g1>가 답했다", &["에이전트"]),
    ("<g1>폭스콘</g1>(Foxconn)", &["폭스콘"]),
    ("(에이전트)", &["에이전트"]),
    ("「에이전트」와 『메타』", &["에이전트", "메타"]),
    ("에이전트, 메타, 폭스콘.", &["에이전트", "메타", "폭스콘"]),
    ("구글 딥마인드가 발표했다", &["구글", "딥마인드"]),
    ("구글·메타·폭스콘", &["구글", "메타", "폭스콘"]),
    // False friends that must not match.
    ("메타버스 플랫폼이 성장했다", &[]),
    ("메타데이터를 분석했다", &[]),
    ("에이전트십 계약", &[]),
    ("슈퍼에이전트가 등장", &[]),
    ("폭스콘텐츠라는 회사", &[]),
    ("구글링으로 찾았다", &[]),
    ("OpenAIX라는 이름", &[]),
    ("openai라는 소문자", &[]),
    ("chatgpt 기능", &[]),
    ("ALLM 모델", &[]),
    ("LLMOps 플랫폼", &[]),
    ("피지컬 AIs", &[]),
];

#[test]
fn korean_table() {
    let m = matcher();
    assert!(KOREAN.len() >= 60, "{}", KOREAN.len());
    for (sentence, want) in KOREAN {
        assert_eq!(&found(&m, sentence), want, "{sentence}");
    }
}

#[test]
fn particle_sequences() {
    assert!(particles_only("들이"));
    assert!(particles_only("에서는"));
    assert!(particles_only("이라는"));
    assert!(!particles_only("버스"));
    assert!(!particles_only("데이터를"));
}

/// (text, term, case_sensitive, expected)
const ENGLISH: &[(&str, &str, bool, bool)] = &[
    ("The agent replied.", "agent", false, true),
    ("Agents are rising.", "agent", false, true),
    ("The agent's memory", "agent", false, true),
    ("The agents' memory", "agent", false, true),
    ("The agent’s memory", "agent", false, true),
    ("AGENT mode", "agent", false, true),
    ("an agentic workflow", "agent", false, false),
    ("the reagent", "agent", false, false),
    ("agency rules", "agent", false, false),
    ("two agencies", "agency", false, true),
    ("the agency's budget", "agency", false, true),
    ("boxes of parts", "box", false, true),
    ("physical AI is rising", "physical AI", false, true),
    ("Physical AI is rising", "physical AI", false, true),
    ("physical  AI with two spaces", "physical AI", false, true),
    ("physical\nAI across a line", "physical AI", false, true),
    ("physical-AI robots", "physical AI", false, true),
    ("physical, AI", "physical AI", false, false),
    ("physically AI", "physical AI", false, false),
    ("large language models", "large language model", false, true),
    (
        "a large-language-model",
        "large language model",
        false,
        true,
    ),
    (
        "large language modeling",
        "large language model",
        false,
        false,
    ),
    ("Foxconn won the order", "Foxconn", true, true),
    ("foxconn won the order", "Foxconn", true, false),
    ("Foxconn's plant", "Foxconn", true, true),
    ("OpenAI said", "OpenAI", true, true),
    ("OpenAIs", "OpenAI", true, true),
    ("openai said", "OpenAI", true, false),
    ("edge AI devices", "edge AI", false, true),
    ("knowledge AI", "edge AI", false, false),
    ("biosecurity rules", "biosecurity", false, true),
    ("Z.ai listed", "Z.ai", false, true),
    ("XZ.ai listed", "Z.ai", false, false),
    ("C++ code", "C++", false, true),
];

#[test]
fn english_table() {
    assert!(ENGLISH.len() >= 30);
    for (text, term, cs, want) in ENGLISH {
        assert_eq!(
            english_contains(text, term, *cs),
            *want,
            "{term} in {text:?}"
        );
    }
}
