"""SPARQL endpoint benchmark: ``kg serve`` next to Oxigraph's own server, same store, same queries.

Builds a store of >= 1M triples from synthetic extraction records as ``kg ingest`` writes it (one named
graph per announcement, and their merge), starts ``kg serve`` (answer cache on, as users run it, and
``--cache-mb 0``: every query evaluated) and ``oxigraph serve-read-only`` (the ``oxigraph`` PyPI
package's server binary) on that store, and sends each the same mix of queries (the ``partners`` and
``sites`` query helpers' own SPARQL, and partners three hops away) from 1 and from N clients over
keep-alive HTTP/1.1, JSON results. Runs are interleaved (round after round, servers in turn), so a slow
phase of a shared machine hits every server alike; each figure is over all rounds. Prints throughput,
p50 and p99 per server and client count, and kg serve's ratio to Oxigraph's server. Figures, not a test.
Target: kg serve's throughput >= Oxigraph server's, p99 no worse.

``--raw`` adds pyoxigraph called in-process (threads), and rdflib on a sample, as before.

Usage: python benchmarks/sparql_endpoint.py [--docs 16000] [--clients 16] [--requests 1500] [--rounds 3]
"""

from __future__ import annotations

import argparse
import http.client
import random
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.model import Extraction  # noqa: E402
from kg.queries.backends import Iri, bind_sparql, load_query  # noqa: E402
from kg.queries.helpers import by_name  # noqa: E402
from kg.rdf import to_quads  # noqa: E402
from kg.resolve import org_iri  # noqa: E402
from kg.store import Store, default_dataset  # noqa: E402
from tests.plugins.server import running_oxigraph, running_server  # noqa: E402

# The workload: the query helpers' own SPARQL (kg/queries/*.rq, bound as `kg query` binds them), and a
# 3-hop partner query starting from the IRI an organization's name resolves to.
THREE_HOPS = """PREFIX bpk: <https://w3id.org/biopharma-kg/ontology#>
SELECT DISTINCT ?far WHERE { ?org bpk:contractsWith ?p1 . ?p1 bpk:contractsWith ?p2 . ?p2 bpk:contractsWith ?far }
LIMIT 500"""
COUNTRIES = ["US", "CH", "DE", "FR", "GB", "JP", "KR", "CN", "IN", "IE", "BE", "NL", "SG", "DK", "SE"]


# --- data ---------------------------------------------------------------------------------------------
def org_name(i: int) -> str:
    return f"Synthetic Bio {i:05d}"


def generate_records(docs: int, orgs: int, seed: int = 7) -> list[dict]:
    """Announcements among ``orgs`` organizations, a few of them hubs (as with big CDMOs)."""
    rng = random.Random(seed)
    weights = [1.0 / (1 + i) ** 0.8 for i in range(orgs)]
    records = []
    for d in range(docs):
        a, b = rng.choices(range(orgs), weights, k=2)
        b = b if b != a else (a + 1) % orgs
        country = rng.choice(COUNTRIES)
        records.append({
            "doc": f"synthetic-{d:06d}.txt",
            "source": {"url": f"https://example.org/news/{d}", "publisher": "Example Wire", "published": "2030-01-01"},
            "entities": [
                {"id": "e1", "type": "Organization", "name": org_name(a), "country": rng.choice(COUNTRIES)},
                {"id": "e2", "type": "Organization", "name": org_name(b), "country": rng.choice(COUNTRIES)},
                {"id": "s1", "type": "Site", "name": f"{org_name(a)} plant {d}"},
            ],
            "facts": [["e1", "contracts_with", "e2"], ["e1", "operates", "s1"], ["s1", "located_in", country],
                      ["s1", "starts_operations", str(2025 + d % 10)]],
            "agreements": [{"provider": "e1", "client": "e2", "type": rng.choice(["manufacturing", "licensing"]),
                            "service": "drug substance", "stage": ["clinical"], "product": None,
                            "end_year": 2035, "value": [], "announced": None}],
        })  # fmt: skip
    return records


def quads_of(records: list[dict]) -> list[ox.Quad]:
    return [q for r in records for q in to_quads(Extraction.from_record(r))]


