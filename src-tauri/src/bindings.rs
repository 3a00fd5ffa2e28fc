//! The generated TypeScript must match the Rust it came from. `npm run bindings` rewrites it.
use std::path::{Path, PathBuf};

fn ui_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_BINDINGS").is_some()
}

fn check_fresh(path: &Path, generated: &str) {
    if updating() {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create dir");
        std::fs::write(path, generated).expect("write");
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(committed == generated, "{} is stale: run `npm run bindings` and commit the result", path.display());
}

#[test]
fn command_bindings_are_fresh() {
    let dir = tempfile::tempdir().expect("dir");
    let generated = dir.path().join("bindings.ts");
    crate::specta_builder().export(crate::bindings_language(), &generated).expect("export bindings");
    check_fresh(&ui_src().join("bindings.ts"), &std::fs::read_to_string(generated).expect("read"));
}
