//! clap's help in the UI language: every command's about, every argument's help, the
//! headings and the usage label come from the Fluent files (`help-…` ids), so
//! `LANG=ko_KR.UTF-8 l10n translate --help` is Korean throughout. The derive's doc comments
//! stay as the code's documentation; the Fluent text is what users read.

use clap::Command;

use crate::i18n::Messages;

/// The Fluent id of a command's about: `help-cmd-glossary-add`. clap's `help` command
/// holds a copy of the tree (`l10n help glossary add`): the copies share the originals' ids.
pub fn command_id(path: &[&str]) -> String {
    if path.last() == Some(&"help") {
        return "help-cmd-help".to_owned();
    }
    let path: Vec<&str> = path.iter().copied().filter(|p| *p != "help").collect();
    match path.as_slice() {
        [] => "help-cmd-l10n".to_owned(),
        _ => format!("help-cmd-{}", path.join("-")),
    }
}

/// The Fluent id of an argument's help: global options and clap's own `--help`/`--version`
/// share one id wherever they appear.
pub fn arg_id(path: &[&str], arg: &clap::Arg) -> String {
    let id = arg.get_id().as_str();
    if arg.is_global_set() || id == "help" || id == "version" {
        format!("help-arg-{id}")
    } else {
        format!("help-arg-{}-{id}", path.join("-"))
    }
}

/// Every `(id, what)` the command tree asks for, for the parity test.
pub fn ids(cmd: &mut Command) -> Vec<String> {
    cmd.build();
    let mut out = Vec::new();
    collect(cmd, &mut Vec::new(), &mut out);
    out.sort();
    out.dedup();
    out
}

fn collect<'a>(cmd: &'a Command, path: &mut Vec<&'a str>, out: &mut Vec<String>) {
    out.push(command_id(path));
    for a in cmd.get_arguments() {
        out.push(arg_id(path, a));
    }
    for sc in cmd.get_subcommands() {
        path.push(sc.get_name());
        collect(sc, path, out);
        path.pop();
    }
}

/// The built command tree with its help texts from `msgs`.
pub fn localize(mut cmd: Command, msgs: &'static Messages) -> Command {
    cmd.build();
    localize_at(cmd, msgs, &[])
}

fn localize_at(cmd: Command, msgs: &'static Messages, path: &[&str]) -> Command {
    let t = |id: &str| msgs.format(id, &[]);
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
        t("help-usage")
    );
    let arguments = t("help-heading-arguments");
    let options = t("help-heading-options");
    let args: Vec<(clap::Id, String, bool)> = cmd
        .get_arguments()
        .map(|a| {
            let mut help = msgs.format(&arg_id(path, a), &[]);
            let values: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_owned())
                .collect();
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .collect();
            // Bare flags (`--dry-run`) list no values.
            let takes_value = a.get_num_args().is_some_and(|n| n.takes_values());
            if takes_value && !defaults.is_empty() {
                help.push_str(&format!(
                    " {}",
                    msgs.format("help-default", &[("value", defaults.join(", "))])
                ));
            }
            if takes_value && !values.is_empty() {
                help.push_str(&format!(
                    " {}",
                    msgs.format("help-possible", &[("values", values.join(", "))])
                ));
            }
            (a.get_id().clone(), help, a.is_positional())
        })
        .collect();
    let mut cmd = cmd
        .about(t(&command_id(path)))
        .help_template(template)
        .subcommand_help_heading(t("help-heading-commands"));
    for (id, help, positional) in args {
        let heading = if positional { &arguments } else { &options };
        let heading = heading.clone();
        cmd = cmd.mut_arg(id, |a| {
            a.help(help)
                .help_heading(heading)
                .hide_default_value(true)
                .hide_possible_values(true)
        });
    }
    // The usage line's own words: `[OPTIONS]`, `<COMMAND>`.
    let usage = cmd.render_usage().to_string();
    let usage = usage
        .strip_prefix("Usage: ")
        .unwrap_or(&usage)
        .replace("[OPTIONS]", &t("help-usage-options"))
        .replace("<COMMAND>", &t("help-usage-command"));
    let mut cmd = cmd.override_usage(usage);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        let mut sub: Vec<&str> = path.to_vec();
        sub.push(&name);
        cmd = cmd.mut_subcommand(&name, |sc| localize_at(sc, msgs, &sub));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::i18n::UiLang;

    #[test]
    fn every_command_and_argument_has_help_in_both_languages() {
        let ids = ids(&mut crate::cli::Cli::command());
        assert!(ids.len() > 60, "{ids:?}");
        for lang in [UiLang::En, UiLang::Ko] {
            let msgs = Messages::get(lang);
            let missing: Vec<&String> = ids.iter().filter(|id| !msgs.has(id)).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
    }

    fn help(lang: UiLang, args: &[&str]) -> String {
        let cmd = localize(crate::cli::Cli::command(), Messages::get(lang));
        let mut argv = vec!["l10n"];
        argv.extend(args);
        match cmd.try_get_matches_from(argv) {
            Ok(_) => String::new(),
            Err(e) => e.render().to_string(),
        }
    }

    #[test]
    fn korean_help_for_every_subcommand() {
        let root = help(UiLang::Ko, &["--help"]);
        assert!(root.contains("사용법:") && root.contains("명령:"), "{root}");
        assert!(
            !root.contains("Usage") && !root.contains("Print help"),
            "{root}"
        );
        let mut cmd = crate::cli::Cli::command();
        cmd.build();
        let mut paths: Vec<Vec<String>> = Vec::new();
        // `help` itself takes no --help; its text is checked through the others' lists.
        for sc in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            paths.push(vec![sc.get_name().to_owned()]);
            for s2 in sc.get_subcommands().filter(|s| s.get_name() != "help") {
                paths.push(vec![sc.get_name().to_owned(), s2.get_name().to_owned()]);
            }
        }
        assert!(paths.len() > 15, "{paths:?}");
        for p in paths {
            let mut args: Vec<&str> = p.iter().map(String::as_str).collect();
            args.push("--help");
            let out = help(UiLang::Ko, &args);
            assert!(out.contains("사용법:"), "{p:?}: {out}");
            for english in [
                "Usage:",
                "Options:",
                "Arguments:",
                "Print help",
                "[default:",
                "[possible values:",
            ] {
                assert!(!out.contains(english), "{p:?} still says {english}: {out}");
            }
            // The first line (about) is Korean.
            let about = out.lines().next().unwrap_or("");
            assert!(
                about.chars().any(|c| ('가'..='힣').contains(&c)),
                "{p:?}: {out}"
            );
        }
    }

    #[test]
    fn english_help_keeps_defaults_and_values() {
        let out = help(UiLang::En, &["diff", "--help"]);
        assert!(out.contains("Usage: l10n diff"), "{out}");
        assert!(
            out.contains("[default: text] [possible values: text, side-by-side, html, markdown]"),
            "{out}"
        );
    }
}
