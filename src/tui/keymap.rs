//! The one table of keys: every binding of every context, with the words shown for it.
//!
//! [`lookup`] turns a key press into an [`Action`]; the footer hints and the help overlay are
//! made from [`KEYMAP`], so what the screen says is what the keys do. No other code looks at a
//! key code. In a text field a key with no binding is typed ([`Action::Edit`]).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::review::Finding;

/// Where keys are read: a screen, an overlay, or a field with focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// In every context, text fields too.
    Everywhere,
    /// In every context but text fields.
    Global,
    Home,
    /// A text field of the new-review form.
    Form,
    /// The kind field of the new-review form.
    FormChoice,
    /// A text field of the form changing the open review's details.
    Details,
    /// The kind field of that form.
    DetailsChoice,
    Review,
    /// The review screen of a consensus review: the reviewers side by side.
    Consensus,
    Summary,
    /// Two reviews side by side.
    Compare,
    Help,
    Note,
    Rationale,
    /// A one-line prompt: go to an item, evidence sources.
    Prompt,
    Export,
    Message,
    /// A report has been written: open it, or close.
    Exported,
    Recovery,
    Locked,
    /// Asked before a filled-in new-review form is left.
    DiscardForm,
    /// Asked when Ctrl-C is typed in the note editor.
    QuitNote,
    /// What the source being interviewed backs.
    Coverage,
    /// The list of quick notes.
    QuickNotes,
    /// Asked before a second review of a team on one date is started.
    Duplicate,
    /// Asked before a review is deleted.
    DeleteReview,
}

impl Context {
    /// The name of the context, for the help overlay's title.
    pub fn title(self) -> &'static str {
        match self {
            Context::Home => "Reviews",
            Context::Form | Context::FormChoice => "New review",
            Context::Details | Context::DetailsChoice => "Review details",
            Context::Review => "Review",
            Context::Consensus => "Consensus",
            Context::Summary => "Summary",
            Context::Compare => "Compare",
            Context::Note => "Note",
            Context::Rationale => "Rationale",
            Context::Prompt => "Prompt",
            Context::Export => "Export",
            Context::Recovery => "Recovery",
            Context::Locked => "Review already open",
            Context::DiscardForm => "Discard",
            Context::Exported => "Exported",
            Context::QuitNote => "Quit",
            Context::Coverage => "Interviewing",
            Context::QuickNotes => "Quick notes",
            Context::Duplicate => "Review exists",
            Context::DeleteReview => "Delete",
            Context::Everywhere | Context::Global | Context::Help | Context::Message => "",
        }
    }

    /// True where unbound keys are typed into a text field.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Context::Form
                | Context::Details
                | Context::Note
                | Context::Rationale
                | Context::Prompt
                | Context::Export
        )
    }

    /// True where Alt keys mean something of their own: the note editor moves by words.
    fn takes_alt_keys(self) -> bool {
        self == Context::Note
    }

    /// The contexts whose keys also work here, after the context's own.
    fn fallbacks(self) -> &'static [Context] {
        if self.is_text() {
            &[Context::Everywhere]
        } else {
            &[Context::Everywhere, Context::Global]
        }
    }
}

/// A key, with or without Ctrl.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

