"""Stable identities (IRIs) of announcements, agreements, evidence, places, and names.

A company's IRI is its registry entry's when the registry knows the name (:mod:`kg.registry`), else its
name's key: case, accents, punctuation and legal suffixes never split it. Which node each entity of an
announcement is — aliases, scoped sites and products, undisclosed parties — is :mod:`kg.identity`'s.

>>> org_key("LOTTE BIOLOGICS Co., Ltd.") == org_key("Lotte Biologics")
True
>>> org_iri("Samsung Biologics Co., Ltd."), org_iri("Eli Lilly and Company")
('https://w3id.org/biopharma-kg/id/org/samsung-biologics', 'https://w3id.org/biopharma-kg/id/org/eli-lilly')
"""

from __future__ import annotations

import hashlib

from kg.identity import resolve
from kg.model import Entity, Extraction
from kg.names import LEGAL, doc_hash, fold, org_key, slug
from kg.registry import default_registry
from kg.vocab import ID

__all__ = [
    "LEGAL",
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
    "slug",
]


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
    """The IRI of the company ``name`` names: its registry entry's, else its key's."""
    company = default_registry().lookup(name)
    return f"{ID}org/{company.id if company else org_key(name)}"


def place_iri(country: str) -> str:
    return f"{ID}place/{country.upper()}"


def entity_iri(entity: Entity, doc: str) -> str:
    """The IRI of an entity of document ``doc`` resolved on its own (see :func:`kg.identity.resolve`)."""
    resolved = resolve(Extraction(doc, entities=(entity,))).entities[0]
    return resolved.identity.iri  # type: ignore[union-attr]


def agreement_iri(doc: str, index: int) -> str:
    return f"{ID}agreement/{doc_hash(doc)}-{index + 1}"


def evidence_iri(doc: str, *parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{ID}evidence/{doc_hash(doc)}-{digest}"
