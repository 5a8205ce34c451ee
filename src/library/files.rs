//! Writing a file the commands produce (a scenario's map, and whatever else they write into a
//! user's folder): never over an existing file unless asked, and never half-written: the text
//! goes to a hidden temporary file in the same folder, which is then renamed into place.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    #[error("{} already exists", .0.display())]
    Exists(PathBuf),
    #[error("cannot write {}: {message}", path.display())]
    Io { path: PathBuf, message: String },
}

impl WriteError {
    /// What to do about it, for the `= hint:` line.
    pub fn hint(&self) -> &'static str {
        match self {
            WriteError::Exists(_) => "choose another name, or add --force to replace it",
            WriteError::Io { .. } => "check that the folder exists and can be written to",
        }
    }
}

/// Writes `text` to `path`, refusing an existing file unless `overwrite` (and never replacing
/// anything but a regular file: a link, a folder or a device stays as it is). A full disk or a
/// crash leaves the old file, or none, never half a file; the temporary file is removed if
/// anything fails.
pub fn write_new(path: &Path, text: &str, overwrite: bool) -> Result<(), WriteError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !overwrite || !meta.file_type().is_file() => {
            return Err(WriteError::Exists(path.to_path_buf()));
        }
        _ => {}
    }
    let io = |e: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let name = path
        .file_name()
        .ok_or_else(|| WriteError::Io {
            path: path.to_path_buf(),
            message: "the path names no file".to_owned(),
        })?
        .to_string_lossy();
    let temporary = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let written =
        std::fs::write(&temporary, text).and_then(|()| std::fs::File::open(&temporary)?.sync_all());
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(io(e));
    }
    let placed = if overwrite {
        std::fs::rename(&temporary, path).map_err(io)
    } else {
        // A hard link fails if the name is taken, so a file that appeared meanwhile survives;
        // on a file system without hard links: check, then rename.
        match std::fs::hard_link(&temporary, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(WriteError::Exists(path.to_path_buf()))
            }
            Err(_) if std::fs::symlink_metadata(path).is_ok() => {
                Err(WriteError::Exists(path.to_path_buf()))
            }
            Err(_) => std::fs::rename(&temporary, path).map_err(io),
        }
    };
    let _ = std::fs::remove_file(&temporary);
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_an_existing_file_unless_asked_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("map.svg");
        write_new(&path, "one", false).expect("a new file is written");
        assert_eq!(
            write_new(&path, "two", false),
            Err(WriteError::Exists(path.clone()))
        );
        assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some("one"));
        write_new(&path, "two", true).expect("overwritten when asked");
        assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some("two"));
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "no temporary left: {names:?}");
    }
}
