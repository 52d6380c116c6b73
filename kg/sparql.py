"""SPARQL parameters: values bound as one inline ``VALUES`` row of terms serialized by pyoxigraph (``None``
is ``UNDEF``), so no user text is ever spliced into a query.

>>> bind_sparql("SELECT ?x WHERE { ?x ?p ?want }", {"want": Iri("urn:a"), "n": None})
'SELECT ?x WHERE { VALUES (?want ?n) { (<urn:a> UNDEF) } ?x ?p ?want }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError

__all__ = ["Iri", "bind_sparql"]


class Iri(str):
    """A parameter value that is an IRI (bound as an RDF named node, not a string literal)."""

    __slots__ = ()


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _term(value: Any) -> str:
    if value is None:
        return "UNDEF"
    if isinstance(value, ox.NamedNode | ox.Literal):
        return str(value)
    if isinstance(value, Iri):
        return str(ox.NamedNode(value))
    if isinstance(value, bool):
        return str(ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean")))
    if isinstance(value, int):
        return str(ox.Literal(str(value), datatype=ox.NamedNode(_XSD + "integer")))
    return str(ox.Literal(str(value)))


_XSD = "http://www.w3.org/2001/XMLSchema#"


def bind_sparql(sparql: str, params: Mapping[str, Any]) -> str:
    """``sparql`` with ``params`` bound by one ``VALUES`` row at the start of its first WHERE group."""
    if not params:
        return sparql
    for name in params:
        if not name.isidentifier():
            raise QueryError(f"bad SPARQL parameter name {name!r}")
    names = " ".join(f"?{name}" for name in params)
    row = " ".join(_term(value) for value in params.values())
    match = _WHERE.search(sparql)
    if match is None:
        raise QueryError("the SPARQL query has no WHERE group to bind parameters in")
    return f"{sparql[: match.end()]} VALUES ({names}) {{ ({row}) }}{sparql[match.end() :]}"
