//! Warnings a corpus job adds to `summary.json` about its settings: none stops the job.

use std::collections::BTreeMap;

use crate::align::Dictionary;
use crate::lang::Lang;

/// One warning per dictionary given for a language that the job does not pair with the
/// pivot (`--dict de=…` on a corpus without German, or for the pivot itself).
pub fn unused_dictionaries(
    dictionaries: &BTreeMap<Lang, Dictionary>,
    pivot: Lang,
    targets: &[Lang],
) -> Vec<String> {
    dictionaries
        .keys()
        .filter(|l| !targets.iter().any(|t| t.without_script() == l.without_script()))
        .map(|l| {
            if l.without_script() == pivot.without_script() {
                format!("the dictionary for {l} is not used: {l} is the pivot language; a dictionary is given per target language (--dict LANG=FILE)")
            } else {
                format!("the dictionary for {l} is not used: the job aligns no {l} documents")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn dictionary_for_a_language_not_aligned_is_named() {
        let d = Dictionary::parse("Jerman\tGermany\n", Path::new("d")).unwrap();
        let dicts: BTreeMap<Lang, Dictionary> = [
            (Lang::DEU, d.clone()),
            (Lang::ENG, d.clone()),
            (Lang::IND, d),
        ]
        .into();
        let w = unused_dictionaries(&dicts, Lang::IND, &[Lang::ENG]);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("no de documents"), "{w:?}");
        assert!(w[1].contains("id is the pivot"), "{w:?}");
    }
}
