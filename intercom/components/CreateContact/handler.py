"""Create Contact: POST /contacts with only the fields the user filled in."""

from typing import Any

from intercom.kit import Call, action, pick, unix_seconds


def build(data: dict[str, Any]) -> Call:
    body = pick(
        data, "role", "email", "external_id", "name", "phone", "avatar",
        "unsubscribed_from_emails", "custom_attributes",
    )
    if data.get("owner_id") not in (None, ""):
        body["owner_id"] = int(data["owner_id"])  # the teammate dropdown gives the id as text
    for field in ("signed_up_at", "last_seen_at"):
        if (when := unix_seconds(data.get(field), field)) is not None:
            body[field] = when
    return Call("POST", "/contacts", json=body)


receive = action(build)
