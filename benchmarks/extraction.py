"""Documents per second for extraction alone, on one core, for two document sets:

* short: generated announcements (``kg.bench``, ~400 characters each);
* dev-length: the shared dev announcements (``../shared/eval/dev/*.txt``, ~2,200 characters) repeated to
  ``--docs``; without ../shared/eval, generated announcements joined into documents of about that length.

    .venv/bin/python benchmarks/extraction.py [--docs 3000] [--seed 0] [--dev ../shared/eval/dev] [--stages]

Generation and reading happen before the clock starts; only ``extract(document)`` is timed.  Both wall
time and this process's CPU time are reported: on a loaded machine the CPU figure is the one-core speed.
Memos keyed by a sentence's text are cleared before every document, so repeating documents does not flatter
the figure (memos of names, which recur in a real stream too, are kept).
``--stages`` also prints the CPU time of each pipeline step per document (annotators, then the relation stages).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.bench import make_announcement
from kg.model import Document
from loaders.extraction import extract
from loaders.extraction.annotate.money import sentence_amounts, sentence_figures
from loaders.extraction.annotate.values import sentence_stage_pair
from loaders.extraction.document import AnnotatedDoc
from loaders.extraction.engine import PIPELINE, Scored, assemble, score
from loaders.extraction.relations.amounts import keep_terms
from loaders.extraction.relations.candidates import candidates
from loaders.extraction.relations.deals import accepted_deals, deal_features
from loaders.extraction.relations.model import default_model
from loaders.extraction.relations.negation import is_negated
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


def forget_sentences() -> None:
    """Clear the memos keyed by sentence text (a stream of new documents never hits them)."""
    for memo in (sentence_amounts, sentence_figures, sentence_stage_pair, is_negated):
        memo.cache_clear()


def run(label: str, docs: list[Document]) -> float:
    extract(docs[0])  # load the gazetteer and place tables once, outside the timing
    chars = sum(len(d.text) for d in docs)
    facts = 0
    wall, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        forget_sentences()
        facts += len(extract(doc).facts)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label}: {len(docs)} documents ({chars / len(docs):.0f} chars each), {facts} facts")
    print(f"  {len(docs) / cpu:.0f} documents/second (CPU {cpu:.2f} s); wall {len(docs) / wall:.0f}/s")
    return len(docs) / cpu


def stages(label: str, docs: list[Document]) -> None:
    """CPU milliseconds per document spent in each step of ``extract`` (the steps run as it runs them)."""
    model = default_model()
    extract(docs[0])
    spent: dict[str, float] = {}

    def timed(name: str, step: Callable[..., Any], *args: Any) -> Any:
        start = time.process_time()
        out = step(*args)
        spent[name] = spent.get(name, 0.0) + time.process_time() - start
        return out

    for document in docs:
        forget_sentences()
        doc = AnnotatedDoc(document)
        for annotator in PIPELINE.annotators:
            timed(annotator.name, annotator, doc)
            doc.done.append(annotator.name)
        cands = timed("candidates", candidates, doc)
        timed("score", score, cands, model)
        deals = timed("deals", accepted_deals, doc, cands, model.threshold("deal"), model)
        timed("deal terms", keep_terms, doc, deals, model)
        cands = timed("deal features", deal_features, doc, deals, cands)
        timed("score again", score, cands, model)
        timed("assemble", assemble, doc, Scored(cands, deals), model)
    total = sum(spent.values())
    print(f"{label}: CPU ms per document by step (total {1000 * total / len(docs):.2f})")
    for name, seconds in spent.items():
        print(f"  {name:<14} {1000 * seconds / len(docs):6.3f}  {100 * seconds / total:4.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--stages", action="store_true", help="also time each step of the extraction")
    args = parser.parse_args()
    short = generated(args.docs, args.seed)
    run("short (generated)", short)
    docs, source = dev_length(args.docs, args.seed, args.dev)
    run(f"dev-length ({source})", docs)
    if args.stages:
        stages("short", short)
        stages("dev-length", docs)


if __name__ == "__main__":
    main()
