"""Start the real service in a subprocess on a free port and wait until /health answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_health(
    base: str, proc: subprocess.Popen[bytes], log: IO[bytes], timeout: float = 60.0
) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            out = log.read().decode(errors="replace")
            raise RuntimeError(f"server exited with {proc.returncode}:\n{out[-3000:]}")
        try:
            response = httpx.get(f"{base}/health", timeout=2)
            if response.status_code == 200:
                return response
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    log.seek(0)
    out = log.read().decode(errors="replace")
    raise TimeoutError(f"{base}/health did not answer within {timeout} s; the server said:\n{out[-3000:]}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@dataclass(frozen=True)
class Server:
    base: str
    process: subprocess.Popen[bytes]

    def rss_bytes(self) -> int:
        """The server process's resident memory now (Linux /proc)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError(f"no VmRSS for process {self.process.pid}")


_WRITE_KEYS: dict[str, str] = {}  # base URL of a running server -> an editor key of its database


def register_key(base: str, database_url: str) -> None:
    """Make an editor key in the database the server at `base` uses, for `auth_headers(base)`."""
    from tests.e2e.keys import new_key

    _WRITE_KEYS[base] = new_key(database_url)


def auth_headers(base: str) -> dict[str, str]:
    """The credentials of a test client of the server at `base`: an editor key `running` made in the
    server's database (the one place tests say how they authenticate)."""
    return {"Authorization": f"Bearer {_WRITE_KEYS[base]}"}


def write_headers(base: str) -> dict[str, str]:
    """The headers every test write (POST) of a JSON body to the server at `base` sends."""
    return {"content-type": "application/json", **auth_headers(base)}


@contextmanager
def serving(
    env: dict[str, str], command: Sequence[str] | None = None, cwd: Path | None = None, timeout: float = 60.0
) -> Iterator[str]:
    """Run `command` (default: uvicorn on the app factory) with `env` added; yields the base URL."""
    with running(env, command, cwd, timeout) as server:
        yield server.base


@contextmanager
def running(
    env: dict[str, str], command: Sequence[str] | None = None, cwd: Path | None = None, timeout: float = 60.0
) -> Iterator[Server]:
    """`serving`, yielding the server process too (to measure or kill it)."""
    port = free_port()
    full_env = {**os.environ, **env, "TIMELINE_PORT": str(port)}
    argv = list(command or [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory",
                            "--host", "127.0.0.1", "--port", str(port)])  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    if "TIMELINE_DATABASE_URL" in env:  # writes need a key (see write_headers)
        register_key(base, env["TIMELINE_DATABASE_URL"])
    # Output goes to a file: a pipe nobody reads would block the server once it fills.
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(argv, env=full_env, cwd=cwd or REPO, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_health(base, proc, log, timeout)
            yield Server(base, proc)
        finally:
            stop(proc)
