//! The names check of a corpus fed one document group at a time (a corpus job streams its
//! groups): [`check_group`](super::check::check_group) finds the mentions of one group and
//! the names with no counterpart across its versions; [`NamesTally`] keeps what the check
//! of the whole corpus needs — a count per distinct mention text, and the places of every
//! mention in an anonymous temporary file (12 bytes a mention), read back at the end only
//! for the spellings that turn out to be variants.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::check::{variants, CheckOptions, CheckReport, LearnedPairs, Place, Unmatched};
use super::learn::LearnedName;
use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;

/// The names of one document group.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GroupNames {
    /// Language versions checked.
    pub files: usize,
    /// Every name mention, in document and sentence order.
    pub mentions: Vec<NameMention>,
    /// Names of one version with no counterpart in another version.
    pub unmatched: Vec<Unmatched>,
}

/// One name mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameMention {
    /// Which document of the group (index into its language versions).
    pub file: usize,
    /// The language of that version.
    pub lang: Lang,
    /// The mention as written.
    pub text: String,
    /// 1-based line.
    pub line: usize,
}

/// The names check of a corpus, summed over its document groups (see the module docs).
pub struct NamesTally {
    files: usize,
    mentions: usize,
    ids: HashMap<(Lang, String), u32>,
    counts: Vec<usize>,
    places: BufWriter<File>,
    file_names: BufWriter<File>,
    next_file: u32,
    unmatched: BufWriter<File>,
    unmatched_count: usize,
}

impl std::fmt::Debug for NamesTally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NamesTally")
            .field("files", &self.files)
            .field("mentions", &self.mentions)
            .finish_non_exhaustive()
    }
}

fn spill_error(e: std::io::Error) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("names check: writing its temporary file: {e}"),
    )
}

impl NamesTally {
    /// A tally whose temporary files live in the system's temporary folder.
    pub fn new() -> Result<NamesTally> {
        Self::try_new(None)
    }

    /// A tally whose (anonymous, self-deleting) temporary files live in `dir`.
    pub fn new_in(dir: &Path) -> Result<NamesTally> {
        Self::try_new(Some(dir))
    }

    fn try_new(dir: Option<&Path>) -> Result<NamesTally> {
        let open = || match dir {
            Some(d) => tempfile::tempfile_in(d).map_err(|e| Error::io(d, &e)),
            None => tempfile::tempfile().map_err(spill_error),
        };
        Ok(NamesTally {
            files: 0,
            mentions: 0,
            ids: HashMap::new(),
            counts: Vec::new(),
            places: BufWriter::new(open()?),
            file_names: BufWriter::new(open()?),
            next_file: 0,
            unmatched: BufWriter::new(open()?),
            unmatched_count: 0,
        })
    }

    /// Adds the names of one group; `files` are the files of its language versions as they
    /// should be shown, in the order of [`NameMention::file`].
    pub fn add(&mut self, group: &GroupNames, files: &[String]) -> Result<()> {
        self.files += group.files;
        self.mentions += group.mentions.len();
        let base = self.next_file;
        for f in files {
            let line = serde_json::to_string(f).map_err(|e| spill_error(e.into()))?;
            writeln!(self.file_names, "{line}").map_err(spill_error)?;
            self.next_file += 1;
        }
        for m in &group.mentions {
            let next = self.counts.len() as u32;
            let id = *self.ids.entry((m.lang, m.text.clone())).or_insert(next);
            if id == next {
                self.counts.push(0);
            }
            self.counts[id as usize] += 1;
            let file = base + m.file.min(files.len().saturating_sub(1)) as u32;
            let mut rec = [0u8; 12];
            rec[..4].copy_from_slice(&id.to_le_bytes());
            rec[4..8].copy_from_slice(&file.to_le_bytes());
            rec[8..].copy_from_slice(&(m.line.min(u32::MAX as usize) as u32).to_le_bytes());
            self.places.write_all(&rec).map_err(spill_error)?;
        }
        for u in &group.unmatched {
            serde_json::to_writer(&mut self.unmatched, u).map_err(|e| spill_error(e.into()))?;
            self.unmatched.write_all(b"\n").map_err(spill_error)?;
        }
        self.unmatched_count += group.unmatched.len();
        Ok(())
    }

