"""Contact Archived: a contact is archived."""

from intercom.kit.triggers import topics, webhook_trigger

start, stop, receive = webhook_trigger(topics("contact.archived"))
