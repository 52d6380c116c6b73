"""Cross-validated extraction quality on the annotated cases: fit on all folds but one, extract the held-out
documents, score them with the shared scorer; optionally also fit on everything and score the dev set.

    .venv/bin/python scripts/crossval_extractor.py [--cases DIR ...] [--folds 5] [--c 0.5 ...] [--dev DIR]

Annotation and candidate generation do not depend on the model, so they run once per document.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from loaders.extraction.annotate.names import NameModel
from loaders.extraction.engine import assemble
from loaders.extraction.training import (
    Example,
    diagnose,
    fit,
    fit_names,
    fold_of,
    load_examples,
    name_rows,
    scored,
)

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def score(examples: list[Example], models: dict[str, object], keep: Path | None = None) -> str:
    """The scorer's summary for the examples, each extracted with the model given for it (the predictions
    also written to ``keep``, when given, for the scorer's ``--verbose`` per document)."""
    with tempfile.TemporaryDirectory() as tmp:
        gold_dir, pred = Path(tmp) / "gold", Path(tmp) / "pred.jsonl"
        gold_dir.mkdir()
        with pred.open("w", encoding="utf-8") as out:
            for ex in examples:
                model = models[ex.name]
                record = assemble(ex.doc, scored(ex, model), model).to_record()
                out.write(json.dumps(record) + "\n")
                (gold_dir / ex.name.replace(".txt", ".gold.json")).write_text(json.dumps(ex.gold))
        result = subprocess.run(
            [sys.executable, str(SCORER), "--gold", str(gold_dir), "--pred", str(pred)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if keep:
            keep.write_bytes(pred.read_bytes())
    return result.stdout


def _threshold(args: argparse.Namespace) -> dict[str, float]:
    return {} if args.name_threshold is None else {"threshold": args.name_threshold}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cases = ROOT / "tests" / "extraction" / "cases"
    ap.add_argument("--cases", type=Path, nargs="+", default=[cases / "written", cases / "real"])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, nargs="+", default=[0.3])
    ap.add_argument("--dev", type=Path, default=None)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument(
        "--keep", type=Path, default=None, help="write the held-out predictions (JSON Lines) here"
    )
    ap.add_argument("--diagnose", action="store_true", help="count misses and errors by cause")
    ap.add_argument("--score-only", default="", help="score only held-out documents whose name starts so")
    ap.add_argument("--name-threshold", type=float, default=None, help="the learned names' threshold")
    ap.add_argument("--no-names", action="store_true", help="annotate with no learned organisation names")
    args = ap.parse_args()
    # the learned organisation names are cross-fitted too: each case is annotated by a model fitted without
    # its fold
    if args.no_names:
        name_models: dict[int, NameModel | None] = dict.fromkeys(range(args.folds))
    else:
        rows = name_rows(args.cases)
        name_models = {
            k: fit_names([r for r in rows if fold_of(r[0], args.folds) != k], **_threshold(args))
            for k in range(args.folds)
        }
    examples = load_examples(args.cases, names=lambda name: name_models[fold_of(name, args.folds)])
    dev = load_examples([args.dev]) if args.dev else []
    for c in args.c:
        models = {}
        for k in range(args.folds):
            train = [ex for ex in examples if fold_of(ex.name, args.folds) != k]
            model = fit(train, c=c)
            models.update({ex.name: model for ex in examples if fold_of(ex.name, args.folds) == k})
        held_out = [ex for ex in examples if ex.name.startswith(args.score_only)]
        summary = score(held_out, models, args.keep)
        if args.diagnose:
            _causes(held_out, models)
        print(f"C={c} cross-validated on {len(examples)} cases, scored on {len(held_out)}:")
        print(summary if args.verbose else _short(summary))
        if dev:
            full = fit(examples, c=c)
            summary = score(dev, {ex.name: full for ex in dev})
            print(f"C={c} dev ({len(dev)} documents):")
            print(summary if args.verbose else _short(summary))
    return 0


def _causes(examples: list[Example], models: dict[str, object]) -> None:
    counts: Counter[tuple[str, str]] = Counter()
    for ex in examples:
        for line in diagnose(ex, models[ex.name]):  # type: ignore[arg-type]
            m = re.match(r"\s+(no entity|no cand|low|wrong)\s*[\d.]*\s+(\w+)\(", line)
            if m:
                counts[(m.group(2), m.group(1))] += 1
    for rel in sorted({r for r, _ in counts}):
        print(
            f"{rel:18}",
            "  ".join(f"{k}={counts[(rel, k)]}" for k in ("no entity", "no cand", "low", "wrong")),
        )


def _short(summary: str) -> str:
    lines = summary.strip().splitlines()
    first = re.compile(
        r"^(acquires|contracts_with|develops|headquartered_in|located_in|operates|starts_operations|ALL)\b"
    )
    rows = [line for line in lines if first.match(line)]
    return "\n".join([*rows, lines[-1]])


if __name__ == "__main__":
    sys.exit(main())
