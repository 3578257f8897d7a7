//! Provider Desk's use cases, shared by the desktop shell and `pdesk`.
//!
//! No crate here depends on Tauri: the whole core builds and tests without a
//! webview. Front ends call into this crate and map its [`AppError`] to their
//! own surface (the IPC `{code, message}` object, or CLI exit codes).

pub mod account;
pub mod app;
pub mod core;
pub mod error;
pub mod portal;
pub mod private_fs;
pub mod schedule;
pub mod session;
pub mod sync;
pub mod time;
pub mod views;

pub use app::{AppInfo, BuildKind, DataDir};
pub use error::{AppError, ErrorCode};
