//! The review report: one self-contained HTML file (inline CSS and JS) with an index of
//! document pairs (sortable and filterable, with the unreadable files, unmatched documents
//! and warnings of the job) and, per pair, a side-by-side table of beads with low-confidence
//! beads, 1-0/0-1 beads and divergent figures marked, each sentence with its input line and
//! a mark where a paragraph starts; filters, keyboard navigation, and editing (merge,
//! split, relink beads, accept or dismiss findings, undo, export of the edits for
//! [`crate::review`]). A large corpus gets an index page plus pages per language pair or
//! per document pair (with previous/next links), sharing one CSS and one JS file.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use super::formats::PairView;
use super::report_writer::ReportWriter;
use super::tmx::escape;

/// The beads of one language pair.
#[derive(Debug, Clone)]
pub struct ReportPair<'a> {
    /// Source language code.
    pub src_lang: String,
    /// Target language code.
    pub tgt_lang: String,
    /// The document pairs.
    pub views: Vec<PairView<'a>>,
}

/// How to render the report.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The title (the corpus name).
    pub title: String,
    /// Beads under this confidence are marked.
    pub low_confidence: f64,
    /// Above this many beads in all, write one page per document pair.
    pub split_above: usize,
    /// The documents paired by content, when the job paired them so: listed on the index.
    pub matching: Option<MatchedDocuments>,
    /// The corpus folder of the job, as given (the edits exported from the report name it).
    pub corpus: String,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            title: "selaras report".into(),
            low_confidence: 0.5,
            split_above: 5_000,
            matching: None,
            corpus: String::new(),
        }
    }
}

/// The documents a job paired by content, for the report's index.
#[derive(Debug, Clone, Default)]
pub struct MatchedDocuments {
    /// `(pivot file, other file, score)`, paths relative to the corpus folder.
    pub pairs: Vec<(String, String, f64)>,
    /// Files paired with nothing, relative to the corpus folder.
    pub unpaired: Vec<String>,
}

/// Name spellings to mark in the report, per file: the spellings of entities that a corpus
/// spells in more than one way within one language.
#[derive(Debug, Clone, Default)]
pub struct NameMarks {
    /// Each variant spelling with its note.
    marks: Vec<(String, String)>,
    /// Per file, the marks (indices into `marks`) of the spellings it has.
    by_file: HashMap<String, Vec<u32>>,
}

impl NameMarks {
    /// The variant spellings of a names check, with a note naming the other spellings and
    /// the suggested one.
    pub fn from_report(report: &crate::names::CheckReport) -> NameMarks {
        let mut marks: Vec<(String, String)> = Vec::new();
        let mut by_file: HashMap<String, Vec<u32>> = HashMap::new();
        for v in report.variants.iter().filter(|v| !v.accepted) {
            let all: Vec<&str> = v.spellings.iter().map(|s| s.text.as_str()).collect();
            let note = format!(
                "name spelled {} ways in {}: {} (suggested: {})",
                all.len(),
                v.lang,
                all.join(" / "),
                v.canonical
            );
            for sp in &v.spellings {
                let id = marks.len() as u32;
                marks.push((sp.text.clone(), note.clone()));
                for place in &sp.places {
                    let list = match by_file.get_mut(place.file.as_str()) {
                        Some(l) => l,
                        None => by_file.entry(place.file.clone()).or_default(),
                    };
                    if !list.iter().any(|&k| marks[k as usize].0 == sp.text) {
                        list.push(id);
                    }
                }
            }
        }
        NameMarks { marks, by_file }
    }

    /// The marks of `text` from file `file`: byte spans, notes.
    pub(super) fn find<'a>(&'a self, file: &str, text: &str) -> Vec<(Range<usize>, &'a str)> {
        let mut out = Vec::new();
        for &k in self.by_file.get(file).map(|v| v.as_slice()).unwrap_or(&[]) {
            let (spelling, note) = &self.marks[k as usize];
            if spelling.is_empty() {
                continue;
            }
            for (at, _) in text.match_indices(spelling.as_str()) {
                out.push((at..at + spelling.len(), note.as_str()));
            }
        }
        out
    }
}

