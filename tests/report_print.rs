//! The HTML report printed to PDF by headless Chromium, as a team would print it on A4, and read
//! back with `pdftotext`: every item title, the total and the team are there, the team and the
//! date head every page, and no text runs off a page.
//!
//! Needs `chromium` (or `chromium-browser`, `google-chrome`) and `pdftotext` (poppler-utils).
//! Without them the test says it skipped, unless `FIDELITY_REVIEW_REQUIRE_BROWSER=1` (set by
//! `.ci/run`), when it fails. With `FIDELITY_REVIEW_REPORT_PNG=FILE` it also writes page 3 (the domain profile) of
//! the printed report of a review with an action plan as a PNG (for the README).

#[path = "support/full_review.rs"]
mod full_review;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fidelity_review::report::{self, Format, Options};
use fidelity_review::review::{Review, Summary};
use fidelity_review::scale::{Scale, pack};

const REQUIRE: &str = "FIDELITY_REVIEW_REQUIRE_BROWSER";

/// The first of `names` found on the PATH.
fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Chromium and pdftotext, or `None` after saying why (a failure when they are required).
fn tools() -> Option<(PathBuf, PathBuf)> {
    let browser = find(&["chromium", "chromium-browser", "google-chrome"]);
    let pdftotext = find(&["pdftotext"]);
    match (browser, pdftotext) {
        (Some(b), Some(p)) => Some((b, p)),
        (b, p) => {
            let missing = [(b.is_none(), "chromium"), (p.is_none(), "pdftotext")]
                .iter()
                .filter(|(gone, _)| *gone)
                .map(|(_, name)| *name)
                .collect::<Vec<_>>()
                .join(" and ");
            if std::env::var_os(REQUIRE).is_some_and(|v| v == "1") {
                panic!("{missing} not found, and {REQUIRE}=1 requires them");
            }
            eprintln!("skipped: {missing} not found (install chromium and poppler-utils)");
            None
        }
    }
}

/// Runs a command to its end, killing it if it hangs (a browser that never exits). Its output
/// goes through files, so a full pipe cannot stall it.
fn run(command: &mut Command) -> std::process::Output {
    let dir = tempfile::TempDir::new().unwrap();
    let (out, err) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut child = command
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .expect("the tool starts");
    let deadline = Instant::now() + Duration::from_secs(180);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("{command:?} did not finish");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    std::process::Output {
        status,
        stdout: std::fs::read(&out).unwrap(),
        stderr: std::fs::read(&err).unwrap(),
    }
}

/// Prints `html` to a PDF in `dir` with headless Chromium; returns the PDF's path.
fn print(browser: &Path, dir: &Path, name: &str, html: &str) -> PathBuf {
    let page = dir.join(format!("{name}.html"));
    let pdf = dir.join(format!("{name}.pdf"));
    std::fs::write(&page, html).unwrap();
    let profile = dir.join(format!("{name}-profile"));
    let output = run(Command::new(browser).args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
        &format!("--user-data-dir={}", profile.display()),
        &format!("--print-to-pdf={}", pdf.display()),
        &format!("file://{}", page.display()),
    ]));
    assert!(
        pdf.is_file() && std::fs::metadata(&pdf).unwrap().len() > 0,
        "no PDF: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    pdf
}

