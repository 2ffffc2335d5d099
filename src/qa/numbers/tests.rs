use super::*;

/// (Korean, a correct English rendering, a wrong one). Real digest phrasing.
const TABLE: &[(&str, &str, &str)] = &[
    (
        "총 400억 달러 규모의 투자",
        "a total investment of $40 billion",
        "a total investment of 400 billion won",
    ),
    (
        "400억 달러(약 56조 원)",
        "$40 billion (about 56 trillion won)",
        "$40 billion (approximately 56 trillion yen)",
    ),
    (
        "약 220억 달러가 집행되었습니다",
        "about $22 billion was disbursed",
        "about $2.2 billion was disbursed",
    ),
    (
        "최대 270억(27B) 파라미터 모델",
        "models of up to 27B parameters",
        "models of up to 270B parameters",
    ),
    (
        "서울시가 271억원을 투입하여",
        "Seoul is investing 27.1 billion won",
        "Seoul is investing 271 billion won",
    ),
    (
        "271억 투입",
        "a 27.1 billion investment",
        "a 2.71 billion investment",
    ),
    ("1조 2천억 원", "1.2 trillion won", "12 trillion won"),
    ("2억 5천만 달러", "$250 million", "$25 million"),
    ("3.5조 원 규모", "3.5 trillion won", "3.5 billion won"),
    ("5천만 원", "50 million won", "5 million won"),
    ("1억 원", "100 million won", "1 billion won"),
    ("10억 달러", "$1 billion", "$10 billion"),
    ("100억 달러", "$10 billion", "$100 billion"),
    ("1000억 달러", "$100 billion", "$1 trillion"),
    ("1조 달러", "$1 trillion", "$1 billion"),
    ("20조 원", "20 trillion won", "20 billion won"),
    ("6조 엔", "6 trillion yen", "6 trillion won"),
    ("3000억 엔", "300 billion yen", "300 billion yuan"),
    ("500억 위안", "50 billion yuan", "50 billion yen"),
    ("10억 유로", "1 billion euros", "1 billion dollars"),
    ("2억 유로", "€200 million", "€2 billion"),
    ("8만 달러", "$80,000", "$8,000"),
    ("15만 원", "150,000 won", "15,000 won"),
    ("3만 명", "30,000 people", "3,000 people"),
    ("1만 개", "10,000 units", "1,000 units"),
    ("7천만 달러", "$70 million", "$7 million"),
    ("4500만 달러", "$45 million", "$4.5 million"),
    ("1억 2천만 달러", "$120 million", "$12 million"),
    ("66억 달러", "$6.6 billion", "$66 billion"),
    ("650억 달러", "$65 billion", "$650 billion"),
    ("5000억 달러", "$500 billion", "$50 billion"),
    ("1.5조 원", "1.5 trillion won", "15 trillion won"),
    ("0.5조 원", "500 billion won", "5 trillion won"),
    ("2.5억 달러", "$250 million", "$2.5 billion"),
    ("약 30억 달러", "roughly $3 billion", "roughly $30 billion"),
    (
        "300억~400억 달러",
        "$30 billion to $40 billion",
        "$300 billion to $400 billion",
    ),
    ("1천억 원", "100 billion won", "1 trillion won"),
    ("5백억 원", "50 billion won", "500 billion won"),
    ("2천5백만 달러", "$25 million", "$2.5 million"),
    ("10조 원", "KRW 10 trillion", "KRW 10 billion"),
    (
        "10조 원을 투자",
        "₩10 trillion in investment",
        "₩10 billion in investment",
    ),
    ("400억 달러", "40 billion dollars", "40 billion yen"),
    ("400억 달러", "$40B", "$400B"),
    ("400억 달러", "USD 40 billion", "KRW 40 billion"),
    (
        "400억 달러",
        "40,000,000,000 dollars",
        "4,000,000,000 dollars",
    ),
    ("56조 원", "56 trillion won", "56 billion won"),
    ("56조 원", "KRW 56 trillion", "JPY 56 trillion"),
    ("27억 달러", "$2.7 billion", "$27 billion"),
    ("1200억 원", "120 billion won", "1.2 trillion won"),
    ("9천억 원", "900 billion won", "9 trillion won"),
    ("3억 달러", "$300 million", "$3 million"),
    ("25만 달러", "$250,000", "$2.5 million"),
    ("700만 명", "7 million people", "70 million people"),
    ("1400만 달러", "$14 million", "$140 million"),
    (
        "80억 달러 규모",
        "an $8 billion deal",
        "an $80 billion deal",
    ),
    ("40억 유로", "4 billion euros", "4 billion dollars"),
    ("2조 엔", "2 trillion yen", "2 trillion yuan"),
    ("100만 달러", "$1 million", "$100 million"),
    ("50억 원", "5 billion won", "50 billion won"),
    ("1조 5천억 원", "1.5 trillion won", "15 trillion won"),
    ("3조 달러", "$3T", "$3B"),
    ("600억 달러", "$60bn", "$6bn"),
];

fn errors(ko: &str, en: &str) -> Vec<Problem> {
    check(ko, en)
        .into_iter()
        .filter(|p| !p.warning_only)
        .collect()
}

#[test]
fn every_wrong_rendering_is_caught_and_no_correct_one_flagged() {
    assert!(TABLE.len() >= 60, "{}", TABLE.len());
    for (ko, good, bad) in TABLE {
        assert_eq!(check(ko, good), vec![], "{ko} → {good} must pass");
        assert!(
            !errors(ko, bad).is_empty(),
            "{ko} → {bad} must be caught: {:?}",
            check(ko, bad)
        );
    }
}

