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


async def resolve_acting_admin(body: Any, context: Any, intercom: IntercomClient) -> Any:
    if not isinstance(body, dict) or not any(v is ACTING_ADMIN for v in body.values()):
        return body
    admin_id = (context.auth or {}).get("adminId")
    if not admin_id:
        me = await intercom.get("/me")
        admin_id = (me or {}).get("id")
    if not admin_id:
        raise context.CancelError("admin_id: pick the teammate to act as; the connection names none")
    return {k: (str(admin_id) if v is ACTING_ADMIN else v) for k, v in body.items()}
