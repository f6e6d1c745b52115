"""Article Deleted: a help center article is deleted."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("article.deleted"))
