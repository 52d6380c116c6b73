"""The company registry: known companies, their names, parent and identifiers (``kg/data/companies.tsv``).

The file is UTF-8, tab-separated, one company a line; lines starting with ``#`` are comments. Columns, in
order (only the first is required; a shorter line leaves the rest empty):

1. name — the company's name as the graph shows it (its IRI is derived from it, see :attr:`Company.id`)
2. aliases — other names it goes by, ``|``-separated ("Eli Lilly and Company|Lilly")
3. hq country — ISO 3166-1 alpha-2 code
4. kind — pharma, biotech, cdmo, cmo, cro, tools, holding, government, foundation
5. wikidata — a Wikidata QID (``Q632000``)
6. parent — the name (or an alias) of another row: this company is its subsidiary
7. former names — ``|``-separated ("Seattle Genetics")
8. tickers — ``EXCHANGE:SYMBOL``, ``|``-separated ("NYSE:LLY"); exchanges as in :func:`kg.names.ticker_key`
9. lei — the ISO 17442 Legal Entity Identifier
10. verified — which of the identifiers were checked against a public source (``wikidata|ticker``)

Any name, alias or former name finds its company, ignoring case, punctuation and legal suffixes; a name two
companies share finds neither (:meth:`Registry.candidates` lists both). A user's registry (``--registry
FILE``, env ``KG_REGISTRY``) is merged over the built-in one: a row with a built-in company's name (whatever
the case) replaces that row, other rows are added. Two rows whose names have the same key ("Merck & Co.",
"Merck KGaA") get ids spelled out in full (``merck-and-co``, ``merck-kgaa``), and "Merck" alone finds neither.

>>> reg = default_registry()
>>> reg.lookup("Eli Lilly and Company").name, reg.lookup("GlaxoSmithKline plc").name
('Eli Lilly', 'GSK')
>>> reg.lookup("LOTTE BIOLOGICS Co., Ltd.").id
'lotte-biologics'
>>> reg.parent(reg.lookup("Janssen Biotech, Inc.")).name
'Johnson & Johnson'
>>> reg.by_identifier("KRX:207940").name
'Samsung Biologics'
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from kg.errors import InputError
from kg.names import LEGAL, fold, org_key, slug, ticker_key

__all__ = ["Company", "Registry", "RegistryError", "default_registry", "read_registry", "registry_for"]

COLUMNS = ("name", "aliases", "country", "kind", "wikidata", "parent", "former", "tickers", "lei", "verified")


class RegistryError(InputError):
    """A registry file that cannot be read: names the file, the line and the problem."""


@dataclass(frozen=True)
class Company:
    id: str  # the key of its name (the last part of its IRI), made unique within the registry
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    kind: str | None = None
    wikidata: str | None = None
    parent: str | None = None  # a name of the parent row
    former: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()
    lei: str | None = None
    verified: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every name: the name, aliases and former names."""
        return (self.name, *self.aliases, *self.former)


class Registry:
    """Companies, found by any of their names or identifiers."""

    def __init__(self, companies: Iterable[Company]) -> None:
        self._companies = {c.id: c for c in companies}
        self._by_key: dict[str, list[Company]] = {}
        self._by_fold: dict[str, list[Company]] = {}
        self._by_identifier: dict[str, Company] = {}
        for company in self._companies.values():
            for key in dict.fromkeys(org_key(n) for n in company.names):
                self._by_key.setdefault(key, []).append(company)
            for key in dict.fromkeys(fold(n) for n in company.names):
                self._by_fold.setdefault(key, []).append(company)
            for ident in (*company.tickers, company.lei or ""):
                if ident:
                    self._by_identifier[ident.upper()] = company

    def __iter__(self) -> Iterator[Company]:
        return iter(self._companies.values())

    def __len__(self) -> int:
        return len(self._companies)

    def get(self, ident: str) -> Company | None:
        return self._companies.get(ident)

    def candidates(self, name: str) -> tuple[Company, ...]:
        """Every company one of whose names has the key of ``name``."""
        return tuple(self._by_key.get(org_key(name), ()))

    def lookup(self, name: str) -> Company | None:
        """The company ``name`` names, if exactly one does: by the name as written (whatever the case and
        punctuation), else by its key (without legal suffixes)."""
        words = fold(name).split()
        while words:  # "Merck & Co., Inc.": "merck and co inc", then "merck and co" is a name as written
            exact = self._by_fold.get(" ".join(words), ())
            if len(exact) == 1:
                return exact[0]
            if words[-1] not in LEGAL:
                break
            words.pop()
        found = self._by_key.get(org_key(name), ())
        return found[0] if len(found) == 1 else None

    def by_identifier(self, ident: str) -> Company | None:
        """The company with this ticker (``EXCHANGE:SYMBOL``, as :func:`~kg.names.ticker_key` writes it)
        or LEI."""
        return self._by_identifier.get(ident.upper())

    def parent(self, company: Company) -> Company | None:
        return self.lookup(company.parent) if company.parent else None


