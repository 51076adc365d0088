//! Taking over the terminal and giving it back, also after a panic.
//!
//! The panic hook restores the terminal first (ratatui's), then writes the answers held in
//! memory to a recovery file beside the session, and says where it is.

use std::io::{Write, stdout};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;

use super::app::Rescue;
use crate::store;

/// Installs the recovery panic hook, then enters raw mode, the alternate screen and bracketed
/// paste.
pub fn enter(rescue: Rescue) -> std::io::Result<DefaultTerminal> {
    install_panic_hook(rescue);
    let terminal = ratatui::try_init()?;
    execute!(stdout(), EnableBracketedPaste)?;
    Ok(terminal)
}

/// Gives the terminal back as it was.
pub fn leave() {
    let _ = execute!(stdout(), DisableBracketedPaste);
    ratatui::restore();
}

fn install_panic_hook(rescue: Rescue) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableBracketedPaste);
        previous(info);
        let copy = match rescue.try_lock() {
            Ok(slot) => slot.clone(),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => poisoned.into_inner().clone(),
            Err(std::sync::TryLockError::WouldBlock) => None,
        };
        if let Some((path, review)) = copy {
            let mut err = std::io::stderr();
            match store::write_recovery(&path, &review) {
                Ok(written) => {
                    let _ = writeln!(
                        err,
                        "fidelity-review stopped on an error. Your answers were written to {}; open the review again to restore them.",
                        written.display()
                    );
                }
                Err(e) => {
                    let _ = writeln!(
                        err,
                        "fidelity-review stopped on an error, and the recovery copy could not be written: {e}"
                    );
                }
            }
        }
    }));
}
