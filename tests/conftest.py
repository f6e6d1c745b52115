from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import quote

import pytest
import respx

from intercom.host import Bundle, Host
from intercom.storage import StateStore, Store, close_all
from tests.replay import BASE_URL, TOKEN


@pytest.fixture(autouse=True)
def _no_env_leaks(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never inherit a token, host or store from the machine, nor write to the user's home."""
    for name in ("INTERCOM_ACCESS_TOKEN", "INTERCOM_BASE_URL", "INTERCOM_APP_URL", "INTERCOM_CONNECTOR_CONFIG",
                 "ACME_INTERCOM_CLIENT_ID", "ACME_INTERCOM_CLIENT_SECRET", "INTERCOM_CONNECTOR_STORE",
                 "INTERCOM_CONNECTOR_STORE_KEY", "INTERCOM_CONNECTOR_LEASE_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INTERCOM_CONNECTOR_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    return Bundle.load()


@pytest.fixture
def host(bundle: Bundle) -> Host:
    return Host(bundle, connection={"accessToken": TOKEN}, state=StateStore.in_memory())


@pytest.fixture
def intercom_api() -> Iterator[respx.MockRouter]:
    """Strict respx router on Intercom's US host: unmocked or unused routes fail the test."""
    with respx.mock(base_url=BASE_URL, assert_all_called=True, assert_all_mocked=True) as router:
        yield router


# -- stores: every storage test runs on SQLite, and on PostgreSQL when one is given ----------

POSTGRES_ENV = "INTERCOM_TEST_POSTGRES"
# Any valid Fernet key: PostgreSQL stores encrypt connections and refuse to start without one.
TEST_STORE_KEY = "mAUvAfzR4M9v7ydOSYxa3uhBEr6XtsV8bAsJYQfDvm0="


def postgres_location(schema: str) -> str:
    """A fresh schema on the test server, as the store URL that works in it."""
    import psycopg

    dsn = os.environ[POSTGRES_ENV]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in dsn else "?"
    return f"{dsn}{sep}options={quote(f'-csearch_path={schema}')}"


def drop_postgres_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(os.environ[POSTGRES_ENV], autocommit=True) as conn:
        # A store closed while one of its transactions was in flight can leave that session idle in
        # its transaction, holding locks on the schema; end such sessions so the drop cannot hang.
        conn.execute("SET lock_timeout = '10s'")
        for _ in range(3):
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid() AND state = 'idle in transaction'"
                " AND state_change < now() - interval '2 seconds'"
            )
            try:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
                return
            except psycopg.errors.LockNotAvailable:
                continue


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Where a test's store lives: a SQLite file, or a schema of the PostgreSQL in $INTERCOM_TEST_POSTGRES."""
    monkeypatch.setenv("INTERCOM_CONNECTOR_STORE_KEY", TEST_STORE_KEY)
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("store") / "store.db")
        close_all()
        return
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"no PostgreSQL to test against: set {POSTGRES_ENV}=postgresql://... (.ci/run starts one)")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    yield postgres_location(schema)
    close_all()
    drop_postgres_schema(schema)


@pytest.fixture
def store(store_location: str) -> Iterator[Store]:
    opened = Store(store_location)
    yield opened
    opened.close()
