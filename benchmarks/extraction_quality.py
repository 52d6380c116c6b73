"""Extraction quality on the shared dev set against the targets (a benchmark: it prints, it never fails).

    .venv/bin/python benchmarks/extraction_quality.py [--dev ../shared/eval/dev] [--verbose]

Runs the built-in extractor over every ``*.txt`` in the dev folder, scores the records with the shared
scorer (``score.py`` beside the folder) and prints its per-relation table followed by the targets
(fact F1 >= 0.88, agreement attributes >= 0.80).  The regression floor kept by the tests is
``tests/extraction/dev_floor.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from loaders.extraction import extract
from loaders.text import read_text

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"
TARGETS = {"fact_f1": 0.88, "agreement_attributes": 0.80}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    paths = sorted(args.dev.glob("*.txt"))
    if not paths:
        print(f"no announcements in {args.dev}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        with pred.open("w", encoding="utf-8") as out:
            for path in paths:
                record = extract(read_text(path.read_text(encoding="utf-8"), path)).to_record()
                out.write(json.dumps(record) + "\n")
        cmd = [
            sys.executable,
            str(args.dev.parent / "score.py"),
            "--gold",
            str(args.dev),
            "--pred",
            str(pred),
        ]
        result = subprocess.run(cmd + (["--verbose"] if args.verbose else []), capture_output=True, text=True)
    print(result.stdout, end="")
    found = re.search(r"F1 ([\d.]+) agreement-attributes ([\d.]+)", result.stdout)
    if found:
        got = {"fact_f1": float(found.group(1)), "agreement_attributes": float(found.group(2))}
        for key, target in TARGETS.items():
            print(f"{key}: {got[key]:.3f} (target {target:.2f}{', met' if got[key] >= target else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
