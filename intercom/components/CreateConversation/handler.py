"""Create Conversation: POST /conversations, written by a contact (Intercom allows no other author)."""

from typing import Any

from intercom.kit import Call, action, pick


def build(data: dict[str, Any]) -> Call:
    author = {"type": data.get("contactType") or "user", "id": data["contactId"]}
    return Call("POST", "/conversations", json={"from": author, **pick(data, "body", "attachment_urls")})


receive = action(build, not_found_port="notFound")
