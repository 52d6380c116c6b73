"""Viewer benchmark: page export time and time to a stable, interactive layout in headless Chromium.

Generates stores of about 500, 2,000 and 5,000 nodes (companies, sites, agreements, products, countries),
writes each page with :func:`viz.write_store_html`, opens it offline in headless Chromium and reports:
export seconds, page size, time from navigation to the stable layout (``window.kg.ready``) and the time
of one full redraw after that (what a pan or zoom costs). Target: 5,000 nodes interactive within 5 s.

Usage: python benchmarks/viz.py [--sizes 500,2000,5000] [--out DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.model import Extraction  # noqa: E402
from kg.store import Store  # noqa: E402
from tests.plugins.browser import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from viz import write_store_html  # noqa: E402

COUNTRIES = "US DE KR JP CH GB FR IE NL BE SG CN IN IT ES SE DK CA AU AT".split()
TYPES = ["manufacturing", "development", "licensing", "collaboration", "supply", "acquisition"]
TARGET_SECONDS = 5.0


def records(nodes: int, seed: int = 1) -> list[dict[str, Any]]:
    """Announcements whose graph has about ``nodes`` nodes; a few companies take part in many deals."""
    rnd = random.Random(seed)
    companies: list[str] = []
    out: list[dict[str, Any]] = []
    count = len(COUNTRIES)
    while count < nodes:
        i = len(out)

        def company() -> str:
            nonlocal count
            if companies and rnd.random() < 0.55:
                return companies[min(int(rnd.paretovariate(1.2)) - 1, len(companies) - 1)]
            companies.append(f"Company {len(companies):05d} Bio")
            count += 1
            return companies[-1]

        a, b = company(), company()
        while b == a:
            b = company()
        entities = [
            {"id": "e1", "type": "Organization", "name": a},
            {"id": "e2", "type": "Organization", "name": b},
        ]
        facts: list[list[str]] = [
            ["e1", "contracts_with", "e2"],
            ["e1", "headquartered_in", rnd.choice(COUNTRIES)],
        ]
        agreement: dict[str, Any] = {"provider": "e1", "client": "e2", "type": rnd.choice(TYPES),
                                     "end_year": 2026 + rnd.randrange(10), "announced": f"{2018 + i % 8}-06-01",
                                     "value": [{"amount": rnd.randrange(5, 900) * 1e6, "currency": "USD"}]}  # fmt: skip
        count += 1
        if rnd.random() < 0.4:
            entities.append({"id": "s1", "type": "Site", "name": f"Site {i:05d}"})
            facts += [["e1", "operates", "s1"], ["s1", "located_in", rnd.choice(COUNTRIES)],
                      ["s1", "starts_operations", str(2024 + rnd.randrange(6))]]  # fmt: skip
            count += 1
        if rnd.random() < 0.2:
            entities.append({"id": "p1", "type": "Product", "name": f"BIO-{i:05d}"})
            facts.append(["e2", "develops", "p1"])
            agreement["product"] = "p1"
            count += 1
        evidence = [{"fact": 0, "sentence": f"{a} and {b} signed an agreement.", "start": 0, "end": 10},
                    {"agreement": 0, "sentence": f"{a} will provide services to {b}.", "start": 11, "end": 40}]  # fmt: skip
        out.append({"doc": f"bench-{i:06d}.txt", "entities": entities, "facts": facts, "agreements": [agreement],
                    "evidence": evidence, "source": {"title": f"{a} signs with {b}", "published": f"{2018 + i % 8}-06-01",
                                                     "url": f"https://example.com/{i}"}})  # fmt: skip
    return out


def measure_page(path: Path, browser: Any) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    own = path.resolve().as_uri()
    context.route("**/*", lambda r: r.continue_() if r.request.url == own else r.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(own)
    page.wait_for_function("() => window.kg && window.kg.ready", timeout=120_000)
    stable = page.evaluate("window.kg.timings.stable") / 1000
    redraw = page.evaluate(
        "(() => { const t = performance.now(); network.redraw(); return performance.now() - t; })()"
    )
    zoom = page.evaluate(
        "(() => { const t = performance.now(); network.moveTo({scale: network.getScale() * 2});"
        " network.redraw(); return performance.now() - t; })()"
    )
    shown = page.evaluate("network.body.data.nodes.get().length")
    context.close()
    if errors:
        raise RuntimeError(f"{path}: page errors: {errors[:3]}")
    return {"stable": stable, "redraw_ms": redraw, "zoom_ms": zoom, "nodes": shown}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,5000")
    parser.add_argument("--out", type=Path, help="keep the pages here (default: a temporary folder)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        out = args.out or Path(tmp)
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS) if executable else None
        print(f"{'nodes':>7} {'edges':>7} {'export s':>9} {'page MB':>8} {'stable s':>9} {'redraw ms':>10} "
              f"{'zoom ms':>8}  verdict")  # fmt: skip
        worst = 0.0
        for size in sizes:
            store = Store.in_memory()
            store.write([Extraction.from_record(r) for r in records(size)])
            path = out / f"graph-{size}.html"
            t0 = time.perf_counter()
            report = write_store_html(store, path, limit=max(size * 2, 5000))
            export = time.perf_counter() - t0
            mb = path.stat().st_size / 1e6
            if browser is None:
                print(
                    f"{report.nodes:>7,} {report.edges:>7,} {export:>9.2f} {mb:>8.1f}  (no Chromium: layout not timed)"
                )
                continue
            m = measure_page(path, browser)
            total = export + m["stable"] if size >= 5000 else m["stable"]
            worst = max(worst, m["stable"])
            verdict = "ok" if m["stable"] <= TARGET_SECONDS else f"SLOW (target {TARGET_SECONDS:.0f} s)"
            print(f"{report.nodes:>7,} {report.edges:>7,} {export:>9.2f} {mb:>8.1f} {m['stable']:>9.2f} "
                  f"{m['redraw_ms']:>10.0f} {m['zoom_ms']:>8.0f}  {verdict}")  # fmt: skip
            del total
        if browser is not None:
            browser.close()
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
