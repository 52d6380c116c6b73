"""robots.txt, asked before every request kg makes to a site (RFC 9309; parsed by Protego).

Each site's robots.txt is fetched once per run and kept in the fetch state for a day (then asked for again,
conditionally), so a second run within the day sends no request for it. Its rules for ``biopharma-kg``
(or ``*``) decide each URL; its ``Crawl-delay`` slows requests to the site (at most :data:`MAX_DELAY`).
A robots.txt that does not exist (4xx) allows everything; one that cannot be read (5xx, timeout,
connection refused) forbids the whole site for this run, as the RFC asks.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from protego import Protego

from kg.errors import FetchError
from loaders.web.client import HttpClient
from loaders.web.policy import AGENT
from loaders.web.state import FetchState, Seen

__all__ = ["MAX_BYTES", "MAX_DELAY", "Robots"]

MAX_BYTES = 512 * 1024  # the RFC asks parsers to read at least 500 KiB
MAX_DELAY = 60.0  # seconds: a larger Crawl-delay is taken as this
FRESH = timedelta(hours=24)


class Robots:
    """The robots.txt rules of every site a run meets; call it with a URL before requesting that URL."""

    def __init__(self, client: HttpClient, state: FetchState,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:  # fmt: skip
        self.client, self.state, self.now = client, state, now
        self._rules: dict[str, Protego | str] = {}  # origin -> rules, or why the site is closed this run
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def __call__(self, url: str) -> float | None:
        """The Crawl-delay of ``url``'s site (None if it sets none); a FetchError if ``url`` is disallowed."""
        rules = self._site(url)
        if isinstance(rules, str):
            raise FetchError(f"robots.txt of this site could not be read ({rules}); nothing fetched from it",
                             transient=True)  # fmt: skip
        if not rules.can_fetch(url, AGENT):
            raise FetchError("disallowed by the site's robots.txt; not fetched")
        delay = rules.crawl_delay(AGENT)
        return min(float(delay), MAX_DELAY) if delay else None

    def _site(self, url: str) -> Protego | str:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        with self._lock:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch per site, however many threads ask at once
            if origin not in self._rules:
                self._rules[origin] = self._load(f"{origin}/robots.txt")
            return self._rules[origin]

    def _load(self, robots_url: str) -> Protego | str:
        cached = self.state.get(robots_url)
        now = self.now()
        if cached is not None and cached.fetched and now - _parse(cached.fetched) < FRESH:
            return Protego.parse(_text(cached.body or b""))
        try:
            seen = cached if cached is not None and cached.body else None
            r = self.client.get(robots_url, seen, any_type=True, obey_robots=False, limit=MAX_BYTES)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                self._keep(robots_url, b"", exc.status, None, None)  # no robots.txt: everything allowed
                return Protego.parse("")
            return str(exc)
        body = (cached.body or b"") if r.status == 304 and cached is not None else r.body
        self._keep(robots_url, body, r.status, r.etag, r.last_modified)
        return Protego.parse(_text(body))

    def _keep(self, url: str, body: bytes, status: int, etag: str | None, modified: str | None) -> None:
        digest = hashlib.sha256(body).hexdigest()
        stamp = self.now().strftime("%Y-%m-%dT%H:%M:%SZ")
        self.state.put(Seen(url, etag, modified, digest, stamp, status, body))


def _parse(stamp: str) -> datetime:
    try:
        return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)


def _text(body: bytes) -> str:
    return body.decode("utf-8", "replace")
