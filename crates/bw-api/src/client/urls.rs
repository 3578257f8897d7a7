//! Where a Bitwarden deployment's hosts are.

use super::error::ApiError;
use url::Url;

/// The identity and api bases of one deployment (and its web vault, for
/// share links).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerUrls {
    pub identity: Url,
    pub api: Url,
    pub web_vault: Url,
}

impl ServerUrls {
    /// Bitwarden cloud, US region.
    pub fn us() -> Self {
        Self::fixed(
            "https://identity.bitwarden.com/",
            "https://api.bitwarden.com/",
            "https://vault.bitwarden.com/",
        )
    }

    /// Bitwarden cloud, EU region.
    pub fn eu() -> Self {
        Self::fixed(
            "https://identity.bitwarden.eu/",
            "https://api.bitwarden.eu/",
            "https://vault.bitwarden.eu/",
        )
    }

    fn fixed(identity: &str, api: &str, vault: &str) -> Self {
        // Constant, known-good URLs.
        let parse = |s: &str| Url::parse(s).unwrap_or_else(|_| unreachable!("constant URL {s}"));
        ServerUrls {
            identity: parse(identity),
            api: parse(api),
            web_vault: parse(vault),
        }
    }

    /// A self-hosted server (or the sandbox) under one base URL:
    /// `<base>/identity/` and `<base>/api/`, as the official clients derive them.
    pub fn self_hosted(base: &str) -> Result<Self, ApiError> {
        let base = parse_base(base)?;
        Ok(ServerUrls {
            identity: join_dir(&base, "identity")?,
            api: join_dir(&base, "api")?,
            web_vault: base,
        })
    }

    /// What the user typed: `us`, `eu`, or a base URL.
    pub fn from_choice(choice: &str) -> Result<Self, ApiError> {
        match choice.trim().to_ascii_lowercase().as_str() {
            "us" | "bitwarden.com" | "https://vault.bitwarden.com" => Ok(Self::us()),
            "eu" | "bitwarden.eu" | "https://vault.bitwarden.eu" => Ok(Self::eu()),
            _ => Self::self_hosted(choice.trim()),
        }
    }
}

fn parse_base(text: &str) -> Result<Url, ApiError> {
    let mut url = Url::parse(text.trim())
        .map_err(|e| ApiError::InvalidUrl(format!("{text:?} is not a URL: {e}")))?;
    if !matches!(url.scheme(), "https" | "http") || url.host().is_none() {
        return Err(ApiError::InvalidUrl(format!(
            "{text:?} must be an http(s) URL with a host"
        )));
    }
    url.set_query(None);
    url.set_fragment(None);
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn join_dir(base: &Url, dir: &str) -> Result<Url, ApiError> {
    base.join(&format!("{dir}/"))
        .map_err(|e| ApiError::InvalidUrl(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_hosted_base_gets_identity_and_api_paths() {
        let urls = ServerUrls::self_hosted("https://vault.example.com/bw").unwrap();
        assert_eq!(
            urls.identity.as_str(),
            "https://vault.example.com/bw/identity/"
        );
        assert_eq!(urls.api.as_str(), "https://vault.example.com/bw/api/");
        assert_eq!(ServerUrls::from_choice("EU").unwrap(), ServerUrls::eu());
        assert_eq!(
            ServerUrls::from_choice("us").unwrap().api.as_str(),
            "https://api.bitwarden.com/"
        );
    }

    #[test]
    fn rejects_non_http_urls() {
        assert!(ServerUrls::self_hosted("ftp://x").is_err());
        assert!(ServerUrls::self_hosted("not a url").is_err());
    }
}
