"""Fit the built-in extractor's relation classifier on the annotated cases; write ``data/model.json`` and the
cases' regression baseline (``tests/extraction/cases/baseline.json``).

    .venv/bin/python scripts/train_extractor.py [--cases DIR ...] [--c 0.3]

The cases are this repository's annotated announcements: ``tests/extraction/cases/written`` (texts we wrote)
and ``tests/extraction/cases/real`` (real announcements rewritten in our own words), each with a FORMAT.md
annotation.  The shared dev set is never used here: it is what the fitted model is validated on
(``benchmarks/extraction_quality.py``).  Fitting is deterministic: the same cases give the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from loaders.extraction.engine import extract
from loaders.extraction.relations.model import LinearModel, default_model
from loaders.extraction.training import compare, fit, fit_names, load_examples, name_rows
from loaders.text import read_text

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "extraction" / "cases"
MODEL = ROOT / "loaders" / "extraction" / "data" / "model.json"
NAMES = ROOT / "loaders" / "extraction" / "data" / "names.json"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, nargs="+", default=[CASES / "written", CASES / "real"])
    ap.add_argument("--c", type=float, default=0.3, help="inverse regularisation strength")
    ap.add_argument("-o", "--output", type=Path, default=MODEL)
    ap.add_argument(
        "--baseline-only",
        action="store_true",
        help="keep the model; only write the cases' baseline with it (after a change that must "
        "not move the model, e.g. to the registry)",
    )
    args = ap.parse_args()
    if args.baseline_only:
        write_baseline(default_model(), args.cases)
        return 0
    # the learned organisation names first: the relation model is fitted on what they annotate
    names = fit_names(name_rows(args.cases), c=args.c)
    NAMES.write_text(names.to_json() + "\n", encoding="utf-8")
    print(f"organisation names: {len(names.weights)} features -> {NAMES}")
    examples = load_examples(args.cases, names=lambda _: names)
    model = fit(examples, c=args.c)
    args.output.write_text(model.to_json() + "\n", encoding="utf-8")
    for rel, spec in sorted(model.relations.items()):
        print(f"{rel:18} features {len(spec['weights']):4}  threshold {spec.get('threshold', '-')}")
    print(f"{len(examples)} documents -> {args.output}")
    if args.output == MODEL:
        write_baseline(model, args.cases)
    return 0


def write_baseline(model: LinearModel, folders: list[Path]) -> None:
    """Per case, the facts the fitted model gets wrong (missed + spurious); the case test holds the total
    to this figure and keeps every exact case exact."""
    errors = {}
    for gold_path in sorted(p for folder in folders for p in folder.glob("*.gold.json")):
        text_path = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt"))
        record = extract(read_text(text_path.read_text(encoding="utf-8"), text_path), model).to_record()
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        errors[f"{gold_path.parent.name}/{text_path.name}"] = compare(record, gold).errors
    baseline = {"total_errors": sum(errors.values()), "errors": errors}
    (CASES / "baseline.json").write_text(
        json.dumps(baseline, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    exact = sum(1 for n in errors.values() if n == 0)
    print(f"baseline: {baseline['total_errors']} fact errors over {len(errors)} cases, {exact} exact")


if __name__ == "__main__":
    sys.exit(main())
