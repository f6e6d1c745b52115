"""kill -9 at random points of a scripted history: no message key lost, none repeated.

A child process plays ``tests/crash_history.py`` (webhooks, some doubled or missing; polling;
catch-up) against one SQLite store; the test kills it at random moments, at least 50 times,
restarting it after each kill, then lets it finish. Every message the host handed on is in the
consumer's file. Each expected event must be there under exactly one key, and a key may come
again only as the documented repeat: the message being handed on at the instant of a kill.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import time
from collections import defaultdict
from pathlib import Path

from tests import crash_history

KILLS = 50
DEADLINE_SECONDS = 120


def play_in_a_child(store_path: Path, out_path: Path, checkpoint: Path) -> int:
    """Fork (not spawn: no interpreter start-up per trial) a child that plays the history."""
    pid = os.fork()
    if pid == 0:  # the child: play, then leave without running anything of the parent's
        code = 1
        try:
            crash_history.main(str(store_path), str(out_path), str(checkpoint))
            code = 0
        finally:
            os._exit(code)
    return pid


def test_kill_9_anywhere_loses_nothing_and_repeats_nothing(tmp_path: Path) -> None:
    store_path, out_path, checkpoint = tmp_path / "store.db", tmp_path / "emitted.jsonl", tmp_path / "step"
    instances = asyncio.run(crash_history.start_triggers(store_path))
    rng = random.Random(20240529)
    kills, deadline = 0, time.monotonic() + DEADLINE_SECONDS
    while time.monotonic() < deadline:
        pid = play_in_a_child(store_path, out_path, checkpoint)
        finished = False
        if kills < KILLS:
            time.sleep(rng.uniform(0.005, 0.15))
            finished = os.waitpid(pid, os.WNOHANG) != (0, 0)
            if not finished:  # still running: kill it wherever it is
                os.kill(pid, signal.SIGKILL)
                kills += 1
        if not finished:
            os.waitpid(pid, 0)
        if checkpoint.exists() and checkpoint.read_text() == str(crash_history.STEPS + 1):
            break
    assert kills == KILLS, "the history finished before enough kills: make it longer"
    assert checkpoint.read_text() == str(crash_history.STEPS + 1), "the history did not finish in time"

    lines = [json.loads(line) for line in out_path.read_text().splitlines()]
    keys_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    times: dict[str, int] = defaultdict(int)
    for line in lines:
        keys_of[(line["instance"], line["id"])].add(line["key"])
        times[line["key"]] += 1
    everyone = {crash_history.contact(n)["id"] for n in range(crash_history.CONTACTS)}
    for role in ("webhook", "polling"):
        got = {record for (instance, record) in keys_of if instance == instances[role]}
        assert got == everyone, f"{role}: lost {sorted(everyone - got)}"
    # One key per event (nothing sent twice under a new identity) ...
    assert all(len(keys) == 1 for keys in keys_of.values())
    # ... and a key repeated only by a kill in the instant between handing it on and recording it.
    repeats = sum(n - 1 for n in times.values())
    assert repeats <= kills
    print(f"{kills} kills, {len(lines)} lines, {len(times)} keys, {repeats} repeated lines")
