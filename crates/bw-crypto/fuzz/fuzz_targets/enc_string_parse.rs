//! The EncString text and EncArrayBuffer parsers never panic, and whatever
//! they accept formats back to something that parses to the same value.
#![no_main]

use bw_crypto::EncString;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(parsed) = text.parse::<EncString>() {
            let formatted = parsed.to_string();
            let again: EncString = formatted.parse().expect("formatted EncString must parse");
            assert_eq!(again, parsed);
            assert_eq!(again.to_string(), formatted);
            let _ = format!("{parsed:?}");
        }
    }
    if let Ok(parsed) = EncString::from_enc_array_buffer(data) {
        let buf = parsed
            .to_enc_array_buffer()
            .expect("buffer types format back");
        assert_eq!(buf, data);
        let again: EncString = parsed.to_string().parse().expect("text form parses");
        assert_eq!(again, parsed);
    }
});
