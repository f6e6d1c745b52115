"""The service configuration ``acme:intercom`` (clientId, clientSecret and tunables).

An Appmixer admin keeps it in the Backoffice; our host reads a JSON file keyed by service id,
``{"acme:intercom": {"clientId": "...", "clientSecret": "..."}}``, from ``--config`` or
INTERCOM_CONNECTOR_CONFIG, and ACME_INTERCOM_CLIENT_ID / ACME_INTERCOM_CLIENT_SECRET override it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .client import InputError

SERVICE_ID = "acme:intercom"
CONFIG_ENV = "INTERCOM_CONNECTOR_CONFIG"
ENV_OVERRIDES = {
    "clientId": "ACME_INTERCOM_CLIENT_ID",
    "clientSecret": "ACME_INTERCOM_CLIENT_SECRET",
}


def config_path(path: str | Path | None = None) -> Path | None:
    chosen = path or os.environ.get(CONFIG_ENV)
    return Path(chosen) if chosen else None


def load_service_config(path: str | Path | None = None) -> dict[str, Any]:
    """The ``acme:intercom`` configuration: file values, then environment overrides."""
    values: dict[str, Any] = {}
    file = config_path(path)
    if file is not None:
        try:
            raw = json.loads(file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError("config", f"the configuration file {file} does not exist") from None
        except json.JSONDecodeError as exc:
            raise InputError("config", f"{file} is not valid JSON: {exc.msg} (line {exc.lineno})") from None
        section = raw.get(SERVICE_ID, {}) if isinstance(raw, dict) else {}
        if not isinstance(section, dict):
            raise InputError("config", f"{file}: the {SERVICE_ID!r} entry must be an object")
        values.update(section)
    for key, env in ENV_OVERRIDES.items():
        if os.environ.get(env):
            values[key] = os.environ[env]
    return values


def require(config: dict[str, Any], key: str) -> str:
    """A configuration value that must be there, or an error naming the key and where to set it."""
    value = config.get(key)
    if not value:
        env = ENV_OVERRIDES.get(key)
        where = f" or the environment variable {env}" if env else ""
        raise InputError(
            key,
            f"is not set: add it to the {SERVICE_ID!r} service configuration "
            f"(the JSON file named by --config or {CONFIG_ENV}){where}",
        )
    return str(value)