    /// The check of everything added.
    pub fn finish(self, opts: &CheckOptions) -> Result<CheckReport> {
        let (mut report, unmatched, _) = self.finish_parts(opts)?;
        for line in unmatched.lines() {
            let line = line.map_err(spill_error)?;
            report
                .unmatched
                .push(serde_json::from_str(&line).map_err(|e| spill_error(e.into()))?);
        }
        Ok(report)
    }

    /// Writes the check of everything added as `names.json` into `dir` (the names with no
    /// counterpart streamed from their temporary file, so that they are never all in memory),
    /// with the correspondences `learned` from the job's beads, leaving out the names they
    /// explain; returns the report without the names with no counterpart, and how many of
    /// those were written.
    pub fn write_json(
        self,
        opts: &CheckOptions,
        dir: &Path,
        learned: Vec<LearnedName>,
    ) -> Result<(CheckReport, usize)> {
        let (mut report, unmatched, _) = self.finish_parts(opts)?;
        let path = dir.join("names.json");
        let io = |e: std::io::Error| Error::io(&path, &e);
        let json = |e: serde_json::Error| Error::new(ErrorKind::Io, format!("names.json: {e}"));
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        let mut w = BufWriter::new(File::create(&path).map_err(io)?);
        write!(
            w,
            "{{\n  \"files\": {},\n  \"mentions\": {},\n  \"variants\": ",
            report.files, report.mentions,
        )
        .map_err(io)?;
        // streamed: the places of the variants grow with the corpus
        serde_json::to_writer_pretty(Indented::new(&mut w, b"  "), &report.variants)
            .map_err(json)?;
        w.write_all(b",\n  \"unmatched\": ").map_err(io)?;
        let mut written = 0;
        let pairs = LearnedPairs::new(&learned);
        let mut put = |run: &[Unmatched], w: &mut BufWriter<File>| -> Result<()> {
            for (u, explained) in run.iter().zip(pairs.explained(run)) {
                if explained {
                    continue;
                }
                w.write_all(if written == 0 { b"[\n" } else { b",\n" })
                    .map_err(io)?;
                let one = serde_json::to_string_pretty(u).map_err(json)?;
                w.write_all(indent(&one, "    ", true).as_bytes())
                    .map_err(io)?;
                written += 1;
            }
            Ok(())
        };
        // names of one document come together (a group is a document): explained per run
        let mut run: Vec<Unmatched> = Vec::new();
        for line in unmatched.lines() {
            let line = line.map_err(spill_error)?;
            let u: Unmatched = serde_json::from_str(&line).map_err(|e| spill_error(e.into()))?;
            if run.last().is_some_and(|r| r.doc != u.doc) {
                put(&run, &mut w)?;
                run.clear();
            }
            run.push(u);
        }
        put(&run, &mut w)?;
        w.write_all(if written == 0 { b"[]" } else { b"\n  ]" })
            .map_err(io)?;
        let learned_json = serde_json::to_string_pretty(&learned).map_err(json)?;
        write!(
            w,
            ",\n  \"learned\": {}\n}}",
            indent(&learned_json, "  ", false)
        )
        .map_err(io)?;
        w.flush().map_err(io)?;
        report.learned = learned;
        Ok((report, written))
    }

