use std::path::Path;

/// The app's IPC commands: every function marked `#[tauri::command]` in
/// `src/commands/`, in file then source order. Declared to tauri-build (so
/// the ACL checks each one) and given to the crate as `COMMANDS`, so no list
/// of names is kept by hand.
fn find_commands(dir: &Path) -> Vec<String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    let mut commands = Vec::new();
    for file in files {
        println!("cargo:rerun-if-changed={}", file.display());
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut marked = false;
        for line in text.lines().map(str::trim) {
            if line.starts_with("#[tauri::command") {
                marked = true;
                continue;
            }
            if !marked || line.starts_with("#[") || line.starts_with("///") {
                continue;
            }
            let name = line
                .strip_prefix("pub ")
                .map(|rest| rest.strip_prefix("async ").unwrap_or(rest))
                .and_then(|rest| rest.strip_prefix("fn "))
                .and_then(|rest| rest.split(['(', '<']).next())
                .unwrap_or_else(|| {
                    panic!(
                        "{}: `{line}` follows #[tauri::command] but is no `pub fn`",
                        file.display()
                    )
                });
            commands.push(name.trim().to_owned());
            marked = false;
        }
    }
    commands
}

fn main() {
    let commands = find_commands(Path::new("src-tauri/src/commands"));
    println!("cargo:rerun-if-changed=src-tauri/src/commands");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("commands.rs");
    let list = format!(
        "pub const COMMANDS: &[&str] = &[{}];\n",
        commands
            .iter()
            .map(|c| format!("{c:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    std::fs::write(&out, list).unwrap_or_else(|e| panic!("{}: {e}", out.display()));

    // tauri-build only watches its default capabilities folder.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    // generate_context! embeds ui/build; without this a rebuilt UI with new
    // hashed file names is not re-embedded and the app loads stale chunks.
    println!("cargo:rerun-if-changed=ui/build");
    let names: Vec<&'static str> = commands
        .into_iter()
        .map(|c| &*Box::leak(c.into_boxed_str()))
        .collect();
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        // Declaring the commands makes tauri-build generate `allow-*`
        // permissions and makes the runtime check app commands against the
        // capabilities; without a manifest every command is callable.
        .app_manifest(
            tauri_build::AppManifest::new().commands(Box::leak(names.into_boxed_slice())),
        );
    if let Err(error) = tauri_build::try_build(attributes) {
        // A missing ui/build is the usual cause on a fresh checkout.
        panic!(
            "tauri-build failed: {error:#}. If frontendDist is missing, run `npm --prefix ui ci && npm --prefix ui run build` first (scripts/dev does)."
        );
    }
}
