"""Entity resolution on generated announcements: pairwise precision and recall, and what it costs ingest.

    python benchmarks/resolution.py --docs 10000 [--ingest-docs 10000] [--base REV ...] [--rounds 2]
        [--jobs 1 2] [--ingest-only]

1. Writes ``--docs`` announcements (``kg bench generate``: companies under legal forms, capitals, former
   names, tickers, as subsidiaries and as the registry's real companies; generic site names shared by
   companies) and ingests their gold records as JSON Lines, as another tool's output would arrive.
2. Maps each named company, site and product of each record to the node its announcement's graph gave it,
   and prints pairwise precision and recall against the gold identities (a pair: two mentions of one node,
   or of one real thing), and how many nodes hold sites or products of different companies; the same for
   the records ingested with the code of ``--base``.
3. Ingests the same announcements (text through the built-in extractor, and the JSON Lines records) with
   the code of each ``--base`` (a git revision, or the folder of a checkout, run with its own ``.venv`` when
   it has one; default ``main``) and with this tree, interleaved round by round, each in a fresh store with
   each of ``--jobs``, and prints documents per second of wall time and per CPU second of the whole process
   tree (on a machine shared with other work, the second is the steadier figure), and their ratios to the
   first base. ``--ingest-only`` skips 1. and 2.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import vocab as v  # noqa: E402
from kg.bench.generate import make_announcement  # noqa: E402
from kg.names import fold  # noqa: E402

TIMED = """
import sys, time
from pathlib import Path
try:
    from kg.pipeline import ingest
except ImportError:  # before kg/ingest.py became kg/pipeline.py
    from kg.ingest import ingest
from kg.store import Store
began = time.monotonic()
with Store.open(sys.argv[1]) as store:
    report = ingest(store, [sys.argv[2]], jobs=int(sys.argv[3]))
print(report.read, time.monotonic() - began)
"""


def write_corpus(folder: Path, docs: int, seed: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    texts = folder / "text"
    texts.mkdir(exist_ok=True)
    with (folder / "records.jsonl").open("w", encoding="utf-8") as out:
        for i in range(docs):
            ann = make_announcement(seed, i)
            (texts / ann.name).write_text(ann.text, encoding="utf-8")
            out.write(json.dumps(ann.gold, ensure_ascii=False) + "\n")
    return folder


def pairs(groups: dict) -> int:
    return sum(len(m) * (len(m) - 1) // 2 for m in groups.values())


def score(store_path: Path, records: Path) -> dict[str, dict[str, float]]:
    """Pairwise precision/recall per kind, and nodes mixing companies' sites or products."""
    from kg.store import Store

    nodes: dict[tuple[str, str], str] = {}  # (graph, folded name) -> node
    kinds = {v.ORGANIZATION: "Organization", v.SITE: "Site", v.PRODUCT: "Product"}
    with Store.open(store_path, read_only=True) as store:
        inner = store.oxigraph
        typed = set()
        for cls in kinds:
            for q in inner.quads_for_pattern(None, v_node(v.TYPE), v_node(cls), None):
                typed.add((getattr(q.graph_name, "value", ""), q.subject.value))
        for prop in (v.LABEL, v.NAME_IN_SOURCE, v.ALIAS):
            for q in inner.quads_for_pattern(None, v_node(prop), None, None):
                key = (getattr(q.graph_name, "value", ""), q.subject.value)
                if key in typed:
                    nodes.setdefault((key[0], fold(q.object.value)), q.subject.value)
        from kg.rdf import graph_name

        predicted: dict[str, defaultdict] = defaultdict(lambda: defaultdict(set))
        gold: dict[str, defaultdict] = defaultdict(lambda: defaultdict(set))
        companies: dict[str, defaultdict] = defaultdict(lambda: defaultdict(set))
        missing = Counter()
        for line in records.open(encoding="utf-8"):
            rec = json.loads(line)
            g = graph_name(rec["doc"]).value
            for e in rec["entities"]:
                if not e.get("name") or e.get("undisclosed"):
                    continue
                node = nodes.get((g, fold(e["name"])))
                if node is None:
                    missing[e["type"]] += 1
                    continue
                mention = (rec["doc"], e["id"])
                predicted[e["type"]][node].add(mention)
                gold[e["type"]][e["identity"]].add(mention)
                if e["type"] != "Organization":
                    companies[e["type"]][node].add(e["identity"].split(":", 1)[1].rsplit(":", 1)[0])
    out = {}
    for kind in ("Organization", "Site", "Product"):
        where = {m: node for node, ms in predicted[kind].items() for m in ms}
        truth = {m: ident for ident, ms in gold[kind].items() for m in ms}
        together = defaultdict(set)
        for m in where:
            together[(where[m], truth[m])].add(m)
        tp, pp, gp = pairs(together), pairs(predicted[kind]), pairs(gold[kind])
        mixed = sum(1 for owners in companies[kind].values() if len(owners) > 1)
        out[kind] = {"mentions": len(where), "unmapped": missing[kind], "precision": tp / pp if pp else 1.0,
                     "recall": tp / gp if gp else 1.0, "nodes": len(predicted[kind]),
                     "gold": len(gold[kind]), "nodes_mixing_companies": mixed}  # fmt: skip
    return out


