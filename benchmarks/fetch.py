"""Fetching from a newsroom on loopback: a feed of N article pages ingested, then the unchanged feed again.

    .venv/bin/python benchmarks/fetch.py [--pages 200] [--rate 1000]

Prints pages a second for ``kg ingest FEED`` (fetch, read, extract, store) on a cold store, the requests
and seconds of a second run (an unchanged feed: one conditional request), and of a run whose feed has no
validators (each page asked again conditionally). ``--rate`` is the per-host limit passed on (the default
of kg itself is 1 a second; a loopback newsroom needs none). A benchmark: it prints, it never fails.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.plugins.newsroom import Newsroom, rss_feed

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--rate", default="1000")
    args = ap.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    room = Newsroom().start()
    try:
        items = []
        for i in range(args.pages):
            text = texts[i % len(texts)].replace("\n", f" (release {i})\n", 1)
            room.page(f"/news/{i}", text, layout=("semantic", "divs", "wire", "table")[i % 4])
            items.append((None, f"release {i}", room.url(f"/news/{i}"), "summary"))
        feed = room.feed("/feed.rss", rss_feed("Bench wire", items))
        with tempfile.TemporaryDirectory() as tmp:
            store = Path(tmp) / "store"
            for label in ("cold store", "unchanged feed (ETag)", "feed without validators"):
                if label == "feed without validators":
                    feed.etag = False
                    room.routes["/feed.rss"].body += b" "  # a different body: the feed is read again
                room.log.clear()
                began = time.perf_counter()
                run = subprocess.run([sys.executable, "-m", "kg", "--store", str(store), "ingest",
                                      room.url("/feed.rss"), "--allow-private", "--rate", args.rate],
                                     capture_output=True, text=True)  # fmt: skip
                seconds = time.perf_counter() - began
                hits = room.hits()
                conditional = sum(h.conditional for h in hits)
                summary = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else ""
                print(f"{label:26} {seconds:6.1f} s  {len(hits):4} requests ({conditional} conditional)  "
                      f"{args.pages / seconds:6.1f} pages/s  | {summary}")  # fmt: skip
    finally:
        room.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
