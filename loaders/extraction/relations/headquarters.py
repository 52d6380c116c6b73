"""Headquarters stated in the text: "Germany-based X", "Sweden's X", "South Korean biotech X",
"X, a biotech company based in the U.K.", "X, headquartered in Y", "X becomes the first Korean company"."""

from __future__ import annotations

import re

from loaders.extraction.annotate.coref import BOTH, Ref
from loaders.extraction.annotate.places import (
    STATE_CODES,
    Place,
    based_country,
    country_of,
    demonym_country,
    place_kind,
)
from loaders.extraction.annotate.sentences import Sentence

__all__ = ["find_headquarters"]

_BASED = re.compile(r"([A-Z][\w.]*(?:,?\s[A-Z][\w.]*){0,2})[-‐ ](?:based|headquartered|domiciled)\s+$")
# "Hamburg, Germany-based drug discovery company Evotec", "the New York-based private equity firm KKR"
_BASED_DESCRIBED = re.compile(
    r"([A-Z][\w.]*(?:,?\s[A-Z][\w.]*){0,2})[-‐](?:based|headquartered)\s+(?:[a-z][\w-]*\s+){1,5}$"
)
# "Japan's largest drugmaker, Takeda", "China's WuXi Biologics"
_COUNTRY_POSSESSIVE_NOUN = re.compile(
    r"((?:South\s+|North\s+)?[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)(?:'s|’s)\s+(?:[\w-]+\s+){0,4}?(?:drugmaker|company|"
    r"firm|biotech|pharma|group|maker|manufacturer|developer|CDMO|CRO)\s*,\s+$"
)
_POSSESSIVE = re.compile(r"(?:^|\s)((?:the\s+)?[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})(?:'s|’s)\s+$")
_DEMONYM_NOUNS = tuple(
    """company companies drugmaker biotech biopharma pharma firm CDMO CMO CRO developer maker manufacturer
    group conglomerate giant major startup distributor subsidiary affiliate partner unit arm specialist
    organisation organization drugmakers firms makers manufacturers groups developers biotechs
    partners investors""".split()
)
# "Swiss generics company X", "its Japanese subsidiary X", "its Ugandan partner X", "Swedish contract
# development and manufacturing organisation (CDMO) X", "its wholly owned Canadian operating subsidiary, X"
_DEMONYM = re.compile(
    r"((?:South\s+)?[A-Z][a-z]+|U\.S\.|UK|U\.K\.|US)\s+(?:[a-z\-]+\s+){0,4}?(?:"
    + "|".join(_DEMONYM_NOUNS)
    + r")(?:\s+\([A-Z]{2,5}\))?\s*,?\s+$"
)
_BRACKETED_END = re.compile(r"\s*\([A-Z]{2,5}\)$")
# "the Spanish vaccine makers A and B", "three Chinese investment firms, A, B and C": a plural noun says where
# each name of the list after it is based
_PLURAL_END = re.compile(r"(?:ies|[a-z]s|CDMOs|CROs)(?:\s+\([A-Z]{2,5}s?\))?\s*,?\s+$")
# what joins the names of that list: a listing or short form in brackets may follow a name
_LIST_JOIN = re.compile(r"(?:\s*\([^()]{1,40}\))?(?:\s*,\s*(?:and\s+)?|\s+and\s+)")
_AFTER = re.compile(
    # "X (\"Alias\"), headquartered in", "X, a biotech company based in", "X, which is based in"
    r"^\s*(?:\([^)]*\)\s*)?(?:,?\s*(?:is\s+|was\s+)?(?:an?|the)\s+[^,.;]{0,90}?(?:,\s[^,.;]{0,40}?)?)?,?\s*"
    # "X, which will be based in", "X will be headquartered in", "X is also based in" (what will be somewhere
    # is said of a name: "the combined company will be headquartered in" is none of the companies merging)
    r"(?:(?:which\s+)?(?:is|(?P<future>will\s+be))\s+(?:also\s+)?)?"
    r"(?:headquartered|based|(?:has|have)\s+(?:its|their)\s+(?:global\s+|corporate\s+)?head\s*(?:quarters|office))\s+in\s+"
    # "X, a privately held, development-stage biotechnology company from San Mateo, California", "X, a
    # privately held company in La Jolla, California"
    r"|^\s*(?:\([^)]*\)\s*)?,\s*(?:an?|the)\s+[^,.;]{0,40}?(?:,\s[^,.;]{0,40}?)?\b(?:company|biotech|"
    r"biotechnology\s+company|firm|drugmaker|developer|startup|start-up|corporation|CDMO|CMO|CRO)\s+(?:from|in)\s+"
    # "X ("Alias", headquartered in Staines, U.K.)"
    r"|^\s*\((?:[^(),]{0,40},\s*)?(?:headquartered|based)\s+in\s+"
    # "Both Merck and NGM are based in the United States": the names of a list, then the verb
    r"|^(?:\s+and\s+[A-Z][\w.&'’-]*(?:\s[A-Z][\w.&'’-]*){0,3})?\s+(?:are|were)\s+(?:both\s+)?(?:headquartered|based)\s+in\s+"
)
_APPOSITION = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:,\s*|\s+is\s+)(?:an?|the)\s+(?:[\w\-]+\s+){0,3}?(?:(?P<city>[A-Z][\w.]*),\s+)?"
    r"(?P<place>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)[-‐](?:based|headquartered)\b"
    r"|^\s*(?:\([^)]*\)\s*)?(?:,\s*|\s+is\s+)(?:an?|the)\s+(?:[a-z\-]+\s+){0,3}?(?P<demonym>(?:South\s+)?[A-Z][a-z]+|U\.S\.|US|UK|U\.K\.)\s+"
    r"(?:[a-z\-]+\s+){0,5}?(?:company|drugmaker|biotech|biopharma|pharma|firm|CDMO|CMO|CRO|developer|maker|manufacturer|group|"
    r"organi[sz]ation|provider|specialist|producer|supplier|innovator|distributor|wholesaler|marketer|major|giant|"
    r"corporation|startup|start-up|arm|subsidiary|affiliate|investor|partner)\b"
    # "Sun Pharmaceutical Industries Limited ("Sun Pharma"), India's largest pharmaceutical company", "Qilu
    # Pharmaceutical, one of China's leading drugmakers"
    r"|^\s*(?:\([^)]*\)\s*)?,\s+(?:one\s+of\s+)?(?P<owner>(?:South\s+|North\s+)?[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)(?:'s|’s)\s+"
    r"(?:[\w-]+\s+){0,4}?(?:drugmakers?|company|companies|firms?|biotechs?|pharma|group|makers?|manufacturers?|"
    r"developers?|CDMOs?|CROs?)\b"
)
# "Celltrion of South Korea": a company "of" a country
# ", of Milan, Italy", "Tracon Pharma (NSDQ: TCON) of San Diego", "Quotient Sciences of Nottingham, UK"
_OF_COUNTRY = re.compile(r"^(?:\s*\([^()]{1,40}\))?,?\s+of\s+(?:the\s+)?")
# where a Japanese release puts the head office: "Ono Pharmaceutical Co., Ltd. (Osaka, Japan; President: ...)"
_PAREN_HQ = re.compile(r"^\s*\((?P<label>(?:[Hh]ead\s+[Oo]ffice|[Hh]eadquarters|HQ)\s*:\s*)?")
_DEMONYM_ANAPHOR = re.compile(r"[Tt]he\s+((?:South\s+|North\s+)?[A-Z][a-z]+)\s")
_ITS_HQ = re.compile(
    r"\b(?:its|their)\s+(?:global\s+|corporate\s+)?headquarters\s+(?:is\s+|are\s+)?in\s+(?:the\s+)?"
)
_AFTER_HQ = re.compile(
    r"^[^.;]{0,40}?\b(?:its|their)\s+(?:global\s+|corporate\s+)?headquarters\s+(?:is\s+|are\s+)?in\s+"
)
_BECOMES = re.compile(
    r"^[^.;]{0,40}?\b(?:is|becomes|became|as|was)\s+(?:the\s+|a\s+|an\s+)(?:first\s+|largest\s+|leading\s+|only\s+)?((?:South\s+)?[A-Z][a-z]+)\s+(?:company|firm|drugmaker|CDMO|biotech)"
)