def v_node(iri: str):  # type: ignore[no-untyped-def]
    import pyoxigraph as ox

    return ox.NamedNode(iri)


def timed_ingest(code: Path, source: Path, work: Path, keep: Path | None = None,
                 jobs: int = 2) -> tuple[int, float, float]:  # fmt: skip
    """Ingest ``source`` with the code in ``code`` (with its own ``.venv`` if it has one) into a fresh store
    (moved to ``keep`` if given) with ``jobs`` workers: documents, wall seconds, and CPU seconds of the whole
    process tree (workers included), which other work sharing the machine disturbs far less than wall
    time."""
    import resource

    store = Path(tempfile.mkdtemp(dir=work))
    env = {**os.environ, "PYTHONPATH": str(code)}
    own = code / ".venv" / "bin" / "python"
    python = str(own) if own.is_file() else sys.executable
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([python, "-c", TIMED, str(store / "s"), str(source), str(jobs)], env=env,
                          cwd=code, capture_output=True, text=True, check=True)  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    read, seconds = done.stdout.split()
    if keep is not None:
        (store / "s").rename(keep)
    subprocess.run(["rm", "-rf", str(store)], check=True)
    return int(read), float(seconds), cpu


def print_scores(store: Path, records: Path, label: str) -> None:
    for kind, row in score(store, records).items():
        print(f"{label:10s} {kind:12s} pairwise precision {row['precision']:.4f} recall {row['recall']:.4f} "
              f"({row['mentions']} mentions, {row['unmapped']} unmapped; {row['nodes']} nodes for "
              f"{row['gold']} real ones; nodes mixing companies: {row['nodes_mixing_companies']})")  # fmt: skip


def checkout(base: str, work: Path) -> Path:
    """The code of ``base``: a checkout's folder as it is, else the git revision extracted under ``work``."""
    if Path(base).is_dir():
        return Path(base).resolve()
    folder = work / "code" / base.replace("/", "_")
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", base], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--ingest-docs", type=int, default=None, help="default: --docs")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--base", action="append", default=None,
                        help="git revision or checkout folder measured as 'before' (repeatable; default main)")  # fmt: skip
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--jobs", type=int, nargs="+", default=[2], help="worker counts to ingest with")
    parser.add_argument("--ingest-only", action="store_true", help="no precision/recall, only ingest rates")
    args = parser.parse_args()
    bases = args.base or ["main"]
    with tempfile.TemporaryDirectory(prefix="kg-resolution-") as tmp:
        work = Path(tmp)
        codes = {base: checkout(base, work) for base in bases}
        ingest_docs = args.ingest_docs or args.docs
        if not args.ingest_only:
            corpus = write_corpus(work / "corpus", args.docs, args.seed)
            began = time.monotonic()
            store = work / "store"
            from kg.pipeline import ingest
            from kg.store import Store

            with Store.open(store) as s:
                report = ingest(s, [corpus / "records.jsonl"], jobs=2)
            print(f"{args.docs} generated announcements, gold records ingested as JSON Lines in "
                  f"{time.monotonic() - began:.1f}s; {report.resolution.summary()}")  # fmt: skip
            print_scores(store, corpus / "records.jsonl", "this tree")
            for base, code in codes.items():  # the same records, before
                kept = work / f"store-{len(list(work.glob('store-*')))}"
                timed_ingest(code, corpus / "records.jsonl", work, keep=kept)
                print_scores(kept, corpus / "records.jsonl", base[-10:])
        if args.ingest_only or ingest_docs != args.docs:
            corpus = write_corpus(work / "ingest", ingest_docs, args.seed)
        runs = [*codes.items(), ("this tree", ROOT)]
        rates: dict[tuple[str, str, int], list[float]] = defaultdict(list)
        per_cpu: dict[tuple[str, str, int], list[float]] = defaultdict(list)
        for _ in range(args.rounds):
            for jobs in args.jobs:
                for kind, source in (("text", corpus / "text"), ("jsonl", corpus / "records.jsonl")):
                    for label, code in runs:
                        read, seconds, cpu = timed_ingest(code, source, work, jobs=jobs)
                        rates[(label, kind, jobs)].append(read / seconds)
                        per_cpu[(label, kind, jobs)].append(read / cpu)
                        print(f"  ingest {kind:5s} --jobs {jobs} {label[-10:]:10s} {read} docs in {seconds:.1f}s: "
                              f"{read / seconds:.0f} docs/s; {cpu:.1f} CPU s: {read / cpu:.0f} docs per CPU s",
                              flush=True)  # fmt: skip
        first = runs[0][0]
        for jobs in args.jobs if args.rounds else ():
            for kind in ("text", "jsonl"):
                for what, figures in (("docs/s", rates), ("docs per CPU s", per_cpu)):
                    best = {label: max(figures[(label, kind, jobs)]) for label, _ in runs}
                    shown = ", ".join(f"{label[-10:]} {rate:.0f} (x{rate / best[first]:.2f})"
                                      for label, rate in best.items())  # fmt: skip
                    print(f"ingest {kind:5s} --jobs {jobs}, {what}, best of {args.rounds}: {shown}")


if __name__ == "__main__":
    main()
