//! Gazetteer names in scripts without letter case (Han, Kana, Arabic): no capital letter
//! marks a name there, so a sentence is scanned for the gazetteer's spellings, longest
//! first (法国, フランス, فرنسا are `terr:FR`). In Arabic a name starts a word, after the
//! clitics written on its front (`src/lang/arb/word-prefixes.txt`: وفرنسا, بالعراق), and
//! ends one; in Han and Kana it may stand anywhere (法国总统, フランス大統領).

use crate::text::chars::is_alphabetic;
use std::sync::OnceLock;

use super::key;
use super::mentions::Mention;
use crate::lang::{data_file, data_lines, Lang};
use crate::text::script::Script;

/// Is `c` a letter of a script without letter case that names are scanned for?
pub(crate) fn is_caseless(c: char) -> bool {
    c >= '\u{620}' && (is_arabic_letter(c) || Script::of(c).is_unspaced())
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c as u32, 0x0620..=0x064A | 0x066E..=0x06D3 | 0x06FA..=0x06FF | 0x0750..=0x077F)
}

/// Is `name` written in a script without letter case (its first letter decides)?
pub(crate) fn is_caseless_name(name: &str) -> bool {
    name.chars()
        .find(|&c| is_alphabetic(c))
        .is_some_and(is_caseless)
}

/// A name of the gazetteer in a caseless script: its first character, the name, its
/// entity id.
type Scanned = (char, &'static str, &'static str);

/// The gazetteer's names in caseless scripts (`src/lang/names/gazetteer-uncased.tsv`, which
/// lists them in this order already), sorted by first character, longest first, then in
/// file order.
fn scan_index() -> &'static [Scanned] {
    static INDEX: OnceLock<Vec<Scanned>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let text = data_file("names", "gazetteer-uncased.tsv").unwrap_or("");
        let mut index: Vec<Scanned> = data_lines(text)
            .filter_map(|line| {
                let (id, rest) = line.split_once('\t')?;
                let (_, name) = rest.split_once('\t')?;
                let name = name.trim();
                let first = name.chars().next().filter(|&c| is_caseless(c))?;
                Some((first, name, id.trim()))
            })
            .collect();
        let order = |&(c, name, _): &Scanned| (c, std::cmp::Reverse(name.len()));
        if !index.is_sorted_by_key(order) {
            index.sort_by_key(order);
        }
        index
    })
}

/// The names starting with `c`, longest first.
fn starting_with(c: char) -> &'static [Scanned] {
    let index = scan_index();
    let from = index.partition_point(|&(x, _, _)| x < c);
    let to = index.partition_point(|&(x, _, _)| x <= c);
    &index[from..to]
}

/// The gazetteer names in caseless scripts in `line` (written in `lang`), left to right,
/// each the longest name at its place.
pub(crate) fn scanned_mentions(line: &str, lang: Lang) -> Vec<Mention> {
    if !line.chars().any(is_caseless) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut from = 0;
    for (i, c) in line.char_indices() {
        if i < from || !is_caseless(c) {
            continue;
        }
        let arabic = is_arabic_letter(c);
        if arabic && line[..i].chars().next_back().is_some_and(is_arabic_letter) {
            continue; // inside an Arabic word
        }
        let found = if arabic {
            clitic_ends(&line[i..])
                .into_iter()
                .find_map(|n| name_at(line, i + n, true))
        } else {
            name_at(line, i, false)
        };
        if let Some((span, id)) = found {
            let text = &line[span.clone()];
            let k = key(text, lang);
            out.push(Mention {
                key: if k.is_empty() { text.to_string() } else { k },
                text: text.to_string(),
                acronym: false,
                entity: Some(id.to_string()),
                span: span.clone(),
            });
            from = span.end;
        }
    }
    out
}

/// The longest gazetteer name that starts at byte `at` of `line` (in Arabic it must also
/// end a word): its span and entity id.
fn name_at(line: &str, at: usize, arabic: bool) -> Option<(std::ops::Range<usize>, &'static str)> {
    let rest = &line[at..];
    let first = rest.chars().next()?;
    starting_with(first).iter().find_map(|&(_, name, id)| {
        let end = at + name.len();
        let fits = rest.starts_with(name)
            && !(arabic && line[end..].chars().next().is_some_and(is_arabic_letter));
        fits.then_some((at..end, id))
    })
}

/// Where a name may start in an Arabic word: at its start, or after one of the clitics
/// written on the front of words (longest first), byte offsets.
fn clitic_ends(word: &str) -> Vec<usize> {
    let mut out: Vec<usize> = crate::align::arabic_prefixes()
        .iter()
        .filter(|p| word.starts_with(p.as_str()))
        .map(String::len)
        .collect();
    out.push(0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities(line: &str, lang: &str) -> Vec<(String, String)> {
        scanned_mentions(line, Lang::parse(lang).unwrap())
            .into_iter()
            .map(|m| (m.text, m.entity.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn chinese_and_japanese_names_are_found_inside_words() {
        assert_eq!(
            entities("法国总统马克龙访问了巴库。", "zh"),
            [
                ("法国".into(), "terr:FR".into()),
                ("巴库".into(), "city:587084".into())
            ]
        );
        assert_eq!(
            entities("フランスとアゼルバイジャンの首脳が会談した。", "ja"),
            [
                ("フランス".into(), "terr:FR".into()),
                ("アゼルバイジャン".into(), "terr:AZ".into())
            ]
        );
    }

    #[test]
    fn arabic_names_start_a_word_after_its_clitics_and_end_it() {
        assert_eq!(
            entities("زار الرئيس روسيا وفرنسا.", "ar"),
            [
                ("روسيا".into(), "terr:RU".into()),
                ("فرنسا".into(), "terr:FR".into())
            ]
        );
        // a name inside a longer word is not a mention
        assert!(
            entities("الفرنسيون", "ar").is_empty(),
            "{:?}",
            entities("الفرنسيون", "ar")
        );
    }

    #[test]
    fn latin_text_has_no_scanned_names() {
        assert!(entities("Macron visited Baku and France.", "en").is_empty());
    }
}
