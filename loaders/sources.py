"""Read each document found under paths with the reader for its file type; failures are values.

Finding files, keying them and opening them safely is :mod:`loaders.files`'s; which reader reads a file is
:mod:`loaders.readers`'s; running the extractor on what was read is :mod:`loaders.extractors`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import KgError, one_line
from kg.model import Document, Extraction
from loaders import readers
from loaders.extractors import extract_one, to_extractions
from loaders.files import Failure, SourceFile, decode, iter_files, read_bytes, source_file

__all__ = ["Failure", "extract_one", "find_files", "read_file", "read_sources", "to_extractions"]

Item = Document | Extraction | Failure


def read_sources(paths: Iterable[str | Path], root: str | Path | None = None,
                 follow_symlinks: bool = False) -> Iterator[Item]:  # fmt: skip
    """Yield every document under ``paths`` (files or folders, recursively, sorted); keys relative to
    ``root`` (default: the current folder), see :mod:`loaders.files`."""
    for found in find_files(paths, root, follow_symlinks):
        if isinstance(found, Failure):
            yield found
        else:
            yield from read_file(found)


def find_files(paths: Iterable[str | Path], root: str | Path | None = None,
               follow_symlinks: bool = False) -> Iterator[SourceFile | Failure]:  # fmt: skip
    """The files under ``paths`` that some reader reads (see :func:`loaders.files.iter_files`)."""
    return iter_files(paths, root, follow_symlinks, readers.suffixes())


def read_file(found: SourceFile | Path) -> Iterator[Item]:
    """The documents of one file; whatever goes wrong becomes a :class:`Failure`, never an exception."""
    if isinstance(found, Path):
        found = source_file(found)
    try:
        yield from _read_file(found)
    except KgError as exc:
        yield Failure(str(found.path), str(exc))
    except OSError as exc:
        yield Failure(str(found.path), exc.strerror or str(exc))
    except Exception as exc:  # a reader bug must not stop a batch of a million documents
        yield Failure(str(found.path), f"could not read: {type(exc).__name__}: {one_line(exc)}")


def _read_file(found: SourceFile) -> Iterable[Item]:
    reader = readers.by_suffix(found.path.suffix)
    if reader.read_file is not None:
        return reader.read_file(found)
    assert reader.read_text is not None, f"reader {reader.name} reads neither text nor files"
    return reader.read_text(decode(read_bytes(found)), found.path, found.key)
