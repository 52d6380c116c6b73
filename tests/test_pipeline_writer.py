"""The writer thread of an ingest run (kg.pipeline.Behind): batches are written one at a time and in order,
a batch's error reaches the run, and nothing is still being written when the run has stopped."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from kg.pipeline import Behind


class _Recorder:
    """Stands where kg.pipeline.Flush stands: records each batch it is given, slowly, in its thread."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.batches: list[list[str]] = []
        self.threads: set[str] = set()
        self.fail_on = fail_on
        self.busy = threading.Lock()
        self.overlapped = False

    def __call__(self, pending: dict[str, Any]) -> None:
        if not self.busy.acquire(blocking=False):
            self.overlapped = True
            return
        try:
            time.sleep(0.05)
            self.threads.add(threading.current_thread().name)
            if self.fail_on in pending:
                raise RuntimeError(f"store refused {self.fail_on}")
            self.batches.append(list(pending))
        finally:
            self.busy.release()

    def wait(self, quietly: bool = False) -> None:
        pass


def test_batches_are_written_in_order_one_at_a_time_in_another_thread() -> None:
    recorder = _Recorder()
    behind = Behind(recorder)  # type: ignore[arg-type]
    pending: dict[str, Any] = {}
    for n in range(5):
        pending.update({f"doc{n}a": 1, f"doc{n}b": 2})
        behind(pending)
        assert pending == {}  # handed over: the run fills a new batch meanwhile
    behind.wait()
    assert recorder.batches == [[f"doc{n}a", f"doc{n}b"] for n in range(5)]
    assert not recorder.overlapped
    assert recorder.threads == {"kg-writer"}


def test_a_batch_error_reaches_the_run_and_later_batches_wait_for_it() -> None:
    recorder = _Recorder(fail_on="bad")
    behind = Behind(recorder)  # type: ignore[arg-type]
    behind({"bad": 1})
    with pytest.raises(RuntimeError, match="store refused bad"):
        behind({"good": 2})
    behind.wait()
    assert recorder.batches == []


def test_a_stopped_run_waits_for_the_batch_being_written_without_raising_again() -> None:
    recorder = _Recorder(fail_on="bad")
    behind = Behind(recorder)  # type: ignore[arg-type]
    behind({"bad": 1})
    behind.wait(quietly=True)  # the run already failed for another reason
    assert behind.thread is None and behind.error is None
