"""Places: countries (pycountry plus common forms like "U.S.", "South Korea"), demonyms, US states and a
compiled city table, all mapped to ISO 3166-1 alpha-2 codes."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from kg.places import forms, world_cities, world_countries
from loaders.extraction.annotate.gazetteer import lookup
from loaders.extraction.annotate.intervals import Intervals
from loaders.extraction.annotate.tokens import PhraseIndex, Token

__all__ = [
    "STATE_CODES",
    "Place",
    "based_country",
    "country_of",
    "demonym_country",
    "find_places",
    "places_index",
]

EXTRA_COUNTRIES = forms("country")
DEMONYMS = forms("demonym")
REGIONS = forms("region")
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


# abbreviations written with their full stop ("La.", "Ind.", "Mass."): without it the word is another
# ("La Jolla", "Ill effects", "Mass production")
_DOTTED = frozenset(form[:-1] for form in REGIONS if form.endswith(".") and "." not in form[:-1])


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


_DOLLAR = re.compile(r" ?\$")  # "US$500 million", "US $20 million": a currency, not a place


def _cities() -> dict[str, str]:
    return forms("city")


def find_places(text: str, tokens: list[Token]) -> list[Place]:
    """Every place mention; "City, State/Country" pairs take the country of the wider place.

    >>> from loaders.extraction.annotate.tokens import tokenize
    >>> t = "sites in Coventry, Rhode Island and Visp (CH) and Seoul"
    >>> [(p.text, p.country, p.city) for p in find_places(t, tokenize(t))]
    [('Coventry, Rhode Island', 'US', 'Coventry'), ('Visp (CH)', 'CH', 'Visp'), ('Seoul', 'KR', 'Seoul')]
    """
    raw = [
        (s, e, v)
        for s, e, v in places_index().find(text, tokens)
        if (text[s:e] not in _DOTTED or text[e : e + 1] == ".") and not _DOLLAR.match(text, e)
    ]
    raw = _with_unknown_cities(text, _with_world_cities(text, tokens, raw))
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
            # "Shanghai-based Shanghai Henlius": where a company is based, then its name
            and not name.endswith(("-based", "-headquartered"))
            and raw[i + 1][2][1] == "city"
        ):
            raw[i + 1] = (s, raw[i + 1][1], (code, "city"))  # "Shanghai Waigaoqiao"
            i += 1
            continue
        if kind == "city" or kind == "region":
            # "Coventry, Rhode Island", "Hillerød, Denmark", "Waltham, Mass.", "Visp (CH)"
            nxt = raw[i + 1] if i + 1 < len(raw) else None
            # ("Takeda, Japan's biggest drugmaker" is a company and whose it is)
            if (
                nxt
                and text[e : nxt[0]] in (", ", " ,", ",", " ")
                and nxt[2][1] in ("country", "region")
                and text[nxt[1] : nxt[1] + 2] not in ("'s", "’s")
                # "Virginia, Texas and Alabama": a list; "Victoria, British Columbia": a town named like
                # another country's region
                and not (kind == "region" and nxt[2][1] == "region" and code == nxt[2][0])
            ):
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
            # "Stein in northern Switzerland", "Florence in the United States": the country the town is said
            # to be in (the country stays a mention of its own)
            if kind == "city" and nxt and nxt[2][1] == "country" and _IN_COUNTRY.fullmatch(text, e, nxt[0]):
                out.append(Place(s, e, name, nxt[2][0], kind, name))
                i += 1
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
    return _in_named_countries(_placed_alike([_with_based(text, p) for p in out]))


def _in_named_countries(places: list[Place]) -> list[Place]:
    """A town of the world table named alone whose name smaller towns share elsewhere is the one in a
    country the text names, where it names not the larger one's: "Stein" in a text about Switzerland, "León"
    in one about Spain."""
    named = {p.country for p in places if p.kind != "city" or p.text != p.city}
    out = []
    for p in places:
        if p.kind == "city" and p.city and p.text == p.city and p.country not in named:
            countries = world_countries(p.city) if p.city not in _cities() else ()
            if countries and countries[0] == p.country:
                there = [code for code in countries[1:] if code in named]
                if len(there) == 1:
                    p = Place(p.start, p.end, p.text, there[0], p.kind, p.city)
        out.append(p)
    return out


def _placed_alike(places: list[Place]) -> list[Place]:
    """A town the text once places ("Bedford, Ohio", "Plymouth, Minnesota") is in that country wherever the
    text names it alone, though the world table gives the name to a bigger town elsewhere."""
    placed: dict[str, set[str]] = {}
    for p in places:
        if p.kind == "city" and p.city and p.text != p.city:
            placed.setdefault(p.city, set()).add(p.country)
    if not placed:
        return places
    out = []
    for p in places:
        countries = placed.get(p.city or "") if p.kind == "city" and p.text == p.city else None
        if countries and len(countries) == 1 and p.country not in countries:
            p = Place(p.start, p.end, p.text, next(iter(countries)), p.kind, p.city)
        out.append(p)
    return out


_IN_COUNTRY = re.compile(
    r"\s+in\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern|-?(?:east|west)ern)?\s+|central\s+)?", re.I
)
_BASED_AFTER = re.compile(r"-(?:based|headquartered)\b")


def _with_based(text: str, place: Place) -> Place:
    """ "a Waltham, MA-based company": the "-based" after a city and its state is part of the place, as it is
    of one word ("Boston-based")."""
    m = _BASED_AFTER.match(text, place.end)
    if m is None:
        return place
    return Place(place.start, m.end(), text[place.start : m.end()], place.country, place.kind, place.city)


@lru_cache(maxsize=1)
def world_index() -> PhraseIndex[tuple[str, str]]:
    """The world's cities (:func:`kg.places.world_cities`), found only where the text says a place follows."""
    index: PhraseIndex[tuple[str, str]] = PhraseIndex()
    for city, code in world_cities().items():
        if city not in _COMMON_WORDS:
            index.add(city, (code, "city"))
    return index


