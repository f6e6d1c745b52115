"""Which database the host uses, chosen by one setting, and one open database per process.

``INTERCOM_CONNECTOR_STORE`` unset: SQLite, the file ``store.db`` in the host's home (the
folder ``INTERCOM_CONNECTOR_HOME``, default ``~/.intercom-connector``). Set to a
``postgresql://`` URL: that PostgreSQL database, shared by every ``serve`` instance given it.
A path opens that SQLite file instead (tests and the demo keep their own).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from .db import Database
from .schema import migrate, migration
from .sqlite import MEMORY, SqliteDatabase

STORE_ENV = "INTERCOM_CONNECTOR_STORE"
HOME_ENV = "INTERCOM_CONNECTOR_HOME"
STORE_FILE = "store.db"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")

_open: dict[str, Database] = {}
_guard = threading.Lock()


def default_home() -> Path:
    return Path(os.environ.get(HOME_ENV) or Path.home() / ".intercom-connector")


def configured_store() -> str:
    """The setting's value, or the default SQLite file."""
    return os.environ.get(STORE_ENV, "").strip() or str(default_home() / STORE_FILE)


def is_postgres(location: str) -> bool:
    return location.startswith(POSTGRES_SCHEMES)


def database(source: Any = None) -> Database:
    """The open database for ``source``: a Database, anything with ``.db``, a path or URL, or
    None for the configured store. A file or URL is opened (and migrated) once per process."""
    if isinstance(source, Database):
        return source
    if isinstance(getattr(source, "db", None), Database):
        return source.db
    location = configured_store() if source is None else str(source)
    if location == MEMORY:
        # Private to its owner, and often never used (a Host's default state): its thread and
        # tables are made by the first call, not here.
        memory = SqliteDatabase(MEMORY)
        memory.first_job = migration
        return memory
    if location.startswith("sqlite:///"):
        location = location.removeprefix("sqlite://")
    key = location if is_postgres(location) else str(Path(location).expanduser().resolve())
    with _guard:
        db: Database | None = _open.get(key)
        if db is None or db.closed:
            if is_postgres(location):
                from .postgres import PostgresDatabase  # psycopg is needed only here

                db = PostgresDatabase(location)
            else:
                db = SqliteDatabase(Path(key))
            try:
                migrate(db)
            except BaseException:
                db.close()
                raise
            _open[key] = db
    return db


def close_all() -> None:
    """Close every database this process opened (tests; the process exit does it anyway)."""
    with _guard:
        for db in _open.values():
            db.close()
        _open.clear()
