// Without this, editing a migration does not rebuild the crate and `migrate!`
// silently keeps embedding the old SQL.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
