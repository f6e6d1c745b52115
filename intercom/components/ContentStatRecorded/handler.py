"""Outbound Content Interaction: a contact interacted with outbound content."""

from intercom.kit.inputs import choice
from intercom.kit.trigger_specs import WebhookTrigger, chosen_by
from intercom.webhooks.topics import CONTENT_TYPES

CONTENT = choice(
    "contentTypes", "Content types", "The kinds of outbound content whose interactions start the flow.",
    [(kind, kind.replace("_", " ").replace(".", " ").capitalize()) for kind in CONTENT_TYPES],
    multiple=True, default=list(CONTENT_TYPES),
)

component = WebhookTrigger(
    label="Outbound Content Interaction",
    when="when a contact interacts with outbound content (an email opened, a tour finished, a survey "
         "answered, ...), for the content types chosen",
    note="The topics are `content_stat.<type>`, one per content type; the app needs the Read content data "
         "permission. These are sent in large numbers: choose only the types you need.",
    topics=chosen_by(CONTENT, {kind: (f"content_stat.{kind}",) for kind in CONTENT_TYPES}),
    item="notification_item", out_label="Interaction",
)
start, stop, receive = component.handlers
