"""The gazetteer of biopharma companies, CDMOs and CROs: the project's company registry (:mod:`kg.registry`,
with the user's ``--registry`` files merged over it), as the extractor reads it, loaded once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from loaders.extraction.annotate.tokens import PhraseIndex

__all__ = ["Company", "companies", "company_index", "lookup", "norm_name"]

LEGAL_WORDS = frozenset(
    """inc incorporated ltd limited co corp corporation company plc ag sa se gmbh llc lp nv bv kk ab as asa
    oy spa srl pte pvt private public sas bhd sdn ulc s.a s.p.a n.v b.v a/s the
    group holding holdings""".split()
)
_LEGAL_FORMS = LEGAL_WORDS - {"group", "holding", "holdings"}
_NON_WORD = re.compile(r"[^a-z0-9]+")
_PAREN = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class Company:
    name: str
    aliases: tuple[str, ...]
    country: str | None
    kind: str  # pharma | biotech | cdmo | cmo | cro | tools | holding | government | foundation
    wikidata: str | None

    @property
    def is_provider(self) -> bool:
        """Sells manufacturing or research services (CDMO, CMO, CRO)."""
        return self.kind in ("cdmo", "cmo", "cro")


# what a text says a name is, in an apposition after it: "Novogene, a Chinese genomics sequencing company"
COMPANY_APPOSITION = re.compile(
    r",\s+(?:an?|the|its)\s+(?:[\w\-]+\s+){0,5}?(?:company|drugmaker|biotech|biotechnology|firm|CDMO|CMO|CRO|"
    r"developer|maker|manufacturer|business|unit|subsidiary|affiliate|startup|start-up|group|investor|fund|"
    r"joint\s+venture|division|spin-out|spinout|spin-off|formulator|"
    r"organi[sz]ation|center|centre|institute|university|charity|foundation|specialist|provider|distributor|"
    # words that also qualify a noun ("the UK pharma major") only where the phrase ends
    r"(?:bio)?pharma(?=\s*[,.;)]|\s+(?:that|which|with|based|headquartered|focused|developing|in|from)\b))\b"
)


# what the text calls a company just before its name: "Spanish drugmaker PharmaMar", "cancer vaccine developer
# Immune Design"
COMPANY_DESCRIPTOR_BEFORE = re.compile(
    r"(?:company|drugmaker|biotech|firm|CDMO|CMO|CRO|developer|maker|manufacturer|pharma|biopharma|startup|"
    r"specialist|affiliate|unit|subsidiary|rival|partner|peer|group|leader|provider|licensee|licensor|player)\s+$"
)


def introduced_as_company(text: str, name: str) -> bool:
    """Whether the text says anywhere that ``name`` is a company: the registry knows it, or a company word
    stands just before it ("Spanish drugmaker PharmaMar").

    >>> introduced_as_company("the candidate PharmaMar has derived ... drugmaker PharmaMar", "PharmaMar")
    True
    >>> introduced_as_company("the drug Zolgensma and the company's candidate Zolgensma", "Zolgensma")
    False
    """
    if lookup(name) is not None:
        return True
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        whole = not (end < len(text) and (text[end].isalnum() or text[end] == "-"))
        if whole and COMPANY_DESCRIPTOR_BEFORE.search(text, max(0, at - 30), at):
            return True
        at = text.find(name, end)
    return False


def norm_name(name: str, strict: bool = False) -> str:
    """Case-, punctuation- and legal-suffix-insensitive key of an organisation name; ``strict`` keeps the
    words that say a company is a group's holding ("Otsuka Holdings" is not "Otsuka").

    >>> norm_name("Duality Biologics (Suzhou) Co., Ltd."), norm_name("BioNTech SE")
    ('duality biologics', 'biontech')
    """
    words = _NON_WORD.sub(" ", _PAREN.sub(" ", name).lower().replace("&", " and ")).split()
    dropped = _LEGAL_FORMS if strict else LEGAL_WORDS
    while words and words[-1] in dropped:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


@lru_cache(maxsize=1)
def companies() -> tuple[Company, ...]:
    """Every registry company with all the names it goes by (former names included)."""
    from kg.registry import default_registry

    return tuple(
        Company(c.name, (*c.aliases, *c.former), c.country, c.kind or "", c.wikidata)
        for c in default_registry()
    )


@lru_cache(maxsize=1)
def company_index() -> PhraseIndex[Company]:
    """Surface forms → company: each name as written, and its ALL-CAPS / Title-case variant."""
    index: PhraseIndex[Company] = PhraseIndex()
    for company in companies():
        for form in (company.name, *company.aliases):
            for variant in _variants(form):
                index.add(variant, company)
    return index


_ABBREVIATION = re.compile(r"\b([A-Z][a-z]?)\.(?= )")  # "Dr. Reddy's", "H. Lundbeck"


def _variants(form: str) -> list[str]:
    out = [form]
    if _ABBREVIATION.search(form):  # written without the full stop too, British style: "Dr Reddy's"
        out.append(_ABBREVIATION.sub(r"\1", form))
    if form.isupper() and len(form) >= 5 and " " not in form:
        out.append(form.title())
    elif not form.isupper() and len(form) >= 4:
        out.append(form.upper())
    return out


@lru_cache(maxsize=4096)
def lookup(name: str) -> Company | None:
    """The gazetteer company for a name, ignoring case and legal suffixes.

    >>> lookup("LOTTE BIOLOGICS Co., Ltd.").name
    'Lotte Biologics'
    >>> lookup("Otsuka Holdings Co., Ltd.").name, lookup("Otsuka").name  # a group's holding, its drugmaker
    ('Otsuka Holdings', 'Otsuka Pharmaceutical')
    """
    return _by_norm(strict=True).get(norm_name(name, strict=True)) or _by_norm().get(norm_name(name))


@lru_cache(maxsize=2)
def _by_norm(strict: bool = False) -> dict[str, Company]:
    out: dict[str, Company] = {}
    for company in companies():
        for form in (company.name, *company.aliases):
            out.setdefault(norm_name(form, strict), company)
    return out
