"""Article Unpublished: a help center article is unpublished."""

from intercom.kit.trigger_specs import WebhookTrigger
from intercom.kit.triggers import topics

component = WebhookTrigger(label="Article Unpublished", when="when a help center article is unpublished",
                           topics=topics("article.unpublished"), item="article", out_label="Article")
start, stop, receive = component.handlers
