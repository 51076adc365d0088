//! What the team is told and asked to do: each item's feedback, recommendations (drafted from
//! what would lift a score, then accepted, edited or dropped), the action plan (the accepted
//! recommendations, each with an owner and a target date) and the counts of evidence gathered.
//!
//! Every change goes through a method on [`Review`] here, which records it in the change log as
//! the other changes are recorded. Pure code: times are passed in.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::lift::Draft;
use super::model::{Field, Review};

/// One recommendation for the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    /// Unique within the review, never reused; the first is 1.
    pub id: u32,
    /// The item it is about; `None` for one about the service as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<u16>,
    pub text: String,
    /// The criteria it would see met (ids), when drafted from what would lift the score.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
    pub status: Status,
    /// Who in the team takes it on.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// When it is to be done by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<NaiveDate>,
}

/// Whether a recommendation is in the action plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In the report and the action plan.
    Accepted,
    /// Kept so its draft is not offered again, but not reported.
    Dropped,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::Dropped => "dropped",
        }
    }
}

/// Counts of the evidence gathered, by evidence source code: for CORE, `C` is case notes read,
/// `M`, `S`, `SU`, `F` and `O` interviews with each informant group. Only what the reviewer
/// entered is here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Method {
    #[serde(default)]
    pub counts: BTreeMap<String, u32>,
}

impl Method {
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    pub fn count(&self, code: &str) -> Option<u32> {
        self.counts.get(code).copied()
    }
}

/// A change to the plan that cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("the review has no recommendation {0}")]
    NoSuchRecommendation(u32),
    #[error("a recommendation needs some text")]
    EmptyText,
}

impl Review {
    /// Replaces an item's feedback for the team. Returns whether anything changed. A run of
    /// edits is one entry in the change log, as for notes.
    pub fn set_feedback(&mut self, item: u16, feedback: &str, now: DateTime<Utc>) -> bool {
        let record = self.items.entry(item).or_default();
        if record.feedback == feedback {
            return false;
        }
        let old = std::mem::replace(&mut record.feedback, feedback.to_owned());
        self.record_text(now, item, None, Field::Feedback, old, feedback);
        true
    }

    /// The feedback for an item, or `""`.
    pub fn feedback(&self, item: u16) -> &str {
        self.item(item).map_or("", |r| r.feedback.as_str())
    }

    pub fn recommendation(&self, id: u32) -> Option<&Recommendation> {
        self.recommendations.iter().find(|r| r.id == id)
    }

    /// The accepted recommendations, in the order they were made: the action plan.
    pub fn action_plan(&self) -> impl Iterator<Item = &Recommendation> {
        self.recommendations
            .iter()
            .filter(|r| r.status == Status::Accepted)
    }

    /// Adds a recommendation of the reviewer's own, accepted. Returns its id.
    pub fn add_recommendation(
        &mut self,
        item: Option<u16>,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<u32, PlanError> {
        self.push_recommendation(item, text, Vec::new(), Status::Accepted, now)
    }

    /// Accepts a draft, with the reviewer's edit of its text if given. Returns the new id.
    pub fn accept_draft(
        &mut self,
        draft: &Draft,
        edited: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<u32, PlanError> {
        let text = edited.unwrap_or(&draft.text);
        self.push_recommendation(
            Some(draft.item),
            text,
            draft.lift.criteria.clone(),
            Status::Accepted,
            now,
        )
    }

    /// Drops a draft: it is kept as dropped, so it is not offered again. Returns the new id.
    pub fn drop_draft(&mut self, draft: &Draft, now: DateTime<Utc>) -> u32 {
        self.push_recommendation(
            Some(draft.item),
            &draft.text,
            draft.lift.criteria.clone(),
            Status::Dropped,
            now,
        )
        .expect("a draft always has text")
    }

    /// Replaces a recommendation's text. Returns whether anything changed.
    pub fn set_recommendation_text(
        &mut self,
        id: u32,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, PlanError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PlanError::EmptyText);
        }
        let rec = self.recommendation_mut(id)?;
        if rec.text == text {
            return Ok(false);
        }
        let old = std::mem::replace(&mut rec.text, text.to_owned());
        let item = rec.item;
        self.record_plan(now, id, item, Field::Recommendation, old, text.to_owned());
        Ok(true)
    }

