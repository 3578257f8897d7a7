//! Start-up options.

use crate::SandboxError;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// What data the sandbox starts with.
#[derive(Debug, Clone, PartialEq)]
pub enum Seed {
    /// Provider "Demo MSP", the three screenshot clients and further realistic clients.
    Demo,
    /// Synthetic load: `clients` client orgs with `members`, `items` and `events` each.
    Scale {
        /// Number of client organizations.
        clients: usize,
        /// Members per client.
        members: usize,
        /// Items per client.
        items: usize,
        /// Events per client.
        events: usize,
    },
    /// No data at all.
    Empty,
}

impl Seed {
    /// The scale seed with the defaults (1,000 clients).
    pub fn scale_default() -> Self {
        Seed::Scale {
            clients: 1000,
            members: 10,
            items: 20,
            events: 50,
        }
    }
}

/// Per-IP rate limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RateLimit {
    /// No limits (self-hosted behaviour).
    #[default]
    Off,
    /// The cloud's per-IP limits from the contract (§12).
    Cloud,
}

impl std::str::FromStr for RateLimit {
    type Err = SandboxError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "off" => Ok(RateLimit::Off),
            "cloud" => Ok(RateLimit::Cloud),
            other => Err(SandboxError::InvalidOption(format!(
                "rate limit `{other}`: expected cloud or off"
            ))),
        }
    }
}

/// Deterministic fault injection: per-request probabilities drawn from a seeded RNG.
///
/// Text form (`--faults`): comma-separated `key=value`, e.g.
/// `seed=7,500=0.05,502=0.02,429=0.02,reset=0.01,truncate=0.01,stall=0.01:3`.
/// Keys: `seed`, `500`, `502`, `429` (with `retry-after=SECONDS`, default 1),
/// `reset` (connection reset), `truncate` (body cut short), `stall=P:SECONDS`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FaultSpec {
    /// RNG seed.
    pub seed: u64,
    /// Probability of a 500.
    pub p500: f64,
    /// Probability of a 502.
    pub p502: f64,
    /// Probability of a 429.
    pub p429: f64,
    /// Retry-After seconds on injected 429s.
    pub retry_after: u64,
    /// Probability of a connection reset.
    pub reset: f64,
    /// Probability of a truncated body.
    pub truncate: f64,
    /// Probability of a stall.
    pub stall: f64,
    /// Stall length.
    pub stall_for: Duration,
}

impl FaultSpec {
    /// Whether any fault can fire.
    pub fn is_active(&self) -> bool {
        self.p500 + self.p502 + self.p429 + self.reset + self.truncate + self.stall > 0.0
    }
}

impl std::str::FromStr for FaultSpec {
    type Err = SandboxError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut spec = FaultSpec {
            retry_after: 1,
            stall_for: Duration::from_secs(5),
            ..Default::default()
        };
        let bad = |part: &str| {
            SandboxError::InvalidOption(format!("fault `{part}`: expected key=value, see --help"))
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(|| bad(part))?;
            let prob = |v: &str| -> Result<f64, SandboxError> {
                let p: f64 = v.parse().map_err(|_| bad(part))?;
                if (0.0..=1.0).contains(&p) {
                    Ok(p)
                } else {
                    Err(bad(part))
                }
            };
            match key {
                "seed" => spec.seed = value.parse().map_err(|_| bad(part))?,
                "500" => spec.p500 = prob(value)?,
                "502" => spec.p502 = prob(value)?,
                "429" => spec.p429 = prob(value)?,
                "retry-after" => spec.retry_after = value.parse().map_err(|_| bad(part))?,
                "reset" => spec.reset = prob(value)?,
                "truncate" => spec.truncate = prob(value)?,
                "stall" => {
                    let (p, secs) = value.split_once(':').unwrap_or((value, "5"));
                    spec.stall = prob(p)?;
                    spec.stall_for = Duration::from_secs_f64(secs.parse().map_err(|_| bad(part))?);
                }
                _ => return Err(bad(part)),
            }
        }
        Ok(spec)
    }
}