    /// The variants (places read back) and the spill of names with no counterpart.
    fn finish_parts(self, opts: &CheckOptions) -> Result<(CheckReport, BufReader<File>, usize)> {
        let mut counts: BTreeMap<Lang, BTreeMap<String, usize>> = BTreeMap::new();
        for ((lang, text), id) in &self.ids {
            counts
                .entry(*lang)
                .or_default()
                .insert(text.clone(), self.counts[*id as usize]);
        }
        let drafts = variants(&counts, opts);
        // the text ids whose places the report shows
        let mut wanted: HashMap<u32, Vec<(u32, u32)>> = HashMap::new();
        for d in &drafts {
            for texts in &d.texts {
                for t in texts {
                    if let Some(id) = self.ids.get(&(d.variant.lang, t.clone())) {
                        wanted.insert(*id, Vec::new());
                    }
                }
            }
        }
        let mut places = rewind(self.places)?;
        let mut rec = [0u8; 12];
        let mut files_wanted: HashSet<u32> = HashSet::new();
        loop {
            match places.read_exact(&mut rec) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
                Err(e) => return Err(spill_error(e)),
            }
            let word = |k: usize| u32::from_le_bytes([rec[k], rec[k + 1], rec[k + 2], rec[k + 3]]);
            if let Some(v) = wanted.get_mut(&word(0)) {
                v.push((word(4), word(8)));
                files_wanted.insert(word(4));
            }
        }
        let mut names: HashMap<u32, String> = HashMap::new();
        for (k, line) in rewind(self.file_names)?.lines().enumerate() {
            let line = line.map_err(spill_error)?;
            if files_wanted.contains(&(k as u32)) {
                let name: String =
                    serde_json::from_str(&line).map_err(|e| spill_error(e.into()))?;
                names.insert(k as u32, name);
            }
        }
        let mut out = Vec::with_capacity(drafts.len());
        for d in drafts {
            let mut v = d.variant;
            for (sp, texts) in v.spellings.iter_mut().zip(&d.texts) {
                let mut set: BTreeSet<Place> = BTreeSet::new();
                for t in texts {
                    let Some(id) = self.ids.get(&(v.lang, t.clone())) else {
                        continue;
                    };
                    for (file, line) in wanted.get(id).map_or(&[][..], Vec::as_slice) {
                        set.insert(Place {
                            file: names.get(file).cloned().unwrap_or_default(),
                            line: *line as usize,
                        });
                    }
                }
                sp.places = set.into_iter().collect();
            }
            out.push(v);
        }
        let report = CheckReport {
            files: self.files,
            mentions: self.mentions,
            variants: out,
            unmatched: Vec::new(),
            learned: Vec::new(),
        };
        Ok((report, rewind(self.unmatched)?, self.unmatched_count))
    }
}

/// `text` (pretty JSON) nested `prefix` deeper: every line after the first (and the first
/// too when `first`) starts with `prefix`.
fn indent(text: &str, prefix: &str, first: bool) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (k, line) in text.split('\n').enumerate() {
        if k > 0 {
            out.push('\n');
        }
        if k > 0 || first {
            out.push_str(prefix);
        }
        out.push_str(line);
    }
    out
}

/// A writer that nests pretty JSON `prefix` deeper as it passes through: every line after
/// the first starts with `prefix` (as [`indent`] without `first`). Pretty JSON has line
/// breaks only between its tokens (a line break in a string is written `\n`).
struct Indented<'a, W: Write> {
    w: &'a mut W,
    prefix: &'a [u8],
}

impl<'a, W: Write> Indented<'a, W> {
    fn new(w: &'a mut W, prefix: &'a [u8]) -> Self {
        Indented { w, prefix }
    }
}

