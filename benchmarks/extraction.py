"""Documents per second for extraction alone, over generated announcements (``kg.bench``).

    .venv/bin/python benchmarks/extraction.py [--docs 3000] [--seed 0]

Generation and reading happen before the clock starts; only ``extract(document)`` is timed, on one core.
"""

from __future__ import annotations

import argparse
import time

from kg.bench import make_announcement
from kg.model import Document
from loaders.extraction import extract


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    docs = []
    for i in range(args.docs):
        ann = make_announcement(args.seed, i)
        docs.append(Document(doc=ann.name, text=ann.text, title=ann.text.split("\n", 1)[0]))
    extract(docs[0])  # load the gazetteer and place tables once, outside the timing
    chars = sum(len(d.text) for d in docs)
    facts = 0
    start = time.perf_counter()
    for doc in docs:
        facts += len(extract(doc).facts)
    elapsed = time.perf_counter() - start
    print(f"{len(docs)} documents ({chars / len(docs):.0f} chars each), {facts} facts in {elapsed:.2f} s")
    print(f"{len(docs) / elapsed:.0f} documents/second")


if __name__ == "__main__":
    main()
