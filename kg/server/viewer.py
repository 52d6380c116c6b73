"""The HTML viewer at ``/``: the viz package's page (:func:`viz.render_store_html`), built from the store."""

from __future__ import annotations

from kg.store import Store
from viz import render_store_html

__all__ = ["render_viewer"]


def render_viewer(store: Store, curate: bool = False) -> str:
    """The viewer page for ``store`` (a complete, self-contained HTML document); ``curate``: with the
    confirm and reject buttons of ``kg serve --curate``."""
    return render_store_html(store, curate=curate)
