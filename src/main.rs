//! The `fidelity-review` binary: parse the command line, run it, report failures.

use std::io::Write;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use fidelity_review::cli::{Cli, DATA_DIR_ENV};
use fidelity_review::{commands, report, store};

fn main() -> ExitCode {
    let default_dir = store::default_data_dir()
        .map_or_else(|| "none found".to_owned(), |dir| dir.display().to_string());
    let command = Cli::command().after_help(format!(
        "Reviews are saved in {default_dir} unless --data-dir or {DATA_DIR_ENV} names another folder."
    ));
    // Usage errors exit with 2, as clap does.
    let cli = match Cli::from_arg_matches(&command.get_matches()) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    match commands::run(cli, &mut std::io::stdout().lock()) {
        Ok(code) => code,
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
