"""What a SPARQL text may do, checked before the engine parses it: its shape, and where it may reach.

The engine (Oxigraph) parses and evaluates by recursion: a group pattern nested 3,000 deep, 1,000 nested
function calls or 10,000 chained operators overflow its stack and kill the process. :func:`check_sparql`
refuses such texts first, on a tokenization that skips strings, IRIs and comments: nesting deeper than
``max_depth``, more than ``max_operators`` operators and keywords or ``max_separators`` triple patterns,
a run of unary operators. It also
finds every ``SERVICE`` (queries) and ``LOAD`` (updates), which make the engine send HTTP requests: both
are refused unless an :class:`Outbound` policy allows their host, and then only with the target written
as a full ``<http(s)://...>`` IRI whose address is not loopback, private or link-local (unless
``allow_private``). What is left (a query that runs away, or crashes the engine some other way) is
stopped by the worker process evaluating it (:mod:`kg.server.pool`).

>>> check_sparql("SELECT * { ?s ?p ?o }")
>>> check_sparql("ASK " + "{" * 100 + "}" * 100)
Traceback (most recent call last):
...
kg.guard.GuardError: query nested too deeply (100 levels; the limit is 64)
>>> check_sparql("SELECT * { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kg.guard.GuardError: SERVICE is not allowed here: no request goes ... (kg serve --allow-service HOST)
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from kg.errors import QueryError

__all__ = ["GuardError", "Limits", "Outbound", "check_sparql"]


class GuardError(QueryError):
    """A SPARQL text refused before parsing; str() is the one-line reason (HTTP 400)."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 4 * 2**20  # query text (updates may carry data: see kg.server's request cap)
    max_depth: int = 64  # nested { ( [
    max_operators: int = 2500  # keywords and operators (3,000 OPTIONAL in a row overflow the engine)
    max_separators: int = 4000  # . , ; in a query (10,000 triple patterns overflow it); updates: no limit
    max_unary_run: int = 64  # ! ! ! ... or - - - ...


@dataclass(frozen=True)
class Outbound:
    """Which hosts SERVICE (queries) and LOAD (updates) may reach; by default none."""

    service_hosts: tuple[str, ...] = ()  # exact host names, or ".example.org" for its subdomains
    load_hosts: tuple[str, ...] = ()
    allow_private: bool = False  # loopback, private, link-local and reserved addresses


NO_OUTBOUND = Outbound()
# Tokens as the SPARQL grammar has them (IRIREF with \u escapes, PN_LOCAL with \# escapes, exact
# numbers), so that nothing the engine reads as code is taken here for a string, an IRI or a comment.
_TOKEN = re.compile(
    r'''(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
         |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*'
         |\#[^\n\r]*|[?$]\w+|_:[\w.-]+|@[A-Za-z]+(?:-[A-Za-z0-9]+)*
         |(?:[A-Za-z_][\w.-]*)?:(?:[\w.:%-]|\\[_~.!$&'()*+,;=/?\#@%-])*
         |\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
       |(?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
       |(?P<open>[{(\[])|(?P<close>[})\]])
       |(?P<word>[A-Za-z_]\w*)
       |(?P<sep>[.,;])
       |(?P<op>\|\||&&|!=|<=|>=|\^\^|[!^+\-*/|=<>?])
       |(?P<space>\s+)''',
    re.VERBOSE,
)
_UNARY = frozenset("!-+^")


def check_sparql(
    text: str, update: bool = False, limits: Limits = Limits(), outbound: Outbound = NO_OUTBOUND
) -> None:
    """Raise :class:`GuardError` for a query (or ``update``) the engine must not be given."""
    what = "update" if update else "query"
    size = len(text.encode("utf-8"))
    if size > limits.max_bytes:
        raise GuardError(f"{what} too large ({size} bytes; the limit is {limits.max_bytes})")
    depth = deepest = operators = separators = unary = 0
    tokens = _tokens(text)
    for kind, value in tokens:
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "iri":  # `?a<((((1))))>?b` is an IRI here and nested brackets to the engine
            deepest = max(deepest, depth + _nesting(value))
        elif kind == "close":
            depth -= 1
        elif kind in ("op", "word"):
            operators += 1
        elif kind == "sep":
            separators += 1
        unary = unary + 1 if kind == "op" and value in _UNARY else 0
        if unary > limits.max_unary_run:
            raise GuardError(f"{what} has a run of more than {limits.max_unary_run} unary operators")
        if kind == "word" and value.upper() in ("SERVICE", "LOAD"):
            _check_target(value.upper(), tokens, outbound)
    if deepest > limits.max_depth:
        raise GuardError(f"{what} nested too deeply ({deepest} levels; the limit is {limits.max_depth})")
    if operators > limits.max_operators:
        raise GuardError(f"{what} too complex ({operators} operators and keywords; the limit is "
                         f"{limits.max_operators})")  # fmt: skip
    if separators > limits.max_separators and not update:
        raise GuardError(f"{what} too long ({separators} triple patterns and list items; the limit is "
                         f"{limits.max_separators})")  # fmt: skip


def _nesting(text: str) -> int:
    depth = deepest = 0
    for ch in text:
        depth += 1 if ch in "([" else -1 if ch in ")]" else 0
        deepest = max(deepest, depth)
    return deepest


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    """Significant tokens; anything the pattern does not know counts as an operator (never skipped)."""
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            yield "op", text[pos]
            pos += 1
            continue
        pos = match.end()
        if match.lastgroup not in ("skip", "space"):
            yield match.lastgroup or "op", match.group()


def _check_target(keyword: str, tokens: Iterator[tuple[str, str]], outbound: Outbound) -> None:
    hosts = outbound.service_hosts if keyword == "SERVICE" else outbound.load_hosts
    option = "--allow-service" if keyword == "SERVICE" else "--allow-load"
    kind, value = next(tokens, ("", ""))
    if kind == "word" and value.upper() == "SILENT":
        kind, value = next(tokens, ("", ""))
    if not hosts:
        raise GuardError(f"{keyword} is not allowed here: no request goes to another server unless allowed "
                         f"(kg serve {option} HOST)")  # fmt: skip
    if kind != "iri":
        raise GuardError(
            f"{keyword} needs its target as a full IRI <http://host/...>, not {value or 'nothing'}"
        )
    url = urlsplit(value[1:-1])
    host = (url.hostname or "").lower()
    if url.scheme not in ("http", "https") or not host:
        raise GuardError(f"{keyword} {value}: only http(s) IRIs with a host are allowed")
    if not any(host == h or (h.startswith(".") and host.endswith(h)) for h in hosts):
        raise GuardError(f"{keyword} {value}: host {host} is not in the allowed list ({option})")
    if not outbound.allow_private:
        _check_public(keyword, value, host, url.port or (443 if url.scheme == "https" else 80))


def _check_public(keyword: str, value: str, host: str, port: int) -> None:
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)}
    except (OSError, UnicodeError) as exc:
        raise GuardError(f"{keyword} {value}: cannot resolve {host} ({exc})") from None
    for address in addresses:
        ip = ipaddress.ip_address(str(address).split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise GuardError(f"{keyword} {value}: {host} is a loopback, private or reserved address "
                             f"({ip}); refused (--allow-private-addresses)")  # fmt: skip
