"""One HTTP(S) GET as kg makes it: paced, guarded, conditional, bounded, retried; failures as FetchError.

For each hop (redirects are followed here, at most ``max_redirects``): only ``http``/``https``; the host's
addresses checked (:mod:`loaders.web.address`); robots.txt asked (:mod:`loaders.web.robots`); a slot taken
from the host's pacing (:mod:`loaders.web.pacing`); the request sent with the tool's User-Agent and, when
the URL was seen before, ``If-None-Match``/``If-Modified-Since``. A 304 is an answer of its own; a body is
refused when its type is neither a page nor a feed (before it is read), streamed and cut past
``max_bytes`` (a ``Content-Length`` that says so is refused unread) or past ``deadline`` seconds. A
timeout, a refused connection, a 429 or a 5xx is retried with backoff (``Retry-After`` honoured up to
``max_wait``); any other 4xx fails at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from kg.errors import FetchError, KgError
from loaders.web.address import AddressGuard, GuardedTransport
from loaders.web.pacing import HostPacing
from loaders.web.policy import FetchPolicy
from loaders.web.state import Seen

__all__ = ["FEED", "HTML", "HttpClient", "Response", "Stopped", "check_url", "media_kind"]

HTML = "html"
FEED = "feed"
_TYPES = {
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "application/rss+xml": FEED,
    "application/atom+xml": FEED,
    "application/rdf+xml": FEED,
    "application/xml": FEED,
    "text/xml": FEED,
}
_UNKNOWN = ("", "application/octet-stream", "binary/octet-stream")
ACCEPT = (
    "text/html,application/xhtml+xml,application/atom+xml,application/rss+xml,application/xml;q=0.9,*/*;q=0.1"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRIED = frozenset({408, 425, 429})


class Stopped(KgError):
    """The run was asked to stop (Ctrl-C, SIGTERM) before this request was made."""


@dataclass(frozen=True)
class Response:
    """What one GET brought back: a body (2xx) or nothing new (304)."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    media_type: str  # lower case, no parameters; "" when not said
    charset: str | None
    body: bytes
    etag: str | None
    last_modified: str | None
    fetched: str  # ISO 8601 UTC, seconds

    @property
    def kind(self) -> str | None:
        """``html`` or ``feed`` (from the type, or the first bytes when the type says nothing), else None."""
        return media_kind(self.media_type, self.body)


class _Transient(FetchError):
    def __init__(self, message: str, retry_after: float | None = None, status: int | None = None) -> None:
        super().__init__(message, transient=True, status=status)
        self.retry_after = retry_after


