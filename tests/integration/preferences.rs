//! Preferences: one fixed, private file; the window's theme and last login name for whoever opens
//! it, and queue filters kept per person.
use helpdesk_core::entities::tickets::Status;
use helpdesk_core::entities::users::Role;
use helpdesk_core::error::ErrorCode;
use helpdesk_core::infra::preferences_file::{PREFERENCES_FILE, PreferencesFile};
use helpdesk_core::ops::preferences::{self, Preferences, ThemePreference};
use helpdesk_core::ops::tickets::queue::{SEARCH_MAX, TicketFilters};

use crate::common::{signed_in, test_db, user};

#[tokio::test]
async fn queue_filters_belong_to_the_person_who_set_them() {
    let test = test_db().await;
    let file = PreferencesFile::in_folder(test.dir.path());
    let agent = signed_in(user(&test.db, "agent", Role::Agent).await.id);
    let other = signed_in(user(&test.db, "other", Role::Agent).await.id);
    let filters = TicketFilters { search: "printer".into(), statuses: vec![Status::OnHold], ..Default::default() };
    preferences::save_queue_filters(&test.db, &agent, &file, filters.clone()).await.expect("save");

    assert_eq!(preferences::queue_filters(&test.db, &agent, &file).await.expect("read"), Some(filters.clone()));
    // The next person on this computer starts from their own filters, never the last person's.
    assert_eq!(preferences::queue_filters(&test.db, &other, &file).await.expect("read"), None);
    let theirs = TicketFilters { search: "refund".into(), ..Default::default() };
    preferences::save_queue_filters(&test.db, &other, &file, theirs.clone()).await.expect("save");
    assert_eq!(preferences::queue_filters(&test.db, &agent, &file).await.expect("read"), Some(filters));
    assert_eq!(preferences::queue_filters(&test.db, &other, &file).await.expect("read"), Some(theirs));
}

#[tokio::test]
async fn the_window_preferences_survive_and_stay_apart_from_the_filters() {
    let test = test_db().await;
    let file = PreferencesFile::in_folder(test.dir.path());
    let agent = signed_in(user(&test.db, "agent", Role::Agent).await.id);
    let chosen = Preferences { theme: ThemePreference::Dark, last_username: Some("agent".into()) };
    preferences::update(&file, chosen.clone()).await.expect("update");
    preferences::save_queue_filters(&test.db, &agent, &file, TicketFilters::default()).await.expect("save");

    let reopened = PreferencesFile::in_folder(test.dir.path());
    assert_eq!(preferences::get(&reopened).await, chosen);
    assert_eq!(file.path(), test.dir.path().join(PREFERENCES_FILE));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file.path()).expect("file").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "preferences hold who signed in and what they searched for");
    }
}

#[tokio::test]
async fn a_damaged_file_reads_as_defaults_and_the_next_save_repairs_it() {
    let test = test_db().await;
    let file = PreferencesFile::in_folder(test.dir.path());
    std::fs::write(file.path(), "{ not json").expect("damage");
    assert_eq!(preferences::get(&file).await, Preferences::default());

    let chosen = Preferences { theme: ThemePreference::Light, last_username: None };
    preferences::update(&file, chosen.clone()).await.expect("update");
    assert_eq!(preferences::get(&file).await, chosen);
}

#[tokio::test]
async fn bad_preferences_are_refused_and_the_file_keeps_what_it_had() {
    let test = test_db().await;
    let file = PreferencesFile::in_folder(test.dir.path());
    let agent = signed_in(user(&test.db, "agent", Role::Agent).await.id);
    let kept = TicketFilters { search: "kept".into(), ..Default::default() };
    preferences::save_queue_filters(&test.db, &agent, &file, kept.clone()).await.expect("save");

    let huge = TicketFilters { search: "x".repeat(SEARCH_MAX + 1), ..Default::default() };
    let error = preferences::save_queue_filters(&test.db, &agent, &file, huge).await.expect_err("too long");
    assert_eq!((error.code, error.fields.contains_key("search")), (ErrorCode::Validation, true));
    let backwards = TicketFilters { created_from: Some(2_000), created_to: Some(1_000), ..Default::default() };
    let error = preferences::save_queue_filters(&test.db, &agent, &file, backwards).await.expect_err("range");
    assert_eq!(error.code, ErrorCode::Validation);
    let long_name = Preferences { last_username: Some("a".repeat(300)), ..Default::default() };
    let error = preferences::update(&file, long_name).await.expect_err("too long");
    assert_eq!((error.code, error.fields.contains_key("lastUsername")), (ErrorCode::Validation, true));

    assert_eq!(preferences::queue_filters(&test.db, &agent, &file).await.expect("read"), Some(kept));
    assert_eq!(preferences::get(&file).await, Preferences::default());
}

#[tokio::test]
async fn the_same_user_id_on_another_desk_is_another_person() {
    let (first, second) = (test_db().await, test_db().await);
    let file = PreferencesFile::in_folder(first.dir.path());
    let here = signed_in(user(&first.db, "agent", Role::Agent).await.id);
    let there = signed_in(user(&second.db, "someone", Role::Agent).await.id);
    let filters = TicketFilters { search: "printer".into(), ..Default::default() };
    preferences::save_queue_filters(&first.db, &here, &file, filters.clone()).await.expect("save");
    assert_eq!(preferences::queue_filters(&second.db, &there, &file).await.expect("read"), None);
    assert_eq!(preferences::queue_filters(&first.db, &here, &file).await.expect("read"), Some(filters));
}
