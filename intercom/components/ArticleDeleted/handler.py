"""Article Deleted: a help center article is deleted."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Article Deleted", when="when a help center article is deleted",
                           topics=topics("article.deleted"), item="article", out_label="Deleted article")
start, stop, receive = component.handlers
