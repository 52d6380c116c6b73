"""Library errors: every failure a user can cause is a KgError; only the CLI turns them into messages."""

__all__ = ["FetchError", "InputError", "KgError", "Neo4jError", "QueryError", "RecordError", "StoreError"]


class KgError(Exception):
    """Base class; str(error) is a one-line message fit for a user."""


class InputError(KgError):
    """A document could not be read (missing, unreadable, wrong encoding, empty, too large)."""


class RecordError(InputError):
    """An extraction record (JSON) does not have the expected shape."""


class FetchError(InputError):
    """A URL could not be fetched (refused address, robots.txt, HTTP error, timeout, too large, wrong type).

    ``transient``: the same request may well succeed later (a timeout, a 5xx, a refused connection); a
    feed whose items failed only so is fetched again in full next time, not answered from its validators.
    """

    def __init__(self, message: str, transient: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.status = status  # the HTTP status that caused it, if one did


class StoreError(KgError):
    """The embedded store cannot be opened or written."""


class QueryError(KgError):
    """A SPARQL or Cypher query is malformed or failed."""


class Neo4jError(KgError):
    """Neo4j is unreachable, refuses the credentials, or rejects a write."""
