"""Which addresses kg may connect to: public ones only, unless allowed, checked where the socket connects.

A URL's host is resolved here, every address it resolves to is checked, and the connection is made to an
address that passed (never to the name again, which a second DNS answer could point elsewhere: DNS
rebinding); the socket's peer address is checked once more after connecting. Loopback, private,
link-local (cloud metadata at 169.254.169.254), shared, reserved and multicast addresses are refused
unless ``--allow-private`` (all of them) or ``--allow-address NET`` (those in NET). Every hop of a
redirect connects through here, so a public page redirecting to an internal one is refused too.

>>> guard = AddressGuard()
>>> guard.refusal("93.184.215.14") is None, guard.refusal("10.0.0.7"), guard.refusal("::ffff:127.0.0.1")
(True, 'a private address', 'a loopback address')
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx

from kg.errors import FetchError
from loaders.web.policy import FetchPolicy, Network

__all__ = ["AddressGuard", "GuardedTransport", "Resolver"]

Resolver = Callable[[str, int], list[str]]  # host, port -> addresses


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, as the system resolver answers (IPv6 scope ids dropped)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


class AddressGuard:
    """Decides which addresses may be connected to, and resolves names into addresses that may."""

    def __init__(self, allow_private: bool = False, allowed: Iterable[Network] = (),
                 resolver: Resolver = system_resolver) -> None:  # fmt: skip
        self.allow_private = allow_private
        self.allowed = tuple(allowed)
        self.resolver = resolver

    @classmethod
    def of(cls, policy: FetchPolicy, resolver: Resolver = system_resolver) -> AddressGuard:
        return cls(policy.allow_private, policy.allowed_networks, resolver)

    def refusal(self, address: str) -> str | None:
        """Why ``address`` may not be connected to (``'a loopback address'``), or None when it may."""
        ip = ipaddress.ip_address(address)
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if self.allow_private or any(ip in net for net in self.allowed):
            return None
        if ip.is_global and not ip.is_multicast:
            return None
        for kind in ("loopback", "unspecified", "link_local", "private", "multicast"):
            if getattr(ip, f"is_{kind}"):
                return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind.replace('_', '-')} address"
        return "a reserved address"

    def resolve(self, host: str, port: int) -> list[str]:
        """The addresses of ``host``, all of which may be connected to; a :class:`FetchError` otherwise."""
        try:
            addresses = [host] if _is_address(host) else self.resolver(host, port)
        except socket.gaierror as exc:
            transient = exc.errno in (socket.EAI_AGAIN, getattr(socket, "EAI_SYSTEM", None))
            raise FetchError(f"cannot resolve {host}: {exc.strerror or exc}", transient) from None
        except (OSError, UnicodeError) as exc:
            raise FetchError(f"cannot resolve {host}: {exc}") from None
        if not addresses:
            raise FetchError(f"cannot resolve {host}: no address")
        for address in addresses:
            self.check(host, address)
        return addresses

    def check(self, host: str, address: str) -> None:
        why = self.refusal(address)
        if why is not None:
            named = host if host == address else f"{host} ({address})"
            raise FetchError(f"refused: {named} is {why} (kg fetches from public addresses only; "
                             f"--allow-private or --allow-address allow others)")  # fmt: skip


class _GuardedBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, connecting only to addresses the guard passed, and checking the peer."""

    def __init__(self, guard: AddressGuard) -> None:
        self.guard = guard
        self.inner = httpcore.SyncBackend()

    def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:  # fmt: skip
        error: Exception | None = None
        for address in self.guard.resolve(host, port):
            try:
                stream = self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            peer = stream.get_extra_info("server_addr")
            try:
                self.guard.check(host, str(peer[0]).split("%")[0])
            except FetchError:
                stream.close()
                raise
            return stream
        assert error is not None
        raise error

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:  # fmt: skip
        raise FetchError("refused: no Unix sockets")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport whose every connection goes through an :class:`AddressGuard`; no proxies from the
    environment (a proxy would connect for us, to addresses we never see)."""

    def __init__(self, guard: AddressGuard, connections: int) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=connections,
            max_keepalive_connections=connections,
            keepalive_expiry=5.0,
            network_backend=_GuardedBackend(guard),
        )


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
