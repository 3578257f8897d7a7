// The app's own IPC commands. build.rs includes this file to declare them to
// tauri-build (so the ACL checks every one of them) and the shell registers
// the same list; a test keeps both and the capability file in step.
pub const COMMANDS: &[&str] = &[
    "app_info",
    "get_preferences",
    "set_preferences",
    "session_state",
    "demo_credentials",
    "sign_in",
    "send_login_email",
    "resend_device_code",
    "unlock",
    "lock",
    "logout",
    "touch",
    "clients",
    "dashboard",
    "client_overview",
    "members",
    "items",
    "create_client",
    "update_client",
    "start_sync",
    "cancel_sync",
];
