//! The review on screen: its answers, how it is kept (written, or only looked at), what became
//! of the last save, and the edits the screens ask for.
//!
//! Screens and overlays never change the review themselves: they ask for an [`Edit`], and the
//! app carries it out here ([`OpenReview::apply`]) and then saves. One place calls the domain's
//! setters, so every change is logged and saved the same way.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use super::library::{Clock, Library, Writer};
use crate::review::text::clean;
use crate::review::{Cursor, Finding, ItemScore, Review};
use crate::scale::Scale;
use crate::store::{LockHolder, SourceState};

/// What the screen says when a change is asked of a review it only looks at.
pub const READ_ONLY_NOTICE: &str =
    "Read-only: this review is open in another window; nothing is changed";

/// The review on screen and how it is kept.
pub struct OpenReview {
    pub review: Review,
    pub path: PathBuf,
    pub access: Access,
    pub status: SaveStatus,
    /// The number of the last state handed to the writer.
    pub submitted: u64,
}

/// Whether the open review can be changed.
pub enum Access {
    Write(Box<dyn Writer>),
    /// Another window holds the review; this one only looks.
    ReadOnly(LockHolder),
}

/// What became of the last save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveStatus {
    /// Nothing changed since the review was opened.
    Opened,
    /// The newest state is with the writer, not yet on disk.
    Saving,
    /// The newest state is on disk, since this time.
    Saved(DateTime<Utc>),
    /// The reason, in a few words.
    Failed(String),
}

/// Whose note is being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteTarget {
    Criterion {
        item: u16,
        criterion: String,
    },
    Item(u16),
    /// A quick note, named by its stamp.
    Quick(DateTime<Utc>),
}

impl NoteTarget {
    /// Puts `text` in the review as this note; false if the note already said that.
    pub fn write(&self, review: &mut Review, text: &str, now: DateTime<Utc>) -> bool {
        match self {
            NoteTarget::Criterion { item, criterion } => {
                review.set_note(*item, criterion, text, now)
            }
            NoteTarget::Item(item) => review.set_item_note(*item, text, now),
            NoteTarget::Quick(at) => review.write_quick_note(*at, text, now),
        }
    }
}

/// A change to the open review, as a screen or overlay asks for it.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Finding {
        item: u16,
        criterion: String,
        finding: Finding,
    },
    Flag(u16),
    /// A final score (`None`: the suggested score stands), with its rationale.
    Score {
        item: u16,
        score: Option<u8>,
        rationale: String,
    },
    Note {
        target: NoteTarget,
        text: String,
    },
    /// Makes the evidence sources of a criterion (or, with `None`, of an item rated directly)
    /// exactly these.
    Sources {
        item: u16,
        criterion: Option<String>,
        codes: Vec<String>,
    },
    /// New details: team, organisation, date, reviewers, kind.
    Details(crate::review::Details),
    /// Turns moving on to the next criterion after a finding on or off.
    ToggleMoveOn,
    /// Attaches a quick note to a criterion or an item, or (`None`) to the review as a whole.
    PlaceQuickNote {
        at: DateTime<Utc>,
        place: Option<crate::review::quick::Place>,
    },
    /// The evidence source being interviewed now (a code of the scale's), or nobody.
    Interviewing(Option<String>),
    /// Takes back the last change not taken back yet.
    Undo,
    /// Takes back the last undo.
    Redo,
    /// The agreed score of an item of a consensus review, with the reason (needed where the
    /// reviewers' scores differ).
    AgreedScore {
        item: u16,
        score: u8,
        reason: String,
    },
    /// An agreed item of a consensus review put back on the agenda.
    Reopen(u16),
    /// The answers of a recovery file put back in place of the saved ones.
    Restore {
        review: Box<Review>,
        from: String,
    },
}

/// What carrying out an edit did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// The review changed, so it is to be saved.
    pub changed: bool,
    /// Something to tell the person, in the footer.
    pub notice: Option<String>,
}

