//! What can keep a client change or lookup from going ahead, with messages
//! that say what to do.

use super::write::MAX_NAME_CHARS;
use crate::error::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("Enter the client's name.")]
    NameRequired,
    #[error("The name is too long: at most {MAX_NAME_CHARS} characters.")]
    NameTooLong,
    #[error("Enter the email address of the client's owner.")]
    OwnerEmailRequired,
    #[error("A client needs at least one seat.")]
    NoSeats,
    #[error("Assigned seats cannot be negative.")]
    NegativeSeats,
    #[error("You cannot assign fewer seats than the {used} in use.")]
    BelowSeatsInUse { used: i32 },
    #[error("This client's assigned seats are not known yet; sync, then try again.")]
    SeatsUnknown,
    #[error(
        "Only provider admins can create clients; this account is not one (sync if that just changed)."
    )]
    NotProviderAdmin,
    #[error("The provider's key is not available; sync once online, then try again.")]
    ProviderKeyMissing,
    #[error("This client is not in the snapshot; sync to refresh the client list.")]
    NotInSnapshot,
    #[error(
        "This organization is not a provider client; change its seats in its own billing page."
    )]
    NotProviderClient,
    #[error("No client matches {0:?}.")]
    NoMatch(String),
    #[error("{count} clients match {query:?}; be more specific or use the organization id.")]
    SeveralMatch { query: String, count: usize },
    #[error("The new client's keys could not be made on this computer: {0}")]
    KeyMaterial(bw_crypto::CryptoError),
    #[error(
        "{0:?} is not an organization you own that can join the provider (Bitwarden lists those: an owner's Teams or Enterprise organization without a provider)."
    )]
    NotAddable(String),
    #[error("This organization's key is not available; sync once online, then try again.")]
    OrgKeyMissing,
    #[error(
        "Type the client's name exactly ({0:?}) to confirm: it leaves the provider and, under consolidated billing, gets its own subscription."
    )]
    UnlinkNotConfirmed(String),
    #[error(
        "Bitwarden unlinks a client only when it has a confirmed owner, and this one has none: confirm an owner first."
    )]
    NoConfirmedOwner,
}

impl ClientError {
    pub fn code(&self) -> ErrorCode {
        use ClientError::*;
        match self {
            NameRequired
            | NameTooLong
            | OwnerEmailRequired
            | NoSeats
            | NegativeSeats
            | BelowSeatsInUse { .. }
            | SeatsUnknown
            | NotProviderClient
            | UnlinkNotConfirmed(_)
            | SeveralMatch { .. } => ErrorCode::InvalidInput,
            NotAddable(_) => ErrorCode::NotFound,
            NoConfirmedOwner => ErrorCode::Conflict,
            OrgKeyMissing => ErrorCode::Locked,
            NotProviderAdmin => ErrorCode::Forbidden,
            ProviderKeyMissing => ErrorCode::Locked,
            NotInSnapshot | NoMatch(_) => ErrorCode::NotFound,
            KeyMaterial(_) => ErrorCode::Internal,
        }
    }
}

crate::error::into_app_error!(ClientError);
