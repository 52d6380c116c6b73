"""The ingest pipeline: parallel = serial, idempotent re-runs, bad input reported never fatal, run reports."""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.bench import write_corpus
from kg.cli import main
from kg.pipeline import Progress, Sources, ingest, source_file
from kg.pool import map_ordered
from kg.sinks.rdf import write_rdf
from kg.store import Store
from loaders import files
from tests.records import ACME, BETA


def _nq(store: Store) -> bytes:
    out = io.BytesIO()
    write_rdf(store, "nq", out)
    return out.getvalue()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 120, seed=3)
    return folder


def test_two_jobs_build_the_same_graph_as_one(corpus, tmp_path):
    with Store.open(tmp_path / "one") as one, Store.open(tmp_path / "two") as two:
        r1 = ingest(one, [corpus], jobs=1, batch=25)
        r2 = ingest(two, [corpus], jobs=2, batch=25)
        assert r1.read == r2.read == 120 and r1.ingested == r2.ingested == 120
        assert _nq(one) == _nq(two)


def test_second_run_changes_nothing(corpus, tmp_path):
    with Store.open(tmp_path / "s") as store:
        ingest(store, [corpus], batch=50)
        before = _nq(store)
        again = ingest(store, [corpus], batch=50)
        assert again.unchanged == 120 and again.ingested == 0 and again.written.quads_added == 0
        assert _nq(store) == before


def test_the_store_clusters_reach_the_workers_without_the_environment_and_leave_no_file(
    corpus, tmp_path, monkeypatch
):
    import tempfile

    import kg.pipeline
    import kg.reconcile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the clusters file of a run goes
    written, write_known = [], kg.reconcile.write_known
    monkeypatch.setattr(
        kg.pipeline, "write_known", lambda *a, **k: written.append(write_known(*a, **k)) or written[-1]
    )
    environ = dict(os.environ)
    with Store.open(tmp_path / "s") as store:
        ingest(store, [corpus], jobs=1, batch=50)
        again = ingest(store, [corpus], jobs=2, batch=50)  # the workers resolve with the store's clusters
        assert again.unchanged == 120 and again.ingested == 0 and again.resolution.rewritten == 0
        monkeypatch.setattr(
            kg.pipeline.Flush, "__call__", lambda *a: (_ for _ in ()).throw(OSError("disk full"))
        )
        with pytest.raises(OSError):
            ingest(store, [corpus], jobs=1, batch=50)
    assert written[0] is None and all(written[1:]) and len(written) == 3  # an empty store has no clusters
    assert dict(os.environ) == environ and not list(tmp_path.glob("kg-known-*"))


def test_progress_reaches_the_end(corpus):
    seen: list[Progress] = []
    ingest(Store.in_memory(), [corpus], on_progress=seen.append)
    last = seen[-1]
    assert last.read == 120 and last.bytes_done == last.bytes_total > 0 and last.eta == 0.0
    assert [p.read for p in seen] == sorted(p.read for p in seen)


def _bad_inputs(folder: Path) -> None:
    (folder / "good.txt").write_text("Acme signs deal\nAcme Biologics signed a deal.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_bytes(b"  \n\n ")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "latin1.txt").write_bytes("Café signs deal\nCafé Biologics\n".encode("latin-1"))
    (folder / "huge.txt").write_bytes(b"Title\n" + b"x" * 5000)
    lines = [json.dumps(ACME), "{not json", json.dumps([1, 2]), json.dumps({"doc": "x", "facts": "nope"}),
             json.dumps({"title": "T", "text": "Body", "published": 2024}), json.dumps(BETA)]  # fmt: skip
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "dup.jsonl").write_text(json.dumps(ACME) + "\n", encoding="utf-8")
    (folder / "broken.json").write_text('[{"doc": "a"', encoding="utf-8")
    (folder / "deep.json").write_text("[" * 3000, encoding="utf-8")


def test_bad_input_is_reported_and_the_rest_is_ingested(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 4096)
    _bad_inputs(tmp_path)
    report = ingest(Store.in_memory(), [tmp_path])
    reasons = {Path(p).name: m for p, m in report.failures}
    assert reasons["empty.txt"] == "empty file" and reasons["blank.md"] == "empty file"
    assert reasons["binary.txt"].startswith("binary file")
    assert reasons["latin1.txt"].startswith("not valid UTF-8")
    assert reasons["huge.txt"].startswith("file too large")
    assert reasons["records.jsonl:2"].startswith("not JSON")
    assert reasons["records.jsonl:3"] == "not a JSON object"
    assert "records.jsonl:4" in reasons and "records.jsonl:5" in reasons
    assert reasons["broken.json"].startswith("not JSON") and reasons["deep.json"].startswith("not JSON")
    assert report.ingested == 3  # good.txt, ACME, BETA; the duplicate ACME is unchanged
    assert report.duplicates == [ACME["doc"]]
    assert report.read == report.ingested + report.failed + 1


