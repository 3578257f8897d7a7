//! The reports' outside knowledge: which passwords appear in breaches (Have
//! I Been Pwned, k-anonymity) and which sites offer TOTP (2fa.directory).
//! Both answers are kept in the encrypted snapshot with their age, so the
//! reports work offline with the last answers.
//!
//! Only the first five hex digits of a password's SHA-1 leave the machine,
//! and each distinct prefix is asked for at most once per run, so N distinct
//! passwords cost at most N requests (fewer when prefixes repeat or answers
//! are fresh in the snapshot).

use crate::core::Core;
use crate::error::AppError;
use crate::time::{iso8601, now_ms};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};
use specta::Type;
use std::collections::{HashMap, HashSet};

/// A range request's answer: suffixes and counts.
type RangeAnswer = Result<Vec<(String, u64)>, bw_api::client::ApiError>;

/// Range requests in flight at once.
const BREACH_CONCURRENCY: usize = 8;

/// Answers older than this are asked again when online.
pub const MAX_ANSWER_AGE_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// Whether and how exposed passwords are checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BreachCheck {
    /// Not at all (the setting is off).
    Off,
    /// With the answers the snapshot already holds (offline, or during sync).
    Cached,
    /// Asking Have I Been Pwned for prefixes not answered in the last week.
    #[default]
    Online,
}

/// How the exposed-password report was made.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct BreachStatus {
    pub check: BreachCheck,
    /// Distinct passwords of live logins.
    pub passwords: u32,
    /// Of those, how many had an answer (fresh or kept).
    pub checked: u32,
    /// Requests made to the range API in this run.
    pub requests: u32,
    /// The oldest answer used (ISO 8601): the age of the breach data.
    pub oldest_answer: Option<String>,
    /// Why some passwords could not be checked (offline…).
    pub error: Option<String>,
}

/// Where the TOTP site list came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TotpSource {
    /// The list shipped with Provider Desk (never fetched yet).
    #[default]
    Shipped,
    /// 2fa.directory's list, as last fetched.
    Directory,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TotpSitesStatus {
    pub source: TotpSource,
    pub sites: u32,
    /// When the list was fetched (ISO 8601), for the directory's.
    pub as_of: Option<String>,
}

const SHIPPED_TOTP_SITES: &str = include_str!("totp_sites.txt");

