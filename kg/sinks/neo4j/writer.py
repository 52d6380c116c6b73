"""How a push sends its statements: counted, traced, rows in batches, sent by a few threads at once."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

import neo4j

from kg.bolt import Tracer, run_records

__all__ = ["PushReport", "Writer"]


@dataclass
class PushReport:
    nodes: int = 0  # nodes written (created or updated)
    relationships: int = 0  # relationships written (created or updated)
    unchanged: int = 0  # nodes and relationships already in Neo4j as pushed
    relationships_deleted: int = 0
    nodes_deleted: int = 0
    sources_trimmed: int = 0  # nodes and relationships that lost a source but keep others
    statements: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        return (
            f"pushed {self.nodes} nodes and {self.relationships} relationships ({self.unchanged} unchanged); "
            f"deleted {self.nodes_deleted} nodes and {self.relationships_deleted} relationships "
            f"no longer supported ({self.statements} statements, {self.seconds:.1f}s)"
        )


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


class Writer:
    """Runs the statements of one push, counting them; rows go in batches of ``batch``, sent by
    ``workers`` threads at once. Statements given between two `wait` calls may run in any order."""

    def __init__(self, driver: neo4j.Driver, options: dict[str, Any], batch: int, workers: int) -> None:
        self.driver, self.options, self.batch = driver, options, batch
        self.tracer: Tracer | None = options.pop("tracer")
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kg-push")
        self.pending: list[Future[Any]] = []
        self.statements = 0

    def read(self, cypher: str) -> list[neo4j.Record]:
        self.statements += 1
        return run_records(self.driver, cypher, {}, write=False, tracer=self.tracer, **self.options)

    def write(self, cypher: str, rows: list[dict[str, Any]] | None = None) -> None:
        if rows is not None and not rows:
            return
        for batch in _batches(rows, self.batch) if rows is not None else [None]:
            params = {} if batch is None else {"rows": batch}
            self.statements += 1
            if self.tracer is not None:
                self.tracer(cypher, params)
            run = partial(run_records, self.driver, cypher, params, write=True, tracer=None, **self.options)
            self.pending.append(self.pool.submit(run))

    def wait(self) -> None:
        """Wait for every statement given so far; the first failure is raised."""
        pending, self.pending = self.pending, []
        for future in pending:
            future.result()

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)
