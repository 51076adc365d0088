//! The commands about content packs: `content check`, `content export` and `content import`.

use std::collections::BTreeMap;

use super::*;
use crate::scale::import::ImportedPage;
use crate::scale::pack::write;

#[derive(Serialize)]
struct CheckReport<'a> {
    valid: bool,
    origin: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    items: usize,
    domains: usize,
    criteria: usize,
    rated_directly: usize,
    scale_anchors: usize,
    provisional_anchors: usize,
    verbatim: Vec<u16>,
    placeholders: Vec<u16>,
    imported: Vec<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_hash: Option<&'a str>,
    problems: &'a [Problem],
}

pub(super) fn content_check(
    dir: Option<&Path>,
    json: bool,
    out: &mut dyn Write,
) -> Result<ExitCode, Failure> {
    let files = match dir {
        Some(dir) => pack::read_dir(dir),
        None => Ok(pack::embedded_files()),
    };
    let (origin, result) = match files {
        Ok(files) => (files.origin.clone(), pack::load(&files)),
        Err(error) => (error.origin.clone(), Err(error)),
    };
    let no_problems = Vec::new();
    let report = match &result {
        Ok(scale) => {
            let with_anchors = || scale.items.iter().filter_map(|i| i.anchors.as_ref());
            let of = |provenance| {
                scale
                    .items
                    .iter()
                    .filter(|i| i.provenance == provenance)
                    .map(|i| i.number)
                    .collect()
            };
            CheckReport {
                valid: true,
                origin: &origin,
                id: Some(&scale.id),
                name: Some(&scale.name),
                version: Some(&scale.version),
                items: scale.items.len(),
                domains: scale.domains.len(),
                criteria: scale.items.iter().map(|i| i.criteria.len()).sum(),
                rated_directly: scale.items.iter().filter(|i| i.is_rated_directly()).count(),
                scale_anchors: with_anchors().filter(|a| !a.provisional).count(),
                provisional_anchors: with_anchors().filter(|a| a.provisional).count(),
                verbatim: of(Provenance::Verbatim),
                placeholders: of(Provenance::Placeholder),
                imported: of(Provenance::Imported),
                content_hash: Some(&scale.content_hash),
                problems: &no_problems,
            }
        }
        Err(error) => CheckReport {
            valid: false,
            origin: &origin,
            id: None,
            name: None,
            version: None,
            items: 0,
            domains: 0,
            criteria: 0,
            rated_directly: 0,
            scale_anchors: 0,
            provisional_anchors: 0,
            verbatim: Vec::new(),
            placeholders: Vec::new(),
            imported: Vec::new(),
            content_hash: None,
            problems: &error.problems,
        },
    };

    if json {
        write_json(out, &report)?;
    } else {
        match &result {
            Ok(scale) => {
                let numbers = |list: &[u16]| {
                    list.iter()
                        .map(u16::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                writeln!(
                    out,
                    "{} (the {})",
                    report::inert(&scale.name),
                    report::inert(&origin)
                )?;
                writeln!(
                    out,
                    "version {}, id {}, content {}",
                    report::inert(&scale.version),
                    report::inert(&scale.id),
                    short_hash(&scale.content_hash)
                )?;
                writeln!(
                    out,
                    "{} items in {} domains, {} criteria; {} items rated directly",
                    report.items, report.domains, report.criteria, report.rated_directly
                )?;
                writeln!(
                    out,
                    "anchors: {} from the scale, {} provisional",
                    report.scale_anchors, report.provisional_anchors
                )?;
                if !report.verbatim.is_empty() {
                    writeln!(out, "verbatim items: {}", numbers(&report.verbatim))?;
                }
                if !report.placeholders.is_empty() {
                    writeln!(out, "placeholder items: {}", numbers(&report.placeholders))?;
                }
                if !report.imported.is_empty() {
                    writeln!(out, "imported items: {}", numbers(&report.imported))?;
                }
                writeln!(out, "valid")?;
            }
            Err(error) => writeln!(out, "{}", report::inert(&error.to_string()))?,
        }
    }
    Ok(if result.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Reads every page, or fails naming every page that cannot be read (and its line).
fn read_pages(files: &[PathBuf]) -> Result<Vec<(&PathBuf, ImportedPage)>, Failure> {
    let mut pages = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for file in files {
        let name = file.display().to_string();
        let text = match std::fs::read(file) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                errors.push(format!("{name}: cannot read: {e}"));
                continue;
            }
        };
        match import::import_page(&name, &text) {
            Ok(page) => pages.push((file, page)),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if errors.is_empty() {
        Ok(pages)
    } else {
        Err(Failure::new(errors.join("\n")))
    }
}

pub(super) fn content_import(
    files: &[PathBuf],
    json: bool,
    out_dir: Option<&Path>,
    content: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let pages: Vec<ImportedPage> = read_pages(files)?
        .into_iter()
        .map(|(_, page)| page)
        .collect();

    if let Some(dir) = out_dir {
        // The pack the pages belong to gives each item its domain and anchors.
        let scale = load_scale(content).ok();
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure::new(format!("{}: cannot create the folder: {e}", dir.display()))
        })?;
        for page in &pages {
            let existing = scale.as_ref().and_then(|s| s.item(page.number));
            let item = import::to_item(page, existing);
            let path = dir.join(pack::item_file_name(&item));
            std::fs::write(&path, pack::item_to_toml(&item))
                .map_err(|e| Failure::new(format!("{}: cannot write: {e}", path.display())))?;
            if !json {
                writeln!(
                    out,
                    "item {}: {} ({} criteria, {} guidance sections) -> {}",
                    page.number,
                    page.title,
                    page.criteria.len(),
                    page.guidance.len(),
                    path.display()
                )?;
            }
        }
    }
    if json {
        write_json_list(out, &pages)?;
    } else if out_dir.is_none() {
        for page in &pages {
            writeln!(
                out,
                "item {}: {} ({} criteria, {} guidance sections)",
                page.number,
                page.title,
                page.criteria.len(),
                page.guidance.len()
            )?;
        }
    }
    Ok(())
}

/// What `content export --json` prints.
#[derive(Serialize)]
struct ExportReport<'a> {
    dir: String,
    files: &'a [String],
}

/// `content export DIR`: the built-in pack, and its README, as editable files.
pub(super) fn content_export(dir: &Path, json: bool, out: &mut dyn Write) -> Result<(), Failure> {
    let files = write::export(&pack::embedded_files(), Some(pack::EMBEDDED_README), dir)
        .map_err(|e| Failure::new(e.to_string()))?;
    if json {
        return write_json(
            out,
            &ExportReport {
                dir: dir.display().to_string(),
                files: &files,
            },
        );
    }
    let dir_text = dir.display().to_string();
    let shown = report::inert(&dir_text);
    writeln!(
        out,
        "wrote the built-in pack ({} files) to {shown}",
        files.len()
    )?;
    writeln!(out, "check it:      fidelity-review content check {shown}")?;
    writeln!(
        out,
        "review on it:  fidelity-review --content {shown} new --team NAME"
    )?;
    Ok(())
}

/// One page as `content import --into` put it in the pack.
#[derive(Serialize)]
struct ImportedInto<'a> {
    number: u16,
    title: &'a str,
    page: &'a str,
    criteria: usize,
    /// `kept` when the item's anchors still fit its criteria, else `provisional` (the
    /// count-down rule).
    anchors: &'static str,
    before: &'a str,
    after: &'a str,
}

