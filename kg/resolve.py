"""Resolution of names to stable identities (IRIs).

The same company named in two announcements gets one IRI; case, accents, punctuation and legal
suffixes never split it. Undisclosed parties and unnamed sites/products are scoped to their
announcement and never merged.

>>> org_key("LOTTE BIOLOGICS Co., Ltd.") == org_key("Lotte Biologics")
True
>>> org_iri("Samsung Biologics Co., Ltd.")
'https://w3id.org/biopharma-kg/id/org/samsung-biologics'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from kg.model import Entity, EntityType
from kg.vocab import ID

__all__ = [
    "agreement_iri",
    "announcement_iri",
    "doc_hash",
    "entity_iri",
    "evidence_iri",
    "fold",
    "former_announcement_iri",
    "org_iri",
    "org_key",
    "place_iri",
]

LEGAL = frozenset(
    "inc incorporated ltd limited co corp corporation company plc ag sa se gmbh llc lp nv bv kk "
    "kabushiki kaisha holdings holding group the ab as asa oy oyj spa srl pte pvt private public sas "
    "bhd sdn ulc kgaa mbh".split()
)


def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name.

    >>> fold("Médicis & Co.")
    'medicis and co'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def org_key(name: str) -> str:
    words = [w for w in fold(name).split() if w not in LEGAL]
    return "-".join(words) or fold(name).replace(" ", "-") or "unnamed"


def slug(text: str, limit: int = 80) -> str:
    return (fold(text).replace(" ", "-") or "x")[:limit].strip("-")


def doc_hash(doc: str) -> str:
    return hashlib.sha1(doc.encode("utf-8")).hexdigest()[:12]


def announcement_iri(doc: str) -> str:
    """The IRI of the announcement keyed ``doc`` (and of its named graph).

    >>> announcement_iri("news/a/press-release.txt")
    'https://w3id.org/biopharma-kg/id/announcement/press-release-txt-5ad5aeb48240268d'
    """
    stem = doc.rsplit("/", 1)[-1]
    return f"{ID}announcement/{slug(stem, 60)}-{hashlib.sha1(doc.encode('utf-8')).hexdigest()[:16]}"


def former_announcement_iri(doc: str) -> str:
    """The IRI stores written before keys said where a document came from gave the announcement ``doc``
    (12 hex digits where :func:`announcement_iri` has 16): what a re-ingest replaces."""
    stem = doc.rsplit("/", 1)[-1]
    return f"{ID}announcement/{slug(stem, 60)}-{doc_hash(doc)}"


def org_iri(name: str) -> str:
    return f"{ID}org/{org_key(name)}"


def place_iri(country: str) -> str:
    return f"{ID}place/{country.upper()}"


def entity_iri(entity: Entity, doc: str) -> str:
    """IRI of an entity of document ``doc``: global for named things, document-scoped otherwise."""
    kind = {EntityType.ORGANIZATION: "org", EntityType.SITE: "site", EntityType.PRODUCT: "product"}[
        entity.type
    ]
    if entity.undisclosed or not entity.name:
        return f"{ID}{kind}/undisclosed-{doc_hash(doc)}-{slug(entity.id, 40)}"
    if entity.type is EntityType.ORGANIZATION:
        return org_iri(entity.name)
    return f"{ID}{kind}/{slug(entity.name)}"


def agreement_iri(doc: str, index: int) -> str:
    return f"{ID}agreement/{doc_hash(doc)}-{index + 1}"


def evidence_iri(doc: str, *parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{ID}evidence/{doc_hash(doc)}-{digest}"
