//! The command line people expect of a Unix tool, through the real binary: closed pipes, `-`
//! for standard output, empty variables, tables that line up, readable ids, JSON scripts can
//! rely on, help with examples, completions, a man page and a config file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// A temp folder holding a data folder and an (empty) config file every run reads.
struct Env {
    dir: TempDir,
}

impl Env {
    fn new() -> Self {
        let env = Env {
            dir: TempDir::new().unwrap(),
        };
        std::fs::create_dir(env.data()).unwrap();
        env.config("");
        env
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn config_path(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn config(&self, text: &str) {
        std::fs::write(self.config_path(), text).unwrap();
    }

    /// The binary with this config file, no data folder variable and no `TERM`.
    fn bin(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_fidelity-review"));
        command
            .env_remove("FIDELITY_REVIEW_DATA_DIR")
            .env_remove("TERM")
            .env("FIDELITY_REVIEW_CONFIG", self.config_path())
            .env("NO_COLOR", "1")
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        command
    }

    /// The binary with `--data-dir` set to the data folder.
    fn run(&self, args: &[&str]) -> Output {
        self.bin()
            .arg("--data-dir")
            .arg(self.data())
            .args(args)
            .output()
            .unwrap()
    }

    /// Creates a review with `new --no-tui` and returns its path.
    fn new_review(&self, team: &str) -> PathBuf {
        let output = self.run(&["new", "--team", team, "--date", "2026-11-23", "--no-tui"]);
        assert_ok(&output);
        PathBuf::from(stdout(&output).trim_end())
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        stdout(output),
        stderr(output)
    );
}

fn id_of(path: &Path) -> String {
    path.file_stem().unwrap().to_str().unwrap().to_owned()
}

fn json(output: &Output) -> Value {
    assert_ok(output);
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: not JSON:\n{}", stdout(output)))
}

// ---- closed pipes and `-` ----

#[test]
fn a_closed_pipe_ends_quietly_with_exit_0() {
    let env = Env::new();
    let path = env.new_review("North CRT");
    let id = id_of(&path);
    let commands: [&[&str]; 9] = [
        &["list"],
        &["list", "--json"],
        &["summary", &id],
        &["summary", &id, "--json"],
        &["export", &id, "--format", "md"],
        &["export", &id, "--format", "csv", "-o", "-"],
        &["content", "check", "--json"],
        &["completions", "bash"],
        &["man"],
    ];
    for args in commands {
        // A pipe whose reader is gone before the program writes: every write fails with
        // EPIPE, as after `| head` has read its lines.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = env
            .bin()
            .arg("--data-dir")
            .arg(env.data())
            .args(args)
            .stdout(writer)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), "", "{args:?} is quiet");
    }
}

#[test]
fn dash_writes_the_export_to_standard_output() {
    let env = Env::new();
    let id = id_of(&env.new_review("North CRT"));
    for format in ["md", "csv", "json"] {
        let plain = env.run(&["export", &id, "--format", format]);
        assert_ok(&plain);
        let dash = env.run(&["export", &id, "--format", format, "-o", "-"]);
        assert_ok(&dash);
        assert_eq!(dash.stdout, plain.stdout, "{format}");
        assert!(!dash.stdout.is_empty());
    }
    assert!(
        !env.dir.path().join("-").exists(),
        "no file named - is made"
    );
}

// ---- the environment ----

