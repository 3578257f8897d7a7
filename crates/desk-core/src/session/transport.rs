//! Which connections may carry a sign-in.

use super::SessionError;
use crate::error::AppError;
use bw_api::client::ServerUrls;

/// Plain `http://` is accepted for this machine only, unless the user
/// confirmed it for this server: elsewhere the password hash, two-step codes
/// and tokens would cross the network in clear.
pub fn check_transport(urls: &ServerUrls, allow_http: bool) -> Result<(), AppError> {
    let insecure = [&urls.api, &urls.identity]
        .into_iter()
        .any(|url| url.scheme() != "https" && !is_loopback(url));
    if insecure && !allow_http {
        return Err(SessionError::PlainHttp {
            host: urls
                .web_vault
                .host_str()
                .unwrap_or("This server")
                .to_owned(),
        }
        .into());
    }
    Ok(())
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}
