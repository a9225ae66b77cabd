//! The review report: one self-contained HTML file (inline CSS and JS) with an index of
//! document pairs and, per pair, a side-by-side table of beads with low-confidence beads,
//! 1-0/0-1 beads and divergent figures marked; filters and keyboard navigation. A large
//! corpus gets an index page plus one page per document pair.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use super::formats::PairView;
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
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            title: "selaras report".into(),
            low_confidence: 0.5,
            split_above: 5_000,
            matching: None,
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
    by_file: HashMap<String, Vec<(String, String)>>,
}

impl NameMarks {
    /// The variant spellings of a names check, with a note naming the other spellings and
    /// the suggested one.
    pub fn from_report(report: &crate::names::CheckReport) -> NameMarks {
        let mut by_file: HashMap<String, Vec<(String, String)>> = HashMap::new();
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
                for place in &sp.places {
                    let list = by_file.entry(place.file.clone()).or_default();
                    if !list.iter().any(|(t, _)| t == &sp.text) {
                        list.push((sp.text.clone(), note.clone()));
                    }
                }
            }
        }
        NameMarks { by_file }
    }

    /// The marks of `text` from file `file`: byte spans, notes.
    fn find<'a>(&'a self, file: &str, text: &str) -> Vec<(Range<usize>, &'a str)> {
        let mut out = Vec::new();
        for (spelling, note) in self.by_file.get(file).map(|v| v.as_slice()).unwrap_or(&[]) {
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

const CSS: &str = include_str!("report.css");
const JS: &str = include_str!("report.js");

/// Renders the report: `(relative path, HTML)` pairs, the index `report.html` first.
///
/// Up to `split_above` beads in all, everything is on `report.html`. Above that, the index
/// links to one page per language pair (`report/<s>-<t>.html`), or, for a language pair with
/// more than `split_above` beads itself, one page per document pair
/// (`report/<s>-<t>/<doc>.html`).
pub fn report(
    pairs: &[ReportPair],
    names: &NameMarks,
    opts: &ReportOptions,
) -> Vec<(String, String)> {
    let beads = |p: &ReportPair| -> usize { p.views.iter().map(|v| v.alignment.beads.len()).sum() };
    let total: usize = pairs.iter().map(beads).sum();
    let placement = |p: &ReportPair| {
        if total <= opts.split_above {
            Placement::Index
        } else if beads(p) <= opts.split_above {
            Placement::PairPage
        } else {
            Placement::DocPages
        }
    };
    let mut files = Vec::new();
    let mut index = String::new();
    index_table(&mut index, pairs, opts, &placement);
    if let Some(m) = &opts.matching {
        matching_section(&mut index, m);
    }
    for p in pairs {
        match placement(p) {
            Placement::Index => {
                for v in &p.views {
                    pair_section(&mut index, p, v, names, opts);
                }
            }
            Placement::PairPage => {
                let mut body = String::new();
                for v in &p.views {
                    pair_section(&mut body, p, v, names, opts);
                }
                let title = format!("{} — {}-{}", opts.title, p.src_lang, p.tgt_lang);
                files.push((pair_page(p), page(&title, &body, Some("../report.html"))));
            }
            Placement::DocPages => {
                for v in &p.views {
                    let mut body = String::new();
                    pair_section(&mut body, p, v, names, opts);
                    let title = format!("{} — {} {}-{}", opts.title, v.doc, p.src_lang, p.tgt_lang);
                    files.push((
                        doc_page(p, v),
                        page(&title, &body, Some("../../report.html")),
                    ));
                }
            }
        }
    }
    files.insert(
        0,
        ("report.html".to_string(), page(&opts.title, &index, None)),
    );
    files
}

/// Where the beads of a language pair go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Placement {
    Index,
    PairPage,
    DocPages,
}

fn anchor(p: &ReportPair, v: &PairView) -> String {
    format!("p-{}-{}-{}", p.src_lang, p.tgt_lang, v.doc)
}

fn pair_page(p: &ReportPair) -> String {
    format!("report/{}-{}.html", p.src_lang, p.tgt_lang)
}

fn doc_page(p: &ReportPair, v: &PairView) -> String {
    format!("report/{}-{}/{}.html", p.src_lang, p.tgt_lang, v.doc)
}

fn page(title: &str, body: &str, back: Option<&str>) -> String {
    let mut s = String::with_capacity(body.len() + CSS.len() + JS.len() + 1024);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(s, "<title>{}</title>", escape(title));
    let _ = writeln!(s, "<style>\n{CSS}</style>\n</head>\n<body>");
    s.push_str("<header><h1>");
    s.push_str(&escape(title));
    s.push_str("</h1>");
    if let Some(b) = back {
        let _ = write!(s, "<a href=\"{}\">index</a>", escape(b));
    }
    s.push_str(
        "<label><input type=\"checkbox\" id=\"only\"> marked beads only</label>\
         <label>confidence below <input type=\"number\" id=\"thr\" min=\"0\" max=\"1\" step=\"0.05\" value=\"1\"></label>\
         <span id=\"count\"></span>\
         <span class=\"keys\">n / p (or j / k): next / previous marked bead</span>\
         <span class=\"legend\"><span style=\"background:var(--fig)\">figure differs</span><span style=\"background:var(--null)\">no counterpart</span><span style=\"background:var(--low)\">low confidence</span><span style=\"background:var(--name)\">name spelled several ways</span><span style=\"background:var(--moved)\">moved</span></span>\
         </header>\n<main>\n",
    );
    s.push_str(body);
    let _ = write!(s, "</main>\n<script>\n{JS}</script>\n</body>\n</html>\n");
    s
}

fn index_table(
    out: &mut String,
    pairs: &[ReportPair],
    opts: &ReportOptions,
    placement: &dyn Fn(&ReportPair) -> Placement,
) {
    out.push_str("<h2>Document pairs</h2>\n<table class=\"index\">\n<thead><tr><th>document</th><th>languages</th><th class=\"num\">sentences</th><th>beads by type</th><th class=\"num\">mean confidence</th><th class=\"num\">low confidence</th><th class=\"num\">figure findings</th></tr></thead>\n<tbody>\n");
    for p in pairs {
        for v in &p.views {
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
            let href = match placement(p) {
                Placement::Index => format!("#{}", anchor(p, v)),
                Placement::PairPage => format!("{}#{}", pair_page(p), anchor(p, v)),
                Placement::DocPages => doc_page(p, v),
            };
            let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}: {n}")).collect();
            let _ = writeln!(
                out,
                "<tr><td><a href=\"{}\">{}</a></td><td>{} → {}</td><td class=\"num\">{} / {}</td><td>{}</td><td class=\"num\">{:.2}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                escape(&href),
                escape(v.doc),
                escape(&p.src_lang),
                escape(&p.tgt_lang),
                v.src.sentences.len(),
                v.tgt.sentences.len(),
                escape(&kinds.join(", ")),
                mean,
                low,
                figs
            );
        }
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The document pairs found by content, with their scores, and the files left unpaired.
fn matching_section(out: &mut String, m: &MatchedDocuments) {
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

fn pair_section(
    out: &mut String,
    p: &ReportPair,
    v: &PairView,
    names: &NameMarks,
    opts: &ReportOptions,
) {
    let src_file = v.src.source.display().to_string();
    let tgt_file = v.tgt.source.display().to_string();
    let _ = writeln!(
        out,
        "<h2 id=\"{}\">{} <small>{} → {}</small></h2>",
        escape(&anchor(p, v)),
        escape(v.doc),
        escape(&p.src_lang),
        escape(&p.tgt_lang)
    );
    let _ = writeln!(
        out,
        "<table class=\"beads\"><colgroup><col class=\"i\"><col><col><col class=\"k\"><col class=\"c\"><col class=\"n\"></colgroup>\n<thead><tr><th>#</th><th lang=\"{}\">{}</th><th lang=\"{}\">{}</th><th>type</th><th>conf.</th><th>findings</th></tr></thead>\n<tbody>",
        escape(&p.src_lang),
        escape(&p.src_lang),
        escape(&p.tgt_lang),
        escape(&p.tgt_lang)
    );
    // a name spelled several ways is a finding once per entity and document pair: on the
    // first bead that has it; later beads only highlight the spelling
    let mut names_shown: HashSet<&str> = HashSet::new();
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
        let mut notes: Vec<String> = flags.iter().map(|f| escape(&f.reason)).collect();
        notes.extend(name_notes.iter().map(|n| escape(n)));
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
        let ids = |r: &Range<usize>| {
            if r.is_empty() {
                "–".to_string()
            } else if r.len() == 1 {
                r.start.to_string()
            } else {
                format!("{}–{}", r.start, r.end - 1)
            }
        };
        let _ = writeln!(
            out,
            "<tr class=\"{class}\" data-s=\"{:.4}\"><td class=\"i\">{}<br>{}</td><td>{}</td><td>{}</td><td class=\"k\">{}</td><td class=\"c\">{:.2}</td><td class=\"n\">{}</td></tr>",
            b.score,
            ids(&b.src),
            ids(&b.tgt),
            marked(&src, &src_marks),
            marked(&tgt, &tgt_marks),
            b.kind(),
            b.score,
            notes.join("<br>")
        );
    }
    out.push_str("</tbody></table>\n");
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
                .into_iter()
                .map(|(p, _)| p)
                .collect()
        };
        assert_eq!(names(9), ["report.html"]);
        assert_eq!(
            names(8),
            ["report.html", "report/id-en.html", "report/id-fr.html"]
        );
        assert_eq!(
            names(5),
            [
                "report.html",
                "report/id-en/a.html",
                "report/id-en/b.html",
                "report/id-fr.html"
            ]
        );
        let all = report(&pairs, &NameMarks::default(), &ReportOptions::default());
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
        by_file.insert(
            "a.en.txt".to_string(),
            vec![("Nagorny Karabakh".to_string(), "spelled 2 ways".to_string())],
        );
        let html = &report(&pairs, &NameMarks { by_file }, &ReportOptions::default())[0].1;
        // every occurrence is highlighted, the finding is one row
        assert_eq!(html.matches("<mark class=\"name\"").count(), 6);
        assert_eq!(html.matches("class=\"bead name finding\"").count(), 1);
        assert_eq!(html.matches("<td class=\"n\">spelled 2 ways").count(), 1);
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