#[test]
fn an_empty_data_folder_variable_counts_as_unset() {
    let env = Env::new();
    let from_config = env.dir.path().join("from-config");
    env.config(&format!("data_dir = {:?}\n", from_config.to_str().unwrap()));
    let output = env
        .bin()
        .env("FIDELITY_REVIEW_DATA_DIR", "")
        .args(["new", "--team", "Empty Env", "--no-tui"])
        .output()
        .unwrap();
    assert_ok(&output);
    assert!(
        stdout(&output)
            .trim_end()
            .starts_with(from_config.to_str().unwrap()),
        "{}",
        stdout(&output)
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_empty_config_variable_counts_as_unset() {
    let env = Env::new();
    // The platform's config file, where an empty FIDELITY_REVIEW_CONFIG leaves the app to
    // look: `$XDG_CONFIG_HOME/fidelity-review/config.toml` on Linux.
    let xdg = env.dir.path().join("xdg");
    std::fs::create_dir_all(xdg.join("fidelity-review")).unwrap();
    let platform_dir = env.dir.path().join("platform-data");
    std::fs::write(
        xdg.join("fidelity-review/config.toml"),
        format!("data_dir = {:?}\n", platform_dir.to_str().unwrap()),
    )
    .unwrap();
    let output = env
        .bin()
        .env("FIDELITY_REVIEW_CONFIG", "")
        .env("XDG_CONFIG_HOME", &xdg)
        .args(["new", "--team", "Platform", "--no-tui"])
        .output()
        .unwrap();
    assert_ok(&output);
    assert_eq!(stderr(&output), "", "no warning about a file named ''");
    assert!(
        stdout(&output).starts_with(platform_dir.to_str().unwrap()),
        "{}",
        stdout(&output)
    );
}

// ---- tables ----

/// The display column at which `needle` starts in `line`.
fn column_of(line: &str, needle: &str) -> usize {
    use unicode_width::UnicodeWidthStr;
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {line:?}"));
    line[..at].width()
}

#[test]
fn list_lines_up_names_of_every_script() {
    let env = Env::new();
    let teams = [
        "North CRT",
        "Équipe",
        "日本チーム",
        "🦄 Unicorns",
        "Ünïcödé Wërk",
    ];
    for team in teams {
        env.new_review(team);
    }
    let output = env.run(&["list"]);
    assert_ok(&output);
    let text = stdout(&output);
    let header = text.lines().next().unwrap();
    let date_column = column_of(header, "DATE");
    let rows: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(rows.len(), teams.len(), "{text}");
    for row in rows {
        assert_eq!(column_of(row, "2026-11-23"), date_column, "{text}");
        assert_eq!(
            column_of(row, "0/39"),
            column_of(header, "RATED") + 1,
            "{text}"
        );
    }
}

/// The mini pack with domain names and a title in other scripts.
fn wide_pack(into: &Path) -> PathBuf {
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
    let pack = into.join("wide-pack");
    std::fs::create_dir_all(pack.join("items")).unwrap();
    for file in ["scale.toml", "introduction.toml"] {
        let text = std::fs::read_to_string(mini.join(file)).unwrap();
        let text = text
            .replace("name = \"Access\"", "name = \"アクセスと紹介\"")
            .replace("name = \"Care\"", "name = \"Care 🩺 and more\"");
        std::fs::write(pack.join(file), text).unwrap();
    }
    for entry in std::fs::read_dir(mini.join("items")).unwrap() {
        let entry = entry.unwrap();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let text = text.replace(
            "title = \"Answering calls\"",
            "title = \"電話に迅速に応答する\"",
        );
        std::fs::write(pack.join("items").join(entry.file_name()), text).unwrap();
    }
    pack
}

#[test]
fn summary_lines_up_domains_and_titles_of_every_script() {
    let env = Env::new();
    let pack = wide_pack(env.dir.path());
    env.config(&format!("content = {:?}\n", pack.to_str().unwrap()));
    let id = id_of(&env.new_review("Wide"));
    let output = env.run(&["summary", &id]);
    assert_ok(&output);
    let text = stdout(&output);
    assert!(
        text.contains("アクセスと紹介") && text.contains("電話に迅速に応答する"),
        "{text}"
    );

    use unicode_width::UnicodeWidthStr;
    let lines: Vec<&str> = text.lines().collect();
    // Every cell after a name has a fixed width, so a row that lines up is as wide as its
    // header.
    let domains = lines.iter().position(|l| l.starts_with("DOMAIN")).unwrap();
    for line in &lines[domains + 1..domains + 3] {
        assert_eq!(line.width(), lines[domains].width(), "{text}");
    }
    let items = lines
        .iter()
        .position(|l| l.trim_start().starts_with("ITEM"))
        .unwrap();
    let without_flag = lines[items].trim_end_matches("FLAG").trim_end().width();
    for line in &lines[items + 1..items + 4] {
        assert_eq!(line.trim_end().width(), without_flag, "{text}");
    }
}

// ---- ids and file names ----

#[test]
fn ids_come_from_one_readable_rule() {
    let env = Env::new();
    for (team, id) in [
        ("Équipe", "2026-11-23-equipe"),
        ("日本チーム", "2026-11-23-ri-ben-timu"),
        ("Straße Nord", "2026-11-23-strasse-nord"),
        ("***", "2026-11-23-team"),
    ] {
        let path = env.new_review(team);
        assert_eq!(id_of(&path), id, "{team}");
        // An export of the review is named by the same rule.
        let review = fidelity_review::store::read(&path).unwrap();
        let format = fidelity_review::report::Format::Markdown;
        assert_eq!(
            fidelity_review::report::default_file_name(&review, format),
            format!("{id}-review.md"),
            "{team}"
        );
        // The id is what `open`, `summary` and `export` take.
        assert_ok(&env.run(&["summary", id]));
    }
}

// ---- JSON ----

fn is_utc_rfc3339(text: &str) -> bool {
    text.len() == 20
        && text.ends_with('Z')
        && chrono::DateTime::parse_from_rfc3339(text)
            .is_ok_and(|t| t.offset().local_minus_utc() == 0)
}

#[test]
fn list_json_is_a_list_of_ids_open_takes() {
    let env = Env::new();
    let paths = [env.new_review("North CRT"), env.new_review("日本チーム")];
    let rows = json(&env.run(&["list", "--json"]));
    let rows = rows.as_array().expect("a list");
    assert_eq!(rows.len(), 2);
    for row in rows {
        assert_eq!(row["format"], 1, "{row}");
        let id = row["id"].as_str().unwrap();
        assert!(paths.iter().any(|p| id_of(p) == id), "{id}");
        assert!(is_utc_rfc3339(row["updated"].as_str().unwrap()), "{row}");
        assert_ok(&env.run(&["summary", id]));
    }
}

#[test]
fn every_json_object_says_its_format_and_times_are_utc() {
    let env = Env::new();
    let id = id_of(&env.new_review("North CRT"));
    let summary = json(&env.run(&["summary", &id, "--json"]));
    assert_eq!(summary["format"], 1);
    let check = json(&env.run(&["content", "check", "--json"]));
    assert_eq!(check["format"], 1);
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds/resource-pack-item-25-planning-aftercare.txt");
    let pages = json(
        &env.bin()
            .args(["content", "import", "--json"])
            .arg(&seed)
            .output()
            .unwrap(),
    );
    assert_eq!(pages[0]["format"], 1, "each page of the list");
    let export = json(&env.run(&["export", &id, "--format", "json"]));
    // The export's layout gained feedback, lifts, recommendations and method: format 2.
    assert_eq!(export["format"], 2);
    for key in ["created", "updated"] {
        assert!(
            is_utc_rfc3339(export[key].as_str().unwrap()),
            "{key}: {}",
            export[key]
        );
    }
}

#[test]
fn json_strings_carry_no_raw_control_bidi_or_invisible_character() {
    let env = Env::new();
    let team = "Tea\u{9b}m\u{202e}x\u{2067}y\u{200b}z\u{feff}\u{2028}w";
    env.new_review(team);
    let output = env.run(&["list", "--json"]);
    let rows = json(&output);
    assert_eq!(rows[0]["team"], team, "the text is kept exactly");
    let raw = stdout(&output);
    for c in [
        '\u{9b}', '\u{202e}', '\u{2067}', '\u{200b}', '\u{feff}', '\u{2028}',
    ] {
        assert!(!raw.contains(c), "raw U+{:04X} in\n{raw}", u32::from(c));
    }
    assert!(raw.contains("\\u202e") && raw.contains("\\u009b"), "{raw}");

    // The same helper writes the pages `content import` reads.
    let page = env.dir.path().join("page.txt");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds/resource-pack-item-25-planning-aftercare.txt");
    let text = std::fs::read_to_string(seed).unwrap();
    std::fs::write(
        &page,
        text.replace("Planning aftercare", "Planning\u{202e} aftercare"),
    )
    .unwrap();
    let output = env
        .bin()
        .args(["content", "import", "--json"])
        .arg(&page)
        .output()
        .unwrap();
    let pages = json(&output);
    assert!(!stdout(&output).contains('\u{202e}'), "{}", stdout(&output));
    assert!(pages[0]["title"].as_str().unwrap().contains('\u{202e}'));
}

// ---- help, version, completions, man ----

#[test]
fn help_says_what_opens_the_home_screen_and_every_command_has_an_example() {
    let env = Env::new();
    let output = env.bin().arg("--help").output().unwrap();
    assert_ok(&output);
    // Help is wrapped to the terminal: read it as one line.
    let text = stdout(&output)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("With no command, fidelity-review opens the home screen"),
        "{text}"
    );
    assert!(text.contains("No other command opens it"), "{text}");
    assert!(text.contains("FIDELITY_REVIEW_CONFIG"), "{text}");

    let command = fidelity_review::cli::command(None);
    let mut paths: Vec<Vec<String>> = Vec::new();
    for sub in command.get_subcommands() {
        let name = sub.get_name().to_owned();
        if sub.has_subcommands() {
            for inner in sub.get_subcommands() {
                paths.push(vec![name.clone(), inner.get_name().to_owned()]);
            }
        } else {
            paths.push(vec![name]);
        }
    }
    assert!(paths.len() >= 9, "{paths:?}");
    for path in paths {
        let output = env.bin().args(&path).arg("--help").output().unwrap();
        assert_ok(&output);
        let text = stdout(&output);
        assert!(
            text.contains("Example"),
            "{path:?} --help has no example:\n{text}"
        );
        assert!(text.contains("  fidelity-review "), "{path:?}:\n{text}");
    }
}

#[test]
fn version_names_the_content_pack() {
    let env = Env::new();
    let check = json(
        &env.bin()
            .args(["content", "check", "--json"])
            .output()
            .unwrap(),
    );
    let (id, version, hash) = (
        check["id"].as_str().unwrap(),
        check["version"].as_str().unwrap(),
        check["content_hash"].as_str().unwrap(),
    );
    let output = env.bin().arg("--version").output().unwrap();
    assert_ok(&output);
    let text = stdout(&output);
    assert!(
        text.starts_with(&format!("fidelity-review {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert!(
        text.contains(&format!("content pack: {id} version {version}")),
        "{text}"
    );
    assert!(text.contains(hash), "{text}");

    let output = env.bin().arg("-V").output().unwrap();
    assert_ok(&output);
    let text = stdout(&output);
    assert!(
        text.contains(&format!(
            "content pack {id} version {version}, content {}",
            &hash[..12]
        )),
        "{text}"
    );
}

#[test]
fn completions_come_for_each_shell() {
    let env = Env::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let output = env.bin().args(["completions", shell]).output().unwrap();
        assert_ok(&output);
        let script = stdout(&output);
        assert!(script.contains("fidelity-review"), "{shell}");
        for word in ["summary", "export", "completions"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let output = env.bin().args(["completions", "cmd"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn man_prints_a_manual_page() {
    let env = Env::new();
    let output = env.bin().arg("man").output().unwrap();
    assert_ok(&output);
    let page = stdout(&output);
    assert!(page.contains(".TH fidelity-review 1"), "{page}");
    for word in [
        "summary",
        "export",
        "completions",
        "\\-\\-data\\-dir",
        "home screen",
    ] {
        assert!(page.contains(word), "the page lacks {word}");
    }
}

// ---- the config file ----

fn details_of(path: &Path) -> Value {
    let review: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    review["details"].clone()
}

#[test]
fn the_config_names_reviewer_and_organisation_of_new_reviews() {
    let env = Env::new();
    env.config("reviewer = \"Ann Smith\"\norganisation = \"North Trust\"\n");
    let details = details_of(&env.new_review("North CRT"));
    assert_eq!(details["reviewers"], serde_json::json!(["Ann Smith"]));
    assert_eq!(details["organisation"], "North Trust");

    // Flags beat the config.
    let output = env.run(&[
        "new",
        "--team",
        "South",
        "--reviewer",
        "Bo",
        "--organisation",
        "South Trust",
        "--no-tui",
    ]);
    assert_ok(&output);
    let details = details_of(Path::new(stdout(&output).trim_end()));
    assert_eq!(details["reviewers"], serde_json::json!(["Bo"]));
    assert_eq!(details["organisation"], "South Trust");
}

#[test]
fn flags_beat_the_environment_which_beats_the_config() {
    let env = Env::new();
    let [config_dir, env_dir, flag_dir] =
        ["config-data", "env-data", "flag-data"].map(|name| env.dir.path().join(name));
    env.config(&format!("data_dir = {:?}\n", config_dir.to_str().unwrap()));
    let made_in = |command: &mut Command| {
        let output = command
            .args(["new", "--team", "Where", "--no-tui"])
            .output()
            .unwrap();
        assert_ok(&output);
        PathBuf::from(stdout(&output).trim_end())
    };
    assert!(made_in(&mut env.bin()).starts_with(&config_dir));
    assert!(made_in(env.bin().env("FIDELITY_REVIEW_DATA_DIR", &env_dir)).starts_with(&env_dir));
    assert!(
        made_in(
            env.bin()
                .env("FIDELITY_REVIEW_DATA_DIR", &env_dir)
                .arg("--data-dir")
                .arg(&flag_dir)
        )
        .starts_with(&flag_dir)
    );
}

#[test]
fn the_config_chooses_the_content_pack_unless_a_flag_does() {
    let env = Env::new();
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/packs/mini");
    env.config(&format!("content = {:?}\n", mini.to_str().unwrap()));
    let check = json(
        &env.bin()
            .args(["content", "check", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(check["id"], "mini");
    let wide = wide_pack(env.dir.path());
    let check = json(
        &env.bin()
            .arg("--content")
            .arg(&wide)
            .args(["content", "check", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(check["domains"], 2);
    assert_eq!(check["origin"], wide.to_str().unwrap());
}

#[test]
fn a_relative_path_in_the_config_is_taken_from_its_folder() {
    let env = Env::new();
    env.config("data_dir = \"reviews-here\"\n");
    let output = env
        .bin()
        .current_dir("/")
        .args(["new", "--team", "Rel", "--no-tui"])
        .output()
        .unwrap();
    assert_ok(&output);
    assert!(
        Path::new(stdout(&output).trim_end()).starts_with(env.dir.path().join("reviews-here")),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_bad_config_names_its_line_and_the_defaults_hold() {
    let env = Env::new();
    for (text, line, word) in [
        ("reviewer = \"Ann\"\n\nascii = yes\n", 3, "ascii"),
        ("reviewer = \"Ann\"\nreviewr = \"Bo\"\n", 2, "reviewr"),
        ("organisation = 5\n", 1, "organisation"),
        ("reviewer = \"Ann\n", 1, ""),
    ] {
        env.config(text);
        let output = env.run(&["new", "--team", "Defaults", "--no-tui"]);
        assert_ok(&output);
        let warning = stderr(&output);
        let config = env.config_path();
        assert!(
            warning.contains(&format!("{} line {line}", config.display())),
            "{text:?}: {warning}"
        );
        assert!(warning.contains(word), "{text:?}: {warning}");
        assert!(warning.contains("going on with the defaults"), "{warning}");
        let details = details_of(Path::new(stdout(&output).trim_end()));
        assert_eq!(
            details["reviewers"],
            serde_json::json!([]),
            "{text:?}: defaults"
        );
    }

    let output = env
        .bin()
        .env(
            "FIDELITY_REVIEW_CONFIG",
            env.dir.path().join("missing.toml"),
        )
        .args(["content", "check"])
        .output()
        .unwrap();
    assert_ok(&output);
    assert!(
        stderr(&output).contains("missing.toml: cannot read"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[test]
fn a_config_that_is_a_fifo_is_not_waited_on() {
    let env = Env::new();
    let fifo = env.dir.path().join("fifo.toml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let output = env
        .bin()
        .env("FIDELITY_REVIEW_CONFIG", &fifo)
        .args(["content", "check"])
        .output()
        .unwrap();
    assert_ok(&output);
    assert!(
        stderr(&output).contains("not a regular file"),
        "{}",
        stderr(&output)
    );
}

// ---- ASCII symbols ----

/// A review whose first item is flagged.
fn flagged_review(env: &Env) -> String {
    let path = env.new_review("Flags");
    let mut review: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    review["items"] = serde_json::json!({"1": {"flagged": true}});
    std::fs::write(&path, serde_json::to_vec_pretty(&review).unwrap()).unwrap();
    id_of(&path)
}

fn flag_of_item_1(output: &Output) -> String {
    assert_ok(output);
    let text = stdout(output);
    let row = text
        .lines()
        .find(|line| line.trim_start().starts_with("1  "))
        .unwrap_or_else(|| panic!("no row for item 1:\n{text}"));
    row.rsplit("  ").next().unwrap().trim().to_owned()
}

#[test]
fn ascii_symbols_come_from_the_config_or_a_linux_console() {
    let env = Env::new();
    let id = flagged_review(&env);
    assert_eq!(flag_of_item_1(&env.run(&["summary", &id])), "⚑");

    let on_console = env
        .bin()
        .env("TERM", "linux")
        .arg("--data-dir")
        .arg(env.data())
        .args(["summary", &id])
        .output()
        .unwrap();
    assert_eq!(flag_of_item_1(&on_console), "!");

    env.config("ascii = true\n");
    assert_eq!(flag_of_item_1(&env.run(&["summary", &id])), "!");

    // Said outright, the config wins over the console's name.
    env.config("ascii = false\n");
    let on_console = env
        .bin()
        .env("TERM", "linux")
        .arg("--data-dir")
        .arg(env.data())
        .args(["summary", &id])
        .output()
        .unwrap();
    assert_eq!(flag_of_item_1(&on_console), "⚑");
}
