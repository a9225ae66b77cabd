//! LEAD NOTE TO THE ENGINEER (remove this line, do not commit it): the "common brief" your task mentions is the file /work/briefs/common.md. Read it now: deadline 03:30 UTC, house rules, report format.
//! Languages: codes (ISO 639-1, ISO 639-3, tags with a script such as `aze-Latn`) and
//! the per-language data files that live beside this module (`src/lang/<iso639-3>/...`,
//! embedded at build time and parsed once by the modules that use them).

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use crate::error::{Error, ErrorKind, Result};

include!(concat!(env!("OUT_DIR"), "/lang_files.rs"));

/// A language, with an optional script (`aze-Latn`).
///
/// Stored as its ISO 639-3 code; parse any common form with [`Lang::parse`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang {
    iso3: [u8; 3],
    script: Option<[u8; 4]>,
}

struct LangInfo {
    iso1: &'static str,
    name: &'static str,
}

struct Table {
    by_iso3: HashMap<&'static str, LangInfo>,
    iso1_to_iso3: HashMap<&'static str, &'static str>,
    aliases: HashMap<&'static str, &'static str>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table {
            by_iso3: HashMap::new(),
            iso1_to_iso3: HashMap::new(),
            aliases: HashMap::new(),
        };
        for line in data_lines(include_str!("languages.tsv")) {
            let mut cols = line.split('\t');
            let (Some(iso3), Some(iso1), Some(name)) = (cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            if !iso1.is_empty() {
                t.iso1_to_iso3.insert(iso1, iso3);
            }
            t.by_iso3.insert(iso3, LangInfo { iso1, name });
        }
        for line in data_lines(include_str!("aliases.tsv")) {
            if let Some((alias, iso3)) = line.split_once('\t') {
                t.aliases.insert(alias, iso3);
            }
        }
        t
    })
}

/// The lines of a data file that carry data: trimmed of a trailing `\r`, without blank
/// lines and `#` comment lines.
pub fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// The embedded data file `src/lang/<folder>/<name>`, if there is one.
pub fn data_file(folder: &str, name: &str) -> Option<&'static str> {
    LANG_FILES
        .iter()
        .find(|(d, n, _)| *d == folder && *n == name)
        .map(|(_, _, text)| *text)
}

/// Every embedded data file named `name`, with its folder (usually an ISO 639-3 code).
pub fn data_files_named(name: &str) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    LANG_FILES
        .iter()
        .filter(move |(_, n, _)| *n == name)
        .map(|(d, _, text)| (*d, *text))
}

impl Lang {
    /// Indonesian.
    pub const IND: Lang = Lang::from_iso3_unchecked(*b"ind");
    /// English.
    pub const ENG: Lang = Lang::from_iso3_unchecked(*b"eng");
    /// French.
    pub const FRA: Lang = Lang::from_iso3_unchecked(*b"fra");
    /// German.
    pub const DEU: Lang = Lang::from_iso3_unchecked(*b"deu");
    /// Russian.
    pub const RUS: Lang = Lang::from_iso3_unchecked(*b"rus");
    /// Turkish.
    pub const TUR: Lang = Lang::from_iso3_unchecked(*b"tur");
    /// Azerbaijani.
    pub const AZE: Lang = Lang::from_iso3_unchecked(*b"aze");
    /// Armenian.
    pub const HYE: Lang = Lang::from_iso3_unchecked(*b"hye");

    const fn from_iso3_unchecked(iso3: [u8; 3]) -> Lang {
        Lang { iso3, script: None }
    }

