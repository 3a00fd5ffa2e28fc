//! The OS keychain (Keychain on macOS, Credential Manager on Windows, the Secret Service on
//! Linux), which keeps a team desk's password when its person ticks "Remember me": never a file of
//! the app's. Entries are named by the desk and the login typed.
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use keyring::Entry;

/// The keychain's service name for the app's entries.
const SERVICE: &str = "Helpdesk";

/// Entries kept in memory instead of the keychain, once `use_memory_for_tests` was called.
static MEMORY: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();

fn name(desk: &str, login: &str) -> String {
    format!("{login} on {desk}")
}

fn in_memory<T>(use_it: impl FnOnce(&mut HashMap<String, String>) -> T) -> Option<T> {
    MEMORY.get().map(|memory| use_it(&mut memory.lock().unwrap_or_else(|poisoned| poisoned.into_inner())))
}

/// Keeps `password` for `login` on `desk`; the reason it could not, to tell the person.
pub fn keep(desk: &str, login: &str, password: &str) -> Result<(), String> {
    let name = name(desk, login);
    if let Some(()) = in_memory(|memory| drop(memory.insert(name.clone(), password.to_owned()))) {
        return Ok(());
    }
    Entry::new(SERVICE, &name).and_then(|entry| entry.set_password(password)).map_err(|error| error.to_string())
}

/// The password kept for `login` on `desk`, if any (a keychain that cannot be reached keeps none).
pub fn kept(desk: &str, login: &str) -> Option<String> {
    let name = name(desk, login);
    if let Some(found) = in_memory(|memory| memory.get(&name).cloned()) {
        return found;
    }
    Entry::new(SERVICE, &name).and_then(|entry| entry.get_password()).ok()
}

/// Forgets the password kept for `login` on `desk` (none kept is fine).
pub fn forget(desk: &str, login: &str) {
    let name = name(desk, login);
    if in_memory(|memory| drop(memory.remove(&name))).is_some() {
        return;
    }
    match Entry::new(SERVICE, &name).and_then(|entry| entry.delete_credential()) {
        Ok(()) | Err(keyring::Error::NoEntry) => {}
        Err(error) => tracing::warn!("cannot forget a kept password: {error}"),
    }
}

/// Keeps entries in this process's memory from now on, for tests: no test touches the keychain of
/// the machine it runs on.
pub fn use_memory_for_tests() {
    MEMORY.get_or_init(Mutex::default);
}
