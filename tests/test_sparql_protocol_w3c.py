"""The W3C SPARQL 1.1 Protocol test suite, replayed against a real ``kg serve``.

``../shared/w3c/sparql11-protocol/manifest.ttl`` encodes each test as HTTP requests with expected
responses. Query and ``bad_*`` tests run against a read-only server whose store holds the suite's data
(``ut:graphData``, one named graph each); update tests run against a server started with
``--allow-update``. Skips when the suite is absent.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.collection import Collection
from rdflib.namespace import RDFS

from tests.plugins.server import WRITE, running_server

SUITE = Path(__file__).resolve().parent.parent.parent / "shared" / "w3c" / "sparql11-protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
STATUS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

RESULT_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = RESULT_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}


@dataclass(frozen=True)
class Exchange:
    """One HTTP request of a test and what its response must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: frozenset[int]  # allowed status classes: 2 for 2xx...
    format: str | None  # "boolean", "tabular" or "RDF"
    boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    name: str
    exchanges: tuple[Exchange, ...]
    graphs: dict[str, Path]  # graph IRI -> data file

    @property
    def is_update(self) -> bool:
        return self.name.startswith(("update_", "bad_update", "bad_multiple_updates"))


def read_manifest(suite: Path) -> list[ProtocolTest]:
    graph = rdflib.Graph().parse(suite / "manifest.ttl", format="turtle")
    manifest = next(graph.subjects(rdflib.RDF.type, MF.Manifest))
    return [_test(graph, entry, suite) for entry in Collection(graph, graph.value(manifest, MF.entries))]


def _test(graph: rdflib.Graph, entry: rdflib.term.Node, suite: Path) -> ProtocolTest:
    name = str(entry).rsplit("#", 1)[-1]
    action = graph.value(entry, MF.action)
    requests_ = Collection(graph, graph.value(action, HT.requests))
    graphs = {str(graph.value(d, RDFS.label)): suite / Path(str(graph.value(d, UT.graph))).name
              for d in graph.objects(entry, UT.graphData)}  # fmt: skip
    return ProtocolTest(name, tuple(_exchange(graph, r) for r in requests_), graphs)


def _exchange(graph: rdflib.Graph, request: rdflib.term.Node) -> Exchange:
    headers = {}
    if (header_list := graph.value(request, HT.headers)) is not None:
        for header in Collection(graph, header_list):
            headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body = None
    if (content := graph.value(request, HT.body)) is not None:
        encoding = str(graph.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(content, CNT.chars)).encode(encoding.lower())
    response = graph.value(request, HT.resp)
    statuses = frozenset(
        int(str(s).removeprefix(STATUS)[0]) for s in graph.objects(response, MF.expectedStatus)
    )
    fmt = graph.value(response, MF.expectedFormat)
    boolean = graph.value(response, MF.expectedBoolean)
    return Exchange(str(graph.value(request, HT.methodName)), str(graph.value(request, HT.absolutePath)),
                    headers, body, statuses, str(fmt) if fmt is not None else None,
                    boolean.toPython() if boolean is not None else None)  # fmt: skip


TESTS = read_manifest(SUITE) if SUITE.is_dir() else []
pytestmark = pytest.mark.skipif(not SUITE.is_dir(), reason="../shared/w3c/sparql11-protocol not present")


@pytest.fixture(scope="module")
def query_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A read-only server over a store holding every data file of the suite in its named graph."""
    path = tmp_path_factory.mktemp("w3c") / "store"
    path.mkdir()
    store = ox.Store(str(path))
    for test in TESTS:
        for iri, data in test.graphs.items():
            store.load(path=str(data), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    store.flush()
    del store
    with running_server(path) as url:
        yield url.removesuffix("/sparql")


@pytest.fixture(scope="module")
def update_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_server(tmp_path_factory.mktemp("w3c-update") / "store", "--allow-update") as url:
        yield url.removesuffix("/sparql")


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.name)
def test_protocol(test: ProtocolTest, request: pytest.FixtureRequest) -> None:
    base = request.getfixturevalue("update_server" if test.is_update else "query_server")
    for exchange in test.exchanges:
        replay(base, exchange)


@pytest.mark.parametrize("test", [t for t in TESTS if t.name.startswith("update_")], ids=lambda t: t.name)
def test_read_only_server_refuses_updates(test: ProtocolTest, query_server: str) -> None:
    response = send(query_server, test.exchanges[0])
    assert response.status_code == 403, response.text


def send(base: str, exchange: Exchange) -> requests.Response:
    return requests.request(exchange.method, base + exchange.path, headers=exchange.headers | WRITE,
                            data=exchange.body, timeout=30, allow_redirects=False)  # fmt: skip


def replay(base: str, exchange: Exchange) -> None:
    response = send(base, exchange)
    assert response.status_code // 100 in exchange.statuses, f"{response.status_code}: {response.text}"
    media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
    if exchange.format == "boolean":
        assert media_type in RESULT_TYPES
        value = _boolean(response.content, media_type)
        if exchange.boolean is not None:
            assert value is exchange.boolean
    elif exchange.format == "tabular":
        assert media_type in TABULAR_TYPES
        if media_type.endswith("json"):
            assert "bindings" in json.loads(response.content)["results"]
    elif exchange.format == "RDF":
        assert media_type in RDF_TYPES
        rdflib.Graph().parse(data=response.content, format=RDF_TYPES[media_type])


def _boolean(content: bytes, media_type: str) -> bool:
    if media_type.endswith("json"):
        return json.loads(content)["boolean"]
    return rdflib.query.Result.parse(io.BytesIO(content), format="xml").askAnswer
