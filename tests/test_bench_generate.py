"""The synthetic corpus: deterministic, varied, gold records valid and in the eval/FORMAT.md shape."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import pytest
from click.testing import CliRunner

from kg.bench import make_announcement
from kg.cli import main
from kg.model import Extraction
from tests.conftest import SHARED

KINDS = {
    "cmo-contract",
    "cdmo-contract",
    "licensing",
    "collaboration",
    "acquisition",
    "site-expansion",
    "none",
}


def test_same_seed_same_corpus_other_seed_other_corpus():
    assert make_announcement(1, 5) == make_announcement(1, 5)
    assert make_announcement(1, 5) != make_announcement(2, 5)


def test_gold_records_are_valid_and_varied():
    anns = [make_announcement(0, i) for i in range(400)]
    kinds = Counter(a.gold["kind"] for a in anns)
    assert set(kinds) == KINDS
    predicates = Counter(p for a in anns for _, p, _ in a.gold["facts"])
    assert set(predicates) == {"contracts_with", "acquires", "operates", "located_in", "headquartered_in",
                               "starts_operations", "develops"}  # fmt: skip
    assert any(e.get("undisclosed") for a in anns for e in a.gold["entities"])
    assert any(ag["value"] for a in anns for ag in a.gold["agreements"])
    for a in anns:
        Extraction.from_record(a.gold)  # ids resolve, predicates known
        assert a.text.split("\n", 1)[0].strip() and set(a.gold) >= {
            "doc",
            "source",
            "kind",
            "entities",
            "facts",
        }
        used = {x for f in a.gold["facts"] for x in (f[0], f[2])}
        used |= {
            v for ag in a.gold["agreements"] for k, v in ag.items() if k in ("provider", "client", "product")
        }
        used |= {p for ag in a.gold["agreements"] for p in ag.get("partner", [])}
        assert {e["id"] for e in a.gold["entities"]} <= used, a.name  # entities take part in something
        for e in a.gold["entities"]:
            assert not e["name"] or e["name"] in a.text or any(x in a.text for x in e.get("aliases", []))


def test_cli_writes_text_and_gold_pairs(tmp_path):
    result = CliRunner().invoke(main, ["bench", "generate", "--docs", "25", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    texts, golds = sorted(tmp_path.glob("*.txt")), sorted(tmp_path.glob("*.gold.json"))
    assert len(texts) == len(golds) == 25
    for gold in golds:
        record = json.loads(gold.read_text(encoding="utf-8"))
        assert (tmp_path / record["doc"]).is_file()


def test_score_py_gives_gold_against_itself_full_marks(tmp_path):
    score = SHARED / "eval" / "score.py"
    if not score.is_file():
        pytest.skip("../shared/eval/score.py not present")
    CliRunner().invoke(main, ["bench", "generate", "--docs", "60", "-o", str(tmp_path / "gold")])
    pred = tmp_path / "pred.jsonl"
    lines = [
        p.read_text(encoding="utf-8").replace("\n", " ") for p in sorted((tmp_path / "gold").glob("*.json"))
    ]
    pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(score), "--gold", str(tmp_path / "gold"), "--pred", str(pred)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert done.stdout.strip().splitlines()[-1].split()[-1] in ("1.000", "1.0", "1.00")
