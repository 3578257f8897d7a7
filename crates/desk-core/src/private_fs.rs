//! Files and folders only their owner may read.
//!
//! `account.json` (the protected user key and KDF settings: material for an
//! offline guess at the master password), the snapshot, the session key and
//! the logs must not be readable by other local users under a usual umask
//! (022). On Unix the data folder is 0700 and every file we write is 0600,
//! created that way rather than narrowed afterwards, so no window exists in
//! which another user could open it. On Windows the per-user data folder
//! already inherits an ACL that admits only the user (and administrators).

use std::fs;
use std::io::Write;
use std::path::Path;

/// Creates `path` and its missing parents owner-only, and narrows `path`
/// itself if it existed with a looser mode.
pub fn create_private_dir(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path)?;
        let mode = fs::metadata(path)?.permissions().mode() & 0o777;
        if mode != 0o700 {
            fs::set_permissions(path, fs::Permissions::from_mode(0o700))?;
        }
    }
    #[cfg(not(unix))]
    fs::create_dir_all(path)?;
    Ok(())
}

/// Writes `bytes` to `path` atomically (a temp file beside it, then rename),
/// owner-only from the first byte: a crash leaves the old or the new file.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    // A leftover from a crash may have other permissions; start afresh.
    let _ = fs::remove_file(&tmp);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&tmp, path)
}

/// A file name stem from a server-given name (a client's): letters,
/// digits, `-` and `_` kept, the rest `-`, at most 60 characters; never
/// empty, never a path.
pub fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    let stem = stem.trim_matches('-').to_owned();
    if stem.is_empty() {
        "client".to_owned()
    } else {
        stem
    }
}

/// `dir/stem.ext`, or `dir/stem-2.ext`… for the first name not taken.
pub fn unused_path(dir: &Path, stem: &str, ext: &str) -> std::path::PathBuf {
    let first = dir.join(format!("{stem}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..10_000)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| !p.exists())
        .unwrap_or(first)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn folders_and_files_are_owner_only_whatever_the_umask() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        create_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&tmp.path().join("a")), 0o700, "created parents too");
        // An existing folder with a loose mode is narrowed too.
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
        create_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);

        let file = dir.join("account.json");
        write_private(&file, b"one").unwrap();
        assert_eq!(mode(&file), 0o600);
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        write_private(&file, b"two").unwrap();
        assert_eq!(mode(&file), 0o600);
        assert_eq!(fs::read(&file).unwrap(), b"two");
        assert!(!dir.join("account.json.tmp").exists());
    }

    #[test]
    fn file_stems_are_never_paths() {
        assert_eq!(file_stem("../../etc/passwd"), "etc-passwd");
        assert_eq!(file_stem("<b>Acme</b> GmbH"), "b-Acme--b--GmbH");
        assert_eq!(file_stem("///"), "client");
    }
}
