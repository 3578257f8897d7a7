//! What keeps a member change from going ahead, with messages that say
//! what to do. The server's own rules (last owner, owners made only by
//! owners, provider users' rights) stay the server's: its message is shown.

use crate::error::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    #[error("Enter at least one email address.")]
    NoEmails,
    #[error("{0:?} is not an email address.")]
    BadEmail(String),
    #[error("{0} is already a member of this client.")]
    AlreadyMember(String),
    #[error("No member of this client matches {0:?} (sync if they just joined).")]
    NoSuchMember(String),
    #[error("No collection of this client is named {0:?}.")]
    NoSuchCollection(String),
    #[error("No group of this client is named {0:?}.")]
    NoSuchGroup(String),
    #[error("{0}")]
    Seats(String),
    #[error("{email} is {status}; only members who accepted their invitation can be confirmed.")]
    NotAccepted { email: String, status: String },
    #[error("{email} is {status}; only invited members can be sent the invitation again.")]
    NotInvited { email: String, status: String },
    #[error("{email} is already {status}.")]
    AlreadyInState { email: String, status: String },
    #[error(
        "The server sent no public key for {0}; they may not have finished creating their account."
    )]
    NoPublicKey(String),
    #[error(
        "The fingerprint of {0} was not confirmed as compared; compare it with the member out of band first."
    )]
    FingerprintNotCompared(String),
    #[error(
        "The key of {0} is not the one whose fingerprint was shown; look at the new fingerprint before confirming."
    )]
    KeyChanged(String),
    #[error("This client's key is not available yet: sync once online, then try again.")]
    OrgKeyMissing,
    #[error(
        "Account recovery is off for this client: turn on its account recovery administration policy first."
    )]
    RecoveryPolicyOff,
    #[error(
        "Account recovery needs the Single organization policy: turn it on first in the organization's policies (it removes members who belong to other organizations)."
    )]
    SingleOrgOff,
    #[error("{0} is not enrolled in account recovery, so their password cannot be reset.")]
    NotEnrolled(String),
    #[error(
        "{0} has no master password to reset (they sign in through Key Connector or single sign-on with trusted devices)."
    )]
    KeyConnector(String),
    #[error("{0} has not confirmed membership yet; only confirmed members can be recovered.")]
    RecoveryNeedsConfirmed(String),
    #[error("The new password is too weak: {0}")]
    WeakPassword(String),
    #[error("The recovery details from the server cannot be used: {0}")]
    RecoveryDetails(String),
    #[error("This needs the server: {0}")]
    NeedsServer(String),
    #[error("The client's seats are not known yet; sync, then try again.")]
    SeatsUnknown,
}

impl MemberError {
    pub fn code(&self) -> ErrorCode {
        use MemberError::*;
        match self {
            NoEmails | BadEmail(_) | WeakPassword(_) | FingerprintNotCompared(_) | SeatsUnknown => {
                ErrorCode::InvalidInput
            }
            AlreadyMember(_) | NotAccepted { .. } | NotInvited { .. } | AlreadyInState { .. } => {
                ErrorCode::Conflict
            }
            KeyChanged(_) => ErrorCode::Conflict,
            NoSuchMember(_) | NoSuchCollection(_) | NoSuchGroup(_) | NoPublicKey(_) => {
                ErrorCode::NotFound
            }
            Seats(_)
            | RecoveryPolicyOff
            | SingleOrgOff
            | NotEnrolled(_)
            | KeyConnector(_)
            | RecoveryNeedsConfirmed(_) => ErrorCode::Forbidden,
            OrgKeyMissing => ErrorCode::Locked,
            RecoveryDetails(_) => ErrorCode::ServerError,
            NeedsServer(_) => ErrorCode::Offline,
        }
    }
}

crate::error::into_app_error!(MemberError);
