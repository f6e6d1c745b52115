"""The official SDK's venv (python-intercom installs a package named ``intercom``, so never here).

A venv kept under ~/.cache (or ``--sdk-venv DIR``) is made and filled from PyPI once, then
reused; ``sdk_child.py`` runs in it with ``-I``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

DEFAULT_VENV = Path.home() / ".cache" / "intercom-connector-bench" / "sdk-venv"
REQUIREMENT = "python-intercom"
CHILD = Path(__file__).with_name("sdk_child.py")


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def has_sdk(python: Path) -> bool:
    probe = [str(python), "-I", "-c", "import intercom.client, httpx"]
    return python.exists() and subprocess.run(probe, capture_output=True).returncode == 0


def prepare(venv: Path, *, install: bool) -> tuple[Path | None, str]:
    """The venv's interpreter and the SDK's version, or None and why it is not there."""
    python = venv_python(venv)
    if not has_sdk(python):
        if not install:
            return None, f"no SDK in {venv}; run without --quick (needs PyPI once) or pass --sdk"
        print(f"installing {REQUIREMENT} into {venv} (once) ...", file=sys.stderr, flush=True)
        try:
            if not python.exists():
                subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                            REQUIREMENT], check=True)
        except subprocess.CalledProcessError as exc:
            return None, f"installing {REQUIREMENT} failed ({exc}); the SDK columns are empty"
    ask = "from importlib.metadata import version; print(version('python-intercom'))"
    version = subprocess.run([str(python), "-I", "-c", ask], capture_output=True, text=True).stdout.strip()
    return python, version


def run(python: Path, job: dict[str, Any], timeout: float = 900) -> dict[str, Any]:
    env = {"NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([str(python), "-I", str(CHILD), json.dumps(job)], capture_output=True,
                          text=True, timeout=timeout, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"the SDK's run failed: {done.stderr.strip()[-500:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
