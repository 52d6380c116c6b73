"""Who may ask what: the Host a request names, and the proof a write carries (token, same origin).

A server on 127.0.0.1 is reachable from every web page the user opens: a page on another origin can post
a form to it, and a page on a domain that resolves to 127.0.0.1 (DNS rebinding) can even read the answers.
So every request must name one of the server's own host names in ``Host`` (the bound one, loopback names
for a loopback server, or those given with ``kg serve --allowed-host``), and a write (SPARQL Update)
must carry the token printed when the server started (``Authorization: Bearer TOKEN`` or a ``token``
form field) and come from no other origin (``Origin``, ``Sec-Fetch-Site``).

>>> access = Access.for_bind("127.0.0.1", 7878, token="s3cret")
>>> access.host_allowed("localhost:7878"), access.host_allowed("evil.example:7878")
(True, False)
>>> access.write_refusal({"authorization": "Bearer s3cret"}, {}) is None
True
>>> access.write_refusal({"authorization": "Bearer s3cret", "origin": "http://evil.example"}, {})
'writes from another origin (http://evil.example) are refused'
"""

from __future__ import annotations

import hmac
import socket
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["Access"]

LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD = frozenset({"0.0.0.0", "::", ""})


@dataclass(frozen=True)
class Access:
    hosts: frozenset[str]  # host names (lower case, no port, IPv6 without brackets) requests may name
    port: int
    token: str | None = None  # what a write must carry; None: writes are off

    @classmethod
    def for_bind(cls, host: str, port: int, extra: Iterable[str] = (), token: str | None = None) -> Access:
        """The host names of a server bound to ``host``: loopback names for a loopback or wildcard bind
        (plus this machine's names for a wildcard), the bound name otherwise, and ``extra``."""
        names = {host.lower().strip("[]")}
        if names & LOOPBACK or host in WILDCARD:
            names |= LOOPBACK
        if host in WILDCARD:
            names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
        names |= {h.lower().strip("[]") for h in extra}
        return cls(frozenset(names - {""}), port, token)

    def host_allowed(self, host_header: str | None) -> bool:
        """Whether the ``Host`` header names this server (a request without one is let through)."""
        if host_header is None:
            return True
        name = _host_name(host_header)
        return name is not None and name in self.hosts

    def write_refusal(self, headers: Mapping[str, str], form: Mapping[str, list[str]]) -> str | None:
        """Why a write must be refused (one line), or None when it carries the token from no other origin."""
        origin = headers.get("origin")
        if origin is not None and origin != "null" and not self._same_origin(origin):
            return f"writes from another origin ({origin}) are refused"
        if origin == "null" or headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return "writes from another site are refused"
        if self.token is None:
            return (
                "this endpoint is read-only: start it with `kg serve --allow-update` to accept SPARQL Update"
            )
        offered = _bearer(headers.get("authorization")) or (form.get("token") or [""])[-1]
        if not offered or not hmac.compare_digest(offered.encode(), self.token.encode()):
            return "a write needs the token kg serve printed at start (Authorization: Bearer TOKEN)"
        return None

    def _same_origin(self, origin: str) -> bool:
        parts = urlsplit(origin)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return False
        return parts.scheme == "http" and (parts.hostname or "") in self.hosts and port == self.port


def _host_name(host_header: str) -> str | None:
    value = host_header.strip().lower()
    if value.startswith("["):
        name, _, rest = value[1:].partition("]")
        return name if rest in ("",) or (rest.startswith(":") and rest[1:].isdigit()) else None
    name, _, port = value.partition(":")
    return name if not port or port.isdigit() else None


def _bearer(value: str | None) -> str | None:
    if not value:
        return None
    scheme, _, credentials = value.partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" else None
