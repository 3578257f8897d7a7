include!("src/commands/names.rs");

fn main() {
    // tauri-build only watches its default capabilities folder.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=src-tauri/src/commands/names.rs");
    // generate_context! embeds ui/build; without this a rebuilt UI with new
    // hashed file names is not re-embedded and the app loads stale chunks.
    println!("cargo:rerun-if-changed=ui/build");
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        // Declaring the commands makes tauri-build generate `allow-*`
        // permissions and makes the runtime check app commands against the
        // capabilities; without a manifest every command is callable.
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        // A missing ui/build is the usual cause on a fresh checkout.
        panic!(
            "tauri-build failed: {error:#}. If frontendDist is missing, run `npm --prefix ui ci && npm --prefix ui run build` first (scripts/dev does)."
        );
    }
}
