//! Build-time data:
//! - every `src/lang/<dir>/<file>` becomes an entry of `LANG_FILES` (embedded language
//!   data: adding a language is adding files, not code), and `LANG_FOLDERS` lists the folders;
//! - the language-code tables (`src/lang/languages.tsv`, `src/lang/aliases.tsv`) become
//!   sorted static arrays, searched by binary search (no table built at start-up);
//! - the precomputed gazetteer index (`src/names/gazetteer-index.tsv`, written by
//!   `tools/gen-gazetteer-index.sh`) becomes sorted static arrays, when it was made from the
//!   gazetteer files as they are now (else the gazetteer is indexed at run time, as before);
//! - the precomputed stems of the concept list (`src/align/concept-stems.tsv`, written by
//!   `tools/gen-concept-stems.sh`) become a static array, when they were made from
//!   `src/lang/mul/align-concepts.tsv` as it is now (else they are computed at run time).
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = std::env::var("OUT_DIR").unwrap();
    let files = lang_files(&manifest.join("src/lang"));
    write_lang_files(&files, Path::new(&out_dir));
    write_language_tables(&manifest.join("src/lang"), Path::new(&out_dir));
    write_gazetteer_index(&files, &manifest.join("src/names"), Path::new(&out_dir));
    write_concept_stems(&files, &manifest.join("src/align"), Path::new(&out_dir));
}

/// (folder, file name, path) of every data file, sorted by folder then name.
fn lang_files(root: &Path) -> Vec<(String, String, String)> {
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(root)
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
    entries
}

fn write_lang_files(entries: &[(String, String, String)], out_dir: &Path) {
    let mut out =
        String::from("/// Embedded language data files: (folder, file name, contents).\n");
    out.push_str("pub static LANG_FILES: &[(&str, &str, &str)] = &[\n");
    for (d, n, p) in entries {
        writeln!(out, "    ({d:?}, {n:?}, include_str!({p:?})),").unwrap();
    }
    out.push_str("];\n");
    let mut folders: Vec<&str> = entries.iter().map(|(d, _, _)| d.as_str()).collect();
    folders.dedup();
    out.push_str("/// The folders of [`LANG_FILES`], sorted.\n");
    writeln!(out, "pub static LANG_FOLDERS: &[&str] = &{folders:?};").unwrap();
    std::fs::write(out_dir.join("lang_files.rs"), out).unwrap();
}

