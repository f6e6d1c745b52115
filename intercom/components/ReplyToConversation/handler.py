"""Reply to Conversation: POST /conversations/{id}/reply, as a teammate or as the contact."""

from typing import Any

from intercom.client import endpoint
from intercom.kit import Call, action, admin_or_acting, pick

# Intercom names the contact's identifier differently from our inputs.
CONTACT_KEYS = {"contactId": "intercom_user_id", "contactEmail": "email", "contactExternalId": "user_id"}


def build(data: dict[str, Any]) -> Call:
    text = pick(data, "body", "attachment_urls")
    if data.get("replyAs") == "contact":
        who = {api: data[ours] for ours, api in CONTACT_KEYS.items() if data.get(ours)}
        body = {"message_type": "comment", "type": "user", **who, **text}
    else:
        body = {"message_type": data.get("messageType") or "comment", "type": "admin",
                "admin_id": admin_or_acting(data.get("adminId")), **text}
    return Call("POST", endpoint("/conversations/{id}/reply", id=data["conversationId"]), json=body)


receive = action(build, not_found_port="notFound")
