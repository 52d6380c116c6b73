"""Announcements from the web: newsroom pages and RSS/Atom feeds over HTTP(S), fetched politely and safely.

One direction of flow: :mod:`~loaders.web.source` (which URLs, in what order, what is new) asks
:mod:`~loaders.web.client` for each GET, which goes through :mod:`~loaders.web.address` (public addresses
only), :mod:`~loaders.web.robots` (robots.txt) and :mod:`~loaders.web.pacing` (per-host rate and
concurrency), sends what :mod:`~loaders.web.state` remembers (ETag, Last-Modified) and hands the body to
:mod:`~loaders.web.documents` (a page as a Document, keyed by its canonical URL) or to
:mod:`loaders.feed`. The defaults (:class:`~loaders.web.policy.FetchPolicy`): 1 request a second and 2 at
once per host, 8 in all, 20 s timeouts, 20 MB bodies, 2 retries.

>>> is_url("https://news.test/feed.xml"), is_url("file:///etc/passwd"), is_url("examples/a.txt")
(True, True, False)
"""

from __future__ import annotations

from loaders.files import is_url
from loaders.web.address import AddressGuard
from loaders.web.policy import FetchPolicy, parse_networks
from loaders.web.source import NotModified, WebSource
from loaders.web.state import FetchState

__all__ = [
    "AddressGuard",
    "FetchPolicy",
    "FetchState",
    "NotModified",
    "WebSource",
    "is_url",
    "parse_networks",
]
