"""Progress on stderr for slow commands: on a terminal only, never on stdout, never in a pipe.

The terminal is a real pseudo-terminal (``pty``) in front of a real ``intercom-connector run``
listing 3,000 contacts from the sandbox; the sandbox's added latency makes the listing take
longer than the second after which progress appears.
"""

from __future__ import annotations

import io
import json
import os
import pty
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from intercom.cli.progress import CommandProgress
from intercom.client import RetryWait
from intercom_sandbox import SandboxConfig, SandboxServer

CONTACTS = 3000
LISTING = ["run", "ListContacts", "--input", json.dumps({"limit": CONTACTS, "outputType": "object"})]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[SandboxServer]:
    # 20 pages of 150 at 100 ms each: at least two seconds, past the one that progress waits.
    with SandboxServer(SandboxConfig(seed=CONTACTS, latency_ms=100)) as server:
        yield server


def cli_env(sandbox: SandboxServer, home: Path) -> dict[str, str]:
    return {**os.environ, "INTERCOM_BASE_URL": sandbox.base_url, "INTERCOM_ACCESS_TOKEN": "sandbox-token",
            "INTERCOM_CONNECTOR_HOME": str(home), "TERM": "xterm-256color", "COLUMNS": "120"}


def run_with_stderr_on_a_terminal(args: list[str], env: dict[str, str], stdout: Path) -> tuple[int, bytes]:
    leader, follower = pty.openpty()
    with stdout.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "intercom", *args], stdout=out, stderr=follower,
                                stdin=subprocess.DEVNULL, env=env)
    os.close(follower)
    screen = bytearray()
    while True:
        ready, _, _ = select.select([leader], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            screen += chunk
        elif proc.poll() is not None:
            break
    os.close(leader)
    return proc.wait(timeout=60), bytes(screen)


def test_a_listing_of_3000_contacts_shows_progress_on_a_terminal(sandbox: SandboxServer, tmp_path: Path) -> None:
    code, screen = run_with_stderr_on_a_terminal(LISTING, cli_env(sandbox, tmp_path), tmp_path / "out.jsonl")
    text = screen.decode("utf-8", "replace")
    assert code == 0, text
    assert "ListContacts" in text and "\x1b[" in text  # drawn with terminal control codes
    assert "contacts" in text
    assert text.rstrip().endswith("\x1b[2K")  # and erased once done: nothing is left on screen
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert len(lines) == CONTACTS  # stdout is exactly the JSON lines, one per contact
    assert all(json.loads(line)["port"] == "out" for line in lines)


def test_the_same_listing_piped_prints_no_progress(sandbox: SandboxServer, tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "intercom", *LISTING], capture_output=True,
                          env=cli_env(sandbox, tmp_path), timeout=120, check=False)
    assert proc.returncode == 0 and proc.stderr == b""
    assert len(proc.stdout.splitlines()) == CONTACTS


def test_quiet_prints_no_progress_even_on_a_terminal(sandbox: SandboxServer, tmp_path: Path) -> None:
    code, screen = run_with_stderr_on_a_terminal([*LISTING, "--quiet"], cli_env(sandbox, tmp_path),
                                                 tmp_path / "out.jsonl")
    assert code == 0 and screen == b""


def terminal() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=140, color_system=None), buffer


def test_progress_counts_records_against_the_total() -> None:
    console, screen = terminal()
    with CommandProgress("ListContacts", enabled=True, show_after=60, console=console) as progress:
        progress.records(450, 3000, what="contacts")
        progress.refresh()
        assert "ListContacts" in screen.getvalue() and "450 of 3,000 contacts" in screen.getvalue()


def test_a_rate_limit_wait_is_shown_at_once_with_its_reason_and_time_left() -> None:
    console, screen = terminal()
    with CommandProgress("ListContacts", enabled=True, show_after=60, console=console) as progress:
        progress.wait(RetryWait(9.0, "Intercom's rate limit (429)", "GET /contacts", 1, 5))
        progress.refresh()
        shown = screen.getvalue()
    assert "Intercom's rate limit (429); retry 1 of 5: 9 s left" in shown


def test_disabled_progress_draws_nothing() -> None:
    console, screen = terminal()
    with CommandProgress("ListContacts", enabled=False, console=console) as progress:
        progress.records(1, 2)
        progress.wait(RetryWait(9.0, "Intercom answered 503", "GET /contacts", 1, 5))
        progress.refresh()
    assert screen.getvalue() == ""
