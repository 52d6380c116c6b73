"""``kg serve``: a real server subprocess queried by real clients (SPARQLWrapper, rdflib, raw HTTP)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import threading
import time
import urllib.parse
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.model import Extraction
from kg.rdf import to_quads
from kg.server import Endpoint, ServeOptions
from kg.server.cache import ResultCache
from kg.server.formats import GRAPH, SOLUTIONS, choose
from kg.server.protocol import ProtocolError, QueryRequest, UpdateRequest, read_request
from kg.server.using import with_using
from tests.plugins import server as server_plugin
from tests.plugins.server import ID, RECORDS, WRITE, kg, running_server, write_records

# the plugin's fixtures, usable here whether or not tests/conftest.py lists the plugin
records_store = server_plugin.records_store
kg_server = server_plugin.kg_server

BPK = "https://w3id.org/biopharma-kg/ontology#"
PARTNERS = """SELECT DISTINCT ?partner WHERE {
  ?org rdfs:label "Harbor Therapeutics" .
  { ?org bpk:contractsWith ?p } UNION { ?p bpk:contractsWith ?org }
  ?p rdfs:label ?partner
} ORDER BY ?partner"""
CONSTRUCT = "CONSTRUCT { ?s bpk:operates ?site } WHERE { ?s bpk:operates ?site }"


def post(url: str, data: bytes | str, content_type: str, accept: str | None = None) -> requests.Response:
    headers = {"Content-Type": content_type} | ({"Accept": accept} if accept else {}) | WRITE
    return requests.post(url, data=data, headers=headers, timeout=30)


# --- real clients -------------------------------------------------------------------------------------
def test_sparqlwrapper_select_get_and_post(kg_server: str) -> None:
    for method in ("GET", POST):
        client = SPARQLWrapper(kg_server)
        client.setMethod(method)
        client.setQuery(
            f"PREFIX bpk: <{BPK}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n{PARTNERS}"
        )
        client.setReturnFormat(JSON)
        rows = client.query().convert()["results"]["bindings"]
        assert [r["partner"]["value"] for r in rows] == ["Kestrel Biologics", "Orinoco Pharma"]


def test_sparqlwrapper_ask_xml_and_construct_turtle(kg_server: str) -> None:
    client = SPARQLWrapper(kg_server)
    client.setQuery(f"ASK {{ ?o a <{BPK}Organization> }}")
    client.setReturnFormat(XML)
    assert client.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    client.setQuery(f"CONSTRUCT {{ ?s <{BPK}operates> ?site }} WHERE {{ ?s <{BPK}operates> ?site }}")
    client.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 3


def test_sparqlwrapper_reports_malformed_query(kg_server: str) -> None:
    client = SPARQLWrapper(kg_server)
    client.setQuery("SELECT ?x WHERE { ?x")
    client.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed, match="error at"):
        client.query()


def test_rdflib_sparqlstore(kg_server: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(kg_server, returnFormat="json"))
    rows = graph.query(f"SELECT DISTINCT ?name WHERE {{ ?o a <{BPK}Organization> ; rdfs:label ?name }} ORDER BY ?name",
                       initNs={"rdfs": rdflib.RDFS})  # fmt: skip
    names = [str(row.name) for row in rows]
    assert names == ["Harbor Therapeutics", "Kestrel Biologics", "Orinoco Pharma", "Pinecrest Bio"]
    assert graph.query(f"ASK {{ ?s <{BPK}contractsWith> ?o }}").askAnswer is True


# --- raw HTTP, each media type -----------------------------------------------------------------------
@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])  # fmt: skip
def test_select_media_types(kg_server: str, accept: str) -> None:
    r = post(kg_server, PARTNERS, "application/sparql-query", accept)
    assert r.status_code == 200
    assert r.headers["Content-Type"].split(";")[0] == accept
    assert _partners(r, accept) == ["Kestrel Biologics", "Orinoco Pharma"]


def _partners(r: requests.Response, accept: str) -> list[str]:
    if accept.endswith("json"):
        return [b["partner"]["value"] for b in r.json()["results"]["bindings"]]
    if accept.endswith("xml"):
        result = rdflib.query.Result.parse(io.BytesIO(r.content), format="xml")
        return [str(row[0]) for row in result]
    if accept == "text/csv":
        return [row["partner"] for row in csv.DictReader(io.StringIO(r.text))]
    header, *rows = r.text.splitlines()
    assert header == "?partner"
    return [json.loads(row) for row in rows]  # TSV writes literals in Turtle syntax: "..."


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask_media_types(kg_server: str, accept: str) -> None:
    query = urllib.parse.urlencode({"query": f"ASK {{ ?s <{BPK}operates> ?o }}"})
    r = requests.get(f"{kg_server}?{query}", headers={"Accept": accept}, timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"] == accept
    result = rdflib.query.Result.parse(io.BytesIO(r.content), format=accept.rsplit("+")[-1])
    assert result.askAnswer is True


@pytest.mark.parametrize("accept,rdflib_format", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                  ("application/ld+json", "json-ld"),
                                                  ("application/rdf+xml", "xml")])  # fmt: skip
def test_graph_media_types(kg_server: str, accept: str, rdflib_format: str) -> None:
    r = post(kg_server, {"query": CONSTRUCT}, "application/x-www-form-urlencoded", accept)
    assert r.status_code == 200 and r.headers["Content-Type"].split(";")[0] == accept
    with warnings.catch_warnings():  # rdflib's own JSON-LD parser uses its deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        graph = rdflib.Graph().parse(data=r.content, format=rdflib_format)
    expected = rdflib.Graph()
    for s, site in (("kestrel-biologics", "kestrel-basel-plant"), ("harbor-therapeutics", "harbor-austin-site"),
                    ("orinoco-pharma", "orinoco-leipzig-plant")):  # fmt: skip
        expected.add(
            (
                rdflib.URIRef(f"{ID}org/{s}"),
                rdflib.URIRef(BPK + "operates"),
                rdflib.URIRef(f"{ID}site/{s}/{site}"),
            )
        )
    assert isomorphic(graph, expected)


def test_describe_and_format_parameter(kg_server: str) -> None:
    query = urllib.parse.urlencode({"query": f"DESCRIBE <{ID}org/kestrel-biologics>", "format": "nt"})
    r = requests.get(f"{kg_server}?{query}", timeout=30)
    assert r.headers["Content-Type"].startswith("application/n-triples")
    labels = rdflib.Graph().parse(data=r.text, format="nt").objects(predicate=rdflib.RDFS.label)
    assert "Kestrel Biologics" in {str(o) for o in labels}


def test_unacceptable_media_type_is_406(kg_server: str) -> None:
    r = post(kg_server, "ASK {}", "application/sparql-query", "text/turtle")
    assert r.status_code == 406 and "application/sparql-results+json" in r.text


def test_union_default_graph_and_protocol_dataset(kg_server: str) -> None:
    count = "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a bpk:Organization }"
    union = post(kg_server, count, "application/sparql-query", "text/csv")
    assert union.text.splitlines()[1] == "4"  # the union of the three announcement graphs
    graphs = post(kg_server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "application/sparql-query",
                  "text/csv").text.splitlines()[1:]  # fmt: skip
    # the three announcement graphs, and the change journal (kg changes: the ingest run is change set 1)
    announcements = [g for g in graphs if g.startswith(ID + "announcement/")]
    assert len(announcements) == 3 and set(graphs) - set(announcements) == {ID + "graph/changes"}
    one = requests.post(kg_server, params={"default-graph-uri": announcements[0]}, data=count,
                        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"}, timeout=30)  # fmt: skip
    assert one.text.splitlines()[1] == "2"


def test_service_description(kg_server: str) -> None:
    r = requests.get(kg_server, timeout=30)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (None, sd.endpoint, rdflib.URIRef(kg_server)) in graph
    assert (None, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (None, sd.supportedLanguage, sd.SPARQL11Update) not in graph
    assert (None, sd.feature, sd.UnionDefaultGraph) in graph


def test_read_only_refuses_updates(kg_server: str) -> None:
    for data, content_type in (("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "application/sparql-update"),
                               ({"update": "CLEAR ALL"}, "application/x-www-form-urlencoded")):  # fmt: skip
        r = post(kg_server, data, content_type)
        assert r.status_code == 403 and "--allow-update" in r.text
    assert post(kg_server, "ASK { ?s ?p ?o }", "application/sparql-query").json()["boolean"] is True


def test_malformed_query_is_400_with_parser_message(kg_server: str) -> None:
    r = requests.get(kg_server, params={"query": "SELECT * WHERE { ?s ?p }"}, timeout=30)
    assert r.status_code == 400
    assert r.text.startswith("malformed query: error at 1:")


def test_protocol_errors(kg_server: str) -> None:
    assert requests.put(kg_server, params={"query": "ASK {}"}, timeout=30).status_code == 405
    assert post(kg_server, "ASK {}", "text/plain").status_code == 415
    assert requests.get(kg_server + "?query=ASK{}&query=ASK{}", timeout=30).status_code == 400
    assert requests.get(kg_server.removesuffix("/sparql") + "/nothing", timeout=30).status_code == 404


def test_binds_loopback_by_default(kg_server: str) -> None:
    assert urllib.parse.urlsplit(kg_server).hostname == "127.0.0.1"


def test_keep_alive_connection_serves_many_queries(kg_server: str) -> None:
    with requests.Session() as session:
        for _ in range(20):
            r = session.get(kg_server, params={"query": "ASK {}"}, headers={"Accept": "application/json"})
            assert r.json()["boolean"] is True


# --- limits -------------------------------------------------------------------------------------------
def test_timeout_answers_503_and_server_stays_up(records_store: Path) -> None:
    runaway = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with running_server(records_store, "--timeout", "0.5", "--max-result-mb", "100000") as url:
        started = time.monotonic()
        r = post(url, runaway, "application/sparql-query", "text/csv")
        assert r.status_code == 503 and "timed out" in r.text
        assert time.monotonic() - started < 5
        assert post(url, "ASK { ?s ?p ?o }", "application/sparql-query").json()["boolean"] is True


def test_a_fresh_workers_start_is_not_charged_to_the_query_it_takes(records_store: Path) -> None:
    """The worker that replaces a killed one starts a Python process and opens the store: that time is no part
    of the next query's --timeout (one worker, so the next query waits for the replacement)."""
    runaway = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with running_server(
        records_store, "--workers", "1", "--timeout", "0.2", "--max-result-mb", "100000"
    ) as url:
        assert post(url, runaway, "application/sparql-query", "text/csv").status_code == 503
        r = post(url, "ASK { ?s ?p ?o }", "application/sparql-query")
        assert r.status_code == 200 and r.json()["boolean"] is True


