"""Opening the host's SQLite files: one place for where they live, who may read them and their schema."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

MEMORY = ":memory:"


def open_db(path: Path | str, schema: str, *, private: bool = False) -> sqlite3.Connection:
    """Connect to ``path`` (created with its folder when missing) and apply ``schema``.

    ``private`` files hold secrets: they are created readable by their owner alone before
    anything is written to them. Connections are shared across the host's threads (uvicorn and
    the sandbox run beside the CLI's loop), and a writer waits up to 10 s for another's lock.
    """
    if str(path) != MEMORY:
        file = Path(path)
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700 if private else 0o777)
        if private:
            if not file.exists():
                os.close(os.open(file, os.O_CREAT | os.O_WRONLY, 0o600))
            os.chmod(file, 0o600)
    db = sqlite3.connect(str(path), check_same_thread=False, timeout=10)
    db.executescript(schema)
    db.commit()
    return db
