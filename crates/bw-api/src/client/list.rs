//! Reading list answers item by item from the JSON text the server sent.
//!
//! A sync reads tens of thousands of members, items and events, and keeps
//! each one's JSON for the snapshot. Building a `serde_json::Value` tree for
//! every answer, decoding from it and printing it back out cost about a
//! fifth of a full sync's CPU; here one read of the body gives its shape
//! (a bare array, or the envelope with `data` and `continuationToken`) and
//! each item as a slice of the text; each item is decoded from its own text
//! and keeps that text as it came.

use super::MAX_CONTINUATION_TOKEN_CHARS;
use super::body::parse_json;
use super::error::ApiError;
use crate::wire::Raw;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// The visitor methods for JSON numbers and booleans, all read as `$value`.
macro_rules! numbers_and_booleans {
    ($value:expr) => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}

/// A list answer as read in one pass over the body: its shape and each
/// item's text. Only malformed JSON fails here (a body garbled in transit is
/// fetched again); what the shape means is judged by [`list_items`].
#[derive(Debug)]
pub(crate) enum ListBody {
    /// A bare array.
    Array(Vec<Box<RawValue>>),
    /// An object: Bitwarden's `{"object":"list","data":[…]}` envelope, or
    /// not.
    Envelope { data: Data, token: Token },
    /// A string, number, boolean or null.
    Scalar,
}

#[derive(Debug, Default)]
pub(crate) enum Data {
    #[default]
    Missing,
    Null,
    NotArray,
    Items(Vec<Box<RawValue>>),
}

#[derive(Debug, Default)]
pub(crate) enum Token {
    #[default]
    Missing,
    Text(String),
    NotText,
}

/// The items of a list answer and its continuation token, checked as a whole:
/// a bare array, or an object whose `data` is an array. Anything else (`{}`,
/// `{"data":null}`) is an error, not an empty list: reading it as empty
/// would delete what the snapshot holds. Items must be objects, and items
/// that carry a string `id` must not repeat one.
pub(super) fn list_items(
    what: &str,
    body: ListBody,
) -> Result<(Vec<Box<RawValue>>, Option<String>), ApiError> {
    let (items, token) = match body {
        ListBody::Array(items) => (items, None),
        ListBody::Envelope { data, token } => {
            let token = match token {
                Token::Missing => None,
                Token::NotText => {
                    return Err(ApiError::decode(
                        what,
                        "continuationToken",
                        "expected a string",
                    ));
                }
                Token::Text(token) if token.chars().count() > MAX_CONTINUATION_TOKEN_CHARS => {
                    return Err(ApiError::decode(
                        what,
                        "continuationToken",
                        &format!("longer than {MAX_CONTINUATION_TOKEN_CHARS} characters"),
                    ));
                }
                Token::Text(token) => Some(token),
            };
            match data {
                Data::Items(items) => (items, token),
                Data::Missing => {
                    return Err(ApiError::decode(
                        what,
                        "data",
                        "missing: the answer has no list",
                    ));
                }
                Data::Null => {
                    return Err(ApiError::decode(
                        what,
                        "data",
                        "null where a list was expected",
                    ));
                }
                Data::NotArray => return Err(ApiError::decode(what, "data", "expected an array")),
            }
        }
        ListBody::Scalar => return Err(ApiError::decode(what, "$", "expected a list")),
    };
    check_items(what, &items)?;
    Ok((items, token))
}

