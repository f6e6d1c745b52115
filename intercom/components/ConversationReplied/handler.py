"""Conversation Replied: someone replies in a conversation (the customer, a teammate, or either)."""

from intercom.kit.trigger_specs import WebhookTrigger, replied_by

component = WebhookTrigger(
    label="Conversation Replied",
    when="when someone replies in a conversation (the customer, a teammate, or either)",
    note="Each reply is its own event: two replies in one conversation start the flow twice. "
         "Bot (Fin) replies send no webhook on API 2.10.",
    topics=replied_by("conversation", contact=("conversation.user.replied",),
                      admin=("conversation.admin.replied",)),
    item="conversation", out_label="Conversation",
)
start, stop, receive = component.handlers
