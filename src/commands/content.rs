//! The commands about content packs: `content check` and `content import`.

use super::*;

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

pub(super) fn content_import(
    files: &[PathBuf],
    json: bool,
    out_dir: Option<&Path>,
    content: Option<&Path>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
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
            Ok(page) => pages.push(page),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(Failure::new(errors.join("\n")));
    }

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
        write_json(out, &pages)?;
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