def build_store(path: Path, records: list[dict]) -> tuple[int, int]:
    """The store as `kg ingest` writes it; (statements in the announcement graphs, in their merge)."""
    if not path.is_dir():
        with Store.open(path) as store:
            for start in range(0, len(records), 2000):
                store.write(Extraction.from_record(r) for r in records[start : start + 2000])
            store.oxigraph.optimize()
    with Store.open(path, read_only=True) as store:
        return len(store), sum(1 for _ in store.triples())


def workload(orgs: int, count: int, seed: int = 11) -> list[str]:
    """Queries about organizations picked like users would: mostly the well-connected ones."""
    rng = random.Random(seed)
    weights = [1.0 / (1 + i) ** 0.8 for i in range(orgs)]
    picks = rng.choices(range(orgs), weights, k=count)
    kinds = rng.choices(["partners", "sites", "three_hops"], [0.4, 0.4, 0.2], k=count)
    return [query_text(kind, org_name(i)) for kind, i in zip(kinds, picks, strict=True)]


def query_text(kind: str, name: str) -> str:
    if kind == "three_hops":
        return bind_sparql(THREE_HOPS, {"org": Iri(org_iri(name))})
    return bind_sparql(load_query(kind).sparql, by_name(name))


# --- runners ------------------------------------------------------------------------------------------
def run_concurrently(
    queries: list[str], clients: int, make_worker: Callable[[], Callable[[str], int]]
) -> dict:
    latencies: list[float] = []
    lock = threading.Lock()
    chunks = [queries[i::clients] for i in range(clients)]
    barrier = threading.Barrier(clients + 1)  # connections opened before the clock starts

    def client(chunk: list[str]) -> None:
        run = make_worker()
        mine = []
        barrier.wait()
        for query in chunk:
            t = time.perf_counter()
            run(query)
            mine.append(time.perf_counter() - t)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    return {"latencies": latencies, "seconds": time.perf_counter() - start}


def summarize(latencies: list[float], seconds: float) -> dict:
    ordered = sorted(latencies)
    return {"n": len(ordered), "qps": len(ordered) / seconds, "p50": statistics.median(ordered) * 1000,
            "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000}  # fmt: skip


def http_worker(url: str) -> Callable[[], Callable[[str], int]]:
    """Clients that POST each query (application/sparql-query) on one keep-alive connection each."""
    parts = urlsplit(url)

    def make() -> Callable[[str], int]:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        headers = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}

        def run(query: str) -> int:
            conn.request("POST", parts.path, body=query.encode("utf-8"), headers=headers)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}: {body[:300]!r}")
            return len(body)

        return run

    return make


def engine_worker(store: ox.Store) -> Callable[[], Callable[[str], int]]:
    dataset = default_dataset(store)  # what kg serve queries: the merged default graph

    def make() -> Callable[[str], int]:
        def run(query: str) -> int:
            result = store.query(query, **dataset)
            return len(result.serialize(format=ox.QueryResultsFormat.JSON))

        return run

    return make


def rdflib_run(records: list[dict], queries: list[str], budget: float) -> tuple[dict, int]:
    import rdflib

    graph = rdflib.Graph()
    for q in quads_of(records):  # the union default graph: all announcement triples in one graph
        graph.add((_rdflib_term(q.subject), _rdflib_term(q.predicate), _rdflib_term(q.object)))
    latencies, start = [], time.perf_counter()
    for query in queries:
        t = time.perf_counter()
        graph.query(query).serialize(format="json")
        latencies.append(time.perf_counter() - t)
        if time.perf_counter() - start > budget:
            break
    return summarize(latencies, time.perf_counter() - start), len(graph)


def _rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal):
    import rdflib

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def line(label: str, s: dict) -> str:
    return f"  {label:<34} {s['n']:>6} queries  {s['qps']:>8.1f} q/s   p50 {s['p50']:>8.2f} ms   p99 {s['p99']:>8.2f} ms"


