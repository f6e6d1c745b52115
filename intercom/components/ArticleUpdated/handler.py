"""Article Updated: a help center article is edited."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Article Updated", when="when a help center article is edited",
                           topics=topics("article.updated"), item="article", out_label="Article")
start, stop, receive = component.handlers
