fn main() -> std::process::ExitCode {
    briefing::cli::main()
}