def main() -> None:
    import contextlib

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=16000, help="announcements (about 65 triples each)")
    parser.add_argument("--orgs", type=int, default=4000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument(
        "--requests", type=int, default=1500, help="queries per server, client count and round"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--raw", action="store_true", help="also pyoxigraph in-process and rdflib")
    parser.add_argument("--rdflib-docs", type=int, default=1500, help="announcements loaded into rdflib")
    parser.add_argument("--rdflib-budget", type=float, default=60.0, help="seconds of rdflib querying")
    parser.add_argument("--work", type=Path, default=None, help="keep the store here (reused when present)")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="kg-bench-sparql-"))
    records = generate_records(args.docs, args.orgs)
    t = time.perf_counter()
    quads, merged = build_store(work / "store", records)
    print(f"store: {quads:,} quads in {args.docs:,} announcement graphs, {merged:,} triples in their merge "
          f"({time.perf_counter() - t:.1f} s) at {work}")  # fmt: skip
    queries = workload(args.orgs, args.requests * args.rounds)
    warm = [f"{q}\n# warm-up" for q in workload(args.orgs, 200, seed=99)]  # never answered from a cache later
    print(f"{len(queries)} queries per server and client count ({len(set(queries))} distinct; partners 40%, "
          f"sites 40%, 3-hop 20%), {args.rounds} interleaved rounds\n")  # fmt: skip

    results: dict[tuple[str, int], list[tuple[list[float], float]]] = {}
    with contextlib.ExitStack() as stack:
        servers = {
            "oxigraph serve-read-only": stack.enter_context(running_oxigraph(work / "store", "serve-read-only"))
            + "/query",
            "kg serve (cache on)": stack.enter_context(running_server(work / "store", "--refresh", "0")),
            "kg serve --cache-mb 0": stack.enter_context(
                running_server(work / "store", "--refresh", "0", "--cache-mb", "0")),
        }  # fmt: skip
        for url in servers.values():
            run_concurrently(warm, args.clients, http_worker(url))
        for r in range(args.rounds):
            chunk = queries[r * args.requests : (r + 1) * args.requests]
            order = list(servers.items()) if r % 2 == 0 else list(reversed(servers.items()))
            for clients in (1, args.clients):
                for label, url in order:
                    latencies, seconds = timed(chunk[: max(args.requests // 4, 100)] if clients == 1 else chunk,
                                               clients, http_worker(url))  # fmt: skip
                    results.setdefault((label, clients), []).append((latencies, seconds))
    for clients in (1, args.clients):
        print(f"{clients} client{'s' if clients > 1 else ''}:")
        figures = {label: merged_summary(results[label, clients]) for label in servers}
        base = figures["oxigraph serve-read-only"]
        for label, fig in figures.items():
            ratio = (
                ""
                if label.startswith("oxigraph")
                else (f"   x{fig['qps'] / base['qps']:.2f} throughput, p99 x{fig['p99'] / base['p99']:.2f}")
            )
            print(line(label, fig) + ratio)  # fmt: skip
        print()
    if args.raw:
        compare_raw(args, work, records, queries[: args.requests])


def timed(
    queries: list[str], clients: int, make_worker: Callable[[], Callable[[str], int]]
) -> tuple[list[float], float]:
    """Latencies of every query and the wall time, ``clients`` at once."""
    figures = run_concurrently(queries, clients, make_worker)
    return figures["latencies"], figures["seconds"]


def merged_summary(runs: list[tuple[list[float], float]]) -> dict:
    return summarize([x for latencies, _ in runs for x in latencies], sum(seconds for _, seconds in runs))


def compare_raw(args: argparse.Namespace, work: Path, records: list[dict], queries: list[str]) -> None:
    store = ox.Store.read_only(str(work / "store"))
    print(
        line(
            f"pyoxigraph direct, {args.clients} threads",
            summary_of(run_concurrently(queries, args.clients, engine_worker(store))),
        )
    )
    print(
        line(
            "pyoxigraph direct, 1 thread",
            summary_of(run_concurrently(queries[:500], 1, engine_worker(store))),
        )
    )
    sample = records[: args.rdflib_docs]
    sample_store = Store.in_memory()
    sample_store.write(Extraction.from_record(r) for r in sample)
    sample_raw = summary_of(run_concurrently(queries[:500], 1, engine_worker(sample_store.oxigraph)))
    rdf, rdf_triples = rdflib_run(sample, queries[:500], args.rdflib_budget)
    print(
        f"\nrdflib in memory, a {rdf_triples:,}-triple sample ({args.rdflib_docs} announcements), 1 client:"
    )
    print(line("rdflib", rdf))
    print(line("pyoxigraph on the same sample", sample_raw))
    print(f"rdflib median / pyoxigraph median on the sample = {rdf['p50'] / sample_raw['p50']:.0f}x")


def summary_of(figures: dict) -> dict:
    return summarize(figures["latencies"], figures["seconds"])


if __name__ == "__main__":
    main()