/// The PDF's text, one string per page.
fn pages(pdftotext: &Path, pdf: &Path) -> Vec<String> {
    let output = run(Command::new(pdftotext).arg(pdf).arg("-"));
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Words run together with single spaces, so text wrapped over lines still matches.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every word's box lies inside its page (nothing runs off the edge and is cut).
fn assert_nothing_off_the_page(pdftotext: &Path, pdf: &Path) {
    let output = run(Command::new(pdftotext).arg("-bbox").arg(pdf).arg("-"));
    let xml = String::from_utf8(output.stdout).unwrap();
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + tag[start..].find('"').unwrap();
        tag[start..end].parse().unwrap()
    };
    let (mut width, mut height) = (0.0, 0.0);
    let mut words = 0;
    for tag in xml.split('<') {
        if tag.starts_with("page ") {
            (width, height) = (attr(tag, "width"), attr(tag, "height"));
        } else if tag.starts_with("word ") {
            words += 1;
            let (x0, y0, x1, y1) = (
                attr(tag, "xMin"),
                attr(tag, "yMin"),
                attr(tag, "xMax"),
                attr(tag, "yMax"),
            );
            let word = tag.split('>').nth(1).unwrap_or("");
            assert!(
                x0 >= 0.0 && y0 >= 0.0 && x1 <= width + 0.5 && y1 <= height + 0.5,
                "{word:?} at ({x0}, {y0})–({x1}, {y1}) is outside the {width}×{height} page"
            );
        }
    }
    assert!(words > 500, "the PDF has its text ({words} words)");
}

fn check(
    scale: &Scale,
    review: &Review,
    name: &str,
    tools: &(PathBuf, PathBuf),
    dir: &Path,
) -> PathBuf {
    let (browser, pdftotext) = tools;
    let html = String::from_utf8(report::render_with(
        Format::Html,
        review,
        scale,
        Options::default(),
    ))
    .unwrap();
    let pdf = print(browser, dir, name, &html);
    let pages = pages(pdftotext, &pdf);
    assert!(pages.len() >= 4, "{name}: {} pages", pages.len());
    let all = flat(&pages.join(" "));

    assert!(all.contains(full_review::TEAM), "{name}: no team");
    let summary = Summary::of(review, scale);
    assert!(
        all.contains(&format!("Total {} possible range 39–195", summary.total)),
        "{name}: no total {} in:\n{all}",
        summary.total
    );
    for item in &scale.items {
        let title = flat(&item.title);
        assert!(
            all.contains(&format!("{}. {title}", item.number)),
            "{name}: item {} {title:?} missing",
            item.number
        );
    }
    for domain in &summary.domains {
        assert!(all.contains(&flat(&domain.name)), "{name}: {}", domain.name);
    }
    for rec in review.action_plan() {
        let start: String = flat(&rec.text).chars().take(40).collect();
        assert!(
            all.contains(&start),
            "{name}: recommendation {start:?} missing"
        );
    }
    // The running header: team and date at the top of every page.
    for (index, page) in pages.iter().enumerate() {
        let page = flat(page);
        assert!(
            page.contains(&format!("{} · 2026-11-23", full_review::TEAM)),
            "{name}: page {} lacks the team and date:\n{page}",
            index + 1
        );
        assert!(page.contains(&format!("Page {} of {}", index + 1, pages.len())));
    }
    assert_nothing_off_the_page(pdftotext, &pdf);
    pdf
}

#[test]
fn the_html_report_prints_whole_on_a4() {
    let Some(tools) = tools() else { return };
    let scale = pack::load_embedded().unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    check(
        &scale,
        &full_review::full(&scale, false),
        "full",
        &tools,
        dir.path(),
    );
    let with_plan = full_review::full(&scale, true);
    assert!(with_plan.action_plan().count() > 3, "the review has a plan");
    let pdf = check(&scale, &with_plan, "plan", &tools, dir.path());

    if let Some(png) = std::env::var_os("FIDELITY_REVIEW_REPORT_PNG") {
        let png = PathBuf::from(png);
        let stem = png.with_extension("");
        let pdftoppm = find(&["pdftoppm"]).expect("pdftoppm, from poppler-utils");
        let output = run(Command::new(pdftoppm)
            .args(["-png", "-r", "60", "-f", "3", "-l", "3", "-singlefile"])
            .arg(&pdf)
            .arg(&stem));
        assert!(output.status.success(), "{output:?}");
        eprintln!("wrote {}", png.display());
    }
}
