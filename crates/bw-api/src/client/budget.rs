//! One rate budget for everything a client sends to a server.
//!
//! Bitwarden's cloud counts requests per IP in fixed windows it aligns
//! itself (GET 200/min; POST/PUT/DELETE 60/min and 5/s; token 10/min; identity
//! 60/min and 5/s; member invitations 5/min and 300/day on top of the write
//! limits). We keep a sliding log per rule: if no span of one period
//! ever holds more than the limit, no server-aligned window can either. A
//! small margin on each period absorbs jitter between send and arrival.
//! A `Retry-After` from the server pauses the class until then, within
//! bounds: short waits are waited out in place, long ones (or too many short
//! ones) make the class fail fast until the server's time has passed, so a
//! server that answers 429 to everything cannot hold callers forever.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Which counters a request draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestClass {
    /// api host GET.
    Read,
    /// api host POST/PUT/DELETE.
    Write,
    /// identity host `connect/token`.
    Token,
    /// any other identity request (prelogin).
    Identity,
    /// An invitation (organization or provider members), counted on top of
    /// `Write`. Never waited for in place: a full window fails fast with
    /// the time left, so the write queue shows a countdown.
    Invite,
}

#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub limit: usize,
    pub period: Duration,
}

/// Limits per class. `cloud()` mirrors Bitwarden's cloud; `unlimited()` is for
/// self-hosted servers and the sandbox without `--rate-limit`.
#[derive(Debug, Clone)]
pub struct RateLimits {
    pub read: Vec<Rule>,
    pub write: Vec<Rule>,
    pub token: Vec<Rule>,
    pub identity: Vec<Rule>,
    pub invite: Vec<Rule>,
    /// Added to every period (see the module comment).
    pub margin: Duration,
}

impl RateLimits {
    pub fn cloud() -> Self {
        let rule = |limit, secs| Rule {
            limit,
            period: Duration::from_secs(secs),
        };
        RateLimits {
            read: vec![rule(200, 60)],
            write: vec![rule(60, 60), rule(5, 1)],
            token: vec![rule(10, 60)],
            identity: vec![rule(60, 60), rule(5, 1)],
            invite: vec![rule(5, 60), rule(300, 24 * 60 * 60)],
            margin: Duration::from_millis(300),
        }
    }

    pub fn unlimited() -> Self {
        RateLimits {
            read: vec![],
            write: vec![],
            token: vec![],
            identity: vec![],
            invite: vec![],
            margin: Duration::ZERO,
        }
    }

    fn rules(&self, class: RequestClass) -> &[Rule] {
        match class {
            RequestClass::Read => &self.read,
            RequestClass::Write => &self.write,
            RequestClass::Token => &self.token,
            RequestClass::Identity => &self.identity,
            RequestClass::Invite => &self.invite,
        }
    }
}

/// The longest a class waits in place after a 429, whatever a caller asks
/// ([`RateBudget::pause`]); longer waits become a fail-fast block.
pub const MAX_PAUSE: Duration = Duration::from_secs(10 * 60);
/// The longest a class fails fast after a 429 (a server asking for more is
/// asked again after this).
pub const MAX_BLOCK: Duration = Duration::from_secs(24 * 60 * 60);
/// After this long without a 429 the client's tally of time spent waiting
/// on the server starts again from zero, so a long-running app that met a
/// few rate limits days apart still waits them out in place.
pub const THROTTLE_QUIET_RESET: Duration = Duration::from_secs(10 * 60);

/// How the client answers a server's 429.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// The longest `Retry-After` waited out in place; a longer one fails the
    /// request at once and blocks the class until then.
    pub max_inline_wait: Duration,
    /// The most time this client spends waiting on 429s (counted as time a
    /// class is held, so parallel requests waiting together count once)
    /// before further 429s block the class instead of waiting.
    pub deadline: Duration,
}

/// What [`RateBudget::throttled`] decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Throttle {
    /// The class is paused this long; try again after the pause.
    Wait(Duration),
    /// The class is blocked this long; fail without sending until then.
    FailFast(Duration),
}

#[derive(Debug, Default)]
struct ClassState {
    sent: VecDeque<Instant>,
    /// Requests wait until then (a short `Retry-After`).
    paused_until: Option<Instant>,
    /// Requests fail at once until then (a long `Retry-After`, or the
    /// client's 429 deadline is spent).
    blocked_until: Option<Instant>,
}

