"""Entity resolution on generated announcements: pairwise precision and recall, and what it costs ingest.

    python benchmarks/resolution.py --docs 10000 [--ingest-docs 10000] [--base REV] [--rounds 2]

1. Writes ``--docs`` announcements (``kg bench generate``: companies under legal forms, capitals, former
   names, tickers, as subsidiaries and as the registry's real companies; generic site names shared by
   companies) and ingests their gold records as JSON Lines, as another tool's output would arrive.
2. Maps each named company, site and product of each record to the node its announcement's graph gave it,
   and prints pairwise precision and recall against the gold identities (a pair: two mentions of one node,
   or of one real thing), and how many nodes hold sites or products of different companies; the same for
   the records ingested with the code of ``--base``.
3. Ingests the same announcements (text through the built-in extractor, and the JSON Lines records) with
   the code of ``--base`` (default ``main``, before resolution) and with this tree, interleaved, each in a
   fresh store with ``--jobs 2``, and prints documents per second of wall time and per CPU second of the
   whole process tree (on a machine shared with other work, the second is the steadier figure).
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
from kg.ingest import ingest
from kg.store import Store
began = time.monotonic()
with Store.open(sys.argv[1]) as store:
    report = ingest(store, [sys.argv[2]], jobs=2)
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


def timed_ingest(code: Path, source: Path, work: Path, keep: Path | None = None) -> tuple[int, float, float]:
    """Ingest ``source`` with the code in ``code`` into a fresh store (moved to ``keep`` if given): documents,
    wall seconds, and CPU seconds of the whole process tree (workers included), which other work sharing
    the machine disturbs far less than wall time."""
    import resource

    store = Path(tempfile.mkdtemp(dir=work))
    env = {**os.environ, "PYTHONPATH": str(code)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, "-c", TIMED, str(store / "s"), str(source)], env=env, cwd=code,
                          capture_output=True, text=True, check=True)  # fmt: skip
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--ingest-docs", type=int, default=None, help="default: --docs")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--base", default="main", help="git revision measured as 'before' (default main)")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-resolution-") as tmp:
        work = Path(tmp)
        corpus = write_corpus(work / "corpus", args.docs, args.seed)
        began = time.monotonic()
        store = work / "store"
        from kg.ingest import ingest
        from kg.store import Store

        with Store.open(store) as s:
            report = ingest(s, [corpus / "records.jsonl"], jobs=2)
        print(f"{args.docs} generated announcements, gold records ingested as JSON Lines in "
              f"{time.monotonic() - began:.1f}s; {report.resolution.summary()}")  # fmt: skip
        print_scores(store, corpus / "records.jsonl", "this tree")
        base = work / "base"
        base.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.base], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
        timed_ingest(
            base, corpus / "records.jsonl", work, keep=work / "base-store"
        )  # the same records, before
        print_scores(work / "base-store", corpus / "records.jsonl", args.base[:10])
        ingest_docs = args.ingest_docs or args.docs
        if ingest_docs != args.docs:
            corpus = write_corpus(work / "ingest", ingest_docs, args.seed)
        rates: dict[tuple[str, str], list[float]] = defaultdict(list)
        per_cpu: dict[tuple[str, str], list[float]] = defaultdict(list)
        for _ in range(args.rounds):
            for label, code in ((args.base, base), ("this tree", ROOT)):
                for kind, source in (("text", corpus / "text"), ("jsonl", corpus / "records.jsonl")):
                    read, seconds, cpu = timed_ingest(code, source, work)
                    rates[(label, kind)].append(read / seconds)
                    per_cpu[(label, kind)].append(read / cpu)
                    print(f"  ingest {kind:5s} {label[:10]:10s} {read} docs in {seconds:.1f}s: "
                          f"{read / seconds:.0f} docs/s; {cpu:.1f} CPU s: {read / cpu:.0f} docs per CPU s")  # fmt: skip
        for kind in ("text", "jsonl"):
            for what, figures in (("docs/s", rates), ("docs per CPU second", per_cpu)):
                before, after = max(figures[(args.base, kind)]), max(figures[("this tree", kind)])
                print(f"ingest {kind}: {before:.0f} {what} at {args.base[:10]} -> {after:.0f} now "
                      f"({100 * (after / before - 1):+.1f}%, best of {args.rounds}, --jobs 2)")  # fmt: skip


if __name__ == "__main__":
    main()
