"""The layers of the code: no import cycle between files of kg/, loaders/ and viz/ (imports inside
functions count too; those under ``if TYPE_CHECKING:`` do not, they never run)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("kg", "loaders", "viz")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every module name ``tree`` imports at run time; ``from a import b`` names ``a.b`` (the submodule,
    when ``b`` is one: see :func:`import_graph`) and ``a``."""
    found: set[str] = set()
    pending = [tree]
    while pending:
        node = pending.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                pending.extend(child.orelse)
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    package = module if is_package else module.rsplit(".", 1)[0]
                    for _ in range(child.level - 1):
                        package = package.rsplit(".", 1)[0]
                    base = f"{package}.{base}" if base else package
                found.update(f"{base}:{alias.name}" for alias in child.names)
            pending.append(child)
    return found


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of kg/, loaders/ and viz/ it imports (a package's ``__init__`` included)."""
    modules = _modules()
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        imported = _imported(tree, name, path.name == "__init__.py")
        graph[name] = {m for m in map(_resolve(modules), imported) if m in modules and m != name}
    return graph


def _resolve(modules: dict[str, Path]):
    def resolve(imported: str) -> str:
        base, _, attr = imported.partition(":")
        return f"{base}.{attr}" if attr and f"{base}.{attr}" in modules else base

    return resolve


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_checker_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import kg.store\n"
                     "def f():\n    from . import vocab\n")  # fmt: skip
    assert _imported(tree, "kg.model", False) == {"typing:TYPE_CHECKING", "kg:vocab"}
    assert _resolve({"kg": ROOT, "kg.vocab": ROOT})("kg:vocab") == "kg.vocab"
    assert _resolve({"kg": ROOT})("kg:__version__") == "kg"


def test_no_import_cycle_between_files() -> None:
    assert cycles(import_graph()) == []
