//! The two public services Bitwarden's own reports use besides the
//! Bitwarden server: Have I Been Pwned's password range API (exposed
//! passwords) and 2fa.directory's list of sites that offer TOTP (inactive
//! two-step login). Anonymous GETs, with the same timeouts and size caps as
//! the Bitwarden client, none of its headers or tokens, and answers checked
//! whole before anyone uses them.

use crate::client::ApiError;
use crate::client::body::read_capped;
use std::time::Duration;
use url::Url;

/// Where the two services are; tests and the demo point them at the sandbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicUrls {
    /// The range API's base: `<base>/<5 hex digits>`.
    pub pwned_range: Url,
    /// 2fa.directory's TOTP list (API v3, `totp.json`).
    pub totp_directory: Url,
}

impl Default for PublicUrls {
    fn default() -> Self {
        // Constant, known-good URLs.
        let parse = |s: &str| Url::parse(s).unwrap_or_else(|_| unreachable!("constant URL {s}"));
        PublicUrls {
            pwned_range: parse("https://api.pwnedpasswords.com/range/"),
            totp_directory: parse("https://api.2fa.directory/v3/totp.json"),
        }
    }
}

impl PublicUrls {
    /// Both under one base (the sandbox serves `pwned/range/` and
    /// `2fa-directory/totp.json`).
    pub fn under(base: &str) -> Result<Self, ApiError> {
        let base = Url::parse(base.trim_end_matches('/'))
            .and_then(|u| Url::parse(&format!("{}/", u.as_str().trim_end_matches('/'))))
            .map_err(|e| ApiError::InvalidUrl(format!("{base:?} is not a URL: {e}")))?;
        let join = |path: &str| {
            base.join(path)
                .map_err(|e| ApiError::InvalidUrl(format!("{path}: {e}")))
        };
        Ok(PublicUrls {
            pwned_range: join("pwned/range/")?,
            totp_directory: join("2fa-directory/totp.json")?,
        })
    }
}

/// The largest range answer read (a real one is ~30 KB padded).
const MAX_RANGE_BYTES: usize = 2 * 1024 * 1024;
/// The largest TOTP list read (the real one is ~1 MB).
const MAX_DIRECTORY_BYTES: usize = 16 * 1024 * 1024;
/// Domains kept from a TOTP list at most.
const MAX_DOMAINS: usize = 200_000;

/// An anonymous client for the public services.
#[derive(Clone)]
pub struct PublicClient {
    http: reqwest::Client,
    urls: PublicUrls,
}

impl PublicClient {
    pub fn new(urls: PublicUrls, extra_ca_pem: Option<&[u8]>) -> Result<Self, ApiError> {
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .gzip(true)
            .timeout(Duration::from_secs(30))
            .read_timeout(Duration::from_secs(15))
            .connect_timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(format!("ProviderDesk/{}", env!("CARGO_PKG_VERSION")));
        if let Some(pem) = extra_ca_pem {
            for cert in reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| ApiError::Tls(format!("extra CA file: {e}")))?
            {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder.build().map_err(|e| ApiError::Tls(e.to_string()))?;
        Ok(PublicClient { http, urls })
    }

    async fn get_text(
        &self,
        url: Url,
        what: &str,
        cap: usize,
        padding: bool,
    ) -> Result<String, ApiError> {
        let mut request = self.http.get(url);
        if padding {
            // Every answer padded to a similar size, so its length does not
            // tell an observer how many suffixes the prefix has.
            request = request.header("Add-Padding", "true");
        }
        let response = request
            .send()
            .await
            .map_err(|e| crate::client::network_error(&e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(crate::client::api_error(
                status,
                &crate::client::error_text(response).await,
            ));
        }
        let bytes = read_capped(response, cap)
            .await
            .map_err(|e| e.into_api_error(what, cap))?;
        String::from_utf8(bytes).map_err(|e| ApiError::decode(what, "", &e.to_string()))
    }

    /// The breached-password suffixes of one SHA-1 prefix (5 hex digits,
    /// the only part of a password's hash that leaves the machine), as
    /// `(35-digit uppercase suffix, times seen)`; padding lines (count 0)
    /// dropped. Any other line is an error, not a skipped line.
    #[tracing::instrument(skip(self))]
    pub async fn pwned_range(&self, prefix: &str) -> Result<Vec<(String, u64)>, ApiError> {
        if prefix.len() != 5 || !prefix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ApiError::InvalidUrl(format!(
                "{prefix:?} is not a 5-digit hex prefix"
            )));
        }
        let url = self
            .urls
            .pwned_range
            .join(&prefix.to_ascii_uppercase())
            .map_err(|e| ApiError::InvalidUrl(e.to_string()))?;
        let text = self
            .get_text(url, "the breached-password range", MAX_RANGE_BYTES, true)
            .await?;
        parse_range(&text)
    }

