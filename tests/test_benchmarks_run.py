"""`python -m benchmarks --quick` runs every figure and writes the document with each table.

Only that it runs: a benchmark is not a test, so no figure's value is checked here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Every table the document must hold, by its heading (the quick run's sizes appear in some).
HEADINGS = (
    "## Machine",
    "## Targets",
    "## Requests per full listing over 150 seeded records",
    "## Listing throughput: 150 contacts",
    "## Single actions",
    "## Peak memory: ListContacts of 150 and 1,500 contacts",
    "## Rate limits",
    "## Webhook intake",
    "## Cold start",
    "## The sandbox: time per page against the store's size",
)
# A hang guard, not a timing: the quick run takes about 20 s on two idle cores, 45 s on two busy ones.
TIMEOUT_SECONDS = 90


def test_quick_run_writes_every_table(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    env = {**os.environ, "INTERCOM_CONNECTOR_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--quick", "--out", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    missing = [heading for heading in HEADINGS if f"\n{heading}\n" not in text]
    assert not missing, f"the document lacks {missing}"
    assert "Command: `python -m benchmarks --quick --out " in text
