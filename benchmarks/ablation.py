"""Ablation: what each cue family and each hand-written rule is worth.  For each one in turn, the cases are
re-annotated without it, the relation classifier is refitted, and the dev-set fact F1 is compared with the
full extractor's (a negative change means the part pays for itself).

    .venv/bin/python benchmarks/ablation.py [--cases DIR ...] [--dev ../shared/eval/dev] [--only FAMILY ...]

Fitting is deterministic, so the changes are the parts' own, not noise from refitting; they are still
measured on 40 documents: read differences under about 0.005 as none.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from loaders.extraction.annotate.cues import cue_families
from loaders.extraction.relations.candidates import candidates
from loaders.extraction.training import Example, fact_counts, fact_scores, fit, label, load_examples

ROOT = Path(__file__).resolve().parents[1]
CASES = [
    ROOT / "tests" / "extraction" / "cases" / "written",
    ROOT / "tests" / "extraction" / "cases" / "real",
]
DEV = ROOT.parent / "shared" / "eval" / "dev"
RULES = ("operator", "start_year", "owner", "hq_pattern", "negated")


def without(examples: list[Example], family: str | None = None, rule: str | None = None) -> None:
    """Re-derive every example's candidates without a cue family (its spans removed) or a rule's votes."""
    for ex in examples:
        cues = ex.doc.memo.setdefault("ablation:cues", list(ex.doc.spans("CUE")))
        keep = [c for c in cues if family is None or not (c.value or "").startswith(family + ".")]
        ex.doc.replace("CUE", keep)
        cands = candidates(ex.doc)
        if rule is not None:
            for cand in cands:
                cand.features.pop(f"vote:{rule}", None)
        ex.candidates, ex.labels = cands, label(ex.gold, cands, ex.mapping)


def measure(train: list[Example], dev: list[Example], change: Callable[[list[Example]], None]) -> float:
    change(train)
    change(dev)
    if dev:
        return fact_scores(dev, fit(train, c=0.3))["f1"]
    return cross_validated(train)


def cross_validated(cases: list[Example], folds: int = 5) -> float:
    """Fact F1 on the real announcements among the cases, each scored by a model fitted without it."""
    tp = fp = fn = 0
    for k in range(folds):
        model = fit([ex for i, ex in enumerate(cases) if i % folds != k], c=0.3)
        held = [
            ex
            for i, ex in enumerate(cases)
            if i % folds == k and ex.doc.document.path and "/real/" in ex.doc.document.path
        ]
        found = fact_counts(held, model)
        tp, fp, fn = tp + found[0], fp + found[1], fn + found[2]
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return 2 * p * r / (p + r) if p + r else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, nargs="+", default=CASES)
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--only", nargs="*", default=None, help="cue families or rules to ablate (default: all)")
    ap.add_argument("--cv", action="store_true", help="score by cross-validation on the real cases, not dev")
    args = ap.parse_args()
    if not args.cv and not any(args.dev.glob("*.gold.json")):
        print(f"no annotated documents in {args.dev}")
        return 0
    train, dev = load_examples(args.cases), ([] if args.cv else load_examples([args.dev]))
    full = measure(train, dev, lambda exs: without(exs))
    print(f"{'without':28} {'CV F1' if args.cv else 'dev F1':>7} {'change':>7}")
    print(f"{'(nothing: the full extractor)':28} {full:7.3f}")
    families = sorted({f.split(".")[0] for f in cue_families()})
    for family in families:
        if args.only is None or family in args.only:
            f1 = measure(train, dev, lambda exs, fam=family: without(exs, family=fam))
            print(f"{'cue family ' + family:28} {f1:7.3f} {f1 - full:+7.3f}")
    for rule in RULES:
        if args.only is None or rule in args.only:
            f1 = measure(train, dev, lambda exs, r=rule: without(exs, rule=r))
            print(f"{'rule ' + rule:28} {f1:7.3f} {f1 - full:+7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
