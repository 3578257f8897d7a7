//! Reading list answers item by item from the JSON text the server sent.
//!
//! A sync reads tens of thousands of members, items and events, and keeps
//! each one's JSON for the snapshot. Building a `serde_json::Value` tree for
//! every answer, decoding from it and printing it back out cost about a
//! fifth of a full sync's CPU; here the body is only checked to be JSON, the
//! list and its items are located as slices of the text, each item is
//! decoded from its own text and keeps that text as it came.

use super::MAX_CONTINUATION_TOKEN_CHARS;
use super::error::ApiError;
use crate::wire::Raw;
use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::HashMap;

/// The items of a list answer and its continuation token, checked as a whole:
/// a bare array, or an object whose `data` is an array. Anything else (`{}`,
/// `{"data":null}`) is an error, not an empty list: reading it as empty
/// would delete what the snapshot holds. Items must be objects, and items
/// that carry a string `id` must not repeat one.
pub(super) fn list_items<'a>(
    what: &str,
    body: &'a RawValue,
) -> Result<(Vec<&'a RawValue>, Option<String>), ApiError> {
    let (list, token) = match first_byte(body) {
        Some(b'[') => (body, None),
        Some(b'{') => {
            let envelope: Envelope<'a> = serde_json::from_str(body.get())
                .map_err(|e| ApiError::decode(what, "$", &message(&e)))?;
            let token = continuation_token(what, envelope.continuation_token)?;
            match envelope.data {
                None => {
                    return Err(ApiError::decode(
                        what,
                        "data",
                        "missing: the answer has no list",
                    ));
                }
                Some(data) if data.get() == "null" => {
                    return Err(ApiError::decode(
                        what,
                        "data",
                        "null where a list was expected",
                    ));
                }
                Some(data) if first_byte(data) == Some(b'[') => (data, token),
                Some(_) => return Err(ApiError::decode(what, "data", "expected an array")),
            }
        }
        _ => return Err(ApiError::decode(what, "$", "expected a list")),
    };
    let items: Vec<&'a RawValue> = serde_json::from_str(list.get())
        .map_err(|e| ApiError::decode(what, "data", &message(&e)))?;
    check_items(what, &items)?;
    Ok((items, token))
}

/// Decodes each item, keeping its text.
pub(super) fn items_with_raw<T: DeserializeOwned>(
    what: &str,
    items: &[&RawValue],
) -> Result<Vec<Raw<T>>, ApiError> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let value = decode_text(item.get()).map_err(|(path, detail)| {
                ApiError::decode(what, &format!("data[{i}].{path}"), &detail)
            })?;
            Ok(Raw {
                value,
                raw: (*item).to_owned(),
            })
        })
        .collect()
}

/// One object decoded from its text, with its raw JSON.
pub(super) fn one_with_raw<T: DeserializeOwned>(
    what: &str,
    body: Box<RawValue>,
) -> Result<Raw<T>, ApiError> {
    let value =
        decode_text(body.get()).map_err(|(path, detail)| ApiError::decode(what, &path, &detail))?;
    Ok(Raw { value, raw: body })
}

/// A value as JSON text (for answers read as a `Value`: the write routes).
pub(super) fn to_raw<T: Serialize>(what: &str, value: &T) -> Result<Box<RawValue>, ApiError> {
    serde_json::value::to_raw_value(value).map_err(|e| ApiError::decode(what, "$", &message(&e)))
}

/// `T` from JSON text; on failure the path of the field and why.
fn decode_text<T: DeserializeOwned>(text: &str) -> Result<T, (String, String)> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| (e.path().to_string(), message(e.inner())))
}

/// serde_json's message without "at line 1 column 40": the path already
/// says where, and the column of one item's text means nothing to a reader.
fn message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    if error.line() == 0 {
        return text;
    }
    let position = format!(" at line {} column {}", error.line(), error.column());
    match text.strip_suffix(&position) {
        Some(message) => message.to_owned(),
        None => text,
    }
}

fn first_byte(value: &RawValue) -> Option<u8> {
    value.get().bytes().next()
}

/// The list envelope's parts, as text. `data` keeps an explicit `null`
/// apart from a missing field.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default, borrow, deserialize_with = "present")]
    data: Option<&'a RawValue>,
    #[serde(
        default,
        borrow,
        rename = "continuationToken",
        deserialize_with = "present"
    )]
    continuation_token: Option<&'a RawValue>,
}

/// `Some` for any value the field has, `null` included.
fn present<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<&'de RawValue>, D::Error> {
    <&RawValue>::deserialize(deserializer).map(Some)
}

fn continuation_token(what: &str, token: Option<&RawValue>) -> Result<Option<String>, ApiError> {
    let Some(token) = token.filter(|t| t.get() != "null") else {
        return Ok(None);
    };
    let token: String = match first_byte(token) {
        Some(b'"') => serde_json::from_str(token.get())
            .map_err(|e| ApiError::decode(what, "continuationToken", &message(&e)))?,
        _ => {
            return Err(ApiError::decode(
                what,
                "continuationToken",
                "expected a string",
            ));
        }
    };
    if token.chars().count() > MAX_CONTINUATION_TOKEN_CHARS {
        return Err(ApiError::decode(
            what,
            "continuationToken",
            &format!("longer than {MAX_CONTINUATION_TOKEN_CHARS} characters"),
        ));
    }
    Ok(Some(token))
}

/// Just an item's `id`, when it has one.
#[derive(Deserialize)]
struct IdOnly<'a> {
    #[serde(default, borrow)]
    id: Option<&'a RawValue>,
}

