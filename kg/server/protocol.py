"""The SPARQL 1.1 Protocol request: what an HTTP request asks for (query, update, or the service description).

Pure functions over method, query string, content type and body: no sockets, so every rule is unit-tested.

>>> read_request("GET", "query=ASK%7B%7D&default-graph-uri=http%3A%2F%2Fex.org%2Fg", None, b"")
QueryRequest(query='ASK{}', default_graphs=('http://ex.org/g',), named_graphs=(), format=None)
>>> read_request("POST", "", "application/sparql-update", b"CLEAR ALL")
UpdateRequest(update='CLEAR ALL', using_graphs=(), using_named_graphs=())
>>> read_request("PUT", "", None, b"").status
405
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs

from pyoxigraph import NamedNode

__all__ = [
    "DescribeService",
    "ProtocolError",
    "QueryRequest",
    "UpdateRequest",
    "read_request",
]

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"


class ProtocolError(Exception):
    """A request the protocol does not allow; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class QueryRequest:
    query: str
    default_graphs: tuple[str, ...] = ()  # default-graph-uri: the query's default graph is their merge
    named_graphs: tuple[str, ...] = ()  # named-graph-uri
    format: str | None = None  # `format=`/`output=` parameter: overrides Accept (browsers, SPARQLWrapper)


@dataclass(frozen=True)
class UpdateRequest:
    update: str
    using_graphs: tuple[str, ...] = ()  # using-graph-uri
    using_named_graphs: tuple[str, ...] = ()  # using-named-graph-uri


@dataclass(frozen=True)
class DescribeService:
    """GET on the endpoint without a query: answer with the service description."""


Operation = QueryRequest | UpdateRequest | DescribeService | ProtocolError


def read_request(method: str, query_string: str, content_type: str | None, body: bytes) -> Operation:
    """The operation an HTTP request asks for, or the :class:`ProtocolError` to answer with."""
    try:
        url_params = _parse_form(query_string)
        if method in ("GET", "HEAD"):
            return _from_get(url_params)
        if method == "POST":
            return _from_post(url_params, content_type, body)
        return ProtocolError(405, f"method {method} is not allowed: use GET or POST ({ALLOWED_METHODS})")
    except ProtocolError as exc:
        return exc


def _from_get(params: dict[str, list[str]]) -> Operation:
    if "update" in params:
        raise ProtocolError(405, "SPARQL Update must be sent with POST, not GET")
    if "query" not in params:
        return DescribeService()
    return _query(_single(params, "query"), params)


def _from_post(url_params: dict[str, list[str]], content_type: str | None, body: bytes) -> Operation:
    media_type, charset = _media_type(content_type)
    if charset not in (None, "utf-8", "utf8", "us-ascii"):
        raise ProtocolError(415, f"charset {charset} is not supported: send UTF-8")
    text = _decode(body)
    if media_type == FORM:
        params = _merge(url_params, _parse_form(text))
        if "query" in params and "update" in params:
            raise ProtocolError(400, "send either query= or update=, not both")
        if "update" in params:
            return _update(_single(params, "update"), params)
        if "query" in params:
            return _query(_single(params, "query"), params)
        raise ProtocolError(400, "the form has neither a query= nor an update= field")
    if media_type == SPARQL_QUERY:
        if "query" in url_params or "update" in url_params:
            raise ProtocolError(400, "the query is in the body: do not also send query= in the URL")
        return _query(text, url_params)
    if media_type == SPARQL_UPDATE:
        if "query" in url_params or "update" in url_params:
            raise ProtocolError(400, "the update is in the body: do not also send update= in the URL")
        return _update(text, url_params)
    if media_type is None:
        raise ProtocolError(415, f"POST needs a Content-Type: {FORM}, {SPARQL_QUERY} or {SPARQL_UPDATE}")
    raise ProtocolError(415, f"Content-Type {media_type} is not supported: use {FORM}, {SPARQL_QUERY} or "
                             f"{SPARQL_UPDATE}")  # fmt: skip


def _query(text: str, params: dict[str, list[str]]) -> QueryRequest:
    fmt = params.get("format") or params.get("output")
    return QueryRequest(
        text, _iris(params, "default-graph-uri"), _iris(params, "named-graph-uri"), fmt[-1] if fmt else None
    )


def _update(text: str, params: dict[str, list[str]]) -> UpdateRequest:
    return UpdateRequest(text, _iris(params, "using-graph-uri"), _iris(params, "using-named-graph-uri"))


def _single(params: dict[str, list[str]], name: str) -> str:
    values = params[name]
    if len(values) != 1:
        raise ProtocolError(400, f"expected exactly one {name}= parameter, got {len(values)}")
    return values[0]


def _iris(params: dict[str, list[str]], name: str) -> tuple[str, ...]:
    values = tuple(params.get(name, ()))
    for value in values:
        try:
            NamedNode(value)
        except ValueError as exc:
            raise ProtocolError(400, f"{name}: {value!r} is not an absolute IRI ({exc})") from None
    return values


def _media_type(content_type: str | None) -> tuple[str | None, str | None]:
    if not content_type or not content_type.strip():
        return None, None
    media_type, *params = (part.strip() for part in content_type.split(";"))
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.lower(), charset


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"the body is not valid UTF-8: {exc.reason} at byte {exc.start}") from None


def _parse_form(text: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "a parameter is not valid percent-encoded UTF-8") from None


def _merge(a: dict[str, list[str]], b: dict[str, list[str]]) -> dict[str, list[str]]:
    merged = {k: list(v) for k, v in a.items()}
    for key, values in b.items():
        merged.setdefault(key, []).extend(values)
    return merged
