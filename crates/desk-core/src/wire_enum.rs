//! Bitwarden's numeric enums, declared once each in the feature that reads
//! them.
//!
//! The server sends these as bare numbers and keeps adding values (a member
//! status in 2026, event types every few months), so each enum has an
//! `Unknown(n)` variant that keeps the number: a newer server's value is
//! shown as such instead of failing the read or passing for a known one.
//!
//! Serialized, a known value is its snake_case name (`"owner"`) and an
//! unknown one `{"unknown": 7}`, so the generated TypeScript is a union the
//! UI can switch over: `"owner" | … | { unknown: number }`. The names are
//! Bitwarden's, split before each capital (`User_LoggedIn` →
//! `user_logged_in`, `TeamsMonthly2019` → `teams_monthly2019`), so one can be
//! looked up in Bitwarden's sources.

/// Declares a Bitwarden numeric enum: each variant with its wire number and
/// its snake_case name, plus `Unknown(i64)`, `from_wire`, `wire`, `name`,
/// `KNOWN`, `Display` (the name, or `unknown(n)`), `Serialize` and `Type`.
/// Make values with `from_wire`: an `Unknown` written by hand with a known
/// number would not equal the named variant.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $wire:literal => $text:literal,
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, specta::Type)]
        $vis enum $name {
            $(
                $(#[$variant_meta])*
                #[serde(rename = $text)]
                $variant,
            )+
            /// A value this build does not know (from a newer server): the
            /// number as the server sent it.
            #[serde(rename = "unknown")]
            // Typed as i32 for TypeScript: a plain `number` (an i64 would be
            // a bigint, an f64 `number | null`). Bitwarden's numbers are
            // small; a hostile huge one only loses precision in a label.
            Unknown(#[specta(type = i32)] i64),
        }

        impl $name {
            /// Every known value, in Bitwarden's order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The value the server sent; numbers this build does not know
            /// become `Unknown` with the number kept.
            pub fn from_wire(n: i64) -> Self {
                match n {
                    $($wire => $name::$variant,)+
                    other => $name::Unknown(other),
                }
            }

            /// The number the server uses for this value.
            pub fn wire(self) -> i64 {
                match self {
                    $($name::$variant => $wire,)+
                    $name::Unknown(n) => n,
                }
            }

            /// The snake_case name (as serialized); `None` when unknown.
            pub fn name(self) -> Option<&'static str> {
                match self {
                    $($name::$variant => Some($text),)+
                    $name::Unknown(_) => None,
                }
            }
        }

        // `pad`, so that text tables can align the column (`{:<10}`).
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.name() {
                    Some(name) => f.pad(name),
                    None => f.pad(&format!("unknown({})", self.wire())),
                }
            }
        }
    };
}

pub(crate) use wire_enum;

#[cfg(test)]
mod tests {
    wire_enum! {
        enum Sample {
            Negative = -1 => "negative",
            Zero = 0 => "zero",
            TwoWords = 2 => "two_words",
        }
    }

    #[test]
    fn known_values_round_trip_through_the_wire_number() {
        for value in Sample::KNOWN {
            assert_eq!(Sample::from_wire(value.wire()), *value);
        }
        assert_eq!(Sample::from_wire(-1), Sample::Negative);
        assert_eq!(Sample::TwoWords.wire(), 2);
    }

    #[test]
    fn unknown_values_keep_their_number() {
        assert_eq!(Sample::from_wire(1), Sample::Unknown(1));
        assert_eq!(Sample::from_wire(1).wire(), 1);
        assert_eq!(Sample::from_wire(i64::MIN).wire(), i64::MIN);
        assert_eq!(Sample::from_wire(7).name(), None);
        assert_eq!(Sample::from_wire(7).to_string(), "unknown(7)");
        assert_eq!(format!("{:<12}|", Sample::from_wire(7)), "unknown(7)  |");
    }

    #[test]
    fn serializes_names_and_unknown_as_an_object() {
        assert_eq!(
            serde_json::to_value(Sample::TwoWords).ok(),
            Some(serde_json::json!("two_words"))
        );
        assert_eq!(format!("{:<10}|", Sample::TwoWords), "two_words |");
        assert_eq!(
            serde_json::to_value(Sample::from_wire(7)).ok(),
            Some(serde_json::json!({ "unknown": 7 }))
        );
    }
}
