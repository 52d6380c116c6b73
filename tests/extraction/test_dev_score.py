"""The shared dev set, scored with the shared scorer, held to a ratchet: the floor is the best figure reached
so far (``dev_floor.json``), raised whenever the extractor improves.  The quality *target* lives in
``benchmarks/extraction_quality.py``; this test only guards against regressions.  Skips when
``../shared/eval`` is absent."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from loaders.extraction import extract
from loaders.text import read_text

FLOOR = json.loads((Path(__file__).parent / "dev_floor.json").read_text(encoding="utf-8"))


def test_dev_set_score_does_not_fall_below_the_floor(eval_dev: Path, tmp_path: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for path in sorted(eval_dev.glob("*.txt")):
            record = extract(read_text(path.read_text(encoding="utf-8"), path)).to_record()
            out.write(json.dumps(record) + "\n")
    scorer = eval_dev.parent / "score.py"
    result = subprocess.run(
        [sys.executable, str(scorer), "--gold", str(eval_dev), "--pred", str(pred)],
        capture_output=True,
        text=True,
        check=False,
    )
    last = result.stdout.strip().splitlines()[-1]
    found = re.search(r"F1 ([\d.]+) agreement-attributes ([\d.]+)", last)
    assert found, result.stdout + result.stderr
    assert float(found.group(1)) >= FLOOR["fact_f1"], result.stdout
    assert float(found.group(2)) >= FLOOR["agreement_attributes"], result.stdout
