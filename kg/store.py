"""The embedded on-disk RDF store (Oxigraph): one named graph per announcement, and their merge.

Each announcement's facts live in its own named graph (its provenance), as extracted. The store's default
graph is kept equal to the RDF merge of all announcement graphs with the analysts' corrections applied
(:mod:`kg.merged`, :mod:`kg.curation`): every write adds an announcement's triples to it too, and removing
or replacing an announcement takes out of it the triples no other announcement states, in the same
transaction. Queries run over that default graph, so a fact stated by a thousand announcements matches
once (Oxigraph's "union default graph" would match it once per graph, and joins on well-connected
companies would multiply); ``GRAPH ?g`` still reaches each announcement's own statements.

Two graphs are the store's own: the curation graph (corrections, written only by :mod:`kg.curation`) and
the change-set graph (what each write added to and removed from the merge, written in the same
transaction as the write: :mod:`kg.curation.changes`).

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
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

import pyoxigraph as ox

from kg import vocab as v
from kg.curation.changes import (
    ChangeSet,
    GraphFacts,
    description_quads,
    graph_facts,
    journal_quads,
    next_number,
)
from kg.curation.graph import read_corrections
from kg.curation.model import now
from kg.curation.view import Overlay
from kg.errors import QueryError, StoreError
from kg.merged import Delta, GraphChange, canonical, is_source, plan, source_quads
from kg.model import Extraction
from kg.rdf import graph_name, to_quads
from kg.resolve import former_announcement_iri
from kg.terms import serialized, value

__all__ = ["PreparedGraph", "Store", "WriteReport", "announcement_quads", "prepare", "prepare_quads"]

CONTENT_HASH = ox.NamedNode(v.BPK + "contentHash")
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
    # the change records of its journaled facts (relations, agreement terms), JSON, worked out here rather
    # than in the one writing process (None: not worked out); and where they come from (JSON)
    records: tuple[str, ...] | None = None
    source: str = ""

    def graph_facts(self) -> GraphFacts:
        """Its journaled facts with their records (parsed from the graph when not worked out ahead)."""
        if self.records is None:
            return graph_facts(_parse(self.nquads)).get(self.graph) or GraphFacts({"g": self.graph}, {})
        rows = [json.loads(r) for r in self.records]
        lines = "".join(f"<{r['s']}> <{r['p']}> {r['o']} .\n" for r in rows).encode("utf-8")
        triples = [q.triple for q in ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)]
        return GraphFacts(json.loads(self.source), dict(zip(triples, self.records, strict=True)))


def prepare(ex: Extraction, former_keys: tuple[str, ...] = ()) -> PreparedGraph:
    """What :meth:`Store.write_prepared` needs to write ``ex``; a pure function, cheap to pickle.

    ``former_keys``: the document's keys in older stores (see :attr:`kg.model.Document.former_keys`);
    writing it replaces the graphs they named.
    """
    return prepare_quads(ex.doc, to_quads(ex), former_keys)


def prepare_quads(doc: str, quads: list[ox.Quad], former_keys: tuple[str, ...] = ()) -> PreparedGraph:
    """:func:`prepare` for the quads :func:`kg.rdf.to_quads` gave for document ``doc`` (its content hash
    added here; the change records of its facts worked out here, in a worker process, rather than in the
    writer). Serialized once: the hash and the N-Triples are cut from the N-Quads lines (all in one graph)."""
    g = graph_name(doc)
    body = serialized(quads, format=ox.RdfFormat.N_QUADS)
    digest = _digest(body)
    ends = len(str(g).encode()) + 3  # b" <graph> ." closing each line
    hash_triple = f'{g} {CONTENT_HASH} "{digest}"'
    nquads = body + f"{hash_triple} {g} .\n".encode()
    ntriples = b"".join(line[:-ends] + b" .\n" for line in body.splitlines()) + f"{hash_triple} .\n".encode()
    former = tuple(dict.fromkeys(former_announcement_iri(k) for k in (doc, *former_keys)))
    found = graph_facts(quads)[g.value]
    records, source = tuple(found.facts.values()), json.dumps(found.source, sort_keys=True)
    return PreparedGraph(doc, g.value, digest, nquads, ntriples, len(quads), former=former, records=records,
                         source=source)  # fmt: skip


class Store:
    """A dataset of announcement graphs. Use as a context manager, or call :meth:`close`."""

    def __init__(self, inner: ox.Store, path: Path | None = None, read_only: bool = False) -> None:
        self._store = inner
        self.path = path
        self.read_only = read_only
        self._overlay: Overlay | None = None
        self._change_set: ChangeSet | None = None
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
        """How many announcement graphs (and other source graphs of facts) the store holds."""
        return sum(1 for g in self._store.named_graphs() if is_source(g))

    # --- corrections and change sets -----------------------------------------------------------
    @property
    def overlay(self) -> Overlay:
        """The analysts' corrections (:mod:`kg.curation`), as the merged graph applies them."""
        if self._overlay is None:
            self._overlay = Overlay(read_corrections(self._store))
        return self._overlay

    @contextmanager
    def change_set(self, kind: str, note: str = "", by: str = "",
                   corrections: tuple[str, ...] = ()) -> Iterator[ChangeSet]:  # fmt: skip
        """Record every write made within the block as one numbered change set (written at its end even
        if nothing changed). Writes outside such a block are each a change set of kind ``write``."""
        if self._change_set is not None:  # nested: the outer one records
            yield self._change_set
            return
        cs = ChangeSet(next_number(self._store), kind, note, by, corrections=corrections)
        self._change_set = cs
        try:
            yield cs
        except BaseException:
            self._change_set = None
            if cs.stored:  # what was written stays recorded; its end is when it stopped
                self._store.update(_insert_data(description_quads(cs, ended=now())))
            raise
        self._change_set = None
        self._store.update(_insert_data(description_quads(cs, ended=now())))
        cs.stored = True

    def apply_corrections(self, quads: list[ox.Quad], after: Overlay) -> Delta:
        """Write ``quads`` into the curation graph and make the merge what the corrections ``after``
        (which include them) say, in one transaction; returns what changed in the merge."""
        before = self.overlay
        change = GraphChange(v.CURATION_GRAPH, new=after.virtual(), old=before.virtual())
        delta = plan(self._store, [change], after, before)
        journal = self._journal(delta)
        update = f"DELETE DATA {{\n{_nt(delta.delete)}}} ;\n" if delta.delete else ""
        self._store.update(update + _insert_data([*quads, *journal], delta.insert))
        self._overlay = after
        return delta

    def _journal(self, delta: Delta, known: dict[str, GraphFacts] | None = None) -> list[ox.Quad]:
        if self._change_set is not None:
            return journal_quads(self._store, self._change_set, delta, known)
        implicit = ChangeSet(next_number(self._store), "write")
        quads = journal_quads(self._store, implicit, delta, known)
        return quads + description_quads(implicit, ended=now()) if quads else []

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
        new: list[PreparedGraph] = []
        changed: list[tuple[PreparedGraph, list[str]]] = []  # with the graphs it replaces
        claimed: set[str] = set()  # former graphs already taken over in this write
        latest = {g.doc: g for g in graphs}  # the same document twice in one batch: the last one wins
        for prepared in latest.values():
            g = ox.NamedNode(prepared.graph)
            old = self.content_hash(g)
            if old == prepared.digest:
                report.unchanged += 1
                continue
            report.quads_added += prepared.count
            replaced = [prepared.graph] if old is not None or self._has_graph(g) else []
            if not replaced:
                replaced = [f for f in prepared.former if f not in claimed and self._has_graph(_n(f))]
                claimed.update(replaced)
            if replaced:
                report.quads_removed += sum(max(self._count(ox.NamedNode(r)) - 1, 0) for r in replaced)
                report.replaced += 1
                changed.append((prepared, replaced))
            else:
                report.added += 1
                new.append(prepared)
        if changed:
            self._replace(changed)
        if new:
            self._add(new)
        return report

    def _replace(self, changed: list[tuple[PreparedGraph, list[str]]]) -> None:
        """Replace announcement graphs, and the merge with them, in one SPARQL update (one transaction).

        A graph replaced by its new version is written as the difference (DELETE DATA / INSERT DATA of
        the statements that differ: a store-wide resolution pass rewrites hundreds of graphs, a few
        statements each); the graphs of former keys are dropped. A graph with blank nodes (written by
        another tool) cannot be named in DELETE DATA: it is replaced by a SPARQL update of its own.
        """
        changes, dropped, removed, added = [], [], [], []
        for prepared, replaced in changed:
            new = canonical(_parse(prepared.nquads))
            if prepared.graph in replaced:
                old = source_quads(self._store, prepared.graph)
                if any(isinstance(x, ox.BlankNode) for q in old for x in (q.subject, q.object)):
                    self._store.update(_replace_graphs([(prepared, replaced)]))
                    continue
                kept, fresh = set(old), set(new)
                removed += [q for q in old if q not in fresh]
                added += [q for q in new if q not in kept]
            else:
                added += new
            changes.append(
                GraphChange(prepared.graph, new=new, old=old if prepared.graph in replaced else [])
            )
            for r in replaced:
                if r != prepared.graph:
                    changes.append(GraphChange(r, new=None))
                    dropped.append(r)
        if not changes:
            return
        delta = plan(self._store, changes, self.overlay)
        journal = self._journal(delta)
        deletes = [*removed, *(ox.Quad(t.subject, t.predicate, t.object) for t in delta.delete)]
        update = f"DELETE DATA {{\n{_quad_data(deletes)}}} ;\n" if deletes else ""
        update += "".join(f"DROP SILENT GRAPH <{r}> ;\n" for r in dropped)
        self._store.update(update + _insert_data([*added, *journal], delta.insert))

    def _add(self, new: list[PreparedGraph]) -> None:
        """Add new announcement graphs, and to the merge what they state, in one bulk load (atomic).

        Adding never takes anything out of the merge, so each graph adds its own statements, corrected
        (those the corrections leave alone, as they are: most, or all when there are none)."""
        overlay, merged, known = self.overlay, [], {}
        for p in new:
            if not overlay.touches_nquads(p.graph, p.nquads):
                merged.append(p.ntriples)
                known[p.graph] = p.graph_facts()
                continue
            quads = overlay.apply(p.graph, canonical(_parse(p.nquads)))
            merged.append(serialized([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES))
            known[p.graph] = graph_facts(quads).get(p.graph) or GraphFacts({"g": p.graph}, {})
        delta = Delta(insert={t for gf in known.values() for t in gf.facts})
        journal = self._journal(delta, known)
        extra = serialized(journal, format=ox.RdfFormat.N_QUADS) if journal else b""
        # N-Triples lines are N-Quads in the default graph
        self._store.bulk_load(
            b"".join([*(p.nquads for p in new), *merged, extra]), format=ox.RdfFormat.N_QUADS
        )

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
        old = source_quads(self._store, g.value)
        if any(isinstance(x, ox.BlankNode) for q in old for x in (q.subject, q.object)):  # another tool's
            self._store.update(_unmerge(g.value) + f"DROP GRAPH <{g.value}>")
            return True
        delta = plan(self._store, [GraphChange(g.value, new=None, old=old)], self.overlay)
        deletes = f"DELETE DATA {{\n{_nt(delta.delete)}}} ;\n" if delta.delete else ""
        journal = self._journal(delta)
        self._store.update(deletes + f"DROP GRAPH <{g.value}> ;\n" + _insert_data(journal, delta.insert))
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
                yield value(q.object)

    def quads(self, records: bool = True) -> Iterator[ox.Quad]:
        """The dataset as it goes out (exports, Neo4j): each announcement graph with the corrections
        applied, and the curation graph — what analysts assert and, with ``records``, the corrections."""
        for _, quads in self.graphs(records):
            yield from quads

    def graphs(self, records: bool = True) -> Iterator[tuple[str, Iterable[ox.Quad]]]:
        """:meth:`quads` graph by graph: (graph IRI, its quads), the announcement graphs by IRI, then the
        curation graph. Without corrections a graph's quads stream from the store (read them before the
        store changes)."""
        overlay, inner = self.overlay, self._store
        for g in sorted(inner.named_graphs(), key=lambda g: g.value):
            if is_source(g):
                quads = inner.quads_for_pattern(None, None, None, g)
                yield g.value, quads if overlay.empty else overlay.apply(g.value, list(quads))
        curation = overlay.virtual()
        if records:
            curation += inner.quads_for_pattern(None, None, None, _n(v.CURATION_GRAPH))
        yield v.CURATION_GRAPH, curation

    def raw_quads(self) -> Iterator[ox.Quad]:
        """The quads of the announcement graphs as extracted (the merged default graph is derived from
        them and the corrections)."""
        inner = self._store
        return (
            q
            for g in inner.named_graphs()
            if is_source(g)
            for q in inner.quads_for_pattern(None, None, None, g)
        )

    def triples(self) -> Iterator[ox.Triple]:
        """The merged graph: each statement once, whichever announcements make it."""
        if not has_merge(self._store):
            return iter({q.triple for q in self._store})
        return (q.triple for q in self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def __len__(self) -> int:
        """Statements in the announcement graphs (a statement made by two announcements counts twice)."""
        solutions = self._store.query(COUNT_NAMED)
        assert isinstance(solutions, ox.QuerySolutions)  # a SELECT's
        return int(value(next(iter(solutions))[0]))

    def _has_graph(self, g: ox.NamedNode) -> bool:
        return _first(self._store.quads_for_pattern(None, None, None, g)) is not None

    def _count(self, g: ox.NamedNode) -> int:
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None, g))


