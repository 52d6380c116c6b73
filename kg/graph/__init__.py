"""The graph view: the store read once into a property graph that every sink and view uses.

:func:`read_store` builds it (:mod:`kg.graph.read`); :mod:`kg.graph.model` says what it holds.
"""

from kg.graph.model import (
    LABEL_KEYS,
    LABELS,
    RELATIONSHIP_KEYS,
    RELATIONSHIP_TYPES,
    NodeDetails,
    PropertyGraph,
    RelationshipGroup,
)
from kg.graph.read import read_quads, read_store

__all__ = [
    "LABELS",
    "LABEL_KEYS",
    "RELATIONSHIP_KEYS",
    "RELATIONSHIP_TYPES",
    "NodeDetails",
    "PropertyGraph",
    "RelationshipGroup",
    "read_quads",
    "read_store",
]
