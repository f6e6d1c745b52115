"""Outbound Content Interaction: a contact interacted with outbound content."""

from intercom.kit.triggers import choose, webhook_trigger
from intercom.webhooks.topics import CONTENT_TYPES

start, stop, receive = webhook_trigger(
    choose(
        "contentTypes",
        {kind: (f"content_stat.{kind}",) for kind in CONTENT_TYPES},
        default=list(CONTENT_TYPES),
    )
)
