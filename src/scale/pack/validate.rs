//! Loading and validation: parsed pack files become a [`Scale`], or the list of every problem
//! found, each with its file, line and column.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml::Spanned;

use super::format::{
    AnchorsFile, BandsFile, DomainFile, EvidenceSourceFile, IntroductionFile, ItemFile,
    ManifestFile, RatingFile,
};
use super::{
    MANIFEST, PackError, PackFiles, Problem, content_hash, criterion_id, line_col_of_byte,
};
use crate::scale::model::{
    Anchors, Band, Bands, Block, Bound, Criterion, Domain, EvidenceSource, Introduction, Item,
    Provenance, RatingRange, Scale, Section,
};

/// Parses and validates a pack, collecting every problem.
pub fn load(pack: &PackFiles) -> Result<Scale, PackError> {
    let mut loader = Loader {
        problems: Vec::new(),
    };
    let scale = loader.load(pack);
    match scale {
        Some(scale) if loader.problems.is_empty() => Ok(scale),
        _ => Err(PackError {
            origin: pack.origin.clone(),
            problems: loader.problems,
        }),
    }
}

struct Loader {
    problems: Vec<Problem>,
}

/// One source file being read, for placing problems.
struct Source<'a> {
    path: &'a str,
    text: &'a str,
}

impl Loader {
    fn problem(&mut self, source: &Source<'_>, span: Option<Range<usize>>, message: String) {
        let line_col = span.map(|span| line_col_of_byte(source.text, span.start));
        self.problems
            .push(Problem::at(source.path.to_owned(), line_col, message));
    }

    fn parse<T: serde::de::DeserializeOwned>(&mut self, source: &Source<'_>) -> Option<T> {
        match toml::from_str(source.text) {
            Ok(value) => Some(value),
            Err(e) => {
                let message = e.message().trim().to_owned();
                self.problem(source, e.span(), message);
                None
            }
        }
    }

