"""``kg bench``: material for benchmarks and scale tests."""

from __future__ import annotations

from pathlib import Path

import click

from kg.bench import write_corpus

__all__ = ["COMMANDS"]


@click.group()
def bench() -> None:
    """Benchmark helpers: synthetic announcements with ground truth."""


@bench.command()
@click.option("--docs", "docs", type=click.IntRange(min=0), required=True, help="How many announcements.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write NAME.txt + NAME.gold.json pairs into.")  # fmt: skip
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same corpus.")
def generate(docs: int, output: Path, seed: int) -> None:
    """Write realistic synthetic announcements, each with its gold record (eval/FORMAT.md shape).

    Example: kg bench generate --docs 1000 -o corpus/
    """
    written = write_corpus(output, docs, seed=seed)
    click.echo(f"wrote {written} announcements to {output}", err=True)


COMMANDS = [bench]
