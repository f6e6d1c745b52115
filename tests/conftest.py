from __future__ import annotations

from collections.abc import Iterator

import pytest
import respx

from intercom.host import Bundle, Host, StateStore
from tests.replay import BASE_URL, TOKEN


@pytest.fixture(autouse=True)
def _no_env_leaks(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never inherit a token, host or store from the machine, nor write to the user's home."""
    for name in ("INTERCOM_ACCESS_TOKEN", "INTERCOM_BASE_URL", "INTERCOM_APP_URL", "INTERCOM_CONNECTOR_CONFIG",
                 "ACME_INTERCOM_CLIENT_ID", "ACME_INTERCOM_CLIENT_SECRET"):
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
