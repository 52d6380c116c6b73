"""The embedded on-disk RDF store (Oxigraph): one named graph per announcement, and their merge.

Each announcement's facts live in its own named graph (its provenance). The store's default graph is kept
equal to the RDF merge of all announcement graphs: every write adds an announcement's triples to it too,
and removing or replacing an announcement takes out of it the triples no other announcement states, in
the same transaction. Queries run over that default graph, so a fact stated by a thousand announcements
matches once (Oxigraph's "union default graph" would match it once per graph, and joins on well-connected
companies would multiply); ``GRAPH ?g`` still reaches each announcement's own statements.

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
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import vocab as v
from kg.errors import QueryError, StoreError
from kg.model import Extraction
from kg.rdf import graph_name, to_quads
from kg.resolve import former_announcement_iri

__all__ = ["PreparedGraph", "Store", "WriteReport", "announcement_quads", "prepare", "prepare_quads"]

CONTENT_HASH = ox.NamedNode(v.BPK + "contentHash")
_ANNOUNCEMENT_SCOPED = (v.ID + "evidence/", v.ID + "agreement/")  # IRIs derived from one announcement's key
_n = ox.NamedNode


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
    ntriples: bytes  # the same statements as N-Triples: what the announcement adds to the merge
    count: int  # quads, content hash excluded
    mentions: tuple[
        Any, ...
    ] = ()  # what resolution reads from it (kg.reconcile.StoredMention), if prepared so
    former: tuple[str, ...] = ()  # IRIs this announcement had in stores keyed before keys said where


def prepare(ex: Extraction, former_keys: tuple[str, ...] = ()) -> PreparedGraph:
    """What :meth:`Store.write_prepared` needs to write ``ex``; a pure function, cheap to pickle.

    ``former_keys``: the document's keys in older stores (see :attr:`kg.model.Document.former_keys`);
    writing it replaces the graphs they named.
    """
    return prepare_quads(ex.doc, announcement_quads(ex), former_keys)


def prepare_quads(doc: str, quads: list[ox.Quad], former_keys: tuple[str, ...] = ()) -> PreparedGraph:
    """:func:`prepare` for the quads :func:`announcement_quads` gave for document ``doc``."""
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    ntriples = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
    g, digest = quads[-1].graph_name.value, quads[-1].object.value
    former = tuple(dict.fromkeys(former_announcement_iri(k) for k in (doc, *former_keys)))
    return PreparedGraph(doc, g, digest, nquads, ntriples, len(quads) - 1, former=former)


class Store:
    """A dataset of announcement graphs. Use as a context manager, or call :meth:`close`."""

    def __init__(self, inner: ox.Store, path: Path | None = None, read_only: bool = False) -> None:
        self._store = inner
        self.path = path
        self.read_only = read_only
        if not read_only and not has_merge(inner) and _first(inner.quads_for_pattern(None, None, None)):
            inner.update(MERGE_ALL)  # a store written before the merge was kept: build it once

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> Store:
        path = Path(path)
        try:
            if read_only:
                if not path.exists():
                    raise StoreError(f"{path}: no store here (run `kg ingest` first)")
                return cls(ox.Store.read_only(str(path)), path, read_only=True)
            path.mkdir(parents=True, exist_ok=True)
            inner = ox.Store(str(path))  # holds the store's lock: no other process writes it now
            for leftover in path.glob("bulk-*.sst"):  # files of a bulk load killed before it published them
                leftover.unlink(missing_ok=True)
            return cls(inner, path)
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

    def compact(self) -> None:
        """Rewrite the store's files as one sorted run per index. Bulk loads leave several overlapping
        files per index that every lookup consults until the store is compacted (queries on a freshly
        ingested store ran up to 1.5x slower)."""
        if not self.read_only:
            self._store.optimize()

    def announcements(self) -> int:
        """How many announcement graphs the store holds."""
        return sum(1 for _ in self._store.named_graphs())

    # --- writing -------------------------------------------------------------------------------
    def write(self, extractions: Iterable[Extraction]) -> WriteReport:
        """Replace each announcement's graph with its new facts; unchanged ones are left alone.

        Crash-safe (a SIGKILL at any moment leaves every announcement fully in, in its old or its new
        version, or fully out; never half-written): new announcements are added by one bulk load, which
        Oxigraph (0.5) writes as sorted files and publishes in one atomic step (3x faster than a
        transaction, which reads every index key before writing it); changed ones are dropped and
        re-inserted in one SPARQL update transaction. The merged default graph changes in the same step.
        """
        return self.write_prepared(prepare(ex) for ex in extractions)

    def write_prepared(self, graphs: Iterable[PreparedGraph]) -> WriteReport:
        """:meth:`write` for graphs already serialized by :func:`prepare`.

        A new announcement whose graph an older store holds under its former IRI (keyed by a bare file
        name) replaces that graph: stores written before keys said where documents came from keep their
        facts, and re-ingesting them never doubles an announcement.
        """
        report = WriteReport()
        new: list[bytes] = []  # per new graph: its N-Quads, and its N-Triples for the merge
        changed: list[PreparedGraph] = []  # the same graph again: written as the difference
        migrated: list[tuple[PreparedGraph, list[str]]] = []  # with the former graphs it replaces
        claimed: set[str] = set()  # former graphs already taken over in this write
        latest = {g.doc: g for g in graphs}  # the same document twice in one batch: the last one wins
        for prepared in latest.values():
            g = ox.NamedNode(prepared.graph)
            old = self.content_hash(g)
            if old == prepared.digest:
                report.unchanged += 1
                continue
            report.quads_added += prepared.count
            if old is not None or self._has_graph(g):
                report.replaced += 1
                changed.append(prepared)
                continue
            former = [f for f in prepared.former if f not in claimed and self._has_graph(_n(f))]
            claimed.update(former)
            if former:
                report.replaced += 1
                report.quads_removed += sum(max(self._count(_n(f)) - 1, 0) for f in former)
                migrated.append((prepared, former))
            else:
                report.added += 1
                new.append(prepared.nquads)
                new.append(prepared.ntriples)  # N-Triples lines are N-Quads in the default graph
        if changed:
            report.quads_removed += self._replace(changed)
        if migrated:
            self._store.update(_replace_graphs(migrated))
        if new:
            self._store.bulk_load(b"".join(new), format=ox.RdfFormat.N_QUADS)
        return report

    def _replace(self, graphs: list[PreparedGraph]) -> int:
        """Replace announcement graphs in one SPARQL update (one transaction) that deletes and inserts only
        the statements that differ, keeping the merged default graph equal to the merge: a statement leaves
        it when no graph states it any more. (Dropping each graph and taking all its statements out of the
        merge under FILTER NOT EXISTS took about 12 ms a graph; a store-wide resolution pass rewrites
        hundreds of graphs whose nodes changed, a few statements each.) Returns the statements the old
        versions held."""
        dropped: defaultdict[ox.Triple, set[str]] = defaultdict(
            set
        )  # statement -> graphs no longer stating it
        stated: defaultdict[ox.Triple, set[str]] = defaultdict(set)  # statement -> graphs now stating it
        held = 0
        for prepared in graphs:
            g = ox.NamedNode(prepared.graph)
            old = {q.triple for q in self._store.quads_for_pattern(None, None, None, g)}
            new = {q.triple for q in ox.parse(prepared.nquads, format=ox.RdfFormat.N_QUADS)}
            held += max(len(old) - 1, 0)
            if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in old):
                self._store.update(
                    _replace_graphs([(prepared, [prepared.graph])])
                )  # by another tool: no DELETE DATA
                continue
            for t in old - new:
                dropped[t].add(prepared.graph)
            for t in new - old:
                stated[t].add(prepared.graph)
        unmerged = [t for t, by in dropped.items() if not self._stated_elsewhere(t, by, stated.get(t, set()))]
        delete = _quad_data(dropped, unmerged)
        insert = _quad_data(stated, list(stated))
        if delete or insert:
            self._store.update(f"DELETE DATA {{\n{delete}}} ;\nINSERT DATA {{\n{insert}}}")
        return held

    def _stated_elsewhere(self, t: ox.Triple, dropping: set[str], adding: set[str]) -> bool:
        """Whether a graph other than those ``dropping`` it states ``t`` (before or after the write)."""
        if adding:
            return True
        subject = t.subject.value if isinstance(t.subject, ox.NamedNode) else ""
        if subject.startswith(_ANNOUNCEMENT_SCOPED) or subject in dropping:
            return False  # evidence, agreements and the announcement itself: IRIs of one announcement's
        for q in self._store.quads_for_pattern(t.subject, t.predicate, t.object, None):
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value not in dropping:
                return True
        return False

    def content_hash(self, g: ox.NamedNode) -> str | None:
        found = _first(self._store.quads_for_pattern(g, CONTENT_HASH, None, g))
        return found.object.value if found else None

    def holds(self, triple: ox.Triple) -> bool:
        """Whether some announcement states ``triple`` (the merged graph holds it)."""
        graph = ox.DefaultGraph() if has_merge(self._store) else None
        found = self._store.quads_for_pattern(triple.subject, triple.predicate, triple.object, graph)
        return _first(found) is not None

    def remove(self, doc: str) -> bool:
        g = graph_name(doc)
        if not self._has_graph(g):
            return False
        self._store.update(_unmerge(g.value) + f"DROP GRAPH <{g.value}>")
        return True

    # --- reading -------------------------------------------------------------------------------
    def query(self, sparql: str, **kwargs: Any) -> Any:
        """Run SPARQL over the merge of all announcement graphs (named graphs are theirs)."""
        try:
            return self._store.query(sparql, prefixes=v.PREFIXES, **default_dataset(self._store), **kwargs)
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
            if not isinstance(q.graph_name, ox.DefaultGraph):
                yield q.object.value

    def quads(self) -> Iterator[ox.Quad]:
        """The quads of the announcement graphs (the merged default graph is derived from them)."""
        inner = self._store
        return (q for g in inner.named_graphs() for q in inner.quads_for_pattern(None, None, None, g))

    def triples(self) -> Iterator[ox.Triple]:
        """The merged graph: each statement once, whichever announcements make it."""
        if not has_merge(self._store):
            return iter({q.triple for q in self._store})
        return (q.triple for q in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def __len__(self) -> int:
        """Statements in the announcement graphs (a statement made by two announcements counts twice)."""
        return int(next(iter(self._store.query(COUNT_NAMED)))[0].value)

    def _has_graph(self, g: ox.NamedNode) -> bool:
        return _first(self._store.quads_for_pattern(None, None, None, g)) is not None

    def _count(self, g: ox.NamedNode) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, g))


COUNT_NAMED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
MERGE_ALL = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def has_merge(inner: ox.Store) -> bool:
    """Whether the default graph holds the merge (stores written by other tools, or before the merge
    was kept, have an empty default graph: the union of their named graphs stands in for it)."""
    return _first(inner.quads_for_pattern(None, None, None, ox.DefaultGraph())) is not None


def default_dataset(inner: ox.Store) -> dict[str, bool]:
    """pyoxigraph query arguments that make the merge of the announcement graphs the default graph."""
    return {} if has_merge(inner) else {"use_default_graph_as_union": True}


def _first(items: Iterable[Any]) -> Any:
    return next(iter(items), None)


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


def _unmerge(g: str) -> str:
    """SPARQL update operations taking out of the merge the statements only graph ``g`` makes."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{g}>) }} }} ;\n"
    )


