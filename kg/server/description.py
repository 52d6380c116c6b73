"""The SPARQL 1.1 service description (``sd:`` vocabulary) served on GET /sparql without a query.

>>> triples = describe_service("http://127.0.0.1:7878/sparql", allow_update=False)
>>> any(t.object.value.endswith("#UnionDefaultGraph") for t in triples)
True
"""

from __future__ import annotations

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from kg import vocab as v

__all__ = ["SD_PREFIXES", "describe_service"]

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
SD_PREFIXES = {"sd": SD, "formats": FORMATS, "dcterms": v.DCTERMS, "rdfs": v.RDFS}
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML")  # fmt: skip


def describe_service(endpoint: str, allow_update: bool) -> list[Triple]:
    """The description of the endpoint at ``endpoint`` (an absolute IRI)."""
    service, dataset, graph = NamedNode(endpoint + "#service"), BlankNode(), BlankNode()
    languages = ["SPARQL11Query", "SPARQL11Update"] if allow_update else ["SPARQL11Query"]
    rows: list[tuple[NamedNode | BlankNode, NamedNode, NamedNode | BlankNode | Literal]] = [
        (service, NamedNode(v.TYPE), NamedNode(SD + "Service")),
        (service, NamedNode(SD + "endpoint"), NamedNode(endpoint)),
        (service, NamedNode(v.DCTERMS + "title"), Literal("biopharma-kg SPARQL endpoint")),
        *((service, NamedNode(SD + "supportedLanguage"), NamedNode(SD + lang)) for lang in languages),
        *((service, NamedNode(SD + "resultFormat"), NamedNode(FORMATS + f)) for f in RESULT_FORMATS),
        # read-only, the default graph is the merge of the announcement graphs (kg.store keeps it so);
        # SPARQL Update may change either on its own
        *(
            []
            if allow_update
            else [(service, NamedNode(SD + "feature"), NamedNode(SD + "UnionDefaultGraph"))]
        ),
        (service, NamedNode(SD + "defaultDataset"), dataset),
        (dataset, NamedNode(v.TYPE), NamedNode(SD + "Dataset")),
        (dataset, NamedNode(SD + "defaultGraph"), graph),
        (graph, NamedNode(v.TYPE), NamedNode(SD + "Graph")),
        (graph, NamedNode(v.RDFS + "comment"), Literal("The merge of all graphs: one per announcement.")),
    ]
    return [Triple(s, p, o) for s, p, o in rows]
