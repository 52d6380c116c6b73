"""Docs that cannot drift: every CLI command has help text and appears in the README."""

from __future__ import annotations

import click
import pytest

from kg.cli import main
from tests.conftest import ROOT


def _commands(group: click.Group, prefix: str = "kg") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix} {name}"
        out.append((full, command))
        if isinstance(command, click.Group):
            out += _commands(command, full)
    return out


@pytest.mark.parametrize("name, command", _commands(main), ids=lambda x: x if isinstance(x, str) else "")
def test_command_has_help_and_is_in_readme(name, command):
    assert (command.help or "").strip(), f"{name} has no help text"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{name}" in readme, f"{name} is not documented in README.md"


def test_readme_quickstart_is_exactly_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in quickstart.splitlines()[1:] if line.strip()]
    assert commands == ["make demo", "make test"]


def test_readme_library_examples_run(tmp_path, monkeypatch):
    """The README's Python examples (``>>>``) run, from the repository's root, as doctests."""
    import doctest

    monkeypatch.chdir(ROOT)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, "README.md", str(ROOT / "README.md"), 0)
    assert test.examples, "the README shows no library example"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.failures == 0


def test_readme_layout_names_every_package():
    """The layout section names every package folder of kg/, loaders/ and viz/."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("### Layout", 1)[1].split("\n## ", 1)[0]
    folders = sorted(
        p.parent.relative_to(ROOT).as_posix() + "/"
        for top in ("kg", "loaders", "viz")
        for p in (ROOT / top).rglob("__init__.py")
    )
    missing = [f for f in folders if f"`{f}`" not in layout]
    assert missing == [], f"README layout does not name {missing}"