def find_headquarters(
    text: str, sentences: tuple[Sentence, ...], refs: list[list[Ref]], places: list[Place]
) -> list[tuple[str, str, int]]:
    """(org key, ISO country, sentence index) for every headquarters statement."""
    out = []
    place_at = {p.start: p for p in places}
    place_end = {p.end: p for p in places}
    for i, sent in enumerate(sentences):
        if sent.section == "boilerplate":
            continue
        listed: tuple[str, int] | None = None  # the country and end of the last name of a list it covers
        for ref in refs[i]:
            if not ref.explicit and not ref.excluded and ref.key != BOTH:
                # "the South Korean CDMO said", "The company, headquartered in Amsterdam": coreference chose
                # the company, the words say where
                if text[ref.start : ref.start + 4].lower() == "the ":
                    code = _after(text, ref.end, sent.end, place_at, named=False)
                    if code:
                        out.append((ref.key, code, i))
                        continue
                m = _DEMONYM_ANAPHOR.match(text, ref.start, ref.end)
                code = demonym_country(m.group(1)) if m else None
                if code is None and text[ref.start : ref.start + 4].lower() == "the ":
                    # "The South Korea-based company", "the U.S. drugmaker": all words but the noun
                    code = based_country(text[ref.start + 4 : ref.end].rsplit(None, 1)[0] + " ")
                if code:
                    out.append((ref.key, code, i))
                continue
            if ref.excluded:
                continue
            if listed and _LIST_JOIN.fullmatch(text, listed[1], ref.start):
                out.append((ref.key, listed[0], i))
                listed = (listed[0], ref.end)
                continue
            floor = max(sent.start, ref.start - 70)
            before = text[floor : ref.start]
            code = _before(before, floor, place_end) or _after(text, ref.end, sent.end, place_at)
            plural = _DEMONYM.search(before) and _PLURAL_END.search(before)
            listed = (code, ref.end) if code and plural else None
            if code:
                out.append((ref.key, code, i))
        for m in _ITS_HQ.finditer(text, sent.start, sent.end) if "headquarters" in sent.text else ():
            owner = next((r for r in refs[i] if r.start == m.start() and not r.explicit), None)
            place = place_at.get(m.end()) or place_at.get(m.end() - 4)
            if owner and place:
                out.append((owner.key, place.country, i))
    return out


