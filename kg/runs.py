"""Run reports: what an ingest did (:class:`IngestReport`), the JSON log written beside the store, and the
list of failed files to run again (``kg ingest --paths-from``).

>>> source_file("dumps/2024.jsonl:12")
'dumps/2024.jsonl'
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.store import WriteReport
from loaders.files import is_url

__all__ = ["IngestReport", "read_path_list", "source_file", "write_failed_list", "write_run_log"]


@dataclass
class IngestReport:
    read: int = 0  # documents (and records) read, failed ones included
    not_modified: int = 0  # URLs with nothing new (a 304, or the same text as last time)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    duplicates: list[str] = field(default_factory=list)  # document keys met again in this run
    written: WriteReport = field(default_factory=WriteReport)
    seconds: float = 0.0
    compact_seconds: float | None = None  # set when the run compacted the store at its end
    resolution: Any = None  # kg.reconcile.ResolutionReport: the store-wide resolution pass at the end
    change_set: int | None = None  # the run's number in the change journal (kg changes)
    facts_added: int = 0  # facts the run added to the merged graph, and removed
    facts_removed: int = 0

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def ingested(self) -> int:
        return self.written.added + self.written.replaced

    @property
    def unchanged(self) -> int:
        return self.written.unchanged + self.not_modified

    def summary(self) -> str:
        w = self.written
        out = (
            f"{self.read} documents read: {self.ingested} ingested ({w.added} new, {w.replaced} replaced), "
            f"{self.unchanged} unchanged, {self.failed} failed; "
            f"{w.quads_added} statements added, {w.quads_removed} removed"
        )
        if self.change_set is not None:
            facts = f"{self.facts_added} facts added, {self.facts_removed} removed"
            out += f"; change set {self.change_set}: {facts}"
        return out

    def to_dict(self) -> dict[str, Any]:
        """The run report as JSON-ready data (for the run log beside the store)."""
        return {
            "read": self.read,
            "ingested": self.ingested,
            "added": self.written.added,
            "replaced": self.written.replaced,
            "unchanged": self.unchanged,
            "not_modified": self.not_modified,
            "failed": self.failed,
            "statements_added": self.written.quads_added,
            "compact_seconds": self.compact_seconds,
            "statements_removed": self.written.quads_removed,
            "seconds": round(self.seconds, 3),
            "failures": [{"path": p, "reason": m} for p, m in self.failures],
            "duplicates": self.duplicates,
            "change_set": self.change_set,
            "facts_added": self.facts_added,
            "facts_removed": self.facts_removed,
        }


def write_run_log(report: IngestReport, folder: str | Path, argv: list[str] | None = None) -> Path:
    """Write the run report as JSON into ``folder`` (beside the store, never inside the graph); its path."""
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
    >>> source_file("https://news.test:8443/a#b")
    'https://news.test:8443/a#b'
    """
    if is_url(where) or Path(where).exists():
        return where
    stripped = re.sub(r"(:\d+|\[\d+\]|#[^/]*)$", "", where)
    return stripped


def read_path_list(path: str | Path) -> list[str]:
    """Paths listed one per line in a file ('-' for stdin); blank lines and '#' comments are skipped."""
    try:
        text = sys.stdin.read() if str(path) == "-" else Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path}: cannot read the list of paths: {getattr(exc, 'strerror', None) or exc}"
        ) from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
