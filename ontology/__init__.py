"""The biopharma-kg ontology (OWL in Turtle) and SHACL shapes, shipped as package data."""

from pathlib import Path

__all__ = ["ONTOLOGY", "SHAPES"]

HERE = Path(__file__).parent
ONTOLOGY = HERE / "bpk.ttl"
SHAPES = HERE / "shapes.ttl"
