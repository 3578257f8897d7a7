//! Provider Desk's use cases, shared by the desktop shell and `pdesk`.
//!
//! No crate here depends on Tauri: the whole core builds and tests without a
//! webview. Front ends call into this crate and map its [`AppError`] to their
//! own surface (the IPC `{code, message}` object, or CLI exit codes).
//!
//! One folder per feature, each with its service (`impl Core` methods), its
//! view types, its pure rules and their tests: `session` (sign-in, unlock,
//! the account's files), `keys`, `sync`, `clients`, `members`, `vault`.
//! `core` holds what they share: the unlocked session, the server client,
//! the configuration and the auto-lock clock.

pub mod app;
pub mod billing;
pub mod clients;
pub mod core;
pub mod csv;
pub mod error;
pub mod events;
pub mod groups;
pub mod health;
pub mod jobs;
pub mod journal;
pub mod keys;
pub mod lang;
pub mod members;
pub mod onboarding;
pub mod people;
pub mod private_fs;
pub mod schedule;
pub mod sends;
pub mod session;
pub mod sync;
pub mod time;
pub mod vault;
mod wire_enum;

pub use app::{AppInfo, BuildKind, DataDir};
pub use error::{AppError, ErrorCode};
