"""The Neo4j sink: the store as a property graph, pushed idempotently with batched, parameterised Cypher.

The mapping (CONTRACT.md "Neo4j"): one node per IRI with the label of its class and properties ``iri``,
``name`` (the preferred ``rdfs:label``, see :func:`kg.names.preferred_name`), ``aliases`` (the other labels,
``bpk:alias`` and ``bpk:nameInSource``), ``sources`` (the announcements that mention it), plus its class's
attributes; a site's ``startsOperations`` is an integer.
Facts are relationships of the vocabulary types; agreements are nodes linked to their parties by
``PARTY {role}``, to products by ``CONCERNS`` and to their announcement by ``DERIVED_FROM``. Every
relationship carries ``sources`` (announcement IRIs); fact and agreement links also ``sentences`` and
``evidence`` (IRIs of ``Evidence`` nodes, which hold sentence, offsets, extractor and confidence and are
``DERIVED_FROM`` their announcement). Registry companies also have ``wikidata``, ``lei`` and ``tickers``, and
a subsidiary a ``SUBSIDIARY_OF`` relationship to its parent, from the registry graph (a source like an
announcement: ``sources`` name it).

Pushing reconciles per announcement: for the announcements being pushed, whatever they no longer support
loses them from its ``sources``, and is deleted when no source is left. Pushing twice changes nothing.
Analysts' corrections apply (:meth:`kg.store.Store.quads`): a rejected fact has no relationship, a merged
node no node of its own; what analysts add or confirm has the curation graph among its ``sources``.

A push first reads every node (by label) and every pushed relationship with their properties, so it
writes only the difference: nodes and relationships Neo4j lacks are ``CREATE``d in batches (the
uniqueness constraints still guard node IRIs), those whose properties differ are updated (nodes by
``MERGE`` on ``iri``, relationships by element id), the rest are left alone. Two threads send the batches
of one step; each step (nodes, relationships, reconciliation) waits for the previous one.

>>> create_nodes_cypher("Site")
'UNWIND $rows AS row CREATE (n:Site) SET n = row'
>>> print(create_relationships_cypher(RelationshipGroup("PARTY", "Agreement", "Organization")))
UNWIND $rows AS row
MATCH (a:Agreement {iri: row.start})
MATCH (b:Organization {iri: row.end})
CREATE (a)-[r:PARTY]->(b) SET r = row.props
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

import neo4j
import neo4j.exceptions as nx

from kg import vocab as v
from kg.errors import Neo4jError, QueryError
from kg.names import preferred_name

if TYPE_CHECKING:
    from kg.store import Store

__all__ = [
    "LABELS",
    "RELATIONSHIP_TYPES",
    "Neo4jSettings",
    "PropertyGraph",
    "PushReport",
    "RelationshipGroup",
    "check_uri",
    "connect",
    "constraint_cypher",
    "create_nodes_cypher",
    "create_relationships_cypher",
    "merge_nodes_cypher",
    "push",
    "push_store",
    "read_property_graph",
    "run_cypher",
]

Tracer = Callable[[str, Mapping[str, Any]], None]

LABELS = ("Organization", "Site", "Product", "Place", "Agreement", "Announcement", "Evidence")
FACT_TYPES = {r.rdf: r.neo4j for r in v.RELATIONS.values() if r.neo4j}
RELATIONSHIP_TYPES = (*FACT_TYPES.values(), "PARTY", "CONCERNS", "DERIVED_FROM", "SUPPORTS", "SUBSIDIARY_OF")
_CLASS_LABELS = {v.BPK + label: label for label in LABELS}

# datatype properties: RDF property -> (Neo4j key, kind); kind "many" makes a sorted list
_PROPERTIES: dict[str, tuple[str, str]] = {
    v.ALIAS: ("aliases", "many"),
    v.DESCRIPTION: ("description", "str"),
    v.UNDISCLOSED: ("undisclosed", "bool"),
    v.CITY: ("city", "str"),
    v.MODALITY: ("modality", "str"),
    v.INDICATION: ("indication", "str"),
    v.WIKIDATA: ("wikidata", "str"),
    v.NAME_IN_SOURCE: ("aliases", "many"),  # names as the announcements write them
    v.LEI: ("lei", "str"),
    v.TICKER: ("tickers", "many"),
    v.COUNTRY_CODE: ("countryCode", "str"),
    v.RELATIONS["starts_operations"].rdf: ("startsOperations", "int"),
    v.AGREEMENT_TYPE: ("agreementType", "str"),
    v.SERVICE: ("service", "str"),
    v.STAGE: ("stages", "many"),
    v.END_YEAR: ("endYear", "int"),
    v.ANNOUNCED: ("announced", "str"),
    v.TITLE: ("title", "str"),
    v.PUBLISHED: ("published", "str"),
    v.PUBLISHER: ("publisher", "str"),
    v.SOURCE_URL: ("sourceUrl", "str"),
    v.FETCHED: ("fetched", "str"),
    v.HTTP_STATUS: ("httpStatus", "int"),
    v.SOURCE_SHA256: ("sourceSha256", "str"),
    v.DOC_KEY: ("documentKey", "str"),
    v.SENTENCE: ("sentence", "str"),
    v.START: ("start", "int"),
    v.END: ("end", "int"),
    v.EXTRACTOR: ("extractor", "str"),
    v.CONFIDENCE: ("confidence", "float"),
}
_COMMON_KEYS = ("name", "aliases", "sources")
# every key a label may have: absent ones are written as null, so `SET n += props` also removes stale ones
LABEL_KEYS: dict[str, tuple[str, ...]] = {
    "Organization": (*_COMMON_KEYS, "undisclosed", "description", "city", "wikidata", "lei", "tickers"),
    "Site": (*_COMMON_KEYS, "undisclosed", "description", "city", "startsOperations"),
    "Product": (*_COMMON_KEYS, "undisclosed", "description", "modality", "indication"),
    "Place": (*_COMMON_KEYS, "countryCode"),
    "Agreement": (*_COMMON_KEYS, "agreementType", "service", "stages", "endYear", "announced",
                  "valueAmounts", "valueCurrencies", "valueKinds", "confidence"),
    "Announcement": (*_COMMON_KEYS, "title", "published", "publisher", "sourceUrl", "documentKey", "fetched",
                     "httpStatus", "sourceSha256"),
    "Evidence": (*_COMMON_KEYS, "sentence", "start", "end", "extractor", "confidence", "subject", "relation",
                 "object"),
}  # fmt: skip
RELATIONSHIP_KEYS = ("sources", "sentences", "evidence", "confidence")


# --- connection ---------------------------------------------------------------------------------------
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
    records = _run(driver, cypher, params, database=database, tracer=tracer, write=write, uri=uri)
    return [_plain(record.data()) for record in records]


def _run(
    driver: neo4j.Driver,
    cypher: str,
    params: Mapping[str, Any] | None,
    *,
    database: str | None,
    tracer: Tracer | None,
    write: bool,
    uri: str,
) -> list[neo4j.Record]:
    """The records of one statement as the driver gives them (`run_cypher` without the conversion)."""
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


# --- the property graph -------------------------------------------------------------------------------
@dataclass(frozen=True)
class RelationshipGroup:
    """Relationships written by one statement: one type between two labels."""

    type: str
    start: str
    end: str


@dataclass
class PropertyGraph:
    """Nodes by label (iri -> properties) and relationships by group ((start, end, role) -> properties)."""

    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    relationships: dict[RelationshipGroup, dict[tuple[str, str, str | None], dict[str, Any]]] = field(
        default_factory=dict
    )
    announcements: set[str] = field(default_factory=set)

    def label_of(self, iri: str) -> str | None:
        return next((label for label, nodes in self.nodes.items() if iri in nodes), None)

    @property
    def node_count(self) -> int:
        return sum(map(len, self.nodes.values()))

    @property
    def relationship_count(self) -> int:
        return sum(map(len, self.relationships.values()))


class _Reader:
    """Accumulates quads into the parts of a property graph (one pass over the store)."""

    def __init__(self) -> None:
        self.label: dict[str, str] = {}
        self.sources: defaultdict[str, set[str]] = defaultdict(set)
        self.names: defaultdict[str, set[str]] = defaultdict(set)
        self.props: defaultdict[str, defaultdict[str, set]] = defaultdict(lambda: defaultdict(set))
        self.rels: defaultdict[tuple[str, str, str, str | None], set[str]] = defaultdict(set)
        self.values: defaultdict[str, set[str]] = defaultdict(set)  # agreement -> money nodes
        self.statements: defaultdict[str, dict[str, str]] = defaultdict(dict)  # evidence -> s/p/o
        self.supports: defaultdict[str, set[str]] = defaultdict(set)  # agreement -> evidence

    def add(self, s: str, p: str, o: Any, g: str) -> None:
        if p == v.TYPE:
            label = _CLASS_LABELS.get(o.value)
            if label is not None:
                self.label[s] = label
                self.sources[s].add(g)
        elif p == v.LABEL:
            self.names[s].add(o.value)
        elif p in FACT_TYPES:
            self.rels[(FACT_TYPES[p], s, o.value, None)].add(g)
        elif p in _PROPERTIES:
            key, kind = _PROPERTIES[p]
            self.props[s][key].add(_convert(o.value, kind))
        elif p in _ROLES:
            self.rels[("PARTY", s, o.value, _ROLES[p])].add(g)
        elif p == v.CONCERNS:
            self.rels[("CONCERNS", s, o.value, None)].add(g)
        elif p == v.DERIVED_FROM:
            self.rels[("DERIVED_FROM", s, o.value, None)].add(g)
        elif p == v.SUB_ORGANIZATION_OF:  # from the registry graph
            self.rels[("SUBSIDIARY_OF", s, o.value, None)].add(g)
        elif p == v.SUPPORTS:
            self.rels[("SUPPORTS", s, o.value, None)].add(g)
            self.supports[o.value].add(s)
        elif p == v.HAS_VALUE:
            self.values[s].add(o.value)
        elif p in (v.AMOUNT, v.CURRENCY, v.VALUE_KIND):
            self.props[s][p].add(o.value)
        elif p in _STATEMENT:
            self.statements[s][_STATEMENT[p]] = o.value


_ROLES = {iri: role for role, iri in v.ROLE_PROPERTIES.items()}
_STATEMENT = {
    v.STATEMENT_SUBJECT: "subject",
    v.STATEMENT_PREDICATE: "predicate",
    v.STATEMENT_OBJECT: "object",
}


def _convert(value: str, kind: str) -> Any:
    if kind == "int":  # integers and gYear literals ("2027")
        try:
            return int(value)
        except ValueError:
            return int(value[:4]) if value[:4].isdigit() else value
    if kind == "float":
        return float(value)
    if kind == "bool":
        return value in ("true", "1")
    return value


def read_property_graph(store: Store) -> PropertyGraph:
    """The store (union of its announcement graphs, corrections applied) as a property graph,
    deterministically."""
    reader = _Reader()
    for quad in store.quads(records=False):
        graph = getattr(quad.graph_name, "value", None)
        if graph is not None:
            reader.add(quad.subject.value, quad.predicate.value, quad.object, graph)
    graph = _assemble(reader)
    graph.announcements.add(v.CURATION_GRAPH)  # a source like an announcement: what analysts retract goes
    return graph


def _assemble(r: _Reader) -> PropertyGraph:
    graph = PropertyGraph(nodes={label: {} for label in LABELS})
    graph.announcements.add(v.REGISTRY_GRAPH)  # a source like an announcement: what it no longer says goes
    for iri, label in r.label.items():
        graph.nodes[label][iri] = _node_properties(r, iri, label)
        if label == "Announcement":
            graph.announcements.add(iri)
    evidence_of: defaultdict[tuple, set[str]] = defaultdict(set)
    for ev, parts in r.statements.items():
        relation = FACT_TYPES.get(parts.get("predicate", ""))
        if relation:
            evidence_of[(relation, parts.get("subject"), parts.get("object"), None)].add(ev)
    for (rtype, start, end, role), sources in r.rels.items():
        start_label, end_label = r.label.get(start), r.label.get(end)
        if start_label is None or end_label is None:
            continue  # an endpoint without a class has no node
        evidence = evidence_of.get((rtype, start, end, role), set())
        if rtype in ("PARTY", "CONCERNS"):
            evidence = r.supports.get(start, set())
        props: dict[str, Any] = {
            "sources": sorted(sources),
            "sentences": None,
            "evidence": None,
            "confidence": None,
        }
        if evidence:
            props["evidence"] = sorted(evidence)
            sentences = {s for ev in evidence for s in r.props[ev].get("sentence", ())}
            props["sentences"] = sorted(sentences) or None
            props["confidence"] = _confidence(r, evidence)
        group = RelationshipGroup(rtype, start_label, end_label)
        graph.relationships.setdefault(group, {})[(start, end, role)] = props
    graph.relationships = dict(sorted(graph.relationships.items(), key=lambda kv: _group_key(kv[0])))
    return graph


def _group_key(group: RelationshipGroup) -> tuple[str, str, str]:
    return (group.type, group.start, group.end)


def _node_properties(r: _Reader, iri: str, label: str) -> dict[str, Any]:
    found = r.props.get(iri, {})
    labels = sorted(r.names.get(iri, ()))
    name = preferred_name(labels) if labels else _fallback_name(r, iri)
    props: dict[str, Any] = dict.fromkeys(LABEL_KEYS[label])
    props["name"] = name
    aliases = sorted((set(labels) | found.get("aliases", set())) - {name})
    props["aliases"] = aliases or None
    props["sources"] = sorted(r.sources[iri])
    for key, values in found.items():
        if key in props and key not in ("aliases", "name", "sources") and values:
            ordered = sorted(values)
            props[key] = ordered if key in ("stages", "tickers") else ordered[0]
    if label == "Agreement":
        props["confidence"] = _confidence(r, r.supports.get(iri, set()))
        money = [r.props.get(m, {}) for m in sorted(r.values.get(iri, ()))]
        if money:
            props["valueAmounts"] = [float(_one(m.get(v.AMOUNT), "0")) for m in money]
            props["valueCurrencies"] = [_one(m.get(v.CURRENCY), "") for m in money]
            props["valueKinds"] = [_one(m.get(v.VALUE_KIND), "") for m in money]
    if label == "Evidence":
        parts = r.statements.get(iri, {})
        relation = v.BY_RDF.get(parts.get("predicate", ""))
        props |= {"subject": parts.get("subject"), "object": parts.get("object")}
        props["relation"] = relation.name if relation else None
    return props


def _confidence(r: _Reader, evidence: Iterable[str]) -> float | None:
    """The highest confidence of the evidence for a fact or an agreement (what --min-confidence filters)."""
    found = [c for ev in evidence for c in r.props[ev].get("confidence", ())]
    return max(found) if found else None


def _one(values: set | None, default: str) -> str:
    return sorted(values)[0] if values else default


def _fallback_name(r: _Reader, iri: str) -> str:
    """A name for nodes without a label (evidence): its sentence, or what produced it."""
    found = r.props.get(iri, {})
    if found.get("sentence"):
        return sorted(found["sentence"])[0]
    if found.get("extractor"):
        return f"{sorted(found['extractor'])[0]} evidence"
    return iri.rsplit("/", 1)[-1]


# --- Cypher, built from the closed vocabulary only ----------------------------------------------------
def _label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"not a label of the vocabulary: {label!r}")
    return label


def _type(rtype: str) -> str:
    if rtype not in RELATIONSHIP_TYPES:
        raise ValueError(f"not a relationship type of the vocabulary: {rtype!r}")
    return rtype


def constraint_cypher(label: str) -> str:
    """The uniqueness constraint on ``iri`` for one label.

    >>> constraint_cypher("Organization")
    'CREATE CONSTRAINT kg_organization_iri IF NOT EXISTS FOR (n:Organization) REQUIRE n.iri IS UNIQUE'
    """
    return (
        f"CREATE CONSTRAINT kg_{_label(label).lower()}_iri IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.iri IS UNIQUE"
    )


def merge_nodes_cypher(label: str) -> str:
    return f"UNWIND $rows AS row MERGE (n:{_label(label)} {{iri: row.iri}}) SET n += row.props"


def create_nodes_cypher(label: str) -> str:
    return f"UNWIND $rows AS row CREATE (n:{_label(label)}) SET n = row"


def create_relationships_cypher(group: RelationshipGroup) -> str:
    return (
        f"UNWIND $rows AS row\nMATCH (a:{_label(group.start)} {{iri: row.start}})\n"
        f"MATCH (b:{_label(group.end)} {{iri: row.end}})\n"
        f"CREATE (a)-[r:{_type(group.type)}]->(b) SET r = row.props"
    )


def read_nodes_cypher(label: str) -> str:
    """Nodes of ``label`` with their properties; those a push wrote have ``sources``."""
    return f"MATCH (n:{_label(label)}) RETURN n.iri AS iri, properties(n) AS props"


def read_relationships_cypher() -> str:
    types = "|".join(_type(t) for t in RELATIONSHIP_TYPES)
    return (
        f"MATCH (a)-[r:{types}]->(b) WHERE r.sources IS NOT NULL "
        "RETURN elementId(r) AS id, type(r) AS type, a.iri AS start, b.iri AS end, properties(r) AS props"
    )


SET_RELATIONSHIPS = "UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.id SET r += row.props"
DELETE_RELATIONSHIPS = "UNWIND $rows AS row MATCH ()-[r]->() WHERE elementId(r) = row.id DELETE r"


def set_node_sources_cypher(label: str) -> str:
    return f"UNWIND $rows AS row MATCH (n:{_label(label)} {{iri: row.iri}}) SET n.sources = row.sources"


def delete_nodes_cypher(label: str) -> str:
    return f"UNWIND $rows AS row MATCH (n:{_label(label)} {{iri: row.iri}}) DETACH DELETE n"


# --- the push -----------------------------------------------------------------------------------------
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


class _Writer:
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
        return _run(self.driver, cypher, {}, write=False, tracer=self.tracer, **self.options)

    def write(self, cypher: str, rows: list[dict[str, Any]] | None = None) -> None:
        if rows is not None and not rows:
            return
        for batch in _batches(rows, self.batch) if rows is not None else [None]:
            params = {} if batch is None else {"rows": batch}
            self.statements += 1
            if self.tracer is not None:
                self.tracer(cypher, params)
            run = partial(_run, self.driver, cypher, params, write=True, tracer=None, **self.options)
            self.pending.append(self.pool.submit(run))

    def wait(self) -> None:
        """Wait for every statement given so far; the first failure is raised."""
        pending, self.pending = self.pending, []
        for future in pending:
            future.result()

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def _keep(sources: Iterable[str] | None, scope: set[str]) -> set[str]:
    """The sources outside the announcements being pushed (their support is not ours to change)."""
    return {s for s in sources or () if s not in scope}


def _differs(props: dict[str, Any], stored: dict[str, Any]) -> bool:
    """Whether writing ``props`` (None: remove) would change the ``stored`` properties."""
    return any(stored.get(key) != value for key, value in props.items())


def push(
    graph: PropertyGraph,
    driver: neo4j.Driver,
    *,
    database: str | None = None,
    tracer: Tracer | None = None,
    batch_size: int = 10_000,
    prune: bool = False,
    uri: str = "Neo4j",
    workers: int = 2,
) -> PushReport:
    """Write ``graph`` into Neo4j and reconcile the announcements it holds (see the module docstring).

    ``prune`` also reconciles announcements that are in Neo4j but no longer in ``graph`` (a full mirror).
    """
    started = time.perf_counter()
    w = _Writer(driver, {"database": database, "tracer": tracer, "uri": uri}, batch_size, workers)
    try:
        report = _push(w, graph, prune)
    finally:
        w.close()
    report.statements, report.seconds = w.statements, time.perf_counter() - started
    return report


def _push(w: _Writer, graph: PropertyGraph, prune: bool) -> PushReport:
    """Read what Neo4j holds, then write only the difference, in four steps that each wait for the last."""
    report = PushReport()
    for label in LABELS:
        w.write(constraint_cypher(label))
    w.wait()
    old_nodes = {label: {r["iri"]: r["props"] for r in w.read(read_nodes_cypher(label))} for label in LABELS}
    old_rels = {(r["type"], r["start"], r["end"], r["props"].get("role")): r
                for r in w.read(read_relationships_cypher())}  # fmt: skip
    scope = set(graph.announcements) | (set(old_nodes["Announcement"]) if prune else set())
    _write_nodes(w, graph, old_nodes, scope, report)
    w.wait()  # relationships need their nodes
    _write_relationships(w, graph, old_rels, scope, report)
    w.wait()
    _reconcile_relationships(w, graph, old_rels, scope, report)
    w.wait()
    _reconcile_nodes(w, graph, old_nodes, scope, report)
    w.wait()
    return report


def _write_nodes(
    w: _Writer, graph: PropertyGraph, old_nodes: dict, scope: set[str], report: PushReport
) -> None:
    """CREATE the nodes Neo4j lacks, SET those whose properties differ, skip the rest."""
    for label, nodes in graph.nodes.items():
        new, changed = [], []
        for iri, props in nodes.items():
            old = old_nodes[label].get(iri)
            kept = _keep(old and old.get("sources"), scope)
            props = props | {"sources": sorted(set(props["sources"]) | kept)}
            if old is None:
                new.append({"iri": iri, **props})
            elif _differs(props, old):
                changed.append({"iri": iri, "props": props})
        w.write(create_nodes_cypher(label), new)
        w.write(merge_nodes_cypher(label), changed)
        report.nodes += len(new) + len(changed)
        report.unchanged += len(nodes) - len(new) - len(changed)


def _write_relationships(
    w: _Writer, graph: PropertyGraph, old_rels: dict, scope: set[str], report: PushReport
) -> None:
    """CREATE the relationships Neo4j lacks, SET (by element id) those whose properties differ."""
    changed = []
    for group, rels in graph.relationships.items():
        new = []
        for (start, end, role), props in rels.items():
            old = old_rels.get((group.type, start, end, role))
            kept = _keep(old and old["props"].get("sources"), scope)
            props = props | {"sources": sorted(set(props["sources"]) | kept)}
            if old is None:
                new.append({"start": start, "end": end, "props": props | ({"role": role} if role else {})})
            elif _differs(props, old["props"]):
                changed.append({"id": old["id"], "props": props})
        w.write(create_relationships_cypher(group), new)
        report.relationships += len(new)
        report.unchanged += len(rels) - len(new)
    w.write(SET_RELATIONSHIPS, changed)
    report.relationships += len(changed)
    report.unchanged -= len(changed)


def _reconcile_relationships(
    w: _Writer, graph: PropertyGraph, old_rels: dict, scope: set[str], report: PushReport
) -> None:
    """Relationships of the pushed announcements that ``graph`` no longer has lose those sources."""
    wanted = {(group.type, *key) for group, rels in graph.relationships.items() for key in rels}
    trim, delete = [], []
    for key, old in old_rels.items():
        if key in wanted:
            continue
        sources = old["props"].get("sources") or []
        remaining = _keep(sources, scope)
        if not remaining:
            delete.append({"id": old["id"]})
        elif len(remaining) < len(sources):
            trim.append({"id": old["id"], "props": {"sources": sorted(remaining)}})
    w.write(SET_RELATIONSHIPS, trim)
    w.write(DELETE_RELATIONSHIPS, delete)
    report.relationships_deleted += len(delete)
    report.sources_trimmed += len(trim)


def _reconcile_nodes(
    w: _Writer, graph: PropertyGraph, old_nodes: dict, scope: set[str], report: PushReport
) -> None:
    """Pushed nodes that ``graph`` no longer has lose the pushed announcements from ``sources``."""
    for label in LABELS:
        trim, delete = [], []
        for iri, old in old_nodes[label].items():
            sources = old.get("sources")
            if iri in graph.nodes.get(label, {}) or not sources:
                continue  # still wanted, or not written by a push
            remaining = _keep(sources, scope)
            if not remaining:
                delete.append({"iri": iri})
            elif len(remaining) < len(sources):
                trim.append({"iri": iri, "sources": sorted(remaining)})
        w.write(set_node_sources_cypher(label), trim)
        w.write(delete_nodes_cypher(label), delete)
        report.nodes_deleted += len(delete)
        report.sources_trimmed += len(trim)


def push_store(
    store: Store,
    settings: Neo4jSettings | None = None,
    *,
    tracer: Tracer | None = None,
    batch_size: int = 10_000,
    prune: bool = False,
) -> PushReport:
    """Connect with ``settings`` (default: the NEO4J_* environment) and push the whole store.

    The entry point for ``kg push`` and ``kg ingest --neo4j``; raises :class:`Neo4jError` on connection
    problems (one line naming the URI).
    """
    settings = settings or Neo4jSettings.from_env()
    graph = read_property_graph(store)
    with connect(settings) as driver:
        options = {"database": settings.database, "tracer": tracer, "uri": settings.uri}
        return push(graph, driver, batch_size=batch_size, prune=prune, **options)
