use super::*;

const G: &str = "# House terms.\n\n# The core word.\n[[term]]\nko = \"에이전트\" # never broker\nen = \"agent\"\n\n[[term]]\nko = \"메타\"\nen = \"Meta\"\n";

#[test]
fn add_keeps_comments_and_order_byte_for_byte() {
    let out = add(
        "g.toml",
        G,
        "ko",
        "폭스콘",
        "en",
        "Foxconn",
        &Extras {
            variants: vec!["홍하이".into()],
            forbidden: vec!["Foxcon".into(), "Hon Hai".into()],
            note: Some("company".into()),
        },
    )
    .unwrap();
    assert!(out.starts_with(G), "{out}");
    assert!(
        out.ends_with("\n[[term]]\nko = \"폭스콘\"\nen = \"Foxconn\"\nvariants = [\"홍하이\"]\nforbidden = [\"Foxcon\", \"Hon Hai\"]\nnote = \"company\"\n"),
        "{out}"
    );
    let variant_taken = Extras {
        variants: vec!["메타".into()],
        ..Extras::default()
    };
    let e = add("g.toml", G, "ko", "페이스북", "en", "Meta", &variant_taken).unwrap_err();
    assert_eq!((e.line, e.detail.id), (8, EXISTS), "{e:?}");
    let keep = add(
        "g.toml",
        G,
        "ko",
        "OpenAI",
        "en",
        "OpenAI",
        &Extras::default(),
    )
    .unwrap();
    assert!(keep.contains("ko = \"OpenAI\"\nkeep = true\n"), "{keep}");
    let e = add("g.toml", G, "ko", "메타", "en", "Meta", &Extras::default()).unwrap_err();
    assert!(e.to_string().contains("already"), "{e:?}");
    assert_eq!(
        (e.line, e.column),
        (8, 1),
        "points at the existing entry: {e:?}"
    );
    for (s, t) in [(" 폭스콘", "Foxconn"), ("폭스콘", "Foxconn "), ("", "x")] {
        let e = add("g.toml", G, "ko", s, "en", t, &Extras::default()).unwrap_err();
        assert!(e.to_string().contains("spaces"), "{e:?}");
    }
}

#[test]
fn remove_keeps_everything_else() {
    let out = remove("g.toml", G, "ko", "메타").unwrap();
    assert_eq!(
        out,
        "# House terms.\n\n# The core word.\n[[term]]\nko = \"에이전트\" # never broker\nen = \"agent\"\n"
    );
    assert!(remove("g.toml", G, "ko", "없음").is_err());
    // Round trip: adding then removing gives the file back.
    let added = add(
        "g.toml",
        G,
        "ko",
        "폭스콘",
        "en",
        "Foxconn",
        &Extras::default(),
    )
    .unwrap();
    assert_eq!(remove("g.toml", &added, "ko", "폭스콘").unwrap(), G);
}

#[test]
fn a_broken_glossary_is_never_rewritten() {
    assert!(
        add(
            "g.toml",
            "[[term]]\nko = \n",
            "ko",
            "a",
            "en",
            "b",
            &Extras::default()
        )
        .is_err()
    );
    assert!(remove("g.toml", "[[term]]\nko = \n", "ko", "a").is_err());
}

#[test]
fn lint_flags_a_variant_whose_target_drops_its_words() {
    let text = "[[term]]\nko = \"에이전트\"\nen = \"agent\"\nvariants = [\"AI 에이전트\", \"인공지능 에이전트\", \"에이전트 AI\"]\n\n[[term]]\nko = \"거대언어모델\"\nen = \"large language model\"\nvariants = [\"거대 언어 모델\"]\n\n[[term]]\nko = \"엣지 AI\"\nen = \"edge AI\"\nvariants = [\"엣지AI\", \"온디바이스 AI\"]\n";
    let g = Glossary::parse("g.toml", text).unwrap();
    let msgs: Vec<String> = lint(&g, "ko", "en")
        .into_iter()
        .filter(|i| i.error)
        .map(|i| format!("{}: {}", i.line, i.message.english()))
        .collect();
    assert_eq!(msgs.len(), 4, "{msgs:?}");
    assert!(
        msgs[0]
            .starts_with("1: variant \"AI 에이전트\" has \"AI\", which its target \"agent\" drops"),
        "{msgs:?}"
    );
    assert!(msgs[1].contains("\"인공지능\""), "{msgs:?}");
    assert!(msgs[2].contains("\"에이전트 AI\" has \"AI\""), "{msgs:?}");
    assert!(
        msgs[3].starts_with("11: variant \"온디바이스 AI\" has \"온디바이스\""),
        "{msgs:?}"
    );
}