/// HTTPS with a throw-away CA made at start.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TlsConfig {
    /// Where to write the CA certificate (PEM), e.g. for `NODE_EXTRA_CA_CERTS`.
    pub ca_out: Option<PathBuf>,
}

/// The per-launch secret of a guarded sandbox ([`crate::Sandbox::start_guarded`]):
/// every route is served only under `/<secret>/`, so a program or web page
/// that merely finds the port cannot reach the routes.
///
/// `Debug` never shows the value, and the sandbox never logs it; the only
/// way out is [`crate::RunningSandbox::url`], for the one client that should
/// talk to the sandbox.
#[derive(Clone)]
pub struct LaunchSecret(String);

impl LaunchSecret {
    /// 32 bytes from the operating system's generator, URL-safe base64
    /// without padding (43 characters), so it can stand as a path segment
    /// as it is, with no escaping.
    pub fn random() -> Self {
        use base64::Engine as _;
        use rand::RngCore as _;
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        LaunchSecret(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for LaunchSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LaunchSecret(<redacted>)")
    }
}

/// Everything [`crate::Sandbox::start`] needs.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Initial data.
    pub seed: Seed,
    /// Seed value for the deterministic generator.
    pub seed_value: u64,
    /// Listen address; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Allow binding a non-loopback address.
    pub allow_non_loopback: bool,
    /// Keep the database here (reused on restart); `None` = a temp dir removed at shutdown.
    pub data_dir: Option<PathBuf>,
    /// Per-IP rate limits.
    pub rate_limit: RateLimit,
    /// Fault injection.
    pub faults: Option<FaultSpec>,
    /// Added latency per request.
    pub latency: Duration,
    /// Serve HTTPS.
    pub tls: Option<TlsConfig>,
    /// Delay after a failed login / 2FA (the real server sleeps 2 s). Off by default.
    pub brute_force_delay: Duration,
    /// New-device verification (cloud behaviour) for users without 2FA.
    pub new_device_verification: bool,
    /// The day seeded dates are relative to; `None` = today (UTC).
    pub anchor: Option<chrono::DateTime<chrono::Utc>>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            seed: Seed::Demo,
            seed_value: 1,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            allow_non_loopback: false,
            data_dir: None,
            rate_limit: RateLimit::Off,
            faults: None,
            latency: Duration::ZERO,
            tls: None,
            brute_force_delay: Duration::ZERO,
            new_device_verification: false,
            anchor: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_spec_parses_every_key() {
        let spec: FaultSpec =
            "seed=7,500=0.1,502=0.2,429=0.3,retry-after=9,reset=0.01,truncate=0.02,stall=0.03:2"
                .parse()
                .unwrap();
        assert_eq!(spec.seed, 7);
        assert_eq!(spec.p429, 0.3);
        assert_eq!(spec.retry_after, 9);
        assert_eq!(spec.stall_for, Duration::from_secs(2));
        assert!(spec.is_active());
        assert!("500=2".parse::<FaultSpec>().is_err());
        assert!("bogus=1".parse::<FaultSpec>().is_err());
    }

    #[test]
    fn launch_secrets_are_random_path_segments_and_hidden_from_debug() {
        let a = LaunchSecret::random();
        let b = LaunchSecret::random();
        assert_ne!(a.as_str(), b.as_str());
        assert_eq!(a.as_str().len(), 43);
        assert!(
            a.as_str()
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert!(!format!("{a:?}").contains(a.as_str()));
    }
}

/// How the event routes page: Bitwarden's way, or the ways of servers that
/// clients must survive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EventPaging {
    /// A token that names the last event exactly (date and sequence).
    #[default]
    Exact,
    /// A token that holds only the last event's date, and pages that start
    /// at that date inclusive: events sharing an instant are served again,
    /// and a page full of one instant hands back the token it was given.
    DateOnly,
    /// The token is ignored: every request for a range gets its first page,
    /// with a fresh token each time.
    SamePage,
}
