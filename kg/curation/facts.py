"""Facts as analysts see them: ids that survive re-ingest, and what the graph says about a fact.

A *fact* is a statement of the merged graph with a relation of the vocabulary (``Acme operates Plant 2``);
its id is derived from the statement alone, so it is the same in every backend, in every run, and after an
announcement is re-ingested. An agreement is known by its IRI; a piece of evidence by its IRI.

>>> fact_id("https://w3id.org/biopharma-kg/id/org/acme", "operates", "https://w3id.org/biopharma-kg/id/site/p")
'f-00cbf4ba6517bcf2'
"""

from __future__ import annotations

import hashlib

import pyoxigraph as ox

from kg import vocab as v

__all__ = ["JOURNALED", "RELATION_OF", "fact_id", "fact_id_of", "relation_name", "short_id"]

# predicates whose statements are facts in the change journal: relations and agreement terms
RELATION_OF = {r.rdf: r.name for r in v.RELATIONS.values()}
TERMS_OF = {
    v.PROVIDER: "provider",
    v.CLIENT: "client",
    v.PARTNER: "partner",
    v.AGREEMENT_TYPE: "agreement type",
    v.SERVICE: "service",
    v.STAGE: "stage",
    v.END_YEAR: "end year",
    v.CONCERNS: "concerns",
    v.AMOUNT: "value amount",
    v.CURRENCY: "value currency",
    v.VALUE_KIND: "value kind",
}
JOURNALED = frozenset(RELATION_OF) | frozenset(TERMS_OF)


def relation_name(predicate: str) -> str:
    """The name people read for a journaled predicate (``operates``, ``stage``, ``value amount``)."""
    return RELATION_OF.get(predicate) or TERMS_OF.get(predicate) or predicate


def fact_id_of(triple: ox.Triple) -> str:
    """``f-`` and 16 hex digits of the hash of the statement (its N-Triples form)."""
    return "f-" + hashlib.sha1(str(triple).encode("utf-8")).hexdigest()[:16]


def fact_id(subject: str, relation: str, obj: str | ox.Literal) -> str:
    """The id of the fact ``subject relation obj`` (IRIs; ``relation`` a name of :data:`kg.vocab.RELATIONS`;
    a literal object, such as a year, as an RDF literal)."""
    o = obj if isinstance(obj, ox.Literal) else ox.NamedNode(obj)
    return fact_id_of(ox.Triple(ox.NamedNode(subject), ox.NamedNode(v.RELATIONS[relation].rdf), o))


def short_id(iri: str) -> str:
    """An agreement or evidence IRI as it is shown (``agreement/1a2b3c4d5e6f-1``)."""
    return iri[len(v.ID) :] if iri.startswith(v.ID) else iri
