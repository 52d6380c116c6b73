"""Documents per second for extraction alone, on one core, for two document sets:

* short: generated announcements (``kg.bench``, ~400 characters each);
* dev-length: the shared dev announcements (``../shared/eval/dev/*.txt``, ~2,200 characters) repeated to
  ``--docs``; without ../shared/eval, generated announcements joined into documents of about that length.

    .venv/bin/python benchmarks/extraction.py [--docs 3000] [--seed 0] [--dev ../shared/eval/dev]

Generation and reading happen before the clock starts; only ``extract(document)`` is timed.  Both wall
time and this process's CPU time are reported: on a loaded machine the CPU figure is the one-core speed.
Per-sentence memos are cleared for every document, so repeating documents does not flatter the figure.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.bench import make_announcement
from kg.model import Document
from loaders.extraction import extract
from loaders.text import read_text

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"
DEV_LENGTH = 2200


def generated(count: int, seed: int) -> list[Document]:
    docs = []
    for i in range(count):
        ann = make_announcement(seed, i)
        docs.append(Document(doc=ann.name, text=ann.text, title=ann.text.split("\n", 1)[0]))
    return docs


def dev_length(count: int, seed: int, dev: Path) -> tuple[list[Document], str]:
    paths = sorted(dev.glob("*.txt")) if dev.is_dir() else []
    if paths:
        base = [read_text(p.read_text(encoding="utf-8"), p) for p in paths]
        return [base[i % len(base)] for i in range(count)], f"dev documents from {dev}, repeated"
    docs, i = [], 0
    for n in range(count):
        title, body = "", []
        while sum(len(b) for b in body) < DEV_LENGTH:
            ann = make_announcement(seed, i)
            i += 1
            head, _, rest = ann.text.partition("\n")
            title = title or head
            body.append(rest.strip())
        docs.append(Document(doc=f"joined-{n}.txt", text=title + "\n" + "\n".join(body), title=title))
    return docs, "generated announcements joined to dev length (no ../shared/eval)"


def run(label: str, docs: list[Document]) -> float:
    extract(docs[0])  # load the gazetteer and place tables once, outside the timing
    chars = sum(len(d.text) for d in docs)
    facts = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        facts += len(extract(doc).facts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label}: {len(docs)} documents ({chars / len(docs):.0f} chars each), {facts} facts")
    print(f"  {len(docs) / cpu:.0f} documents/second (CPU {cpu:.2f} s); wall {len(docs) / wall:.0f}/s")
    return len(docs) / cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dev", type=Path, default=DEV)
    args = parser.parse_args()
    run("short (generated)", generated(args.docs, args.seed))
    docs, source = dev_length(args.docs, args.seed, args.dev)
    run(f"dev-length ({source})", docs)


if __name__ == "__main__":
    main()