/// The lines of a data file that carry data (as `crate::lang::data_lines`).
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// `languages.tsv` (`iso3 iso1 name`) and `aliases.tsv` (`alias iso3`) as sorted arrays; a
/// code listed twice keeps its last row.
fn write_language_tables(root: &Path, out_dir: &Path) {
    let read = |name: &str| {
        let p = root.join(name);
        println!("cargo:rerun-if-changed={}", p.display());
        std::fs::read_to_string(&p).expect("language table readable")
    };
    let languages = read("languages.tsv");
    let aliases = read("aliases.tsv");
    let mut by_iso3: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    let mut by_iso1: BTreeMap<&str, &str> = BTreeMap::new();
    for line in data_lines(&languages) {
        let mut cols = line.split('\t');
        let (Some(iso3), Some(iso1), Some(name)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        if !iso1.is_empty() {
            by_iso1.insert(iso1, iso3);
        }
        by_iso3.insert(iso3, (iso1, name));
    }
    let mut by_alias: BTreeMap<&str, &str> = BTreeMap::new();
    for line in data_lines(&aliases) {
        if let Some((alias, iso3)) = line.split_once('\t') {
            by_alias.insert(alias, iso3);
        }
    }
    let mut out = String::new();
    let rows: Vec<Vec<&str>> = by_iso3
        .iter()
        .map(|(iso3, (iso1, name))| vec![*iso3, *iso1, *name])
        .collect();
    write_strings(
        &mut out,
        "LANGUAGES",
        "`iso3 iso1 name` of every language, by iso3",
        &rows,
    );
    let rows: Vec<Vec<&str>> = by_iso1.iter().map(|(a, b)| vec![*a, *b]).collect();
    write_strings(&mut out, "ISO1", "`iso1 iso3`, by iso1", &rows);
    let rows: Vec<Vec<&str>> = by_alias.iter().map(|(a, b)| vec![*a, *b]).collect();
    write_strings(&mut out, "ALIASES", "`alias iso3`, by alias", &rows);
    std::fs::write(out_dir.join("language_tables.rs"), out).unwrap();
}

/// A `crate::lang::Strings` table named `name`: rows of string columns as one text and the
/// offsets of each column (no pointer per string, so nothing for the loader to relocate).
fn write_strings(out: &mut String, name: &str, doc: &str, rows: &[Vec<&str>]) {
    let width = rows.first().map_or(0, Vec::len) + 1;
    writeln!(
        out,
        "/// {doc}.\nstatic {name}: Strings<{width}> = {};",
        strings_literal(rows)
    )
    .unwrap();
}

/// The `Strings` literal of `rows`.
fn strings_literal(rows: &[Vec<&str>]) -> String {
    let n = rows.first().map_or(0, Vec::len);
    let mut text = String::new();
    let mut offsets = Vec::new();
    for row in rows {
        assert_eq!(row.len(), n);
        for col in row {
            offsets.push(text.len() as u32);
            text.push_str(col);
        }
        offsets.push(text.len() as u32);
    }
    format!(
        "Strings {{ text: {text:?}, rows: &{} }}",
        rows_literal(&offsets, n + 1)
    )
}

/// `[[a, b, ...], ...]`: `flat` cut into rows of `width`.
fn rows_literal(flat: &[u32], width: usize) -> String {
    let rows: Vec<String> = flat.chunks(width).map(|r| format!("{r:?}")).collect();
    format!("[{}]", rows.join(","))
}

/// FNV-1a (64 bits) of the data files that `pick` selects, in `LANG_FILES` order, each
/// followed by a zero byte: what a precomputed table records it was made from (the same
/// function as the crate's `hashing::fnv1a`).
fn source_hash(files: &[(String, String, String)], pick: impl Fn(&str, &str) -> bool) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for (d, n, p) in files {
        if pick(d, n) {
            let text = std::fs::read(p).expect("data file readable");
            for b in text.iter().chain(&[0u8]) {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x100_0000_01b3);
            }
        }
    }
    h
}

/// FNV-1a of the gazetteer files (`names::gazetteer::source_hash`).
fn gazetteer_hash(files: &[(String, String, String)]) -> u64 {
    source_hash(files, |d, n| {
        d == "names" && n.starts_with("gazetteer-") && n.ends_with(".tsv")
    })
}

/// The text of a precomputed table when its header (`# source HASH`) names `hash`.
fn current_table(path: &Path, hash: u64) -> Option<String> {
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(path).ok()?;
    let want = format!("{hash:016x}");
    let header = text.lines().next()?.strip_prefix("# source ")?;
    (header.trim() == want).then_some(text)
}