def test_result_size_cap(records_store: Path) -> None:
    with running_server(records_store, "--max-result-mb", "0.001") as url:
        r = post(url, "SELECT * WHERE { ?s ?p ?o }", "application/sparql-query")
        assert r.status_code == 422 and "LIMIT" in r.text
        assert post(url, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-query").status_code == 200


def test_cors(records_store: Path, kg_server: str) -> None:
    assert "Access-Control-Allow-Origin" not in requests.get(kg_server, timeout=30).headers
    with running_server(records_store, "--cors") as url:
        r = requests.get(
            url, params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.org"}, timeout=30
        )
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        preflight = requests.options(url, headers={"Origin": "https://yasgui.org",
                                                   "Access-Control-Request-Method": "POST"}, timeout=30)  # fmt: skip
        assert preflight.status_code == 204 and "POST" in preflight.headers["Access-Control-Allow-Methods"]


# --- updates ------------------------------------------------------------------------------------------
def test_allow_update(tmp_path: Path) -> None:
    store = tmp_path / "store"
    kg("--store", store, "ingest", write_records(tmp_path / "records", RECORDS[:1]))
    with running_server(store, "--allow-update") as url:
        client = SPARQLWrapper(url)
        client.setMethod(POST)
        client.addCustomHttpHeader("Authorization", WRITE["Authorization"])
        client.setQuery("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 'via SPARQLWrapper' } }")
        client.query()
        r = post(
            url, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 'direct' } }", "application/sparql-update"
        )
        assert r.status_code == 204
        rows = post(url, "SELECT ?o { GRAPH <urn:g> { <urn:a> <urn:b> ?o } } ORDER BY ?o",
                    "application/sparql-query", "text/csv")  # fmt: skip
        assert rows.text.splitlines()[1:] == ["direct", "via SPARQLWrapper"]
        # the default graph is a graph of its own: the merge `kg ingest` keeps, plus what updates put there
        assert post(url, "ASK { <urn:a> <urn:b> ?o }", "application/sparql-query").json()["boolean"] is False
        post(url, "INSERT DATA { <urn:a> <urn:b> 'default' }", "application/sparql-update")
        assert post(url, "ASK { <urn:a> <urn:b> 'default' }", "application/sparql-query").json()["boolean"]
        bad = post(url, {"update": "CLEAR XYZ"}, "application/x-www-form-urlencoded")
        assert bad.status_code == 400 and "malformed update" in bad.text
        sd = rdflib.Graph().parse(data=requests.get(url, timeout=30).text, format="turtle")
        assert (
            None,
            None,
            rdflib.URIRef("http://www.w3.org/ns/sparql-service-description#SPARQL11Update"),
        ) in sd
    assert "via SPARQLWrapper" in kg("--store", store, "sparql", "SELECT ?o { GRAPH ?g { ?s ?p ?o } }").stdout