def _before(before: str, floor: int, place_end: dict[int, Place]) -> str | None:
    """The country the words before a name (``before``, from ``floor`` in the text) say it is in;
    ``place_end``: the places found, by where they end."""
    # each pattern ends in a word and the spaces after it: what does not end in that word is not searched
    last = before.rstrip()
    m = _BASED.search(before) if last.endswith(("based", "headquartered", "domiciled")) else None
    if m:  # "Boston-based", "Kansas City, MO-based", "Tarrytown, New York-based"
        place = m.group(1)
        after_comma = place.rsplit(",", 1)[-1].strip()
        return (
            _us_state(place)
            or country_of(place)
            or country_of(after_comma)
            or country_of(place.split()[-1])
            or _based_place(before, floor, place_end)  # "Exton-based": a town placed by its context
            or demonym_country(place.split()[-1])  # "Swiss-based Vifor Pharma", "Saudi-based Tabuk"
        )
    if "-based" in before or "-headquartered" in before:
        m = _BASED_DESCRIBED.search(before)
        if m:
            place = re.sub(r"^The\s+", "", m.group(1))
            code = country_of(place) or country_of(place.split()[-1]) or _us_state(place)
            if code:
                return code
        # "Spokane-based drug manufacturer Selkirk", "Winston-Salem-based Targacept", "UK-based CDMO
        # Upperton": the place the places annotator found before "-based"
        code = _based_place(before, floor, place_end)
        if code:
            return code
    m = _COUNTRY_POSSESSIVE_NOUN.search(before) if last.endswith(",") else None
    if m and country_of(m.group(1)):
        return country_of(m.group(1))
    m = _POSSESSIVE.search(before) if last.endswith(("'s", "’s")) else None
    if m:
        name = m.group(1)
        return country_of(name) if not name.startswith("the ") or country_of(name) else None
    m = _DEMONYM.search(before) if _BRACKETED_END.sub("", last.rstrip(",")).endswith(_DEMONYM_NOUNS) else None
    if m:
        return demonym_country(m.group(1)) or country_of(m.group(1))
    return None


