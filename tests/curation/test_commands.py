"""``kg curate`` and ``kg review`` as an analyst meets them: one clear error line for bad input and nothing
changed; corrections shared as JSON Lines (stable order, import idempotent); the interactive review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.curation.conftest import MERIDIAN, TLS_310, kg, kg_json


@pytest.fixture
def store(corpus: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store"
    kg("--store", path, "ingest", corpus)
    return path


def _state(store: Path) -> tuple[str, str, str]:
    """Everything a correction could change: the dataset, the corrections, the change journal."""
    return (kg("--store", store, "export", "--format", "nq").stdout, kg("--store", store, "curate", "export").stdout,
            kg("--store", store, "changes", "--since", "0", "--format", "json").stdout)  # fmt: skip


BAD_INPUT = [
    (["curate", "reject", "f-0123456789abcdef"],
     "kg: error: no fact with id 'f-0123456789abcdef' in the store (ids are shown by kg review, kg query and the viewer)"),
    (["curate", "merge", "Meridian Biologics", "meridian biologics"],
     "kg: error: cannot merge a company with itself ('Meridian Biologics')"),
    (["curate", "merge", "Meridian Biologics", "Meridian Biologics AG"],
     "kg: error: 'Meridian Biologics' and 'Meridian Biologics AG' already name one company "
     "(https://w3id.org/biopharma-kg/id/org/meridian-biologics)"),
    (["curate", "merge", "Meridian Biologics", "Raleigh Biologics Plant"],
     "kg: error: cannot merge a company ('Meridian Biologics') with a site ('Raleigh Biologics Plant')"),
    (["curate", "reject", "Meridian Biologics", "sells", "TLS-310"],
     "kg: error: unknown relation 'sells' (expected one of contracts_with, acquires, operates, located_in, "
     "headquartered_in, starts_operations, develops)"),
    (["curate", "reject", "Meridian Biologics", "operates", "Leipzig Plant"],
     "kg: error: no site named 'Leipzig Plant' in the graph"),
    (["curate", "confirm", "evidence/nothing-here"],
     "kg: error: no fact, agreement or evidence with id 'evidence/nothing-here' in the store (ids are shown by "
     "kg review, kg query and the viewer)"),
    (["curate", "add", "Meridian Biologics", "operates", "Leipzig Plant", "--source", "leipzig news",
      "--sentence", "It runs a plant in Leipzig."],
     "kg: error: --source must be the http(s) URL of where the fact is stated, not 'leipzig news'"),
    (["curate", "split", "Meridian Biologics", "Tallis Therapeutics"],
     "kg: error: no merge of 'Meridian Biologics' and 'Tallis Therapeutics' to undo (kg curate split undoes "
     "kg curate merge)"),
]  # fmt: skip


@pytest.mark.parametrize(
    "args, line", BAD_INPUT, ids=lambda x: " ".join(x[1:3]) if isinstance(x, list) else ""
)
def test_bad_input_is_one_clear_line_and_changes_nothing(store: Path, args: list[str], line: str) -> None:
    before = _state(store)
    done = kg("--store", store, *args, check=False)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [line]
    assert _state(store) == before


def test_bad_agreement_edits_are_refused(store: Path) -> None:
    agreement = kg_json("--store", store, "review", "--relation", "agreement")[0]["id"]
    before = _state(store)
    for args, line in (
        (["stage", "Phase 9"], "kg: error: stage 'Phase 9' is not one of preclinical, Phase 1, Phase 2, Phase 3, commercial"),
        (["value", "lots"], "kg: error: value 'lots' is not an amount with a currency (e.g. 'USD 120M', '1.2 billion EUR')"),
        (["colour", "blue"], "kg: error: unknown attribute 'colour' (expected one of type, service, stage, end_year, value)"),
    ):  # fmt: skip
        done = kg("--store", store, "curate", "edit", agreement, *args, check=False)
        assert (done.returncode, done.stderr.splitlines()) == (1, [line])
    assert _state(store) == before
    out = kg("--store", store, "curate", "edit", agreement, "value", "USD 18.5M").stdout
    assert "value = 18500000 USD total" in out


def test_a_malformed_import_line_names_its_line_and_nothing_is_imported(store: Path, tmp_path: Path) -> None:
    kg("--store", store, "curate", "reject", "Meridian Biologics", "develops", "TLS-310")
    good = kg("--store", store, "curate", "export").stdout.splitlines()[0]
    other = tmp_path / "other"
    kg("--store", other, "ingest", tmp_path / "news")
    before = _state(other)
    cases = [
        (f'{good}\n{{"action": "reject"\n', "not JSON (Expecting ',' delimiter at column 20)", 2),
        (f"{good}\n\n{json.dumps(json.loads(good) | {'action': 'delete'})}\n", "unknown action 'delete'", 3),
        (
            f"{json.dumps(json.loads(good) | {'objects': ['not an iri']})}\n",
            "object 'not an iri' is not an IRI",
            1,
        ),
        (
            f"{json.dumps(json.loads(good) | {'why': 'edited by hand'})}\n",
            "does not match the correction's content",
            1,
        ),
    ]
    for text, message, number in cases:
        bad = tmp_path / "bad.jsonl"
        bad.write_text(text, encoding="utf-8")
        done = kg("--store", other, "curate", "import", bad, check=False)
        assert done.returncode == 1 and len(done.stderr.splitlines()) == 1, done.stderr
        assert done.stderr.startswith(f"kg: error: {bad}:{number}: ") and message in done.stderr
        assert _state(other) == before


def test_corrections_travel_as_json_lines_and_import_twice_changes_nothing(
    store: Path, tmp_path: Path
) -> None:
    kg(
        "--store",
        store,
        "curate",
        "reject",
        "Meridian Biologics",
        "develops",
        "TLS-310",
        "--why",
        "manufacturer",
    )
    kg("--store", store, "curate", "merge", "Meridian Biologics", "Meridian Bio")
    kg("--store", store, "curate", "rename", "Tallis Therapeutics", "Tallis Therapeutics Inc.")
    shared = tmp_path / "corrections.jsonl"
    kg("--store", store, "curate", "export", shared)
    lines = shared.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and [json.loads(x)["action"] for x in lines] == ["reject", "merge", "rename"]
    assert all(list(json.loads(x)) == sorted(json.loads(x)) for x in lines)  # keys sorted: files diff well
    colleague = tmp_path / "colleague"
    kg("--store", colleague, "ingest", tmp_path / "news")
    assert "3 corrections imported" in kg("--store", colleague, "curate", "import", shared).stdout
    after = _state(colleague)
    assert (
        "every correction is already in the store"
        in kg("--store", colleague, "curate", "import", shared).stdout
    )
    assert _state(colleague) == after
    assert kg("--store", colleague, "curate", "export").stdout == shared.read_text(encoding="utf-8")
    facts = kg("--store", colleague, "sparql", f"ASK {{ <{MERIDIAN}> bpk:develops <{TLS_310}> }}")
    assert "false" in facts.stdout.lower()


def test_running_a_correction_twice_writes_it_once(store: Path) -> None:
    first = kg("--store", store, "curate", "reject", "Meridian Biologics", "develops", "TLS-310").stdout
    again = kg("--store", store, "curate", "reject", "Meridian Biologics", "develops", "TLS-310").stdout
    assert "change set" in first and again.startswith("already rejected: Meridian Biologics develops TLS-310")
    assert len(kg_json("--store", store, "curate", "list")) == 1


def test_the_review_queue_is_least_confident_first_and_skips_what_was_decided(store: Path) -> None:
    queue = kg_json("--store", store, "review", "--limit", "0")
    sure = [1.0 if r["confidence"] is None else r["confidence"] for r in queue]
    assert sure == sorted(sure) and len(queue) > 5
    assert all(r["sentence"] and r["source"] for r in queue)
    kg("--store", store, "curate", "reject", queue[0]["id"])
    kg("--store", store, "curate", "confirm", queue[1]["id"])
    assert [r["id"] for r in kg_json("--store", store, "review", "--limit", "0")] == [
        r["id"] for r in queue[2:]
    ]
    meridian = kg_json("--store", store, "review", "--company", "Meridian Bio", "--limit", "0")
    assert meridian and all("Meridian Bio" in (r["subject"] + r["object"]) for r in meridian)
    narrow = kg_json(
        "--store", store, "review", "--min-confidence", "0.5", "--max-confidence", "0.9", "--limit", "0"
    )
    assert all(0.5 <= r["confidence"] <= 0.9 for r in narrow)


def test_interactive_review_one_key_each_writes_corrections(store: Path) -> None:
    queue = kg_json("--store", store, "review", "--relation", "operates", "--limit", "0")
    result = CliRunner().invoke(
        main, ["--store", str(store), "review", "--relation", "operates", "--interactive", "--by", "ana"],
        input="rcsq",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"[1/{len(queue)}] {queue[0]['id']}" in result.output and f"[3/{len(queue)}]" in result.output
    assert result.output.rstrip().endswith(f"reviewed 3 of {len(queue)}: 1 confirm, 1 reject, 1 skip")
    made = kg_json("--store", store, "curate", "list")
    assert [(c["action"], c["by"]) for c in made] == [("reject", "ana"), ("confirm", "ana")]
    assert queue[0]["id"] not in {r["id"] for r in kg_json("--store", store, "review", "--limit", "0")}


def test_interactive_edit_of_an_agreement(store: Path) -> None:
    result = CliRunner().invoke(
        main, ["--store", str(store), "review", "--relation", "agreement", "--interactive"],
        input="e" + "stage\n" + "Phase 3;commercial\n" + "q",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "stage = Phase 3, commercial" in result.output
    rows = kg_json("--store", store, "query", "agreements", "--stage", "commercial")
    assert rows and rows[0]["stages"] == ["Phase 3", "commercial"]


def test_the_corrected_graph_still_validates(store: Path) -> None:
    agreement = kg_json("--store", store, "review", "--relation", "agreement")[0]["id"]
    kg("--store", store, "curate", "reject", "Meridian Biologics", "develops", "TLS-310")
    kg("--store", store, "curate", "confirm", "Meridian Biologics", "operates", "Raleigh Biologics Plant")
    kg("--store", store, "curate", "add", "Tallis Therapeutics", "headquartered_in", "US", "--source",
       "https://tallis.example/about", "--sentence", "Tallis Therapeutics is based in Boston.")  # fmt: skip
    kg("--store", store, "curate", "merge", "Meridian Biologics", "Meridian Bio")
    kg("--store", store, "curate", "edit", agreement, "value", "EUR 40M upfront")
    kg("--store", store, "curate", "confirm", agreement)
    done = kg("--store", store, "validate", check=False)
    assert done.returncode == 0, done.stdout + done.stderr
