"""Run every benchmark script with the sizes the README's performance section reports; print their figures.

Usage: python benchmarks/run_all.py [--quick]   (--quick: small sizes, for a smoke run)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

FULL = [
    ["extraction.py", "--docs", "3000"],
    ["html_extraction.py"],
    ["fetch.py", "--pages", "200"],
    ["ingest.py", "--docs", "100000", "--score-docs", "2000"],
    ["neo4j_push.py", "--docs", "12000"],
    ["sparql_endpoint.py", "--docs", "16000", "--clients", "16"],
    ["http_layer.py"],
    ["endpoint_attacks.py"],
    ["viz.py", "--sizes", "500,2000,5000"],
]
QUICK = [
    ["extraction.py", "--docs", "300"],
    ["html_extraction.py", "--layouts", "divs"],
    ["fetch.py", "--pages", "20"],
    ["ingest.py", "--docs", "2000", "--score-docs", "300"],
    ["neo4j_push.py", "--docs", "1000", "--warmup", "0"],
    ["sparql_endpoint.py", "--docs", "1000", "--requests", "200", "--rounds", "1"],
    ["http_layer.py", "--requests", "500"],
    ["endpoint_attacks.py"],
    ["viz.py", "--sizes", "500"],
]


def main() -> int:
    runs = QUICK if "--quick" in sys.argv[1:] else FULL
    failed = 0
    for script, *args in runs:
        print(f"\n=== {script} {' '.join(args)}", flush=True)
        failed += subprocess.run([sys.executable, str(HERE / script), *args]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
