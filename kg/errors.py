"""Library errors: every failure a user can cause is a KgError; only the CLI turns them into messages."""

__all__ = ["InputError", "KgError", "Neo4jError", "QueryError", "RecordError", "StoreError"]


class KgError(Exception):
    """Base class; str(error) is a one-line message fit for a user."""


class InputError(KgError):
    """A document could not be read (missing, unreadable, wrong encoding, empty, too large)."""


class RecordError(InputError):
    """An extraction record (JSON) does not have the expected shape."""


class StoreError(KgError):
    """The embedded store cannot be opened or written."""


class QueryError(KgError):
    """A SPARQL or Cypher query is malformed or failed."""


class Neo4jError(KgError):
    """Neo4j is unreachable, refuses the credentials, or rejects a write."""
