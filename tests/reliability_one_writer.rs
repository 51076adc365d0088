//! One writer at a time: two instances of the real binary started together on the same review,
//! round after round. Exactly one opens it for writing; the other is told it is open elsewhere,
//! by whom, and can only look; the file stays valid and holds what the writer saved.
//!
//! 50 rounds in the normal run; `FIDELITY_REVIEW_SOAK=1` (or `FIDELITY_REVIEW_RACE_ROUNDS=N`)
//! for more. `tests/store.rs` proves the lock itself (`a_second_open_is_told_who_holds_the_session`,
//! `a_lock_held_by_a_killed_process_is_free_again`).

#![cfg(unix)]

mod reliability_support;

use std::fs;
use std::path::Path;

use chrono::Utc;
use fidelity_review::review::{Finding, Review};
use fidelity_review::scale::pack;
use fidelity_review::store::{self, Store};
use reliability_support::app::details;
use reliability_support::{Launch, Rng, Term, env_count, seed, soak};
use tempfile::TempDir;

/// What an instance settled on.
#[derive(Debug, PartialEq)]
enum Settled {
    Writer,
    /// Told the review is open elsewhere; the holder as the message shows it.
    Told(String),
}

fn settle(term: &Term) -> Settled {
    let frame = term
        .wait_frame(|f| f.starts_with("Item 1 of 39") || f.contains("Review already open"))
        .unwrap_or_else(|f| panic!("the instance settled on neither:\n{f}"));
    if frame.contains("Review already open") {
        let holder = frame
            .lines()
            .find_map(|line| {
                let at = line.find("is open in another fidelity-review (")?;
                let rest = &line[at + "is open in another fidelity-review (".len()..];
                Some(rest.split(')').next()?.to_owned())
            })
            .unwrap_or_default();
        Settled::Told(holder)
    } else {
        Settled::Writer
    }
}

#[test]
fn two_instances_racing_to_open_one_review_get_exactly_one_writer() {
    let rounds = env_count("FIDELITY_REVIEW_RACE_ROUNDS", if soak() { 500 } else { 50 });
    let mut rng = Rng::new(seed("one writer"));
    let temp = TempDir::new().unwrap();
    let data = temp.path().join("data");
    let scale = pack::load_embedded().unwrap();
    let path = Store::new(&data)
        .create(&Review::new(&scale, details("Crisis Team"), Utc::now()))
        .unwrap()
        .path()
        .to_path_buf();
    let session = path.to_str().unwrap();

    let (mut first_won, mut named_right, mut unknown) = (0, 0, 0);
    for round in 0..rounds {
        let mut a = Launch::new(&data, &["open", session]).spawn();
        let mut b = Launch::new(&data, &["open", session]).spawn();
        let (sa, sb) = (settle(&a), settle(&b));
        let (writer, told, holder) = match (sa, sb) {
            (Settled::Writer, Settled::Told(holder)) => {
                first_won += 1;
                (&mut a, &mut b, holder)
            }
            (Settled::Told(holder), Settled::Writer) => (&mut b, &mut a, holder),
            other => panic!("round {round}: not one writer: {other:?}"),
        };
        // The message names the writer, or says the holder is not known yet.
        if holder == format!("pid {}", writer.pid())
            || holder.starts_with(&format!("pid {} ", writer.pid()))
        {
            named_right += 1;
        } else if holder == "holder unknown" {
            unknown += 1;
        } else {
            panic!(
                "round {round}: the message names {holder:?}, but the writer is pid {}",
                writer.pid()
            );
        }

        // The writer changes the review; the other looks, read-only, and cannot change it.
        let finding = if rng.one_in(2) {
            ("y", Finding::Met)
        } else {
            ("n", Finding::NotMet)
        };
        let (key, want) = finding;
        writer.send(key);
        let symbol = if want == Finding::Met {
            "› ✓ a)"
        } else {
            "› ✗ a)"
        };
        writer.wait_for(symbol);
        told.send("r");
        told.wait_for("READ-ONLY");
        let before = fs::read(&path).unwrap();
        told.send("u");
        told.wait_for("Read-only: this review is open in another window");
        assert_eq!(
            fs::read(&path).unwrap(),
            before,
            "round {round}: the reader wrote"
        );

        told.send("q");
        assert!(told.wait_exit().success());
        writer.send("q");
        assert!(writer.wait_exit().success());
        let saved = store::read(&path).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert_eq!(saved.finding(1, "a"), want, "round {round}");
        assert_temp_free(&data);
    }
    eprintln!(
        "{rounds} races: one writer every time (the first started won {first_won}); the other \
         was told, naming the writer {named_right} times and 'holder unknown' {unknown} times; \
         the file valid after each"
    );
}

fn assert_temp_free(dir: &Path) {
    let temps: Vec<String> = reliability_support::file_names(dir)
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "{temps:?}");
}
