//! Embeds the language data files under `src/lang/` into the binary: every
//! `src/lang/<dir>/<file>` becomes an entry of `LANG_FILES`, so adding a
//! language is adding files, not code.
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lang");
    println!("cargo:rerun-if-changed=src/lang");
    let mut entries = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .expect("src/lang exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .collect();
    dirs.sort_by_key(|e| e.file_name());
    for dir in dirs {
        println!("cargo:rerun-if-changed={}", dir.path().display());
        let mut files: Vec<_> = std::fs::read_dir(dir.path())
            .expect("readable data folder")
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .collect();
        files.sort_by_key(|e| e.file_name());
        for f in files {
            let name = f.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.ends_with('~') {
                continue;
            }
            println!("cargo:rerun-if-changed={}", f.path().display());
            entries.push((
                dir.file_name().to_string_lossy().into_owned(),
                name,
                f.path().display().to_string(),
            ));
        }
    }
    let mut out =
        String::from("/// Embedded language data files: (folder, file name, contents).\n");
    out.push_str("pub static LANG_FILES: &[(&str, &str, &str)] = &[\n");
    for (d, n, p) in entries {
        writeln!(out, "    ({d:?}, {n:?}, include_str!({p:?})),").unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("lang_files.rs");
    std::fs::write(dest, out).unwrap();
}
