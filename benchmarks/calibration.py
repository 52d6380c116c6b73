"""Reliability of the extractor's confidences: facts grouped by confidence, with the share that is right.

    .venv/bin/python benchmarks/calibration.py [--gold ../shared/eval/dev] [--buckets 10]

Every fact carries a confidence (the relation classifier's calibrated probability).  Calibrated means that
among facts with confidence about 0.8, about 80% are right.  The facts of each document are matched to its
annotation the way the shared scorer matches them (entities aligned by type and name); the table prints,
per confidence bucket, how many facts fell in it and the share of them that are right, then the expected
calibration error (the count-weighted mean gap between confidence and precision).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loaders.extraction import extract
from loaders.extraction.training import fact_correctness
from loaders.text import read_text

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"


def facts_with_confidence(gold_dir: Path) -> list[tuple[float, bool]]:
    """(confidence, right) for every fact extracted from the annotated documents of ``gold_dir``."""
    out: list[tuple[float, bool]] = []
    for gold_path in sorted(gold_dir.glob("*.gold.json")):
        text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        ex = extract(read_text(text_path.read_text(encoding="utf-8"), text_path))
        right = fact_correctness(ex.to_record(), json.loads(gold_path.read_text(encoding="utf-8")))
        for fact, ok in zip(ex.facts, right, strict=True):
            out.append((max((e.confidence for e in fact.evidence), default=0.0), ok))
    return out


def reliability(pairs: list[tuple[float, bool]], buckets: int) -> list[tuple[float, float, int, float]]:
    """Per bucket: (lower bound, upper bound, facts, precision)."""
    rows = []
    for b in range(buckets):
        lo, hi = b / buckets, (b + 1) / buckets
        inside = [right for c, right in pairs if lo <= c < hi or (b == buckets - 1 and c == 1.0)]
        rows.append((lo, hi, len(inside), sum(inside) / len(inside) if inside else float("nan")))
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEV)
    ap.add_argument("--buckets", type=int, default=10)
    args = ap.parse_args()
    if not any(args.gold.glob("*.gold.json")):
        print(f"no annotated documents in {args.gold}")
        return 0
    pairs = facts_with_confidence(args.gold)
    print(f"{'confidence':>12} {'facts':>6} {'precision':>9}")
    ece = 0.0
    for lo, hi, n, precision in reliability(pairs, args.buckets):
        shown = f"{precision:9.3f}" if n else f"{'-':>9}"
        print(f"{lo:5.1f} - {hi:3.1f} {n:6} {shown}")
        if n:
            ece += n * abs(precision - (lo + hi) / 2)
    right = sum(r for _, r in pairs)
    print(f"facts {len(pairs)}, right {right} ({right / max(len(pairs), 1):.3f})")
    print(f"expected calibration error {ece / max(len(pairs), 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
