//! The per-document outputs of a job (a links and a TSV file per document pair) without a
//! list of them in memory: each language pair's documents wait in a temporary file
//! ([`DocList`]), the pair's summary holds one marker per per-document format, and
//! `summary.json` and the list of files to commit expand the markers as they are written.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, Write};
use std::path::Path;

use super::job::{JobSummary, PairSummary};
use crate::error::{Error, ErrorKind, Result};
use crate::output::write_atomic_with;

fn spill_error(e: std::io::Error) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("the job's temporary file of documents: {e}"),
    )
}

/// The documents of one language pair, in the order written (one JSON string a line).
pub(super) struct DocList {
    w: BufWriter<File>,
    len: usize,
}

impl DocList {
    /// An empty list whose (anonymous) file lives in `dir`.
    pub(super) fn new_in(dir: &Path) -> Result<DocList> {
        Ok(DocList {
            w: BufWriter::new(tempfile::tempfile_in(dir).map_err(|e| Error::io(dir, &e))?),
            len: 0,
        })
    }

    pub(super) fn push(&mut self, doc: &str) -> Result<()> {
        serde_json::to_writer(&mut self.w, doc).map_err(|e| spill_error(e.into()))?;
        self.w.write_all(b"\n").map_err(spill_error)?;
        self.len += 1;
        Ok(())
    }

    /// Calls `f` with each document, in order (the list can be read any number of times).
    fn for_each(&mut self, mut f: impl FnMut(usize, &str) -> Result<()>) -> Result<()> {
        self.w.flush().map_err(spill_error)?;
        let mut file = self.w.get_ref().try_clone().map_err(spill_error)?;
        file.rewind().map_err(spill_error)?;
        for (k, line) in BufReader::with_capacity(1 << 16, file).lines().enumerate() {
            let line = line.map_err(spill_error)?;
            let doc: String = serde_json::from_str(&line).map_err(|e| spill_error(e.into()))?;
            f(k, &doc)?;
        }
        // appending goes on at the end
        self.w
            .get_mut()
            .seek(std::io::SeekFrom::End(0))
            .map_err(spill_error)?;
        Ok(())
    }
}

/// The marker of language pair `pair`'s files `<s>-<t>/<doc>.<ext>` in its outputs.
pub(super) fn marker(pair: usize, ext: &str) -> String {
    format!("\0{pair}.{ext}")
}

/// The language pair and extension of a marker.
fn parse_marker(s: &str) -> Option<(usize, &str)> {
    let (pair, ext) = s.strip_prefix('\0')?.split_once('.')?;
    Some((pair.parse().ok()?, ext))
}

/// The file of a language pair's document `doc` with extension `ext`.
fn doc_file(p: &PairSummary, doc: &str, ext: &str) -> String {
    format!("{}-{}/{doc}.{ext}", p.src_lang, p.tgt_lang)
}

/// The outputs of `p`, markers expanded with the documents of `docs`.
pub(super) fn expand(p: &PairSummary, docs: &mut DocList) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for o in &p.outputs {
        match parse_marker(o) {
            Some((_, ext)) => docs.for_each(|_, d| {
                out.push(doc_file(p, d, ext));
                Ok(())
            })?,
            None => out.push(o.clone()),
        }
    }
    Ok(out)
}

/// Leaves the markers out of the outputs of every pair (the summary a job returns).
pub(super) fn drop_markers(s: &mut JobSummary) {
    for p in &mut s.pairs {
        p.outputs.retain(|o| parse_marker(o).is_none());
    }
}

/// Writes `summary` (pretty JSON and a line break) to `path`, each marker expanded with the
/// documents of its pair in `docs` (by pair index).
pub(super) fn write_summary(path: &Path, s: &JobSummary, docs: &mut [DocList]) -> Result<()> {
    let json = serde_json::to_string_pretty(s)
        .map_err(|e| Error::new(ErrorKind::Io, format!("summary: {e}")))?;
    let mut failed = None;
    write_atomic_with(path, |w| {
        for line in json.split('\n') {
            let item = line.trim_start();
            let (body, comma) = match item.strip_suffix(',') {
                Some(b) => (b, ","),
                None => (item, ""),
            };
            let found = body
                .starts_with("\"\\u0000")
                .then(|| serde_json::from_str::<String>(body).ok())
                .flatten()
                .and_then(|m| {
                    let (k, ext) = parse_marker(&m)?;
                    Some((k, ext.to_string()))
                });
            let Some((k, ext)) = found.filter(|(k, _)| *k < docs.len() && *k < s.pairs.len())
            else {
                writeln!(w, "{line}")?;
                continue;
            };
            let indent = &line[..line.len() - item.len()];
            let n = docs[k].len;
            let r = docs[k].for_each(|i, d| {
                let name = serde_json::to_string(&doc_file(&s.pairs[k], d, &ext))
                    .map_err(|e| spill_error(e.into()))?;
                let sep = if i + 1 < n { "," } else { comma };
                writeln!(w, "{indent}{name}{sep}").map_err(spill_error)
            });
            if let Err(e) = r {
                failed = Some(e);
                return Err(std::io::Error::other("summary.json"));
            }
        }
        Ok(())
    })
    .map_err(|e| failed.take().unwrap_or(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streamed_summary_is_the_summary_with_every_file() {
        let d = tempfile::tempdir().unwrap();
        let mut lists = Vec::new();
        let mut s = JobSummary::default();
        for (k, (tgt, docs)) in [("en", &["a", "a-b", "c\"d"][..]), ("fr", &["x"][..])]
            .into_iter()
            .enumerate()
        {
            let mut l = DocList::new_in(d.path()).unwrap();
            for doc in docs {
                l.push(doc).unwrap();
            }
            lists.push(l);
            s.pairs.push(PairSummary {
                src_lang: "id".into(),
                tgt_lang: tgt.into(),
                outputs: vec![
                    marker(k, "links"),
                    format!("id-{tgt}.jsonl"),
                    marker(k, "tsv"),
                ],
                ..Default::default()
            });
        }
        let mut full = s.clone();
        for (p, l) in full.pairs.iter_mut().zip(&mut lists) {
            p.outputs = expand(p, l).unwrap();
        }
        assert_eq!(full.pairs[0].outputs[0], "id-en/a.links");
        assert_eq!(full.pairs[0].outputs.len(), 7);
        let path = d.path().join("summary.json");
        write_summary(&path, &s, &mut lists).unwrap();
        let want = serde_json::to_string_pretty(&full).unwrap() + "\n";
        assert_eq!(std::fs::read_to_string(&path).unwrap(), want);
        drop_markers(&mut s);
        assert_eq!(s.pairs[1].outputs, ["id-fr.jsonl"]);
    }
}