# --- serving while `kg ingest` writes ----------------------------------------------------------------
def _generated_records(start: int, count: int) -> list[dict]:
    records = []
    for i in range(start, start + count):
        record = json.loads(json.dumps(RECORDS[i % 3]))
        record["doc"] = f"generated-{i:04d}.json"
        record["entities"][0]["name"] = f"Generated Org {i}"
        record["entities"][2]["name"] = f"Generated Site {i}"
        records.append(record)
    return records


def test_readers_see_complete_announcements_while_ingest_writes(tmp_path: Path) -> None:
    store = tmp_path / "store"
    kg("--store", store, "ingest", write_records(tmp_path / "seed", RECORDS))
    batches = [_generated_records(40 * n, 40) for n in range(6)]
    expected = {f"generated-{i:04d}.json": None for batch in batches for i in range(40)}
    for batch in batches:  # quads per announcement graph, as kg.store writes them (facts + content hash)
        for record in batch:
            expected[record["doc"]] = len(to_quads(Extraction.from_record(record))) + 1
    per_graph = """SELECT ?doc (COUNT(*) AS ?n) WHERE {
      GRAPH ?g { ?a bpk:documentKey ?doc . ?s ?p ?o } FILTER(STRSTARTS(?doc, "generated-"))
    } GROUP BY ?doc"""
    with running_server(store, "--refresh", "0.05") as url:
        seen: dict[str, int] = {}
        problems: list[str] = []
        done = threading.Event()

        def poll() -> None:
            while not done.is_set():
                r = post(url, per_graph, "application/sparql-query", "text/csv")
                for row in csv.DictReader(io.StringIO(r.text)):
                    seen[row["doc"]] = int(row["n"])
                    if int(row["n"]) != expected[row["doc"]]:
                        problems.append(f"{row['doc']}: {row['n']} of {expected[row['doc']]} statements")

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            for n, batch in enumerate(batches):  # six `kg ingest` runs while the server answers
                kg("--store", store, "ingest", write_records(tmp_path / f"batch{n}", batch))
            deadline = time.monotonic() + 10
            while len(seen) < len(expected) and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            done.set()
            poller.join()
        assert not problems
        assert seen == expected  # every announcement appeared, each complete


