"""Neo4j over Bolt: where it is (:class:`Neo4jSettings`), a verified driver (:func:`connect`), and the rows
of one statement (:func:`run_cypher`); every failure is one line naming the URI, never the password.

The Neo4j sink (:mod:`kg.sinks.neo4j`), the query backend and ``kg cypher`` all connect through here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import neo4j
import neo4j.exceptions as nx

from kg.errors import Neo4jError, QueryError

__all__ = ["BOLT_SCHEMES", "Neo4jSettings", "Tracer", "check_uri", "connect", "run_cypher", "run_records"]

Tracer = Callable[[str, Mapping[str, Any]], None]


@dataclass(frozen=True)
class Neo4jSettings:
    """Where Neo4j is and how to log in (defaults: the NEO4J_* environment, then ``make neo4j``'s)."""

    uri: str = "bolt://localhost:7687"
    user: str = "neo4j"
    password: str = "biopharma-kg"
    database: str = "neo4j"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Neo4jSettings:
        """Settings from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD and NEO4J_DATABASE.

        >>> Neo4jSettings.from_env({"NEO4J_URI": "bolt://db:7687"}).uri
        'bolt://db:7687'
        """
        default = cls()
        return cls(
            uri=environ.get("NEO4J_URI") or default.uri,
            user=environ.get("NEO4J_USER") or default.user,
            password=environ.get("NEO4J_PASSWORD") or default.password,
            database=environ.get("NEO4J_DATABASE") or default.database,
        )


def _first_line(exc: BaseException) -> str:
    message = getattr(exc, "message", None) if isinstance(exc, nx.Neo4jError) else None
    text = (message or str(exc) or type(exc).__name__).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _connection_error(exc: BaseException, uri: str) -> Neo4jError:
    if isinstance(exc, nx.AuthError):
        return Neo4jError(f"Neo4j at {uri} refused the credentials: {_first_line(exc)}")
    return Neo4jError(f"cannot reach Neo4j at {uri}: {_first_line(exc)}")


BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def check_uri(uri: str) -> None:
    """Refuse, in one line that never shows a password, a URI the Bolt driver cannot use.

    >>> check_uri("neo4j+s://db.example.org:7687")
    >>> check_uri("bolt://neo4j:secret@localhost:7687")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    kg.errors.Neo4jError: bad Neo4j URI 'bolt://***@localhost:7687': put the user and password in ...
    """
    scheme, sep, rest = uri.partition("://")
    authority = rest.split("/", 1)[0]
    if "@" in authority:
        shown = f"{scheme}://***@{rest.split('@', 1)[1]}"
        raise Neo4jError(f"bad Neo4j URI {shown!r}: put the user and password in NEO4J_USER/NEO4J_PASSWORD "
                         "(--user/--password), not in the URI")  # fmt: skip
    if not sep or scheme.lower() not in BOLT_SCHEMES:
        schemes = ", ".join(s + "://" for s in BOLT_SCHEMES)
        raise Neo4jError(f"bad Neo4j URI {uri!r}: expected one of {schemes} "
                         "(Neo4j's Bolt port, usually 7687, not its HTTP port)")  # fmt: skip


@contextmanager
def connect(settings: Neo4jSettings) -> Iterator[neo4j.Driver]:
    """A verified driver; any connection problem is a one-line :class:`Neo4jError` naming the URI."""
    check_uri(settings.uri)
    try:
        driver = neo4j.GraphDatabase.driver(settings.uri, auth=(settings.user, settings.password))
    except (ValueError, ImportError, nx.ConfigurationError) as exc:
        raise Neo4jError(f"bad Neo4j URI {settings.uri!r}: {_first_line(exc)}") from None
    with driver:
        try:
            driver.verify_connectivity()
        except (nx.Neo4jError, nx.DriverError, OSError) as exc:
            raise _connection_error(exc, settings.uri) from None
        yield driver


def _plain(value: Any) -> Any:
    """Driver values as JSON-able Python: nodes and relationships as property dicts, temporals as ISO."""
    if isinstance(value, dict):
        return {k: _plain(x) for k, x in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(x) for x in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def run_cypher(
    driver: neo4j.Driver,
    cypher: str,
    params: Mapping[str, Any] | None = None,
    *,
    database: str | None = None,
    tracer: Tracer | None = None,
    write: bool = False,
    uri: str = "Neo4j",
) -> list[dict[str, Any]]:
    """Rows of one Cypher statement as dicts; bad Cypher is a :class:`QueryError`, a lost or refused
    connection a :class:`Neo4jError` naming ``uri``."""
    records = run_records(driver, cypher, params, database=database, tracer=tracer, write=write, uri=uri)
    return [_plain(record.data()) for record in records]


def run_records(
    driver: neo4j.Driver,
    cypher: str,
    params: Mapping[str, Any] | None,
    *,
    database: str | None,
    tracer: Tracer | None,
    write: bool,
    uri: str,
) -> list[neo4j.Record]:
    """The records of one statement as the driver gives them (:func:`run_cypher` without the conversion)."""
    params = dict(params or {})
    if tracer is not None:
        tracer(cypher, params)
    mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
    try:
        with driver.session(
            database=database, default_access_mode=mode, notifications_min_severity="OFF"
        ) as s:
            work = s.execute_write if write else s.execute_read
            return work(lambda tx: list(tx.run(cypher, params)))
    except nx.ClientError as exc:
        if isinstance(exc, nx.AuthError):
            raise _connection_error(exc, uri) from None
        if (exc.code or "").startswith("Neo.ClientError.Database."):
            raise Neo4jError(f"Neo4j at {uri}: {_first_line(exc)}") from None
        raise QueryError(f"Cypher failed: {_first_line(exc)}") from None
    except (nx.Neo4jError, nx.DriverError, OSError) as exc:
        raise _connection_error(exc, uri) from None
