"""Send Message: POST /messages, a teammate's in-app or email message to one contact.

Intercom's 2.10 message takes the contact's Intercom ID; given an email or external ID instead,
the contact is looked up first (POST /contacts/search), and one nobody has goes to Not found.
"""

from typing import Any

from intercom.client import IntercomClient
from intercom.kit import Action, choice, item_port, teammate, text, textarea, toggle
from intercom.kit.admins import acting_admin_id
from intercom.kit.common import CONTACT_IDENTIFIERS, contact_identifiers, first_of
from intercom.kit.declare import input_message

EMAIL = {"eq": {"./messageType": "email"}}


async def _recipient(intercom: IntercomClient, v: dict[str, Any]) -> dict[str, Any] | None:
    if "contactId" in v:
        return {"type": v.get("contactRole") or "user", "id": v["contactId"]}
    by_email = "contactEmail" in v
    query = {"field": "email" if by_email else "external_id", "operator": "=",
             "value": v["contactEmail" if by_email else "contactExternalId"]}
    found = await intercom.post("/contacts/search", {"query": query, "pagination": {"per_page": 5}})
    contacts = [c for c in (found or {}).get("data") or [] if isinstance(c, dict) and c.get("id")]
    if not contacts:
        return None
    contact = next((c for c in contacts if c.get("role") == "user"), contacts[0])  # a user over a lead
    return {"type": "lead" if contact.get("role") == "lead" else "user", "id": str(contact["id"])}


async def send(context: Any, intercom: IntercomClient, v: dict[str, Any]) -> Any:
    to = await _recipient(intercom, v)
    if to is None:
        await context.send_json(input_message(context), "notFound")
        return None
    sender = str(v.get("adminId") or await acting_admin_id(context, intercom))
    body: dict[str, Any] = {
        "message_type": v["messageType"], "body": v["body"],
        # The 2.10 description types the sender's id as a number, unlike every other admin id.
        "from": {"type": "admin", "id": int(sender) if sender.isdigit() else sender}, "to": to,
    }
    if v["messageType"] == "email":
        body.update(subject=v["subject"], template=v.get("template", "plain"))
    if v.get("createConversation"):
        body["create_conversation_without_contact_reply"] = True
    return await intercom.post("/messages", body)


component = Action(
    label="Send Message",
    module="messages",
    description=(
        "Sends a contact a message from a teammate: in the Messenger (in-app) or by email, with a "
        "subject and template. The contact is named by Intercom ID, email or external ID (looked up "
        "first; a contact created a moment ago may not be found yet). No conversation exists until "
        "the contact replies, unless you ask for one."
    ),
    inputs=[
        choice("messageType", "Send as", "In the Messenger, or as an email.",
               [("in_app", "In-app message"), ("email", "Email")], default="in_app"),
        *contact_identifiers("receives the message"),
        choice("contactRole", "Contact role", "With a Contact ID: whether that contact is a user or a lead.",
               [("user", "User"), ("lead", "Lead")], default="user"),
        text("subject", "Subject", "The email's subject line (emails only).", min_length=1, max_length=255,
             when=EMAIL),
        choice("template", "Email template", "Plain looks like a plain email; personal adds the teammate's "
               "name and picture.", [("plain", "Plain"), ("personal", "Personal")], default="plain",
               when=EMAIL),
        textarea("body", "Message", "The message; simple HTML is kept.", max_length=65535, not_blank=True,
                 required=True),
        teammate(tooltip="Who the message is from. Left empty: the teammate who connected the account."),
        toggle("createConversation", "Start a conversation now", "On: Intercom opens a conversation at once "
               "instead of when the contact replies; the answer then carries its ID."),
    ],
    in_schema={"allOf": [
        first_of(*CONTACT_IDENTIFIERS),
        {"if": {"required": ["messageType"], "properties": {"messageType": {"const": "email"}}},
         "then": {"required": ["subject"]}},
    ]},
    run=send,
    out=item_port("Message", "message"),
    not_found="Contact not found",
)
receive = component.receive
