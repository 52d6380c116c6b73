"""neo4j-admin import CSVs as a sink (``neo4j-csv``): the property graph (:mod:`kg.graph`) as a folder of
``nodes-LABEL.csv`` (``iri:ID``, properties, ``:LABEL``) and ``relationships-TYPE.csv`` (``:START_ID``,
``:END_ID``, ``:TYPE``, properties), plus ``import.sh`` with the ``neo4j-admin database import full``
command for them (multi-line fields on, an array delimiter no list value contains). Text that starts with
``= + - @`` is written with a leading ``'`` (spreadsheets would run it as a formula; see
:mod:`kg.sanitize`), and the import keeps that ``'``.
"""

from __future__ import annotations

import csv
import shlex
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.errors import KgError
from kg.graph import LABEL_KEYS, RELATIONSHIP_KEYS, PropertyGraph, read_store
from kg.sanitize import to_csv_cell
from kg.sinks import Sink
from kg.store import Store

__all__ = ["KEY_TYPES", "SINK", "write_neo4j_csv"]

# neo4j-admin header types of the properties that are not strings
KEY_TYPES = {
    "aliases": "string[]", "sources": "string[]", "stages": "string[]", "sentences": "string[]",
    "evidence": "string[]", "valueAmounts": "double[]", "valueCurrencies": "string[]",
    "valueKinds": "string[]", "undisclosed": "boolean", "startsOperations": "long", "endYear": "long",
    "start": "long", "end": "long", "confidence": "double",
}  # fmt: skip
_DELIMITERS = (";", "|", "\x1f", "\x1e", "\x1d", "\x1c")  # then private-use characters, see _array_delimiter


def _array_delimiter(graph: PropertyGraph) -> str:
    """The first candidate delimiter that no list value contains (there is always one: data is finite)."""
    used: set[str] = set()
    for props in _all_properties(graph):
        for value in props.values():
            if isinstance(value, list):
                used.update(ch for item in value for ch in str(item))
    candidates = (*_DELIMITERS, *map(chr, range(0xE000, 0xF900)))  # private use: never in real text
    return next(c for c in candidates if c not in used)


def _all_properties(graph: PropertyGraph) -> Iterable[dict[str, Any]]:
    for nodes in graph.nodes.values():
        yield from nodes.values()
    for rels in graph.relationships.values():
        yield from rels.values()


def _header(key: str) -> str:
    kind = KEY_TYPES.get(key)
    return f"{key}:{kind}" if kind else key


def _cell(value: Any, delimiter: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return delimiter.join(to_csv_cell(x) if isinstance(x, str) else str(x) for x in value)
    return to_csv_cell(value) if isinstance(value, str) else value


def write_neo4j_csv(graph: PropertyGraph, folder: Path) -> list[Path]:
    """One CSV per label and per relationship type, with neo4j-admin headers; returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    delimiter = _array_delimiter(graph)
    written: list[tuple[str, Path]] = []
    for label, nodes in graph.nodes.items():
        if not nodes:
            continue
        path = folder / f"nodes-{label}.csv"
        keys = LABEL_KEYS[label]
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["iri:ID", *(_header(k) for k in keys), ":LABEL"])
            for iri in sorted(nodes):
                writer.writerow([iri, *(_cell(nodes[iri].get(k), delimiter) for k in keys), label])
        written.append(("--nodes", path))
    by_type: dict[str, list[tuple[str, str, str | None, dict[str, Any]]]] = {}
    for group, rels in graph.relationships.items():
        rows = by_type.setdefault(group.type, [])
        rows += [(start, end, role, props) for (start, end, role), props in rels.items()]
    for rtype, rows in sorted(by_type.items()):
        path = folder / f"relationships-{rtype}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(
                [":START_ID", ":END_ID", ":TYPE", "role", *(_header(k) for k in RELATIONSHIP_KEYS)]
            )
            for start, end, role, props in sorted(rows, key=lambda r: (r[0], r[1], r[2] or "")):
                cells = [_cell(props.get(k), delimiter) for k in RELATIONSHIP_KEYS]
                writer.writerow([start, end, rtype, role or "", *cells])
        written.append(("--relationships", path))
    _write_import_script(folder, written, delimiter)
    return [path for _, path in written]


def _write_import_script(folder: Path, written: list[tuple[str, Path]], delimiter: str) -> None:
    files = " ".join(f"{flag}={shlex.quote(path.name)}" for flag, path in written)
    script = (
        "#!/bin/sh\n# Bulk-load these files into an empty, stopped database (neo4j-admin 5).\n"
        "# Usage: ./import.sh [DATABASE]   (default: neo4j)\n"
        'cd "$(dirname "$0")"\n'
        # the database name right after `import full`: after the last --relationships= it is read as a file
        'exec neo4j-admin database import full "${1:-neo4j}" --overwrite-destination=true '
        f"--multiline-fields=true --array-delimiter={shlex.quote(delimiter)} {files}\n"
    )
    (folder / "import.sh").write_text(script, encoding="utf-8")
    (folder / "import.sh").chmod(0o755)


def _write(store: Store, target: str | None) -> None:
    if target is None:
        raise KgError("--format neo4j-csv needs -o FOLDER")
    write_neo4j_csv(read_store(store), Path(target))


SINK = Sink("neo4j-csv", "a folder of neo4j-admin import CSVs and import.sh", _write, "folder")
