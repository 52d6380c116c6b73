"""The ingest pipeline: sources → extraction → store, in batches; failures are reported, never fatal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import Extraction
from kg.store import Store, WriteReport

__all__ = ["IngestReport", "ingest", "iter_extractions"]

BATCH = 200


@dataclass
class IngestReport:
    read: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    written: WriteReport = field(default_factory=WriteReport)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        w = self.written
        return (
            f"{self.read} documents read: {w.added} added, {w.replaced} replaced, {w.unchanged} unchanged, "
            f"{self.failed} failed; {w.quads_added} quads added, {w.quads_removed} removed"
        )


def iter_extractions(paths: Iterable[str | Path]):
    """Extractions and failures for every document under ``paths`` (lazy)."""
    from loaders import read_sources, to_extractions

    return to_extractions(read_sources(paths))


def ingest(
    store: Store,
    paths: Iterable[str | Path],
    on_item: Callable[[Extraction | None, str | None], None] | None = None,
    batch: int = BATCH,
) -> IngestReport:
    """Extract every document under ``paths`` and write it to ``store`` in batches of ``batch``."""
    from loaders import Failure

    report = IngestReport()
    pending: dict[str, Extraction] = {}
    for item in iter_extractions(paths):
        report.read += 1
        if isinstance(item, Failure):
            report.failures.append((item.path, item.message))
            if on_item:
                on_item(None, str(item))
            continue
        pending[item.doc] = item  # a duplicate document in one run: the last one wins
        if on_item:
            on_item(item, None)
        if len(pending) >= batch:
            _flush(store, pending, report)
    _flush(store, pending, report)
    return report


def _flush(store: Store, pending: dict[str, Extraction], report: IngestReport) -> None:
    if not pending:
        return
    w = store.write(pending.values())
    total = report.written
    total.added += w.added
    total.replaced += w.replaced
    total.unchanged += w.unchanged
    total.quads_added += w.quads_added
    total.quads_removed += w.quads_removed
    pending.clear()
