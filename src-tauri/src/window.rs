//! The window opens at the size it was last given (and maximised if it was). tauri-plugin-window-state
//! restores it and writes it when the app exits; it is also written once a resize has settled, so an
//! app that ends without a clean exit (killed, or the session logged out) keeps it too.
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tauri::{Manager, Runtime, WebviewWindow, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// What is kept of the window: not its position, which may be on a screen that is gone next time.
pub const KEPT: StateFlags = StateFlags::SIZE.union(StateFlags::MAXIMIZED);

/// A resize is written once no other has followed for this long (dragging a border sends dozens).
const SETTLE: Duration = Duration::from_millis(400);

/// Writes the window's state after each resize that settles.
pub fn keep_size<R: Runtime>(window: &WebviewWindow<R>) {
    let resizes = Arc::new(AtomicU64::new(0));
    let app = window.app_handle().clone();
    window.on_window_event(move |event| {
        if !matches!(event, WindowEvent::Resized(_)) {
            return;
        }
        let this = resizes.fetch_add(1, Ordering::SeqCst) + 1;
        let (resizes, app) = (resizes.clone(), app.clone());
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(SETTLE).await;
            if resizes.load(Ordering::SeqCst) == this
                && let Err(error) = app.save_window_state(KEPT)
            {
                tracing::warn!("cannot keep the window's size: {error}");
            }
        });
    });
}
