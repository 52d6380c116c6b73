"""pyoxigraph's term unions narrowed to what the store holds: typed helpers, free at run time.

pyoxigraph types every subject as possibly an RDF-star :class:`~pyoxigraph.Triple`, every graph name as
possibly the :class:`~pyoxigraph.DefaultGraph` and :func:`pyoxigraph.serialize`'s result as possibly
``None`` (when it writes to a file). The graphs here hold no RDF-star triples, the quads read through these
helpers are in named graphs, and :func:`serialized` writes to no file: these helpers say so once, for the
type checker (``typing.cast``: nothing is checked at run time, the behaviour is pyoxigraph's own).

>>> value(ox.Triple(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal("x")).object)
'x'
>>> serialized([ox.Triple(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal("x"))],
...            format=ox.RdfFormat.N_TRIPLES)
b'<http://a> <http://p> "x" .\\n'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeAlias, cast

import pyoxigraph as ox

__all__ = ["Node", "Term", "as_iri", "as_node", "as_term", "serialized", "value"]

Node: TypeAlias = ox.NamedNode | ox.BlankNode  # a subject, without RDF-star
Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal  # an object, without RDF-star

_Any: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | ox.DefaultGraph


def value(t: _Any) -> str:
    """The IRI, blank node id or lexical form of ``t`` (a term or a named graph's name)."""
    return cast(Term, t).value


def as_node(t: _Any) -> Node:
    """``t`` as a subject: an IRI or a blank node."""
    return cast(Node, t)


def as_iri(t: _Any) -> ox.NamedNode:
    """``t`` as an IRI (a predicate, say)."""
    return cast(ox.NamedNode, t)


def as_term(t: _Any) -> Term:
    """``t`` as an object: an IRI, a blank node or a literal."""
    return cast(Term, t)


def serialized(
    items: Iterable[ox.Triple] | Iterable[ox.Quad],
    *,
    format: ox.RdfFormat,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """``items`` in ``format``, as bytes (with ``prefixes``, in the formats that have them)."""
    return cast(bytes, ox.serialize(items, format=format, prefixes=prefixes))