_SYSTEM = ", ".join(f"<{g}>" for g in sorted(v.SYSTEM_GRAPHS))
COUNT_NAMED = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN ({_SYSTEM})) }}"
MERGE_ALL = f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN ({_SYSTEM})) }}"


def has_merge(inner: ox.Store) -> bool:
    """Whether the default graph holds the merge (stores written by other tools, or before the merge
    was kept, have an empty default graph: the union of their named graphs stands in for it)."""
    return _first(inner.quads_for_pattern(None, None, None, ox.DefaultGraph())) is not None


class Dataset(TypedDict, total=False):
    """pyoxigraph's query arguments naming the dataset a query runs over."""

    use_default_graph_as_union: bool
    default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]
    named_graphs: list[ox.NamedNode | ox.BlankNode]


def default_dataset(inner: ox.Store) -> Dataset:
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
    digest = _digest(serialized(quads, format=ox.RdfFormat.N_QUADS))
    return [*quads, ox.Quad(g, CONTENT_HASH, ox.Literal(digest), g)]


def _digest(nquads: bytes) -> str:
    """The content hash of a graph's N-Quads: SHA-256 of its statements' lines, sorted (each without its
    closing " ."; UTF-8 sorts as the characters do, so the hash is the one of the terms' text, sorted)."""
    h = hashlib.sha256()
    for line in sorted(line[:-2] for line in nquads.splitlines()):
        h.update(line)
        h.update(b"\n")
    return h.hexdigest()