    /// The domains of sites that offer TOTP.
    #[tracing::instrument(skip(self))]
    pub async fn totp_directory(&self) -> Result<Vec<String>, ApiError> {
        let url = self.urls.totp_directory.clone();
        let text = self
            .get_text(url, "the two-factor directory", MAX_DIRECTORY_BYTES, false)
            .await?;
        parse_directory(&text)
    }
}

/// `SUFFIX:COUNT` lines (CRLF or LF).
pub fn parse_range(text: &str) -> Result<Vec<(String, u64)>, ApiError> {
    let what = "the breached-password range";
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bad = || ApiError::decode(what, &format!("line {}", n + 1), "not SUFFIX:COUNT");
        let (suffix, count) = line.split_once(':').ok_or_else(bad)?;
        if suffix.len() != 35 || !suffix.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let count: u64 = count.trim().parse().map_err(|_| bad())?;
        if count > 0 {
            out.push((suffix.to_ascii_uppercase(), count));
        }
    }
    Ok(out)
}

/// 2fa.directory's v3 list: `[[name, {domain, "additional-domains", tfa}], …]`.
/// Entries that do not fit are skipped (the list is community-edited); a
/// document that is not such a list is an error.
pub fn parse_directory(text: &str) -> Result<Vec<String>, ApiError> {
    let what = "the two-factor directory";
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ApiError::decode(what, "", &e.to_string()))?;
    let entries = value
        .as_array()
        .ok_or_else(|| ApiError::decode(what, "", "not a list"))?;
    let mut domains = Vec::new();
    for entry in entries {
        let Some(site) = entry.get(1) else { continue };
        let totp = site
            .get("tfa")
            .and_then(|t| t.as_array())
            .is_none_or(|t| t.iter().any(|m| m.as_str() == Some("totp")));
        if !totp {
            continue;
        }
        let main = site.get("domain").and_then(|d| d.as_str());
        let more = site
            .get("additional-domains")
            .and_then(|d| d.as_array())
            .into_iter()
            .flatten()
            .filter_map(|d| d.as_str());
        for domain in main.into_iter().chain(more) {
            let domain = domain.trim().to_ascii_lowercase();
            if !domain.is_empty() && domain.len() <= 253 && domains.len() < MAX_DOMAINS {
                domains.push(domain);
            }
        }
    }
    domains.sort();
    domains.dedup();
    Ok(domains)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_checked_line_by_line() {
        let ok =
            "0018A45C4D1DEF81644B54AB7F969B88D65:10\r\n00D4F6E8FA6EECAD2A3AA415EEC418D38EC:0\r\n";
        assert_eq!(
            parse_range(ok).unwrap(),
            vec![("0018A45C4D1DEF81644B54AB7F969B88D65".to_owned(), 10)]
        );
        assert!(parse_range("<html>rate limited</html>").is_err());
        assert!(parse_range("0018A45C4D1DEF81644B54AB7F969B88D65:-1").is_err());
        assert!(parse_range("0018A:3").is_err());
    }

    #[test]
    fn the_directory_keeps_totp_sites_and_their_other_domains() {
        let text = r#"[["GitHub",{"domain":"github.com","tfa":["totp","u2f"],"additional-domains":["GitHub.io"]}],
                       ["SMS only",{"domain":"sms.example","tfa":["sms"]}],
                       ["broken"], 42]"#;
        assert_eq!(
            parse_directory(text).unwrap(),
            vec!["github.com", "github.io"]
        );
        assert!(parse_directory("{}").is_err());
    }
}