/// Decodes each item, keeping its text.
pub(super) fn items_with_raw<T: DeserializeOwned>(
    what: &str,
    items: Vec<Box<RawValue>>,
) -> Result<Vec<Raw<T>>, ApiError> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, raw)| {
            let value = decode_text(raw.get()).map_err(|(path, detail)| {
                ApiError::decode(what, &format!("data[{i}].{path}"), &detail)
            })?;
            Ok(Raw { value, raw })
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

/// A list from an answer already read as a `Value` (the write routes').
pub(super) fn from_value(what: &str, value: &serde_json::Value) -> Result<ListBody, ApiError> {
    serde_json::to_vec(value)
        .and_then(|text| parse_json::<ListBody>(&text))
        .map_err(|e| ApiError::decode(what, "$", &message(&e)))
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

impl<'de> Deserialize<'de> for ListBody {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Shape;
        impl<'de> Visitor<'de> for Shape {
            type Value = ListBody;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<ListBody, A::Error> {
                collect_items(seq).map(ListBody::Array)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ListBody, A::Error> {
                let (mut data, mut token) = (Data::Missing, Token::Missing);
                // Like a JSON object read into a map, a repeated key counts
                // with its last value.
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    match key.as_ref() {
                        "data" => data = map.next_value()?,
                        "continuationToken" => token = map.next_value()?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListBody::Envelope { data, token })
            }
            fn visit_unit<E>(self) -> Result<ListBody, E> {
                Ok(ListBody::Scalar)
            }
            fn visit_str<E>(self, _: &str) -> Result<ListBody, E> {
                Ok(ListBody::Scalar)
            }
            numbers_and_booleans!(ListBody::Scalar);
        }
        deserializer.deserialize_any(Shape)
    }
}

impl<'de> Deserialize<'de> for Data {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Field;
        impl<'de> Visitor<'de> for Field {
            type Value = Data;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Data, E> {
                Ok(Data::Null)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Data, A::Error> {
                collect_items(seq).map(Data::Items)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Data, A::Error> {
                IgnoredAny.visit_map(map).map(|_| Data::NotArray)
            }
            fn visit_str<E>(self, _: &str) -> Result<Data, E> {
                Ok(Data::NotArray)
            }
            numbers_and_booleans!(Data::NotArray);
        }
        deserializer.deserialize_any(Field)
    }
}

impl<'de> Deserialize<'de> for Token {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Field;
        impl<'de> Visitor<'de> for Field {
            type Value = Token;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Token, E> {
                Ok(Token::Missing)
            }
            fn visit_str<E>(self, text: &str) -> Result<Token, E> {
                Ok(Token::Text(text.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Token, A::Error> {
                IgnoredAny.visit_seq(seq).map(|_| Token::NotText)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Token, A::Error> {
                IgnoredAny.visit_map(map).map(|_| Token::NotText)
            }
            numbers_and_booleans!(Token::NotText);
        }
        deserializer.deserialize_any(Field)
    }
}

/// Each element's JSON text.
fn collect_items<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<Vec<Box<RawValue>>, A::Error> {
    let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
    while let Some(item) = seq.next_element::<Box<RawValue>>()? {
        items.push(item);
    }
    Ok(items)
}

/// Just an item's `id`, when it has one.
#[derive(Deserialize)]
struct IdOnly<'a> {
    #[serde(default, borrow)]
    id: Option<&'a RawValue>,
}

fn check_items(what: &str, items: &[Box<RawValue>]) -> Result<(), ApiError> {
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

    fn read(text: &str) -> ListBody {
        parse_json::<ListBody>(text.as_bytes()).unwrap()
    }

    fn count(value: Value) -> Result<(usize, Option<String>), ApiError> {
        list_items("x", read(text(value).get())).map(|(items, token)| (items.len(), token))
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
    fn only_malformed_json_fails_the_read() {
        for body in ["[1,", "{\"data\":[}", "[] x", ""] {
            assert!(parse_json::<ListBody>(body.as_bytes()).is_err(), "{body}");
        }
        for body in [
            "7",
            "\"x\"",
            "null",
            "{}",
            "{\"data\":{\"a\":[1]}}",
            "[[1],{}]",
        ] {
            assert!(parse_json::<ListBody>(body.as_bytes()).is_ok(), "{body}");
        }
        // A repeated key counts with its last value, as in a JSON map.
        assert_eq!(
            count(json!({"data": []})).unwrap().0,
            list_items("x", read(r#"{"data":null,"data":[{"id":"a"}]}"#))
                .unwrap()
                .0
                .len()
                - 1
        );
    }

    #[test]
    fn items_keep_the_text_the_server_sent() {
        // Key order, spacing and fields this client does not know survive.
        let body = read(
            r#"{"data":[ {"status":2, "id":"m1","type":0,"newField":{"x":[1]}} ],"object":"list"}"#,
        );
        let (items, _) = list_items("x", body).unwrap();
        let members: Vec<Raw<crate::wire::members::OrganizationUserDetails>> =
            items_with_raw("x", items).unwrap();
        assert_eq!(members[0].value.id, "m1");
        assert_eq!(
            members[0].raw.get(),
            r#"{"status":2, "id":"m1","type":0,"newField":{"x":[1]}}"#
        );
    }

    #[test]
    fn decode_errors_name_the_field_without_a_text_position() {
        let body = read(text(json!([{"id": "m1", "status": "x"}])).get());
        let (items, _) = list_items("organizations/o/users", body).unwrap();
        let err = items_with_raw::<crate::wire::members::OrganizationUserDetails>(
            "organizations/o/users",
            items,
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
