//! `l10n merge FILE TRANSLATIONS [-o OUT]`

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Ctx, Failure, IoError, print, read_file};
use crate::document::{Document, decode};
use crate::exchange::read_translations;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Markdown post the translations were extracted from.
    file: PathBuf,
    /// Translations: l10n's JSON or an XLIFF 2.0 file with <target> elements.
    translations: PathBuf,
    /// Write here (atomically) instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

pub fn run(ctx: &Ctx, args: Args) -> Result<ExitCode, Failure> {
    let name = args.file.display().to_string();
    let config = super::load_config(ctx)?;
    let doc = Document::parse(&name, &read_file(&args.file)?, &config.parse_options())?;
    let tname = args.translations.display().to_string();
    let ttext = decode(&tname, &read_file(&args.translations)?)?;
    let translations = read_translations(&tname, &ttext)?;
    let unknown = translations
        .keys()
        .filter(|id| !doc.segments().iter().any(|s| &s.id == *id))
        .count();
    if unknown > 0 {
        ctx.warn(
            "warn-unknown-segments",
            &[("count", unknown.to_string()), ("path", tname.clone())],
        );
    }
    let out = doc.render(&name, &translations, &[])?;
    match args.output {
        Some(path) => {
            crate::atomic::write(&path, out.as_bytes()).map_err(|e| IoError::new(&path, &e))?
        }
        None => print(&out)?,
    }
    Ok(ExitCode::SUCCESS)
}
