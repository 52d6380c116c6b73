"""Documents from URLs: the pages named, and the pages feeds link to; what is new or changed, in input order.

:meth:`WebSource.read` fetches the URLs it was given (each a page or a feed; a feed's entries are followed
to their pages) in a pool of ``connections`` threads, and yields, in input order, a Document for each page
whose text is new or changed, :class:`NotModified` for each URL with nothing new (a 304, or the same text
as last time), and a :class:`~loaders.files.Failure` for each URL that failed, one line naming it: one
failing URL never stops the others.

What was read from a URL is remembered (:mod:`loaders.web.state`) only once the caller says the document
is safe (:meth:`WebSource.written`); a feed is remembered once every entry it links to is, unless an
entry failed for a passing reason (a timeout, a 5xx), so the next run reads the feed again and retries it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kg.errors import FetchError, KgError
from kg.model import Document
from loaders.files import Failure
from loaders.web.address import AddressGuard
from loaders.web.client import FEED, HTML, HttpClient, Response, Stopped
from loaders.web.documents import read_page
from loaders.web.policy import FetchPolicy
from loaders.web.robots import Robots
from loaders.web.state import FetchState, Seen

__all__ = ["NotModified", "WebSource"]

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class NotModified:
    """A URL with nothing new since it was last read (a 304, or the same text)."""

    url: str


@dataclass
class _Feed:
    """A feed being read in this run: what to remember of it once its entries are all safe."""

    seen: Seen
    open: int = 0  # entries yielded whose documents are not yet safe
    listed: bool = False  # every entry has been handed on
    retry: bool = False  # an entry failed for a passing reason: read the whole feed again next time
    settled: bool = False


@dataclass(frozen=True)
class _Page:
    doc: Document
    seen: Seen | None  # what to remember of its URL once the document is safe
    feed: _Feed | None = None


@dataclass(frozen=True)
class _Same:
    url: str
    seen: Seen


@dataclass(frozen=True)
class _Failed:
    failure: Failure
    transient: bool
    feed: _Feed | None = None


@dataclass(frozen=True)
class _Listing:
    url: str
    feed: _Feed
    entries: list[Document | Failure] = field(default_factory=list)


@dataclass(frozen=True)
class _Entry:
    doc: Document  # the feed's entry; its url is the page to fetch
    feed: _Feed


@dataclass(frozen=True)
class _Listed:
    feed: _Feed


class WebSource:
    """The documents behind ``urls``, fetched under ``policy``; remembers URLs in ``state``."""

    def __init__(self, urls: Iterable[str], policy: FetchPolicy, state: FetchState,
                 guard: AddressGuard | None = None) -> None:  # fmt: skip
        self.urls = tuple(urls)
        self.policy, self.state = policy, state
        self.stop = threading.Event()
        self.client = HttpClient(policy, guard, self.stop)
        self.client.robots = Robots(self.client, state)
        self._waiting: dict[str, list[_Page]] = {}  # document key -> pages whose URLs wait for it
        self._keys: set[str] = set()  # documents yielded in this run
        self._safe: set[str] = set()  # ... and written since
        self._fetched: set[str] = set()  # URLs requested in this run
        self._lock = threading.Lock()

    def read(self) -> Iterator[Document | Failure | NotModified]:
        pool = ThreadPoolExecutor(max(self.policy.connections, 1), thread_name_prefix="kg-fetch")
        window = 2 * max(self.policy.connections, 1)
        try:
            found = _ordered(pool, self._open, self.urls, window)
            for result in _ordered(pool, self._follow, self._entries(found), window):
                yield from self._emit(result)
        finally:
            self.stop.set()
            pool.shutdown(wait=False, cancel_futures=True)

    def written(self, keys: Iterable[str]) -> None:
        """The documents keyed ``keys`` are safe (in the store, or in their files): remember their URLs."""
        for key in keys:
            self._safe.add(key)
            for page in self._waiting.pop(key, []):
                self._remember(page)

    def close(self) -> None:
        self.stop.set()
        self.client.close()

    def __enter__(self) -> WebSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- in the pool's threads ------------------------------------------------------------------------
    def _open(self, url: str) -> Any:
        """A URL given: its page, its feed's listing, or why not."""
        return self._fetch(url, None)

    def _follow(self, item: Any) -> Any:
        """A feed entry: the page it links to (entries without a link are documents already)."""
        return self._fetch(item.doc.url or "", item) if isinstance(item, _Entry) else item

    def _fetch(self, url: str, entry: _Entry | None) -> Any:
        feed = entry.feed if entry is not None else None
        try:
            with self._lock:
                if url in self._fetched:
                    return None  # named twice, or linked from two entries (or two feeds): read once
                self._fetched.add(url)
            seen = self.state.get(url)
            r = self._get(url, seen)
            if r is None:
                return None
            if r.status == 304:
                return _Same(url, _refreshed(seen, r))
            if r.kind == FEED and entry is None:
                return self._listing(url, r, seen)
            if r.kind == HTML:
                return self._page(url, r, seen, entry)
            wanted = "an HTML page" if entry is not None else "an HTML page or a feed"
            raise FetchError(f"not {wanted} ({r.media_type or 'no type given'})")
        except KgError as exc:
            return _Failed(Failure(url, str(exc)), getattr(exc, "transient", False), feed)
        except Exception as exc:  # a reader bug must not stop the batch
            return _Failed(Failure(url, f"could not read: {type(exc).__name__}: {exc}"), False, feed)

    def _get(self, url: str, seen: Seen | None) -> Response | None:
        try:
            return self.client.get(url, seen)
        except Stopped:
            return None

    def _page(self, url: str, r: Response, seen: Seen | None, entry: _Entry | None) -> Any:
        doc = read_page(r, entry.doc if entry else None)
        assert doc.retrieved is not None
        sha = doc.retrieved.sha256
        if seen is not None and seen.sha256 == sha:  # the same text: nothing to extract again
            return _Same(url, Seen(url, r.etag, r.last_modified, sha, seen.fetched, seen.status))
        feed = entry.feed if entry is not None else None
        return _Page(doc, Seen(url, r.etag, r.last_modified, sha, r.fetched, r.status), feed)

    def _listing(self, url: str, r: Response, seen: Seen | None) -> Any:
        from loaders.feed import read_feed

        digest = hashlib.sha256(r.body).hexdigest()
        if seen is not None and seen.sha256 == digest:  # no validators, but the same feed as last time
            return _Same(url, Seen(url, r.etag, r.last_modified, digest, seen.fetched, seen.status))
        entries = list(read_feed(r.body, url, base=r.final_url))
        return _Listing(url, _Feed(Seen(url, r.etag, r.last_modified, digest, r.fetched, r.status)), entries)

    # --- in the reading thread --------------------------------------------------------------------
    def _entries(self, found: Iterator[Any]) -> Iterator[Any]:
        """Results of the URLs given, a feed's listing replaced by its entries (then a mark it is done)."""
        for result in found:
            if not isinstance(result, _Listing):
                yield result
                continue
            for entry in result.entries:
                if isinstance(entry, Failure):
                    yield _Failed(entry, False, result.feed)
                elif entry.url:
                    yield _Entry(entry, result.feed)
                else:  # an entry without a link: its own text is the document, keyed by its guid
                    yield _Page(entry, None, result.feed)
            yield _Listed(result.feed)

    def _emit(self, result: Any) -> Iterator[Document | Failure | NotModified]:
        if isinstance(result, _Page):
            key = result.doc.doc
            if result.feed is not None:
                result.feed.open += 1
            if key in self._safe:
                self._remember(result)
            else:
                self._waiting.setdefault(key, []).append(result)
            if key not in self._keys:  # the same announcement twice in a run (two feeds): once
                self._keys.add(key)
                yield result.doc
        elif isinstance(result, _Same):
            self.state.put(result.seen)
            yield NotModified(result.url)
        elif isinstance(result, _Failed):
            if result.feed is not None and result.transient:
                result.feed.retry = True
            yield result.failure
        elif isinstance(result, _Listed):
            result.feed.listed = True
            self._settle(result.feed)

    def _remember(self, page: _Page) -> None:
        if page.seen is not None:
            self.state.put(page.seen)
        if page.feed is not None:
            page.feed.open -= 1
            self._settle(page.feed)

    def _settle(self, feed: _Feed) -> None:
        if feed.listed and not feed.open and not feed.retry and not feed.settled:
            feed.settled = True
            self.state.put(feed.seen)


def _refreshed(seen: Seen | None, r: Response) -> Seen:
    """What to remember after a 304: the validators it sent (or the ones we had), the rest unchanged."""
    assert seen is not None
    return Seen(seen.url, r.etag or seen.etag, r.last_modified or seen.last_modified, seen.sha256,
                seen.fetched, seen.status)  # fmt: skip


def _ordered(pool: Executor, fn: Callable[[T], R], items: Iterable[T], window: int) -> Iterator[R]:
    """``fn`` over ``items`` in ``pool``, results in input order, at most ``window`` in flight."""
    pending: deque[Future[R]] = deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()
