"""Datelines ("SEOUL, South Korea, March 3, 2025 /PRNewswire/ --") and dates written in prose."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Dateline", "find_date", "find_dateline", "parse_date"]

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DATE = (
    rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>(?:19|20)\d\d))?"
    rf"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d))"
)
DATE = re.compile(rf"\b{_DATE}\b")
_WIRE = (
    r"(?:\s*[/(]?\s*(?:PRNewswire|PR Newswire|BUSINESS WIRE|Business Wire|GLOBE NEWSWIRE|GlobeNewswire|"
    r"ACCESSWIRE|Accesswire|Newsfile Corp\.|Canada NewsWire|CNW|KOREA NEWSWIRE|Yonhap|Reuters|AP|ANI|"
    r"PRNewswire-Asia|PRNewswire-FirstCall)\s*[/)]?)?"
)
_DATELINE = re.compile(
    # "MAINZ, Germany, and SINGAPORE, November 14, 2022 --": places of a joint release, after "and" too; the
    # words of a place are read possessively (a paragraph of many "and X" read by alternatives took 2^n steps)
    rf"^(?P<places>(?:(?:and\s+)?[A-Z][\w.'’\- ]*+,\s*){{0,4}}?"
    rf"(?:[A-Z][\w.'’\- ]*+(?:\s+and\s+[A-Z][\w.'’\- ]*+)*,\s*(?:[A-Z][\w.'’\- ]*+,\s*)*)?)"
    rf"(?:\(\w+\)\s*)?{_DATE}{_WIRE}\s*(?:[-–—]{{1,3}}|:|/)\s*"
)


@dataclass(frozen=True)
class Dateline:
    places: str  # "SEOUL, South Korea" (may be empty)
    date: str | None  # ISO, possibly partial
    end: int  # offset just after the dateline inside the paragraph


def parse_date(match: re.Match[str], default_year: int | None = None) -> str | None:
    """ISO date (or "--MM-DD"-less partial "YYYY-MM") from a DATE match."""
    g = match.groupdict()
    if g.get("y3"):
        return f"{g['y3']}-{g['m3']}-{g['d3']}"
    month_text = g.get("m1") or g.get("m2") or ""
    month = MONTHS.get(month_text.rstrip(".").lower()[:4].rstrip("e") if month_text else "", None)
    if month is None:
        month = MONTHS.get(month_text.rstrip(".").lower()[:3])
    day = int(g.get("d1") or g.get("d2") or 0)
    year = g.get("y1") or g.get("y2") or (str(default_year) if default_year else None)
    if not month or not 1 <= day <= 31 or not year:
        return None
    return f"{year}-{month:02d}-{day:02d}"


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline at the start of a paragraph, if any.

    >>> find_dateline("SEOUL, South Korea, March 3, 2025 /PRNewswire/ -- Acme said").date
    '2025-03-03'
    >>> find_dateline("Basel, Switzerland, 5 October 2023 -- Lonza said").places
    'Basel, Switzerland'
    """
    m = _DATELINE.match(paragraph)
    if not m:
        return None
    return Dateline(m.group("places").strip().rstrip(","), parse_date(m), m.end())


def find_date(text: str, default_year: int | None = None) -> str | None:
    """The first date in text; a date without a year takes ``default_year``.

    >>> find_date("announced on September 2 that", 2025)
    '2025-09-02'
    """
    for m in DATE.finditer(text):
        found = parse_date(m, default_year)
        if found:
            return found
    return None
