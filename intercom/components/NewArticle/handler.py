"""New Article: a help center article is created."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="New Article", when="when a help center article is created",
                           topics=topics("article.created"), item="article", out_label="Article")
start, stop, receive = component.handlers
