"""The `kg` command as a user runs it: exit codes, one-line errors, idempotent ingest, exports, validation."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.records import ACME, BETA, record

KG = [sys.executable, "-m", "kg"]


def kg(*args: str, store: Path, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([*KG, "--store", str(store), *args], capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "acme.json").write_text(json.dumps(ACME))
    (folder / "beta.jsonl").write_text(json.dumps(BETA) + "\n")
    return folder


def test_ingest_reports_bad_documents_and_keeps_the_rest(records, store_dir):
    (records / "broken.jsonl").write_text('{"doc": "x.txt", "facts": [\n')
    (records / "empty.txt").write_text("")
    (records / "latin1.txt").write_bytes("Caf\xe9 Biologics signs".encode("latin-1"))
    proc = kg("ingest", str(records), store=store_dir, check=False)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("kg: ")]
    assert any("broken.jsonl:1" in e and "not JSON" in e for e in errors)
    assert any("empty.txt" in e and "empty" in e for e in errors)
    assert any("latin1.txt" in e and "UTF-8" in e for e in errors)
    out = kg("sparql", "SELECT ?doc WHERE { ?a bpk:documentKey ?doc } ORDER BY ?doc", "--format", "json",
             store=store_dir)  # fmt: skip
    assert [r["doc"] for r in json.loads(out.stdout)] == [ACME["doc"], BETA["doc"]]


def test_ingesting_twice_leaves_every_export_unchanged(records, store_dir, tmp_path):
    kg("ingest", str(records), store=store_dir)
    first = {fmt: kg("export", "--format", fmt, store=store_dir).stdout for fmt in ("nq", "ttl", "jsonld")}
    kg("ingest", str(records), store=store_dir)
    second = {fmt: kg("export", "--format", fmt, store=store_dir).stdout for fmt in ("nq", "ttl", "jsonld")}
    for fmt, rdf_format in (("nq", ox.RdfFormat.N_QUADS), ("ttl", ox.RdfFormat.TURTLE)):
        a = set(ox.parse(first[fmt].encode(), format=rdf_format))
        b = set(ox.parse(second[fmt].encode(), format=rdf_format))
        assert a == b and len(a) > 100, fmt
    assert json.loads(first["jsonld"]) == json.loads(second["jsonld"])


def test_reingesting_a_changed_document_replaces_its_facts(records, store_dir):
    kg("ingest", str(records), store=store_dir)
    (records / "acme.json").write_text(json.dumps(record(ACME, agreements=[], evidence=[])))
    kg("ingest", str(records), store=store_dir)
    out = kg(
        "sparql", "SELECT (COUNT(?a) AS ?n) WHERE { ?a a bpk:Agreement }", "--format", "json", store=store_dir
    )
    assert json.loads(out.stdout) == [{"n": 1}]


def test_malformed_sparql_is_one_line_error(records, store_dir):
    kg("ingest", str(records), store=store_dir)
    proc = kg("sparql", "SELECT ?x WHERE { ?x", store=store_dir, check=False)
    assert proc.returncode == 1
    assert proc.stderr.startswith("kg: error: SPARQL syntax error") and proc.stderr.count("\n") == 1


def test_missing_store_is_one_line_error(tmp_path):
    proc = kg("stats", store=tmp_path / "nowhere", check=False)
    assert proc.returncode == 1 and "no store here" in proc.stderr and "Traceback" not in proc.stderr


def test_csv_and_json_output_agree(records, store_dir):
    kg("ingest", str(records), store=store_dir)
    as_json = json.loads(kg("stats", "--format", "json", store=store_dir).stdout)
    as_csv = kg("stats", "--format", "csv", store=store_dir).stdout.splitlines()
    assert as_csv[0] == "kind,name,count"
    assert len(as_csv) - 1 == len(as_json)
    counts = {r["name"]: r["count"] for r in as_json}
    assert (
        counts["bpk:Organization"] == 3 and counts["contracts_with"] == 2 and counts["starts_operations"] == 1
    )


def test_turtle_export_parses_in_an_independent_parser(records, store_dir, tmp_path):
    rapper = shutil.which("rapper")
    if rapper is None:
        if os.environ.get("CI"):
            pytest.fail("rapper (raptor2-utils) is required in CI")
        pytest.skip("rapper (raptor2-utils) not installed")
    kg("ingest", str(records), store=store_dir)
    out = tmp_path / "g.ttl"
    kg("export", "--format", "ttl", "-o", str(out), store=store_dir)
    proc = subprocess.run([rapper, "-c", "-i", "turtle", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "returned" in proc.stderr and " 0 triples" not in proc.stderr


def test_validate_passes_on_good_data_and_fails_on_a_broken_shape(records, store_dir, tmp_path):
    kg("ingest", str(records), store=store_dir)
    ok = kg("validate", "--format", "json", store=store_dir)
    assert "conforms" in ok.stderr
    bad = record(BETA, doc="bad.txt")
    bad["agreements"][0]["type"] = "hostile-takeover"
    bad["agreements"][0]["value"] = [{"amount": 1, "currency": "dollars", "what": "upfront"}]
    (records / "bad.json").write_text(json.dumps(bad))
    kg("ingest", str(records), store=store_dir)
    proc = kg("validate", "--format", "json", store=store_dir, check=False)
    assert proc.returncode == 1
    paths = {v["path"].rsplit("#", 1)[-1] for v in json.loads(proc.stdout)}
    assert {"agreementType", "currency"} <= paths
