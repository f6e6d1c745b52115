"""What passed a pure check before, kept between runs, so `validate` checks only what changed.

A JSON Schema check is a function of the document and the checker alone: a document whose
canonical JSON is unchanged, checked by the same checker (the salt names its version and
rules), passes again. Only passes are kept, never failures, so a problem is always found and
reported afresh. The file lives under the connector's home (``INTERCOM_CONNECTOR_HOME``) when
one is set, else in the user's cache folder; a cache that cannot be read or written only
makes the check run.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

HOME_ENV = "INTERCOM_CONNECTOR_HOME"  # the same setting as intercom.storage.default_home
MAX_ENTRIES = 20_000


def cache_dir() -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        return Path(home) / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "intercom-connector"


def digest(document: Any) -> str | None:
    try:
        text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):  # not JSON: never cached
        return None
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Passed:
    """Digests of documents that passed the check named by ``salt``."""

    def __init__(self, salt: str) -> None:
        self._file = cache_dir() / f"passed-{hashlib.sha256(salt.encode()).hexdigest()[:16]}.json"
        try:
            self._known: set[str] = set(json.loads(self._file.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            self._known = set()
        self._added = False
        self._used: set[str] = set()

    def __contains__(self, key: str | None) -> bool:
        if key is None or key not in self._known:
            return False
        self._used.add(key)
        return True

    def add(self, key: str | None) -> None:
        if key is not None and key not in self._known:
            self._known.add(key)
            self._used.add(key)
            self._added = True

    def save(self) -> None:
        if not self._added:
            return
        if len(self._known) > MAX_ENTRIES:  # old versions of the documents pile up: keep this run's
            self._known = set(self._used)
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", dir=self._file.parent, delete=False, suffix=".tmp",
                                             encoding="utf-8") as out:
                json.dump(sorted(self._known), out)
            os.replace(out.name, self._file)  # whole or not at all, whoever else writes it
            self._added = False
        except OSError:
            pass
