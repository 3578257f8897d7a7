//! A Bitwarden-compatible provider backend (identity and api routes) that
//! seeds real encrypted data, for the demo, training and every test.
