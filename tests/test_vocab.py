"""Every ontology term the code uses is declared in ontology/bpk.ttl; the shapes parse."""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF

from kg import vocab
from ontology import ONTOLOGY, SHAPES


def _code_terms() -> set[str]:
    terms = {value for name, value in vars(vocab).items() if isinstance(value, str) and name.isupper()}
    terms |= {rel.rdf for rel in vocab.RELATIONS.values()}
    terms |= set(vocab.ROLE_PROPERTIES.values()) | set(vocab.ENTITY_CLASSES.values())
    terms |= {vocab.BPK + c for c in vocab.CLASSES}
    return {t for t in terms if t.startswith(vocab.BPK) and t != vocab.BPK}


def test_every_bpk_term_in_code_is_declared_in_the_ontology():
    g = rdflib.Graph().parse(ONTOLOGY, format="turtle")
    declared = {str(s) for s in g.subjects(RDF.type, None)}
    missing = sorted(_code_terms() - declared)
    assert not missing, f"terms used by kg/vocab.py but not declared in ontology/bpk.ttl: {missing}"


def test_every_declared_term_has_a_label():
    g = rdflib.Graph().parse(ONTOLOGY, format="turtle")
    for s in set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDF.type, OWL.ObjectProperty)):
        assert g.value(s, rdflib.RDFS.label) is not None, s


def test_relations_have_matching_property_kinds():
    g = rdflib.Graph().parse(ONTOLOGY, format="turtle")
    for rel in vocab.RELATIONS.values():
        kind = OWL.DatatypeProperty if rel.range == "gYear" else OWL.ObjectProperty
        assert (rdflib.URIRef(rel.rdf), RDF.type, kind) in g, rel.name
        assert rel.neo4j == "" or rel.neo4j == rel.neo4j.upper()


def test_shapes_parse_and_target_ontology_classes():
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    targets = {str(o) for o in shapes.objects(None, rdflib.URIRef("http://www.w3.org/ns/shacl#targetClass"))}
    assert {vocab.ORGANIZATION, vocab.SITE, vocab.AGREEMENT, vocab.EVIDENCE} <= targets