# names of cities that are also words business news uses capitalised (months, days, titles)
_COMMON_WORDS = frozenset(
    """January February March April May June July August September October November December Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday Best Deal Sale Union Summit Mission Alliance Enterprise Progress
    Independence Liberty Delta Orange Gap Split Nice Mobile Reading Paradise Eagle Apex Hope Unity Harmony
    Industry Commerce Vision Victory Freedom Pioneer Energy Fortune Phase Global General Central Marina
    Bio""".split()
)
# what says a place follows: "in", "at", "near", "outside"; or a site noun after the name ("the Cardiff site",
# "its Boulder labs"); lists carry on from a place: "in Cardiff, Hoddesdon and Rushden"
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside(?:\s+of)?|around)\s+(?:the\s+(?:city|town)\s+of\s+)?$"
)
# the towns a colon lists after sites: "runs four plants in the country: Fontaine-lès-Dijon (Côte-d'Or),
# Kaysersberg (Haut-Rhin), Pessac (Gironde) and Monts"
_SITES_COLON = re.compile(r"\b(?:sites|plants|facilities|factories|campuses)\b[^.;:]{0,40}:$")
_LISTED_ITEM = re.compile(r"[A-Z][^.;:(),]{0,40}(?:\s*\([^()]{2,40}\))?")
_LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")


def _colon_listed(text: str, s: int) -> bool:
    """Whether text[s:] starts an item of a list a colon opens after plural site nouns (each item before it
    capitalised, with perhaps a department in brackets, each followed by a comma or "and")."""
    floor = max(0, s - 240)
    colon = text.rfind(":", floor, s)
    if colon < 0 or not _SITES_COLON.search(text, floor, colon + 1):
        return False
    *items, last = _LIST_SEPARATOR.split(text[colon + 1 : s].lstrip())
    return last == "" and all(_LISTED_ITEM.fullmatch(item) for item in items)


# what joins two places of a list, a bracketed department or state passed over: "Kaysersberg (Haut-Rhin),"
_LIST_BEFORE = re.compile(
    r"(?:\s*\([^()]{2,40}\))?(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+|\s*;\s*)(?:in\s+|at\s+)?"
)
_SITE_AFTER = re.compile(
    r"(?:[\s-]+(?:[a-z][\w-]*|[A-Z]{2,5})){0,2}?[\s-]+(?:sites?|plants?|facilit(?:y|ies)|campus(?:es)?|"
    r"laborator(?:y|ies)|labs?|offices?|operations|factor(?:y|ies)|cent(?:er|re)s?|hubs?|headquarters|"
    r"-based)\b"
)


