//! The portal's rules (what counts as nearly full or stale) live here, not
//! in the UI, so the desktop app and `pdesk` agree.

use serde::Serialize;
use specta::Type;

/// Clients at or above this share of their assigned seats are "nearly full".
pub const NEARLY_FULL_PERCENT: u32 = 90;

/// Clients whose details are older than this are "not synced recently".
pub const STALE_AFTER_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// How many clients the seat-use chart shows.
pub const CHART_TOP: usize = 20;

/// How full a client's seats are, for bars and highlights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SeatLevel {
    /// The server gave no assigned or used figure.
    Unknown,
    Ok,
    /// At or above [`NEARLY_FULL_PERCENT`].
    High,
    /// Every assigned seat is in use.
    Full,
}

/// Used of assigned in whole percent, rounded to nearest; `None` without
/// both figures or without seats.
pub fn seat_percent(assigned: Option<i32>, used: Option<i32>) -> Option<u32> {
    let (assigned, used) = (i64::from(assigned?), i64::from(used?.max(0)));
    (assigned > 0)
        .then(|| u32::try_from((used * 100 + assigned / 2) / assigned).unwrap_or(u32::MAX))
}

pub fn seat_level(assigned: Option<i32>, used: Option<i32>) -> SeatLevel {
    match (assigned, used, seat_percent(assigned, used)) {
        (Some(a), Some(u), Some(_)) if u >= a => SeatLevel::Full,
        (_, _, Some(p)) if p >= NEARLY_FULL_PERCENT => SeatLevel::High,
        (_, _, Some(_)) => SeatLevel::Ok,
        _ => SeatLevel::Unknown,
    }
}

/// Not synced in full for longer than [`STALE_AFTER_MS`] at `now`, or never.
pub fn is_stale(synced_at: Option<i64>, now: i64) -> bool {
    synced_at.is_none_or(|t| now - t > STALE_AFTER_MS)
}

pub(crate) fn clamp_i32(n: Option<i64>) -> i32 {
    n.map_or(0, |n| i32::try_from(n.max(0)).unwrap_or(i32::MAX))
}

pub(crate) fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}
