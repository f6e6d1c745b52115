"""The README's main command: the whole demo, in-process and as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from intercom_sandbox.demo import run_demo


async def test_demo_runs_every_step() -> None:
    lines: list[str] = []
    await run_demo(lines.append)
    text = "\n".join(lines)
    steps = [line for line in lines if line.startswith("[")]
    assert [s.split("]")[0] + "]" for s in steps] == [f"[{i}]" for i in range(1, 9)]
    assert "/auth/intercom/start -> /oauth -> /auth/intercom/callback  (200)" in text
    assert "sent     POST /contacts -> 200" in text
    assert "sent     POST /conversations -> 200" in text
    assert '"event_topic": "conversation.user.created", "event_source": "webho' in text
    assert "sent     POST /conversations/" in text and "/reply -> 200" in text
    assert "sent     GET /contacts?per_page=150 -> 200" in text
    assert lines[-1].startswith("Done in ")
    assert "sandbox-client-secret" not in text and "Bearer" not in text


def test_demo_command_exits_0_quickly_and_quietly(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INTERCOM_", "ACME_"))}
    env["HOME"] = str(tmp_path)  # nothing of the user's is read or written
    began = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "intercom", "demo"], capture_output=True, text=True,
                          env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - began < 30
    assert done.stderr == ""
    assert done.stdout.splitlines()[-1].startswith("Done in ")
    assert list(tmp_path.iterdir()) == []
