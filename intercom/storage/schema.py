"""The store's tables, as numbered migrations the host applies when it opens a store.

Each migration runs once, in order, inside one transaction; ``schema_version`` records the
last one applied. On PostgreSQL an advisory lock makes instances that start together take
turns. A store written by a newer version is refused rather than guessed at.
"""

from __future__ import annotations

from .db import Database, StoreError, Tx

_TYPES = {
    "sqlite": {"serial": "INTEGER PRIMARY KEY AUTOINCREMENT", "real": "REAL"},
    "postgresql": {"serial": "BIGSERIAL PRIMARY KEY", "real": "DOUBLE PRECISION"},
}
_MIGRATE_LOCK = 0x1C7E_C0DE  # any constant: the advisory lock taken while migrating

MIGRATIONS: list[tuple[int, str]] = [
    (1, """
    CREATE TABLE IF NOT EXISTS state (
        scope TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (scope, key));
    CREATE TABLE IF NOT EXISTS seen (
        scope TEXT NOT NULL, key TEXT NOT NULL, at {real} NOT NULL, PRIMARY KEY (scope, key));
    CREATE INDEX IF NOT EXISTS seen_by_age ON seen (at);
    CREATE TABLE IF NOT EXISTS trigger_instances (
        id TEXT PRIMARY KEY, component TEXT NOT NULL, properties TEXT NOT NULL,
        connection_id TEXT NOT NULL, workspace_id TEXT, started_at {real} NOT NULL);
    CREATE TABLE IF NOT EXISTS listeners (
        instance_id TEXT NOT NULL, event TEXT NOT NULL, workspace_id TEXT NOT NULL,
        params TEXT NOT NULL, PRIMARY KEY (instance_id, event));
    CREATE INDEX IF NOT EXISTS listeners_by_route ON listeners (workspace_id, event);
    CREATE TABLE IF NOT EXISTS inbox (
        seq {serial}, key TEXT NOT NULL UNIQUE, topic TEXT NOT NULL, app_id TEXT NOT NULL,
        received_at {real} NOT NULL, routed INTEGER NOT NULL DEFAULT 0,
        done INTEGER NOT NULL DEFAULT 0, lease_owner TEXT, lease_until {real}, body TEXT);
    CREATE INDEX IF NOT EXISTS inbox_unrouted ON inbox (routed, seq);
    CREATE INDEX IF NOT EXISTS inbox_by_age ON inbox (done, received_at);
    CREATE TABLE IF NOT EXISTS delivery_stats (
        topic TEXT NOT NULL, outcome TEXT NOT NULL, count BIGINT NOT NULL, last_at {real} NOT NULL,
        PRIMARY KEY (topic, outcome));
    CREATE TABLE IF NOT EXISTS deliveries (
        seq {serial}, note_key TEXT NOT NULL, instance_id TEXT NOT NULL, topic TEXT NOT NULL,
        status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, due_at {real} NOT NULL,
        lease_owner TEXT, lease_until {real}, error TEXT, updated_at {real} NOT NULL,
        UNIQUE (note_key, instance_id));
    CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, due_at);
    CREATE INDEX IF NOT EXISTS deliveries_by_instance ON deliveries (instance_id, status);
    CREATE TABLE IF NOT EXISTS outbox (
        seq {serial}, message_key TEXT NOT NULL UNIQUE, instance_id TEXT NOT NULL,
        port TEXT NOT NULL, data TEXT NOT NULL, created_at {real} NOT NULL,
        lease_owner TEXT, lease_until {real});
    CREATE TABLE IF NOT EXISTS connections (
        id TEXT PRIMARY KEY, workspace_id TEXT, created_at {real} NOT NULL,
        version INTEGER NOT NULL DEFAULT 1, data TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS oauth_states (
        state TEXT PRIMARY KEY, expires_at {real} NOT NULL, data TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS leases (
        name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at {real} NOT NULL);
    CREATE TABLE IF NOT EXISTS rate_calls (resource TEXT NOT NULL, at {real} NOT NULL);
    CREATE INDEX IF NOT EXISTS rate_calls_by_resource ON rate_calls (resource, at);
    """),
    # Partial indexes: the rows waiting for routing, and the finished ones by age, are each a
    # small part of a full inbox; a finished row then costs one index less to delete.
    (2, """
    DROP INDEX IF EXISTS inbox_unrouted;
    CREATE INDEX IF NOT EXISTS inbox_waiting ON inbox (seq) WHERE routed = 0;
    DROP INDEX IF EXISTS inbox_by_age;
    CREATE INDEX IF NOT EXISTS inbox_done_by_age ON inbox (received_at) WHERE done = 1;
    """),
    # Claims take the due deliveries in the index's own order: with only (status, due_at), every
    # due row of a backlog was joined to its body and sorted to find the first fifty.
    (3, """
    DROP INDEX IF EXISTS deliveries_due;
    CREATE INDEX IF NOT EXISTS deliveries_due_in_order ON deliveries (status, due_at, seq);
    """),
]
LATEST = MIGRATIONS[-1][0]


def statements(sql: str, dialect: str) -> list[str]:
    text = sql.format(**_TYPES[dialect])
    return [s.strip() for s in text.split(";") if s.strip()]


async def _migrate(tx: Tx) -> int:
    if tx.dialect == "postgresql":
        await tx.execute("SELECT pg_advisory_xact_lock(?)", (_MIGRATE_LOCK,))
    await tx.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = await tx.fetchone("SELECT MAX(version) FROM schema_version")
    current = int(row[0]) if row and row[0] is not None else 0
    if current > LATEST:
        return current
    for version, sql in MIGRATIONS:
        if version > current:
            for statement in statements(sql, tx.dialect):
                await tx.execute(statement)
            await tx.execute("INSERT INTO schema_version (version) VALUES (?)", (version,))
    return current


async def migration(tx: Tx) -> None:
    """The migrations as a job (for a database that runs it on first use)."""
    if await _migrate(tx) > LATEST:
        raise StoreError(
            f"the store was written by a newer intercom-connector (this one knows schema {LATEST})"
        )


def migrate(db: Database) -> None:
    """Bring the store's tables up to date (blocking: done once, when a store is opened)."""
    found = db.run_sync(_migrate)
    if found > LATEST:
        raise StoreError(
            f"the store {db.name} was written by a newer intercom-connector (schema {found}, this "
            f"one knows {LATEST}); upgrade intercom-connector"
        )