pub(super) const CSS: &str = include_str!("report.css");
pub(super) const JS: &str = include_str!("report.js");

/// Renders the report: `(relative path, HTML)` pairs, the index `report.html` first.
///
/// Up to `split_above` beads in all, everything is on `report.html`. Above that, the index
/// links to one page per language pair (`report/<s>-<t>.html`), or, for a language pair with
/// more than `split_above` beads itself, one page per document pair
/// (`report/<s>-<t>/<doc>.html`). A corpus job writes the same pages with a
/// [`ReportWriter`], one document pair at a time.
pub fn report(
    pairs: &[ReportPair],
    names: &NameMarks,
    opts: &ReportOptions,
) -> crate::Result<Vec<(String, String)>> {
    let dir = tempfile::tempdir().map_err(|e| {
        crate::Error::new(
            crate::ErrorKind::Io,
            format!("report: cannot make a temporary folder: {e}"),
        )
    })?;
    let sizes: Vec<PairSize> = pairs
        .iter()
        .map(|p| PairSize {
            src_lang: p.src_lang.clone(),
            tgt_lang: p.tgt_lang.clone(),
            beads: p.views.iter().map(|v| v.alignment.beads.len()).sum(),
        })
        .collect();
    let mut w = ReportWriter::new(dir.path(), &sizes, opts)?;
    for (k, p) in pairs.iter().enumerate() {
        for v in &p.views {
            w.add(k, v, names)?;
        }
    }
    let mut out = Vec::new();
    for rel in w.finish()? {
        let path = dir.path().join(&rel);
        let html = std::fs::read_to_string(&path).map_err(|e| crate::Error::io(&path, &e))?;
        out.push((rel, html));
    }
    Ok(out)
}

/// A language pair of a report and how many beads it has in all (which decides how its
/// pages are split).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairSize {
    /// Source language code.
    pub src_lang: String,
    /// Target language code.
    pub tgt_lang: String,
    /// Beads over all its document pairs.
    pub beads: usize,
}

/// Where the beads of a language pair go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Placement {
    /// On the index page.
    Index,
    /// On one page for the language pair.
    PairPage,
    /// On one page per document pair.
    DocPages,
}

impl Placement {
    /// The placement of every pair: all on the index up to `split_above` beads in all, else
    /// a page per pair, or per document pair for a pair above `split_above` itself.
    pub(super) fn of(pairs: &[PairSize], split_above: usize) -> Vec<Placement> {
        let total: usize = pairs.iter().map(|p| p.beads).sum();
        pairs
            .iter()
            .map(|p| {
                if total <= split_above {
                    Placement::Index
                } else if p.beads <= split_above {
                    Placement::PairPage
                } else {
                    Placement::DocPages
                }
            })
            .collect()
    }
}

pub(super) fn anchor(p: &ReportPair, v: &PairView) -> String {
    format!("p-{}-{}-{}", p.src_lang, p.tgt_lang, v.doc)
}

pub(super) fn pair_page(p: &ReportPair) -> String {
    format!("report/{}-{}.html", p.src_lang, p.tgt_lang)
}

pub(super) fn doc_page(p: &ReportPair, v: &PairView) -> String {
    format!("report/{}-{}/{}.html", p.src_lang, p.tgt_lang, v.doc)
}

/// Where a page finds its CSS and JS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Assets {
    /// In the page itself (a report of one page).
    Inline,
    /// In [`CSS_FILE`] and [`JS_FILE`], this many folders up.
    Shared(usize),
}

/// The shared CSS of a report of several pages, relative to the output folder.
pub(super) const CSS_FILE: &str = "report/selaras-report.css";
/// The shared JS of a report of several pages.
pub(super) const JS_FILE: &str = "report/selaras-report.js";

impl Assets {
    fn href(self, file: &str) -> String {
        match self {
            Assets::Shared(0) => file.to_string(),
            Assets::Shared(up) => {
                let name = file.rsplit('/').next().unwrap_or(file);
                "../".repeat(up - 1) + name
            }
            Assets::Inline => String::new(),
        }
    }
}