impl OpenReview {
    pub fn is_read_only(&self) -> bool {
        matches!(self.access, Access::ReadOnly(_))
    }

    /// Carries out an edit through the domain. A read-only review is left as it is.
    pub fn apply(&mut self, edit: Edit, scale: &Scale, now: DateTime<Utc>) -> Applied {
        if self.is_read_only() {
            return Applied {
                changed: false,
                notice: Some(READ_ONLY_NOTICE.to_owned()),
            };
        }
        let review = &mut self.review;
        match edit {
            Edit::Finding {
                item,
                criterion,
                finding,
            } => {
                let was_unexplained = unexplained_override(review, scale, item).is_some();
                let changed = review.set_finding(item, &criterion, finding, now);
                if changed && finding != Finding::NotRated {
                    review.tag_with_current_source(item, Some(&criterion), now);
                }
                // Said in the footer, not asked in a prompt: a prompt would swallow the rating
                // keys still being typed. The scores pane keeps showing it until a reason is
                // given.
                let notice = unexplained_override(review, scale, item)
                    .filter(|_| !was_unexplained)
                    .map(|(final_score, suggested)| {
                        format!(
                            "Final {final_score} now differs from the suggested {suggested}: \
                             press {final_score} to say why"
                        )
                    });
                Applied { changed, notice }
            }
            Edit::Flag(item) => {
                review.toggle_flag(item, now);
                changed()
            }
            Edit::Score {
                item,
                score,
                rationale,
            } => {
                let removed = (score.is_none())
                    .then(|| cleared_score(review, scale, item))
                    .flatten();
                let rationale = clean(&rationale);
                match review.set_final_score(scale, item, score, &rationale, now) {
                    Ok(()) => Applied {
                        changed: true,
                        notice: removed,
                    },
                    Err(e) => Applied {
                        changed: false,
                        notice: Some(e.to_string()),
                    },
                }
            }
            Edit::AgreedScore {
                item,
                score,
                reason,
            } => match review.set_agreed_score(scale, item, score, &clean(&reason), now) {
                Ok(()) => changed(),
                Err(e) => Applied {
                    changed: false,
                    notice: Some(e.to_string()),
                },
            },
            Edit::Reopen(item) => {
                let was_agreed = review.item(item).is_some_and(|r| r.final_score.is_some());
                review.reopen(scale, item, now);
                Applied {
                    changed: was_agreed,
                    notice: None,
                }
            }
            Edit::Note { target, text } => {
                let changed = target.write(review, &clean(&text), now);
                if changed && !text.trim().is_empty() {
                    match &target {
                        NoteTarget::Criterion { item, criterion } => {
                            review.tag_with_current_source(*item, Some(criterion), now);
                        }
                        NoteTarget::Item(item)
                            if scale.item(*item).is_some_and(|i| i.criteria.is_empty()) =>
                        {
                            review.tag_with_current_source(*item, None, now);
                        }
                        NoteTarget::Item(_) | NoteTarget::Quick(_) => {}
                    }
                }
                Applied {
                    changed,
                    notice: None,
                }
            }
            Edit::PlaceQuickNote { at, place } => {
                let label = crate::review::quick::Place::label(place.as_ref());
                let changed = review.place_quick_note(at, place, now);
                let notice = match label.as_str() {
                    "" => "Quick note kept at review level".to_owned(),
                    label => format!("Quick note attached to {label}"),
                };
                Applied {
                    changed,
                    notice: changed.then_some(notice),
                }
            }
            Edit::Interviewing(code) => {
                let notice = match code.as_deref().and_then(|c| scale.evidence_source(c)) {
                    Some(source) => format!(
                        "Interviewing: {} ({}): what you find and note is tagged {}",
                        source.name, source.code, source.code
                    ),
                    None => "Interviewing nobody: nothing is tagged".to_owned(),
                };
                review.working.source = code;
                Applied {
                    changed: true,
                    notice: Some(notice),
                }
            }
            Edit::Sources {
                item,
                criterion,
                codes,
            } => Applied {
                changed: review.set_sources(item, criterion.as_deref(), &codes, now),
                notice: None,
            },
            Edit::Details(details) => {
                let changed = review.set_details(details, now);
                Applied {
                    changed,
                    notice: changed.then(|| "Details changed · Ctrl-Z undoes".to_owned()),
                }
            }
            Edit::ToggleMoveOn => {
                let working = &mut review.working;
                working.move_on = !working.move_on;
                let notice = if working.move_on {
                    "Move on after rating: on, a finding goes to the next criterion (m: off)"
                } else {
                    "Move on after rating: off, the cursor stays (m: on)"
                };
                Applied {
                    changed: true,
                    notice: Some(notice.to_owned()),
                }
            }
            Edit::Undo => match review.undo(now) {
                Some(undone) => Applied {
                    changed: true,
                    notice: Some(format!("Undone: {undone} · Ctrl-Y redoes")),
                },
                None => Applied {
                    changed: false,
                    notice: Some("Nothing to undo".to_owned()),
                },
            },
            Edit::Redo => match review.redo(now) {
                Some(redone) => Applied {
                    changed: true,
                    notice: Some(format!("Redone: {redone}")),
                },
                None => Applied {
                    changed: false,
                    notice: Some("Nothing to redo".to_owned()),
                },
            },
            Edit::Restore {
                review: restored,
                from,
            } => {
                *review = *restored;
                review.mark_restored(&from, now);
                changed()
            }
        }
    }
}

