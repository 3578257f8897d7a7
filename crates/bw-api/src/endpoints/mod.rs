//! One typed function per Bitwarden route the desk calls, as `impl BwClient`
//! blocks by area. Route strings and request bodies live here and nowhere
//! else; every path segment is encoded on its own (`BwClient::route`),
//! every body is a serde struct from [`crate::wire`].
//!
//! Reads of lists return each item with its raw JSON ([`Raw`](crate::wire::Raw))
//! for the snapshot; writes return what the server answers, or nothing for
//! the many routes that answer 200 empty. Bulk routes return one
//! [`BulkResult`](crate::wire::BulkResult) per id.
//!
//! Each module's documentation lists its routes and functions.

mod account;
mod billing;
mod ciphers;
mod clients;
mod collections;
mod events;
mod groups;
mod identity;
mod members;
mod policies;
mod providers;
mod sends;

#[cfg(test)]
mod tests;

use crate::client::ApiError;

/// No body, for writes that take none.
const NO_BODY: Option<&()> = None;

/// Whether a failure means "this server has no such route" (an older or a
/// newer server), so an alternative route is worth a try. A 404 is also what
/// the server answers for "not allowed", so the first error is kept when the
/// alternative fails the same way.
fn route_missing(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::NotFound(_) | ApiError::Server { status: 405, .. }
    )
}

/// Refuses an invite the server would refuse (and count against the
/// 5-per-minute invite limit): 1 to 20 addresses.
fn check_invite_size(emails: &[String]) -> Result<(), ApiError> {
    use crate::wire::members::MAX_INVITE_EMAILS;
    if emails.is_empty() || emails.len() > MAX_INVITE_EMAILS {
        return Err(ApiError::Unsupported(format!(
            "An invite takes 1 to {MAX_INVITE_EMAILS} email addresses ({} given); split the list.",
            emails.len()
        )));
    }
    Ok(())
}

/// `{"ids":[…]}` from a slice.
fn ids(ids: &[String]) -> crate::wire::IdsRequest {
    crate::wire::IdsRequest { ids: ids.to_vec() }
}
