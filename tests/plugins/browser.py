"""Pytest plugin: a headless Chromium (Debian ``chromium`` driven by playwright) and offline page loading.

Fixtures: ``browser`` (one per session) and ``open_page`` (a fresh page with every network request except
the page's own file aborted; console errors, page errors and requests are recorded on ``page.kg_log``).
Without Chromium the tests that use them skip, unless ``KG_REQUIRE_BROWSER=1`` (CI), where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

__all__ = ["CHROMIUM_FLAGS", "PageLog", "browser", "chromium_path", "open_page"]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """The Chromium executable: ``$KG_CHROMIUM``, then /usr/bin/chromium, then ``chromium`` on PATH."""
    for candidate in (os.environ.get("KG_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def _unavailable(reason: str) -> None:
    if os.environ.get("KG_REQUIRE_BROWSER") == "1":
        pytest.fail(f"KG_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A headless Chromium for the whole session."""
    executable = chromium_path()
    if executable is None:
        _unavailable("Chromium not found (apt-get install chromium, or set KG_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        except Exception as exc:  # playwright raises its own Error type for a browser that won't start
            _unavailable(f"Chromium at {executable} did not start: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What a page did: console errors, uncaught exceptions, and every request it tried (and was refused)."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def open_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """``open_page(path, wait_for=None)`` → a playwright page of that local file, network blocked."""
    contexts = []

    def opener(path: Path, wait_for: str | None = None, viewport: tuple[int, int] = (1400, 900)) -> Any:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        contexts.append(context)
        page = context.new_page()
        log = PageLog()
        own = Path(path).resolve().as_uri()

        def route(r: Any) -> None:
            if r.request.url == own:
                r.continue_()
            else:
                log.requests.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page.on("console", lambda m: log.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: log.page_errors.append(str(e)))
        page.on("request", lambda r: None if r.url == own else log.requests.append(r.url))
        page.on("dialog", lambda d: (log.dialogs.append(d.message), d.dismiss()))
        page.kg_log = log
        page.goto(own)
        if wait_for:
            page.wait_for_function(wait_for, timeout=30_000)
        return page

    yield opener
    for context in contexts:
        context.close()
