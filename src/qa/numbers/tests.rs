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
fn dates_years_and_percentages_are_kept_not_valued() {
    let ko = "2026년 또는 2027년에 출시, 점유율 35% 증가 (발행일: 2026-01-02)";
    assert!(korean_amounts(ko).is_empty());
    assert_eq!(kept_tokens(ko), vec!["2026", "2027", "35%", "2026-01-02"]);
    assert!(
        check(
            ko,
            "launch in 2026 or 2027, share up 35% (published 2026-01-02)"
        )
        .is_empty()
    );
    let p = check(ko, "launch in 2026, share up 53%");
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p.iter().all(|p| p.warning_only));
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
