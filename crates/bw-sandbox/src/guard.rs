//! The access guard of a sandbox started with a launch secret: it admits a
//! request only when its Host names this listener and its path starts with
//! `/<secret>/`, and strips that prefix before routing.
//!
//! The Host check defeats DNS rebinding: a web page can make the browser
//! send requests to 127.0.0.1 under the page's own host name, and that name
//! is never one of ours. The secret keeps out other local users and programs
//! that only know the port.

use crate::config::LaunchSecret;
use crate::util::constant_eq;
use axum::http::uri::PathAndQuery;
use axum::http::{HeaderValue, Request, Response, StatusCode, Uri, header};
use std::net::SocketAddr;

pub struct AccessGuard {
    secret: LaunchSecret,
    /// Accepted `Host` values, lowercase.
    hosts: Vec<String>,
}

impl AccessGuard {
    /// A guard for the listener bound at `addr` (the real port, not 0).
    pub fn new(secret: LaunchSecret, addr: SocketAddr) -> Self {
        let port = addr.port();
        let mut hosts = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
        ];
        // The address `url()` names must pass too, e.g. when bound to 127.0.0.2.
        let bound = addr.to_string().to_ascii_lowercase();
        if !hosts.contains(&bound) {
            hosts.push(bound);
        }
        AccessGuard { secret, hosts }
    }

    /// The request with the secret prefix removed, or the refusal to send.
    /// Refusals are logged without the path, which may hold a near-miss of
    /// the secret.
    pub fn admit<B, R: Default>(&self, mut req: Request<B>) -> Result<Request<B>, Response<R>> {
        if !self.host_is_ours(&req) {
            tracing::debug!(method = %req.method(), "refused: the Host does not name this sandbox");
            return Err(refusal(StatusCode::MISDIRECTED_REQUEST));
        }
        let Some(uri) = self.strip_secret(req.uri()) else {
            tracing::debug!(method = %req.method(), "refused: not under the launch secret");
            return Err(refusal(StatusCode::NOT_FOUND));
        };
        *req.uri_mut() = uri;
        Ok(req)
    }

    /// Exactly one Host header, naming this listener; an absolute-form
    /// request target must name it as well.
    fn host_is_ours<B>(&self, req: &Request<B>) -> bool {
        let mut values = req.headers().get_all(header::HOST).iter();
        let (Some(host), None) = (values.next(), values.next()) else {
            return false;
        };
        let Ok(host) = host.to_str() else {
            return false;
        };
        let ours = |name: &str| self.hosts.iter().any(|h| h.eq_ignore_ascii_case(name));
        ours(host) && req.uri().authority().is_none_or(|a| ours(a.as_str()))
    }

    /// `/<secret>/rest?query` → `/rest?query`; `None` when the first path
    /// segment is not the secret.
    fn strip_secret(&self, uri: &Uri) -> Option<Uri> {
        let path = uri.path().strip_prefix('/')?;
        let (first, rest) = match path.find('/') {
            Some(i) => path.split_at(i),
            None => (path, ""),
        };
        if !constant_eq(first, self.secret.as_str()) {
            return None;
        }
        let rest = if rest.is_empty() { "/" } else { rest };
        let path_and_query = match uri.query() {
            Some(q) => format!("{rest}?{q}"),
            None => rest.to_owned(),
        };
        let mut parts = uri.clone().into_parts();
        parts.path_and_query = Some(PathAndQuery::try_from(path_and_query).ok()?);
        Uri::from_parts(parts).ok()
    }
}

/// An empty answer, as ASP.NET Core gives for routes it does not know.
fn refusal<R: Default>(status: StatusCode) -> Response<R> {
    let mut response = Response::new(R::default());
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> (AccessGuard, String) {
        let secret = LaunchSecret::random();
        let text = secret.as_str().to_owned();
        let addr = SocketAddr::from(([127, 0, 0, 1], 4321));
        (AccessGuard::new(secret, addr), text)
    }

    fn request(host: Option<&str>, target: &str) -> Request<()> {
        let mut builder = Request::builder().uri(target);
        if let Some(host) = host {
            builder = builder.header(header::HOST, host);
        }
        builder.body(()).unwrap()
    }

    fn status(result: Result<Request<()>, Response<()>>) -> Result<String, StatusCode> {
        result.map(|r| r.uri().to_string()).map_err(|r| r.status())
    }

    #[test]
    fn strips_the_secret_and_keeps_the_query() {
        let (g, s) = guard();
        let admitted = g.admit(request(
            Some("127.0.0.1:4321"),
            &format!("/{s}/api/x?a=1&b=2"),
        ));
        assert_eq!(status(admitted), Ok("/api/x?a=1&b=2".into()));
        let admitted = g.admit(request(Some("LOCALHOST:4321"), &format!("/{s}")));
        assert_eq!(status(admitted), Ok("/".into()));
        let admitted = g.admit(request(Some("[::1]:4321"), &format!("/{s}/")));
        assert_eq!(status(admitted), Ok("/".into()));
    }

    #[test]
    fn refuses_other_hosts_with_421() {
        let (g, s) = guard();
        let path = format!("/{s}/api/config");
        for host in [
            Some("evil.example:4321"),
            Some("127.0.0.1:4322"),
            Some("127.0.0.1"),
            Some("localhost"),
            None,
        ] {
            let refused = g.admit::<(), ()>(request(host, &path));
            assert_eq!(
                status(refused),
                Err(StatusCode::MISDIRECTED_REQUEST),
                "{host:?}"
            );
        }
        // Two Host headers, one of them ours.
        let mut req = request(Some("127.0.0.1:4321"), &path);
        req.headers_mut()
            .append(header::HOST, HeaderValue::from_static("evil.example"));
        assert_eq!(status(g.admit(req)), Err(StatusCode::MISDIRECTED_REQUEST));
        // An absolute-form target naming another host.
        let req = request(
            Some("127.0.0.1:4321"),
            &format!("http://evil.example:4321/{s}/api/config"),
        );
        assert_eq!(status(g.admit(req)), Err(StatusCode::MISDIRECTED_REQUEST));
    }

    #[test]
    fn refuses_paths_outside_the_secret_with_404() {
        let (g, s) = guard();
        let mut wrong = s.clone().into_bytes();
        wrong[0] = if wrong[0] == b'A' { b'B' } else { b'A' };
        let wrong = String::from_utf8(wrong).unwrap();
        for path in [
            "/api/config".to_owned(),
            "/".to_owned(),
            format!("/{wrong}/api/config"),
            format!("/{s}x/api/config"),
            format!("/{}/api/config", &s[..s.len() - 1]),
            format!("/api/{s}/config"),
        ] {
            let refused = g.admit::<(), ()>(request(Some("127.0.0.1:4321"), &path));
            assert_eq!(status(refused), Err(StatusCode::NOT_FOUND), "{path}");
        }
    }
}