#[derive(Debug, Default)]
struct State {
    classes: [ClassState; 5],
    /// Time classes were held by 429 pauses since `last_throttle` began a
    /// run of them.
    throttled_for: Duration,
    last_throttle: Option<Instant>,
}

#[derive(Debug)]
pub struct RateBudget {
    limits: RateLimits,
    state: Mutex<State>,
}

fn index(class: RequestClass) -> usize {
    match class {
        RequestClass::Read => 0,
        RequestClass::Write => 1,
        RequestClass::Token => 2,
        RequestClass::Identity => 3,
        RequestClass::Invite => 4,
    }
}

impl RateBudget {
    pub fn new(limits: RateLimits) -> Self {
        RateBudget {
            limits,
            state: Mutex::new(Default::default()),
        }
    }

    /// Waits until a request of `class` fits every rule, then records it.
    pub async fn acquire(&self, class: RequestClass) {
        loop {
            match self.try_acquire(class, Instant::now()) {
                None => return,
                Some(wait) => tokio::time::sleep(wait).await,
            }
        }
    }

    /// Records the request and returns `None` if it fits now, else how long
    /// to wait before asking again.
    pub fn try_acquire(&self, class: RequestClass, now: Instant) -> Option<Duration> {
        let rules = self.limits.rules(class);
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let s = &mut state.classes[index(class)];
        if let Some(until) = s.paused_until {
            if until > now {
                return Some(until.saturating_duration_since(now));
            }
            s.paused_until = None;
        }
        if rules.is_empty() {
            return None;
        }
        let longest = rules.iter().map(|r| r.period).max().unwrap_or_default() + self.limits.margin;
        while s
            .sent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= longest)
        {
            s.sent.pop_front();
        }
        let mut wait = Duration::ZERO;
        for rule in rules {
            let period = rule.period + self.limits.margin;
            let in_window = s
                .sent
                .iter()
                .rev()
                .take_while(|t| now.duration_since(**t) < period)
                .count();
            if in_window >= rule.limit {
                // The oldest request inside the window must age out first.
                let oldest = s.sent[s.sent.len() - in_window];
                wait = wait.max(period.saturating_sub(now.duration_since(oldest)));
            }
        }
        if wait > Duration::ZERO {
            return Some(wait);
        }
        s.sent.push_back(now);
        None
    }

    /// Like [`acquire`](Self::acquire), but a blocked class (see
    /// [`throttled`](Self::throttled)) is not waited for: `Err` says how much
    /// longer the block lasts, and nothing is recorded.
    pub async fn admit(&self, class: RequestClass) -> Result<(), Duration> {
        loop {
            if let Some(left) = self.blocked_for(class, Instant::now()) {
                return Err(left);
            }
            match self.try_acquire(class, Instant::now()) {
                None => return Ok(()),
                Some(wait) => tokio::time::sleep(wait).await,
            }
        }
    }

    /// Records a request of `class` if it fits now; else how long until it
    /// would, and nothing is recorded (no waiting: see
    /// [`RequestClass::Invite`]).
    pub fn reserve(&self, class: RequestClass) -> Result<(), Duration> {
        let now = Instant::now();
        if let Some(left) = self.blocked_for(class, now) {
            return Err(left);
        }
        match self.try_acquire(class, now) {
            None => Ok(()),
            Some(wait) => Err(wait),
        }
    }

    /// How much longer `class` fails fast, if it is blocked at `now`.
    pub fn blocked_for(&self, class: RequestClass, now: Instant) -> Option<Duration> {
        let state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        state.classes[index(class)]
            .blocked_until
            .filter(|until| *until > now)
            .map(|until| until.saturating_duration_since(now))
    }

    /// Holds the class for `for_` (at most [`MAX_PAUSE`]): requests of the
    /// class wait until then. Never shortens an existing pause.
    pub fn pause(&self, class: RequestClass, for_: Duration) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = Instant::now();
        let until = later(now, for_.min(MAX_PAUSE));
        let s = &mut state.classes[index(class)];
        s.paused_until = Some(s.paused_until.map_or(until, |t| t.max(until)));
    }

    /// The server answered a request of `class` with 429 and asked for
    /// `asked`. Decides, under one lock so parallel requests agree, whether
    /// the class pauses (and the request may be tried again after it) or is
    /// blocked (and every request of the class fails until then).
    pub fn throttled(
        &self,
        class: RequestClass,
        asked: Duration,
        policy: ThrottlePolicy,
        now: Instant,
    ) -> Throttle {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if state
            .last_throttle
            .is_none_or(|t| now.saturating_duration_since(t) >= THROTTLE_QUIET_RESET)
        {
            state.throttled_for = Duration::ZERO;
        }
        state.last_throttle = Some(now);
        let s = &mut state.classes[index(class)];
        // Another request already gave up on this class: agree with it.
        if let Some(until) = s.blocked_until.filter(|until| *until > now) {
            return Throttle::FailFast(until.saturating_duration_since(now));
        }
        let until = later(now, asked.min(MAX_BLOCK));
        // Only the part of this pause beyond what the class already waits
        // for is new waiting.
        let held_until = s.paused_until.filter(|t| *t > now).unwrap_or(now);
        let added = until.saturating_duration_since(held_until);
        let spent = state.throttled_for.saturating_add(added);
        let s = &mut state.classes[index(class)];
        if asked > policy.max_inline_wait || asked > MAX_PAUSE || spent > policy.deadline {
            s.blocked_until = Some(until);
            return Throttle::FailFast(until.saturating_duration_since(now));
        }
        s.paused_until = Some(held_until.max(until));
        state.throttled_for = spent;
        Throttle::Wait(until.saturating_duration_since(now))
    }
}

