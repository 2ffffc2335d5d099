//! Bad and unusual input through `extract`, `translate --backend pseudo` and `check`: a
//! clear error or a correct result, never a panic, never a lost or changed source file.

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::{fixtures, run, stderr, stdout};

fn no_panic(o: &Output, what: &str) {
    let err = stderr(o);
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{what}: {err}"
    );
    assert!(
        matches!(o.status.code(), Some(0..=2)),
        "{what}: exit {:?}: {err}",
        o.status.code()
    );
    if o.status.code() == Some(2) {
        assert!(
            err.starts_with("error: "),
            "{what}: an error says so: {err}"
        );
    }
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = fixtures().join("corpus");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().into_string().unwrap(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn site_with(name: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("posts")).unwrap();
    fs::write(dir.path().join("posts").join(name), bytes).unwrap();
    dir
}

#[test]
fn every_corpus_file_gives_an_error_or_a_correct_result() {
    let files = corpus();
    assert!(files.len() >= 30, "{}", files.len());
    for (name, bytes) in files {
        let s = site_with(&name, &bytes);
        let rel = format!("posts/{name}");
        let extract = run(s.path(), &["extract", &rel]);
        no_panic(&extract, &format!("extract {name}"));
        let translate = run(s.path(), &["translate", "--backend", "pseudo"]);
        no_panic(&translate, &format!("translate {name}"));
        let check = run(s.path(), &["check"]);
        no_panic(&check, &format!("check {name}"));
        assert_eq!(
            fs::read(s.path().join(&rel)).unwrap(),
            bytes,
            "{name}: the source is never touched"
        );
        if extract.status.success() {
            // Valid input: the round trip holds and the target exists and checks clean.
            let json = s.path().join("segments.json");
            fs::write(&json, &extract.stdout).unwrap();
            let merged = run(s.path(), &["merge", &rel, "segments.json"]);
            assert_eq!(merged.stdout, bytes, "{name}: merge(extract(x)) == x");
            assert!(translate.status.success(), "{name}: {}", stderr(&translate));
            assert!(s.path().join("posts/en").join(&name).exists(), "{name}");
            assert_eq!(check.status.code(), Some(0), "{name}: {}", stdout(&check));
        } else {
            assert!(
                stderr(&extract).contains(&name),
                "{name}: the error names the file"
            );
            assert_eq!(translate.status.code(), Some(2), "{name}");
            assert!(
                !s.path().join("posts/en").join(&name).exists(),
                "{name}: nothing written"
            );
        }
    }
}

#[test]
fn a_20_mb_post_is_translated() {
    let para =
        "소프트뱅크 그룹이 OpenAI에 대한 투자를 완료했습니다. [기사](https://x.example/a)\n\n";
    let big = para.repeat(20 * 1024 * 1024 / para.len() + 1);
    let s = site_with("big.md", big.as_bytes());
    let o = run(s.path(), &["translate", "--backend", "pseudo"]);
    no_panic(&o, "translate big");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(run(s.path(), &["check"]).status.code(), Some(0));
}

#[test]
fn paths_and_settings_that_would_escape_or_overwrite() {
    let s = site_with("a.md", "본문.\n".as_bytes());
    let p = s.path();
    // A path with `..` that leaves the repository.
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("x.md"), "밖.\n").unwrap();
    let rel = Path::new("..")
        .join(outside.path().file_name().unwrap())
        .join("x.md");
    let o = run(p, &["translate", rel.to_str().unwrap()]);
    no_panic(&o, "dotdot");
    assert_eq!(o.status.code(), Some(2));
    // A target template onto the sources.
    fs::write(p.join("l10n.toml"), "target = \"posts/{name}\"\n").unwrap();
    let o = run(p, &["translate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("l10n.toml:1:10"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(p.join("posts/a.md")).unwrap(), "본문.\n");
    // An invalid l10n.toml and an invalid glossary.toml.
    fs::write(p.join("l10n.toml"), "[[[\n").unwrap();
    let o = run(p, &["check"]);
    no_panic(&o, "bad config");
    assert_eq!(o.status.code(), Some(2));
    fs::remove_file(p.join("l10n.toml")).unwrap();
    fs::write(p.join("glossary.toml"), "[[term]]\nko = 3\n").unwrap();
    let o = run(p, &["translate"]);
    no_panic(&o, "bad glossary");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("glossary.toml"), "{}", stderr(&o));
    // A corrupt state file.
    fs::remove_file(p.join("glossary.toml")).unwrap();
    assert!(run(p, &["translate"]).status.success());
    fs::write(
        p.join(".l10n/state/en/posts/a.md.toml"),
        "version = \"x\"\n",
    )
    .unwrap();
    for cmd in ["translate", "check"] {
        let o = run(p, &[cmd]);
        no_panic(&o, cmd);
        assert_ne!(o.status.code(), Some(0), "{cmd}");
        assert!(
            format!("{}{}", stdout(&o), stderr(&o)).contains("a.md.toml"),
            "{cmd} names the state file"
        );
    }
    let o = run(p, &["status"]);
    no_panic(&o, "status");
    assert!(stdout(&o).contains("invalid"), "{}", stdout(&o));
    assert!(p.join("posts/en/a.md").exists(), "nothing lost");
}
