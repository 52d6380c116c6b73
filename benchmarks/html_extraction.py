"""Main-content extraction from HTML pages, compared on the dev announcements served in four page layouts.

    .venv/bin/python benchmarks/html_extraction.py [--dev ../shared/eval/dev] [--layouts semantic,divs]

Each dev text becomes a page in each layout of ``tests/plugins/pages.py`` (menus, related headlines that
name other companies, share buttons, footers around the article). Each extractor turns the page back into
text; the benchmark prints, per extractor and layout, how much of the article's words came back (recall),
how much of what came back is the article (precision), and the shared scorer's fact F1 and agreement
attributes when the extracted texts go through the extractor (the plain texts score what the first row
says). A benchmark: it prints, it never fails.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.model import Document
from loaders.extraction import extract
from loaders.text import read_text
from tests.plugins.pages import LAYOUTS, render_page

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"
WORD = re.compile(r"\w+")


def by_readability(page: str, name: str) -> Document:
    """What ``kg`` uses (:func:`loaders.html.read_html`): Readability finds the article, lines as laid out."""
    from loaders.html import read_html

    return read_html(page, Path(name), name)


def by_trafilatura(page: str, name: str) -> Document:
    """trafilatura's plain-text output under the page's title (its metadata read as kg reads it)."""
    import trafilatura

    doc = by_landmarks(page, name)
    body = trafilatura.extract(page, output_format="txt", include_comments=False) or ""
    lines = [line for line in body.splitlines() if line.strip() and line.strip() != doc.title]
    return Document(name, "\n".join([doc.title, *lines]), doc.title, doc.published, doc.url)


def by_landmarks(page: str, name: str) -> Document:
    """The rules kg had before: clutter dropped by tag and class name, then <article>, <main> or <body>."""
    from loaders import html as reader

    main = reader._main_content
    try:
        reader._main_content = lambda tree: tree.css_first("article") or tree.css_first("main") or tree.body
        return reader.read_html(page, Path(name), name)
    finally:
        reader._main_content = main


EXTRACTORS: dict[str, Callable[[str, str], Document]] = {
    "readability": by_readability,
    "trafilatura": by_trafilatura,
    "landmarks": by_landmarks,
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--layouts", default=",".join(LAYOUTS))
    args = ap.parse_args()
    paths = sorted(args.dev.glob("*.txt"))
    if not paths:
        print(f"no announcements in {args.dev}")
        return 0
    texts = {p.name: p.read_text(encoding="utf-8") for p in paths}
    print(f"{len(texts)} dev announcements; plain text: {score(args.dev, _plain(texts))}")
    print(f"{'extractor':14} {'layout':9} {'recall':>7} {'precision':>9} {'ms/page':>8}  scores")
    for name, fn in EXTRACTORS.items():
        if name == "trafilatura" and importlib.util.find_spec("trafilatura") is None:
            print("trafilatura    (not installed: pip install -e '.[bench]')")
            continue
        for layout in args.layouts.split(","):
            docs, seconds = {}, 0.0
            for doc_name, text in texts.items():
                page = render_page(text, layout, f"https://news.test/{doc_name}", "2026-01-02")
                began = time.perf_counter()
                docs[doc_name] = fn(page, doc_name)
                seconds += time.perf_counter() - began
            recall, precision = overlap(texts, {k: d.text for k, d in docs.items()})
            ms = 1000 * seconds / len(docs)
            print(f"{name:14} {layout:9} {recall:7.3f} {precision:9.3f} {ms:8.1f}  {score(args.dev, docs)}")
    return 0


def _plain(texts: dict[str, str]) -> dict[str, Document]:
    return {name: read_text(text, Path(name)) for name, text in texts.items()}


def overlap(truth: dict[str, str], got: dict[str, str]) -> tuple[float, float]:
    """Word recall and precision (multisets) of ``got`` against ``truth``, over all documents."""
    hit = want = have = 0
    for name, text in truth.items():
        a, b = Counter(WORD.findall(text.lower())), Counter(WORD.findall(got[name].lower()))
        hit += sum((a & b).values())
        want += sum(a.values())
        have += sum(b.values())
    return hit / want, hit / have if have else 0.0


def score(dev: Path, docs: dict[str, Document]) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        with pred.open("w", encoding="utf-8") as out:
            for name, doc in docs.items():
                record = extract(doc).to_record()
                record["doc"] = name
                out.write(json.dumps(record) + "\n")
        cmd = [sys.executable, str(dev.parent / "score.py"), "--gold", str(dev), "--pred", str(pred)]
        result = subprocess.run(cmd, capture_output=True, text=True)
    found = re.search(r"F1 ([\d.]+) agreement-attributes ([\d.]+)", result.stdout)
    return f"F1 {found.group(1)} attributes {found.group(2)}" if found else result.stdout[-200:]


if __name__ == "__main__":
    raise SystemExit(main())