    /// Accepts or drops a recommendation. Returns whether anything changed.
    pub fn set_recommendation_status(
        &mut self,
        id: u32,
        status: Status,
        now: DateTime<Utc>,
    ) -> Result<bool, PlanError> {
        let rec = self.recommendation_mut(id)?;
        let old = std::mem::replace(&mut rec.status, status);
        if old == status {
            return Ok(false);
        }
        let item = rec.item;
        self.record_plan(
            now,
            id,
            item,
            Field::RecommendationStatus,
            old.label().to_owned(),
            status.label().to_owned(),
        );
        Ok(true)
    }

    /// Sets who owns a recommendation in the action plan (`""` for no one yet).
    pub fn set_owner(
        &mut self,
        id: u32,
        owner: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, PlanError> {
        let owner = owner.trim();
        let rec = self.recommendation_mut(id)?;
        if rec.owner == owner {
            return Ok(false);
        }
        let old = std::mem::replace(&mut rec.owner, owner.to_owned());
        let item = rec.item;
        self.record_plan(now, id, item, Field::Owner, old, owner.to_owned());
        Ok(true)
    }

    /// Sets (or clears) the date a recommendation of the action plan is due.
    pub fn set_target_date(
        &mut self,
        id: u32,
        target: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<bool, PlanError> {
        let rec = self.recommendation_mut(id)?;
        if rec.target == target {
            return Ok(false);
        }
        let old = std::mem::replace(&mut rec.target, target);
        let item = rec.item;
        let label = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        self.record_plan(now, id, item, Field::TargetDate, label(old), label(target));
        Ok(true)
    }

    /// Sets (or, with `None`, clears) the count of evidence from one source: case notes read
    /// (`C`), interviews with an informant group (`M`, `S`, `SU`, `F`, `O`). Returns whether
    /// anything changed.
    pub fn set_method_count(&mut self, code: &str, count: Option<u32>, now: DateTime<Utc>) -> bool {
        let old = match count {
            Some(n) => self.method.counts.insert(code.to_owned(), n),
            None => self.method.counts.remove(code),
        };
        if old == count {
            return false;
        }
        let label = |n: Option<u32>| n.map_or(String::new(), |n| format!("{code} {n}"));
        self.record(
            now,
            None,
            None,
            Field::MethodCount,
            label(old),
            label(count),
        );
        true
    }

    fn push_recommendation(
        &mut self,
        item: Option<u16>,
        text: &str,
        criteria: Vec<String>,
        status: Status,
        now: DateTime<Utc>,
    ) -> Result<u32, PlanError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PlanError::EmptyText);
        }
        let id = self.recommendations.iter().map(|r| r.id).max().unwrap_or(0) + 1;
        self.recommendations.push(Recommendation {
            id,
            item,
            text: text.to_owned(),
            criteria,
            status,
            owner: String::new(),
            target: None,
        });
        self.record_plan(
            now,
            id,
            item,
            Field::Recommendation,
            String::new(),
            text.to_owned(),
        );
        if status != Status::Accepted {
            self.record_plan(
                now,
                id,
                item,
                Field::RecommendationStatus,
                String::new(),
                status.label().to_owned(),
            );
        }
        Ok(id)
    }

    fn recommendation_mut(&mut self, id: u32) -> Result<&mut Recommendation, PlanError> {
        self.recommendations
            .iter_mut()
            .find(|r| r.id == id)
            .ok_or(PlanError::NoSuchRecommendation(id))
    }

    fn record_plan(
        &mut self,
        at: DateTime<Utc>,
        id: u32,
        item: Option<u16>,
        field: Field,
        old: String,
        new: String,
    ) {
        self.record(at, item, None, field, old, new);
        if let Some(last) = self.log.last_mut() {
            last.recommendation = Some(id);
        }
    }
}
