//! CSV fields as spreadsheets read them safely: RFC 4180 quoting, and text
//! that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR
//! first) kept as text with a leading `'` (OWASP's advice for CSV
//! injection). Member and item names come from the server: hostile.

/// One field, quoted when needed.
pub fn field(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_field(&mut out, text);
    out
}

/// Appends one field to `out`.
pub fn push_field(out: &mut String, text: &str) {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote =
        formula && text.contains([',', '"', '\n', '\r']) || text.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quote {
        out.push_str(&text.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn quotes_and_formulas() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=1+1"), "'=1+1");
        assert_eq!(field("-2"), "'-2");
        assert_eq!(field("@SUM(A1,A2)"), "\"'@SUM(A1,A2)\"");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
    }
}