def _with_world_cities(
    text: str, tokens: list[Token], raw: list[tuple[int, int, tuple[str, str]]]
) -> list[tuple[int, int, tuple[str, str]]]:
    """Add the world's cities the table lacks where the text says a place is named: after "in"/"at", before a
    site noun, or listed after another place."""
    known = Intervals((s, e) for s, e, _ in raw)
    found = sorted(raw, key=lambda t: t[0])
    starts = [t[0] for t in found]
    out = list(raw)
    for s, e, value in world_index().find(text, tokens):
        # "Oklahoma City", "Quebec City": a town whose name starts with a state or country the table knows
        # is the town, the wider place read first only its first words
        overlapped = known.overlapping(s, e)
        wider = (
            [t for t in raw if t[0] == s and t[1] < e and t[2][1] in ("region", "country")]
            if overlapped
            else []
        )
        if len(wider) != len(overlapped):
            wider = []
        if (overlapped and not wider) or text[e : e + 2] in ("'s", "’s") or lookup(text[s:e]) is not None:
            continue  # "Takeda's existing Juso plant": a company's name, not the town the table lacks
        before = text[max(0, s - 40) : s]
        if text[s:e] in _CONTINENTS or _INSIDE_NAME.search(before) or _CAPITAL_NEXT.match(text, e):
            continue  # "the Lehigh Valley region", "Port Fairy": a word of a longer name the table lacks
        k = bisect_right(starts, s) - 1
        listed = k >= 0 and _LIST_BEFORE.fullmatch(text, found[k][1], s) is not None
        if listed or _LOCATIVE_BEFORE.search(before) or _SITE_AFTER.match(text, e) or _colon_listed(text, s):
            if wider:
                out = [t for t in out if t not in wider]
                found = [t for t in found if t not in wider]
                starts = [t[0] for t in found]
                k = bisect_right(starts, s) - 1
            out.append((s, e, value))
            found.insert(k + 1, (s, e, value))
            starts.insert(k + 1, s)
    return sorted(out, key=lambda t: (t[0], -t[1]))


# parts of the world the world table holds as towns too ("its only site in Asia" is no Philippine town)
_CONTINENTS = frozenset(
    ("Asia", "Europe", "Africa", "America", "Americas", "Oceania", "Australasia", "Eurasia")
)
_INSIDE_NAME = re.compile(
    r"(?<![.!?:;]\s)(?<!^)\b(?!(?:The|In|At|Of|And|For|From|To|By|On|Its|Our|Their)\b)[A-Z][a-z]+ $"
)
_CAPITAL_NEXT = re.compile(
    r" (?!(?:Plant|Site|Campus|Facility|Factory|Centre|Center|Park|Unit|Works|Hub|Building)s?\b)[A-Z][a-z]"
)


# a capitalised name right before ", <state or country>" is a city the table lacks: "Warren, New Jersey"
_UNKNOWN_CITY = re.compile(
    r"(?:^|(?<=[\s(;:]))((?:[A-Z][\w'’.\-]*|St\.)(?:[ \-](?:de|del|di|la|le|les|los|las|sur|am|an|upon|on|"
    r"[A-Z][\w'’.\-]*)){0,4}),[ ]$"
)
_NOT_CITY = frozenset(
    """The A An In At On For From With By To Of And Or Inc Inc. Ltd Ltd. Co Co. Corp Corp. LLC Limited Group
    AG SA SE plc PLC GmbH Holdings Company Corporation Therapeutics Pharmaceuticals Pharma Biologics Today
    Capital Partners Ventures Investment Investments Fund Funds Bio Biotech Biosciences Bioscience Sciences
    Laboratories Labs Healthcare Medicines Technologies
    January February March April May June July August September October November December Monday Tuesday
    Wednesday Thursday Friday Saturday Sunday Headquartered Based Located Founded""".split()
)


