//! The `fidelity-review` binary: parse the command line, run it, report failures.

use std::io::Write;
use std::process::ExitCode;

use clap::FromArgMatches;
use fidelity_review::cli::{self, Cli};
use fidelity_review::scale::pack;
use fidelity_review::{commands, report};

fn main() -> ExitCode {
    // The content pack is named beside the version; it is read only when the version is asked
    // for, so no other command pays for it twice.
    let asks_version = std::env::args_os()
        .skip(1)
        .take_while(|arg| arg != "--")
        .any(|arg| arg == "--version" || arg == "-V");
    let pack = asks_version.then(|| pack::load_embedded().ok()).flatten();
    // Usage errors exit with 2, as clap does.
    let cli = match Cli::from_arg_matches(&cli::command(pack.as_ref()).get_matches()) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    match commands::run(cli, &mut std::io::stdout().lock()) {
        Ok(code) => code,
        // The reader has what it wanted (`| head`): nothing went wrong.
        Err(failure) if failure.is_broken_pipe() => ExitCode::SUCCESS,
        Err(failure) => {
            // Not eprintln!: with the terminal gone (SIGHUP) it would panic. Inert: a message
            // may quote a file name or a pack's text.
            let _ = writeln!(
                std::io::stderr(),
                "fidelity-review: {}",
                report::inert(&failure.to_string())
            );
            ExitCode::FAILURE
        }
    }
}
