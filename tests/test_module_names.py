"""A module binds each of its top-level names once: a second ``_NAME = ...`` further down silently replaces
the first for every function above it that reads the name (an organisation annotator's person-name test
once read another pattern's words this way)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kg", "loaders", "viz")


def rebound(source: str) -> dict[str, list[int]]:
    """Top-level names bound more than once (assignments, functions, classes): name -> line numbers."""
    lines: dict[str, list[int]] = defaultdict(list)
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            names = [node.target.id]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names = [node.name]
        else:
            names = []
        for name in names:
            lines[name].append(node.lineno)
    return {name: at for name, at in lines.items() if len(at) > 1}


def test_the_checker_finds_a_name_bound_twice() -> None:
    assert rebound("_WORD = 1\ndef f():\n    return _WORD\n_WORD = 2\n") == {"_WORD": [1, 4]}


def test_no_module_binds_a_top_level_name_twice() -> None:
    found = {
        str(path.relative_to(ROOT)): names
        for pkg in PACKAGES
        for path in sorted((ROOT / pkg).rglob("*.py"))
        if (names := rebound(path.read_text(encoding="utf-8")))
    }
    assert found == {}
