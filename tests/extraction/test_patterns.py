"""A compiled pattern that starts with '^' matches only at the start of the string, not at the position
given to ``match(text, pos)``: such a pattern used with a position never matches (two rules were silently
dead that way). Checked over the extraction engine's source."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "loaders" / "extraction"


def _anchored_patterns(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        call = node.value
        if not (isinstance(call.func, ast.Attribute) and call.func.attr == "compile" and call.args):
            continue
        first = call.args[0]
        while isinstance(first, ast.BinOp):  # "^..." + NAMES + "..."
            first = first.left
        if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith("^"):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def test_no_anchored_pattern_is_matched_at_a_position() -> None:
    misuses = []
    for path in sorted(ENGINE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        anchored = _anchored_patterns(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("match", "fullmatch", "search")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in anchored
                and len(node.args) >= 2
            ):
                misuses.append(f"{path.name}:{node.lineno} {node.func.value.id}.{node.func.attr}")
    assert misuses == []


def test_the_check_finds_a_misuse() -> None:
    tree = ast.parse('import re\n_P = re.compile(r"^\\s+x")\n_P.match(text, 3)\n')
    assert _anchored_patterns(tree) == {"_P"}