    fn load(&mut self, pack: &PackFiles) -> Option<Scale> {
        let Some((_, manifest_text)) = pack.files.iter().find(|(path, _)| path == MANIFEST) else {
            self.problems.push(Problem::file(
                MANIFEST.to_owned(),
                "the pack has no manifest (scale.toml)".to_owned(),
            ));
            return None;
        };
        let manifest_source = Source {
            path: MANIFEST,
            text: manifest_text,
        };
        let manifest: Option<ManifestFile> = self.parse(&manifest_source);

        let mut items: Vec<(Source<'_>, ItemFile)> = Vec::new();
        for (path, text) in &pack.files {
            if !path.starts_with("items/") {
                continue;
            }
            let source = Source { path, text };
            if let Some(item) = self.parse::<ItemFile>(&source) {
                items.push((source, item));
            }
        }

        let manifest = manifest?;
        let rating = self.rating(&manifest_source, &manifest.rating);
        let domains = self.domains(&manifest_source, &manifest.domains);
        let evidence_sources = self.evidence_sources(&manifest_source, &manifest.evidence_sources);
        let bands = self.bands(&manifest_source, &manifest.bands, rating);
        for (field, value) in [
            ("id", &manifest.id),
            ("name", &manifest.name),
            ("version", &manifest.version),
        ] {
            if value.get_ref().trim().is_empty() {
                self.problem(
                    &manifest_source,
                    Some(value.span()),
                    format!("the scale's {field} is empty"),
                );
            }
        }

        let introduction = manifest.introduction.as_ref().and_then(|name| {
            let Some((path, text)) = pack.files.iter().find(|(path, _)| path == name.get_ref())
            else {
                self.problem(
                    &manifest_source,
                    Some(name.span()),
                    format!(
                        "the introduction file {:?} is not in the pack",
                        name.get_ref()
                    ),
                );
                return None;
            };
            let source = Source { path, text };
            let file: IntroductionFile = self.parse(&source)?;
            if file.title.get_ref().trim().is_empty() {
                self.problem(
                    &source,
                    Some(file.title.span()),
                    "the introduction's title is empty".to_owned(),
                );
            }
            self.sections(&source, &file.sections);
            Some(Introduction {
                title: file.title.into_inner(),
                provenance: file.provenance,
                sections: file.sections,
            })
        });

        let items = self.items(items, &domains, &evidence_sources, rating);
        if items.is_empty() && self.problems.is_empty() {
            self.problems.push(Problem::file(
                "items/".to_owned(),
                "the pack has no items (one file per item in items/)".to_owned(),
            ));
        }

        Some(Scale {
            id: manifest.id.into_inner(),
            name: manifest.name.into_inner(),
            version: manifest.version.into_inner(),
            rating,
            evidence_sources,
            domains,
            items,
            bands,
            attribution: manifest.attribution,
            permission: manifest.permission,
            sources: manifest.sources,
            introduction,
            content_hash: content_hash(pack),
        })
    }

    fn rating(&mut self, source: &Source<'_>, rating: &Spanned<RatingFile>) -> RatingRange {
        let RatingFile { min, max } = *rating.get_ref();
        if min >= max {
            self.problem(
                source,
                Some(rating.span()),
                format!("the rating range {min}–{max} is empty: min must be below max"),
            );
        }
        RatingRange { min, max }
    }

    fn domains(&mut self, source: &Source<'_>, domains: &[DomainFile]) -> Vec<Domain> {
        let mut seen = BTreeSet::new();
        for domain in domains {
            if !seen.insert(domain.id.get_ref().as_str()) {
                self.problem(
                    source,
                    Some(domain.id.span()),
                    format!("domain {:?} is listed twice", domain.id.get_ref()),
                );
            }
            if domain.name.get_ref().trim().is_empty() {
                self.problem(
                    source,
                    Some(domain.name.span()),
                    format!("domain {:?} has an empty name", domain.id.get_ref()),
                );
            }
        }
        if domains.is_empty() {
            self.problem(source, None, "the scale has no domains".to_owned());
        }
        domains
            .iter()
            .map(|d| Domain {
                id: d.id.get_ref().clone(),
                name: d.name.get_ref().clone(),
            })
            .collect()
    }

    fn evidence_sources(
        &mut self,
        source: &Source<'_>,
        sources: &[EvidenceSourceFile],
    ) -> Vec<EvidenceSource> {
        let mut seen = BTreeSet::new();
        for evidence in sources {
            if !seen.insert(evidence.code.get_ref().as_str()) {
                self.problem(
                    source,
                    Some(evidence.code.span()),
                    format!(
                        "evidence source {:?} is listed twice",
                        evidence.code.get_ref()
                    ),
                );
            }
        }
        sources
            .iter()
            .map(|s| EvidenceSource {
                code: s.code.get_ref().clone(),
                name: s.name.clone(),
            })
            .collect()
    }

    fn bands(&mut self, source: &Source<'_>, bands: &BandsFile, rating: RatingRange) -> Bands {
        let mut out = Vec::new();
        let mut previous: Option<f64> = None;
        for band in &bands.band {
            let span = || Some(band.span());
            let file = band.get_ref();
            let upper = match (file.below, file.up_to) {
                (Some(limit), None) => Bound::Below(limit),
                (None, Some(limit)) => Bound::UpTo(limit),
                _ => {
                    self.problem(
                        source,
                        span(),
                        format!(
                            "band {:?} needs exactly one of `below` or `up_to`",
                            file.name
                        ),
                    );
                    continue;
                }
            };
            let limit = upper.value();
            if !(f64::from(rating.min)..=f64::from(rating.max)).contains(&limit) {
                self.problem(
                    source,
                    span(),
                    format!(
                        "band {:?} ends at {limit}, outside the rating range {}–{}",
                        file.name, rating.min, rating.max
                    ),
                );
            }
            if previous.is_some_and(|p| limit <= p) {
                self.problem(
                    source,
                    span(),
                    format!(
                        "band {:?} must end above the band before it (bands go lowest first)",
                        file.name
                    ),
                );
            }
            previous = Some(limit);
            out.push(Band {
                name: file.name.clone(),
                upper,
            });
        }
        if out.is_empty() {
            self.problem(source, None, "the scale has no fidelity bands".to_owned());
        }
        Bands {
            provisional: bands.provisional,
            bands: out,
        }
    }

    fn sections(&mut self, source: &Source<'_>, sections: &[Section]) {
        for section in sections {
            if section.heading.trim().is_empty() {
                self.problem(
                    source,
                    None,
                    "a guidance section has an empty heading".to_owned(),
                );
            }
            for block in &section.blocks {
                let empty = match block {
                    Block::Paragraph(text) | Block::Subheading(text) | Block::Quote(text) => {
                        text.trim().is_empty()
                    }
                    Block::Bullets(bullets) => {
                        bullets.is_empty() || bullets.iter().any(|b| b.trim().is_empty())
                    }
                };
                if empty {
                    self.problem(
                        source,
                        None,
                        format!("guidance section {:?} has an empty block", section.heading),
                    );
                }
            }
        }
    }

    fn items(
        &mut self,
        files: Vec<(Source<'_>, ItemFile)>,
        domains: &[Domain],
        evidence_sources: &[EvidenceSource],
        rating: RatingRange,
    ) -> Vec<Item> {
        let mut by_number: BTreeMap<u16, &str> = BTreeMap::new();
        let mut items = Vec::with_capacity(files.len());
        for (source, file) in files {
            let number = *file.number.get_ref();
            if let Some(first) = by_number.insert(number, source.path) {
                by_number.insert(number, first);
                self.problem(
                    &source,
                    Some(file.number.span()),
                    format!("item {number} is also defined in {first}"),
                );
                continue;
            }
            if let Some(item) = self.item(&source, file, domains, evidence_sources, rating) {
                items.push(item);
            }
        }

        if let (Some(&first), Some(&last)) = (by_number.keys().next(), by_number.keys().last()) {
            if first != 1 {
                self.problems.push(Problem::file(
                    "items/".to_owned(),
                    format!("items must be numbered from 1, but the first is {first}"),
                ));
            }
            let missing: Vec<String> = (1..=last)
                .filter(|n| !by_number.contains_key(n))
                .map(|n| n.to_string())
                .collect();
            if !missing.is_empty() {
                self.problems.push(Problem::file(
                    "items/".to_owned(),
                    format!(
                        "{} {} {} missing (items run from 1 to {last})",
                        if missing.len() == 1 { "item" } else { "items" },
                        missing.join(", "),
                        if missing.len() == 1 { "is" } else { "are" },
                    ),
                ));
            }
        }
        items.sort_by_key(|item: &Item| item.number);
        items
    }

    fn item(
        &mut self,
        source: &Source<'_>,
        file: ItemFile,
        domains: &[Domain],
        evidence_sources: &[EvidenceSource],
        rating: RatingRange,
    ) -> Option<Item> {
        let number = *file.number.get_ref();
        if number == 0 {
            self.problem(
                source,
                Some(file.number.span()),
                "item numbers start at 1".to_owned(),
            );
        }
        if file.title.get_ref().trim().is_empty() {
            self.problem(
                source,
                Some(file.title.span()),
                format!("item {number} has an empty title"),
            );
        }
        if !domains.iter().any(|d| &d.id == file.domain.get_ref()) {
            let known: Vec<&str> = domains.iter().map(|d| d.id.as_str()).collect();
            self.problem(
                source,
                Some(file.domain.span()),
                format!(
                    "item {number} is in domain {:?}, which the manifest does not list (known: {})",
                    file.domain.get_ref(),
                    known.join(", ")
                ),
            );
        }
        for code in &file.evidence {
            if !evidence_sources.iter().any(|s| &s.code == code.get_ref()) {
                self.problem(
                    source,
                    Some(code.span()),
                    format!(
                        "item {number} names evidence source {:?}, which the manifest does not list",
                        code.get_ref()
                    ),
                );
            }
        }

        let mut criteria = Vec::with_capacity(file.criteria.len());
        for (index, criterion) in file.criteria.iter().enumerate() {
            let expected = criterion_id(index);
            let id = criterion.id.get_ref();
            if *id != expected {
                let repeated = file.criteria[..index]
                    .iter()
                    .any(|earlier| earlier.id.get_ref() == id);
                let message = if repeated {
                    format!("item {number}: criterion {id:?} is repeated; expected {expected:?}")
                } else {
                    format!(
                        "item {number}: criterion {id:?} is out of order; criteria go a, b, c, … and this one should be {expected:?}"
                    )
                };
                self.problem(source, Some(criterion.id.span()), message);
            }
            if criterion.text.get_ref().trim().is_empty() {
                self.problem(
                    source,
                    Some(criterion.text.span()),
                    format!("item {number}: criterion {id:?} has no text"),
                );
            }
            criteria.push(Criterion {
                id: id.clone(),
                text: criterion.text.get_ref().clone(),
                guidance: criterion.guidance.clone(),
            });
        }

        let anchors = file
            .anchors
            .as_ref()
            .and_then(|anchors| self.anchors(source, number, anchors, criteria.len(), rating));
        self.sections(source, &file.guidance);
        let provenance = *file.provenance.get_ref();
        match (provenance, &file.imported_from) {
            (Provenance::Imported, None) => self.problem(
                source,
                Some(file.provenance.span()),
                format!(
                    "item {number} is imported but does not say from which page (add `imported_from`)"
                ),
            ),
            (Provenance::Imported, Some(_)) | (_, None) => {}
            (other, Some(_)) => self.problem(
                source,
                Some(file.provenance.span()),
                format!(
                    "item {number} names the page it was imported from, but its provenance is {:?}, not \"imported\"",
                    other.label()
                ),
            ),
        }

        Some(Item {
            number,
            title: file.title.into_inner(),
            scale_title: file.scale_title,
            domain: file.domain.into_inner(),
            evidence: file.evidence.into_iter().map(Spanned::into_inner).collect(),
            precondition: file.precondition,
            criteria,
            anchors,
            guidance: file.guidance,
            provenance,
            imported_from: file.imported_from,
        })
    }

    fn anchors(
        &mut self,
        source: &Source<'_>,
        number: u16,
        anchors: &Spanned<AnchorsFile>,
        criteria: usize,
        rating: RatingRange,
    ) -> Option<Anchors> {
        let before = self.problems.len();
        if criteria == 0 {
            self.problem(
                source,
                Some(anchors.span()),
                format!(
                    "item {number} has anchors but no criteria; leave anchors out to rate it directly"
                ),
            );
            return None;
        }
        let mut by_count: Vec<Option<u8>> = vec![None; criteria + 1];
        for (key, counts) in &anchors.get_ref().scores {
            let Ok(score) = key.get_ref().trim().parse::<u8>() else {
                self.problem(
                    source,
                    Some(key.span()),
                    format!(
                        "item {number}: anchor key {:?} is not a score",
                        key.get_ref()
                    ),
                );
                continue;
            };
            if !rating.contains(score) {
                self.problem(
                    source,
                    Some(key.span()),
                    format!(
                        "item {number}: score {score} is outside the rating range {}–{}",
                        rating.min, rating.max
                    ),
                );
                continue;
            }
            for &count in counts.get_ref() {
                let Some(slot) = usize::try_from(count)
                    .ok()
                    .and_then(|c| by_count.get_mut(c))
                else {
                    self.problem(
                        source,
                        Some(counts.span()),
                        format!(
                            "item {number}: score {score} names {count} criteria met, but the item has {criteria}"
                        ),
                    );
                    continue;
                };
                match slot {
                    Some(other) if *other != score => {
                        let other = *other;
                        self.problem(
                            source,
                            Some(counts.span()),
                            format!(
                                "item {number}: {count} criteria met is given two scores, {other} and {score}"
                            ),
                        );
                    }
                    _ => *slot = Some(score),
                }
            }
        }
        let unscored: Vec<String> = by_count
            .iter()
            .enumerate()
            .filter(|(_, score)| score.is_none())
            .map(|(count, _)| count.to_string())
            .collect();
        if !unscored.is_empty() {
            self.problem(
                source,
                Some(anchors.span()),
                format!(
                    "item {number}: the anchors give no score for {} criteria met",
                    unscored.join(", ")
                ),
            );
        }
        if self.problems.len() > before {
            return None;
        }
        Some(Anchors {
            provisional: anchors.get_ref().provisional,
            by_count: by_count
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect(),
        })
    }
}
