//! `l10n memory export --format tmx|csv [-o FILE]`: every source→target pair the state
//! knows, so the work can move to a CAT tool.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use quick_xml::escape::escape;

use super::site::Site;
use super::{Ctx, Failure, IoError, print};
use crate::state::{PostState, Status};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Write the translation memory.
    Export {
        #[arg(long, value_enum, default_value_t = Format::Tmx)]
        format: Format,
        /// Write here (atomically) instead of stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Tmx,
    Csv,
}

/// (source lang, target lang, source, target, state) rows, sorted and deduplicated; no
/// placeholder rows.
fn rows(states: &[PostState], source_lang: &str) -> Vec<[String; 5]> {
    let mut out: Vec<[String; 5]> = states
        .iter()
        .flat_map(|st| {
            // Hand edits are memory too (their target is the editor's Markdown), and so is
            // what people wrote for Korean since deleted: it is listed, never lost.
            let live = st.segments.iter().map(|s| (s, ""));
            let removed = st.removed.iter().map(|s| (s, " (removed)"));
            // Placeholder text is nobody's translation: never memory.
            live.chain(removed)
                .filter(|(s, _)| s.state != Status::Pseudo && s.has_english())
                .map(move |(s, note)| {
                    [
                        source_lang.to_owned(),
                        st.lang.clone(),
                        s.source.clone(),
                        s.target.clone(),
                        format!("{}{note}", s.state.as_str()),
                    ]
                })
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

fn tmx(rows: &[[String; 5]], source_lang: &str) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
    out.push_str(&format!(
        "  <header creationtool=\"l10n\" creationtoolversion=\"{}\" segtype=\"paragraph\" o-tmf=\"l10n\" adminlang=\"en\" srclang=\"{}\" datatype=\"plaintext\"/>\n  <body>\n",
        env!("CARGO_PKG_VERSION"),
        escape(source_lang)
    ));
    for [sl, tl, s, t, state] in rows {
        out.push_str(&format!(
            "    <tu>\n      <prop type=\"x-l10n-state\">{}</prop>\n      <tuv xml:lang=\"{}\"><seg>{}</seg></tuv>\n      <tuv xml:lang=\"{}\"><seg>{}</seg></tuv>\n    </tu>\n",
            escape(state.as_str()),
            escape(sl.as_str()),
            escape(s.as_str()),
            escape(tl.as_str()),
            escape(t.as_str())
        ));
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, Failure> {
    let Action::Export { format, output } = args.action;
    let site = Site::open(ctx.config.as_deref())?;
    let states: Vec<PostState> = site.store.all()?.into_iter().map(|(_, s)| s).collect();
    let source_lang = site.config.source_lang.to_string();
    let rows = rows(&states, &source_lang);
    let text = match format {
        Format::Tmx => tmx(&rows, &source_lang),
        Format::Csv => {
            let mut s = String::from("source_lang,target_lang,source,target,state\n");
            for r in &rows {
                let line: Vec<String> = r.iter().map(|f| csv_field(f)).collect();
                s.push_str(&line.join(","));
                s.push('\n');
            }
            s
        }
    };
    match output {
        Some(p) => crate::atomic::write(&p, text.as_bytes()).map_err(|e| IoError::new(&p, &e))?,
        None => print(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}
