//! Vectors a Vecalign pipeline already computed (`--embed-vecalign SRC_OVERLAPS SRC_EMB
//! TGT_OVERLAPS TGT_EMB`), so that LASER or LaBSE embeddings made for Vecalign plug in
//! without embedding again.
//!
//! Vecalign's `overlap.py -i FILE -o FILE.overlaps -n N` writes every sentence and every run
//! of up to N consecutive sentences joined by a space, one text per line (stripped; an empty
//! line becomes `BLANK_LINE`, a text is cut at 10,000 characters); the embedding step writes
//! one vector per line of that file, as raw float32 values one after the other (native byte
//! order, little-endian on every common machine), so the dimension is the file's size
//! divided by 4 and by the number of lines. selaras looks every sentence up by its text, as
//! Vecalign does; a sentence that is not there is an error (the files were made from other
//! sentence files), never a random vector.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{embed_error, unit, Embedder, Vector};
use crate::error::{Error, ErrorKind, Result};

/// Vecalign cuts texts at this many characters.
const MAX_CHARS: usize = 10_000;

/// The vectors of Vecalign's overlaps and embeddings files.
pub struct VecalignFiles {
    model: String,
    files: Vec<PathBuf>,
    dim: usize,
    index: HashMap<String, usize>,
    data: Vec<f32>,
}

/// A text as Vecalign keys it.
fn vecalign_key(text: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        return "BLANK_LINE".into();
    }
    t.chars().take(MAX_CHARS).collect()
}

impl VecalignFiles {
    /// Reads pairs of (overlaps file, embeddings file); `model` names the model (default
    /// `vecalign`).
    pub fn read(pairs: &[(PathBuf, PathBuf)], model: Option<&str>) -> Result<VecalignFiles> {
        let mut out = VecalignFiles {
            model: model.unwrap_or("vecalign").to_string(),
            files: Vec::new(),
            dim: 0,
            index: HashMap::new(),
            data: Vec::new(),
        };
        for (overlaps, emb) in pairs {
            out.add(overlaps, emb)?;
        }
        Ok(out)
    }

    fn add(&mut self, overlaps: &Path, emb: &Path) -> Result<()> {
        let text = std::fs::read_to_string(overlaps).map_err(|e| Error::io(overlaps, &e))?;
        let lines: Vec<&str> = text.lines().collect();
        let bytes = std::fs::read(emb).map_err(|e| Error::io(emb, &e))?;
        if lines.is_empty() {
            return Err(
                Error::new(ErrorKind::Embed, "the overlaps file has no line").with_path(overlaps),
            );
        }
        if bytes.is_empty() || bytes.len() % (4 * lines.len()) != 0 {
            return Err(Error::new(
                ErrorKind::Embed,
                format!(
                    "{} bytes are not one float32 vector for each of the {} lines of {} (a Vecalign embeddings file holds lines × dimension × 4 bytes)",
                    bytes.len(),
                    lines.len(),
                    overlaps.display()
                ),
            )
            .with_path(emb));
        }
        let dim = bytes.len() / 4 / lines.len();
        if self.dim != 0 && dim != self.dim {
            return Err(Error::new(
                ErrorKind::Embed,
                format!(
                    "vectors of dimension {dim}, but the other embeddings file has {}",
                    self.dim
                ),
            )
            .with_path(emb));
        }
        self.dim = dim;
        let values: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        for (k, line) in lines.iter().enumerate() {
            let v = unit(values[k * dim..(k + 1) * dim].to_vec(), dim).map_err(|e| {
                Error::new(
                    ErrorKind::Embed,
                    format!("the vector of line {} of {} {e}", k + 1, overlaps.display()),
                )
                .with_path(emb)
            })?;
            let key = vecalign_key(line);
            if !self.index.contains_key(&key) {
                self.index.insert(key, self.index.len());
                self.data.extend_from_slice(&v);
            }
        }
        self.files.push(overlaps.to_path_buf());
        Ok(())
    }
}

impl Embedder for VecalignFiles {
    fn model(&self) -> &str {
        &self.model
    }

    fn embed(&mut self, texts: &[&str]) -> Result<Vec<Vector>> {
        texts
            .iter()
            .map(|t| {
                let k = *self.index.get(&vecalign_key(t)).ok_or_else(|| {
                    let short: String = t.chars().take(80).collect();
                    let files: Vec<String> =
                        self.files.iter().map(|f| f.display().to_string()).collect();
                    embed_error(format!(
                        "the text `{short}` is not in the overlaps files {} (make them with Vecalign's overlap.py from the same sentence files that selaras aligns)",
                        files.join(", ")
                    ))
                })?;
                Ok(self.data[k * self.dim..(k + 1) * self.dim].to_vec())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, lines: &[&str], vecs: &[[f32; 2]]) -> (PathBuf, PathBuf) {
        let o = dir.join(format!("{name}.overlaps"));
        let e = dir.join(format!("{name}.emb"));
        std::fs::write(&o, lines.join("\n") + "\n").unwrap();
        let bytes: Vec<u8> = vecs
            .iter()
            .flatten()
            .flat_map(|x| x.to_le_bytes())
            .collect();
        std::fs::write(&e, bytes).unwrap();
        (o, e)
    }

    #[test]
    fn texts_are_found_as_vecalign_keys_them() {
        let d = tempfile::tempdir().unwrap();
        let src = write(
            d.path(),
            "de",
            &["Hallo .", "Hallo . Welt ."],
            &[[1.0, 0.0], [0.0, 2.0]],
        );
        let tgt = write(
            d.path(),
            "fr",
            &["PAD", "Salut ."],
            &[[1.0, 1.0], [3.0, 4.0]],
        );
        let mut v = VecalignFiles::read(&[src, tgt], None).unwrap();
        let got = v.embed(&["Salut .", " Hallo . Welt . "]).unwrap();
        assert_eq!(got, vec![vec![0.6, 0.8], vec![0.0, 1.0]]);
        let e = v.embed(&["Bonjour ."]).unwrap_err().to_string();
        assert!(
            e.contains("`Bonjour .` is not in the overlaps files"),
            "{e}"
        );
    }

    #[test]
    fn an_embeddings_file_of_the_wrong_size_is_an_error() {
        let d = tempfile::tempdir().unwrap();
        let (o, e) = write(d.path(), "de", &["a", "b", "c"], &[[1.0, 0.0], [0.0, 2.0]]);
        let err = VecalignFiles::read(&[(o, e)], None)
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.contains("16 bytes are not one float32 vector for each of the 3 lines"),
            "{err}"
        );
    }
}
