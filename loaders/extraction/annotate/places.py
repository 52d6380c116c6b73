"""Places: countries (pycountry plus common forms like "U.S.", "South Korea"), demonyms, US states and a
compiled city table, all mapped to ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pycountry

from loaders.extraction.annotate.intervals import Intervals
from loaders.extraction.annotate.tokens import PhraseIndex, Token

__all__ = ["Place", "country_of", "demonym_country", "find_places", "places_index"]

EXTRA_COUNTRIES = {
    "U.S.": "US",
    "US": "US",
    "USA": "US",
    "U.S.A.": "US",
    "United States": "US",
    "United States of America": "US",
    "America": "US",
    "UK": "GB",
    "U.K.": "GB",
    "United Kingdom": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "South Korea": "KR",
    "Korea": "KR",
    "Republic of Korea": "KR",
    "Taiwan": "TW",
    "Russia": "RU",
    "Vietnam": "VN",
    "Iran": "IR",
    "Czech Republic": "CZ",
    "Czechia": "CZ",
    "Turkey": "TR",
    "Türkiye": "TR",
    "Holland": "NL",
    "Netherlands": "NL",
    "mainland China": "CN",
    "Mainland China": "CN",
    "PRC": "CN",
    "P.R. China": "CN",
    "Hong Kong": "HK",
    "Macau": "MO",
    "Macao": "MO",
    "UAE": "AE",
    "Puerto Rico": "PR",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Tanzania": "TZ",
    "Moldova": "MD",
    "Syria": "SY",
    "Laos": "LA",
    "Brunei": "BN",
}
DEMONYMS = {
    "American": "US",
    "U.S.": "US",
    "US": "US",
    "Korean": "KR",
    "South Korean": "KR",
    "Japanese": "JP",
    "Chinese": "CN",
    "Swiss": "CH",
    "German": "DE",
    "British": "GB",
    "UK": "GB",
    "U.K.": "GB",
    "English": "GB",
    "Scottish": "GB",
    "Irish": "IE",
    "French": "FR",
    "Italian": "IT",
    "Spanish": "ES",
    "Dutch": "NL",
    "Belgian": "BE",
    "Danish": "DK",
    "Swedish": "SE",
    "Norwegian": "NO",
    "Finnish": "FI",
    "Austrian": "AT",
    "Polish": "PL",
    "Indian": "IN",
    "Israeli": "IL",
    "Canadian": "CA",
    "Australian": "AU",
    "Singaporean": "SG",
    "Taiwanese": "TW",
    "Brazilian": "BR",
    "Hungarian": "HU",
    "Czech": "CZ",
    "Portuguese": "PT",
    "Greek": "GR",
    "Slovenian": "SI",
    "Mexican": "MX",
    "Russian": "RU",
    "Turkish": "TR",
    "Emirati": "AE",
    "Saudi": "SA",
    "Thai": "TH",
    "Malaysian": "MY",
    "Indonesian": "ID",
    "Vietnamese": "VN",
    "South African": "ZA",
    "Argentine": "AR",
    "Chilean": "CL",
    "Lithuanian": "LT",
    "Icelandic": "IS",
    "Croatian": "HR",
    "Estonian": "EE",
    "Latvian": "LV",
    "Slovak": "SK",
    "Romanian": "RO",
    "Bulgarian": "BG",
    "Serbian": "RS",
    "Ukrainian": "UA",
    "Egyptian": "EG",
    "Nigerian": "NG",
    "Kenyan": "KE",
    "Pakistani": "PK",
    "Bangladeshi": "BD",
    "Filipino": "PH",
    "Colombian": "CO",
    "Peruvian": "PE",
    "Luxembourg": "LU",
    "New Zealand": "NZ",
    "Cuban": "CU",
    "Jordanian": "JO",
    "Qatari": "QA",
    "Cypriot": "CY",
    "Maltese": "MT",
}
US_STATES = {
    "Alabama": "Ala.",
    "Alaska": "",
    "Arizona": "Ariz.",
    "Arkansas": "Ark.",
    "California": "Calif.",
    "Colorado": "Colo.",
    "Connecticut": "Conn.",
    "Delaware": "Del.",
    "Florida": "Fla.",
    "Georgia": "Ga.",
    "Hawaii": "",
    "Idaho": "",
    "Illinois": "Ill.",
    "Indiana": "Ind.",
    "Iowa": "",
    "Kansas": "Kan.",
    "Kentucky": "Ky.",
    "Louisiana": "La.",
    "Maine": "",
    "Maryland": "Md.",
    "Massachusetts": "Mass.",
    "Michigan": "Mich.",
    "Minnesota": "Minn.",
    "Mississippi": "",
    "Missouri": "Mo.",
    "Montana": "Mont.",
    "Nebraska": "Neb.",
    "Nevada": "Nev.",
    "New Hampshire": "N.H.",
    "New Jersey": "N.J.",
    "New Mexico": "N.M.",
    "New York": "N.Y.",
    "North Carolina": "N.C.",
    "North Dakota": "N.D.",
    "Ohio": "",
    "Oklahoma": "Okla.",
    "Oregon": "Ore.",
    "Pennsylvania": "Pa.",
    "Rhode Island": "R.I.",
    "South Carolina": "S.C.",
    "South Dakota": "S.D.",
    "Tennessee": "Tenn.",
    "Texas": "Tex.",
    "Utah": "",
    "Vermont": "Vt.",
    "Virginia": "Va.",
    "Washington State": "",
    "Washington": "Wash.",
    "West Virginia": "W.Va.",
    "Wisconsin": "Wis.",
    "Wyoming": "Wyo.",
}
REGIONS = {
    "Ontario": "CA",
    "Quebec": "CA",
    "British Columbia": "CA",
    "Alberta": "CA",
    "Manitoba": "CA",
    "Bavaria": "DE",
    "Baden-Württemberg": "DE",
    "North Rhine-Westphalia": "DE",
    "Hesse": "DE",
    "Saxony": "DE",
    "Jiangsu": "CN",
    "Zhejiang": "CN",
    "Guangdong": "CN",
    "Sichuan": "CN",
    "Hubei": "CN",
    "Shandong": "CN",
    "Hebei": "CN",
    "Fujian": "CN",
    "Anhui": "CN",
    "Gyeonggi": "KR",
    "Gyeonggi Province": "KR",
    "Chungcheong": "KR",
    "Valais": "CH",
    "Aargau": "CH",
    "Vaud": "CH",
    "Neuchâtel": "CH",
    "Ticino": "CH",
    "Catalonia": "ES",
    "Lombardy": "IT",
    "Tuscany": "IT",
    "Île-de-France": "FR",
    "Brittany": "FR",
    "Telangana": "IN",
    "Maharashtra": "IN",
    "Gujarat": "IN",
    "Karnataka": "IN",
    "Andhra Pradesh": "IN",
    "Wallonia": "BE",
    "Flanders": "BE",
    "County Cork": "IE",
    "County Dublin": "IE",
    "County Limerick": "IE",
    "Queensland": "AU",
    "Victoria": "AU",
    "New South Wales": "AU",
    "Kanagawa": "JP",
    "Hokkaido": "JP",
    "Saskatchewan": "CA",
    "Nova Scotia": "CA",
    "New Brunswick": "CA",
    "Newfoundland and Labrador": "CA",
    "Prince Edward Island": "CA",
    "Brandenburg": "DE",
    "Lower Saxony": "DE",
    "Thuringia": "DE",
    "Saxony-Anhalt": "DE",
    "Rhineland-Palatinate": "DE",
    "Schleswig-Holstein": "DE",
    "Piedmont": "IT",
    "Lazio": "IT",
    "Emilia-Romagna": "IT",
    "Veneto": "IT",
    "Campania": "IT",
    "Andalusia": "ES",
    "Tamil Nadu": "IN",
    "Himachal Pradesh": "IN",
    "Haryana": "IN",
    "Kerala": "IN",
    "Uttar Pradesh": "IN",
    "Jutland": "DK",
    "Zealand": "DK",
    "Upper Austria": "AT",
    "Lower Austria": "AT",
    "Styria": "AT",
    "Chungcheongbuk-do": "KR",
    "North Chungcheong": "KR",
    "South Gyeongsang": "KR",
    "Osaka Prefecture": "JP",
    "Chiba Prefecture": "JP",
    "Jiangxi": "CN",
    "Hunan": "CN",
    "Henan": "CN",
    "Liaoning": "CN",
    "Jilin": "CN",
}
_NOT_PLACES = {
    "Jersey",
    "Georgia",
    "Guinea",
    "Chad",
    "Niger",
    "Jordan",
    "Mali",
    "Turkey",
    "Victoria",
    "Israel",
}


@dataclass(frozen=True, slots=True)
class Place:
    start: int
    end: int
    text: str
    country: str
    kind: str  # country | region | city
    city: str | None = None


@lru_cache(maxsize=1)
def places_index() -> PhraseIndex[tuple[str, str]]:
    """Phrase → (ISO code, kind). Built once."""
    index: PhraseIndex[tuple[str, str]] = PhraseIndex()
    for form, code in EXTRA_COUNTRIES.items():
        _add(index, form, (code, "country"))
    for country in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and name not in _NOT_PLACES - {"Turkey", "Israel"}:
                _add(index, name, (country.alpha_2, "country"))
    for state, abbreviation in US_STATES.items():
        _add(index, state, ("US", "region"))
        if abbreviation:
            _add(index, abbreviation, ("US", "region"))
    for region, code in REGIONS.items():
        _add(index, region, (code, "region"))
    for city, code in _cities().items():
        _add(index, city, (code, "city"))
    return index


def _add(index: PhraseIndex[tuple[str, str]], form: str, value: tuple[str, str]) -> None:
    index.add(form, value)
    if form.startswith(("United", "Republic", "Netherlands", "Czech", "Philippines")):
        index.add("the " + form, value)
        index.add("The " + form, value)


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    data = resources.files("loaders.extraction").joinpath("data/cities.tsv").read_text(encoding="utf-8")
    out = {}
    for line in data.splitlines():
        if line.strip() and not line.startswith("#"):
            city, code = line.split("\t")[:2]
            out[city.strip()] = code.strip()
    return out


def find_places(text: str, tokens: list[Token]) -> list[Place]:
    """Every place mention; "City, State/Country" pairs take the country of the wider place.

    >>> from loaders.extraction.annotate.tokens import tokenize
    >>> t = "sites in Coventry, Rhode Island and Visp (CH) and Seoul"
    >>> [(p.text, p.country, p.city) for p in find_places(t, tokenize(t))]
    [('Coventry, Rhode Island', 'US', 'Coventry'), ('Visp (CH)', 'CH', 'Visp'), ('Seoul', 'KR', 'Seoul')]
    """
    raw = _with_unknown_cities(text, [(s, e, v) for s, e, v in places_index().find(text, tokens)])
    raw = _with_based_forms(text, raw)
    out: list[Place] = []
    i = 0
    while i < len(raw):
        s, e, (code, kind) = raw[i]
        name = text[s:e]
        if (
            kind == "city"
            and i + 1 < len(raw)
            and text[e : raw[i + 1][0]] == " "
            and raw[i + 1][2][1] == "city"
        ):
            raw[i + 1] = (s, raw[i + 1][1], (code, "city"))  # "Shanghai Waigaoqiao"
            i += 1
            continue
        if kind == "city" or kind == "region":
            # "Coventry, Rhode Island", "Hillerød, Denmark", "Waltham, Mass.", "Visp (CH)"
            nxt = raw[i + 1] if i + 1 < len(raw) else None
            if nxt and text[e : nxt[0]] in (", ", " ,", ",", " ") and nxt[2][1] in ("country", "region"):
                code, end = nxt[2][0], nxt[1]
                if (
                    nxt[2][1] == "region"
                    and i + 2 < len(raw)
                    and text[nxt[1] : raw[i + 2][0]] == ", "
                    and raw[i + 2][2][1] == "country"
                ):
                    code, end = raw[i + 2][2][0], raw[i + 2][1]
                    i += 1
                city = name if kind == "city" else None
                out.append(Place(s, end, text[s:end], code, "city" if city else "region", city))
                i += 2
                continue
            paren = _paren_code(text, e)
            if paren:
                out.append(
                    Place(s, paren[1], text[s : paren[1]], paren[0], kind, name if kind == "city" else None)
                )
                i += 1
                continue
        out.append(Place(s, e, name, code, kind, name if kind == "city" else None))
        i += 1
    return out


# a capitalised name right before ", <state or country>" is a city the table lacks: "Warren, New Jersey"
_UNKNOWN_CITY = re.compile(
    r"(?:^|(?<=[\s(;:]))((?:[A-Z][\w'’.\-]*|St\.)(?:[ \-](?:de|del|di|la|le|les|los|las|sur|am|an|upon|on|"
    r"[A-Z][\w'’.\-]*)){0,4}),[ ]$"
)
_NOT_CITY = frozenset(
    """The A An In At On For From With By To Of And Or Inc Inc. Ltd Ltd. Co Co. Corp Corp. LLC Limited Group
    AG SA SE plc PLC GmbH Holdings Company Corporation Therapeutics Pharmaceuticals Pharma Biologics Today
    January February March April May June July August September October November December Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday Headquartered Based Located Founded""".split()
)


_STATE_CODES = frozenset(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC".split()
)
# "Aurora, IL": a city before a US postal code
_CITY_STATE_CODE = re.compile(r"(?<![\w.])([A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*){0,2}), ([A-Z]{2})(?!\w|\.\w)")


# "Vionnaz (Switzerland)", "Torrance (USA)": a name with its country in brackets
_CITY_PAREN_COUNTRY = re.compile(
    r"(?<![\w.])([A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*){0,2}) \(([A-Z][\w. ]{1,30})\)"
)


def _with_unknown_cities(
    text: str, raw: list[tuple[int, int, tuple[str, str]]]
) -> list[tuple[int, int, tuple[str, str]]]:
    """Add cities the table lacks, named right before a known state or country ("Hicksville, New York")."""
    known = Intervals((s, e) for s, e, _ in raw)
    out = list(raw)
    for s, _, (code, kind) in raw:
        if kind == "city":
            continue
        m = _UNKNOWN_CITY.search(text, max(0, s - 60), s)
        if not m:
            continue
        name = m.group(1)
        words = name.split()
        if words[0] in _NOT_CITY or words[-1] in _NOT_CITY or known.overlaps(m.start(1), m.start(1) + 1):
            continue
        if any(w.isupper() and len(w) > 3 for w in words) and not text[m.start(1) : s].isupper():
            continue  # an acronym or a shouting company name, unless the whole dateline shouts
        out.append((m.start(1), m.end(1), (code, "city")))
    for m in _CITY_PAREN_COUNTRY.finditer(text):
        found = places_index().get(m.group(2))
        words = m.group(1).split()
        if found and found[1] == "country" and words[0] not in _NOT_CITY and words[-1] not in _NOT_CITY:
            if not known.overlaps(m.start(1), m.start(1) + 1):
                out.append((m.start(1), m.end(1), (found[0], "city")))
    for m in _CITY_STATE_CODE.finditer(text):
        words = m.group(1).split()
        if m.group(2) in _STATE_CODES and words[0] not in _NOT_CITY and words[-1] not in _NOT_CITY:
            if not known.overlaps(m.start(1), m.start(1) + 1):
                out.append((m.start(1), m.end(1), ("US", "city")))
            out.append((m.start(2), m.end(2), ("US", "region")))
    return sorted(out, key=lambda t: (t[0], -t[1]))


_BASED_FORM = re.compile(r"\b((?:[A-Z][\w.’']*)(?:[ \-][A-Z][\w.’']*){0,3})[-‐](?:based|headquartered)\b")


def _with_based_forms(
    text: str, raw: list[tuple[int, int, tuple[str, str]]]
) -> list[tuple[int, int, tuple[str, str]]]:
    """ "New Jersey-based", "South San Francisco-based": a place of several words before "-based" (the
    phrase index matches the last word with its suffix only for one-word places)."""
    if "-based" not in text and "-headquartered" not in text:
        return raw
    out = list(raw)
    for m in _BASED_FORM.finditer(text):
        words = m.group(1).split()
        for k in range(len(words)):  # the longest known place ending the phrase: "the Boston" -> "Boston"
            name = " ".join(words[k:])
            found = places_index().get(name)
            if found:
                start = m.start(1) + m.group(1).index(name)
                out = [t for t in out if not (start <= t[0] < m.end())]
                out.append((start, m.end(), found))
                break
    return sorted(out, key=lambda t: (t[0], -t[1]))


def _paren_code(text: str, end: int) -> tuple[str, int] | None:
    """ "Visp (CH)", "Vionnaz (Switzerland)", "Torrance (USA)": a country in brackets after a city."""
    m = _PAREN_COUNTRY.match(text, end)
    if not m:
        return None
    inner = m.group(1)
    if len(inner) == 2 and inner.isupper() and pycountry.countries.get(alpha_2=inner):
        return inner, m.end()
    found = places_index().get(inner)
    if found and found[1] == "country":
        return found[0], m.end()
    return None


_PAREN_COUNTRY = re.compile(r" \(([A-Z][\w. ]{1,30})\)")


def country_of(name: str) -> str | None:
    """ISO code of a country, region or city name.

    >>> country_of("South Korea"), country_of("Osaka"), country_of("Mass.")
    ('KR', 'JP', 'US')
    """
    found = places_index().get(name)
    return found[0] if found else None


def demonym_country(word: str) -> str | None:
    """ISO code for "Korean", "Swiss", "U.S." ...

    >>> demonym_country("South Korean")
    'KR'
    """
    return DEMONYMS.get(word)