#[test]
fn reads_korean_values() {
    let a = korean_amounts("총 400억 달러(약 56조 원) 규모, 1조 2천억 원, 2억 5천만, 3.5조");
    let v: Vec<(f64, Option<Currency>)> = a.iter().map(|a| (a.value, a.currency)).collect();
    assert_eq!(
        v,
        vec![
            (4e10, Some(Currency::Dollar)),
            (5.6e13, Some(Currency::Won)),
            (1.2e12, Some(Currency::Won)),
            (2.5e8, None),
            (3.5e12, None)
        ]
    );
}

#[test]
fn years_and_percentages_are_kept_not_valued() {
    let ko = "2026년 또는 2027년에 출시, 점유율 35% 증가 (발행일: 2026-01-02)";
    assert!(korean_amounts(ko).is_empty());
    assert!(
        check(
            ko,
            "launch in 2026 or 2027, share up 35 percent (published January 2, 2026)"
        )
        .is_empty()
    );
    let p = check(ko, "launch in 2026, share up 53%");
    assert_eq!(p.len(), 2, "{p:?}");
    assert!(p[0].warning_only, "2027 vanished: {p:?}");
    assert_eq!(p[1].english(), "\"35%\" is \"53%\" in the translation");
    assert!(!p[1].warning_only);
}

/// (Korean, correct English, the model's wrong English, the pair the error names): a
/// number changed is an error naming both, not a vanished-number warning.
const CHANGED: &[(&str, &str, &str, &str)] = &[
    (
        "점유율이 20% 늘었습니다",
        "its share rose by 20%",
        "its share rose by 2%",
        "\"20%\" is \"2%\" in the translation",
    ),
    (
        "금리를 0.5% 인하",
        "cut rates by 0.5 percent",
        "cut rates by 5%",
        "\"0.5%\" is \"5%\" in the translation",
    ),
    (
        "2026년 또는 2027년에 출시될 예정입니다",
        "It is due in 2026 or 2027.",
        "It is due in 2025 or 2027.",
        "\"2026\" is \"2025\" in the translation",
    ),
    (
        "1만 5천 달러의 보조금",
        "a $15,000 subsidy",
        "a $1,500 subsidy",
        "\"1만 5천 달러\" is 15,000 but the translation says \"1,500\"",
    ),
    (
        "1만 5000명이 참석했습니다",
        "15,000 people attended",
        "1,500 people attended",
        "\"1만 5000\" is 15,000 but the translation says \"1,500\"",
    ),
    (
        "최대 270억(27B) 파라미터 모델",
        "models of up to 27 billion (27B) parameters",
        "models of up to 270 billion (27B) parameters",
        "\"270억\" is 27,000,000,000 but the translation says \"270 billion\"",
    ),
    (
        "3개 기업이 참여했습니다",
        "three companies took part",
        "four companies took part",
        "\"3\" is \"four\" in the translation",
    ),
    (
        "12개 모델 중 7개가 통과",
        "7 of the 12 models passed",
        "7 of the 21 models passed",
        "\"12\" is \"21\" in the translation",
    ),
];

#[test]
fn a_changed_number_is_an_error_naming_the_pair() {
    for (ko, good, bad, pair) in CHANGED {
        assert_eq!(check(ko, good), vec![], "{ko} → {good}");
        let p = errors(ko, bad);
        assert_eq!(
            p.iter().map(|p| p.english()).collect::<Vec<_>>(),
            vec![*pair],
            "{ko} → {bad}: {:?}",
            check(ko, bad)
        );
    }
}

/// Correct renderings of digest sentences (the corpus of 2026-02-19) raise nothing.
#[test]
fn digest_sentences_rendered_well_pass() {
    for (ko, en) in [
        (
            "최근 조사에 따르면, 많은 일본 10대 청소년들이 생성형 AI를 사용하고 있는 것으로 나타났습니다.",
            "A recent survey found that many Japanese teenagers use generative AI.",
        ),
        (
            "생성형 AI, 누가 사용하는지 봤더니... 역시 2030세대",
            "Who uses generative AI? People in their 20s and 30s, as expected",
        ),
        (
            "Booking Holdings가 AI 기술을 도입하여 고객 서비스 비용을 10% 절감했다.",
            "Booking Holdings cut customer service costs by 10 percent with AI.",
        ),
        (
            "서울시가 271억 원을 투입하여 CCTV를 고도화하고",
            "Seoul will spend 27.1 billion won to upgrade its CCTV",
        ),
        ("3월 출시 예정", "due out in March"),
        ("로봇 100대를 배치했다", "deployed 100 robots"),
        (
            "그룹2 (사회/경제 중심) > 비즈니스/투자",
            "Group 2 (society/economy) > business/investment",
        ),
    ] {
        assert_eq!(check(ko, en), vec![], "{ko} → {en}");
    }
    assert!(!errors("로봇 100대를 배치했다", "deployed 10 robots").is_empty());
}

#[test]
fn korean_mixed_units_with_spaces_are_one_quantity() {
    let v: Vec<f64> = korean_amounts("1만 5천 달러, 1만 5000명, 2억 5천만 원, 3만, 5천")
        .iter()
        .map(|a| a.value)
        .collect();
    assert_eq!(v, vec![15000.0, 15000.0, 2.5e8, 3e4, 5e3]);
}

#[test]
fn a_vanished_number_is_a_warning() {
    let p = check("400억 달러를 투자했다", "They invested heavily.");
    assert_eq!(p.len(), 1);
    assert!(p[0].warning_only);
}

#[test]
fn words_that_look_like_currency_are_not() {
    assert!(korean_amounts("3원칙과 2원문").is_empty());
    assert!(korean_amounts("R1 후속 모델과 B2B 시장").is_empty());
}
