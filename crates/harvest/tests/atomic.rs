//! Folders are written all or nothing.

use panelkit_harvest::{Keep, write_dir_atomically};

fn files(names: &[&str]) -> Vec<(String, Vec<u8>)> {
    names.iter().map(|n| (n.to_string(), format!("content of {n}").into_bytes())).collect()
}

fn listing(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn a_new_folder_appears_whole() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("spec");
    write_dir_atomically(&dir, &files(&["a.toml", "sub/b.xml"]), Keep::Nothing).unwrap();
    assert_eq!(listing(&dir), ["a.toml", "sub"]);
    assert_eq!(std::fs::read_to_string(dir.join("sub/b.xml")).unwrap(), "content of sub/b.xml");
    assert_eq!(listing(t.path()), ["spec"], "no temporary sibling left");
}

#[test]
fn replacing_keeps_other_files_and_drops_old_toml() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("spec");
    write_dir_atomically(&dir, &files(&["old.toml", "README.md"]), Keep::Nothing).unwrap();
    write_dir_atomically(&dir, &files(&["new.toml"]), Keep::OtherThan("toml")).unwrap();
    assert_eq!(listing(&dir), ["README.md", "new.toml"]);
    assert_eq!(listing(t.path()), ["spec"]);
}

#[test]
fn a_failure_midway_leaves_the_old_folder_untouched() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("spec");
    write_dir_atomically(&dir, &files(&["old.toml"]), Keep::Nothing).unwrap();
    // The second file cannot be written: the first must not show up either.
    let err = write_dir_atomically(&dir, &files(&["new.toml", "../escape.toml"]), Keep::Nothing).unwrap_err();
    assert!(err.to_string().contains("escape.toml"), "{err}");
    assert_eq!(listing(&dir), ["old.toml"]);
    assert_eq!(std::fs::read_to_string(dir.join("old.toml")).unwrap(), "content of old.toml");
    assert_eq!(listing(t.path()), ["spec"], "the temporary folder is removed");
}

#[test]
fn leftovers_of_a_killed_run_are_removed() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("spec");
    // What a run killed while writing leaves: a hidden temporary sibling.
    std::fs::create_dir_all(t.path().join(".spec.tmp-99999")).unwrap();
    std::fs::write(t.path().join(".spec.tmp-99999/half.toml"), "half").unwrap();
    write_dir_atomically(&dir, &files(&["a.toml"]), Keep::Nothing).unwrap();
    assert_eq!(listing(t.path()), ["spec"]);
}
