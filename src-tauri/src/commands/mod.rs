//! The app's IPC commands, one file per area. Each is a few lines: reach
//! the state, call the core, return its result. `AppError` serializes as
//! `{code, message}`. Commands that need the server tell the runtime whether
//! it answered.
//!
//! Adding a command: write it in its area's file, add it to
//! `collect_commands!` below, then run
//! `UPDATE_BINDINGS=1 cargo test --lib generated` (regenerates the
//! TypeScript bindings and the capability file; build.rs finds the command
//! by its `#[tauri::command]` attribute and declares it to the ACL).

mod admin;
mod app;
mod billing;
mod clients;
mod events;
mod health;
mod input;
mod members;
mod onboarding;
mod people;
mod queue;
mod sends;
mod session;
mod sync;
mod vault;

use crate::events::{SessionChanged, SyncEvent};
use crate::shell::Shell;
use tauri::State;

/// The command and event set, shared by the running app and the test that
/// regenerates `ui/src/lib/backend/bindings.ts`.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            app::app_info,
            app::get_preferences,
            app::set_preferences,
            session::session_state,
            session::demo_credentials,
            session::sign_in,
            session::send_login_email,
            session::resend_device_code,
            session::unlock,
            session::lock,
            session::logout,
            session::touch,
            clients::clients,
            clients::dashboard,
            clients::create_client,
            clients::update_client,
            clients::addable_clients,
            clients::add_existing_client,
            clients::unlink_client,
            admin::client_overview,
            admin::members,
            admin::items,
            health::health_report,
            health::health_heatmap,
            events::events_page,
            events::export_events,
            events::provider_events_page,
            events::export_provider_events,
            members::members_page,
            members::invite_members,
            members::reinvite_members,
            members::change_member_status,
            members::edit_member,
            members::confirm_preview,
            members::confirm_members,
            members::set_seats,
            members::recover_account,
            members::password_strength,
            members::set_recovery_policy,
            members::groups,
            members::save_group,
            members::delete_groups,
            vault::item,
            vault::item_totp,
            vault::save_item,
            vault::item_action,
            vault::set_item_collections,
            vault::collections,
            vault::save_collection,
            vault::delete_collections,
            vault::generate_password,
            vault::verify_master_password,
            sends::sends,
            sends::save_send,
            sends::delete_sends,
            sends::remove_send_password,
            sends::receive_send,
            sends::receive_send_file,
            people::people,
            people::invite_people,
            people::people_action,
            people::set_person_role,
            people::people_confirm_preview,
            people::confirm_people,
            billing::provider_billing,
            billing::client_billing,
            billing::set_provider_details,
            billing::set_provider_address,
            billing::set_client_billing,
            billing::invoice_csv_path,
            billing::save_invoice_csv,
            onboarding::onboarding,
            onboarding::open_resource,
            queue::queue,
            queue::apply_queue,
            queue::retry_job,
            queue::discard_job,
            sync::start_sync,
            sync::cancel_sync,
        ])
        .events(tauri_specta::collect_events![SyncEvent, SessionChanged])
        // Lists the UI needs as values, not only as types.
        .constant("ERROR_CODES", desk_core::ErrorCode::ALL)
        .constant(
            "EVENT_CATEGORY_ORDER",
            desk_core::events::EventCategory::ALL,
        )
        .constant("RESOURCE_URLS", desk_core::onboarding::Resource::urls())
}

type Shl<'a> = State<'a, Shell>;

/// The user's Downloads folder (the home folder where there is none):
/// where exports and received files go, like a browser's downloads.
fn downloads(app: &tauri::AppHandle) -> Result<std::path::PathBuf, desk_core::AppError> {
    use tauri::Manager;
    app.path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|e| {
            desk_core::AppError::new(
                desk_core::ErrorCode::Internal,
                format!("no Downloads folder: {e}"),
            )
        })
}

/// Submits planned operations now; the server's reachability is noted.
async fn apply(
    shell: &Shl<'_>,
    planned: Result<Vec<desk_core::jobs::Operation>, desk_core::AppError>,
) -> Result<desk_core::jobs::Submitted, desk_core::AppError> {
    let core = shell.core()?;
    core.touch();
    let result = match planned {
        Ok(operations) => core.submit(operations, true).await,
        Err(error) => Err(error),
    };
    shell.note(&result);
    result
}

/// Every `#[tauri::command]` in this folder, found by build.rs (which also
/// declares them to tauri-build); the tests check the builder and the
/// capability against it.
#[cfg(test)]
pub use generated::COMMANDS;
#[cfg(test)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/commands.rs"));
}