/// The shipped list.
pub fn shipped_totp_sites() -> HashSet<String> {
    SHIPPED_TOTP_SITES
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// Uppercase hex SHA-1.
pub fn sha1_hex(password: &str) -> String {
    Sha1::digest(password.as_bytes())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect()
}

/// A stored range answer: `SUFFIX:COUNT` lines.
fn parse_stored(body: &str) -> HashMap<String, u64> {
    body.lines()
        .filter_map(|l| {
            let (s, n) = l.split_once(':')?;
            Some((s.to_owned(), n.parse().ok()?))
        })
        .collect()
}

/// The host a URI names, lowercased, without `www.` (as Bitwarden's
/// inactive two-step login report compares them).
pub fn uri_host(uri: &str) -> Option<String> {
    let text = uri.trim();
    let parsed = url::Url::parse(text)
        .or_else(|_| url::Url::parse(&format!("https://{text}")))
        .ok()?;
    let host = parsed.host_str()?.to_ascii_lowercase();
    Some(host.strip_prefix("www.").map(str::to_owned).unwrap_or(host))
}

impl Core {
    /// How many times each password (by SHA-1) was seen in breaches, for
    /// the passwords that could be checked.
    #[tracing::instrument(skip_all, fields(passwords = passwords.len()))]
    pub(crate) async fn breach_counts(
        &self,
        passwords: &HashSet<&str>,
        check: BreachCheck,
    ) -> Result<(HashMap<String, u64>, BreachStatus), AppError> {
        let mut status = BreachStatus {
            check,
            passwords: u32::try_from(passwords.len()).unwrap_or(u32::MAX),
            ..BreachStatus::default()
        };
        let mut counts = HashMap::new();
        if check == BreachCheck::Off {
            return Ok((counts, status));
        }
        let hashes: Vec<String> = passwords.iter().map(|p| sha1_hex(p)).collect();
        let mut by_prefix: HashMap<&str, Vec<&str>> = HashMap::new();
        for h in &hashes {
            by_prefix.entry(&h[..5]).or_default().push(&h[5..]);
        }
        let unlocked = self.unlocked().await?;
        let server = unlocked.session.record.server.clone();
        // Held across the requests: a lock waits for the report to end.
        let snapshot = &unlocked.session.snapshot;
        let now = now_ms();
        let mut prefixes: Vec<&str> = by_prefix.keys().copied().collect();
        prefixes.sort_unstable();
        let mut answers: HashMap<&str, (HashMap<String, u64>, i64)> = HashMap::new();
        let mut due = Vec::new();
        let mut stored_all = snapshot.breach_ranges(&prefixes).await?;
        for prefix in &prefixes {
            let stored = stored_all.remove(*prefix);
            let fresh = stored
                .as_ref()
                .is_some_and(|(_, at)| now - at < MAX_ANSWER_AGE_MS);
            if let Some((body, at)) = stored {
                answers.insert(prefix, (parse_stored(&body), at));
            }
            if check == BreachCheck::Online && !fresh {
                due.push(*prefix);
            }
        }
        if !due.is_empty() {
            let public = self.public_client(&server)?;
            // A few at a time, as a browser would; the first failure
            // (offline, refused) stops the ones not started yet, and the
            // rest use what the snapshot holds.
            let failed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let fetched: Vec<(String, RangeAnswer)> = futures_util::stream::iter(
                due.into_iter().map(str::to_owned).collect::<Vec<String>>(),
            )
            .map(|prefix| {
                let public = public.clone();
                let failed = failed.clone();
                async move {
                    if failed.load(std::sync::atomic::Ordering::Relaxed) {
                        return None;
                    }
                    let answer = public.pwned_range(&prefix).await;
                    if answer.is_err() {
                        failed.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    Some((prefix, answer))
                }
            })
            .buffer_unordered(BREACH_CONCURRENCY)
            .filter_map(|x| async move { x })
            .collect()
            .await;
            let mut to_store = Vec::new();
            for (prefix, answer) in fetched {
                status.requests += 1;
                match answer {
                    Ok(lines) => {
                        let body: String =
                            lines.iter().map(|(s, n)| format!("{s}:{n}\n")).collect();
                        to_store.push((prefix.clone(), body));
                        let key = by_prefix.get_key_value(prefix.as_str()).map(|(k, _)| *k);
                        if let Some(key) = key {
                            answers.insert(key, (lines.into_iter().collect(), now));
                        }
                    }
                    Err(error) => {
                        tracing::warn!(%error, "breach range not fetched");
                        if status.error.is_none() {
                            status.error = Some(AppError::from(error).message);
                        }
                    }
                }
            }
            snapshot.put_breach_ranges(&to_store, now).await?;
        }
        let mut oldest: Option<i64> = None;
        for prefix in prefixes {
            let Some((range, at)) = answers.get(prefix) else {
                continue;
            };
            oldest = Some(oldest.map_or(*at, |o: i64| o.min(*at)));
            for suffix in &by_prefix[prefix] {
                status.checked += 1;
                if let Some(n) = range.get(*suffix) {
                    counts.insert(format!("{prefix}{suffix}"), *n);
                }
            }
        }
        status.oldest_answer = oldest.map(iso8601);
        Ok((counts, status))
    }

    /// The TOTP site list: 2fa.directory's as last fetched (fetched again
    /// when `online` and over a week old), else the shipped one.
    #[tracing::instrument(skip_all)]
    pub(crate) async fn totp_sites(
        &self,
        online: bool,
    ) -> Result<(HashSet<String>, TotpSitesStatus), AppError> {
        let unlocked = self.unlocked().await?;
        let server = unlocked.session.record.server.clone();
        // Held across the requests: a lock waits for the report to end.
        let snapshot = &unlocked.session.snapshot;
        let (mut sites, mut at) = snapshot.totp_sites().await?;
        let now = now_ms();
        if online && at.is_none_or(|t| now - t >= MAX_ANSWER_AGE_MS) {
            match self.public_client(&server)?.totp_directory().await {
                Ok(list) if !list.is_empty() => {
                    snapshot.put_totp_sites(&list, now).await?;
                    sites = list;
                    at = Some(now);
                }
                Ok(_) => tracing::warn!("the two-factor directory came back empty; keeping ours"),
                Err(error) => tracing::warn!(%error, "two-factor directory not fetched"),
            }
        }
        if sites.is_empty() {
            let shipped = shipped_totp_sites();
            let n = u32::try_from(shipped.len()).unwrap_or(u32::MAX);
            return Ok((
                shipped,
                TotpSitesStatus {
                    source: TotpSource::Shipped,
                    sites: n,
                    as_of: None,
                },
            ));
        }
        let n = u32::try_from(sites.len()).unwrap_or(u32::MAX);
        Ok((
            sites.into_iter().collect(),
            TotpSitesStatus {
                source: TotpSource::Directory,
                sites: n,
                as_of: at.map(iso8601),
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_compared_without_www() {
        assert_eq!(
            uri_host("https://www.GitHub.com/login").as_deref(),
            Some("github.com")
        );
        assert_eq!(
            uri_host("bank.example.com").as_deref(),
            Some("bank.example.com")
        );
        assert_eq!(uri_host("http://192.0.2.1").as_deref(), Some("192.0.2.1"));
        assert_eq!(
            uri_host("androidapp://com.example"),
            Some("com.example".into())
        );
    }

    #[test]
    fn the_shipped_list_reads() {
        let sites = shipped_totp_sites();
        assert!(sites.contains("github.com") && sites.len() > 50);
        assert!(!sites.iter().any(|s| s.starts_with('#')));
    }

    #[test]
    fn sha1_is_uppercase_hex() {
        assert_eq!(
            sha1_hex("password"),
            "5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8"
        );
    }
}
