"""A real Neo4j 5.26 for development and tests: tests/neo4j/Launcher.java run as a subprocess.

Maven resolves the embedded server's classpath once and javac compiles the launcher once; both are
cached under ``.cache/neo4j/`` (or ``$KG_NEO4J_CACHE``), keyed by the content of their sources.

    with Neo4jServer() as neo4j:      # a free port, a fresh store in a temp dir
        driver = GraphDatabase.driver(neo4j.uri, auth=(neo4j.user, neo4j.password))

``python scripts/neo4j_server.py [--port 7687]`` runs one in the foreground and prints its URI.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

__all__ = [
    "DEFAULT_PASSWORD",
    "DEFAULT_USER",
    "Neo4jConnection",
    "Neo4jServer",
    "Neo4jServerError",
    "missing_tools",
]

ROOT = Path(__file__).resolve().parent.parent
LAUNCHER_DIR = ROOT / "tests" / "neo4j"
DEFAULT_USER = "neo4j"
DEFAULT_PASSWORD = "biopharma-kg"  # the launcher enforces Neo4j's minimum of 8 characters
DEFAULT_DATABASE = "neo4j"
READY = "NEO4J READY "


class Neo4jServerError(RuntimeError):
    """The launcher could not be built or did not come up."""


@dataclass(frozen=True)
class Neo4jConnection:
    """Where a Neo4j server listens and how to log in."""

    uri: str
    user: str = DEFAULT_USER
    password: str = DEFAULT_PASSWORD
    database: str = DEFAULT_DATABASE


def missing_tools() -> str | None:
    """Why the launcher cannot run here (``java``, ``javac`` or ``mvn`` not on PATH), or None."""
    missing = [tool for tool in ("java", "javac", "mvn") if shutil.which(tool) is None]
    if not missing:
        return None
    return f"no {', '.join(missing)} on PATH: the embedded Neo4j needs Java 17+ and Maven (or set NEO4J_URI)"


def _digest(*parts: bytes) -> str:
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-3000:]
        raise Neo4jServerError(f"{what} failed (exit {result.returncode}): {' '.join(command)}\n{tail}")


def resolve_classpath(cache: Path) -> str:
    """The embedded Neo4j classpath from tests/neo4j/pom.xml, resolved by Maven on first use."""
    pom = LAUNCHER_DIR / "pom.xml"
    target = cache / f"classpath-{_digest(pom.read_bytes())}.txt"
    if target.exists():
        classpath = target.read_text().strip()
        if all(Path(jar).exists() for jar in classpath.split(os.pathsep)):
            return classpath
    cache.mkdir(parents=True, exist_ok=True)
    partial = cache / f"{target.name}.{os.getpid()}.tmp"
    _run(
        ["mvn", "-q", "-B", "-f", str(pom), "dependency:build-classpath", f"-Dmdep.outputFile={partial}"],
        "resolving the Neo4j classpath with Maven",
    )
    partial.replace(target)
    return target.read_text().strip()


def compile_launcher(cache: Path, classpath: str) -> Path:
    """A directory holding the compiled Launcher class, compiled by javac on first use."""
    source = LAUNCHER_DIR / "Launcher.java"
    target = cache / f"launcher-{_digest(source.read_bytes(), classpath.encode())}"
    if (target / "Launcher.class").exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix="launcher-", dir=cache))
    _run(["javac", "-d", str(partial), "-cp", classpath, str(source)], "compiling tests/neo4j/Launcher.java")
    try:
        partial.rename(target)
    except OSError:  # another process compiled it first
        shutil.rmtree(partial, ignore_errors=True)
    return target


class Neo4jServer:
    """A context manager running one embedded Neo4j; entering gives its `Neo4jConnection`.

    ``port=0`` lets the launcher bind a free port. ``store=None`` uses a temporary directory that is
    removed on exit. The server also stops when this process dies (the launcher watches its stdin).
    ``page_cache`` (bytes) overrides the launcher's 64 MiB, for benchmarks.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        password: str = DEFAULT_PASSWORD,
        store: Path | None = None,
        cache: Path | None = None,
        timeout: float = 180.0,
        java_options: tuple[str, ...] = ("-Xms256m", "-Xmx1g"),
        page_cache: int | None = None,
    ) -> None:
        self.host, self.port, self.password, self.store = host, port, password, store
        self.cache = cache or Path(os.environ.get("KG_NEO4J_CACHE", ROOT / ".cache" / "neo4j"))
        self.timeout = timeout
        self.java_options = java_options
        self.page_cache = page_cache  # bytes; None keeps the launcher's small default
        self._process: subprocess.Popen[bytes] | None = None
        self._workdir: Path | None = None

    def __enter__(self) -> Neo4jConnection:
        reason = missing_tools()
        if reason:
            raise Neo4jServerError(reason)
        classpath = resolve_classpath(self.cache)
        classes = compile_launcher(self.cache, classpath)
        self._workdir = Path(tempfile.mkdtemp(prefix="kg-neo4j-"))
        store = self.store or self._workdir / "store"
        command = ["java", *self.java_options, "-cp", f"{classes}{os.pathsep}{classpath}", "Launcher"]
        command += ["--store", str(store), "--host", self.host, "--port", str(self.port)]
        command += ["--password", self.password]
        if self.page_cache is not None:
            command += ["--pagecache", str(self.page_cache)]
        stdout = (self._workdir / "stdout").open("wb")
        stderr = (self._workdir / "stderr").open("wb")
        with stdout, stderr:
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=stdout, stderr=stderr)
        try:
            uri = self._wait_ready()
        except BaseException:
            self._stop()
            raise
        return Neo4jConnection(uri=uri, password=self.password)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop()

    def _wait_ready(self) -> str:
        assert self._process is not None and self._workdir is not None
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            for line in (self._workdir / "stdout").read_text(errors="replace").splitlines():
                if line.startswith(READY):
                    return line.removeprefix(READY).strip()
            if self._process.poll() is not None:
                raise Neo4jServerError(f"Neo4j launcher exited with {self._process.returncode}{self._tail()}")
            time.sleep(0.05)
        raise Neo4jServerError(f"Neo4j launcher not ready after {self.timeout:.0f} s{self._tail()}")

    def _tail(self) -> str:
        assert self._workdir is not None
        text = (self._workdir / "stderr").read_text(errors="replace").strip()
        return f"; its stderr ends:\n{text[-3000:]}" if text else " (nothing on stderr)"

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            assert process.stdin is not None
            process.stdin.close()
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run a real Neo4j 5.26 in the foreground (Ctrl-C stops it).")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7687, help="Bolt port; 0 picks a free one (default 7687)")
    parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of user neo4j")
    parser.add_argument("--store", type=Path, help="keep the database here (default: a temp dir, removed)")
    args = parser.parse_args(argv)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _interrupt)
    try:
        with Neo4jServer(host=args.host, port=args.port, password=args.password, store=args.store) as neo4j:
            print(f"Neo4j 5.26 ready: {neo4j.uri} (Ctrl-C stops it)", flush=True)
            print(f"export NEO4J_URI={neo4j.uri} NEO4J_USER={neo4j.user} NEO4J_PASSWORD={neo4j.password}")
            sys.stdout.flush()
            while True:
                time.sleep(3600)
    except Neo4jServerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
