"""Reply to Conversation: POST /conversations/{id}/reply, as a teammate or as the contact."""

from intercom.client import endpoint
from intercom.kit import (
    Action,
    Call,
    admin_or_acting,
    choice,
    contact_id,
    conversation_id,
    item_port,
    string_list,
    teammate,
    text,
    textarea,
)

AS_CONTACT = {"eq": {"./replyAs": "contact"}}
AS_ADMIN = {"eq": {"./replyAs": "admin"}}
# Intercom names the contact's identifier differently from our inputs.
CONTACT_KEYS = {"contactId": "intercom_user_id", "contactEmail": "email", "contactExternalId": "user_id"}


def build(v: dict) -> Call:
    text_part = {k: v[ours] for ours, k in (("body", "body"), ("attachmentUrls", "attachment_urls")) if ours in v}
    if v.get("replyAs") == "contact":
        who = {api: v[ours] for ours, api in CONTACT_KEYS.items() if ours in v}
        body = {"message_type": "comment", "type": "user", **who, **text_part}
    else:
        body = {"message_type": v.get("messageType", "comment"), "type": "admin",
                "admin_id": admin_or_acting(v.get("adminId")), **text_part}
    return Call("POST", endpoint("/conversations/{id}/reply", id=v["conversationId"]), json=body)


def _only(key: str) -> dict:
    others = [k for k in CONTACT_KEYS if k != key]
    return {"required": [key], "not": {"anyOf": [{"required": [k]} for k in others]}}


component = Action(
    label="Reply to Conversation",
    module="conversations",
    description=(
        "Adds a reply to a conversation: a message or an internal note from a teammate, or a message "
        "from the contact. The answer is the updated conversation."
    ),
    inputs=[
        conversation_id(
            tooltip="The conversation to reply to, e.g. the conversation ID output of Create Conversation. "
                    "For a contact's reply, 'last' means their most recent conversation.",
            pattern="^([0-9]{1,20}|last)$", what="a conversation ID (digits), or 'last' for the contact's "
            "latest conversation", required=True,
        ),
        choice("replyAs", "Reply as", "Who writes the reply: a teammate, or the contact themself.",
               [("admin", "A teammate"), ("contact", "The contact")], default="admin"),
        choice("messageType", "Kind", "A message is seen by the contact; a note only by teammates.",
               [("comment", "Message"), ("note", "Internal note")], default="comment", when=AS_ADMIN),
        teammate(tooltip="Who the reply is from. Left empty: the teammate who connected the account.",
                 when=AS_ADMIN),
        contact_id(tooltip="For a contact's reply: give exactly one of Contact ID, Contact email or "
                           "External ID.", when=AS_CONTACT),
        text("contactEmail", "Contact email", "For a contact's reply: the contact's email address.",
             format="email", max_length=254, when=AS_CONTACT),
        text("contactExternalId", "External ID", "For a contact's reply: your own ID of the contact.",
             min_length=1, max_length=255, when=AS_CONTACT),
        textarea("body", "Text", "The reply's text. Notes accept simple HTML.", max_length=65535,
                 not_blank=True, required=True),
        string_list("attachmentUrls", "Image attachments", "Up to 10 links to images, one per line.",
                    item={"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": 2048},
                    max_items=10),
    ],
    in_schema={
        "if": {"required": ["replyAs"], "properties": {"replyAs": {"const": "contact"}}},
        "then": {
            "properties": {"messageType": {"const": "comment",
                                           "description": "contacts can only send messages, not notes"}},
            "oneOf": [_only(k) for k in CONTACT_KEYS],
        },
    },
    build=build,
    out=item_port("Conversation", "conversation"),
    not_found="Conversation not found",
)
receive = component.receive