/// The start of a report page, up to its `<main>`.
pub(super) fn page_head(title: &str, back: Option<&str>, corpus: &str, assets: Assets) -> String {
    let mut s = String::with_capacity(CSS.len() + 4096);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(s, "<title>{}</title>", escape(title));
    match assets {
        Assets::Inline => {
            let _ = writeln!(s, "<style>\n{CSS}</style>");
        }
        Assets::Shared(_) => {
            let _ = writeln!(
                s,
                "<link rel=\"stylesheet\" href=\"{}\">",
                escape(&assets.href(CSS_FILE))
            );
        }
    }
    let _ = writeln!(s, "</head>\n<body data-corpus=\"{}\">", escape(corpus));
    s.push_str("<header><h1>");
    s.push_str(&escape(title));
    s.push_str("</h1>");
    if let Some(b) = back {
        let _ = write!(s, "<a href=\"{}\">index</a>", escape(b));
    }
    s.push_str(HEADER_CONTROLS);
    s.push_str("</header>\n<main>\n");
    s
}

/// The filters, the editing buttons and the legend of a page with beads (the script hides
/// them on a page without).
const HEADER_CONTROLS: &str = "<span class=\"beadbar\">\
<label><input type=\"checkbox\" id=\"only\"> marked beads only</label>\
<label>confidence below <input type=\"number\" id=\"thr\" min=\"0\" max=\"1\" step=\"0.05\" value=\"1\"></label>\
<span id=\"count\"></span>\
<span class=\"keys\">n / p (or j / k): next / previous marked bead; ↓ / ↑: next / previous bead</span>\
</span>\
<span class=\"editbar\" title=\"edit the selected bead (click a row to select it)\">\
<button data-act=\"merge\" title=\"merge with the next bead (m)\">merge <kbd>m</kbd></button>\
<button data-act=\"split\" title=\"split after the first sentence of each side (s)\">split <kbd>s</kbd></button>\
<button data-act=\"unlink\" title=\"wrong: make it 1-0 + 0-1 (w)\">wrong <kbd>w</kbd></button>\
<button data-act=\"src-prev\" title=\"first source sentence to the previous bead ([)\">src ↑ <kbd>[</kbd></button>\
<button data-act=\"src-next\" title=\"last source sentence to the next bead (])\">src ↓ <kbd>]</kbd></button>\
<button data-act=\"tgt-prev\" title=\"first target sentence to the previous bead ({)\">tgt ↑ <kbd>{</kbd></button>\
<button data-act=\"tgt-next\" title=\"last target sentence to the next bead (})\">tgt ↓ <kbd>}</kbd></button>\
<button data-act=\"accept\" title=\"accept the findings of the bead (a)\">accept <kbd>a</kbd></button>\
<button data-act=\"dismiss\" title=\"dismiss the findings of the bead (x)\">dismiss <kbd>x</kbd></button>\
<button data-act=\"undo\" title=\"undo (u or Ctrl+Z)\">undo <kbd>u</kbd></button>\
<button data-act=\"export\" title=\"save the edits of this report as selaras-edits.json (e)\">export <kbd>e</kbd></button>\
<span id=\"edited\"></span>\
</span>\
<span class=\"legend\"><span style=\"background:var(--fig)\">figure differs</span><span style=\"background:var(--null)\">no counterpart</span><span style=\"background:var(--low)\">low confidence</span><span style=\"background:var(--name)\">name spelled several ways</span><span style=\"background:var(--moved)\">moved</span><span style=\"background:var(--edit)\">edited</span></span>";

/// The end of a report page, from its `</main>`.
pub(super) fn page_tail(assets: Assets) -> String {
    let export = "<div id=\"exportbox\" hidden><p>The edits, also saved as <code>selaras-edits.json</code>: apply them with <code>selaras apply selaras-edits.json --out DIR</code>.</p><textarea id=\"export\" readonly rows=\"12\"></textarea></div>\n";
    match assets {
        Assets::Inline => format!("</main>\n{export}<script>\n{JS}</script>\n</body>\n</html>\n"),
        Assets::Shared(_) => format!(
            "</main>\n{export}<script src=\"{}\"></script>\n</body>\n</html>\n",
            escape(&assets.href(JS_FILE))
        ),
    }
}

