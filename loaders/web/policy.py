"""How politely and how safely kg fetches: one value the commands build from their options.

>>> policy = FetchPolicy(contact="news-team@example.org")
>>> policy.user_agent.startswith("biopharma-kg/") and "contact: news-team@example.org" in policy.user_agent
True
>>> policy.rate, policy.host_connections, policy.max_bytes // 2**20
(1.0, 2, 20)
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version

from kg.errors import InputError

__all__ = ["AGENT", "HOME", "FetchPolicy", "parse_networks"]

AGENT = "biopharma-kg"  # the product token robots.txt rules are matched against
HOME = "https://w3id.org/biopharma-kg"  # where a site owner reads what the tool is

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class FetchPolicy:
    """Limits and manners for every request ``kg`` makes (robots.txt is always obeyed: no switch)."""

    rate: float = 1.0  # requests per second to one host (robots.txt's Crawl-delay slows it further)
    host_connections: int = 2  # requests in flight to one host at once
    connections: int = 8  # requests in flight in all
    timeout: float = 20.0  # seconds to connect, and at most between two reads of a response
    deadline: float = 120.0  # seconds a whole response may take (a page that trickles is cut)
    max_bytes: int = 20 * 2**20  # a larger body is refused (read no further than this)
    retries: int = 2  # more tries after a timeout, a refused connection, a 429 or a 5xx
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    max_wait: float = 60.0  # a Retry-After longer than this fails the URL instead of waiting
    max_redirects: int = 5
    allow_private: bool = False  # connect to loopback, private, link-local and reserved addresses too
    allowed_networks: tuple[Network, ...] = ()  # those networks only (an intranet newsroom, say)
    contact: str | None = None  # an e-mail address or URL where site owners reach whoever runs kg

    @property
    def user_agent(self) -> str:
        """``biopharma-kg/VERSION (+HOME; contact: ...)``: the tool, where to read about it, whom to ask."""
        contact = f"; contact: {self.contact}" if self.contact else ""
        return f"{AGENT}/{_version()} (+{HOME}{contact})"

    @property
    def headers(self) -> dict[str, str]:
        """Headers every request carries; ``From`` (RFC 9110) when the contact is an e-mail address."""
        out = {"User-Agent": self.user_agent}
        if self.contact and "@" in self.contact and "://" not in self.contact:
            out["From"] = self.contact
        return out


def parse_networks(values: tuple[str, ...] | list[str]) -> tuple[Network, ...]:
    """``--allow-address`` values (an address or a CIDR block) as networks; a clear error for a bad one.

    >>> parse_networks(["10.2.0.0/16", "127.0.0.1"])
    (IPv4Network('10.2.0.0/16'), IPv4Network('127.0.0.1/32'))
    """
    out = []
    for value in values:
        try:
            out.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise InputError(f"--allow-address {value!r}: not an IP address or CIDR block") from None
    return tuple(out)


@cache
def _version() -> str:
    try:
        return version("biopharma-kg")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0"
