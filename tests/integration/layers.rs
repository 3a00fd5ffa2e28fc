//! The core stays free of the UI shell: nothing it depends on, however indirectly, is Tauri, wry or
//! WebKit, so the tests and the benchmark build without them and the team desk can reuse the core.
use std::collections::{BTreeMap, BTreeSet};

/// Each package of the lock file with the names of what it depends on (every version together).
fn lock_file_dependencies() -> BTreeMap<String, BTreeSet<String>> {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock")).expect("Cargo.lock");
    let mut packages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for block in lock.split("[[package]]").skip(1) {
        let name = block
            .lines()
            .find_map(|line| line.strip_prefix("name = "))
            .map(|name| name.trim_matches('"').to_owned())
            .expect("a package name");
        let dependencies = block
            .split_once("dependencies = [")
            .map(|(_, rest)| rest.split_once(']').map_or(rest, |(list, _)| list))
            .unwrap_or_default()
            .split(',')
            .filter_map(|entry| entry.trim().trim_matches('"').split(' ').next())
            .filter(|name| !name.is_empty())
            .map(str::to_owned);
        packages.entry(name).or_default().extend(dependencies);
    }
    packages
}

#[test]
fn the_core_depends_on_no_ui_shell() {
    let packages = lock_file_dependencies();
    let mut reached = BTreeSet::new();
    let mut next = vec!["helpdesk-core".to_owned()];
    while let Some(name) = next.pop() {
        if reached.insert(name.clone()) {
            next.extend(packages.get(&name).into_iter().flatten().cloned());
        }
    }
    assert!(reached.len() > 20, "walked the core's dependencies: {reached:?}");
    assert!(reached.contains("sea-orm") && !reached.contains("helpdesk"), "{reached:?}");
    let shell: Vec<&String> = reached
        .iter()
        .filter(|name| ["tauri", "wry", "webkit2gtk", "tao"].iter().any(|s| name.starts_with(s)))
        .collect();
    assert!(shell.is_empty(), "the core reaches the UI shell through {shell:?}");
}