fn check_items(what: &str, items: &[&RawValue]) -> Result<(), ApiError> {
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if first_byte(item) != Some(b'{') {
            return Err(ApiError::decode(
                what,
                &format!("data[{i}]"),
                "expected an object",
            ));
        }
        let probe: IdOnly = serde_json::from_str(item.get())
            .map_err(|e| ApiError::decode(what, &format!("data[{i}]"), &message(&e)))?;
        // Only a string id counts, as Bitwarden's ids are strings.
        let id = probe
            .id
            .filter(|id| first_byte(id) == Some(b'"'))
            .and_then(|id| serde_json::from_str::<String>(id.get()).ok());
        if let Some(id) = id {
            if let Some(first) = seen.get(&id) {
                return Err(ApiError::decode(
                    what,
                    &format!("data[{i}].id"),
                    &format!("duplicate id {id} at data[{i}] (first at data[{first}])"),
                ));
            }
            seen.insert(id, i);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::error::MAX_MESSAGE_CHARS;
    use super::*;
    use serde_json::{Value, json};

    fn text(value: Value) -> Box<RawValue> {
        serde_json::value::to_raw_value(&value).unwrap()
    }

    fn count(value: Value) -> Result<(usize, Option<String>), ApiError> {
        let body = text(value);
        list_items("x", &body).map(|(items, token)| (items.len(), token))
    }

    #[test]
    fn lists_in_envelopes_and_bare_arrays() {
        assert_eq!(
            count(json!({"object":"list","data":[{"id":"a"},{"id":"b"}],"continuationToken":"t"}))
                .unwrap(),
            (2, Some("t".to_owned()))
        );
        assert_eq!(count(json!([{"id":"a"}])).unwrap(), (1, None));
        // Empty lists are fine when they say so; items without ids too.
        assert_eq!(count(json!({"data":[]})).unwrap().0, 0);
        assert_eq!(count(json!([])).unwrap().0, 0);
        assert_eq!(count(json!([{"type":1},{"type":1}])).unwrap().0, 2);
        assert_eq!(
            count(json!({"data":[], "continuationToken": null})).unwrap(),
            (0, None)
        );
        assert!(count(json!("nope")).is_err());
    }

    fn decode_path(value: Value) -> (String, String) {
        match count(value) {
            Err(ApiError::Decode {
                what, path, detail, ..
            }) => {
                assert_eq!(what, "x");
                (path, detail)
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_envelope_without_its_list_is_an_error_not_an_empty_list() {
        for value in [json!({}), json!({"data":null}), json!({"object":"list"})] {
            let (path, _) = decode_path(value);
            assert_eq!(path, "data");
        }
        let (path, detail) = decode_path(json!({"data":{"id":"a"}}));
        assert_eq!(
            (path.as_str(), detail.as_str()),
            ("data", "expected an array")
        );
        let (path, _) = decode_path(json!({"data":[],"continuationToken":"t".repeat(5000)}));
        assert_eq!(path, "continuationToken");
        let (path, detail) = decode_path(json!({"data":[],"continuationToken":7}));
        assert_eq!(
            (path.as_str(), detail.as_str()),
            ("continuationToken", "expected a string")
        );
    }

    #[test]
    fn lists_are_checked_as_a_whole() {
        let (path, detail) = decode_path(json!({"data":[{"id":"a"},{"id":"b"},{"id":"a"}]}));
        assert_eq!(path, "data[2].id");
        assert!(detail.contains("duplicate id a at data[2]"), "{detail}");
        let (path, detail) = decode_path(json!([{"id":"a"}, 7]));
        assert_eq!(
            (path.as_str(), detail.as_str()),
            ("data[1]", "expected an object")
        );
        let (path, _) = decode_path(json!([null]));
        assert_eq!(path, "data[0]");
        // An id that is not a string is not compared.
        assert_eq!(count(json!([{"id":1},{"id":1}])).unwrap().0, 2);
        // A hostile id cannot flood the message (cleaned where the message
        // is made).
        let id = format!("\u{202E}{}", "z".repeat(10_000));
        let (_, detail) = decode_path(json!([{"id": id}, {"id": id}]));
        assert!(detail.chars().count() <= MAX_MESSAGE_CHARS + 1);
        assert!(!detail.contains('\u{202E}'));
    }

    #[test]
    fn items_keep_the_text_the_server_sent() {
        // Key order, spacing and fields this client does not know survive.
        let body: Box<RawValue> = serde_json::from_str(
            r#"{"data":[ {"status":2, "id":"m1","type":0,"newField":{"x":[1]}} ],"object":"list"}"#,
        )
        .unwrap();
        let (items, _) = list_items("x", &body).unwrap();
        let members: Vec<Raw<crate::wire::members::OrganizationUserDetails>> =
            items_with_raw("x", &items).unwrap();
        assert_eq!(members[0].value.id, "m1");
        assert_eq!(
            members[0].raw.get(),
            r#"{"status":2, "id":"m1","type":0,"newField":{"x":[1]}}"#
        );
    }

    #[test]
    fn decode_errors_name_the_field_without_a_text_position() {
        let body = text(json!([{"id": "m1", "status": "x"}]));
        let (items, _) = list_items("organizations/o/users", &body).unwrap();
        let err = items_with_raw::<crate::wire::members::OrganizationUserDetails>(
            "organizations/o/users",
            &items,
        )
        .unwrap_err();
        match err {
            ApiError::Decode { path, detail, .. } => {
                assert_eq!(path, "data[0].status");
                assert!(!detail.contains("line"), "{detail}");
            }
            other => panic!("{other:?}"),
        }
    }
}
