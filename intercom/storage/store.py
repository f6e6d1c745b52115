"""The one storage interface the host builds on: every table it keeps, in one database.

``Store()`` opens the configured store (``INTERCOM_CONNECTOR_STORE``; SQLite under the home
folder by default), ``Store(path_or_url)`` a given one, ``Store.in_memory()`` a private one.
Components never see it: they see the Context, which reads and writes through it.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from .connections import Connections
from .db import Database
from .deliveries import DeliveryQueue
from .engine import database
from .leases import Leases
from .listeners import ListenerRegistry
from .outbox import Outbox
from .rates import RateWindows
from .sqlite import MEMORY
from .state import StateStore


class Store:
    def __init__(self, source: Any = None) -> None:
        self.db: Database = database(source)
        self.state = StateStore(self.db)
        self.listeners = ListenerRegistry(self.db)
        self.deliveries = DeliveryQueue(self.db)
        self.outbox = Outbox(self.db)
        self.leases = Leases(self.db)
        self.rates = RateWindows(self.db)

    @classmethod
    def in_memory(cls) -> Store:
        return cls(MEMORY)

    @cached_property
    def connections(self) -> Connections:
        # Opened on first use: on PostgreSQL it needs the encryption key, which only
        # commands that read or write accounts must have.
        return Connections(self.db)

    @property
    def name(self) -> str:
        return self.db.name

    def close(self) -> None:
        self.db.close()
