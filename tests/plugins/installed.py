"""A tiny third-party distribution "installed" for one test (its code and dist-info on PYTHONPATH), and
`kg` run as a subprocess that sees it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["install_package", "run_kg"]


def install_package(site: Path, name: str, code: str, entry_points: str) -> Path:
    """Write package ``name`` (``code`` as its ``__init__.py``) and its dist-info with ``entry_points``
    (the text of ``entry_points.txt``) under ``site``; returns ``site``."""
    (site / name).mkdir(parents=True)
    (site / name / "__init__.py").write_text(code, encoding="utf-8")
    info = site / f"{name}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(entry_points, encoding="utf-8")
    return site


def run_kg(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``kg ARGS`` in a new process whose path starts with ``site`` (no KG_EXTRACTOR from outside)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
    env.pop("KG_EXTRACTOR", None)
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, cwd=cwd
    )
