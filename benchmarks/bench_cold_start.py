"""Cold start: each command in a fresh process, from exec to exit, against bare Python.

``run`` is GetContact against the sandbox (one request). ``validate`` skips a schema or manifest
that passed the same checks before unchanged (``intercom/host/passed.py``); its first run in a
home checks everything. The last column sums ``python -X importtime``'s self times by top-level
package for that command: what its imports cost. Children cache bytecode, as an installed
Python does (this machine's environment sets PYTHONDONTWRITEBYTECODE; the run turns it off for
them, under a temporary PYTHONPYCACHEPREFIX).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter

from .common import CONNECTOR, HEADERS, Options, Table, env_for, median, ms, times

# validate in a home of its own each time: no schema known to have passed before.
FIRST_VALIDATE = "`intercom-connector validate`, first run (nothing cached)"
_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def _commands(contact_id: str) -> list[tuple[str, list[str]]]:
    return [
        ("bare Python (`python -c pass`)", [sys.executable, "-c", "pass"]),
        ("`intercom-connector components --json`", [str(CONNECTOR), "components", "--json"]),
        ("`intercom-connector validate`", [str(CONNECTOR), "validate"]),
        (FIRST_VALIDATE, [str(CONNECTOR), "validate"]),
        ("`intercom-connector run GetContact` (one request)",
         [str(CONNECTOR), "run", "GetContact", "--input", json.dumps({"contactId": contact_id})]),
    ]


def _imports(command: list[str], env: dict[str, str]) -> tuple[float, str, int]:
    """Total import time, the largest packages by self time, and the exit code of one traced run."""
    if command[0] == sys.executable:
        traced = [sys.executable, "-X", "importtime", *command[1:]]
    else:
        traced = [sys.executable, "-X", "importtime", "-m", "intercom", *command[1:]]
    done = subprocess.run(traced, capture_output=True, text=True, env=env)
    stderr = done.stderr
    by_package: Counter[str] = Counter()
    total = 0
    for self_us, cumulative_us, indent, name in _IMPORT_LINE.findall(stderr):
        by_package[name.split(".")[0]] += int(self_us)
        if len(indent) <= 1:  # a top-level import: its cumulative time counts once
            total += int(cumulative_us)
    top = ", ".join(f"{name} {us / 1000:.0f} ms" for name, us in by_package.most_common(5))
    return total / 1e6, top, done.returncode


def _fresh(env: dict[str, str], opts: Options) -> dict[str, str]:
    return {**env, "INTERCOM_CONNECTOR_HOME": tempfile.mkdtemp(dir=opts.work, prefix="home-")}


def run(opts: Options, base_url: str) -> Table:
    request = urllib.request.Request(f"{base_url}/contacts?per_page=1", headers=HEADERS)
    with urllib.request.urlopen(request, timeout=30) as answer:
        contact_id = json.load(answer)["data"][0]["id"]
    env = env_for(base_url, opts.work)
    commands = _commands(contact_id)
    seconds: dict[str, list[float]] = {label: [] for label, _ in commands}
    codes: dict[str, int] = {}
    traced: dict[str, tuple[float, str]] = {}
    for _ in range(0 if opts.quick else opts.reps + 1):  # round one fills the caches, uncounted
        for label, command in commands:
            started = time.perf_counter()
            done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env=_fresh(env, opts) if label == FIRST_VALIDATE else env)
            seconds[label].append(time.perf_counter() - started)
            codes[label] = done.returncode
    for label, command in commands:
        started = time.perf_counter()
        imported, top, codes[label] = _imports(command, _fresh(env, opts) if label == FIRST_VALIDATE else env)
        traced[label] = (imported, top)
        if opts.quick:  # one run each, and that one traced: a time to show, not to compare
            seconds[label] = [0.0, time.perf_counter() - started]
    bare = median(seconds[commands[0][0]][1:])
    how = ("With --quick, one traced run each (its times include the tracing)." if opts.quick
           else f"Medians of {opts.reps} runs, interleaved, after one uncounted round.")
    table = Table(
        "Cold start",
        f"{(__doc__ or '').split(chr(10), 1)[1].strip()} {how}",
        ["command", "median wall time", "against bare Python", "exit", "import time",
         "largest imports (self time by package)"],
    )
    for label, _ in commands:
        took = median(seconds[label][1:])
        imported, top = traced[label]
        table.rows.append([label, ms(took), times(took / bare), str(codes[label]), ms(imported), top])
        if "components" in label:
            table.targets.append(("`components --json`", "within 0.3 s", ms(took), took <= 0.3))
        if label == commands[2][0]:
            table.targets.append(("`validate`", "within 1 s", ms(took), took <= 1.0))
    if codes[commands[2][0]] != 0:
        table.notes.append("`validate` exited 1 in this run: it found problems in the manifests (its "
                           "time is that of the full check all the same).")
    return table