impl OpenReview {
    /// Reads again each reviewer's file of a consensus review that changed since it was read;
    /// the agreed answers stay as they are. A file gone or unreadable keeps its copy.
    pub fn reread_sources(&mut self, library: &dyn Library, now: DateTime<Utc>) -> Applied {
        if self.is_read_only() {
            return Applied {
                changed: false,
                notice: Some(READ_ONLY_NOTICE.to_owned()),
            };
        }
        let mut read = Vec::new();
        let mut kept = Vec::new();
        for (index, state) in library.check_sources(&self.review).into_iter().enumerate() {
            let Some((who, path)) = self.source(index) else {
                continue;
            };
            match state {
                SourceState::Unchanged => {}
                SourceState::Changed => match library.read_source(path.as_ref()) {
                    Ok(source) => {
                        self.review.reread_source(index, &source, now);
                        read.push(who);
                    }
                    Err(e) => kept.push(format!("{who} ({e})")),
                },
                SourceState::Missing => kept.push(format!("{who} (the file is gone)")),
                SourceState::Unreadable(why) => kept.push(format!("{who} ({why})")),
            }
        }
        let mut notice = match read.as_slice() {
            [] => "No reviewer's file changed since it was read".to_owned(),
            _ => format!("Read again: {}", read.join(", ")),
        };
        if !kept.is_empty() {
            notice.push_str(&format!("; the copies of {} are kept", kept.join(", ")));
        }
        Applied {
            changed: !read.is_empty(),
            notice: Some(notice),
        }
    }

    /// What to say on opening a consensus review whose reviewers' files changed since they
    /// were read.
    pub fn changed_sources(&self, library: &dyn Library) -> Option<String> {
        let changed: Vec<String> = library
            .check_sources(&self.review)
            .into_iter()
            .enumerate()
            .filter(|(_, state)| *state == SourceState::Changed)
            .filter_map(|(index, _)| self.source(index).map(|(who, _)| who))
            .collect();
        (!changed.is_empty()).then(|| {
            format!(
                "Changed since it was read: {} (R reads it again)",
                changed.join(", ")
            )
        })
    }

