//! One pair of files, as `selaras align SRC TGT` (and each line of `--batch`) handles it:
//! read both documents, align them, check figures and names when an output shows them, and
//! write one output format.

use std::path::Path;

use crate::align::{align_pair, AlignOptions, Alignment, Side};
use crate::check::{bead_figures, FigureFlag};
use crate::corpus::strip_txt;
use crate::names::{self, CheckDocument, CheckOptions, CheckReport};
use crate::output::{self, Format, PairView};
use crate::text::{Document, ReadOptions};
use crate::{Error, ErrorKind, Lang, Result};

/// A pair of documents aligned, with the findings the outputs show.
#[derive(Debug)]
pub struct AlignedPair {
    /// The document id: the source file name without `.txt` and language code.
    pub doc: String,
    /// The source document.
    pub src: Document,
    /// The target document.
    pub tgt: Document,
    /// The alignment.
    pub alignment: Alignment,
    /// Per bead, the figures that differ (empty lists when findings were not asked for).
    pub figures: Vec<Vec<FigureFlag>>,
    /// The names check of the two documents (empty when findings were not asked for).
    pub names: CheckReport,
}

/// The language of a file named `<name>.<lang>.txt`, if its name says it.
pub fn lang_of_file(path: &Path) -> Option<Lang> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let (_, tag) = strip_txt(&name)?.rsplit_once('.')?;
    Lang::parse(tag).ok()
}

/// The document id of a source file: its name without `.txt` and without the language
/// code (`karabakh-2020` for `karabakh-2020.id.txt`).
pub fn doc_id(src: &Path) -> String {
    let name = src
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = strip_txt(&name).unwrap_or(&name);
    name.rsplit_once('.')
        .map(|(d, _)| d)
        .unwrap_or(name)
        .to_string()
}

/// Whether an output in `format` shows figure and name findings.
pub fn shows_findings(format: Format) -> bool {
    matches!(format, Format::Tsv | Format::Jsonl | Format::Tmx)
}

impl AlignedPair {
    /// Reads `src` (in `src_lang`) and `tgt` (in `tgt_lang`) and aligns them; checks figures
    /// and names (with these name lists) when `findings` is given (links and Moses files
    /// show none).
    pub fn align_files(
        (src, src_lang): (&Path, Lang),
        (tgt, tgt_lang): (&Path, Lang),
        read: &ReadOptions,
        opts: &AlignOptions,
        findings: Option<&CheckOptions>,
    ) -> Result<AlignedPair> {
        let sdoc = Document::read(src, src_lang, read)?;
        let tdoc = Document::read(tgt, tgt_lang, read)?;
        Ok(AlignedPair::align_documents(
            doc_id(src),
            sdoc,
            tdoc,
            opts,
            findings,
        ))
    }

    /// Aligns two documents read already (`doc` is the document id); checks figures and
    /// names (with these name lists) when `findings` is given.
    pub fn align_documents(
        doc: String,
        sdoc: Document,
        tdoc: Document,
        opts: &AlignOptions,
        findings: Option<&CheckOptions>,
    ) -> AlignedPair {
        let alignment = align_pair(
            &Side::from_document(&sdoc),
            &Side::from_document(&tdoc),
            opts,
        );
        let (figures, names) = if let Some(lists) = findings {
            let names = names::check(
                &[
                    CheckDocument::from_document("pair", &sdoc),
                    CheckDocument::from_document("pair", &tdoc),
                ],
                &CheckOptions {
                    pivot: Some(sdoc.lang),
                    ..lists.clone()
                },
            );
            (bead_figures(&sdoc, &tdoc, &alignment), names)
        } else {
            (
                vec![Vec::new(); alignment.beads.len()],
                CheckReport::default(),
            )
        };
        AlignedPair {
            doc,
            src: sdoc,
            tgt: tdoc,
            alignment,
            figures,
            names,
        }
    }

    /// The pair as the output writers see it.
    pub fn view(&self) -> PairView<'_> {
        PairView {
            doc: &self.doc,
            src: &self.src,
            tgt: &self.tgt,
            alignment: &self.alignment,
            figures: &self.figures,
        }
    }

    /// Whether figures differ in some bead or a name is spelled in more than one way (not
    /// counting spellings the user accepted).
    pub fn has_findings(&self) -> bool {
        self.figures.iter().any(|f| !f.is_empty()) || self.names.variant_findings() > 0
    }

    /// The pair in one output format (Moses is two files: an error).
    pub fn text(&self, format: Format) -> Result<String> {
        let view = self.view();
        Ok(match format {
            Format::Links => output::links(&view),
            Format::Tsv => output::tsv(&[view]),
            Format::Jsonl => output::jsonl(&[view]),
            Format::Tmx => output::tmx(&[view]),
            Format::Moses => {
                return Err(Error::new(
                    ErrorKind::Config,
                    "the moses format is two files: add --out DIR",
                ))
            }
        })
    }
}
