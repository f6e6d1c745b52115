"""Article Unpublished: a help center article is unpublished."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("article.unpublished"))
