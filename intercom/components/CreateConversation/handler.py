"""Create Conversation: POST /conversations, written by a contact (Intercom allows no other author)."""

from intercom.kit import Action, choice, contact_id, item_port, textarea
from intercom.kit.common import attachment_urls

component = Action(
    label="Create Conversation",
    module="conversations",
    description=(
        "Starts a conversation in the name of a contact, as if they had written in through the "
        "Messenger. Intercom only lets contacts start conversations this way; to write to a contact as "
        "a teammate, send a message instead. The answer carries the new conversation's ID."
    ),
    call=("POST", "/conversations"),
    inputs=[
        contact_id(tooltip="The Intercom ID of the contact who writes in, e.g. the ID output of Create "
                           "Contact or Get Contact.", required=True, api="body.from.id"),
        choice("contactType", "Contact role", "Whether that contact is a user or a lead; 'contact' lets "
               "Intercom work it out.",
               [("user", "User"), ("lead", "Lead"), ("contact", "Either (let Intercom decide)")],
               default="user", api="body.from.type"),
        textarea("body", "Message", "The contact's first message, as plain text (Intercom does not accept "
                 "HTML here).", max_length=65535, not_blank=True, required=True),
        attachment_urls(),
    ],
    out=item_port("Message", "message"),
    not_found="Contact not found",
)
receive = component.receive
