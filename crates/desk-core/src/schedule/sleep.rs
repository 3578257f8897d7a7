//! Clock facts the schedulers need and that no OS event gives us portably.
//!
//! Lock on sleep: the OS's monotonic clock (`Instant`: CLOCK_MONOTONIC on
//! Linux, mach_absolute_time on macOS) stops while the machine sleeps, the
//! wall clock does not. A timer that sees the wall clock jump well past the
//! monotonic one between two ticks knows the machine was asleep in between,
//! whatever the platform's power events look like (or whether the app could
//! subscribe to them at all).

use std::time::{Duration, Instant, SystemTime};

/// A sleep shorter than this is not told apart from a busy machine.
pub const SLEEP_THRESHOLD: Duration = Duration::from_secs(30);

/// Remembers the last tick's clocks.
#[derive(Debug)]
pub struct SleepDetector {
    wall: SystemTime,
    mono: Instant,
}

impl Default for SleepDetector {
    fn default() -> Self {
        Self::new()
    }
}

impl SleepDetector {
    pub fn new() -> Self {
        SleepDetector {
            wall: SystemTime::now(),
            mono: Instant::now(),
        }
    }

    /// Whether the machine slept since the last call.
    pub fn slept(&mut self) -> bool {
        self.observe(SystemTime::now(), Instant::now())
    }

    fn observe(&mut self, wall: SystemTime, mono: Instant) -> bool {
        let wall_delta = wall.duration_since(self.wall).unwrap_or(Duration::ZERO);
        let mono_delta = mono.saturating_duration_since(self.mono);
        self.wall = wall;
        self.mono = mono;
        slept_between(wall_delta, mono_delta)
    }
}

/// The pure rule: the wall clock moved on by more than the monotonic clock
/// plus the threshold. A wall clock set back (NTP, the user) never counts.
pub fn slept_between(wall_delta: Duration, mono_delta: Duration) -> bool {
    wall_delta > mono_delta.saturating_add(SLEEP_THRESHOLD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wall_clock_jump_past_the_monotonic_clock_is_sleep() {
        let s = Duration::from_secs;
        assert!(!slept_between(s(20), s(20)));
        assert!(!slept_between(s(45), s(20)), "25 s of drift is not sleep");
        assert!(slept_between(s(3600), s(20)));
        assert!(!slept_between(Duration::ZERO, s(20)), "clock set back");
    }

    #[test]
    fn the_detector_compares_with_its_last_tick() {
        let mut detector = SleepDetector::new();
        let (wall, mono) = (detector.wall, detector.mono);
        assert!(!detector.observe(
            wall + Duration::from_secs(20),
            mono + Duration::from_secs(20)
        ));
        let (wall, mono) = (detector.wall, detector.mono);
        assert!(detector.observe(
            wall + Duration::from_secs(8 * 3600),
            mono + Duration::from_secs(20)
        ));
        // A wall clock moved backwards is no sleep, and does not poison the next tick.
        let (wall, mono) = (detector.wall, detector.mono);
        assert!(!detector.observe(
            wall - Duration::from_secs(600),
            mono + Duration::from_secs(20)
        ));
        assert!(!detector.slept());
    }
}
