"""Which files an ingest reads: regular files only, links inside the ingested folder only, each file once."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from loaders.files import Failure, SourceFile
from loaders.sources import find_files


def _found(paths, **options) -> tuple[list[str], dict[str, str]]:
    keys, failures = [], {}
    for item in find_files(paths, **options):
        if isinstance(item, SourceFile):
            keys.append(item.key)
        else:
            assert isinstance(item, Failure)
            failures[Path(item.path).name] = item.message
    return keys, failures


def test_links_out_of_the_folder_devices_and_fifos_are_failures_not_reads(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("A\nbody\n")
    (news / "passwd.txt").symlink_to("/etc/passwd")
    (news / "zero.txt").symlink_to("/dev/zero")
    (news / "inside.txt").symlink_to(news / "a.txt")  # the same file again: read once
    (news / "loop").symlink_to(news)  # a folder linking to itself
    (news / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    os.mkfifo(news / "pipe.txt")
    done = threading.Event()
    result: list = []
    worker = threading.Thread(target=lambda: (result.append(_found([news], root=tmp_path)), done.set()))
    worker.start()
    assert done.wait(10), "a FIFO or a link loop blocked the walk"
    keys, failures = result[0]
    assert keys == ["news/a.txt"]
    assert failures["passwd.txt"].startswith("link to a file outside the ingested folder (/etc/passwd)")
    assert "--follow-symlinks" in failures["passwd.txt"]
    assert failures["zero.txt"].startswith("link to a file outside")
    assert failures["pipe.txt"] == "not a regular file (a FIFO)"
    assert failures["dangling.txt"] == "broken symbolic link"

    keys, failures = _found([news], root=tmp_path, follow_symlinks=True)
    assert sorted(keys) == ["/etc/passwd", "news/a.txt"]
    assert failures["zero.txt"] == "not a regular file (a character device)"


def test_keys_say_where_a_file_is_so_same_names_never_collide(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "press-release.txt").write_text("T\nbody\n")
    keys, _ = _found([tmp_path / "a", tmp_path / "b", tmp_path / "a" / "press-release.txt"], root=tmp_path)
    assert keys == ["a/press-release.txt", "b/press-release.txt"]  # the file named twice is read once
    keys, _ = _found([tmp_path / "a"], root=tmp_path / "b")
    assert keys == [f"{tmp_path}/a/press-release.txt"]  # outside the root: the absolute path
