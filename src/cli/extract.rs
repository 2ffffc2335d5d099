//! `l10n extract FILE [--format json|xliff]`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::{Ctx, Failure, print, read_file};
use crate::document::Document;
use crate::exchange::{json, xliff};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Markdown post.
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Xliff,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, Failure> {
    let name = args.file.display().to_string();
    let bytes = read_file(&args.file)?;
    let config = super::load_config(ctx)?;
    let doc = Document::parse(&name, &bytes, &config.parse_options())?;
    let out = match args.format {
        Format::Json => json::write(&name, &config.source_lang.to_string(), &doc),
        Format::Xliff => xliff::write(
            &name,
            &config.source_lang.to_string(),
            &config.target_langs[0].to_string(),
            &doc,
        ),
    };
    print(&out)?;
    Ok(ExitCode::SUCCESS)
}