impl<W: Write> Write for Indented<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for (k, part) in buf.split(|b| *b == b'\n').enumerate() {
            if k > 0 {
                self.w.write_all(b"\n")?;
                self.w.write_all(self.prefix)?;
            }
            self.w.write_all(part)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

/// The spill written so far, from its start.
fn rewind(w: BufWriter<File>) -> Result<BufReader<File>> {
    let mut f = w.into_inner().map_err(|e| spill_error(e.into_error()))?;
    f.rewind().map_err(spill_error)?;
    Ok(BufReader::new(f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::names::{check, check_group, known_words, CheckDocument, CheckSentence};

    fn doc(id: &str, lang: Lang, lines: &[&str]) -> CheckDocument {
        CheckDocument {
            doc: id.into(),
            lang,
            file: format!("{id}.{lang}.txt"),
            sentences: lines
                .iter()
                .enumerate()
                .map(|(i, t)| CheckSentence {
                    line: i + 1,
                    text: t.to_string(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_tally_of_groups_equals_the_check_in_memory() {
        let docs = [
            doc(
                "a",
                Lang::ENG,
                &[
                    "Fighting in Nagorno-Karabakh went on.",
                    "Talks on Nagorno-Karabakh failed in Moscow.",
                ],
            ),
            doc(
                "a",
                Lang::IND,
                &[
                    "Pertempuran di Nagorno-Karabakh berlanjut.",
                    "Perundingan di Moskwa gagal.",
                ],
            ),
            doc(
                "b",
                Lang::ENG,
                &[
                    "Shelling in Nagorny Karabakh resumed near Stepanakert.",
                    "Erdogan spoke.",
                ],
            ),
            doc(
                "b",
                Lang::IND,
                &[
                    "Penembakan di Nagorny Karabakh berlanjut.",
                    "Erdoğan berbicara.",
                ],
            ),
            doc(
                "c",
                Lang::TUR,
                &["Erdoğan'ın açıklaması.", "Erdoğan konuştu."],
            ),
        ];
        let opts = CheckOptions::default();
        let expected = check(&docs, &opts);
        let mut known = HashSet::new();
        for d in &docs {
            known_words(d, &mut known);
        }
        let mut tally = NamesTally::new().unwrap();
        for id in ["a", "b", "c"] {
            let group: Vec<CheckDocument> = docs.iter().filter(|d| d.doc == id).cloned().collect();
            let names = check_group(&group, &known, &opts);
            let json = serde_json::to_string(&names).unwrap();
            let back: GroupNames = serde_json::from_str(&json).unwrap();
            let files: Vec<String> = group.iter().map(|d| d.file.clone()).collect();
            tally.add(&back, &files).unwrap();
        }
        let got = tally.finish(&opts).unwrap();
        // names.json written as a stream is what the report serialises to
        for report in [&expected, &CheckReport::default()] {
            let mut t = NamesTally::new().unwrap();
            t.files = report.files;
            t.mentions = report.mentions;
            let d = tempfile::tempdir().unwrap();
            let group = GroupNames {
                files: 0,
                mentions: Vec::new(),
                unmatched: report.unmatched.clone(),
            };
            t.add(&group, &[]).unwrap();
            let (_, n) = t.write_json(&opts, d.path(), Vec::new()).unwrap();
            assert_eq!(n, report.unmatched.len());
            let written = std::fs::read_to_string(d.path().join("names.json")).unwrap();
            let mut head = report.clone();
            head.variants.clear();
            assert_eq!(written, serde_json::to_string_pretty(&head).unwrap());
        }
        assert!(!expected.variants.is_empty() && !expected.unmatched.is_empty());
        assert_eq!(
            serde_json::to_string_pretty(&got).unwrap(),
            serde_json::to_string_pretty(&expected).unwrap()
        );
    }

    #[test]
    fn indented_writing_is_indent_of_the_whole_text() {
        for text in ["", "a", "[\n  1,\n  \"x\\ny\"\n]", "\n\n", "{\n}\n"] {
            let mut out = Vec::new();
            let mut w = Indented::new(&mut out, b"  ");
            // in pieces cut anywhere, as a buffered serializer writes
            for piece in text.as_bytes().chunks(2) {
                w.write_all(piece).unwrap();
            }
            assert_eq!(String::from_utf8(out).unwrap(), indent(text, "  ", false));
        }
    }
}