/// What `content import --into --json` prints.
#[derive(Serialize)]
struct ImportIntoReport<'a> {
    pack: String,
    items: Vec<ImportedInto<'a>>,
}

/// `content import FILE... --into DIR`: each page replaces the item of its number in the pack
/// in `DIR`, keeping the item's domain and, where the criteria still match, its anchors.
/// Nothing is written unless every page reads and every number is an item of the pack.
pub(super) fn content_import_into(
    files: &[PathBuf],
    json: bool,
    dir: &Path,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let scale = pack::load_dir(dir).map_err(|e| {
        Failure::new(format!(
            "{e}\nimport --into replaces items in a pack that loads; fix these first (or start \
             from `fidelity-review content export DIR`)"
        ))
    })?;
    let pages = read_pages(files)?;

    let mut errors = Vec::new();
    let mut first_page: BTreeMap<u16, &PathBuf> = BTreeMap::new();
    let mut items = Vec::with_capacity(pages.len());
    for (file, page) in &pages {
        if let Some(first) = first_page.insert(page.number, file) {
            errors.push(format!(
                "{}: item {} is also the page {}; import one page per item",
                file.display(),
                page.number,
                first.display()
            ));
            continue;
        }
        let Some(existing) = scale.item(page.number) else {
            errors.push(format!(
                "{}: item {} is not in the pack at {} (its items run from {} to {}); an import \
                 replaces the item of the page's number",
                file.display(),
                page.number,
                dir.display(),
                scale.items.first().map_or(0, |i| i.number),
                scale.items.last().map_or(0, |i| i.number),
            ));
            continue;
        };
        let name = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let item = import::imported_item(page, existing, &name);
        let kept = item.anchors.is_some() && item.anchors == existing.anchors;
        items.push((item, name, kept));
    }
    if !errors.is_empty() {
        return Err(Failure::new(errors.join("\n")));
    }

    let new_items: Vec<_> = items.iter().map(|(item, _, _)| item.clone()).collect();
    let replaced =
        write::replace_items(dir, &new_items).map_err(|e| Failure::new(e.to_string()))?;
    // The pack as written must still load: say so now, not at the next review.
    let checked = pack::load_dir(dir).map_err(|e| {
        Failure::new(format!(
            "{e}\nthe pages were written, but the pack no longer loads"
        ))
    })?;

    let report_items: Vec<ImportedInto<'_>> = items
        .iter()
        .zip(&replaced)
        .map(|((item, page, kept), replaced)| ImportedInto {
            number: item.number,
            title: &item.title,
            page,
            criteria: item.criteria.len(),
            anchors: if *kept { "kept" } else { "provisional" },
            before: &replaced.before,
            after: &replaced.after,
        })
        .collect();
    if json {
        return write_json(
            out,
            &ImportIntoReport {
                pack: dir.display().to_string(),
                items: report_items,
            },
        );
    }
    for item in &report_items {
        let anchors = if item.criteria == 0 {
            "rated directly".to_owned()
        } else if item.anchors == "kept" {
            "the item's anchors kept".to_owned()
        } else {
            "provisional anchors (the count-down rule)".to_owned()
        };
        let file = if item.before == item.after {
            format!("replaced {}", item.after)
        } else {
            format!("{} replaced by {}", item.before, item.after)
        };
        writeln!(
            out,
            "item {}: {} from {} ({} criteria, {anchors}); {file}",
            item.number,
            report::inert(item.title),
            report::inert(item.page),
            item.criteria,
        )?;
    }
    writeln!(
        out,
        "the pack at {} is valid ({} items)",
        report::inert(&dir.display().to_string()),
        checked.items.len()
    )?;
    Ok(())
}
