"""``kg watch``: poll feeds, ingest what is new, and say what is new: each new announcement, each new fact.

What is new is read off each batch an ingest run writes (:class:`NewsCollector`, an ingest
:class:`~kg.pipeline.BatchObserver`): an announcement the store did not hold, and a relation statement
(``contracts_with``, ``operates``, ...) the merged graph did not hold; a line is told only once its batch is
written. When change sets are recorded per run (``kg changes``), they can stand in for this source without
changing the lines.

>>> Change("fact", "url:https://n.test/a", subject="Acme", predicate="operates", object="Ohio plant").line()
'new fact: Acme operates Ohio plant (url:https://n.test/a)'
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import vocab as v
from kg.pipeline import IngestReport, Sources, ingest, write_run_log
from kg.store import PreparedGraph, Store
from kg.terms import value

__all__ = ["Change", "NewsCollector", "parse_every", "watch"]

_RELATIONS = {rel.rdf: name for name, rel in v.RELATIONS.items()}
_LABEL = ox.NamedNode(v.LABEL)
_SOURCE_URL = ox.NamedNode(v.SOURCE_URL)


@dataclass(frozen=True)
class Change:
    """One thing new in the graph: an announcement, or a fact (by the labels of what it links)."""

    kind: str  # "announcement" | "fact"
    doc: str
    title: str | None = None
    url: str | None = None
    subject: str | None = None
    predicate: str | None = None  # as in extraction records: contracts_with, operates, ...
    object: str | None = None

    def line(self) -> str:
        if self.kind == "announcement":
            return f"new announcement: {self.title or self.doc} ({self.url or self.doc})"
        return (
            f"new fact: {self.subject} {(self.predicate or '').replace('_', ' ')} {self.object} ({self.doc})"
        )

    def to_row(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class NewsCollector:
    """Finds what each batch adds before it is written; hands it to ``tell`` once it is."""

    tell: Callable[[Change], None]
    _staged: list[Change] = field(default_factory=list)

    def before(self, store: Store, graphs: list[PreparedGraph]) -> None:
        self._staged = new_in(store, graphs)

    def after(self, store: Store, graphs: list[PreparedGraph]) -> None:
        for change in self._staged:
            self.tell(change)
        self._staged = []


def new_in(store: Store, graphs: list[PreparedGraph]) -> list[Change]:
    """What ``graphs`` would add to ``store``: announcements it lacks, relation statements it lacks (the
    analysts' corrections applied, as the merged graph applies them)."""
    out: list[Change] = []
    stated: set[ox.Triple] = set()
    for g in graphs:
        name = ox.NamedNode(g.graph)
        before = store.content_hash(name)
        if before == g.digest:
            continue
        quads = list(ox.parse(g.nquads, format=ox.RdfFormat.N_QUADS))
        triples = [q.triple for q in store.overlay.apply(g.graph, quads)]  # a rejected fact is no news
        labels: dict[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, str] = {
            t.subject: value(t.object) for t in triples if t.predicate == _LABEL
        }
        if before is None:
            url = next(
                (value(t.object) for t in triples if t.subject == name and t.predicate == _SOURCE_URL), None
            )
            out.append(Change("announcement", g.doc, title=labels.get(name), url=url))
        for t in triples:
            predicate = _RELATIONS.get(t.predicate.value)
            if predicate is None or t in stated or store.holds(t):
                continue
            stated.add(t)
            subject, obj = labels.get(t.subject, value(t.subject)), labels.get(t.object, value(t.object))
            out.append(Change("fact", g.doc, subject=subject, predicate=predicate, object=obj))
    return out


def watch(store_path: Path, sources: Sources, every: float, tell: Callable[[Change], None],
          polled: Callable[[int, IngestReport], None], stop: threading.Event | None = None,
          polls: int | None = None, jobs: int = 1, argv: list[str] | None = None) -> int:  # fmt: skip
    """Ingest ``sources`` into the store at ``store_path`` every ``every`` seconds until ``stop`` is set
    (or ``polls`` polls are done); each new thing to ``tell``, each poll's report to ``polled``. The store
    is opened for each poll only, so other commands can write it in between. Returns the polls made."""
    stop = stop or threading.Event()
    done = 0
    while not stop.is_set():
        with Store.open(store_path) as store:
            report = ingest(store, sources, jobs=jobs, observers=[NewsCollector(tell)])
        write_run_log(report, store_path / "runs", argv)
        done += 1
        polled(done, report)
        if polls is not None and done >= polls:
            break
        stop.wait(every)
    return done


def parse_every(text: str) -> float:
    """Seconds in ``15m``, ``1h``, ``30s``, ``90`` (seconds); a ValueError for anything else.

    >>> parse_every("15m"), parse_every("1.5h"), parse_every("45")
    (900.0, 5400.0, 45.0)
    """
    value = text.strip().lower()
    scale = {"s": 1, "m": 60, "h": 3600, "d": 86400}.get(value[-1:], None)
    number = value[:-1] if scale else value
    seconds = float(number) * (scale or 1)
    if not seconds > 0:
        raise ValueError(f"not a positive duration: {text!r}")
    return seconds
