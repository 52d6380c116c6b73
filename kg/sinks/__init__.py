"""Sinks: where a knowledge graph is written besides the embedded RDF store (Neo4j, files, networkx)."""
