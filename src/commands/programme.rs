//! The `programme` command: figures across many teams' reviews.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use super::*;
use crate::cli::ProgrammeArgs;
use crate::review::programme::LeftOut;
use crate::review::stats::show;
use crate::review::{Pick, Programme};

pub(super) fn programme(
    args: ProgrammeArgs,
    scale: &Scale,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let files = session_files(&args.paths)?;
    let programme = read_programme(
        &files,
        scale,
        if args.all { Pick::All } else { Pick::Latest },
    );
    if let Some(path) = &args.html {
        let html = report::programme_html::render(&programme, scale);
        store::write_export(path, html.as_bytes(), false)?;
        let _ = writeln!(
            io::stderr(),
            "fidelity-review: the programme report is in {}",
            report::inert(&path.display().to_string())
        );
    }
    if args.json {
        return write_json(out, &programme);
    }
    out.write_all(programme_text(&programme, scale).as_bytes())?;
    Ok(())
}

/// The review files named: each file as given, and every `*.json` file in each folder (hidden
/// files, backups, locks and recovery copies are not reviews), in name order.
pub fn session_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = std::fs::metadata(path).map_err(|e| {
            Failure::new(format!(
                "{}: {}",
                path.display(),
                if e.kind() == io::ErrorKind::NotFound {
                    "no such file or folder".to_owned()
                } else {
                    e.to_string()
                }
            ))
        })?;
        if !metadata.is_dir() {
            files.push(path.clone());
            continue;
        }
        let entries = path
            .read_dir()
            .map_err(|e| Failure::new(format!("cannot read the folder {}: {e}", path.display())))?;
        let mut found = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| {
                Failure::new(format!("cannot read the folder {}: {e}", path.display()))
            })?;
            let name = entry.file_name();
            let is_session = name
                .to_str()
                .is_some_and(|n| !n.starts_with('.') && n.ends_with(".json"));
            if is_session && !entry.path().is_dir() {
                found.push(entry.path());
            }
        }
        found.sort();
        files.append(&mut found);
    }
    files.dedup();
    Ok(files)
}

/// Reads each file once, for its scores only, and makes the programme's figures.
pub fn read_programme(files: &[PathBuf], scale: &Scale, pick: Pick) -> Programme {
    let mut progress = Progress::new(files.len());
    let mut cards = Vec::with_capacity(files.len());
    let mut left_out = Vec::new();
    for (done, path) in files.iter().enumerate() {
        match store::read_scores(path) {
            Ok(card) => cards.push(card),
            Err(error) => left_out.push(LeftOut {
                path: path.display().to_string(),
                why: format!("unreadable: {}", store::why_unreadable(&error)),
            }),
        }
        progress.step(done + 1);
    }
    progress.finish();
    Programme::of(cards, left_out, scale, pick)
}

/// "read 400 of 1000 reviews" on standard error, when it is a terminal and reading takes more
/// than a moment.
struct Progress {
    total: usize,
    started: Instant,
    shown: Option<Instant>,
    terminal: bool,
}

impl Progress {
    const AFTER: Duration = Duration::from_millis(300);
    const EVERY: Duration = Duration::from_millis(100);

    fn new(total: usize) -> Self {
        Progress {
            total,
            started: Instant::now(),
            shown: None,
            terminal: io::stderr().is_terminal(),
        }
    }

    fn step(&mut self, done: usize) {
        if !self.terminal {
            return;
        }
        let now = Instant::now();
        let due = match self.shown {
            None => now.duration_since(self.started) >= Self::AFTER,
            Some(at) => now.duration_since(at) >= Self::EVERY,
        };
        if due {
            eprint!("\rread {done} of {} reviews", self.total);
            self.shown = Some(now);
        }
    }

    fn finish(&self) {
        if self.shown.is_some() {
            // Back to the start of the line, and clear it.
            eprint!("\r\x1b[K");
        }
    }
}

/// The programme's figures as text for a terminal.
pub fn programme_text(p: &Programme, scale: &Scale) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{}, version {} · counted: {} of {}",
        report::inert(&scale.name),
        report::inert(&scale.version),
        plural(p.reviews, "review"),
        plural(p.team_count, "team")
    );
    let _ = writeln!(
        text,
        "Median total {} · quartiles by linear interpolation (R type 7, numpy's default)",
        p.median_total.map_or("–".to_owned(), show)
    );
    if let Some(r) = &p.reference {
        let _ = writeln!(
            text,
            "Reference, {}: {} teams, median total {}, IQR {}–{}, range {}–{}",
            r.name, r.teams, r.median_total, r.iqr[0], r.iqr[1], r.range[0], r.range[1]
        );
    }
    let numbers = |list: &[u16]| {
        list.iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !p.weakest.is_empty() {
        let _ = writeln!(
            text,
            "Weakest items (lowest medians): {}",
            numbers(&p.weakest)
        );
    }
    if !p.left_out.is_empty() {
        let _ = writeln!(text, "\nLeft out ({}):", p.left_out.len());
        for l in &p.left_out {
            let _ = writeln!(
                text,
                "  {}: {}",
                report::inert(&l.path),
                report::inert(&l.why)
            );
        }
    }
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "{:<28} {:<10} {:>5} {:>5} {:<12} {:>9}",
        "TEAM", "DATE", "TOTAL", "MEAN", "BAND", "VS MEDIAN"
    );
    for t in &p.teams {
        let vs = if t.vs_median > 0.0 {
            format!("+{}", show(t.vs_median))
        } else {
            show(t.vs_median)
        };
        let _ = writeln!(
            text,
            "{:<28} {:<10} {:>5} {:>5.2} {:<12} {:>9}",
            super::table::clip(&report::inert(&t.team), 28),
            t.date,
            t.total,
            t.mean,
            t.band.as_deref().map_or("–".into(), report::inert),
            vs
        );
    }
    let spread_row = |label: String, s: &Option<crate::review::stats::Spread>| match s {
        Some(s) => format!(
            "{label} {:>3} {:>6} {:>6} {:>6} {:>4} {:>4}",
            s.n,
            show(s.median),
            show(s.q1),
            show(s.q3),
            show(s.min),
            show(s.max)
        ),
        None => format!("{label}   0"),
    };
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "{:<36}   {:>3} {:>6} {:>6} {:>6} {:>4} {:>4}",
        "DOMAIN", "N", "MEDIAN", "Q1", "Q3", "MIN", "MAX"
    );
    for d in &p.domains {
        let label = format!("{:<36}  ", super::table::clip(&report::inert(&d.name), 36));
        let _ = writeln!(text, "{}", spread_row(label, &d.spread));
    }
    let _ = writeln!(text);
    let _ = writeln!(
        text,
        "{:>4}  {:<30}   {:>3} {:>6} {:>6} {:>6} {:>4} {:>4}",
        "ITEM", "TITLE", "N", "MEDIAN", "Q1", "Q3", "MIN", "MAX"
    );
    for i in &p.items {
        let label = format!(
            "{:>4}  {:<30}  ",
            i.number,
            super::table::clip(&report::inert(&i.title), 30)
        );
        let _ = writeln!(text, "{}", spread_row(label, &i.spread));
    }
    text
}

/// "1 review", "2 reviews".
pub(super) fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
