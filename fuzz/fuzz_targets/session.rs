//! Session files: any bytes, read the way `open`, `summary` and `export` read them. Whatever
//! is accepted goes on to the summary and every report. Never a panic; a refused file is never
//! written to.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use fidelity_review::report::{self, Format};
use fidelity_review::review::Summary;
use fidelity_review::scale::{Scale, pack};
use fidelity_review::store;
use libfuzzer_sys::fuzz_target;

fn scale() -> &'static Scale {
    static SCALE: OnceLock<Scale> = OnceLock::new();
    SCALE.get_or_init(|| pack::load_embedded().expect("the embedded pack loads"))
}

/// A file of this process's own: the store reads sessions from files.
fn session_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("fidelity-review-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        dir.join("session.json")
    })
}

fuzz_target!(|bytes: &[u8]| {
    let path = session_path();
    std::fs::write(path, bytes).expect("the scratch file is written");
    match store::read(path) {
        Ok(review) => {
            let scale = scale();
            let _ = Summary::of(&review, scale);
            for format in [Format::Markdown, Format::Csv, Format::Json] {
                let _ = report::render(format, &review, scale);
            }
        }
        Err(_) => {
            let after = std::fs::read(path).expect("the scratch file is there");
            assert_eq!(after, bytes, "a refused file was written to");
        }
    }
});
