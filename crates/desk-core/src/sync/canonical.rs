//! The text an event is stored and keyed by: its JSON with object keys
//! sorted and no white space — byte for byte what parsing it into a
//! `serde_json::Value` and printing that gives (the snapshot's event keys
//! since schema 4 are digests of that text), without building the `Value`.
//!
//! A full sync reads 100,000 events per 1,000 clients; through a `Value`
//! every key and string was copied into its own allocation and every object
//! into a B-tree, and that was the largest single cost on the thread that
//! polls the sync. Here strings without escapes stay borrowed from the
//! answer and an object is one vector, sorted once.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Number;
use std::borrow::Cow;
use std::fmt;

/// `raw` (one JSON value) in canonical form; an error for text that is not
/// JSON, with the same limits as `serde_json::from_str` (nesting depth).
pub(crate) fn canonical_json(raw: &str) -> Result<String, serde_json::Error> {
    let node: Node<'_> = serde_json::from_str(raw)?;
    serde_json::to_string(&node)
}

enum Node<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    /// Sorted by key; of a key given twice only the last value, as a
    /// `Value`'s map keeps.
    Object(Vec<(Cow<'a, str>, Node<'a>)>),
}

/// A string that borrows from the input when it has no escapes (serde's own
/// `Cow<str>` always copies).
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(TextVisitor)
    }
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node<'de>, E> {
        // JSON text has no NaN or infinity; a `Value` would print `null`.
        Ok(Number::from_f64(v).map_or(Node::Null, Node::Number))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(v)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut entries: Vec<(Cow<'de, str>, Node<'de>)> = Vec::new();
        while let Some((Text(key), value)) = map.next_entry::<Text<'de>, Node<'de>>()? {
            entries.push((key, value));
        }
        // Stable: of equal keys the last one read stays last, and is kept.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let mut unique: Vec<(Cow<'de, str>, Node<'de>)> = Vec::with_capacity(entries.len());
        for entry in entries {
            match unique.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => unique.push(entry),
            }
        }
        Ok(Node::Object(unique))
    }
}

impl Serialize for Node<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => serializer.serialize_unit(),
            Node::Bool(b) => serializer.serialize_bool(*b),
            Node::Number(n) => n.serialize(serializer),
            Node::String(s) => serializer.serialize_str(s),
            Node::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key.as_ref(), value)?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::canonical_json;
    use serde_json::Value;

    /// What the snapshot's keys were computed from before this module.
    fn through_value(raw: &str) -> String {
        serde_json::to_string(&serde_json::from_str::<Value>(raw).unwrap()).unwrap()
    }

    #[test]
    fn gives_the_text_a_value_prints() {
        let cases = [
            r#"{"type":1000,"date":"2026-01-02T03:04:05.1234567Z","actingUserId":null,"object":"event"}"#,
            r#" { "b" : 1 , "a" : [ 3 , { "z" : true , "y" : false } ] } "#,
            // Escapes are decoded and printed as serde_json prints them.
            r#"{"name":"caf\u00e9 \/ \"q\" \n\t\u0001 \ud83d\ude00","k\u00e9y":"v"}"#,
            // A key given twice: the last value wins, in sorted place.
            r#"{"b":1,"a":2,"b":3}"#,
            // Numbers: integers either side of i64 and u64, floats, exponents.
            r#"[0,-0,1,-1,18446744073709551615,18446744073709551616,-9223372036854775808,-9223372036854775809,1.0,0.1,1e2,1E-7,-2.5e+300,123456789.123456789]"#,
            // Keys that sort by bytes, not by letters.
            r#"{"é":1,"Z":2,"a":3,"_":4,"":5,"aa":6,"A":7}"#,
            r#"[]"#,
            r#"{}"#,
            r#""just a string""#,
            r#"null"#,
            r#"[[[{"x":[{}]}]]]"#,
        ];
        for raw in cases {
            assert_eq!(canonical_json(raw).unwrap(), through_value(raw), "{raw}");
        }
    }

    #[test]
    fn agrees_with_a_value_on_generated_documents() {
        // A small deterministic generator: nested objects with shuffled,
        // repeated and escaped keys, and every kind of scalar.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        const WORDS: [&str; 8] = [
            "id",
            "type",
            "date",
            "\\u00e9t\\u00e9",
            "a\\\"b",
            "memberId",
            "x",
            "\\/",
        ];
        fn value(next: &mut impl FnMut(u64) -> u64, depth: u32) -> String {
            match next(if depth > 3 { 6 } else { 8 }) {
                0 => "null".into(),
                1 => "true".into(),
                2 => format!("{}", next(1 << 40) as i64 - (1 << 39)),
                3 => format!("{}.{}e{}", next(1000), next(1000), next(20) as i64 - 10),
                4 | 5 => format!("\"{}\"", WORDS[next(8) as usize]),
                6 => {
                    let items: Vec<String> = (0..next(4)).map(|_| value(next, depth + 1)).collect();
                    format!("[{}]", items.join(" , "))
                }
                _ => {
                    let entries: Vec<String> = (0..next(6))
                        .map(|_| {
                            let key = WORDS[next(8) as usize];
                            format!("\"{key}\": {}", value(next, depth + 1))
                        })
                        .collect();
                    format!("{{ {} }}", entries.join(","))
                }
            }
        }
        for _ in 0..2_000 {
            let raw = value(&mut next, 0);
            assert_eq!(canonical_json(&raw).unwrap(), through_value(&raw), "{raw}");
        }
    }

    #[test]
    fn refuses_what_is_not_json_and_nesting_past_the_limit() {
        for raw in ["", "{", r#"{"a":}"#, "[1,]", "nul", r#"{"a":1} x"#] {
            assert!(canonical_json(raw).is_err(), "{raw:?}");
        }
        assert!(canonical_json(&"[".repeat(100_000)).is_err());
    }
}
