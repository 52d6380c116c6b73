"""The ingest pipeline: sources → extraction (in worker processes) → store, streamed in batches.

Memory stays bounded whatever the input size: files are found lazily, at most ``jobs × WINDOW`` chunks of
documents are in flight, and the store is written every ``batch`` documents, each batch in one
atomic step (see :meth:`kg.store.Store.write`). Documents come back from the workers in input order, so
the graph does not depend on ``jobs``. A failed document is reported and skipped, never fatal.

>>> from kg.store import Store
>>> report = ingest(Store.in_memory(), [])
>>> report.summary()
'0 documents read: 0 ingested (0 new, 0 replaced), 0 unchanged, 0 failed; 0 statements added, 0 removed; \
change set 1: 0 facts added, 0 removed'
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
import urllib.error
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from kg.model import Document, Extraction
from kg.pool import map_ordered
from kg.rdf import graph_name
from kg.runs import IngestReport, read_path_list, source_file, write_failed_list, write_run_log
from kg.store import PreparedGraph, Store, announcement_quads

if TYPE_CHECKING:
    from loaders.web import FetchPolicy, WebSource

__all__ = [
    "BATCH",
    "DOC_TIMEOUT",
    "BatchObserver",
    "IngestReport",
    "Progress",
    "Sources",
    "default_jobs",
    "ingest",
    "iter_extractions",
    "open_web",
    "read_path_list",
    "scan_sources",
    "source_file",
    "write_failed_list",
    "write_graph_store",
    "write_run_log",
]

BATCH = 500  # documents per store write (one atomic step)
CHUNK = 32  # documents per task sent to a worker process
WINDOW = 4  # chunks in flight per worker: bounds memory, keeps workers busy
SMALL_INPUT = 64  # fewer files than this, and fewer bytes than SMALL_BYTES: one worker process is enough
SMALL_BYTES = 2 << 20  # (starting workers costs more); one large JSON Lines file is worth the workers
DOC_TIMEOUT = 30.0  # seconds one document may take to extract before it fails (kg ingest --doc-timeout)
COMPACT_AFTER = 500  # new announcements in a run before the store may be compacted at its end
FLUSH_EVERY = 2000  # documents written between store flushes (bounds the store's memory)

T = TypeVar("T")


@dataclass(frozen=True)
class Sources:
    """What to read and how: paths, the root document keys are relative to, links, the time limit; URLs,
    how to fetch them and where to remember them (:mod:`loaders.web`)."""

    paths: tuple[str | Path, ...]
    root: Path | None = None  # default: the current folder (kg ingest passes the store's folder)
    follow_symlinks: bool = False  # read links that lead outside the folder being ingested
    doc_timeout: float | None = DOC_TIMEOUT  # seconds per document; None: no limit (and no worker process)
    urls: tuple[str, ...] = ()  # pages and feeds to fetch, after the paths
    fetch: FetchPolicy | None = None  # how (default: the defaults of FetchPolicy)
    fetch_state: Path | None = None  # the SQLite file URLs are remembered in (None: this run only)

    @classmethod
    def of(cls, paths: Iterable[str | Path] | Sources) -> Sources:
        return paths if isinstance(paths, Sources) else cls(tuple(paths))


@dataclass(frozen=True)
class SourceScan:
    files: int
    bytes: int


@dataclass(frozen=True)
class Progress:
    """Where a run is: counts so far, and how much of the input (in bytes) has been read and written."""

    read: int
    ingested: int
    unchanged: int
    failed: int
    bytes_done: int
    bytes_total: int
    elapsed: float

    @property
    def rate(self) -> float:
        """Documents per second so far."""
        return self.read / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta(self) -> float | None:
        """Seconds left, estimated from the share of input bytes done; None before anything is done."""
        if not self.bytes_done or not self.bytes_total:
            return None
        return max(self.elapsed * (self.bytes_total - self.bytes_done) / self.bytes_done, 0.0)


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def scan_sources(sources: Iterable[str | Path] | Sources) -> SourceScan:
    """Count the files and bytes under ``paths`` (a cheap walk, for progress and ETA)."""
    from loaders.files import SourceFile
    from loaders.sources import find_files

    src = Sources.of(sources)
    files = size = 0
    for found in find_files(src.paths, src.root, src.follow_symlinks):
        if isinstance(found, SourceFile):
            files += 1
            try:
                size += found.real.stat().st_size
            except OSError:
                pass
    return SourceScan(files, size)


def iter_extractions(sources: Iterable[str | Path] | Sources, jobs: int = 1) -> Iterator[Any]:
    """Extractions and failures for every document under ``sources``, lazily, in input order."""
    from loaders.web import NotModified

    src = Sources.of(sources)
    with open_web(src) as web:
        for item, _ in _extracted(src, jobs, _extract_one, jobs * WINDOW, web):
            if not isinstance(item, NotModified):
                yield item


@contextmanager
def open_web(src: Sources) -> Iterator[WebSource | None]:
    """The web source of ``src``'s URLs (None when it has none), its state opened and closed with it."""
    if not src.urls:
        yield None
        return
    from loaders.web import FetchPolicy, FetchState, WebSource

    state = FetchState.open(src.fetch_state) if src.fetch_state else FetchState.in_memory()
    with state, WebSource(src.urls, src.fetch or FetchPolicy(), state) as web:
        yield web


