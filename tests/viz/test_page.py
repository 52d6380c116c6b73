"""viz.page and the public API: one self-contained page, inert data, nothing written but the page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.model import Extraction
from kg.store import Store
from tests.viz.conftest import HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_SENTENCE, records
from viz import render_store_html, write_store_html
from viz.page import to_json_script


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: dict[str, str] = {}
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = dict(attrs).get("id")

    def handle_data(self, data):
        if self._in:
            self.data[self._in] = self.data.get(self._in, "") + data


def _parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    return parser


def test_json_script_is_inert_and_round_trips():
    value = {"a": HOSTILE_SCRIPT, "b": HOSTILE_SENTENCE, "c": "\u2029&"}
    text = to_json_script(value)
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == value


def test_page_is_self_contained(store):
    page = render_store_html(store)
    tags = _parse(page).tags
    assert [t for t, a in tags if t in ("link", "iframe", "img", "object", "embed")] == []
    assert [a for t, a in tags if a.get("src") or a.get("href")] == []
    assert page.count("</script>") == 3  # data, vis-network, viewer: the data cannot close its element
    assert "bootstrap" not in page.lower() and "node_modules" not in page
    assert "sourceMappingURL" not in page
    csp = next(a["content"] for t, a in tags if a.get("http-equiv") == "Content-Security-Policy")
    assert (
        "default-src 'none'" in csp
        and "connect-src 'none'" in csp
        and "unsafe-inline" not in csp.split(";")[1]
    )


def test_embedded_data_parses_back_with_hostile_strings(store):
    data = json.loads(_parse(render_store_html(store)).data["kg-data"])
    names = {n["name"] for n in data["nodes"]}
    assert {HOSTILE_IMG, HOSTILE_SCRIPT, "Lotte Biologics"} <= names
    sentences = {e["sentence"] for edge in data["edges"] for e in edge["evidence"]}
    assert HOSTILE_SENTENCE in sentences


def test_agreement_and_site_labels_carry_their_facts(store):
    data = json.loads(_parse(render_store_html(store)).data["kg-data"])
    labels = {
        n["type"]: n["label"]
        for n in data["nodes"]
        if n["type"] in ("Agreement", "Site") and "\n" in n["label"]
    }
    assert labels["Site"] == "Syracuse Bio Campus\nopens 2027"
    assert labels["Agreement"] == "manufacturing · CMO\nPhase 3, commercial\nuntil 2030 · USD 120M"


def test_write_store_html_writes_only_the_page(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report = write_store_html(store, tmp_path / "out" / "graph.html")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "out",
        "out/graph.html",
    ]
    assert (report.nodes, report.edges, report.total, report.note) == (13, 12, 13, "")


def test_empty_store_gives_a_page():
    assert "window.network" in render_store_html(Store.in_memory())


def test_cli_writes_the_page_and_says_where(tmp_path: Path):
    with Store.open(tmp_path / "store") as s:
        s.write([Extraction.from_record(r) for r in records()])
    out = tmp_path / "graph.html"
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "viz", "-o", str(out), "--depth", "1",
                                       "--focus", "Tanaka Pharma"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert str(out) in result.output and out.is_file()
    bad = CliRunner().invoke(
        main, ["--store", str(tmp_path / "store"), "viz", "-o", str(out), "--focus", "Nobody"]
    )
    assert bad.exit_code == 1 and "no company or site named 'Nobody'" in bad.output


def test_cli_reports_what_was_cut(tmp_path: Path):
    with Store.open(tmp_path / "store") as s:
        s.write([Extraction.from_record(r) for r in records()])
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "viz", "-o", str(tmp_path / "g.html"),
                                       "--limit", "3"])  # fmt: skip
    assert result.exit_code == 0 and "Showing 3 of 13 nodes" in result.output
