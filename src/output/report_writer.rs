//! The review report written one document pair at a time, so that a corpus job never holds
//! more than one document pair's HTML: each pair's index rows and the sections that go on the
//! index page wait in anonymous temporary files, a language pair's page is appended to as
//! its document pairs come, a document pair's page is written whole once the next one is
//! known (for its previous/next links). A report of several pages shares one CSS and one JS
//! file (`report/selaras-report.css`, `.js`), which still opens from the file system.

use std::fs::File;
use std::io::{BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

use super::formats::PairView;
use super::report::{
    doc_page, index_row, matching_section, page_head, page_tail, pair_page, pair_section, Assets,
    NameMarks, PairSize, Placement, ReportNotes, ReportOptions, ReportPair, CSS, CSS_FILE,
    INDEX_HEAD, INDEX_TAIL, JS, JS_FILE,
};
use crate::error::{Error, Result};

/// Writes the report of a job into a folder (see [`super::report`] for the pages).
pub struct ReportWriter {
    dir: PathBuf,
    opts: ReportOptions,
    pairs: Vec<Slot>,
    assets: Assets,
    notes: ReportNotes,
}

/// The HTML of one document pair, made by [`ReportWriter::render`].
#[derive(Debug, Default)]
pub struct Rendered {
    pair: Option<usize>,
    row: String,
    section: String,
    /// Its own page (relative path, title), when the pair has one page per document pair.
    page: Option<(String, String)>,
}

/// One language pair of the report.
struct Slot {
    langs: ReportPair<'static>,
    placement: Placement,
    /// Its rows of the index table.
    rows: BufWriter<File>,
    /// Its sections: on the index page (a temporary file) or on its own page.
    body: Option<(PathBuf, BufWriter<File>)>,
    /// Its pages, relative to the folder.
    pages: Vec<String>,
    /// Its last document page, written when the next one comes (or at the end).
    pending: Option<DocPage>,
}

/// A document pair's own page, waiting for the link to the next one.
struct DocPage {
    rel: String,
    title: String,
    section: String,
    prev: Option<String>,
}

impl std::fmt::Debug for ReportWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReportWriter")
            .field("dir", &self.dir)
            .field("pairs", &self.pairs.len())
            .finish_non_exhaustive()
    }
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).map_err(|e| Error::io(d, &e))?;
    }
    let f = File::create(path).map_err(|e| Error::io(path, &e))?;
    Ok(BufWriter::new(f))
}

fn temp_in(dir: &Path) -> Result<BufWriter<File>> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    Ok(BufWriter::new(
        tempfile::tempfile_in(dir).map_err(|e| Error::io(dir, &e))?,
    ))
}

fn put(w: &mut impl Write, path: &Path, s: &str) -> Result<()> {
    w.write_all(s.as_bytes()).map_err(|e| Error::io(path, &e))
}

impl ReportWriter {
    /// A report of these language pairs (in this order) into `dir`; how the pages are split
    /// follows from the bead counts.
    pub fn new(dir: &Path, pairs: &[PairSize], opts: &ReportOptions) -> Result<ReportWriter> {
        let placements = Placement::of(pairs, opts.split_above);
        let assets = if placements.iter().all(|p| *p == Placement::Index) {
            Assets::Inline
        } else {
            Assets::Shared(1)
        };
        let mut slots = Vec::new();
        for (p, placement) in pairs.iter().zip(placements) {
            let langs = ReportPair {
                src_lang: p.src_lang.clone(),
                tgt_lang: p.tgt_lang.clone(),
                views: Vec::new(),
            };
            let mut pages = Vec::new();
            let body = match placement {
                Placement::Index => Some((dir.to_path_buf(), temp_in(dir)?)),
                Placement::PairPage => {
                    let rel = pair_page(&langs);
                    let path = dir.join(&rel);
                    let mut w = create(&path)?;
                    let title = format!("{} — {}-{}", opts.title, p.src_lang, p.tgt_lang);
                    let head = page_head(&title, Some("../report.html"), &opts.corpus, assets);
                    put(&mut w, &path, &head)?;
                    pages.push(rel);
                    Some((path, w))
                }
                Placement::DocPages => None,
            };
            slots.push(Slot {
                langs,
                placement,
                rows: temp_in(dir)?,
                body,
                pages,
                pending: None,
            });
        }
        Ok(ReportWriter {
            dir: dir.to_path_buf(),
            opts: opts.clone(),
            pairs: slots,
            assets,
            notes: ReportNotes::default(),
        })
    }

    /// The problems of the job, for the index page.
    pub fn notes(&mut self, notes: ReportNotes) {
        self.notes = notes;
    }

    /// Adds one document pair of language pair `pair` (an index into the pairs given to
    /// [`ReportWriter::new`]); pairs are shown in the order they are added.
    pub fn add(&mut self, pair: usize, view: &PairView, names: &NameMarks) -> Result<()> {
        let r = self.render(pair, view, names);
        self.put(r)
    }

