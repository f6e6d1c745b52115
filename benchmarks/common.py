"""What every figure shares: its options, the table it returns, medians and ratios, processes."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from intercom.server.threaded import free_port

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-token"  # the sandbox takes any non-empty token
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Intercom-Version": "2.10", "Accept": "application/json"}
# Added by the sandbox to every answer, standing in for a network (a real one adds far more).
LATENCY_MS = 2
CONNECTOR = Path(sys.executable).with_name("intercom-connector")


@dataclass(frozen=True)
class Options:
    records: int  # seeded contacts, companies, conversations (and tickets)
    memory_records: int  # the large size of the memory figure
    reps: int  # repetitions, interleaved; tables show medians
    quick: bool
    sdk_python: Path | None  # the official SDK's venv interpreter, or None when skipped
    sdk_note: str  # why the SDK is absent, when it is
    work: Path  # a temporary folder for this run


@dataclass
class Table:
    title: str
    intro: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # (figure, target, measured, met) lines for the summary at the top of the document.
    targets: list[tuple[str, str, str, bool | None]] = field(default_factory=list)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def secs(seconds: float) -> str:
    return f"{seconds:,.2f} s"


def times(value: float) -> str:
    return f"{value:.2f}x"


def env_for(base_url: str, home: Path) -> dict[str, str]:
    """A child's environment: pointed at the sandbox, the token exported, its own home.

    Bytecode is cached (under ``home``), as any installed Python does, even where this
    environment turns that off: a command's start is then what a user's is.
    """
    env = {**os.environ, "INTERCOM_BASE_URL": base_url, "INTERCOM_ACCESS_TOKEN": TOKEN,
           "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
           "INTERCOM_CONNECTOR_HOME": str(home), "PYTHONPYCACHEPREFIX": str(home / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def wait_until_up(url: str, process: subprocess.Popen[Any], what: str, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not 2xx
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer on {url} within {timeout:.0f} s")


def stop(process: subprocess.Popen[Any]) -> None:
    """End a child this run started, by its own handle."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Sandbox:
    """``intercom-connector sandbox`` in its own process, so its CPU is not the client's."""

    def __init__(self, seed: int, *, latency_ms: int = LATENCY_MS, rate_limit: int | None = None) -> None:
        self.seed, self.latency_ms, self.rate_limit = seed, latency_ms, rate_limit
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen[bytes] | None = None
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in __exit__)

    def __enter__(self) -> Sandbox:
        command = [str(CONNECTOR), "sandbox", "--port", str(self.port), "--seed", str(self.seed),
                   "--latency-ms", str(self.latency_ms)]
        if self.rate_limit:
            command += ["--rate-limit", str(self.rate_limit)]
        self._process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"{self.base_url}/_sandbox/health", self._process, "the sandbox")
        except RuntimeError:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._process is not None:
            stop(self._process)
        self._log.close()
