"""Benchmark: push a generated graph (>= 100,000 relationships) into Neo4j with `kg push`'s sink, then load
the same triples through rdflib-neo4j (the Neo4j Labs RDFLib store) into the same server; print both rates.

    python benchmarks/neo4j_push.py [--docs 15000] [--batch-size 10000] [--no-rdflib] [--read-only]

Reading the store into the property graph (``read_s``, ``read_cpu_s``) and writing it (``push_s``; the
client's share ``push_client_cpu_s``) are printed separately. The read alone is also timed against the
reader of another git revision (``--read-against``, by default the one the graph view replaced), in
alternating rounds on the same store, CPU time: ``read_cpu_s_against``, ``read_cpu_s_now`` (best of the
rounds) and their ratio ``read_speedup``.

Uses NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD/NEO4J_DATABASE when NEO4J_URI is set (the database is emptied!),
else starts the embedded Neo4j 5.26 of scripts/neo4j_server.py. Targets: >= 50,000 relationships/s and
>= 3x rdflib-neo4j on the same triples.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.bench.generate import make_announcement
from kg.bolt import Neo4jSettings, connect, run_cypher
from kg.graph import read_store
from kg.model import Extraction
from kg.sinks.neo4j import push
from kg.store import Store
from scripts.neo4j_server import Neo4jServer

# a server sized for the benchmark (tests keep the small default): the whole store in the page cache, a
# heap that holds 10,000-row transactions, and the throughput collector (G1 spent 2-5 s per push in GC)
SERVER_JAVA_OPTIONS = ("-Xms4g", "-Xmx4g", "-XX:+UseParallelGC")
SERVER_PAGE_CACHE = 1024**3
ROOT = Path(__file__).resolve().parent.parent
# the reader the graph view replaced (read_property_graph, kg/sinks/neo4j.py before fc2058b)
READ_AGAINST = "fc2058b^"


def build_store(docs: int, seed: int) -> Store:
    store = Store.in_memory()
    batch: list[Extraction] = []
    for i in range(docs):
        batch.append(Extraction.from_record(make_announcement(seed, i).gold))
        if len(batch) == 1000:
            store.write(batch)
            batch = []
    store.write(batch)
    return store


def reader_at(revision: str) -> Callable[[Store], object]:
    """The store reader of a git revision, run with this code's store: ``kg.graph.read_store``, or for
    revisions before the graph view ``kg.sinks.neo4j.read_property_graph``."""
    for path, name in (("kg/graph/read.py", "read_store"), ("kg/sinks/neo4j.py", "read_property_graph")):
        shown = subprocess.run(["git", "-C", str(ROOT), "show", f"{revision}:{path}"], capture_output=True,
                               text=True)  # fmt: skip
        if shown.returncode == 0 and f"def {name}(" in shown.stdout:
            module = types.ModuleType(f"reader_at_{name}")
            sys.modules[module.__name__] = module  # dataclasses look their module up
            exec(compile(shown.stdout, f"{revision}:{path}", "exec"), module.__dict__)
            return getattr(module, name)
    raise SystemExit(f"no store reader at revision {revision}")


def compare_reads(store: Store, revision: str, rounds: int) -> dict:
    """CPU seconds of the read alone, the reader of ``revision`` and this one in alternating rounds."""
    readers = {"against": reader_at(revision), "now": read_store}
    spent: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(rounds):
        for name, read in readers.items():
            gc.collect()
            started = time.process_time()
            graph = read(store)
            spent[name].append(time.process_time() - started)
            del graph
    best = {name: min(times) for name, times in spent.items()}
    return {"read_against": revision, "read_rounds": rounds,
            "read_cpu_s_against": [round(t, 2) for t in spent["against"]],
            "read_cpu_s_now": [round(t, 2) for t in spent["now"]],
            "read_speedup": round(best["against"] / best["now"], 2)}  # fmt: skip


def _clear(driver, database: str) -> None:
    with driver.session(database=database) as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    for record in driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database).records:
        driver.execute_query(f"DROP CONSTRAINT `{record['name']}` IF EXISTS", database_=database)


def count_relationships(driver, database: str) -> int:
    return run_cypher(driver, "MATCH ()-[r]->() RETURN count(r) AS n", database=database)[0]["n"]


def rdflib_triples(store: Store) -> list:
    from rdflib import BNode, Literal, URIRef

    def term(t):
        kind = type(t).__name__
        if kind == "NamedNode":
            return URIRef(t.value)
        if kind == "BlankNode":
            return BNode(t.value)
        return Literal(t.value, lang=t.language, datatype=None if t.language else URIRef(t.datatype.value))

    seen = {(q.subject, q.predicate, q.object) for q in store.quads()}
    return [(term(s), term(p), term(o)) for s, p, o in seen]


def load_with_rdflib_neo4j(settings: Neo4jSettings, triples: list, batch_size: int) -> float:
    from rdflib import Graph
    from rdflib_neo4j import HANDLE_VOCAB_URI_STRATEGY, Neo4jStore, Neo4jStoreConfig

    auth = {
        "uri": settings.uri,
        "database": settings.database,
        "user": settings.user,
        "pwd": settings.password,
    }
    config = Neo4jStoreConfig(auth_data=auth, handle_vocab_uri_strategy=HANDLE_VOCAB_URI_STRATEGY.IGNORE,
                              batching=True, batch_size=batch_size)  # fmt: skip
    with contextlib.redirect_stdout(sys.stderr):  # it prints about its constraint
        started = time.perf_counter()
        graph = Graph(store=Neo4jStore(config=config))
        for triple in triples:
            graph.add(triple)
        graph.close(True)
    return time.perf_counter() - started


def run(settings: Neo4jSettings | None, docs: int, seed: int, batch_size: int, warmup: int = 3000,
        rounds: int = 3, workers: int = 2, rdflib: bool = True, read_against: str = READ_AGAINST,
        read_rounds: int = 3) -> dict:  # fmt: skip
    """The figures; without ``settings``, those of the read alone."""
    t0 = time.perf_counter()
    store = build_store(docs, seed)
    t1, c1 = time.perf_counter(), time.process_time()
    graph = read_store(store)
    t2, c2 = time.perf_counter(), time.process_time()
    figures: dict = {"docs": docs, "quads": len(store), "build_store_s": round(t1 - t0, 2),
                     "read_s": round(t2 - t1, 2), "read_cpu_s": round(c2 - c1, 2), "nodes": graph.node_count,
                     "relationships": graph.relationship_count}  # fmt: skip
    if read_rounds:
        figures |= compare_reads(store, read_against, read_rounds)
    if settings is None:
        return figures
    with connect(settings) as driver:
        options = {
            "database": settings.database,
            "batch_size": batch_size,
            "uri": settings.uri,
            "workers": workers,
        }
        warm = read_store(build_store(warmup, seed + 1)) if warmup else None
        for _ in range(rounds if warm else 0):  # the JVM compiles its hot paths over the first pushes:
            _clear(driver, settings.database)  # measure both loaders on a warm server
            push(warm, driver, **options)
        _clear(driver, settings.database)
        c3 = time.process_time()
        report = push(graph, driver, **options)
        figures["push_s"] = round(report.seconds, 2)
        figures["push_client_cpu_s"] = round(time.process_time() - c3, 2)
        figures["relationships_in_neo4j"] = count_relationships(driver, settings.database)
        figures["rel_per_s"] = round(graph.relationship_count / report.seconds)
        figures["rel_per_s_incl_read"] = round(graph.relationship_count / (report.seconds + t2 - t1))
        again = push(graph, driver, **options)
        figures["second_push_s"] = round(again.seconds, 2)
        figures["second_push_changes"] = (
            again.nodes_deleted + again.relationships_deleted + again.sources_trimmed
        )

        if not rdflib:
            _clear(driver, settings.database)
            return figures
        triples = rdflib_triples(store)
        figures["triples"] = len(triples)
        _clear(driver, settings.database)
        rdflib_seconds = load_with_rdflib_neo4j(settings, triples, 5000)
        figures["rdflib_neo4j_s"] = round(rdflib_seconds, 2)
        figures["rdflib_neo4j_relationships"] = count_relationships(driver, settings.database)
        figures["rdflib_neo4j_rel_per_s"] = round(figures["rdflib_neo4j_relationships"] / rdflib_seconds)
        figures["ratio_time"] = round(rdflib_seconds / report.seconds, 2)
        figures["ratio_time_incl_read"] = round(rdflib_seconds / (report.seconds + t2 - t1), 2)
        _clear(driver, settings.database)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=12_000, help="12,000 docs give ~112,000 relationships")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=10_000)
    parser.add_argument("--warmup", type=int, default=3000, help="docs pushed before measuring (0: none)")
    parser.add_argument("--warmup-rounds", type=int, default=3, help="times the warmup docs are pushed")
    parser.add_argument("--workers", type=int, default=2, help="threads sending batches")
    parser.add_argument(
        "--no-rdflib",
        dest="rdflib",
        action="store_false",
        help="skip the comparison with rdflib-neo4j (the `bench` extra)",
    )
    parser.add_argument("--read-against", default=READ_AGAINST, metavar="REVISION",
                        help="git revision whose store reader the read is timed against")  # fmt: skip
    parser.add_argument("--read-rounds", type=int, default=3, help="rounds of both reads (0: none)")
    parser.add_argument("--read-only", action="store_true", help="time the read alone (no Neo4j)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        if args.read_only:
            settings = None
        elif os.environ.get("NEO4J_URI"):
            settings = Neo4jSettings.from_env()
        else:
            server = stack.enter_context(
                Neo4jServer(java_options=SERVER_JAVA_OPTIONS, page_cache=SERVER_PAGE_CACHE)
            )
            settings = Neo4jSettings(uri=server.uri, user=server.user, password=server.password)
        figures = run(
            settings,
            args.docs,
            args.seed,
            args.batch_size,
            args.warmup,
            args.warmup_rounds,
            args.workers,
            args.rdflib,
            args.read_against,
            args.read_rounds,
        )
    if args.json:
        print(json.dumps(figures))
        return 0
    for key, value in figures.items():
        print(f"{key:>28}: {value}")
    if "read_speedup" in figures:
        met = "met" if figures["read_speedup"] >= 4 else "NOT met"
        print(f"{'read target':>28}: >= 4x the reader at {args.read_against}: {met}")
    if not args.read_only:
        ok = figures["rel_per_s"] >= 50_000 and figures.get("ratio_time", 0) >= 3
        print(f"{'targets':>28}: >= 50,000 rel/s and >= 3x rdflib-neo4j: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
