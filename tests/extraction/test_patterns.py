"""A compiled pattern that starts with '^' matches only at the start of the string, not at the position
given to ``match(text, pos)``: such a pattern used with a position never matches (two rules were silently
dead that way). And a pattern compiled to ignore case matches any letter where it asks for a capital ("sold
... to [A-Z]" read "sold ... to expand"). Checked over the extraction engine's source."""

from __future__ import annotations

import ast
import re
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


def _strings(node: ast.AST) -> list[str]:
    """The string pieces a pattern is built from ("a" + NAME + "b": "a" and "b")."""
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _capitals_ignored(tree: ast.Module) -> list[int]:
    """Lines of patterns compiled to ignore case that still ask for a capital ("[A-Z]"), which then matches
    any letter; a capital is asked for inside ``(?-i:...)``."""
    lines = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        flags = " ".join(ast.unparse(a) for a in node.args[1:])
        if name not in ("compile", "Gated") or not ("re.I" in flags or "IGNORECASE" in flags):
            continue
        for piece in _strings(node.args[0]):
            if any(
                not piece[:at].endswith("(?-i:") for at in (m.start() for m in re.finditer(r"\[A-Z", piece))
            ):
                lines.append(node.lineno)
                break
    return lines


def test_no_pattern_ignoring_case_asks_for_a_capital() -> None:
    misuses = []
    for path in sorted(ENGINE.rglob("*.py")):
        misuses += [
            f"{path.name}:{line}" for line in _capitals_ignored(ast.parse(path.read_text(encoding="utf-8")))
        ]
    assert misuses == []


def test_the_check_finds_a_capital_asked_for_with_case_ignored() -> None:
    tree = ast.parse(
        'import re\n_P = re.compile(r"to\\s+[A-Z]", re.I)\n_Q = re.compile(r"to\\s+(?-i:[A-Z])", re.I)\n'
    )
    assert _capitals_ignored(tree) == [2]
