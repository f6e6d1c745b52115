"""What the connector keeps: one store, SQLite under the home folder or a shared PostgreSQL.

``Store`` gathers the async interface: component state and seen keys (``StateStore``), running
triggers and their listeners (``ListenerRegistry``), deliveries and the outbox, connected
accounts (``Connections``; ``ConnectionStore`` blocks, for the CLI), leases (``context.lock``
and tick ownership) and shared rate windows. The webhook inbox (``intercom.webhooks``) and the
OAuth states (``intercom.server``) live in the same database. Nothing here imports the host,
the server or the CLI: they all build on these stores.
"""

from .connections import Connection, ConnectionKind, Connections, ConnectionStore, StaleConnectionError
from .db import Database, StoreError, Tx
from .engine import STORE_ENV, close_all, configured_store, database, default_home
from .files import FileStore
from .listeners import Listener, ListenerRegistry, TriggerInstance
from .sqlite import MEMORY, open_db
from .state import StateStore
from .store import Store

__all__ = [
    "MEMORY",
    "STORE_ENV",
    "Connection",
    "ConnectionKind",
    "ConnectionStore",
    "Connections",
    "Database",
    "FileStore",
    "Listener",
    "ListenerRegistry",
    "StaleConnectionError",
    "StateStore",
    "Store",
    "StoreError",
    "TriggerInstance",
    "Tx",
    "close_all",
    "configured_store",
    "database",
    "default_home",
    "open_db",
]