    /// The HTML of one document pair of language pair `pair`, to be given to
    /// [`ReportWriter::put`] (rendering is independent of the other pairs, so it can run in
    /// parallel; putting must follow the order of the pairs).
    pub fn render(&self, pair: usize, view: &PairView, names: &NameMarks) -> Rendered {
        let Some(slot) = self.pairs.get(pair) else {
            return Rendered::default();
        };
        let mut section = String::new();
        let name_beads = pair_section(&mut section, &slot.langs, view, names, &self.opts);
        let mut row = String::new();
        index_row(
            &mut row,
            &slot.langs,
            view,
            &self.opts,
            slot.placement,
            name_beads,
        );
        let page = slot.body.is_none().then(|| {
            let rel = doc_page(&slot.langs, view);
            let title = format!(
                "{} — {} {}-{}",
                self.opts.title, view.doc, slot.langs.src_lang, slot.langs.tgt_lang
            );
            (rel, title)
        });
        Rendered {
            pair: Some(pair),
            row,
            section,
            page,
        }
    }

    /// Writes what [`ReportWriter::render`] made.
    pub fn put(&mut self, r: Rendered) -> Result<()> {
        let Some(slot) = r.pair.and_then(|k| self.pairs.get_mut(k)) else {
            return Ok(());
        };
        put(&mut slot.rows, &self.dir, &r.row)?;
        match (&mut slot.body, r.page) {
            (Some((path, w)), _) => put(w, path, &r.section)?,
            (None, Some((rel, title))) => {
                let prev = match slot.pending.take() {
                    Some(p) => {
                        let prev = p.rel.clone();
                        write_doc_page(&self.dir, p, Some(&rel), &self.opts.corpus)?;
                        Some(prev)
                    }
                    None => None,
                };
                slot.pages.push(rel.clone());
                slot.pending = Some(DocPage {
                    rel,
                    title,
                    section: r.section,
                    prev,
                });
            }
            (None, None) => {}
        }
        Ok(())
    }

    /// Writes `report.html` and closes every page; returns the files written, relative to
    /// the folder, `report.html` first.
    pub fn finish(self) -> Result<Vec<String>> {
        let index = self.dir.join("report.html");
        let mut w = create(&index)?;
        let index_assets = match self.assets {
            Assets::Shared(_) => Assets::Shared(0),
            Assets::Inline => Assets::Inline,
        };
        let head = page_head(&self.opts.title, None, &self.opts.corpus, index_assets);
        put(&mut w, &index, &head)?;
        put(&mut w, &index, &self.notes.html())?;
        put(&mut w, &index, INDEX_HEAD)?;
        let mut inline = Vec::new();
        let mut written = vec!["report.html".to_string()];
        if self.assets != Assets::Inline {
            for (rel, text) in [(CSS_FILE, CSS), (JS_FILE, JS)] {
                let path = self.dir.join(rel);
                let mut f = create(&path)?;
                put(&mut f, &path, text)?;
                f.flush().map_err(|e| Error::io(&path, &e))?;
                written.push(rel.to_string());
            }
        }
        for mut slot in self.pairs {
            if let Some(p) = slot.pending.take() {
                write_doc_page(&self.dir, p, None, &self.opts.corpus)?;
            }
            written.extend(slot.pages);
            copy_back(slot.rows, &mut w, &index)?;
            match (slot.placement, slot.body) {
                (Placement::Index, Some((_, body))) => inline.push(body),
                (_, Some((path, mut page))) => {
                    put(&mut page, &path, &page_tail(self.assets))?;
                    page.flush().map_err(|e| Error::io(&path, &e))?;
                }
                _ => {}
            }
        }
        put(&mut w, &index, INDEX_TAIL)?;
        if let Some(m) = &self.opts.matching {
            let mut section = String::new();
            matching_section(&mut section, m);
            put(&mut w, &index, &section)?;
        }
        for body in inline {
            copy_back(body, &mut w, &index)?;
        }
        put(&mut w, &index, &page_tail(index_assets))?;
        w.flush().map_err(|e| Error::io(&index, &e))?;
        Ok(written)
    }
}

/// Appends what was written to the temporary file `tmp` to `out`.
fn copy_back(tmp: BufWriter<File>, out: &mut impl Write, path: &Path) -> Result<()> {
    let mut f = tmp.into_inner().map_err(|e| Error::io(path, e.error()))?;
    f.rewind().map_err(|e| Error::io(path, &e))?;
    std::io::copy(&mut f, out).map_err(|e| Error::io(path, &e))?;
    Ok(())
}

/// Writes a document pair's own page, with links to the previous and next pages.
fn write_doc_page(dir: &Path, p: DocPage, next: Option<&str>, corpus: &str) -> Result<()> {
    let path = dir.join(&p.rel);
    let mut w = create(&path)?;
    let assets = Assets::Shared(2);
    put(
        &mut w,
        &path,
        &page_head(&p.title, Some("../../report.html"), corpus, assets),
    )?;
    let link = |to: &Option<&str>, label: &str, rel: &str| match to {
        Some(t) => format!(
            "<a rel=\"{rel}\" href=\"{}\">{label}</a>",
            super::tmx::escape(t.rsplit('/').next().unwrap_or(t))
        ),
        None => format!("<span class=\"off\">{label}</span>"),
    };
    let nav = format!(
        "<nav class=\"docnav\">{} {}</nav>\n",
        link(&p.prev.as_deref(), "← previous document", "prev"),
        link(&next, "next document →", "next")
    );
    put(&mut w, &path, &nav)?;
    put(&mut w, &path, &p.section)?;
    put(&mut w, &path, &nav)?;
    put(&mut w, &path, &page_tail(assets))?;
    w.flush().map_err(|e| Error::io(&path, &e))
}