def read_registry(path: str | Path) -> list[Company]:
    """The rows of a registry file; a malformed one is a :class:`RegistryError` naming file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(
            f"{path}: cannot read the registry: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    return list(_rows(text, str(path)))


def _rows(text: str, where: str) -> Iterator[Company]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split("\t")]
        if len(cols) > len(COLUMNS):
            raise RegistryError(
                f"{where}:{number}: {len(cols)} columns, at most {len(COLUMNS)} (tab-separated)"
            )
        cols += [""] * (len(COLUMNS) - len(cols))
        row = dict(zip(COLUMNS, cols, strict=True))
        if not row["name"]:
            raise RegistryError(f"{where}:{number}: the first column (the company's name) is empty")
        tickers = []
        for raw in _split(row["tickers"]):
            ticker = ticker_key(raw)
            if ticker is None:
                raise RegistryError(
                    f"{where}:{number}: {raw!r} is not a ticker (EXCHANGE:SYMBOL, e.g. NYSE:LLY)"
                )
            tickers.append(ticker)
        yield Company(
            id=org_key(row["name"]),
            name=row["name"],
            aliases=_split(row["aliases"]),
            country=row["country"].upper() or None,
            kind=row["kind"] or None,
            wikidata=row["wikidata"] or None,
            parent=row["parent"] or None,
            former=_split(row["former"]),
            tickers=tuple(tickers),
            lei=row["lei"].upper() or None,
            verified=_split(row["verified"]),
        )


def _split(cell: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x.strip() for x in cell.split("|") if x.strip()))


def merge(rows: Iterable[Company], *overrides: Iterable[Company], where: str = "registry") -> Registry:
    """Rows, then each override's rows over them (a row with the same name replaces one), with unique ids
    and every parent checked."""
    merged: dict[str, Company] = {}
    for group in (rows, *overrides):
        for company in group:
            merged[fold(company.name)] = company
    ids: dict[str, int] = {}
    for company in merged.values():
        ids[company.id] = ids.get(company.id, 0) + 1
    unique = []
    for company in merged.values():
        if ids[company.id] > 1:  # "Merck & Co." and "Merck KGaA" both have key "merck": spell them out
            company = Company(**{**company.__dict__, "id": slug(company.name)})
        unique.append(company)
    registry = Registry(unique)
    for company in registry:
        if company.parent and registry.lookup(company.parent) is None:
            raise RegistryError(f"{where}: {company.name!r} names parent {company.parent!r}, which is no "
                                "company of the registry (or names more than one)")  # fmt: skip
    return registry


@cache
def builtin_rows() -> tuple[Company, ...]:
    text = resources.files("kg").joinpath("data/companies.tsv").read_text(encoding="utf-8")
    return tuple(_rows(text, "kg/data/companies.tsv"))


@cache
def registry_for(paths: tuple[str, ...] = ()) -> Registry:
    """The built-in registry with the files ``paths`` merged over it, in order (cached per process)."""
    overrides = [read_registry(p) for p in paths]
    return merge(builtin_rows(), *overrides, where=" + ".join(("kg/data/companies.tsv", *paths)))


def default_registry() -> Registry:
    """The built-in registry, with the files listed in ``KG_REGISTRY`` (``os.pathsep``-separated) merged over
    it: what ``--registry FILE`` sets, so extraction worker processes resolve the same way."""
    listed = os.environ.get("KG_REGISTRY", "")
    return registry_for(tuple(p for p in listed.split(os.pathsep) if p))
