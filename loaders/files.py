"""Which files an ingest reads, what each is keyed by, and how it is opened: regular files only.

Folders are walked depth-first, entries sorted, hidden ones skipped. Only regular files are read: a FIFO
would block forever and a device (``/dev/zero``) never ends, so both are failures, however they are
reached. A symbolic link is followed when its target lies inside the folder being ingested; a link that
leads outside it (``x.txt -> /etc/passwd``) is a failure unless ``follow_symlinks`` (``kg ingest
--follow-symlinks``). The same file reached twice (two links, a folder and a file in it both named) is
read once.

A file's key is its path relative to the key root (``kg ingest --root``; by default the folder that holds
the store), or its absolute path when it lies outside it: two files named ``press-release.txt`` in two
folders are two documents, and the same file is the same document whatever the current folder.

>>> file_key(Path("/data/news/a/press-release.txt"), Path("/data/news"))
'a/press-release.txt'
>>> file_key(Path("/elsewhere/b.txt"), Path("/data/news"))
'/elsewhere/b.txt'
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.errors import InputError

__all__ = [
    "MAX_BYTES",
    "Failure",
    "SourceFile",
    "decode",
    "file_key",
    "is_url",
    "iter_files",
    "open_regular",
    "read_bytes",
    "source_file",
]

MAX_BYTES = 20 * 1024 * 1024  # a single announcement file (or JSON line) larger than this is refused

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(arg: str) -> bool:
    """Whether a command-line argument is a URL rather than a path (any scheme: only http(s) are fetched
    (:mod:`loaders.web`), the rest refused)."""
    return bool(_SCHEME.match(arg))


@dataclass(frozen=True)
class Failure:
    """A document (or a part of a file) that could not be read; ``message`` is one line."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class SourceFile:
    """A file to read: where it was found, what is opened (links resolved), and its document key."""

    path: Path
    real: Path
    key: str


def source_file(path: Path, root: Path | None = None) -> SourceFile:
    """A file named directly, keyed relative to ``root`` (default: the current folder)."""
    real = Path(os.path.realpath(path))
    return SourceFile(path, real, file_key(real, _real_root(root)))


def file_key(real: Path, root: Path) -> str:
    """The key of the file at ``real`` (absolute, links resolved): relative to ``root`` when inside it."""
    try:
        key = real.relative_to(root).as_posix()
    except ValueError:
        return real.as_posix()
    return f"./{key}" if ":" in key.split("/", 1)[0] else key  # never mistaken for `url:`, `id:`, ...


def iter_files(
    paths: Iterable[str | Path],
    root: str | Path | None = None,
    follow_symlinks: bool = False,
    suffixes: Iterable[str] = (),
) -> Iterator[SourceFile | Failure]:
    """Files to read under ``paths``, lazily, in a stable order; what cannot be read becomes a failure.
    In folders, only files ending in one of ``suffixes`` (lower case, with the dot) are read."""
    walk = _Walk(_real_root(root), follow_symlinks, frozenset(suffixes))
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            walk.boundary = Path(os.path.realpath(path))
            yield from walk.folder(path)
        else:
            yield from walk.file(path)


def open_regular(real: Path) -> BinaryIO:
    """Open a file for reading only if it is a regular file (never blocks on a FIFO, never reads a device)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(real, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"not a regular file ({_kind(mode)})")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


class _Walk:
    """One walk over the inputs: remembers what it has read, and the folder being ingested."""

    def __init__(self, root: Path, follow_symlinks: bool, suffixes: frozenset[str]) -> None:
        self.root, self.follow, self.suffixes = root, follow_symlinks, suffixes
        self.boundary = root
        self.seen: set[tuple[int, int]] = set()  # (device, inode) of files and folders already walked

    def folder(self, folder: Path) -> Iterator[SourceFile | Failure]:
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in self.seen:
                return  # a link back up the tree, or a folder named twice
            self.seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as it:
                entries = sorted((e.name, e.is_symlink(), e.is_dir(follow_symlinks=False)) for e in it)
        except OSError as exc:
            yield Failure(str(folder), f"cannot list folder: {exc.strerror or exc}")
            return
        for name, is_link, is_dir in entries:
            if name.startswith("."):
                continue
            path = folder / name
            if is_link:
                yield from self._link(path)
            elif is_dir:
                yield from self.folder(path)
            elif self._wanted(path):
                yield from self.file(path)

    def file(self, path: Path) -> Iterator[SourceFile | Failure]:
        try:
            info = path.stat()
        except OSError as exc:
            missing = isinstance(exc, FileNotFoundError)
            yield Failure(str(path), "no such file" if missing else exc.strerror or str(exc))
            return
        if not stat.S_ISREG(info.st_mode):
            yield Failure(str(path), f"not a regular file ({_kind(info.st_mode)})")
            return
        if (info.st_dev, info.st_ino) in self.seen:
            return  # the same file found twice is one document
        self.seen.add((info.st_dev, info.st_ino))
        real = Path(os.path.realpath(path))
        yield SourceFile(path, real, file_key(real, self.root))

    def _wanted(self, path: Path) -> bool:
        name = path.name
        return path.suffix.lower() in self.suffixes and not name.startswith(".") and ".gold." not in name

    def _link(self, path: Path) -> Iterator[SourceFile | Failure]:
        real = Path(os.path.realpath(path))
        if not real.exists():
            if self._wanted(path):
                yield Failure(str(path), "broken symbolic link")
            return
        outside = not real.is_relative_to(self.boundary)
        if real.is_dir():
            if outside and self.follow:
                yield from self.folder(path)
            elif outside:
                message = f"link to a folder outside the ingested folder ({real}); not followed"
                yield Failure(str(path), f"{message} (kg ingest --follow-symlinks)")
            return  # a folder inside is walked where it is
        if not self._wanted(path):
            return
        if outside and not self.follow:
            yield Failure(str(path), f"link to a file outside the ingested folder ({real}); not read "
                                     "(kg ingest --follow-symlinks)")  # fmt: skip
            return
        yield from self.file(path)


def _real_root(root: str | Path | None) -> Path:
    return Path(os.path.realpath(root if root is not None else os.getcwd()))


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))  # fmt: skip


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a file"


def read_bytes(found: SourceFile) -> bytes:
    """The whole file, at most :data:`MAX_BYTES` (whatever its size claims); empty files refused."""
    with open_regular(found.real) as f:
        data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"file too large (more than {MAX_BYTES} bytes)")
    if not data.strip():
        raise InputError("empty file")
    return data


def decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise InputError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte {exc.start})") from None
