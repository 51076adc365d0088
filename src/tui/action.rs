//! Everything a person can ask the app to do, in the words of the domain.
//!
//! Keys become actions in [`super::keymap`]; [`super::app::App::update`] routes each to the top
//! overlay or the screen. The last two come back from the app: what became of an effect.

use ratatui::crossterm::event::KeyEvent;

use crate::review::Finding;

/// One intent of the person at the keyboard (or of the event loop on their behalf).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Leave the app; everything is already saved (a note being written is saved first).
    Quit,
    /// Show the keys of the current screen.
    Help,
    /// Close the top overlay or form without acting on it.
    Cancel,
    /// Accept what the top overlay or prompt asks.
    Confirm,

    /// Select the row below.
    MoveDown,
    /// Select the row above.
    MoveUp,
    /// Resume the selected review.
    Resume,
    /// Start a new review.
    NewReview,
    /// Show the summary of scores.
    ShowSummary,
    /// Delete the selected review (after a question): it goes to the `deleted` folder.
    DeleteReview,
    /// Bring back the review deleted last.
    RestoreDeleted,
    /// Change the review's team, organisation, date, reviewers or kind.
    EditDetails,
    /// Export the review as a report.
    Export,
    /// Go to the item selected in the summary's table.
    OpenItem,
    /// Mark the selected review to compare, or take the mark off.
    MarkReview,
    /// Compare the two reviews marked.
    Compare,
    /// Close the open review (everything is saved) and go back to the list of reviews.
    ShowReviews,

    /// Go to the next field of the form.
    NextField,
    /// Go to the previous field of the form.
    PrevField,
    /// Enter in the form: the next field, or create the review from the last one.
    SubmitField,
    /// Create the review from the form and open it.
    CreateReview,
    /// Switch between an external review and a self-review.
    ToggleKind,

    /// Go to the next criterion of the item.
    NextCriterion,
    /// Go to the previous criterion of the item.
    PrevCriterion,
    /// Go to the next item (its first criterion).
    NextItem,
    /// Go to the previous item (its first criterion).
    PrevItem,
    /// Go to the next criterion still to rate or unsure, across items.
    NextOpen,
    /// Go to the previous criterion still to rate or unsure, across items.
    PrevOpen,
    /// Turn moving on to the next criterion after a finding on or off.
    ToggleMoveOn,
    /// Record a finding for the current criterion.
    SetFinding(Finding),
    /// Write the note of the current criterion (of the item, for an item rated directly).
    EditNote,
    /// Write the note of the whole item.
    EditItemNote,
    /// Flag the item for follow-up, or clear the flag.
    ToggleFlag,
    /// Give the item a final score.
    SetScore(u8),
    /// Take the final score back: the suggested score stands.
    ClearScore,
    /// Take back the last change to the review.
    Undo,
    /// Take back the last undo.
    Redo,
    /// Type an item number to go to.
    StartJump,
    /// Type the evidence sources of the current criterion.
    StartTag,
    /// Say who is being interviewed now: the evidence source that findings and notes get.
    StartInterviewing,
    /// List the criteria the source being interviewed backs, and those it does not yet.
    ShowCoverage,
    /// Write a quick note, for the review as a whole until attached.
    QuickNote,
    /// List the quick notes, to attach them.
    ShowQuickNotes,
    /// Attach the selected quick note to the criterion under the cursor.
    AttachToCriterion,
    /// Attach the selected quick note to the item under the cursor.
    AttachToItem,
    /// Keep the selected quick note at review level.
    KeepAtReviewLevel,
    /// Read the guidance at full height under the current criterion, or go back.
    ToggleGuidance,
    /// Scroll the guidance down a few lines.
    GuidanceDown,
    /// Scroll the guidance up a few lines.
    GuidanceUp,
    /// Scroll the guidance down a page.
    GuidancePageDown,
    /// Scroll the guidance up a page.
    GuidancePageUp,

    /// Go to the next item still to discuss in a consensus review.
    NextToDiscuss,
    /// Show the reviewers' notes on the item, or hide them.
    ToggleReviewerNotes,
    /// Read again the reviewers' files that changed since the consensus review read them.
    RereadSources,

    /// Save the note being written now.
    SaveNote,
    /// Close the note editor or the rationale prompt, keeping what was typed.
    CloseNote,
    /// Choose the next report format.
    NextFormat,
    /// Put the notes in the report, or leave them out.
    ToggleNotes,
    /// Open the report just written, in the system's program for it.
    ShowReport,

    /// Put the answers of the recovery file back, and save them.
    RestoreRecovery,
    /// Delete the recovery file and keep the saved review.
    DiscardRecovery,
    /// Look at a review another window holds, without changing it.
    ViewReadOnly,

    /// A key for the text field being typed in.
    Edit(KeyEvent),
    /// Text pasted into the terminal, as one piece.
    Paste(String),
    /// The terminal has a new size.
    Resize(u16, u16),
    /// The note being written has been left alone for a while: save it.
    NoteIdle,
    /// A save running in the background has finished.
    SavesFinished,
    /// The system asks the app to end (terminal closed, lid shut, kill): save and leave.
    Shutdown,

    /// What the app was asked to do could not be done; the reason, for the one that asked.
    Failed(String),
    /// The report asked for is written, here.
    Exported(std::path::PathBuf),
}
