"""``kg watch`` against a real newsroom: a line per new announcement and per new fact, nothing twice,
polls after the first cost conditional requests, and SIGTERM stops it cleanly."""

from __future__ import annotations

import json
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from tests.conftest import EXAMPLES
from tests.plugins.newsroom import Newsroom, atom_feed

NORTHBRIDGE = (EXAMPLES / "northbridge-cmo-undisclosed-2026-03.txt").read_text(encoding="utf-8")
MERIDIAN = (EXAMPLES / "meridian-site-opening-2026-05.txt").read_text(encoding="utf-8")


class Watching:
    """A running ``kg watch``; its stdout and stderr lines as they come."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.proc = proc
        self.lines: queue.Queue[tuple[str, str]] = queue.Queue()
        self.seen: list[tuple[str, str]] = []
        self.pumps = [threading.Thread(target=self._pump, args=(name, stream), daemon=True)
                      for name, stream in (("out", proc.stdout), ("err", proc.stderr))]  # fmt: skip
        for pump in self.pumps:
            pump.start()

    def _pump(self, name: str, stream: IO[str] | None) -> None:
        assert stream is not None
        for line in stream:
            self.lines.put((name, line.rstrip("\n")))

    def until(self, name: str, text: str, timeout: float = 120) -> str:
        """Wait for a line on ``name`` (out/err) holding ``text``; every line read is kept in ``seen``."""
        while True:
            try:
                got = self.lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no {name} line with {text!r} in {timeout} s: {self.seen}") from None
            self.seen.append(got)
            if got[0] == name and text in got[1]:
                return got[1]

    def out(self) -> list[dict]:
        return [json.loads(line) for name, line in self.seen if name == "out"]


@contextmanager
def watching(store: Path, *args: str) -> Iterator[Watching]:
    command = [sys.executable, "-c", "from kg.cli import main; main()", "--store", str(store), "watch", *args]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watch = Watching(proc)
    try:
        yield watch
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        for pump in watch.pumps:
            pump.join(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            assert stream is not None
            stream.close()


def test_watch_tells_what_is_new_once_and_stops_on_sigterm(newsroom: Newsroom, tmp_path: Path) -> None:
    newsroom.page("/news/northbridge", NORTHBRIDGE)
    feed = [("urn:1", "Northbridge", newsroom.url("/news/northbridge"))]
    newsroom.feed("/news.atom", atom_feed("Newsroom", feed))
    args = (
        newsroom.url("/news.atom"),
        "--every",
        "1s",
        "--format",
        "json",
        "--allow-private",
        "--rate",
        "1000",
    )
    with watching(tmp_path / "store", *args) as watch:
        watch.until("err", "kg: poll 1:")
        first = watch.out()
        assert [c["url"] for c in first if c["kind"] == "announcement"] == [newsroom.url("/news/northbridge")]
        facts = {(c["subject"], c["predicate"]) for c in first if c["kind"] == "fact"}
        assert ("Northbridge Biologics", "operates") in facts

        watch.until("err", "kg: poll 2:")
        assert len(watch.out()) == len(first)  # nothing new, nothing told
        assert newsroom.hits("/news.atom")[-1].conditional

        newsroom.page("/news/meridian", MERIDIAN)
        newsroom.feed(
            "/news.atom",
            atom_feed("Newsroom", [*feed, ("urn:2", "Meridian", newsroom.url("/news/meridian"))]),
        )
        watch.until("out", newsroom.url("/news/meridian"))
        watch.until("err", "kg: poll")
        announced = [c["url"] for c in watch.out() if c["kind"] == "announcement"]
        assert announced == [newsroom.url("/news/northbridge"), newsroom.url("/news/meridian")]

        watch.proc.send_signal(signal.SIGTERM)
        assert watch.proc.wait(timeout=60) == 0
        watch.until("err", "kg: watch stopped")
        assert not any("Traceback" in line for _, line in watch.seen)