def _quad_data(by_triple: dict[ox.Triple, set[str]], merged: list[ox.Triple]) -> str:
    """SPARQL QuadData: each statement in the graphs named for it, and the ``merged`` ones in the default
    graph (N-Triples terms are SPARQL terms)."""
    per_graph: defaultdict[str, list[str]] = defaultdict(list)
    for t, graphs in by_triple.items():
        for g in sorted(graphs):
            per_graph[g].append(f"{t} .")
    blocks = [f"GRAPH <{g}> {{\n" + "\n".join(lines) + "\n}\n" for g, lines in sorted(per_graph.items())]
    return "".join(blocks) + "".join(f"{t} .\n" for t in merged)


def _replace_graphs(graphs: list[tuple[PreparedGraph, list[str]]]) -> str:
    """One SPARQL update (one transaction) that drops the graphs each announcement replaces and inserts its
    new quads, keeping the merged default graph equal to the merge of the announcement graphs."""
    drops = "".join(f"{_unmerge(r)}DROP SILENT GRAPH <{r}> ;\n" for _, replaced in graphs for r in replaced)
    statements = [g.ntriples.decode("utf-8") for g, _ in graphs]  # N-Triples lines are SPARQL triples
    body = "\n".join(
        f"GRAPH <{g.graph}> {{\n{nt}}}\n{nt}" for (g, _), nt in zip(graphs, statements, strict=True)
    )
    return f"{drops}INSERT DATA {{\n{body}\n}}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
