"""The done-criterion of fetching: the shared dev announcements, served as newsroom pages in every layout
of tests/plugins/pages.py (built here from the texts, never stored) and fetched through RSS feeds by
``kg extract``, score no lower than the plain texts. Skips when ../shared/eval is absent."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.plugins.newsroom import rss_feed
from tests.plugins.pages import LAYOUTS
from tests.plugins.server import kg


def test_dev_texts_served_as_pages_and_fetched_score_no_lower_than_the_texts(eval_dev, newsroom, tmp_path):
    texts = sorted(eval_dev.glob("*.txt"))
    for layout in LAYOUTS:
        items = []
        for path in texts:
            newsroom.page(f"/{layout}/{path.stem}", path.read_text(encoding="utf-8"), layout=layout)
            items.append((None, path.stem, newsroom.url(f"/{layout}/{path.stem}"), path.stem))
        newsroom.feed(f"/{layout}.rss", rss_feed(layout, items, dated=False))
    feeds = [newsroom.url(f"/{layout}.rss") for layout in LAYOUTS]
    fetched = kg("extract", *feeds, "--format", "json", "--allow-private", "--rate", "1000").stdout
    plain = kg("extract", *texts, "--format", "json").stdout
    baseline = _score(eval_dev, tmp_path / "plain.jsonl", plain.splitlines())
    by_layout: dict[str, list[str]] = {layout: [] for layout in LAYOUTS}
    for line in fetched.splitlines():
        record = json.loads(line)
        layout, stem = record["doc"].rsplit("/", 2)[-2:]
        record["doc"] = f"{stem}.txt"
        by_layout[layout].append(json.dumps(record))
    for layout, lines in by_layout.items():
        assert len(lines) == len(texts), layout
        got = _score(eval_dev, tmp_path / f"{layout}.jsonl", lines)
        assert got[0] >= baseline[0] and got[1] >= baseline[1], (layout, got, baseline)


def _score(dev: Path, pred: Path, lines: list[str]) -> tuple[float, float]:
    """(fact F1, agreement attributes) of the records in ``lines`` by the shared scorer."""
    pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
    command = [sys.executable, str(dev.parent / "score.py"), "--gold", str(dev), "--pred", str(pred)]
    out = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    found = re.search(r"F1 ([\d.]+) agreement-attributes ([\d.]+)", out.strip().splitlines()[-1])
    assert found, out
    return float(found.group(1)), float(found.group(2))
