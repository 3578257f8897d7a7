fn main() {
    // Without this, adding a migration file does not rebuild the crate and the
    // binary silently ships without it (sqlx::migrate! embeds at compile time).
    println!("cargo:rerun-if-changed=migrations");
}