    /// A source's initials and path.
    fn source(&self, index: usize) -> Option<(String, String)> {
        let source = self.review.consensus.as_ref()?.sources.get(index)?;
        Some((source.initials(), source.path.clone()))
    }
}

fn changed() -> Applied {
    Applied {
        changed: true,
        notice: None,
    }
}

/// `cursor` moved onto an item and criterion the scale has.
pub fn valid_cursor(scale: &Scale, cursor: &Cursor) -> Cursor {
    match scale.item(cursor.item) {
        Some(item) => Cursor {
            item: item.number,
            criterion: cursor.criterion.min(item.criteria.len().saturating_sub(1)),
            guidance_scroll: cursor.guidance_scroll,
        },
        None => Cursor {
            item: scale.items.first().map_or(0, |i| i.number),
            criterion: 0,
            guidance_scroll: 0,
        },
    }
}

/// What taking back an item's final score removes, in words: the score, its reason and what
/// stands instead. `None` when there is no final score to take back.
fn cleared_score(review: &Review, scale: &Scale, item: u16) -> Option<String> {
    let record = review.item(item)?;
    let final_score = record.final_score?;
    let reason = clean(record.rationale.trim()).replace('\n', " ");
    let reason = match reason.chars().count() {
        0 => String::new(),
        n if n > 16 => format!(
            " (reason \"{}…\")",
            reason.chars().take(15).collect::<String>()
        ),
        _ => format!(" (reason \"{reason}\")"),
    };
    let stands = scale
        .item(item)
        .and_then(|i| ItemScore::of(i, Some(record)).suggested)
        .map_or("no score yet".to_owned(), |s| {
            format!("suggested {} stands", s.score)
        });
    Some(format!(
        "Took back {final_score}{reason}: {stands} · Ctrl-Z undoes"
    ))
}

/// An item's final score and the suggestion, when they differ and no reason is given.
pub fn unexplained_override(review: &Review, scale: &Scale, item: u16) -> Option<(u8, u8)> {
    let scale_item = scale.item(item)?;
    let record = review.item(item)?;
    let final_score = record.final_score?;
    let suggested = ItemScore::of(scale_item, Some(record)).suggested?.score;
    (final_score != suggested && record.rationale.trim().is_empty())
        .then_some((final_score, suggested))
}

/// The last answers of the open review, for the panic hook to write to a recovery file.
pub type Rescue = Arc<Mutex<Option<RescueCopy>>>;

/// The open review as held in memory, and the note being typed that is not yet in it.
#[derive(Clone)]
pub struct RescueCopy {
    pub path: PathBuf,
    pub review: Review,
    pub note: Option<(NoteTarget, String)>,
}

impl RescueCopy {
    /// The session's path, and the review with the note being typed put in.
    pub fn into_review(self) -> (PathBuf, Review) {
        let RescueCopy {
            path,
            mut review,
            note,
        } = self;
        if let Some((target, text)) = note {
            target.write(&mut review, &text, Utc::now());
        }
        (path, review)
    }
}

/// A time today as `14:32:05`, another day as `2025-03-13`.
pub fn when(clock: &dyn Clock, at: DateTime<Utc>) -> String {
    let local = clock.local(at);
    if local.date() == clock.today() {
        local.format("%H:%M:%S").to_string()
    } else {
        local.format("%Y-%m-%d").to_string()
    }
}

/// Who holds the review: `pid 4242 on laptop since 14:02`.
pub fn holder_text(holder: &LockHolder, clock: &dyn Clock) -> String {
    let mut parts = Vec::new();
    if let Some(pid) = holder.pid {
        parts.push(format!("pid {pid}"));
    }
    if let Some(host) = &holder.host {
        parts.push(format!("on {host}"));
    }
    if let Some(since) = holder.since {
        parts.push(format!("since {}", when(clock, since)));
    }
    if parts.is_empty() {
        "holder unknown".to_owned()
    } else {
        parts.join(" ")
    }
}
