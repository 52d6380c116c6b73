"""Parts by name: readers, sinks, query backends and extractors, each kind a registry open to installed
packages through its own Python entry-point group (as rdflib's plugins are).

A registry maps a name to ``"module:attribute"``; the object is imported only when first asked for, so
listing names costs no imports. A package adds its own parts in its ``pyproject.toml``::

    [project.entry-points."biopharma_kg.readers"]
    csv-news = "my_package.readers:CSV_NEWS"

>>> READERS.group, "html" in READERS.available()
('biopharma_kg.readers', True)
>>> SINKS.load("graphml").name
'graphml'
>>> [r.kind for r in REGISTRIES]
['reader', 'extractor', 'sink', 'backend']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any

from kg.errors import KgError

__all__ = ["BACKENDS", "EXTRACTORS", "READERS", "REGISTRIES", "SINKS", "Registry"]


@dataclass(frozen=True)
class Registry:
    """One kind of part: the built-in ones by name, then those installed under the entry-point group."""

    kind: str
    group: str
    builtin: Mapping[str, str]
    _loaded: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    _found: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def available(self) -> dict[str, str]:
        """Name -> where it comes from (``module:attribute``), built-in first, then installed, by name
        (the installed packages are looked at once per process)."""
        if not self._found:
            self._found.update(self.builtin)
            for ep in sorted(entry_points(group=self.group), key=lambda e: e.name):
                self._found.setdefault(ep.name, ep.value)
        return dict(self._found)

    def load(self, name: str) -> Any:
        """The part registered under ``name``; a :class:`KgError` naming the installed ones otherwise."""
        if name in self._loaded:
            return self._loaded[name]
        known = self.builtin if name in self.builtin else self.available()
        target = known.get(name)
        if target is None:
            raise KgError(f"unknown {self.kind} {name!r} (installed: {', '.join(self.available())})")
        module, _, attr = target.partition(":")
        try:
            found = getattr(import_module(module), attr)
        except (ImportError, AttributeError) as exc:
            raise KgError(f"{self.kind} {name!r} ({target}) cannot be loaded: {exc}") from None
        self._loaded[name] = found
        return found

    def load_all(self) -> dict[str, Any]:
        """Every part of this kind, loaded (built-in first)."""
        return {name: self.load(name) for name in self.available()}


READERS = Registry(
    "reader",
    "biopharma_kg.readers",
    {
        "text": "loaders.readers:TEXT",
        "html": "loaders.readers:HTML",
        "feed": "loaders.readers:FEED",
        "json": "loaders.readers:JSON",
    },
)
EXTRACTORS = Registry("extractor", "biopharma_kg.extractors", {"builtin": "loaders.extraction:extract"})
SINKS = Registry(
    "sink",
    "biopharma_kg.sinks",
    {
        **{fmt: f"kg.sinks.rdf:{fmt.upper()}" for fmt in ("ttl", "nt", "nq", "trig", "jsonld")},
        "graphml": "kg.sinks.graphml:SINK",
        "neo4j-csv": "kg.sinks.neo4j_csv:SINK",
        "neo4j": "kg.sinks.neo4j:SINK",
        "graph-store": "kg.sinks.graph_store:SINK",
    },
)
BACKENDS = Registry(
    "backend",
    "biopharma_kg.backends",
    {"rdf": "kg.queries.kinds:RDF", "neo4j": "kg.queries.kinds:NEO4J"},
)
REGISTRIES = (READERS, EXTRACTORS, SINKS, BACKENDS)