def ingest(
    store: Store,
    sources: Iterable[str | Path] | Sources,
    on_progress: Callable[[Progress], None] | None = None,
    batch: int = BATCH,
    jobs: int = 1,
    observers: Sequence[BatchObserver] = (),
    note: str = "",
) -> IngestReport:
    """Extract every document under ``sources`` and write it to ``store`` in batches of ``batch`` documents.

    Documents are extracted in ``jobs`` worker processes (one for a small input), each document within
    ``sources.doc_timeout`` seconds; the store is written by this process only. Re-running after a crash
    finishes the rest: documents already in the store are skipped as unchanged. ``observers`` see each
    batch just before and just after it is written (what is new in it, say: :mod:`kg.watch`). The run is
    one change set of the store's journal (``note``: what started it, e.g. the command line).
    """
    src = Sources.of(sources)
    with store.change_set("ingest", note or "ingest") as cs, open_web(src) as web:
        seeing = [*observers, *([_Fetched(web)] if web is not None else [])]
        report = _ingest(store, src, web, seeing, on_progress, batch, jobs)
    report.change_set, report.facts_added, report.facts_removed = cs.number, cs.added, cs.removed
    return report


def _ingest(store: Store, src: Sources, web: WebSource | None, observers: list[BatchObserver],
            on_progress: Callable[[Progress], None] | None, batch: int,
            jobs: int) -> IngestReport:  # fmt: skip
    from loaders.files import Failure
    from loaders.web import NotModified

    start = time.monotonic()
    scan = scan_sources(src)
    if scan.files < SMALL_INPUT and scan.bytes < SMALL_BYTES:
        jobs = 1
    report = IngestReport()
    pending: dict[str, PreparedGraph] = {}
    seen: set[bytes] = set()

    def tell(bytes_done: int) -> None:
        if on_progress:
            w = report.written
            on_progress(Progress(report.read, w.added + w.replaced, w.unchanged, report.failed, bytes_done,
                                 scan.bytes, time.monotonic() - start))  # fmt: skip

    from kg.reconcile import curated_of, read_mentions, reconcile, write_known

    mentions: dict[str, list[Any]] = {}  # graph -> its mentions: the store's, then those this run writes
    for m in read_mentions(store):
        mentions.setdefault(m.graph, []).append(m)
    # resolve as the store-wide pass did (what analysts merged and split included)
    known = write_known((m for ms in mentions.values() for m in ms), curated=curated_of(store))
    writer = Flush(store, report, observers, mentions)
    # the store writes while the workers go on; what sees batches (web sources, kg watch) sees them here
    flush: Flush | Behind = writer if observers else Behind(writer)
    try:
        window = max(jobs * WINDOW, 2 * batch // CHUNK)  # workers keep extracting while a batch is written
        prepare_one = partial(_prepare_one, known)
        for n, (item, done) in enumerate(_extracted(src, jobs, prepare_one, window, web), 1):
            report.read += 1
            if isinstance(item, Failure):
                report.failures.append((item.path, item.message))
            elif isinstance(item, NotModified):
                report.not_modified += 1
            else:
                key = hashlib.blake2b(item.doc.encode("utf-8"), digest_size=12).digest()
                if key in seen:
                    report.duplicates.append(item.doc)
                seen.add(key)
                if item.doc in pending:  # the later one wins, as it would in a later batch
                    del pending[item.doc]
                pending[item.doc] = item
                if len(pending) >= batch:
                    flush(pending)
            if n % CHUNK == 0:
                tell(done)
        flush(pending)
        flush.wait()
    finally:
        flush.wait(quietly=True)  # never leave a batch half-handed to the store when the run stops
        if known:
            os.unlink(known)
    # aliases stated in one announcement reach the others (the store's mentions are known: no second read)
    report.resolution = reconcile(store, mentions=[m for ms in mentions.values() for m in ms])
    if report.written.added >= COMPACT_AFTER and report.written.added * 10 >= store.announcements():
        began = time.monotonic()
        store.compact()  # the run grew the store by a tenth or more: amortized, like a log-structured merge
        report.compact_seconds = time.monotonic() - began
    report.seconds = time.monotonic() - start
    tell(scan.bytes)
    return report


def _extracted(src: Sources, jobs: int, fn: Callable, window: int,
               web: WebSource | None) -> Iterator[tuple[Any, int]]:  # fmt: skip
    """(``fn``'s result or a failure, input bytes done) per document, in input order."""
    chunks = _chunks(_read(src, web), CHUNK)
    limit = src.doc_timeout
    for chunk in map_ordered(
        fn, chunks, jobs, on_fail=_failed, window=window, item_timeout=limit, warm=_warm
    ):
        yield from chunk


def _warm() -> None:
    """Runs in each worker before its first document: imports are not a document's time."""
    import kg.store  # noqa: F401
    import loaders.extraction  # noqa: F401


def _read(src: Sources, web: WebSource | None) -> Iterator[tuple[Any, int]]:
    """Every item read under the sources, each with the input bytes done before its file; then what the
    URLs bring."""
    from loaders.files import Failure
    from loaders.sources import find_files, read_file

    done = 0
    for found in find_files(src.paths, src.root, src.follow_symlinks):
        if isinstance(found, Failure):
            yield found, done
            continue
        yield from ((item, done) for item in read_file(found))
        try:
            done += found.real.stat().st_size
        except OSError:
            pass
    if web is not None:
        yield from ((item, done) for item in web.read())


def _chunks(items: Iterator[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _extract_one(pair: tuple[Any, int]) -> tuple[Any, int]:
    """Runs in a worker: extract a document; records and failures pass through."""
    from loaders.sources import extract_one

    item, done = pair
    return (extract_one(item) if isinstance(item, Document) else item), done


def _prepare_one(known: str | None, pair: tuple[Any, int]) -> tuple[Any, int]:
    """Runs in a worker: extract, resolve (with the store's clusters in the file ``known``, if any), map to
    RDF and serialize, so the writer only has to store; the graph's mentions go with it."""
    from kg.identity import resolve
    from kg.reconcile import load_known, mentions_in
    from kg.store import announcement_quads, prepare_quads
    from loaders.files import Failure

    document = pair[0]
    item, done = _extract_one(pair)
    if isinstance(item, Extraction):
        former = document.former_keys if isinstance(document, Document) else ()
        try:
            quads = announcement_quads(resolve(item, known=load_known(known) if known else None))
            prepared = prepare_quads(item.doc, quads, former)
            item = replace(prepared, mentions=tuple(mentions_in(quads)))
        except Exception as exc:  # a record the RDF mapping cannot take must not stop the batch
            message = f"cannot map to RDF: {type(exc).__name__}: {str(exc).strip()[:200]}"
            item = Failure(item.source.get("path") or item.doc, " ".join(message.split()))
    return item, done


def _failed(pair: tuple[Any, int], reason: str) -> tuple[Any, int]:
    """The result for a document whose extraction overran its time or killed its worker process."""
    from loaders.files import Failure

    item, done = pair
    where = getattr(item, "path", None) or getattr(item, "doc", None) or "?"
    return Failure(where, f"extraction {reason}"), done


class BatchObserver(Protocol):
    """Sees each batch of announcement graphs an ingest run writes, just before and just after."""

    def before(self, store: Store, graphs: list[PreparedGraph]) -> None: ...

    def after(self, store: Store, graphs: list[PreparedGraph]) -> None: ...


@dataclass
class _Fetched:
    """Tells the web source which documents are safe in the store, so it remembers their URLs."""

    web: WebSource

    def before(self, store: Store, graphs: list[PreparedGraph]) -> None:
        pass

    def after(self, store: Store, graphs: list[PreparedGraph]) -> None:
        self.web.written(g.doc for g in graphs)


@dataclass
class Flush:
    """Writes a batch, shown to the observers just before and just after."""

    store: Store
    report: IngestReport
    observers: Sequence[BatchObserver] = ()
    mentions: dict[str, list[Any]] = field(default_factory=dict)  # graph -> its mentions (kg.reconcile)

    def __call__(self, pending: dict[str, PreparedGraph]) -> None:
        if not pending:
            return
        graphs = list(pending.values())
        for observer in self.observers:
            observer.before(self.store, graphs)
        w = self.store.write_prepared(graphs)
        for prepared in graphs:  # written or unchanged: the store's graph is the prepared one
            self.mentions[prepared.graph] = list(prepared.mentions)
        total = self.report.written
        before = total.added + total.replaced
        for name, value in asdict(w).items():
            setattr(total, name, getattr(total, name) + value)
        if (total.added + total.replaced) // FLUSH_EVERY != before // FLUSH_EVERY:
            self.store.flush()
        for observer in self.observers:
            observer.after(self.store, graphs)
        pending.clear()

    def wait(self, quietly: bool = False) -> None:
        """Every batch is written when its call returns: nothing to wait for."""


class Behind:
    """Writes each batch in a thread of its own while the run goes on: the parent keeps handing documents to
    the workers and taking their results while the store writes (one batch at a time, in order; a batch's
    error is raised at the next batch or at :meth:`wait`)."""

    def __init__(self, flush: Flush) -> None:
        self.flush = flush
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None

    def __call__(self, pending: dict[str, PreparedGraph]) -> None:
        self.wait()
        if not pending:
            return
        batch = dict(pending)
        pending.clear()
        self.thread = threading.Thread(target=self._write, args=(batch,), name="kg-writer", daemon=True)
        self.thread.start()

    def _write(self, batch: dict[str, PreparedGraph]) -> None:
        try:
            self.flush(batch)
        except BaseException as exc:  # handed to the run's thread, which raises it
            self.error = exc

    def wait(self, quietly: bool = False) -> None:
        """Wait for the batch being written; raise its error (unless ``quietly``: the run already failed)."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        error, self.error = self.error, None
        if error is not None and not quietly:
            raise error


def write_graph_store(
    sources: Iterable[str | Path] | Sources, endpoint: str, timeout: float = 60.0
) -> IngestReport:
    """Read and extract the documents under ``paths`` and PUT each announcement's graph to a SPARQL 1.1
    Graph Store Protocol endpoint (e.g. ``http://host:7878/store``).

    Each PUT replaces one named graph, atomically and idempotently, so many processes or machines may run
    this at once, each on its own share of the files (see docs/scaling.md). ``written.added`` counts graphs.
    Each announcement is resolved on its own (registry, its own statements); run ``kg resolve`` on the
    server's store for the store-wide pass.
    """
    from kg.sinks.graph_store import put_graph  # here: urllib's HTTP client would slow `kg --help`
    from loaders.files import Failure

    report = IngestReport()
    start = time.monotonic()
    for item in iter_extractions(sources):
        report.read += 1
        if isinstance(item, Failure):
            report.failures.append((item.path, item.message))
            continue
        quads = announcement_quads(item)
        try:
            put_graph(endpoint, graph_name(item.doc).value, (q.triple for q in quads), timeout)
        except (urllib.error.URLError, OSError) as exc:
            report.failures.append((item.doc, f"graph store refused the graph: {exc}"))
            continue
        report.written.added += 1
        report.written.quads_added += len(quads) - 1
    report.seconds = time.monotonic() - start
    return report
