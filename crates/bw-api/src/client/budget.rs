//! One rate budget for everything a client sends to a server.
//!
//! Bitwarden's cloud counts requests per IP in fixed windows it aligns
//! itself (GET 200/min; POST/PUT/DELETE 60/min and 5/s; token 10/min; identity
//! 60/min and 5/s). We keep a sliding log per rule: if no span of one period
//! ever holds more than the limit, no server-aligned window can either. A
//! small margin on each period absorbs jitter between send and arrival.
//! A `Retry-After` from the server pauses the class until then.

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
            margin: Duration::from_millis(300),
        }
    }

    pub fn unlimited() -> Self {
        RateLimits {
            read: vec![],
            write: vec![],
            token: vec![],
            identity: vec![],
            margin: Duration::ZERO,
        }
    }

    fn rules(&self, class: RequestClass) -> &[Rule] {
        match class {
            RequestClass::Read => &self.read,
            RequestClass::Write => &self.write,
            RequestClass::Token => &self.token,
            RequestClass::Identity => &self.identity,
        }
    }
}

#[derive(Debug, Default)]
struct ClassState {
    sent: VecDeque<Instant>,
    paused_until: Option<Instant>,
}

#[derive(Debug)]
pub struct RateBudget {
    limits: RateLimits,
    state: Mutex<[ClassState; 4]>,
}

fn index(class: RequestClass) -> usize {
    match class {
        RequestClass::Read => 0,
        RequestClass::Write => 1,
        RequestClass::Token => 2,
        RequestClass::Identity => 3,
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
        let s = &mut state[index(class)];
        if let Some(until) = s.paused_until {
            if until > now {
                return Some(until - now);
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
                wait = wait.max(period - now.duration_since(oldest));
            }
        }
        if wait > Duration::ZERO {
            return Some(wait);
        }
        s.sent.push_back(now);
        None
    }

    /// The server said 429 with `Retry-After`: hold the class until then.
    pub fn pause(&self, class: RequestClass, for_: Duration) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let until = Instant::now() + for_;
        let s = &mut state[index(class)];
        s.paused_until = Some(s.paused_until.map_or(until, |t| t.max(until)));
    }
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
}
