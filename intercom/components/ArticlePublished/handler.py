"""Article Published: a help center article is published."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Article Published", when="when a help center article is published",
                           topics=topics("article.published"), item="article", out_label="Article")
start, stop, receive = component.handlers
