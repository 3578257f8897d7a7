//! Sends of the signed-in user.
//!
//! | route | function |
//! |---|---|
//! | `GET sends` | [`BwClient::sends`] |
//! | `POST sends` | [`BwClient::create_text_send`] |
//! | `POST sends/file/v2` | [`BwClient::create_file_send`] |
//! | `POST sends/{id}/file/{fileId}` (Direct upload) | [`BwClient::upload_send_file`] |
//! | `PUT sends/{id}` | [`BwClient::update_send`] |
//! | `DELETE sends/{id}` | [`BwClient::delete_send`] |
//! | `PUT sends/{id}/remove-password` | [`BwClient::remove_send_password`] |
//! | `POST sends/access/{accessId}` (anonymous) | [`BwClient::access_send`] |
//! | `POST sends/{accessId}/access/file/{fileId}` (anonymous) | [`BwClient::send_file_location`] |
//! | the file's URL it answers (anonymous GET, any host) | [`BwClient::download_send_file`] |

use super::NO_BODY;
use crate::client::{ApiError, BwClient, decode};
use crate::wire::Raw;
use crate::wire::sends::{
    Send, SendAccess, SendAccessRequest, SendFileDownload, SendFileUpload, SendRequest,
};
use reqwest::Method;

/// `fileUploadType` of a Direct upload (to the api host itself).
const DIRECT_UPLOAD: i64 = 0;

impl BwClient {
    /// The user's Sends.
    pub async fn sends(&self) -> Result<Vec<Raw<Send>>, ApiError> {
        self.get_list(&self.route(&["sends"])?).await
    }

    /// Creates a text Send.
    pub async fn create_text_send(&self, request: &SendRequest<'_>) -> Result<Send, ApiError> {
        let route = self.route(&["sends"])?;
        self.write_json(Method::POST, &route, Some(request)).await
    }

    /// Creates a file Send (with `fileLength`) and answers where its
    /// encrypted file goes; then [`upload_send_file`](Self::upload_send_file).
    pub async fn create_file_send(
        &self,
        request: &SendRequest<'_>,
    ) -> Result<SendFileUpload, ApiError> {
        let route = self.route(&["sends", "file", "v2"])?;
        self.write_json(Method::POST, &route, Some(request)).await
    }

    /// Uploads a file Send's encrypted file (multipart field `data`, named
    /// with the encrypted file name). The route is built from the ids, never
    /// taken from the answer's URL, so the bearer token only goes to the api
    /// host.
    pub async fn upload_send_file(
        &self,
        upload: &SendFileUpload,
        encrypted_file_name: &str,
        encrypted_file: &[u8],
    ) -> Result<(), ApiError> {
        if upload.file_upload_type != DIRECT_UPLOAD {
            return Err(ApiError::Unsupported(
                "This server stores Send files in Azure storage, which Provider Desk cannot upload to yet.".into(),
            ));
        }
        let send = &upload.send_response;
        let file_id = send
            .file
            .as_ref()
            .and_then(|file| file.get("id"))
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| ApiError::decode("sends/file/v2", "sendResponse.file.id", "missing"))?;
        let route = self.route(&["sends", &send.id, "file", file_id])?;
        let (content_type, body) = multipart_file("data", encrypted_file_name, encrypted_file);
        self.write_bytes(Method::POST, &route, &content_type, body)
            .await
            .map(drop)
    }

    /// Replaces a Send's settings and content (its type cannot change).
    pub async fn update_send(
        &self,
        send_id: &str,
        request: &SendRequest<'_>,
    ) -> Result<Send, ApiError> {
        let route = self.route(&["sends", send_id])?;
        self.write_json(Method::PUT, &route, Some(request)).await
    }

    /// Deletes a Send.
    pub async fn delete_send(&self, send_id: &str) -> Result<(), ApiError> {
        let route = self.route(&["sends", send_id])?;
        self.write_empty(Method::DELETE, &route, NO_BODY).await
    }

    /// Removes a Send's access password.
    pub async fn remove_send_password(&self, send_id: &str) -> Result<Send, ApiError> {
        let route = self.route(&["sends", send_id, "remove-password"])?;
        self.write_json(Method::PUT, &route, NO_BODY).await
    }

    /// Opens a Send as a recipient does (anonymous; counts an access).
    /// `password_hash` answers a password-protected Send.
    pub async fn access_send(
        &self,
        access_id: &str,
        password_hash: Option<&str>,
    ) -> Result<SendAccess, ApiError> {
        let route = self.route(&["sends", "access", access_id])?;
        let body = SendAccessRequest {
            password: password_hash,
        };
        decode(route.what(), self.anonymous_post(&route, &body).await?)
    }
}

impl BwClient {
    /// Where a file Send's encrypted file can be fetched (anonymous; this,
    /// not reading the Send, counts the access).
    pub async fn send_file_location(
        &self,
        access_id: &str,
        file_id: &str,
        password_hash: Option<&str>,
    ) -> Result<SendFileDownload, ApiError> {
        let route = self.route(&["sends", access_id, "access", "file", file_id])?;
        let body = SendAccessRequest {
            password: password_hash,
        };
        decode(route.what(), self.anonymous_post(&route, &body).await?)
    }

    /// A file Send's encrypted file, from the URL the server gave (its
    /// storage may be another host: no token goes with it), at most `cap`
    /// bytes.
    pub async fn download_send_file(
        &self,
        location: &SendFileDownload,
        cap: usize,
    ) -> Result<Vec<u8>, ApiError> {
        self.anonymous_download(&location.url, "the Send's file", cap)
            .await
    }
}

/// A `multipart/form-data` body with one file field: the content type (with
/// its boundary) and the bytes.
fn multipart_file(field: &str, file_name: &str, content: &[u8]) -> (String, bytes::Bytes) {
    // The boundary must not occur in the content; a random one (as from
    // RandomState's keys) makes that as unlikely as any multipart encoder.
    let boundary = format!("----ProviderDesk{:016x}{:016x}", random_u64(), random_u64());
    // Quotes and line breaks would end the header early; EncStrings have none.
    let file_name: String = file_name
        .chars()
        .filter(|c| !matches!(c, '"' | '\r' | '\n'))
        .collect();
    let mut body = Vec::with_capacity(content.len() + 256);
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (
        format!("multipart/form-data; boundary={boundary}"),
        bytes::Bytes::from(body),
    )
}

fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u8(0);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multipart_body_carries_one_file_field() {
        let (content_type, body) = multipart_file("data", "2.a\"b|c", b"\x00\x01bytes");
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let text = String::from_utf8_lossy(&body);
        assert!(text.starts_with(&format!("--{boundary}\r\n")));
        assert!(text.contains("name=\"data\"; filename=\"2.ab|c\"\r\n"));
        assert!(text.ends_with(&format!("\r\n--{boundary}--\r\n")));
        assert!(body.windows(7).any(|w| w == b"\x00\x01bytes"));
    }
}