/// The precomputed concept stems as a static array: per column of the concept list, per
/// row, the stems; `CONCEPT_STEMS` is `None` when the file is missing or was made from
/// another concept list.
fn write_concept_stems(files: &[(String, String, String)], dir: &Path, out_dir: &Path) {
    let hash = source_hash(files, |d, n| d == "mul" && n == "align-concepts.tsv");
    let Some(text) = current_table(&dir.join("concept-stems.tsv"), hash) else {
        println!(
            "cargo:warning=src/align/concept-stems.tsv is missing or out of date: the concept stems are computed at run time (slower start-up); run tools/gen-concept-stems.sh"
        );
        let none = "static CONCEPT_STEMS: Option<&[&[&[u64]]]> = None;\n";
        std::fs::write(out_dir.join("concept_stems.rs"), none).unwrap();
        return;
    };
    let mut columns: Vec<Vec<String>> = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [k, row, stems] = cols[..] else {
            panic!("concept-stems.tsv: malformed line {line:?}");
        };
        let (k, row): (usize, usize) = (k.parse().expect("column"), row.parse().expect("row"));
        if columns.len() <= k {
            columns.resize(k + 1, Vec::new());
        }
        assert_eq!(columns[k].len(), row, "concept-stems.tsv: rows in order");
        let stems: Vec<String> = stems
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| format!("0x{s}"))
            .collect();
        columns[k].push(format!("&[{}]", stems.join(",")));
    }
    let columns: Vec<String> = columns
        .iter()
        .map(|rows| format!("&[{}]", rows.join(",")))
        .collect();
    let out = format!(
        "static CONCEPT_STEMS: Option<&[&[&[u64]]]> = Some(&[{}]);\n",
        columns.join(",\n")
    );
    std::fs::write(out_dir.join("concept_stems.rs"), out).unwrap();
}

/// The precomputed index as static arrays: `GAZETTEER_INDEX` is `None` when the index file
/// is missing or was made from other gazetteer files.
fn write_gazetteer_index(files: &[(String, String, String)], dir: &Path, out_dir: &Path) {
    let table = current_table(&dir.join("gazetteer-index.tsv"), gazetteer_hash(files));
    let mut out = String::new();
    let Some(text) = table else {
        println!(
            "cargo:warning=src/names/gazetteer-index.tsv is missing or out of date: the gazetteer is indexed at run time (slower start-up); run tools/gen-gazetteer-index.sh"
        );
        out.push_str("static GAZETTEER_INDEX: Option<EmbeddedIndex> = None;\n");
        std::fs::write(out_dir.join("gazetteer_index.rs"), out).unwrap();
        return;
    };
    let mut ids: Vec<(u32, &str)> = Vec::new();
    let mut maps: BTreeMap<&str, BTreeMap<String, &str>> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [kind, a, b] = cols[..] else {
            panic!("gazetteer-index.tsv: malformed line {line:?}");
        };
        match kind {
            "entity" => ids.push((b.parse().expect("entity index"), a)),
            "raw" | "acronym" | "stem" => {
                // stem keys hold \u{1} between language and stem, written as \x01
                let key = a.replace("\\x01", "\u{1}");
                maps.entry(kind).or_default().insert(key, b);
            }
            _ => panic!("gazetteer-index.tsv: unknown kind {kind:?}"),
        }
    }
    ids.sort();
    assert!(ids.iter().enumerate().all(|(i, (k, _))| *k as usize == i));
    // entity ids as one table; each map as one text of keys and one array of entity lists,
    // with rows (key start, key end, list start, list end): no pointer per key to relocate
    let names: Vec<Vec<&str>> = ids.iter().map(|(_, id)| vec![*id]).collect();
    let mut maps_out = Vec::new();
    for kind in ["raw", "acronym", "stem"] {
        let (mut keys, mut lists, mut rows) = (String::new(), Vec::<u32>::new(), Vec::new());
        for (key, list) in maps.get(kind).into_iter().flatten() {
            let (k0, l0) = (keys.len() as u32, lists.len() as u32);
            keys.push_str(key);
            lists.extend(
                list.split(',')
                    .map(|x| x.parse::<u32>().expect("entity index")),
            );
            rows.extend([k0, keys.len() as u32, l0, lists.len() as u32]);
        }
        maps_out.push(format!(
            "{kind}: Keyed {{ keys: {keys:?}, lists: &{lists:?}, rows: &{} }}",
            rows_literal(&rows, 4)
        ));
    }
    writeln!(
        out,
        "static GAZETTEER_INDEX: Option<EmbeddedIndex> = Some(EmbeddedIndex {{ ids: {}, {} }});",
        strings_literal(&names),
        maps_out.join(", ")
    )
    .unwrap();
    std::fs::write(out_dir.join("gazetteer_index.rs"), out).unwrap();
}
