//! The screens. One is shown at a time; overlays are drawn on top of it.
//!
//! Each screen is a module whose state implements [`Component`]. The list below is the one place
//! they are named: a new screen is a module and a line there.

use super::component::Component;

/// Declares the screen modules and the [`Screen`] enum over their states, with a way to reach
/// each as a [`Component`].
macro_rules! screens {
    ($($(#[$doc:meta])* $variant:ident($module:ident::$state:ident),)*) => {
        $(pub mod $module;)*

        /// The screen shown, with the state only it needs.
        pub enum Screen {
            $($(#[$doc])* $variant(Box<$module::$state>),)*
        }

        impl Screen {
            pub fn component(&self) -> &dyn Component {
                match self {
                    $(Screen::$variant(state) => state.as_ref(),)*
                }
            }

            pub fn component_mut(&mut self) -> &mut dyn Component {
                match self {
                    $(Screen::$variant(state) => state.as_mut(),)*
                }
            }
        }

        $(impl From<$module::$state> for Screen {
            fn from(state: $module::$state) -> Self {
                Screen::$variant(Box::new(state))
            }
        })*
    };
}

screens! {
    /// The reviews on this machine.
    Home(home::Home),
    /// The new-review form.
    NewReview(new_review::Form),
    /// The open review, at its cursor.
    Review(review::ReviewScreen),
    /// A consensus review, at its cursor: the reviewers side by side.
    Consensus(consensus::ConsensusScreen),
    /// The summary of scores of the open review, or of one picked on the home screen.
    Summary(summary::SummaryScreen),
    /// Two reviews side by side, marked on the home screen.
    Compare(compare::CompareScreen),
}
