//! What the sign-in commands accept. Passwords, codes and API-key secrets
//! arrive in [`Secret`], which cannot be printed or logged and becomes the
//! core's `SecretString` at once.

use bw_api::client::{SecondFactor, TwoFactorMethod};
use bw_crypto::SecretString;
use desk_core::session::ServerChoice;
use desk_core::session::{Credentials, LoginInput};
use serde::Deserialize;
use specta::Type;

/// A secret from the window: deserializes from a string, prints as `***`.
#[derive(Deserialize, Type)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn into_secret(self) -> SecretString {
        SecretString::new(self.0)
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

#[derive(Debug, Clone, Copy, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TwoFactorChoice {
    Authenticator,
    Email,
}

#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct TwoFactorInput {
    pub method: TwoFactorChoice,
    pub code: Secret,
    /// Ask the server for a token that skips two-step login next time.
    pub remember: bool,
}

#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyInput {
    pub client_id: String,
    pub client_secret: Secret,
}

#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SignInInput {
    pub server: ServerChoice,
    pub email: String,
    pub password: Secret,
    pub two_factor: Option<TwoFactorInput>,
    pub new_device_code: Option<Secret>,
    pub api_key: Option<ApiKeyInput>,
    /// The user confirmed plain `http://` for a server not on this machine.
    #[serde(default)]
    pub allow_http: bool,
}

impl SignInInput {
    pub fn into_login(self) -> LoginInput {
        let credentials = match self.api_key {
            Some(key) => Credentials::ApiKey {
                client_id: key.client_id.trim().to_owned(),
                client_secret: key.client_secret.into_secret(),
            },
            None => Credentials::Password {
                second: match (self.two_factor, self.new_device_code) {
                    (Some(two), _) => SecondFactor::TwoFactor {
                        method: match two.method {
                            TwoFactorChoice::Authenticator => TwoFactorMethod::Authenticator,
                            TwoFactorChoice::Email => TwoFactorMethod::Email,
                        },
                        code: two.code.into_secret(),
                        remember: two.remember,
                    },
                    (None, Some(code)) => SecondFactor::NewDeviceOtp(code.into_secret()),
                    (None, None) => SecondFactor::None,
                },
            },
        };
        LoginInput {
            server: self.server.as_server(),
            email: self.email,
            password: self.password.into_secret(),
            credentials,
            allow_http: self.allow_http,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let input: SignInInput = serde_json::from_str(
            r#"{"server":{"kind":"self_hosted","url":" https://vault.example "},"email":"a@b.example",
                "password":"hunter2-master","twoFactor":{"method":"email","code":"913377","remember":true},
                "newDeviceCode":null,"apiKey":null}"#,
        )
        .unwrap();
        let printed = format!("{input:?}");
        assert!(
            !printed.contains("hunter2-master") && !printed.contains("913377"),
            "{printed}"
        );
        let login = input.into_login();
        assert_eq!(login.server, "https://vault.example");
        assert!(matches!(
            login.credentials,
            Credentials::Password {
                second: SecondFactor::TwoFactor {
                    method: TwoFactorMethod::Email,
                    remember: true,
                    ..
                }
            }
        ));
    }

    #[test]
    fn the_demo_is_its_own_server() {
        let input: SignInInput = serde_json::from_str(
            r#"{"server":{"kind":"demo"},"email":"a@b.example","password":"x","twoFactor":null,"newDeviceCode":"123","apiKey":null}"#,
        )
        .unwrap();
        let login = input.into_login();
        assert_eq!(login.server, desk_core::core::DEMO_SERVER);
        assert!(matches!(
            login.credentials,
            Credentials::Password {
                second: SecondFactor::NewDeviceOtp(_)
            }
        ));
    }
}
