//! `l10n completions bash|zsh|fish|powershell`

use std::process::ExitCode;

use clap::CommandFactory;

use super::{Cli, Ctx, Failure, print};

#[derive(Debug, clap::Args)]
pub struct Args {
    shell: clap_complete::Shell,
}

pub fn run(_ctx: &Ctx, args: Args) -> Result<ExitCode, Failure> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "l10n", &mut buf);
    print(&String::from_utf8_lossy(&buf))?;
    Ok(ExitCode::SUCCESS)
}
