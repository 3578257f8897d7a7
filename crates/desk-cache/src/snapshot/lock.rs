//! The lock a process holds while it opens a snapshot, which may change the
//! file: create it, turn on WAL, move its page format (see `format`),
//! migrate its schema. Two processes opening the same snapshot at once (the
//! app and pdesk) would otherwise both export it into the same copy, both
//! run a migration (the second fails on a table that now exists), or meet
//! in the switch to WAL ("database is locked"). The second waits, then finds
//! the work done.

use super::format::sibling;
use crate::CacheError;
use std::path::Path;

/// An exclusive OS lock on `<path>-open.lock`, released when it is dropped
/// or the process ends, however it ends. The file stays: a process waiting
/// on it and one arriving after its removal would lock two different files.
pub(super) struct OpenLock {
    _file: std::fs::File,
}

impl OpenLock {
    /// Waits until no other process holds the lock, then holds it.
    pub(super) async fn take(path: &Path) -> Result<OpenLock, CacheError> {
        let lock_path = sibling(path, "open.lock");
        let shown = lock_path.display().to_string();
        let locked = tokio::task::spawn_blocking(move || {
            let mut options = std::fs::OpenOptions::new();
            options.create(true).truncate(false).write(true);
            // Empty, but the data folder's files are their owner's alone.
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let file = options.open(&lock_path)?;
            file.lock()?;
            Ok::<_, std::io::Error>(file)
        })
        .await
        .map_err(std::io::Error::other)
        .and_then(|locked| locked);
        match locked {
            Ok(file) => Ok(OpenLock { _file: file }),
            Err(source) => Err(CacheError::Lock {
                path: shown,
                source,
            }),
        }
    }
}