    /// Parses a language code: ISO 639-1 (`id`), ISO 639-3 (`ind`), ISO 639-2/B (`fre`),
    /// or a tag with a script and/or region (`aze-Latn`, `az_AZ`, `pt-BR`); case-insensitive.
    pub fn parse(tag: &str) -> Result<Lang> {
        let unknown = || {
            Error::new(
                ErrorKind::UnknownLanguage,
                format!(
                    "unknown language code '{tag}': use an ISO 639-1 code ('id'), an ISO 639-3 code ('ind') or a tag with a script ('aze-Latn')"
                ),
            )
        };
        let mut parts = tag.trim().split(['-', '_']);
        let primary = parts.next().unwrap_or("").to_ascii_lowercase();
        let t = table();
        let iso3: &str = if primary.len() == 2 {
            t.iso1_to_iso3
                .get(primary.as_str())
                .copied()
                .or_else(|| t.aliases.get(primary.as_str()).copied())
                .ok_or_else(unknown)?
        } else if primary.len() == 3 {
            if let Some((k, _)) = t.by_iso3.get_key_value(primary.as_str()) {
                k
            } else {
                t.aliases
                    .get(primary.as_str())
                    .copied()
                    .ok_or_else(unknown)?
            }
        } else {
            return Err(unknown());
        };
        let mut script = None;
        for sub in parts {
            if sub.len() == 4 && sub.bytes().all(|b| b.is_ascii_alphabetic()) {
                let mut s = [0u8; 4];
                for (i, b) in sub.bytes().enumerate() {
                    s[i] = if i == 0 {
                        b.to_ascii_uppercase()
                    } else {
                        b.to_ascii_lowercase()
                    };
                }
                script = Some(s);
            } else if !(sub.len() == 2 && sub.bytes().all(|b| b.is_ascii_alphabetic())
                || sub.len() == 3 && sub.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err(unknown());
            }
        }
        let b = iso3.as_bytes();
        Ok(Lang {
            iso3: [b[0], b[1], b[2]],
            script,
        })
    }

    /// The ISO 639-3 code (`ind`).
    pub fn iso3(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.iso3).unwrap_or("und")
    }

    /// The ISO 639-1 code (`id`), where the language has one.
    pub fn iso1(&self) -> Option<&'static str> {
        table()
            .by_iso3
            .get(self.iso3())
            .map(|i| i.iso1)
            .filter(|s| !s.is_empty())
    }

    /// The script subtag (`Latn`), if one was given.
    pub fn script(&self) -> Option<&str> {
        self.script
            .as_ref()
            .and_then(|s| std::str::from_utf8(s).ok())
    }

    /// The English name of the language (`Indonesian`).
    pub fn name(&self) -> &'static str {
        table()
            .by_iso3
            .get(self.iso3())
            .map(|i| i.name)
            .unwrap_or("Unknown")
    }

    /// The same language with no script.
    pub fn without_script(self) -> Lang {
        Lang {
            script: None,
            ..self
        }
    }

    /// The data file `name` of this language (`src/lang/<iso3>/<name>`), if there is one.
    pub fn data_file(&self, name: &str) -> Option<&'static str> {
        data_file(self.iso3(), name)
    }

    /// The shortest standard code: ISO 639-1 where there is one, else ISO 639-3, with the
    /// script if one was given (`id`, `aze-Latn`, `ace`).
    pub fn code(&self) -> String {
        let base = self.iso1().unwrap_or(self.iso3());
        match self.script() {
            Some(s) => format!("{base}-{s}"),
            None => base.to_string(),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Lang({})", self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = Error;
    fn from_str(s: &str) -> Result<Lang> {
        Lang::parse(s)
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Lang, D::Error> {
        let tag = String::deserialize(d)?;
        Lang::parse(&tag).map_err(|e| serde::de::Error::custom(e.message()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_forms() {
        assert_eq!(Lang::parse("id").unwrap(), Lang::IND);
        assert_eq!(Lang::parse("IND").unwrap(), Lang::IND);
        assert_eq!(Lang::parse("fre").unwrap(), Lang::FRA);
        let az = Lang::parse("aze-Latn").unwrap();
        assert_eq!(az.iso3(), "aze");
        assert_eq!(az.script(), Some("Latn"));
        assert_eq!(az.code(), "az-Latn");
        assert_eq!(az.without_script(), Lang::AZE);
        assert_eq!(Lang::parse("AZ_latn").unwrap().script(), Some("Latn"));
        assert_eq!(Lang::parse("pt-BR").unwrap().iso3(), "por");
        assert_eq!(Lang::parse("ace").unwrap().name(), "Achinese");
    }

    #[test]
    fn rejects_unknown() {
        for bad in ["xx", "", "english", "zzz", "en-!!"] {
            let e = Lang::parse(bad).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::UnknownLanguage, "{bad}");
        }
    }
}
