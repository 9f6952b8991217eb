//! Writing a whole folder so that an interrupted harvest leaves no half-written one.
//!
//! Files go to a hidden sibling `.<name>.tmp-<pid>` first; only when every file is
//! written is it renamed into place. An existing folder keeps its other files
//! (they are copied into the new one) and is swapped out by two renames; stale
//! temporary siblings of killed runs are removed on the next run.

use std::io;
use std::path::{Path, PathBuf};

/// What to do with the files of an existing folder that the new content does not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Nothing is kept: the folder becomes exactly the new files.
    Nothing,
    /// Files whose extension is not this one are kept (`--out` replaces only `*.toml`).
    OtherThan(&'static str),
}

fn sibling(dir: &Path, tag: &str) -> io::Result<PathBuf> {
    let name = dir
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, format!("{}: not a folder name", dir.display())))?;
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{}.{tag}-{}", name.to_string_lossy(), std::process::id())))
}

/// Removes `.<name>.tmp-*` / `.<name>.old-*` siblings that killed runs left behind.
fn remove_stale(dir: &Path) {
    let (Some(name), Some(parent)) = (dir.file_name(), dir.parent()) else { return };
    let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
    let prefixes = [format!(".{}.tmp-", name.to_string_lossy()), format!(".{}.old-", name.to_string_lossy())];
    let Ok(rd) = std::fs::read_dir(parent) else { return };
    for e in rd.flatten() {
        let n = e.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| n.starts_with(p.as_str())) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Copies the files of `from` that `keep` keeps into `to`, subfolders included (walked
/// with a stack, not recursion).
fn copy_kept(from: &Path, to: &Path, keep: Keep) -> io::Result<()> {
    let Keep::OtherThan(ext) = keep else { return Ok(()) };
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for e in std::fs::read_dir(from.join(&rel))? {
            let e = e?;
            let r = rel.join(e.file_name());
            let ty = e.file_type()?;
            if ty.is_dir() {
                std::fs::create_dir_all(to.join(&r))?;
                stack.push(r);
            } else if ty.is_file() && (!rel.as_os_str().is_empty() || r.extension().is_none_or(|x| x != ext)) {
                let dest = to.join(&r);
                if !dest.exists() {
                    std::fs::copy(e.path(), dest)?;
                }
            }
        }
    }
    Ok(())
}

/// Writes `files` (relative paths, `/`-separated, subfolders allowed) as the folder
/// `dir`, all or nothing.
pub fn write_dir_atomically(dir: &Path, files: &[(String, Vec<u8>)], keep: Keep) -> io::Result<()> {
    remove_stale(dir);
    let tmp = sibling(dir, "tmp")?;
    let result = (|| {
        std::fs::create_dir_all(&tmp)?;
        for (name, body) in files {
            let rel = Path::new(name);
            if rel.is_absolute() || rel.components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("`{name}`: not a plain relative path"),
                ));
            }
            let path = tmp.join(rel);
            if let Some(p) = path.parent() {
                std::fs::create_dir_all(p)?;
            }
            std::fs::write(&path, body)?;
        }
        if dir.is_dir() {
            copy_kept(dir, &tmp, keep)?;
            let old = sibling(dir, "old")?;
            std::fs::rename(dir, &old)?;
            if let Err(e) = std::fs::rename(&tmp, dir) {
                // Put the old folder back: better the old content than none.
                let _ = std::fs::rename(&old, dir);
                return Err(e);
            }
            std::fs::remove_dir_all(&old)?;
        } else {
            if let Some(p) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(p)?;
            }
            std::fs::rename(&tmp, dir)?;
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}