def test_repeated_queries_are_answered_from_the_cache_until_the_data_changes(tmp_path) -> None:
    path = tmp_path / "store"
    store = ox.Store(str(path))
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("old"), ox.DefaultGraph()))
    store.flush()
    ask = QueryRequest("SELECT ?o { ?s ?p ?o }")

    async def scenario(endpoint: Endpoint) -> None:
        first = await endpoint.answer(ask, "http://localhost/sparql", "text/csv")
        assert await endpoint.answer(ask, "http://localhost/sparql", "text/csv") is first
        assert endpoint.cache.hits == 1
        other = await endpoint.answer(ask, "http://localhost/sparql", "application/sparql-results+json")
        assert other.content_type.startswith("application/sparql-results+json")  # the format is in the key
        store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("new"), ox.DefaultGraph()))
        store.flush()
        endpoint.pool.generation += 1  # what the endpoint's watcher does when kg ingest has written
        assert b"new" in (await endpoint.answer(ask, "http://localhost/sparql", "text/csv")).body

    endpoint = Endpoint(path, ServeOptions(workers=1))
    try:
        run_in_own_loop(scenario(endpoint))
    finally:
        endpoint.close()


def test_requests_for_an_answer_being_computed_wait_for_it_instead_of_computing_it_again() -> None:
    cache = ResultCache(max_bytes=1000)
    calls: list[int] = []

    async def slow_answer() -> str:
        calls.append(1)
        await asyncio.sleep(0.3)  # long enough for every other request to arrive while it runs
        return "answer"

    async def failed() -> str:
        return "timed out"

    async def ok_now() -> str:
        return "ok now"

    async def scenario() -> None:
        results = await asyncio.gather(*(cache.answer(1, "q", slow_answer, size=len) for _ in range(8)))
        assert results == ["answer"] * 8
        assert len(calls) == 1 and cache.shared == 7
        assert await cache.answer(1, "q", slow_answer, size=len) == "answer" and len(calls) == 1  # cached
        # An answer not to keep (an error) is shared with the waiting requests, then computed afresh.
        assert await cache.answer(1, "error", failed, size=lambda _: None) == "timed out"
        assert await cache.answer(1, "error", ok_now, size=len) == "ok now"

    run_in_own_loop(scenario())


