"""The embedded on-disk RDF store (Oxigraph): one named graph per announcement, union default graph.

>>> from kg.model import Extraction
>>> store = Store.in_memory()
>>> ex = Extraction.from_record({"doc": "a.txt", "entities": [
...     {"id": "e1", "type": "Organization", "name": "Acme Bio"}], "facts": [], "agreements": []})
>>> store.write([ex]).added
1
>>> store.write([ex]).unchanged
1
>>> store.ask("ASK { ?o a <https://w3id.org/biopharma-kg/ontology#Organization> }")
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import vocab as v
from kg.errors import QueryError, StoreError
from kg.model import Extraction
from kg.rdf import graph_name, to_quads

__all__ = ["PreparedGraph", "Store", "WriteReport", "announcement_quads", "prepare"]

CONTENT_HASH = ox.NamedNode(v.BPK + "contentHash")


@dataclass
class WriteReport:
    added: int = 0  # announcements new to the store
    replaced: int = 0  # announcements whose facts changed
    unchanged: int = 0  # announcements identical to what the store holds
    quads_added: int = 0
    quads_removed: int = 0


@dataclass(frozen=True)
class PreparedGraph:
    """One announcement's graph, serialized and hashed ahead of writing (in a worker process, say)."""

    doc: str
    graph: str  # IRI of the announcement's named graph
    digest: str  # content hash of its facts
    nquads: bytes  # its quads, content hash included, as N-Quads
    count: int  # quads, content hash excluded


def prepare(ex: Extraction) -> PreparedGraph:
    """What :meth:`Store.write_prepared` needs to write ``ex``; a pure function, cheap to pickle."""
    quads = announcement_quads(ex)
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    return PreparedGraph(ex.doc, quads[-1].graph_name.value, quads[-1].object.value, nquads, len(quads) - 1)