def _parse(nquads: bytes) -> list[ox.Quad]:
    return list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))


def _nt(triples: Iterable[ox.Triple]) -> str:
    """Triples as N-Triples text (which is SPARQL data syntax too)."""
    return serialized(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")


def _insert_data(quads: list[ox.Quad], merged: Iterable[ox.Triple] = ()) -> str:
    """An INSERT DATA operation: triples of the merge, and ``quads`` in their graphs."""
    return f"INSERT DATA {{\n{_nt(merged)}{_quad_data(quads)}}}"


def _quad_data(quads: Iterable[ox.Quad]) -> str:
    """SPARQL QuadData: each quad in its graph (N-Triples terms are SPARQL terms)."""
    by_graph: dict[str, list[ox.Triple]] = {}
    for q in quads:
        g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""
        by_graph.setdefault(g, []).append(q.triple)
    blocks = sorted(by_graph.items())
    return "".join(_nt(triples) if not g else f"GRAPH <{g}> {{\n{_nt(triples)}}}\n" for g, triples in blocks)


def _unmerge(g: str) -> str:
    """SPARQL update operations taking out of the merge the statements only graph ``g`` makes (for graphs
    with blank nodes, written by other tools, which DELETE DATA cannot name)."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{g}>) }} }} ;\n"
    )


def _replace_graphs(graphs: list[tuple[PreparedGraph, list[str]]]) -> str:
    """One SPARQL update that drops the graphs each announcement replaces and inserts its new quads, keeping
    the merge (without corrections or journal: for graphs other tools wrote with blank nodes)."""
    drops = "".join(f"{_unmerge(r)}DROP SILENT GRAPH <{r}> ;\n" for _, replaced in graphs for r in replaced)
    statements = [g.ntriples.decode("utf-8") for g, _ in graphs]  # N-Triples lines are SPARQL triples
    body = "\n".join(
        f"GRAPH <{g.graph}> {{\n{nt}}}\n{nt}" for (g, _), nt in zip(graphs, statements, strict=True)
    )
    return f"{drops}INSERT DATA {{\n{body}\n}}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
