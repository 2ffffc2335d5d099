fn main() -> std::process::ExitCode {
    l10n::cli::main()
}