def check_url(url: str) -> str:
    """``url`` when it is an absolute http(s) URL with a host; a FetchError saying why not otherwise.

    >>> check_url("file:///etc/passwd")
    Traceback (most recent call last):
    ...
    kg.errors.FetchError: only http and https URLs are fetched, not file:
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise FetchError(f"not a valid URL: {exc}") from None
    if not parts.scheme:
        raise FetchError("not a URL (http:// or https:// expected)")
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme}:")
    if not host:
        raise FetchError("URL has no host")
    if parts.username or parts.password:
        raise FetchError("URLs with a user name or password are not fetched")
    return url


def media_kind(media_type: str, head: bytes = b"") -> str | None:
    """``html``, ``feed`` or None for a response's media type; an unsaid type is told by the first bytes.

    >>> media_kind("text/html"), media_kind("application/pdf"), media_kind("", b"<?xml ...><rss>")
    ('html', None, 'feed')
    """
    if media_type not in _UNKNOWN:
        return _TYPES.get(media_type)
    start = head[:512].lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return HTML
    if start.startswith(b"<?xml") or start.startswith((b"<rss", b"<feed", b"<rdf")):
        return FEED
    return None


class HttpClient:
    """Makes GETs under a :class:`FetchPolicy`; thread-safe (one client serves a run's threads)."""

    def __init__(self, policy: FetchPolicy, guard: AddressGuard | None = None,
                 stop: threading.Event | None = None) -> None:  # fmt: skip
        self.policy = policy
        self.guard = guard or AddressGuard.of(policy)
        self.stop = stop or threading.Event()
        self.pacing = HostPacing(policy.rate, policy.host_connections, sleep=self._sleep)
        self.robots: Callable[[str], float | None] | None = None  # checks a URL, returns its Crawl-delay
        self._http = httpx.Client(
            transport=GuardedTransport(self.guard, policy.connections),
            headers=policy.headers,
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,
            trust_env=False,
        )
        self._hosts: dict[tuple[str, int], FetchError | None] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, seen: Seen | None = None, any_type: bool = False, obey_robots: bool = True,
            limit: int | None = None) -> Response:  # fmt: skip
        """GET ``url`` (conditionally when ``seen`` has validators), retried as the module says.

        ``any_type``: read a body of any media type, not only pages and feeds; ``limit``: bytes (default
        the policy's ``max_bytes``); ``obey_robots``: False for robots.txt itself.
        """
        check_url(url)
        tries = self.policy.retries + 1
        for attempt in range(tries):
            try:
                return self._get(url, seen, any_type, obey_robots, limit or self.policy.max_bytes)
            except _Transient as exc:
                if attempt + 1 == tries:
                    raise FetchError(f"{exc} (tried {tries} times)", True, exc.status) from None
                wait = exc.retry_after if exc.retry_after is not None else self.policy.backoff * 2**attempt
                if wait > self.policy.max_wait:
                    raise FetchError(f"{exc}; asked to retry after {wait:g} s", True, exc.status) from None
                self._sleep(wait)
        raise AssertionError("unreachable")

    def _get(self, url: str, seen: Seen | None, any_type: bool, obey_robots: bool, limit: int) -> Response:
        headers = {"Accept": ACCEPT}
        if seen is not None and seen.etag:
            headers["If-None-Match"] = seen.etag
        if seen is not None and seen.last_modified:
            headers["If-Modified-Since"] = seen.last_modified
        hop = url
        for _ in range(self.policy.max_redirects + 1):
            parts = urlsplit(check_url(hop))
            host = (parts.hostname or "").lower()
            self._check_host(host, parts.port or (443 if parts.scheme.lower() == "https" else 80))
            delay = self.robots(hop) if obey_robots and self.robots is not None else None
            with self.pacing.slot(host, delay):
                if self.stop.is_set():
                    raise Stopped("stopped")
                answer = self._send(url, hop, headers, seen, any_type, limit)
            if isinstance(answer, Response):
                return answer
            hop = answer
        raise FetchError(f"more than {self.policy.max_redirects} redirects")

    def _send(self, url: str, hop: str, headers: dict[str, str], seen: Seen | None, any_type: bool,
              limit: int) -> Response | str:  # fmt: skip
        """One request: its Response, or the URL a redirect points to."""
        try:
            with self._http.stream("GET", hop, headers=headers) as r:
                if r.status_code in _REDIRECTS:
                    location = r.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {r.status_code} redirect without a Location")
                    return urljoin(hop, location.strip())
                _check_status(r, seen)
                media_type, _, params = r.headers.get("content-type", "").partition(";")
                media_type = media_type.strip().lower()
                if not any_type and media_type not in _UNKNOWN and media_kind(media_type) is None:
                    raise FetchError(f"not an HTML page or a feed ({media_type}); not read")
                body = b"" if r.status_code == 304 else self._read(r, limit)
                return Response(url, hop, r.status_code, media_type, _charset(params), body,
                                r.headers.get("etag"), r.headers.get("last-modified"), _now())  # fmt: skip
        except httpx.TimeoutException:
            raise _Transient(f"timed out (no answer within {self.policy.timeout:g} s)") from None
        except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Transient(f"connection failed: {_first_line(exc)}") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"request failed: {_first_line(exc)}") from None

    def _read(self, r: httpx.Response, limit: int) -> bytes:
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"too large: {declared} bytes (limit {limit}); not read")
        ends = time.monotonic() + self.policy.deadline
        parts, size = [], 0
        for chunk in r.iter_bytes(65536):
            size += len(chunk)
            if size > limit:
                raise FetchError(f"too large: more than {limit} bytes; not read further")
            if time.monotonic() > ends:
                raise _Transient(f"too slow: not all sent within {self.policy.deadline:g} s")
            if self.stop.is_set():
                raise Stopped("stopped")
            parts.append(chunk)
        return b"".join(parts)

    def _check_host(self, host: str, port: int) -> None:
        """The host's addresses may be connected to (checked again where the socket connects); once a run."""
        with self._lock:
            known = (host, port) in self._hosts
            error = self._hosts.get((host, port))
        if not known:
            try:
                self.guard.resolve(host, port)
                error = None
            except FetchError as exc:
                error = exc
            if error is None or not error.transient:
                with self._lock:
                    self._hosts[(host, port)] = error
        if error is not None:
            raise error

    def _sleep(self, seconds: float) -> None:
        if self.stop.wait(seconds):
            raise Stopped("stopped")


def _check_status(r: httpx.Response, seen: Seen | None) -> None:
    status = r.status_code
    if 200 <= status < 300 and status != 204:
        return
    if status == 304 and seen is not None:
        return
    reason = f"HTTP {status} {r.reason_phrase}".strip()
    if status >= 500 or status in _RETRIED:
        raise _Transient(reason, _retry_after(r.headers.get("retry-after")), status)
    raise FetchError(reason, status=status)


def _retry_after(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (a number, or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max((parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds(), 0.0)
    except (TypeError, ValueError):
        return None


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
