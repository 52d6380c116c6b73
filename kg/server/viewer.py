"""The HTML viewer at ``/``: the viz package's page, built from the live store.

The one place the server calls the viewer: ``viz.page.render_store_html(store)`` when the viz package
provides it (``viz.render_page(store)`` otherwise), else a small placeholder page.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from kg.store import Store

__all__ = ["render_viewer"]


def _find_renderer() -> Callable[[Store], str] | None:
    try:
        from viz.page import render_store_html  # type: ignore[import-not-found]

        return render_store_html
    except ImportError:
        pass
    try:
        from viz import render_page  # type: ignore[attr-defined]

        return render_page
    except ImportError:
        return None


_RENDERER = _find_renderer()

PLACEHOLDER = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>biopharma-kg</title></head>
<body><h1>biopharma-kg</h1>
<p>The graph viewer is not installed in this build. The store holds {count} statements.</p>
<p>SPARQL endpoint: <a href="{endpoint}">{endpoint}</a> (GET it for the service description).</p>
</body></html>
"""


def render_viewer(store: Store, endpoint: str = "/sparql") -> str:
    """The viewer page for ``store`` (a complete, self-contained HTML document)."""
    if _RENDERER is not None:
        return _RENDERER(store)
    return PLACEHOLDER.format(count=len(store), endpoint=html.escape(endpoint))
