"""Transformers for dropdowns filled from the account (Appmixer's ``source.data.transform``)."""

from __future__ import annotations

from typing import Any


def _body(out: Any) -> Any:
    return out.get("body", out) if isinstance(out, dict) else out


def admins_to_options(out: Any) -> list[dict[str, Any]]:
    """GET /admins, as returned by MakeApiCall, to select options (value: the admin id)."""
    admins = (_body(out) or {}).get("admins") or []
    return [{"label": _admin_label(a), "value": str(a["id"])} for a in admins if a.get("id") is not None]


def _admin_label(admin: dict[str, Any]) -> str:
    name, email = admin.get("name"), admin.get("email")
    return f"{name} ({email})" if name and email else str(name or email or admin["id"])