# "-based" and the words describing the company after it, up to its name
_BASED_END = re.compile(r"[-‐](?:based|headquartered)(?:\s+(?:[a-z][\w-]*|CDMO|CMO|CRO)){0,5}\s+$")


def _based_place(before: str, floor: int, place_end: dict[int, Place]) -> str | None:
    """The country of the place the places annotator read as "X-based" just before a name."""
    m = _BASED_END.search(before)
    found = place_end.get(floor + m.start() + len(m.group().split()[0])) if m else None  # "-based" ends there
    return found.country if found else None


def _us_state(place: str) -> str | None:
    """ "Kansas City, MO": a city and a US state's postal code (only after a city and a comma: "CA" alone is
    Canada)."""
    m = re.fullmatch(r"[A-Z][\w.]*(?:\s[A-Z][\w.]*)?,\s([A-Z]{2})", place)
    return "US" if m and m.group(1) in STATE_CODES else None


def _after(text: str, end: int, sent_end: int, place_at: dict[int, Place], named: bool = True) -> str | None:
    rest = text[end:sent_end]
    for pattern in (_AFTER,):
        m = pattern.match(rest)
        if m and (named or not m.group("future")):
            start = end + m.end()
            if text.startswith("the ", start):
                start += 4
            place = place_at.get(start) or place_at.get(start - 4)
            if place is None:  # "in Bresso, Italy": a town the tables lack, then its country
                clause = re.match(r"[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*)?,\s", text[start : start + 40])
                place = place_at.get(start + clause.end()) if clause else None
            if place:
                return place.country
    m = _APPOSITION.match(rest)
    if m:
        if m.group("owner"):
            code = country_of(m.group("owner"))
        elif m.group("place"):  # "a Bucharest-based maker": a town the places annotator placed
            found = place_at.get(end + m.start("place"))
            code = country_of(m.group("place")) or (found.country if found else None)
        else:
            demonym = m.group("demonym") or ""
            # "a Swiss company", "a U.S. biotech", "a Massachusetts biotech", "a Boston drugmaker"
            named = demonym in ("US", "UK") or place_kind(demonym) in ("country", "region", "city")
            code = demonym_country(demonym) or (country_of(demonym) if named else None)
        if code:
            return code
    m = _OF_COUNTRY.match(rest)
    if m:
        # "Eli Lilly of the United States": the place may begin with the "the" the pattern passed over
        place = place_at.get(end + m.end()) or place_at.get(end + m.end() - 4)
        if place and (place.kind in ("country", "city", "region") or rest.startswith(",")):
            return place.country
    if rest.startswith(", "):  # "Gland Pharma Ltd, Hyderabad, had signed": a city between commas
        place = place_at.get(end + 2)
        if place and place.kind == "city" and text[place.end : place.end + 1] in (",", "("):
            return place.country
    m = _PAREN_HQ.match(rest)
    if m:  # "Kissei Pharmaceutical Co., Ltd. (Head Office: Matsumoto, Nagano, Japan; ...)"
        inside = rest[m.end() : m.end() + 80].split(";")[0].split(")")[0]
        first = min((p for p in place_at.values() if 0 <= p.start - end - m.end() < len(inside)),
                    key=lambda p: p.start, default=None)  # fmt: skip
        labelled = m.group("label") is not None
        listing = first is not None and text[first.end : first.end + 1] == ":"  # "(Frankfurt: EVT)"
        if first and not listing and (labelled or first.start == end + m.end()):
            if first.end <= end + m.end() + len(inside):
                return first.country
    m = _BECOMES.match(rest)
    if m:
        return demonym_country(m.group(1))
    return None
