"""Countries as ISO 3166-1 alpha-2 codes (pycountry), with the common forms announcements use.

>>> country_code("U.S.")
'US'
>>> country_code("Songdo, South Korea")
'KR'
>>> country_name("CH")
'Switzerland'
"""

from __future__ import annotations

from functools import cache

import pycountry

from kg.names import fold
from kg.places import forms

__all__ = ["country_code", "country_name"]

# forms pycountry lacks, from the shared places table (with the dotted and spaced spellings folded)
_MORE = {"the netherlands": "NL", "u k": "GB", "u s": "US", "u s a": "US"}


@cache
def _index() -> dict[str, str]:
    out: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                out[fold(value)] = c.alpha_2
    out.update({fold(form): code for form, code in forms("country").items()})
    out.update(_MORE)
    return out


def country_code(text: str | None) -> str | None:
    """ISO code for a country name, code, or "City, Country" string; None when not a country."""
    if not text:
        return None
    text = text.strip()
    if len(text) == 2 and text.isalpha() and text.isupper():
        return text if pycountry.countries.get(alpha_2=text) else None
    if "," in text:
        return country_code(text.rsplit(",", 1)[1])
    return _index().get(fold(text))


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name