STATE_CODES = frozenset(
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
    for s, e, (code, kind) in raw:
        if kind == "city" or text[e : e + 2] in ("'s", "’s"):  # "Takeda, Japan's biggest drugmaker"
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
        if m.group(2) in STATE_CODES and words[0] not in _NOT_CITY and words[-1] not in _NOT_CITY:
            if not known.overlaps(m.start(1), m.start(1) + 1):
                out.append((m.start(1), m.end(1), ("US", "city")))
            out.append((m.start(2), m.end(2), ("US", "region")))
    return sorted(_named_again(text, out, known), key=lambda t: (t[0], -t[1]))


def _named_again(
    text: str, found: list[tuple[int, int, tuple[str, str]]], known: Intervals
) -> list[tuple[int, int, tuple[str, str]]]:
    """A town the tables lack, once placed ("ATHI RIVER, Kenya" in the dateline, "Derio, Spain"), is that
    town wherever the text names it again ("the plant in Athi River")."""
    towns: dict[str, str] = {}
    for s, e, (code, kind) in found:
        if kind == "city" and not known.overlaps(s, s + 1):
            name = text[s:e]
            towns.setdefault(name.title() if name.isupper() else name, code)
    taken = Intervals((s, e) for s, e, _ in found)
    out = list(found)
    for name, code in towns.items():
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if not taken.overlaps(m.start(), m.end()):
                out.append((m.start(), m.end(), (code, "city")))
    return out


# words the world table holds as towns that also say what something is based on ("Research-based", "Bay
# Area-based", "Sales-based")
_BASED_WORDS = frozenset(
    "Area Research Sales Science Evidence Value Market Community Home Cloud Cell Plant".split()
)
_BASED_FORM = re.compile(r"\b((?:[A-Z][\w.’']*)(?:[ \-][A-Z][\w.’']*){0,3})[-‐](?:based|headquartered)\b")


def _with_based_forms(
    text: str, raw: list[tuple[int, int, tuple[str, str]]]
) -> list[tuple[int, int, tuple[str, str]]]:
    """ "New Jersey-based", "South San Francisco-based", "Cairo-based": a place before "-based" (the phrase
    index matches the last word with its suffix only for one-word places of its own table)."""
    if "-based" not in text and "-headquartered" not in text:
        return raw
    out = list(raw)
    for m in _BASED_FORM.finditer(text):
        words = m.group(1).split()
        for k in range(len(words)):  # the longest known place ending the phrase: "the Boston" -> "Boston"
            name = " ".join(words[k:])
            # "Cairo-based", "Lagos-based": "-based" says a place, so the world's towns count too
            found = places_index().get(name) or (
                None
                if name in _NOT_PLACES or name in _CONTINENTS or name in _BASED_WORDS
                else world_index().get(name)
            )
            if not found and name in DEMONYMS:  # "a Swiss-based manufacturer": the country
                found = (DEMONYMS[name], "country")
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
        # the initials of the words before it are an abbreviation, not a country: "Boehringer Ingelheim (BI)"
        # is no place in Burundi, "Biological E (BE)" none in Belgium
        words = text[max(0, end - 60) : end].split()[-2:]
        if "".join(w[:1] for w in words) == inner:
            return None
        return inner, m.end()
    found = places_index().get(inner)
    if found and found[1] == "country":
        return found[0], m.end()
    return None


_PAREN_COUNTRY = re.compile(r" \(([A-Z][\w. ]{1,30})\)")


@lru_cache(maxsize=4096)
def country_of(name: str) -> str | None:
    """ISO code of a country, region or city name.

    >>> country_of("South Korea"), country_of("Osaka"), country_of("Mass.")
    ('KR', 'JP', 'US')
    """
    found = places_index().get(name)
    return found[0] if found else None


def place_kind(name: str) -> str | None:
    """ "country", "region" (a state, province or county) or "city" for a place name, else None.

    >>> place_kind("Japan"), place_kind("Maryland"), place_kind("Osaka"), place_kind("Biologics")
    ('country', 'region', 'city', None)
    """
    found = places_index().get(name)
    return found[1] if found else None


def based_country(words: str) -> str | None:
    """The country of "South Korea-based", "Mumbai-headquartered", "U.S. drug" (a demonym first) in a noun
    phrase.

    >>> based_country("South Korea-based"), based_country("California-based biotech"), based_country("U.S.")
    ('KR', 'US', 'US')
    """
    m = re.match(r"\s*(.+?)-(?:based|headquartered)\b", words)
    if m:
        place = m.group(1).rstrip(",")
        return country_of(place) or country_of(place.split()[-1]) or country_of(place.split(",")[-1].strip())
    first = words.split()[0] if words.split() else ""
    return demonym_country(first) or (country_of(first) if first in ("U.S.", "U.K.", "US", "UK") else None)


def demonym_country(word: str) -> str | None:
    """ISO code for "Korean", "Swiss", "U.S." ...

    >>> demonym_country("South Korean")
    'KR'
    """
    return DEMONYMS.get(word)
