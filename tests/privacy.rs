//! Nothing goes over a network: no HTTP or networking client anywhere in the dependency tree.

use std::collections::BTreeSet;

/// Crates that would let the program talk to a network.
const NETWORK_CRATES: &[&str] = &[
    "reqwest",
    "hyper",
    "ureq",
    "curl",
    "curl-sys",
    "isahc",
    "surf",
    "attohttpc",
    "h2",
    "http",
    "tokio",
    "async-std",
    "socket2",
    "rustls",
    "native-tls",
    "openssl",
    "tungstenite",
    "websocket",
    "quinn",
];

fn locked_packages() -> BTreeSet<String> {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
        .expect("Cargo.lock is committed");
    lock.lines()
        .filter_map(|line| line.strip_prefix("name = \""))
        .map(|rest| rest.trim_end_matches('"').to_owned())
        .collect()
}

#[test]
fn the_dependency_tree_has_no_network_client() {
    let packages = locked_packages();
    assert!(packages.contains("ratatui"), "the lock file was read");
    let found: Vec<&&str> = NETWORK_CRATES
        .iter()
        .filter(|name| packages.contains(**name))
        .collect();
    assert!(found.is_empty(), "network crates in Cargo.lock: {found:?}");
}

#[test]
fn the_source_opens_no_sockets() {
    let mut offenders = Vec::new();
    visit(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut offenders,
    );
    assert!(offenders.is_empty(), "network calls in: {offenders:?}");
}

fn visit(dir: &std::path::Path, offenders: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            visit(&path, offenders);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for needle in ["TcpStream", "UdpSocket", "TcpListener", "std::net"] {
                if text.contains(needle) {
                    offenders.push(format!("{} ({needle})", path.display()));
                }
            }
        }
    }
}