/// `now + d`, or `now` itself in the (theoretical) case the clock cannot
/// represent it; callers have clamped `d` to hours already.
fn later(now: Instant, d: Duration) -> Instant {
    now.checked_add(d).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(limit: usize, secs: u64) -> RateBudget {
        RateBudget::new(RateLimits {
            read: vec![Rule {
                limit,
                period: Duration::from_secs(secs),
            }],
            write: vec![],
            token: vec![],
            identity: vec![],
            invite: vec![],
            margin: Duration::ZERO,
        })
    }

    #[test]
    fn never_more_than_the_limit_in_any_window() {
        let b = budget(200, 60);
        let start = Instant::now();
        let mut sent = Vec::new();
        let mut now = start;
        // Simulate 5 minutes of a client that always wants to send.
        while now < start + Duration::from_secs(300) {
            match b.try_acquire(RequestClass::Read, now) {
                None => sent.push(now),
                Some(wait) => now += wait,
            }
        }
        for (i, t) in sent.iter().enumerate() {
            let in_window = sent[i..]
                .iter()
                .take_while(|u| u.duration_since(*t) < Duration::from_secs(60))
                .count();
            assert!(in_window <= 200, "{in_window} requests within 60 s");
        }
        // And it uses the budget fully: 200 per minute over 5 minutes.
        assert!(
            sent.len() >= 1000,
            "only {} requests in 5 minutes",
            sent.len()
        );
    }

    #[test]
    fn invitations_fail_fast_with_the_time_left_once_the_cloud_limit_is_used() {
        let b = RateBudget::new(RateLimits::cloud());
        for _ in 0..5 {
            assert_eq!(b.reserve(RequestClass::Invite), Ok(()));
        }
        let wait = b.reserve(RequestClass::Invite).unwrap_err();
        assert!(
            wait > Duration::from_secs(59) && wait <= Duration::from_millis(60_300),
            "{wait:?}"
        );
        // Invitations are their own class: other writes still go.
        assert_eq!(b.reserve(RequestClass::Write), Ok(()));
        // The day's limit: 300 per 24 h, whatever the minute windows allow.
        let day = RateBudget::new(RateLimits::cloud());
        let start = Instant::now();
        let mut now = start;
        let mut sent = 0;
        while now < start + Duration::from_secs(2 * 60 * 60) {
            match day.try_acquire(RequestClass::Invite, now) {
                None => sent += 1,
                Some(wait) => now += wait,
            }
            if sent == 300 {
                break;
            }
        }
        assert_eq!(sent, 300);
        let left = day.try_acquire(RequestClass::Invite, now).unwrap();
        assert!(left > Duration::from_secs(20 * 60 * 60), "{left:?}");
    }

    #[test]
    fn retry_after_pauses_the_class_only() {
        let b = RateBudget::new(RateLimits::unlimited());
        b.pause(RequestClass::Read, Duration::from_secs(30));
        assert!(b.try_acquire(RequestClass::Read, Instant::now()).is_some());
        assert!(b.try_acquire(RequestClass::Write, Instant::now()).is_none());
    }

    #[test]
    fn short_and_long_rules_both_hold() {
        let b = RateBudget::new(RateLimits::cloud());
        let now = Instant::now();
        for _ in 0..5 {
            assert!(b.try_acquire(RequestClass::Write, now).is_none());
        }
        let wait = b
            .try_acquire(RequestClass::Write, now)
            .expect("sixth write in a second must wait");
        assert!(
            wait > Duration::from_millis(900) && wait <= Duration::from_millis(1300),
            "{wait:?}"
        );
    }

    #[test]
    fn huge_pauses_never_panic_and_are_clamped() {
        let b = RateBudget::new(RateLimits::unlimited());
        b.pause(RequestClass::Read, Duration::MAX);
        b.pause(RequestClass::Read, Duration::from_secs(u64::MAX));
        let wait = b
            .try_acquire(RequestClass::Read, Instant::now())
            .expect("paused");
        assert!(wait <= MAX_PAUSE, "{wait:?}");
        let policy = ThrottlePolicy {
            max_inline_wait: Duration::from_secs(60),
            deadline: Duration::from_secs(120),
        };
        match b.throttled(RequestClass::Write, Duration::MAX, policy, Instant::now()) {
            Throttle::FailFast(left) => assert!(left <= MAX_BLOCK, "{left:?}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn short_waits_pause_long_ones_block() {
        let b = RateBudget::new(RateLimits::unlimited());
        let policy = ThrottlePolicy {
            max_inline_wait: Duration::from_secs(60),
            deadline: Duration::from_secs(120),
        };
        let now = Instant::now();
        assert_eq!(
            b.throttled(RequestClass::Read, Duration::from_secs(5), policy, now),
            Throttle::Wait(Duration::from_secs(5))
        );
        assert!(b.blocked_for(RequestClass::Read, now).is_none());
        assert!(b.try_acquire(RequestClass::Read, now).is_some());
        assert_eq!(
            b.throttled(RequestClass::Write, Duration::from_secs(61), policy, now),
            Throttle::FailFast(Duration::from_secs(61))
        );
        assert_eq!(
            b.blocked_for(RequestClass::Write, now + Duration::from_secs(1)),
            Some(Duration::from_secs(60))
        );
        assert!(
            b.blocked_for(RequestClass::Write, now + Duration::from_secs(61))
                .is_none()
        );
        // A block is per class.
        assert!(b.blocked_for(RequestClass::Token, now).is_none());
    }

    #[test]
    fn the_429_deadline_bounds_total_waiting() {
        let b = RateBudget::new(RateLimits::unlimited());
        let policy = ThrottlePolicy {
            max_inline_wait: Duration::from_secs(60),
            deadline: Duration::from_secs(120),
        };
        let start = Instant::now();
        let mut now = start;
        let mut waited = Duration::ZERO;
        // A server that answers 429 with Retry-After: 10 to everything.
        loop {
            // Parallel requests that meet the same pause count once.
            let mut decisions = Vec::new();
            for _ in 0..4 {
                decisions.push(b.throttled(
                    RequestClass::Read,
                    Duration::from_secs(10),
                    policy,
                    now,
                ));
            }
            match decisions[0] {
                Throttle::Wait(d) => {
                    assert!(decisions.iter().all(|x| matches!(x, Throttle::Wait(_))));
                    waited += d;
                    now += d;
                }
                Throttle::FailFast(left) => {
                    assert_eq!(left, Duration::from_secs(10));
                    break;
                }
            }
            assert!(waited <= Duration::from_secs(120), "{waited:?}");
        }
        assert_eq!(waited, Duration::from_secs(120));
        // Once spent, later 429s block at once…
        let later = now + Duration::from_secs(11);
        assert!(matches!(
            b.throttled(RequestClass::Read, Duration::from_secs(1), policy, later),
            Throttle::FailFast(_)
        ));
        // …until the server has left us alone for a while.
        let quiet = later + THROTTLE_QUIET_RESET;
        assert!(matches!(
            b.throttled(RequestClass::Read, Duration::from_secs(1), policy, quiet),
            Throttle::Wait(_)
        ));
    }
}
