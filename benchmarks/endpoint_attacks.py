"""What the attacks of issue 12 cost a running ``kg serve``: figures behind tests/security (which assert them).

On a small store (the test records): three runaway queries at once with ``--timeout 2`` (when each got
its 503; the CPU the server's process tree used in the seconds after), then 500 failing requests (SERVICE,
malformed, nested, updates to a read-only server) with the tree's open files and resident memory before
and after, and the time a trivial query takes after each.

Usage: python benchmarks/endpoint_attacks.py
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.plugins.server import RECORDS, kg, running_server, write_records  # noqa: E402
from tests.security.conftest import server_process, tree_stats, trivial_query_seconds  # noqa: E402
from tests.security.test_endpoint import CARTESIAN, NESTED, PATHS  # noqa: E402


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="kg-bench-attacks-"))
    kg("--store", work / "store", "ingest", write_records(work / "records", RECORDS))
    with running_server(work / "store", "--timeout", "2", "--cache-mb", "0") as url:
        server = server_process(url)
        for _ in range(20):
            trivial_query_seconds(url)
        idle = tree_stats(server)
        answered: list[tuple[float, int]] = []
        started = time.monotonic()

        def attack(query: str) -> None:
            r = requests.post(
                url, data=query, headers={"Content-Type": "application/sparql-query"}, timeout=60
            )
            answered.append((time.monotonic() - started, r.status_code))

        threads = [threading.Thread(target=attack, args=(q,)) for q in (CARTESIAN, PATHS, CARTESIAN)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        print("three runaway queries, --timeout 2:")
        print("  answered " + ", ".join(f"{status} after {s:.2f} s" for s, status in sorted(answered)))
        print(f"  then a trivial query in {trivial_query_seconds(url) * 1000:.1f} ms")
        for second in range(1, 4):
            before = tree_stats(server).cpu
            time.sleep(1.0)
            print(f"  CPU used by server + workers in second {second} after the 503s: "
                  f"{tree_stats(server).cpu - before:.3f} s")  # fmt: skip
        failing = [{"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"},
                   {"query": "SELECT * WHERE { ?s ?p }"}, {"query": NESTED}]  # fmt: skip
        before = tree_stats(server)
        with requests.Session() as session:
            for i in range(500):
                if i % 4 == 3:
                    session.post(url, data={"update": "DROP ALL"}, timeout=30)
                else:
                    session.get(url, params=failing[i % 4 % 3], timeout=30)
        time.sleep(0.5)
        after = tree_stats(server)
        print("500 failing requests:")
        print(f"  open files {before.fds} -> {after.fds} (idle at start: {idle.fds}); "
              f"RSS {before.rss / 2**20:.0f} MB -> {after.rss / 2**20:.0f} MB")  # fmt: skip
        print(f"  then a trivial query in {trivial_query_seconds(url) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