class Store:
    """A dataset of announcement graphs. Use as a context manager, or call :meth:`close`."""

    def __init__(self, inner: ox.Store, path: Path | None = None, read_only: bool = False) -> None:
        self._store = inner
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> Store:
        path = Path(path)
        try:
            if read_only:
                if not path.exists():
                    raise StoreError(f"{path}: no store here (run `kg ingest` first)")
                return cls(ox.Store.read_only(str(path)), path, read_only=True)
            path.mkdir(parents=True, exist_ok=True)
            return cls(ox.Store(str(path)), path)
        except OSError as exc:
            raise StoreError(f"{path}: cannot open the store: {_first_line(exc)}") from None

    @classmethod
    def in_memory(cls) -> Store:
        return cls(ox.Store())

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store (for the SPARQL endpoint and exports)."""
        return self._store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if not self.read_only:
            self._store.flush()
        del self._store

    def flush(self) -> None:
        """Move what was written from memory to disk: long writes call this now and then to keep the
        embedded store's memory bounded (its in-memory write buffers otherwise grow with the data)."""
        if not self.read_only:
            self._store.flush()

    # --- writing -------------------------------------------------------------------------------
    def write(self, extractions: Iterable[Extraction]) -> WriteReport:
        """Replace each announcement's graph with its new facts; unchanged ones are left alone.

        Crash-safe (a SIGKILL at any moment leaves every announcement fully in, in its old or its new
        version, or fully out; never half-written): new announcements are added in one transaction;
        changed ones are dropped and re-inserted in one SPARQL update transaction.
        """
        return self.write_prepared(prepare(ex) for ex in extractions)

    def write_prepared(self, graphs: Iterable[PreparedGraph]) -> WriteReport:
        """:meth:`write` for graphs already serialized by :func:`prepare`."""
        report = WriteReport()
        new: list[bytes] = []
        changed: list[PreparedGraph] = []
        latest = {g.doc: g for g in graphs}  # the same document twice in one batch: the last one wins
        for prepared in latest.values():
            g = ox.NamedNode(prepared.graph)
            old = self.content_hash(g)
            if old == prepared.digest:
                report.unchanged += 1
                continue
            report.quads_added += prepared.count
            if old is not None or self._has_graph(g):
                report.quads_removed += max(self._count(g) - 1, 0)
                report.replaced += 1
                changed.append(prepared)
            else:
                report.added += 1
                new.append(prepared.nquads)
        if changed:
            self._store.update(_replace_graphs(changed))
        if new:
            self._store.load(b"".join(new), format=ox.RdfFormat.N_QUADS)
        return report

    def content_hash(self, g: ox.NamedNode) -> str | None:
        found = next(iter(self._store.quads_for_pattern(g, CONTENT_HASH, None, g)), None)
        return found.object.value if found else None

    def remove(self, doc: str) -> bool:
        g = graph_name(doc)
        if not self._has_graph(g):
            return False
        self._store.remove_graph(g)
        return True

    # --- reading -------------------------------------------------------------------------------
    def query(self, sparql: str, **kwargs: Any) -> Any:
        """Run SPARQL over the union of all announcement graphs."""
        try:
            return self._store.query(sparql, use_default_graph_as_union=True, prefixes=v.PREFIXES, **kwargs)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {_first_line(exc)}") from None
        except (OSError, ValueError) as exc:
            raise QueryError(f"SPARQL query failed: {_first_line(exc)}") from None

    def select(self, sparql: str, **kwargs: Any) -> list[dict[str, Any]]:
        """Rows of a SELECT query as dicts of Python values (str/int/float/bool); unbound → None."""
        result = self.query(sparql, **kwargs)
        names = [var.value for var in result.variables]
        return [{n: to_python(row[n]) for n in names} for row in result]

    def ask(self, sparql: str, **kwargs: Any) -> bool:
        return bool(self.query(sparql, **kwargs))

    def documents(self) -> Iterator[str]:
        for q in self._store.quads_for_pattern(None, ox.NamedNode(v.DOC_KEY), None):
            yield q.object.value

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._store)

    def __len__(self) -> int:
        return len(self._store)

    def _has_graph(self, g: ox.NamedNode) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, g)), None) is not None

    def _count(self, g: ox.NamedNode) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, g))


def to_python(term: Any) -> Any:
    """A SPARQL term as a plain Python value (IRIs and strings as str, numbers as numbers)."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        if dt in (v.XSD + "integer", v.XSD + "int", v.XSD + "long", v.XSD + "gYear"):
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if dt in (v.XSD + "decimal", v.XSD + "double", v.XSD + "float"):
            return float(term.value)
        if dt == v.XSD + "boolean":
            return term.value == "true"
        return term.value
    return term.value


def announcement_quads(ex: Extraction) -> list[ox.Quad]:
    """The quads of one announcement's graph as the store holds them: its facts plus their content hash.

    The same for every store (embedded, or a SPARQL server written through the Graph Store Protocol).
    """
    quads = to_quads(ex)
    g = graph_name(ex.doc)
    return [*quads, ox.Quad(g, CONTENT_HASH, ox.Literal(_digest(quads)), g)]


def _digest(quads: list[ox.Quad]) -> str:
    h = hashlib.sha256()
    for line in sorted(str(q) for q in quads):
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def _replace_graphs(graphs: list[PreparedGraph]) -> str:
    """One SPARQL update (one transaction) that drops each graph and inserts its new quads."""
    drops = "".join(f"DROP SILENT GRAPH <{g.graph}> ;\n" for g in graphs)
    body = "\n".join(
        f"GRAPH <{g.graph}> {{\n"
        + "".join(
            f"{q.subject} {q.predicate} {q.object} .\n" for q in ox.parse(g.nquads, ox.RdfFormat.N_QUADS)
        )
        + "}"
        for g in graphs
    )
    return f"{drops}INSERT DATA {{\n{body}\n}}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
