//! The real server's error shapes: the api host's `ErrorResponseModel`, the
//! framework's empty 401/403/404 and problem documents, and the identity
//! host's OAuth errors with PascalCase extras.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bw_api::wire::ErrorResponse;
use bw_api::wire::identity::{IdentityError, IdentityErrorModel};

/// An api-host failure, rendered as the real server renders it.
#[derive(Debug)]
pub enum ApiError {
    /// 400 `BadRequestException` with a message.
    BadRequest(String),
    /// 400 "The model state is invalid." with field errors.
    Validation(Vec<(String, String)>),
    /// 401, empty body, `WWW-Authenticate: Bearer` (no or bad token).
    Unauthenticated,
    /// 401 with a JSON message (`UnauthorizedAccessException` and friends).
    Unauthorized(String),
    /// 401, empty body and no `WWW-Authenticate`: a controller's
    /// `TypedResults.Unauthorized()` (the token was fine; the action refused).
    UnauthorizedEmpty,
    /// 403, empty body (failed `[Authorize<Requirement>]`).
    Forbidden,
    /// 404 "Resource not found." (also "not allowed" for legacy checks).
    NotFound,
    /// 404 with another message.
    NotFoundMessage(String),
    /// 413.
    PayloadTooLarge,
    /// 415 problem document.
    UnsupportedMediaType,
    /// 500.
    Internal,
    /// 500 with the controller's own message (billing and provider
    /// controllers' `Error.ServerError()` / `Error.InternalError()`).
    Server(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn bad(message: impl Into<String>) -> Self {
        ApiError::BadRequest(message.into())
    }

    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![(field.into(), message.into())])
    }

    pub fn required(field: &str) -> Self {
        ApiError::field(field, format!("The {field} field is required."))
    }

    /// The billing and provider controllers' 500 (`Error.ServerError()`,
    /// `Error.InternalError()`), e.g. for a provider without Stripe.
    pub fn something_went_wrong() -> Self {
        ApiError::Server(
            "Something went wrong with your request. Please contact support for assistance.".into(),
        )
    }
}

fn json_response(status: StatusCode, body: &impl serde::Serialize) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_default();
    let mut response = (status, bytes).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::BadRequest(message) => {
                json_response(StatusCode::BAD_REQUEST, &ErrorResponse::new(message))
            }
            ApiError::Validation(errors) => {
                let mut body = ErrorResponse::new("The model state is invalid.");
                let mut map = std::collections::BTreeMap::<String, Vec<String>>::new();
                for (field, message) in errors {
                    map.entry(field).or_default().push(message);
                }
                body.validation_errors = Some(map);
                json_response(StatusCode::BAD_REQUEST, &body)
            }
            ApiError::Unauthenticated => {
                let mut response = StatusCode::UNAUTHORIZED.into_response();
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
                response
            }
            ApiError::Unauthorized(message) => {
                json_response(StatusCode::UNAUTHORIZED, &ErrorResponse::new(message))
            }
            ApiError::UnauthorizedEmpty => StatusCode::UNAUTHORIZED.into_response(),
            ApiError::Forbidden => StatusCode::FORBIDDEN.into_response(),
            ApiError::NotFound => json_response(
                StatusCode::NOT_FOUND,
                &ErrorResponse::new("Resource not found."),
            ),
            ApiError::NotFoundMessage(message) => {
                json_response(StatusCode::NOT_FOUND, &ErrorResponse::new(message))
            }
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE.into_response(),
            ApiError::UnsupportedMediaType => {
                let body = serde_json::json!({
                    "type": "https://tools.ietf.org/html/rfc9110#section-15.5.16",
                    "title": "Unsupported Media Type",
                    "status": 415,
                });
                let mut response = json_response(StatusCode::UNSUPPORTED_MEDIA_TYPE, &body);
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/problem+json; charset=utf-8"),
                );
                response
            }
            ApiError::Internal => json_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &ErrorResponse::new("An unhandled server error has occurred."),
            ),
            ApiError::Server(message) => json_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                &ErrorResponse::new(message),
            ),
        }
    }
}

/// The cloud's 429: `Retry-After` and "Slow down! Too many requests. Try again in 1m.".
pub fn too_many_requests(retry_after: u64, period: &str) -> Response {
    let body = ErrorResponse::new(format!(
        "Slow down! Too many requests. Try again in {period}."
    ));
    let mut response = json_response(StatusCode::TOO_MANY_REQUESTS, &body);
    if let Ok(value) = HeaderValue::from_str(&retry_after.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "database error");
        ApiError::Internal
    }
}

/// A `connect/token` failure (always 400 with an OAuth body).
#[derive(Debug)]
pub struct IdentityFailure(pub Box<IdentityError>);

impl IdentityFailure {
    /// `error` + optional `error_description` + `ErrorModel.Message`.
    pub fn new(error: &str, description: Option<&str>, message: Option<&str>) -> Self {
        IdentityFailure(Box::new(IdentityError {
            error: error.into(),
            error_description: description.map(Into::into),
            error_model: message.map(|m| IdentityErrorModel {
                message: m.into(),
                object: "error".into(),
            }),
            two_factor_providers: None,
            two_factor_providers2: None,
            sso_email2fa_session_token: None,
            email: None,
            master_password_policy: None,
        }))
    }

    pub fn invalid_grant(message: &str) -> Self {
        Self::new("invalid_grant", None, Some(message))
    }

    pub fn bare(error: &str) -> Self {
        Self::new(error, None, None)
    }
}

impl IntoResponse for IdentityFailure {
    fn into_response(self) -> Response {
        let mut response = json_response(StatusCode::BAD_REQUEST, &self.0);
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

impl From<sqlx::Error> for IdentityFailure {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "database error");
        IdentityFailure::new(
            "server_error",
            None,
            Some("An unhandled server error has occurred."),
        )
    }
}
