"""Ingest benchmark: end-to-end `kg ingest` of generated announcements into the embedded store.

Reports documents/second with --jobs 1 and --jobs 2, the peak RSS of the whole process tree (the CLI, the
forkserver and its workers), and the extraction F1 of a sample of the corpus against its gold records
(`../shared/eval/score.py`). Figures, not a test: targets are >= 400 docs/s on 2 cores, peak RSS < 1 GB.

Usage: python benchmarks/ingest.py [--docs 100000] [--score-docs 2000] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
KG = str(Path(sys.executable).with_name("kg"))
SCORE = ROOT.parent / "shared" / "eval" / "score.py"


def run_measured(cmd: list[str]) -> tuple[float, int, str]:
    """Run ``cmd``; (seconds, peak RSS in bytes of the process and all its descendants, stderr)."""
    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        rss = 0
        try:
            for p in [proc, *proc.children(recursive=True)]:
                rss += p.memory_info().rss
        except psutil.Error:
            pass
        peak = max(peak, rss)
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return seconds, peak, err


def score(corpus: Path, docs: int, work: Path) -> str:
    """Extraction F1 on the first ``docs`` announcements of the corpus (score.py's last line)."""
    sample = work / "sample"
    sample.mkdir()
    for txt in sorted(corpus.glob("*.txt"))[:docs]:
        for f in (txt, txt.with_name(txt.name.replace(".txt", ".gold.json"))):
            shutil.copy(f, sample / f.name)
    pred = work / "pred.jsonl"
    with pred.open("wb") as out:
        subprocess.run([KG, "extract", str(sample), "--format", "json"], stdout=out, check=False)
    if not SCORE.is_file():
        return f"(score.py not found at {SCORE})"
    done = subprocess.run([sys.executable, str(SCORE), "--gold", str(sample), "--pred", str(pred)],
                          capture_output=True, text=True)  # fmt: skip
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--score-docs", type=int, default=2000)
    ap.add_argument("--work", type=Path, default=None, help="Scratch folder (default: a temporary one).")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    corpus = work / "corpus"
    if not corpus.is_dir():
        t = time.perf_counter()
        subprocess.run([KG, "bench", "generate", "--docs", str(args.docs), "-o", str(corpus)], check=True)
        print(f"generated {args.docs} announcements in {time.perf_counter() - t:.1f}s", flush=True)
    figures = {"docs": args.docs}
    for jobs in (1, 2):
        store = work / f"store-j{jobs}"
        shutil.rmtree(store, ignore_errors=True)
        cmd = [
            KG,
            "--store",
            str(store),
            "ingest",
            str(corpus),
            "--jobs",
            str(jobs),
            "--progress-every",
            "30",
        ]
        seconds, peak, err = run_measured(cmd)
        rate = args.docs / seconds
        compacted = re.search(r"compacted the store in ([\d.]+)s", err)
        figures[f"jobs{jobs}"] = {
            "seconds": round(seconds, 1),
            "docs_per_s": round(rate),
            "peak_rss_mb": peak >> 20,
            "compact_seconds": float(compacted.group(1)) if compacted else None,
        }
        print(f"kg ingest --jobs {jobs}: {args.docs} docs in {seconds:.1f}s = {rate:.0f} docs/s"
              f"{f' (compacting the store at the end: {compacted.group(1)}s of it)' if compacted else ''}, "
              f"peak RSS {peak / 2**20:.0f} MB  [{err.strip().splitlines()[-1] if err.strip() else ''}]",
              flush=True)  # fmt: skip
    rerun, _, _ = run_measured([KG, "--store", str(work / "store-j2"), "ingest", str(corpus), "--jobs", "2"])
    print(f"re-run, all unchanged (--jobs 2): {args.docs / rerun:.0f} docs/s", flush=True)
    scoring = work / "score"
    shutil.rmtree(scoring, ignore_errors=True)
    scoring.mkdir()
    f1 = score(corpus, args.score_docs, scoring)
    figures["f1"] = f1
    print(f"extraction on {args.score_docs} generated announcements: {f1}")
    print(json.dumps(figures))
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