impl Key {
    fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        self.code == event.code && self.ctrl == ctrl && !alt
    }

    /// How the key is written on screen: `j`, `↓`, `Enter`, `Ctrl-S`.
    pub fn name(self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Backspace => "Backspace".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "Shift-Tab".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            other => format!("{other}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// One key binding.
#[derive(Debug, Clone)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub action: Action,
    /// What the key does, in a few words.
    pub label: &'static str,
    /// Shown in the footer as well as in help.
    pub footer: bool,
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    label: &'static str,
    footer: bool,
) -> Binding {
    Binding {
        context,
        keys,
        action,
        label,
        footer,
    }
}

use Context as C;

/// Every key binding, by context. Rows with the same label next to each other are shown as one.
#[rustfmt::skip]
pub static KEYMAP: &[Binding] = &[
    bind(C::Everywhere, &[ctrl('c')], Action::Quit, "quit", false),
    bind(C::Global, &[ch('?')], Action::Help, "help", true),
    bind(C::Global, &[ch('q')], Action::Quit, "quit", true),
    // Home
    bind(C::Home, &[ch('j'), code(KeyCode::Down)], Action::MoveDown, "next review", false),
    bind(C::Home, &[ch('k'), code(KeyCode::Up)], Action::MoveUp, "previous review", false),
    bind(C::Home, &[code(KeyCode::Enter)], Action::Resume, "resume", true),
    bind(C::Home, &[ch('n')], Action::NewReview, "new review", true),
    bind(C::Home, &[ch('s')], Action::ShowSummary, "summary", true),
    bind(C::Home, &[ch('x')], Action::Export, "export", true),
    bind(C::Home, &[ch(' ')], Action::MarkReview, "mark to compare", true),
    bind(C::Home, &[ch('c')], Action::Compare, "compare marked", true),
    bind(C::Home, &[ch('d')], Action::DeleteReview, "delete", false),
    bind(C::Home, &[ch('D')], Action::EditDetails, "change its details", false),
    bind(C::Home, &[ch('u')], Action::RestoreDeleted, "restore the last deleted", false),
    // New-review form
    bind(C::Form, &[code(KeyCode::Enter)], Action::SubmitField, "next field / create", true),
    bind(C::Form, &[ctrl('s')], Action::CreateReview, "create", true),
    bind(C::Form, &[code(KeyCode::Esc)], Action::Cancel, "cancel", true),
    bind(C::Form, &[code(KeyCode::Tab)], Action::NextField, "next field", true),
    bind(C::Form, &[code(KeyCode::BackTab)], Action::PrevField, "previous field", true),
    bind(C::FormChoice, &[ch(' '), ch('h'), ch('l'), code(KeyCode::Left), code(KeyCode::Right)], Action::ToggleKind, "external / self", true),
    bind(C::FormChoice, &[code(KeyCode::Enter)], Action::SubmitField, "create", true),
    bind(C::FormChoice, &[ctrl('s')], Action::CreateReview, "create", false),
    bind(C::FormChoice, &[code(KeyCode::Esc)], Action::Cancel, "cancel", true),
    bind(C::FormChoice, &[code(KeyCode::Tab)], Action::NextField, "next field", true),
    bind(C::FormChoice, &[code(KeyCode::BackTab)], Action::PrevField, "previous field", true),
    // Review details: the same form, saving
    bind(C::Details, &[code(KeyCode::Enter)], Action::SubmitField, "next field / save", true),
    bind(C::Details, &[ctrl('s')], Action::CreateReview, "save", true),
    bind(C::Details, &[code(KeyCode::Esc)], Action::Cancel, "leave unchanged", true),
    bind(C::Details, &[code(KeyCode::Tab)], Action::NextField, "next field", true),
    bind(C::Details, &[code(KeyCode::BackTab)], Action::PrevField, "previous field", true),
    bind(C::DetailsChoice, &[ch(' '), ch('h'), ch('l'), code(KeyCode::Left), code(KeyCode::Right)], Action::ToggleKind, "external / self", true),
    bind(C::DetailsChoice, &[code(KeyCode::Enter)], Action::SubmitField, "save", true),
    bind(C::DetailsChoice, &[ctrl('s')], Action::CreateReview, "save", false),
    bind(C::DetailsChoice, &[code(KeyCode::Esc)], Action::Cancel, "leave unchanged", true),
    bind(C::DetailsChoice, &[code(KeyCode::Tab)], Action::NextField, "next field", true),
    bind(C::DetailsChoice, &[code(KeyCode::BackTab)], Action::PrevField, "previous field", true),
    // Review
    bind(C::Review, &[ch('j'), code(KeyCode::Down)], Action::NextCriterion, "next criterion", false),
    bind(C::Review, &[ch('k'), code(KeyCode::Up)], Action::PrevCriterion, "previous criterion", false),
    bind(C::Review, &[ch('l'), code(KeyCode::Right)], Action::NextItem, "next item", false),
    bind(C::Review, &[ch('h'), code(KeyCode::Left)], Action::PrevItem, "previous item", false),
    bind(C::Review, &[code(KeyCode::Tab)], Action::NextOpen, "next to rate or unsure", false),
    bind(C::Review, &[code(KeyCode::BackTab)], Action::PrevOpen, "previous to rate or unsure", false),
    bind(C::Review, &[ch('y')], Action::SetFinding(Finding::Met), "met", true),
    bind(C::Review, &[ch('n')], Action::SetFinding(Finding::NotMet), "not met", true),
    bind(C::Review, &[ch('u')], Action::SetFinding(Finding::Unsure), "unsure", true),
    bind(C::Review, &[code(KeyCode::Backspace)], Action::SetFinding(Finding::NotRated), "clear finding", false),
    bind(C::Review, &[ch('1')], Action::SetScore(1), "final score", true),
    bind(C::Review, &[ch('2')], Action::SetScore(2), "final score", true),
    bind(C::Review, &[ch('3')], Action::SetScore(3), "final score", true),
    bind(C::Review, &[ch('4')], Action::SetScore(4), "final score", true),
    bind(C::Review, &[ch('5')], Action::SetScore(5), "final score", true),
    bind(C::Review, &[ch('0')], Action::ClearScore, "clear final score", false),
    bind(C::Review, &[ch('e')], Action::EditNote, "note", true),
    bind(C::Review, &[ch('E')], Action::EditItemNote, "item note", false),
    bind(C::Review, &[ch('t')], Action::StartTag, "evidence sources", true),
    bind(C::Review, &[ch('f')], Action::ToggleFlag, "flag for follow-up", false),
    bind(C::Review, &[ch('g')], Action::StartJump, "go to item", true),
    bind(C::Review, &[ch('i')], Action::StartInterviewing, "who you are interviewing", true),
    bind(C::Review, &[ch('I')], Action::ShowCoverage, "what they back so far", false),
    bind(C::Review, &[ch('w')], Action::QuickNote, "quick note", true),
    bind(C::Review, &[ch('W')], Action::ShowQuickNotes, "quick notes: attach", false),
    bind(C::Review, &[code(KeyCode::Enter)], Action::ToggleGuidance, "guidance at full height", false),
    bind(C::Review, &[code(KeyCode::Esc)], Action::Cancel, "leave full-height guidance", false),
    bind(C::Review, &[ch('J')], Action::GuidanceDown, "scroll guidance down", false),
    bind(C::Review, &[ch('K')], Action::GuidanceUp, "scroll guidance up", false),
    bind(C::Review, &[code(KeyCode::PageDown)], Action::GuidancePageDown, "guidance page down", false),
    bind(C::Review, &[code(KeyCode::PageUp)], Action::GuidancePageUp, "guidance page up", false),
    bind(C::Review, &[ch('s')], Action::ShowSummary, "summary", true),
    bind(C::Review, &[ch('x')], Action::Export, "export", false),
    bind(C::Review, &[ch('m')], Action::ToggleMoveOn, "move on after rating", false),
    bind(C::Review, &[ctrl('z')], Action::Undo, "undo", true),
    bind(C::Review, &[ctrl('y')], Action::Redo, "redo", false),
    bind(C::Review, &[ch('D')], Action::EditDetails, "review details", false),
    bind(C::Review, &[ch('b')], Action::ShowReviews, "back to all reviews", true),
    // Consensus
    bind(C::Consensus, &[code(KeyCode::Tab)], Action::NextToDiscuss, "next to discuss", true),
    bind(C::Consensus, &[ch('d')], Action::NextToDiscuss, "next to discuss", false),
    bind(C::Consensus, &[ch('1')], Action::SetScore(1), "agreed score", true),
    bind(C::Consensus, &[ch('2')], Action::SetScore(2), "agreed score", true),
    bind(C::Consensus, &[ch('3')], Action::SetScore(3), "agreed score", true),
    bind(C::Consensus, &[ch('4')], Action::SetScore(4), "agreed score", true),
    bind(C::Consensus, &[ch('5')], Action::SetScore(5), "agreed score", true),
    bind(C::Consensus, &[ch('r')], Action::ToggleReviewerNotes, "notes", true),
    bind(C::Consensus, &[ch('s')], Action::ShowSummary, "summary", true),
    bind(C::Consensus, &[ch('y')], Action::SetFinding(Finding::Met), "met", true),
    bind(C::Consensus, &[ch('n')], Action::SetFinding(Finding::NotMet), "not met", true),
    bind(C::Consensus, &[ch('u')], Action::SetFinding(Finding::Unsure), "unsure", true),
    bind(C::Consensus, &[code(KeyCode::Backspace)], Action::SetFinding(Finding::NotRated), "clear finding", false),
    bind(C::Consensus, &[ch('0')], Action::ClearScore, "back to discuss", false),
    bind(C::Consensus, &[ch('j'), code(KeyCode::Down)], Action::NextCriterion, "next criterion", false),
    bind(C::Consensus, &[ch('k'), code(KeyCode::Up)], Action::PrevCriterion, "previous criterion", false),
    bind(C::Consensus, &[ch('l'), code(KeyCode::Right)], Action::NextItem, "next item", false),
    bind(C::Consensus, &[ch('h'), code(KeyCode::Left)], Action::PrevItem, "previous item", false),
    bind(C::Consensus, &[ch('R')], Action::RereadSources, "re-read changed files", false),
    bind(C::Consensus, &[ch('e')], Action::EditItemNote, "item note", false),
    bind(C::Consensus, &[ch('g')], Action::StartJump, "go to item", false),
    bind(C::Consensus, &[ch('x')], Action::Export, "export", false),
    // Summary
    bind(C::Summary, &[ch('j'), code(KeyCode::Down)], Action::MoveDown, "next item", false),
    bind(C::Summary, &[ch('k'), code(KeyCode::Up)], Action::MoveUp, "previous item", false),
    bind(C::Summary, &[code(KeyCode::Enter)], Action::OpenItem, "go to item", true),
    bind(C::Summary, &[ch('x')], Action::Export, "export", true),
    bind(C::Summary, &[code(KeyCode::Esc), ch('s')], Action::Cancel, "back", true),
    // Compare
    bind(C::Compare, &[ch('j'), code(KeyCode::Down)], Action::MoveDown, "scroll down", false),
    bind(C::Compare, &[ch('k'), code(KeyCode::Up)], Action::MoveUp, "scroll up", false),
    bind(C::Compare, &[code(KeyCode::Esc)], Action::Cancel, "back", true),
    // Overlays
    bind(C::Help, &[code(KeyCode::Esc), ch('?')], Action::Cancel, "close help", true),
    bind(C::Coverage, &[code(KeyCode::Esc), ch('I')], Action::Cancel, "close", true),
    bind(C::QuickNotes, &[ch('j'), code(KeyCode::Down)], Action::MoveDown, "next", false),
    bind(C::QuickNotes, &[ch('k'), code(KeyCode::Up)], Action::MoveUp, "previous", false),
    bind(C::QuickNotes, &[code(KeyCode::Enter)], Action::AttachToCriterion, "attach here", true),
    bind(C::QuickNotes, &[ch('o')], Action::AttachToItem, "to the item", true),
    bind(C::QuickNotes, &[ch('r')], Action::KeepAtReviewLevel, "review level", true),
    bind(C::QuickNotes, &[code(KeyCode::Esc), ch('W')], Action::Cancel, "close", true),
    bind(C::Help, &[ch('j'), code(KeyCode::Down)], Action::MoveDown, "scroll down", false),
    bind(C::Help, &[ch('k'), code(KeyCode::Up)], Action::MoveUp, "scroll up", false),
    bind(C::Note, &[code(KeyCode::Esc)], Action::CloseNote, "save and close", true),
    bind(C::Note, &[ctrl('s')], Action::SaveNote, "save now", true),
    bind(C::Rationale, &[code(KeyCode::Enter)], Action::Confirm, "save score", true),
    bind(C::Rationale, &[code(KeyCode::Esc)], Action::CloseNote, "save and close", true),
    bind(C::Prompt, &[code(KeyCode::Enter)], Action::Confirm, "done", true),
    bind(C::Prompt, &[code(KeyCode::Esc)], Action::Cancel, "cancel", true),
    bind(C::Export, &[code(KeyCode::Tab)], Action::NextFormat, "next format", true),
    bind(C::Export, &[ctrl('n')], Action::ToggleNotes, "notes in or out", true),
    bind(C::Export, &[code(KeyCode::Enter)], Action::Confirm, "export", true),
    bind(C::Export, &[code(KeyCode::Esc)], Action::Cancel, "cancel", true),
    bind(C::Message, &[code(KeyCode::Enter), code(KeyCode::Esc)], Action::Cancel, "close", true),
    bind(C::Exported, &[ch('o')], Action::ShowReport, "open it", true),
    bind(C::Exported, &[code(KeyCode::Enter), code(KeyCode::Esc)], Action::Cancel, "close", true),
    bind(C::Recovery, &[ch('r')], Action::RestoreRecovery, "restore the recovered answers", true),
    bind(C::Recovery, &[ch('d')], Action::DiscardRecovery, "keep the saved file, delete the copy", true),
    bind(C::Recovery, &[code(KeyCode::Esc)], Action::Cancel, "decide later", true),
    bind(C::Locked, &[ch('r')], Action::ViewReadOnly, "view read-only", true),
    bind(C::Locked, &[code(KeyCode::Esc)], Action::Cancel, "back", true),
    bind(C::Locked, &[ch('q')], Action::Quit, "quit", true),
    bind(C::DiscardForm, &[ch('y')], Action::Confirm, "discard", true),
    bind(C::DiscardForm, &[code(KeyCode::Esc)], Action::Cancel, "back to the form", true),
    bind(C::DeleteReview, &[ch('y')], Action::Confirm, "delete", true),
    bind(C::DeleteReview, &[code(KeyCode::Esc), ch('n')], Action::Cancel, "keep it", true),
    bind(C::Duplicate, &[ch('y')], Action::Confirm, "start another anyway", true),
    bind(C::Duplicate, &[code(KeyCode::Esc), ch('n')], Action::Cancel, "back to the form", true),
    bind(C::QuitNote, &[ch('y')], Action::Confirm, "quit", true),
    bind(C::QuitNote, &[code(KeyCode::Esc), ch('n')], Action::Cancel, "back to the note", true),
];

/// The action for a key press in `context`, if any.
pub fn lookup(context: Context, key: &KeyEvent) -> Option<Action> {
    let contexts = std::iter::once(context).chain(context.fallbacks().iter().copied());
    for context in contexts {
        let found = KEYMAP
            .iter()
            .filter(|b| b.context == context)
            .find(|b| b.keys.iter().any(|k| k.matches(key)));
        if let Some(binding) = found {
            return Some(binding.action.clone());
        }
    }
    context.is_text().then_some(Action::Edit(*key))
}

/// The plain key of an Alt+key press that is really Esc typed quickly before the key (a
/// terminal sends both as the one Alt key), outside the note editor.
pub fn split_escape(context: Context, key: &KeyEvent) -> Option<KeyEvent> {
    let alt_only = key.modifiers - KeyModifiers::SHIFT == KeyModifiers::ALT;
    let char_key = matches!(key.code, KeyCode::Char(_));
    (alt_only && char_key && !context.takes_alt_keys()).then(|| {
        let mut plain = *key;
        plain.modifiers.remove(KeyModifiers::ALT);
        plain
    })
}

/// What the footer says for a key with no meaning in `context`, outside text fields.
pub fn unbound_hint(context: Context, key: &KeyEvent) -> Option<String> {
    if context.is_text() {
        return None;
    }
    let name = match key.code {
        KeyCode::Char(c) => Key {
            code: KeyCode::Char(c),
            ctrl: key.modifiers.contains(KeyModifiers::CONTROL),
        }
        .name(),
        other => code(other).name(),
    };
    Some(format!("{name} does nothing here: ? shows the keys"))
}

/// True for the keys that quit from anywhere outside a text field: `q` and Ctrl-C.
pub fn is_quit(key: &KeyEvent) -> bool {
    [ch('q'), ctrl('c')].iter().any(|k| k.matches(key))
}

/// One line of help: the keys and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub keys: String,
    pub label: &'static str,
    /// A key that works on every screen (help, quit), not one of this context's own.
    pub global: bool,
}

