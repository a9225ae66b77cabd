//! Checks of a corpus job's settings: an error for a setting that cannot work, a warning
//! (in `summary.json`) for one that does nothing.

use std::collections::BTreeMap;

use crate::align::Dictionary;
use crate::error::{Error, ErrorKind, Result};
use crate::lang::Lang;

/// The most worker threads a job starts: more only costs memory and start-up time (and
/// `--jobs 100000` would spend minutes starting threads).
pub const MAX_JOBS: usize = 1024;

/// `jobs` as a job takes it (`None` or 0: all cores), or an error above [`MAX_JOBS`].
pub fn check_jobs(jobs: Option<usize>) -> Result<Option<usize>> {
    match jobs {
        Some(n) if n > MAX_JOBS => Err(Error::new(
            ErrorKind::Config,
            format!(
                "{n} worker threads is too many: give at most {MAX_JOBS} (or 0 for one per core)"
            ),
        )),
        _ => Ok(jobs),
    }
}

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
    fn too_many_worker_threads_is_an_error() {
        assert_eq!(check_jobs(Some(4)).unwrap(), Some(4));
        assert_eq!(check_jobs(None).unwrap(), None);
        assert!(check_jobs(Some(100_000)).is_err());
    }

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