def run_in_own_loop(coroutine) -> None:
    """asyncio.run in a thread of its own (the session's playwright keeps a loop in this one)."""
    errors: list[BaseException] = []

    def target() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


# --- pure functions ------------------------------------------------------------------------------------
def test_read_request_rules() -> None:
    form = read_request(
        "POST", "default-graph-uri=urn%3Ag", "application/x-www-form-urlencoded", b"query=ASK%7B%7D"
    )
    assert form == QueryRequest("ASK{}", ("urn:g",))
    update = read_request("POST", "using-named-graph-uri=urn%3An", "application/sparql-update", b"CLEAR ALL")
    assert update == UpdateRequest("CLEAR ALL", (), ("urn:n",))
    assert read_request("GET", "update=CLEAR%20ALL", None, b"").status == 405
    assert (
        read_request("POST", "", "application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16")).status
        == 415
    )
    assert read_request("POST", "", None, b"query=ASK%7B%7D").status == 415
    assert read_request("GET", "query=ASK{}&default-graph-uri=not%20an%20iri", None, b"").status == 400
    both = read_request("POST", "", "application/x-www-form-urlencoded", b"query=ASK{}&update=CLEAR%20ALL")
    assert isinstance(both, ProtocolError) and both.status == 400


def test_with_using_rewrites_each_operation() -> None:
    update = 'INSERT { ?s a <urn:T> } WHERE { ?s a "WHERE {" } ; DELETE WHERE { ?s ?p ?o } ; ' \
             "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { SELECT ?s ?p ?o WHERE { ?s ?p ?o } }"  # fmt: skip
    out = with_using(update, ("urn:g",), ("urn:n",))
    assert out.count("USING <urn:g> USING NAMED <urn:n> WHERE") == 2
    assert "DELETE WHERE { ?s ?p ?o }" in out
    with pytest.raises(ProtocolError):
        with_using("DELETE { ?s ?p ?o } USING <urn:x> WHERE { ?s ?p ?o }", ("urn:g",), ())


def test_content_negotiation() -> None:
    assert choose(SOLUTIONS, "text/tab-separated-values;q=0.9, text/csv").name == "CSV"
    assert choose(SOLUTIONS, "text/tab-separated-values").name == "TSV"
    assert choose(SOLUTIONS, None).name == "JSON"
    assert choose(GRAPH, "application/json").name == "JSON-LD"
    assert choose(GRAPH, "application/sparql-results+json") is None
