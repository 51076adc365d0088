//! Styles by meaning, and the symbols that carry state without colour.
//!
//! Colours are plain ANSI ones, so the terminal's palette decides how they look. With `NO_COLOR`
//! the plain theme uses only bold, reverse and underline; state is always shown by a symbol and
//! a word as well, never by colour alone.
//!
//! The symbols come in two sets: Unicode ones (● ◐ ⚑ ✓ ✗) and plain ASCII ones for consoles
//! whose fonts lack those (the Linux console, some Windows consoles). [`Theme::symbols`] is the
//! set in use.

use ratatui::style::{Color, Modifier, Style};

use crate::review::{Finding, Progress};

/// Every style the screens use, named by what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub title: Style,
    pub heading: Style,
    pub subheading: Style,
    pub quote: Style,
    pub text: Style,
    pub muted: Style,
    /// The row or criterion the cursor is on.
    pub selected: Style,
    pub met: Style,
    pub not_met: Style,
    pub unsure: Style,
    pub not_rated: Style,
    pub flagged: Style,
    pub key_hint: Style,
    pub saved: Style,
    /// A save that failed: impossible to miss.
    pub not_saved: Style,
    /// Read-only viewing, warnings.
    pub warning: Style,
    pub error: Style,
    pub border: Style,
    pub bar: Style,
    /// The symbols that carry state.
    pub symbols: Symbols,
}

impl Theme {
    /// The colour theme, or the plain one when `no_color` is set.
    pub fn new(no_color: bool) -> Self {
        if no_color {
            Self::plain()
        } else {
            Self::color()
        }
    }

    /// The same theme with ASCII symbols when `ascii` is set.
    pub fn with_ascii(self, ascii: bool) -> Self {
        Theme {
            symbols: if ascii {
                Symbols::ASCII
            } else {
                Symbols::UNICODE
            },
            ..self
        }
    }

    pub fn color() -> Self {
        let plain = Self::plain();
        Theme {
            title: plain.title.fg(Color::Cyan),
            heading: plain.heading.fg(Color::Cyan),
            subheading: plain.subheading,
            quote: plain.quote.fg(Color::Gray),
            text: Style::new(),
            muted: Style::new().fg(Color::DarkGray),
            selected: Style::new().fg(Color::Black).bg(Color::Cyan),
            met: Style::new().fg(Color::Green),
            not_met: Style::new().fg(Color::Red),
            unsure: Style::new().fg(Color::Yellow),
            not_rated: Style::new().fg(Color::DarkGray),
            flagged: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
            key_hint: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            saved: Style::new().fg(Color::Green),
            not_saved: Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD),
            warning: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            border: Style::new().fg(Color::DarkGray),
            bar: Style::new().fg(Color::Cyan),
            symbols: plain.symbols,
        }
    }

    pub fn plain() -> Self {
        let none = Style::new();
        Theme {
            title: none.add_modifier(Modifier::BOLD),
            heading: none.add_modifier(Modifier::BOLD),
            subheading: none.add_modifier(Modifier::UNDERLINED),
            quote: none.add_modifier(Modifier::ITALIC),
            text: none,
            muted: none,
            selected: none.add_modifier(Modifier::REVERSED),
            met: none,
            not_met: none,
            unsure: none,
            not_rated: none,
            flagged: none.add_modifier(Modifier::BOLD),
            key_hint: none.add_modifier(Modifier::BOLD),
            saved: none,
            not_saved: none.add_modifier(Modifier::REVERSED | Modifier::BOLD),
            warning: none.add_modifier(Modifier::REVERSED),
            error: none.add_modifier(Modifier::BOLD),
            border: none,
            bar: none,
            symbols: Symbols::UNICODE,
        }
    }

    pub fn finding(&self, finding: Finding) -> Style {
        match finding {
            Finding::Met => self.met,
            Finding::NotMet => self.not_met,
            Finding::Unsure => self.unsure,
            Finding::NotRated => self.not_rated,
        }
    }
}

/// The symbols that carry state, each one column wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Symbols {
    pub met: &'static str,
    pub not_met: &'static str,
    pub unsure: &'static str,
    pub not_rated: &'static str,
    pub rated: &'static str,
    pub partly: &'static str,
    pub not_started: &'static str,
    /// Marks an item flagged for follow-up.
    pub flag: &'static str,
}

impl Symbols {
    /// ✓ ✗ ? · for findings, ● ◐ ○ for progress, ⚑ for a flag.
    pub const UNICODE: Symbols = Symbols {
        met: "✓",
        not_met: "✗",
        unsure: "?",
        not_rated: "·",
        rated: "●",
        partly: "◐",
        not_started: "○",
        flag: "⚑",
    };

    /// + x ? . for findings, # + - for progress, ! for a flag: every font has them.
    pub const ASCII: Symbols = Symbols {
        met: "+",
        not_met: "x",
        unsure: "?",
        not_rated: ".",
        rated: "#",
        partly: "+",
        not_started: "-",
        flag: "!",
    };

    pub fn finding(&self, finding: Finding) -> &'static str {
        match finding {
            Finding::Met => self.met,
            Finding::NotMet => self.not_met,
            Finding::Unsure => self.unsure,
            Finding::NotRated => self.not_rated,
        }
    }

    pub fn progress(&self, progress: Progress) -> &'static str {
        match progress {
            Progress::Rated => self.rated,
            Progress::Partly => self.partly,
            Progress::NotStarted => self.not_started,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_symbols_are_one_ascii_column_each() {
        let theme = Theme::new(false).with_ascii(true);
        let s = theme.symbols;
        let all = [
            s.met,
            s.not_met,
            s.unsure,
            s.not_rated,
            s.rated,
            s.partly,
            s.not_started,
            s.flag,
        ];
        assert!(
            all.iter().all(|sym| sym.len() == 1 && sym.is_ascii()),
            "{all:?}"
        );
        assert_ne!(s.finding(Finding::Met), s.finding(Finding::NotMet));
        assert_ne!(s.progress(Progress::Rated), s.progress(Progress::Partly));
        assert_eq!(Theme::new(true).symbols, Symbols::UNICODE);
        assert_eq!(theme.with_ascii(false).symbols.flag, Symbols::UNICODE.flag);
    }
}
