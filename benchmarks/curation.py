"""The analyst loop on a store of generated announcements: what ingest pays for the change journal, and how
long `kg changes`, `kg review` and corrections take. Figures, not a test.

Builds a store from `kg bench generate --docs N` (extraction records, so the figures are the store's, not
the extractor's), then times the real commands:
- ingest docs/s and store size, with this code and (``--base DIR``, a checkout of the code before the
  analyst loop) without a journal, interleaved ``--rounds`` times;
- `kg changes` (the last run; every change set; one company), `kg review` (50; all);
- corrections: a reject by fact id, a merge of the most connected company, an import of ``--corrections``
  rejections, and a re-ingest of a tenth of the corpus, revised, with those corrections in force.

Usage: python benchmarks/curation.py [--docs 3000] [--corrections 200] [--base DIR] [--rounds 2] [--text]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kg(*args: str | Path, code: Path = ROOT, check: bool = True) -> tuple[float, subprocess.CompletedProcess]:
    """Run `kg` with the code at ``code``; (seconds, the finished process). :data:`CPU` then holds the CPU
    seconds of its whole process tree (workers included)."""
    env = {**os.environ, "PYTHONPATH": str(code), "KG_ANALYST": "bench"}
    command = [sys.executable, "-c", "from kg.cli import main; main()", *map(str, args)]
    before = _children_cpu()
    started = time.perf_counter()
    # from an empty folder: `python -c` puts the current folder first on the path (it must not be a checkout)
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    seconds = time.perf_counter() - started
    CPU[0] = _children_cpu() - before
    if check and done.returncode != 0:
        raise SystemExit(f"kg {' '.join(map(str, args))} failed:\n{done.stderr}")
    return seconds, done


CPU = [0.0]  # the last run's CPU seconds


def _children_cpu() -> float:
    """CPU seconds of every finished descendant (each process reaps its own: workers are counted)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def records(work: Path, docs: int) -> Path:
    """The generated corpus's gold records, as extraction records to ingest."""
    corpus, out = work / "corpus", work / "records"
    kg("bench", "generate", "--docs", str(docs), "-o", corpus)
    out.mkdir()
    for gold in sorted(corpus.glob("*.gold.json")):
        shutil.copy(gold, out / gold.name.replace(".gold.json", ".json"))
    return out


def size_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def ingest_figures(work: Path, folder: Path, docs: int, base: Path | None, rounds: int, what: str) -> Path:
    """Interleaved ingests into fresh stores; prints docs/s, docs per CPU second of the whole process tree
    (steadier on a machine shared with other work) and sizes; returns this code's last store."""
    codes = [("analyst loop", ROOT)] + ([("before (--base)", base)] if base else [])
    best: dict[str, float] = {}
    cpu: dict[str, float] = {}
    last = work / "store-0"
    for r in range(rounds):
        for name, code in codes:
            store = work / f"store-{what.split()[0]}-{r}-{name.split()[0]}"
            seconds, _ = kg(
                "--store", store, "ingest", folder, "--jobs", "2", "--progress-every", "0", code=code
            )
            best[name] = max(best.get(name, 0.0), docs / seconds)
            cpu[name] = max(cpu.get(name, 0.0), docs / CPU[0])
            print(f"  {what} ingest round {r + 1}, {name}: {docs / seconds:,.0f} docs/s, "
                  f"{docs / CPU[0]:,.0f} docs per CPU second, store {size_mb(store):.1f} MB")  # fmt: skip
            if code == ROOT:
                last = store
    if base:
        a, b = "analyst loop", "before (--base)"
        print(f"{what} ingest, best of {rounds}: {best[a]:,.0f} docs/s with the journal, {best[b]:,.0f} before "
              f"({best[a] / best[b]:.2f}x); {cpu[a]:,.0f} and {cpu[b]:,.0f} docs per CPU second "
              f"({cpu[a] / cpu[b]:.2f}x)")  # fmt: skip
    return last


def timed(label: str, *args: str | Path) -> subprocess.CompletedProcess:
    seconds, done = kg(*args)
    print(f"{label}: {seconds:.2f} s")
    return done


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--corrections", type=int, default=200)
    parser.add_argument("--base", type=Path, default=None, help="a checkout of the code before the loop")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument(
        "--text", action="store_true", help="also ingest the announcements' text (extraction)"
    )
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-curation-bench-"))
    folder = records(work, args.docs)
    print(f"{args.docs:,} generated announcements (extraction records), work folder {work}")
    if args.text:
        ingest_figures(work, work / "corpus", args.docs, args.base, args.rounds, "text (extracted)")
    store = ingest_figures(work, folder, args.docs, args.base, args.rounds, "records")
    s = ("--store", store)
    changes = json.loads(timed("kg changes (the last run, every fact it added)", *s, "changes",
                               "--format", "json").stdout)  # fmt: skip
    print(f"  {len(changes):,} facts listed")
    companies = {}
    for c in changes:
        if c["relation"] == "contracts_with":
            companies[c["subject"]] = companies.get(c["subject"], 0) + 1
    hub = max(companies, key=companies.get)
    timed(f"kg changes --company {hub!r} --format atom", *s, "changes", "--company", hub, "--format", "atom")
    queue = json.loads(
        timed("kg review (50, least confident first)", *s, "review", "--format", "json").stdout
    )
    everything = json.loads(timed("kg review --limit 0 (the whole queue)", *s, "review", "--limit", "0",
                                  "--format", "json").stdout)  # fmt: skip
    print(f"  {len(everything):,} facts and agreements to review")
    timed("kg curate reject FACT-ID", *s, "curate", "reject", queue[0]["id"])
    other = next(c for c in sorted(companies) if c != hub)
    timed(f"kg curate merge (the most connected company, {companies[hub]} partners, with another)", *s,
          "curate", "merge", hub, other)  # fmt: skip
    corrections = work / "corrections.jsonl"
    facts = [r for r in everything if r["kind"] == "fact"][1 : args.corrections + 1]
    lines = [json.dumps({"action": "reject", "subject": r["subject_iri"], "relation": r["relation"],
                         "objects": [r["object_value"]], "by": "bench", "at": f"2030-01-01T00:00:{i // 1000:02d}.{i % 1000:06d}Z"})
             for i, r in enumerate(facts)]  # fmt: skip
    corrections.write_text("\n".join(lines) + "\n", encoding="utf-8")
    timed(f"kg curate import ({len(lines)} rejections, one change set)", *s, "curate", "import", corrections)
    revised = work / "revised"
    revised.mkdir()
    for path in sorted(folder.glob("*.json"))[: args.docs // 10]:
        record = json.loads(path.read_text(encoding="utf-8"))
        record["facts"] = record["facts"][:-1]
        (revised / path.name).write_text(json.dumps(record), encoding="utf-8")
    seconds, done = kg(*s, "ingest", revised, "--root", folder.parent, "--jobs", "2", "--progress-every", "0")
    print(f"re-ingest of {args.docs // 10:,} revised announcements with {len(lines) + 2} corrections in force: "
          f"{seconds:.2f} s ({args.docs // 10 / seconds:,.0f} docs/s)")  # fmt: skip
    print(f"  {done.stderr.strip().splitlines()[-1]}")
    timed("kg changes (that run)", *s, "changes", "--format", "json")
    print(f"store: {size_mb(store):.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
