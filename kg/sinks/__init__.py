"""Sinks: where the knowledge graph goes besides the embedded store, each registered by name
(:data:`kg.plugins.SINKS`, entry-point group ``biopharma_kg.sinks``): RDF files (``ttl``, ``nt``, ``nq``,
``trig``, ``jsonld``), ``graphml``, ``neo4j-csv``, ``neo4j`` and ``graph-store`` (a SPARQL Graph Store
Protocol endpoint). ``kg export --format NAME`` writes to any of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.store import Store

__all__ = ["Sink"]


@dataclass(frozen=True)
class Sink:
    """One place the graph can be written to.

    ``write(store, target)`` writes the whole store (analysts' corrections applied) and returns a line to
    tell the user, or None. ``target`` says where: a file (None: standard output), a folder, or a URL,
    as ``target_kind`` says (``file``, ``folder`` or ``url``; a folder or a URL must be given).
    """

    name: str
    description: str
    write: Callable[[Store, str | None], str | None]
    target_kind: str = "file"