/// The document pairs found by content, with their scores, and the files left unpaired.
pub(super) fn matching_section(out: &mut String, m: &MatchedDocuments) {
    let _ = writeln!(
        out,
        "<h2 id=\"documents\">Documents paired by content <small>{} pairs, {} files unpaired (documents.tsv)</small></h2>",
        m.pairs.len(),
        m.unpaired.len()
    );
    out.push_str("<table class=\"index documents\">\n<thead><tr><th>pivot file</th><th>other file</th><th class=\"num\">score</th></tr></thead>\n<tbody>\n");
    for (p, o, score) in &m.pairs {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{score:.3}</td></tr>",
            escape(p),
            escape(o)
        );
    }
    for f in &m.unpaired {
        let _ = writeln!(
            out,
            "<tr class=\"null\"><td colspan=\"2\">{} <small>(no counterpart found)</small></td><td class=\"num\">–</td></tr>",
            escape(f)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The problems of a job, shown on the index page.
#[derive(Debug, Clone, Default)]
pub struct ReportNotes {
    /// Files that could not be read: `path[:line]: message`.
    pub unreadable: Vec<String>,
    /// Document versions with no counterpart: `doc (lang): reason`.
    pub unmatched: Vec<String>,
    /// Files and folders skipped, and other notes.
    pub warnings: Vec<String>,
}

impl ReportNotes {
    /// The notes as HTML (nothing when there are none).
    pub(super) fn html(&self) -> String {
        let mut out = String::new();
        let lists = [
            (
                "unreadable",
                "Files that could not be read",
                &self.unreadable,
            ),
            (
                "unmatched",
                "Documents with no counterpart",
                &self.unmatched,
            ),
            ("warnings", "Warnings", &self.warnings),
        ];
        for (id, heading, items) in lists {
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(
                out,
                "<section class=\"notes {id}\" id=\"{id}\"><h2>{heading} ({})</h2><ul>",
                items.len()
            );
            for i in items {
                let _ = writeln!(out, "<li>{}</li>", escape(i));
            }
            out.push_str("</ul></section>\n");
        }
        out
    }
}

/// The start of the index of document pairs: its filters, its table (filled by the script
/// from the rows' data, one page of rows at a time, so that it stays fast with many
/// thousands of documents) and the start of that data.
pub(super) const INDEX_HEAD: &str = "<h2>Document pairs</h2>\n<div class=\"indexbar\"><label>language pair <select id=\"ipair\"><option value=\"\">all</option></select></label><label><input type=\"checkbox\" id=\"ifind\"> with findings</label><label><input type=\"checkbox\" id=\"ilow\"> with low confidence</label><label>document <input type=\"search\" id=\"idoc\" placeholder=\"filter\"></label><span id=\"icount\"></span><span class=\"keys\">click a column to sort</span></div>\n<table class=\"index\">\n<thead><tr><th data-key=\"doc\">document</th><th data-key=\"pair\">languages</th><th class=\"num\" data-key=\"sent\">sentences</th><th>beads by type</th><th class=\"num\" data-key=\"mean\">mean confidence</th><th class=\"num\" data-key=\"low\">low confidence</th><th class=\"num\" data-key=\"fig\">figure findings</th><th class=\"num\" data-key=\"names\">name findings</th></tr></thead>\n<tbody></tbody>\n</table>\n<div class=\"ipager\"><button id=\"iprev\">← previous</button> <span id=\"ipage\"></span> <button id=\"inext\">next →</button></div>\n<noscript>The index needs JavaScript.</noscript>\n<script type=\"application/json\" id=\"index-data\">[\n";

/// The end of the index data.
pub(super) const INDEX_TAIL: &str = "null]</script>\n";

/// The row of one document pair in the index: a JSON array `[document, link, source
/// language, target language, source sentences, target sentences, beads by type, mean
/// confidence, low-confidence beads, beads with figure findings, beads with name
/// findings]` and a comma, on one line.
pub(super) fn index_row(
    out: &mut String,
    p: &ReportPair,
    v: &PairView,
    opts: &ReportOptions,
    placement: Placement,
    name_beads: usize,
) {
    let beads = &v.alignment.beads;
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    for b in beads {
        *kinds.entry(b.kind()).or_default() += 1;
    }
    let mean = if beads.is_empty() {
        0.0
    } else {
        beads.iter().map(|b| b.score).sum::<f64>() / beads.len() as f64
    };
    let low = beads
        .iter()
        .filter(|b| b.score < opts.low_confidence)
        .count();
    let figs = v.figures.iter().filter(|f| !f.is_empty()).count();
    let href = match placement {
        Placement::Index => format!("#{}", anchor(p, v)),
        Placement::PairPage => format!("{}#{}", pair_page(p), anchor(p, v)),
        Placement::DocPages => doc_page(p, v),
    };
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}: {n}")).collect();
    let row = serde_json::json!([
        v.doc,
        href,
        p.src_lang,
        p.tgt_lang,
        v.src.sentences.len(),
        v.tgt.sentences.len(),
        kinds.join(", "),
        (mean * 10_000.0).round() / 10_000.0,
        low,
        figs,
        name_beads
    ]);
    // inside <script>: no "<" that could end it
    out.push_str(&row.to_string().replace('<', "\\u003c"));
    out.push_str(",\n");
}

/// The section of one document pair: its heading and its table of beads, with what the
/// script needs to edit it (the documents' content hashes, every sentence in its own span
/// with its index, input line and paragraph start). Returns how many beads have a name
/// finding.
pub(super) fn pair_section(
    out: &mut String,
    p: &ReportPair,
    v: &PairView,
    names: &NameMarks,
    opts: &ReportOptions,
) -> usize {
    let src_file = v.src.source.display().to_string();
    let tgt_file = v.tgt.source.display().to_string();
    let _ = writeln!(
        out,
        "<section class=\"doc\" id=\"{}\" data-doc=\"{}\" data-src=\"{}\" data-tgt=\"{}\" data-src-hash=\"{}\" data-tgt-hash=\"{}\">\n<h2>{} <small>{} → {} · {} / {}</small></h2>",
        escape(&anchor(p, v)),
        escape(v.doc),
        escape(&p.src_lang),
        escape(&p.tgt_lang),
        crate::review::content_hash(v.src),
        crate::review::content_hash(v.tgt),
        escape(v.doc),
        escape(&p.src_lang),
        escape(&p.tgt_lang),
        escape(&src_file),
        escape(&tgt_file)
    );
    let _ = writeln!(
        out,
        "<table class=\"beads\"><colgroup><col class=\"i\"><col><col><col class=\"k\"><col class=\"c\"><col class=\"n\"></colgroup>\n<thead><tr><th>#</th><th lang=\"{}\">{} <small>(line)</small></th><th lang=\"{}\">{} <small>(line)</small></th><th>type</th><th>conf.</th><th>findings</th></tr></thead>\n<tbody>",
        escape(&p.src_lang),
        escape(&p.src_lang),
        escape(&p.tgt_lang),
        escape(&p.tgt_lang)
    );
    // a name spelled several ways is a finding once per entity and document pair: on the
    // first bead that has it; later beads only highlight the spelling
    let mut names_shown: HashSet<&str> = HashSet::new();
    let mut name_beads = 0;
    for (k, b) in v.alignment.beads.iter().enumerate() {
        let flags = v.figures.get(k).map(|f| f.as_slice()).unwrap_or(&[]);
        let null = b.src.is_empty() || b.tgt.is_empty();
        let low = b.score < opts.low_confidence;
        let src = PairView::side_text(v.src, b.src.clone());
        let tgt = PairView::side_text(v.tgt, b.tgt.clone());
        let src_names = names.find(&src_file, &src);
        let tgt_names = names.find(&tgt_file, &tgt);
        let mut src_marks: Vec<Mark> = flags
            .iter()
            .filter_map(|f| f.src_span.clone().map(|s| (s, f.reason.as_str(), "fig")))
            .collect();
        let mut tgt_marks: Vec<Mark> = flags
            .iter()
            .filter_map(|f| f.tgt_span.clone().map(|s| (s, f.reason.as_str(), "fig")))
            .collect();
        src_marks.extend(src_names.iter().map(|(r, n)| (r.clone(), *n, "name")));
        tgt_marks.extend(tgt_names.iter().map(|(r, n)| (r.clone(), *n, "name")));
        let mut name_notes: Vec<&str> = src_names
            .iter()
            .chain(&tgt_names)
            .map(|(_, n)| *n)
            .filter(|n| names_shown.insert(n))
            .collect();
        name_notes.dedup();
        let name_flag = !name_notes.is_empty();
        name_beads += usize::from(name_flag);
        let mut class = String::from("bead");
        let marks = [
            (null, " null"),
            (low, " low"),
            (!flags.is_empty(), " fig"),
            (name_flag, " name"),
            (b.moved, " moved"),
        ];
        for (on, c) in marks {
            if on {
                class.push_str(c);
            }
        }
        if marks.iter().any(|(on, _)| *on) {
            class.push_str(" finding");
        }
        let mut notes: Vec<String> = flags
            .iter()
            .map(|f| {
                format!(
                    "<span class=\"f\" data-k=\"figure\">{}</span>",
                    escape(&f.reason)
                )
            })
            .collect();
        notes.extend(
            name_notes
                .iter()
                .map(|n| format!("<span class=\"f\" data-k=\"name\">{}</span>", escape(n))),
        );
        if b.moved {
            notes.push("moved: paired out of order".into());
        }
        if null {
            notes.push(if b.src.is_empty() {
                "only in target".into()
            } else {
                "only in source".into()
            });
        }
        let _ = writeln!(
            out,
            "<tr class=\"{class}\" data-s=\"{:.4}\" data-b=\"{}-{}-{}-{}\"><td class=\"i\">{}</td><td>{}</td><td>{}</td><td class=\"k\">{}</td><td class=\"c\">{:.2}</td><td class=\"n\">{}</td></tr>",
            b.score,
            b.src.start,
            b.src.end,
            b.tgt.start,
            b.tgt.end,
            k + 1,
            sentence_spans(v.src, b.src.clone(), &src, &src_marks),
            sentence_spans(v.tgt, b.tgt.clone(), &tgt, &tgt_marks),
            b.kind(),
            b.score,
            notes.join("<br>")
        );
    }
    out.push_str("</tbody></table>\n</section>\n");
    name_beads
}

/// The sentences `ids` of `doc`, each in a `<span class="s">` with its index (`data-i`),
/// its input line (`data-l`) and, when it starts a paragraph, the class `par`; `text` is the
/// side's text (the sentences joined by a space) and `marks` are spans of it.
fn sentence_spans(
    doc: &crate::text::Document,
    ids: Range<usize>,
    text: &str,
    marks: &[Mark],
) -> String {
    let mut out = String::new();
    let mut at = 0;
    for i in ids {
        let s = &doc.sentences[i];
        let len = super::one_line(doc.sentence(i)).len();
        let here: Vec<Mark> = marks
            .iter()
            .filter(|(r, _, _)| r.start >= at && r.end <= at + len)
            .map(|(r, t, c)| (r.start - at..r.end - at, *t, *c))
            .collect();
        let par = i > 0 && doc.sentences[i - 1].paragraph != s.paragraph;
        let _ = write!(
            out,
            "<span class=\"s{}\" data-i=\"{i}\" data-l=\"{}\">{}</span> ",
            if par { " par" } else { "" },
            s.line,
            marked(text.get(at..at + len).unwrap_or(""), &here)
        );
        at += len + 1;
    }
    out.pop();
    out
}

/// A span to highlight: byte range, title, CSS class.
type Mark<'a> = (Range<usize>, &'a str, &'static str);

/// Escapes `text`, wrapping the byte spans of `marks` in `<mark class="…" title="…">`.
/// Overlapping or invalid spans are left unmarked.
fn marked(text: &str, marks: &[Mark]) -> String {
    let mut marks: Vec<&Mark> = marks
        .iter()
        .filter(|(r, _, _)| r.start < r.end && text.get(r.clone()).is_some())
        .collect();
    marks.sort_by_key(|(r, _, _)| (r.start, r.end));
    let mut out = String::with_capacity(text.len() + 32);
    let mut pos = 0;
    for (r, title, class) in marks {
        if r.start < pos {
            continue;
        }
        out.push_str(&escape(&text[pos..r.start]));
        let _ = write!(
            out,
            "<mark class=\"{class}\" title=\"{}\">{}</mark>",
            escape(title),
            escape(&text[r.clone()])
        );
        pos = r.end;
    }
    out.push_str(&escape(&text[pos..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Alignment;
    use crate::lang::Lang;
    use crate::text::{Document, ReadOptions};
    use std::path::Path;

    #[test]
    fn pages_split_by_size() {
        let opts = ReadOptions {
            presegmented: true,
            ..Default::default()
        };
        let d = Document::from_text(Path::new("d"), "A.\nB.\nC.\n", Lang::ENG, &opts).unwrap();
        let a = Alignment::one_to_one(3);
        let figs = vec![Vec::new(); 3];
        let view = |doc| PairView {
            doc,
            src: &d,
            tgt: &d,
            alignment: &a,
            figures: &figs,
        };
        let pairs = [
            ReportPair {
                src_lang: "id".into(),
                tgt_lang: "en".into(),
                views: vec![view("a"), view("b")],
            },
            ReportPair {
                src_lang: "id".into(),
                tgt_lang: "fr".into(),
                views: vec![view("a")],
            },
        ];
        let names = |split_above| -> Vec<String> {
            let o = ReportOptions {
                split_above,
                ..Default::default()
            };
            report(&pairs, &NameMarks::default(), &o)
                .unwrap()
                .into_iter()
                .map(|(p, _)| p)
                .collect()
        };
        assert_eq!(names(9), ["report.html"]);
        assert_eq!(
            names(8),
            [
                "report.html",
                CSS_FILE,
                JS_FILE,
                "report/id-en.html",
                "report/id-fr.html"
            ]
        );
        assert_eq!(
            names(5),
            [
                "report.html",
                CSS_FILE,
                JS_FILE,
                "report/id-en/a.html",
                "report/id-en/b.html",
                "report/id-fr.html"
            ]
        );
        let all = report(&pairs, &NameMarks::default(), &ReportOptions::default()).unwrap();
        assert_eq!(all[0].1.matches("<tr class=\"bead").count(), 9);
    }

    #[test]
    fn a_name_variant_is_a_finding_once_per_entity() {
        let text = "Nagorny Karabakh fights.\nNagorny Karabakh talks.\nNagorny Karabakh ends.\n";
        let opts = crate::text::ReadOptions {
            presegmented: true,
            ..Default::default()
        };
        let d =
            Document::from_text(std::path::Path::new("a.en.txt"), text, Lang::ENG, &opts).unwrap();
        let a = Alignment::one_to_one(3);
        let figs = vec![Vec::new(); 3];
        let pairs = [ReportPair {
            src_lang: "en".into(),
            tgt_lang: "en".into(),
            views: vec![PairView {
                doc: "a",
                src: &d,
                tgt: &d,
                alignment: &a,
                figures: &figs,
            }],
        }];
        let mut by_file = HashMap::new();
        by_file.insert("a.en.txt".to_string(), vec![0]);
        let marks = NameMarks {
            marks: vec![("Nagorny Karabakh".to_string(), "spelled 2 ways".to_string())],
            by_file,
        };
        let html = &report(&pairs, &marks, &ReportOptions::default()).unwrap()[0].1;
        // every occurrence is highlighted, the finding is one row
        assert_eq!(html.matches("<mark class=\"name\"").count(), 6);
        assert_eq!(html.matches("class=\"bead name finding\"").count(), 1);
        assert_eq!(html.matches("data-k=\"name\">spelled 2 ways").count(), 1);
    }

    #[test]
    fn marks_spans_and_escapes() {
        let t = "7 <b> and 80 & 84";
        let m = marked(
            t,
            &[
                (10..12, "80 vs 84", "fig"),
                (0..1, "x", "name"),
                (3..100, "bad", "fig"),
            ],
        );
        assert_eq!(
            m,
            "<mark class=\"name\" title=\"x\">7</mark> &lt;b&gt; and <mark class=\"fig\" title=\"80 vs 84\">80</mark> &amp; 84"
        );
    }
}
