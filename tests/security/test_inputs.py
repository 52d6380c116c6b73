"""Issue 12's input attacks through the real ``kg ingest``, checked in what a real ``kg serve`` answers.

Rows: 4 documents that replaced each other, 9 documents that took minutes to extract, 10 links out of the
ingested folder, devices and FIFOs.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import requests

from tests.plugins.server import kg, running_server

pytestmark = pytest.mark.slow

RELEASE = (
    "{name} signs manufacturing deal\n{name} Biologics signed a manufacturing agreement with Beta Pharma.\n"
)
DOC_KEYS = "SELECT ?doc { ?a bpk:documentKey ?doc } ORDER BY ?doc"


def _served_keys(store: Path) -> list[str]:
    with running_server(store) as url:
        r = requests.post(url, data=DOC_KEYS, headers={"Content-Type": "application/sparql-query",
                                                       "Accept": "text/csv"}, timeout=30)  # fmt: skip
        return r.text.splitlines()[1:]


# --- row 4: documents of the same name replaced each other --------------------------------------------
def test_documents_never_replace_each_other(tmp_path: Path) -> None:
    for folder, name in (("a", "Acme"), ("b", "Gamma")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "press-release.txt").write_text(RELEASE.format(name=name), encoding="utf-8")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "dump.jsonl").write_text(
        json.dumps({"id": "press-release.txt", "text": RELEASE.format(name="Delta")}) + "\n", encoding="utf-8")  # fmt: skip
    (tmp_path / "c" / "feed.xml").write_text(
        '<rss version="2.0"><channel><title>W</title><item><title>Eta signs deal</title>'
        "<guid>press-release.txt</guid><description>Eta Biologics signed a deal.</description></item>"
        "</channel></rss>", encoding="utf-8")  # fmt: skip
    store = tmp_path / "store"
    for folder in ("a", "b", "c", "a"):  # the last run finds the same document again: one document
        kg("--store", store, "ingest", tmp_path / folder)
    assert _served_keys(store) == ["a/press-release.txt", "b/press-release.txt", "guid:press-release.txt",
                                   "id:press-release.txt"]  # fmt: skip


# --- row 9: a document that extracts for minutes held the batch ----------------------------------------
def test_a_document_past_doc_timeout_fails_and_the_batch_goes_on(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    sentence = "Acme Biologics signed a manufacturing agreement with Beta Pharma for its plant in Basel. "
    (docs / "huge.txt").write_text("Huge\n" + sentence * 36_000, encoding="utf-8")  # 3.2 MB
    (docs / "nested.html").write_text("<html><body><article>" + "<blockquote>Acme signs. " * 20_000
                                      + "</blockquote>" * 20_000 + "</article></body></html>")  # fmt: skip
    (docs / "good.txt").write_text(RELEASE.format(name="Acme"), encoding="utf-8")
    store = tmp_path / "store"
    started = time.monotonic()
    run = kg("--store", store, "ingest", docs, "--doc-timeout", "3", check=False)
    assert time.monotonic() - started < 60
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"kg: {docs / 'huge.txt'}: extraction took longer than 3 s; stopped" in run.stderr
    nested_failed = f"kg: {docs / 'nested.html'}: extraction took longer than 3 s; stopped" in run.stderr
    keys = _served_keys(store)
    assert "docs/good.txt" in keys and "docs/huge.txt" not in keys
    assert nested_failed != ("docs/nested.html" in keys)  # read in one pass; extracted in time, or stopped


# --- row 10: links to /etc/passwd and /dev/zero, a FIFO --------------------------------------------------
def test_links_out_of_the_folder_devices_and_fifos_are_never_read(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text(RELEASE.format(name="Acme"), encoding="utf-8")
    (docs / "x.txt").symlink_to("/etc/passwd")
    (docs / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(docs / "pipe.txt")
    store = tmp_path / "store"
    run = kg("--store", store, "ingest", docs, check=False)  # returns: nothing blocks, nothing is read
    assert run.returncode == 1
    assert f"kg: {docs / 'x.txt'}: link to a file outside the ingested folder (/etc/passwd)" in run.stderr
    assert f"kg: {docs / 'zero.txt'}: link to a file outside the ingested folder (/dev/zero)" in run.stderr
    assert f"kg: {docs / 'pipe.txt'}: not a regular file (a FIFO)" in run.stderr
    assert _served_keys(store) == ["docs/good.txt"]
    forced = kg("--store", store, "ingest", docs, "--follow-symlinks", check=False)
    assert f"kg: {docs / 'zero.txt'}: not a regular file (a character device)" in forced.stderr