#[test]
fn lint_finds_every_kind_of_problem() {
    let text = "[[term]]\nko = \"에이전트\"\nen = \"agent\"\n\n[[term]]\nko = \"에이전트\"\nen = \"broker\"\n\n[[term]]\nko = \"메타\"\nen = \"Meta\"\n\n[[term]]\nko = \"메타\"\nen = \"Meta\"\n\n[[term]]\nko = \" 폭스콘\"\nen = \"Foxconn\"\n\n[[term]]\nko = \"OpenAI\"\nen = \"Open AI\"\nkeep = true\n\n[[term]]\nko = \"메타버스\"\nen = \"metaverse\"\n";
    let g = Glossary::parse("g.toml", text).unwrap();
    let issues = lint(&g, "ko", "en");
    let msgs: Vec<_> = issues
        .iter()
        .map(|i| (i.line, i.error, i.message.english()))
        .collect();
    assert!(
        msgs.iter()
            .any(|(l, e, m)| *l == 5 && *e && m.contains("different targets")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|(l, e, m)| *l == 13 && *e && m.contains("two entries")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|(_, e, m)| *e && m.contains("trailing spaces")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter().any(|(_, e, m)| *e && m.contains("keep term")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|(_, e, m)| !*e && m.contains("\"메타\" is a prefix of \"메타버스\"")),
        "{msgs:?}"
    );
    let clean = Glossary::parse("g.toml", G).unwrap();
    assert!(lint(&clean, "ko", "en").is_empty());
}

#[test]
fn suggest_mines_pairs_and_names() {
    let posts = [
        "OpenAI가 생산 파트너를 중국의 럭스쉐어(Luxshare)에서 대만의 폭스콘(Foxconn)으로 변경했습니다.",
        "폭스콘(Foxconn)은 수주했다. '피지컬 AI(Physical AI)'가 부상. Deepseek가 발표했다. Deepseek의 모델.",
        "Jony Ive(조니 아이브)가 참여했다.",
    ];
    let g = Glossary::parse("g.toml", "[[term]]\nko = \"럭스쉐어\"\nen = \"Luxshare\"\n").unwrap();
    let s = suggest(&posts, &g, "ko");
    let pairs: Vec<(&str, Option<&str>, usize)> = s
        .iter()
        .map(|s| (s.source.as_str(), s.target.as_deref(), s.count))
        .collect();
    assert!(
        pairs[..2].contains(&("폭스콘", Some("Foxconn"), 2)),
        "ranked by frequency: {pairs:?}"
    );
    assert!(
        pairs.contains(&("피지컬 AI", Some("Physical AI"), 1)),
        "{pairs:?}"
    );
    assert!(
        pairs.contains(&("조니 아이브", Some("Jony Ive"), 1)),
        "{pairs:?}"
    );
    assert!(pairs.contains(&("Deepseek", None, 2)), "{pairs:?}");
    assert!(
        !pairs.iter().any(|p| p.0 == "럭스쉐어"),
        "known terms are not suggested"
    );
}

#[test]
fn delimited_and_tbx_round_trip() {
    let g = Glossary::parse("g.toml", G).unwrap();
    let tsv = export_delimited(&g, "ko", "en", '\t');
    assert_eq!(tsv, "에이전트\tagent\n메타\tMeta\n");
    assert_eq!(
        import_delimited("g.tsv", &tsv, '\t').unwrap(),
        vec![
            ("에이전트".into(), "agent".into()),
            ("메타".into(), "Meta".into())
        ]
    );
    let csv = "source,target\n\"에이전트, AI\",agent\n메타,Meta\n";
    assert_eq!(
        import_delimited("g.csv", csv, ',').unwrap()[0],
        ("에이전트, AI".into(), "agent".into())
    );
    let e = import_delimited("g.csv", "a,b\nonly\n", ',').unwrap_err();
    assert_eq!(e.line, 2);
    let tbx = export_tbx(&g);
    assert!(tbx.contains("<term>에이전트</term>"));
    let back = import_tbx("g.tbx", &tbx).unwrap();
    assert_eq!(back.len(), 2);
    assert_eq!(back[0].get("en").map(String::as_str), Some("agent"));
    assert!(import_tbx("bad.tbx", "<tbx><body><conceptEntry></body>").is_err());
}
