"""The places table (``kg/data/places.tsv``): what pycountry lacks of the places announcements name (common
country forms, demonyms, regions and US state abbreviations, cities), each with its ISO 3166-1 alpha-2
code.  One table for the whole project: kg turns names into country codes with it, the extractor finds
place mentions with it.

>>> forms("demonym")["Swiss"], forms("region")["Calif."], forms("city")["Songdo"]
('CH', 'US', 'KR')
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["KINDS", "forms"]

KINDS = ("country", "demonym", "region", "city")


@cache
def _table() -> dict[str, dict[str, str]]:
    data = resources.files("kg").joinpath("data/places.tsv").read_text(encoding="utf-8")
    out: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}
    for line in data.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        form, code, kind = (part.strip() for part in line.split("\t")[:3])
        out[kind].setdefault(form, code)
    return out


def forms(kind: str) -> dict[str, str]:
    """Form as written -> ISO code, for one kind of place."""
    return _table()[kind]