/// Every key of `context` (its own first, then those that work everywhere), rows with the same
/// label merged.
pub fn help(context: Context) -> Vec<Hint> {
    let contexts: Vec<Context> = std::iter::once(context)
        .chain(context.fallbacks().iter().copied())
        .collect();
    let bindings = contexts
        .iter()
        .flat_map(|&c| KEYMAP.iter().filter(move |b| b.context == c));
    merge(bindings)
}

/// The few keys of `context` shown in the footer: its own, then help and quit unless the
/// context gives their keys another meaning.
pub fn footer(context: Context) -> Vec<Hint> {
    let own: Vec<&Binding> = KEYMAP
        .iter()
        .filter(|b| b.context == context && b.footer)
        .collect();
    let global = KEYMAP.iter().filter(|b| {
        b.context == Context::Global
            && b.footer
            && !context.is_text()
            && !KEYMAP
                .iter()
                .any(|o| o.context == context && o.keys.iter().any(|k| b.keys.contains(k)))
    });
    merge(own.into_iter().chain(global))
}

fn merge<'a>(bindings: impl Iterator<Item = &'a Binding>) -> Vec<Hint> {
    let mut hints: Vec<(Vec<Key>, &'static str, Context)> = Vec::new();
    for binding in bindings {
        match hints.last_mut() {
            Some((keys, label, _)) if *label == binding.label => keys.extend(binding.keys),
            _ => hints.push((binding.keys.to_vec(), binding.label, binding.context)),
        }
    }
    hints
        .into_iter()
        .map(|(keys, label, context)| Hint {
            keys: keys_name(&keys),
            label,
            global: matches!(context, Context::Global | Context::Everywhere),
        })
        .collect()
}

/// `j/↓`, or `1–5` for a run of digits.
fn keys_name(keys: &[Key]) -> String {
    let digits: Option<Vec<u32>> = keys
        .iter()
        .map(|k| match k.code {
            KeyCode::Char(c) if !k.ctrl => c.to_digit(10),
            _ => None,
        })
        .collect();
    if let Some(digits) = digits
        && digits.len() > 2
        && digits.windows(2).all(|w| w[1] == w[0] + 1)
    {
        return format!("{}–{}", digits[0], digits[digits.len() - 1]);
    }
    keys.iter().map(|k| k.name()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        let mut event = KeyEvent::new(code, modifiers);
        event.kind = KeyEventKind::Press;
        event
    }

    #[test]
    fn vim_keys_and_arrows_do_the_same() {
        let j = lookup(
            Context::Review,
            &press(KeyCode::Char('j'), KeyModifiers::NONE),
        );
        let down = lookup(Context::Review, &press(KeyCode::Down, KeyModifiers::NONE));
        assert_eq!(j, Some(Action::NextCriterion));
        assert_eq!(down, j);
    }

    #[test]
    fn shifted_letters_are_their_own_keys() {
        let key = press(KeyCode::Char('J'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Context::Review, &key), Some(Action::GuidanceDown));
    }

    #[test]
    fn quit_works_outside_text_fields_and_q_is_typed_inside_them() {
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(lookup(Context::Summary, &q), Some(Action::Quit));
        assert_eq!(lookup(Context::Note, &q), Some(Action::Edit(q)));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(lookup(Context::Note, &ctrl_c), Some(Action::Quit));
    }

    #[test]
    fn unbound_keys_outside_text_fields_do_nothing() {
        let z = press(KeyCode::Char('z'), KeyModifiers::NONE);
        assert_eq!(lookup(Context::Review, &z), None);
    }

    #[test]
    fn help_merges_the_score_keys() {
        let hints = help(Context::Review);
        let score = hints.iter().find(|h| h.label == "final score").unwrap();
        assert_eq!(score.keys, "1–5");
        let next = hints.iter().find(|h| h.label == "next criterion").unwrap();
        assert_eq!(next.keys, "j/↓");
        assert!(hints.iter().any(|h| h.label == "quit"));
    }

    #[test]
    fn every_binding_is_reachable() {
        for binding in KEYMAP {
            for key in binding.keys {
                let mods = if key.ctrl {
                    KeyModifiers::CONTROL
                } else {
                    KeyModifiers::NONE
                };
                assert_eq!(
                    lookup(binding.context, &press(key.code, mods)),
                    Some(binding.action.clone()),
                    "{} in {:?} is shadowed",
                    key.name(),
                    binding.context
                );
            }
        }
    }
}
