"""The teammate an action is done as, when the user did not pick one.

Replies, notes, closing and assigning all need an ``admin_id``. A flow usually acts as the
admin who connected the account, so components put ``ACTING_ADMIN`` where the id goes and the
kit fills in the connection's admin (remembered from ``/me``), asking ``/me`` only when the
connection does not know it.
"""

from __future__ import annotations

from typing import Any

from ..client import IntercomClient


class _ActingAdmin:
    def __repr__(self) -> str:
        return "ACTING_ADMIN"


ACTING_ADMIN: Any = _ActingAdmin()


def admin_or_acting(value: Any) -> Any:
    """The admin id the user gave, else the acting-admin placeholder."""
    return str(value) if value not in (None, "") else ACTING_ADMIN


def _has_acting(body: Any) -> bool:
    return isinstance(body, dict) and any(v is ACTING_ADMIN or _has_acting(v) for v in body.values())


def _filled(body: dict[str, Any], admin_id: str) -> dict[str, Any]:
    return {k: admin_id if v is ACTING_ADMIN else _filled(v, admin_id) if isinstance(v, dict) else v
            for k, v in body.items()}


async def acting_admin_id(context: Any, intercom: IntercomClient) -> str:
    """The connection's teammate: remembered at connect time, else asked of ``/me``."""
    admin_id = (context.auth or {}).get("adminId")
    if not admin_id:
        me = await intercom.get("/me")
        admin_id = (me or {}).get("id")
    if not admin_id:
        raise context.CancelError("admin_id: pick the teammate to act as; the connection names none")
    return str(admin_id)


async def resolve_acting_admin(body: Any, context: Any, intercom: IntercomClient) -> Any:
    """``body`` with every ACTING_ADMIN (also inside nested objects, e.g. a ticket's
    ``assignment``) replaced by the connection's teammate."""
    if not _has_acting(body):
        return body
    return _filled(body, await acting_admin_id(context, intercom))
