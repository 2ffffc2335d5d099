//! The GitHub files cannot run here: they are parsed, and checked against what the rest
//! of the repository says (the release assets action.yml and binstall download, the
//! backend the workflow names, the modes the action takes).

use std::path::Path;

use serde_norway::Value;

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn text(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

const TARGETS: [&str; 5] = [
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "aarch64-apple-darwin",
    "x86_64-apple-darwin",
    "x86_64-pc-windows-msvc",
];

#[test]
fn the_action_takes_mode_backend_and_args_and_verifies_its_download() {
    let action = yaml("action.yml");
    for input in ["mode", "backend", "args"] {
        assert!(
            action["inputs"][input]["description"].is_string(),
            "{input}"
        );
    }
    assert_eq!(action["inputs"]["mode"]["default"].as_str(), Some("check"));
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let steps = action["runs"]["steps"].as_sequence().expect("steps");
    let scripts: String = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    for target in TARGETS {
        assert!(scripts.contains(target), "{target}");
    }
    assert!(scripts.contains("sha256sum -c") && scripts.contains("shasum -a 256 -c"));
    assert!(scripts.contains("cargo install --locked"));
    assert!(scripts.contains("l10n check --format github"));
    assert!(scripts.contains("l10n ci --mode \"$MODE\""));
    for mode in ["check)", "pull-request|commit)"] {
        assert!(scripts.contains(mode), "{mode}");
    }
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(
        uses.iter().any(|u| u.starts_with("actions/cache@")),
        "{uses:?}"
    );
    // Inputs reach the scripts through the environment, never spliced into them.
    for s in steps.iter().filter_map(|s| s["run"].as_str()) {
        assert!(!s.contains("${{ inputs."), "{s}");
    }
}

#[test]
fn the_release_builds_every_platform_with_checksums_binstall_can_find() {
    let release = yaml(".github/workflows/release.yml");
    let matrix = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_sequence()
        .expect("matrix");
    let targets: Vec<&str> = matrix.iter().filter_map(|m| m["target"].as_str()).collect();
    assert_eq!(targets, TARGETS);
    let all = text(".github/workflows/release.yml");
    assert!(all.contains("l10n-$TARGET.tar.gz") && all.contains("l10n-$TARGET.zip"));
    assert!(all.contains("\"$asset.sha256\"") && all.contains("SHA256SUMS"));
    let cargo: toml::Value = toml::from_str(&text("Cargo.toml")).unwrap();
    let binstall = &cargo["package"]["metadata"]["binstall"];
    assert_eq!(
        binstall["pkg-url"].as_str(),
        Some("{ repo }/releases/download/v{ version }/{ name }-{ target }.tar.gz")
    );
    assert_eq!(
        binstall["overrides"]["x86_64-pc-windows-msvc"]["pkg-fmt"].as_str(),
        Some("zip")
    );
    // The action downloads the same names.
    let action = text("action.yml");
    assert!(action.contains("asset=\"l10n-$target.$ext\""));
}

#[test]
fn the_repositorys_workflow_checks_pull_requests_and_translates_main() {
    let wf = yaml(".github/workflows/l10n.yml");
    let check = &wf["jobs"]["check"];
    assert_eq!(
        check["if"].as_str(),
        Some("github.event_name == 'pull_request'")
    );
    let step = |job: &Value| {
        job["steps"]
            .as_sequence()
            .and_then(|s| s.iter().find(|s| s["uses"].as_str() == Some("./")))
            .cloned()
            .expect("uses: ./")
    };
    assert_eq!(step(check)["with"]["mode"].as_str(), Some("check"));
    let translate = &wf["jobs"]["translate"];
    assert_eq!(
        translate["if"].as_str(),
        Some("github.event_name == 'push'")
    );
    assert_eq!(
        translate["permissions"]["pull-requests"].as_str(),
        Some("write")
    );
    let s = step(translate);
    assert_eq!(s["with"]["mode"].as_str(), Some("pull-request"));
    assert_eq!(
        s["env"]["OPENAI_API_KEY"].as_str(),
        Some("${{ secrets.OPENAI_API_KEY }}")
    );
    // The backend it names is configured, with the key from that variable.
    let backend = s["with"]["backend"].as_str().expect("backend");
    let config: toml::Value = toml::from_str(&text("l10n.toml")).unwrap();
    assert_eq!(
        config["backend"][backend]["api_key_env"].as_str(),
        Some("OPENAI_API_KEY")
    );
    assert_eq!(wf["on"]["push"]["branches"][0].as_str(), Some("main"));
}
