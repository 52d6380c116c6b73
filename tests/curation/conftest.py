"""What the analyst-loop tests share: announcements written for them, a corpus folder that a test changes
(the re-ingested version replaces the first one), and the real ``kg`` command."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "announcements"
FIRST = HERE / "meridian-tallis-2026-04.txt"  # Meridian Biologics makes Tallis's antibody; two plants
# another tool's extraction record of that release, with the mistake analysts reject: "Meridian Biologics
# develops TLS-310" (it manufactures it; Tallis develops it). The tests do not rely on our extractor erring.
VENDOR = HERE / "meridian-tallis-vendor-feed.jsonl"
UPDATE = HERE / "meridian-tallis-2026-04-update.txt"  # the same release, revised: Visp dropped, an end year
VISP = HERE / "meridian-bio-visp-2026-06.txt"  # "Meridian Bio" (the same company, named shorter)
ID = "https://w3id.org/biopharma-kg/id/"
BPK = "https://w3id.org/biopharma-kg/ontology#"
MERIDIAN, MERIDIAN_BIO = ID + "org/meridian-biologics", ID + "org/meridian-bio"
# sites and products are their company's (entity resolution scopes them)
TLS_310 = ID + "product/meridian-biologics/tls-310"
VISP_SITE = ID + "site/meridian-biologics/visp-drug-substance-facility"


def kg(*args: str | Path, check: bool = True, env: dict[str, str] | None = None,
       stdin: str | None = None) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """Run the real ``kg`` command (this interpreter's)."""
    command = [sys.executable, "-c", "from kg.cli import main; main()", *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, input=stdin,
                          env={**os.environ, "KG_ANALYST": "ana", **(env or {})})  # fmt: skip
    if check and done.returncode != 0:
        raise AssertionError(f"kg {' '.join(map(str, args))} failed ({done.returncode}):\n{done.stderr}")
    return done


def kg_json(*args: str | Path, env: dict[str, str] | None = None) -> list[dict]:
    return json.loads(kg(*args, "--format", "json", env=env).stdout)


def change_set_of(stderr: str) -> int:
    """The change set number ``kg ingest`` reports."""
    found = re.search(r"change set (\d+):", stderr)
    assert found, stderr
    return int(found.group(1))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder holding the first release, another tool's record of it (with a wrong fact) and the
    "Meridian Bio" release."""
    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(FIRST, folder / "meridian-tallis.txt")
    shutil.copy(VENDOR, folder / "meridian-tallis-vendor-feed.jsonl")
    shutil.copy(VISP, folder / "meridian-bio-visp.txt")
    return folder


def revise(corpus: Path) -> None:
    """The first release, as its publisher revised it (the same document, changed)."""
    shutil.copy(UPDATE, corpus / "meridian-tallis.txt")
