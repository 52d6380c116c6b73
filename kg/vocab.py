"""The vocabulary, named once: namespaces, ontology terms, and the predicate table (records, RDF, Neo4j).

Every term here is declared in ``ontology/bpk.ttl`` (a test checks it).

>>> RELATIONS["located_in"].rdf
'https://w3id.org/biopharma-kg/ontology#locatedIn'
>>> RELATIONS["located_in"].neo4j
'LOCATED_IN'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BPK",
    "CLASSES",
    "ID",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "RELATIONS",
    "SCHEMA",
    "XSD",
    "Relation",
]

BPK = "https://w3id.org/biopharma-kg/ontology#"
ID = "https://w3id.org/biopharma-kg/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"

PREFIXES = {
    "bpk": BPK,
    "id": ID,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
    "prov": PROV,
    "org": ORG,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
    "skos": SKOS,
}

# classes (local name == Neo4j label)
CLASSES = ("Organization", "Site", "Agreement", "Product", "Announcement", "Place", "Evidence")
ENTITY_CLASSES = {"Organization": BPK + "Organization", "Site": BPK + "Site", "Product": BPK + "Product"}

TYPE = RDF + "type"
LABEL = RDFS + "label"
ORGANIZATION = BPK + "Organization"
SITE = BPK + "Site"
AGREEMENT = BPK + "Agreement"
PRODUCT = BPK + "Product"
ANNOUNCEMENT = BPK + "Announcement"
PLACE = BPK + "Place"
EVIDENCE = BPK + "Evidence"

# entity attributes (datatype properties)
ALIAS = BPK + "alias"
SEARCH_KEY = SKOS + "hiddenLabel"  # a name or alias lower-cased: case-insensitive lookup by index
DESCRIPTION = BPK + "description"
UNDISCLOSED = BPK + "undisclosed"
COUNTRY_CODE = BPK + "countryCode"
CITY = BPK + "city"
MODALITY = BPK + "modality"
INDICATION = BPK + "indication"
WIKIDATA = BPK + "wikidata"
NAME_IN_SOURCE = BPK + "nameInSource"  # a name as one announcement writes it (when the graph shows another)
SAME_AS = OWL + "sameAs"  # a company -> its Wikidata entity
LEI = SCHEMA + "leiCode"
TICKER = SCHEMA + "tickerSymbol"  # "EXCHANGE:SYMBOL"
SUB_ORGANIZATION_OF = ORG + "subOrganizationOf"  # a subsidiary -> its parent (from the registry)
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
REGISTRY_GRAPH = ID + "graph/registry"  # the registry's statements about the companies the store names

# agreement attributes
PROVIDER = BPK + "provider"
CLIENT = BPK + "client"
PARTNER = BPK + "partner"
AGREEMENT_TYPE = BPK + "agreementType"
SERVICE = BPK + "service"
STAGE = BPK + "stage"
CONCERNS = BPK + "concerns"  # agreement -> product
END_YEAR = BPK + "endYear"
ANNOUNCED = BPK + "announced"
HAS_VALUE = BPK + "value"  # agreement -> money node
AMOUNT = BPK + "amount"
CURRENCY = BPK + "currency"
VALUE_KIND = BPK + "valueKind"
MONETARY_AMOUNT = BPK + "MonetaryAmount"
ROLE_PROPERTIES = {"provider": PROVIDER, "client": CLIENT, "partner": PARTNER}

# announcement and evidence (provenance)
TITLE = DCTERMS + "title"
PUBLISHED = BPK + "published"
PUBLISHER = BPK + "publisher"
SOURCE_URL = BPK + "sourceUrl"
FETCHED = BPK + "fetched"  # when a page or feed entry was fetched (xsd:dateTime)
HTTP_STATUS = BPK + "httpStatus"
SOURCE_SHA256 = BPK + "sourceSha256"  # SHA-256 of the text read from the response
DOC_KEY = BPK + "documentKey"
DERIVED_FROM = PROV + "wasDerivedFrom"
SUPPORTS = BPK + "supports"  # evidence -> agreement (for agreement evidence)
SENTENCE = BPK + "sentence"
START = BPK + "start"
END = BPK + "end"
EXTRACTOR = BPK + "extractor"
CONFIDENCE = BPK + "confidence"
STATEMENT_SUBJECT = RDF + "subject"
STATEMENT_PREDICATE = RDF + "predicate"
STATEMENT_OBJECT = RDF + "object"
COMMENT = RDFS + "comment"
DIFFERENT_FROM = OWL + "differentFrom"

# curation (kg curate): corrections kept in a graph of their own, never written by ingest; each is a
# reified statement (rdf:subject/predicate/object) an analyst rejects, confirms, adds, merges (owl:sameAs),
# splits (owl:differentFrom), renames (rdfs:label) or edits (an agreement attribute), with PROV-O provenance
CURATION_GRAPH = ID + "graph/curation"
CORRECTION = BPK + "Correction"
CORRECTION_CLASSES = {
    "reject": BPK + "Rejection",
    "confirm": BPK + "Confirmation",
    "add": BPK + "Addition",
    "merge": BPK + "Merge",
    "split": BPK + "Split",
    "rename": BPK + "Rename",
    "edit": BPK + "Edit",
}
SUBJECT_NAME = BPK + "subjectName"
OBJECT_NAME = BPK + "objectName"
SUBJECT_CLASS = BPK + "subjectClass"
OBJECT_CLASS = BPK + "objectClass"
IN_ANNOUNCEMENT = BPK + "inAnnouncement"  # an agreement correction -> the announcement graph of the agreement
PARTIES = BPK + "parties"  # an agreement correction: "role IRI" per party (which agreement it was)
OVERRIDES = BPK + "overrides"  # a correction -> the evidence it overrides
STATEMENTS = (
    BPK + "statements"
)  # a confirmed agreement: its statements as N-Triples (kept if re-ingest drops it)
AGENT = PROV + "Agent"
ATTRIBUTED_TO = PROV + "wasAttributedTo"
GENERATED_AT = PROV + "generatedAtTime"

# change sets (kg changes): every ingest run and every correction, numbered, in a graph of their own
CHANGES_GRAPH = ID + "graph/changes"
CHANGE_SET = BPK + "ChangeSet"
CHANGE_NUMBER = BPK + "changeNumber"
CHANGE_KIND = BPK + "changeKind"
ADDED = (
    BPK + "added"
)  # a change set -> one fact it added (a JSON literal: the triple, names, sentence, source)
REMOVED = BPK + "removed"
APPLIES = BPK + "applies"  # a change set -> the correction it applied
STARTED_AT = PROV + "startedAtTime"
ENDED_AT = PROV + "endedAtTime"
ASSOCIATED_WITH = PROV + "wasAssociatedWith"
SYSTEM_GRAPHS = frozenset({CURATION_GRAPH, CHANGES_GRAPH})  # graphs that are not sources of facts


@dataclass(frozen=True)
class Relation:
    """One predicate across the three worlds: extraction record, RDF property, Neo4j relationship type."""

    name: str
    rdf: str
    neo4j: str
    domain: str
    range: str  # a class local name, or "gYear"


RELATIONS: dict[str, Relation] = {
    r.name: r
    for r in (
        Relation("contracts_with", BPK + "contractsWith", "CONTRACTS_WITH", "Organization", "Organization"),
        Relation("acquires", BPK + "acquires", "ACQUIRES", "Organization", "Organization|Site"),
        Relation("operates", BPK + "operates", "OPERATES", "Organization", "Site"),
        Relation("located_in", BPK + "locatedIn", "LOCATED_IN", "Site", "Place"),
        Relation("headquartered_in", BPK + "headquarteredIn", "HEADQUARTERED_IN", "Organization", "Place"),
        Relation("starts_operations", BPK + "startsOperations", "", "Site", "gYear"),
        Relation("develops", BPK + "develops", "DEVELOPS", "Organization", "Product"),
    )
}
BY_RDF = {r.rdf: r for r in RELATIONS.values()}


def term(iri: str) -> str:
    """Compact an IRI with the known prefixes (for display).

    >>> term(BPK + "Site")
    'bpk:Site'
    """
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri
