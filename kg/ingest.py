"""The ingest pipeline: sources → extraction (in worker processes) → store, streamed in batches.

Memory stays bounded whatever the input size: files are found lazily, at most ``jobs × WINDOW`` chunks of
documents are in flight, and the store is written every ``batch`` documents, each batch in one
atomic step (see :meth:`kg.store.Store.write`). Documents come back from the workers in input order, so
the graph does not depend on ``jobs``. A failed document is reported and skipped, never fatal.

>>> from kg.store import Store
>>> report = ingest(Store.in_memory(), [])
>>> report.summary()
'0 documents read: 0 ingested (0 new, 0 replaced), 0 unchanged, 0 failed; 0 statements added, 0 removed'
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from kg.model import Extraction
from kg.store import PreparedGraph, Store, WriteReport

__all__ = [
    "BATCH",
    "IngestReport",
    "Progress",
    "default_jobs",
    "ingest",
    "iter_extractions",
    "map_ordered",
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
SMALL_INPUT = 64  # fewer files than this, and fewer bytes than SMALL_BYTES: extract and resolve in-process
SMALL_BYTES = 2 << 20  # (starting workers costs more); one large JSON Lines file is worth the workers
COMPACT_AFTER = 500  # new announcements in a run before the store may be compacted at its end
FLUSH_EVERY = 2000  # documents written between store flushes (bounds the store's memory)

T = TypeVar("T")
R = TypeVar("R")


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


@dataclass
class IngestReport:
    read: int = 0  # documents (and records) read, failed ones included
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    duplicates: list[str] = field(default_factory=list)  # document keys met again in this run
    written: WriteReport = field(default_factory=WriteReport)
    seconds: float = 0.0
    compact_seconds: float | None = None  # set when the run compacted the store at its end
    resolution: Any = None  # kg.reconcile.ResolutionReport: the store-wide resolution pass at the end

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def ingested(self) -> int:
        return self.written.added + self.written.replaced

    @property
    def unchanged(self) -> int:
        return self.written.unchanged

    def summary(self) -> str:
        w = self.written
        return (
            f"{self.read} documents read: {self.ingested} ingested ({w.added} new, {w.replaced} replaced), "
            f"{w.unchanged} unchanged, {self.failed} failed; "
            f"{w.quads_added} statements added, {w.quads_removed} removed"
        )

    def to_dict(self) -> dict[str, Any]:
        """The run report as JSON-ready data (for the run log beside the store)."""
        return {
            "read": self.read,
            "ingested": self.ingested,
            "added": self.written.added,
            "replaced": self.written.replaced,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "statements_added": self.written.quads_added,
            "compact_seconds": self.compact_seconds,
            "statements_removed": self.written.quads_removed,
            "seconds": round(self.seconds, 3),
            "failures": [{"path": p, "reason": m} for p, m in self.failures],
            "duplicates": self.duplicates,
        }


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def scan_sources(paths: Iterable[str | Path]) -> SourceScan:
    """Count the files and bytes under ``paths`` (a cheap walk, for progress and ETA)."""
    from loaders.sources import iter_files

    files = size = 0
    for path in iter_files(paths):
        if isinstance(path, Path):
            files += 1
            try:
                size += path.stat().st_size
            except OSError:
                pass
    return SourceScan(files, size)


def iter_extractions(paths: Iterable[str | Path], jobs: int = 1) -> Iterator[Any]:
    """Extractions and failures for every document under ``paths``, lazily, in input order."""
    for item, _ in _extracted(paths, jobs, _extract_chunk, jobs * WINDOW):
        yield item


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    on_progress: Callable[[Progress], None] | None = None,
    batch: int = BATCH,
    jobs: int = 1,
) -> IngestReport:
    """Extract every document under ``paths`` and write it to ``store`` in batches of ``batch`` documents.

    ``jobs`` > 1 extracts in that many worker processes; the store is written by this process only.
    Re-running after a crash finishes the rest: documents already in the store are skipped as unchanged.
    """
    from loaders import Failure

    paths = list(paths)
    start = time.monotonic()
    scan = scan_sources(paths)
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

    from kg.reconcile import read_mentions, reconcile, write_known

    mentions = {}  # graph -> its mentions: the store's, then those of the graphs this run writes
    for m in read_mentions(store):
        mentions.setdefault(m.graph, []).append(m)
    known = write_known(m for ms in mentions.values() for m in ms)  # resolve as the store-wide pass did
    try:
        window = max(jobs * WINDOW, 2 * batch // CHUNK)  # workers keep extracting while a batch is written
        prepare_chunk = partial(_prepare_chunk, known)
        for n, (item, done) in enumerate(_extracted(paths, jobs, prepare_chunk, window), 1):
            report.read += 1
            if isinstance(item, Failure):
                report.failures.append((item.path, item.message))
            else:
                key = hashlib.blake2b(item.doc.encode("utf-8"), digest_size=12).digest()
                if key in seen:
                    report.duplicates.append(item.doc)
                seen.add(key)
                if item.doc in pending:  # the later one wins, as it would in a later batch
                    del pending[item.doc]
                pending[item.doc] = item
                if len(pending) >= batch:
                    _flush(store, pending, report, mentions)
            if n % CHUNK == 0:
                tell(done)
        _flush(store, pending, report, mentions)
    finally:
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


def _extracted(
    paths: Iterable[str | Path], jobs: int, fn: Callable, window: int
) -> Iterator[tuple[Any, int]]:
    """(``fn``'s result or a failure, input bytes done) per document, in input order."""
    chunks = _chunks(_read(paths), CHUNK)
    for chunk in map_ordered(fn, chunks, jobs, isolate=_extract_alone, window=window):
        yield from chunk


def _read(paths: Iterable[str | Path]) -> Iterator[tuple[Any, int]]:
    """Every item read under ``paths``, each with the input bytes done before its file."""
    from loaders.sources import iter_files, read_file

    done = 0
    for path in iter_files(paths):
        if not isinstance(path, Path):
            yield path, done
            continue
        yield from ((item, done) for item in read_file(path))
        try:
            done += path.stat().st_size
        except OSError:
            pass


def _chunks(items: Iterator[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _extract_chunk(chunk: list[tuple[Any, int]]) -> list[tuple[Any, int]]:
    """Runs in a worker: extract the documents of one chunk; records and failures pass through."""
    from loaders import to_extractions

    results = to_extractions(item for item, _ in chunk)
    return [(result, done) for result, (_, done) in zip(results, chunk, strict=True)]


def _prepare_chunk(known: str | None, chunk: list[tuple[Any, int]]) -> list[tuple[Any, int]]:
    """Runs in a worker: extract, resolve (with the store's clusters in the file ``known``, if any), map to
    RDF and serialize, so the writer only has to store; the graph's mentions go with it."""
    from kg.identity import resolve
    from kg.reconcile import load_known, mentions_in
    from kg.store import announcement_quads, prepare_quads
    from loaders import Failure

    clusters = load_known(known) if known else None
    out = []
    for item, done in _extract_chunk(chunk):
        if isinstance(item, Extraction):
            try:
                quads = announcement_quads(resolve(item, known=clusters))
                item = replace(prepare_quads(item.doc, quads), mentions=tuple(mentions_in(quads)))
            except Exception as exc:  # a record the RDF mapping cannot take must not stop the batch
                message = f"cannot map to RDF: {type(exc).__name__}: {str(exc).strip()[:200]}"
                item = Failure(item.source.get("path") or item.doc, " ".join(message.split()))
        out.append((item, done))
    return out


def _extract_alone(pair: tuple[Any, int], error: BaseException) -> tuple[Any, int]:
    """The result for a document whose extraction killed its worker process (a crash, not an exception)."""
    from loaders import Failure

    item, done = pair
    where = getattr(item, "path", None) or getattr(item, "doc", None) or "?"
    return Failure(where, f"extraction crashed its worker process ({type(error).__name__})"), done


def map_ordered(
    fn: Callable[[list[T]], list[R]],
    chunks: Iterable[list[T]],
    jobs: int,
    isolate: Callable[[T, BaseException], R] | None = None,
    window: int | None = None,
) -> Iterator[list[R]]:
    """``map(fn, chunks)`` over ``jobs`` processes, lazily, in order, with at most ``window`` (default
    ``jobs × WINDOW``) chunks in flight. When a worker dies (a crash, not an exception), the chunks in
    flight are retried one item at a time in a fresh pool; an item that kills a worker again becomes
    ``isolate(item, error)``.

    >>> list(map_ordered(lambda c: [x * 2 for x in c], [[1, 2], [3]], jobs=1))
    [[2, 4], [6]]
    """
    if jobs <= 1:
        yield from map(fn, chunks)
        return
    pool = _pool(jobs)
    inflight: deque[tuple[list[T], Future[list[R]]]] = deque()
    try:
        for chunk in chunks:
            inflight.append((chunk, _submit(pool, fn, chunk)))
            while len(inflight) >= (window or jobs * WINDOW):
                pool = yield from _next_result(pool, inflight, fn, jobs, isolate)
        while inflight:
            pool = yield from _next_result(pool, inflight, fn, jobs, isolate)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _submit(pool: ProcessPoolExecutor, fn: Callable[[list[T]], list[R]], chunk: list[T]) -> Future[list[R]]:
    """``pool.submit``; a pool a worker's crash has already broken gives a failed future instead of raising,
    so the chunk is retried in order with the others in flight."""
    try:
        return pool.submit(fn, chunk)
    except BrokenProcessPool as exc:
        failed: Future[list[R]] = Future()
        failed.set_exception(exc)
        return failed


def _next_result(pool, inflight, fn, jobs, isolate):  # type: ignore[no-untyped-def]
    chunk, future = inflight[0]
    try:
        result = future.result()
    except BrokenProcessPool as exc:
        if isolate is None:
            raise
        pool.shutdown(wait=True, cancel_futures=True)
        pool = _pool(jobs)
        broken = [c for c, _ in inflight]
        inflight.clear()
        for chunk in broken:
            results = []
            for item in chunk:
                try:
                    results += pool.submit(fn, [item]).result()
                except BrokenProcessPool:
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool = _pool(jobs)
                    results.append(isolate(item, exc))
            yield results
        return pool
    inflight.popleft()
    yield result
    return pool


def _pool(jobs: int) -> ProcessPoolExecutor:
    """Worker processes started fresh (never forked from this one, which holds the store's open files and
    threads); each exits on its own if this process dies (a SIGKILL leaves no orphan workers behind)."""
    import multiprocessing as mp

    return ProcessPoolExecutor(max_workers=jobs, mp_context=mp.get_context("spawn"),
                               initializer=_watch_parent, initargs=(os.getpid(),))  # fmt: skip


def _watch_parent(parent: int) -> None:
    """Runs in each worker: a daemon thread that ends the worker once ``parent`` is gone."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:  # re-parented (to init or a subreaper) once the parent has died
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="kg-watch-parent", daemon=True).start()


def _flush(store: Store, pending: dict[str, PreparedGraph], report: IngestReport, mentions: dict) -> None:
    if not pending:
        return
    w = store.write_prepared(pending.values())
    for prepared in pending.values():  # written or unchanged: the store's graph is the prepared one
        mentions[prepared.graph] = list(prepared.mentions)
    total = report.written
    before = total.added + total.replaced
    for name, value in asdict(w).items():
        setattr(total, name, getattr(total, name) + value)
    if (total.added + total.replaced) // FLUSH_EVERY != before // FLUSH_EVERY:
        store.flush()
    pending.clear()


def write_run_log(report: IngestReport, folder: str | Path, argv: list[str] | None = None) -> Path:
    """Write the run report as JSON into ``folder`` (beside the store, never inside the graph); its path."""
    import json
    from datetime import UTC, datetime

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    path = folder / f"ingest-{stamp}.json"
    data = {"finished": stamp, "argv": argv, **report.to_dict()}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def write_failed_list(report: IngestReport, path: str | Path) -> Path:
    """Write the files that failed, one path per line, to re-run with ``kg ingest --paths-from PATH``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    files = dict.fromkeys(source_file(where) for where, _ in report.failures)
    path.write_text("".join(f"{f}\n" for f in files), encoding="utf-8")
    return path


def source_file(where: str) -> str:
    """The file a failure came from: ``data.jsonl:12`` → ``data.jsonl``, ``a.json[3]`` → ``a.json``.

    >>> source_file("dumps/2024.jsonl:12")
    'dumps/2024.jsonl'
    """
    import re

    if Path(where).exists():
        return where
    stripped = re.sub(r"(:\d+|\[\d+\]|#[^/]*)$", "", where)
    return stripped


def read_path_list(path: str | Path) -> list[str]:
    """Paths listed one per line in a file ('-' for stdin); blank lines and '#' comments are skipped."""
    import sys

    from kg.errors import InputError

    try:
        text = sys.stdin.read() if str(path) == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path}: cannot read the list of paths: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def write_graph_store(paths: Iterable[str | Path], endpoint: str, timeout: float = 60.0) -> IngestReport:
    """Read and extract the documents under ``paths`` and PUT each announcement's graph to a SPARQL 1.1
    Graph Store Protocol endpoint (e.g. ``http://host:7878/store``).

    Each PUT replaces one named graph, atomically and idempotently, so many processes or machines may run
    this at once, each on its own share of the files (see docs/scaling.md). ``written.added`` counts graphs.
    Each announcement is resolved on its own (registry, its own statements); run ``kg resolve`` on the
    server's store for the store-wide pass.
    """
    import urllib.error
    import urllib.parse
    import urllib.request

    import pyoxigraph as ox

    from kg.rdf import graph_name
    from kg.store import announcement_quads
    from loaders import Failure

    report = IngestReport()
    start = time.monotonic()
    for item in iter_extractions(paths):
        report.read += 1
        if isinstance(item, Failure):
            report.failures.append((item.path, item.message))
            continue
        quads = announcement_quads(item)
        body = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                            format=ox.RdfFormat.N_TRIPLES)  # fmt: skip
        url = f"{endpoint}?graph={urllib.parse.quote(graph_name(item.doc).value, safe='')}"
        request = urllib.request.Request(url, data=body, method="PUT",
                                         headers={"Content-Type": "application/n-triples"})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                pass
        except (urllib.error.URLError, OSError) as exc:
            report.failures.append((item.doc, f"graph store refused the graph: {exc}"))
            continue
        report.written.added += 1
        report.written.quads_added += len(quads) - 1
    report.seconds = time.monotonic() - start
    return report
