//! "Since when" as people type it: a day (`2026-12-01`, UTC midnight) or a
//! number of days back (`7d`).

use crate::error::AppError;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Unix ms for `text` given the current time `now` (Unix ms).
pub fn parse_since(text: &str, now: i64) -> Result<i64, AppError> {
    let text = text.trim();
    let invalid = || {
        AppError::invalid_input(format!(
            "{text:?} is not a day (2026-12-01) or a number of days back (7d)."
        ))
    };
    if let Some(days) = text.strip_suffix(['d', 'D']) {
        // Beyond a century is a typo, not a review window.
        let days: i64 = days
            .parse()
            .ok()
            .filter(|d| (0..=36_500).contains(d))
            .ok_or_else(invalid)?;
        return Ok(now.saturating_sub(days * DAY_MS));
    }
    let mut parts = text.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid());
    };
    let digits = |part: &str, len: usize| {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<i64>().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
        return Err(invalid());
    };
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
        return Err(invalid());
    }
    Ok(days_from_civil(y, m, d) * DAY_MS)
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// algorithm; `time::iso8601` goes the other way).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::iso8601;

    #[test]
    fn days_are_utc_midnights() {
        let at = |text| parse_since(text, 0).map(iso8601);
        assert_eq!(at("2026-12-01").unwrap(), "2026-12-01T00:00:00.000Z");
        assert_eq!(at("2000-02-29").unwrap(), "2000-02-29T00:00:00.000Z");
        assert_eq!(at(" 1970-01-01 ").unwrap(), "1970-01-01T00:00:00.000Z");
        assert_eq!(at("1969-12-31").unwrap(), "1969-12-31T00:00:00.000Z");
    }

    #[test]
    fn days_back_count_from_now() {
        let now = 1_795_676_400_000;
        assert_eq!(parse_since("7d", now).unwrap(), now - 7 * DAY_MS);
        assert_eq!(parse_since("0d", now).unwrap(), now);
    }

    #[test]
    fn anything_else_is_refused_with_the_expected_forms() {
        for bad in [
            "",
            "d",
            "-1d",
            "7",
            "7w",
            "99999d",
            "2026-13-01",
            "2026-02-29",
            "2026-1-01",
            "26-01-01",
            "2026-01-01-01",
            "2026/01/01",
            "+202-01-01",
        ] {
            let err = parse_since(bad, 0).unwrap_err();
            assert_eq!(err.code, crate::ErrorCode::InvalidInput, "{bad}");
            assert!(err.message.contains("7d"), "{bad}: {}", err.message);
        }
    }
}
