"""Fit the built-in extractor's relation classifier on the annotated cases and write ``data/model.json``.

    .venv/bin/python scripts/train_extractor.py [--cases DIR ...] [--c 0.5] [-o loaders/extraction/data/model.json]

The cases are this repository's annotated announcements (``tests/extraction/cases`` by default): texts we
wrote and real announcements rewritten in our own words, each with a FORMAT.md annotation.  The shared dev
set is never used here: it is what the fitted model is validated on (``benchmarks/extraction_quality.py``).
Fitting is deterministic: the same cases give the same file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.extraction.training import fit, load_examples

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "extraction" / "cases"
MODEL = ROOT / "loaders" / "extraction" / "data" / "model.json"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, nargs="+", default=[CASES])
    ap.add_argument("--c", type=float, default=0.5, help="inverse regularisation strength")
    ap.add_argument("-o", "--output", type=Path, default=MODEL)
    args = ap.parse_args()
    examples = load_examples(args.cases)
    model = fit(examples, c=args.c)
    args.output.write_text(model.to_json() + "\n", encoding="utf-8")
    for rel, spec in sorted(model.relations.items()):
        print(f"{rel:18} features {len(spec['weights']):4}  threshold {spec.get('threshold', '-')}")
    print(f"{len(examples)} documents -> {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