def test_unreadable_file_is_a_failure(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("A\nbody\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("B\nbody\n", encoding="utf-8")
    real = files.open_regular

    def refuse(path: Path):
        if path.name == "a.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(files, "open_regular", refuse)  # root reads every file: refuse it here
    report = ingest(Store.in_memory(), [tmp_path])
    assert report.failures == [(str(tmp_path / "a.txt"), "Permission denied")] and report.ingested == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads everything")
def test_unreadable_folder_is_a_failure(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (tmp_path / "b.txt").write_text("B\nbody\n", encoding="utf-8")
    locked.chmod(0)
    try:
        report = ingest(Store.in_memory(), [tmp_path])
    finally:
        locked.chmod(0o755)
    assert report.failed == 1 and "cannot list folder" in report.failures[0][1] and report.ingested == 1


def test_jsonl_lines_are_limited_not_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 1024)
    rows = [json.dumps({"id": f"n{i}", "title": f"T{i}", "text": "body " * 20}) for i in range(30)]
    rows.insert(5, json.dumps({"id": "long", "title": "L", "text": "y" * 5000}))
    (tmp_path / "dump.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = ingest(Store.in_memory(), [tmp_path])
    assert report.ingested == 30 and [m for _, m in report.failures] == ["line too long (limit 1024 bytes)"]


def _double(x: int) -> int:
    if x == 13:
        os._exit(3)  # a crash (segfault, OOM kill), not an exception
    if x == 21:
        time.sleep(60)  # a runaway
    return x * 2


def _slow_warm() -> None:
    time.sleep(2.5)  # a worker's imports and tables, on a slow or busy machine


def test_a_workers_warm_up_is_not_its_first_items_time():
    out = list(
        map_ordered(
            _double, [[1, 2], [3]], jobs=1, on_fail=lambda item, why: why, item_timeout=1.0, warm=_slow_warm
        )
    )
    assert out == [[2, 4], [6]]


def test_a_worker_crash_or_overrun_fails_only_its_item():
    chunks = [[i, i + 1, i + 2] for i in range(0, 30, 3)]
    started = time.monotonic()
    out = list(map_ordered(_double, chunks, jobs=2, on_fail=lambda item, why: why, item_timeout=1.0))
    flat = [x for chunk in out for x in chunk]
    assert flat[13] == "crashed its worker process (exit code 3)"
    assert flat[21] == "took longer than 1 s; stopped"
    assert [x for i, x in enumerate(flat) if i not in (13, 21)] == [
        i * 2 for i in range(30) if i not in (13, 21)
    ]
    assert time.monotonic() - started < 20


def test_a_document_past_the_time_limit_fails_with_its_reason_and_the_batch_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text("Acme signs deal\nAcme Biologics signed a deal.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Beta signs deal\nBeta Pharma signed a deal.\n", encoding="utf-8")
    sentence = "Acme Biologics signed a manufacturing agreement with Beta Pharma for its plant in Basel. "
    (tmp_path / "big.txt").write_text(
        "Big\n" + sentence * 30_000, encoding="utf-8"
    )  # 2.7 MB: seconds at best
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)  # would block a reader forever
    started = time.monotonic()
    report = ingest(Store.in_memory(), Sources((tmp_path,), doc_timeout=1.5))
    assert time.monotonic() - started < 20
    assert report.ingested == 2
    assert sorted(report.failures) == [(str(tmp_path / "big.txt"), "extraction took longer than 1.5 s; stopped"),
                                       (str(fifo), "not a regular file (a FIFO)")]  # fmt: skip


def test_failure_paths_name_their_file(tmp_path):
    (tmp_path / "d.jsonl").write_text("{}", encoding="utf-8")
    assert source_file(f"{tmp_path}/d.jsonl:12") == f"{tmp_path}/d.jsonl"
    assert source_file(f"{tmp_path}/d.jsonl") == f"{tmp_path}/d.jsonl"


def test_cli_reports_failures_writes_a_rerun_list_and_exits_1(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("Acme signs deal\nAcme Biologics signed a deal.\n", encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    store, failed = tmp_path / "store", tmp_path / "failed.txt"
    runner = CliRunner()
    args = ["--store", str(store), "ingest", str(docs), "--failed-list", str(failed), "--progress-every", "0"]
    result = runner.invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "kg: progress read=" in result.stderr and "1 ingested" in result.stderr
    assert failed.read_text(encoding="utf-8") == f"{docs / 'empty.txt'}\n"
    logs = sorted((store / "runs").glob("ingest-*.json"))
    log = json.loads(logs[-1].read_text(encoding="utf-8"))
    assert log["failed"] == 1 and log["failures"][0]["reason"] == "empty file" and log["ingested"] == 1

    (docs / "empty.txt").write_text("Now there is text\nBeta Pharma opened a plant.\n", encoding="utf-8")
    rerun = runner.invoke(main, ["--store", str(store), "ingest", "--paths-from", str(failed)])
    assert rerun.exit_code == 0, rerun.output
    assert "1 documents read: 1 ingested" in rerun.stderr


def test_cli_needs_some_paths(tmp_path):
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "s"), "ingest"])
    assert result.exit_code == 2 and "PATHS or --paths-from" in result.output


# --- document identity ---------------------------------------------------------------------------------
RELEASE = "{name} signs deal\n{name} Biologics signed a manufacturing agreement with Beta Pharma.\n"


def _doc_keys(store: Store) -> list[str]:
    return sorted(store.documents())


def test_same_file_names_in_two_folders_are_two_documents(tmp_path):
    for folder, name in (("a", "Acme"), ("b", "Gamma")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "press-release.txt").write_text(RELEASE.format(name=name), encoding="utf-8")
    store_dir = tmp_path / "store"
    for folder in ("a", "b"):  # two runs, as `kg ingest a/` then `kg ingest b/`
        result = CliRunner().invoke(main, ["--store", str(store_dir), "ingest", str(tmp_path / folder)])
        assert result.exit_code == 0, result.output
        assert "replaced" in result.stderr and "1 new" in result.stderr
    with Store.open(store_dir, read_only=True) as store:
        assert _doc_keys(store) == ["a/press-release.txt", "b/press-release.txt"]
        names = {r["n"] for r in store.select("SELECT ?n { ?o a bpk:Organization ; rdfs:label ?n }")}
        assert {"Acme Biologics", "Gamma Biologics"} <= names


def test_feed_guids_and_jsonl_ids_never_replace_a_file_of_that_name(tmp_path):
    (tmp_path / "x.txt").write_text(RELEASE.format(name="Acme"), encoding="utf-8")
    (tmp_path / "dump.jsonl").write_text(
        json.dumps({"id": "x.txt", "text": RELEASE.format(name="Delta")}) + "\n"
    )
    (tmp_path / "feed.xml").write_text(
        '<rss version="2.0"><channel><title>W</title><item><title>Gamma signs deal</title><guid>x.txt</guid>'
        "<description>Gamma Biologics signed a deal.</description></item></channel></rss>", encoding="utf-8")  # fmt: skip
    store = Store.in_memory()
    report = ingest(store, Sources((tmp_path,), root=tmp_path))
    assert report.ingested == 3 and not report.duplicates
    assert _doc_keys(store) == ["guid:x.txt", "id:x.txt", "x.txt"]


def test_a_store_keyed_by_file_names_keeps_its_facts_and_re_ingest_replaces_never_doubles(tmp_path):
    import pyoxigraph as ox

    from kg.resolve import announcement_iri, former_announcement_iri

    news = tmp_path / "news"
    news.mkdir()
    (news / "press-release.txt").write_text(RELEASE.format(name="Acme"), encoding="utf-8")
    (news / "other.txt").write_text(RELEASE.format(name="Gamma"), encoding="utf-8")
    # a store as the version before wrote it: documents keyed by their bare file names
    old = Store.in_memory()
    ingest(old, Sources((news,), root=news))
    nquads = b"".join(ox.serialize(list(old.quads()), format=ox.RdfFormat.N_QUADS).splitlines(keepends=True))
    for doc in ("press-release.txt", "other.txt"):
        nquads = nquads.replace(announcement_iri(doc).encode(), former_announcement_iri(doc).encode())
    store_dir = tmp_path / "store"
    with Store.open(store_dir) as legacy:
        legacy.oxigraph.load(nquads, format=ox.RdfFormat.N_QUADS)
        legacy.oxigraph.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        facts_before = legacy.select("SELECT (COUNT(*) AS ?n) { ?s bpk:contractsWith ?o }")[0]["n"]
    with Store.open(store_dir) as store:  # opened by this version: the facts are all there
        assert store.select("SELECT (COUNT(*) AS ?n) { ?s bpk:contractsWith ?o }")[0]["n"] == facts_before > 0
        report = ingest(store, Sources((news,), root=tmp_path))  # now keyed news/...: replaces, never adds
        assert (report.written.added, report.written.replaced) == (0, 2)
        assert _doc_keys(store) == ["news/other.txt", "news/press-release.txt"] and store.announcements() == 2
        assert ingest(store, Sources((news,), root=tmp_path)).unchanged == 2


def test_extract_names_each_record_by_a_path_ending_in_its_file_name(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deal.txt").write_text(RELEASE.format(name="Acme"), encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "sub"), "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["doc"] == "sub/deal.txt"
