"""Article Updated: a help center article is edited."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("article.updated"))
