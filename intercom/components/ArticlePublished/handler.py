"""Article Published: a help center article is published."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("article.published"))
