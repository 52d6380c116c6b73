"""Why facts were missed or wrongly found, per document: no entity, no candidate, or a score on the wrong
side of the threshold (with the features that weighed most).

    .venv/bin/python scripts/diagnose_extraction.py --gold ../shared/eval/dev [--only NAME]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.extraction.relations.model import default_model
from loaders.extraction.training import diagnose, load_examples


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, nargs="+", required=True)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    model = default_model()
    for example in load_examples(args.gold):
        if args.only not in example.name:
            continue
        lines = diagnose(example, model)
        if lines:
            print(f"## {example.name}")
            print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
